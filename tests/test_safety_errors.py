"""Operational errors (issue 16, items 8 and 9): one `extract: error: ...` line, exit 2, the old tables intact;
`extract evaluate` with no matching gold document is an error."""

from __future__ import annotations

import errno
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from pipeline.cli import main
from tests.conftest import FIXTURES
from tests.safety_helpers import DEV, SEED, error_lines, inputs, tables

pytestmark = pytest.mark.model


def _one_error(err: str, *words: str) -> str:
    lines = error_lines(err)
    assert len(lines) == 1 and "Traceback" not in err, err
    for w in words:
        assert w in lines[0], lines[0]
    return lines[0]


@pytest.fixture()
def done(tmp_path: Path) -> tuple[Path, Path]:
    raw, out = inputs(tmp_path / "raw", DEV[:2]), tmp_path / "out"
    assert main([str(raw), str(out), "--workers", "1", "-q"]) == 0
    return raw, out


def _intact(out: Path, before: dict[str, Any]) -> None:
    after = tables(out)
    assert all(before[n].equals(after[n]) for n in before)


def test_output_an_existing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    raw = inputs(tmp_path / "raw", [SEED])
    target = tmp_path / "output"
    target.write_text("mine\n")
    assert main([str(raw), str(target), "--workers", "1", "-q"]) == 2
    _one_error(capsys.readouterr().err, str(target), "not a folder")
    assert target.read_text() == "mine\n"


def test_a_full_disk_while_writing(done: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch,
                                   capsys: pytest.CaptureFixture[str]) -> None:
    import pyarrow.parquet as pq

    raw, out = done
    before = tables(out)

    def full(self: object, *args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(pq.ParquetWriter, "write_table", full)
    capsys.readouterr()
    assert main([str(raw), str(out), "--workers", "1", "-q", "--force"]) == 2
    _one_error(capsys.readouterr().err, "No space left on device")
    monkeypatch.undo()
    _intact(out, before)
    assert not [p for p in out.iterdir() if p.name.startswith(".") and p.is_dir()]  # no half-written leftovers


@pytest.fixture()
def small_fs(tmp_path: Path) -> Iterator[Path]:
    """A real 8 MB tmpfs (needs the right to mount; skipped without it)."""
    mnt = tmp_path / "mnt"
    mnt.mkdir()
    try:
        subprocess.run(["mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", str(mnt)], check=True,
                       capture_output=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        pytest.skip("cannot mount a tmpfs here")
    try:
        yield mnt
    finally:
        subprocess.run(["umount", "-l", str(mnt)], capture_output=True, timeout=30)


def test_a_real_full_disk_and_a_real_read_only_disk(tmp_path: Path, small_fs: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    raw, out = inputs(tmp_path / "raw", DEV[:2]), small_fs / "out"
    assert main([str(raw), str(out), "--workers", "1", "-q"]) == 0
    before = tables(out)
    filler = small_fs / "filler"
    with open(filler, "wb", buffering=0) as fh:  # fill the disk (unbuffered: nothing left to write at close)
        try:
            while True:
                fh.write(b"\0" * (1 << 16))
                fh.flush()
        except OSError:
            pass
    capsys.readouterr()
    assert main([str(raw), str(out), "--workers", "1", "-q", "--force"]) == 2
    _one_error(capsys.readouterr().err, "No space left on device")
    _intact(out, before)
    filler.unlink()
    subprocess.run(["mount", "-o", "remount,ro", str(small_fs)], check=True, capture_output=True, timeout=30)
    assert main([str(raw), str(out), "--workers", "1", "-q", "--force"]) == 2
    _one_error(capsys.readouterr().err, "Read-only file system")
    _intact(out, before)


def test_an_unreachable_dask_address(done: tuple[Path, Path], capsys: pytest.CaptureFixture[str]) -> None:
    dask = pytest.importorskip("dask")
    pytest.importorskip("distributed")
    raw, out = done
    before = tables(out)
    capsys.readouterr()
    with dask.config.set({"distributed.comm.timeouts.connect": "2s"}):
        assert main([str(raw), str(out), "-q", "--force", "--dask", "tcp://127.0.0.1:9"]) == 2
    _one_error(capsys.readouterr().err, "tcp://127.0.0.1:9")
    _intact(out, before)


# 9. evaluate --------------------------------------------------------------------------------------------

def test_evaluate_with_no_matching_gold_document_is_an_error(seed_run: Path, tmp_path: Path,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert main(["evaluate", str(seed_run), str(FIXTURES / "dev" / "gold")]) == 2  # no dev release in the run
    _one_error(capsys.readouterr().err.replace("extract evaluate: error:", "extract: error:"), "gold")
    empty = tmp_path / "gold"
    empty.mkdir()
    shutil.copy(FIXTURES / "gold" / next(p.name for p in (FIXTURES / "gold").iterdir()), empty / "notes.txt")
    assert main(["evaluate", str(seed_run), str(empty)]) == 2  # no .jsonl at all
    _one_error(capsys.readouterr().err.replace("extract evaluate: error:", "extract: error:"), "gold")
    assert main(["evaluate", str(seed_run), str(FIXTURES / "gold")]) == 0
