"""Evaluation gate: per labelled set, detection F1 and per-field accuracy may not fall below pinned floors.

Floors live in tests/fixtures/floors.json, pinned to a hash of the set's gold files; they are only
raised. Changing the gold without re-pinning fails here on purpose.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from pipeline.evaluate import METRICS, metrics
from tests.gate import FLOORS, SETS, evaluate_set, gold_hash

pytestmark = pytest.mark.model
PINNED: dict[str, Any] = json.loads(FLOORS.read_text())


@pytest.mark.parametrize("name", sorted(SETS))
def test_scores_do_not_fall_below_floors(name: str, nlp: Any) -> None:
    floors = PINNED[name]
    assert floors["gold"] == gold_hash(SETS[name][1]), f"gold of {name!r} changed: re-pin its floors"
    total, _ = evaluate_set(name, nlp)
    got = metrics(total)
    low = {m: (round(got[m], 4), floors[m]) for m in METRICS if got[m] + 1e-9 < floors[m]}
    assert not low, f"{name}: below floor (got, floor): {low}"


def test_floors_are_meaningful() -> None:
    for name, floors in PINNED.items():
        assert set(METRICS) <= set(floors), name
        assert floors["f1"] >= 0.9, f"{name}: a detection floor under 0.9 guards nothing"
