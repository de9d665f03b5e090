"""PDF lines into text: blocks (paragraphs, bullets, headings) from type size, indents and pitch, then the text
written the way the text files are, each character with the glyph it came from (-1: written by the reader).

Blocks are separated by a blank line, wrapped lines joined with a space (none after a line-end hyphen, which a
split word loses: see hyphens.py), bullets as "- " (two more spaces per nesting level), size-set headings as
"## ", a bold lead label as "**Label:**". The headline is the heading in the largest type on page 1.
"""

from __future__ import annotations

import re
from array import array
from collections import Counter
from dataclasses import dataclass, field
from itertools import pairwise
from statistics import median

from pipeline.lexicon.cues import cues
from pipeline.readers.hyphens import Evidence, breaks_at_hyphen, split_word
from pipeline.readers.pdf_layout import Glyphs, Line

HEADING_RATIO = 1.15  # a line set this much larger than the body text is a heading
PARAGRAPH_GAP = 1.35  # a line pitch this much above the usual one opens a paragraph
_BULLETS = frozenset("•●▪■◦○‣⁃–—-*·\uf0b7\uf0a7")
_CID = re.compile(r"\(cid:\d+\)")


@dataclass(slots=True)
class TextBlock:
    kind: str  # paragraph | bullet | heading
    lines: list[Line]
    level: int = 0
    hang: float = 0.0  # where the block's continuation lines start, from the column's left edge


@dataclass(slots=True)
class Measures:
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


def headline(blocks: list[TextBlock]) -> str | None:
    """The heading in the largest type on page 1, the first of them on a tie (its wrapped lines joined): the
    headline, above which a printed page has only its site name, navigation and banners, in smaller type."""
    heads = [b for b in blocks if b.kind == "heading" and b.lines[0].page == 1]
    if not heads:
        return None
    best = max(heads, key=lambda b: max(line.size for line in b.lines))  # max keeps the first of equals
    return " ".join(" ".join(line.text.split()) for line in best.lines)


def measure(glyphs: Glyphs, lines: list[Line]) -> Measures:
    sizes: Counter[float] = Counter()
    for line in lines:
        sizes[line.size] += len(line.glyphs)
    body = sizes.most_common(1)[0][0]
    pitches = [b.top - a.top for a, b in pairwise(lines)
               if a.page == b.page and a.region == b.region and a.size == b.size == body and 0 < b.top - a.top < 3 * body]
    left: dict[tuple[int, int], float] = {}
    right: dict[tuple[int, int], float] = {}
    regions_with_body = {line.region for line in lines if line.size == body}
    for line in lines:  # a column's edges are those of its body text (a nav row in smaller type says nothing)
        if line.size != body:
            continue
        left[line.region] = min(left.get(line.region, line.x0), line.x0)
        right[line.region] = max(right.get(line.region, line.x1), line.x1)
    for line in lines:
        if line.region not in regions_with_body:
            left[line.region] = min(left.get(line.region, line.x0), line.x0)
            right[line.region] = max(right.get(line.region, line.x1), line.x1)
    doc = Measures(glyphs, body, median(pitches) if pitches else 1.2 * body, left, right)
    indents = sorted(doc.indent(line) for line in lines if doc.bullet(line))
    for x in indents:
        if not doc.bullet_levels or x - doc.bullet_levels[-1] > 4:
            doc.bullet_levels.append(x)
    return doc


def blocks_of(doc: Measures, lines: list[Line]) -> list[TextBlock]:
    blocks: list[TextBlock] = []
    ends, footer = cues().sentence_end, cues().footer
    for line in lines:
        block = blocks[-1] if blocks else None
        prev = block.lines[-1] if block else None
        heading = line.size >= HEADING_RATIO * doc.body_size
        if doc.bullet(line):
            level = 1 + max(i for i, x in enumerate(doc.bullet_levels) if x <= doc.indent(line) + 4)
            blocks.append(TextBlock("bullet", [line], level, doc.indent(line, 1)))
            continue
        if (block is None or prev is None or heading != (block.kind == "heading") or abs(line.size - prev.size) > 0.8
                or (doc.bold(line) != doc.bold(prev) and not heading) or footer.match(line.text)):
            blocks.append(TextBlock("heading" if heading else "paragraph", [line], hang=doc.indent(line)))
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
            blocks.append(TextBlock("heading" if heading else "paragraph", [line], hang=doc.indent(line)))
    return blocks


def write(doc: Measures, blocks: list[TextBlock]) -> tuple[str, array, list[int]]:  # type: ignore[type-arg]
    g = doc.glyphs
    evidence = Evidence([line.text for b in blocks for line in b.lines])
    out: list[str] = []
    source = array("i")
    hyphens: list[int] = []

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
                before = "".join(out[-40:])
                if breaks_at_hyphen(before, line.text):  # no space either way; a split word loses its hyphen
                    if split_word(before, line.text, evidence):
                        out[-1] = ""  # the hyphen glyph is the last thing emitted
                        hyphens.append(source.pop())
                else:
                    emit(" ")
            for j in range(first if i == 0 else 0, len(line.glyphs)):
                if line.spaced[j] and not (i == 0 and j == first):
                    emit(" ")
                emit(g.text[line.glyphs[j]], line.glyphs[j])
                if i == 0 and j == lead:
                    emit("**")
    return "".join(out), source, hyphens


def _bold_lead(g: Glyphs, block: TextBlock) -> int:
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
