"""One document of the review page: its quantities as highlights and rows, scored against gold when given, and
its rendered article."""

from __future__ import annotations

import html
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from pipeline.evaluate import FIELDS, Score, prediction, score_document
from pipeline.review import pages as report_pages


_AT = re.compile(r"@(\d+)(?: (\w+): (.*))?$")


def esc(value: Any) -> str:
    """HTML-escaped text (None as empty)."""
    return html.escape("" if value is None else str(value), quote=True)


def _number(v: float | None) -> str | None:
    if v is None:
        return None
    return str(int(v)) if float(v).is_integer() and abs(v) < 1e18 else repr(float(v))


def slug(kind: str) -> str:
    """A CSS class name for a kind."""
    return re.sub(r"[^a-z0-9]+", "-", (kind or "other").lower()).strip("-") or "other"


def _starts(messages: Sequence[str]) -> dict[int, list[str]]:
    """Start offsets named by the scorer's messages ("doc: '400'@356 unit: gold ... got ..."), with field notes."""
    out: dict[int, list[str]] = {}
    for m in messages:
        hit = _AT.search(m)
        if hit:
            note = f"{hit.group(2)}: {hit.group(3)}" if hit.group(2) else ""
            out.setdefault(int(hit.group(1)), []).extend([note] if note else [])
    return out


class Doc:
    """One document's items (highlights and rows) and its rendered article."""

    def __init__(self, key: str, doc: Mapping[str, Any], sections: Sequence[Mapping[str, Any]],
                 quantities: Sequence[Mapping[str, Any]], gold: Sequence[Mapping[str, Any]] | None) -> None:
        self.key, self.doc = key, doc
        self.text: str = doc.get("text") or ""
        heads = {s["section_id"]: s["heading"] for s in sections}
        self.quantities = sorted(quantities, key=lambda q: q["char_start"])
        self.score: Score | None = None
        self.pages: report_pages.Pages | None = None
        self.copies: list[str] = []  # source paths of identical documents shown as this one
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
                 item["time_scope"], item["value"])  # and the sentence, searched on its own (shared by its items)
        item["haystack"] = " ".join(str(w) for w in words if w).lower()
        return item

    def body(self) -> str:
        """The text with marks: cut at every mark edge, each piece wrapped with the marks covering it."""
        text, marks = self.text, [m for m in self.marks if 0 <= m[0] < m[1] <= len(self.text)]
        cuts = sorted({0, len(text), *(m[0] for m in marks), *(m[1] for m in marks)})
        starting: dict[int, list[tuple[int, int, str, str]]] = {}
        for m in marks:
            starting.setdefault(m[0], []).append(m)
        open_marks: list[tuple[int, int, str, str]] = []
        out = []
        for a, b in zip(cuts, cuts[1:]):
            piece = esc(text[a:b])
            open_marks = [m for m in open_marks if m[1] > a] + starting.get(a, [])
            on = [m for m in open_marks if b <= m[1]]
            if not on:
                out.append(piece)
                continue
            classes, attrs = [], ""
            q = next((m[3] for m in on if m[2] == "q"), None)
            miss = next((m[3] for m in on if m[2] == "miss"), None)
            if q is not None:
                it = self.items[q]
                classes += ["q", f"k-{slug(it['kind'])}"] + (["spurious"] if it["status"] == "spurious" else [])
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

    def order(self) -> list[str]:
        """The item keys in text order (quantities and gold misses together)."""
        return sorted(self.items, key=lambda k: int(self.items[k]["span"].split("–")[0]))

    def payload(self) -> dict[str, Any]:
        """What the page loads when the document is opened: its article (escaped HTML) and its items' fields."""
        items = {k: {f: v for f, v in it.items() if f != "haystack"} for k, it in self.items.items()}
        return {"key": self.key, "html": self.article(), "items": items, "order": self.order()}

    def rows(self) -> str:
        """The document's quantities as table rows (with its misses when scored)."""
        cells = ("text", "qualifier", "value", "unit", "entity", "kind", "section", "status")
        head = "".join(f"<th>{c}</th>" for c in cells)
        body = []
        for k, it in sorted(self.items.items(), key=lambda kv: int(kv[1]["span"].split("–")[0])):
            cls = {"miss": "miss-row", "spurious": "spurious-row"}.get(it["status"], "")
            tds = "".join(f"<td>{esc(it[c]) if it[c] is not None else ''}</td>" for c in cells)
            body.append(f'<tr data-row="{k}" data-key="{k}" class="{cls}">{tds}</tr>')
        return (f'<details class="rows"><summary>{len(self.items)} rows</summary><table><tr>{head}</tr>'
                f'{"".join(body)}</table></details>')

    def article(self) -> str:
        """The document's article: heading, score, rows, the highlighted text and its page images."""
        d = self.doc
        meta = [d["source_path"], d.get("format"), d.get("release_date") and f"released {d['release_date']}",
                f"{d.get('n_sections')} sections", f"{len(self.quantities)} quantities",
                d.get("n_pages") and f"{d['n_pages']} pages"]
        score = ""
        if self.score is not None:
            score = f'<div class="score">{score_line(self.score)}</div>'
        return (f'<article id="doc-{self.key}" data-doc="{self.key}"><h2>{esc(d.get("title") or d["source_path"])}'
                f'</h2><div class="meta">{esc(" · ".join(str(m) for m in meta if m))}</div>{score}'
                f'{self.rows()}<div class="text">{self.body()}</div>{self.pages.section(self.key) if self.pages else ""}</article>')


def score_line(s: Score) -> str:
    """A score as one line of HTML."""
    acc = " ".join(f"{f} <b>{a:.3f}</b>" for f in FIELDS if (a := s.accuracy(f)) is not None)
    return (f"gold {s.tp + s.fn} · P <b>{s.precision:.3f}</b> R <b>{s.recall:.3f}</b> F1 <b>{s.f1:.3f}</b>"
            f" · {acc} · <b>{s.fn}</b> missed, <b>{s.fp}</b> spurious")
