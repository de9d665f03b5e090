"""`extract report OUTPUT [--gold GOLD] [--input DIR] [-o FILE]`: an HTML page to review a run, up to a whole archive.

An index of the documents (a virtual list: only the rows in view are in the page), the open document's text
with every quantity highlighted (colour by kind, qualifier and counted entity underlined); clicking a highlight
or a row shows its fields in a panel. Filters by kind, qualifier, unit (and status with gold), a debounced search,
counts of matches and documents, next/previous match. A run of up to `INLINE_DOCUMENTS` documents gives one
self-contained file; a larger one the page and a folder beside it (`report_files/`: the index and one script per
document, loaded when the document is opened), still without network assets. With gold, missed and spurious quantities are marked
and each document is scored with `pipeline.evaluate`. Given the folder the run read (`--input`), the pages of
PDFs that hold quantities are embedded as images with the boxes drawn (`pipeline.review.pages`), reached from
each quantity's panel. Document text is always escaped.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.output.store import settle, table_path
from pipeline.review import pages as report_pages
from pipeline.evaluate import Score, load_gold, score_document
from pipeline.review.template import FALLBACK, KIND_COLOURS, asset
from pipeline.review.document import esc, slug, Doc, score_line
from pipeline.review.groups import groups, identical

__all__ = ["add_arguments", "build_report", "DESCRIPTION", "EPILOG", "report_main", "run_report", "write_report"]


def _read(output: Path, name: str) -> list[dict[str, Any]]:
    import pyarrow.parquet as pq

    path = table_path(output, name)
    return pq.read_table(path).to_pylist() if path.exists() else []


INLINE_DOCUMENTS = 200  # a run of at most this many documents gives one file; more, a page and a folder beside it


def _plural(n: int, word: str, words: str | None = None) -> str:
    return f"{n:,} {word if n == 1 else words or word + 's'}"


def _select(name: str, label: str) -> str:
    return f'<label>{label} <select id="f-{name}"><option value="">all</option></select></label>'


def _notes(documents: Sequence[Mapping[str, Any]], gold_rows: Mapping[str, Any] | None,
           errors: Sequence[Mapping[str, Any]], total: Score) -> str:
    """The overview: gold documents absent from the run, the overall score, and the files that failed."""
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


@dataclass
class Report:
    """A review page's parts: the shell's header, the index of documents the page loads first, the search index
    it loads once the first document is shown (every item's words, sentences, kind, qualifier, unit, status), and
    the documents (each loaded when opened)."""

    title: str
    header: str
    index: dict[str, Any]
    search: dict[str, Any]
    docs: list[Doc] = field(default_factory=list)


def _index_entry(doc: Doc, first: int) -> dict[str, Any]:
    meta, sc = doc.doc, doc.score
    score = None if sc is None else f"F1 {sc.f1:.3f} · {sc.fn} missed · {sc.fp} spurious"
    return {"key": doc.key, "path": meta["source_path"], **({"copies": doc.copies} if doc.copies else {}),
            "title": meta.get("title") or "",
            "date": str(meta.get("release_date") or ""), "n": len(doc.quantities), "first": first, "score": score}


def _docs(documents: Sequence[Mapping[str, Any]], sections: Sequence[Mapping[str, Any]],
          quantities: Sequence[Mapping[str, Any]], gold_rows: Mapping[str, Any] | None) -> list[Doc]:
    """One Doc per document, with its sections and quantities (and its gold rows)."""
    by_doc: dict[str, tuple[list[Any], list[Any]]] = {d["source_path"]: ([], []) for d in documents}
    for s in sections:
        by_doc.get(s["source_path"], ([], []))[0].append(s)
    for q in quantities:
        by_doc.get(q["source_path"], ([], []))[1].append(q)
    docs = []
    for i, (d, *same) in enumerate(groups(documents, gold_rows)):
        gold_doc = None if gold_rows is None else gold_rows.get(Path(d["source_path"]).name, [])
        docs.append(Doc(f"d{i}", d, *by_doc.pop(d["source_path"]), gold_doc))
        docs[-1].copies = [c["source_path"] for c in same]  # identical files shown as this one
    return docs


def _search_index(docs: Sequence[Doc], kinds: Sequence[str]) -> tuple[list[dict[str, Any]], dict[str, Any],
                                                                      dict[str, list[str]]]:
    """The index entries of the documents, the search index (one column per field, items in document and text
    order; sentences apart, each once) and the values the filters offer."""
    values: dict[str, dict[str, int]] = {"kinds": {k: i for i, k in enumerate(kinds)}, "qualifiers": {},
                                         "units": {}, "statuses": {}}
    columns: dict[str, list[Any]] = {c: [] for c in ("key", "doc", "kind", "qualifier", "unit", "status", "hay",
                                                     "sentence")}
    sentences: dict[str, int] = {"": 0}
    entries = []
    for number, doc in enumerate(docs):
        entries.append(_index_entry(doc, len(columns["key"])))
        for key in doc.order():
            it = doc.items[key]
            columns["key"].append(key)
            columns["doc"].append(number)
            columns["hay"].append(it["haystack"])
            columns["sentence"].append(sentences.setdefault(it["sentence"].lower(), len(sentences)))
            for column, name, value in (("kind", "kinds", it["kind"]), ("qualifier", "qualifiers", it["qualifier"]),
                                        ("unit", "units", it["unit"]), ("status", "statuses", it["status"])):
                columns[column].append(values[name].setdefault(value or "(none)", len(values[name])))
    return entries, {"items": columns, "sentences": list(sentences)}, {k: list(v) for k, v in values.items()}


def _header(title: str, summary: str, kinds: Sequence[str], palette: Mapping[str, str], scored: bool) -> str:
    kind_css = "".join(f".k-{slug(k)}{{background:{c}}}" for k, c in palette.items())
    legend = "".join(f'<span class="k-{slug(k)}">{esc(k)}</span>' for k in kinds)
    legend += '<span class="qual">qualifier</span> <span class="ent">entity</span>'
    filters = _select("kind", "kind") + _select("qualifier", "qualifier") + _select("unit", "unit")
    if scored:
        legend += '<span class="miss">gold</span> <span class="q spurious k-count">spurious</span>'
        filters += _select("status", "status")
    filters += ('<label>search <input type="search" id="f-search" placeholder="text, entity, sentence… (Enter: next)">'
                '</label><button type="button" id="prev" title="previous match (Shift+Enter)">&#9650;</button>'
                '<button type="button" id="next" title="next match (Enter)">&#9660;</button><span id="position"></span>'
                '<span id="shown"></span><button type="button" id="overview-button">overview</button>')
    return (f'<style>{asset("app.css")}{kind_css}</style></head><body><header><h1>{esc(title)}<span class="summary">'
            f'{esc(summary)}</span></h1><div class="filters">{filters}</div><div class="legend">{legend}</div>'
            f'</header>')


def build(output: Path, gold: Path | None = None, title: str | None = None, input_dir: Path | None = None) -> Report:
    """The review page of the run in `output` (its Parquet tables), scored against `gold` when given; with
    `input_dir` (the folder the run read), PDF pages with quantities embedded as images."""
    documents = sorted(_read(output, "documents"), key=lambda d: d["source_path"])
    quantities, errors = _read(output, "quantities"), _read(output, "errors")
    gold_rows = load_gold(gold) if gold is not None else None
    docs = _docs(documents, _read(output, "sections"), quantities, gold_rows)
    kinds = sorted({it["kind"] for doc in docs for it in doc.items.values()})
    palette = {k: KIND_COLOURS.get(k, FALLBACK[i % len(FALLBACK)]) for i, k in enumerate(kinds)}
    pages_note = report_pages.attach(docs, input_dir, palette) if input_dir is not None else ""
    entries, search, values = _search_index(docs, kinds)
    total = Score()
    for doc in docs:
        if doc.score is not None:
            total.add(doc.score)
    overview = pages_note + _notes(documents, gold_rows, errors, total) + identical(docs)
    summary = (f"{_plural(len(documents), 'document')} · {_plural(len(quantities), 'quantity', 'quantities')} · "
               f"{_plural(len(errors), 'error')}")
    title = title or f"Review of {output.resolve().name}"
    index = {"docs": entries, "overview": f'<div class="overview"><h2>{esc(title)}</h2><p>{esc(summary)}</p>'
             f'{overview}</div>', **values}
    return Report(title, _header(title, summary, kinds, palette, gold_rows is not None), index, search, docs)


def _json(value: Any) -> str:
    """JSON safe inside a <script> element (no '<', '>' or '&' left to close it)."""
    data = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return data.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


def _script(call: str, value: Any) -> str:
    """A data file: `REPORT.<call>(JSON.parse("..."))`. An ASCII string parsed as JSON loads several times faster
    than the same data as a JavaScript literal or a string with other characters."""
    text = json.dumps(value, ensure_ascii=True, separators=(",", ":"))
    return f"REPORT.{call}(JSON.parse({json.dumps(text)}));\n"


def render(report: Report, files: str | None = None) -> str:
    """The page: with `files` (the folder beside it, as a relative URL) the data is loaded from script files there;
    without, every document's data is inline and the page is one self-contained file."""
    app = f'<script>{asset("app.js")}</script>'
    if files is None:
        data = (f'<script type="application/json" id="report-index">{_json(report.index)}</script>'
                f'<script type="application/json" id="report-search">{_json(report.search)}</script>'
                + "".join(f'<script type="application/json" id="data-{doc.key}">{_json(doc.payload())}</script>'
                          for doc in report.docs) + app)
    else:
        data = app + f'<script src="{esc(files)}/index.js"></script>'
    return (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" '
            f'content="width=device-width, initial-scale=1"><title>{esc(report.title)}</title>{report.header}'
            f'<main><section id="index-pane"><div class="head">documents</div><div id="list"><div id="list-inner">'
            f'</div></div></section><section id="view"></section><aside id="panel"><h2>Click a highlight</h2>'
            f'<p>or a row to see its value, comparator, interval, unit, entity, section and time scope.</p></aside>'
            f'</main>{data}</body></html>')


def build_report(output: Path, gold: Path | None = None, title: str | None = None, input_dir: Path | None = None,
                 ) -> str:
    """The review page as one self-contained HTML file (every document's data inline)."""
    return render(build(output, gold, title, input_dir))


def write_report(output: Path, gold: Path | None = None, target: Path | None = None, title: str | None = None,
                 input_dir: Path | None = None, split: bool | None = None) -> Path:
    """Write the page (default OUTPUT/report.html); returns its path. Split (by default when the run holds more
    than `INLINE_DOCUMENTS` documents), the index and each document's data go to `<name>_files/` beside it, and
    the page loads a document's data when it is opened."""
    target = target or output / "report.html"
    report = build(output, gold, title, input_dir)
    split = len(report.docs) > INLINE_DOCUMENTS if split is None else split
    target.parent.mkdir(parents=True, exist_ok=True)
    files = target.with_name(f"{target.stem}_files")
    if split:
        staging = target.with_name(f".{files.name}.tmp-{os.getpid()}")
        shutil.rmtree(staging, ignore_errors=True)
        staging.mkdir()
        (staging / "index.js").write_text(_script("index", {**report.index, "files": files.name}), encoding="ascii")
        (staging / "search.js").write_text(_script("search", report.search), encoding="ascii")
        for doc in report.docs:
            (staging / f"{doc.key}.js").write_text(_script("doc", doc.payload()), encoding="ascii")
        old = target.with_name(f".{files.name}.old-{os.getpid()}")
        if files.exists():
            os.replace(files, old)
        os.replace(staging, files)
        shutil.rmtree(old, ignore_errors=True)
    page = render(report, files.name if split else None)
    tmp = target.with_name(f".{target.name}.tmp-{os.getpid()}")
    tmp.write_text(page, encoding="utf-8")
    os.replace(tmp, target)
    if not split and files.is_dir():
        shutil.rmtree(files)
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
    split = p.add_mutually_exclusive_group()
    split.add_argument("--split", dest="split", action="store_true", default=None,
                       help="data in a folder beside the page, loaded per document (default above "
                       f"{INLINE_DOCUMENTS} documents)")
    split.add_argument("--one-file", dest="split", action="store_false", help="one self-contained file, "
                       "whatever the size")
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
    settle(args.output)  # a switch a killed run left half-done
    if not table_path(args.output, "documents").exists() or not table_path(args.output, "quantities").exists():
        print(f"extract report: error: {str(args.output)!r} holds no documents.parquet and quantities.parquet",
              file=sys.stderr)
        return 2
    if args.gold is not None and not args.gold.exists():
        print(f"extract report: error: gold {str(args.gold)!r} does not exist", file=sys.stderr)
        return 2
    if args.input is not None and not args.input.is_dir():
        print(f"extract report: error: input {str(args.input)!r} is not a folder", file=sys.stderr)
        return 2
    target = write_report(args.output, args.gold, args.out, args.title, args.input, args.split)
    if not args.quiet:
        print(f"report -> {target}")  # for the user: stdout
    return 0
