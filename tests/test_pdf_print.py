"""PDFs as browsers print them (Chromium, header/footer, the archive stamp over body text, columns) and scans
read with OCR: title, furniture, stamp, no character lost, line-end hyphens, boxes per line, OCR errors."""

from __future__ import annotations

import importlib.util
import io
import re
import shutil
import sys
from collections import Counter
from pathlib import Path
from types import ModuleType
from typing import Any

import pdfplumber
import pytest

from pipeline.readers.hyphens import Evidence, breaks_at_hyphen, split_word
from pipeline.readers.pdf import read_layout
from pipeline.readers.pdf_layout import _LIGATURES
from pipeline.readers.read import read
from pipeline.readers.text import ReadError
from pipeline.run.document import process_file
from tests.conftest import FIXTURES, ROOT

PDFS = FIXTURES / "pdf"
TITLE = "The Life Saving Missions of ICE"
PRINTS = ["chromium_seed_header_footer.pdf", "chromium_seed_no_header_footer.pdf",
          "chromium_seed_stamp_over_body.pdf", "chromium_seed_two_columns_stamp.pdf", "chromium_seed_one_page.pdf",
          "chromium_seed_stamp_footer.pdf"]
STAMPED = ["chromium_seed_stamp_over_body.pdf", "chromium_seed_two_columns_stamp.pdf", "chromium_seed_stamp_footer.pdf"]
SCAN = PDFS / "scan_seed_stamp_footer.pdf"
EVERY = [*PRINTS, "chromium_dhs_archive_page.pdf", "seed_ice_3pages_stamp.pdf", "seed_ice_two_columns.pdf",
         "seed_ice_hyphenated.pdf", "dallas_ponzi_hard_wraps.pdf"]
needs_tesseract = pytest.mark.skipif(shutil.which("tesseract") is None, reason="Tesseract not installed")


def _reportlab(lines: list[tuple[float, float, str]], font: str = "Helvetica", size: float = 11) -> bytes:
    from reportlab.pdfgen.canvas import Canvas

    buf = io.BytesIO()
    canvas = Canvas(buf, invariant=1)
    canvas.setFont(font, size)
    for x, y, text in lines:
        canvas.drawString(x, y, text)
    canvas.showPage()
    canvas.save()
    return buf.getvalue()


# --- the headline is the title; the print header and footer leave on every page --------------------------------

@pytest.mark.parametrize("name", PRINTS)
def test_title_is_the_headline_never_the_site_name_nav_or_print_header(name: str) -> None:
    doc = read(PDFS / name)
    assert doc.metadata["title"] == TITLE
    assert f"## {TITLE}\n\n" in doc.text  # the wrapped headline is one heading


def test_title_of_the_saved_dhs_page_printed_without_its_style_sheet() -> None:
    assert read(PDFS / "chromium_dhs_archive_page.pdf").metadata["title"] == TITLE


@pytest.mark.parametrize("name", [*PRINTS, "chromium_dhs_archive_page.pdf"])
def test_browser_header_and_footer_are_removed_on_every_page(name: str) -> None:
    text = read(PDFS / name).text
    assert "file://" not in text and "| Homeland Security" not in text
    assert not re.search(r"\d{1,2}/\d{1,2}/\d{2}, \d{1,2}:\d{2}", text)  # "12/4/26, 2:44 AM"
    assert not re.search(r"(?<![\d/])\d/\d(?![\d/])", text)  # "1/4"


def test_a_one_page_print_loses_its_header_and_footer_too() -> None:
    layout = read_layout((PDFS / "chromium_seed_one_page.pdf").read_bytes())
    assert layout.n_pages == 1
    dropped = [" ".join(line.text.split()) for line in layout.furniture]
    assert any(t.startswith("file://") and t.endswith("1/1") for t in dropped)
    assert any(TITLE in t and re.match(r"\d+/\d+/\d+, ", t) for t in dropped)


# --- the stamp: its characters leave before lines are built -----------------------------------------------------

@pytest.mark.parametrize("name", STAMPED)
def test_stamp_is_recorded_and_the_body_line_under_it_stays_intact(name: str) -> None:
    doc = read(PDFS / name)
    assert (doc.metadata["doc_number"], doc.metadata["posted_date"]) == ("18082131", "2018-08-21")
    for piece in ("AILA", "18082131", "Posted", "8/21/18"):
        assert piece not in doc.text
    if name == "chromium_seed_stamp_over_body.pdf":  # the lines the stamp is printed over, one per page
        for line in ("arrested in FY 2017 had either criminal convictions, pending criminal charges, were",
                     "including over 33,000 in cases involving criminal aliens.",
                     "and in accordance with the law."):
            assert line in doc.text


def test_stamp_over_body_shares_the_rows_of_body_text_and_is_read_by_its_type() -> None:
    layout = read_layout((PDFS / "chromium_seed_stamp_over_body.pdf").read_bytes())
    assert len(layout.stamps) == layout.n_pages == 4
    with pdfplumber.open(PDFS / "chromium_seed_stamp_over_body.pdf") as pdf:
        page = pdf.pages[0]
        stamp = layout.stamps[0]
        top, bottom = min(c["top"] for c in stamp.chars), max(c["bottom"] for c in stamp.chars)
        under = [c for c in page.chars if c["top"] < bottom and c["bottom"] > top and c not in stamp.chars]
        assert len(under) > 40  # the body line it overprints
    assert {c["fontname"] for s in layout.stamps for c in s.chars} == {stamp.chars[0]["fontname"]}


# --- no character lost ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", EVERY)
def test_every_character_ends_up_in_the_text_or_in_recorded_furniture(name: str) -> None:
    """Per page, the printed characters (spaces aside) are exactly those written into the text, those of lines
    recorded as furniture, those of stamps, and line-end hyphens that split a word."""
    layout = read_layout((PDFS / name).read_bytes())
    g = layout.glyphs
    accounted: dict[int, Counter[str]] = {}

    def count(page: int, text: str) -> None:
        if not text.isspace():
            accounted.setdefault(page, Counter())[text] += 1

    for k in sorted({k for k in layout.source if k >= 0}):
        count(g.page[k], g.text[k])
    for line in layout.furniture:
        for k in line.glyphs:
            count(g.page[k], g.text[k])
    for k in layout.dropped_hyphens:
        count(g.page[k], g.text[k])
    for stamp in layout.stamps:
        for c in stamp.chars:
            count(stamp.page, _LIGATURES.get(c["text"], c["text"]))
    with pdfplumber.open(PDFS / name) as pdf:
        for number, page in enumerate(pdf.pages, 1):
            printed = Counter(_LIGATURES.get(c["text"], c["text"]) for c in page.chars if not c["text"].isspace())
            assert accounted.get(number, Counter()) == printed, (name, number)


def test_two_columns_keep_every_character_of_a_word_at_the_gutter() -> None:
    text = read(PDFS / "chromium_seed_two_columns_stamp.pdf").text
    assert "HSI operations in FY2017 demonstrate" in text
    assert "Get Involved" in text and "About DHS" in text  # the nav row over the gutter: no word cut
    assert "\u2010" not in text  # every soft-hyphen break was a split word


# --- line-end hyphens: one rule ------------------------------------------------------------------------------------

@pytest.mark.parametrize(("before", "after", "split"), [
    ("pre-", "vent", True), ("investi-", "gations", True), ("administra-", "tively", True),
    ("long-", "running", False), ("record-", "high", False), ("Toll-", "Free", False), ("cross-", "border", False),
    ("U.S.-", "Canada", False), ("MS-", "13", False), ("re-", "entered", False),
])
def test_a_hyphen_splits_a_word_or_joins_a_compound(before: str, after: str, split: bool) -> None:
    assert breaks_at_hyphen(before, after)
    assert split_word(before, after, Evidence([])) is split


def test_the_document_itself_decides_first() -> None:
    assert split_word("multi-", "agency", Evidence(["BEST teams are multiagency task forces"]))
    assert not split_word("pre-", "vent", Evidence(["a pre-vent step"]))


def test_hyphens_at_line_ends_in_a_pdf(tmp_path: Path) -> None:
    path = tmp_path / "hyphens.pdf"
    path.write_bytes(_reportlab([(72, 700, "A long-"), (72, 686, "running fight hit a record-"),
                                 (72, 672, "high, said the hotline (Toll-"), (72, 658, "Free), to help pre-"),
                                 (72, 644, "vent fraud and cross-"), (72, 630, "border crime in the U.S.-"),
                                 (72, 616, "Canada region; the dash - "), (72, 602, "stays.")]))
    assert read(path).text == ("A long-running fight hit a record-high, said the hotline (Toll-Free), to help "
                               "prevent fraud and cross-border crime in the U.S.-Canada region; the dash - stays.")


# --- a number broken over a line end has a box per piece ------------------------------------------------------------

def test_a_number_broken_across_lines_has_the_box_of_each_piece(tmp_path: Path) -> None:
    path = tmp_path / "broken.pdf"
    path.write_bytes(_reportlab([(72, 700, "The county will receive a grant of $49.1"),
                                 (72, 686, "million for roads and about 120 new buses."),
                                 (72, 672, "It is the largest grant in the history of the county, officials said.")]))
    doc = read(path)
    assert doc.offsets is not None
    start = doc.text.index("$49.1 million")
    where = doc.offsets.locate(start, start + len("$49.1 million"))
    assert where.boxes is not None and len(where.boxes) == 2
    with pdfplumber.open(path) as pdf:
        page = pdf.pages[0]
        for (number, x0, top, x1, bottom), want in zip(where.boxes, ["$49.1", "million"]):
            inside = page.within_bbox((x0 - 0.01, top - 0.01, x1 + 0.01, bottom + 0.01)).chars
            assert number == 1 and "".join(c["text"] for c in inside) == want
    assert (where.x0, where.top, where.x1, where.bottom) == where.boxes[0][1:]  # the first piece
    one = doc.text.index("120")
    assert len(doc.offsets.locate(one, one + 3).boxes or ()) == 1


# --- scans: OCR ------------------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def scan() -> Any:
    return read_layout(SCAN.read_bytes())


@needs_tesseract
def test_a_scan_is_read_with_ocr_with_pages_boxes_and_confidence(scan: Any) -> None:
    assert scan.ocr_pages == [1, 2, 3, 4] and scan.title == TITLE
    assert (scan.stamp_matches[0].group("doc_number"), scan.stamp_matches[0].group("posted_date")) == (
        "18082131", "8/21/18")
    text = scan.text
    for figure in ("127,000", "48,000", "92%", "4,818", "700,000", "20,000"):
        assert figure in text
    assert "file://" not in text and "AILA" not in text and "18082131" not in text
    g = scan.glyphs
    at = text.index("127,000")
    ks = [scan.source[i] for i in range(at, at + 7)]
    assert all(k >= 0 for k in ks) and len({g.page[k] for k in ks}) == 1
    assert all(0 < g.confidence[k] <= 1 for k in ks)


def test_where_tesseract_is_missing_the_error_says_how_to_install_it(monkeypatch: pytest.MonkeyPatch,
                                                                     tmp_path: Path) -> None:
    monkeypatch.setattr(shutil, "which", lambda name: None)
    (tmp_path / SCAN.name).write_bytes(SCAN.read_bytes())
    rows = process_file(tmp_path / SCAN.name, SCAN.name, nlp=None)  # type: ignore[arg-type]  # fails in read
    (error,) = rows.errors
    assert error["stage"] == "read" and "apt-get install tesseract-ocr tesseract-ocr-eng" in error["message"]
    with pytest.raises(ReadError, match="no text layer; OCR needed"):
        read(tmp_path / SCAN.name)


@needs_tesseract
@pytest.mark.parametrize("misread", ["Alla", "AlLA", "A1LA"])
def test_the_stamp_is_found_in_its_ocr_misreadings(misread: str, tmp_path: Path) -> None:
    """A scanned page whose stamp line the OCR reads as written here: the stamp leaves the text, is recorded."""
    from PIL import Image, ImageDraw, ImageFont

    font = ImageFont.load_default(size=42)
    image = Image.new("L", (2550, 3300), 255)
    draw = ImageDraw.Draw(image)
    draw.text((300, 300), "Agents seized 7,000 pounds of heroin in the operation.", font=font, fill=0)
    draw.text((300, 380), "More than 120 people were arrested during the week.", font=font, fill=0)
    draw.text((300, 3000), f"{misread} Doc. No. 18082131. (Posted 8/21/18)", font=font, fill=0)
    path = tmp_path / "scan.pdf"
    image.convert("1").save(path, "PDF", resolution=300)
    doc = read(path)
    assert (doc.metadata["doc_number"], doc.metadata["posted_date"]) == ("18082131", "2018-08-21")
    assert "18082131" not in doc.text and "7,000 pounds of heroin" in doc.text


# --- the seed, printed, stamped and scanned, against its gold --------------------------------------------------------

def _bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("pdf_seed_score", ROOT / "bench" / "pdf_seed_score.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("pdf_seed_score", module)
    spec.loader.exec_module(module)
    return module


@pytest.mark.model
@pytest.mark.parametrize("name", ["chromium_seed_header_footer.pdf", "chromium_seed_stamp_over_body.pdf",
                                  "chromium_seed_two_columns_stamp.pdf"])
def test_printed_seed_scores_35_of_35_with_title_stamp_and_exact_boxes(name: str, nlp: Any) -> None:
    r = _bench().score(PDFS / name, nlp)
    assert (r["tp"], r["fp"], r["fn"], r["gold"]) == (35, 0, 0, 35), (r["misses"], r["spurious"])
    assert r["value"] == r["qualifier"] == r["unit"] == 1.0 and r["title_ok"]
    assert r["stamp_ok"] or name == "chromium_seed_header_footer.pdf"  # that print has no stamp
    assert r["boxes_ok"] == 35, r["boxes_bad"]


@pytest.mark.model
@needs_tesseract
def test_scanned_seed_scores_at_least_095_with_pages_boxes_and_stamp(nlp: Any) -> None:
    r = _bench().score(SCAN, nlp)
    assert r["f1"] >= 0.95 and r["value"] >= 0.98, (r["misses"], r["spurious"], r["wrong"])
    assert r["stamp_ok"] and r["title_ok"] and r["pages_set"] and r["boxes_ok"] == r["tp"] + r["fp"]
    assert r["confidence_set"]


def test_a_word_that_runs_into_the_gutter_stays_whole(tmp_path: Path) -> None:
    """Two columns; one left-column line ends past the others, into the gutter: characters went to the
    columns one by one, so "FY19" came out "F" at the line's end and "Y19" at the head of the right column's
    line. Now a word goes to one column whole."""
    lines: list[tuple[float, float, str]] = []
    for i in range(14):
        y = 700 - 14 * i
        left = "Arrests rose again in the year FY19" if i == 6 else f"Left column line {i} of the report"
        lines += [(72, y, left), (330, y, f"Right column line {i} of the report")]
    path = tmp_path / "columns.pdf"
    path.write_bytes(_reportlab(lines))
    with pdfplumber.open(path) as pdf:
        nine = [c for c in pdf.pages[0].chars if c["text"] == "9"][0]
        right_edge = max(c["x1"] for c in pdf.pages[0].chars if c["x0"] < 300 and c["text"] != "9")
        assert nine["x1"] > right_edge  # the line does reach further than the column's others
    text = read(path).text
    assert "Arrests rose again in the year FY19" in text and "9 Right" not in text
