"""Page geometry for the PDF reader: characters into visual lines in reading order, and page furniture.

Every glyph the reader keeps goes into one `Glyphs` table; lines hold glyph numbers, so any text built from them
can carry each character back to its page and box. Columns are found from a vertical gutter that (almost) no
line crosses; a line crossing it (a title, a running header) is read in full between the column runs.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from pipeline.readers.pdf_chrome import print_furniture

_BOLD = re.compile(r"bold|black|heavy|demi", re.IGNORECASE)
_LIGATURES = {"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl", "\ufb05": "st",
              "\ufb06": "st"}
_PAGE_NUMBER = re.compile(r"(?:page\s*)?[(\[-–—]?\s*\d{1,4}\s*[)\]-–—]?(?:\s*(?:of|/)\s*\d{1,4})?", re.IGNORECASE)
EDGE_ROWS = 2  # rows at the top and at the bottom of a page where running headers and page numbers live


@dataclass(slots=True)
class Glyphs:
    """One row per kept character: its text and where it is (page 1-based, PDF points from the top left)."""

    text: list[str] = field(default_factory=list)
    page: list[int] = field(default_factory=list)
    x0: list[float] = field(default_factory=list)
    top: list[float] = field(default_factory=list)
    x1: list[float] = field(default_factory=list)
    bottom: list[float] = field(default_factory=list)
    size: list[float] = field(default_factory=list)
    bold: list[bool] = field(default_factory=list)
    line: list[int] = field(default_factory=list)  # the visual line the glyph stands on (a number per line)
    confidence: list[float] = field(default_factory=list)  # OCR word confidence 0-1; -1 for a text layer
    n_lines: int = 0

    def add(self, page: int, c: dict[str, Any]) -> int:
        """Append one pdfplumber character (ligatures expanded); its glyph index."""
        text = c["text"]
        self.text.append(_LIGATURES.get(text, text))
        self.page.append(page)
        self.x0.append(c["x0"])
        self.top.append(c["top"])
        self.x1.append(c["x1"])
        self.bottom.append(c["bottom"])
        self.size.append(round(c["size"], 1))
        self.bold.append(bool(_BOLD.search(c["fontname"] or "")))
        self.line.append(self.n_lines)
        self.confidence.append(c.get("confidence", -1.0))
        return len(self.text) - 1


@dataclass(slots=True)
class Line:
    """Glyphs on one visual line of one column; `spaced[i]`: a word gap before glyph i."""

    page: int
    column: int  # -1: across the columns (or a one-column page)
    ncols: int
    glyphs: list[int]
    spaced: list[bool]
    text: str  # glyph texts with single spaces at the gaps
    x0: float
    x1: float
    top: float
    size: float
    edge: bool  # among the first or last rows of the page

    @property
    def region(self) -> tuple[int, int]:
        """(number of columns, column) of the line."""
        return self.ncols, self.column


def page_lines(page_no: int, chars: list[dict[str, Any]], glyphs: Glyphs) -> list[Line]:
    """The page's lines in reading order (columns left to right between full-width lines)."""
    chars = [c for c in chars if c.get("upright", True) and c["text"]]
    chars.sort(key=_baseline)
    rows: list[list[dict[str, Any]]] = []
    base = -1e9
    for c in chars:
        if rows and _baseline(c) - base <= max(2.0, 0.4 * c["size"]):
            rows[-1].append(c)
        else:
            rows.append([c])
            base = _baseline(c)
    for row in rows:
        row.sort(key=lambda c: c["x0"])
    gutters = _gutters(rows)
    ncols = len(gutters) + 1
    out: list[Line] = []
    band: list[list[Line]] = [[] for _ in range(ncols)]

    def flush() -> None:
        for col in band:
            out.extend(col)
            col.clear()

    for n, row in enumerate(rows):
        edge = n < EDGE_ROWS or n >= len(rows) - EDGE_ROWS
        if ncols == 1 or _crosses(row, gutters):
            flush()
            line = _line(page_no, -1, ncols, row, glyphs, edge)
            if line:
                out.append(line)
            continue
        parts: list[list[dict[str, Any]]] = [[] for _ in range(ncols)]
        for run in _runs(row):  # a run of glyphs with no word gap goes to one column whole: no word is cut
            mid = (run[0]["x0"] + run[-1]["x1"]) / 2
            parts[sum(1 for g in gutters if mid > (g[0] + g[1]) / 2)].extend(run)
        for col, part in enumerate(parts):
            line = _line(page_no, col, ncols, part, glyphs, edge)
            if line:
                band[col].append(line)
    flush()
    return out


def _baseline(c: dict[str, Any]) -> float:
    """Where the character sits: an OCR word carries its line's baseline; a text-layer glyph its box bottom."""
    return float(c.get("baseline", c["bottom"]))


def _runs(row: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """The row cut at its spaces and wide gaps, every character in one run."""
    runs: list[list[dict[str, Any]]] = []
    prev_x1 = None
    for c in row:
        if not runs or c["text"].isspace() or (prev_x1 is not None and c["x0"] - prev_x1 > 0.15 * c["size"]):
            runs.append([])
        runs[-1].append(c)
        prev_x1 = c["x1"]
    return runs


def _segments(row: list[dict[str, Any]]) -> list[tuple[float, float]]:
    segs: list[tuple[float, float]] = []
    for c in row:
        if c["text"].isspace():
            continue
        if segs and c["x0"] - segs[-1][1] <= c["size"]:
            segs[-1] = (segs[-1][0], max(segs[-1][1], c["x1"]))
        else:
            segs.append((c["x0"], c["x1"]))
    return segs


def _gutters(rows: list[list[dict[str, Any]]], min_width: float = 8.0) -> list[tuple[float, float]]:
    """Vertical strips that at most a few rows cross and that have enough text on both sides."""
    segs = [s for row in rows for s in _segments(row)]
    if len(rows) < 8 or not segs:
        return []
    left, right = int(min(s[0] for s in segs)), int(max(s[1] for s in segs)) + 1
    cover = [0] * (right - left + 1)
    for a, b in segs:
        cover[int(a) - left] += 1
        cover[int(b) - left + 1] -= 1
    allowed = max(1, int(0.15 * len(rows)))
    runs, count, start = [], 0, None
    for i, delta in enumerate(cover):
        count += delta
        if count <= allowed and start is None:
            start = i
        elif count > allowed and start is not None:
            runs.append((left + start, left + i))
            start = None
    out = []
    for a, b in runs:
        if b - a < min_width or a <= left + 1:
            continue
        lhs = sum(1 for s in segs if s[1] <= a)
        rhs = sum(1 for s in segs if s[0] >= b)
        if min(lhs, rhs) >= max(3, 0.2 * len(segs)):
            out.append((float(a), float(b)))
    return out


def _crosses(row: list[dict[str, Any]], gutters: list[tuple[float, float]]) -> bool:
    return any(a < g[0] + 1 and b > g[1] - 1 for a, b in _segments(row) for g in gutters)


def _line(page_no: int, column: int, ncols: int, row: list[dict[str, Any]], glyphs: Glyphs, edge: bool) -> Line | None:
    ids: list[int] = []
    spaced: list[bool] = []
    parts: list[str] = []
    gap = False
    prev_x1 = 0.0
    blank: dict[str, Any] | None = None
    for c in row:
        if c["text"].isspace():
            # a space is a gap only where it overlaps no glyph: Chromium writes a zero-advance space where a
            # soft hyphen was ("comba\u00adting" prints "comba ting"), on top of the glyph before or after it
            if not ids or c["x0"] >= prev_x1 - 0.5:
                blank = c
            continue
        if blank is not None:
            gap = bool(ids) and c["x0"] >= (blank["x0"] + blank["x1"]) / 2
            blank = None
        k = glyphs.add(page_no, c)
        space = bool(ids) and (gap or c["x0"] - prev_x1 > 0.15 * c["size"])
        ids.append(k)
        spaced.append(space)
        parts.append((" " if space else "") + glyphs.text[k])
        prev_x1 = c["x1"]
        gap = False
    if not ids:
        return None
    glyphs.n_lines += 1
    sizes = Counter(glyphs.size[k] for k in ids)
    return Line(page_no, column, ncols, ids, spaced, "".join(parts), glyphs.x0[ids[0]], glyphs.x1[ids[-1]],
                min(glyphs.top[k] for k in ids), sizes.most_common(1)[0][0], edge)


def furniture(pages: list[list[Line]], stamps: list[re.Pattern[str]],
              ) -> tuple[list[list[Line]], list[re.Match[str]], list[Line]]:
    """Drop running headers and footers, a browser's print header and footer, page numbers and archive stamps
    (a stamp set in the body's own type, or read by OCR); return the body, the stamps seen, the lines dropped."""
    def key(line: Line) -> str:
        return re.sub(r"\d+", "#", " ".join(line.text.split())).lower()

    seen: Counter[str] = Counter()
    for lines in pages:
        seen.update({key(line) for line in lines if line.edge})
    running = {k for k, n in seen.items() if n >= 2 and n >= 0.5 * len(pages)}
    found: list[re.Match[str]] = []
    dropped: list[Line] = []
    body = []
    for lines in pages:
        kept = []
        for line in lines:
            rest = line.text
            for pattern in stamps:
                for m in pattern.finditer(line.text):
                    found.append(m)
                    rest = rest.replace(m.group(0), " ")
            rest = rest.strip()
            if rest != line.text and not rest:
                dropped.append(line)  # a stamp alone on its line
                continue
            if line.edge and (key(line) in running or _PAGE_NUMBER.fullmatch(rest) or print_furniture(rest)):
                dropped.append(line)
                continue
            kept.append(line)
        body.append(kept)
    return body, found, dropped
