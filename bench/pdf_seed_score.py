"""The seed gold scored on the seed as a browser printed it, with the stamp over body text, and scanned.

    python3 bench/pdf_seed_score.py                    # the three committed fixtures, one table
    python3 bench/pdf_seed_score.py some.pdf --json    # any printout of the seed

The gold indexes the seed text file; the PDF reader writes its own text. Each gold span is carried onto the
PDF's text through a character alignment of the two texts (difflib, whitespace folded), then scored with
pipeline.evaluate like any labelled set. Beside the scores: the title and the stamp the reader found, and the
box check: for every quantity, the page cropped to its box(es) holds exactly the quantity's characters.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PDFS = ROOT / "tests" / "fixtures" / "pdf"
SEED = ROOT / "tests" / "fixtures" / "raw" / "000_805ee6a2f3a693a0.txt"
GOLD = ROOT / "tests" / "fixtures" / "gold" / "000_805ee6a2f3a693a0.jsonl"
DEFAULT = {"printed": PDFS / "chromium_seed_header_footer.pdf",
           "stamped": PDFS / "chromium_seed_stamp_over_body.pdf",
           "two columns, stamped": PDFS / "chromium_seed_two_columns_stamp.pdf",
           "scanned": PDFS / "scan_seed_stamp_footer.pdf"}
TITLE = "The Life Saving Missions of ICE"
STAMP = ("18082131", "2018-08-21")


def _folded(text: str) -> tuple[str, list[int]]:
    """The text with runs of whitespace and markup characters as one space, and each kept character's index."""
    out: list[str] = []
    where: list[int] = []
    for i, ch in enumerate(text):
        if ch.isspace() or ch in "*#":
            if out and out[-1] != " ":
                out.append(" ")
                where.append(i)
            continue
        out.append(ch)
        where.append(i)
    return "".join(out), where


def carry_gold(seed: str, target: str, gold: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Gold rows with start/end moved from the seed text onto `target` (rows that cannot be placed dropped)."""
    a, wa = _folded(seed)
    b, wb = _folded(target)
    forward: dict[int, int] = {}
    for block in SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks():
        for k in range(block.size):
            forward[wa[block.a + k]] = wb[block.b + k]
    out = []
    for row in gold:
        if row.get("type") != "quantity":
            out.append(row)
            continue
        start, last = forward.get(row["start"]), forward.get(row["end"] - 1)
        if start is None or last is None:
            continue
        moved = dict(row, start=start, end=last + 1)
        if row.get("qualifier_span"):
            qs, qe = forward.get(row["qualifier_span"][0]), forward.get(row["qualifier_span"][1] - 1)
            moved["qualifier_span"] = [qs, qe + 1] if qs is not None and qe is not None else None
        out.append(moved)
    return out


def box_check(path: Path, quantities: list[dict[str, Any]]) -> tuple[int, list[str]]:
    """Quantities whose boxes, cropped from the page, hold exactly their characters (spaces aside; characters
    the reader took as the stamp, printed over the body, are not the body's)."""
    import pdfplumber

    from pipeline.readers.pdf import read_layout

    stamp = {(s.page, c["x0"], c["top"], c["text"]) for s in read_layout(path.read_bytes()).stamps for c in s.chars}
    bad: list[str] = []
    with pdfplumber.open(path) as pdf:
        words_of_page: dict[int, list[dict[str, Any]]] = {}
        for q in quantities:
            boxes = q.get("boxes") or []
            if not boxes and q.get("page"):
                boxes = [{"page": q["page"], "x0": q["x0"], "top": q["top"], "x1": q["x1"], "bottom": q["bottom"]}]
            got = []
            for box in boxes:
                page = pdf.pages[box["page"] - 1]
                if page.chars:
                    crop = page.within_bbox((max(box["x0"] - 0.01, 0), max(box["top"] - 0.01, 0),
                                             min(box["x1"] + 0.01, page.width), min(box["bottom"] + 0.01, page.height)))
                    inside = [c for c in crop.chars if not c["text"].isspace()
                              and (box["page"], c["x0"], c["top"], c["text"]) not in stamp]
                    got.append("".join(c["text"] for c in sorted(inside, key=lambda c: (round(c["bottom"]), c["x0"]))))
                else:  # a scan: the characters the OCR read, as the reader placed them
                    if box["page"] not in words_of_page:
                        words_of_page[box["page"]] = _ocr_chars(path, box["page"])
                    inside = [c for c in words_of_page[box["page"]] if c["x0"] >= box["x0"] - 0.01
                              and c["x1"] <= box["x1"] + 0.01 and c["top"] >= box["top"] - 0.01
                              and c["bottom"] <= box["bottom"] + 0.01]
                    got.append("".join(c["text"] for c in inside))
            want = "".join(q["text"].split())
            have = "".join(got)
            if not boxes or have != want:
                bad.append(f"{q['text']!r} boxes {len(boxes)}: {have!r}")
    return len(quantities) - len(bad), bad


def _ocr_chars(path: Path, page_no: int) -> list[dict[str, Any]]:
    from pipeline.readers.ocr import ocr_page_chars  # what the reader itself read

    return ocr_page_chars(path.read_bytes(), page_no)


def score(path: Path, nlp: Any) -> dict[str, Any]:
    from pipeline.evaluate import prediction, score_document
    from pipeline.run.document import process_file

    start = time.perf_counter()
    tables = process_file(path, path.name, nlp)
    seconds = time.perf_counter() - start
    if tables.errors:
        return {"file": path.name, "error": tables.errors[0]["message"]}
    (doc,) = tables.documents
    gold = [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines() if line.strip()]
    placed = carry_gold(SEED.read_text(encoding="utf-8"), doc["text"], gold)
    headings = {s["section_id"]: s["heading"] for s in tables.sections}
    preds = [prediction(q, headings.get(q["section_id"])) for q in tables.quantities]
    s = score_document(path.name, placed, preds)
    n_gold = sum(1 for g in gold if g.get("type") == "quantity" and not g.get("optional"))
    n_placed = sum(1 for g in placed if g.get("type") == "quantity" and not g.get("optional"))
    ok, bad = box_check(path, tables.quantities)
    return {"file": path.name, "seconds": round(seconds, 1), "gold": n_gold, "placed": n_placed, "tp": s.tp,
            "fp": s.fp, "fn": s.fn, "f1": round(s.f1, 3),
            **{f: (None if s.accuracy(f) is None else round(s.accuracy(f) or 0.0, 3))
               for f in ("value", "qualifier", "unit", "entity", "section")},
            "title": doc["title"], "title_ok": doc["title"] == TITLE,
            "stamp": [doc["doc_number"], doc["posted_date"]],
            "stamp_ok": (doc["doc_number"], str(doc["posted_date"])) == STAMP,
            "pages_set": all(q["page"] for q in tables.quantities),
            "confidence_set": all(q["ocr_confidence"] is not None for q in tables.quantities),
            "confidence_min": min((q["ocr_confidence"] for q in tables.quantities if q["ocr_confidence"] is not None),
                                  default=None),
            "boxes_ok": ok, "boxes_bad": bad, "misses": s.misses, "spurious": s.spurious, "wrong": s.wrong}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("pdfs", nargs="*", type=Path)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    from pipeline.nlp.load import load

    nlp = load()
    named = {p.stem: p for p in args.pdfs} if args.pdfs else DEFAULT
    results = {name: score(path, nlp) for name, path in named.items()}
    if args.json:
        print(json.dumps(results, indent=1))
        return 0
    print("| seed as | tp/gold | fp | F1 | value | qualifier | unit | entity | section | title | stamp | boxes exact | s |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for name, r in results.items():
        if "error" in r:
            print(f"| {name} | error: {r['error']} |")
            continue
        print(f"| {name} | {r['tp']}/{r['gold']} | {r['fp']} | {r['f1']:.3f} | {r['value']} | {r['qualifier']} | "
              f"{r['unit']} | {r['entity']} | {r['section']} | {'ok' if r['title_ok'] else repr(r['title'])} | "
              f"{'ok' if r['stamp_ok'] else r['stamp']} | {r['boxes_ok']}/{r['tp'] + r['fp']} | {r['seconds']} |")
    for name, r in results.items():
        for key in ("misses", "spurious", "wrong", "boxes_bad"):
            for line in r.get(key, []):
                print(f"{name}: {key}: {line}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
