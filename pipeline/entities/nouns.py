"""What a number counts or measures, read from the parse: the counted entity of a quantity."""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span, Token

from pipeline.records import Candidate, Entity, UnitHit
from pipeline.lexicon.loader import lexicon
from pipeline.entities.money import PAYMENT, THEFT, money_entity
from pipeline.entities.phrase import LABEL_HEADS, MOD_DEPS, NOUNS, OF_MEASURES, copula_attr, doc_text, nearest_subject, nominal, noun_phrase, of_object, phrase, span_entity, token_from, upos, verb_subject

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


def entity_for(doc: Doc, span: Span, unit_end: int | None, is_unit: bool) -> Entity | None:
    """What the number counts or measures, read from the parse."""
    if not is_unit and _counts_people(span[-1]):
        return Entity("people")
    found = _entity_span(doc, span, unit_end, is_unit)
    if found == PAYMENT:
        return Entity("payment")
    if found == THEFT:
        return Entity("theft")
    return span_entity(doc_text(doc), found)


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
                    if obj.dep_ == "pobj" and upos(obj) in NOUNS:
                        return obj
    return None


_LEADING_QUALIFIER = r"(?:More|Less|Fewer)\s+than|Over|Under|About|Nearly|Almost|Approximately|Roughly|Around|Up\s+to"


_LABEL_SEP = re.compile(rf"\s*[–—:|-]\s*(?:[a-z ]{{0,16}}|(?:{_LEADING_QUALIFIER})\s+)?$")


_MEASURE_NOUNS = (LABEL_HEADS - {"count"}) | {"size", "rate", "level", "volume", "quantity", "share", "percentage", "portion"}


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
    if _IN_PROSE.search(label.text) and words and upos(words[-1]) in NOUNS and not words[-1].like_num \
            and words[-1].ent_type_ not in ("DATE", "TIME", "PERSON", "GPE", "ORG"):
        # '... during 2024. There was an even bigger drop in homicides: to 41': in running prose, not a label line,
        # the sentence before the colon introduces its last noun
        return phrase(doc, words[-1])
    for tok in label:
        if upos(tok) not in NOUNS or tok.ent_type_ in ("DATE", "TIME", "CARDINAL") or tok.like_num:
            continue
        head = tok
        while head.dep_ in ("compound", "amod", "nmod") and head.head.i > head.i and head.head.i < label.end \
                and upos(head.head) in NOUNS:
            head = head.head
        if head.lower_ in LABEL_HEADS or tok.text.startswith("#"):
            obj = of_object(head)
            if obj is not None:
                return noun_phrase(doc, obj, obj.left_edge.idx)
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
    return phrase(doc, noun)


_VAGUE_MONEY = re.compile(r"(?<=illions)\s+in\s", re.IGNORECASE)  # 'bilked millions in public funds'


_AFTER_LABEL = re.compile(rf"[–—:|]\s*(?:[a-z]+(?:\s+[a-z]+)?\s+|(?:{_LEADING_QUALIFIER})\s+)?$")


def _entity_span(doc: Doc, span: Span, unit_end: int | None, is_unit: bool) -> tuple[int, int] | None:
    text = doc_text(doc)
    line_start = text.rfind("\n", 0, span.start_char) + 1
    counts_noun = span[-1].dep_ == "nummod" and span[-1].head.i > span[-1].i and upos(span[-1].head) in NOUNS \
        and span.text[:1] not in "$€£"
    if _AFTER_LABEL.search(text, line_start, span.start_char) and not is_unit and not counts_noun:
        # 'Value of FY16 Cocaine Removals – $5.9 Billion': in a 'label – figure' line the label names it,
        # unless the figure counts a noun of its own ('...by the police: 58,288 people were arrested')
        found = _label_entity(doc, span)
        if found is not None:
            return found
    found = money_entity(doc, span) if span.text[:1] in "$€£" or _VAGUE_MONEY.match(doc_text(doc), span.end_char) \
        else _rate_of(doc, span)
    return found or _parse_entity(doc, span, unit_end, is_unit) or _label_entity(doc, span)


def _parse_entity(doc: Doc, span: Span, unit_end: int | None, is_unit: bool) -> tuple[int, int] | None:
    tok = span[-1]
    if upos(tok) == "VERB":  # 'seizures more than doubled': the verb's own subject
        for child in tok.children:
            if child.dep_ in ("nsubj", "nsubjpass") and upos(child) in NOUNS:
                return phrase(doc, child)
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
            obj = of_object(unit_tok)
            if obj is not None:
                return noun_phrase(doc, obj, obj.left_edge.idx)
            tok = unit_tok
    change = _change_object(tok)
    if change is not None:
        return noun_phrase(doc, change, change.left_edge.idx)
    obj = of_object(tok)
    if obj is not None and upos(obj) != "PRON":
        return noun_phrase(doc, obj, obj.left_edge.idx)
    head = tok
    while head.dep_ in MOD_DEPS and head.head.i != head.i and head.head.i > head.i:
        head = head.head
        if upos(head) in NOUNS and head.idx >= after and not head.is_punct:
            if head.lower_ in lexicon().units and lexicon().units[head.lower_][1] != "multiplier":
                if lexicon().units[head.lower_][1] in ("duration", "age"):
                    continue
                break  # '367,700 (166,785 kilograms)': a unit of another figure names nothing counted
            if head.lower_ in lexicon().change_nouns and tok.lower_ in ("%", "percent"):
                break
            nxt = doc[tok.i + 1]
            if head.i > nxt.i and nxt.tag_ in ("NNS", "NNPS") and nxt.head.i == head.i and nxt.dep_ == "compound":
                head = nxt  # '18 Counts Title Fraud 3rd Degree Felony': the plural right after the number
            while head.dep_ == "compound" and head.head.i > head.i and nominal(head.head) \
                    and head.tag_ not in ("NNS", "NNPS"):  # '18 Counts Title Fraud ...': a plural is the head
                head = head.head  # "5,000 sexual assault offenses": the compound's head is the noun counted
            if head.lower_ in _MEASURE_NOUNS:  # "double the size of the Border Patrol" measures the Patrol
                obj = of_object(head)
                if obj is not None:
                    return phrase(doc, obj)
            return noun_phrase(doc, head, after)
    following = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
    if following is not None and upos(following) in NOUNS and following.idx >= after and not is_unit \
            and following.lower_ not in lexicon().change_nouns \
            and lexicon().units.get(following.lower_, ("", "multiplier"))[1] == "multiplier":
        return noun_phrase(doc, following, after)
    attr = copula_attr(tok)
    if attr is not None:
        return phrase(doc, attr)
    prep = tok.head
    if tok.dep_ == "pobj" and prep.lower_ == "at" and prep.i > 0 and doc[prep.i - 1].text == "," \
            and upos(prep.head) == "NOUN" and prep.head.i < prep.i:
        return phrase(doc, prep.head)  # 'The number of shooting victims, at 104, slightly rose'
    subj = verb_subject(tok if tok.dep_ not in MOD_DEPS else head)
    if subj is not None:
        return noun_phrase(doc, subj, subj.left_edge.idx)
    return None
