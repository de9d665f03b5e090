"""What a duration, a speed or a page count measures when no noun says it: a deliberation, a speed, pages."""

from __future__ import annotations

import re

from spacy.tokens import Doc

from pipeline.records import Candidate, Entity
from pipeline.entities.phrase import upos

DELIBERATION = Entity("deliberation")
SPEED = Entity("speed")

# 'After deliberating for less than 90 minutes, the jury', 'it took jurors about 20 minutes to find Lopez guilty'
_DELIBERATING_BEFORE = re.compile(r"\bdeliberat\w*\b[^.;]{0,40}$", re.IGNORECASE)
_JURY_TOOK_BEFORE = re.compile(r"\b(?:took|take|takes)\s+(?:[\w ]{0,30}\s)?(?:jury|jurors)\b[^.;]{0,30}$",
                               re.IGNORECASE)
_TO_VERDICT_AFTER = re.compile(r"[^.;]{0,30}?\bto\s+(?:return|reach|find|convict)\b", re.IGNORECASE)
_PAGES = re.compile(r"[- ](pages?)\b(?=\s+[a-z])", re.IGNORECASE)
_BE = frozenset({"is", "are", "was", "were", "be", "been", "being"})


def deliberation(text: str, start: int, unit_end: int) -> Entity | None:
    """How long a jury took, for the duration starting at `start` whose unit ends at `unit_end`."""
    before = text[max(0, start - 60):start]
    if _DELIBERATING_BEFORE.search(before) \
            or _JURY_TOOK_BEFORE.search(before) and _TO_VERDICT_AFTER.match(text, unit_end):
        return DELIBERATION
    return None


def pages(text: str, cand: Candidate) -> Entity | None:
    """'a 37-page report', 'The 12 page report': the figure counts the pages (as the labelled sets decide)."""
    m = _PAGES.match(text, cand.end)
    return Entity(m.group(1), m.start(1), m.end(1)) if m else None


def speed(doc: Doc, unit_end: int) -> Entity | None:
    """'driving nearly 100 mph': the figure measures a speed; not 'a 25 mph zone' (a noun it describes) or
    'The posted speed limit is 40 miles per hour' (what it is, named)."""
    last = next((t for t in reversed(doc) if t.idx < unit_end), None)
    if last is None:
        return SPEED
    nxt = doc[last.i + 1] if last.i + 1 < len(doc) else None
    if nxt is not None and upos(nxt) in ("NOUN", "PROPN"):
        return None
    return None if any(t.dep_ == "attr" and t.head.lower_ in _BE for t in (last, *last.ancestors)) else SPEED
