"""Binding a qualifier to its figure and sharing a unit across the figures of a range or a list."""

from __future__ import annotations

import re
from collections.abc import Callable
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


Previous = tuple[Candidate, Bound | None, UnitHit | None]


def _before(text: str, cand: Candidate, unit: UnitHit | None, previous: Previous | None) -> Bound | None:
    """'more than 127,000'; not a preposition that says when or what ('a 5-day period', 'Over two days in April')."""
    bound = qualifier_before(text, cand.start)
    if bound is not None and bound.text in _PREPOSITIONS and (
            hyphen_attached(text, cand, unit) or unit is not None and unit.kind == "duration"
            and _WHEN_AFTER.match(text, unit.end)):
        return None
    return bound


def _after(text: str, cand: Candidate, unit: UnitHit | None, previous: Previous | None) -> Bound | None:
    """'80+', '10 years or more'."""
    return qualifier_after(text, cand.end, unit.end if unit else None)


def _shared(text: str, cand: Candidate, unit: UnitHit | None, previous: Previous | None) -> Bound | None:
    """"an estimated $80 to $90 billion", "exceeding $100,000 and $500,000"; not "under 14 and one felony count"."""
    if previous is not None and previous[1] is not None and (
            RANGE_BETWEEN.fullmatch(text[previous[0].end:cand.start])
            or _RANGE_JOIN.fullmatch(text[previous[0].end:cand.start]) and _same_unit(previous[2], unit)):
        return previous[1]
    return None


# The qualifier rules, in order: the first that finds one binds it (pipeline.explain names it).
QUALIFIER_RULES: tuple[tuple[str, Callable[[str, Candidate, UnitHit | None, Previous | None], Bound | None]], ...] = (
    ("qualifier.before", _before),
    ("qualifier.after", _after),
    ("qualifier.shared", _shared),
)


def qualifier_rule(text: str, cand: Candidate, unit: UnitHit | None, previous: Previous | None,
                   ) -> tuple[Bound | None, str | None]:
    """The qualifier of a figure and the id of the rule that bound it."""
    for rule_id, rule in QUALIFIER_RULES:
        bound = rule(text, cand, unit, previous)
        if bound is not None:
            return bound, rule_id
    return None, None


def bind_qualifier(text: str, cand: Candidate, unit: UnitHit | None, previous: Previous | None) -> Bound | None:
    """The qualifier of a figure: the words before it ('more than'), else after it ('or more'), else the previous
    figure's when the two make a range or a list of like figures."""
    return qualifier_rule(text, cand, unit, previous)[0]


def _same_unit(a: UnitHit | None, b: UnitHit | None) -> bool:
    return a is not None and b is not None and (a.unit, a.kind) == (b.unit, b.kind)


Row = tuple[Candidate, "Span", UnitHit | None, Entity | None]


def _range_first_takes_second(text: str, x: Row, y: Row) -> tuple[int, Row] | None:
    """'3 and 6 years old', '10 to 20 percent': the first figure takes the second's unit (not '769 or 90%')."""
    (a, sa, ua, ea), (b, _, ub, _) = x, y
    if ua is None and ub is not None and ub.kind not in ("money", "multiplier") \
            and not (ub.kind == "percent" and (a.value or 0) > 100) \
            and a.form in ("digits", "words") and _RANGE_JOIN.fullmatch(text[a.end:b.start]):
        return 0, (a, sa, UnitHit(ub.unit, ub.kind, a.end), ea)
    return None


def _sign_shared(text: str, x: Row, y: Row) -> tuple[int, Row] | None:
    """'$800-1,000': the second figure takes the first's currency sign."""
    (a, _, ua, _), (b, sb, ub, eb) = x, y
    if ub is None and ua is not None and ua.kind == "money" and a.currency and b.form == "digits" \
            and not b.percent and re.fullmatch(r"[-–]|\s+to\s+", text[a.end:b.start]):
        return 1, (b, sb, UnitHit(ua.unit, ua.kind, b.end), eb)
    return None


def _from_to_shared(text: str, x: Row, y: Row) -> tuple[int, Row] | None:
    """'from 208 pounds to 193': the second end takes the first's unit."""
    (a, _, ua, _), (b, sb, ub, eb) = x, y
    if ub is None and ua is not None and ua.end > a.end and ua.kind not in ("money", "multiplier") \
            and b.form == "digits" and not b.currency and FROM_BETWEEN.search(text, max(0, a.start - 16), a.start) \
            and is_range(text, a, b, ua.end):
        return 1, (b, sb, UnitHit(ua.unit, ua.kind, b.end), eb)
    return None


def _age_word_shared(text: str, x: Row, y: Row) -> tuple[int, Row] | None:
    """'aged 10-20', 'ages 9, 11 and 14': the age word before the first bounds them all (not '29, 95 Navy Walk')."""
    (a, _, ua, _), (b, sb, ub, eb) = x, y
    if ub is None and ua is not None and ua.kind == "age" and ua.end == a.end and b.form == "digits" \
            and (RANGE_BETWEEN.fullmatch(text[a.end:b.start]) or _AND_LIST.fullmatch(text[a.end:b.start])
                 and (b.value or 0) <= 120 and not _CAPITAL_AFTER.match(text, b.end)):
        return 1, (b, sb, UnitHit(ua.unit, ua.kind, b.end), eb)
    return None


SharingRule = Callable[[str, Row, Row], "tuple[int, Row] | None"]
# The unit-sharing rules: the first table is asked for each pair of neighbours from the last pair back (the first
# rule that applies changes the pair), the second from the first pair on.
UNIT_SHARING_BACKWARD: tuple[tuple[str, SharingRule], ...] = (
    ("unit.range_first_takes_second", _range_first_takes_second),
    ("unit.sign_shared", _sign_shared),
    ("unit.from_to_shared", _from_to_shared),
)
UNIT_SHARING_FORWARD: tuple[tuple[str, SharingRule], ...] = (("unit.age_word_shared", _age_word_shared),)


def share_units(text: str, rows: list[Row], shared: dict[int, str] | None = None) -> list[Row]:
    """Kept figures with their unit, shared along a range or a list (the rules of UNIT_SHARING_BACKWARD and
    UNIT_SHARING_FORWARD); `shared`, when given, gets the id of the rule that gave a row its unit, by row index."""
    for order, table in ((range(len(rows) - 1, 0, -1), UNIT_SHARING_BACKWARD),
                         (range(1, len(rows)), UNIT_SHARING_FORWARD)):
        for i in order:
            for rule_id, rule in table:
                changed = rule(text, rows[i - 1], rows[i])
                if changed is not None:
                    rows[i - 1 + changed[0]] = changed[1]
                    if shared is not None:
                        shared[i - 1 + changed[0]] = rule_id
                    break
    return rows
