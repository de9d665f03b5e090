"""Binding a qualifier to its figure and sharing a unit across the figures of a range or a list."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from pipeline.quantities.annotate import hyphen_attached, qualifier_after, qualifier_before
from pipeline.quantities.relate import FROM_BETWEEN, RANGE_BETWEEN, is_range
from pipeline.records import Bound, Candidate, Entity, UnitHit

if TYPE_CHECKING:
    from spacy.tokens import Span


# a dash joins when it is glued to the first figure or spaced on both sides: 'Stoxx 50 -1.3%' is no range
_RANGE_JOIN = re.compile(r"\s*(?:to|and|or)\s*|[-–—]\s*|\s+[-–—]\s+", re.IGNORECASE)  # '12- 18-month'
_WHEN_AFTER = re.compile(r"\s+(?:in|during|between|from|of)\s+(?:(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\b|"
                         r"(?:19|20)\d\d\b|the\s+(?:spring|summer|fall|autumn|winter)\b)")
_PREPOSITIONS = frozenset({"over", "under", "above", "below", "around", "about"})
_CAPITAL_AFTER = re.compile(r"[A-Za-z]?\s+[A-Z][a-z]")
_AND_LIST = re.compile(r",?\s+(?:and|or)\s+|,\s*", re.IGNORECASE)


def bind_qualifier(text: str, cand: Candidate, unit: UnitHit | None,
                   previous: tuple[Candidate, Bound | None, UnitHit | None] | None,
                   ) -> Bound | None:
    """The qualifier of a figure: the words before it ('more than'), else after it ('or more'), else the previous
    figure's when the two make a range or a list of like figures."""
    bound = qualifier_before(text, cand.start)
    if bound is not None and bound.text in _PREPOSITIONS and (
            hyphen_attached(text, cand, unit) or unit is not None and unit.kind == "duration"
            and _WHEN_AFTER.match(text, unit.end)):
        bound = None  # 'a 5-day period'; 'Over two days in April 2024' is when, not how long at least
    bound = bound or qualifier_after(text, cand.end, unit.end if unit else None)
    if bound is None and previous is not None and previous[1] is not None and (
            RANGE_BETWEEN.fullmatch(text[previous[0].end:cand.start])
            or _RANGE_JOIN.fullmatch(text[previous[0].end:cand.start]) and _same_unit(previous[2], unit)):
        # "an estimated $80 to $90 billion", "exceeding $100,000 and $500,000"; not "under 14 and one felony count"
        bound = previous[1]
    return bound


def _same_unit(a: UnitHit | None, b: UnitHit | None) -> bool:
    return a is not None and b is not None and (a.unit, a.kind) == (b.unit, b.kind)


Row = tuple[Candidate, "Span", UnitHit | None, Entity | None]


def share_units(text: str, rows: list[Row]) -> list[Row]:
    """Kept figures with their unit, shared along a range or a list: in '3 and 6 years old' the first number takes
    the second's unit; in '$800-1,000' the second takes the first's sign; 'aged 10-20', 'ages 9, 11 and 14': the
    age word before the first bounds them all."""
    for i in range(len(rows) - 1, 0, -1):
        (a, sa, ua, ea), (b, sb, ub, eb) = rows[i - 1], rows[i]
        if ua is None and ub is not None and ub.kind not in ("money", "multiplier") \
                and not (ub.kind == "percent" and (a.value or 0) > 100) \
                and a.form in ("digits", "words") and _RANGE_JOIN.fullmatch(text[a.end:b.start]):  # not '769 or 90%'
            rows[i - 1] = (a, sa, UnitHit(ub.unit, ub.kind, a.end), ea)
        elif ub is None and ua is not None and ua.kind == "money" and a.currency and b.form == "digits" \
                and not b.percent and re.fullmatch(r"[-–]|\s+to\s+", text[a.end:b.start]):
            rows[i] = (b, sb, UnitHit(ua.unit, ua.kind, b.end), eb)  # '$800-1,000': the sign is shared
        elif ub is None and ua is not None and ua.end > a.end and ua.kind not in ("money", "multiplier") \
                and b.form == "digits" and not b.currency and FROM_BETWEEN.search(text, max(0, a.start - 16), a.start) \
                and is_range(text, a, b, ua.end):
            rows[i] = (b, sb, UnitHit(ua.unit, ua.kind, b.end), eb)  # 'from 208 pounds to 193'
    for i in range(1, len(rows)):
        (a, sa, ua, ea), (b, sb, ub, eb) = rows[i - 1], rows[i]
        if ub is None and ua is not None and ua.kind == "age" and ua.end == a.end and b.form == "digits" \
                and (RANGE_BETWEEN.fullmatch(text[a.end:b.start]) or _AND_LIST.fullmatch(text[a.end:b.start])
                     and (b.value or 0) <= 120 and not _CAPITAL_AFTER.match(text, b.end)):  # not '29, 95 Navy Walk'
            rows[i] = (b, sb, UnitHit(ua.unit, ua.kind, b.end), eb)
    return rows
