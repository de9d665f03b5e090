"""What a figure counts, in the patterns where the parse alone gets it wrong (real model), as rows of data."""

from __future__ import annotations

from typing import Any

import pytest

from pipeline.evaluate import head_word
from tests.cases import ABSENT, PRESENT, Case, Not, Same, check, params

pytestmark = pytest.mark.model

HERE = "test_entity_rules"  # origin: the cases were written as tests of this module (see git log for each)

ENTITIES = [
    Case("period-after-the-noun", "Southwest Border Enforcement Actions fiscal year to date are 33% lower than last "
         "year.", {"33%": "action"}, origin=HERE),
    Case("bare-change-counts-the-sentences-noun", "In December, agents intercepted more than 93,000 pounds of drugs – "
         "a 5% increase over November.", {"93,000": "drug", "5%": "drug"}, origin=HERE),
    Case("up-from-restates-the-figure-before", "Number of suspects detained – 585 (new record up from 503 in FY15)",
         {"585": PRESENT, "503": Same("585")}, origin=HERE),
    Case("change-with-its-own-object", "Officers made 40 arrests, and the county saw a 19% decrease in shootings.",
         {"19%": "shooting"}, origin=HERE),
    Case("worth-of-names-the-money", "Six offenders allegedly stole $170,500 worth of watches.",
         {"$170,500": head_word("watches")}, origin=HERE),
    Case("the-number-of-names-its-object", "The average number of cases has dropped to 728 per court.",
         {"728": "case"}, origin=HERE),
    Case("a-rate-of-a-percent", "Lopez promised investors a monthly interest rate of 8%.", {"8%": "rate"}, origin=HERE),
    Case("bound-after-a-person-noun-is-an-age", "He was convicted of lewd acts upon a child under 14.",
         {"14": {"unit": "year", "kind": "age", "head": "child", "qualifier": "under"}}, origin=HERE),
    Case("age-after-a-numbered-name", "On June 26, 2006, Jane Doe #1, then 20 years old, called police.",
         {"20": {"unit": "year", "entity": "Jane Doe #1"}}, origin=HERE),
    Case("bare-number-charged-counts-people", "MEDIA ADVISORY: 4 Charged in Drug Overdose Death of Music Festival Goer",
         {"4": "people"}, origin=HERE),
    Case("bare-number-killed-counts-people", "Police said 3 were killed in the crash.", {"3": "people"}, origin=HERE),
    Case("number-killed-with-its-noun", "Police said 3 officers were killed in the crash.", {"3": "officer"}, origin=HERE),
    Case("span-of-time-is-a-period", "Gang homicides dropped 50 percent over the past two years.",
         {"two": "period", "50": "homicide"}, origin=HERE),
    Case("long-sentencing-phrase-names-the-sentence", "Jury Sentences Ponzi Scheme Criminal to 79 Years",
         {"79": "sentence"}, origin=HERE),
    Case("worth-the-money-named-before-worth", "The ring moved 3 kilos of heroin worth about $1.2 million.",
         {"$1.2 million": "heroin"}, origin=HERE),
    Case("pay-in-restitution", "He was ordered to pay $3 million dollars in restitution.",
         {"$3 million": "restitution"}, origin=HERE),
    Case("multiplying-verb-counts-its-subject", "Release\n\nGun seizures more than doubled last year.",
         {"doubled": {"value": 2, "qualifier": "more than", "head": "seizure"}}, origin=HERE),
    Case("hyphenated-age-with-no-noun-is-the-person", "Release\n\nGrand Jury Indicts 17-Year-Old for Terrorism",
         {"17": {"entity": "17-Year-Old"}}, origin=HERE),
    Case("hyphenated-age-before-a-noun", "Release\n\nThe 19-year-old driver was charged.",
         {"19": {"entity": "driver"}}, origin=HERE),
    Case("money-paid-is-a-payment", "Loma Linda University Health to Pay $7.5 Million Over Improper Disposal",
         {"$7.5 Million": "payment"}, origin=HERE),
    Case("money-paid-for-the-cost", "Firestone was ordered to pay $350,000 for the cost of the investigation.",
         {"$350,000": "cost"}, origin=HERE),
    Case("money-paid-towards-restitution", "The court ordered Birdwell to pay $10,000 per month towards restitution.",
         {"$10,000": "restitution"}, origin=HERE),
    Case("range-ends-count-the-nearer-entity", "Lopez promised investors a monthly interest rate of 3% to 8%.",
         {"3%": "rate", "8%": "rate"}, origin=HERE),
    Case("range-with-a-shared-sign-is-a-payment", "Vera Moran was paid an extra $800-1,000 for each fraudulent title "
         "transaction.", {"$800": "payment", "1,000": "payment"}, origin=HERE),
    Case("plural-right-after-the-number-in-a-title-case-list", "She is being charged with:\n• 18 Counts Title Fraud "
         "3rd Degree Felony\n", {"18": "count"}, origin=HERE),
    Case("label-before-a-capitalised-qualifier", "Total of expunctions granted from all Expos: More than 2,250\n",
         {"2,250": "expunction"}, origin=HERE),
    Case("figure-in-parentheses-counts-the-noun-before", "It was granted 41% of the time; and aggravated domestic "
         "battery charges (Burke 96% requested/85% approved).", {"96%": "charge", "85%": "charge"}, origin=HERE),
    Case("unit-of-another-figure-counts-nothing", "Crews removed 443,100 pounds (200,941 kilograms) of cocaine.",
         {"200,941": Not("pound")}, origin=HERE),
    Case("what-dropped-is-counted-by-the-percent", "Gang Homicides Drop 50 percent Over Past Two Years",
         {"50": "homicide"}, origin=HERE),
    Case("decrease-and-since-the-peak", "CBP enforcement actions on our Southwest Border decreased by 5% in December, "
         "representing a 72% decrease since the peak.", {"5%": "action", "72%": "action"}, origin=HERE),
    Case("what-rose-in-the-second-clause", "Shootings were down 25 percent, while arrests rose 12 percent.",
         {"12": "arrest"}, origin=HERE),
    Case("list-that-leaves-the-noun-out", "Gang members committed 16 murders in 2000; 26 in 1999 and 32 in 1998.",
         {"16": "murder", "26": "murder", "32": "murder"}, origin=HERE),
    Case("probation-after-a-few-words", "The judge imposed a sentence of two years of formal felony probation.",
         {"two": "probation"}, origin=HERE),
    Case("line-label-not-read-across-a-sentence", "WHO: Daniel Shepard, 62\nWHAT: Each posted $150,000 bail today.",
         {"$150,000": "bail"}, origin=HERE),
    Case("hyphenated-age-of-a-student", "They met a 17-year-old male high school student.", {"17": "student"},
         origin=HERE),
    Case("years-of-experience", "He utilizes his over 30 years of experience.", {"30": "experience"}, origin=HERE),
    Case("coordinated-nouns-penalties-and-costs", "Capital One was ordered to pay $2 million in penalties and costs.",
         {"$2 million": "cost"}, origin=HERE),
    Case("hyphenated-noun-co-defendants", "Prosecutors filed cases against 43 co-defendants during 2002.",
         {"43": "defendant"}, origin=HERE),
    Case("coordinated-figures-with-their-nouns", "The firm has 20,000 employees and more than 400 offices.",
         {"20,000": "employee"}, origin=HERE),
    Case("gapped-verbs", "Burglaries decreased by 18.4%, grand larcenies by 7.2% and robberies by 4.2%.",
         {"18.4%": "burglary", "7.2%": "larceny", "4.2%": "robbery"}, origin=HERE),
    Case("restated-range-in-parentheses", "In Brownsville murders dropped by a whopping 67% (from 21 to 7) this year.",
         {"67%": "murder", "21": "murder", "7": "murder"}, origin=HERE),
    Case("money-paid-to-the-county", "An additional $18.75 million has been paid to the county.",
         {"$18.75 million": "payment"}, origin=HERE),
    Case("indicts-counts-people", "Release\n\nGrand Jury Indicts 11 in Connection with Violent Incident",
         {"11": "people"}, origin=HERE),
    Case("vague-money-in-funds", "Release\n\nThe fraud bilked millions in public funds and recovered millions of "
         "stolen funds.", {"millions": {"unit": "USD", "head": "fund"}}, only=("millions",), origin=HERE),
    Case("months-of-home-confinement", "He was sentenced to six months of home confinement.",
         {"six": "confinement"}, origin=HERE),
    Case("grants-range-from", "Grants are expected to range from $50,000 to $250,000.", {"$50,000": "grant"},
         origin=HERE),
    Case("fronted-of-phrase-names-the-bare-numbers", "Of the 99 murders in the official count, 63 were due to "
         "shootings and 36 were by other means.",
         {"63": {"head": "murder", "unit": None}, "36": "murder"}, origin=HERE),  # 63: not read as an age
    Case("colon-before-a-figure-with-its-own-noun", "The drop is reflected in arrests by the police: 58,288 people "
         "were arrested in 2019, compared with 68,407 in 2018.", {"58,288": "people", "68,407": "people"}, origin=HERE),
    Case("dateline-then-a-count", "SANTA ANA – Four defendants were convicted yesterday.", {"Four": "defendant"},
         origin=HERE),
    Case("a-speed-is-the-speed", "Defendant was driving his Camaro nearly 100 mph at the time.", {"100": "speed"},
         origin=HERE),
    Case("speed-of-a-zone", "He was driving 40 mph in a 25 mph zone.", {"25": "zone"}, origin=HERE),
    Case("speed-limit", "The posted speed limit is 40 miles per hour.", {"40": "limit"}, origin=HERE),
    Case("dateline-is-not-what-fell", "SANTA ANA – The number of gang-related homicides have dropped 50 percent over "
         "the past two-year period.", {"50": "homicide"}, origin=HERE),
    Case("noun-right-before-a-threshold-names-the-money", "They were charged with theft of property exceeding "
         "$100,000 and criminal damage to property between $500 and $10,000. She claimed overtime in excess of "
         "$13,000.", {"$100,000": "property", "$500": "property", "$10,000": "property", "$13,000": "overtime"},
         origin=HERE),
    Case("stolen-from-a-place-is-not-the-place", "He stole over $5,000 from the church.", {"$5,000": Not("church")},
         origin=HERE),
    Case("time-served-counts-the-prison", "They included a man who served 18 years in prison.", {"18": "prison"},
         origin=HERE),
    Case("time-spent-in-jail", "He posted bond after spending two months in jail in 2003.", {"two": "jail"},
         origin=HERE),
    Case("sentenced-to-years-in-prison", "He was sentenced to 25 years in prison.", {"25": "sentence"}, origin=HERE),
    Case("will-serve-years-is-the-sentence", "He will serve 10 years in state prison.", {"10": "sentence"}, origin=HERE),
    Case("line-in-capitals-keeps-its-letters", "MAN SENTENCED FOR TRAFFICKING AND PIMPING 19-YEAR-OLD WOMAN - Orange "
         "County District Attorney", {"19": {"entity": "WOMAN"}}, origin=HERE),
    Case("line-in-capitals-felony-counts", "LAWYER CHARGED WITH 24 FELONY COUNTS FOR STEALING FROM HIS CLIENTS",
         {"24": "count"}, origin=HERE),
    Case("stolen-money-with-nothing-named-is-theft", "He was charged with stealing close to $3.8 million from four "
         "clients.", {"$3.8 million": "theft"}, origin=HERE),
    Case("stole-a-total-of-is-theft", "The defendant allegedly stole a total of approximately $693,273 from the "
         "proceeds.", {"$693,273": "theft"}, origin=HERE),
    Case("stole-cash", "He stole approximately $7,000 cash and two Rolexes.", {"$7,000": "cash"}, origin=HERE),
    Case("stole-worth-of-watches", "They stole $170,500 worth of watches.", {"$170,500": head_word("watches")},
         origin=HERE),
    Case("ticked-up-by-counts-what-rose", "The number of shooting victims ticked up by three, making it the second "
         "fewest.", {"three": {"head": "victim", "change": "up"}}, origin=HERE),
    Case("that-number-and-a-count-restated-as-a-share", "In 1999, the County had 19,965 gang members. That number "
         "fluctuated between 18,669 and 24,035 between 1995 and 1998. In 2004 alone 769 or 90% of convicted gang "
         "members were sentenced to custody time.",
         {"18,669": "member", "24,035": "member", "769": {"unit": None, "head": "member"}}, origin=HERE),
    Case("money-for-something-bought-and-ages-in-a-list", "He spent almost $100,000 for a BMW and a driver; "
         "approximately $60,000 for hotels in Paris. Two other boys ages 13 and 14 were injured. Rasheen Behlin, 29, "
         "95 Navy Walk, Brooklyn.",
         {"$100,000": {"entity": "BMW and a driver"}, "$60,000": "hotel", "13": {"unit": "year"},
          "14": {"unit": "year"}, "95": {"unit": None}}, origin=HERE),
    Case("money-in-a-headline-names-nothing", "HE TRIED TO SELL THE NIGHTCLUB FOR $11 MILLION For Immediate Release",
         {"$11 MILLION": None}, origin=HERE),
    Case("sentence-before-a-colon-and-a-restated-share", "Shootings fell 15% during 2024. There was an even bigger "
         "drop in homicides: to 41, which is 17, or 29%, fewer than at the end of June 2024.",
         {"41": "homicide", "17": "homicide", "29%": "homicide"}, origin=HERE),
    Case("count-restated-as-a-percent", "Prosecutors have approved 857 felony retail charges, or 86 percent.",
         {"857": "charge", "86": "charge"}, origin=HERE),
    Case("bare-period-in-capitals", "DAY ONE PRIORITIES BY THE NUMBERS: 100 DAYS, 115 GUN-RELATED DETENTIONS",
         {"100": "period"}, origin=HERE),
    Case("label-before-a-colon", "Number of attorneys who filed expunction petitions: 94", {"94": "attorney"},
         origin=HERE),
    Case("hyphenated-page-count", "The 37-page report is available online.", {"37": "page"}, origin=HERE),
    Case("page-count", "The 12 page report is available.", {"12": "page"}, origin=HERE),
    Case("deliberating-for-minutes", "After deliberating for less than 90 minutes, the jury convicted him.",
         {"90": "deliberation"}, origin=HERE),
    Case("took-jurors-minutes", "The trial lasted two weeks but it only took jurors about 20 minutes to find Lopez "
         "guilty.", {"20": "deliberation", "two": Not("deliberation")}, origin=HERE),
    Case("twenty-years-in-prison-is-the-sentence", "He was sentenced to 20 years in prison.", {"20": "sentence"},
         origin=HERE),
    Case("of-this-amount-refers-to-the-figure-before", "The office contributed to the collection of $31,435,177 in "
         "FY 2010. Of this amount, $2,549,864 was collected in criminal actions. Specifically, $25,876,407 of this "
         "amount was collected in Health Care Fraud cases.",
         {"$2,549,864": "collection", "$25,876,407": "collection"}, origin=HERE),
    Case("ages-after-all-and-phones-with-en-dashes", "Daniel Hawkins, Jacob Ivascu, and Drake Ruiz, all 16, were "
         "killed. For more information call 972–955–4923.",
         {"16": {"unit": "year"}, "972": ABSENT, "4923": ABSENT}, origin=HERE),
    Case("figure-set-off-by-at-belongs-to-the-noun-before", "The number of shooting victims, at 104, slightly rose "
         "by 3 compared to last year.", {"104": "victim"}, origin=HERE),
    Case("plural-tagged-as-a-verb-heads-its-compound", "Documents to download\nNEWS RELEASE -- More than 1,000 case "
         "dismissals countywide\n", {"1,000": "dismissal"}, origin=HERE),
    Case("scammed-out-of-is-theft", "DA Issues Warning After Elderly Woman is Scammed Out of $200,000\n",
         {"$200,000": "theft"}, origin=HERE),
    Case("cheated-out-of-is-theft", "He cheated his elderly neighbor out of more than $50,000.",
         {"$50,000": "theft"}, origin=HERE),
    Case("conjunct-with-its-own-possessive-is-apart", "He stabbed her about a dozen times and her son once.",
         {"a dozen": "time"}, origin=HERE),
    Case("minutes-later-is-a-period", "Just nine minutes later, prosecutors said Brand started a series of attacks.",
         {"nine": "period"}, origin=HERE),
    Case("spent-years-on-is-a-period", "The Conviction Integrity Unit has spent ten years on the case.",
         {"ten": "period"}, origin=HERE),
    Case("spent-years-in-prison", "He spent 19 years in prison for a crime.", {"19": "prison"}, origin=HERE),
    # the cheap sentence splitter cuts after 'H.R.'; the bill number is still a trap, found in the whole block
    Case("trap-seen-with-the-words-before-a-sentence-cut", "DA Stephan urged Congress to pass H.R. 895, the "
         "Combating Organized Retail Crime Act, which would help 50 states.", {"895": ABSENT, "50": {}},
         origin=HERE),
    Case("age-word-before-a-range-names-whose-ages", "It serves first-time felony offenders aged 18-24.",
         {"18": {"unit": "year", "entity": "offenders"}, "24": {"entity": "offenders"}}, origin=HERE),
    Case("between-the-ages-of-a-range", "AIM has graduated 122 individuals between the ages of 18-24.",
         {"18": {"unit": "year", "entity": "individuals"}, "24": {"unit": "year"}, "122": {"unit": None}}, origin=HERE),
    Case("bound-age-with-years-old-counts-the-person", "He pleaded to one felony count of oral copulation of a person "
         "under 16 years old.", {"16": "person", "one": head_word("count")}, origin=HERE),
    Case("defrauded-of-is-theft", "The scheme defrauded the condominium of over $140,000 in 2023.",
         {"$140,000": "theft"}, origin=HERE),
    Case("misappropriated-is-theft", "Manager Charged - Over $140,000 allegedly misappropriated",
         {"$140,000": "theft"}, origin=HERE),
    Case("defrauded-of-wages", "He was sentenced for defrauding employees of $330,000 in wages.",
         {"$330,000": head_word("wages")}, origin=HERE),
    Case("grant-in-the-amount-of", "The office received a grant in the amount of $10,750 from the Texas Bar "
         "Foundation.", {"$10,750": "grant"}, origin=HERE),
    Case("bail-in-the-amount-of", "The court set bail in the amount of $100,000 today.", {"$100,000": "bail"},
         origin=HERE),
    Case("prison-terms-of-a-duration-are-the-sentence", "He was sentenced today by Brooklyn Supreme Court Justice "
         "Evelyn LaPorte to six concurrent prison terms of two to four years following his plea.",
         {"two": "sentence", "four": "sentence"}, origin=HERE),
]


@pytest.mark.parametrize("case", params(ENTITIES))
def test_entity(nlp: Any, case: Case) -> None:
    check(nlp, case)


def test_a_line_in_capitals_is_read_in_lower_case() -> None:
    from pipeline.nlp.reads import model_text

    title = "MAN SENTENCED FOR TRAFFICKING AND PIMPING 19-YEAR-OLD WOMAN - Orange County District Attorney"
    cut = title.index(" - ")
    assert model_text(title) == title[:cut].lower() + title[cut:]
    assert model_text("The FBI and DHS said") == "The FBI and DHS said"  # capitals in a sentence stay
