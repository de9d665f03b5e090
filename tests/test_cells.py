"""Tables flattened one cell per line: what each figure counts."""

from pipeline.entities.cells import cell_entities


def _named(text: str) -> dict[str, str]:
    return {text[k:].split("\n", 1)[0]: e.text for k, e in cell_entities(text).items()}


def test_row_label_and_column_header_name_each_figure() -> None:
    text = ("Warrants Served\nJanuary - June 2024\nWarrants Issued\nWarrants Cleared\n"
            "Robbery\n120\n97\nBurglary**\n48\n30%\n**Burglary includes attempts.\n")
    assert _named(text) == {"120": "Robbery warrants issued", "97": "Robbery warrants cleared",
                            "48": "Burglary warrants issued", "30%": "Burglary warrants cleared"}


def test_period_columns_take_the_caption_noun() -> None:
    text = "Cases Filed\nDec-24\nJan-25\n3/1/25 - 3/11/25\nFelony DV\n271\n68\n92\nMisdemeanor DV\n3,434\n1,079\n1,058\n"
    named = _named(text)
    assert named["271"] == "Felony DV cases" and named["1,058"] == "Misdemeanor DV cases"


def test_month_rows_take_the_column_header() -> None:
    text = "Month\nArrests\nComplaints\nJanuary\n425\n349\nFebruary\n461\n324\n"
    assert _named(text) == {"425": "arrests", "349": "complaints", "461": "arrests", "324": "complaints"}


def test_label_value_pairs_without_headers_take_the_label() -> None:
    text = "Results\nVessels seized\n172\nDrug interdictions\n282\n"
    ents = cell_entities(text)
    assert {e.text for e in ents.values()} == {"Vessels seized", "Drug interdictions"}
    for e in ents.values():
        assert e.start is not None and e.end is not None and text[e.start:e.end] == e.text


def test_hard_wrapped_sentences_and_pagination_are_not_tables() -> None:
    wrapped = "the average number of cases per court stood at\n904\nand the backlog fell to\n728\n"
    pages = "Page\n2\nPage\n3\n"
    single = "Total arrests\n425\n349\n"
    assert cell_entities(wrapped) == {} and cell_entities(pages) == {} and cell_entities(single) == {}
