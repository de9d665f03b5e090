"""Quantities of a document: rule candidates, filtered by traps and the model, annotated from the parse."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from pipeline.entities.ages import age_as_noun, aged_noun, apposition_age, noun_age
from pipeline.quantities.annotate import (
    Bound,
    TimeScopes,
    UnitHit,
    change_of,
    change_word_at,
    hyphen_attached,
    qualifier_after,
    qualifier_before,
    span_tokens,
    unit_after,
)
from pipeline.entities.cells import cell_entities
from pipeline.entities.nouns import (
    entity_for,
    parenthetical,
    partitive,
    prison_term,
    what_changed,
)
from pipeline.lexicon.loader import lexicon
from pipeline.entities.measures import DELIBERATION, SPEED, deliberation, pages, speed
from pipeline.records import Block, Quantity, Structure
from pipeline.quantities.numbers import Candidate, find_candidates
from pipeline.entities.phrase import Entity
from pipeline.quantities.reject import rejected
from pipeline.quantities.relate import (
    FROM_BETWEEN,
    RANGE_BETWEEN,
    as_range,
    entity_of,
    is_range,
    restated_as_share,
    same_as_before,
)
from pipeline.quantities.traps import TrapIndex, TrapSpan, find_traps

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Span

_NUMBERISH = re.compile(r"\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|dozen|twenty|thirty|"
                        r"forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|million|billion|half|third|quarter|"
                        r"double|twice|triple)", re.IGNORECASE)
# a dash joins when it is glued to the first figure or spaced on both sides: 'Stoxx 50 -1.3%' is no range
_RANGE_JOIN = re.compile(r"\s*(?:to|and|or)\s*|[-–—]\s*|\s+[-–—]\s+", re.IGNORECASE)  # '12- 18-month'

_WHEN_AFTER = re.compile(r"\s+(?:in|during|between|from|of)\s+(?:(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\b|"
                         r"(?:19|20)\d\d\b|the\s+(?:spring|summer|fall|autumn|winter)\b)")
_PREPOSITIONS = frozenset({"over", "under", "above", "below", "around", "about"})


def block_text(structure: Structure, block: Block) -> str:
    """The text the rules read for a block: markup and stamps blanked (same length as the document slice)."""
    return structure.masked[block.start:block.end]


def model_text(text: str) -> str:
    """What the model reads: the block text with line breaks as spaces, a slash between a word and a figure as a
    space ('requested/85% approved' reads as two words) and long runs of punctuation blanked, all at the same
    length and offsets."""
    text = _SHOUTED.sub(_quiet, text)
    text = _WORD_SLASH.sub(" ", text.replace("\r", " ").replace("\n", " "))
    return _PUNCT_RUN.sub(lambda m: " " * len(m.group()), text)


# A line in capitals ('18-YEAR-OLD ANAHEIM MAN CHARGED WITH STABBING-MURDER OF 12-YEAR-OLD BOY') parses badly:
# the model reads it in lower case (same length; entities keep the document's own letters, see _block_quantities).
_SHOUTED = re.compile(r"(?<!\S)(?:[^\sa-z]+[ \t]+){3,}[^\sa-z]+(?!\S)")  # four or more words with no lower case
_CAPITALS = re.compile(r"[A-Z][A-Z'’.&-]*[A-Z]")


def _quiet(m: re.Match[str]) -> str:
    if len(_CAPITALS.findall(m.group())) < 4:
        return m.group()  # 'FBI AND 12' is not a line in capitals
    lower = m.group().lower()
    return lower if len(lower) == len(m.group()) else m.group()


_WORD_SLASH = re.compile(r"(?<=[A-Za-z])/(?=[$\d])")
_PUNCT_RUN = re.compile(r"[^\w\s]{64,}")  # the tokenizer is quadratic on long punctuation runs; they say nothing


_SENTENCE_GAP = re.compile(r"[.!?][\"”’)]?\s+(?=[\"“(]?[A-Z0-9$])")
_ABBREVIATIONS = frozenset({"mr", "mrs", "ms", "dr", "jr", "sr", "st", "no", "nos", "dept", "gov", "sen", "rep", "lt",
                            "sgt", "det", "ofc", "inc", "co", "corp", "vs", "v", "ave", "blvd", "rd", "u.s", "jan", "feb",
                            "mar", "apr", "aug", "sept", "sep", "oct", "nov", "dec", "approx", "est", "gen", "capt"})


def sentences(text: str) -> list[tuple[int, int]]:
    """Cheap sentence spans (only to choose what the model reads; the model's own sentences are used after)."""
    spans, start = [], 0
    for m in _SENTENCE_GAP.finditer(text):
        word = re.search(r"([\w.]+)$", text[start:m.start()])
        if word and (word.group(1).lower().rstrip(".") in _ABBREVIATIONS or len(word.group(1)) == 1):
            continue
        spans.append((start, m.start() + 1))
        start = m.end()
    spans.append((start, len(text)))
    return spans


@dataclass(frozen=True, slots=True)
class Piece:
    """A run of a block that the model reads: a Block over its own span (document offsets), its text, and the
    block's traps and number candidates in the piece's offsets. They are found once per block, so a trap such as
    a bill number ('H.R. 895, the ...') is seen with the words before a sentence cut."""

    block: Block
    text: str
    traps: tuple[TrapSpan, ...]
    candidates: tuple[Candidate, ...]


def wanted(structure: Structure, blocks: Sequence[Block]) -> list[Piece]:
    """What the model reads: the sentences of each block that hold a number the rules keep (traps aside)."""
    out = []
    for b in blocks:
        t = block_text(structure, b)
        if not _NUMBERISH.search(t):
            continue
        found = find_traps(t)
        traps = TrapIndex(found)
        candidates = find_candidates(t)
        live = [c.start for c in candidates if not traps.hits(c.start, c.end)]
        if not live:
            continue
        pieces: list[list[int]] = []
        for s, e in sentences(t):
            if bisect_left(live, e) > bisect_left(live, s):
                if pieces and pieces[-1][1] >= s - 2:
                    pieces[-1][1] = e
                else:
                    pieces.append([s, e])
        for s, e in pieces:
            for cs, ce in _chunks(t, s, e):
                if bisect_left(live, ce) > bisect_left(live, cs):  # a cut-off run with no number is not read
                    out.append(Piece(Block(b.start + cs, b.start + ce, b.kind, b.level), t[cs:ce],
                                     _traps_within(found, cs, ce), _candidates_within(candidates, cs, ce)))
    return out


def _traps_within(traps: list[TrapSpan], start: int, end: int) -> tuple[TrapSpan, ...]:
    """The traps that overlap [start, end), cut to it, in its offsets."""
    return tuple(TrapSpan(max(t.start, start) - start, min(t.end, end) - start, t.kind)
                 for t in traps if t.start < end and t.end > start)


def _candidates_within(candidates: list[Candidate], start: int, end: int) -> tuple[Candidate, ...]:
    return tuple(replace(c, start=c.start - start, end=c.end - start)
                 for c in candidates if start <= c.start and c.end <= end)


MAX_PIECE = 20_000  # characters the model reads at once; longer runs (no sentence ends) are cut at spaces


def _chunks(text: str, start: int, end: int) -> list[tuple[int, int]]:
    out = []
    while end - start > MAX_PIECE:
        cut = text.rfind(" ", start + MAX_PIECE // 2, start + MAX_PIECE)
        cut = cut if cut > start else start + MAX_PIECE
        out.append((start, cut))
        start = cut
    out.append((start, end))
    return out


_CAPTION = re.compile(r"^\W*(?P<name>[A-Za-z][\w .&'’-]*?)(?=\s+(?:in|by|for|over|during|from|since|of the)\b|\s*[:(]|\s*$)")


def captions(structure: Structure) -> dict[Block, Entity]:
    """The line above a table ('CBP Encounters in the Last 10 Years') names what its cells count."""
    out: dict[Block, Entity] = {}
    caption: Entity | None = None
    for prev, block in zip((None, *structure.blocks), structure.blocks):
        if block.kind != "row":
            continue
        if prev is not None and prev.kind != "row":
            line_start = structure.masked.rfind("\n", prev.start, prev.end) + 1 or prev.start
            m = _CAPTION.match(structure.masked[line_start:prev.end])
            caption = Entity(m.group("name"), line_start + m.start("name"), line_start + m.end("name")) if m else None
        if caption is not None:
            out[block] = caption
    return out


_ONE = re.compile(r"\bone\b", re.IGNORECASE)


def needs_ner(text: str) -> bool:
    """The entity recognizer decides whether 'one' counts ('one victim', 'from six to one') or not ('one of
    the largest', 'the one who'); other numbers need only the tagger and the parse."""
    return _ONE.search(text) is not None


def parse(nlp: "Language", texts: list[str], batch_size: int = 64) -> list["Doc"]:
    """Docs for the pieces, in order: tagged and parsed; the NER reads only the words around 'one' (see
    needs_ner and NER_WINDOW)."""
    if not texts:
        return []
    if "ner" not in nlp.pipe_names:
        return list(nlp.pipe(texts, batch_size=batch_size))
    docs = list(nlp.pipe(texts, batch_size=batch_size, disable=["ner"]))
    _entities_around_one(nlp, docs, batch_size)
    return docs


# Tokens on each side of 'one' that the entity recognizer reads. Its own embedding sees four tokens each way,
# and its decisions look a few tokens ahead, so the label of 'one' is the one it gives in the whole piece.
NER_WINDOW = 10


def _entities_around_one(nlp: "Language", docs: list["Doc"], batch_size: int) -> None:
    from spacy.tokens import Span

    windows: list[tuple["Doc", int, int]] = []
    for doc in docs:
        if not needs_ner(doc.text):
            continue
        runs: list[list[int]] = []
        for tok in doc:
            if tok.lower_ == "one":
                start, end = max(0, tok.i - NER_WINDOW), min(len(doc), tok.i + NER_WINDOW + 1)
                if runs and start <= runs[-1][1]:
                    runs[-1][1] = end
                else:
                    runs.append([start, end])
        windows.extend((doc, start, end) for start, end in runs)
    if not windows:
        return
    found: dict[int, list[Span]] = {}
    ner = nlp.get_pipe("ner")
    parts = ner.pipe((doc[start:end].as_doc() for doc, start, end in windows), batch_size=batch_size)  # type: ignore[attr-defined]
    for (doc, start, _), part in zip(windows, parts):
        found.setdefault(id(doc), []).extend(Span(doc, start + e.start, start + e.end, label=e.label_)
                                             for e in part.ents)
    for doc in docs:
        if id(doc) in found:
            doc.set_ents(found[id(doc)])


def quantify(structure: Structure, nlp: "Language", batch_size: int = 64) -> list[Quantity]:
    pieces = wanted(structure, structure.blocks)
    return quantities_from_docs(structure, zip(pieces, parse(nlp, [model_text(p.text) for p in pieces], batch_size)))


def quantities_from_docs(structure: Structure, items: Iterable[tuple[Piece, "Doc"]]) -> list[Quantity]:
    out: list[Quantity] = []
    table_captions = captions(structure)
    cells = cell_entities(structure.masked)
    for piece, doc in items:
        block = piece.block
        caption = next((c for b, c in table_captions.items() if b.start <= block.start < b.end), None)
        if caption is not None and caption.start is not None and caption.end is not None:
            caption = Entity(caption.text, caption.start - block.start, caption.end - block.start)
        out.extend(_block_quantities(structure, piece, doc, caption, cells))
    return out


_PERIOD = Entity("period")
_MEASURES = {"duration": _PERIOD, "speed": SPEED}
# 'Burglaries decreased by 18.4%, grand larcenies by 7.2%': the verb is left out, the noun before 'by' is counted
_GAPPED_BY = re.compile(r",?\s+(by)\s+(?:about\s+|nearly\s+|almost\s+|roughly\s+|approximately\s+)?$")
_OF_THIS_AMOUNT = re.compile(r"\b[Oo]f\s+(?:this|that|the)\s+(?:amount|total|sum|money|number|figure)s?\s*,\s*"
                             r"(?:[a-z]+\s+){0,3}$")
_THAT_BEFORE = re.compile(r"\b(?:that|this|the\s+same)\s+$", re.IGNORECASE)
_CAPITAL_AFTER = re.compile(r"[A-Za-z]?\s+[A-Z][a-z]")
_AND_LIST = re.compile(r",?\s+(?:and|or)\s+|,\s*", re.IGNORECASE)
_PERIOD_WORDS = frozenset({"day", "days", "week", "weeks", "month", "months", "year", "years", "hour", "hours"})
_SPENT_BEFORE = re.compile(r"\b(?:spent|spend|spends|spending)\s+(?:more\s+than\s+|nearly\s+|almost\s+|about\s+|over\s+)?$",
                           re.IGNORECASE)  # 'has collectively spent ten years'
_LATER_AFTER = re.compile(r"\s+(?:later|ago|earlier|afterwards?|prior)\b", re.IGNORECASE)  # 'Just nine minutes later'
_BY_BEFORE = re.compile(r"\bby\s+$", re.IGNORECASE)
_OF_AFTER = re.compile(r"\s+of\s")  # 'over 30 years of experience' measures the experience
_PERIOD_BEFORE = re.compile(r"\b(?:over|in|during|for|within|throughout|past|last|next)\s+(?:the\s+)?"
                            r"(?:past\s+|last\s+|next\s+|first\s+)?$", re.IGNORECASE)
def _a_period(text: str, cand: Candidate, unit: UnitHit | None) -> bool:
    """A duration that is a span of time: 'over the past two years', 'has spent ten years' (unless 'of' names what
    the years are of), 'Just nine minutes later'."""
    end = unit.end if unit else cand.end
    spans = _PERIOD_BEFORE.search(text, max(0, cand.start - 32), cand.start) \
        or _SPENT_BEFORE.search(text, max(0, cand.start - 24), cand.start)
    return bool(spans and not _OF_AFTER.match(text, end) or unit and _LATER_AFTER.match(text, unit.end))


def _cell_entity(cells: dict[int, Entity] | None, base: int, cand: Candidate) -> Entity | None:
    """A figure in a flattened table (see pipeline.entities.cells), with its offsets made relative to the block."""
    ent = (cells or {}).get(base + cand.start)
    if ent is None or ent.start is None or ent.end is None:
        return ent
    return Entity(ent.text, ent.start - base, ent.end - base)


def _section_of(structure: Structure, offset: int) -> int | None:
    for s in structure.sections:
        if s.char_start <= offset < s.char_end:
            return s.section_id
    return None


def _interval(value: float | None, comparator: str) -> tuple[float | None, float | None]:
    if value is None:
        return None, None
    if comparator == "=":
        return value, value
    if comparator in (">", ">="):
        return value, None
    if comparator in ("<", "<="):
        return None, value
    return None, None


def _bound(text: str, cand: Candidate, unit: UnitHit | None,
           previous: tuple[Candidate, Bound | None, UnitHit | None] | None,
           ) -> Bound | None:
    bound = qualifier_before(text, cand.start)
    if bound is not None and bound.text in _PREPOSITIONS and (
            hyphen_attached(text, cand, unit) or unit is not None and unit.kind == "duration"
            and _WHEN_AFTER.match(text, unit.end)):
        bound = None  # 'a 5-day period'; 'Over two days in April 2024' is when, not how long at least
    bound = bound or qualifier_after(text, cand.end, unit.end if unit else None)
    if bound is None and previous is not None and previous[1] is not None and (
            RANGE_BETWEEN.fullmatch(text[previous[0].end:cand.start])
            or _RANGE_JOIN.fullmatch(text[previous[0].end:cand.start]) and _same_unit(previous[2], unit)):
        # "an estimated $80 to $90 billion", "exceeding $100,000 and $500,000"; not "under 14 and one felony count"
        bound = previous[1]
    return bound


def _same_unit(a: UnitHit | None, b: UnitHit | None) -> bool:
    return a is not None and b is not None and (a.unit, a.kind) == (b.unit, b.kind)


def _with_units(text: str, doc: "Doc", traps: TrapIndex, candidates: Iterable[Candidate],
                ) -> list[tuple[Candidate, "Span", UnitHit | None, Entity | None]]:
    """Kept candidates with their unit; in a range ('3 and 6 years old') the first number shares the second's unit."""
    rows: list[tuple[Candidate, "Span", UnitHit | None, Entity | None]] = []
    for cand in candidates:
        span = span_tokens(doc, cand.start, cand.end)
        if span is None or len(span) == 0 or rejected(cand, text, span, traps):
            continue
        unit = unit_after(text, cand)
        if unit is None:
            ent = apposition_age(doc, text, cand) or noun_age(text, cand)
            unit = UnitHit("year", "age", cand.end) if ent is not None else None
        elif unit.kind == "age":
            ent = apposition_age(doc, text, cand, has_age_unit=True) or aged_noun(doc, text, cand) \
                or noun_age(text, cand)
        else:
            ent = None
        rows.append((cand, span, unit, ent))
    for i in range(len(rows) - 1, 0, -1):
        (a, sa, ua, ea), (b, sb, ub, eb) = rows[i - 1], rows[i]
        if ua is None and ub is not None and ub.kind not in ("money", "multiplier") \
                and not (ub.kind == "percent" and (a.value or 0) > 100) \
                and a.form in ("digits", "words") and _RANGE_JOIN.fullmatch(text[a.end:b.start]):  # not '769 or 90%'
            rows[i - 1] = (a, sa, UnitHit(ub.unit, ub.kind, a.end), ea)
        elif ub is None and ua is not None and ua.kind == "money" and a.currency and b.form == "digits" \
                and not b.percent and re.fullmatch(r"[-–]|\s+to\s+", text[a.end:b.start]):
            rows[i] = (b, sb, UnitHit(ua.unit, ua.kind, b.end), eb)  # '$800-1,000': the sign is shared
        elif ub is None and ua is not None and ua.end > a.end and ua.kind not in ("money", "multiplier") \
                and b.form == "digits" and not b.currency and FROM_BETWEEN.search(text, max(0, a.start - 16), a.start) \
                and is_range(text, a, b, ua.end):
            rows[i] = (b, sb, UnitHit(ua.unit, ua.kind, b.end), eb)  # 'from 208 pounds to 193'
    for i in range(1, len(rows)):  # 'aged 10-20', 'ages 9, 11 and 14': the age word before the first bounds them all
        (a, sa, ua, ea), (b, sb, ub, eb) = rows[i - 1], rows[i]
        if ub is None and ua is not None and ua.kind == "age" and ua.end == a.end and b.form == "digits" \
                and (RANGE_BETWEEN.fullmatch(text[a.end:b.start]) or _AND_LIST.fullmatch(text[a.end:b.start])
                     and (b.value or 0) <= 120 and not _CAPITAL_AFTER.match(text, b.end)):  # not '29, 95 Navy Walk'
            rows[i] = (b, sb, UnitHit(ua.unit, ua.kind, b.end), eb)
    return rows


def _block_quantities(structure: Structure, piece: Piece, doc: "Doc", caption: Entity | None = None,
                      cells: dict[int, Entity] | None = None) -> list[Quantity]:
    block, text, found = piece.block, piece.text, piece.traps
    traps = TrapIndex(found)
    scopes = TimeScopes(text, [(t.start, t.end) for t in found if t.kind == "date"])
    out: list[Quantity] = []
    previous_entity: dict[int, Entity] = {}
    previous: tuple[Candidate, Bound | None, UnitHit | None] | None = None
    previous_cand: Candidate | None = None
    previous_unit_end: int | None = None
    sents = list(doc.sents)
    sent_starts = [x.start for x in sents]
    for cand, span, unit, ent in _with_units(text, doc, traps, piece.candidates):
        if cand.form == "fraction":
            unit_name, kind = "fraction", "fraction"
        elif cand.form == "multiplier":
            unit_name, kind = "times", "multiplier"
        elif unit is not None:
            unit_name, kind = unit.unit, unit.kind
        else:
            unit_name, kind = None, "count"
        bound = _bound(text, cand, unit, previous)
        previous = (cand, bound, unit)
        comparator = bound.comparator if bound else "="
        sent = sents[bisect_right(sent_starts, span.start) - 1]
        first = bound.start if bound is not None else cand.start
        by = kind == "count" and _BY_BEFORE.search(text, max(0, first - 6), first)  # 'victims ticked up by three'
        changed_at = change_word_at(text, cand, bound) if kind == "percent" or by else None
        gapped = _GAPPED_BY.search(text, max(0, cand.start - 40), cand.start) if kind == "percent" else None
        ent = (ent or _cell_entity(cells, block.start, cand) or prison_term(text, cand, unit)
               or (what_changed(doc, changed_at) if changed_at is not None else None)
               or (what_changed(doc, gapped.start(1), before=True) if gapped else None)
               or age_as_noun(doc, text, cand, unit) or caption
               or (speed(doc, unit.end) if kind == "speed" and unit else None) or pages(text, cand)
               or (deliberation(text, cand.start, unit.end) if kind == "duration" and unit else None)
               or (partitive(doc, span) if unit is None else None)
               or (_PERIOD if kind == "duration" and _a_period(text, cand, unit) else None)
               or same_as_before(text, block.start, cand, unit, out, previous_entity.get(sent.start))
               or entity_for(doc, span, unit.end if unit else None, unit is not None and unit.end > cand.end))
        if ent is None:
            ent = parenthetical(doc, span)
        if out and out[-1].entity and _OF_THIS_AMOUNT.search(text, max(0, cand.start - 60), cand.start):
            ent = entity_of(out[-1], block.start)  # 'the collection of $31,435,177 ... Of this amount, $2,549,864 was'
        if ent is not None and ent.start is not None and out and out[-1].entity \
                and ent.text.lower() in ("number", "figure", "amount", "sum", "total") \
                and _THAT_BEFORE.search(text, max(0, ent.start - 12), ent.start):
            ent = entity_of(out[-1], block.start)  # 'That number fluctuated between 18,669 and 24,035'
        if ent is not None and ent.start is not None and ent.end is not None and ent.text != text[ent.start:ent.end] \
                and ent.text.lower() == text[ent.start:ent.end].lower():
            ent = Entity(text[ent.start:ent.end], ent.start, ent.end)  # the document's letters, not the model's
        if ent is not None and kind == "duration" and ent.text.lower() in _PERIOD_WORDS:
            ent = None  # '100 DAYS' read as counting 'DAY': a span of time (see _MEASURES)
        if ent is None and kind in _MEASURES:
            ent = _MEASURES[kind]  # 'over the past two years', 'at 100 mph': a span of time, a speed
        elif ent is None and sent.start in previous_entity:
            ent = previous_entity[sent.start]
        if ent is not None and ent not in _MEASURES.values() and ent != DELIBERATION:
            previous_entity[sent.start] = ent
        value = cand.value if cand.value is None or math.isfinite(cand.value) else None
        low, high = _interval(value, comparator)
        if cand.form == "vague":  # 'tens of thousands': the magnitude the words give
            low, high = lexicon().vague_intervals.get(" ".join(cand.text.lower().split()), (None, None))
        base = block.start
        out.append(Quantity(
            char_start=base + cand.start, char_end=base + cand.end, text=cand.text,
            value=value, value_low=low, value_high=high,
            qualifier=bound.text if bound else "",
            qualifier_start=base + bound.start if bound else None,
            qualifier_end=base + bound.end if bound else None,
            comparator=comparator, unit=unit_name, change=change_of(text, cand, bound, unit),
            entity=ent.text if ent else None,
            entity_start=base + ent.start if ent and ent.start is not None else None,
            entity_end=base + ent.end if ent and ent.end is not None else None,
            kind=kind, time_scope=scopes.nearest(sent.start_char, sent.end_char, cand.start),
            sentence_start=base + sent.start_char, sentence_end=base + sent.end_char,
            section_id=_section_of(structure, base + cand.start),
        ))
        if previous_cand is not None and out[-1].kind == "percent":
            out[-2:] = restated_as_share(text, out[-2], out[-1], text[previous_unit_end or previous_cand.end:cand.start],
                                         _OF_AFTER.match(text, unit.end if unit else cand.end) is not None)
        if previous_cand is not None and (out[-2].unit, out[-2].kind) == (out[-1].unit, out[-1].kind) \
                and (is_range(text, previous_cand, cand) or is_range(text, previous_cand, cand, previous_unit_end)):
            out[-2:] = as_range(out[-2], out[-1])
        previous_cand, previous_unit_end = cand, unit.end if unit is not None and unit.end > cand.end else None
    return out
