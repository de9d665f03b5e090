"""The spaCy component: `nlp.add_pipe("quantities")`, span attributes, displaCy, entry point, no-parser error."""

from __future__ import annotations

import subprocess
import sys
from importlib.metadata import entry_points
from pathlib import Path
from typing import Any

import pytest
import spacy

import pipeline.component  # registers the factory, as the spacy_factories entry point does
from pipeline.evaluate import load_gold
from tests.conftest import FIXTURES, SEED

SENTENCE = "During FY 2017, ERO arrested more than 127,000 aliens and seized almost 7,000 pounds of heroin."


@pytest.fixture(scope="module")
def nlp() -> Any:
    from pipeline.nlp.load import load

    nlp = load()  # a pipeline of its own: the session one is shared and must stay without the component
    nlp.add_pipe("quantities")
    return nlp


@pytest.mark.model
def test_spans_carry_value_qualifier_unit_entity_and_kind(nlp: Any) -> None:
    doc = nlp(SENTENCE)
    got = [(s.text, s.label_, s._.value, s._.qualifier, s._.comparator, s._.unit, s._.entity, s._.kind)
           for s in doc.spans["quantities"]]
    assert got == [("127,000", "count", 127000.0, "more than", ">", None, "aliens", "count"),
                   ("7,000", "mass", 7000.0, "almost", "<", "pound", "heroin", "mass")]


@pytest.mark.model
def test_the_seed_release_as_one_doc_gives_the_gold_spans(nlp: Any) -> None:
    doc = nlp(SEED.read_text(encoding="utf-8"))
    gold = [r for r in load_gold(FIXTURES / "gold")[SEED.name] if r["type"] == "quantity"]
    spans = doc.spans["quantities"]
    assert {(s.start_char, s.end_char) for s in spans} == {(g["start"], g["end"]) for g in gold}
    by_start = {s.start_char: s for s in spans}
    assert all((by_start[g["start"]]._.value, by_start[g["start"]]._.qualifier or "") == (g["value"], g["qualifier"])
               for g in gold)


@pytest.mark.model
def test_displacy_renders_the_spans(nlp: Any) -> None:
    from spacy import displacy

    markup = displacy.render(nlp(SENTENCE), style="span", options={"spans_key": "quantities"}, page=False)
    assert "127,000" in markup and "count" in markup and "mass" in markup


def test_a_pipeline_without_a_parser_gets_a_clear_error() -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe("quantities")
    with pytest.raises(ValueError, match="needs a dependency parse"):
        nlp("They seized more than 7,000 pounds.")


def test_extensions_are_registered_once() -> None:
    pipeline.component.register_extensions()
    pipeline.component.register_extensions()
    assert all(spacy.tokens.Span.has_extension(name) for name in pipeline.component.ATTRIBUTES)


def _fresh(code: str, env_path: Path | None = None) -> subprocess.CompletedProcess[str]:
    import os

    env = dict(os.environ)
    if env_path is not None:
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(env_path), env.get("PYTHONPATH")]))
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)


ADD_PIPE = ("import spacy, sys; nlp = spacy.blank('en'); nlp.add_pipe('quantities'); "
            "assert 'pipeline.component' in sys.modules; print(nlp.pipe_names)")


def test_an_entry_point_makes_the_factory_available_without_importing_it(tmp_path: Path) -> None:
    """What pyproject's [project.entry-points.spacy_factories] declares, as an installed distribution would."""
    dist = tmp_path / "pipeline_quantities_probe-0.0.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: pipeline-quantities-probe\nVersion: 0.0\n")
    (dist / "entry_points.txt").write_text("[spacy_factories]\nquantities = pipeline.component:make_quantities\n")
    result = _fresh(ADD_PIPE, tmp_path)
    assert result.returncode == 0, result.stderr
    assert "['quantities']" in result.stdout


def test_the_installed_package_declares_the_entry_point() -> None:
    found = [ep for ep in entry_points(group="spacy_factories") if ep.name == "quantities"]
    assert [ep.value for ep in found] == ["pipeline.component:make_quantities"], (
        "pyproject.toml needs [project.entry-points.spacy_factories] quantities = "
        "'pipeline.component:make_quantities', then `pip install -e .`")
    result = _fresh(ADD_PIPE)
    assert result.returncode == 0, result.stderr


def test_importing_pipeline_does_not_import_the_component_or_spacy() -> None:
    result = _fresh("import sys, pipeline; assert 'pipeline.component' not in sys.modules, 'component'; "
                    "assert 'spacy' not in sys.modules, 'spacy'")
    assert result.returncode == 0, result.stderr


@pytest.mark.model
def test_every_field_is_on_the_span_and_a_docbin_keeps_them_with_user_data(nlp: Any) -> None:
    from dataclasses import fields

    from spacy.tokens import DocBin

    from pipeline.component import ATTRIBUTES, register_extensions
    from pipeline.records import Quantity

    assert set(ATTRIBUTES) == {f.name for f in fields(Quantity)}
    register_extensions()  # registered once: a second call changes nothing
    doc = nlp(SENTENCE)
    span = doc.spans["quantities"][1]
    assert span.text == span._.text == doc.text[span._.char_start:span._.char_end] == "7,000"
    assert (span._.value_low, span._.value_high, span._.entity_start is not None) == (None, 7000.0, True)
    assert doc.spans["quantities"][0]._.qualifier == "more than" and span._.sentence_start == 0
    kept = list(DocBin(store_user_data=True, docs=[doc]).get_docs(nlp.vocab))[0]
    assert [(s.text, s._.value, s._.entity, s._.value_high) for s in kept.spans["quantities"]] == \
        [(s.text, s._.value, s._.entity, s._.value_high) for s in doc.spans["quantities"]]
    lost = list(DocBin(docs=[doc]).get_docs(nlp.vocab))[0]  # the default DocBin drops user data
    assert [s.text for s in lost.spans["quantities"]] == ["127,000", "7,000"]
    assert [s._.value for s in lost.spans["quantities"]] == [None, None]
