"""What a figure counts, in the patterns where the parse alone gets it wrong (real model)."""

from __future__ import annotations

from typing import Any

from pipeline.evaluate import head_word
from pipeline.quantify import quantify
from pipeline.sectionize import analyse


def _entities(nlp: Any, text: str) -> dict[str, str | None]:
    return {q.text: head_word(q.entity) for q in quantify(analyse(text), nlp)}


def test_a_period_after_the_noun_is_not_what_is_counted(nlp: Any) -> None:
    found = _entities(nlp, "Southwest Border Enforcement Actions fiscal year to date are 33% lower than last year.")
    assert found["33%"] == "action"


def test_a_bare_change_counts_what_the_sentence_counted(nlp: Any) -> None:
    found = _entities(nlp, "In December, agents intercepted more than 93,000 pounds of drugs – a 5% increase over November.")
    assert found["93,000"] == found["5%"] == "drug"


def test_up_from_restates_the_figure_before(nlp: Any) -> None:
    found = _entities(nlp, "Number of suspects detained – 585 (new record up from 503 in FY15)")
    assert found["503"] == found["585"] is not None


def test_a_change_with_its_own_object_keeps_it(nlp: Any) -> None:
    found = _entities(nlp, "Officers made 40 arrests, and the county saw a 19% decrease in shootings.")
    assert found["19%"] == "shooting"
