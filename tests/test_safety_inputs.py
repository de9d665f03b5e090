"""What a run reads and what it may replace (issue 16, items 1, 3, 4 and 6): the state recorded is the state
read, OUTPUT never inside INPUT, no silent wipe, only regular files, reads bounded whatever `stat` says."""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from pipeline.cli import main
from tests.safety_helpers import DEV, ENV, SEED, cli, document_module, error_lines, inputs, same, tables

pytestmark = pytest.mark.model
CHANGED = "07_ice-va-dc-targeted-enforcement-57-arrests.txt"


def _both(capsys: pytest.CaptureFixture[str]) -> str:
    """What the run printed: the summary goes to stdout, the rest to stderr."""
    got = capsys.readouterr()
    return got.out + got.err


# 1. The manifest records the file state that was read ------------------------------------------------------

def test_a_file_changed_while_the_run_holds_it_is_processed_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    """The file is overwritten after it was read and before its rows are written (scrape, then extract):
    the next run must not call it unchanged, and ends with the tables of a fresh run on the new content."""
    raw, out = inputs(tmp_path / "raw"), tmp_path / "out"
    target = raw / CHANGED
    before = target.read_text(encoding="utf-8")
    mod = document_module()
    real = mod.analyse
    done: list[int] = []

    def overwrite_once(text: str, *args: object, **kwargs: object) -> object:
        if not done and text == before:
            done.append(1)
            target.write_text(before + "\nOfficers seized 12 pounds of heroin.\n", encoding="utf-8")
        return real(text, *args, **kwargs)

    monkeypatch.setattr(mod, "analyse", overwrite_once)
    assert main([str(raw), str(out), "--workers", "1", "-q"]) == 0
    assert done
    monkeypatch.setattr(mod, "analyse", real)
    capsys.readouterr()
    assert main([str(raw), str(out), "--workers", "1"]) == 0
    assert "1 processed (new or changed)" in _both(capsys)
    fresh = tmp_path / "fresh"
    assert main([str(raw), str(fresh), "--workers", "1", "-q"]) == 0
    same(out, fresh)
    q = pq.read_table(out / "quantities.parquet").to_pylist()
    assert any(r["source_path"] == CHANGED and r["text"] == "12" for r in q)


# 3. OUTPUT equal to or inside INPUT ----------------------------------------------------------------------

@pytest.mark.parametrize("where", ["same", "inside", "deep"])
def test_output_equal_to_or_inside_input_is_refused(tmp_path: Path, where: str,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    raw = inputs(tmp_path / "raw", [SEED])
    out = {"same": raw, "inside": raw / "out", "deep": raw / "a" / "out"}[where]
    listing = sorted(p.name for p in raw.rglob("*"))
    assert main([str(raw), str(out), "--workers", "1"]) == 2
    err = capsys.readouterr().err
    lines = error_lines(err)
    assert len(lines) == 1 and "inside" in lines[0], err
    assert sorted(p.name for p in raw.rglob("*")) == listing  # nothing written into the input


# 4. No silent wipe; switching input folders says so ------------------------------------------------------

def test_an_input_with_no_readable_file_refuses_without_allow_empty(tmp_path: Path,
                                                                     capsys: pytest.CaptureFixture[str]) -> None:
    raw, out = inputs(tmp_path / "raw"), tmp_path / "out"
    assert main([str(raw), str(out), "--workers", "1", "-q"]) == 0
    before = tables(out)
    empty = tmp_path / "share"  # an unmounted share: the mount point is an empty folder
    empty.mkdir()
    (empty / "notes.docx").write_bytes(b"PK\x03\x04")  # nothing the run can read
    capsys.readouterr()
    assert main([str(empty), str(out), "--workers", "1"]) == 2
    lines = error_lines(capsys.readouterr().err)
    assert len(lines) == 1 and "--allow-empty" in lines[0], lines
    after = tables(out)
    assert all(before[n].equals(after[n]) for n in before)
    assert main([str(empty), str(out), "--workers", "1", "--allow-empty", "-q"]) == 1  # the .docx is an error row
    assert pq.read_table(out / "documents.parquet").num_rows == 0


def test_a_run_that_would_remove_every_row_refuses_without_force(tmp_path: Path,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    first, out = inputs(tmp_path / "first", DEV[:2]), tmp_path / "out"
    second = inputs(tmp_path / "second", [SEED])
    assert main([str(first), str(out), "--workers", "1", "-q"]) == 0
    before = tables(out)
    capsys.readouterr()
    assert main([str(second), str(out), "--workers", "1"]) == 2
    lines = error_lines(capsys.readouterr().err)
    assert len(lines) == 1 and "--force" in lines[0] and str(first.resolve()) in lines[0], lines
    after = tables(out)
    assert all(before[n].equals(after[n]) for n in before)
    assert main([str(second), str(out), "--workers", "1", "--force"]) == 0
    err = capsys.readouterr().err
    assert str(first.resolve()) in err  # says whose tables it replaced
    assert pq.read_table(out / "documents.parquet").column("source_path").to_pylist() == [SEED.name]


def test_switching_input_folders_into_the_same_output_says_so(tmp_path: Path,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    first, out = inputs(tmp_path / "first", DEV[:2]), tmp_path / "out"
    second = inputs(tmp_path / "second", DEV[1:3])  # one file of the same name in both
    assert main([str(first), str(out), "--workers", "1", "-q"]) == 0
    capsys.readouterr()
    assert main([str(second), str(out), "--workers", "1"]) == 0
    err = capsys.readouterr().err
    assert str(first.resolve()) in err and str(second.resolve()) in err, err
    fresh = tmp_path / "fresh"
    assert main([str(second), str(fresh), "--workers", "1", "-q"]) == 0
    same(out, fresh)


# 6. Only regular files; reads bounded whatever stat says -------------------------------------------------

def _limit_memory() -> None:  # a regression must not take the shared machine's memory with it
    resource.setrlimit(resource.RLIMIT_AS, (3 << 30, 3 << 30))


def _special_inputs(raw: Path) -> Path:
    inputs(raw, [SEED])
    (raw / "zero.txt").symlink_to("/dev/zero")
    os.mkfifo(raw / "pipe.txt")
    (raw / "link.txt").symlink_to(raw / SEED.name)  # a link to a regular file is read
    if Path("/proc/self/status").exists():
        (raw / "proc.txt").symlink_to("/proc/self/status")  # stat says 0 bytes; reading gives more than 200
    return raw


def test_special_files_are_refused_not_read_by_the_cli(tmp_path: Path) -> None:
    raw, out = _special_inputs(tmp_path / "raw"), tmp_path / "out"
    try:
        proc = subprocess.run(cli(str(raw), str(out), "--workers", "1", "-q", "--max-bytes", "200000"), env=ENV,
                              capture_output=True, text=True, timeout=300, preexec_fn=_limit_memory)
    except subprocess.TimeoutExpired:
        pytest.fail("the run hung on a special file")
    assert proc.returncode == 1, proc.stderr
    errors = pq.read_table(out / "errors.parquet").to_pylist()
    docs = pq.read_table(out / "documents.parquet").column("source_path").to_pylist()
    by_file = {e["source_path"]: e["message"] for e in errors}
    assert "regular file" in by_file.get("zero.txt", ""), by_file
    assert "regular file" in by_file.get("pipe.txt", ""), by_file
    assert sorted(d for d in docs if d != "proc.txt") == sorted([SEED.name, "link.txt"])


def test_reads_are_bounded_by_max_bytes_whatever_stat_says(tmp_path: Path) -> None:
    if not Path("/proc/self/status").exists():
        pytest.skip("needs /proc")
    raw, out = tmp_path / "raw", tmp_path / "out"
    raw.mkdir()
    (raw / "proc.txt").symlink_to("/proc/self/status")  # stat: 0 bytes; reading: more than 200
    assert main([str(raw), str(out), "--workers", "1", "-q", "--max-bytes", "200", "--allow-empty"]) == 1
    errors = pq.read_table(out / "errors.parquet").to_pylist()
    assert len(errors) == 1 and "--max-bytes" in errors[0]["message"], errors


def test_special_files_are_refused_not_read_by_the_api(tmp_path: Path) -> None:
    raw = _special_inputs(tmp_path / "raw")
    code = ("import json, sys, pipeline\n"
            "t = pipeline.extract(sys.argv[1])\n"
            "print(json.dumps({'errors': t.errors.to_dict('records'), "
            "'documents': t.documents.source_path.tolist()}))\n")
    try:
        proc = subprocess.run([sys.executable, "-c", code, str(raw)], env=ENV, capture_output=True, text=True,
                              timeout=300, preexec_fn=_limit_memory)
    except subprocess.TimeoutExpired:
        pytest.fail("pipeline.extract hung on a special file")
    assert proc.returncode == 0, proc.stderr
    got = json.loads(proc.stdout.strip().splitlines()[-1])
    by_file = {e["source_path"]: e["message"] for e in got["errors"]}
    assert "regular file" in by_file.get("zero.txt", ""), by_file
    assert "regular file" in by_file.get("pipe.txt", ""), by_file
    assert sorted(d for d in got["documents"] if d != "proc.txt") == sorted([SEED.name, "link.txt"])
