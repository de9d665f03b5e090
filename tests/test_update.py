"""Incremental runs, determinism across engines, the output lock, and crash safety."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest

from pipeline.cli import main
from pipeline.output.store import Lock
from tests.conftest import FIXTURES

pytestmark = pytest.mark.model
TABLES = ("documents", "sections", "quantities", "errors")


def _inputs(folder: Path) -> Path:
    folder.mkdir()
    for src in sorted((FIXTURES / "dev" / "raw").glob("*.txt")) + [FIXTURES / "raw" / "000_805ee6a2f3a693a0.txt"]:
        shutil.copy(src, folder / src.name)
    return folder


def _tables(out: Path) -> dict[str, Any]:
    return {name: pq.read_table(out / f"{name}.parquet") for name in TABLES}


def _same(a: Path, b: Path) -> None:
    ta, tb = _tables(a), _tables(b)
    for name in TABLES:
        assert ta[name].equals(tb[name]), name


def test_rerun_processes_only_what_changed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    raw, out = _inputs(tmp_path / "raw"), tmp_path / "out"
    assert main([str(raw), str(out), "--workers", "1"]) == 0
    capsys.readouterr()
    assert main([str(raw), str(out), "--workers", "1"]) == 0
    assert "0 processed (new or changed), 7 unchanged, 0 removed" in capsys.readouterr().out
    (raw / "02_dhs-ohss-key-homeland-security-metrics.txt").unlink()
    changed = raw / "07_ice-va-dc-targeted-enforcement-57-arrests.txt"
    changed.write_text(changed.read_text(encoding="utf-8") + "\nOfficers seized 12 pounds of heroin.\n",
                       encoding="utf-8")
    assert main([str(raw), str(out), "--workers", "1"]) == 0
    assert "1 processed (new or changed), 5 unchanged, 1 removed" in capsys.readouterr().out
    docs = pq.read_table(out / "documents.parquet").column("source_path").to_pylist()
    assert "02_dhs-ohss-key-homeland-security-metrics.txt" not in docs and len(docs) == 6
    fresh = tmp_path / "fresh"
    assert main([str(raw), str(fresh), "--workers", "1", "--force"]) == 0
    _same(out, fresh)


def test_tables_identical_whatever_the_number_of_workers(tmp_path: Path) -> None:
    raw = _inputs(tmp_path / "raw")
    assert main([str(raw), str(tmp_path / "one"), "--workers", "1", "-q"]) == 0
    assert main([str(raw), str(tmp_path / "two"), "--workers", "2", "-q"]) == 0
    _same(tmp_path / "one", tmp_path / "two")


def test_dask_cluster_gives_the_same_tables(tmp_path: Path) -> None:
    distributed = pytest.importorskip("distributed")
    raw = _inputs(tmp_path / "raw")
    assert main([str(raw), str(tmp_path / "local"), "--workers", "1", "-q"]) == 0
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        assert main([str(raw), str(tmp_path / "dask"), "--dask", cluster.scheduler_address, "-q"]) == 0
    _same(tmp_path / "local", tmp_path / "dask")


def test_second_run_into_the_same_output_refuses(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    raw, out = _inputs(tmp_path / "raw"), tmp_path / "out"
    out.mkdir()
    with Lock(out):
        assert main([str(raw), str(out), "--workers", "1"]) == 2
    assert "another extract run is writing" in capsys.readouterr().err


def test_killed_run_leaves_old_or_complete_tables_and_rerun_matches(tmp_path: Path) -> None:
    raw = _inputs(tmp_path / "raw")
    reference = tmp_path / "reference"
    assert main([str(raw), str(reference), "--workers", "1", "-q"]) == 0
    out = tmp_path / "out"
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    for delay in (0.5, 1.5, 2.5, 3.5):
        proc = subprocess.Popen([sys.executable, "-m", "pipeline.cli", str(raw), str(out), "--force", "-q",
                                 "--workers", "1"], env=env)
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        if (out / "quantities.parquet").exists():
            _same(out, reference)  # a complete earlier generation, never a half-written one
    assert main([str(raw), str(out), "--workers", "1", "-q"]) == 0
    _same(out, reference)
    assert not [p.name for p in out.iterdir() if p.is_dir()]  # no staging folder left
    assert all((out / f"{name}.parquet").is_file() and not (out / f"{name}.parquet").is_symlink() for name in TABLES)


def test_no_network_access_at_run_time(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import socket

    def refuse(*args: object, **kwargs: object) -> None:
        raise OSError("network access attempted")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    raw = _inputs(tmp_path / "raw")
    assert main([str(raw), str(tmp_path / "out"), "--workers", "1", "-q"]) == 0
