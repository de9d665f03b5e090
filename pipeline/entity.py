"""What a number counts or measures, read from the parse: the counted entity of a quantity."""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from pipeline.annotate import UnitHit
from pipeline.lexicon import lexicon
from pipeline.numbers import Candidate

_NOUNS = ("NOUN", "PROPN")
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
_MOD_DEPS = ("nummod", "quantmod", "compound", "amod", "nmod", "npadvmod")

# 'the number of homicides', 'the value of the goods': the measure names nothing; its of-object is counted.
_OF_MEASURES = frozenset({"number", "numbers", "value", "amount", "total", "sum", "size", "volume", "quantity",
                          "share", "percentage", "portion", "level"})
_PERIOD_NOUNS = frozenset({"year", "years", "month", "months", "week", "weeks", "day", "days", "quarter", "date"})


_NUMBERED = re.compile(r"[ \t]*#[ \t]?\d+\b")


def _noun_phrase(doc: Doc, noun: Token, after: int) -> tuple[int, int] | None:
    """Characters of the shortest phrase that names `noun`: its modifiers after offset `after`, then the noun.
    'the number of homicides' names homicides; 'Jane Doe #1' keeps its number."""
    if noun.is_punct or not any(ch.isalpha() for ch in noun.text):
        return None
    if noun.lower_ in _OF_MEASURES:
        obj = _of_object(noun)
        if obj is not None and upos(obj) != "PRON":
            noun, after = obj, obj.left_edge.idx if obj.left_edge.dep_ != "det" else obj.idx
    numbered = _NUMBERED.match(doc_text(doc), noun.idx + len(noun))
    tail = numbered.end() if numbered else noun.idx + len(noun)
    joined = _HYPHEN_WORD.match(doc_text(doc), tail)
    if joined:  # 'co-defendants': the tokenizer splits the hyphen, the name keeps it
        tail = joined.end()
    last = _last_conjunct(noun)
    if last is not None:  # 'penalties and costs': a coordination names what the figure covers
        tail = max(tail, last.idx + len(last))
    first = noun
    for tok in reversed(doc[:noun.i]):
        if tok.idx < after or tok.dep_ not in ("compound", "amod", "nmod", "npadvmod", "poss", "case") \
                or noun not in tok.ancestors or tok.like_num:
            break
        first = tok
    if noun.lower_ in _PERIOD_NOUNS:
        for tok in reversed(doc[first.i:noun.i]):
            if upos(tok) in _NOUNS and tok.lower_ not in _PERIOD_NOUNS and not tok.like_num:
                # 'Southwest Border Enforcement Actions fiscal year to date': the period is not what is counted
                return first.idx, tok.idx + len(tok)
    return first.idx, tail


_HYPHEN_WORD = re.compile(r"-[A-Za-z]+")


def _last_conjunct(noun: Token) -> Token | None:
    """The last noun coordinated with `noun` by 'and' ('penalties and costs', 'assets and ... funds')."""
    conj = [c for c in noun.children if c.dep_ == "conj" and upos(c) in _NOUNS]
    if not conj or not any(c.dep_ == "cc" and c.lower_ in ("and", "&") for c in noun.children):
        return None
    last = conj[-1]
    between = noun.doc[noun.i:last.i + 1]
    if last.i - noun.i > 6 or any(t.like_num or t.text in ".;:()%$" for t in between):
        return None  # '20,000 employees and more than 400 offices': each conjunct has its own figure
    return last


def _phrase(doc: Doc, noun: Token) -> tuple[int, int] | None:
    """The noun phrase of `noun` from its left edge, without a leading determiner."""
    return _noun_phrase(doc, noun, noun.left_edge.idx if noun.left_edge.dep_ != "det" else noun.idx)


def _of_object(tok: Token) -> Token | None:
    for child in tok.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            for obj in child.children:
                if obj.dep_ == "pobj" and upos(obj) in _NOUNS:
                    if obj.lower_ in ("thousands", "millions", "billions", "hundreds", "dozens"):
                        return _of_object(obj)
                    return obj
    return None


def _copula_attr(tok: Token) -> Token | None:
    """'Of which, 26 were shooting homicides': a number that is the subject of 'be' counts the complement."""
    if tok.dep_ != "nsubj" or tok.head.lemma_ != "be" and tok.head.lower_ not in ("is", "are", "was", "were"):
        return None
    for child in tok.head.children:
        if child.dep_ == "attr" and upos(child) in _NOUNS and child.i > tok.i:
            return child
    return None


def _subject(tok: Token) -> Token | None:
    head = tok
    while head.dep_ in ("dobj", "attr", "pobj", "prep", "npadvmod", "advmod", "conj", "appos", "nummod", "acomp") \
            and head.head.i != head.i:
        head = head.head
        if upos(head) in ("VERB", "AUX"):
            break
    if upos(head) == "NOUN" and head.dep_ == "ROOT" and head.tag_ == "NNS" and tok.dep_ == "pobj" \
            and tok.head.dep_ == "prep" and tok.head.head.i == head.i:
        # "caseload totals over 2,800": a verb read as a plural noun; what it totals is the noun before it
        compounds = [c for c in head.lefts if c.dep_ == "compound" and upos(c) in _NOUNS]
        return compounds[-1] if compounds else None
    if upos(head) not in ("VERB", "AUX"):
        return None
    for verb in (head, head.head) if head.dep_ == "xcomp" else (head,):  # 'Grants are expected to range from $50,000'
        subject = _nearest_subject(verb)
        if subject is not None:
            return subject
    return None


def _nominal(tok: Token) -> bool:
    """A noun, or a plural the tagger took for a verb where only a noun can stand ('1,000 case dismissals')."""
    return upos(tok) == "NOUN" or tok.tag_ == "VBZ" and tok.dep_ in ("appos", "nsubj", "nsubjpass", "dobj", "pobj")


def _nearest_subject(verb: Token) -> Token | None:
    """The verb's noun subject; of two, the nearer: in 'SANTA ANA – The number of homicides have dropped' the
    parser makes the dateline a subject too."""
    subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass") and upos(c) in _NOUNS]
    return subjects[-1] if subjects else None


@dataclass(frozen=True, slots=True)
class Entity:
    text: str
    start: int | None = None  # None when the entity is a normalised label ("sentence") not a span
    end: int | None = None


_TERM_BEFORE = re.compile(r"(?:sentenc\w*|faces?|facing|serve[sd]?|serving|term of|punishable by)\b[^.;:\n]{0,40}$",
                          re.IGNORECASE)
_TERM_AFTER = re.compile(r"^[^.;:]{0,12}?\b(?:to life|in (?:state |federal )?prison|behind bars|of (?:imprisonment|"
                         r"incarceration)|(?:of )?probation|in (?:county )?jail)", re.IGNORECASE)
_SERVED_BEFORE = re.compile(r"\b(?:served|spent|spending|after\s+serving|having\s+served)\s+(?:\S+\s+){0,2}$", re.IGNORECASE)
_SERVED_IN = re.compile(r"^\s+in\s+(?:a\s+|the\s+)?(?:state\s+|federal\s+|county\s+)?(prison|jail|custody)\b",
                        re.IGNORECASE)
_OF_OTHER = re.compile(r"^\s+of\s+(?!(?:state\s+|federal\s+)?(?:imprisonment|incarceration|prison|jail|custody|confinement\s+in|"
                       r"(?:formal\s+|informal\s+|felony\s+|summary\s+|supervised\s+)*probation|parole|supervised))",
                       re.IGNORECASE)
_APPOSITION_BEFORE = re.compile(r"[A-Za-z0-9)”\"]\s*,\s*(?:then\s+|now\s+|all\s+|both\s+)?$")  # "..., all 16,"
_AGE_NOUN_BEFORE = re.compile(r"\b([A-Za-z]+)\s+(?:under|over|younger\s+than|older\s+than|below|above)\s+(?:the\s+age\s+of\s+)?$",
                              re.IGNORECASE)
_APPOSITION_AFTER = re.compile(r"^(?:[ \t]*(?:,|\)|;|\.|of\b|and\s+\d{1,3}\s*,|from\b|who\b|were\b|was\b)|[ \t]*\r?\n|[ \t]*$)")


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


def noun_age(text: str, cand: Candidate) -> Entity | None:
    """'lewd acts upon a child under 14': a bound after a person noun makes the number that person's age."""
    if cand.form not in ("digits", "words") or cand.currency or cand.percent or cand.value is None \
            or not (1 <= cand.value <= 110):
        return None
    m = _AGE_NOUN_BEFORE.search(text, max(0, cand.start - 40), cand.start)
    if m is None or m.group(1).lower() not in lexicon().age_nouns:
        return None
    return Entity(m.group(1), m.start(1), m.end(1))


def _token_from(doc: Doc, offset: int) -> Token | None:
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


def age_as_noun(doc: Doc, text: str, cand: Candidate, unit: UnitHit | None) -> Entity | None:
    """'the Body of Her Dead Two-Year-old', 'Grand Jury Indicts 17-Year-Old for Terrorism': a hyphenated age
    with no noun after it is itself the person it counts the age of."""
    if unit is None or unit.kind != "age" or text[cand.end:cand.end + 1] != "-":
        return None
    nxt = _token_from(doc, unit.end)
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
    if upos(noun) not in _NOUNS:
        return None
    opener = next((t for t in noun.sent if not t.is_space and not t.is_punct), None)
    if opener is not None and opener.lower_ == "of" and upos(noun) == "NOUN":
        return None  # 'Of the 99 murders in the official count, 63 were ...' is a part of them (see partitive)
    first = noun
    while first.i > 0 and upos(doc[first.i - 1]) == "PROPN" and upos(noun) == "PROPN" and not doc[first.i - 1].is_punct:
        first = doc[first.i - 1]
    numbered = _NUMBERED.match(text, noun.idx + len(noun))
    end = numbered.end() if numbered else noun.idx + len(noun)
    return Entity(text[first.idx:end], first.idx, end)


def _span_entity(text: str, se: tuple[int, int] | None) -> Entity | None:
    return Entity(text[se[0]:se[1]], se[0], se[1]) if se else None


def partitive(doc: Doc, span: Span) -> Entity | None:
    """'Of the 99 murders in the official count, 63 were due to shootings': a bare number right after a fronted
    'of' phrase, with no noun of its own, counts that phrase's plural noun."""
    sent = span.sent
    first = next((t for t in sent if not t.is_space and not t.is_punct), None)
    if first is None or first.lower_ != "of" or span.start <= first.i:
        return None
    before = doc[span.start - 1] if span.start > sent.start else None
    after = doc[span.end] if span.end < sent.end else None
    if before is None or before.text != "," or after is None or upos(after) in _NOUNS or after.like_num:
        return None
    commas = [t for t in doc[first.i:span.start] if t.text == ","]
    noun = next((t for t in doc[first.i + 1:commas[0].i] if t.tag_ in ("NNS", "NNPS")), None)
    return _span_entity(doc_text(doc), _phrase(doc, noun)) if noun is not None else None


def entity_for(doc: Doc, span: Span, unit_end: int | None, is_unit: bool) -> Entity | None:
    """What the number counts or measures, read from the parse."""
    if not is_unit and _counts_people(span[-1]):
        return Entity("people")
    found = _entity_span(doc, span, unit_end, is_unit)
    if found == _PAYMENT:
        return Entity("payment")
    if found == _THEFT:
        return Entity("theft")
    return _span_entity(doc_text(doc), found)


_AUX = frozenset({"have", "has", "had", "were", "was", "is", "are", "been", "be", "also", "all", "each", "both",
                  "respectively", "significantly", "sharply", "steadily", "nearly", "almost"})


def what_changed(doc: Doc, word_at: int, before: bool = False) -> Entity | None:
    """'Gang Homicides Drop 50 percent', 'shootings were down 25 percent', 'the number of homicides plunging by
    29%': what rose or fell is the noun right before the rise or fall word (past auxiliaries)."""
    tok = _token_from(doc, word_at)
    if tok is None:
        return None
    if before:  # 'grand larcenies by 7.2%': only the noun right before 'by', no verb to ask
        prev = doc[tok.i - 1] if tok.i > 0 else None
        if prev is None or prev.tag_ not in ("NN", "NNS") or prev.lower_ in lexicon().units or prev.like_num:
            return None  # a place ('decreased in Brooklyn by 5.1%') is where, not what
        found = _phrase(doc, prev)
        return _span_entity(doc_text(doc), found)
    if upos(tok) != "VERB" and tok.dep_ in ("prt", "advmod") and upos(tok.head) == "VERB" and tok.head.i == tok.i - 1:
        tok = tok.head  # 'the number of shooting victims ticked up by three': the verb the particle belongs to
    adjacent = next((t for t in reversed(doc[max(0, tok.i - 4):tok.i]) if t.lower_ not in _AUX), None)
    subject = _nearest_subject(tok) if upos(tok) == "VERB" else None
    if subject is not None and any(t.text in ";:" for t in doc[min(subject.i, tok.i):max(subject.i, tok.i)]):
        subject = None  # 'Three-Year Decline; Homicides Down by 10%': not across a semicolon
    if subject is None and adjacent is not None and adjacent.tag_ in ("NNS", "NNPS") \
            and adjacent.ent_type_ not in ("GPE", "PERSON"):
        # 'Homicides Down by 10%' in a title-case headline: the plural right before the word
        found = _phrase(doc, adjacent)
        return _span_entity(doc_text(doc), found)
    if subject is not None:  # 'CBP enforcement actions on our Southwest Border decreased by 5%': the verb's subject
        noun = (_of_object(subject) if subject.lower_ in _OF_MEASURES else None) or subject
        found = _phrase(doc, noun)
        return _span_entity(doc_text(doc), found)
    for prev in reversed(doc[max(0, tok.i - 4):tok.i]):
        if prev.lower_ in _AUX or prev.is_space:
            continue
        if upos(prev) not in _NOUNS or prev.ent_type_ in ("DATE", "TIME", "PERSON", "GPE") or prev.like_num:
            return None
        found = _phrase(doc, prev)
        return _span_entity(doc_text(doc), found)
    return None


def parenthetical(doc: Doc, span: Span) -> Entity | None:
    """'aggravated domestic battery charges (Burke 96% requested/85% approved)': a figure in parentheses that
    names nothing itself counts the noun the parentheses follow."""
    for tok in reversed(doc[max(0, span.start - 12):span.start]):
        if tok.text == ")" or tok.is_sent_start and tok.text != "(":
            return None
        if tok.text == "(":
            before = doc[tok.i - 1] if tok.i > 0 else None
            if before is None or upos(before) not in _NOUNS or before.ent_type_ in ("PERSON", "DATE", "GPE") \
                    or before.lower_ in lexicon().units:  # '443,100 pounds (200,941 kilograms)': a conversion
                return None
            found = _phrase(doc, before)
            return _span_entity(doc_text(doc), found)
    return None


def _counts_people(tok: Token) -> bool:
    """'4 Charged in Overdose Death', 'police said 3 were killed': a bare number that is charged, arrested,
    killed ... counts people."""
    if tok.dep_ in ("nummod", "quantmod", "compound") or not tok.like_num:
        return False
    verbs = lexicon().person_verbs
    if tok.dep_ in ("nsubj", "nsubjpass") and tok.head.lower_ in verbs:
        return True
    if tok.dep_ == "dobj" and tok.head.lower_ in lexicon().person_verbs_active:  # 'Grand Jury Indicts 11 in ...'
        return True
    return any(c.dep_ in ("acl", "relcl") and c.lower_ in verbs for c in tok.children)


def _change_object(tok: Token) -> Token | None:
    """'a 19% decrease in shootings' -> shootings."""
    head = tok.head if tok.dep_ in ("nummod", "compound", "amod", "npadvmod") else None
    if head is not None and head.lower_ in lexicon().change_nouns:
        for child in head.children:
            if child.dep_ == "prep" and child.lower_ in ("in", "of"):
                for obj in child.children:
                    if obj.dep_ == "pobj" and upos(obj) in _NOUNS:
                        return obj
    return None


_LEADING_QUALIFIER = r"(?:More|Less|Fewer)\s+than|Over|Under|About|Nearly|Almost|Approximately|Roughly|Around|Up\s+to"
_LABEL_SEP = re.compile(rf"\s*[–—:|-]\s*(?:[a-z ]{{0,16}}|(?:{_LEADING_QUALIFIER})\s+)?$")
_LABEL_HEADS = frozenset({"number", "#", "value", "total", "amount", "count", "sum"})
_MEASURE_NOUNS = (_LABEL_HEADS - {"count"}) | {"size", "rate", "level", "volume", "quantity", "share", "percentage", "portion"}
_MONEY_IN = re.compile(r"^(?:\s+dollars)?(?:\s+(?:more|less))?\s+in\s+(?:the\s+form\s+of\s+)?(?!(?:FY|CY|fiscal|calendar|the\s+(?:first|second|third|"
                       r"fourth|last|past)|(?:19|20)\d\d|Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\w*\b)",
                       re.IGNORECASE)


_IN_PROSE = re.compile(r"[a-z0-9%)]{2}[.!?][\"”’)]?\s+[A-Z]")


def _label_entity(doc: Doc, span: Span) -> tuple[int, int] | None:
    """'Smuggling vessels seized – 172', '# of drug interdictions – 282': the label names what is counted."""
    line_start = doc_text(doc).rfind("\n", max(0, span.start_char - 200), span.start_char) + 1
    origin = max(line_start, span.start_char - 200)
    m = _LABEL_SEP.search(doc_text(doc), origin, span.start_char)
    if m is None or m.start() == origin:
        return None
    label = doc.char_span(origin, m.start(), alignment_mode="contract")
    if label is None:
        return None
    words = [t for t in label if not t.is_punct and not t.is_space]
    if _IN_PROSE.search(label.text) and words and upos(words[-1]) in _NOUNS and not words[-1].like_num \
            and words[-1].ent_type_ not in ("DATE", "TIME", "PERSON", "GPE", "ORG"):
        # '... during 2024. There was an even bigger drop in homicides: to 41': in running prose, not a label line,
        # the sentence before the colon introduces its last noun
        return _phrase(doc, words[-1])
    for tok in label:
        if upos(tok) not in _NOUNS or tok.ent_type_ in ("DATE", "TIME", "CARDINAL") or tok.like_num:
            continue
        head = tok
        while head.dep_ in ("compound", "amod", "nmod") and head.head.i > head.i and head.head.i < label.end \
                and upos(head.head) in _NOUNS:
            head = head.head
        if head.lower_ in _LABEL_HEADS or tok.text.startswith("#"):
            obj = _of_object(head)
            if obj is not None:
                return _noun_phrase(doc, obj, obj.left_edge.idx)
            continue
        return tok.idx, head.idx + len(head)
    return None


def _rate_of(doc: Doc, span: Span) -> tuple[int, int] | None:
    """'a monthly interest rate of 3%': a percent that is the object of 'of' measures the noun before it."""
    tok = span[-1]
    if tok.text not in ("%", "percent") or tok.dep_ != "pobj" or tok.head.lower_ != "of":
        return None
    noun = tok.head.head
    if upos(noun) != "NOUN" or noun.lower_ in lexicon().change_nouns:
        return None
    return _phrase(doc, noun)


def _money_entity(doc: Doc, span: Span) -> tuple[int, int] | None:
    """'$7,681,326 in forfeitures' -> forfeitures; 'the collection of $6.68 billion' -> collection;
    '$170,500 worth of watches' -> watches."""
    before = _WORTH_BEFORE.search(doc_text(doc), max(0, span.start_char - 40), span.start_char)
    if before:  # '3 kilos of heroin worth about $1.2 million': what is worth it is named before 'worth'
        for tok in reversed(doc[max(0, span.start - 16):span.start]):
            if tok.idx >= before.start():
                continue
            if tok.is_punct or upos(tok) in ("VERB", "AUX"):
                break
            if upos(tok) in _NOUNS and lexicon().units.get(tok.lower_, ("", ""))[1] not in ("mass", "volume", "length"):
                return _phrase(doc, tok)
    bound = _THRESHOLD_BEFORE.search(doc_text(doc), max(0, span.start_char - 24), span.start_char)
    if bound:  # 'theft of property exceeding $100,000', 'criminal damage to property between $500 and $10,000'
        noun = next((t for t in reversed(doc[max(0, span.start - 8):span.start]) if t.idx + len(t) <= bound.start()),
                    None)
        if noun is not None and noun.tag_ in ("NN", "NNS") and noun.ent_type_ not in ("DATE", "TIME") \
                and noun.lower_ not in lexicon().units:
            return _phrase(doc, noun)
    worth = _WORTH_OF.match(doc_text(doc), span.end_char)
    if worth:
        after = doc.char_span(worth.end(), min(len(doc_text(doc)), worth.end() + 80), alignment_mode="expand")
        if after is not None and len(after):
            head = after[0]
            while head.dep_ in ("compound", "amod", "nmod", "det", "poss") and head.head.i > head.i:
                head = head.head
            if upos(head) in _NOUNS:
                return _noun_phrase(doc, head, worth.end())
    paid = _PAY_BEFORE.search(doc_text(doc), max(0, span.start_char - 40), span.start_char) \
        or _PAID_AFTER.match(doc_text(doc), span.end_char)
    if paid and not _MONEY_IN.match(doc_text(doc)[span.end_char:span.end_char + 30]):
        found = _paid_for(doc, span)
        return found if found is not None else _PAYMENT
    m = _MONEY_IN.match(doc_text(doc)[span.end_char:span.end_char + 30])
    if m:
        first = doc.char_span(span.end_char + m.end(), min(len(doc_text(doc)), span.end_char + m.end() + 80),
                              alignment_mode="expand")
        if first is not None and len(first):
            head = first[0]
            while head.dep_ in ("compound", "amod", "nmod", "cc", "conj") and head.head.i > head.i:
                head = head.head
            if upos(head) in _NOUNS and head.ent_type_ not in ("DATE", "GPE", "LOC", "TIME"):
                last = _last_conjunct(head) or head  # '$2 million in penalties and costs'
                return first[0].idx, last.idx + len(last)
    tok = span[-1]
    while tok.dep_ in ("compound", "nummod", "quantmod") and tok.head.i > tok.i:
        tok = tok.head
    if tok.dep_ == "pobj" and tok.head.lower_ == "of" and upos(tok.head.head) == "NOUN":
        noun = tok.head.head
        if noun.lower_ not in _LABEL_HEADS:
            return _phrase(doc, noun)
    bought = _paid_for(doc, span) if _FOR_LOWER.match(doc_text(doc), span.end_char) else None
    if bought is not None:  # 'almost $100,000 for a BMW and a driver; approximately $60,000 for hotels'
        return bought  # (a lower-case 'for': not '$80,000 For Immediate Release')
    nxt = doc[span.end] if span.end < len(doc) else None
    if _STOLE_BEFORE.search(doc_text(doc), max(0, span.start_char - 48), span.start_char) \
            and (nxt is None or nxt.lower_ != "of" and not (upos(nxt) in _NOUNS and nxt.is_lower)):
        return _THEFT  # 'charged with stealing close to $3.8 million from four clients'; not '$7,000 cash'
    return None


_PAY_BEFORE = re.compile(r"\b(?:pay|pays|paid|paying)\s+(?:back\s+)?(?:an?\s+(?:additional|extra|total\s+of)\s+|a\s+total\s+of\s+|"
                         r"about\s+|approximately\s+|more\s+than\s+|nearly\s+|over\s+|up\s+to\s+|at\s+least\s+)?$",
                         re.IGNORECASE)
_PAID_AFTER = re.compile(r"\s+(?:has|have|had|was|were|will\s+be)\s+(?:been\s+)?(?:paid|repaid)\b", re.IGNORECASE)
_PAID_FOR = re.compile(r"[-–\d,.\s]*(?:million|billion|thousand)?(?:\s+(?:per|a|each)\s+[a-z]+)?\s+(?:for|towards?)\s+"
                       r"(?!each\b|every\b|per\b)", re.IGNORECASE)
_FOR_LOWER = re.compile(r"[^a-zA-Z]*(?:[a-z]+\s+)?(?:for|towards?)\b")
_PAYMENT = (-1, -1)  # sentinel: the money is a payment with nothing else named
_THEFT = (-2, -2)  # sentinel: the money was stolen, with nothing else named
_STOLE_BEFORE = re.compile(r"\b(?:st(?:ole|eal|eals|ealing|olen)|embezzl(?:e|ed|es|ing)|misappropriat(?:e|ed|ing)|"
                           r"swindl(?:e|ed|ing))\s+(?:(?:a\s+total\s+of|more\s+than|over|nearly|almost|about|"
                           r"approximately|close\s+to|at\s+least|roughly|an\s+estimated)\s+){0,2}$", re.IGNORECASE)


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
    return _noun_phrase(doc, head, m.end()) if upos(head) in _NOUNS else None


_WORTH_BEFORE = re.compile(r"\b(?:worth|valued\s+at)\s+(?:about\s+|approximately\s+|an\s+estimated\s+|more\s+than\s+|over\s+|"
                           r"nearly\s+|almost\s+|roughly\s+|around\s+)?$", re.IGNORECASE)
# a noun right before a threshold names what is bounded: 'property exceeding $100,000'
_THRESHOLD_BEFORE = re.compile(r"(?<=[a-z])\s+(?:exceeding|in\s+excess\s+of|between|above|below|of\s+more\s+than|of\s+less\s+than|"
                               r"greater\s+than|of\s+over|of\s+at\s+least)\s+$")
_WORTH_OF = re.compile(r"\s+worth\s+of\s+", re.IGNORECASE)
_VAGUE_MONEY = re.compile(r"(?<=illions)\s+in\s", re.IGNORECASE)  # 'bilked millions in public funds'
_AFTER_LABEL = re.compile(rf"[–—:|]\s*(?:[a-z]+(?:\s+[a-z]+)?\s+|(?:{_LEADING_QUALIFIER})\s+)?$")


def _entity_span(doc: Doc, span: Span, unit_end: int | None, is_unit: bool) -> tuple[int, int] | None:
    text = doc_text(doc)
    line_start = text.rfind("\n", 0, span.start_char) + 1
    counts_noun = span[-1].dep_ == "nummod" and span[-1].head.i > span[-1].i and upos(span[-1].head) in _NOUNS \
        and span.text[:1] not in "$€£"
    if _AFTER_LABEL.search(text, line_start, span.start_char) and not is_unit and not counts_noun:
        # 'Value of FY16 Cocaine Removals – $5.9 Billion': in a 'label – figure' line the label names it,
        # unless the figure counts a noun of its own ('...by the police: 58,288 people were arrested')
        found = _label_entity(doc, span)
        if found is not None:
            return found
    found = _money_entity(doc, span) if span.text[:1] in "$€£" or _VAGUE_MONEY.match(doc_text(doc), span.end_char) \
        else _rate_of(doc, span)
    return found or _parse_entity(doc, span, unit_end, is_unit) or _label_entity(doc, span)


def _parse_entity(doc: Doc, span: Span, unit_end: int | None, is_unit: bool) -> tuple[int, int] | None:
    tok = span[-1]
    if upos(tok) == "VERB":  # 'seizures more than doubled': the verb's own subject
        for child in tok.children:
            if child.dep_ in ("nsubj", "nsubjpass") and upos(child) in _NOUNS:
                return _phrase(doc, child)
    after = unit_end if unit_end is not None else span.end_char
    if is_unit:
        unit_tok = None
        for t in doc[span.end:]:
            if t.idx >= after:
                break
            if t.is_alpha:
                unit_tok = t
                break
        if unit_tok is not None:
            obj = _of_object(unit_tok)
            if obj is not None:
                return _noun_phrase(doc, obj, obj.left_edge.idx)
            tok = unit_tok
    change = _change_object(tok)
    if change is not None:
        return _noun_phrase(doc, change, change.left_edge.idx)
    obj = _of_object(tok)
    if obj is not None and upos(obj) != "PRON":
        return _noun_phrase(doc, obj, obj.left_edge.idx)
    head = tok
    while head.dep_ in _MOD_DEPS and head.head.i != head.i and head.head.i > head.i:
        head = head.head
        if upos(head) in _NOUNS and head.idx >= after and not head.is_punct:
            if head.lower_ in lexicon().units and lexicon().units[head.lower_][1] != "multiplier":
                if lexicon().units[head.lower_][1] in ("duration", "age"):
                    continue
                break  # '367,700 (166,785 kilograms)': a unit of another figure names nothing counted
            if head.lower_ in lexicon().change_nouns and tok.lower_ in ("%", "percent"):
                break
            nxt = doc[tok.i + 1]
            if head.i > nxt.i and nxt.tag_ in ("NNS", "NNPS") and nxt.head.i == head.i and nxt.dep_ == "compound":
                head = nxt  # '18 Counts Title Fraud 3rd Degree Felony': the plural right after the number
            while head.dep_ == "compound" and head.head.i > head.i and _nominal(head.head) \
                    and head.tag_ not in ("NNS", "NNPS"):  # '18 Counts Title Fraud ...': a plural is the head
                head = head.head  # "5,000 sexual assault offenses": the compound's head is the noun counted
            if head.lower_ in _MEASURE_NOUNS:  # "double the size of the Border Patrol" measures the Patrol
                obj = _of_object(head)
                if obj is not None:
                    return _phrase(doc, obj)
            return _noun_phrase(doc, head, after)
    nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
    if nxt is not None and upos(nxt) in _NOUNS and nxt.idx >= after and not is_unit \
            and nxt.lower_ not in lexicon().change_nouns \
            and lexicon().units.get(nxt.lower_, ("", "multiplier"))[1] == "multiplier":
        return _noun_phrase(doc, nxt, after)
    attr = _copula_attr(tok)
    if attr is not None:
        return _phrase(doc, attr)
    prep = tok.head
    if tok.dep_ == "pobj" and prep.lower_ == "at" and prep.i > 0 and doc[prep.i - 1].text == "," \
            and upos(prep.head) == "NOUN" and prep.head.i < prep.i:
        return _phrase(doc, prep.head)  # 'The number of shooting victims, at 104, slightly rose'
    subj = _subject(tok if tok.dep_ not in _MOD_DEPS else head)
    if subj is not None:
        return _noun_phrase(doc, subj, subj.left_edge.idx)
    return None
