"""The declared schema of every lexicon file: its keys, their types, and the closed sets their values come from.

`validate(name, data)` raises `LexiconError` naming the file and the key for an unknown key, a missing key, a value
of the wrong type, an unknown group or a value outside a closed set ("traps.json: rules[3].kind: 'lenght' is not
one of ..."), so a misspelling in a lexicon never loads silently.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any


class LexiconError(ValueError):
    """A lexicon file is malformed."""


class Comparator(StrEnum):
    GT = ">"
    GE = ">="
    LT = "<"
    LE = "<="
    APPROX = "~"
    EQ = "="


class Direction(StrEnum):
    """Where a qualifier stands: before the number ('more than 5') or after it ('5 or more')."""

    BEFORE = "before"
    AFTER = "after"


class TrapKind(StrEnum):
    ADDRESS = "address"
    CAPTION = "caption"
    DATE = "date"
    IDENTIFIER = "identifier"
    NAME = "name"
    ORDINAL = "ordinal"
    OTHER = "other"
    PHONE = "phone"
    TIME = "time"


class UnitKind(StrEnum):
    AREA = "area"
    CONCENTRATION = "concentration"
    CURRENT_DENSITY = "current density"
    DURATION = "duration"
    FREQUENCY = "frequency"
    FUEL_ECONOMY = "fuel economy"
    LENGTH = "length"
    MASS = "mass"
    MONEY = "money"
    MULTIPLIER = "multiplier"
    PERCENT = "percent"
    POWER = "power"
    SPEED = "speed"
    TEMPERATURE = "temperature"
    VOLUME = "volume"


# file -> key -> type of its value; every key is required.
SCHEMAS: dict[str, dict[str, type]] = {
    "changes.json": {"_doc": str, "up": dict, "down": dict, "nouns_without_direction": list},
    "html.json": {"_doc": str, "main": list, "drop_tags": list, "drop_roles": list, "drop_class_or_id": str,
                  "keep_class_or_id": str, "hidden_style": str, "labelled_field": str, "field_label": str,
                  "field_item": str, "labels": dict, "date_classes": dict, "meta": dict, "title_suffix": str},
    "numbers.json": {"_doc": str, "units": dict, "tens": dict, "scales": dict, "money_only_scale_abbreviations": list,
                     "scale_abbreviations": dict, "collectives": dict, "digit_collectives": list,
                     "length_context": list, "vague_intervals": dict, "vague": list, "fractions": dict,
                     "multipliers": dict, "not_counting_phrases": list},
    "qualifiers.json": {"_doc": str, "rules": list},
    "stamps.json": {"_doc": str, "stamps": list},
    "structure.json": {"_doc": str, "boilerplate_lines": list, "release_date": str, "last_published": str,
                       "topics": str, "keywords": str, "end_marks": list, "footer_start": list, "heading": str,
                       "bullet": str, "lead_labels": list, "lead_label_pattern": str, "ordinal_leadins": list,
                       "ordinal_leadin_pattern": str, "sentence_end": str},
    "traps.json": {"_doc": str, "month": str, "months": list, "rules": list},
    "units.json": {"_doc": str, "units": dict, "glued": list, "unit_fillers": list, "comparative_after_times": list},
    "currencies.json": {"_doc": str, "codes": dict, "symbols": dict, "sub_units": dict, "pound_money_verbs": list},
    "people.json": {"_doc": str, "age_phrases": list, "age_nouns": list, "age_before": list, "person_verbs": list,
                    "person_verbs_active": list, "sentence_cues": list},
}
# keys of one rule in a list of rules: required, optional
RULE_KEYS: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "traps.json": (frozenset({"kind", "pattern"}), frozenset({"_doc", "flags", "needs"})),
    "qualifiers.json": (frozenset({"literal", "comparator", "direction"}), frozenset({"_doc", "approximate"})),
}


def _closed(name: str, key: str, value: Any, allowed: type[StrEnum]) -> None:
    if value not in {m.value for m in allowed}:
        raise LexiconError(f"{name}: {key}: {value!r} is not one of {sorted(m.value for m in allowed)}")


def validate(name: str, data: dict[str, Any]) -> None:
    """Check one lexicon file against its schema (files without one, such as common_chunks.json, pass)."""
    schema = SCHEMAS.get(name)
    if schema is None:
        return
    for key in data:
        if key not in schema:
            raise LexiconError(f"{name}: unknown key {key!r} (known: {sorted(schema)})")
    for key, kind in schema.items():
        if key not in data:
            raise LexiconError(f"{name}: missing key {key!r}")
        if not isinstance(data[key], kind):
            raise LexiconError(f"{name}: {key}: must be a {kind.__name__}, not {type(data[key]).__name__}")
    if name in RULE_KEYS:
        required, optional = RULE_KEYS[name]
        for i, rule in enumerate(data["rules"]):
            if not isinstance(rule, dict):
                raise LexiconError(f"{name}: rules[{i}]: must be an object")
            unknown = sorted(set(rule) - required - optional)
            if unknown or not required <= set(rule):
                raise LexiconError(f"{name}: rules[{i}]: unknown key {unknown[0]!r}" if unknown
                                   else f"{name}: rules[{i}]: missing key {sorted(required - set(rule))[0]!r}")
    if name == "traps.json":
        for i, rule in enumerate(data["rules"]):
            _closed(name, f"rules[{i}].kind", rule["kind"], TrapKind)
    elif name == "qualifiers.json":
        for i, rule in enumerate(data["rules"]):
            _closed(name, f"rules[{i}].comparator", rule["comparator"], Comparator)
            _closed(name, f"rules[{i}].direction", rule["direction"], Direction)
    elif name == "units.json":
        for surface, pair in data["units"].items():
            if not (isinstance(pair, list) and len(pair) == 2):
                raise LexiconError(f"{name}: units.{surface}: must map to [unit, kind]")
            _closed(name, f"units.{surface}", pair[1], UnitKind)
    elif name == "currencies.json":
        for code in data["codes"]:
            if not (len(code) == 3 and code.isascii() and code.isupper()):
                raise LexiconError(f"{name}: codes.{code}: not an ISO 4217 code (three capital letters)")
    elif name == "changes.json":
        for direction in ("up", "down"):
            for group in data[direction]:
                if group not in ("before", "after"):
                    raise LexiconError(f"{name}: {direction}: unknown group {group!r} (known: ['after', 'before'])")
