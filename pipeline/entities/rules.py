"""The entity rules as one ordered table, and the overrides after it, each with an id.

Every rule proposes what a figure counts (or nothing); "rules alone" takes the first proposal in table order, where a
rule of a group that applies but names nothing (NOTHING) ends its group. The overrides then replace or drop that
choice, and the fallbacks fill in when nothing was named. The learned chooser (pipeline.entities.chooser) ranks
every proposal instead, with the ids of the rules that made it among its features.

To add a rule: write `def my_rule(f: Figure) -> Entity | None` (None when it does not apply), put
`Rule("my.rule", my_rule)` at its place in ENTITY_RULES, add a row naming "my.rule" to tests/test_entity_table.py,
and retrain the chooser (python3 -m pipeline.train).
"""

from __future__ import annotations

import re

from pipeline.lexicon.fragments import BY_BEFORE
from pipeline.entities import heads, money
from pipeline.entities.ages import age_as_noun
from pipeline.entities.figure import NOTHING, Figure, Rule
from pipeline.entities.measures import DELIBERATION, SPEED, deliberation, pages, speed
from pipeline.entities.nouns import parenthetical, partitive, prison_term, what_changed
from pipeline.quantities.annotate import change_word_at
from pipeline.quantities.relate import entity_of, same_as_before
from pipeline.records import Entity

__all__ = ["ENTITY_RULES", "FALLBACKS", "OVERRIDES", "PERIOD", "by_rules", "first_proposal", "settle"]

PERIOD = Entity("period")
MEASURES = {"duration": PERIOD, "speed": SPEED}

# 'Burglaries decreased by 18.4%, grand larcenies by 7.2%': the verb is left out, the noun before 'by' is counted
_GAPPED_BY = re.compile(r",?\s+(by)\s+(?:about\s+|nearly\s+|almost\s+|roughly\s+|approximately\s+)?$")
_OF_THIS_AMOUNT = re.compile(r"\b[Oo]f\s+(?:this|that|the)\s+(?:amount|total|sum|money|number|figure)s?\s*,\s*"
                             r"(?:[a-z]+\s+){0,3}$")
_THAT_BEFORE = re.compile(r"\b(?:that|this|the\s+same)\s+$", re.IGNORECASE)
_PERIOD_WORDS = frozenset({"day", "days", "week", "weeks", "month", "months", "year", "years", "hour", "hours"})
_SPENT_BEFORE = re.compile(r"\b(?:spent|spend|spends|spending)\s+(?:more\s+than\s+|nearly\s+|almost\s+|about\s+|over\s+)?$",
                           re.IGNORECASE)  # 'has collectively spent ten years'
_LATER_AFTER = re.compile(r"\s+(?:later|ago|earlier|afterwards?|prior)\b", re.IGNORECASE)  # 'Just nine minutes later'
OF_AFTER = re.compile(r"\s+of\s")  # 'over 30 years of experience' measures the experience
_PERIOD_BEFORE = re.compile(r"\b(?:over|in|during|for|within|throughout|past|last|next)\s+(?:the\s+)?"
                            r"(?:past\s+|last\s+|next\s+|first\s+)?$", re.IGNORECASE)
_SAME_NOUNS = frozenset({"number", "figure", "amount", "sum", "total"})


def _age_person(f: Figure) -> Entity | None:
    """'Victory Banks, 33, of Chicago', 'offenders aged 18-24': whose age it is, found with the age unit."""
    return f.age


def _table_cell(f: Figure) -> Entity | None:
    """A figure in a table flattened one cell per line: its row label and column header (pipeline.entities.cells)."""
    ent = (f.cells or {}).get(f.base + f.cand.start)
    if ent is None or ent.start is None or ent.end is None:
        return ent
    return Entity(ent.text, ent.start - f.base, ent.end - f.base)


def _prison_term(f: Figure) -> Entity | None:
    return prison_term(f.text, f.cand, f.unit)


def _changed_at(f: Figure) -> int | None:
    first = f.bound.start if f.bound is not None else f.cand.start
    by = f.kind == "count" and BY_BEFORE.search(f.text, max(0, first - 6), first)  # 'victims ticked up by three'
    return change_word_at(f.text, f.cand, f.bound) if f.kind == "percent" or by else None


def _change_word(f: Figure) -> Entity | None:
    """'shootings were down 25 percent': what rose or fell."""
    at = _changed_at(f)
    return what_changed(f.doc, at) if at is not None else None


def _gapped_by(f: Figure) -> Entity | None:
    """'Burglaries decreased by 18.4%, grand larcenies by 7.2%': the noun right before 'by'."""
    gapped = _GAPPED_BY.search(f.text, max(0, f.cand.start - 40), f.cand.start) if f.kind == "percent" else None
    return what_changed(f.doc, gapped.start(1), before=True) if gapped else None


def _age_as_noun(f: Figure) -> Entity | None:
    return age_as_noun(f.doc, f.text, f.cand, f.unit)


def _caption(f: Figure) -> Entity | None:
    """The line above a table ('CBP Encounters in the Last 10 Years') names what its cells count."""
    return f.caption


def _speed(f: Figure) -> Entity | None:
    return speed(f.doc, f.unit.end) if f.kind == "speed" and f.unit else None


def _pages(f: Figure) -> Entity | None:
    return pages(f.text, f.cand)


def _deliberation(f: Figure) -> Entity | None:
    return deliberation(f.text, f.cand.start, f.unit.end) if f.kind == "duration" and f.unit else None


def _partitive(f: Figure) -> Entity | None:
    return partitive(f.doc, f.span) if f.unit is None else None


def _period(f: Figure) -> Entity | None:
    """A duration that is a span of time: 'over the past two years', 'has spent ten years' (unless 'of' names what
    the years are of), 'Just nine minutes later'."""
    if f.kind != "duration":
        return None
    text, cand, unit = f.text, f.cand, f.unit
    end = unit.end if unit else cand.end
    spans = _PERIOD_BEFORE.search(text, max(0, cand.start - 32), cand.start) \
        or _SPENT_BEFORE.search(text, max(0, cand.start - 24), cand.start)
    return PERIOD if spans and not OF_AFTER.match(text, end) or unit and _LATER_AFTER.match(text, unit.end) else None


def _same_as_before(f: Figure) -> Entity | None:
    return same_as_before(f.text, f.base, f.cand, f.unit, f.out, f.sentence_entity)


def _parenthetical(f: Figure) -> Entity | None:
    return parenthetical(f.doc, f.span)


ENTITY_RULES: tuple[Rule, ...] = (
    Rule("age.person", _age_person),
    Rule("table.cell", _table_cell),
    Rule("term.prison", _prison_term),
    Rule("change.word", _change_word),
    Rule("change.gapped_by", _gapped_by),
    Rule("age.as_noun", _age_as_noun),
    Rule("table.caption", _caption),
    Rule("measure.speed", _speed),
    Rule("measure.pages", _pages),
    Rule("measure.deliberation", _deliberation),
    Rule("partitive", _partitive),
    Rule("period.span", _period),
    Rule("relate.same_as_before", _same_as_before),
    Rule("people", heads.people),
    Rule("label.line", heads.label_line),
    Rule("money.amount_of", money.amount_of, "money"),
    Rule("money.defrauded", money.defrauded, "money"),
    Rule("money.worth_before", money.worth_before, "money"),
    Rule("money.threshold", money.threshold, "money"),
    Rule("money.worth_of", money.worth_of, "money"),
    Rule("money.paid", money.paid, "money"),
    Rule("money.in", money.money_in, "money"),
    Rule("money.of_noun", money.of_noun, "money"),
    Rule("money.for", money.spent_for, "money"),
    Rule("money.stolen", money.stolen, "money"),
    Rule("rate.of", heads.rate_of),
    Rule("parse.verb_subject", heads.verb_own_subject, "parse"),
    Rule("parse.unit_of", heads.unit_of, "parse"),
    Rule("parse.change_object", heads.change_object, "parse"),
    Rule("parse.of_object", heads.number_of, "parse"),
    Rule("parse.modified_noun", heads.modified_noun, "parse"),
    Rule("parse.multiplier_noun", heads.multiplier_noun, "parse"),
    Rule("parse.copula", heads.copula, "parse"),
    Rule("parse.at_apposition", heads.at_apposition, "parse"),
    Rule("parse.subject", heads.subject, "parse"),
    Rule("label.fallback", heads.label_fallback),
    Rule("parenthetical", _parenthetical),
)


def first_proposal(proposals: list[tuple[Rule, Entity | None]]) -> tuple[Entity | None, str | None]:
    """Rules alone, from every rule's proposal in table order: the first, a group ending at its first rule that
    applies."""
    closed: set[str] = set()
    for rule, ent in proposals:
        if ent is None or rule.group in closed:
            continue
        if ent is NOTHING:
            assert rule.group is not None, rule.id
            closed.add(rule.group)
            continue
        return ent, rule.id
    return None, None


def by_rules(f: Figure) -> tuple[Entity | None, str | None]:
    """Rules alone, asking each rule only as far as the first proposal."""
    closed: set[str] = set()
    for rule in ENTITY_RULES:
        if rule.group in closed:
            continue
        ent = rule.propose(f)
        if ent is None:
            continue
        if ent is NOTHING:
            assert rule.group is not None, rule.id
            closed.add(rule.group)
            continue
        return ent, rule.id
    return None, None


def _of_this_amount(f: Figure, ent: Entity | None) -> Entity | None:
    """'the collection of $31,435,177 ... Of this amount, $2,549,864 was': the figure before names it."""
    if f.out and f.out[-1].entity and _OF_THIS_AMOUNT.search(f.text, max(0, f.cand.start - 60), f.cand.start):
        return entity_of(f.out[-1], f.base)
    return None


def _that_number(f: Figure, ent: Entity | None) -> Entity | None:
    """'That number fluctuated between 18,669 and 24,035': the figure before names it."""
    if ent is not None and ent.start is not None and f.out and f.out[-1].entity \
            and ent.text.lower() in _SAME_NOUNS and _THAT_BEFORE.search(f.text, max(0, ent.start - 12), ent.start):
        return entity_of(f.out[-1], f.base)
    return None


def _period_word(f: Figure, ent: Entity | None) -> Entity | None:
    """'100 DAYS' read as counting 'DAY': a span of time names no entity (the fallback makes it a period)."""
    return NOTHING if ent is not None and f.kind == "duration" and ent.text.lower() in _PERIOD_WORDS else None


OVERRIDES = (("override.of_this_amount", _of_this_amount), ("override.that_number", _that_number),
             ("override.period_word", _period_word))


def _measure(f: Figure) -> Entity | None:
    """'over the past two years', 'at 100 mph': a span of time, a speed."""
    return MEASURES.get(f.kind)


def _sentence(f: Figure) -> Entity | None:
    """What the sentence counted last ('16 murders in 2000; 26 in 1999')."""
    return f.sentence_entity


FALLBACKS = (Rule("fallback.measure", _measure), Rule("fallback.sentence", _sentence))


def letters(f: Figure, ent: Entity) -> Entity:
    """The document's letters, not the model's (the model reads a line in capitals in lower case)."""
    if ent.start is not None and ent.end is not None and ent.text != f.text[ent.start:ent.end] \
            and ent.text.lower() == f.text[ent.start:ent.end].lower():
        return Entity(f.text[ent.start:ent.end], ent.start, ent.end)
    return ent


def settle(f: Figure, ent: Entity | None, rule: str | None) -> tuple[Entity | None, str | None]:
    """The overrides, in order, on a chosen entity; then the fallbacks when none is left."""
    for rule_id, override in OVERRIDES:
        new = override(f, ent)
        if new is NOTHING:
            ent, rule = None, None
        elif new is not None:
            ent, rule = new, rule_id
    if ent is not None:
        ent = letters(f, ent)
    else:
        for fallback in FALLBACKS:
            ent = fallback.propose(f)
            if ent is not None:
                return ent, fallback.id
    return ent, rule


def remembered(ent: Entity | None) -> bool:
    """Whether the sentence remembers this entity for its later figures (not a period, a speed, a deliberation)."""
    return ent is not None and ent not in MEASURES.values() and ent != DELIBERATION
