"""PDF reader: pdfplumber characters into the document text, with an offset map back to page and box.

The text is written the way the text files are: blocks separated by a blank line, wrapped lines joined with a
space, hyphenation at line ends undone, bullets as "- " (two more spaces per nesting level), size-set headings
as "## ", a bold lead label as "**Label:**". Running headers, page numbers and archive stamps are left out of
the flow, so a paragraph that runs over a page break stays one paragraph. Characters the reader writes itself
(spaces, markers) map to nothing.
"""

from __future__ import annotations

import hashlib
import io
import re
from array import array
from collections import Counter
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path
from statistics import median

from pipeline.readers.dates import iso_date
from pipeline.lexicon.loader import lexicon
from pipeline.readers.pdf_layout import Glyphs, Line, furniture, page_lines
from pipeline.records import Location, RawDocument
from pipeline.readers.text import ReadError
from pipeline.lexicon.cues import cues

__all__ = ["HEADING_RATIO", "MAX_PAGES", "PARAGRAPH_GAP", "PdfOffsets", "read_pdf"]

MAX_PAGES = 500
HEADING_RATIO = 1.15  # a line set this much larger than the body text is a heading
PARAGRAPH_GAP = 1.35  # a line pitch this much above the usual one opens a paragraph
_BULLETS = frozenset("•●▪■◦○‣⁃–—-*·\uf0b7\uf0a7")
_CID = re.compile(r"\(cid:\d+\)")
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

    def locate(self, start: int, end: int) -> Location:
        """Page of the first located character of text[start:end]; the box unites its characters on that page."""
        page = 0
        x0 = top = float("inf")
        x1 = bottom = float("-inf")
        for k in self.source[max(start, 0):end]:
            if k < 0 or (page and self.page[k] != page):
                continue
            page = self.page[k]
            x0, top = min(x0, self.x0[k]), min(top, self.top[k])
            x1, bottom = max(x1, self.x1[k]), max(bottom, self.bottom[k])
        if not page:
            return Location()
        return Location(page=page, x0=round(x0, 2), top=round(top, 2), x1=round(x1, 2), bottom=round(bottom, 2))


@dataclass(slots=True)
class _Block:
    kind: str  # paragraph | bullet | heading
    lines: list[Line]
    level: int = 0
    hang: float = 0.0  # where the block's continuation lines start, from the column's left edge


@dataclass(slots=True)
class _Doc:
    glyphs: Glyphs
    body_size: float
    pitch: float  # usual line pitch at body size
    left: dict[tuple[int, int], float]
    right: dict[tuple[int, int], float]
    bullet_levels: list[float] = field(default_factory=list)

    def indent(self, line: Line, glyph: int = 0) -> float:
        return self.glyphs.x0[line.glyphs[glyph]] - self.left[line.region]

    def full(self, line: Line, after: Line) -> bool:
        """Was `line` wrapped: would the first word of `after` not have fitted at its end?"""
        word = next((j for j in range(1, len(after.glyphs)) if after.spaced[j]), len(after.glyphs))
        width = self.glyphs.x1[after.glyphs[word - 1]] - after.x0
        return line.x1 + 0.25 * line.size + width > self.right[line.region] - 1

    def bold(self, line: Line) -> bool:
        return all(self.glyphs.bold[k] for k in line.glyphs)

    def bullet(self, line: Line) -> bool:
        first = self.glyphs.text[line.glyphs[0]]
        return len(line.glyphs) > 1 and line.spaced[1] and (first in _BULLETS or bool(_CID.fullmatch(first)))


def read_pdf(data: bytes, path: Path) -> RawDocument:
    """A PDF into the document text (reading order, furniture out, stamp found) and a map to page and box."""
    _check_bytes(data)
    import pdfplumber  # imported here: only PDF input pays for it

    glyphs = Glyphs()
    pages: list[list[Line]] = []
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            n_pages = len(pdf.pages)
            if n_pages > MAX_PAGES:
                raise ReadError(f"{n_pages} pages, above the limit of {MAX_PAGES} pages")
            for number, page in enumerate(pdf.pages, 1):
                pages.append(page_lines(number, page.chars, glyphs))
                page.close()
    except ReadError:
        raise
    except Exception as exc:  # noqa: BLE001  # pdfminer raises many kinds (syntax, stream, password, type errors) on bad files
        raise _open_error(exc) from None
    if not glyphs.text:
        raise ReadError(f"no text layer; OCR needed ({n_pages} page{'s' * (n_pages != 1)} without text)")
    body, stamps = furniture(pages, list(lexicon().stamps))
    lines = [line for page in body for line in page]
    if not lines:
        raise ReadError("no text layer; OCR needed (only a stamp or page furniture is text)")
    doc = _measure(glyphs, lines)
    text, source = _write(doc, _blocks(doc, lines))
    metadata: dict[str, object] = {}
    if stamps:
        metadata["doc_number"] = stamps[0].group("doc_number")
        metadata["posted_date"] = iso_date(stamps[0].group("posted_date"))
    offsets = PdfOffsets(source, array("i", glyphs.page), array("d", glyphs.x0), array("d", glyphs.top),
                         array("d", glyphs.x1), array("d", glyphs.bottom))
    return RawDocument(text, "pdf", hashlib.sha256(data).hexdigest(), offsets, n_pages, metadata)


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


def _measure(glyphs: Glyphs, lines: list[Line]) -> _Doc:
    sizes: Counter[float] = Counter()
    for line in lines:
        sizes[line.size] += len(line.glyphs)
    body = sizes.most_common(1)[0][0]
    pitches = [b.top - a.top for a, b in pairwise(lines)
               if a.page == b.page and a.region == b.region and a.size == b.size == body and 0 < b.top - a.top < 3 * body]
    left: dict[tuple[int, int], float] = {}
    right: dict[tuple[int, int], float] = {}
    for line in lines:
        left[line.region] = min(left.get(line.region, line.x0), line.x0)
        right[line.region] = max(right.get(line.region, line.x1), line.x1)
    doc = _Doc(glyphs, body, median(pitches) if pitches else 1.2 * body, left, right)
    indents = sorted(doc.indent(line) for line in lines if doc.bullet(line))
    for x in indents:
        if not doc.bullet_levels or x - doc.bullet_levels[-1] > 4:
            doc.bullet_levels.append(x)
    return doc


def _blocks(doc: _Doc, lines: list[Line]) -> list[_Block]:
    blocks: list[_Block] = []
    ends, footer = cues().sentence_end, cues().footer
    for line in lines:
        block = blocks[-1] if blocks else None
        prev = block.lines[-1] if block else None
        heading = line.size >= HEADING_RATIO * doc.body_size
        if doc.bullet(line):
            level = 1 + max(i for i, x in enumerate(doc.bullet_levels) if x <= doc.indent(line) + 4)
            blocks.append(_Block("bullet", [line], level, doc.indent(line, 1)))
            continue
        if (block is None or prev is None or heading != (block.kind == "heading") or abs(line.size - prev.size) > 0.8
                or (doc.bold(line) != doc.bold(prev) and not heading) or footer.match(line.text)):
            blocks.append(_Block("heading" if heading else "paragraph", [line], hang=doc.indent(line)))
            continue
        same_flow = line.page == prev.page and line.region == prev.region
        carries_on = doc.full(prev, line) or not (ends.search(prev.text) or line.text[:1].isupper())
        if heading:
            joined = same_flow and line.top - prev.top <= 1.6 * line.size
        elif same_flow:
            pitch = doc.pitch * line.size / doc.body_size
            if line.top - prev.top > PARAGRAPH_GAP * pitch:
                joined = False
            elif block.kind == "bullet":
                joined = doc.indent(line) >= block.hang - 2
            else:
                joined = carries_on
        else:  # a page or column break: carry on a paragraph cut by it
            joined = abs(doc.indent(line) - block.hang) <= 3 and carries_on
        if joined:
            if len(block.lines) == 1 and block.kind == "paragraph":
                block.hang = doc.indent(line)
            block.lines.append(line)
        else:
            blocks.append(_Block("heading" if heading else "paragraph", [line], hang=doc.indent(line)))
    return blocks


def _write(doc: _Doc, blocks: list[_Block]) -> tuple[str, array]:  # type: ignore[type-arg]
    g = doc.glyphs
    compounds = {m.group(0).lower() for b in blocks for line in b.lines
                 for m in re.finditer(r"[A-Za-z]+-[A-Za-z]+", line.text)}
    out: list[str] = []
    source = array("i")

    def emit(s: str, k: int = -1) -> None:
        out.append(s)
        source.extend([k] * len(s))

    for n, block in enumerate(blocks):
        if n:
            emit("\n\n")
        first = 0
        if block.kind == "heading":
            emit("## ")
        elif block.kind == "bullet":
            emit("  " * (block.level - 1))
            emit("-", block.lines[0].glyphs[0])
            emit(" ")
            first = 1
        lead = _bold_lead(g, block) if block.kind == "paragraph" else -1
        if lead >= 0:
            emit("**")
        for i, line in enumerate(block.lines):
            if i:
                if out[-1] in "-\u2010\u00ad" and _hyphenated("".join(out[-40:]), line, compounds):
                    out[-1] = ""  # the hyphen glyph is the last thing emitted
                    source.pop()
                else:
                    emit(" ")
            for j in range(first if i == 0 else 0, len(line.glyphs)):
                if line.spaced[j] and not (i == 0 and j == first):
                    emit(" ")
                emit(g.text[line.glyphs[j]], line.glyphs[j])
                if i == 0 and j == lead:
                    emit("**")
    return "".join(out), source


def _bold_lead(g: Glyphs, block: _Block) -> int:
    """Index of the last glyph of a bold run that opens a paragraph (and does not fill it), else -1."""
    glyphs = block.lines[0].glyphs
    last = -1
    for j, k in enumerate(glyphs):
        if not g.bold[k]:
            break
        last = j
    else:
        return -1
    letters = sum(g.text[k].isalpha() for k in glyphs[:last + 1])
    return last if letters >= 2 else -1


def _hyphenated(before: str, line: Line, compounds: set[str]) -> bool:
    """A word broken at the line end by a hyphen ("investi-" + "gations"), not a compound ("cross-" + "border")."""
    m = re.search(r"([A-Za-z]*[a-z])[-\u2010\u00ad]$", before)
    nxt = re.match(r"[a-z]+", line.text)
    if not m or not nxt:
        return False
    return f"{m.group(1)}-{nxt.group(0)}".lower() not in compounds
