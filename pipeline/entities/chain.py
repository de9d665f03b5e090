"""The entity precedence chain: which rule names what a figure counts, tried in order, then the overrides."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from pipeline.entities.ages import age_as_noun
from pipeline.entities.measures import DELIBERATION, SPEED, deliberation, pages, speed
from pipeline.entities.nouns import entity_for, parenthetical, partitive, prison_term, what_changed
from pipeline.quantities.annotate import change_word_at
from pipeline.quantities.relate import entity_of, same_as_before
from pipeline.records import Bound, Candidate, Entity, Quantity, UnitHit

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

__all__ = ["entity_of_figure"]


_PERIOD = Entity("period")
_MEASURES = {"duration": _PERIOD, "speed": SPEED}


# 'Burglaries decreased by 18.4%, grand larcenies by 7.2%': the verb is left out, the noun before 'by' is counted
_GAPPED_BY = re.compile(r",?\s+(by)\s+(?:about\s+|nearly\s+|almost\s+|roughly\s+|approximately\s+)?$")
_OF_THIS_AMOUNT = re.compile(r"\b[Oo]f\s+(?:this|that|the)\s+(?:amount|total|sum|money|number|figure)s?\s*,\s*"
                             r"(?:[a-z]+\s+){0,3}$")
_THAT_BEFORE = re.compile(r"\b(?:that|this|the\s+same)\s+$", re.IGNORECASE)
_PERIOD_WORDS = frozenset({"day", "days", "week", "weeks", "month", "months", "year", "years", "hour", "hours"})
_SPENT_BEFORE = re.compile(r"\b(?:spent|spend|spends|spending)\s+(?:more\s+than\s+|nearly\s+|almost\s+|about\s+|over\s+)?$",
                           re.IGNORECASE)  # 'has collectively spent ten years'
_LATER_AFTER = re.compile(r"\s+(?:later|ago|earlier|afterwards?|prior)\b", re.IGNORECASE)  # 'Just nine minutes later'
_BY_BEFORE = re.compile(r"\bby\s+$", re.IGNORECASE)
_OF_AFTER = re.compile(r"\s+of\s")  # 'over 30 years of experience' measures the experience
_PERIOD_BEFORE = re.compile(r"\b(?:over|in|during|for|within|throughout|past|last|next)\s+(?:the\s+)?"
                            r"(?:past\s+|last\s+|next\s+|first\s+)?$", re.IGNORECASE)


def _a_period(text: str, cand: Candidate, unit: UnitHit | None) -> bool:
    """A duration that is a span of time: 'over the past two years', 'has spent ten years' (unless 'of' names what
    the years are of), 'Just nine minutes later'."""
    end = unit.end if unit else cand.end
    spans = _PERIOD_BEFORE.search(text, max(0, cand.start - 32), cand.start) \
        or _SPENT_BEFORE.search(text, max(0, cand.start - 24), cand.start)
    return bool(spans and not _OF_AFTER.match(text, end) or unit and _LATER_AFTER.match(text, unit.end))


def _cell_entity(cells: dict[int, Entity] | None, base: int, cand: Candidate) -> Entity | None:
    """A figure in a flattened table (see pipeline.entities.cells), with its offsets made relative to the block."""
    ent = (cells or {}).get(base + cand.start)
    if ent is None or ent.start is None or ent.end is None:
        return ent
    return Entity(ent.text, ent.start - base, ent.end - base)


def entity_of_figure(text: str, doc: "Doc", span: "Span", cand: Candidate, unit: UnitHit | None, kind: str,
                     bound: Bound | None, ent: Entity | None, caption: Entity | None, cells: dict[int, Entity] | None,
                     base: int, out: list[Quantity], previous_entity: dict[int, Entity], sent_start: int,
                     ) -> Entity | None:
    """What the figure counts: the first resolver that names it, in order of precedence, then the overrides
    ('Of this amount', 'That number', the document's letters, a span of time, the sentence's last entity).
    `ent` is an age's person found with the unit; `previous_entity` (by sentence start) is updated."""
    first = bound.start if bound is not None else cand.start
    by = kind == "count" and _BY_BEFORE.search(text, max(0, first - 6), first)  # 'victims ticked up by three'
    changed_at = change_word_at(text, cand, bound) if kind == "percent" or by else None
    gapped = _GAPPED_BY.search(text, max(0, cand.start - 40), cand.start) if kind == "percent" else None
    ent = (ent or _cell_entity(cells, base, cand) or prison_term(text, cand, unit)
           or (what_changed(doc, changed_at) if changed_at is not None else None)
           or (what_changed(doc, gapped.start(1), before=True) if gapped else None)
           or age_as_noun(doc, text, cand, unit) or caption
           or (speed(doc, unit.end) if kind == "speed" and unit else None) or pages(text, cand)
           or (deliberation(text, cand.start, unit.end) if kind == "duration" and unit else None)
           or (partitive(doc, span) if unit is None else None)
           or (_PERIOD if kind == "duration" and _a_period(text, cand, unit) else None)
           or same_as_before(text, base, cand, unit, out, previous_entity.get(sent_start))
           or entity_for(doc, span, unit.end if unit else None, unit is not None and unit.end > cand.end))
    if ent is None:
        ent = parenthetical(doc, span)
    if out and out[-1].entity and _OF_THIS_AMOUNT.search(text, max(0, cand.start - 60), cand.start):
        ent = entity_of(out[-1], base)  # 'the collection of $31,435,177 ... Of this amount, $2,549,864 was'
    if ent is not None and ent.start is not None and out and out[-1].entity \
            and ent.text.lower() in ("number", "figure", "amount", "sum", "total") \
            and _THAT_BEFORE.search(text, max(0, ent.start - 12), ent.start):
        ent = entity_of(out[-1], base)  # 'That number fluctuated between 18,669 and 24,035'
    if ent is not None and ent.start is not None and ent.end is not None and ent.text != text[ent.start:ent.end] \
            and ent.text.lower() == text[ent.start:ent.end].lower():
        ent = Entity(text[ent.start:ent.end], ent.start, ent.end)  # the document's letters, not the model's
    if ent is not None and kind == "duration" and ent.text.lower() in _PERIOD_WORDS:
        ent = None  # '100 DAYS' read as counting 'DAY': a span of time (see _MEASURES)
    if ent is None and kind in _MEASURES:
        ent = _MEASURES[kind]  # 'over the past two years', 'at 100 mph': a span of time, a speed
    elif ent is None and sent_start in previous_entity:
        ent = previous_entity[sent_start]
    if ent is not None and ent not in _MEASURES.values() and ent != DELIBERATION:
        previous_entity[sent_start] = ent
    return ent
