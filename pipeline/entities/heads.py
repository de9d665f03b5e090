"""What the number itself says it counts, read from the parse: the rules of the group 'parse' (and the label and
people rules around it), in the order pipeline.entities.rules asks them."""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span, Token

from pipeline.entities.figure import Figure, named
from pipeline.entities.money import is_money
from pipeline.entities.phrase import (
    LABEL_HEADS,
    MOD_DEPS,
    NOUNS,
    copula_attr,
    doc_text,
    nominal,
    noun_phrase,
    of_object,
    phrase,
    upos,
    verb_subject,
)
from pipeline.lexicon.loader import lexicon
from pipeline.records import Entity

PEOPLE = Entity("people")


def people(f: Figure) -> Entity | None:
    """'4 Charged in Overdose Death': a bare number that is charged, arrested, killed ... counts people."""
    return PEOPLE if not f.is_unit and _counts_people(f.span[-1]) else None


def label_line(f: Figure) -> Entity | None:
    """'Value of FY16 Cocaine Removals – $5.9 Billion': in a 'label – figure' line the label names it, unless the
    figure counts a noun of its own ('...by the police: 58,288 people were arrested')."""
    doc, span = f.doc, f.span
    text = doc_text(doc)
    line_start = text.rfind("\n", 0, span.start_char) + 1
    counts_noun = span[-1].dep_ == "nummod" and span[-1].head.i > span[-1].i and upos(span[-1].head) in NOUNS \
        and span.text[:1] not in "$€£"
    if _AFTER_LABEL.search(text, line_start, span.start_char) and not f.is_unit and not counts_noun:
        found = _label_entity(doc, span)
        if found is not None:
            return named(text, found)
    return None


def label_fallback(f: Figure) -> Entity | None:
    """A label line ('Smuggling vessels seized – 172') when nothing in the parse names what the figure counts."""
    found = _label_entity(f.doc, f.span)
    return named(doc_text(f.doc), found) if found is not None else None


def rate_of(f: Figure) -> Entity | None:
    """'a monthly interest rate of 3%' (not a sum: the money rules ask those)."""
    if is_money(f):
        return None
    found = _rate_of(f.doc, f.span)
    return named(doc_text(f.doc), found) if found is not None else None


def verb_own_subject(f: Figure) -> Entity | None:
    """'seizures more than doubled': a figure read as a verb counts the verb's own subject."""
    tok = f.span[-1]
    if upos(tok) == "VERB":
        for child in tok.children:
            if child.dep_ in ("nsubj", "nsubjpass") and upos(child) in NOUNS:
                return named(doc_text(f.doc), phrase(f.doc, child))
    return None


def _after(f: Figure) -> int:
    return f.unit_end if f.unit_end is not None else f.span.end_char


def _unit_token(f: Figure) -> Token | None:
    """The first word of the unit written after the figure ('pounds' in '7,000 pounds of heroin')."""
    if not f.is_unit:
        return None
    after = _after(f)
    for t in f.doc[f.span.end:]:
        if t.idx >= after:
            break
        if t.is_alpha:
            return t
    return None


def _number_token(f: Figure) -> Token:
    """The token the parse rules start from: the unit's word when one is written, else the figure's last token."""
    return _unit_token(f) or f.span[-1]


def unit_of(f: Figure) -> Entity | None:
    """'7,000 pounds of heroin': the of-object of the unit."""
    unit_tok = _unit_token(f)
    obj = of_object(unit_tok) if unit_tok is not None else None
    return named(doc_text(f.doc), noun_phrase(f.doc, obj, obj.left_edge.idx)) if obj is not None else None


def change_object(f: Figure) -> Entity | None:
    """'a 19% decrease in shootings' -> shootings."""
    change = _change_object(_number_token(f))
    return named(doc_text(f.doc), noun_phrase(f.doc, change, change.left_edge.idx)) if change is not None else None


def number_of(f: Figure) -> Entity | None:
    """'thousands of aliens', 'a dozen of the defendants': the figure's own of-object."""
    obj = of_object(_number_token(f))
    if obj is not None and upos(obj) != "PRON":
        return named(doc_text(f.doc), noun_phrase(f.doc, obj, obj.left_edge.idx))
    return None


def _walk_head(f: Figure) -> tuple[Entity | None, Token]:
    """The noun the figure modifies ('5,000 sexual assault offenses'), and where the walk up the modifiers ended."""
    doc, tok, after = f.doc, _number_token(f), _after(f)
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
                    return named(doc_text(doc), phrase(doc, obj)), head
            return named(doc_text(doc), noun_phrase(doc, head, after)), head
    return None, head


def modified_noun(f: Figure) -> Entity | None:
    """'127,000 aliens', '5,000 sexual assault offenses': the noun the figure modifies."""
    return _walk_head(f)[0]


def multiplier_noun(f: Figure) -> Entity | None:
    """A noun right after a bare figure that is a multiplier word."""
    tok, after = _number_token(f), _after(f)
    nxt = f.doc[tok.i + 1] if tok.i + 1 < len(f.doc) else None
    if nxt is not None and upos(nxt) in NOUNS and nxt.idx >= after and not f.is_unit \
            and nxt.lower_ not in lexicon().change_nouns \
            and lexicon().units.get(nxt.lower_, ("", "multiplier"))[1] == "multiplier":
        return named(doc_text(f.doc), noun_phrase(f.doc, nxt, after))
    return None


def copula(f: Figure) -> Entity | None:
    """'Of which, 26 were shooting homicides': a figure that is the subject of 'be' counts the complement."""
    attr = copula_attr(_number_token(f))
    return named(doc_text(f.doc), phrase(f.doc, attr)) if attr is not None else None


def at_apposition(f: Figure) -> Entity | None:
    """'The number of shooting victims, at 104, slightly rose'."""
    doc, tok = f.doc, _number_token(f)
    prep = tok.head
    if tok.dep_ == "pobj" and prep.lower_ == "at" and prep.i > 0 and doc[prep.i - 1].text == "," \
            and upos(prep.head) == "NOUN" and prep.head.i < prep.i:
        return named(doc_text(doc), phrase(doc, prep.head))
    return None


def subject(f: Figure) -> Entity | None:
    """The subject of the verb the figure depends on ('Officers seized 40 ...' names what acts: the last resort)."""
    tok = _number_token(f)
    subj = verb_subject(tok if tok.dep_ not in MOD_DEPS else _walk_head(f)[1])
    return named(doc_text(f.doc), noun_phrase(f.doc, subj, subj.left_edge.idx)) if subj is not None else None


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


_AFTER_LABEL = re.compile(rf"[–—:|]\s*(?:[a-z]+(?:\s+[a-z]+)?\s+|(?:{_LEADING_QUALIFIER})\s+)?$")
