"""Qualifiers, units and traps as parametrized tables (rules only, no model)."""

from __future__ import annotations

from typing import Any

import pytest

from pipeline.quantities.annotate import qualifier_after, qualifier_before, unit_after
from pipeline.quantities.numbers import find_candidates
from pipeline.quantities.traps import find_traps

QUALIFIERS = [
    ("more than 127,000 aliens", "more than", ">"),
    ("More than 48,000 assault offenses", "more than", ">"),
    ("a docket of well over 700,000 cases", "well over", ">"),
    ("seized almost 7,000 pounds", "almost", "<"),
    ("nearly 177,600 pounds", "nearly", "<"),
    ("approximately 400 personnel", "approximately", "~"),
    ("about 25%", "about", "~"),
    ("at least 12 victims", "at least", ">="),
    ("up to 20 years", "up to", "<="),
    ("fewer than 10 cases", "fewer than", "<"),
    ("in excess of $1 million", "in excess of", ">"),
    ("upwards of 300 people", "upwards of", ">"),
    ("just under 2,000 arrests", "just under", "<"),
    ("produce sub-7 nanometer chips", "sub-", "<"),
    ("over $800,000 being returned", "over", ">"),
    ("57 arrests", "", "="),
    ("Moreover 12 agents", "", "="),
]


@pytest.mark.parametrize("text,qualifier,comparator", QUALIFIERS, ids=[q[0] for q in QUALIFIERS])
def test_qualifier_before(text: str, qualifier: str, comparator: str) -> None:
    cand = find_candidates(text)[0]
    bound = qualifier_before(text, cand.start)
    if not qualifier:
        assert bound is None
        return
    assert bound is not None
    assert (bound.text, bound.comparator) == (qualifier, comparator)
    assert text[bound.start:bound.end].lower() == qualifier


@pytest.mark.parametrize("text,qualifier,comparator", [
    ("80+ agencies", "+", ">="), ("10 years or more", "or more", ">="), ("5 or fewer", "or fewer", "<=")])
def test_qualifier_after(text: str, qualifier: str, comparator: str) -> None:
    cand = find_candidates(text)[0]
    unit = unit_after(text, cand)
    bound = qualifier_after(text, cand.end, unit.end if unit else None)
    assert bound is not None and (bound.text, bound.comparator) == (qualifier, comparator)


UNITS = [
    ("7,000 pounds of heroin", "pound", "mass"),
    ("18.5 kilograms", "kilogram", "mass"),
    ("302 miles of fencing", "mile", "length"),
    ("92%", "percent", "percent"),
    ("10 percent", "percent", "percent"),
    ("$775 million", "USD", "money"),
    ("a 5-day period", "day", "duration"),
    ("a 17-year-old boy", "year", "age"),
    ("50 times more potent", "times", "multiplier"),
    ("3 million dollars", "USD", "money"),
    ("127,000 aliens", None, None),
    ("minus 233 Celsius", "degree Celsius", "temperature"),
    ("past the 1000 hp barrier", "horsepower", "power"),
    ("a 185-hp four-cylinder", "horsepower", "power"),
    ("The 1520 sq m medical centre", "square meter", "area"),
    ("from 450 sq ft up to 900 sq ft", "square foot", "area"),
    ("between 15kHz and 17kHz", "kilohertz", "frequency"),
    ("sub-7 nanometer chips", "nanometer", "length"),
    ("at 1200 parts per million", "part per million", "concentration"),
]


@pytest.mark.parametrize("text,unit,kind", UNITS, ids=[u[0] for u in UNITS])
def test_units(text: str, unit: str | None, kind: str | None) -> None:
    cand = find_candidates(text)[0]
    hit = unit_after(text, cand)
    assert ((hit.unit, hit.kind) if hit else (None, None)) == (unit, kind)


TRAPS = [
    ("Release Date: August 20, 2018", "August 20, 2018", "date"),
    ("in FY 2017, ERO", "FY 2017", "date"),
    ("operations in FY2017 demonstrate", "FY2017", "date"),
    ("during fiscal year 2019 either", "fiscal year 2019", "date"),
    ("(Posted 8/21/18)", "8/21/18", "date"),
    ("encounters Dec-24 rose", "Dec-24", "date"),
    ("from 2015-2024", "2015-2024", "date"),
    ("ended Sept. 25, targeting", "Sept. 25", "date"),
    ("call (716) 843-5700 now", "(716) 843-5700", "phone"),
    ("at 10:30 a.m. on", "10:30 a.m.", "time"),
    ("Title 42 expulsions", "Title 42", "identifier"),
    ("under 8 U.S.C. 1326", "8 U.S.C. 1326", "identifier"),
    ("violating PC 186.22 and", "PC 186.22", "identifier"),
    ("Section 287(g) program", "Section 287(g)", "identifier"),
    ("809 MS-13 arrests", "MS-13", "name"),
    ("due to COVID-19", "COVID-19", "name"),
    ("the 73rd Precinct", "73rd", "ordinal"),
    ("lives at 1234 Main Street in", "1234 Main Street", "address"),
    ("Suite 200 of the", "Suite 200", "address"),
    ("7 min read", "7 min read", "caption"),
    ("case No. BA123456 was", "No. BA123456", "identifier"),
    ("Gilbert Lara (DOB 11/1972) has", "11/1972", "date"),
    ("he was arrested on 1/16 and", "1/16", "date"),
    ("Hall of Justice • 330 W. Broadway, San Diego", "330 W. Broadway", "address"),
    ("1350 NW 12 Avenue, Room S-418-19, Miami", "Room S-418-19", "address"),
    ("Riverfront Blvd., L.B. 19 • Dallas", "L.B. 19", "address"),
    ("Are You a Human? 3 + 6 =", "3 + 6 =", "other"),
    ("vào ngày 21 tháng 5 năm 2026 liên", "ngày 21 tháng 5 năm 2026", "date"),
    ("publicado el 21 de Mayo de 2026", "21 de Mayo de 2026", "date"),
    ("the hunt runs Sept. 20-24 and Oct. 18-22", "Sept. 20-24", "date"),
    ("after 12:01 a.m. EDT (0401 GMT) on Friday", "0401 GMT", "time"),
    ("In the 90049 ZIP Code, homes", "90049 ZIP", "address"),
    ("homes in zip code 92701 sold", "zip code 92701", "address"),
    ("the ZIP code is 92701.", "ZIP code is 92701", "address"),
    ("located at 1375 NW 36th ST, Miami", "1375 NW 36th ST", "address"),
    ("Contact Us\n1201 Franklin, Suite 600\nHouston", "1201 Franklin, Suite", "address"),
    ("at 1611 El Camino Real in Tustin", "1611 El Camino Real", "address"),
    ("call (562) 799-4100 extension 1110 or", "extension 1110", "phone"),
    ("On April 24 and 25, 2024, Loyer", "April 24 and 25, 2024", "date"),
    ("beat Charlton 2-1 thanks to", "beat Charlton 2-1", "other"),
    ("He fired a 9mm handgun at", "9mm", "other"),
    ("and a .45 caliber pistol", ".45 caliber", "other"),
    ("with a 12-gauge shotgun", "12-gauge", "other"),
    ("thousands of COVID -19 tests", "COVID -19", "name"),
    ("On Wall St: S&P 500 +0.3% and", "S&P 500", "name"),
    ("while the FTSE 100 fell 20 points", "FTSE 100", "name"),
    ("the iPhone 11 Pro and 11 Pro Max", "11 Pro", "name"),
    ("watch KTLA Channel 5s popular coverage", "Channel 5s", "name"),
    ("passed the ISO 3888-2 test", "ISO 3888-2", "identifier"),
    ("fell to 49.55 HZ on 9 May and", "9 May", "date"),
    ("You are here:\nHome\n1\n/\nNews\n2\n/\n", "2", "other"),
    ("https://x.org/up/2025/12/Gavel.jpg\n720\n1280\nBarbara", "https://x.org/up/2025/12/Gavel.jpg\n720\n1280", "other"),    ("are not. 2. Length of sentence. Certain", "2.", "other"),
    ("Simply Sweet, located at 2106A Avenue U, in Sheepshead Bay", "2106A Avenue U", "address"),
]


@pytest.mark.parametrize("text,surface,kind", TRAPS, ids=[t[0] for t in TRAPS])
def test_traps(text: str, surface: str, kind: str) -> None:
    spans = {(text[t.start:t.end], t.kind) for t in find_traps(text)}
    assert (surface, kind) in spans


@pytest.mark.parametrize("text", ["FTSE -0.6% CAC -1.7%", "the Nasdaq 100 points higher",
                                  "The count rose to 17. The next year", "It fell by 5. Then 6 more"])
def test_figures_next_to_names_are_not_traps(text: str) -> None:
    cands = [c for c in find_candidates(text) if c.text[0].isdigit()]
    traps = find_traps(text)
    assert cands and not any(t.start < cands[0].end and cands[0].start < t.end for t in traps)


@pytest.mark.parametrize("text,unit", [("adds five additional years", "year"), ("two more weeks", "week"),
                                       ("for 12 consecutive days", "day"), ("3 more victims", None)])
def test_a_filler_word_between_number_and_unit(text: str, unit: str | None) -> None:
    from pipeline.quantities.annotate import unit_after

    hit = unit_after(text, find_candidates(text)[0])
    assert (hit.unit if hit else None) == unit


@pytest.mark.parametrize("text,qualifier", [("persons 65 years of age or older", "or older"),
                                            ("sentenced to 10 years plus 75 years to life", ""),
                                            ("500 years plus 16 life sentences", ""), ("He faces 25 years plus.", "plus")])
def test_postfix_bounds_and_plus_as_an_addition(text: str, qualifier: str) -> None:
    from pipeline.quantities.annotate import qualifier_after, unit_after

    cand = find_candidates(text)[0]
    unit = unit_after(text, cand)
    bound = qualifier_after(text, cand.end, unit.end if unit else None)
    assert (bound.text if bound else "") == qualifier


def test_the_scanned_patterns_match_as_re_reads_them() -> None:
    """Traps and number-word patterns are compiled by the regex module for speed; on every labelled release they
    find exactly what re finds with the same pattern."""
    import re
    from pathlib import Path

    from pipeline.lexicon.loader import lexicon
    from pipeline.quantities.numbers import _DIGIT_FRACTION, _FRACTION_OF_SCALE, _SCIENTIFIC, patterns

    fixtures = Path(__file__).parent / "fixtures"
    texts = [p.read_text(encoding="utf-8", errors="replace") for p in sorted(fixtures.glob("*/raw/*.txt"))]
    assert len(texts) >= 50
    p = patterns()
    scanned: list[Any] = [t.pattern for t in lexicon().traps] + [p.words, p.vague, p.fraction, p.multiplier, _SCIENTIFIC,
                                                       _DIGIT_FRACTION, _FRACTION_OF_SCALE]
    for pattern in scanned:
        plain = re.compile(pattern.pattern, pattern.flags & (re.IGNORECASE | re.MULTILINE | re.DOTALL | re.VERBOSE))
        for text in texts:
            assert [m.span() for m in pattern.finditer(text)] == [m.span() for m in plain.finditer(text)], \
                pattern.pattern


@pytest.mark.parametrize("text,unit", [("I spent 20 million pounds on this!", "GBP"), ("he paid 500 pounds for it", "GBP"),
                                       ("seized 7,000 pounds of heroin", "pound"), ("a 20 pound bag", "pound"),
                                       ("fined 5 pounds sterling", "GBP"), ("a fee of 30 euros", "EUR"),
                                       ("skimmed 40 cents from", "USD"), ("2,000 yen", "JPY")])
def test_currencies_are_iso_codes_and_pounds_are_read_by_context(text: str, unit: str) -> None:
    hit = unit_after(text, find_candidates(text)[0])
    assert hit is not None and hit.unit == unit
