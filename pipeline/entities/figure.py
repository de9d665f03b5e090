"""What an entity rule reads about one figure, and what a rule returns."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from pipeline.records import Bound, Candidate, Entity, Quantity, UnitHit

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

__all__ = ["Figure", "NOTHING", "Rule", "named"]


@dataclass(frozen=True, slots=True)
class Figure:
    """One kept figure of a piece, with everything an entity rule may read. Offsets are the piece's (`base` is the
    piece's start in the document); `out` holds the piece's quantities so far and `sentence_entity` the entity the
    figure's sentence named last."""

    text: str
    doc: "Doc"
    span: "Span"
    cand: Candidate
    unit: UnitHit | None
    kind: str
    bound: Bound | None
    age: Entity | None
    caption: Entity | None
    cells: Mapping[int, Entity] | None
    base: int
    out: list[Quantity]
    sentence_entity: Entity | None

    @property
    def unit_end(self) -> int | None:
        return self.unit.end if self.unit is not None else None

    @property
    def is_unit(self) -> bool:
        """A unit word is written after the figure ('7,000 pounds'), not only a sign ('$', '%')."""
        return self.unit is not None and self.unit.end > self.cand.end


# A rule of a group that applies but names nothing: the group stops there (no later rule of it is asked), and the
# rules after the group are asked. Compared by identity.
NOTHING = Entity("")


@dataclass(frozen=True, slots=True)
class Rule:
    """A named entity rule: `propose` returns what the figure counts, None when the rule does not apply, or NOTHING
    (rules of a group only). `group` names the rules that stop at the first of them that applies."""

    id: str
    propose: Callable[[Figure], Entity | None]
    group: str | None = None


def named(text: str, found: tuple[int, int] | None) -> Entity:
    """The entity at characters `found` of `text`, or NOTHING."""
    return NOTHING if found is None else Entity(text[found[0]:found[1]], found[0], found[1])
