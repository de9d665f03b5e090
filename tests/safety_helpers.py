"""Shared pieces of the reliability tests (issue 16): inputs, tables, the child processes of a run."""

from __future__ import annotations

import importlib
import os
import shutil
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pyarrow.parquet as pq

from tests.conftest import FIXTURES, ROOT

TABLES = ("documents", "sections", "quantities", "errors")
SEED = FIXTURES / "raw" / "000_805ee6a2f3a693a0.txt"
DEV = sorted((FIXTURES / "dev" / "raw").glob("*.txt"))
ENV = {**os.environ, "PYTHONPATH": str(ROOT)}


def module(*names: str) -> ModuleType:
    """The first of these modules that imports (the run's modules moved into packages once)."""
    for name in names:
        try:
            return importlib.import_module(name)
        except ImportError:
            continue
    raise ImportError(names)


def document_module() -> ModuleType:
    """Where one document goes through read, structure and the model."""
    return module("pipeline.run.document", "pipeline.run")


def inputs(folder: Path, files: list[Path] | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for src in files if files is not None else DEV + [SEED]:
        shutil.copy(src, folder / src.name)
    return folder


def many(folder: Path, n: int) -> Path:
    """n releases (the dev ones and the seed, repeated under new names)."""
    folder.mkdir(parents=True, exist_ok=True)
    sources = DEV + [SEED]
    for i in range(n):
        src = sources[i % len(sources)]
        shutil.copy(src, folder / f"{i:04d}_{src.name}")
    return folder


def tables(out: Path) -> dict[str, Any]:
    return {name: pq.read_table(out / f"{name}.parquet") for name in TABLES}


def same(a: Path, b: Path, ignore: tuple[str, ...] = ()) -> None:
    ta, tb = tables(a), tables(b)
    for name in TABLES:
        x, y = ta[name], tb[name]
        for col in ignore:
            if col in x.column_names:
                x, y = x.drop([col]), y.drop([col])
        assert x.equals(y), name


def _stat(pid: int) -> tuple[str, int] | None:
    """(state, parent pid) of a process, from /proc (Linux)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    return fields[0], int(fields[1])


def descendants(pid: int) -> set[int]:
    """Every live process below pid (workers, the resource tracker)."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and (st := _stat(int(entry.name))) is not None and st[0] != "Z":
            parents[int(entry.name)] = st[1]
    out: set[int] = set()
    frontier = {pid}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier} - out
        out |= frontier
    return out


def alive(pids: set[int]) -> set[int]:
    """Those of pids still running (zombies are dead)."""
    return {pid for pid in pids if (st := _stat(pid)) is not None and st[0] != "Z"}


def cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "pipeline.cli", *args]


def error_lines(err: str) -> list[str]:
    return [line for line in err.splitlines() if line.startswith("extract: error:")]
