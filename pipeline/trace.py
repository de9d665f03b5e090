"""Why each number of a text is or is not a quantity, and what it counts: `pipeline.quantities(text)` and
`pipeline.explain(text)`.

    >>> import pipeline
    >>> for line in pipeline.explain("ICE seized almost 7,000 pounds of heroin in 2017."):
    ...     print(line)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from pipeline.records import Entity, Quantity

if TYPE_CHECKING:
    from spacy.language import Language

    from pipeline.entities.candidates import Option
    from pipeline.entities.chooser import Chooser
    from pipeline.entities.figure import Figure

__all__ = ["Candidate", "Explanation", "explain", "quantities"]


@dataclass(frozen=True, slots=True)
class Candidate:
    """One entity a kept figure might count: the rules and parse sources that proposed it, its learned score."""

    entity: str
    start: int | None
    end: int | None
    rules: tuple[str, ...]
    score: float
    won: bool


@dataclass(frozen=True, slots=True)
class Explanation:
    """One number found in the text (document offsets): kept as a quantity or rejected, and by which rule."""

    text: str
    start: int
    end: int
    kept: bool
    rule: str | None  # the rejection rule, or for a kept figure the rule that named its entity
    qualifier_rule: str | None = None
    entity: str | None = None
    rules_alone: str | None = None  # what the rules alone would name, and by which rule
    candidates: tuple[Candidate, ...] = ()

    def __str__(self) -> str:
        where = f"{self.text!r}@{self.start}"
        if not self.kept:
            return f"{where}: rejected by {self.rule}"
        lines = [f"{where}: kept; entity {self.entity!r} by {self.rule}; rules alone: {self.rules_alone}"
                 + (f"; qualifier by {self.qualifier_rule}" if self.qualifier_rule else "")]
        for c in self.candidates:
            lines.append(f"    {'*' if c.won else ' '} {c.score:+.2f} {c.entity!r} ({', '.join(c.rules)})")
        return "\n".join(lines)


def _nlp(nlp: "Language | None") -> "Language":
    if nlp is not None:
        return nlp
    from pipeline.api import _model

    return _model(None)


def quantities(text: str, nlp: "Language | None" = None, chooser: "Chooser | None" = None) -> list[Quantity]:
    """The quantities of a text (as `extract` finds them in a .txt file with this content)."""
    from pipeline.entities.assemble import quantify
    from pipeline.structure.sections import analyse

    return quantify(analyse(text), _nlp(nlp), chooser=chooser)


def explain(text: str, nlp: "Language | None" = None) -> list[Explanation]:
    """For every number candidate of the text, in order: rejected (and by which rule) or kept, with its entity, the
    rule that named it, what the rules alone would name, and every entity candidate with its score."""
    from pipeline.entities.assemble import quantities_from_docs
    from pipeline.entities.chooser import RULES_ALONE, Learned, _inside, default_chooser
    from pipeline.nlp.parse import parse
    from pipeline.nlp.reads import model_text
    from pipeline.quantities.annotate import span_tokens
    from pipeline.quantities.bind import qualifier_rule
    from pipeline.quantities.pieces import wanted
    from pipeline.quantities.reject import rejection
    from pipeline.quantities.traps import TrapIndex, find_traps
    from pipeline.quantities.numbers import find_candidates
    from pipeline.structure.sections import analyse

    structure = analyse(text)
    pieces = wanted(structure, structure.blocks)
    docs = parse(_nlp(nlp), [model_text(p.text) for p in pieces])
    shipped = default_chooser()
    scorer = shipped if isinstance(shipped, Learned) else Learned({})
    recorder = _Recording(shipped)
    found = {q.char_start: q for q in quantities_from_docs(structure, zip(pieces, docs), recorder)}
    seen = {f.base + f.cand.start: (f, opts) for f, opts in recorder.seen}
    out: dict[int, Explanation] = {}
    for piece, doc in zip(pieces, docs):
        traps, base = TrapIndex(piece.traps), piece.block.start
        previous = None
        for cand in piece.candidates:
            span = span_tokens(doc, cand.start, cand.end)
            rule = "reject.no_token" if span is None or len(span) == 0 else rejection(cand, piece.text, span, traps)
            at = base + cand.start
            if rule is not None or at not in seen:
                out[at] = Explanation(cand.text, at, base + cand.end, False, rule or "reject.unknown")
                continue
            f, opts = seen[at]
            bound, bound_by = qualifier_rule(piece.text, cand, f.unit, previous)
            previous = (cand, bound, f.unit)
            q = found.get(at)
            ent, ent_rule = RULES_ALONE.choose(f)
            scores = [scorer.score(o) for o in opts]
            best = max(range(len(opts)), key=lambda i: (scores[i], -i)) if opts else -1
            if best > 0 and opts[0].rules_choice and _inside(opts[0].entity, opts[best].entity):
                best = 0  # the rules' shorter phrase within the winner stands (see Learned.choose)
            out[at] = Explanation(
                cand.text, at, base + cand.end, True, q.entity_rule if q else None, bound_by,
                q.entity if q else None, f"{_label(ent)} by {ent_rule}",
                tuple(Candidate(o.entity.text, _shift(o.entity.start, base), _shift(o.entity.end, base),
                                tuple(o.rules + o.sources), round(scores[i], 3), i == best)
                      for i, o in enumerate(opts)))
    for block in structure.blocks:  # numbers in blocks the model never reads: every one of them is a trap
        t = structure.masked[block.start:block.end]
        index = TrapIndex(find_traps(t))
        for cand in find_candidates(t):
            if block.start + cand.start not in out and index.hits(cand.start, cand.end):
                out[block.start + cand.start] = Explanation(cand.text, block.start + cand.start,
                                                            block.start + cand.end, False, "reject.trap")
    return [out[k] for k in sorted(out)]


class _Recording:
    """Decides as `chooser` does, keeping every figure with its candidates."""

    def __init__(self, chooser: "Chooser") -> None:
        self.chooser = chooser
        self.seen: list[tuple[Figure, list[Option]]] = []

    def choose(self, f: Figure) -> tuple[Entity | None, str | None]:
        from pipeline.entities.candidates import options

        self.seen.append((f, options(f)[0]))
        return self.chooser.choose(f)


def _label(ent: Entity | None) -> str:
    return repr(ent.text) if ent is not None else "nothing"


def _shift(offset: int | None, base: int) -> int | None:
    return None if offset is None else offset + base
