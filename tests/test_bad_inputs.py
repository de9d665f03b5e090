"""A corpus of broken and strange inputs, built here: no crash, no lost document, one error row per bad file."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from pipeline.cli import main
from tests.conftest import SEED

BadRun = tuple[Path, Path, int, dict[Path, float]]  # input folder, output folder, exit code, mtimes before

pytestmark = pytest.mark.model
GOOD = "Officers seized more than 1,200 pounds of cocaine and arrested 14 people.\n"


def _pdf(text: str | None, **kwargs: object) -> bytes:
    from io import BytesIO

    from reportlab.pdfgen import canvas

    buf = BytesIO()
    c = canvas.Canvas(buf, **kwargs)
    if text:
        c.drawString(72, 720, text)
    c.showPage()
    c.save()
    return buf.getvalue()


def _many_pages(n: int) -> bytes:
    from io import BytesIO

    from reportlab.pdfgen import canvas

    buf = BytesIO()
    c = canvas.Canvas(buf)
    for i in range(n):
        c.drawString(72, 720, f"Page {i}")
        c.showPage()
    c.save()
    return buf.getvalue()


# name -> (bytes or a builder, True when the file must give an error row)
KINDS: dict[str, tuple[bytes | Callable[[], bytes], bool]] = {
    "empty.txt": (b"", True),
    "whitespace.txt": (b" \n\t\n   \r\n", True),
    "junk.txt": (bytes(range(256)) * 40, True),
    "nul.txt": (b"12 pounds\x00\x00\x00 of heroin", True),
    "utf16.txt": ("\ufeffAgents seized 40 pounds of fentanyl.\n".encode("utf-16-le").replace(b"\xff\xfe\xff\xfe", b"\xff\xfe"), False),
    "latin1.txt": ("Caf\xe9 owner paid $5,000 in fines.".encode("latin-1"), True),
    "cp1252.txt": ("\u201cWe seized 12 kilos\u201d said the agent.".encode("cp1252"), True),
    "mixed_endings.txt": (b"Line one has 5 cases.\r\nLine two has 6 cases.\rLine three has 7 cases.\n", False),
    "big.txt": (lambda: b"x" * (2 * 1024 * 1024 + 1), True),  # above --max-bytes in this test
    "one_line.txt": (lambda: (b"the office filed 12 cases and " * 40000)[:1_000_000], False),
    "many_numbers.txt": (lambda: " ".join(str(i) for i in range(20000)).encode(), False),
    "digits.txt": (b"1" * 200000, False),
    "commas.txt": (b"," * 200000 + b" 5 cases", False),
    "spaces.txt": (b" " * 200000 + b"5 cases", False),
    "more_than.txt": (b"more than " * 20000 + b"5 cases", False),
    "huge_number.txt": (b"9" * 400 + b" cases were filed", False),
    "truncated.pdf": (lambda: _pdf("Seized 12 pounds")[:300], True),
    "encrypted.pdf": (lambda: _pdf("Seized 12 pounds", encrypt="secret"), True),
    "scanned.pdf": (lambda: _pdf(None), True),
    "pages_2000.pdf": (lambda: _many_pages(2000), True),
    "really_html.pdf": (b"<html><body><p>Seized 12 pounds</p></body></html>", True),
    "nested.html": (lambda: b"<html><body>" + b"<div>" * 100000 + b"<p>Seized 12 pounds of heroin.</p>", False),
    "scripts.html": (b'<!DOCTYPE x [<!ENTITY e SYSTEM "http://example.com/x">]><html><head><base href="http://example.com/">'
                     b'<script>fetch("http://example.com")</script><style>p{}</style></head><body><p>&e; Seized 12 '
                     b'pounds.</p><img src="http://example.com/a.png"></body></html>', False),
    "halfway.html": (b"<html><head><title>Release</title></head><body><p>Agents arrested 14 peo", False),
    "unknown.docx": (b"PK\x03\x04 not a release", True),
    "no_extension": (b"Agents arrested 14 people.", True),
    "name with spaces.txt": (GOOD.encode(), False),
    "ünïcødé–名前.txt": (GOOD.encode(), False),
    "-leading-dash.txt": (GOOD.encode(), False),
    "same/name.txt": (GOOD.encode(), False),
    "other/name.txt": (("Another release: 3 victims. " + GOOD).encode(), False),
    "folder.txt/inside.md": (GOOD.encode(), False),
    "bom.txt": (b"\xef\xbb\xbf" + GOOD.encode(), False),
    "not_a_release.txt": (b"Lorem ipsum dolor sit amet, consectetur adipiscing elit.", False),
}


@pytest.fixture(scope="module")
def bad_run(tmp_path_factory: pytest.TempPathFactory) -> BadRun:
    raw = tmp_path_factory.mktemp("raw")
    for name, (content, _) in KINDS.items():
        path = raw / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content() if callable(content) else content)
    shutil.copy(SEED, raw / SEED.name)
    (raw / "broken_link.txt").symlink_to(raw / "missing-target.txt")
    (raw / "loop.txt").symlink_to(raw / "loop.txt")
    (raw / "loop_dir").symlink_to(raw)  # a folder loop: not followed
    unreadable = raw / "unreadable.txt"
    unreadable.write_text(GOOD)
    unreadable.chmod(0)
    before = {p: p.stat().st_mtime for p in raw.rglob("*") if p.is_file() and not p.is_symlink()}
    out = tmp_path_factory.mktemp("out")
    code = main([str(raw), str(out), "--quiet", "--workers", "1", "--max-bytes", str(2 * 1024 * 1024)])
    return raw, out, code, before


def test_every_bad_file_is_one_error_row_and_every_good_file_is_written(bad_run: BadRun) -> None:
    raw, out, code, _ = bad_run
    assert code == 1
    errors = pq.read_table(out / "errors.parquet").to_pylist()
    failed = [e["source_path"] for e in errors]
    assert len(failed) == len(set(failed)), "one error row per bad file"
    expected_bad = {name for name, (_, bad) in KINDS.items() if bad} | {"broken_link.txt", "loop.txt"}
    if os.geteuid() != 0:  # root reads any file
        expected_bad.add("unreadable.txt")
    assert set(failed) == expected_bad
    assert all(e["message"] and "\n" not in e["message"] for e in errors)
    docs = set(pq.read_table(out / "documents.parquet").column("source_path").to_pylist())
    good = {name for name, (_, bad) in KINDS.items() if not bad} | {SEED.name}
    assert good <= docs
    q = pq.read_table(out / "quantities.parquet").to_pylist()
    assert sum(1 for r in q if r["source_path"] == SEED.name) == 35
    assert any(r["source_path"] == "ünïcødé–名前.txt" and r["value"] == 1200 for r in q)


def test_inputs_untouched_and_nothing_written_outside_output(bad_run: BadRun) -> None:
    raw, out, _, before = bad_run
    after = {p: p.stat().st_mtime for p in raw.rglob("*") if p.is_file() and not p.is_symlink()}
    assert after == before
    names = {p.name for p in out.iterdir()}
    assert {"documents.parquet", "sections.parquet", "quantities.parquet", "errors.parquet"} <= names


def test_values_are_finite_and_spans_are_surfaces(bad_run: BadRun) -> None:
    import math

    _, out, _, _ = bad_run
    texts = {d["doc_id"]: d["text"] for d in pq.read_table(out / "documents.parquet").to_pylist()}
    for r in pq.read_table(out / "quantities.parquet").to_pylist():
        assert r["value"] is None or math.isfinite(r["value"])
        assert texts[r["doc_id"]][r["char_start"]:r["char_end"]] == r["text"]
