"""The lexicon loader's errors (issue 14, item 3): each row changes one lexicon file the way a typo would and
names the message the loader must give (the file and the key)."""

from __future__ import annotations

import copy
from typing import Any, Callable

import pytest

from pipeline.lexicon.loader import LexiconError, load_json
from pipeline.lexicon.schema import SCHEMAS, validate


def _set(path: list[Any], value: Any) -> Callable[[dict[str, Any]], None]:
    def edit(data: dict[str, Any]) -> None:
        node = data
        for key in path[:-1]:
            node = node[key]
        node[path[-1]] = value
    return edit


def _drop(key: str) -> Callable[[dict[str, Any]], None]:
    return lambda data: data.pop(key)


BROKEN = [
    ("numbers.json", _set(["categroy"], []), "numbers.json: unknown key 'categroy'", "a misspelled key"),
    ("numbers.json", _drop("scales"), "numbers.json: missing key 'scales'", "a key taken out"),
    ("numbers.json", _set(["vague"], "dozens"), "numbers.json: vague: must be a list", "a list written as a string"),
    ("traps.json", _set(["rules", 3, "kind"], "lenght"), "traps.json: rules[3].kind: 'lenght' is not one of",
     "a trap kind outside the closed set"),
    ("traps.json", _set(["rules", 0, "flag"], "i"), "traps.json: rules[0]: unknown key 'flag'", "a rule key typo"),
    ("qualifiers.json", _set(["rules", 0, "comparator"], "=>"), "qualifiers.json: rules[0].comparator: '=>'",
     "a comparator outside the closed set"),
    ("qualifiers.json", _set(["rules", 0, "direction"], "behind"), "qualifiers.json: rules[0].direction: 'behind'",
     "a direction outside the closed set"),
    ("units.json", _set(["units", "pounds"], ["pound", "lenght"]), "units.json: units.pounds: 'lenght' is not one of",
     "a unit kind outside the closed set"),
    ("units.json", _set(["units", "pounds"], "pound"), "units.json: units.pounds: must map to [unit, kind]",
     "a unit without its kind"),
    ("changes.json", _set(["up", "befor"], []), "changes.json: up: unknown group 'befor'", "an unknown group"),
]


@pytest.mark.parametrize("name,edit,message,origin", BROKEN, ids=[r[3] for r in BROKEN])
def test_a_broken_lexicon_names_the_file_and_key(name: str, edit: Callable[[dict[str, Any]], None], message: str,
                                                 origin: str) -> None:
    data = copy.deepcopy(load_json(name))
    edit(data)
    with pytest.raises(LexiconError, match="^" + __import__("re").escape(message)):
        validate(name, data)


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_every_shipped_lexicon_passes_its_schema(name: str) -> None:
    validate(name, load_json(name))


def test_a_fragment_carries_every_word_of_its_list() -> None:
    import re

    from pipeline.lexicon.fragments import compile_with, fragments
    from pipeline.lexicon.loader import lexicon

    approx = re.compile(rf"(?:{fragments()['APPROX']})\Z")
    for q in lexicon().qualifiers:
        if q.direction == "before" and q.comparator == "~" and q.literal[-1].isalpha():
            assert approx.match(q.literal), q.literal
    assert compile_with(r"\bby\s+(?:{APPROX}\s+)?$").search("fell by roughly ")
    assert compile_with(r"{CHANGE_NOUN}").fullmatch("uptick")
    assert compile_with(r"{MONTH_NAME}").fullmatch("September")


def test_an_unknown_fragment_is_a_lexicon_error() -> None:
    from pipeline.lexicon.fragments import compile_with

    with pytest.raises(LexiconError, match=r"unknown fragment \{MONHT\}"):
        compile_with(r"{MONHT} \d+")
