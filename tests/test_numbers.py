"""Number surfaces and values, as data: one row per case (no model needed)."""

from __future__ import annotations

import pytest

from pipeline.quantities.numbers import find_candidates

CASES = [
    ("more than 127,000 aliens", "127,000", 127000),
    ("almost a million pounds", "a million", 1_000_000),
    ("fifty-seven arrests", "fifty-seven", 57),
    ("a dozen agencies", "a dozen", 12),
    ("a half dozen luxury cars", "a half dozen", 6),
    ("half a dozen times", "half a dozen", 6),
    ("a half-million dollars", "a half-million", 500_000),
    ("one and a half million people", "one and a half million", 1_500_000),
    ("twenty-one and a half hours", "twenty-one and a half", 21.5),
    ("Twelve-hundred-eighty-one (1281) cases", "Twelve-hundred-eighty-one (1281)", 1281),
    ("1.4 million doses", "1.4 million", 1_400_000),
    ("$775 million in", "$775 million", 775_000_000),
    ("$31,435,177 in collections", "$31,435,177", 31_435_177),
    ("$6.68 Billion in collections", "$6.68 Billion", 6_680_000_000),
    ("$3 million dollars", "$3 million", 3_000_000),
    ("92% of the total", "92%", 92),
    ("approximately 167.7 miles", "167.7", 167.7),
    ("two hundred thousand people", "two hundred thousand", 200_000),
    ("nearly half of the cases", "half", 0.5),
    ("a third of all", "a third", 0.333333),
    ("more than double the size", "double", 2),
    ("$5M in fraud", "$5M", 5_000_000),
    ("ninety-nine victims", "ninety-nine", 99),
    ("approximately 1.99×10−30 kilograms", "1.99×10−30", 1.99e-30),
    ("about 3 x 10^8 metres", "3 x 10^8", 3e8),
    ("1/16 of a US pint", "1/16", 0.0625),
    ("1⁄128 of a US gallon", "1⁄128", 0.0078125),
    ("requires 1/2 pound of chips", "1/2", 0.5),
    ("launder RM3.06mil from victims", "RM3.06mil", 3_060_000),
    ("record wealth ($1tn) in", "$1tn", 1_000_000_000_000),
    ("floor area of 32m2.", "32", 32),
    ("some 5km² of land", "5", 5),
]


@pytest.mark.parametrize("text,surface,value", CASES, ids=[c[0] for c in CASES])
def test_number_surface_and_value(text: str, surface: str, value: float) -> None:
    found = find_candidates(text)
    assert [c.text for c in found] == [surface]
    assert found[0].value == pytest.approx(value, rel=1e-6)


def test_vague_magnitude_has_no_value() -> None:
    (c,) = find_candidates("hundreds of thousands of criminal aliens")
    assert c.text == "hundreds of thousands" and c.value is None and c.form == "vague"


@pytest.mark.parametrize("text", ["FY16 interdictions", "COVID19", "no numbers here", "the 1990s"])
def test_no_bare_digits_inside_words(text: str) -> None:
    assert all(c.text not in ("16", "19") for c in find_candidates(text))


SIGNED = [
    ("about minus 387 Fahrenheit", -387),
    ("can dip down to minus-130 degrees", -130),
    ("total offense was -5 yards", -5),
    ("decrease to $-50.8bn, while", -50_800_000_000),
    ("Nasdaq -1.1% on the day", 1.1),  # a sign glued to a percent is a fall (change 'down'), not a negative value
    ("victims aged 18 -25 were", 25),  # a dash after a figure joins a range
]


@pytest.mark.parametrize("text,value", SIGNED, ids=[c[0] for c in SIGNED])
def test_signed_numbers(text: str, value: float) -> None:
    assert find_candidates(text)[-1].value == pytest.approx(value)


def test_a_bare_slash_pair_is_left_to_the_date_traps() -> None:
    assert [c.text for c in find_candidates("arrested on 1/16 and")] == ["1"]


@pytest.mark.parametrize("text,surface,value", [
    ("sentenced to 1 ½ to 3 years", "1 ½", 1.5), ("approximately 1½ kilos", "1½", 1.5),
    ("a ½ mile from the store", "½", 0.5), ("12 ¾ inches", "12 ¾", 12.75),
])
def test_vulgar_fractions_are_part_of_the_number(text: str, surface: str, value: float) -> None:
    cand = next(c for c in find_candidates(text) if c.text == surface)
    assert cand.value == pytest.approx(value)
