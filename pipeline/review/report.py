"""`extract report OUTPUT [--gold GOLD] [--input DIR] [-o FILE]`: one self-contained HTML page to review a run.

An index of the documents, then each document's text with every quantity highlighted (colour by kind,
qualifier and counted entity underlined); clicking a highlight or a row shows its fields in a panel.
Filters by kind, qualifier and section, and a search. With gold, missed and spurious quantities are marked
and each document is scored with `pipeline.evaluate`. Given the folder the run read (`--input`), the pages of
PDFs that hold quantities are embedded as images with the boxes drawn (`pipeline.review.pages`), reached from
each quantity's panel. Document text is always escaped.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections import Counter
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from pipeline.review import pages as report_pages
from pipeline.evaluate import Score, load_gold, score_document
from pipeline.review.template import CSS, FALLBACK, JS, KIND_COLOURS
from pipeline.review.document import esc, slug, Doc, score_line

__all__ = ["add_arguments", "build_report", "DESCRIPTION", "EPILOG", "report_main", "run_report", "write_report"]


def _read(output: Path, name: str) -> list[dict[str, Any]]:
    import pyarrow.parquet as pq

    path = output / f"{name}.parquet"
    return pq.read_table(path).to_pylist() if path.exists() else []


def _select(name: str, label: str, values: Sequence[str]) -> str:
    opts = "".join(f'<option value="{esc(v)}">{esc(v)}</option>' for v in values)
    return f'<label>{label} <select id="f-{name}"><option value="">all</option>{opts}</select></label>'


def _index(docs: Sequence[Doc], scored: bool, total: Score) -> str:
    """The index table: one row per document with its counts (and its scores, added to `total`, with gold)."""
    gold_cols = "<th>gold</th><th>P</th><th>R</th><th>F1</th><th>missed</th><th>spurious</th>" if scored else ""
    rows = []
    for doc in docs:
        meta = doc.doc
        by_kind = Counter(q["kind"] for q in doc.quantities)
        cells = [f'<a href="#doc-{doc.key}">{esc(meta["source_path"])}</a>', esc(meta.get("title") or ""),
                 esc(meta.get("release_date") or ""), f'<td class="n">{meta.get("n_sections")}',
                 f'<td class="n">{len(doc.quantities)}', esc(", ".join(f"{k} {n}" for k, n in by_kind.most_common())),
                 '<td class="n shown">']
        if doc.score is not None:
            sc = doc.score
            total.add(sc)
            cells += [f'<td class="n">{v}' for v in (sc.tp + sc.fn, f"{sc.precision:.3f}", f"{sc.recall:.3f}",
                                                     f"{sc.f1:.3f}", sc.fn, sc.fp)]
        tds = "".join(c + "</td>" if c.startswith("<td") else f"<td>{c}</td>" for c in cells)
        rows.append(f'<tr data-doc="{doc.key}">{tds}</tr>')
    return (f'<table id="index"><tr><th>document</th><th>title</th><th>released</th><th>sections</th>'
            f'<th>quantities</th><th>by kind</th><th>shown</th>{gold_cols}</tr>{"".join(rows)}</table>')


def _notes(documents: Sequence[Mapping[str, Any]], gold_rows: Mapping[str, Any] | None,
           errors: Sequence[Mapping[str, Any]], total: Score) -> str:
    """Below the index: gold documents absent from the run, the overall score, and the files that failed."""
    extra = ""
    if gold_rows is not None:
        run_names = {Path(d["source_path"]).name for d in documents}
        absent = sorted(set(gold_rows) - run_names)
        for name in absent:
            total.add(score_document(name, gold_rows[name], []))
        if absent:
            extra += f'<p class="absent">Gold documents not in this run: {esc(", ".join(absent))}</p>'
        extra += f'<p class="overall">Overall: {score_line(total)}</p>'
    if errors:
        erows = "".join(f"<tr><td>{esc(e['source_path'])}</td><td>{esc(e['stage'])}</td><td>{esc(e['message'])}"
                        f"</td></tr>" for e in errors)
        extra += (f'<h3>Files that failed</h3><table id="errors"><tr><th>file</th><th>stage</th><th>message</th></tr>'
                  f'{erows}</table>')
    return extra


def build_report(output: Path, gold: Path | None = None, title: str | None = None, input_dir: Path | None = None,
                 ) -> str:
    """The HTML page for the run in `output` (its Parquet tables), scored against `gold` when given; with
    `input_dir` (the folder the run read), PDF pages with quantities embedded as images."""
    documents = sorted(_read(output, "documents"), key=lambda d: d["source_path"])
    sections, quantities = _read(output, "sections"), _read(output, "quantities")
    errors = _read(output, "errors")
    gold_rows = load_gold(gold) if gold is not None else None
    by_doc: dict[str, tuple[list[Any], list[Any]]] = {d["doc_id"]: ([], []) for d in documents}
    for s in sections:
        by_doc.get(s["doc_id"], ([], []))[0].append(s)
    for q in quantities:
        by_doc.get(q["doc_id"], ([], []))[1].append(q)
    docs = []
    for i, d in enumerate(documents):
        gold_doc = None if gold_rows is None else gold_rows.get(Path(d["source_path"]).name, [])
        docs.append(Doc(f"d{i}", d, *by_doc[d["doc_id"]], gold_doc))
    items = {k: v for doc in docs for k, v in doc.items.items()}
    kinds = sorted({it["kind"] for it in items.values()})
    palette = {k: KIND_COLOURS.get(k, FALLBACK[i % len(FALLBACK)]) for i, k in enumerate(kinds)}
    kind_css = "".join(f".k-{slug(k)}{{background:{c}}}" for k, c in palette.items())
    pages_note = report_pages.attach(docs, input_dir, palette) if input_dir is not None else ""
    legend = "".join(f'<span class="k-{slug(k)}">{esc(k)}</span>' for k in kinds)
    legend += '<span class="qual">qualifier</span> <span class="ent">entity</span>'
    if gold_rows is not None:
        legend += '<span class="miss">gold</span> <span class="q spurious k-count">spurious</span>'
    qualifiers = sorted({it["qualifier"] or "(none)" for it in items.values()})
    headings = list(dict.fromkeys(it["section"] or "(none)" for it in items.values()))
    filters = (_select("kind", "kind", kinds) + _select("qualifier", "qualifier", qualifiers)
               + _select("section", "section", headings)
               + '<label>search <input type="search" id="f-search" placeholder="text, entity, sentence…"></label>'
               + '<span id="shown"></span>')

    total = Score()
    index = _index(docs, bool(gold_rows), total)
    extra = pages_note + _notes(documents, gold_rows, errors, total)
    summary = f"{len(documents)} documents · {len(quantities)} quantities · {len(errors)} errors"
    data = json.dumps({"items": items}, ensure_ascii=False)
    data = data.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
    title = title or f"Review of {output.resolve().name}"
    return (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" '
            f'content="width=device-width, initial-scale=1"><title>{esc(title)}</title>'
            f'<style>{CSS}{kind_css}</style></head><body><header><h1>{esc(title)}<span class="summary">'
            f'{esc(summary)}</span></h1><div class="filters">{filters}</div><div class="legend">{legend}</div>'
            f'</header><main><div id="content"><section id="documents">{index}{extra}</section>'
            f'{"".join(doc.article() for doc in docs)}</div><aside id="panel"><h2>Click a highlight</h2>'
            f'<p>or a row to see its value, comparator, interval, unit, entity, section and time scope.</p></aside>'
            f'</main><script type="application/json" id="report-data">{data}</script><script>{JS}</script>'
            f'</body></html>')


def write_report(output: Path, gold: Path | None = None, target: Path | None = None, title: str | None = None,
                 input_dir: Path | None = None) -> Path:
    """Write the page (default OUTPUT/report.html) through a temporary file; returns its path."""
    target = target or output / "report.html"
    page = build_report(output, gold, title, input_dir)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.tmp-{os.getpid()}")
    tmp.write_text(page, encoding="utf-8")
    os.replace(tmp, target)
    return target


DESCRIPTION = ("Write one self-contained HTML page to review a run: every quantity highlighted in its document; "
               "misses and spurious marks against gold.")
EPILOG = ("examples:\n  extract report output/ --gold tests/fixtures/gold/ -o review.html\n"
          "  extract report output/ --input raw/   # with PDF page images")


def add_arguments(p: argparse.ArgumentParser) -> argparse.ArgumentParser:
    """The options of `extract report` (used by its own parser and by the `extract` command's subparser)."""
    p.add_argument("output", type=Path, help="the output folder of a run (documents/quantities.parquet)")
    p.add_argument("--gold", type=Path, default=None, help="a gold .jsonl file or a folder of them")
    p.add_argument("--input", type=Path, default=None, help="the folder the run read: PDF pages with quantities "
                   f"are embedded as images with the boxes drawn (at most {report_pages.MAX_PAGES})")
    p.add_argument("-o", "--out", type=Path, default=None, help="the HTML file (default OUTPUT/report.html)")
    p.add_argument("--title", default=None, help="the page title (default: 'Review of <OUTPUT folder name>')")
    p.add_argument("-q", "--quiet", action="store_true", help="print errors only")
    return p


def _parser() -> argparse.ArgumentParser:
    return add_arguments(argparse.ArgumentParser(prog="extract report", description=DESCRIPTION, epilog=EPILOG,
                                                 formatter_class=argparse.RawDescriptionHelpFormatter))


def report_main(argv: list[str]) -> int:
    """`extract report`: 0 when written, 2 on a usage error."""
    try:
        args = _parser().parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0) and 2
    return run_report(args)


def run_report(args: argparse.Namespace) -> int:
    """`extract report` with its parsed options: 0 when written, 2 on a usage error."""
    if not (args.output / "documents.parquet").exists() or not (args.output / "quantities.parquet").exists():
        print(f"extract report: error: {str(args.output)!r} holds no documents.parquet and quantities.parquet",
              file=sys.stderr)
        return 2
    if args.gold is not None and not args.gold.exists():
        print(f"extract report: error: gold {str(args.gold)!r} does not exist", file=sys.stderr)
        return 2
    if args.input is not None and not args.input.is_dir():
        print(f"extract report: error: input {str(args.input)!r} is not a folder", file=sys.stderr)
        return 2
    target = write_report(args.output, args.gold, args.out, args.title, args.input)
    if not args.quiet:
        print(f"report -> {target}", file=sys.stderr)
    return 0
