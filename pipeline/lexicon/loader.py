"""Lexicons shipped as package data, loaded once per process and validated on load."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any, Protocol, cast

import regex

from pipeline.records import ComparatorSymbol
from pipeline.lexicon.schema import Comparator, LexiconError, validate

COMPARATORS = frozenset(c.value for c in Comparator)

__all__ = ["COMPARATORS", "Lexicon", "LexiconError", "Qualifier", "Scanner", "Trap", "lexicon", "load_json", "scanner"]


def load_json(name: str) -> dict[str, Any]:
    """One lexicon file of the package data, checked against its declared schema (pipeline.lexicon.schema)."""
    text = resources.files("pipeline.lexicon.data").joinpath(name).read_text(encoding="utf-8")
    data = json.loads(text)
    if not isinstance(data, dict):
        raise LexiconError(f"{name}: top level must be an object")
    validate(name, data)
    return data


def _compile(name: str, pattern: str, flags: int = 0) -> re.Pattern[str]:
    try:
        return re.compile(pattern, flags)
    except re.error as exc:
        raise LexiconError(f"{name}: bad pattern {pattern!r}: {exc}") from exc


@dataclass(frozen=True, slots=True)
class Qualifier:
    literal: str
    comparator: ComparatorSymbol
    direction: str
    approximate: bool = False  # 'about', 'nearly': the value is near the figure (comparator '~', or marked in the data)


class Scanner(Protocol):
    """What the rules use of a compiled pattern (re's and the regex module's both have it)."""

    def finditer(self, string: str, pos: int = ..., endpos: int = ...) -> Any: ...


@dataclass(frozen=True, slots=True)
class Trap:
    kind: str
    pattern: Scanner
    needs: tuple[str, ...] = ()  # the pattern is scanned only over a text that holds one of these ('://', '@')


def scanner(pattern: str, flags: int = 0, name: str = "pattern") -> Scanner:
    """A pattern that is scanned over whole blocks, compiled by the regex module in its re-compatible mode (V0).

    It skips ahead to where a match can start where re tries every position: on the traps (a word boundary before a digit
    or a keyword alternation) it is about twice as fast, and the traps are most of what the rules spend outside
    the model. Patterns are written for re and compiled by re too, so a bad one fails the same way."""
    _compile(name, pattern, flags)
    try:
        return regex.compile(pattern, flags | regex.VERSION0)  # type: ignore[no-any-return]
    except regex.error as exc:
        raise LexiconError(f"{name}: bad pattern {pattern!r}: {exc}") from exc


@dataclass(frozen=True, slots=True)
class Lexicon:
    qualifiers: tuple[Qualifier, ...]
    units: dict[str, tuple[str, str]]
    glued_units: tuple[str, ...]  # written against the number: '1.5mm', '45kg'
    unit_fillers: frozenset[str]  # 'five additional years': a word between the number and its unit
    currency_symbols: dict[str, str]
    age_phrases: tuple[str, ...]
    age_before: tuple[str, ...]
    person_verbs: frozenset[str]
    person_verbs_active: frozenset[str]  # 'Grand Jury Indicts 11': a bare number these take as object counts people  # '4 Charged in ...', '3 were killed': a bare number these govern counts people
    age_nouns: frozenset[str]  # 'a child under 14': a bound after one of these is an age
    sentence_cues: tuple[str, ...]
    change_nouns: frozenset[str]
    changes_before: dict[str, str]  # word -> 'up' | 'down' ('rose 60%')
    changes_after: dict[str, str]  # noun -> 'up' | 'down' ('a 45% drop')
    comparative_after_times: frozenset[str]
    number_units: dict[str, int]
    number_tens: dict[str, int]
    scales: dict[str, int]
    scale_abbreviations: dict[str, int]
    money_only_abbreviations: frozenset[str]  # '$1.5mm' is a million, '1.5mm' a length
    collectives: dict[str, int]
    digit_collectives: frozenset[str]  # '3 dozen': collectives that multiply digits too
    length_context: frozenset[str]  # 'a 1.8m fence': words after 'm' that make it metres
    currency_names: tuple[str, ...]  # money words that may follow a number ('10 000 dollars')
    currency_sub_units: dict[str, tuple[str, float]]  # 'cents' -> ('USD', 0.01)
    pound_money_verbs: frozenset[str]  # 'spent 20 million pounds': 'pounds' after these is sterling
    vague: tuple[str, ...]
    vague_intervals: dict[str, tuple[float, float]]  # 'tens of thousands' -> (1e4, 1e5)
    fractions: dict[str, float]
    multipliers: dict[str, int]
    not_counting: tuple[str, ...]
    traps: tuple[Trap, ...]
    stamps: tuple[re.Pattern[str], ...]
    structure: dict[str, Any]


def _qualifiers() -> tuple[Qualifier, ...]:
    rules = load_json("qualifiers.json")["rules"]
    out = []
    for rule in rules:
        q = Qualifier(str(rule["literal"]).lower(), cast(ComparatorSymbol, rule["comparator"]), str(rule["direction"]),
                      rule["comparator"] == "~" or bool(rule.get("approximate")))
        if q.comparator not in COMPARATORS or q.direction not in ("before", "after") or not q.literal:
            raise LexiconError(f"qualifiers.json: bad rule {rule!r}")
        out.append(q)
    # Longest literal first so "well over" wins over "over".
    return tuple(sorted(out, key=lambda q: -len(q.literal)))


def _traps() -> tuple[Trap, ...]:
    data = load_json("traps.json")
    month = data["month"]
    out = []
    for rule in data["rules"]:
        flags = re.IGNORECASE if "i" in rule.get("flags", "") else 0
        pattern = rule["pattern"].replace("{MONTH}", month)
        out.append(Trap(str(rule["kind"]), scanner(pattern, flags, "traps.json"), tuple(rule.get("needs", ()))))
    return tuple(out)


def _units() -> dict[str, tuple[str, str]]:
    data = load_json("units.json")
    codes = load_json("currencies.json")["codes"]
    units: dict[str, tuple[str, str]] = {}
    for surface, pair in data["units"].items():
        if pair[1] == "money" and pair[0] not in codes:
            raise LexiconError(f"units.json: units.{surface}: {pair[0]!r} is not an ISO code of currencies.json")
        units[surface.lower()] = (str(pair[0]), str(pair[1]))
    return units


def _currency_symbols() -> dict[str, str]:
    data = load_json("currencies.json")
    for symbol, code in data["symbols"].items():
        if code not in data["codes"]:
            raise LexiconError(f"currencies.json: symbols.{symbol}: {code!r} is not one of codes")
    return dict(data["symbols"])


def _changes(where: str) -> dict[str, str]:
    data = load_json("changes.json")
    out: dict[str, str] = {}
    for direction in ("up", "down"):
        for word in data[direction][where]:
            word = str(word).lower()
            if out.get(word, direction) != direction:
                raise LexiconError(f"changes.json: {word!r} is both up and down ({where})")
            out[word] = direction
    return out


def _glued(units: dict[str, tuple[str, str]]) -> tuple[str, ...]:
    glued = tuple(str(g).lower() for g in load_json("units.json")["glued"])
    if not set(glued) <= set(units):
        raise LexiconError("units.json: every glued unit must be a unit")
    return tuple(sorted(glued, key=len, reverse=True))


def _vague_intervals(numbers: dict[str, Any]) -> dict[str, tuple[float, float]]:
    out = {str(k).lower(): (float(v[0]), float(v[1])) for k, v in numbers["vague_intervals"].items()}
    if set(out) != {str(v).lower() for v in numbers["vague"]} or any(lo >= hi for lo, hi in out.values()):
        raise LexiconError("numbers.json: vague_intervals must give one (low, high) for each vague magnitude")
    return out


def _money_only(numbers: dict[str, Any]) -> frozenset[str]:
    out = frozenset(str(a).lower() for a in numbers["money_only_scale_abbreviations"])
    if not out <= set(numbers["scale_abbreviations"]):
        raise LexiconError("numbers.json: money_only_scale_abbreviations must be scale_abbreviations")
    return out


def _sub_units() -> dict[str, tuple[str, float]]:
    data = load_json("currencies.json")
    out: dict[str, tuple[str, float]] = {}
    for word, pair in data["sub_units"].items():
        if not (isinstance(pair, list) and len(pair) == 2 and pair[0] in data["codes"] and 0 < float(pair[1]) < 1):
            raise LexiconError(f"currencies.json: sub_units.{word}: must map to [one of codes, a share below 1]")
        out[word.lower()] = (str(pair[0]), float(pair[1]))
    return out


def _change_nouns() -> frozenset[str]:
    """Every noun of a change: those of a rise or a fall ('increase', 'drop') and those without a direction."""
    data = load_json("changes.json")
    words = [*data["up"]["after"], *data["down"]["after"], *data["nouns_without_direction"]]
    return frozenset(str(w).lower() for w in words)


def _subset(name: str, key: str, values: list[Any], allowed: Any) -> frozenset[str]:
    out = frozenset(str(v).lower() for v in values)
    unknown = sorted(out - set(allowed))
    if unknown:
        raise LexiconError(f"{name}: {key}: {unknown[0]!r} is not one of {sorted(allowed)}")
    return out


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """The validated lexicons (loaded on first use, never at import)."""
    numbers = load_json("numbers.json")
    units = _units()
    people = load_json("people.json")
    stamps = tuple(
        _compile("stamps.json", s["pattern"]) for s in load_json("stamps.json")["stamps"]
    )
    for stamp in stamps:
        if not {"doc_number", "posted_date"} <= set(stamp.groupindex):
            raise LexiconError("stamps.json: every stamp needs doc_number and posted_date groups")
    return Lexicon(
        qualifiers=_qualifiers(),
        units=units,
        glued_units=_glued(units),
        currency_symbols=_currency_symbols(),
        age_phrases=tuple(people["age_phrases"]),
        age_before=tuple(people["age_before"]),
        person_verbs=frozenset(people["person_verbs"]),
        person_verbs_active=frozenset(people["person_verbs_active"]),
        age_nouns=frozenset(people["age_nouns"]),
        unit_fillers=frozenset(str(w).lower() for w in load_json("units.json")["unit_fillers"]),
        sentence_cues=tuple(people["sentence_cues"]),
        change_nouns=_change_nouns(),
        changes_before=_changes("before"),
        changes_after=_changes("after"),
        comparative_after_times=frozenset(load_json("units.json")["comparative_after_times"]),
        number_units={k: int(v) for k, v in numbers["units"].items()},
        number_tens={k: int(v) for k, v in numbers["tens"].items()},
        scales={k: int(v) for k, v in numbers["scales"].items()},
        scale_abbreviations={k: int(v) for k, v in numbers["scale_abbreviations"].items()},
        money_only_abbreviations=_money_only(numbers),
        collectives={k: int(v) for k, v in numbers["collectives"].items()},
        digit_collectives=_subset("numbers.json", "digit_collectives", numbers["digit_collectives"],
                                  numbers["collectives"]),
        length_context=frozenset(str(w).lower() for w in numbers["length_context"]),
        currency_sub_units=_sub_units(),
        pound_money_verbs=frozenset(str(w).lower() for w in load_json("currencies.json")["pound_money_verbs"]),
        currency_names=tuple(sorted((w for w, (_, kind) in units.items() if kind == "money" and w.isalpha()),
                                    key=len, reverse=True)),
        vague=tuple(sorted(numbers["vague"], key=len, reverse=True)),
        vague_intervals=_vague_intervals(numbers),
        fractions={k: float(v) for k, v in numbers["fractions"].items()},
        multipliers={k: int(v) for k, v in numbers["multipliers"].items()},
        not_counting=tuple(numbers["not_counting_phrases"]),
        traps=_traps(),
        stamps=stamps,
        structure=load_json("structure.json"),
    )
