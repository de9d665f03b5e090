"""Quantities of a document: rule candidates, filtered by traps and the model, annotated from the parse."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from pipeline.annotate import entity_for, qualifier_after, qualifier_before, span_tokens, time_scope, unit_after
from pipeline.lexicon import lexicon
from pipeline.model import Block, Quantity, Structure
from pipeline.numbers import Candidate, find_candidates
from pipeline.traps import TrapSpan, find_traps, overlapping

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Span

_NUMBERISH = re.compile(r"\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|dozen|twenty|thirty|"
                        r"forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|million|billion|half|third|quarter|"
                        r"double|twice|triple)", re.IGNORECASE)
_DATE_LABELS = ("DATE", "TIME")


def block_text(structure: Structure, block: Block) -> str:
    """The text the model reads for a block: markup and stamps blanked, line breaks as spaces (same length)."""
    return structure.masked[block.start:block.end].replace("\r", " ").replace("\n", " ")


def wanted(structure: Structure, blocks: Sequence[Block]) -> list[tuple[Block, str]]:
    """Blocks worth running the model on: those holding a number-like token."""
    out = []
    for b in blocks:
        t = block_text(structure, b)
        if _NUMBERISH.search(t):
            out.append((b, t))
    return out


def quantify(structure: Structure, nlp: "Language", batch_size: int = 64) -> list[Quantity]:
    pairs = wanted(structure, structure.blocks)
    docs = nlp.pipe((t for _, t in pairs), batch_size=batch_size)
    return quantities_from_docs(structure, ((b, t, d) for (b, t), d in zip(pairs, docs)))


def quantities_from_docs(structure: Structure, items: Iterable[tuple[Block, str, "Doc"]]) -> list[Quantity]:
    out: list[Quantity] = []
    for block, text, doc in items:
        out.extend(_block_quantities(structure, block, text, doc))
    return out


def _section_of(structure: Structure, offset: int) -> int | None:
    for s in structure.sections:
        if s.char_start <= offset < s.char_end:
            return s.section_id
    return None


def _is_year(cand: Candidate, span: "Span") -> bool:
    if cand.form != "digits" or cand.currency or cand.percent or "," in cand.text or "." in cand.text:
        return False
    if not (cand.value is not None and 1000 <= cand.value <= 2099 and len(cand.text) == 4):
        return False
    nxt = span.doc[span.end] if span.end < len(span.doc) else None
    return not (nxt is not None and nxt.tag_ == "NNS" and span[-1].dep_ in ("nummod", "compound"))


def _rejected(cand: Candidate, text: str, span: "Span", traps: list[TrapSpan], has_unit: bool) -> bool:
    if overlapping(traps, cand.start, cand.end):
        return True
    if _is_year(cand, span):
        return True
    lowered = text[cand.start:cand.start + 40].lower()
    before = text[max(0, cand.start - 6):cand.start].lower()
    if cand.form == "words":
        phrases = lexicon().not_counting
        if any(lowered.startswith(p) or (before + lowered).endswith(p) for p in phrases if p.split()[0] != "one") \
                or any((before + lowered[:len(cand.text) + 8]).find(p) >= 0 for p in phrases):
            return True
    ents = [e for e in span.doc.ents if e.start_char <= cand.start < e.end_char]
    if any(e.label_ == "ORDINAL" for e in ents):
        return True
    if not has_unit and cand.form == "digits" and any(e.label_ in _DATE_LABELS for e in ents) \
            and cand.value is not None and cand.value <= 31 and span[-1].dep_ not in ("nummod",):
        return True
    return False


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


def _block_quantities(structure: Structure, block: Block, text: str, doc: "Doc") -> list[Quantity]:
    traps = find_traps(text)
    dates = [(t.start, t.end) for t in traps if t.kind == "date"]
    out: list[Quantity] = []
    previous_entity: dict[int, tuple[int, int]] = {}
    for cand in find_candidates(text):
        span = span_tokens(doc, cand.start, cand.end)
        if span is None or len(span) == 0:
            continue
        unit = unit_after(text, cand)
        if cand.form == "fraction":
            unit_name, kind, unit_end = "fraction", "fraction", None
        elif cand.form == "multiplier":
            unit_name, kind, unit_end = "times", "multiplier", None
        elif unit is not None:
            unit_name, kind, unit_end = unit.unit, unit.kind, unit.end
        else:
            unit_name, kind, unit_end = None, "count", None
        if _rejected(cand, text, span, traps, unit is not None):
            continue
        if kind == "multiplier" and unit_name is None:
            unit_name = "times"
        bound = qualifier_before(text, cand.start) or qualifier_after(text, cand.end, unit_end)
        comparator = bound.comparator if bound else "="
        sent = span.sent
        ent = entity_for(doc, span, unit_end, unit is not None and unit.end > cand.end)
        if ent is None and sent.start in previous_entity:
            ent = previous_entity[sent.start]
        if ent is not None:
            previous_entity[sent.start] = ent
        value = cand.value if cand.value is None or math.isfinite(cand.value) else None
        low, high = _interval(value, comparator)
        base = block.start
        out.append(Quantity(
            char_start=base + cand.start, char_end=base + cand.end, text=cand.text,
            value=value, value_low=low, value_high=high,
            qualifier=bound.text if bound else "",
            qualifier_start=base + bound.start if bound else None,
            qualifier_end=base + bound.end if bound else None,
            comparator=comparator, unit=unit_name,
            entity=text[ent[0]:ent[1]] if ent else None,
            entity_start=base + ent[0] if ent else None, entity_end=base + ent[1] if ent else None,
            kind=kind, time_scope=time_scope(text, sent.start_char, sent.end_char, cand.start, dates),
            sentence_start=base + sent.start_char, sentence_end=base + sent.end_char,
            section_id=_section_of(structure, base + cand.start),
        ))
    return out
