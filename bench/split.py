"""One sentence splitter shared by all tools in the benchmark (stdlib only: it runs in both environments).

Lines are split first (press releases are line-oriented), then each line at sentence-final
punctuation followed by whitespace and an upper-case letter, digit, quote, bracket or currency sign.
Offsets are character offsets into the document text.
"""
from __future__ import annotations

import re

_LINE = re.compile(r"[^\n\r]+")
_ABBREV = re.compile(r"(?:\b(?:[A-Za-z]\.)+|\b(?:Mr|Mrs|Ms|Dr|St|No|Nos|Gov|Sen|Rep|Lt|Sgt|Capt|Det|Inc|Co|Corp|Jr|Sr|vs|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|Dept|Gen|Col|Ave|Blvd)\.)$")
_BOUNDARY = re.compile(r"(?<=[.!?])[\"'\u201d\u2019)\]]?\s+(?=[A-Z0-9\"'\u201c\u2018($])")


def sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each non-blank sentence, stripped of surrounding whitespace."""
    out: list[tuple[int, int]] = []
    for line in _LINE.finditer(text):
        start = line.start()
        pieces = []
        for b in _BOUNDARY.finditer(line.group()):
            if _ABBREV.search(line.group()[: b.start()]):
                continue
            pieces.append((start, line.start() + b.start()))
            start = line.start() + b.end()
        pieces.append((start, line.end()))
        for s, e in pieces:
            seg = text[s:e]
            lead = len(seg) - len(seg.lstrip())
            trail = len(seg) - len(seg.rstrip())
            if e - trail > s + lead:
                out.append((s + lead, e - trail))
    return out
