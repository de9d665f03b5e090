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
    ("Nasdaq -1.1% on the day", -1.1),  # the sign is kept; annotate.change_of also reads it as a fall ('down')
    ("victims aged 18 -25 were", 25),  # a dash after a figure joins a range
    ("Links to PSA videos are here \u2013\n30 seconds", 30),  # corpus: a dash ending the line before is no sign
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


# The number grammar (issue 20, item 1): (text, the figures read as (surface, value), origin). Every number in the
# text is listed, so a figure split in two or two figures summed fails the row.
GRAMMAR = [
    ("sentenced to five and three years, respectively", [("five", 5), ("three", 3)], "issue 20: summed to 8"),
    ("between two and four years", [("two", 2), ("four", 4)], "issue 20: summed to 6"),
    ("one and two kilograms", [("one", 1), ("two", 2)], "issue 20: summed to 3 kg"),
    ("two or three victims", [("two", 2), ("three", 3)], "issue 20"),
    ("one, two, three", [("one", 1), ("two", 2), ("three", 3)], "a list is separate figures"),
    ("twenty-one years and six months", [("twenty-one", 21), ("six", 6)], "quantulum3 suite"),
    ("one hundred and twelve letters", [("one hundred and twelve", 112)], "issue 20: 'and' inside a number"),
    ("a hundred and two of those", [("a hundred and two", 102)], "quantulum3 suite"),
    ("eleven thousand, four hundred and six dollars", [("eleven thousand, four hundred and six", 11406)],
     "issue 20: gave 11,000 and 406"),
    ("three million, two hundred & forty, you say", [("three million, two hundred & forty", 3000240)],
     "quantulum3 suite"),
    ("Twelve-hundred-eighty-one cases", [("Twelve-hundred-eighty-one", 1281)], "hyphens"),
    ("a 1.8m fence", [("1.8", 1.8)], "issue 20: 'm' after a length is metres"),
    ("the 1.8m tall wall", [("1.8", 1.8)], "metres before 'tall'"),
    ("owed $1.8m in back taxes", [("$1.8m", 1_800_000)], "a currency makes 'm' million"),
    ("zircaloy at 300 degrees (573.15K)", [("300", 300), ("573.15", 573.15)], "issue 20: kelvin, not thousand"),
    ("the 1500b packet", [("1500", 1500)], "issue 20: 'b' without money is no billion"),
    ("Its GDP is $2.174T.", [("$2.174T", 2.174e12)], "issue 20: T is trillion after a currency"),
    ("He paid $3.2 mil. in fines", [("$3.2 mil", 3.2e6)], "issue 20: 'mil.' spaced"),
    ("bought $3 T-shirts", [("$3", 3)], "a spaced capital before a hyphen is no scale"),
    ("Revenue fell to -9.23 percent", [("9.23", -9.23)], "issue 20: lost sign"),
    ("The annual revenue is ($99.99).", [("$99.99", -99.99)], "issue 20: accounting parentheses"),
    ("a fine of $1.5 million ($1,500,000) was", [("$1.5 million", 1.5e6), ("$1,500,000", 1.5e6)],
     "a restatement in parentheses is no negative"),
    ("minus five percent", [("five", -5)], "issue 20: 'minus' before words"),
    ("a negative 5 degrees", [("5", -5)], "'negative'"),
    ("The settlement is 10 000 dollars", [("10 000", 10000)], "issue 20: space-grouped before a money word"),
    ("Agents counted 1 234 567 encounters", [("1 234 567", 1234567)], "issue 20: space-grouped, two groups"),
    ("CBP processed 2\u202f450\u202f000 travelers", [("2\u202f450\u202f000", 2450000)], "narrow no-break spaces"),
    ("they counted 1'000 watches", [("1'000", 1000)], "apostrophe grouping"),
    ("On May 5 100 officers", [("5", 5), ("100", 100)], "one plain-space group alone is two numbers"),
    ("Agents seized 1.234 kilograms", [("1.234", 1.234)], "issue 20: '1.234' is never a thousand"),
    ("blood alcohol of .08 percent", [(".08", 0.08)], "leading-dot decimal"),
    ("the mass is 6.02e23 units", [("6.02e23", 6.02e23)], "scientific notation with e"),
    ("Give me -1e-3 W/min", [("1e-3", -0.001)], "quantulum3 suite: a signed e-notation"),
    ("density of 5.5x10-3 kg", [("5.5x10-3", 0.0055)], "quantulum3 suite"),
    ("The door is 2 1/2 in thick", [("2 1/2", 2.5)], "issue 20: mixed fraction"),
    ("hiked 10 1/2 miles", [("10 1/2", 10.5)], "issue 20: mixed fraction"),
    ("3 dozen eggs", [("3 dozen", 36)], "issue 20: dozen after digits"),
    ("three dozen officers", [("three dozen", 36)], "dozen after words"),
    ("a quarter of a million dollars", [("a quarter of a million", 250_000)], "issue 20: gave 0.25 and 1,000,000"),
    ("half a million people", [("half a million", 500_000)], "half a scale"),
    ("several hundred customers", [("several hundred", None)], "issue 20: a vague magnitude has no value"),
    ("a few thousand dollars", [("a few thousand", None)], "vague"),
    ("scores of people", [("scores", None)], "vague"),
]


@pytest.mark.parametrize("text,figures,origin", GRAMMAR, ids=[r[0] for r in GRAMMAR])
def test_number_grammar(text: str, figures: list[tuple[str, float | None]], origin: str) -> None:
    got = [(c.text, c.value) for c in find_candidates(text)]
    assert [t for t, _ in got] == [t for t, _ in figures]
    for (_, value), (_, want) in zip(got, figures):
        assert value == (None if want is None else pytest.approx(want, rel=1e-6))
