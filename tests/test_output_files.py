"""The output folder holds plain files (issue 16, item 10): `output/*.parquet` survive cp, tar, mv and zip; a
user's own file is never silently replaced; a switch killed half-way is detected and finished."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from pipeline.cli import main
from tests.safety_helpers import DEV, ENV, SEED, TABLES, inputs, same, tables

pytestmark = pytest.mark.model


def _both(capsys: pytest.CaptureFixture[str]) -> str:
    """What the run printed: the summary goes to stdout, the rest to stderr."""
    got = capsys.readouterr()
    return got.out + got.err


@pytest.fixture()
def run(tmp_path: Path) -> tuple[Path, Path]:
    raw, out = inputs(tmp_path / "raw", DEV[:2] + [SEED]), tmp_path / "output"
    assert main([str(raw), str(out), "--workers", "1", "-q"]) == 0
    return raw, out


def test_tables_are_plain_files(run: tuple[Path, Path]) -> None:
    _, out = run
    for name in TABLES:
        path = out / f"{name}.parquet"
        assert path.is_file() and not path.is_symlink(), name


def test_tables_survive_cp_tar_zip_and_mv(run: tuple[Path, Path], tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    raw, out = run
    copied = tmp_path / "copied"
    copied.mkdir()
    subprocess.run(f"cp -r {out}/*.parquet {copied}/", shell=True, check=True)
    assert tables(copied)["quantities"].equals(tables(out)["quantities"])
    tarred = tmp_path / "tarred"
    tarred.mkdir()
    subprocess.run(["tar", "-C", str(out.parent), "-cf", str(tmp_path / "out.tar"), out.name], check=True)
    subprocess.run(["tar", "-C", str(tarred), "-xf", str(tmp_path / "out.tar")], check=True)
    same(tarred / out.name, out)
    if shutil.which("zip"):
        subprocess.run(["zip", "-qr", str(tmp_path / "out.zip"), out.name], cwd=out.parent, check=True)
        names = zipfile.ZipFile(tmp_path / "out.zip").namelist()
        assert sorted(n for n in names if n.endswith(".parquet")) == sorted(f"{out.name}/{t}.parquet" for t in TABLES)
    moved = tmp_path / "moved"
    reference = tables(out)
    shutil.move(str(out), str(moved))
    assert all(reference[n].equals(tables(moved)[n]) for n in TABLES)
    capsys.readouterr()
    assert main([str(raw), str(moved), "--workers", "1"]) == 0  # still incremental after the move
    assert "0 processed (new or changed), 3 unchanged" in _both(capsys)


def test_a_users_own_table_file_is_not_replaced_silently(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    raw, out = inputs(tmp_path / "raw", [SEED]), tmp_path / "output"
    out.mkdir()
    (out / "quantities.parquet").write_bytes(b"my own analysis")
    assert main([str(raw), str(out), "--workers", "1"]) == 2
    err = capsys.readouterr().err
    assert "quantities.parquet" in err and "--force" in err, err
    assert (out / "quantities.parquet").read_bytes() == b"my own analysis"
    assert main([str(raw), str(out), "--workers", "1", "-q", "--force"]) == 0


CRASH = """
import os, sys
from pathlib import Path
out, k = Path(sys.argv[2]).resolve(), int(sys.argv[3])
real, seen = os.replace, []
def replace(src, dst, *a, **kw):
    dst_path = Path(dst).resolve() if not Path(dst).is_symlink() else Path(os.path.abspath(dst))
    if dst_path.parent == out and not dst_path.name.endswith(".tmp"):
        if len(seen) == k:
            os._exit(9)  # killed here: no handler, no cleanup
        seen.append(dst_path.name)
    return real(src, dst, *a, **kw)
os.replace = replace
from pipeline.cli import main
sys.exit(main([sys.argv[1], str(out), "--workers", "1", "-q"]))
"""


@pytest.mark.parametrize("k", range(6))
def test_a_switch_killed_half_way_is_finished_by_readers_and_the_next_run(tmp_path: Path, k: int,
                                                                        capsys: pytest.CaptureFixture[str]) -> None:
    raw, out = inputs(tmp_path / "raw", DEV[:2] + [SEED]), tmp_path / "output"
    assert main([str(raw), str(out), "--workers", "1", "-q"]) == 0
    old = tmp_path / "old"
    shutil.copytree(out, old, symlinks=False)
    (raw / DEV[0].name).write_text(DEV[0].read_text(encoding="utf-8") + "\nOfficers seized 12 pounds of heroin.\n",
                                   encoding="utf-8")
    (raw / DEV[1].name).unlink()
    new = tmp_path / "new"
    assert main([str(raw), str(new), "--workers", "1", "-q"]) == 0
    code = subprocess.run([sys.executable, "-c", CRASH, str(raw), str(out), str(k)], env=ENV).returncode
    assert code in (0, 9)
    # a reader of the project (the review page) sees one generation whole, and finishes the switch
    assert main(["report", str(out), "-q", "-o", str(tmp_path / "report.html")]) == 0
    got = tables(out)
    whole_old = all(got[n].equals(tables(old)[n]) for n in TABLES)
    whole_new = all(got[n].equals(tables(new)[n]) for n in TABLES)
    assert whole_old or whole_new, f"killed before replace {k}: a mix of generations"
    capsys.readouterr()
    assert main([str(raw), str(out), "--workers", "1"]) == 0
    err = _both(capsys)
    same(out, new)
    if whole_new:
        assert "0 processed (new or changed)" in err, err
    assert not [p.name for p in out.iterdir() if p.is_dir()], os.listdir(out)  # nothing half-switched left
