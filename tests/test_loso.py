"""Leave one labelled set out: the chooser trained on the other sets, scored on the one left out, may not fall
below the floors pinned in tests/fixtures/loso_floors.json (raised, never lowered; pinned to the gold's hash like
the in-sample floors). The same figures as `python3 -m pipeline.train --loso` (the table in docs/evaluation.md):
every set is parsed once, then one fit per set (a second or two each)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.gate import FIXTURES, SETS, gold_hash

pytestmark = pytest.mark.model
LOSO_FLOORS = FIXTURES / "loso_floors.json"
PINNED: dict[str, Any] = json.loads(LOSO_FLOORS.read_text())


@pytest.fixture(scope="module")
def loso(nlp: Any) -> dict[str, dict[str, float]]:
    from pipeline import train

    sets = train.labelled_sets(FIXTURES)
    return {name: row["loso"] for name, row in train.evaluate(sets, nlp, loso=True)[1].items()}


def test_the_training_sets_are_the_gate_sets() -> None:
    from pipeline.train import labelled_sets

    assert set(labelled_sets(FIXTURES)) == set(SETS)


@pytest.mark.parametrize("name", sorted(SETS))
def test_left_out_scores_do_not_fall_below_floors(name: str, loso: dict[str, dict[str, float]]) -> None:
    floors = PINNED[name]
    assert floors["gold"] == gold_hash(SETS[name][1]), f"gold of {name!r} changed: re-pin its floors"
    got = loso[name]
    low = {m: (round(got[m], 4), floors[m]) for m in ("f1", "unit", "entity") if got[m] + 1e-9 < floors[m]}
    assert not low, f"{name} left out: below floor (got, floor): {low}"
