"""The review page of an archive in headless Chromium (no model: hand-made tables of 600 documents).

The page and a folder of per-document data, opened lazily; the index is a virtual list; search is debounced and
filters the index; counts, next/previous match; long file names do not push the index under the panel."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from pipeline.output.schemas import TABLES
from pipeline.review.report import INLINE_DOCUMENTS, report_main
from tests.conftest import CHROMIUM, CHROMIUM_ARGS

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium at /usr/bin/chromium")

N_DOCS = 600
LONG = "release_0007_county-attorney-" + "x" * 260 + "-final-2019.txt"
TEXT = "Agents seized {n} pounds of heroin and ${m} in cash from {k} cars.\n"


def _tables(out: Path) -> None:
    documents, quantities = [], []
    for d in range(N_DOCS):
        name = LONG if d == 7 else f"release_{d:04d}_county_{d % 10}.txt"
        n, m, k = 100 + d, 1000 * (d + 1), 1 + d % 5
        text = TEXT.format(n=n, m=f"{m:,}", k=k)
        doc_id = f"{d:016x}"
        documents.append({"doc_id": doc_id, "source_path": name, "format": "text", "content_sha256": doc_id * 4,
                          "title": f"Release {d}", "release_date": datetime.date(2019, 1, 1 + d % 28), "n_sections": 0,
                          "n_quantities": 3, "topics": [], "keywords": [], "text": text,
                          "pipeline_version": "test"})
        for surface, value, kind, unit, entity in ((str(n), n, "mass", "pound", "heroin"),
                                                   (f"${m:,}", m, "money", "USD", "cash"),
                                                   (str(k), k, "count", None, "cars")):
            start = text.index(f"{surface} {'pounds' if unit == 'pound' else 'in' if unit else 'cars'}")
            ent = text.index(entity)
            quantities.append({
                "doc_id": doc_id, "source_path": name, "quantity_id": f"{doc_id}:{start}", "char_start": start,
                "char_end": start + len(surface), "text": surface, "value": float(value), "qualifier": "",
                "comparator": "=", "unit": unit, "entity": entity, "entity_start": ent,
                "entity_end": ent + len(entity), "kind": kind, "sentence_start": 0, "sentence_end": len(text) - 1})
    for name, rows in (("documents", documents), ("quantities", quantities), ("sections", []), ("errors", [])):
        pq.write_table(pa.Table.from_pylist(rows, schema=TABLES[name]), out / f"{name}.parquet")


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("archive-out")
    _tables(out)
    assert N_DOCS > INLINE_DOCUMENTS
    assert report_main([str(out), "-q"]) == 0  # above the inline limit: the page and report_files/
    return out / "report.html"


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture()
def page(browser: Any, archive: Path) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(archive.as_uri())
    page.wait_for_function("window.__report && window.__report.searchReady !== null")
    yield page
    context.close()
    assert not errors, errors


def _search(page: Any, query: str) -> dict[str, Any]:
    page.locator("#f-search").press_sequentially(query, delay=20)  # keystrokes, debounced
    page.wait_for_function(f"window.__report.search && window.__report.search.query === {query!r}")
    return dict(page.evaluate("window.__report.search"))


def test_the_archive_is_a_page_and_one_file_per_document(archive: Path) -> None:
    files = archive.parent / "report_files"
    assert sorted(p.name for p in files.iterdir())[:3] == ["d0.js", "d1.js", "d10.js"]
    assert len(list(files.glob("d*.js"))) == N_DOCS and (files / "index.js").exists()
    assert (files / "search.js").read_text(encoding="ascii").startswith('REPORT.search(JSON.parse("')
    page = archive.read_text(encoding="utf-8")
    assert (files / "search.js").exists()
    assert "heroin" not in page and len(page) < 40_000  # the page holds no document: they load when opened
    assert report_main([str(archive.parent), "--one-file", "-q"]) == 0  # one file: the folder goes
    assert not files.exists() and "heroin" in archive.read_text(encoding="utf-8")
    assert report_main([str(archive.parent), "-q"]) == 0 and files.is_dir()


def test_index_is_virtual_and_a_document_opens_on_click(page: Any) -> None:
    rows = page.locator("#list .row")
    assert 10 < rows.count() < 60  # only the rows in view (and a few either side) of 600
    assert page.locator("#shown").inner_text() == "1,800 marks in 600 documents"
    assert page.locator("article h2").inner_text() == "Release 0"  # the first document opens at once
    page.locator("#list .row", has_text="release_0003_").click()
    page.wait_for_function("document.querySelector('article h2').textContent === 'Release 3'")
    page.locator(".text .q", has_text="$4,000").click()
    assert page.locator('#panel [data-field="entity"]').inner_text() == "cash"
    page.locator("#list").evaluate("el => { el.scrollTop = el.scrollHeight; }")
    page.wait_for_function("[...document.querySelectorAll('#list .row')].some(r => r.title.startsWith('release_0599_'))")


def test_search_filters_the_index_counts_and_steps_through_matches(page: Any) -> None:
    result = _search(page, "$12,000")  # the search reads the sentence too: the document's three quantities
    assert result["matches"] == 3 and result["documents"] == 1 and result["answered"] < 1000
    assert page.locator("#shown").inner_text() == "3 matches in 1 document"
    assert page.locator("#list .row").count() == 1
    page.select_option("#f-kind", "money")
    page.wait_for_function("window.__report.search.matches === 1")
    assert page.locator("#shown").inner_text() == "1 match in 1 document"
    page.locator("#f-search").fill("")
    result = _search(page, "cash")
    assert result["matches"] == N_DOCS
    assert page.locator("#shown").inner_text() == "600 matches in 600 documents"
    page.locator("#f-search").press("Enter")
    page.wait_for_function("document.querySelector('#position').textContent === '1 / 600'")
    assert page.locator('#panel [data-field="text"]').inner_text() == "$1,000"
    page.locator("#next").click()
    page.wait_for_function("document.querySelector('#position').textContent === '2 / 600'")
    assert page.locator("article h2").inner_text() == "Release 1"
    assert page.locator('#panel [data-field="text"]').inner_text() == "$2,000"
    assert page.locator(".text .q:not(.off)").all_inner_texts() == ["$2,000"]  # the others are filtered out
    page.locator("#prev").click()
    page.locator("#prev").click()  # before the first: the last
    page.wait_for_function("document.querySelector('#position').textContent === '600 / 600'")
    assert page.locator('#panel [data-field="text"]').inner_text() == "$600,000"
    page.select_option("#f-unit", "pound")  # money in pounds: none
    page.wait_for_function("window.__report.search.matches === 0")
    assert page.locator("#shown").inner_text() == "0 matches in 0 documents"
    assert page.locator("#next").is_disabled()


def test_long_file_names_keep_the_layout(page: Any, artefacts: Path) -> None:
    page.select_option("#f-kind", "money")
    _search(page, "$8,000")  # the document with the long name
    row = page.locator("#list .row")
    assert row.count() == 1
    row.click()
    page.wait_for_function("document.querySelector('article h2').textContent === 'Release 7'")
    page.locator(".text .q", has_text="$8,000").click()
    boxes = {name: page.locator(sel).bounding_box() for name, sel in
             (("index", "#index-pane"), ("row", "#list .row"), ("path", "#list .row .path"), ("view", "#view"),
              ("panel", "#panel"))}
    assert boxes["row"]["x"] + boxes["row"]["width"] <= boxes["index"]["x"] + boxes["index"]["width"] + 1
    assert boxes["path"]["x"] + boxes["path"]["width"] <= boxes["index"]["x"] + boxes["index"]["width"]
    assert boxes["index"]["x"] + boxes["index"]["width"] <= boxes["view"]["x"]
    assert boxes["view"]["x"] + boxes["view"]["width"] <= boxes["panel"]["x"]
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    assert page.evaluate("(v => v.scrollWidth <= v.clientWidth)(document.getElementById('view'))")
    assert page.evaluate("(p => p.scrollWidth <= p.clientWidth)(document.getElementById('panel'))")
    assert page.locator('#panel [data-field="source"]').inner_text() == LONG
    page.screenshot(path=str(artefacts / "report-archive-long-name.png"))
