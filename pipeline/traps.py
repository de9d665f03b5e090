"""Spans that look like numbers but are not quantities: dates, times, phones, addresses, identifiers."""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.lexicon import lexicon


@dataclass(frozen=True, slots=True)
class TrapSpan:
    start: int
    end: int
    kind: str


def find_traps(text: str) -> list[TrapSpan]:
    return [TrapSpan(m.start(), m.end(), t.kind) for t in lexicon().traps for m in t.pattern.finditer(text)
            if m.end() > m.start()]


def overlapping(traps: list[TrapSpan], start: int, end: int) -> TrapSpan | None:
    for t in traps:
        if t.start < end and start < t.end:
            return t
    return None
