"""What a figure counts, in the patterns where the parse alone gets it wrong (real model)."""

from __future__ import annotations

from typing import Any

from pipeline.evaluate import head_word
from pipeline.entities.assemble import quantify
from pipeline.structure.sections import analyse


def _entities(nlp: Any, text: str) -> dict[str, str | None]:
    return {q.text: head_word(q.entity) for q in quantify(analyse(text), nlp)}


def test_a_period_after_the_noun_is_not_what_is_counted(nlp: Any) -> None:
    found = _entities(nlp, "Southwest Border Enforcement Actions fiscal year to date are 33% lower than last year.")
    assert found["33%"] == "action"


def test_a_bare_change_counts_what_the_sentence_counted(nlp: Any) -> None:
    found = _entities(nlp, "In December, agents intercepted more than 93,000 pounds of drugs – a 5% increase over November.")
    assert found["93,000"] == found["5%"] == "drug"


def test_up_from_restates_the_figure_before(nlp: Any) -> None:
    found = _entities(nlp, "Number of suspects detained – 585 (new record up from 503 in FY15)")
    assert found["503"] == found["585"] is not None


def test_a_change_with_its_own_object_keeps_it(nlp: Any) -> None:
    found = _entities(nlp, "Officers made 40 arrests, and the county saw a 19% decrease in shootings.")
    assert found["19%"] == "shooting"


def test_worth_of_names_what_the_money_is(nlp: Any) -> None:
    assert _entities(nlp, "Six offenders allegedly stole $170,500 worth of watches.")["$170,500"] == head_word("watches")


def test_the_number_of_names_its_object(nlp: Any) -> None:
    found = _entities(nlp, "The average number of cases has dropped to 728 per court.")
    assert found["728"] == "case"


def test_a_rate_of_a_percent(nlp: Any) -> None:
    assert _entities(nlp, "Lopez promised investors a monthly interest rate of 8%.")["8%"] == "rate"


def test_a_bound_after_a_person_noun_is_an_age(nlp: Any) -> None:
    qs = {q.text: q for q in quantify(analyse("He was convicted of lewd acts upon a child under 14."), nlp)}
    assert (qs["14"].unit, qs["14"].kind, head_word(qs["14"].entity), qs["14"].qualifier) == ("year", "age", "child", "under")


def test_an_age_after_a_numbered_name(nlp: Any) -> None:
    qs = {q.text: q for q in quantify(analyse("On June 26, 2006, Jane Doe #1, then 20 years old, called police."), nlp)}
    assert (qs["20"].unit, qs["20"].entity) == ("year", "Jane Doe #1")


def test_a_bare_number_that_is_charged_or_killed_counts_people(nlp: Any) -> None:
    assert _entities(nlp, "MEDIA ADVISORY: 4 Charged in Drug Overdose Death of Music Festival Goer")["4"] == "people"
    assert _entities(nlp, "Police said 3 were killed in the crash.")["3"] == "people"
    assert _entities(nlp, "Police said 3 officers were killed in the crash.")["3"] == "officer"


def test_a_span_of_time_measuring_nothing_else_is_a_period(nlp: Any) -> None:
    found = _entities(nlp, "Gang homicides dropped 50 percent over the past two years.")
    assert found["two"] == "period" and found["50"] == "homicide"


def test_a_long_sentencing_phrase_still_names_the_sentence(nlp: Any) -> None:
    assert _entities(nlp, "Jury Sentences Ponzi Scheme Criminal to 79 Years")["79"] == "sentence"


def test_what_is_worth_the_money_is_named_before_worth(nlp: Any) -> None:
    found = _entities(nlp, "The ring moved 3 kilos of heroin worth about $1.2 million.")
    assert found["$1.2 million"] == "heroin"
    assert _entities(nlp, "He was ordered to pay $3 million dollars in restitution.")["$3 million"] == "restitution"


def test_a_multiplying_verb_counts_its_subject(nlp: Any) -> None:
    qs = {q.text: q for q in quantify(analyse("Release\n\nGun seizures more than doubled last year."), nlp)}
    assert (qs["doubled"].value, qs["doubled"].qualifier, head_word(qs["doubled"].entity)) == (2, "more than", "seizure")


def test_a_hyphenated_age_with_no_noun_after_it_is_the_person(nlp: Any) -> None:
    qs = {q.text: q for q in quantify(analyse("Release\n\nGrand Jury Indicts 17-Year-Old for Terrorism"), nlp)}
    assert qs["17"].entity == "17-Year-Old"
    qs = {q.text: q for q in quantify(analyse("Release\n\nThe 19-year-old driver was charged."), nlp)}
    assert qs["19"].entity == "driver"


def test_money_that_is_paid_is_a_payment_unless_the_text_says_for_what(nlp: Any) -> None:
    assert _entities(nlp, "Loma Linda University Health to Pay $7.5 Million Over Improper Disposal")["$7.5 Million"] == "payment"
    found = _entities(nlp, "Firestone was ordered to pay $350,000 for the cost of the investigation.")
    assert found["$350,000"] == "cost"
    found = _entities(nlp, "The court ordered Birdwell to pay $10,000 per month towards restitution.")
    assert found["$10,000"] == "restitution"


def test_both_ends_of_a_range_count_the_nearer_entity(nlp: Any) -> None:
    found = _entities(nlp, "Lopez promised investors a monthly interest rate of 3% to 8%.")
    assert found["3%"] == found["8%"] == "rate"
    found = _entities(nlp, "Vera Moran was paid an extra $800-1,000 for each fraudulent title transaction.")
    assert found["$800"] == found["1,000"] == "payment"


def test_a_plural_right_after_the_number_in_a_title_case_list(nlp: Any) -> None:
    found = _entities(nlp, "She is being charged with:\n• 18 Counts Title Fraud 3rd Degree Felony\n")
    assert found["18"] == "count"


def test_a_label_before_a_capitalised_qualifier(nlp: Any) -> None:
    found = _entities(nlp, "Total of expunctions granted from all Expos: More than 2,250\n")
    assert found["2,250"] == "expunction"


def test_a_figure_in_parentheses_counts_the_noun_before_them(nlp: Any) -> None:
    found = _entities(nlp, "It was granted 41% of the time; and aggravated domestic battery charges (Burke 96% "
                           "requested/85% approved).")
    assert found["96%"] == found["85%"] == "charge"
    found = _entities(nlp, "Crews removed 443,100 pounds (200,941 kilograms) of cocaine.")
    assert found["200,941"] != "pound"


def test_what_rose_or_fell_is_counted_by_the_percent(nlp: Any) -> None:
    assert _entities(nlp, "Gang Homicides Drop 50 percent Over Past Two Years")["50"] == "homicide"
    found = _entities(nlp, "CBP enforcement actions on our Southwest Border decreased by 5% in December, "
                           "representing a 72% decrease since the peak.")
    assert found["5%"] == found["72%"] == "action"
    assert _entities(nlp, "Shootings were down 25 percent, while arrests rose 12 percent.")["12"] == "arrest"


def test_a_list_that_leaves_the_noun_out(nlp: Any) -> None:
    found = _entities(nlp, "Gang members committed 16 murders in 2000; 26 in 1999 and 32 in 1998.")
    assert found["16"] == found["26"] == found["32"] == "murder"


def test_probation_after_a_few_words(nlp: Any) -> None:
    found = _entities(nlp, "The judge imposed a sentence of two years of formal felony probation.")
    assert found["two"] == "probation"


def test_a_line_label_is_not_read_across_a_sentence(nlp: Any) -> None:
    assert _entities(nlp, "WHO: Daniel Shepard, 62\nWHAT: Each posted $150,000 bail today.")["$150,000"] == "bail"
    assert _entities(nlp, "They met a 17-year-old male high school student.")["17"] == "student"
    assert _entities(nlp, "He utilizes his over 30 years of experience.")["30"] == "experience"


def test_coordinated_nouns_and_hyphenated_nouns_are_named_whole(nlp: Any) -> None:
    assert _entities(nlp, "Capital One was ordered to pay $2 million in penalties and costs.")["$2 million"] == "cost"
    assert _entities(nlp, "Prosecutors filed cases against 43 co-defendants during 2002.")["43"] == "defendant"
    assert _entities(nlp, "The firm has 20,000 employees and more than 400 offices.")["20,000"] == "employee"


def test_gapped_verbs_and_restated_ranges(nlp: Any) -> None:
    found = _entities(nlp, "Burglaries decreased by 18.4%, grand larcenies by 7.2% and robberies by 4.2%.")
    assert (found["18.4%"], found["7.2%"], found["4.2%"]) == ("burglary", "larceny", "robbery")
    found = _entities(nlp, "In Brownsville murders dropped by a whopping 67% (from 21 to 7) this year.")
    assert found["67%"] == found["21"] == found["7"] == "murder"


def test_money_paid_and_active_charging_verbs(nlp: Any) -> None:
    assert _entities(nlp, "An additional $18.75 million has been paid to the county.")["$18.75 million"] == "payment"
    assert _entities(nlp, "Release\n\nGrand Jury Indicts 11 in Connection with Violent Incident")["11"] == "people"


def test_vague_money_in_funds_and_time_of_something(nlp: Any) -> None:
    qs = {q.text: q for q in quantify(analyse("Release\n\nThe fraud bilked millions in public funds and recovered "
                                              "millions of stolen funds."), nlp)}
    assert [(q.unit, head_word(q.entity)) for q in qs.values()] == [("USD", "fund")]
    assert _entities(nlp, "He was sentenced to six months of home confinement.")["six"] == "confinement"
    assert _entities(nlp, "Grants are expected to range from $50,000 to $250,000.")["$50,000"] == "grant"


def test_a_fronted_of_phrase_names_what_the_bare_numbers_count(nlp: Any) -> None:
    found = {q.text: q for q in quantify(analyse(
        "Of the 99 murders in the official count, 63 were due to shootings and 36 were by other means."), nlp)}
    assert head_word(found["63"].entity) == head_word(found["36"].entity) == "murder"
    assert found["63"].unit is None  # not 'the official count, 63,' read as an age


def test_a_colon_before_a_figure_with_its_own_noun_is_no_label(nlp: Any) -> None:
    found = _entities(nlp, "The drop is reflected in arrests by the police: 58,288 people were arrested in 2019, "
                           "compared with 68,407 in 2018.")
    assert found["58,288"] == found["68,407"] == "people"
    assert _entities(nlp, "SANTA ANA – Four defendants were convicted yesterday.")["Four"] == "defendant"


def test_a_speed_is_the_speed_unless_the_sentence_names_it(nlp: Any) -> None:
    assert _entities(nlp, "Defendant was driving his Camaro nearly 100 mph at the time.")["100"] == "speed"
    assert _entities(nlp, "He was driving 40 mph in a 25 mph zone.")["25"] == "zone"
    assert _entities(nlp, "The posted speed limit is 40 miles per hour.")["40"] == "limit"


def test_a_dateline_is_not_what_fell(nlp: Any) -> None:
    found = _entities(nlp, "SANTA ANA – The number of gang-related homicides have dropped 50 percent over the past "
                           "two-year period.")
    assert found["50"] == "homicide"


def test_a_noun_right_before_a_threshold_names_the_money(nlp: Any) -> None:
    found = _entities(nlp, "They were charged with theft of property exceeding $100,000 and criminal damage to "
                           "property between $500 and $10,000. She claimed overtime in excess of $13,000.")
    assert found["$100,000"] == found["$500"] == found["$10,000"] == "property"
    assert found["$13,000"] == "overtime"
    assert _entities(nlp, "He stole over $5,000 from the church.")["$5,000"] != "church"


def test_time_served_counts_the_place_and_a_sentence_the_sentence(nlp: Any) -> None:
    assert _entities(nlp, "They included a man who served 18 years in prison.")["18"] == "prison"
    assert _entities(nlp, "He posted bond after spending two months in jail in 2003.")["two"] == "jail"
    assert _entities(nlp, "He was sentenced to 25 years in prison.")["25"] == "sentence"
    assert _entities(nlp, "He will serve 10 years in state prison.")["10"] == "sentence"


def test_a_line_in_capitals_is_read_in_lower_case_and_keeps_its_letters(nlp: Any) -> None:
    from pipeline.nlp.reads import model_text

    title = "MAN SENTENCED FOR TRAFFICKING AND PIMPING 19-YEAR-OLD WOMAN - Orange County District Attorney"
    cut = title.index(" - ")
    assert model_text(title) == title[:cut].lower() + title[cut:]
    assert model_text("The FBI and DHS said") == "The FBI and DHS said"  # capitals in a sentence stay
    found = {q.text: q for q in quantify(analyse(title), nlp)}
    assert found["19"].entity == "WOMAN"
    assert _entities(nlp, "LAWYER CHARGED WITH 24 FELONY COUNTS FOR STEALING FROM HIS CLIENTS")["24"] == "count"


def test_stolen_money_with_nothing_named_counts_the_theft(nlp: Any) -> None:
    assert _entities(nlp, "He was charged with stealing close to $3.8 million from four clients.")["$3.8 million"] \
        == "theft"
    assert _entities(nlp, "The defendant allegedly stole a total of approximately $693,273 from the proceeds.")[
        "$693,273"] == "theft"
    assert _entities(nlp, "He stole approximately $7,000 cash and two Rolexes.")["$7,000"] == "cash"
    assert _entities(nlp, "They stole $170,500 worth of watches.")["$170,500"] == head_word("watches")


def test_a_count_that_rose_or_fell_by_counts_what_rose_or_fell(nlp: Any) -> None:
    found = {q.text: q for q in quantify(analyse("The number of shooting victims ticked up by three, making it the "
                                                 "second fewest."), nlp)}
    assert head_word(found["three"].entity) == "victim" and found["three"].change == "up"


def test_that_number_and_a_count_restated_as_a_share_keep_what_is_counted(nlp: Any) -> None:
    found = {q.text: q for q in quantify(analyse(
        "In 1999, the County had 19,965 gang members. That number fluctuated between 18,669 and 24,035 between "
        "1995 and 1998. In 2004 alone 769 or 90% of convicted gang members were sentenced to custody time."), nlp)}
    assert head_word(found["18,669"].entity) == head_word(found["24,035"].entity) == "member"
    assert (found["769"].unit, head_word(found["769"].entity)) == (None, "member")


def test_money_for_something_bought_counts_it_and_ages_in_a_list_share_the_age_word(nlp: Any) -> None:
    found = {q.text: q for q in quantify(analyse(
        "He spent almost $100,000 for a BMW and a driver; approximately $60,000 for hotels in Paris. "
        "Two other boys ages 13 and 14 were injured. Rasheen Behlin, 29, 95 Navy Walk, Brooklyn."), nlp)}
    assert found["$100,000"].entity == "BMW and a driver" and head_word(found["$60,000"].entity) == "hotel"
    assert found["13"].unit == found["14"].unit == "year"
    assert found["95"].unit is None
    assert _entities(nlp, "HE TRIED TO SELL THE NIGHTCLUB FOR $11 MILLION For Immediate Release")["$11 MILLION"] is None


def test_a_sentence_before_a_colon_a_restated_share_and_a_bare_period(nlp: Any) -> None:
    found = _entities(nlp, "Shootings fell 15% during 2024. There was an even bigger drop in homicides: to 41, which "
                           "is 17, or 29%, fewer than at the end of June 2024.")
    assert found["41"] == found["17"] == found["29%"] == "homicide"
    found = _entities(nlp, "Prosecutors have approved 857 felony retail charges, or 86 percent.")
    assert found["857"] == found["86"] == "charge"
    assert _entities(nlp, "DAY ONE PRIORITIES BY THE NUMBERS: 100 DAYS, 115 GUN-RELATED DETENTIONS")["100"] == "period"
    assert _entities(nlp, "Number of attorneys who filed expunction petitions: 94")["94"] == "attorney"


def test_a_page_count_counts_pages(nlp: Any) -> None:
    assert _entities(nlp, "The 37-page report is available online.")["37"] == "page"
    assert _entities(nlp, "The 12 page report is available.")["12"] == "page"


def test_how_long_a_jury_took_counts_the_deliberation(nlp: Any) -> None:
    assert _entities(nlp, "After deliberating for less than 90 minutes, the jury convicted him.")["90"] == "deliberation"
    found = _entities(nlp, "The trial lasted two weeks but it only took jurors about 20 minutes to find Lopez guilty.")
    assert found["20"] == "deliberation" and found["two"] != "deliberation"
    assert _entities(nlp, "He was sentenced to 20 years in prison.")["20"] == "sentence"


def test_of_this_amount_refers_to_the_figure_before(nlp: Any) -> None:
    found = _entities(nlp, "The office contributed to the collection of $31,435,177 in FY 2010. Of this amount, "
                           "$2,549,864 was collected in criminal actions. Specifically, $25,876,407 of this amount "
                           "was collected in Health Care Fraud cases.")
    assert found["$2,549,864"] == found["$25,876,407"] == "collection"


def test_ages_after_all_and_phones_with_en_dashes(nlp: Any) -> None:
    found = {q.text: q for q in quantify(analyse("Daniel Hawkins, Jacob Ivascu, and Drake Ruiz, all 16, were killed. "
                                                 "For more information call 972–955–4923."), nlp)}
    assert found["16"].unit == "year" and "972" not in found and "4923" not in found


def test_a_figure_set_off_by_at_belongs_to_the_noun_before(nlp: Any) -> None:
    found = _entities(nlp, "The number of shooting victims, at 104, slightly rose by 3 compared to last year.")
    assert found["104"] == "victim"


def test_a_plural_tagged_as_a_verb_still_heads_its_compound(nlp: Any) -> None:
    found = _entities(nlp, "Documents to download\nNEWS RELEASE -- More than 1,000 case dismissals countywide\n")
    assert found["1,000"] == "dismissal"


def test_money_someone_was_scammed_out_of_counts_the_theft(nlp: Any) -> None:
    assert _entities(nlp, "DA Issues Warning After Elderly Woman is Scammed Out of $200,000\n")["$200,000"] == "theft"
    assert _entities(nlp, "He cheated his elderly neighbor out of more than $50,000.")["$50,000"] == "theft"


def test_a_conjunct_with_its_own_possessive_is_not_part_of_the_entity(nlp: Any) -> None:
    assert _entities(nlp, "He stabbed her about a dozen times and her son once.")["a dozen"] == "time"
    assert _entities(nlp, "Capital One was ordered to pay $2 million in penalties and costs.")["$2 million"] == "cost"


def test_time_before_or_after_an_event_or_spent_is_a_period(nlp: Any) -> None:
    assert _entities(nlp, "Just nine minutes later, prosecutors said Brand started a series of attacks.")["nine"] == "period"
    assert _entities(nlp, "The Conviction Integrity Unit has spent ten years on the case.")["ten"] == "period"
    assert _entities(nlp, "He spent 19 years in prison for a crime.")["19"] == "prison"


def test_a_trap_is_seen_with_the_words_before_a_sentence_cut(nlp: Any) -> None:
    # the cheap sentence splitter cuts after 'H.R.'; the bill number is still a trap, found in the whole block
    found = _entities(nlp, "DA Stephan urged Congress to pass H.R. 895, the Combating Organized Retail Crime Act, "
                           "which would help 50 states.")
    assert "895" not in found and "50" in found


def test_an_age_word_before_a_range_names_whose_ages(nlp: Any) -> None:
    qs = {q.text: q for q in quantify(analyse("It serves first-time felony offenders aged 18-24."), nlp)}
    assert (qs["18"].unit, qs["18"].entity, qs["24"].entity) == ("year", "offenders", "offenders")
    qs = {q.text: q for q in quantify(analyse("AIM has graduated 122 individuals between the ages of 18-24."), nlp)}
    assert (qs["18"].unit, qs["24"].unit, qs["18"].entity) == ("year", "year", "individuals")
    assert qs["122"].unit is None


def test_a_bound_age_with_years_old_counts_the_person(nlp: Any) -> None:
    found = _entities(nlp, "He pleaded to one felony count of oral copulation of a person under 16 years old.")
    assert found["16"] == "person" and found["one"] == head_word("count")


def test_money_defrauded_of_or_misappropriated_is_theft(nlp: Any) -> None:
    assert _entities(nlp, "The scheme defrauded the condominium of over $140,000 in 2023.")["$140,000"] == "theft"
    assert _entities(nlp, "Manager Charged - Over $140,000 allegedly misappropriated")["$140,000"] == "theft"
    assert _entities(nlp, "He was sentenced for defrauding employees of $330,000 in wages.")["$330,000"] == head_word("wages")


def test_money_in_the_amount_of_counts_the_noun_before(nlp: Any) -> None:
    assert _entities(nlp, "The office received a grant in the amount of $10,750 from the Texas Bar Foundation."
                     )["$10,750"] == "grant"
    assert _entities(nlp, "The court set bail in the amount of $100,000 today.")["$100,000"] == "bail"


def test_prison_terms_of_a_duration_are_the_sentence(nlp: Any) -> None:
    found = _entities(nlp, "He was sentenced today by Brooklyn Supreme Court Justice Evelyn LaPorte to six concurrent "
                           "prison terms of two to four years following his plea.")
    assert found["two"] == found["four"] == "sentence"
