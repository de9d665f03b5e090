"""The output folder: plain Parquet files, replaced as one generation by a crash-safe switch, with a manifest.

Layout: `output/<table>.parquet` are plain files (they survive cp, tar, mv, zip and sync tools), and
`output/.manifest.json` says which generation they are, what each file's size is, which input folder they
were made from and the state of every input file when it was read. A run writes its tables into a hidden
staging folder beside them (`output/.staging-<n>/`, same file system), makes them durable, then commits by
renaming the new manifest into place: from that moment the new generation is the current one. It then renames
each staged table over the old one. Killed before the commit, the folder holds the old tables (the next run
removes the staging folder); killed after it, the manifest names a staging folder that still holds some
tables, and the next run, `extract report`, `extract evaluate` and `table_path` finish the switch (or, when they
cannot write, read the staged file). Between the commit and the last rename a reader that opens the files
directly (pandas, DuckDB) can see tables of two generations; the renames take milliseconds.

A folder written by an earlier version (tables as symlinks through `.current` into `.gen-<n>/`) is read the
same way; the next run replaces the links by plain files and removes the old generation.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import signal
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from pipeline.output.schemas import TABLES, with_metadata
from pipeline.output.writer import BUFFER_ROWS, ROW_GROUP, TableWriter

NAMES = ("documents", "sections", "quantities", "errors")
MANIFEST = ".manifest.json"
STAGING = ".staging-"
LEGACY = ".current"  # the symlinked generations of earlier versions
LOCK = ".lock"
FORMAT = 2


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


def _load(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _legacy(out_dir: Path) -> Path | None:
    link = out_dir / LEGACY
    return link.resolve() if link.is_symlink() and link.resolve().is_dir() else None


def read_manifest(out_dir: Path) -> dict[str, Any]:
    """The manifest of the current generation ({} when the folder holds none)."""
    if (out_dir / MANIFEST).exists():
        return _load(out_dir / MANIFEST)
    old = _legacy(out_dir)
    return _load(old / "manifest.json") if old is not None else {}


def _staged(out_dir: Path, manifest: dict[str, Any]) -> Path | None:
    """The staging folder of a committed generation whose switch is not finished, if any."""
    name = manifest.get("staged")
    if not isinstance(name, str) or not name.startswith(STAGING) or "/" in name:
        return None
    folder = out_dir / name
    return folder if folder.is_dir() else None


def table_path(out_dir: Path, name: str) -> Path:
    """Where the current generation's table is: in place, or still in its staging folder (a half-finished switch
    that this process could not finish)."""
    folder = _staged(out_dir, read_manifest(out_dir))
    if folder is not None and (folder / f"{name}.parquet").exists():
        return folder / f"{name}.parquet"
    return out_dir / f"{name}.parquet"


def settle(out_dir: Path) -> None:
    """Finish a switch a killed run left half-done, when no run holds the folder and it can be written; for
    readers (the review page, evaluate) before they open the tables. Never raises for those reasons."""
    if _staged(out_dir, read_manifest(out_dir)) is None:
        return
    try:
        with Lock(out_dir):
            finish(out_dir)
    except (OSError, OutputLocked):
        pass


def finish(out_dir: Path) -> None:
    """Under the lock: complete the current generation's switch (rename what is still staged), and remove what
    earlier versions and killed runs left (symlinked generations, uncommitted staging folders)."""
    manifest = read_manifest(out_dir)
    folder = _staged(out_dir, manifest)
    if folder is not None:
        with _signals_held():
            for name in NAMES:
                src = folder / f"{name}.parquet"
                if src.exists():
                    os.replace(src, out_dir / f"{name}.parquet")
            _fsync_dir(out_dir)
    if (out_dir / MANIFEST).exists():
        for name in NAMES:  # links of the old layout that no table replaced
            link = out_dir / f"{name}.parquet"
            if link.is_symlink():
                link.unlink()
        for leftover in (out_dir / LEGACY, out_dir / f"{LEGACY}.tmp"):
            if leftover.is_symlink():
                leftover.unlink()
        for gen in out_dir.glob(".gen-*"):
            shutil.rmtree(gen, ignore_errors=True)
    for stage in out_dir.glob(f"{STAGING}*"):
        shutil.rmtree(stage, ignore_errors=True)


def foreign_tables(out_dir: Path) -> list[str]:
    """Table files in the folder that no manifest accounts for (a user's own file at a table's name)."""
    if read_manifest(out_dir):
        return []
    return [f"{name}.parquet" for name in NAMES
            if (out_dir / f"{name}.parquet").exists() or (out_dir / f"{name}.parquet").is_symlink()]


def changed_tables(out_dir: Path, manifest: dict[str, Any]) -> list[str]:
    """Tables whose file is not the one the manifest recorded (replaced or edited since the run)."""
    recorded = manifest.get("tables")
    if not isinstance(recorded, dict):
        return []
    out = []
    for name in NAMES:
        try:
            size = (out_dir / f"{name}.parquet").stat().st_size
        except OSError:
            size = -1
        if recorded.get(name, {}).get("size") != size:
            out.append(f"{name}.parquet")
    return out


class Generation:
    """A new set of tables being written into a staging folder; `commit` makes it current."""

    def __init__(self, out_dir: Path, metadata: dict[str, str] | None = None) -> None:
        self.out_dir = out_dir
        previous = read_manifest(out_dir).get("generation", 0)
        self.number = 1 + (previous if isinstance(previous, int) else 0)
        self.path = out_dir / f"{STAGING}{self.number:06d}"
        if self.path.exists():
            shutil.rmtree(self.path)
        self.path.mkdir()
        self.writers = {name: TableWriter(self.path / f"{name}.parquet", with_metadata(TABLES[name], metadata),
                                          BUFFER_ROWS[name]) for name in NAMES}

    def commit(self, manifest: dict[str, Any]) -> None:
        """Close the tables, make them durable, commit the manifest, then rename each table into place."""
        for w in self.writers.values():
            w.close()
        tables = {}
        for name in NAMES:
            path = self.path / f"{name}.parquet"
            _fsync_file(path)
            tables[name] = {"size": path.stat().st_size}
        _fsync_dir(self.path)
        manifest = {**manifest, "format": FORMAT, "generation": self.number, "staged": self.path.name,
                    "tables": tables}
        tmp = self.out_dir / f"{MANIFEST}.tmp"
        with open(tmp, "w", encoding="utf-8") as fh:  # streamed: a manifest of many files is never one string
            json.dump(manifest, fh, indent=1, sort_keys=True)
            fh.flush()
            os.fsync(fh.fileno())
        with _signals_held():  # a signal here would leave the switch to the next run; hold it until done
            os.replace(tmp, self.out_dir / MANIFEST)  # the commit: the new generation is current from here
            _fsync_dir(self.out_dir)
            finish(self.out_dir)

    def abandon(self) -> None:
        """Remove this generation (the run failed; the current tables stay)."""
        shutil.rmtree(self.path, ignore_errors=True)
        try:
            (self.out_dir / f"{MANIFEST}.tmp").unlink()
        except OSError:
            pass


def old_rows(out_dir: Path, name: str) -> Iterator[tuple[str, pa.RecordBatch]]:
    """The current table's rows, grouped by source_path, in file order (sorted by source_path)."""
    path = table_path(out_dir, name)
    if not path.exists():
        return
    pf = pq.ParquetFile(path)
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


_HELD = tuple(getattr(signal, n) for n in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, n))


@contextmanager
def _signals_held() -> Iterator[None]:
    """Ctrl-C, SIGTERM and SIGHUP wait until the block is done (main thread, POSIX); SIGKILL cannot."""
    import threading

    if not hasattr(signal, "pthread_sigmask") or threading.current_thread() is not threading.main_thread():
        yield
        return
    old = signal.pthread_sigmask(signal.SIG_BLOCK, _HELD)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


def _fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
