"""Number candidates that are not quantities: traps, years, names with digits, 'one' that does not count."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from pipeline.lexicon.fragments import BY_BEFORE
from pipeline.quantities.annotate import qualifier_before, unit_after
from pipeline.lexicon.loader import lexicon
from pipeline.records import Candidate
from pipeline.quantities.traps import TrapIndex

if TYPE_CHECKING:
    from spacy.tokens import Span

_ORDINAL_BEFORE = re.compile(r"\b(?:first|second|third|fourth|last|latter|other|back|front|top|bottom)[\s-]+$", re.IGNORECASE)
_FRACTION_AFTER = re.compile(r"\s+(?:of|the|a|an|their|its|his|her|all|that|those|these|are|were|have|had|say|said|"
                             r"report|reported)\b", re.IGNORECASE)
_THE_BEFORE = re.compile(r"\bthe\s+$", re.IGNORECASE)
_OR_MORE = re.compile(r"\s+or\s+(?:more|fewer)\b", re.IGNORECASE)  # 'one or more mandatory sentences' counts
# 'dozen eggs', 'a half dozen luxury cars', 'score of'
_COUNTED_AFTER = re.compile(r"\s+(?:of\b|(?:[a-z]+\s+){0,2}(?!(?:is|was|has|does|goes)\b)[a-z]+s\b)")
_PER_BEFORE = re.compile(r"\bper\s+$", re.IGNORECASE)
_COUNT_BEFORE = re.compile(r"\b(?:average|total|sum|group|crowd|maximum|minimum|number)\s+of\s+$", re.IGNORECASE)
_NUMBER_LABELS = frozenset({"CARDINAL", "QUANTITY", "MONEY", "PERCENT", "DATE", "TIME"})


def _is_year(cand: Candidate, span: "Span", text: str) -> bool:
    if cand.form != "digits" or cand.currency or cand.percent or "," in cand.text or "." in cand.text:
        return False
    if not (cand.value is not None and 1000 <= cand.value <= 2099 and len(cand.text) == 4):
        return False
    if cand.value < 1800 and _COUNT_BEFORE.search(text, max(0, cand.start - 16), cand.start):
        return False  # 'an average of 1500', 'a total of 1200': not an early year ('between A.D. 1000 and 1260')
    if qualifier_before(text, cand.start) is not None or unit_after(text, cand) is not None:
        return False  # 'About 1000 come from Asia', 'past the 1000 hp barrier'
    nxt = span.doc[span.end] if span.end < len(span.doc) else None
    if 1900 <= cand.value <= 2099 and _THE_BEFORE.search(text, max(0, cand.start - 8), cand.start):
        return True  # 'charged in the 1998 slayings'
    return not (nxt is not None and nxt.tag_ == "NNS" and span[-1].dep_ in ("nummod", "compound"))


def _names_with_digits(cand: Candidate, span: "Span", text: str) -> bool:
    """'the S&P 500 fell', 'Game 2', 'Apple Watch 5', 'the Big 12.': a bare number right after a capitalised
    noun in mid-sentence, in mid-line, with no noun after it (or a singular one it cannot count), is part of a
    name."""
    if cand.form != "digits" or cand.currency or cand.percent or not cand.text.isdigit():
        return False
    doc = span.doc
    if span.start == 0 or span.end >= len(doc) or "\n" in text[cand.end:cand.end + 2] or text[cand.end:cand.end + 1] == "+":
        return False
    prev, nxt = doc[span.start - 1], doc[span.end]
    if prev.tag_ not in ("NNP", "NN", "NNPS") or not prev.text[:1].isupper() or prev.is_sent_start \
            or prev.idx + len(prev) != cand.start - 1 or not text[cand.start - 1:cand.start].isspace() \
            or prev.lower_ in lexicon().age_before:  # 'BETWEEN AGES 9 AND 12' is an age
        return False
    if nxt.lower_ in lexicon().units or text[cand.end:cand.end + 1] == "-":
        return False
    after = doc[span.end + 1] if span.end + 1 < len(doc) else None
    if nxt.tag_ == "NN" and nxt.is_lower and (cand.value or 0) >= 2 and (after is None or after.tag_ != "NNS"):
        return True  # 'HIV 2 drug regimen', 'Witness 4 purchase': two or more of a singular noun is a name;
        # not 'of Hemet 3 felony counts' (a plural follows: the felony counts are counted)
    return nxt.tag_ not in ("NN", "NNS", "NNP", "NNPS", "CD", "JJ", "HYPH")


def _in_a_name(cand: Candidate, span: "Span") -> bool:
    """'the Kick Six win', 'the Central Park Five.': a capitalised written number in mid-sentence right after a
    capitalised name, followed by a stop or a lower-case singular noun, is part of the name (a title-case headline
    capitalises what follows: 'Police Arrest Six Men', 'Killing Three-Month-Old Baby')."""
    doc = span.doc
    if not cand.text[:1].isupper() or " " in cand.text or span.start == 0 or span[0].is_sent_start:
        return False
    prev = doc[span.start - 1]
    if not (prev.is_alpha and prev.text[:1].isupper() and prev.tag_ in ("NNP", "NNPS") and not prev.is_sent_start):
        return False
    nxt = doc[span.end] if span.end < len(doc) else None
    return nxt is None or nxt.text in (".", ",", ";", ":", "!", "?", ")") or (nxt.is_lower and nxt.tag_ == "NN")


def _not_counting(text: str, cand: Candidate) -> bool:
    """'one of the largest', 'no one', 'from one ... to the next': written numbers that do not count."""
    ahead = text[cand.start:cand.start + 40].lower()
    behind = text[max(0, cand.start - 12):cand.end].lower()
    for phrase in lexicon().not_counting:
        words = phrase.split()
        if "one" not in words:
            continue
        at = words.index("one")
        if ahead.startswith(" ".join(words[at:])) and behind.endswith(" ".join(words[:at + 1])):
            return True
    return False


def _trap(cand: Candidate, text: str, span: "Span", traps: TrapIndex) -> bool:
    """A date, a phone number, a case or statute number ... (pipeline.quantities.traps)."""
    return traps.hits(cand.start, cand.end)


def _year(cand: Candidate, text: str, span: "Span", traps: TrapIndex) -> bool:
    return _is_year(cand, span, text)


def _name_with_digits(cand: Candidate, text: str, span: "Span", traps: TrapIndex) -> bool:
    return _names_with_digits(cand, span, text)


def _capital_one(cand: Candidate, text: str, span: "Span", traps: TrapIndex) -> bool:
    """'Capital One', 'Air Force One': a capitalised 'One' after a name is part of it."""
    return cand.form == "words" and cand.text == "One" and span.start > 0 and not span[0].is_sent_start \
        and span.doc[span.start - 1].text[:1].isupper() and span.doc[span.start - 1].is_alpha \
        and span.doc[span.start - 1].tag_ in ("NNP", "NNPS", "NN")


def _word_in_name(cand: Candidate, text: str, span: "Span", traps: TrapIndex) -> bool:
    return cand.form == "words" and _in_a_name(cand, span)


def _one_not_counting(cand: Candidate, text: str, span: "Span", traps: TrapIndex) -> bool:
    """'one' counts where the recognizer reads a number or it modifies a noun ('one homicide')."""
    return cand.form == "words" and cand.value == 1 and not _OR_MORE.match(text, cand.end) and (
        _not_counting(text, cand) or (span[0].ent_type_ not in _NUMBER_LABELS and span[0].dep_ != "nummod"))


def _bare_collective(cand: Candidate, text: str, span: "Span", traps: TrapIndex) -> bool:
    """'diamonds typically score somewhere', 'a baker's dozen is': a bare 'score' or 'dozen' counts nothing."""
    return cand.form == "words" and cand.text.lower() in lexicon().collectives \
        and not _COUNTED_AFTER.match(text, cand.end)


def _scale_of_rate(cand: Candidate, text: str, span: "Span", traps: TrapIndex) -> bool:
    """'1200 parts per million', 'a rate per thousand': the scale of a rate, not a figure."""
    return cand.form == "words" and cand.text.lower() in lexicon().scales and _PER_BEFORE.search(text, 0, cand.start) \
        is not None


def _fraction_ordinal(cand: Candidate, text: str, span: "Span", traps: TrapIndex) -> bool:
    """'the first half', 'the last quarter': an ordinal position, not a share."""
    return cand.form == "fraction" and _ORDINAL_BEFORE.search(text[max(0, cand.start - 12):cand.start]) is not None


def _fraction_alone(cand: Candidate, text: str, span: "Span", traps: TrapIndex) -> bool:
    """A fraction word that shares nothing ('a quarter' of a game) unless 'of ...', a qualifier or 'by' bound it."""
    return cand.form == "fraction" and not _FRACTION_AFTER.match(text, cand.end) \
        and qualifier_before(text, cand.start) is None \
        and not BY_BEFORE.search(text, max(0, cand.start - 4), cand.start)  # 'declining by a full quarter'


def _ordinal(cand: Candidate, text: str, span: "Span", traps: TrapIndex) -> bool:
    return span[0].ent_type_ == "ORDINAL"


# The rejection rules, in order: the first that holds rejects the candidate (pipeline.explain names it).
REJECTIONS: tuple[tuple[str, Callable[[Candidate, str, "Span", TrapIndex], bool]], ...] = (
    ("reject.trap", _trap),
    ("reject.year", _year),
    ("reject.name_with_digits", _name_with_digits),
    ("reject.capital_one", _capital_one),
    ("reject.word_in_name", _word_in_name),
    ("reject.one_not_counting", _one_not_counting),
    ("reject.bare_collective", _bare_collective),
    ("reject.scale_of_rate", _scale_of_rate),
    ("reject.fraction_ordinal", _fraction_ordinal),
    ("reject.fraction_alone", _fraction_alone),
    ("reject.ordinal", _ordinal),
)


def rejection(cand: Candidate, text: str, span: "Span", traps: TrapIndex) -> str | None:
    """The id of the first rejection rule that holds, or None when the candidate is a quantity."""
    for rule_id, holds in REJECTIONS:
        if holds(cand, text, span, traps):
            return rule_id
    return None


def rejected(cand: Candidate, text: str, span: "Span", traps: TrapIndex) -> bool:
    """True when the candidate is not a quantity (see the module docstring and REJECTIONS)."""
    return rejection(cand, text, span, traps) is not None
