"""Never a quantity from an identifier (issue 20, item 3): each row is (text, a span in it that holds digits,
origin). Every number candidate inside that span must be covered by a trap, so no quantity can come from it."""

from __future__ import annotations

import pytest

from pipeline.quantities.numbers import find_candidates
from pipeline.quantities.traps import find_traps

IDENTIFIERS = [
    ("Read it at https://www.da.lacounty.gov/sites/default/files/pdf/2023-report-120.pdf today.",
     "https://www.da.lacounty.gov/sites/default/files/pdf/2023-report-120.pdf", "url"),
    ("See www.justice.gov/usao-ndil/pr/2019/45-defendants for more.", "www.justice.gov/usao-ndil/pr/2019/45-defendants",
     "url"),
    ("Link: https://x.org/q?id=1500&page=3 was shared.", "https://x.org/q?id=1500&page=3", "url"),
    ("the link%2020%20report%2025%20percent%20rise was broken", "link%2020%20report%2025%20percent%20rise",
     "percent-encoded (issue 20: '%2020%' read as 2020 percent)"),
    ("Tips to tips2024@da.county.gov or call.", "tips2024@da.county.gov", "e-mail"),
    ("Download Annual_Report_2023-24.pdf or data-120.csv now.", "Annual_Report_2023-24.pdf", "file name"),
    ("Download Annual_Report_2023-24.pdf or data-120.csv now.", "data-120.csv", "file name"),
    ("The server at 192.168.10.25 was seized.", "192.168.10.25", "IP address"),
    ("The server at 10.0.0.1:8080 was seized.", "10.0.0.1:8080", "IP address and port"),
    ("The app was updated to version 2.4.1 last week.", "version 2.4.1", "version"),
    ("The app was updated to v3.2 last week.", "v3.2", "version"),
    ("It runs 10.15.7 on every machine.", "10.15.7", "dotted version"),
    ("Case No. 2:21-cr-00123-ABC was filed.", "2:21-cr-00123-ABC", "federal docket"),
    ("He filed Form I-9 and Form 1040 late.", "Form I-9", "form"),
    ("He filed Form I-9 and Form 1040 late.", "Form 1040", "form"),
    ("during the COVID-19 pandemic", "COVID-19", "disease name"),
    ("a violation of 8 U.S.C. 1326(a) and (b)(2)", "8 U.S.C. 1326(a)", "statute"),
    ("charged under Section 187(a) of the Penal Code", "Section 187(a)", "statute section"),
    ("Penal Code § 422.6 prohibits", "§ 422.6", "statute section"),
]


@pytest.mark.parametrize("text,span,origin", IDENTIFIERS, ids=[f"{r[2]}: {r[1]}" for r in IDENTIFIERS])
def test_no_quantity_from_an_identifier(text: str, span: str, origin: str) -> None:
    start = text.index(span)
    end = start + len(span)
    traps = find_traps(text)
    inside = [c for c in find_candidates(text) if c.start < end and start < c.end]
    loose = [c.text for c in inside if not any(t.start < c.end and c.start < t.end for t in traps)]
    assert not loose


FIGURES = [
    ("Prices rose 25%, the agency said.", "25%", "a percent before a comma"),
    ("up 20% 45 days later", "20%", "a percent before a space"),
    ("He paid $1,500.50 in fees.", "$1,500.50", "money"),
    ("The rate was 3.5 percent in 2.5 years.", "3.5", "decimals are not versions"),
    ("He wrote to the office at 5 p.m.", "5", "left to the time trap"),
]


@pytest.mark.parametrize("text,surface,origin", FIGURES, ids=[f"{r[2]}: {r[1]}" for r in FIGURES])
def test_identifier_traps_leave_figures_alone(text: str, surface: str, origin: str) -> None:
    start = text.index(surface)
    kinds = {t.kind for t in find_traps(text) if t.start < start + len(surface) and start < t.end}
    assert "identifier" not in kinds


NOT_FIGURES = [
    ("has a zero tolerance for crime", "zero tolerance", "holdout: Miami-Dade ('zero' is no count here)"),
    ("a rate of 386.3 per 100,000 inhabitants", "per 100,000", "numsuite: a rate's base is no figure"),
    ("text the word TIP to 847411 now", "text the word TIP to 847411", "numsuite: an SMS short code"),
    ("This defendant chose to settle a score with a gun", "a score", "corpus: 'settle a score' counts nothing"),
    ("on and between 6/19/12-8/24/12 I and", "6/19/12-8/24/12", "corpus: two dates joined by a dash"),
]


@pytest.mark.parametrize("text,span,origin", NOT_FIGURES, ids=[r[2] for r in NOT_FIGURES])
def test_other_numbers_that_are_no_figure(text: str, span: str, origin: str) -> None:
    test_no_quantity_from_an_identifier(text, span, origin)
