"""Rejection and qualifier rules as tables: ids unique, and `pipeline.explain` naming the rule that decided, as data
rows (text, figure, kept, rule id or qualifier rule id)."""

from __future__ import annotations

from typing import Any

import pytest

from pipeline.quantities.bind import QUALIFIER_RULES, UNIT_SHARING_BACKWARD, UNIT_SHARING_FORWARD
from pipeline.quantities.reject import REJECTIONS

# (text, figure, kept, the rule that rejected it or that named its entity (the rules alone), the qualifier rule)
ROWS = [
    ("ICE seized almost 7,000 pounds of heroin in 2017.", "7,000", True, "parse.unit_of", "qualifier.before"),
    ("ICE seized almost 7,000 pounds of heroin in 2017.", "2017", False, "reject.year", None),
    ("He banked at Capital One for years.", "One", False, "reject.capital_one", None),
    ("It was one of the largest seizures.", "one", False, "reject.one_not_counting", None),
    ("Sales fell in the first half of the year.", "half", False, "reject.fraction_ordinal", None),
    ("The S&P 500 fell sharply.", "500", False, "reject.trap", None),
    ("He was charged in the 1998 slayings.", "1998", False, "reject.year", None),
    ("a baker's dozen is enough", "dozen", False, "reject.bare_collective", None),
    ("1200 parts per million", "million", False, "reject.scale_of_rate", None),
    ("Agents arrested 80+ suspects.", "80", True, "people", "qualifier.after"),
    ("an estimated $80 to $90 billion in losses", "$90 billion", True, "money.in", "qualifier.shared"),
]


def test_ids_are_unique() -> None:
    ids = [i for i, _ in (*REJECTIONS, *QUALIFIER_RULES, *UNIT_SHARING_BACKWARD, *UNIT_SHARING_FORWARD)]
    assert len(ids) == len(set(ids))


@pytest.mark.model
@pytest.mark.parametrize("row", ROWS, ids=[f"{r[3]}:{r[1]}" for r in ROWS])
def test_explain_names_the_rule(row: tuple[str, str, bool, str, str | None], nlp: Any) -> None:
    from pipeline.trace import explain

    text, figure, kept, rule, qualifier = row
    found = [e for e in explain(text, nlp) if e.text == figure]
    assert found, [e.text for e in explain(text, nlp)]
    e = found[0]
    decided = e.rules_alone.rsplit(" by ", 1)[1] if e.kept and e.rules_alone else e.rule
    assert (e.kept, decided, e.qualifier_rule) == (kept, rule, qualifier), str(e)
    if kept:
        assert sum(c.won for c in e.candidates) == 1
