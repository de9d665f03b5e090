"""A run over an input folder: plan what changed, process it, and write the new tables.

Unchanged files (same size and mtime, or same content hash) keep their rows; new and changed files are
processed; rows of deleted files are dropped. Rows are always in source_path order, so a run gives the same
tables whatever the number of workers, the engine, or the history of earlier runs.
"""

from __future__ import annotations

import hashlib
import logging
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import pyarrow as pa

from pipeline import __version__
from pipeline.run.executor import Job, run_jobs
from pipeline.run.document import discover
from pipeline.output.rows import ROWS_SCHEME, Rows
from pipeline.output.store import NAMES, Generation, Lock, clean_stale, old_rows, read_manifest

__all__ = ["default_workers", "Options", "plan", "Progress", "rules_hash", "Summary", "update"]

log = logging.getLogger("pipeline")


@dataclass(frozen=True, slots=True)
class Options:
    """How a run goes: the model, the engine (workers or a Dask address), --force and the limits."""

    model: str | None = None
    workers: int = 1
    dask: str | None = None
    force: bool = False
    max_bytes: int = 50 * 1024 * 1024
    time_limit: float = 300.0


@dataclass(slots=True)
class Summary:
    """What a run did: files processed, unchanged and removed, rows written, errors."""

    processed: int = 0
    unchanged: int = 0
    removed: int = 0
    documents: int = 0
    quantities: int = 0
    errors: list[dict[str, Any]] = field(default_factory=list)


def rules_hash(model: str | None) -> str:
    """Changes when the rules, the model or the rows' scheme do: then every file is processed again."""
    h = hashlib.sha256(f"{__version__}|{model}|{ROWS_SCHEME}".encode())
    data = resources.files("pipeline.lexicon.data")
    for name in sorted(p.name for p in data.iterdir() if p.name.endswith(".json")):
        h.update(name.encode() + data.joinpath(name).read_bytes())
    return h.hexdigest()[:16]


def _file_state(path: Path) -> dict[str, Any]:
    st = path.stat()
    return {"size": st.st_size, "mtime_ns": st.st_mtime_ns}


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def plan(files: Iterable[tuple[Path, str]], manifest: dict[str, Any], rules: str, force: bool,
         ) -> tuple[set[str], dict[str, dict[str, Any]]]:
    """Sources to process, and the manifest entries of all current files."""
    previous = manifest.get("files", {}) if manifest.get("rules") == rules and not force else {}
    todo: set[str] = set()
    entries: dict[str, dict[str, Any]] = {}
    for path, source in files:
        try:
            state = _file_state(path)
        except OSError:
            todo.add(source)
            continue
        old = previous.get(source)
        if old and old.get("status") == "ok" and "size" in old:
            if old["size"] == state["size"] and old["mtime_ns"] == state["mtime_ns"]:
                entries[source] = old
                continue
            try:
                if old["size"] == state["size"] and _sha256(path) == old["sha256"]:
                    entries[source] = {**old, **state}
                    continue
            except OSError:
                pass
        todo.add(source)
    return todo, entries


Progress = Callable[[int, int], None]


def update(input_path: Path, out_dir: Path, options: Options,
           on_error: Callable[[dict[str, Any]], None] | None = None, on_progress: Progress | None = None) -> Summary:
    """Bring the tables in `out_dir` up to date with `input_path`: new or changed files processed, deleted ones
    removed."""
    out_dir.mkdir(parents=True, exist_ok=True)
    with Lock(out_dir):
        clean_stale(out_dir)
        return _update(input_path, out_dir, options, on_error, on_progress)


def _locator(input_path: Path) -> Callable[[str], Path]:
    """The file of a source path: a folder's files are listed relative to it, a single file by its name."""
    if input_path.is_dir():
        return lambda source: input_path / source
    return lambda source: input_path


def _update(input_path: Path, out_dir: Path, options: Options,
            on_error: Callable[[dict[str, Any]], None] | None, on_progress: Progress | None) -> Summary:
    sources = [source for _, source in discover(input_path)]  # paths are made again when needed: less memory
    where = _locator(input_path)
    manifest = read_manifest(out_dir)
    rules = rules_hash(options.model)
    todo, entries = plan(((where(s), s) for s in sources), manifest, rules, options.force)
    removed = len(set(manifest.get("files", {})) - set(sources)) if manifest.get("rules") == rules else 0
    summary = Summary(processed=len(todo), unchanged=len(sources) - len(todo), removed=removed)
    if manifest and not todo and not removed:
        summary.documents = manifest.get("documents", 0)
        summary.quantities = manifest.get("quantities", 0)
        return summary  # nothing changed: the current tables stand
    jobs = (Job(str(where(s).absolute()), s, options.max_bytes, options.time_limit) for s in sources if s in todo)
    results = run_jobs(jobs, options.model, options.workers, options.dask)
    gen = Generation(out_dir)
    try:
        _write(gen, out_dir, sources, todo, results, entries, where, summary, on_error, on_progress)
        gen.commit({"rules": rules, "pipeline_version": __version__, "files": entries,
                    "documents": summary.documents, "quantities": summary.quantities})
    except BaseException:
        gen.abandon()
        raise
    return summary


class _OldTable:
    """Walks the current table's rows by source_path, in step with the sorted list of sources."""

    def __init__(self, out_dir: Path, name: str) -> None:
        self.rows: Iterator[tuple[str, pa.RecordBatch]] = old_rows(out_dir, name)
        self.head: tuple[str, pa.RecordBatch] | None = next(self.rows, None)

    def take(self, source: str) -> list[pa.RecordBatch]:
        out = []
        while self.head is not None and self.head[0] <= source:
            if self.head[0] == source:
                out.append(self.head[1])
            self.head = next(self.rows, None)
        return out


def _write(gen: Generation, out_dir: Path, sources: list[str], todo: set[str], results: Iterator[Rows],
           entries: dict[str, dict[str, Any]], where: Callable[[str], Path], summary: Summary,
           on_error: Callable[[dict[str, Any]], None] | None, on_progress: Progress | None) -> None:
    old = {name: _OldTable(out_dir, name) for name in NAMES}
    done = 0
    for source in sources:
        if source in todo:
            tables = next(results)
            done += 1
            if on_progress:
                on_progress(done, len(todo))
            for name in NAMES:
                gen.writers[name].add(getattr(tables, name))
            if tables.errors:
                entries[source] = {"status": "error"}
            for err in tables.errors:
                summary.errors.append(err)
                if on_error:
                    on_error(err)
            summary.documents += len(tables.documents)
            summary.quantities += len(tables.quantities)
            if tables.documents:
                try:
                    state = _file_state(where(source))
                except OSError:
                    continue
                entries[source] = {"sha256": tables.documents[0]["content_sha256"], "status": "ok", **state}
            continue
        for name in NAMES:
            for batch in old[name].take(source):
                gen.writers[name].add_batch(batch)
                if name == "documents":
                    summary.documents += batch.num_rows
                elif name == "quantities":
                    summary.quantities += batch.num_rows
    log.debug("wrote generation %s", gen.path.name)


def default_workers() -> int:
    """The cores this process may use."""
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1))
