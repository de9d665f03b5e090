"""What a number counts or measures, read from the parse: the counted entity of a quantity."""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span

from pipeline.records import Candidate, Entity, UnitHit
from pipeline.lexicon.loader import lexicon
from pipeline.entities.phrase import NOUNS, OF_MEASURES, doc_text, nearest_subject, of_object, phrase, span_entity, token_from, upos

_TERM_BEFORE = re.compile(r"(?:sentenc\w*|faces?|facing|serve[sd]?|serving|terms? of|punishable by)\b[^.;:\n]{0,40}$",
                          re.IGNORECASE)


_TERM_AFTER = re.compile(r"^[^.;:]{0,12}?\b(?:to life|in (?:state |federal )?prison|behind bars|of (?:imprisonment|"
                         r"incarceration)|(?:of )?probation|in (?:county )?jail)", re.IGNORECASE)


_SERVED_BEFORE = re.compile(r"\b(?:served|spent|spending|after\s+serving|having\s+served)\s+(?:\S+\s+){0,2}$", re.IGNORECASE)


_SERVED_IN = re.compile(r"^\s+in\s+(?:a\s+|the\s+)?(?:state\s+|federal\s+|county\s+)?(prison|jail|custody)\b",
                        re.IGNORECASE)


_OF_OTHER = re.compile(r"^\s+of\s+(?!(?:state\s+|federal\s+)?(?:imprisonment|incarceration|prison|jail|custody|confinement\s+in|"
                       r"(?:formal\s+|informal\s+|felony\s+|summary\s+|supervised\s+)*probation|parole|supervised))",
                       re.IGNORECASE)


def prison_term(text: str, cand: Candidate, unit: UnitHit | None) -> Entity | None:
    """A duration that is a custodial sentence counts the sentence ('sentenced to 25 years to life')."""
    if unit is None or unit.kind != "duration" or unit.unit not in ("year", "month", "day", "week"):
        return None
    after = text[unit.end:unit.end + 40]
    if re.match(r"^\s*(?:of\s+)?(?:[a-z]+\s+){0,3}?probation\b", after, re.IGNORECASE):
        return Entity("probation")
    if _OF_OTHER.match(after):
        return None  # 'sentenced to six months of home confinement': what the months are of is named
    place = _SERVED_IN.match(after)
    if place and _SERVED_BEFORE.search(text[max(0, cand.start - 40):cand.start]):
        return Entity(place.group(1).lower())  # 'served 18 years in prison': time spent there, not the sentence
    if _TERM_BEFORE.search(text[max(0, cand.start - 64):cand.start]) or _TERM_AFTER.match(after):
        return Entity("sentence")
    return None


def partitive(doc: Doc, span: Span) -> Entity | None:
    """'Of the 99 murders in the official count, 63 were due to shootings': a bare number right after a fronted
    'of' phrase, with no noun of its own, counts that phrase's plural noun."""
    sent = span.sent
    first = next((t for t in sent if not t.is_space and not t.is_punct), None)
    if first is None or first.lower_ != "of" or span.start <= first.i:
        return None
    before = doc[span.start - 1] if span.start > sent.start else None
    after = doc[span.end] if span.end < sent.end else None
    if before is None or before.text != "," or after is None or upos(after) in NOUNS or after.like_num:
        return None
    commas = [t for t in doc[first.i:span.start] if t.text == ","]
    noun = next((t for t in doc[first.i + 1:commas[0].i] if t.tag_ in ("NNS", "NNPS")), None)
    return span_entity(doc_text(doc), phrase(doc, noun)) if noun is not None else None


_AUX = frozenset({"have", "has", "had", "were", "was", "is", "are", "been", "be", "also", "all", "each", "both",
                  "respectively", "significantly", "sharply", "steadily", "nearly", "almost"})


def what_changed(doc: Doc, word_at: int, before: bool = False) -> Entity | None:
    """'Gang Homicides Drop 50 percent', 'shootings were down 25 percent', 'the number of homicides plunging by
    29%': what rose or fell is the noun right before the rise or fall word (past auxiliaries)."""
    tok = token_from(doc, word_at)
    if tok is None:
        return None
    if before:  # 'grand larcenies by 7.2%': only the noun right before 'by', no verb to ask
        prev = doc[tok.i - 1] if tok.i > 0 else None
        if prev is None or prev.tag_ not in ("NN", "NNS") or prev.lower_ in lexicon().units or prev.like_num:
            return None  # a place ('decreased in Brooklyn by 5.1%') is where, not what
        found = phrase(doc, prev)
        return span_entity(doc_text(doc), found)
    if upos(tok) != "VERB" and tok.dep_ in ("prt", "advmod") and upos(tok.head) == "VERB" and tok.head.i == tok.i - 1:
        tok = tok.head  # 'the number of shooting victims ticked up by three': the verb the particle belongs to
    adjacent = next((t for t in reversed(doc[max(0, tok.i - 4):tok.i]) if t.lower_ not in _AUX), None)
    subject = nearest_subject(tok) if upos(tok) == "VERB" else None
    if subject is not None and any(t.text in ";:" for t in doc[min(subject.i, tok.i):max(subject.i, tok.i)]):
        subject = None  # 'Three-Year Decline; Homicides Down by 10%': not across a semicolon
    if subject is None and adjacent is not None and adjacent.tag_ in ("NNS", "NNPS") \
            and adjacent.ent_type_ not in ("GPE", "PERSON"):
        # 'Homicides Down by 10%' in a title-case headline: the plural right before the word
        found = phrase(doc, adjacent)
        return span_entity(doc_text(doc), found)
    if subject is not None:  # 'CBP enforcement actions on our Southwest Border decreased by 5%': the verb's subject
        noun = (of_object(subject) if subject.lower_ in OF_MEASURES else None) or subject
        found = phrase(doc, noun)
        return span_entity(doc_text(doc), found)
    for prev in reversed(doc[max(0, tok.i - 4):tok.i]):
        if prev.lower_ in _AUX or prev.is_space:
            continue
        if upos(prev) not in NOUNS or prev.ent_type_ in ("DATE", "TIME", "PERSON", "GPE") or prev.like_num:
            return None
        found = phrase(doc, prev)
        return span_entity(doc_text(doc), found)
    return None


def parenthetical(doc: Doc, span: Span) -> Entity | None:
    """'aggravated domestic battery charges (Burke 96% requested/85% approved)': a figure in parentheses that
    names nothing itself counts the noun the parentheses follow."""
    for tok in reversed(doc[max(0, span.start - 12):span.start]):
        if tok.text == ")" or tok.is_sent_start and tok.text != "(":
            return None
        if tok.text == "(":
            before = doc[tok.i - 1] if tok.i > 0 else None
            if before is None or upos(before) not in NOUNS or before.ent_type_ in ("PERSON", "DATE", "GPE") \
                    or before.lower_ in lexicon().units:  # '443,100 pounds (200,941 kilograms)': a conversion
                return None
            found = phrase(doc, before)
            return span_entity(doc_text(doc), found)
    return None
