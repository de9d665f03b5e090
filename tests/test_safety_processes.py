"""Time and processes (issue 16, items 5, 7 and Ctrl-C of 8): a per-document time limit whatever the executor and
chunking; workers that end with the main process; a signal gives one error line, its exit code, and the old
tables."""

from __future__ import annotations

import os
import signal
import subprocess
import threading
import time
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from pipeline.cli import main
from tests.safety_helpers import DEV, ENV, SEED, alive, cli, descendants, document_module, error_lines, inputs, \
    many, module, tables

pytestmark = pytest.mark.model
SLOW = "Officers seized 45 pounds of heroin. SLOW-DOCUMENT\n"
LIMIT = 6.0  # a normal release takes well under a second; the slow one would take SLOW_FOR
SLOW_FOR = 20.0


def _slow_structure(monkeypatch: pytest.MonkeyPatch) -> None:
    """The structure stage takes SLOW_FOR seconds on the slow document (a Python loop, as a runaway rule would)."""
    mod = document_module()
    real = mod.analyse

    def analyse(text: str, *args: object, **kwargs: object) -> object:
        if "SLOW-DOCUMENT" in text:
            until = time.monotonic() + SLOW_FOR
            while time.monotonic() < until:
                time.sleep(0.01)
        return real(text, *args, **kwargs)

    monkeypatch.setattr(mod, "analyse", analyse)


def test_the_time_limit_is_per_document_whatever_its_neighbours(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    raw = inputs(tmp_path / "raw")
    reference = tmp_path / "reference"
    assert main([str(raw), str(reference), "--workers", "1", "-q"]) == 0
    (raw / "05_slow.txt").write_text(SLOW, encoding="utf-8")  # in one chunk with the seven others
    _slow_structure(monkeypatch)
    out = tmp_path / "out"
    started = time.monotonic()
    assert main([str(raw), str(out), "--workers", "1", "-q", "--time-limit", str(LIMIT)]) == 1
    assert time.monotonic() - started < SLOW_FOR + 30
    errors = pq.read_table(out / "errors.parquet").to_pylist()
    assert [(e["source_path"], e["stage"]) for e in errors] == [("05_slow.txt", "limit")], errors
    ref, got = tables(reference), tables(out)
    for name in ("documents", "sections", "quantities"):
        assert got[name].equals(ref[name]), name  # the neighbours are untouched
    alone = tmp_path / "alone"  # the same document alone: the same outcome
    single = inputs(tmp_path / "single", [])
    (single / "05_slow.txt").write_text(SLOW, encoding="utf-8")
    assert main([str(single), str(alone), "--workers", "1", "-q", "--time-limit", str(LIMIT)]) == 1
    assert [(e["source_path"], e["stage"]) for e in pq.read_table(alone / "errors.parquet").to_pylist()] == \
        [("05_slow.txt", "limit")]


def test_the_time_limit_holds_off_the_main_thread(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Dask runs a task in a worker thread, where SIGALRM cannot reach."""
    executor = module("pipeline.run.executor", "pipeline.executor")
    slow = tmp_path / "slow.txt"
    slow.write_text(SLOW, encoding="utf-8")
    _slow_structure(monkeypatch)
    jobs = [executor.Job(str(SEED), SEED.name, 50 << 20, LIMIT), executor.Job(str(slow), "slow.txt", 50 << 20, LIMIT)]
    got: list[object] = []
    thread = threading.Thread(target=lambda: got.extend(executor.work_many(jobs, None)))
    started = time.monotonic()
    thread.start()
    thread.join(SLOW_FOR + 60)
    assert got and time.monotonic() - started < SLOW_FOR, "the slow document ran past its limit"
    assert got[0].documents and not got[0].errors  # type: ignore[attr-defined]
    assert [e["stage"] for e in got[1].errors] == ["limit"]  # type: ignore[attr-defined]


# 7. Workers end with the main process --------------------------------------------------------------------

def _start(raw: Path, out: Path, tmp_path: Path) -> tuple[subprocess.Popen[str], set[int], Path]:
    log = tmp_path / "stderr.txt"
    proc = subprocess.Popen(cli(str(raw), str(out), "--workers", "2", "-q"), env=ENV, text=True,
                            stderr=open(log, "w"), start_new_session=True)
    deadline = time.monotonic() + 240
    workers: set[int] = set()
    while time.monotonic() < deadline and proc.poll() is None:
        workers = descendants(proc.pid)
        if len(workers) >= 3:  # two workers and the resource tracker
            break
        time.sleep(0.2)
    assert proc.poll() is None and len(workers) >= 3, log.read_text()
    time.sleep(4)  # the workers load the model and take their first chunks
    return proc, descendants(proc.pid) | workers, log


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT, signal.SIGHUP, signal.SIGKILL])
def test_workers_end_with_the_main_process(tmp_path: Path, sig: signal.Signals) -> None:
    raw = inputs(tmp_path / "raw", DEV[:2])
    out = tmp_path / "out"
    assert main([str(raw), str(out), "--workers", "1", "-q"]) == 0
    before = tables(out)
    many(raw, 600)
    proc, children, log = _start(raw, out, tmp_path)
    proc.send_signal(sig)
    try:
        code = proc.wait(timeout=60)
    except subprocess.TimeoutExpired:
        proc.kill()
        pytest.fail("the main process did not end on the signal")
    deadline = time.monotonic() + 30
    while alive(children) and time.monotonic() < deadline:
        time.sleep(0.2)
    left = alive(children)
    for pid in left:  # do not leave them to the next test
        try:
            os.kill(pid, signal.SIGKILL)
        except OSError:
            pass
    assert not left, f"{len(left)} processes outlived the main process"
    err = log.read_text()
    after = tables(out)
    assert all(before[n].equals(after[n]) for n in before)  # the old tables, untouched
    if sig != signal.SIGKILL:
        assert "leaked semaphore" not in err, err  # (after a SIGKILL the tracker cleans up, and says so)
        assert code == 128 + sig, (code, err)
        assert "Traceback" not in err and len(error_lines(err)) == 1, err


def test_ctrl_c_in_a_single_process_run(tmp_path: Path) -> None:
    raw = inputs(tmp_path / "raw", [SEED])
    out = tmp_path / "out"
    assert main([str(raw), str(out), "--workers", "1", "-q"]) == 0
    before = tables(out)
    many(raw, 400)
    log = tmp_path / "stderr.txt"
    proc = subprocess.Popen(cli(str(raw), str(out), "--workers", "1", "-q"), env=ENV, text=True,
                            stderr=open(log, "w"))
    time.sleep(6)  # the model is loaded and documents are being read
    proc.send_signal(signal.SIGINT)
    code = proc.wait(timeout=120)
    err = log.read_text()
    assert code == 130, (code, err)
    assert "Traceback" not in err and len(error_lines(err)) == 1, err
    after = tables(out)
    assert all(before[n].equals(after[n]) for n in before)
