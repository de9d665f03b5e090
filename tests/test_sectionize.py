"""Structure of a DHS-style release, checked against the seed's hand-labelled sections and metadata."""

from __future__ import annotations

import json

import pytest

from tests.conftest import FIXTURES
from pipeline.structure.sections import analyse

GOLD = [json.loads(line) for line in (FIXTURES / "gold" / "000_805ee6a2f3a693a0.jsonl").read_text().splitlines()]


def test_seed_sections_match_gold(seed_text: str) -> None:
    gold = [(r["heading"], r["start"], r["end"]) for r in GOLD if r["type"] == "section"]
    got = [(s.heading, s.char_start, s.char_end) for s in analyse(seed_text).sections]
    assert got == gold


def test_seed_metadata_matches_gold(seed_text: str) -> None:
    (doc,) = [r for r in GOLD if r["type"] == "document"]
    m = analyse(seed_text).metadata
    assert (m.title, m.release_date, m.last_published, m.doc_number, m.posted_date) == (
        doc["title"], doc["release_date"], doc["last_published"], doc["doc_number"], doc["posted_date"])
    assert m.topics == ("Immigration and Customs Enforcement",)
    assert m.keywords == ("ICE", "immigration enforcement")


@pytest.mark.parametrize("stamp", ["AILA", "Alla", "AlLA", "A1LA"])
def test_stamp_found_with_ocr_misreadings_and_blanked(stamp: str) -> None:
    text = f"First, ICE seized more than\n{stamp} Doc. No. 18082131. (Posted 8/21/18)\n400 pounds of heroin.\n"
    s = analyse(text)
    assert s.metadata.doc_number == "18082131" and s.metadata.posted_date == "2018-08-21"
    assert "18082131" not in s.masked and len(s.masked) == len(text)


def test_stamp_does_not_split_the_sentence_it_interrupts() -> None:
    text = "- OPLA handles a docket of\n\nAILA Doc. No. 18082131. (Posted 8/21/18)\n\nwell over 700,000 cases.\n"
    blocks = analyse(text).blocks
    assert len(blocks) == 1 and text[blocks[0].start:blocks[0].end].endswith("700,000 cases.")


def test_stamp_between_blocks_keeps_the_section(seed_text: str) -> None:
    s = analyse(seed_text)
    stamp_at = seed_text.index("Alla Doc.")
    third = next(x for x in s.sections if x.heading == "Third")
    assert third.char_start < stamp_at < third.char_end


def test_boilerplate_and_footer_are_not_blocks(seed_text: str) -> None:
    s = analyse(seed_text)
    texts = [seed_text[b.start:b.end] for b in s.blocks]
    assert not any("Enter Search Term" in t or "On DHS.gov" in t or t.startswith("Topics") for t in texts)
    assert any(b.kind == "bullet" and b.level == 2 for b in s.blocks)
