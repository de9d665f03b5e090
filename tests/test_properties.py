"""Property tests: the rule code never raises, spans stay inside the text and are the surface, values finite."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.quantities.annotate import qualifier_after, qualifier_before, unit_after
from pipeline.nlp.load import ModelError, check
from pipeline.quantities.numbers import find_candidates
from pipeline.structure.sections import analyse
from pipeline.quantities.traps import find_traps

ALPHABET = st.sampled_from(list("0123456789,.$%+- \n\tabcdefxyz()|#*") + [
    "more than ", "over ", "million", " pounds", "FY ", "AILA Doc. No. 18082131. (Posted 8/21/18)", "- ", "## ",
    "First, ", "hundreds of thousands", "fifty-seven", " or more", "a third of", "\u00a0", "–"])
TEXT = st.lists(ALPHABET, max_size=60).map("".join)


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_candidates_are_surfaces_with_finite_values(text: str) -> None:
    for c in find_candidates(text):
        assert 0 <= c.start < c.end <= len(text)
        assert text[c.start:c.end] == c.text
        assert c.value is None or math.isfinite(c.value)
        unit = unit_after(text, c)
        assert unit is None or c.end <= unit.end <= len(text)
        for bound in (qualifier_before(text, c.start), qualifier_after(text, c.end, unit.end if unit else None)):
            assert bound is None or text[bound.start:bound.end].lower() == bound.text


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_structure_and_traps_never_raise_and_stay_in_bounds(text: str) -> None:
    s = analyse(text)
    assert len(s.masked) == len(text)
    assert all(0 <= b.start <= b.end <= len(text) for b in s.blocks)
    assert all(0 <= x.char_start <= x.char_end <= len(text) for x in s.sections)
    assert all(0 <= t.start < t.end <= len(text) for t in find_traps(text))


@pytest.mark.parametrize("text", ["1" * 5000, "," * 5000, "more than " * 500 + "5", "1,2" * 2000, " " * 5000 + "9"])
def test_pathological_inputs_finish(text: str) -> None:
    find_candidates(text)
    find_traps(text)
    analyse(text)


def test_pipeline_without_ner_is_refused() -> None:
    import spacy

    with pytest.raises(ModelError, match="parser and an NER"):
        check(spacy.blank("en"), "blank")
