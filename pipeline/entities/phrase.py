"""Noun phrases from the parse: the shared reading the entity rules build on (spans, subjects, of-objects)."""

from __future__ import annotations

import re
from bisect import bisect_left

from spacy.tokens import Doc, Token
from pipeline.records import Entity

NOUNS = ("NOUN", "PROPN")


# Coarse part of speech from the tagger's fine tags, so the attribute ruler need not run (it costs ~15%).
_UPOS = {"NN": "NOUN", "NNS": "NOUN", "NNP": "PROPN", "NNPS": "PROPN", "CD": "NUM", "PRP": "PRON", "PRP$": "PRON",
         "WP": "PRON", "WP$": "PRON", "EX": "PRON", "MD": "AUX", "JJ": "ADJ", "JJR": "ADJ", "JJS": "ADJ",
         "IN": "ADP", "DT": "DET", "CC": "CCONJ", "RB": "ADV"}


def doc_text(doc: Doc) -> str:
    """doc.text, built once per Doc (spaCy rebuilds it from the tokens on every access)."""
    cached = doc.user_data.get("pipeline_text")
    if cached is None:
        cached = doc.user_data["pipeline_text"] = doc.text
    return cached


def upos(tok: Token) -> str:
    """Universal POS of a token: the model's if the attribute ruler ran, else mapped from the fine tag."""
    if tok.pos_:
        return tok.pos_
    if tok.lower_ in ("be", "being", "been"):
        return "AUX"
    tag = tok.tag_
    return "VERB" if tag.startswith("VB") else _UPOS.get(tag, "X")


MOD_DEPS = ("nummod", "quantmod", "compound", "amod", "nmod", "npadvmod")


# 'the number of homicides', 'the value of the goods': the measure names nothing; its of-object is counted.
OF_MEASURES = frozenset({"number", "numbers", "value", "amount", "total", "sum", "size", "volume", "quantity",
                          "share", "percentage", "portion", "level"})


PERIOD_NOUNS = frozenset({"year", "years", "month", "months", "week", "weeks", "day", "days", "quarter", "date"})


NUMBERED = re.compile(r"[ \t]*#[ \t]?\d+\b")


def noun_phrase(doc: Doc, noun: Token, after: int) -> tuple[int, int] | None:
    """Characters of the shortest phrase that names `noun`: its modifiers after offset `after`, then the noun.
    'the number of homicides' names homicides; 'Jane Doe #1' keeps its number."""
    if noun.is_punct or not any(ch.isalpha() for ch in noun.text):
        return None
    if noun.lower_ in OF_MEASURES:
        obj = of_object(noun)
        if obj is not None and upos(obj) != "PRON":
            noun, after = obj, obj.left_edge.idx if obj.left_edge.dep_ != "det" else obj.idx
    numbered = NUMBERED.match(doc_text(doc), noun.idx + len(noun))
    tail = numbered.end() if numbered else noun.idx + len(noun)
    joined = _HYPHEN_WORD.match(doc_text(doc), tail)
    if joined:  # 'co-defendants': the tokenizer splits the hyphen, the name keeps it
        tail = joined.end()
    last = last_conjunct(noun)
    if last is not None:  # 'penalties and costs': a coordination names what the figure covers
        tail = max(tail, last.idx + len(last))
    first = noun
    for tok in reversed(doc[:noun.i]):
        if tok.idx < after or tok.dep_ not in ("compound", "amod", "nmod", "npadvmod", "poss", "case") \
                or noun not in tok.ancestors or tok.like_num:
            break
        first = tok
    if noun.lower_ in PERIOD_NOUNS:
        for tok in reversed(doc[first.i:noun.i]):
            if upos(tok) in NOUNS and tok.lower_ not in PERIOD_NOUNS and not tok.like_num:
                # 'Southwest Border Enforcement Actions fiscal year to date': the period is not what is counted
                return first.idx, tok.idx + len(tok)
    return first.idx, tail


_HYPHEN_WORD = re.compile(r"-[A-Za-z]+")


def last_conjunct(noun: Token) -> Token | None:
    """The last noun coordinated with `noun` by 'and' ('penalties and costs', 'assets and ... funds')."""
    conj = [c for c in noun.children if c.dep_ == "conj" and upos(c) in NOUNS]
    if not conj or not any(c.dep_ == "cc" and c.lower_ in ("and", "&") for c in noun.children):
        return None
    last = conj[-1]
    between = noun.doc[noun.i:last.i + 1]
    if last.i - noun.i > 6 or any(t.like_num or t.text in ".;:()%$" for t in between):
        return None  # '20,000 employees and more than 400 offices': each conjunct has its own figure
    if any(c.dep_ == "poss" for c in last.children):
        return None  # 'stabbed her about a dozen times and her son once': someone else's, another figure
    return last


def phrase(doc: Doc, noun: Token) -> tuple[int, int] | None:
    """The noun phrase of `noun` from its left edge, without a leading determiner."""
    return noun_phrase(doc, noun, noun.left_edge.idx if noun.left_edge.dep_ != "det" else noun.idx)


def of_object(tok: Token) -> Token | None:
    """The noun after 'of' that a token governs ('7,000 pounds of heroin' -> heroin); through 'thousands of'."""
    for child in tok.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            for obj in child.children:
                if obj.dep_ == "pobj" and upos(obj) in NOUNS:
                    if obj.lower_ in ("thousands", "millions", "billions", "hundreds", "dozens"):
                        return of_object(obj)
                    return obj
    return None


def copula_attr(tok: Token) -> Token | None:
    """'Of which, 26 were shooting homicides': a number that is the subject of 'be' counts the complement."""
    if tok.dep_ != "nsubj" or tok.head.lemma_ != "be" and tok.head.lower_ not in ("is", "are", "was", "were"):
        return None
    for child in tok.head.children:
        if child.dep_ == "attr" and upos(child) in NOUNS and child.i > tok.i:
            return child
    return None


def verb_subject(tok: Token) -> Token | None:
    """The subject of the verb a figure hangs from ('ICE arrested 127,000': ICE), if the parse gives one."""
    head = tok
    while head.dep_ in ("dobj", "attr", "pobj", "prep", "npadvmod", "advmod", "conj", "appos", "nummod", "acomp") \
            and head.head.i != head.i:
        head = head.head
        if upos(head) in ("VERB", "AUX"):
            break
    if upos(head) == "NOUN" and head.dep_ == "ROOT" and head.tag_ == "NNS" and tok.dep_ == "pobj" \
            and tok.head.dep_ == "prep" and tok.head.head.i == head.i:
        # "caseload totals over 2,800": a verb read as a plural noun; what it totals is the noun before it
        compounds = [c for c in head.lefts if c.dep_ == "compound" and upos(c) in NOUNS]
        return compounds[-1] if compounds else None
    if upos(head) not in ("VERB", "AUX"):
        return None
    for verb in (head, head.head) if head.dep_ == "xcomp" else (head,):  # 'Grants are expected to range from $50,000'
        subject = nearest_subject(verb)
        if subject is not None:
            return subject
    return None


def nominal(tok: Token) -> bool:
    """A noun, or a plural the tagger took for a verb where only a noun can stand ('1,000 case dismissals')."""
    return upos(tok) == "NOUN" or tok.tag_ == "VBZ" and tok.dep_ in ("appos", "nsubj", "nsubjpass", "dobj", "pobj")


def nearest_subject(verb: Token) -> Token | None:
    """The verb's noun subject; of two, the nearer: in 'SANTA ANA – The number of homicides have dropped' the
    parser makes the dateline a subject too."""
    subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass") and upos(c) in NOUNS]
    return subjects[-1] if subjects else None


def token_from(doc: Doc, offset: int) -> Token | None:
    """The first non-space token starting at or after a character offset (binary search, not a scan)."""
    i = bisect_left(_token_starts(doc), offset)
    while i < len(doc) and doc[i].is_space:
        i += 1
    return doc[i] if i < len(doc) else None


def _token_starts(doc: Doc) -> list[int]:
    starts = doc.user_data.get("pipeline_starts")
    if starts is None:
        starts = doc.user_data["pipeline_starts"] = [t.idx for t in doc]
    return starts


def span_entity(text: str, se: tuple[int, int] | None) -> Entity | None:
    """An Entity over text[start:end] for a (start, end) pair, or None."""
    return Entity(text[se[0]:se[1]], se[0], se[1]) if se else None


LABEL_HEADS = frozenset({"number", "#", "value", "total", "amount", "count", "sum"})
