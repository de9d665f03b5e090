"""PDF throughput: pages per second for pdfplumber's bare extract_text, our reader, and the whole pipeline.

    python3 bench/pdf_bench.py                      # the PDF fixtures, each read --repeat times
    python3 bench/pdf_bench.py some/folder --repeat 1 --no-model

Three timings on the same pages, each the best of --rounds (rounds interleave the three):
- bare: pdfplumber.open + page.extract_text() for every page (what any pdfplumber user pays);
- read_pdf: pipeline.readers.pdf.read_pdf (pdfplumber characters -> text, offset map, furniture, stamp);
- pipeline: read_pdf + sectionize.analyse + quantify with the spaCy model (loaded once, not timed).
The reader's overhead is read_pdf / bare - 1 (target <= 50%).
"""

from __future__ import annotations

import argparse
import io
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = ROOT / "tests" / "fixtures" / "pdf"


def bare(data: bytes) -> int:
    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            page.extract_text()
            page.close()
        return len(pdf.pages)


def reader(data: bytes, path: Path) -> int:
    from pipeline.readers.pdf import read_pdf

    return read_pdf(data, path).n_pages or 0


def timed(fns: list[Callable[[], int]], rounds: int) -> tuple[list[float], int]:
    """Best time of each function; rounds interleave them so that load on the machine hits all alike."""
    best, pages = [float("inf")] * len(fns), 0
    for _ in range(rounds):
        for i, fn in enumerate(fns):
            start = time.perf_counter()
            pages = fn()
            best[i] = min(best[i], time.perf_counter() - start)
    return best, pages


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("input", nargs="?", type=Path, default=DEFAULT, help="a PDF or a folder of PDFs")
    ap.add_argument("--repeat", type=int, default=5, help="read every file this many times per round")
    ap.add_argument("--rounds", type=int, default=5, help="keep the best of this many rounds")
    ap.add_argument("--no-model", action="store_true", help="skip the full pipeline timing")
    ap.add_argument("--ocr", action="store_true", help="include scans (scan_*.pdf: pages read by OCR, slow)")
    args = ap.parse_args(argv)
    paths = sorted(args.input.rglob("*.pdf")) if args.input.is_dir() else [args.input]
    if args.input.is_dir() and not args.ocr:
        paths = [p for p in paths if not p.name.startswith("scan_")]
    files = [(p, p.read_bytes()) for p in paths]
    batch = files * args.repeat

    stages: list[tuple[str, Callable[[], int]]] = [
        ("pdfplumber extract_text", lambda: sum(bare(d) for _, d in batch)),
        ("read_pdf", lambda: sum(reader(d, p) for p, d in batch)),
    ]
    if not args.no_model:
        from pipeline.nlp.load import load
        from pipeline.entities.assemble import quantify
        from pipeline.readers.pdf import read_pdf
        from pipeline.structure.sections import analyse

        nlp = load()

        def full() -> int:
            n = 0
            for p, d in batch:
                raw = read_pdf(d, p)
                quantify(analyse(raw.text), nlp)
                n += raw.n_pages or 0
            return n

        full()  # warm the model
        stages.append(("read_pdf + sectionize + quantify", full))
    times, pages = timed([fn for _, fn in stages], args.rounds)
    t_bare, t_read = times[0], times[1]
    rows = [(name, t) for (name, _), t in zip(stages, times)]

    print(f"{len(files)} files x {args.repeat} = {pages} pages, best of {args.rounds} rounds")
    print(f"{'stage':34} {'seconds':>8} {'pages/s':>8} {'vs bare':>8}")
    for name, t in rows:
        print(f"{name:34} {t:8.3f} {pages / t:8.1f} {t / t_bare:7.2f}x")
    print(f"reader overhead on top of pdfplumber: {100 * (t_read / t_bare - 1):+.0f}% (target <= +50%)")


if __name__ == "__main__":
    main()
