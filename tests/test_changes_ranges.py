"""Rises and falls, ranges, names with digits and glued units, read through the real model."""

from __future__ import annotations

from typing import Any

import pytest

from pipeline.entities.assemble import quantify
from pipeline.structure.sections import analyse


def _quantities(nlp: Any, text: str) -> dict[str, Any]:
    return {q.text: q for q in quantify(analyse(text), nlp)}


CHANGES = [
    ("Sales rose 60% in 2018 to 3.9 million headsets.", {"60%": "up", "3.9 million": None}),
    ("Shootings declined by nearly 19% last year.", {"19%": "down"}),
    ("The county saw a 45% drop in shootings.", {"45%": "down"}),
    ("The Dow was up 190 points while the index fell 0.9%.", {"190": "up", "0.9%": "down"}),
    ("On Wall St: Dow +0.2% and Nasdaq -1.1%.", {"0.2%": "up", "1.1%": "down"}),
    ("He faces up to 20 years in prison.", {"20": None}),
    ("Officers arrested 57 people.", {"57": None}),
    ("The Dow lost 190 points, or 0.6%, on Monday.", {"190": "down", "0.6%": "down"}),
    ("Jobs grew by 125,600 positions or 2.2 per cent.", {"2.2": "up"}),
    ("Operating profit was revised upward by $40 billion.", {"$40 billion": "up"}),
]


@pytest.mark.parametrize("text,expected", CHANGES, ids=[c[0] for c in CHANGES])
def test_change_direction(nlp: Any, text: str, expected: dict[str, str | None]) -> None:
    found = _quantities(nlp, text)
    for surface, change in expected.items():
        assert found[surface].change == change, (surface, found[surface])


RANGES = [
    ("He was traveling at a speed of 15 to 22 miles per hour.", ("15", "22"), (15, 22)),
    ("The fine is between $62 and $68 per share.", ("$62", "$68"), (62, 68)),
    ("Homicides fell from 21 to 7 this year.", ("21", "7"), (7, 21)),
    ("Victims aged 10-20 were interviewed.", ("10", "20"), (10, 20)),
    ("Bitcoin plummeted from $36,040 at 10.45pm last night to $34,935 at 5am.", ("$36,040", "$34,935"), (34935, 36040)),
    ("Mileage rose from 20 miles per gallon in 2008 to 29 miles per gallon in 2020.", ("20", "29"), (20, 29)),
    ("The window grew from three business days to five.", ("three", "five"), (3, 5)),
]


@pytest.mark.parametrize("text,ends,interval", RANGES, ids=[r[0] for r in RANGES])
def test_both_ends_of_a_range_carry_it(nlp: Any, text: str, ends: tuple[str, str], interval: tuple[int, int]) -> None:
    found = _quantities(nlp, text)
    for surface in ends:
        assert (found[surface].value_low, found[surface].value_high) == interval


def test_a_list_is_not_a_range(nlp: Any) -> None:
    found = _quantities(nlp, "Police arrested 3 men and 6 women.")
    assert (found["3"].value_low, found["3"].value_high) == (3, 3)


def test_range_ends_share_the_direction(nlp: Any) -> None:
    found = _quantities(nlp, "World temperatures dropped by 1 to 1.5 degrees.")
    assert found["1"].change == found["1.5"].change == "down"


NAMES = [
    ("In New York the S&P 500 fell 0.9% on Monday.", "500"),
    ("Backup goalie Curtis McElhinney was hurt in Game 2 on Friday.", "2"),
    ("The team was picked to finish behind Oklahoma in the Big 12.", "12"),
    ("the nasdaq is trending up 0.2% and the sp 500 is poised to drop 0.2%.", "500"),
    ("In the S P 500 utilities are holding up better.", "500"),
    ("The benchmark Stoxx 600 index advanced about 1.7 percent.", "600"),
    ("Its new HIV 2 drug regimen looks promising.", "2"),
    ("Cayman Airways said it was grounding two new 737 Max jets.", "737"),
]


@pytest.mark.parametrize("text,surface", NAMES, ids=[n[0] for n in NAMES])
def test_a_number_in_a_name_is_not_a_quantity(nlp: Any, text: str, surface: str) -> None:
    assert surface not in _quantities(nlp, text)


def test_numbers_after_proper_nouns_that_count_stay(nlp: Any) -> None:
    found = _quantities(nlp, "Brooklyn recorded 41 homicides. Eight of Brooklyn's 23 precincts reported none.")
    assert "41" in found and "23" in found


def test_glued_units_and_money_only_scales(nlp: Any) -> None:
    found = _quantities(nlp, "The nozzle is 1.5mm wide and the firm paid $1.5mm in fines.")
    assert (found["1.5"].value, found["1.5"].unit) == (1.5, "millimeter")
    assert (found["$1.5mm"].value, found["$1.5mm"].unit) == (1_500_000, "USD")


def test_ranges_with_the_unit_written_on_each_end_or_once(nlp: Any) -> None:
    found = _quantities(nlp, "Fees range from 1 per cent to 1.5 per cent. He went from 208 pounds to 193 in a year.")
    assert (found["1"].value_low, found["1"].value_high, found["1.5"].unit) == (1, 1.5, "percent")
    assert (found["193"].unit, found["193"].value_low, found["193"].value_high) == ("pound", 193, 208)


def test_a_range_scale_goes_only_to_a_bare_smaller_first_number(nlp: Any) -> None:
    found = _quantities(nlp, "Condos range from $800,000 to $1.3 million; fines of $80 to $90 billion.")
    assert found["$800,000"].value == 800_000 and found["$80"].value == 80_000_000_000


def test_a_signed_figure_after_a_number_is_not_a_range(nlp: Any) -> None:
    found = _quantities(nlp, "In Europe the index was at 50 -1.3% on the day.")
    assert (found["1.3%"].value_low, found["1.3%"].change) == (1.3, "down")


def test_vague_magnitudes_carry_their_order_of_magnitude(nlp: Any) -> None:
    found = _quantities(nlp, "Release\n\nTens of thousands of students and hundreds of\nthousands of aliens, in dozens of cases.")
    assert (found["Tens of thousands"].value, found["Tens of thousands"].value_low,
            found["Tens of thousands"].value_high) == (None, 10_000, 100_000)
    assert (found["hundreds of\nthousands"].value_low, found["hundreds of\nthousands"].value_high) == (100_000, 1_000_000)
    assert found["dozens"].value_low == 24


def test_a_written_range_shares_its_scale_word(nlp: Any) -> None:
    found = _quantities(nlp, "There are four to five thousand people.")
    assert (found["four"].value, found["five thousand"].value) == (4000, 5000)
    assert (found["four"].value_low, found["four"].value_high) == (4000, 5000)


def test_numbered_names_and_scores_are_not_quantities(nlp: Any) -> None:
    found = _quantities(nlp, "Lewis drove Jane Doe 2 to the shelter. Voters backed Prop 35 by a 5-4 vote.")
    assert "2" not in found and "35" not in found and "5" not in found and "4" not in found


def test_an_age_in_a_capitalised_headline_is_kept(nlp: Any) -> None:
    found = _quantities(nlp, "Release\n\nMAN ASSAULTED TWO GIRLS BETWEEN AGES 9 AND 12 AFTER MEETING THEM")
    assert found["9"].unit == "year"


def test_a_percent_after_a_slash_and_a_shared_currency_sign(nlp: Any) -> None:
    found = _quantities(nlp, "Burke 96% requested/85% approved. He was paid an extra $800-1,000 for each title.")
    assert found["85%"].value == 85
    assert (found["1,000"].unit, found["1,000"].value_low, found["1,000"].value_high) == ("USD", 800, 1000)


def test_a_plural_share_and_a_speed(nlp: Any) -> None:
    found = _quantities(nlp, "Release\n\nToday 80% of inmates report a disorder, and a third\nare on medications. He drove at "
                             "100 miles an hour.")
    assert found["a third"].value == 0.333333
    assert (found["100"].unit, found["100"].kind, found["100"].entity) == ("mile per hour", "speed", "speed")


def test_over_a_span_of_time_that_says_when_is_not_a_bound(nlp: Any) -> None:
    text = "Release\n\nOver two days in April 2024, he armed himself. He served over two years in prison."
    assert [(q.text, q.qualifier) for q in quantify(analyse(text), nlp)] == [("two", ""), ("two", "over")]


def test_decimals_without_a_leading_zero_folds_and_counts_that_look_like_years(nlp: Any) -> None:
    found = _quantities(nlp, "Release\n\nThe false positive rate fell to .001 per cent. Revenue grew more than sixfold. "
                             "About 1000 come from Asia. The sector fell 0.68 percent.")
    assert (found[".001"].value, found[".001"].unit) == (0.001, "percent")
    assert (found["sixfold"].value, found["sixfold"].qualifier) == (6, "more than")
    assert (found["1000"].value, found["1000"].qualifier) == (1000, "about")
    assert found["0.68"].unit == "percent"


def test_a_qualifier_is_shared_across_a_list_only_between_like_figures(nlp: Any) -> None:
    found = _quantities(nlp, "Release\n\nHe is charged with lewd acts upon a child under 14 and one felony count of "
                             "distributing matter, and theft of property exceeding $100,000 and $500,000.")
    assert (found["14"].qualifier, found["one"].qualifier) == ("under", "")
    assert found["$500,000"].qualifier == "exceeding"


def test_a_fraction_after_by_and_a_name_ending_in_one(nlp: Any) -> None:
    found = _quantities(nlp, "Release\n\nShootings are declining by a full quarter. Capital One was ordered to pay.")
    assert found["a full quarter"].value == 0.25 and "One" not in found


def test_one_or_more_counts_and_the_1998_cases_are_a_year(nlp: Any) -> None:
    found = _quantities(nlp, "Release\n\nThe defendants face one or more mandatory sentences. He was charged in the "
                             "1998 slayings. The operation identifies 500+ suspected offenders.")
    assert found["one"].qualifier == "or more" and "1998" not in found and found["500"].qualifier == "+"


def test_signed_percents_after_index_names(nlp: Any) -> None:
    found = _quantities(nlp, "In Europe: Stoxx 50 -1.3% FTSE -0.6% CAC -1.7% DAX -1.6%.")
    assert sorted(found) == ["0.6%", "1.3%", "1.6%", "1.7%"]
    assert {q.change for q in found.values()} == {"down"} and found["1.3%"].value_low == 1.3


def test_negative_figures_and_a_glued_bound(nlp: Any) -> None:
    found = _quantities(nlp, "Gas is cooled to minus-260 degrees Fahrenheit. Demand for sub-300 sq m office space "
                             "surged; the now-18 month-old girl was there.")
    assert (found["260"].value, found["260"].unit) == (-260, "degree Fahrenheit")
    assert (found["300"].qualifier, found["300"].comparator, found["300"].unit) == ("sub-", "<", "square meter")
    assert (found["18"].unit, found["18"].kind) == ("month", "age")


def test_a_bare_score_or_dozen_and_the_scale_of_a_rate_count_nothing(nlp: Any) -> None:
    found = _quantities(nlp, "Diamonds typically score somewhere between 50 and 70. A baker's dozen is 13 units. "
                             "Carbon was at 1200 parts per million. Police seized a dozen guns and dozen rifles.")
    assert "score" not in found and "dozen" in found and "million" not in found
    assert found["1200"].unit == "part per million" and found["a dozen"].value == 12
    assert [q.text for q in quantify(analyse("A baker's dozen is 13 units."), nlp)] == ["13"]


def test_a_unit_after_a_name_is_not_part_of_it(nlp: Any) -> None:
    found = _quantities(nlp, "S&P cut the rating of Berkshire Hathaway Energys 550 megawatt Topaz Solar Farms to junk.")
    assert (found["550"].value, found["550"].unit) == (550, "megawatt")


def test_counts_after_a_place_name_and_dozens_before_a_compound_noun_stay(nlp: Any) -> None:
    found = _quantities(nlp, "Alyssa Ayala, 22, of Perris 2 felony counts of first-degree residential burglary. "
                             "He tried to steal a half dozen luxury cars and sent several dozen text messages.")
    assert "2" in found and "22" in found
    assert found["a half dozen"].value == 6 and found["dozen"].entity == "text messages"


def test_a_dash_glued_to_the_first_figure_joins_a_range(nlp: Any) -> None:
    found = _quantities(nlp, "The 12- 18-month program includes life skills.")
    assert found["12"].unit == found["18"].unit == "month"


def test_a_change_and_the_level_it_reached_are_two_figures(nlp: Any) -> None:
    found = _quantities(nlp, "The deficit increased by $43.6 billion to $419.2 billion.")
    assert (found["$43.6 billion"].value_low, found["$43.6 billion"].value_high) == (43.6e9, 43.6e9)
    assert (found["$419.2 billion"].value_low, found["$419.2 billion"].value_high) == (419.2e9, 419.2e9)


def test_a_figure_that_ends_a_range_starts_no_other(nlp: Any) -> None:
    found = {(q.char_start, q.text): q for q in quantify(analyse("The forecast went from 5 to 7 per cent to 3 to 5 "
                                                                 "per cent."), nlp)}
    intervals = [(q.value_low, q.value_high) for _, q in sorted(found.items())]
    assert intervals == [(5, 7), (5, 7), (3, 5), (3, 5)]


def test_squared_glued_units_and_fuel_economy(nlp: Any) -> None:
    found = _quantities(nlp, "The flat has a floor area of 32m2 and the car does 23 mpg.")
    assert (found["32"].unit, found["23"].unit) == ("square meter", "mile per gallon")


def test_a_tied_score_and_a_street_number_before_the_street_type_are_not_quantities(nlp: Any) -> None:
    found = _quantities(nlp, "The layup tied Game 7 at 89-89. He owned 22 Ave Foch in Paris. Victims aged 10-20 came.")
    assert "89" not in found and "22" not in found and "10" in found


def test_a_written_number_in_a_name_is_not_a_quantity(nlp: Any) -> None:
    found = _quantities(nlp, "He called the Kick Six win. The Court of Appeal, Division Three, ruled. Police Arrest Six "
                             "Men In Robbery. Reusing the same one is a fail.")
    assert list(found) == ["Six"] and found["Six"].entity == "Men"


def test_an_early_figure_after_an_average_of_counts(nlp: Any) -> None:
    found = _quantities(nlp, "Prices will go up by an average of 1500. The temple was built between A.D. 1000 and 1260.")
    assert list(found) == ["1500"]
