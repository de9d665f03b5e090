"""The `model` marker is enforced: a test without it that loads the model fails (see conftest.py)."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from tests.conftest import pytest_runtest_setup


def _item(fixtures: list[str], marked: bool) -> Any:
    return SimpleNamespace(nodeid="tests/test_x.py::test_x", fixturenames=fixtures,
                           get_closest_marker=lambda name: object() if marked and name == "model" else None)


@pytest.mark.parametrize("fixture", ["nlp", "seed_run"])
def test_an_unmarked_test_that_uses_a_model_fixture_fails(fixture: str) -> None:
    with pytest.raises(pytest.fail.Exception, match="has no @pytest.mark.model"):
        pytest_runtest_setup(_item([fixture, "tmp_path"], marked=False))
    pytest_runtest_setup(_item([fixture], marked=True))  # marked: runs
    pytest_runtest_setup(_item(["tmp_path"], marked=False))  # no model: runs


def test_an_unmarked_test_that_loads_a_pipeline_fails() -> None:
    import spacy

    with pytest.raises(pytest.fail.Exception, match="has no @pytest.mark.model"):
        spacy.load("en_core_web_sm")


def test_an_unmarked_test_that_runs_the_extractor_fails(tmp_path: Path) -> None:
    from pipeline.api import extract

    (tmp_path / "a.txt").write_text("Police seized 12 kilograms.", encoding="utf-8")
    with pytest.raises(pytest.fail.Exception, match="has no @pytest.mark.model"):
        extract(tmp_path)


def test_an_unmarked_test_may_use_a_blank_pipeline() -> None:
    import spacy

    assert spacy.blank("en")("12 kilograms").text == "12 kilograms"
