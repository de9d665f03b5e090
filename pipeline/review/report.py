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
import html
import json
import os
import re
import sys
from collections import Counter
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from pipeline.review import pages as report_pages
from pipeline.evaluate import FIELDS, Score, load_gold, prediction, score_document
from pipeline.review.template import CSS, FALLBACK, JS, KIND_COLOURS

_AT = re.compile(r"@(\d+)(?: (\w+): (.*))?$")


def _esc(value: Any) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def _number(v: float | None) -> str | None:
    if v is None:
        return None
    return str(int(v)) if float(v).is_integer() and abs(v) < 1e18 else repr(float(v))


def _slug(kind: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", (kind or "other").lower()).strip("-") or "other"


def _read(output: Path, name: str) -> list[dict[str, Any]]:
    import pyarrow.parquet as pq

    path = output / f"{name}.parquet"
    return pq.read_table(path).to_pylist() if path.exists() else []


def _starts(messages: Sequence[str]) -> dict[int, list[str]]:
    """Start offsets named by the scorer's messages ("doc: '400'@356 unit: gold ... got ..."), with field notes."""
    out: dict[int, list[str]] = {}
    for m in messages:
        hit = _AT.search(m)
        if hit:
            note = f"{hit.group(2)}: {hit.group(3)}" if hit.group(2) else ""
            out.setdefault(int(hit.group(1)), []).extend([note] if note else [])
    return out


class _Doc:
    """One document's items (highlights and rows) and its rendered article."""

    def __init__(self, key: str, doc: Mapping[str, Any], sections: Sequence[Mapping[str, Any]],
                 quantities: Sequence[Mapping[str, Any]], gold: Sequence[Mapping[str, Any]] | None) -> None:
        self.key, self.doc = key, doc
        self.text: str = doc.get("text") or ""
        heads = {s["section_id"]: s["heading"] for s in sections}
        self.quantities = sorted(quantities, key=lambda q: q["char_start"])
        self.score: Score | None = None
        self.pages: report_pages.Pages | None = None
        spurious: set[int] = set()
        wrong: dict[int, list[str]] = {}
        self.misses: list[Mapping[str, Any]] = []
        if gold is not None:
            name = Path(doc["source_path"]).name
            preds = [prediction(q, heads.get(q["section_id"])) for q in self.quantities]
            self.score = score_document(name, gold, preds)
            spurious = set(_starts(self.score.spurious))
            wrong = _starts(self.score.wrong)
            missed = _starts(self.score.misses)
            self.misses = [g for g in gold if g.get("type") == "quantity" and g["start"] in missed]
        golds = [g for g in gold or () if g.get("type") == "quantity" and not g.get("optional")]
        self.items: dict[str, dict[str, Any]] = {}
        self.marks: list[tuple[int, int, str, str]] = []
        for i, q in enumerate(self.quantities):
            k = f"{key}q{i}"
            status = "predicted" if gold is None else "spurious" if q["char_start"] in spurious else "matched"
            notes = [n for g in golds if g["start"] < q["char_end"] and q["char_start"] < g["end"]
                     for n in wrong.get(g["start"], [])]
            self.items[k] = self._item(q, heads.get(q["section_id"]), status, notes)
            self.marks.append((q["char_start"], q["char_end"], "q", k))
            if q["qualifier_start"] is not None and q["qualifier_end"] is not None:
                self.marks.append((q["qualifier_start"], q["qualifier_end"], "qual", k))
            if q["entity_start"] is not None and q["entity_end"] is not None:
                self.marks.append((q["entity_start"], q["entity_end"], "ent", k))
        for j, g in enumerate(self.misses):
            k = f"{key}g{j}"
            self.items[k] = self._gold_item(g)
            self.marks.append((g["start"], g["end"], "miss", k))

    def _item(self, q: Mapping[str, Any], section: str | None, status: str, notes: list[str]) -> dict[str, Any]:
        low, high = _number(q["value_low"]), _number(q["value_high"])
        interval = None if low is None and high is None else \
            f"{'−∞' if low is None else low} … {'+∞' if high is None else high}"
        box = None
        if q.get("x0") is not None:
            box = ", ".join(f"{q[c]:.1f}" for c in ("x0", "top", "x1", "bottom"))
        sentence = self.text[q["sentence_start"]:q["sentence_end"]].strip() if q["sentence_end"] else ""
        return self._finish({
            "text": q["text"], "value": _number(q["value"]), "comparator": q["comparator"], "interval": interval,
            "qualifier": q["qualifier"] or None, "unit": q["unit"], "kind": q["kind"], "entity": q["entity"],
            "change": q.get("change"), "section": section, "time_scope": q["time_scope"], "page": q.get("page"), "box": box,
            "span": f"{q['char_start']}–{q['char_end']}", "status": status, "notes": notes, "sentence": sentence,
            "page_image": None,
        })

    def _gold_item(self, g: Mapping[str, Any]) -> dict[str, Any]:
        return self._finish({
            "text": g["text"], "value": _number(g.get("value")), "comparator": None, "interval": None,
            "qualifier": g.get("qualifier") or None, "unit": g.get("unit"), "kind": g.get("kind") or "count",
            "entity": g.get("entity"), "section": g.get("section"), "time_scope": g.get("time_scope"),
            "page": None, "box": None, "span": f"{g['start']}–{g['end']}", "status": "miss", "notes": [],
            "sentence": "", "page_image": None,
        })

    def _finish(self, item: dict[str, Any]) -> dict[str, Any]:
        item["doc"], item["source"] = self.key, self.doc["source_path"]
        words = (item["text"], item["qualifier"], item["unit"], item["kind"], item["entity"], item["section"],
                 item["time_scope"], item["sentence"], item["value"])
        item["haystack"] = " ".join(str(w) for w in words if w).lower()
        return item

    def body(self) -> str:
        """The text with marks: cut at every mark edge, each piece wrapped with the marks covering it."""
        text, marks = self.text, [m for m in self.marks if 0 <= m[0] < m[1] <= len(self.text)]
        cuts = sorted({0, len(text), *(m[0] for m in marks), *(m[1] for m in marks)})
        out = []
        for a, b in zip(cuts, cuts[1:]):
            piece = _esc(text[a:b])
            on = [m for m in marks if m[0] <= a and b <= m[1]]
            if not on:
                out.append(piece)
                continue
            classes, attrs = [], ""
            q = next((m[3] for m in on if m[2] == "q"), None)
            miss = next((m[3] for m in on if m[2] == "miss"), None)
            if q is not None:
                it = self.items[q]
                classes += ["q", f"k-{_slug(it['kind'])}"] + (["spurious"] if it["status"] == "spurious" else [])
                attrs += f' data-key="{q}"'
            elif miss is not None:
                classes.append("miss")
                attrs += f' data-key="{miss}"'
            related = sorted({m[3] for m in on if m[2] in ("qual", "ent")})
            classes += [c for c in ("qual", "ent") if any(m[2] == c for m in on)]
            if related:
                attrs += f' data-for="{" ".join(related)}"'
            out.append(f'<span class="{" ".join(classes)}"{attrs}>{piece}</span>')
        return "".join(out)

    def rows(self) -> str:
        cells = ("text", "qualifier", "value", "unit", "entity", "kind", "section", "status")
        head = "".join(f"<th>{c}</th>" for c in cells)
        body = []
        for k, it in sorted(self.items.items(), key=lambda kv: int(kv[1]["span"].split("–")[0])):
            cls = {"miss": "miss-row", "spurious": "spurious-row"}.get(it["status"], "")
            tds = "".join(f"<td>{_esc(it[c]) if it[c] is not None else ''}</td>" for c in cells)
            body.append(f'<tr data-row="{k}" data-key="{k}" class="{cls}">{tds}</tr>')
        return (f'<details class="rows"><summary>{len(self.items)} rows</summary><table><tr>{head}</tr>'
                f'{"".join(body)}</table></details>')

    def article(self) -> str:
        d = self.doc
        meta = [d["source_path"], d.get("format"), d.get("release_date") and f"released {d['release_date']}",
                f"{d.get('n_sections')} sections", f"{len(self.quantities)} quantities",
                d.get("n_pages") and f"{d['n_pages']} pages"]
        score = ""
        if self.score is not None:
            score = f'<div class="score">{_score_line(self.score)}</div>'
        return (f'<article id="doc-{self.key}" data-doc="{self.key}"><h2>{_esc(d.get("title") or d["source_path"])}'
                f'</h2><div class="meta">{_esc(" · ".join(str(m) for m in meta if m))}</div>{score}'
                f'{self.rows()}<div class="text">{self.body()}</div>{self.pages.section(self.key) if self.pages else ""}</article>')


def _score_line(s: Score) -> str:
    acc = " ".join(f"{f} <b>{a:.3f}</b>" for f in FIELDS if (a := s.accuracy(f)) is not None)
    return (f"gold {s.tp + s.fn} · P <b>{s.precision:.3f}</b> R <b>{s.recall:.3f}</b> F1 <b>{s.f1:.3f}</b>"
            f" · {acc} · <b>{s.fn}</b> missed, <b>{s.fp}</b> spurious")


def _select(name: str, label: str, values: Sequence[str]) -> str:
    opts = "".join(f'<option value="{_esc(v)}">{_esc(v)}</option>' for v in values)
    return f'<label>{label} <select id="f-{name}"><option value="">all</option>{opts}</select></label>'


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
        docs.append(_Doc(f"d{i}", d, *by_doc[d["doc_id"]], gold_doc))
    items = {k: v for doc in docs for k, v in doc.items.items()}
    kinds = sorted({it["kind"] for it in items.values()})
    palette = {k: KIND_COLOURS.get(k, FALLBACK[i % len(FALLBACK)]) for i, k in enumerate(kinds)}
    kind_css = "".join(f".k-{_slug(k)}{{background:{c}}}" for k, c in palette.items())
    pages_note = report_pages.attach(docs, input_dir, palette) if input_dir is not None else ""
    legend = "".join(f'<span class="k-{_slug(k)}">{_esc(k)}</span>' for k in kinds)
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
    gold_cols = "<th>gold</th><th>P</th><th>R</th><th>F1</th><th>missed</th><th>spurious</th>" if gold_rows else ""
    rows = []
    for doc in docs:
        meta = doc.doc
        by_kind = Counter(q["kind"] for q in doc.quantities)
        cells = [f'<a href="#doc-{doc.key}">{_esc(meta["source_path"])}</a>', _esc(meta.get("title") or ""),
                 _esc(meta.get("release_date") or ""), f'<td class="n">{meta.get("n_sections")}',
                 f'<td class="n">{len(doc.quantities)}', _esc(", ".join(f"{k} {n}" for k, n in by_kind.most_common())),
                 '<td class="n shown">']
        if doc.score is not None:
            sc = doc.score
            total.add(sc)
            cells += [f'<td class="n">{v}' for v in (sc.tp + sc.fn, f"{sc.precision:.3f}", f"{sc.recall:.3f}",
                                                     f"{sc.f1:.3f}", sc.fn, sc.fp)]
        tds = "".join(c + "</td>" if c.startswith("<td") else f"<td>{c}</td>" for c in cells)
        rows.append(f'<tr data-doc="{doc.key}">{tds}</tr>')
    index = (f'<table id="index"><tr><th>document</th><th>title</th><th>released</th><th>sections</th>'
             f'<th>quantities</th><th>by kind</th><th>shown</th>{gold_cols}</tr>{"".join(rows)}</table>')
    extra = pages_note
    if gold_rows is not None:
        run_names = {Path(d["source_path"]).name for d in documents}
        absent = sorted(set(gold_rows) - run_names)
        for name in absent:
            total.add(score_document(name, gold_rows[name], []))
        if absent:
            extra += f'<p class="absent">Gold documents not in this run: {_esc(", ".join(absent))}</p>'
        extra += f'<p class="overall">Overall: {_score_line(total)}</p>'
    if errors:
        erows = "".join(f"<tr><td>{_esc(e['source_path'])}</td><td>{_esc(e['stage'])}</td><td>{_esc(e['message'])}"
                        f"</td></tr>" for e in errors)
        extra += (f'<h3>Files that failed</h3><table id="errors"><tr><th>file</th><th>stage</th><th>message</th></tr>'
                  f'{erows}</table>')
    summary = f"{len(documents)} documents · {len(quantities)} quantities · {len(errors)} errors"
    data = json.dumps({"items": items}, ensure_ascii=False)
    data = data.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
    title = title or f"Review of {output.resolve().name}"
    return (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" '
            f'content="width=device-width, initial-scale=1"><title>{_esc(title)}</title>'
            f'<style>{CSS}{kind_css}</style></head><body><header><h1>{_esc(title)}<span class="summary">'
            f'{_esc(summary)}</span></h1><div class="filters">{filters}</div><div class="legend">{legend}</div>'
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


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="extract report", description="Write one self-contained HTML page to review "
                                "a run: every quantity highlighted in its document; misses and spurious marks "
                                "against gold.", epilog="examples:\n  extract report output/ --gold "
                                "tests/fixtures/gold/ -o review.html\n  extract report output/ --input raw/   "
                                "# with PDF page images",
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("output", type=Path, help="the output folder of a run (documents/quantities.parquet)")
    p.add_argument("--gold", type=Path, default=None, help="a gold .jsonl file or a folder of them")
    p.add_argument("--input", type=Path, default=None, help="the folder the run read: PDF pages with quantities "
                   f"are embedded as images with the boxes drawn (at most {report_pages.MAX_PAGES})")
    p.add_argument("-o", "--out", type=Path, default=None, help="the HTML file (default OUTPUT/report.html)")
    p.add_argument("--title", default=None, help="the page title (default: 'Review of <OUTPUT folder name>')")
    p.add_argument("-q", "--quiet", action="store_true", help="print errors only")
    return p


def report_main(argv: list[str]) -> int:
    """`extract report`: 0 when written, 2 on a usage error."""
    try:
        args = _parser().parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0) and 2
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
