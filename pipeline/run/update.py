"""A run over an input folder: plan what changed, process it, and write the new tables.

Unchanged files (same size, mtime, ctime and inode as when they were last read, or the same content hash) keep
their rows; new and changed files are processed; rows of deleted files are dropped. Rows are always in
source_path order, so a run gives the same tables whatever the number of workers, the engine, or the history of
earlier runs. A run refuses (Refused) what would lose a user's data without an error: OUTPUT inside INPUT, an
input with nothing to read, a run that would remove every row, a table file that no run wrote.
"""

from __future__ import annotations

import hashlib
import logging
import os
import stat
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path, PurePosixPath
from typing import Any

import pyarrow as pa

from pipeline import __version__
from pipeline.output.rows import ROWS_SCHEME, Rows
from pipeline.output.schemas import file_metadata
from pipeline.output.store import (NAMES, Generation, Lock, changed_tables, finish, foreign_tables, old_rows,
                                   read_manifest)
from pipeline.readers.read import readers
from pipeline.run.document import discover
from pipeline.run.executor import Job, run_jobs

log = logging.getLogger("pipeline")


class Refused(ValueError):
    """The run would lose data without an error; the message says why and which option overrides it."""


@dataclass(frozen=True, slots=True)
class Options:
    """How a run goes: the model, the engine (workers or a Dask address), --force, --allow-empty and the limits."""

    model: str | None = None
    workers: int = 1
    dask: str | None = None
    force: bool = False
    max_bytes: int = 50 * 1024 * 1024
    time_limit: float = 300.0
    allow_empty: bool = False


@dataclass(slots=True)
class Summary:
    """What a run did: files processed, unchanged and removed, rows written, errors."""

    processed: int = 0
    unchanged: int = 0
    removed: int = 0
    documents: int = 0
    quantities: int = 0
    errors: list[dict[str, Any]] = field(default_factory=list)


def _metadata(options: Options, rules: str) -> dict[str, str]:
    """What every table of this run says about how it was made (pipeline.output.schemas.file_metadata)."""
    from datetime import datetime, timezone

    from pipeline.nlp.load import model_version, resolve

    name = resolve(options.model)
    settings = {"model": options.model, "force": options.force, "max_bytes": options.max_bytes,
                "time_limit": options.time_limit}  # not the engine: the tables are the same whatever runs them
    return file_metadata(name, model_version(name), rules, settings,
                         datetime.now(timezone.utc).isoformat(timespec="seconds"))


def rules_hash(model: str | None) -> str:
    """Changes when the rules, the entity chooser's weights, the model or the rows' scheme do: then every file is
    processed again."""
    h = hashlib.sha256(f"{__version__}|{model}|{ROWS_SCHEME}".encode())
    data = resources.files("pipeline.lexicon.data")
    for name in sorted(p.name for p in data.iterdir() if p.name.endswith(".json")):
        h.update(name.encode() + data.joinpath(name).read_bytes())
    weights = resources.files("pipeline.entities").joinpath("weights.json")
    if weights.is_file():
        h.update(b"weights.json" + weights.read_bytes())
    return h.hexdigest()[:16]


_STATE = ("size", "mtime_ns", "ctime_ns", "ino")


def _file_state(path: Path) -> dict[str, Any]:
    st = path.stat()
    return {"size": st.st_size, "mtime_ns": st.st_mtime_ns, "ctime_ns": st.st_ctime_ns, "ino": st.st_ino,
            "regular": stat.S_ISREG(st.st_mode)}


def _sha256(path: Path, size: int) -> str:
    """The hash of a regular file of the size recorded (never more than size + 1 bytes are read)."""
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        h.update(fh.read(size + 1))
    return h.hexdigest()


def plan(files: Iterable[tuple[Path, str]], manifest: dict[str, Any], rules: str, force: bool,
         trust_stat: bool = True) -> tuple[set[str], dict[str, dict[str, Any]]]:
    """Sources to process, and the manifest entries of all current files. A file is unchanged when its state is
    the one recorded when it was read (with `trust_stat`), or when its content hash is the one read."""
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
        if old and old.get("status") == "ok" and "size" in old and state["regular"]:
            if trust_stat and all(old.get(k) == state[k] for k in _STATE):
                entries[source] = old
                continue
            try:
                if old["size"] == state["size"] and _sha256(path, old["size"]) == old["sha256"]:
                    entries[source] = {**old, **{k: state[k] for k in _STATE}}
                    continue
            except OSError:
                pass
        todo.add(source)
    return todo, entries


Progress = Callable[[int, int], None]


def check_places(input_path: Path, out_dir: Path) -> None:
    """OUTPUT equal to or inside INPUT would be read back as input: refused before anything is written."""
    source, target = input_path.resolve(), out_dir.resolve()
    if source.is_dir() and (target == source or source in target.parents):
        raise Refused(f"output {str(out_dir)!r} is inside the input folder {str(input_path)!r} (its tables would "
                      "be read back as releases); choose an output folder outside the input")
    if out_dir.exists() and not out_dir.is_dir():
        raise Refused(f"output {str(out_dir)!r} is a file, not a folder")


def update(input_path: Path, out_dir: Path, options: Options,
           on_error: Callable[[dict[str, Any]], None] | None = None, on_progress: Progress | None = None) -> Summary:
    """Bring the tables in `out_dir` up to date with `input_path`: new or changed files processed, deleted ones
    removed; Refused when that would lose data without an error."""
    check_places(input_path, out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    with Lock(out_dir):
        finish(out_dir)  # a switch a killed run left half-done, and what earlier layouts left
        return _update(input_path, out_dir, options, on_error, on_progress)


def _locator(input_path: Path) -> Callable[[str], Path]:
    """The file of a source path: a folder's files are listed relative to it, a single file by its name."""
    if input_path.is_dir():
        return lambda source: input_path / source
    return lambda source: input_path


def _refusals(input_path: Path, out_dir: Path, sources: list[str], manifest: dict[str, Any],
              options: Options) -> None:
    foreign = foreign_tables(out_dir)
    if foreign and not options.force:
        raise Refused(f"{out_dir / foreign[0]} was not written by extract (the folder has no manifest); move it "
                      "away, or pass --force to replace it")
    suffixes = readers()
    readable = [s for s in sources if PurePosixPath(s).suffix.lower() in suffixes]
    if not readable and not options.allow_empty:
        raise Refused(f"input {str(input_path)!r} holds no file to read ({', '.join(sorted(suffixes))}); is it "
                      "mounted? Pass --allow-empty to write empty tables")
    previous = manifest.get("files", {})
    if readable and previous and not set(previous) & set(sources) and not options.force:
        raise Refused(f"this run would remove all {len(previous)} files of {manifest.get('input') or 'the last run'}"
                      f" from {out_dir}: none of them is in {input_path.resolve()}; pass --force to replace them")


def _update(input_path: Path, out_dir: Path, options: Options,
            on_error: Callable[[dict[str, Any]], None] | None, on_progress: Progress | None) -> Summary:
    sources = [source for _, source in discover(input_path)]  # paths are made again when needed: less memory
    where = _locator(input_path)
    manifest = read_manifest(out_dir)
    _refusals(input_path, out_dir, sources, manifest, options)
    here = str(input_path.resolve())
    before = manifest.get("input")
    switched = isinstance(before, str) and before != here
    if switched:
        log.warning("%s held the tables of %s; they are replaced by those of %s (files of the same name are kept "
                    "only when their content is the same)", out_dir, before, here)
    changed = changed_tables(out_dir, manifest) if manifest else []
    if changed:
        log.warning("%s changed since the last run; every file is processed again", ", ".join(changed))
    rules = rules_hash(options.model)
    todo, entries = plan(((where(s), s) for s in sources), manifest, rules, options.force or bool(changed),
                         trust_stat=not switched)
    removed = len(set(manifest.get("files", {})) - set(sources)) if manifest.get("rules") == rules else 0
    summary = Summary(processed=len(todo), unchanged=len(sources) - len(todo), removed=removed)
    if manifest and not todo and not removed and not switched and not changed:
        summary.documents = manifest.get("documents", 0)
        summary.quantities = manifest.get("quantities", 0)
        return summary  # nothing changed: the current tables stand
    jobs = (Job(str(where(s).absolute()), s, options.max_bytes, options.time_limit) for s in sources if s in todo)
    results = run_jobs(jobs, options.model, options.workers, options.dask)
    gen = Generation(out_dir, _metadata(options, rules))
    try:
        _write(gen, out_dir, sources, todo, results, entries, summary, on_error, on_progress)
        for _ in results:  # lets the engine end its workers in order
            raise RuntimeError("the engine gave more results than jobs")
        gen.commit({"rules": rules, "pipeline_version": __version__, "input": here, "files": entries,
                    "documents": summary.documents, "quantities": summary.quantities})
    except BaseException:
        gen.abandon()
        raise
    finally:
        results.close()  # an error or a signal: the workers are stopped, not left running
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
           entries: dict[str, dict[str, Any]], summary: Summary,
           on_error: Callable[[dict[str, Any]], None] | None, on_progress: Progress | None) -> None:
    reuse = len(todo) < len(sources)  # else the current tables are not opened (with --force they may be anything)
    old = {name: _OldTable(out_dir, name) for name in NAMES} if reuse else {}
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
            state = tables.state  # the file as it was read; one that changed on every read is left for the next run
            if tables.documents and state is not None and state.settled:
                entries[source] = {"sha256": tables.documents[0]["content_sha256"], "status": "ok",
                                   "size": state.size, "mtime_ns": state.mtime_ns, "ctime_ns": state.ctime_ns,
                                   "ino": state.ino}
            continue
        for name in NAMES:
            for batch in old[name].take(source):
                gen.writers[name].add_batch(batch)
                if name == "documents":
                    summary.documents += batch.num_rows
                elif name == "quantities":
                    summary.quantities += batch.num_rows
    log.debug("wrote generation %s", gen.path.name)


def describe(exc: OSError) -> str:
    """An operational error in one line: the file and the system's message."""
    if exc.strerror:
        return f"{exc.filename}: {exc.strerror}" if exc.filename else exc.strerror
    return str(exc).splitlines()[0] if str(exc).strip() else type(exc).__name__


def default_workers() -> int:
    """The cores this process may use."""
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1))
