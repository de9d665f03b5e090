"""Which candidate a figure counts: the rules alone (first proposal in table order), or the learned chooser, a
conditional logit over every candidate's features whose weights ship as package data (weights.json, written by
`python3 -m pipeline.train`; plain JSON, never a pickle)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any, Protocol

from pipeline.entities.candidates import Option, options
from pipeline.entities.figure import Figure
from pipeline.entities.rules import by_rules, settle
from pipeline.records import Entity

__all__ = ["Chooser", "Learned", "RULES_ALONE", "RulesAlone", "default_chooser", "WEIGHTS"]

WEIGHTS = "weights.json"


class Chooser(Protocol):
    def choose(self, f: Figure) -> tuple[Entity | None, str | None]: ...


class RulesAlone:
    """Today's decision: the first proposal in table order, then the overrides and fallbacks."""

    def choose(self, f: Figure) -> tuple[Entity | None, str | None]:
        ent, rule = by_rules(f)
        return settle(f, ent, rule)


RULES_ALONE = RulesAlone()


@dataclass(slots=True)
class Learned:
    """The candidate with the highest score (sum of its features' weights); ties go to the earlier candidate, so
    with no weights the rules' own choice wins. `seen` collects each figure's candidates when it is a list (training)."""

    weights: dict[str, float]
    seen: list[tuple[Figure, list[Option]]] | None = field(default=None)

    def score(self, opt: Option) -> float:
        w = self.weights
        return sum(w.get(x, 0.0) for x in opt.features)

    def choose(self, f: Figure) -> tuple[Entity | None, str | None]:
        found, chosen, chosen_id = options(f)
        if self.seen is not None:
            self.seen.append((f, found))
        if not found:
            return chosen, chosen_id
        best = max(range(len(found)), key=lambda i: (self.score(found[i]), -i))
        win, ours = found[best].entity, found[0]
        if ours.rules_choice and best and _inside(ours.entity, win):
            return ours.entity, ours.rule  # the shortest noun phrase that names it (GOLD.md): the rules' own, within
        return win, found[best].rule


def _inside(a: Entity, b: Entity) -> bool:
    """Whether span a lies within span b (labels have no span)."""
    return a.start is not None and a.end is not None and b.start is not None and b.end is not None \
        and b.start <= a.start and a.end <= b.end


def load_weights(data: dict[str, Any]) -> dict[str, float]:
    """The weights of a weights.json document (checked: a mapping of feature to number)."""
    weights = data.get("weights")
    if not isinstance(weights, dict) or not all(isinstance(k, str) and isinstance(v, (int, float))
                                                  for k, v in weights.items()):
        raise ValueError(f"{WEIGHTS}: 'weights' must map feature names to numbers")
    return {k: float(v) for k, v in weights.items()}


@lru_cache(maxsize=1)
def default_chooser() -> Chooser:
    """The shipped chooser: the learned weights when the package has them, else the rules alone."""
    path = resources.files("pipeline.entities").joinpath(WEIGHTS)
    if not path.is_file():
        return RULES_ALONE
    return Learned(load_weights(json.loads(path.read_text(encoding="utf-8"))))
