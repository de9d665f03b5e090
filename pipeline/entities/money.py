"""What a sum of money is: paid, stolen, worth, bounded, spent on, or 'in' something (the rules of the group
'money' in pipeline.entities.rules, in their order)."""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span

from pipeline.entities.figure import Figure, named
from pipeline.records import Entity
from pipeline.lexicon.loader import lexicon
from pipeline.entities.phrase import (
    LABEL_HEADS,
    NOUNS,
    doc_text,
    last_conjunct,
    noun_phrase,
    phrase,
    upos,
)

_MONEY_IN = re.compile(r"^(?:\s+dollars)?(?:\s+(?:more|less))?\s+in\s+(?:the\s+form\s+of\s+)?(?!(?:FY|CY|fiscal|calendar|the\s+(?:first|second|third|"
                       r"fourth|last|past)|(?:19|20)\d\d|Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\w*\b)",
                       re.IGNORECASE)


def is_money(f: Figure) -> bool:
    """A sum ('$7,681,326') or a vague sum in something ('bilked millions in public funds'): the money rules ask."""
    return f.span.text[:1] in "$€£" or _VAGUE_MONEY.match(doc_text(f.doc), f.span.end_char) is not None


_VAGUE_MONEY = re.compile(r"(?<=illions)\s+in\s", re.IGNORECASE)


def amount_of(f: Figure) -> Entity | None:
    """'received a grant in the amount of $10,750' -> grant."""
    doc, span = f.doc, f.span
    if not is_money(f):
        return None
    amount = _AMOUNT_OF.search(doc_text(doc), max(0, span.start_char - 60), span.start_char)
    if amount:
        noun = next((t for t in doc[max(0, span.start - 16):span.start] if t.idx == amount.start(1)), None)
        if noun is not None and upos(noun) in NOUNS:
            return named(doc_text(doc), phrase(doc, noun))
    return None


def defrauded(f: Figure) -> Entity | None:
    """'defrauded the condominium of over $140,000' is a theft; but '... of $330,000 in wages' counts wages."""
    doc, span = f.doc, f.span
    if is_money(f) and _DEFRAUDED_OF.search(doc_text(doc), max(0, span.start_char - 64), span.start_char) \
            and not _MONEY_IN.match(doc_text(doc)[span.end_char:span.end_char + 30]):
        return THEFT
    return None


def worth_before(f: Figure) -> Entity | None:
    """'3 kilos of heroin worth about $1.2 million': what is worth it is named before 'worth'."""
    doc, span = f.doc, f.span
    before = _WORTH_BEFORE.search(doc_text(doc), max(0, span.start_char - 40), span.start_char) if is_money(f) else None
    if before:
        for tok in reversed(doc[max(0, span.start - 16):span.start]):
            if tok.idx >= before.start():
                continue
            if tok.is_punct or upos(tok) in ("VERB", "AUX"):
                break
            if upos(tok) in NOUNS and lexicon().units.get(tok.lower_, ("", ""))[1] not in ("mass", "volume", "length"):
                return named(doc_text(doc), phrase(doc, tok))
    return None


def threshold(f: Figure) -> Entity | None:
    """'theft of property exceeding $100,000', 'criminal damage to property between $500 and $10,000'."""
    doc, span = f.doc, f.span
    bound = _THRESHOLD_BEFORE.search(doc_text(doc), max(0, span.start_char - 24), span.start_char) if is_money(f) \
        else None
    if bound:
        noun = next((t for t in reversed(doc[max(0, span.start - 8):span.start]) if t.idx + len(t) <= bound.start()),
                    None)
        if noun is not None and noun.tag_ in ("NN", "NNS") and noun.ent_type_ not in ("DATE", "TIME") \
                and noun.lower_ not in lexicon().units:
            return named(doc_text(doc), phrase(doc, noun))
    return None


def worth_of(f: Figure) -> Entity | None:
    """'$170,500 worth of watches' -> watches."""
    doc, span = f.doc, f.span
    worth = _WORTH_OF.match(doc_text(doc), span.end_char) if is_money(f) else None
    if worth:
        after = doc.char_span(worth.end(), min(len(doc_text(doc)), worth.end() + 80), alignment_mode="expand")
        if after is not None and len(after):
            head = after[0]
            while head.dep_ in ("compound", "amod", "nmod", "det", "poss") and head.head.i > head.i:
                head = head.head
            if upos(head) in NOUNS:
                return named(doc_text(doc), noun_phrase(doc, head, worth.end()))
    return None


def paid(f: Figure) -> Entity | None:
    """'ordered to pay $350,000 for the cost of the investigation' -> cost; a payment with nothing named: 'payment'."""
    doc, span = f.doc, f.span
    if not is_money(f):
        return None
    pay = _PAY_BEFORE.search(doc_text(doc), max(0, span.start_char - 40), span.start_char) \
        or _PAID_AFTER.match(doc_text(doc), span.end_char)
    if pay and not _MONEY_IN.match(doc_text(doc)[span.end_char:span.end_char + 30]):
        found = _paid_for(doc, span)
        return named(doc_text(doc), found) if found is not None else PAYMENT
    return None


def money_in(f: Figure) -> Entity | None:
    """'$7,681,326 in forfeitures' -> forfeitures; '$2 million in penalties and costs'."""
    doc, span = f.doc, f.span
    m = _MONEY_IN.match(doc_text(doc)[span.end_char:span.end_char + 30]) if is_money(f) else None
    if m:
        first = doc.char_span(span.end_char + m.end(), min(len(doc_text(doc)), span.end_char + m.end() + 80),
                              alignment_mode="expand")
        if first is not None and len(first):
            head = first[0]
            while head.dep_ in ("compound", "amod", "nmod", "cc", "conj") and head.head.i > head.i:
                head = head.head
            if upos(head) in NOUNS and head.ent_type_ not in ("DATE", "GPE", "LOC", "TIME"):
                last = last_conjunct(head) or head
                return named(doc_text(doc), (first[0].idx, last.idx + len(last)))
    return None


def of_noun(f: Figure) -> Entity | None:
    """'the collection of $6.68 billion' -> collection."""
    doc = f.doc
    if not is_money(f):
        return None
    tok = f.span[-1]
    while tok.dep_ in ("compound", "nummod", "quantmod") and tok.head.i > tok.i:
        tok = tok.head
    if tok.dep_ == "pobj" and tok.head.lower_ == "of" and upos(tok.head.head) == "NOUN":
        noun = tok.head.head
        if noun.lower_ not in LABEL_HEADS:
            return named(doc_text(doc), phrase(doc, noun))
    return None


def spent_for(f: Figure) -> Entity | None:
    """'almost $100,000 for a BMW and a driver; approximately $60,000 for hotels' (a lower-case 'for': not
    '$80,000 For Immediate Release')."""
    doc, span = f.doc, f.span
    bought = _paid_for(doc, span) if is_money(f) and _FOR_LOWER.match(doc_text(doc), span.end_char) else None
    return named(doc_text(doc), bought) if bought is not None else None


def stolen(f: Figure) -> Entity | None:
    """'charged with stealing close to $3.8 million from four clients' is a theft; not '$7,000 cash'."""
    doc, span = f.doc, f.span
    if not is_money(f):
        return None
    nxt = doc[span.end] if span.end < len(doc) else None
    if (_STOLE_BEFORE.search(doc_text(doc), max(0, span.start_char - 48), span.start_char)
            or _STOLEN_AFTER.match(doc_text(doc), span.end_char)) \
            and (nxt is None or nxt.lower_ != "of" and not (upos(nxt) in NOUNS and nxt.is_lower)):
        return THEFT
    return None


# Up to two bounds between a verb and the sum: 'stealing close to $3.8 million', 'defrauded X of more than $50,000'
_SUM_BOUNDS = (r"(?:(?:a\s+total\s+of|more\s+than|over|nearly|almost|about|approximately|close\s+to|at\s+least|"
               r"roughly|an\s+estimated)\s+){0,2}$")


_AMOUNT_OF = re.compile(r"\b([A-Za-z]+)\s+(?:in|for)\s+the\s+(?:amount|sum)\s+of\s+(?:(?:more\s+than|over|nearly|almost|"
                        r"about|approximately|up\s+to|at\s+least)\s+)?$", re.IGNORECASE)


_DEFRAUDED_OF = re.compile(r"\b(?:defraud|bilk|cheat|swindl)(?:ed|ing)\s+(?:[\w’'-]+\s+){1,4}?of\s+" + _SUM_BOUNDS,
                           re.IGNORECASE)


# '- Over $140,000 allegedly misappropriated', '$2 million was embezzled'
_STOLEN_AFTER = re.compile(r"\s+(?:(?:was|were|had\s+been|has\s+been|allegedly|reportedly)\s+){0,2}"
                           r"(?:stolen|embezzled|misappropriated|swindled)\b", re.IGNORECASE)


_PAY_BEFORE = re.compile(r"\b(?:pay|pays|paid|paying)\s+(?:back\s+)?(?:an?\s+(?:additional|extra|total\s+of)\s+|a\s+total\s+of\s+|"
                         r"about\s+|approximately\s+|more\s+than\s+|nearly\s+|over\s+|up\s+to\s+|at\s+least\s+)?$",
                         re.IGNORECASE)


_PAID_AFTER = re.compile(r"\s+(?:has|have|had|was|were|will\s+be)\s+(?:been\s+)?(?:paid|repaid)\b", re.IGNORECASE)


_PAID_FOR = re.compile(r"[-–\d,.\s]*(?:million|billion|thousand)?(?:\s+(?:per|a|each)\s+[a-z]+)?\s+(?:for|towards?)\s+"
                       r"(?!each\b|every\b|per\b)", re.IGNORECASE)


_FOR_LOWER = re.compile(r"[^a-zA-Z]*(?:[a-z]+\s+)?(?:for|towards?)\b")


PAYMENT = Entity("payment")  # the money is a payment with nothing else named


THEFT = Entity("theft")  # the money was stolen, with nothing else named


_STOLE_BEFORE = re.compile(r"\b(?:st(?:ole|eal|eals|ealing|olen)|embezzl(?:e|ed|es|ing)|misappropriat(?:e|ed|ing)|"
                           r"swindl(?:e|ed|ing)|(?:scamm|swindl|bilk|cheat|con|defraud|trick)(?:ed|ing)\s+(?:[\w’']+\s+){0,3}?"
                           r"out\s+of)\s+" + _SUM_BOUNDS, re.IGNORECASE)


def _paid_for(doc: Doc, span: Span) -> tuple[int, int] | None:
    """'ordered to pay $350,000 for the cost of the investigation' -> cost of the investigation."""
    m = _PAID_FOR.match(doc_text(doc), span.end_char)
    if m is None:
        return None
    after = doc.char_span(m.end(), min(len(doc_text(doc)), m.end() + 80), alignment_mode="expand")
    if after is None or not len(after):
        return None
    head = after[0]
    while head.dep_ in ("compound", "amod", "nmod", "det", "poss") and head.head.i > head.i:
        head = head.head
    return noun_phrase(doc, head, m.end()) if upos(head) in NOUNS else None


_WORTH_BEFORE = re.compile(r"\b(?:worth|valued\s+at)\s+(?:about\s+|approximately\s+|an\s+estimated\s+|more\s+than\s+|over\s+|"
                           r"nearly\s+|almost\s+|roughly\s+|around\s+)?$", re.IGNORECASE)


# a noun right before a threshold names what is bounded: 'property exceeding $100,000'
_THRESHOLD_BEFORE = re.compile(r"(?<=[a-z])\s+(?:exceeding|in\s+excess\s+of|between|above|below|of\s+more\s+than|of\s+less\s+than|"
                               r"greater\s+than|of\s+over|of\s+at\s+least)\s+$")


_WORTH_OF = re.compile(r"\s+worth\s+of\s+", re.IGNORECASE)
