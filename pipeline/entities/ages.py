"""Ages: a number that is how old a person is ('Victory Banks, 33,', 'a child under 14', 'Indicts 17-Year-Old')."""

from __future__ import annotations

import re

from spacy.tokens import Doc

from pipeline.records import Candidate, Entity, UnitHit
from pipeline.lexicon.loader import lexicon
from pipeline.entities.phrase import NOUNS, NUMBERED, token_from, upos

_APPOSITION_BEFORE = re.compile(r"[A-Za-z0-9)”\"]\s*,\s*(?:then\s+|now\s+|all\s+|both\s+)?$")  # "..., all 16,"


_AGE_NOUN_BEFORE = re.compile(r"\b([A-Za-z]+)\s+(?:under|over|younger\s+than|older\s+than|below|above)\s+(?:the\s+age\s+of\s+)?$",
                              re.IGNORECASE)


_APPOSITION_AFTER = re.compile(r"^(?:[ \t]*(?:,|\)|;|\.|of\b|and\s+\d{1,3}\s*,|from\b|who\b|were\b|was\b)|[ \t]*\r?\n|[ \t]*$)")


def noun_age(text: str, cand: Candidate) -> Entity | None:
    """'lewd acts upon a child under 14': a bound after a person noun makes the number that person's age."""
    if cand.form not in ("digits", "words") or cand.currency or cand.percent or cand.value is None \
            or not (1 <= cand.value <= 110):
        return None
    m = _AGE_NOUN_BEFORE.search(text, max(0, cand.start - 40), cand.start)
    if m is None or m.group(1).lower() not in lexicon().age_nouns:
        return None
    return Entity(m.group(1), m.start(1), m.end(1))


_AGED_BEFORE = re.compile(r"\b([A-Za-z]+)\s+(?:aged|ages|between\s+the\s+ages\s+of|(?:of\s+)?ages\s+of)\s+$",
                          re.IGNORECASE)


def aged_noun(doc: Doc, text: str, cand: Candidate) -> Entity | None:
    """'felony offenders aged 18-24', '122 individuals between the ages of 18-24': the noun before the age word
    is whose age it is."""
    m = _AGED_BEFORE.search(text, max(0, cand.start - 60), cand.start)
    if m is None:
        return None
    noun = token_from(doc, m.start(1))
    if noun is None or upos(noun) not in NOUNS or noun.idx != m.start(1):
        return None
    return Entity(m.group(1), m.start(1), m.end(1))


def age_as_noun(doc: Doc, text: str, cand: Candidate, unit: UnitHit | None) -> Entity | None:
    """'the Body of Her Dead Two-Year-old', 'Grand Jury Indicts 17-Year-Old for Terrorism': a hyphenated age
    with no noun after it is itself the person it counts the age of."""
    if unit is None or unit.kind != "age" or unit.end <= cand.end or text[cand.end:cand.end + 1] != "-":
        return None  # an age word before the number ('aged 18-24') leaves a range, not a hyphenated age
    nxt = token_from(doc, unit.end)
    if nxt is not None and not nxt.is_punct and upos(nxt) not in ("ADP", "VERB", "AUX", "CCONJ", "PRON", "ADV", "DET"):
        return None  # '17-year-old male high school student': an adjective before a noun
    return Entity(text[cand.start:unit.end], cand.start, unit.end)


def apposition_age(doc: Doc, text: str, cand: Candidate, has_age_unit: bool = False) -> Entity | None:
    """'Victory Banks, 33, of Chicago', 'Jane Doe #1, then 20 years old': a small number set off by a comma
    after a name is an age."""
    if cand.form != "digits" or cand.currency or cand.percent or cand.value is None \
            or not (1 <= cand.value <= 110) or not cand.text.isdigit():
        return None
    if not _APPOSITION_BEFORE.search(text[max(0, cand.start - 10):cand.start]) \
            or not (has_age_unit and text[cand.end:cand.end + 1] != "-"
                    or _APPOSITION_AFTER.match(text[cand.end:cand.end + 16])):
        return None
    comma = text.rfind(",", 0, cand.start)
    prev = doc.char_span(max(0, comma - 40), comma, alignment_mode="expand")
    if prev is None or len(prev) == 0:
        return None
    noun = prev[-1]
    while (noun.is_punct or noun.like_num and doc[noun.i - 1].text == "#") and noun.i > prev.start:
        noun = doc[noun.i - 1]  # 'Jane Doe #1, then 20'
    if upos(noun) not in NOUNS:
        return None
    opener = next((t for t in noun.sent if not t.is_space and not t.is_punct), None)
    if opener is not None and opener.lower_ == "of" and upos(noun) == "NOUN":
        return None  # 'Of the 99 murders in the official count, 63 were ...' is a part of them (see partitive)
    first = noun
    while first.i > 0 and upos(doc[first.i - 1]) == "PROPN" and upos(noun) == "PROPN" and not doc[first.i - 1].is_punct:
        first = doc[first.i - 1]
    numbered = NUMBERED.match(text, noun.idx + len(noun))
    end = numbered.end() if numbered else noun.idx + len(noun)
    return Entity(text[first.idx:end], first.idx, end)
