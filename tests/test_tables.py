"""Tables in every shape, as rows of data: glued cells split by the thousands grouping, a scale in the header, a
row on one line (spaced, pipe, glued) and what each figure counts. The last table runs the real model."""

from __future__ import annotations

from typing import Any

import pytest

from pipeline.entities.cells import cell_entities
from pipeline.quantities.cells import split_glued, table_cells
from pipeline.quantities.numbers import find_candidates
from tests.cases import ABSENT, Case, check, params

HERE = "test_tables"
DEV2 = "dev2 03 (a monthly table flattened with no separators)"

# a run of grouped figures glued together -> the figures, or none when it does not split cleanly
GLUED = [
    ("two-figures", "3,7062,286", ["3,706", "2,286"]),
    ("five-digit-figures", "10,57912,774", ["10,579", "12,774"]),
    ("three-figures", "1,2345,678,9012,000", ["1,234", "5,678,901", "2,000"]),
    ("percents-end-at-their-sign", "45.2%38.1%", ["45.2%", "38.1%"]),
    ("a-count-then-a-percent", "3,70645.2%", ["3,706", "45.2%"]),
    ("a-leading-group-of-four-digits-is-no-split", "3,7061234,567", []),
    ("an-ungrouped-tail-is-no-split", "3,706286", []),
]


@pytest.mark.parametrize("run,figures", [g[1:] for g in GLUED], ids=[g[0] for g in GLUED])
def test_glued_runs_split_by_the_thousands_grouping(run: str, figures: list[str]) -> None:
    assert [run[s:e] for s, e in split_glued(run)] == figures


# a text -> the figures split out of glued table rows (only rows: a label glued to its figures, alone on a line)
GLUED_ROWS = [
    ("month-rows", "January3,7062,286\nFebruary4,8463,282\n", ["3,706", "2,286", "4,846", "3,282"]),
    ("one-figure-rows-in-a-run", "Felonies3,706\nMisdemeanors12,774\n", ["3,706", "12,774"]),
    ("percent-rows", "Felony45.2%38.1%\nMisdemeanor12%9.5%\n", ["45.2%", "38.1%", "12%", "9.5%"]),
    ("one-glued-figure-alone-is-not-a-row", "Felonies3,706\n", []),
    ("prose-is-never-split", "In January3,7062,286 people were stopped at the border.\n", []),
]


@pytest.mark.parametrize("text,figures", [g[1:] for g in GLUED_ROWS], ids=[g[0] for g in GLUED_ROWS])
def test_glued_table_rows(text: str, figures: list[str]) -> None:
    assert [text[s:e] for s, e in table_cells(text).glued] == figures


# a text -> (figure, value, currency) of the figures under or after a header scale
SCALES = [
    ("dollars-in-millions-header", "Program ($M)\nFY 2023\nFY 2024\nBorder Patrol\n3,087\n3,250\n",
     [("3,087", 3.087e9, "USD"), ("3,250", 3.25e9, "USD")]),
    ("in-thousands-no-currency", "Arrests (in thousands)\nFelony 412 398\nMisdemeanor 1,204 1,130\n",
     [("412", 412e3, None), ("1,130", 1.13e6, None)]),
    ("dollar-in-billions-words", "Spending, $ in billions\nDefense\n1.2\n", [("1.2", 1.2e9, "USD")]),
    ("scale-on-the-row-line", "Total funding ($ in millions) 3,087 3,250\nStaff 412\n",
     [("3,087", 3.087e9, "USD"), ("412", 412.0, None)]),
    ("a-sentence-ends-the-table", "Budget ($M)\nOperations\n3,087\nThe office also hired 40 new staff this year.\n",
     [("3,087", 3.087e9, "USD"), ("40", 40.0, None)]),
    ("prose-with-a-scale-is-no-header", "The budget ($ in millions) rose to 3,087 over the last five years, the "
     "report said in its summary.\n", [("3,087", 3087.0, None)]),
    ("a-percent-and-a-scale-word-keep-their-value", "Budget ($M)\nGrowth 4.5%\nReserve $2 billion\n",
     [("4.5%", 4.5, None), ("$2 billion", 2e9, "USD")]),
    ("years-in-the-header-are-not-scaled", "($ in thousands)\n2023 2024\nGrants 120 140\n",
     [("2023", 2023.0, None), ("120", 120e3, "USD")]),
]


@pytest.mark.parametrize("text,want", [s[1:] for s in SCALES], ids=[s[0] for s in SCALES])
def test_header_scale_multiplies_the_cells(text: str, want: list[tuple[str, float, str | None]]) -> None:
    cands, _ = table_cells(text).apply(0, text, find_candidates(text), [])
    got = {c.text: (c.value, c.currency) for c in cands}
    for figure, value, currency in want:
        assert got[figure][0] == pytest.approx(value) and got[figure][1] == currency, figure


def _named(text: str) -> dict[str, str]:
    """The first characters of each figure's line rest ('476', '540') -> what it counts."""
    return {text[k:].split()[0].strip("|"): e.text for k, e in cell_entities(text).items()}


# a text -> what figures count (a figure by its first token; the figures not listed are not checked)
ROW_TABLES = [
    ("spaced-rows-with-year-columns-take-the-row",
     "Crash Type   2023   2024\nTotal Crashes 476 540\nFatal Crashes 12 9\n",
     {"476": "Total Crashes", "540": "Total Crashes", "12": "Fatal Crashes", "9": "Fatal Crashes"}),
    ("spaced-rows-without-a-header-take-the-row", "Pleas 13,830 11,418\nRevocations 7,434 1,230\n",
     {"13,830": "Pleas", "1,230": "Revocations"}),
    ("a-total-column-names-no-count", "2019 2020 TOTAL\nNumber of Cases Reviewed 313 1,660 1,973\n"
     "Intel Meetings 34 159 193\n", {"1,973": "Cases", "34": "Intel Meetings"}),
    ("number-of-and-percent-of-name-what-is-counted", "2017 2018 2019 2020*\nCriminal Trespass Filings 2,118 2,388 "
     "2,339 1,668\nPercent of Cases Rejected 1% 1% 12% 41%\n",
     {"2,118": "Criminal Trespass Filings", "12%": "Cases"}),
    ("an-empty-cell-keeps-the-width", "Participant Applications 700 732 1281 572\nInvited N/A 363 579 334\n",
     {"700": "Participant Applications", "363": "Invited"}),
    ("pipe-rows-with-year-columns", "| Offense | 2022 | 2023 |\n|---|---|---|\n| Homicides | 41 | 38 |\n"
     "| Robberies | 1,204 | 998 |\n", {"41": "Homicides", "38": "Homicides", "998": "Robberies"}),
    ("pipe-columns-that-count", "| Program | Requests | Granted |\n|---|---|---|\n| Felony DV | 41 | 38 |\n"
     "| Misdemeanor DV | 1,204 | 998 |\n", {"41": "Felony DV requests", "998": "Misdemeanor DV granted"}),
    ("plural-rows-and-category-columns", "Disposition  Felony  Misdemeanor\nPleas  13,830  11,418\n"
     "Dismissals  4,725  14,731\n", {"13,830": "felony Pleas", "14,731": "misdemeanor Dismissals"}),
    ("glued-month-rows-take-the-glued-column-headers", "Unaccompanied childrenAdults with children\n"
     "January3,7062,286\nFebruary4,8463,282\n",
     {"3,7062,286": "unaccompanied children", "2,286": "adults with children"}),
    ("one-figure-rows-need-three", "Homicides 41\nShootings 120\nRobberies 998\n",
     {"41": "Homicides", "120": "Shootings", "998": "Robberies"}),
]


@pytest.mark.parametrize("text,want", [r[1:] for r in ROW_TABLES], ids=[r[0] for r in ROW_TABLES])
def test_row_on_one_line_tables(text: str, want: dict[str, str]) -> None:
    named = _named(text)
    assert {k: named.get(k) for k in want} == want


NOT_TABLES = [
    ("sentences-ending-in-numbers", "The number of cases was 42\nand the number of arrests was 12\n"),
    ("two-one-figure-rows", "Homicides 41\nShootings 120\n"),
    ("pagination", "Page 2\nPage 3\nPage 4\n"),
    ("a-table-of-contents", "2024 BY THE NUMBERS 04\nHISTORIC MOMENTS 05\nIN THE MEDIA 07\n"),
    ("dates", "June 25, 2018\nMay 28, 2026\n"),
    ("a-list-of-statements", "Number of applicants reviewed: 1525\nNumber of people matched: 753\n"
     "Number of petitions filed: 465\n"),
    ("dash-separated-counts", "Anaheim – 4\nLaguna Beach – 2\nVilla Park – 1\n"),
]


@pytest.mark.parametrize("text", [n[1] for n in NOT_TABLES], ids=[n[0] for n in NOT_TABLES])
def test_not_tables(text: str) -> None:
    assert cell_entities(text) == {}


TABLE_CASES = [
    Case("glued-monthly-table", "Apprehensions along the border by month:\n\n Unaccompanied childrenAdults with children\n"
         "January3,7062,286\nFebruary4,8463,282\nMarch7,1765,754\n",
         {"3,706": {"value": 3706.0, "head": "children"}, "2,286": {"value": 2286.0, "entity": "adults with children"},
          "5,754": {"value": 5754.0, "head": "children"}},
         only=("3,706", "2,286", "4,846", "3,282", "7,176", "5,754"), origin=DEV2),
    Case("row-label-then-one-figure-per-column", "Traffic crashes in the county:\n\nCrash Type   2023   2024\n"
         "Total Crashes   476   540\nFatal Crashes   12   9\n",
         {"476": {"entity": "Total Crashes"}, "540": {"entity": "Total Crashes"}, "12": {"entity": "Fatal Crashes"}}, origin=HERE),
    Case("pipe-table", "| Offense | 2022 | 2023 |\n|---|---|---|\n| Homicides | 41 | 38 |\n| Robberies | 1,204 | 998 |\n",
         {"41": "homicide", "38": "homicide", "1,204": "robbery", "998": "robbery"}, origin=HERE),
    Case("millions-of-dollars-in-the-header", "Budget by program ($M)\n\nProgram   FY 2023   FY 2024\n"
         "Border Patrol   3,087   3,250\nPort Operations   1,204   1,310\n",
         {"3,087": {"value": 3.087e9, "unit": "USD", "head": "patrol"},
          "1,310": {"value": 1.31e9, "unit": "USD", "head": "operation"}}, origin=HERE),
    Case("glued-figures-in-prose-stay-unread", "In January3,7062,286 people were stopped at the border, officials said.",
         {"3,706": ABSENT, "2,286": ABSENT}, origin=HERE),
]


@pytest.mark.model
@pytest.mark.parametrize("case", params(TABLE_CASES))
def test_table_figures(nlp: Any, case: Case) -> None:
    check(nlp, case)
