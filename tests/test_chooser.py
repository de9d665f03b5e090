"""The learned entity chooser: its weights are plain JSON package data, checked on load, covered by the rules hash
(a change of weights re-runs every file), and the training is deterministic."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

from pipeline.entities.chooser import WEIGHTS, Learned, default_chooser, load_weights
from pipeline.train import fit


def test_the_shipped_weights_are_plain_json() -> None:
    path = resources.files("pipeline.entities").joinpath(WEIGHTS)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert set(data) == {"meta", "weights"} and data["meta"]["command"] == "python3 -m pipeline.train"
    assert isinstance(default_chooser(), Learned)
    assert len(load_weights(data)) == len(data["weights"])


def test_bad_weights_are_refused() -> None:
    with pytest.raises(ValueError, match="weights"):
        load_weights({"weights": {"rc": "high"}})


def test_the_rules_hash_covers_the_weights(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from pipeline.run import update

    real = resources.files

    def files(pkg: Any) -> Any:
        return tmp_path if pkg == "pipeline.entities" else real(pkg)

    monkeypatch.setattr(resources, "files", files)
    (tmp_path / WEIGHTS).write_text('{"weights": {"rc": 1.0}}')
    before = update.rules_hash(None)
    (tmp_path / WEIGHTS).write_text('{"weights": {"rc": 2.0}}')
    assert update.rules_hash(None) != before


def test_training_is_deterministic_and_learns_the_right_candidate() -> None:
    data: list[tuple[list[list[str]], list[int]]] = [
        ([["rc", "r=parse.subject"], ["s=cand.of_next"]], [0, 1]),
        ([["rc", "r=parse.modified_noun"], ["s=cand.sentence_noun"]], [1, 0]),
    ] * 20
    a, b = fit(data, l2=1.0, steps=200, margin=1.0), fit(data, l2=1.0, steps=200, margin=1.0)
    assert a == b and a["rc"] == 1.0
    chooser: Any = Learned(a)
    assert a["s=cand.of_next"] > a["r=parse.subject"]
    assert chooser.weights is a
