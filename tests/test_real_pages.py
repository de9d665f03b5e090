"""Real saved pages from three attorney-general sites (and listing pages from seven), against gold labelled
blind (`fixtures/real_pages/gold/`, see its NOTES.md): title, date, body kept whole, nothing from menus,
banners or footers, body quantities found, listing pages recognised, offsets exact.
"""

from __future__ import annotations

import html
import json
import re
import shutil
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from pipeline.readers.html import ListingPage, read_html
from pipeline.records import RawDocument
from tests.conftest import FIXTURES, SEED
from tests.test_html import _check_map, visible

REAL = FIXTURES / "real_pages"
GOLD = {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in sorted((REAL / "gold").glob("*.json"))}
RELEASES = [k for k, g in GOLD.items() if not g["is_listing"]]
LISTINGS = [k for k, g in GOLD.items() if g["is_listing"]]
_MARKUP = re.compile(r"\*\*|^#+ |^\s*- ", re.MULTILINE)


def page(name: str) -> Path:
    return REAL / "html" / str(GOLD[name]["page"])


@cache
def read(name: str) -> RawDocument:
    return read_html(page(name).read_bytes(), page(name))


def fold(text: str) -> str:
    """The text as the labeller compared it: markup markers out, zero-width spaces out, whitespace folded."""
    return " ".join(_MARKUP.sub("", text).replace("\u200b", "").split())


def folded_map(text: str) -> tuple[str, list[int]]:
    """fold(text) with, for each of its characters, the index of the character of `text` it came from."""
    drop = bytearray(len(text))
    for m in _MARKUP.finditer(text):
        drop[m.start():m.end()] = b"\x01" * (m.end() - m.start())
    out: list[str] = []
    where: list[int] = []
    space = False
    for i, ch in enumerate(text):
        if drop[i] or ch == "\u200b":
            continue
        if ch.isspace():
            space = bool(out)
            continue
        if space:
            out.append(" ")
            where.append(i)
            space = False
        out.append(ch)
        where.append(i)
    return "".join(out), where


def test_the_fixtures_are_the_labelled_pages() -> None:
    assert len(RELEASES) == 21 and len(LISTINGS) == 7
    assert all(page(k).is_file() for k in GOLD)


@pytest.mark.parametrize("name", LISTINGS)
def test_listing_pages_are_recognised_not_read_as_one_release(name: str) -> None:
    with pytest.raises(ListingPage, match="^listing page: "):
        read(name)


@pytest.mark.parametrize("name", RELEASES)
def test_title_and_release_date(name: str) -> None:
    gold, raw = GOLD[name], read(name)
    assert fold(str(raw.metadata["title"])) == fold(gold["title"])
    assert raw.metadata["release_date"] == gold["release_date"]


@pytest.mark.parametrize("name", RELEASES)
def test_sections_are_the_body_headings_not_decks_or_date_lines(name: str) -> None:
    from pipeline.structure.sections import analyse

    headings = [fold(s.heading) for s in analyse(read(name).text).sections]
    assert headings == [fold(h) for h in GOLD[name]["sections"]]


@pytest.mark.parametrize("name", RELEASES)
def test_the_body_is_kept_whole_and_nothing_else(name: str) -> None:
    gold, raw = GOLD[name], read(name)
    text = fold(raw.text)
    assert "warnings" not in raw.metadata  # the body is not a small part of the page
    assert fold(gold["body_first_words"]) in text and fold(gold["body_last_words"]) in text
    assert text.startswith(fold(gold["title"]))  # the headline first
    leaks = [s for s in gold["must_not_appear"] if fold(s) in text]
    assert not leaks  # menus, banners, share bars, cookie notices, footers


@pytest.mark.parametrize("name", RELEASES)
def test_every_character_maps_to_its_bytes(name: str) -> None:
    raw = read(name)
    assert _check_map(raw, page(name).read_bytes()) > 0.95 * len(raw.text.replace("\n", ""))


def gold_spans(name: str, text: str) -> list[tuple[dict[str, Any], int, int]]:
    """Each gold quantity's span in the document text, found through its verbatim context."""
    folded, where = folded_map(text)
    out = []
    for q in GOLD[name]["quantities"]:
        context = fold(q["context"])
        at = folded.find(context)
        assert at >= 0, (name, q["context"])
        inner = context.find(fold(q["text"]))
        start = at + inner
        out.append((q, where[start], where[start + len(fold(q["text"])) - 1] + 1))
    return out


@pytest.fixture(scope="module")
def extracted(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    import pyarrow.parquet as pq

    from pipeline.cli import main

    tmp = tmp_path_factory.mktemp("real_pages")
    raw = tmp / "raw"
    raw.mkdir()
    for name in GOLD:
        shutil.copy(page(name), raw / page(name).name)
    assert main([str(raw), str(tmp / "out"), "--quiet", "--workers", "1"]) == 1  # the listing pages fail
    return {t: pq.read_table(tmp / "out" / f"{t}.parquet").to_pylist()
            for t in ("documents", "quantities", "errors")} | {"raw": raw}


@pytest.mark.model
def test_no_release_dropped_and_listings_are_error_rows(extracted: dict[str, Any]) -> None:
    docs = {d["source_path"] for d in extracted["documents"]}
    assert docs == {GOLD[k]["page"] for k in RELEASES}
    errors = {e["source_path"]: e for e in extracted["errors"]}
    assert set(errors) == {GOLD[k]["page"] for k in LISTINGS}
    assert all(e["error_type"] == "ListingPage" for e in errors.values())


@pytest.mark.model
def test_body_quantities_found_and_none_from_the_page_around_it(extracted: dict[str, Any]) -> None:
    docs = {d["source_path"]: d for d in extracted["documents"]}
    by_doc: dict[str, list[dict[str, Any]]] = {}
    for q in extracted["quantities"]:
        by_doc.setdefault(q["source_path"], []).append(q)
    found = required = 0
    missed, outside = [], []
    for name in RELEASES:
        doc = docs[GOLD[name]["page"]]
        text, rows = doc["text"], by_doc.get(GOLD[name]["page"], [])
        for q in rows:
            assert text[q["char_start"]:q["char_end"]] == q["text"]
        for g, start, end in gold_spans(name, text):
            hit = any(q["char_start"] < end and start < q["char_end"] for q in rows)
            if not g["optional"]:
                required += 1
                found += hit
                if not hit:
                    missed.append((name, g["text"], g["context"]))
        folded, where = folded_map(text)
        last = fold(GOLD[name]["body_last_words"])
        body_end = where[folded.rindex(last) + len(last) - 1] + 1
        outside += [(name, q["text"]) for q in rows if q["char_start"] >= body_end]
        for q in rows:  # every row points at its bytes in the page
            data = (extracted["raw"] / doc["source_path"]).read_bytes()
            assert " ".join(q["text"].split()) in visible(data[q["html_start"]:q["html_end"]]), q["text"]
    assert found >= 0.98 * required, missed
    assert not outside  # nothing after the body: related releases, contacts, footers


def test_html_entities_are_decoded_in_the_gold_contexts() -> None:
    # the labeller's contexts are the visible text with entities decoded; so is the reader's text
    assert all(html.unescape(q["context"]) == q["context"] for g in GOLD.values() for q in g["quantities"])


# Shapes real sites have, in small pages ------------------------------------------------------------------

_BODY = ("<p>BOSTON — The Attorney General today announced a settlement of $2.5 million with a lender that "
         "charged more than 4,000 borrowers illegal fees over three years, the office said on Monday.</p>"
         "<p>The lender will also forgive about 1,200 loans and pay $300,000 to the state, under the "
         "agreement filed in Suffolk Superior Court this week by the office's consumer protection "
         "division.</p>")
_MENU = "".join(f'<li><a href="/m{i}">Menu item number {i} of the site</a></li>' for i in range(30))


def _page(body: str, head: str = "") -> bytes:
    return (f"<html><head><title>AG Settles With Lender | Office of the Attorney General</title>{head}</head>"
            f"<body>{body}</body></html>").encode()


def test_a_page_wrapped_in_one_form_is_read() -> None:
    page = _page(f'<form id="aspnetForm" method="post"><nav><ul>{_MENU}</ul></nav><div class="content">'
                 f"<h1>AG Settles With Lender</h1><p>2/6/2026</p>{_BODY}</div>"
                 '<footer><p>Copyright 2026 Office of the Attorney General. 1 Ashburton Place.</p></footer></form>')
    raw = read_html(page, Path("x.html"))
    assert raw.text.startswith("## AG Settles With Lender\n\n2/6/2026\n\nBOSTON — ")
    assert "Menu item" not in raw.text and "Ashburton" not in raw.text
    assert raw.metadata["release_date"] == "2026-02-06" and raw.metadata["title"] == "AG Settles With Lender"


def test_a_hidden_label_class_hides_nothing_and_a_date_heading_is_no_heading() -> None:
    page = _page(f'<ul class="menu">{_MENU}</ul><article><h1>AG Settles With Lender</h1>'
                 '<h3><time datetime="2026-02-06T12:00:00Z">February 6, 2026</time></h3>'
                 f'<div class="field field-name-body field-label-hidden">{_BODY}</div></article>')
    raw = read_html(page, Path("x.html"))
    assert "\n\nFebruary 6, 2026\n\n" in raw.text and "### February" not in raw.text
    assert "$2.5 million" in raw.text and "1,200 loans" in raw.text
    assert raw.metadata["release_date"] == "2026-02-06"


def test_generic_heading_is_never_the_title() -> None:
    page = _page(f"<h1>News Releases</h1><h2>AG Settles With Lender</h2>{_BODY}",
                 '<meta property="og:title" content="AG Settles With Lender">')
    assert read_html(page, Path("x.html")).metadata["title"] == "AG Settles With Lender"


def test_a_small_body_among_much_else_is_said_in_a_warning() -> None:
    teasers = "".join(f"<div><h4>Other things on the site</h4><p>{'word ' * 40}</p></div>" for _ in range(12))
    page = _page(f"<h1>AG Settles With Lender</h1><article>{_BODY}</article><aside>{teasers}</aside>")
    raw = read_html(page, Path("x.html"))
    assert "$300,000" in raw.text and "Other things" not in raw.text
    assert [str(w)[:12] for w in raw.metadata["warnings"]] == ["small body: "]  # type: ignore[attr-defined]


@pytest.mark.parametrize("mark", ["-30-", "###", "# # #", "- 30 -"])
def test_end_marks_end_the_body_and_are_never_quantities(mark: str) -> None:
    from pipeline.structure.sections import analyse

    text = f"AG Settles With Lender\n\nThe lender will pay $2.5 million.\n\n{mark}\n\nTopics: Consumer protection\n"
    structure = analyse(text)
    assert structure.metadata.topics == ("Consumer protection",)
    assert all(text.index(mark) >= b.end or b.start > text.index(mark) + len(mark) for b in structure.blocks)


def test_text_files_do_not_pay_for_the_html_reader() -> None:
    import subprocess
    import sys

    code = ("import sys; from pathlib import Path; from pipeline.readers.read import read; "
            f"read(Path({str(SEED)!r})); "
            "print(sorted(m for m in ('trafilatura', 'lxml', 'htmldate', 'justext') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
