"""Spans that look like numbers but are not quantities: dates, times, phones, addresses, identifiers."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from functools import lru_cache

from pipeline.lexicon.loader import lexicon
from pipeline.records import TrapSpan


def find_traps(text: str) -> list[TrapSpan]:
    """Spans of the text that hold numbers that are not quantities (dates, phone numbers, statutes ...)."""
    return list(_find_traps(text))


@lru_cache(maxsize=512)
def _find_traps(text: str) -> tuple[TrapSpan, ...]:
    """Cached: a short block is read once to choose what the model reads and once to annotate it."""
    return tuple(TrapSpan(m.start(), m.end(), t.kind) for t in lexicon().traps
                 if not t.needs or any(n in text for n in t.needs)
                 for m in t.pattern.finditer(text) if m.end() > m.start())


class TrapIndex:
    """Answers 'does any trap overlap [start, end)?' in log time (a block can hold thousands of traps)."""

    def __init__(self, traps: Sequence[TrapSpan]) -> None:
        spans = sorted((t.start, t.end) for t in traps)
        self.starts = [s for s, _ in spans]
        self.max_end: list[int] = []
        top = -1
        for _, e in spans:
            top = max(top, e)
            self.max_end.append(top)

    def hits(self, start: int, end: int) -> bool:
        """Whether [start, end) overlaps a trap."""
        j = bisect_left(self.starts, end)  # traps that start before `end`
        return j > 0 and self.max_end[j - 1] > start
