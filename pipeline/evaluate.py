"""Scoring predictions against hand-labelled gold (see GOLD.md): detection P/R/F1 and per-field accuracy."""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import argparse

__all__ = ["documents_in", "FIELDS", "METRICS", "metrics", "gold_problem", "head_word", "load_gold", "norm_text", "norm_unit", "prediction", "predictions_from_output",
           "run_evaluate", "same_value", "Score", "score_all", "score_document", "table", "UNIT_ALIASES"]

FIELDS = ("value", "qualifier", "unit", "entity", "section")
UNIT_ALIASES: dict[str, str] = {"%": "percent", "usd": "USD", "$": "USD", "dollar": "USD", "dollars": "USD", "lbs": "pound",
                "lb": "pound", "pounds": "pound", "kg": "kilogram", "kilograms": "kilogram", "miles": "mile",
                "years": "year", "days": "day", "months": "month", "x": "times"}


@dataclass(slots=True)
class Score:
    """Detection counts (true and false positives, false negatives) and, over matched pairs, field hits."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    fields: dict[str, list[int]] = field(default_factory=lambda: {f: [0, 0] for f in FIELDS})
    misses: list[str] = field(default_factory=list)
    spurious: list[str] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        """tp / (tp + fp); 1.0 when nothing was predicted."""
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        """tp / (tp + fn); 1.0 when there was nothing to find."""
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        """The harmonic mean of precision and recall."""
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def accuracy(self, name: str) -> float | None:
        """The share of matched gold quantities whose `field` is right, or None when none was scored."""
        ok, n = self.fields[name]
        return ok / n if n else None

    def add(self, other: "Score") -> None:
        """Add another score's counts to this one (documents into a set)."""
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn
        for name in FIELDS:
            self.fields[name][0] += other.fields[name][0]
            self.fields[name][1] += other.fields[name][1]
        self.misses += other.misses
        self.spurious += other.spurious
        self.wrong += other.wrong

    def as_dict(self) -> dict[str, Any]:
        """Precision, recall, F1 and the field accuracies, for JSON."""
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn, "precision": self.precision, "recall": self.recall,
                "f1": self.f1, **{name: self.accuracy(name) for name in FIELDS},
                "misses": self.misses, "spurious": self.spurious, "wrong": self.wrong}


def load_gold(path: Path) -> dict[str, list[dict[str, Any]]]:
    """Gold rows by document name, from one .jsonl file or a folder of them."""
    files = sorted(path.glob("*.jsonl")) if path.is_dir() else [path]
    out: dict[str, list[dict[str, Any]]] = {}
    for f in files:
        for line in f.read_text(encoding="utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                out.setdefault(row["doc"], []).append(row)
    return out


def norm_text(s: str | None) -> str:
    """Lower case, whitespace collapsed."""
    return re.sub(r"\s+", " ", (s or "").strip().lower())


def norm_unit(u: str | None) -> str | None:
    """A unit name in the form gold uses (aliases resolved, lower case; USD kept)."""
    if u is None:
        return None
    u = u.strip()
    return UNIT_ALIASES.get(u.lower(), u.lower() if u.upper() != "USD" else "USD")


def head_word(phrase: str | None) -> str | None:
    """The last word of a phrase before 'of', singular: how entities are compared."""
    if not phrase:
        return None
    p = phrase.lower().split(" of ")[0]
    words = re.findall(r"[a-z0-9]+", p)
    if not words:
        return None
    w: str = words[-1]
    for suffix, repl in (("ies", "y"), ("sses", "ss"), ("s", "")):
        if w.endswith(suffix) and len(w) > 3 and not w.endswith("ss"):
            return w[: -len(suffix)] + repl
    return w


def same_value(gold: Any, pred: Any) -> bool:
    """Whether two values agree (within 0.0005 below 1, else to a relative 1e-6)."""
    if gold is None or pred is None:
        return gold is None and pred is None
    g, p = float(gold), float(pred)
    if abs(g) < 1:
        return abs(g - p) <= 0.0005
    return math.isclose(g, p, rel_tol=1e-6)


def _overlap(a: Mapping[str, Any], b: Mapping[str, Any]) -> int:
    return int(min(a["end"], b["end"]) - max(a["start"], b["start"]))


def score_document(doc: str, gold: Sequence[Mapping[str, Any]], preds: Iterable[Mapping[str, Any]]) -> Score:
    """Predictions use keys start, end, text, value, qualifier, unit, entity, section."""
    s = Score()
    golds = [g for g in gold if g.get("type") == "quantity"]
    free = list(preds)
    pairs: list[tuple[Mapping[str, Any], Mapping[str, Any]]] = []
    for g in sorted(golds, key=lambda g: g["start"]):
        best = max((p for p in free if _overlap(g, p) > 0), key=lambda p: _overlap(g, p), default=None)
        if best is None:
            if not g.get("optional"):
                s.fn += 1
                s.misses.append(f"{doc}: {g['text']!r}@{g['start']}")
            continue
        free.remove(best)
        if g.get("optional"):
            continue
        s.tp += 1
        pairs.append((g, best))
    for p in free:
        s.fp += 1
        s.spurious.append(f"{doc}: {p['text']!r}@{p['start']}")
    has_sections = any(r.get("type") == "section" for r in gold)
    for g, p in pairs:
        checks = {
            "value": same_value(g.get("value"), p.get("value")),
            "qualifier": norm_text(g.get("qualifier")) == norm_text(p.get("qualifier")),
            "unit": norm_unit(g.get("unit")) == norm_unit(p.get("unit")),
        }
        if g.get("entity"):
            checks["entity"] = head_word(g["entity"]) == head_word(p.get("entity"))
        if has_sections:
            checks["section"] = norm_text(g.get("section")) == norm_text(p.get("section"))
        for name, ok in checks.items():
            s.fields[name][0] += int(ok)
            s.fields[name][1] += 1
            if not ok:
                s.wrong.append(f"{doc}: {g['text']!r}@{g['start']} {name}: gold {g.get(name)!r} got {p.get(name)!r}")
    return s


def score_all(gold: Mapping[str, Sequence[Mapping[str, Any]]],
              preds: Mapping[str, Sequence[Mapping[str, Any]]]) -> tuple[Score, dict[str, Score]]:
    """Scores per gold document and over all of them; predictions for documents without gold are ignored."""
    per_doc = {doc: score_document(doc, rows, preds.get(doc, [])) for doc, rows in sorted(gold.items())}
    total = Score()
    for sc in per_doc.values():
        total.add(sc)
    return total, per_doc


def documents_in(output: Path) -> set[str]:
    """The file names of a run's documents (what gold is matched by)."""
    import pyarrow.parquet as pq

    from pipeline.output.store import table_path

    path = table_path(output, "documents")
    if not path.exists():
        return set()
    return {Path(s).name for s in pq.read_table(path, columns=["source_path"]).column("source_path").to_pylist()}


def gold_problem(gold: Mapping[str, Any], predictions: Mapping[str, Any], output: Path, where: Path,
                 ) -> tuple[str, str]:
    """Why scoring `output` against `gold` means nothing (no gold rows; no gold document in the run), and a note
    when some gold documents are missing from it (scored as missed)."""
    if not gold:
        return f"no gold rows in {str(where)!r} (expected .jsonl files)", ""
    matched = set(gold) & (set(predictions) | documents_in(output))
    if not matched:
        return (f"none of the {len(gold)} gold documents of {str(where)!r} is in {output}/ (gold is matched by file "
                "name)"), ""
    missing = len(gold) - len(matched)
    return "", f"{missing} of {len(gold)} gold documents are not in the run (scored as missed)" if missing else ""


def predictions_from_output(output: Path) -> dict[str, list[dict[str, Any]]]:
    """Predictions keyed by input file name, read from a run's Parquet tables."""
    import pyarrow.parquet as pq

    from pipeline.output.store import table_path

    quants = pq.read_table(table_path(output, "quantities")).to_pylist()
    sections = {(r["doc_id"], r["section_id"]): r["heading"]
                for r in pq.read_table(table_path(output, "sections")).to_pylist()}
    out: dict[str, list[dict[str, Any]]] = {}
    for q in quants:
        out.setdefault(Path(q["source_path"]).name, []).append(prediction(q, sections.get((q["doc_id"], q["section_id"]))))
    return out


def prediction(q: Mapping[str, Any], section: str | None) -> dict[str, Any]:
    """A quantities row (or dict with its columns) as the scorer reads it, with its section heading."""
    return {"start": q["char_start"], "end": q["char_end"], "text": q["text"], "value": q["value"],
            "qualifier": q["qualifier"], "unit": q["unit"], "entity": q["entity"], "section": section}


def table(total: Score, per_doc: Mapping[str, Score]) -> str:
    """The per-document and overall scores as a fixed-width text table."""
    head = f"{'document':48} {'gold':>4} {'P':>6} {'R':>6} {'F1':>6} " + " ".join(f"{f:>9}" for f in FIELDS)
    lines = [head, "-" * len(head)]

    def fmt(name: str, s: Score) -> str:
        acc = " ".join(f"{a:9.3f}" if (a := s.accuracy(f)) is not None else f"{'-':>9}" for f in FIELDS)
        return f"{name[:48]:48} {s.tp + s.fn:4d} {s.precision:6.3f} {s.recall:6.3f} {s.f1:6.3f} {acc}"

    lines += [fmt(doc, s) for doc, s in per_doc.items()]
    lines += ["-" * len(head), fmt("overall", total)]
    return "\n".join(lines)


def run_evaluate(args: "argparse.Namespace") -> int:
    """`extract evaluate OUTPUT GOLD [--json]`: 0 when scored, 2 when there is nothing to score."""
    import sys

    from pipeline.output.store import settle, table_path

    settle(args.output)  # a switch a killed run left half-done
    if not table_path(args.output, "quantities").exists() or not args.gold.exists():
        print("extract evaluate: error: need OUTPUT/quantities.parquet and a gold file or folder", file=sys.stderr)
        return 2
    gold, predictions = load_gold(args.gold), predictions_from_output(args.output)
    problem, note = gold_problem(gold, predictions, args.output, args.gold)
    if problem:
        print(f"extract evaluate: error: {problem}", file=sys.stderr)
        return 2
    if note:
        print(f"extract evaluate: {note}", file=sys.stderr)
    total, per_doc = score_all(gold, predictions)
    if args.json:
        print(json.dumps({"overall": total.as_dict(), "documents": {d: s.as_dict() for d, s in per_doc.items()}},
                         indent=2))
    else:
        print(table(total, per_doc))
    return 0


METRICS = ("f1", "value", "qualifier", "unit", "entity")
"""What the gate and the training report per set: detection F1 and the accuracy of four fields."""


def metrics(score: Score) -> dict[str, float]:
    """A set's figures for the gate: F1, then each field's accuracy (1.0 where no pair was checked)."""
    out = {"f1": score.f1}
    for m in METRICS[1:]:
        acc = score.accuracy(m)
        out[m] = 1.0 if acc is None else acc
    return out
