"""Rule cases as data: one row per case (the text, what is expected of each figure, where it came from), one
parametrized test per table, readable ids; a case the rules do not get yet is a known gap (strict xfail)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import pytest

from pipeline.entities.assemble import quantify
from pipeline.evaluate import head_word
from pipeline.records import Quantity
from pipeline.structure.sections import analyse


@dataclass(frozen=True)
class Not:
    """The field is anything but this value."""

    value: Any


@dataclass(frozen=True)
class Same:
    """The field has the same value as for another figure of the text (and is not None)."""

    figure: str


ABSENT: Any = object()  # the figure is not a quantity
PRESENT: Any = object()  # the field is not None


@dataclass(frozen=True)
class Case:
    """One text and what is expected of its figures.

    `expect` maps a figure's text to its head word of the entity (a string, Not, Same, PRESENT or None), to a
    dict of fields (`head`, `entity`, `unit`, `kind`, `value`, `qualifier`, `comparator`, `change`, `interval`
    for (value_low, value_high)), or to ABSENT. `only`: the figures found, exactly (in any order). `origin`: where
    the case came from (the test it was written in). `gap`: a known gap, run as a strict xfail.
    """

    id: str
    text: str
    expect: Mapping[str, Any] = field(default_factory=dict)
    only: tuple[str, ...] | None = None
    origin: str = ""
    gap: str | None = None
    rule: str | None = None  # the rule id that must decide (when rules carry ids)


def params(cases: Iterable[Case]) -> list[Any]:
    """The cases as pytest params with their ids; known gaps as strict xfail."""
    out = []
    for c in cases:
        marks = [pytest.mark.xfail(strict=True, reason=c.gap)] if c.gap else []
        out.append(pytest.param(c, id=c.id, marks=marks))
    ids = [p.id for p in out]
    assert len(ids) == len(set(ids)), "case ids must be unique"
    return out


def _value(q: Quantity, name: str) -> Any:
    if name == "head":
        return head_word(q.entity)
    if name == "interval":
        return (q.value_low, q.value_high)
    return getattr(q, name)


def _check(found: Mapping[str, Quantity], figure: str, name: str, want: Any) -> None:
    got = _value(found[figure], name)
    if isinstance(want, Not):
        assert got != want.value, (figure, name, got)
    elif isinstance(want, Same):
        assert got is not None and got == _value(found[want.figure], name), (figure, name, got, want.figure)
    elif want is PRESENT:
        assert got is not None, (figure, name)
    else:
        assert got == want, (figure, name, got, want)


def check(nlp: Any, case: Case) -> None:
    """Run the text through the rules with the model and check every expectation of the case. The entity is the rules
    alone's (these cases pin the rules; the shipped, learned chooser is measured by the gate and tests/test_loso.py)."""
    from pipeline.entities.chooser import RULES_ALONE

    found = {q.text: q for q in quantify(analyse(case.text), nlp, chooser=RULES_ALONE)}
    if case.only is not None:
        assert sorted(found) == sorted(case.only), list(found)
    for figure, want in case.expect.items():
        if want is ABSENT:
            assert figure not in found, figure
            continue
        assert figure in found, (figure, list(found))
        for name, value in (want.items() if isinstance(want, dict) else [("head", want)]):
            _check(found, figure, name, value)
