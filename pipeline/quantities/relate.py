"""How figures relate to each other: both ends of a range, and a figure that restates the one before."""

from __future__ import annotations

import re
from dataclasses import replace

from pipeline.lexicon.fragments import VocabularyPattern
from pipeline.records import Candidate, Entity, Quantity, UnitHit

_COMPARED_FROM = re.compile(r"(?:\b(?:up|down|increased?|decreased?|rising|falling|dropping)\s+from|\bcompared\s+"
                            r"(?:to|with)|\(\s*from)\s+$", re.IGNORECASE)
_IN_PERIOD = VocabularyPattern(r"\s+(?:in|during|for)\s+(?:(?:19|20)\d\d\b|FY\s*\d|fiscal\s+year|{MONTH}(?!\w))")
_BARE_CHANGE = VocabularyPattern(r"\s*{CHANGE_NOUN}\b(?!\s+(?:in|of)\b)", re.IGNORECASE)


def same_as_before(text: str, base: int, cand: Candidate, unit: UnitHit | None, out: list[Quantity],
                   sentence_entity: Entity | None) -> Entity | None:
    """A figure that restates an earlier one counts the same thing: '585 (up from 503 in FY15)',
    '16 murders in 2000; 26 in 1999' (a list that leaves the noun out), and '93,000 pounds of drugs - a 5%
    increase over November' (a change with no 'in'/'of' of its own)."""
    if out and out[-1].entity is not None and 0 <= base + cand.start - out[-1].char_end <= 120 \
            and _COMPARED_FROM.search(text, max(0, cand.start - 24), cand.start):
        return entity_of(out[-1], base)
    if unit is None and out and out[-1].entity is not None and out[-1].unit is None and cand.form == "digits" \
            and 0 <= base + cand.start - out[-1].char_end <= 80 and _IN_PERIOD.match(text, cand.end):
        return entity_of(out[-1], base)  # '16 murders in 2000; 26 in 1999 and 32 in 1998': the noun is left out
    if unit is not None and unit.kind == "percent" and sentence_entity is not None \
            and _BARE_CHANGE.match(text, unit.end):
        return sentence_entity
    return None


# A dash joins a range only with the same spacing on both sides: 'Stoxx 50 -1.3%' is a figure and a signed one.
RANGE_BETWEEN = re.compile(r"\s*(?:to|through)\s*|[-–—]|\s+[-–—]\s+", re.IGNORECASE)


FROM_BETWEEN = re.compile(r"\b(?:from|between)\s+(?:\S+\s+)?$", re.IGNORECASE)


# 'from $36,040 at 10.45pm last night to $34,935', 'from 20 mpg in 2008 to 29 mpg': what stands between the two ends of
# a 'from ... to' says when or where, within one clause (no comma, semicolon or sentence end, no third figure's 'to')
_FROM_BEFORE = VocabularyPattern(r"\bfrom\s+(?:{APPROX}\s+)?$", re.IGNORECASE)
_FROM_TO_FILLER = re.compile(r"\s+(?:(?!(?:to|from|and|or|but)\b)[^\s,;:!?()]+\s+){1,5}to\s+", re.IGNORECASE)
_BY_ABOUT_BEFORE = VocabularyPattern(r"\bby\s+(?:{APPROX}\s+)?$", re.IGNORECASE)  # 'by about', 'by nearly'


def is_range(text: str, a: Candidate, b: Candidate, a_end: int | None = None) -> bool:
    """'10 to 20', '10-20', 'from 21 to 7', 'between 10 and 20', '1 per cent to 1.5 per cent': two figures that
    bound one amount. `a_end` is where the first figure's unit ends, when the unit is written after it.

    Also a change from one level to another with words between ('from $36,040 at 10.45pm last night to $34,935',
    'from 20 miles per gallon in 2008 to 29 mpg'). Not a change and the level it reached, each written in full
    ('increased by $43.6 billion to $419.2 billion'); 'dropped by 1 to 1.5 degrees' (the unit written once) is a
    range."""
    if a.value is None or b.value is None:
        return False
    between = text[a_end if a_end is not None else a.end:b.start]
    before = text[max(0, a.start - 24):a.start]
    if RANGE_BETWEEN.fullmatch(between):
        own_unit = bool(a.currency or a.percent or (a_end is not None and a_end > a.end))
        return not (own_unit and _BY_ABOUT_BEFORE.search(before) and b.value > 2 * a.value > 0)
    if _FROM_BEFORE.search(before) and _FROM_TO_FILLER.fullmatch(between) and not _SENTENCE_END.search(between):
        return True
    return re.fullmatch(r"\s+and\s+", between) is not None \
        and re.search(r"\bbetween\s+(?:\S+\s+)?$", before, re.IGNORECASE) is not None


_SENTENCE_END = re.compile(r"[.!?]\s+[A-Z]")


def as_range(a: Quantity, b: Quantity) -> list[Quantity]:
    """Both ends of a range carry the range as their interval and count the same thing (the nearer of their two
    entities; a normalised label counts as nearest); the second shares the first's direction. A figure that already
    ends a range starts no other ('from 5 to 7 per cent to 3 to 5 per cent', 'from $160 to $180 to $200')."""
    assert a.value is not None and b.value is not None
    if a.value_low is not None and a.value_high is not None and a.value_low != a.value_high \
            and a.value in (a.value_low, a.value_high):
        return [a, b]
    low, high = min(a.value, b.value), max(a.value, b.value)
    ent = min(((q.entity, q.entity_start, q.entity_end, q.entity_rule) for q in (a, b) if q.entity is not None),
              key=lambda e: _distance(e[1], e[2], a.char_start, b.char_end), default=(None, None, None, None))
    return [replace(a, value_low=low, value_high=high, entity=ent[0], entity_start=ent[1], entity_end=ent[2],
                    entity_rule=ent[3]),
            replace(b, value_low=low, value_high=high, change=b.change or a.change,
                    entity=ent[0], entity_start=ent[1], entity_end=ent[2], entity_rule=ent[3])]


def _distance(start: int | None, end: int | None, lo: int, hi: int) -> int:
    if start is None or end is None:
        return 0
    return max(0, lo - end, start - hi)


_RESTATED = VocabularyPattern(r"(?:\s+[A-Za-z-]+)?,?\s+or\s+(?:{APPROX}\s+)?", re.IGNORECASE)
_OR_SHARE = VocabularyPattern(r"\s+[^\s,.;]+(?:\s+[^\s,.;]+){0,3},\s+or\s+(?:{APPROX}\s+)?")
_OR = re.compile(r",?\s+or\s+")


def restated_as_share(text: str, a: Quantity, share: Quantity, between: str, share_has_of: bool) -> list[Quantity]:
    """A percent right after a figure, joined by 'or', restates it as a share ('between' is the text from the end of
    the figure or its unit to the percent):
    - 'lost 190 points, or 0.6%': the share rose or fell with the figure;
    - 'approved 857 felony retail charges, or 86 percent': the share counts what the count counted;
    - '769 or 90% of convicted gang members': the count counts what the share's 'of' names."""
    if share.change is None and a.change is not None and _RESTATED.fullmatch(between):
        share = replace(share, change=a.change)
    if a.kind != "count":
        return [a, share]
    if a.entity is not None and a.entity_start is not None and not share_has_of and _OR_SHARE.fullmatch(between):
        share = _with_entity_of(share, a)
    elif a.entity is None and share.entity is not None and _OR.fullmatch(between):
        a = _with_entity_of(a, share)
    return [a, share]


def _with_entity_of(q: Quantity, source: Quantity) -> Quantity:
    return replace(q, entity=source.entity, entity_start=source.entity_start, entity_end=source.entity_end,
                   entity_rule=source.entity_rule)


def entity_of(q: Quantity, base: int) -> Entity:
    """The entity of an earlier quantity, with its offsets made relative to the block at `base`."""
    assert q.entity is not None
    if q.entity_start is None or q.entity_end is None:
        return Entity(q.entity)
    return Entity(q.entity, q.entity_start - base, q.entity_end - base)
