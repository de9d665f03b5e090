"""Quantities of a document: rule candidates, filtered by traps and the model, annotated from the parse, assembled
into one Quantity record per figure (qualifier, unit, change, entity, interval, time scope, section, ranges)."""

from __future__ import annotations

import math
from bisect import bisect_right
from collections.abc import Iterable
from typing import TYPE_CHECKING

from pipeline.entities.ages import aged_noun, apposition_age, noun_age
from pipeline.entities.cells import cell_entities
from pipeline.entities.chooser import Chooser, default_chooser
from pipeline.entities.figure import Figure
from pipeline.entities.rules import OF_AFTER, remembered
from pipeline.lexicon.loader import lexicon
from pipeline.nlp.parse import parse
from pipeline.nlp.reads import model_text
from pipeline.quantities.annotate import TimeScopes, change_of, span_tokens, unit_after
from pipeline.quantities.bind import bind_qualifier, share_units
from pipeline.quantities.captions import captions
from pipeline.quantities.pieces import wanted
from pipeline.quantities.reject import rejected
from pipeline.quantities.relate import as_range, is_range, restated_as_share
from pipeline.quantities.traps import TrapIndex
from pipeline.records import Bound, Candidate, Entity, Piece, Quantity, Structure, UnitHit

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Span

__all__ = ["quantify", "quantities_from_docs"]


def quantify(structure: Structure, nlp: "Language", batch_size: int = 64, chooser: Chooser | None = None,
             ) -> list[Quantity]:
    """The quantities of a structured document, the model run on the pieces that hold a number."""
    pieces = wanted(structure, structure.blocks)
    return quantities_from_docs(structure, zip(pieces, parse(nlp, [model_text(p.text) for p in pieces], batch_size)),
                                chooser)


def quantities_from_docs(structure: Structure, items: Iterable[tuple[Piece, "Doc"]],
                         chooser: Chooser | None = None) -> list[Quantity]:
    """The quantities of a document from its pieces and their Docs; `chooser` decides each entity (by default the
    shipped one, see pipeline.entities.chooser)."""
    chooser = chooser or default_chooser()
    out: list[Quantity] = []
    table_captions = captions(structure)
    cells = cell_entities(structure.masked)
    for piece, doc in items:
        block = piece.block
        caption = next((c for b, c in table_captions.items() if b.start <= block.start < b.end), None)
        if caption is not None and caption.start is not None and caption.end is not None:
            caption = Entity(caption.text, caption.start - block.start, caption.end - block.start)
        out.extend(_block_quantities(structure, piece, doc, chooser, caption, cells))
    return out


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
    return share_units(text, rows)


def _block_quantities(structure: Structure, piece: Piece, doc: "Doc", chooser: Chooser, caption: Entity | None = None,
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
        bound = bind_qualifier(text, cand, unit, previous)
        previous = (cand, bound, unit)
        comparator = bound.comparator if bound else "="
        sent = sents[bisect_right(sent_starts, span.start) - 1]
        figure = Figure(text, doc, span, cand, unit, kind, bound, ent, caption, cells, block.start, out,
                        previous_entity.get(sent.start))
        ent, rule = chooser.choose(figure)
        if remembered(ent):
            assert ent is not None
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
            entity_end=base + ent.end if ent and ent.end is not None else None, entity_rule=rule,
            kind=kind, time_scope=scopes.nearest(sent.start_char, sent.end_char, cand.start),
            sentence_start=base + sent.start_char, sentence_end=base + sent.end_char,
            section_id=_section_of(structure, base + cand.start),
        ))
        if previous_cand is not None and out[-1].kind == "percent":
            out[-2:] = restated_as_share(text, out[-2], out[-1], text[previous_unit_end or previous_cand.end:cand.start],
                                         OF_AFTER.match(text, unit.end if unit else cand.end) is not None)
        if previous_cand is not None and (out[-2].unit, out[-2].kind) == (out[-1].unit, out[-1].kind) \
                and (is_range(text, previous_cand, cand) or is_range(text, previous_cand, cand, previous_unit_end)):
            out[-2:] = as_range(out[-2], out[-1])
        previous_cand, previous_unit_end = cand, unit.end if unit is not None and unit.end > cand.end else None
    return out
