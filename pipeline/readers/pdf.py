"""PDF reader: pdfplumber characters (or, on a page with no text layer, Tesseract's words) into the document
text, with an offset map back to page and box.

Per page: the archive stamp's characters leave first (pdf_chrome.py), a page without a text layer is OCR'd
(ocr.py), the characters become visual lines in reading order (pdf_layout.py); running headers, a browser's
print header and footer, page numbers and stamps in body type are set aside as furniture, so a paragraph that
runs over a page break stays one paragraph; the lines become blocks and text (pdf_text.py). Characters the
reader writes itself (spaces, markers) map to nothing.
"""

from __future__ import annotations

import hashlib
import io
import re
from array import array
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.lexicon.loader import lexicon
from pipeline.readers.dates import iso_date
from pipeline.readers.ocr import OcrUnavailable, ocr_page, unavailable
from pipeline.readers.pdf_chrome import Stamp, separate_stamps
from pipeline.readers.pdf_layout import Glyphs, Line, furniture, page_lines
from pipeline.readers.pdf_text import blocks_of, headline, measure, write
from pipeline.readers.text import ReadError
from pipeline.records import Location, RawDocument

__all__ = ["MAX_PAGES", "OCR_BELOW_CHARS", "PdfLayout", "PdfOffsets", "read_layout", "read_pdf"]

MAX_PAGES = 500
OCR_BELOW_CHARS = 20  # a page with fewer text-layer characters than this, and something drawn, is OCR'd
_HTML = re.compile(rb"^\s*(?:<!doctype\s+html|<html|<head|<body|<\?xml[^>]*>\s*<html)", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class PdfOffsets:
    """For each document-text character the glyph it came from (-1: written by the reader), and the glyph boxes."""

    source: array  # type: ignore[type-arg]  # 'i', one per text character
    page: array  # type: ignore[type-arg]  # 'i', one per glyph
    x0: array  # type: ignore[type-arg]  # 'd', one per glyph
    top: array  # type: ignore[type-arg]
    x1: array  # type: ignore[type-arg]
    bottom: array  # type: ignore[type-arg]
    line: array  # type: ignore[type-arg]  # 'i', one per glyph: the visual line it stands on
    confidence: array  # type: ignore[type-arg]  # 'd', one per glyph: OCR confidence 0-1, -1 for a text layer

    def locate(self, start: int, end: int) -> Location:
        """Where text[start:end] was printed: one box per visual line it stands on, each uniting only its own
        characters (a number broken over two lines has two boxes); page and box are those of the first
        piece; the confidence is the lowest OCR confidence of its characters (None for a text layer)."""
        pieces: dict[int, list[float]] = {}  # line -> [page, x0, top, x1, bottom]
        confidence = 2.0
        for k in self.source[max(start, 0):end]:
            if k < 0:
                continue
            if self.confidence[k] >= 0:
                confidence = min(confidence, self.confidence[k])
            box = pieces.get(self.line[k])
            if box is None:
                pieces[self.line[k]] = [self.page[k], self.x0[k], self.top[k], self.x1[k], self.bottom[k]]
            else:
                box[1], box[2] = min(box[1], self.x0[k]), min(box[2], self.top[k])
                box[3], box[4] = max(box[3], self.x1[k]), max(box[4], self.bottom[k])
        if not pieces:
            return Location()
        boxes = tuple((int(b[0]), round(b[1], 2), round(b[2], 2), round(b[3], 2), round(b[4], 2))
                      for b in pieces.values())
        page, x0, top, x1, bottom = boxes[0]
        return Location(page=page, x0=x0, top=top, x1=x1, bottom=bottom, boxes=boxes,
                        confidence=None if confidence > 1 else round(confidence, 3))


@dataclass(slots=True)
class PdfLayout:
    """Everything the reader saw on the pages: the body text, and what it set aside as page furniture."""

    glyphs: Glyphs
    n_pages: int
    text: str
    source: array  # type: ignore[type-arg]
    furniture: list[Line]  # running headers, print header/footer, page numbers, stamps in the body's type
    stamps: list[Stamp]  # stamps taken out character by character before lines were built
    stamp_matches: list[re.Match[str]]
    dropped_hyphens: list[int]  # glyphs of line-end hyphens that split a word
    ocr_pages: list[int]
    title: str | None


def read_pdf(data: bytes, path: Path) -> RawDocument:
    """A PDF into the document text (reading order, furniture out, stamp found, OCR where a page has no text
    layer) and a map to page and box."""
    layout = read_layout(data)
    g = layout.glyphs
    metadata: dict[str, object] = {}
    if layout.title:
        metadata["title"] = layout.title
    if layout.stamp_matches:
        metadata["doc_number"] = layout.stamp_matches[0].group("doc_number")
        metadata["posted_date"] = iso_date(layout.stamp_matches[0].group("posted_date"))
    offsets = PdfOffsets(layout.source, array("i", g.page), array("d", g.x0), array("d", g.top), array("d", g.x1),
                         array("d", g.bottom), array("i", g.line), array("d", g.confidence))
    return RawDocument(layout.text, "pdf", hashlib.sha256(data).hexdigest(), offsets, layout.n_pages, metadata)


def read_layout(data: bytes) -> PdfLayout:
    """The pages read into lines (OCR where a page has no text layer), furniture and stamps set aside, the
    body written as text with its offset map."""
    _check_bytes(data)
    import pdfplumber  # imported here: only PDF input pays for it

    glyphs = Glyphs()
    pages: list[list[Line]] = []
    patterns = list(lexicon().stamps)
    stamps: list[Stamp] = []
    ocr_pages: list[int] = []
    no_ocr = ""
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            n_pages = len(pdf.pages)
            if n_pages > MAX_PAGES:
                raise ReadError(f"{n_pages} pages, above the limit of {MAX_PAGES} pages")
            for number, page in enumerate(pdf.pages, 1):
                chars, found = separate_stamps(number, page.chars, patterns)
                stamps.extend(found)
                if _needs_ocr(page, chars):
                    no_ocr = no_ocr or (unavailable() or "")
                    if not no_ocr:
                        chars = chars + _outside(ocr_page(page), chars, found)
                        ocr_pages.append(number)
                pages.append(page_lines(number, chars, glyphs))
                page.close()
    except ReadError:
        raise
    except OcrUnavailable as exc:
        raise ReadError(f"no text layer; OCR needed: {exc}") from None
    except Exception as exc:  # noqa: BLE001  # pdfminer raises many kinds (syntax, stream, password, type errors) on bad files
        raise _open_error(exc) from None
    if not glyphs.text:
        plural = f"{n_pages} page{'s' * (n_pages != 1)}"
        if no_ocr:
            raise ReadError(f"no text layer; OCR needed ({plural} without text): {no_ocr}")
        if ocr_pages:
            raise ReadError(f"no text layer; OCR read no text ({plural})")
        raise ReadError(f"no text layer; OCR needed ({plural} without text)")
    body, matches, dropped = furniture(pages, patterns)
    lines = [line for page in body for line in page]
    if not lines:
        raise ReadError("no text layer; OCR needed (only a stamp or page furniture is text)")
    doc = measure(glyphs, lines)
    blocks = blocks_of(doc, lines)
    text, source, hyphens = write(doc, blocks)
    every = sorted([(s.page, s.match) for s in stamps] + [(0, m) for m in matches], key=lambda x: x[0])
    return PdfLayout(glyphs, n_pages, text, source, dropped, stamps, [m for _, m in every], hyphens, ocr_pages,
                     headline(blocks))


def _needs_ocr(page: Any, chars: list[dict[str, Any]]) -> bool:
    """A page with (almost) no text layer but something drawn on it: a scan, or text set as outlines."""
    if sum(1 for c in chars if not c["text"].isspace()) >= OCR_BELOW_CHARS:
        return False
    return bool(page.images or page.rects or page.curves)


def _outside(ocr: list[dict[str, Any]], chars: list[dict[str, Any]], stamps: list[Stamp]) -> list[dict[str, Any]]:
    """OCR characters not printed where the text layer (or a stamp in it) already has a character."""
    taken = list(chars) + [c for s in stamps for c in s.chars]
    if not taken:
        return ocr
    return [o for o in ocr if not any(o["x0"] < c["x1"] and c["x0"] < o["x1"] and o["top"] < c["bottom"]
                                      and c["top"] < o["bottom"] for c in taken)]


def _check_bytes(data: bytes) -> None:
    if not data.strip():
        raise ReadError("empty file")
    head = data[:1024]
    if b"%PDF-" not in head:
        if _HTML.match(head) or b"<html" in head.lower():
            raise ReadError("not a PDF: the file is an HTML page with a .pdf name")
        raise ReadError("not a PDF: no %PDF- header")
    if b"%%EOF" not in data[-4096:]:
        raise ReadError("truncated or corrupt PDF: no %%EOF marker at the end of the file")


def _open_error(exc: Exception) -> ReadError:
    inner = exc.args[0] if exc.args and isinstance(exc.args[0], Exception) else exc
    name = type(inner).__name__
    if "Password" in name or "Encrypt" in name:
        return ReadError("encrypted PDF: a password is needed to read it")
    message = " ".join(str(inner).split())[:200]
    return ReadError(f"corrupt PDF: {name}{': ' + message if message else ''}")
