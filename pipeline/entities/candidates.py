"""Every entity a figure might count, with the features the learned chooser scores: what each rule proposes, and
candidates read from the parse itself (the sentence's nouns, the object of 'of', the noun after the figure, the
noun before a parenthesis, a table row's label). spaCy objects stay here; what leaves is Options of strings."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from pipeline.entities.figure import NOTHING, Figure
from pipeline.entities.phrase import LABEL_HEADS, NOUNS, OF_MEASURES, PERIOD_NOUNS, doc_text, phrase, token_from, upos
from pipeline.entities.rules import ENTITY_RULES, FALLBACKS, OVERRIDES, first_proposal, letters, settle
from pipeline.lexicon.loader import lexicon
from pipeline.quantities.relate import entity_of
from pipeline.records import Entity

if TYPE_CHECKING:
    from spacy.tokens import Token

__all__ = ["Option", "options"]

_PERIOD_WORDS = frozenset({"day", "days", "week", "weeks", "month", "months", "year", "years", "hour", "hours"})
_OF_NEXT = re.compile(r"\s+of\s+(?:the\s+|a\s+|an\s+)?")
SENTENCE_NOUNS = 8  # the nearest nouns of the sentence offered as candidates


@dataclass(slots=True)
class Option:
    """One entity the figure might count: who proposed it (rule ids in table order, parse sources) and its features."""

    entity: Entity
    rules: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    rules_choice: bool = False
    features: list[str] = field(default_factory=list)

    @property
    def rule(self) -> str:
        """The id that names where it came from: the first rule that proposed it, else its parse source."""
        return self.rules[0] if self.rules else self.sources[0]


def _key(ent: Entity) -> tuple[object, ...]:
    return (ent.start, ent.end) if ent.start is not None else ("label", ent.text.lower())


def options(f: Figure) -> tuple[list[Option], Entity | None, str | None]:
    """The figure's candidates (the rules' own choice first, then table order, then the parse's), and what the rules
    alone decide."""
    proposals = [(rule, rule.propose(f)) for rule in ENTITY_RULES]
    first, first_id = first_proposal(proposals)
    chosen, chosen_id = settle(f, first, first_id)
    found: dict[tuple[object, ...], Option] = {}

    def add(ent: Entity | None, rule: str | None = None, source: str | None = None) -> None:
        if ent is None or ent is NOTHING or not ent.text.strip():
            return
        if f.kind == "duration" and ent.text.lower() in _PERIOD_WORDS:
            return  # a span of time names no entity (override.period_word)
        ent = letters(f, ent)
        opt = found.setdefault(_key(ent), Option(ent))
        if rule is not None and rule not in opt.rules:
            opt.rules.append(rule)
        if source is not None and source not in opt.sources:
            opt.sources.append(source)

    if chosen is not None:
        add(chosen, chosen_id)
    for rule, ent in proposals:
        add(ent, rule.id)
    for rule_id, override in OVERRIDES:
        add(override(f, first), rule_id)
    for fallback in FALLBACKS:
        add(fallback.propose(f), fallback.id)
    for source, ent in _from_parse(f):
        add(ent, source=source)
    out = list(found.values())
    if chosen is not None:
        out[0].rules_choice = True
    for opt in out:
        opt.features = _features(f, opt)
    return out, chosen, chosen_id


def _phrase_of(f: Figure, tok: "Token | None") -> Entity | None:
    if tok is None or upos(tok) not in NOUNS or tok.like_num:
        return None
    found = phrase(f.doc, tok)
    return Entity(doc_text(f.doc)[found[0]:found[1]], found[0], found[1]) if found else None


def _noun_head(tok: "Token") -> "Token":
    """Up the compounds and adjectives to the noun they modify ('sexual assault offenses' -> offenses)."""
    while tok.dep_ in ("compound", "amod", "nmod") and tok.head.i > tok.i and upos(tok.head) in NOUNS:
        tok = tok.head
    return tok


def _from_parse(f: Figure) -> list[tuple[str, Entity | None]]:
    doc, span = f.doc, f.span
    tok = span[-1]
    sent = tok.sent
    end = f.unit_end if f.unit_end is not None else f.cand.end
    out: list[tuple[str, Entity | None]] = []
    m = _OF_NEXT.match(f.text, end)
    if m:  # 'more than 4,700 pounds of fentanyl, ...': the of-object by the words, whatever the parse attached
        nxt = token_from(doc, m.end())
        head = _noun_head(nxt) if nxt is not None else None
        out.append(("cand.of_next", _phrase_of(f, head)))
        again = _OF_NEXT.match(f.text, head.idx + len(head)) if head is not None else None
        if again and head is not None and (head.lower_ in lexicon().units or head.lower_ in OF_MEASURES):
            # 'thousands of pounds of fentanyl', 'the number of pounds of ...': past the unit or the measure
            deeper = token_from(doc, again.end())
            out.append(("cand.of_of", _phrase_of(f, _noun_head(deeper)) if deeper is not None else None))
    after = next((t for t in doc[span.end:min(len(doc), span.end + 4)] if t.idx >= end and upos(t) in NOUNS), None)
    if after is not None:
        out.append(("cand.next_noun", _phrase_of(f, _noun_head(after))))
    opened = next((t for t in reversed(doc[sent.start:span.start]) if t.text in "()"), None)
    if opened is not None and opened.text == "(" and opened.i > 0:  # '73,362 fugitives (28,065 on federal ...)'
        out.append(("cand.before_paren", _phrase_of(f, doc[opened.i - 1])))
    line = doc_text(doc).rfind("\n", 0, span.start_char) + 1
    if doc_text(doc)[line:span.start_char].strip():
        first = next((t for t in doc[sent.start:span.start] if t.idx >= line and upos(t) in NOUNS
                      and not t.like_num), None)
        if first is not None:  # 'Total Crashes 476 540': the row's label
            out.append(("cand.line_label", _phrase_of(f, _noun_head(first))))
    nouns = [t for t in sent if upos(t) in NOUNS and not t.like_num and t.i not in range(span.start, span.end)
             and _noun_head(t) is t]
    nouns.sort(key=lambda t: abs(t.i - tok.i))
    out.extend(("cand.sentence_noun", _phrase_of(f, t)) for t in nouns[:SENTENCE_NOUNS])
    if f.out and f.out[-1].entity is not None and f.out[-1].sentence_start == f.base + sent.start_char:
        out.append(("cand.previous", entity_of(f.out[-1], f.base)))
    return out


def _bucket(n: int) -> str:
    for limit in (0, 1, 2, 3, 5, 8, 12, 20):
        if n <= limit:
            return str(limit)
    return "far"


def _token_at(f: Figure, offset: int) -> "Token | None":
    starts = f.doc.user_data.get("pipeline_starts")
    if starts is None:
        starts = f.doc.user_data["pipeline_starts"] = [t.idx for t in f.doc]
    i = bisect_right(starts, offset) - 1
    return f.doc[i] if 0 <= i < len(f.doc) else None


def _path(a: "Token", b: "Token") -> tuple[list[str], list[str], "Token | None"]:
    """Dependency labels from a up to the lowest common ancestor, and from b up to it."""
    up = [a, *a.ancestors]
    ids = {t.i: n for n, t in enumerate(up)}
    down: list[str] = []
    for t in (b, *b.ancestors):
        if t.i in ids:
            return [x.dep_ for x in up[:ids[t.i]]], down, t
        down.append(t.dep_)
    return [x.dep_ for x in up], down, None


def _features(f: Figure, opt: Option) -> list[str]:
    kind = f.kind
    feats = ["bias", f"k={kind}", f"form={f.cand.form}"]
    for r in opt.rules:
        feats += [f"r={r}", f"k={kind}|r={r}", f"r={r}|unit={f.is_unit}"]
    for s in opt.sources:
        feats += [f"s={s}", f"k={kind}|s={s}", f"s={s}|unit={f.is_unit}"]
    if opt.rules_choice:
        feats += ["rc", f"k={kind}|rc", f"rc={opt.rules[0] if opt.rules else '-'}"]
    feats.append(f"nr={min(len(opt.rules), 3)}|ns={min(len(opt.sources), 2)}")
    ent = opt.entity
    if ent.start is None or ent.end is None:
        return [*feats, f"label={ent.text.lower()}", f"k={kind}|label={ent.text.lower()}"]
    head = _token_at(f, ent.end - 1)
    num = f.span[-1]
    if head is None:
        return feats
    lower = head.lower_
    direction = "in" if ent.start < f.cand.end and ent.end > f.cand.start else ("after" if ent.start >= f.cand.end
                                                                                else "before")
    dist = abs(head.i - num.i)
    feats += [f"dir={direction}", f"dir={direction}|d={_bucket(dist)}", f"k={kind}|dir={direction}",
              f"tag={head.tag_}", f"k={kind}|tag={head.tag_}", f"ent={head.ent_type_ or '-'}", f"dep={head.dep_}",
              f"head={head.lemma_.lower()}"]
    up, down, lca = _path(num, head)
    feats += [f"path={'^'.join(up[:3])}|{'v'.join(down[:3])}", f"up={min(len(up), 4)}|down={min(len(down), 4)}"]
    if lca is not None and upos(lca) in ("VERB", "AUX"):
        feats += [f"lca={lca.lemma_.lower()}", f"lca={lca.lemma_.lower()}|dir={direction}"]
    if lower in lexicon().units:
        feats.append("unit_word")
    if lower in PERIOD_NOUNS:
        feats.append("period_word")
    if lower in LABEL_HEADS or lower in OF_MEASURES:
        feats.append("measure_word")
    lo, hi = (ent.end, f.cand.start) if direction == "before" else (f.unit_end or f.cand.end, ent.start)
    between = f.text[lo:hi] if lo < hi else ""
    gap = " ".join(between.lower().split())
    feats.append(f"gap={gap if len(gap) <= 5 else 'long'}|dir={direction}")
    feats.append(f"k={kind}|gap={gap if len(gap) <= 5 else 'long'}|dir={direction}")
    if f.text[f.cand.end:f.cand.end + 1] == "-":
        feats += ["hyphen", f"hyphen|dir={direction}|d={_bucket(dist)}"]
    line = f.text.rfind("\n", 0, f.cand.start) + 1
    if ent.start == line or not f.text[line:ent.start].strip(" \t-–•o*"):
        feats.append(f"line_start|dir={direction}")
    if ent.text.isupper() and len(ent.text) > 2:
        feats.append("upper")
    for mark, name in (("\n", "newline"), ("(", "paren"), (")", "paren"), (";", "semicolon"), (":", "colon")):
        if mark in between:
            feats.append(f"cross={name}")
    feats.append(f"commas={min(between.count(','), 3)}")
    if f.out and f.out[-1].entity is not None and f.out[-1].entity.lower() == ent.text.lower():
        feats.append("same_as_previous")
    feats.append(f"words={min(len(ent.text.split()), 4)}")
    return feats
