"""Rises and falls, ranges, names with digits and glued units, read through the real model."""

from __future__ import annotations

from typing import Any

import pytest

from pipeline.entities.assemble import quantify
from pipeline.structure.sections import analyse
from tests.cases import ABSENT, Case, check, params

pytestmark = pytest.mark.model


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


HERE = "test_changes_ranges"  # origin: the cases were written as tests of this module (see git log for each)

FIGURES = [
    Case("list-is-not-a-range", "Police arrested 3 men and 6 women.", {"3": {"interval": (3, 3)}}, origin=HERE),
    Case("range-ends-share-the-direction", "World temperatures dropped by 1 to 1.5 degrees.",
         {"1": {"change": "down"}, "1.5": {"change": "down"}}, origin=HERE),
    Case("numbers-after-proper-nouns-that-count-stay", "Brooklyn recorded 41 homicides. Eight of Brooklyn's 23 "
         "precincts reported none.", {"41": {}, "23": {}}, origin=HERE),
    Case("glued-unit", "The nozzle is 1.5mm wide and the firm paid $1.5mm in fines.",
         {"1.5": {"value": 1.5, "unit": "millimeter"}, "$1.5mm": {"value": 1_500_000, "unit": "USD"}}, origin=HERE),
    Case("range-with-the-unit-on-each-end", "Fees range from 1 per cent to 1.5 per cent. He went from 208 pounds to "
         "193 in a year.", {"1": {"interval": (1, 1.5)}, "1.5": {"unit": "percent"},
                            "193": {"unit": "pound", "interval": (193, 208)}}, origin=HERE),
    Case("range-scale-goes-only-to-a-bare-smaller-first-number", "Condos range from $800,000 to $1.3 million; fines "
         "of $80 to $90 billion.", {"$800,000": {"value": 800_000}, "$80": {"value": 80_000_000_000}}, origin=HERE),
    Case("signed-figure-after-a-number-is-not-a-range", "In Europe the index was at 50 -1.3% on the day.",
         {"1.3%": {"value_low": 1.3, "change": "down"}}, origin=HERE),
    Case("vague-magnitudes-carry-their-order-of-magnitude", "Release\n\nTens of thousands of students and hundreds "
         "of\nthousands of aliens, in dozens of cases.",
         {"Tens of thousands": {"value": None, "interval": (10_000, 100_000)},
          "hundreds of\nthousands": {"interval": (100_000, 1_000_000)}, "dozens": {"value_low": 24}}, origin=HERE),
    Case("written-range-shares-its-scale-word", "There are four to five thousand people.",
         {"four": {"value": 4000, "interval": (4000, 5000)}, "five thousand": {"value": 5000}}, origin=HERE),
    Case("numbered-names-and-scores-are-not-quantities", "Lewis drove Jane Doe 2 to the shelter. Voters backed Prop "
         "35 by a 5-4 vote.", {"2": ABSENT, "35": ABSENT, "5": ABSENT, "4": ABSENT}, origin=HERE),
    Case("age-in-a-capitalised-headline-is-kept", "Release\n\nMAN ASSAULTED TWO GIRLS BETWEEN AGES 9 AND 12 AFTER "
         "MEETING THEM", {"9": {"unit": "year"}}, origin=HERE),
    Case("percent-after-a-slash-and-a-shared-currency-sign", "Burke 96% requested/85% approved. He was paid an "
         "extra $800-1,000 for each title.", {"85%": {"value": 85}, "1,000": {"unit": "USD", "interval": (800, 1000)}},
         origin=HERE),
    Case("plural-share-and-a-speed", "Release\n\nToday 80% of inmates report a disorder, and a third\nare on "
         "medications. He drove at 100 miles an hour.",
         {"a third": {"value": 0.333333}, "100": {"unit": "mile per hour", "kind": "speed", "entity": "speed"}},
         origin=HERE),
    Case("decimal-without-a-leading-zero", "Release\n\nThe false positive rate fell to .001 per cent. Revenue grew "
         "more than sixfold. About 1000 come from Asia. The sector fell 0.68 percent.",
         {".001": {"value": 0.001, "unit": "percent"}, "sixfold": {"value": 6, "qualifier": "more than"},
          "1000": {"value": 1000, "qualifier": "about"}, "0.68": {"unit": "percent"}}, origin=HERE),
    Case("qualifier-shared-only-between-like-figures", "Release\n\nHe is charged with lewd acts upon a child under 14 "
         "and one felony count of distributing matter, and theft of property exceeding $100,000 and $500,000.",
         {"14": {"qualifier": "under"}, "one": {"qualifier": ""}, "$500,000": {"qualifier": "exceeding"}},
         origin=HERE),
    Case("fraction-after-by-and-a-name-ending-in-one", "Release\n\nShootings are declining by a full quarter. "
         "Capital One was ordered to pay.", {"a full quarter": {"value": 0.25}, "One": ABSENT}, origin=HERE),
    Case("one-or-more-and-the-1998-cases-are-a-year", "Release\n\nThe defendants face one or more mandatory "
         "sentences. He was charged in the 1998 slayings. The operation identifies 500+ suspected offenders.",
         {"one": {"qualifier": "or more"}, "1998": ABSENT, "500": {"qualifier": "+"}}, origin=HERE),
    Case("signed-percents-after-index-names", "In Europe: Stoxx 50 -1.3% FTSE -0.6% CAC -1.7% DAX -1.6%.",
         {"1.3%": {"change": "down", "value_low": 1.3}, "0.6%": {"change": "down"}, "1.7%": {"change": "down"},
          "1.6%": {"change": "down"}}, only=("0.6%", "1.3%", "1.6%", "1.7%"), origin=HERE),
    Case("negative-figures-and-a-glued-bound", "Gas is cooled to minus-260 degrees Fahrenheit. Demand for sub-300 sq "
         "m office space surged; the now-18 month-old girl was there.",
         {"260": {"value": -260, "unit": "degree Fahrenheit"},
          "300": {"qualifier": "sub-", "comparator": "<", "unit": "square meter"},
          "18": {"unit": "month", "kind": "age"}}, origin=HERE),
    Case("bare-score-or-dozen-and-the-scale-of-a-rate", "Diamonds typically score somewhere between 50 and 70. A "
         "baker's dozen is 13 units. Carbon was at 1200 parts per million. Police seized a dozen guns and dozen "
         "rifles.", {"score": ABSENT, "dozen": {}, "million": ABSENT, "1200": {"unit": "part per million"},
                     "a dozen": {"value": 12}}, origin=HERE),
    Case("bakers-dozen-counts-nothing", "A baker's dozen is 13 units.", only=("13",), origin=HERE),
    Case("unit-after-a-name-is-not-part-of-it", "S&P cut the rating of Berkshire Hathaway Energys 550 megawatt Topaz "
         "Solar Farms to junk.", {"550": {"value": 550, "unit": "megawatt"}}, origin=HERE),
    Case("counts-after-a-place-name-and-dozens-before-a-compound", "Alyssa Ayala, 22, of Perris 2 felony counts of "
         "first-degree residential burglary. He tried to steal a half dozen luxury cars and sent several dozen text "
         "messages.", {"2": {}, "22": {}, "a half dozen": {"value": 6},
                                   "several dozen": {"entity": "text messages", "value": None, "interval": (24, 144)}},
         origin=HERE),
    Case("dash-glued-to-the-first-figure-joins-a-range", "The 12- 18-month program includes life skills.",
         {"12": {"unit": "month"}, "18": {"unit": "month"}}, origin=HERE),
    Case("change-and-the-level-it-reached-are-two-figures", "The deficit increased by $43.6 billion to $419.2 billion.",
         {"$43.6 billion": {"interval": (43.6e9, 43.6e9)}, "$419.2 billion": {"interval": (419.2e9, 419.2e9)}},
         origin=HERE),
    Case("squared-glued-units-and-fuel-economy", "The flat has a floor area of 32m2 and the car does 23 mpg.",
         {"32": {"unit": "square meter"}, "23": {"unit": "mile per gallon"}}, origin=HERE),
    Case("tied-score-and-street-number-before-the-street-type", "The layup tied Game 7 at 89-89. He owned 22 Ave Foch "
         "in Paris. Victims aged 10-20 came.", {"89": ABSENT, "22": ABSENT, "10": {}}, origin=HERE),
    Case("written-number-in-a-name-is-not-a-quantity", "He called the Kick Six win. The Court of Appeal, Division "
         "Three, ruled. Police Arrest Six Men In Robbery. Reusing the same one is a fail.",
         {"Six": {"entity": "Men"}}, only=("Six",), origin=HERE),
    Case("early-figure-after-an-average-of-counts", "Prices will go up by an average of 1500. The temple was built "
         "between A.D. 1000 and 1260.", only=("1500",), origin=HERE),
]


@pytest.mark.parametrize("case", params(FIGURES))
def test_figure(nlp: Any, case: Case) -> None:
    check(nlp, case)


def test_over_a_span_of_time_that_says_when_is_not_a_bound(nlp: Any) -> None:
    text = "Release\n\nOver two days in April 2024, he armed himself. He served over two years in prison."
    assert [(q.text, q.qualifier) for q in quantify(analyse(text), nlp)] == [("two", ""), ("two", "over")]


def test_a_figure_that_ends_a_range_starts_no_other(nlp: Any) -> None:
    found = {(q.char_start, q.text): q for q in quantify(analyse("The forecast went from 5 to 7 per cent to 3 to 5 "
                                                                 "per cent."), nlp)}
    intervals = [(q.value_low, q.value_high) for _, q in sorted(found.items())]
    assert intervals == [(5, 7), (5, 7), (3, 5), (3, 5)]
