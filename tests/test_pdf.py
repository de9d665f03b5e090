"""PDF input: the seed release printed three ways reads like the text file; boxes; furniture; clear errors."""

from __future__ import annotations

import importlib.util
import io
import pickle
import re
import sys
from pathlib import Path
from collections.abc import Callable
from typing import Any

import pdfplumber
import pytest

import pipeline.readers.pdf as read_pdf_module
from pipeline.records import Location, RawDocument
from pipeline.readers.read import read
from pipeline.readers.text import ReadError
from pipeline.run.document import process_file
from pipeline.output.rows import Rows
from pipeline.structure.sections import analyse
from tests.conftest import FIXTURES, SEED

PDFS = FIXTURES / "pdf"
SEED_PDF = PDFS / "seed_ice_3pages_stamp.pdf"
LAYOUTS = ["seed_ice_3pages_stamp.pdf", "seed_ice_two_columns.pdf", "seed_ice_hyphenated.pdf"]
DALLAS_PDF = PDFS / "dallas_ponzi_hard_wraps.pdf"
HEADINGS = ["Bottom Line", "First", "Second", "Third", "Fourth", "Finally"]


def _read(path: Path) -> RawDocument:
    return read(path)


@pytest.fixture(scope="module")
def seed_pdf() -> RawDocument:
    return _read(SEED_PDF)


def _structure_outline(text: str) -> list[tuple[str, int, str]]:
    """Kinds, levels and first words of the blocks, whitespace ignored: what the sectionizer made of a text."""
    s = analyse(text)
    return [(b.kind, b.level, " ".join(text[b.start:b.end].split())[:40]) for b in s.blocks]


# --- reading: the three layouts of the seed give one text, structured like the text file -----------------------

@pytest.mark.parametrize("name", LAYOUTS[1:])
def test_every_layout_of_the_seed_reads_to_the_same_text(name: str, seed_pdf: RawDocument) -> None:
    assert _read(PDFS / name).text == seed_pdf.text


def test_seed_pdf_has_the_sections_bullets_and_headings_of_the_text_file(seed_pdf: RawDocument) -> None:
    want = [x for x in _structure_outline(SEED.read_text(encoding="utf-8")) if x[0] in ("bullet", "heading", "title")]
    got = [x for x in _structure_outline(seed_pdf.text) if x[0] in ("bullet", "heading", "title")]
    assert got == want
    structure = analyse(seed_pdf.text)
    assert [s.heading for s in structure.sections] == HEADINGS
    assert (structure.metadata.title, structure.metadata.release_date) == ("The Life Saving Missions of ICE",
                                                                           "2018-08-20")


def test_stamp_header_and_page_numbers_leave_the_flow_and_the_stamp_is_recorded(seed_pdf: RawDocument) -> None:
    assert seed_pdf.format == "pdf" and seed_pdf.n_pages == 3
    assert seed_pdf.metadata == {"title": "The Life Saving Missions of ICE", "doc_number": "18082131",
                                 "posted_date": "2018-08-21"}  # the headline: the largest type atop page 1
    for furniture in ("AILA", "18082131", "Posted", "Page 1 of 3", "8/21/2018", "| Homeland Security"):
        assert furniture not in seed_pdf.text


def test_hyphenation_at_line_ends_is_undone_but_compounds_keep_their_hyphen() -> None:
    path = PDFS / "seed_ice_hyphenated.pdf"
    with pdfplumber.open(path) as pdf:
        printed = "\n".join(page.extract_text() for page in pdf.pages)
    assert re.search(r"investi-\ngations", printed)
    assert len(re.findall(r"[a-z]-\n[a-z]", printed)) >= 10
    text = _read(path).text
    assert "who conduct investigations against" in text and "investi-" not in text
    assert "cross-border" in text and "re-entered" in text and "MS-13" in text


def test_paragraph_cut_by_a_page_break_is_one_paragraph(seed_pdf: RawDocument) -> None:
    dallas = _read(DALLAS_PDF)
    assert dallas.n_pages == 2 and "(1)" not in dallas.text and "(2)" not in dallas.text
    assert "thank the jury for their attention, time and diligence" in dallas.text
    assert "The trial lasted two weeks but it only took jurors about 20 minutes to find Lopez guilty." in dallas.text
    assert "\n\n###\n\n" in dallas.text  # the end mark stays a line of its own, so the footer is found
    assert "Frank Crowley Courts Building" in dallas.text  # the letterhead address is not repeated: it stays
    # In the seed, every block is one paragraph whatever page it starts on.
    assert all("\n" not in block for block in seed_pdf.text.split("\n\n"))


# --- provenance: every character back to its glyph ---------------------------------------------------------------

def _glyph_at(page: Any, where: Location) -> str:
    """The characters printed inside the box, in reading order."""
    assert where.x0 is not None and where.top is not None and where.x1 is not None and where.bottom is not None
    inside = [c for c in page.chars if not c["text"].isspace() and c["x0"] >= where.x0 - 0.01
              and c["x1"] <= where.x1 + 0.01 and c["top"] >= where.top - 0.01 and c["bottom"] <= where.bottom + 0.01]
    return "".join(c["text"] for c in sorted(inside, key=lambda c: (round(c["bottom"]), c["x0"])))


@pytest.mark.parametrize("name", LAYOUTS)
def test_every_number_is_located_and_its_box_spells_it(name: str) -> None:
    doc = _read(PDFS / name)
    assert doc.offsets is not None
    numbers = list(re.finditer(r"\d[\d,.%]*\d|\d", doc.text))
    assert len(numbers) > 40
    with pdfplumber.open(PDFS / name) as pdf:
        for m in numbers:
            where = doc.offsets.locate(m.start(), m.end())
            assert where.page is not None and where.x0 is not None and where.x1 is not None, m.group()
            assert where.top is not None and where.bottom is not None, m.group()
            assert where.x0 < where.x1 and where.top < where.bottom, m.group()
            assert _glyph_at(pdf.pages[where.page - 1], where) == m.group(), m.group()


def test_reader_written_characters_map_to_nothing(seed_pdf: RawDocument) -> None:
    assert seed_pdf.offsets is not None
    text = seed_pdf.text
    for marker in ("\n\n", "## ", "**"):
        at = text.index(marker)
        assert seed_pdf.offsets.locate(at, at + len(marker)) == Location()
    join = text.index("protect America from") + len("protect America from")  # a line break in the PDF
    assert text[join] == " " and seed_pdf.offsets.locate(join, join + 1) == Location()


def test_offset_map_is_plain_picklable_data(seed_pdf: RawDocument) -> None:
    again = pickle.loads(pickle.dumps(seed_pdf))
    assert again.text == seed_pdf.text
    assert again.offsets.locate(100, 400) == seed_pdf.offsets.locate(100, 400)  # type: ignore[union-attr]


def _page_span(doc: RawDocument, start: int, end: int) -> tuple[int | None, int | None]:
    pages = [doc.offsets.locate(i, i + 1).page for i in range(start, end)]  # type: ignore[union-attr]
    located = [p for p in pages if p]
    return (located[0], located[-1]) if located else (None, None)


def test_sections_run_over_page_breaks(seed_pdf: RawDocument) -> None:
    spans = [_page_span(seed_pdf, s.char_start, s.char_end) for s in analyse(seed_pdf.text).sections]
    assert spans[0][0] == 1 and spans[-1][1] == 3
    assert all(a is not None and b is not None and a <= b for a, b in spans)
    assert any(a < b for a, b in spans)  # type: ignore[operator]


# --- clear errors ------------------------------------------------------------------------------------------------

def _pdf(draw: Any = None, **kwargs: Any) -> bytes:
    from reportlab.pdfgen.canvas import Canvas

    buf = io.BytesIO()
    canvas = Canvas(buf, invariant=1, **kwargs)
    (draw or (lambda c: c.drawString(72, 700, "Agents seized 7,000 pounds.")))(canvas)
    canvas.showPage()
    canvas.save()
    return buf.getvalue()


BAD: dict[str, tuple[Callable[[], bytes], str]] = {
    "encrypted.pdf": (lambda: _pdf(encrypt="secret"), "encrypted PDF"),
    "truncated.pdf": (lambda: SEED_PDF.read_bytes()[:SEED_PDF.stat().st_size // 2], "truncated or corrupt PDF"),
    "corrupt.pdf": (lambda: b"%PDF-1.4\n1 0 obj << /Type /Catalog >> garbage\ntrailer <<>>\n%%EOF\n", "corrupt PDF"),
    "scanned.pdf": (lambda: _pdf(lambda c: c.rect(72, 72, 400, 600, fill=1)), "no text layer; OCR"),
    "page.pdf": (lambda: b"<!DOCTYPE html>\n<html><body>Seized 7,000 pounds</body></html>\n", "HTML page"),
    "empty.pdf": (lambda: b"", "empty file"),
}


@pytest.mark.parametrize("name", sorted(BAD))
def test_bad_pdf_gives_a_one_line_read_error(name: str, tmp_path: Path) -> None:
    make, message = BAD[name]
    path = tmp_path / name
    path.write_bytes(make())
    with pytest.raises(ReadError, match=re.escape(message)) as info:
        read(path)
    assert "\n" not in str(info.value)
    tables = process_file(path, name, nlp=None)  # type: ignore[arg-type]  # the read fails before any model use
    assert [(e["stage"], e["error_type"]) for e in tables.errors] == [("read", "ReadError")]


def test_page_count_above_the_limit_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(read_pdf_module, "MAX_PAGES", 2)
    with pytest.raises(ReadError, match="3 pages, above the limit of 2 pages"):
        read(SEED_PDF)


def test_scan_whose_only_text_is_the_archive_stamp_needs_ocr(tmp_path: Path) -> None:
    def draw(c: Any) -> None:
        c.rect(72, 72, 400, 600, fill=1)
        c.setFont("Helvetica-Oblique", 7)
        c.drawString(36, 30, "AILA Doc. No. 18082131. (Posted 8/21/18)")

    path = tmp_path / "scan.pdf"
    path.write_bytes(_pdf(draw))
    with pytest.raises(ReadError, match="no text layer; OCR"):  # OCR reads nothing in a black box
        read(path)


# --- the same answers as the text --------------------------------------------------------------------------------

def _answers(path: Path, nlp: Any) -> list[tuple[Any, ...]]:
    tables = process_file(path, path.name, nlp)
    assert not tables.errors, tables.errors
    heading = {s["section_id"]: s["heading"] for s in tables.sections}
    return [(q["text"], q["value"], q["qualifier"], q["unit"], q["entity"], heading.get(q["section_id"]))
            for q in tables.quantities]


@pytest.mark.model
@pytest.mark.parametrize("name", LAYOUTS)
def test_seed_pdf_gives_the_same_quantities_as_the_seed_text(name: str, nlp: Any) -> None:
    want = _answers(SEED, nlp)
    assert len(want) == 35
    assert _answers(PDFS / name, nlp) == want


@pytest.fixture(scope="module")
def pdf_run(tmp_path_factory: pytest.TempPathFactory, nlp: Any) -> dict[str, Rows]:
    """One file at a time through run.process_file, as a run does it: the seed PDF and every bad PDF."""
    raw = tmp_path_factory.mktemp("raw")
    (raw / SEED_PDF.name).write_bytes(SEED_PDF.read_bytes())
    for name, (make, _) in BAD.items():
        (raw / name).write_bytes(make())
    return {path.name: process_file(path, path.name, nlp) for path in sorted(raw.iterdir())}


@pytest.mark.model
def test_a_run_reads_pdfs_and_bad_pdfs_give_error_rows(pdf_run: dict[str, Rows]) -> None:
    (doc,) = pdf_run[SEED_PDF.name].documents
    assert (doc["format"], doc["n_pages"], doc["doc_number"], str(doc["posted_date"])) == ("pdf", 3, "18082131",
                                                                                      "2018-08-21")
    for name in BAD:
        assert [e["stage"] for e in pdf_run[name].errors] == ["read"], name
        assert not pdf_run[name].documents


@pytest.mark.model
def test_every_quantity_row_has_a_page_and_a_box_around_its_characters(pdf_run: dict[str, Rows]) -> None:
    rows = pdf_run[SEED_PDF.name].quantities
    assert len(rows) == 35
    with pdfplumber.open(SEED_PDF) as pdf:
        for q in rows:
            assert q["page"] in (1, 2, 3) and q["x0"] < q["x1"] and q["top"] < q["bottom"], q["text"]
            where = Location(q["page"], q["x0"], q["top"], q["x1"], q["bottom"])
            inside = _glyph_at(pdf.pages[q["page"] - 1], where)
            assert inside == q["text"].replace(" ", "") or q["bottom"] - q["top"] > 15, q["text"]


@pytest.mark.model
def test_stamp_and_page_numbers_are_never_quantities(pdf_run: dict[str, Rows]) -> None:
    texts = {q["text"] for q in pdf_run[SEED_PDF.name].quantities}
    assert not texts & {"18082131", "8/21/18", "8/21/2018", "1", "2", "3"}


@pytest.mark.model
def test_sections_table_has_page_start_and_page_end(pdf_run: dict[str, Rows]) -> None:
    sections = pdf_run[SEED_PDF.name].sections
    assert [s["heading"] for s in sections] == HEADINGS
    assert all(s["page_start"] is not None and s["page_end"] is not None for s in sections)
    assert sections[0]["page_start"] == 1 and sections[-1]["page_end"] == 3


def test_fixtures_match_their_script(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("reportlab")
    spec = importlib.util.spec_from_file_location("make_fixtures", PDFS / "make_fixtures.py")
    assert spec is not None and spec.loader is not None
    make_fixtures = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, "make_fixtures", make_fixtures)  # dataclasses look their module up
    spec.loader.exec_module(make_fixtures)
    for name, make in make_fixtures.FIXTURES.items():
        make(tmp_path / name)
        assert (tmp_path / name).read_bytes() == (PDFS / name).read_bytes(), f"regenerate {name}"
