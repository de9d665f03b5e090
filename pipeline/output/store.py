"""The output folder: tables streamed to a new generation, swapped in atomically, with a manifest.

Layout: `output/<table>.parquet` are symlinks into `output/.current`, itself a symlink to the generation
folder `.gen-<n>` holding the four tables and `manifest.json`. A run writes a new generation and then
renames one symlink, so a reader (or a killed run) sees either the old tables or the new ones.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from pipeline.output.schemas import TABLES

__all__ = ["BUFFER_ROWS", "clean_stale", "CURRENT", "current", "Generation", "LOCK", "Lock", "NAMES", "old_rows",
           "OutputLocked", "read_manifest", "ROW_GROUP", "STAGE_ROWS", "TableWriter"]

NAMES = ("documents", "sections", "quantities", "errors")
CURRENT = ".current"
LOCK = ".lock"
ROW_GROUP = 8_192  # rows a run holds per table before it writes them: its memory does not grow past this
# Rows held before a row group is written: documents carry their whole text, so they go out sooner.
BUFFER_ROWS = {"documents": 256, "sections": ROW_GROUP, "quantities": ROW_GROUP, "errors": 1_000}
STAGE_ROWS = 1_000  # row dicts held before they are converted to Arrow


class OutputLocked(RuntimeError):
    """Another run is writing to the same output folder."""


class Lock:
    """An exclusive lock on the output folder for one run (OutputLocked when another run holds it)."""

    def __init__(self, out_dir: Path) -> None:
        self.path = out_dir / LOCK
        self.fh: Any = None

    def __enter__(self) -> "Lock":
        self.fh = open(self.path, "a+")
        try:
            fcntl.flock(self.fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            self.fh.close()
            raise OutputLocked(f"another extract run is writing to {self.path.parent}; wait for it to finish") from None
        return self

    def __exit__(self, *exc: object) -> None:
        fcntl.flock(self.fh.fileno(), fcntl.LOCK_UN)
        self.fh.close()


def current(out_dir: Path) -> Path | None:
    """The current generation's folder, or None before the first run."""
    link = out_dir / CURRENT
    return link.resolve() if link.is_symlink() and link.resolve().is_dir() else None


def read_manifest(out_dir: Path) -> dict[str, Any]:
    """The current generation's manifest (files, their state and rows), or {} when there is none."""
    gen = current(out_dir)
    if gen is None or not (gen / "manifest.json").exists():
        return {}
    try:
        data = json.loads((gen / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


@dataclass(slots=True)
class TableWriter:
    """Rows in, row groups of about `buffer_rows` out; rows waiting for their group are held as Arrow data,
    which takes a few times less memory than the row dicts (converted STAGE_ROWS at a time)."""

    path: Path
    schema: pa.Schema
    buffer_rows: int = ROW_GROUP
    rows: list[dict[str, Any]] = field(default_factory=list)
    batches: list[pa.RecordBatch] = field(default_factory=list)
    held: int = 0  # rows in `batches`
    writer: pq.ParquetWriter | None = None

    def add(self, rows: list[dict[str, Any]]) -> None:
        """Take rows; write a row group once enough are held."""
        self.rows.extend(rows)
        if self.held + len(self.rows) >= self.buffer_rows:
            self.flush()
        elif len(self.rows) >= STAGE_ROWS:
            self._stage()

    def add_batch(self, batch: pa.RecordBatch) -> None:
        """Write rows kept from the previous generation as they are (an Arrow batch, cast to the schema)."""
        self.flush()
        self._writer().write_batch(batch.cast(self.schema) if batch.schema != self.schema else batch)

    def _writer(self) -> pq.ParquetWriter:
        if self.writer is None:
            self.writer = pq.ParquetWriter(self.path, self.schema)
        return self.writer

    def _stage(self) -> None:
        if self.rows:
            self.batches.append(pa.RecordBatch.from_pylist(self.rows, schema=self.schema))
            self.held += len(self.rows)
            self.rows = []

    def flush(self) -> None:
        """Write what is held as one row group."""
        self._stage()
        if self.batches:
            self._writer().write_table(pa.Table.from_batches(self.batches, schema=self.schema))
            self.batches, self.held = [], 0
            pa.default_memory_pool().release_unused()  # else the pool keeps what it freed, and grows with the run

    def close(self) -> None:
        """Write what is held and close the file."""
        self.flush()
        self._writer().close()


class Generation:
    """A new set of tables being written; `commit` makes it current."""

    def __init__(self, out_dir: Path) -> None:
        self.out_dir = out_dir
        n = 1 + max((int(p.name[5:]) for p in out_dir.glob(".gen-*") if p.name[5:].isdigit()), default=0)
        self.path = out_dir / f".gen-{n:06d}"
        self.path.mkdir()
        self.writers = {name: TableWriter(self.path / f"{name}.parquet", TABLES[name], BUFFER_ROWS[name])
                        for name in NAMES}

    def commit(self, manifest: dict[str, Any]) -> None:
        """Close the tables, write the manifest and switch `.current` to this generation atomically."""
        for w in self.writers.values():
            w.close()
        tmp = self.path / "manifest.json.tmp"
        with open(tmp, "w", encoding="utf-8") as fh:  # streamed: a manifest of many files is never one string
            json.dump(manifest, fh, indent=1, sort_keys=True)
        os.replace(tmp, self.path / "manifest.json")
        _fsync_dir(self.path)
        old = current(self.out_dir)
        link_tmp = self.out_dir / f"{CURRENT}.tmp"
        if link_tmp.is_symlink() or link_tmp.exists():
            link_tmp.unlink()
        link_tmp.symlink_to(self.path.name)
        os.replace(link_tmp, self.out_dir / CURRENT)  # the atomic switch
        for name in NAMES:
            _ensure_link(self.out_dir / f"{name}.parquet", Path(CURRENT) / f"{name}.parquet")
        _fsync_dir(self.out_dir)
        if old is not None and old != self.path:
            shutil.rmtree(old, ignore_errors=True)

    def abandon(self) -> None:
        """Remove this generation (the run failed; the current tables stay)."""
        shutil.rmtree(self.path, ignore_errors=True)


def clean_stale(out_dir: Path) -> None:
    """Remove generations a killed run left behind (never the current one)."""
    keep = current(out_dir)
    for p in out_dir.glob(".gen-*"):
        if p.resolve() != keep:
            shutil.rmtree(p, ignore_errors=True)


def old_rows(out_dir: Path, name: str) -> Iterator[tuple[str, pa.RecordBatch]]:
    """The current table's rows, grouped by source_path, in file order (sorted by source_path)."""
    gen = current(out_dir)
    if gen is None or not (gen / f"{name}.parquet").exists():
        return
    pf = pq.ParquetFile(gen / f"{name}.parquet")
    key = "source_path" if "source_path" in pf.schema_arrow.names else None
    for batch in pf.iter_batches(batch_size=BUFFER_ROWS.get(name, ROW_GROUP)):
        if key is None:
            yield "", batch
            continue
        sources = batch.column(key).to_pylist()
        start = 0
        for i in range(1, len(sources) + 1):
            if i == len(sources) or sources[i] != sources[start]:
                yield sources[start], batch.slice(start, i - start)
                start = i


def _ensure_link(link: Path, target: Path) -> None:
    if link.is_symlink() and Path(os.readlink(link)) == target:
        return
    tmp = link.with_name(link.name + ".tmp")
    if tmp.is_symlink() or tmp.exists():
        tmp.unlink()
    tmp.symlink_to(target)
    os.replace(tmp, link)


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
