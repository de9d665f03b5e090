"""Main-content extraction: the HTML reader's body text against the article extraction benchmark, with
trafilatura run side by side in the same run.

    python3 bench/html_bench.py                   # ../shared/benchmarks/article-extraction/, one table
    python3 bench/html_bench.py --worst 10        # also the pages where the reader scores lowest

The data: 181 saved pages (`html/<sha256>.html.gz`) and their hand-checked bodies (`ground-truth.json`).
The metric is the benchmark's own: both texts split into word tokens (`\\w+`), all shingles of 4
consecutive tokens counted as multisets; per page tp = shingles in both, fp = extra predicted, fn =
missed, each divided by tp+fp+fn; precision tp/(tp+fp) and recall tp/(tp+fn) averaged over the pages
where they are defined; F1 from the two averages.

The reader's body is `documents.text` without the title heading the reader puts first (the benchmark's
bodies, like trafilatura's output, hold no headline). A page the reader refuses counts as an empty body.
trafilatura: `trafilatura.extract(page)` with its defaults (text output, tables, no comments), the way
the benchmark ran it. Time: wall time of the extraction calls only (gunzip and scoring excluded).
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "benchmarks" / "article-extraction"
_TOKEN = re.compile(r"\w+")


def shingles(text: str, n: int = 4) -> Counter[tuple[str, ...]]:
    tokens = _TOKEN.findall(text or "")
    return Counter(tuple(tokens[i:i + n]) for i in range(max(len(tokens) - n + 1, 0)))


def match(true: str, pred: str) -> tuple[float, float, float]:
    """tp, fp, fn of one page, each divided by their sum (the benchmark's string_shingle_matching)."""
    t, p = shingles(true), shingles(pred)
    tp = sum((t & p).values())
    fp = sum((p - t).values())
    fn = sum((t - p).values())
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def score(pairs: list[tuple[str, str]]) -> tuple[float, float, float]:
    precisions, recalls = [], []
    for true, pred in pairs:
        tp, fp, fn = match(true, pred)
        if tp + fp > 0:
            precisions.append(tp / (tp + fp))
        if tp + fn > 0:
            recalls.append(tp / (tp + fn))
    p = sum(precisions) / len(precisions) if precisions else 0.0
    r = sum(recalls) / len(recalls) if recalls else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def reader_body(data: bytes) -> str:
    from pipeline.readers.html import read_html
    from pipeline.readers.text import ReadError

    try:
        raw = read_html(data, Path("page.html"))
    except ReadError:
        return ""
    text = raw.text
    title = raw.metadata.get("title")
    first, _, rest = text.partition("\n")
    if first.startswith("#") and title and first.lstrip("# ").strip() == str(title).strip():
        return rest
    return text


def trafilatura_body(data: bytes) -> str:
    import trafilatura

    return trafilatura.extract(data) or ""


def run(tools: dict[str, Callable[[bytes], str]], pages: list[tuple[str, bytes, str]]
        ) -> dict[str, tuple[list[str], float]]:
    out: dict[str, tuple[list[str], float]] = {}
    for name, fn in tools.items():
        bodies, spent = [], 0.0
        for _, data, _ in pages:
            start = time.perf_counter()
            bodies.append(fn(data))
            spent += time.perf_counter() - start
        out[name] = (bodies, spent)
    return out


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--worst", type=int, default=0, help="list the N pages where the reader scores lowest")
    ap.add_argument("--json", type=Path, help="write per-page scores here")
    args = ap.parse_args(argv)
    truth = json.loads((args.data / "ground-truth.json").read_text(encoding="utf-8"))
    pages = [(key, gzip.decompress((args.data / "html" / f"{key}.html.gz").read_bytes()), item["articleBody"])
             for key, item in sorted(truth.items())]
    import trafilatura

    tools: dict[str, Callable[[bytes], str]] = {"pipeline": reader_body, "trafilatura": trafilatura_body}
    results = run(tools, pages)
    print(f"Article extraction benchmark: {len(pages)} pages; trafilatura {trafilatura.__version__}\n")
    print("| tool | pages | precision | recall | F1 | time (s) | pages/s |")
    print("|---|---|---|---|---|---|---|")
    for name, (bodies, spent) in results.items():
        p, r, f = score([(true, pred) for (_, _, true), pred in zip(pages, bodies)])
        print(f"| {name} | {len(pages)} | {p:.3f} | {r:.3f} | {f:.3f} | {spent:.1f} | {len(pages) / spent:.1f} |")
    per_page = {}
    for i, (key, _, true) in enumerate(pages):
        per_page[key] = {name: match(true, results[name][0][i]) for name in results}
    if args.worst:
        def f1(m: tuple[float, float, float]) -> float:
            tp, fp, fn = m
            return 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 1.0
        print(f"\nworst {args.worst} pages for the reader (F1 reader / trafilatura, url):")
        for key in sorted(per_page, key=lambda k: f1(per_page[k]["pipeline"]))[:args.worst]:
            print(f"  {key[:12]} {f1(per_page[key]['pipeline']):.3f} / {f1(per_page[key]['trafilatura']):.3f} "
                  f"{truth[key]['url']}")
    if args.json:
        args.json.write_text(json.dumps(per_page, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
