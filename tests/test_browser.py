"""The seed run's report in headless Chromium (Debian's `chromium`, driven by Playwright): click, read the panel."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import CHROMIUM, CHROMIUM_ARGS as ARGS, FIXTURES, SEED

pytestmark = [
    pytest.mark.model,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium at /usr/bin/chromium "
                       "(apt-get install -y chromium; .ci/run installs it)"),
]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


@pytest.fixture()
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    yield page
    context.close()
    assert not errors, errors


def _screenshot(page: Any, tmp: Path, name: str) -> None:
    """The screenshot goes to the test's temporary folder, never into the source tree; with SCREENSHOTS=DIR set
    (`SCREENSHOTS=docs python3 -m pytest tests/test_browser.py` refreshes the README's images) also into DIR."""
    page.screenshot(path=str(tmp / name))
    assert (tmp / name).stat().st_size > 10_000
    if os.environ.get("SCREENSHOTS"):
        target = Path(os.environ["SCREENSHOTS"])
        target.mkdir(parents=True, exist_ok=True)
        shutil.copy(tmp / name, target / name)


def _field(page: Any, name: str) -> str:
    return str(page.locator(f'#panel [data-field="{name}"]').inner_text())


def test_clicking_a_highlight_shows_its_fields(seed_run: Path, tmp_path: Path, page: Any) -> None:
    from pipeline.review.report import report_main

    target = tmp_path / "report.html"
    assert report_main([str(seed_run), "-o", str(target), "-q"]) == 0
    page.goto(target.as_uri())
    assert page.locator(".text .q").count() == 35
    page.locator(".text .q", has_text="127,000").click()
    assert _field(page, "text") == "127,000"
    assert _field(page, "value") == "127000"
    assert _field(page, "qualifier") == "more than"
    assert _field(page, "comparator") == ">"
    assert _field(page, "entity") == "aliens"
    assert _field(page, "section") == "First"
    assert "more than 127,000 aliens" in _field(page, "sentence")

    page.select_option("#f-kind", "percent")  # filters switch highlights off, the panel keeps its quantity
    assert page.locator(".text .q:not(.off)").count() == page.locator(".text .q.k-percent").count() > 0
    page.select_option("#f-kind", "")
    page.fill("#f-search", "homicide")  # the search runs once typing pauses
    page.wait_for_function("window.__report.search && window.__report.search.query === 'homicide'")
    assert [t.strip() for t in page.locator(".text .q:not(.off)").all_inner_texts()] == ["1,800"]


def test_gold_shows_misses_and_spurious_marks(seed_run: Path, tmp_path: Path, page: Any) -> None:
    from pipeline.review.report import report_main

    text = SEED.read_text(encoding="utf-8")
    rows = [json.loads(line) for line in (FIXTURES / "gold" / f"{SEED.stem}.jsonl").read_text().splitlines() if line]
    dropped = next(r for r in rows if r["type"] == "quantity" and r["text"] == "400")
    at = text.index("Release Date: August 20, 2018") + len("Release Date: August ")
    extra = {"doc": SEED.name, "type": "quantity", "text": text[at:at + 2], "start": at, "end": at + 2,
             "qualifier": "", "value": 20, "unit": None, "entity": None, "kind": "count", "optional": False}
    gold = tmp_path / "gold"
    gold.mkdir()
    (gold / f"{SEED.stem}.jsonl").write_text("\n".join(json.dumps(r) for r in rows if r is not dropped)
                                             + "\n" + json.dumps(extra) + "\n", encoding="utf-8")
    target = tmp_path / "report.html"
    argv = [str(seed_run), "--gold", str(gold), "-o", str(target), "-q", "--title", "Review of output/ (seed)"]
    assert report_main(argv) == 0
    page.goto(target.as_uri())
    misses, spurious = page.locator(".text .miss"), page.locator(".text .q.spurious")
    assert misses.count() == 1 and misses.inner_text() == "20"
    assert spurious.count() == 1 and spurious.inner_text() == dropped["text"]
    assert "1 missed" in page.locator("article .score").inner_text()
    misses.click()
    assert _field(page, "status").startswith("in gold, missed")
    spurious.click()
    assert "spurious" in _field(page, "status")

    page.locator(".text .q", has_text="127,000").click()
    _screenshot(page, tmp_path, "report.png")


def test_a_pdf_quantity_is_shown_on_its_page(tmp_path_factory: pytest.TempPathFactory, page: Any) -> None:
    from pipeline.cli import main
    from pipeline.review.report import report_main

    pdf = FIXTURES / "pdf" / "seed_ice_3pages_stamp.pdf"
    raw, out = tmp_path_factory.mktemp("pdf-raw"), tmp_path_factory.mktemp("pdf-out")
    shutil.copy(pdf, raw / pdf.name)
    assert main([str(raw), str(out), "--quiet"]) == 0
    target = out / "report.html"
    assert report_main([str(out), "--input", str(raw), "-o", str(target), "-q", "--title",
                        "Review of output/ (PDF)"]) == 0
    page.goto(target.as_uri())
    article = page.locator("article", has=page.locator(".meta", has_text=pdf.name))
    assert not article.locator("figure.pdfpage img").first.is_visible()  # folded until asked for
    article.locator(".text .q", has_text="127,000").click()
    assert _field(page, "text") == "127,000" and _field(page, "page") == "1"
    button = page.locator('#panel [data-field="show_page"]')
    assert button.inner_text() == "show on page 1"
    button.click()
    image = article.locator("figure.pdfpage[data-page='1'] img")
    box = article.locator("figure.pdfpage[data-page='1'] .box.selected")
    assert image.is_visible() and box.count() == 1 and box.is_visible()
    assert str(box.get_attribute("title")) == "127,000"
    page.wait_for_timeout(2100)  # let the highlight's ping settle before measuring and the screenshot
    i, b = image.bounding_box(), box.bounding_box()
    assert i is not None and b is not None and b["width"] > 5 and b["height"] > 5
    assert i["x"] <= b["x"] and b["x"] + b["width"] <= i["x"] + i["width"]
    assert i["y"] <= b["y"] and b["y"] + b["height"] <= i["y"] + i["height"]
    viewport = page.viewport_size
    assert 0 <= b["y"] and b["y"] + b["height"] <= viewport["height"]  # scrolled into view
    # the box sits where 127,000 is on the page: 392.0, 339.92, 426.12, 350.42 points of a 612 x 792 page
    assert b["x"] - i["x"] == pytest.approx(392.0 / 612 * i["width"], abs=2)
    assert b["y"] - i["y"] == pytest.approx(339.92 / 792 * i["height"], abs=2)
    _screenshot(page, tmp_path_factory.mktemp("shots"), "report-pdf.png")

    article.locator("figure.pdfpage[data-page='2'] .box").first.click()  # a box on the image opens its panel
    assert _field(page, "page") == "2"
