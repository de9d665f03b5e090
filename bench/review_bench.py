"""The review page of a whole run in headless Chromium: time to build, to open, for a search to answer.

    python3 bench/review_bench.py OUTPUT [--report DIR] [--screenshot FILE] [--runs 3]

OUTPUT is the folder of an `extract` run (for the whole corpus: `extract ../shared/corpus/prosecutor-press-releases/
text/ /tmp/corpus-out`). The report is written to DIR (default a new tmp dir; never the source tree), opened in
Debian's /usr/bin/chromium through Playwright, and measured:
- open: from navigation start to the index drawn and the first document shown (the page's `__report.ready`);
- search index loaded: when the search can answer (it loads after the first document is shown);
- search: each query typed key by key (40 ms apart); "compute" is the filtering and drawing of the index after the
  debounce, "answered" from the last keystroke to the painted answer (debounce included);
- a document opened: clicking a row of the index, to its text drawn (its data script loaded on demand).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--disable-quic"]
QUERIES = ("fentanyl", "heroin", "million", "more than", "murder", "years", "$", "homicides")


def _size(path: Path) -> int:
    return path.stat().st_size if path.is_file() else sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("output", type=Path)
    ap.add_argument("--report", type=Path, default=None, help="folder for report.html (default: a new tmp dir)")
    ap.add_argument("--screenshot", type=Path, default=None, help="default: REPORT/review-archive.png")
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    from playwright.sync_api import sync_playwright

    from pipeline.review.report import write_report

    folder = args.report or Path(tempfile.mkdtemp(prefix="review-bench-"))
    started = time.perf_counter()
    target = write_report(args.output, target=folder / "report.html")
    built = time.perf_counter() - started
    files = target.with_name("report_files")
    n_docs = len(list(files.glob("d*.js"))) if files.is_dir() else 0
    print(f"report: {target} ({_size(target) / 1e3:.0f} kB page, index {_size(files / 'index.js') / 1e6:.1f} MB, "
          f"{n_docs} document files, {_size(files) / 1e6:.0f} MB in all) built in {built:.1f} s")

    opens, walls, searchable, computes, answers, nexts = [], [], [], [], [], []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for run in range(args.runs):
            context = browser.new_context(viewport={"width": 1400, "height": 900})
            page = context.new_page()
            errors: list[str] = []
            page.on("pageerror", errors.append)
            t0 = time.perf_counter()
            page.goto(target.as_uri())
            page.wait_for_function("window.__report && window.__report.ready !== null", timeout=120_000)
            walls.append(time.perf_counter() - t0)
            opens.append(page.evaluate("window.__report.ready") / 1000)
            page.wait_for_function("window.__report.searchReady !== null", timeout=120_000)
            searchable.append(page.evaluate("window.__report.searchReady") / 1000)
            summary = page.locator("#shown").inner_text()
            for query in QUERIES:
                page.locator("#f-search").fill("")
                page.wait_for_timeout(300)
                page.locator("#f-search").press_sequentially(query, delay=40)
                page.wait_for_function(f"window.__report.search && window.__report.search.query === {query!r}"
                                       " && window.__report.search.answered !== undefined")
                result = page.evaluate("window.__report.search")
                computes.append(result["ms"])
                answers.append(result["answered"])
                if run == 0:
                    print(f"  search {query!r}: {result['matches']:,} matches in {result['documents']:,} documents, "
                          f"compute {result['ms']:.0f} ms, answered {result['answered']:.0f} ms")
            page.locator("#f-search").fill("")
            page.wait_for_function("window.__report.search.query === ''")
            for frac in (0.13, 0.37, 0.58, 0.81, 0.97):  # documents far apart in the index, clicked
                page.locator("#list").evaluate(f"el => {{ el.scrollTop = el.scrollHeight * {frac}; }}")
                page.wait_for_timeout(100)
                rows = page.locator("#list .row")
                row = rows.nth(min(6, rows.count() - 1))
                key = row.get_attribute("data-doc")
                row.click()
                page.wait_for_function(f"window.__report.open && window.__report.open.doc === {key!r}")
                nexts.append(page.evaluate("window.__report.open.ms"))
            if run == 0:
                page.locator("#f-search").fill("fentanyl")
                page.wait_for_timeout(400)
                page.locator("#f-search").press("Enter")
                page.wait_for_timeout(600)
                shot = args.screenshot or folder / "review-archive.png"
                page.screenshot(path=str(shot))
                print(f"screenshot: {shot}")
            context.close()
            assert not errors, errors
        browser.close()
    print(f"\nindex: {summary}\n")
    print("| measure | median | max |\n|---|---|---|")
    print(f"| open (navigation start to first document shown) | {statistics.median(opens):.2f} s | {max(opens):.2f} s |")
    print(f"| open (wall, goto to ready) | {statistics.median(walls):.2f} s | {max(walls):.2f} s |")
    print(f"| search index loaded (navigation start) | {statistics.median(searchable):.2f} s | "
          f"{max(searchable):.2f} s |")
    print(f"| search compute (filter and draw, {len(computes)} searches) | {statistics.median(computes):.0f} ms | "
          f"{max(computes):.0f} ms |")
    print(f"| search answered (last keystroke to paint, debounce included) | {statistics.median(answers):.0f} ms | "
          f"{max(answers):.0f} ms |")
    print(f"| a document opened from the index (load its data and draw) | {statistics.median(nexts):.0f} ms | "
          f"{max(nexts):.0f} ms |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
