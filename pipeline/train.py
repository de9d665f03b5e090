"""Train the entity chooser on every labelled set, and measure it honestly (leave one set out).

    python3 -m pipeline.train [--fixtures tests/fixtures] [--out pipeline/entities/weights.json]
                              [--loso] [--report FILE] [--l2 1.0] [--steps 300]

Each labelled set (a folder with raw/ and gold/ under the fixtures, the seed as `seed`) is read, sectionized and
parsed once. The rules alone decide every entity while each figure's candidates and features are recorded; a gold
quantity with an entity makes one training example, whose correct candidates are those with the gold head word
(the evaluator's test). The model is a conditional logit (a softmax over a figure's candidates of the sum of their
features' weights), fitted by full-batch Adam with an L2 penalty from zero weights: deterministic, no seed needed,
numpy only (it comes with spaCy). `--loso` trains once per set on all the others, runs the real assembly with those
weights on the set left out and scores it with the evaluator, beside the rules alone.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pipeline.entities.candidates import Option
from pipeline.entities.chooser import RULES_ALONE, WEIGHTS, Chooser, Learned
from pipeline.entities.figure import Figure
from pipeline.evaluate import head_word, load_gold, metrics, prediction, score_all
from pipeline.records import Entity, Piece, RawDocument, Structure

if TYPE_CHECKING:
    import numpy as np
    from spacy.language import Language
    from spacy.tokens import Doc

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
OUT = Path(__file__).resolve().parent / "entities" / WEIGHTS
L2, STEPS, MARGIN = 30.0, 300, 3.0  # chosen on leave-one-set-out and in-sample figures (docs/evaluation.md)


@dataclass(slots=True)
class Parsed:
    """One labelled release, read and parsed once."""

    name: str
    raw: RawDocument
    structure: Structure
    items: list[tuple[Piece, "Doc"]]


def labelled_sets(fixtures: Path) -> dict[str, tuple[Path, Path]]:
    """Every labelled set under the fixtures: the seed (raw/, gold/) and each folder with raw/ and gold/."""
    out = {"seed": (fixtures / "raw", fixtures / "gold")}
    for d in sorted(p for p in fixtures.iterdir() if p.is_dir()):
        if (d / "raw").is_dir() and (d / "gold").is_dir():
            out[d.name] = (d / "raw", d / "gold")
    return out


def parse_set(raw_dir: Path, gold: dict[str, Any], nlp: "Language") -> list[Parsed]:
    from pipeline.nlp.parse import parse
    from pipeline.nlp.reads import model_text
    from pipeline.quantities.pieces import wanted
    from pipeline.readers.read import read
    from pipeline.structure.sections import analyse

    out = []
    for name in sorted(gold):
        raw = read(raw_dir / name)
        structure = analyse(raw.text)
        pieces = wanted(structure, structure.blocks)
        docs = parse(nlp, [model_text(p.text) for p in pieces])
        out.append(Parsed(name, raw, structure, list(zip(pieces, docs))))
    return out


def run(parsed: Iterable[Parsed], chooser: Chooser) -> dict[str, list[dict[str, Any]]]:
    """Predictions (the evaluator's dicts) of the real assembly with `chooser`, by release name."""
    from pipeline.entities.assemble import quantities_from_docs
    from pipeline.output.rows import document_rows

    preds = {}
    for p in parsed:
        quantities = quantities_from_docs(p.structure, p.items, chooser)
        _, sections, rows = document_rows(p.name, p.raw, p.structure, quantities)
        headings = {s["section_id"]: s["heading"] for s in sections}
        preds[p.name] = [prediction(q, headings.get(q["section_id"])) for q in rows]
    return preds


class _Recorder(Learned):
    """The rules alone decide (so the record is what they see); every figure's candidates are kept."""

    def choose(self, f: Figure) -> tuple[Entity | None, str | None]:
        super().choose(f)
        return RULES_ALONE.choose(f)


def examples(parsed: list[Parsed], gold: dict[str, list[dict[str, Any]]]) -> list[tuple[list[list[str]], list[int]]]:
    """(features of each candidate, which are right) for every gold quantity with an entity that a figure matches."""
    out = []
    for p in parsed:
        rec = _Recorder({}, seen=[])
        run([p], rec)
        assert rec.seen is not None
        figures = [(f.base + f.cand.start, f.base + f.cand.end, opts) for f, opts in rec.seen]
        for g in gold[p.name]:
            if g.get("type") != "quantity" or g.get("optional") or not g.get("entity"):
                continue
            empty: list[Option] = []
            best: tuple[int, list[Option]] = max(((min(e, g["end"]) - max(s, g["start"]), opts)
                                                  for s, e, opts in figures), key=lambda x: x[0], default=(0, empty))
            if best[0] <= 0 or not best[1]:
                continue
            want = head_word(g["entity"])
            opts: list[Option] = best[1]
            right = [int(head_word(o.entity.text) == want) for o in opts]
            out.append(([o.features for o in opts], right))
    return out


def fit(data: list[tuple[list[list[str]], list[int]]], l2: float = 1.0, steps: int = 300,
        rate: float = 0.05, margin: float = 0.0) -> dict[str, float]:
    """Conditional-logit weights (feature -> weight), fitted on the examples that have a right candidate. The rules'
    own choice (feature 'rc') keeps the fixed weight `margin`: the learned weights are what it takes to overrule it."""
    import numpy as np

    data = [d for d in data if any(d[1])]
    vocab = sorted({x for feats, _ in data for opt in feats for x in opt})
    index = {x: i for i, x in enumerate(vocab)}
    flat, counts, labels, sizes = [], [], [], []
    for feats, right in data:
        sizes.append(len(feats))
        for opt, ok in zip(feats, right):
            ids = [index[x] for x in opt]
            flat.extend(ids)
            counts.append(len(ids))
            labels.append(ok)
    flat_a = np.asarray(flat, dtype=np.int64)
    counts_a = np.asarray(counts, dtype=np.int64)
    starts = np.concatenate([[0], np.cumsum(counts_a)[:-1]])
    y = np.asarray(labels, dtype=np.float64)
    size_a = np.asarray(sizes, dtype=np.int64)
    first = np.concatenate([[0], np.cumsum(size_a)[:-1]])
    owner = np.repeat(np.arange(len(sizes)), size_a)
    w = np.zeros(len(vocab))
    fixed = np.zeros(len(vocab), dtype=bool)
    if "rc" in index:
        w[index["rc"]], fixed[index["rc"]] = margin, True
    m, v = np.zeros_like(w), np.zeros_like(w)
    n = max(1, len(data))
    for t in range(1, steps + 1):
        grad = _gradient(w, flat_a, starts, counts_a, first, owner, y, len(vocab)) / n + l2 * w / n
        grad[fixed] = 0.0
        m = 0.9 * m + 0.1 * grad
        v = 0.999 * v + 0.001 * grad * grad
        w -= rate * (m / (1 - 0.9 ** t)) / (np.sqrt(v / (1 - 0.999 ** t)) + 1e-8)
    return {x: round(float(w[i]), 4) for i, x in enumerate(vocab) if abs(w[i]) >= 5e-4}


def _gradient(w: "np.ndarray", flat: "np.ndarray", starts: "np.ndarray", counts: "np.ndarray", first: "np.ndarray",
              owner: "np.ndarray", y: "np.ndarray", size: int) -> "np.ndarray":
    import numpy as np

    scores = np.add.reduceat(w[flat], starts)
    top = np.maximum.reduceat(scores, first)
    e = np.exp(scores - top[owner])
    p = e / np.add.reduceat(e, first)[owner]
    right = p * y
    q = right / np.add.reduceat(right, first)[owner]
    g = p - q
    return np.bincount(flat, weights=np.repeat(g, counts), minlength=size)


def evaluate(sets: dict[str, tuple[Path, Path]], nlp: "Language", loso: bool = False, l2: float = L2,
             steps: int = STEPS, margin: float = MARGIN) -> tuple[dict[str, float], dict[str, dict[str, dict[str, float]]]]:
    """The weights trained on every set, and per set the scores of the rules alone, of those weights (in sample)
    and, with `loso`, of weights trained on every other set."""
    gold = {name: load_gold(g) for name, (_, g) in sets.items()}
    parsed = {name: parse_set(r, gold[name], nlp) for name, (r, _) in sets.items()}
    data = {name: examples(parsed[name], gold[name]) for name in sets}
    weights = fit([x for d in data.values() for x in d], l2, steps, margin=margin)
    report: dict[str, dict[str, dict[str, float]]] = {}
    for name in sets:
        report[name] = {"rules": metrics(score_all(gold[name], run(parsed[name], RULES_ALONE))[0]),
                        "in_sample": metrics(score_all(gold[name], run(parsed[name], Learned(weights)))[0])}
        if loso:
            held = fit([x for other, d in data.items() if other != name for x in d], l2, steps, margin=margin)
            report[name]["loso"] = metrics(score_all(gold[name], run(parsed[name], Learned(held)))[0])
        report[name]["examples"] = {"n": float(len(data[name])), "reachable": float(sum(any(r) for _, r in data[name]))}
    return weights, report


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--fixtures", type=Path, default=FIXTURES)
    ap.add_argument("--out", type=Path, default=OUT, help="where the weights go (package data)")
    ap.add_argument("--loso", action="store_true", help="also leave each set out: train on the others, score it")
    ap.add_argument("--report", type=Path, help="write the figures as JSON here")
    ap.add_argument("--l2", type=float, default=L2)
    ap.add_argument("--steps", type=int, default=STEPS)
    ap.add_argument("--margin", type=float, default=MARGIN)
    args = ap.parse_args(argv)
    from pipeline.nlp.load import load

    began = time.monotonic()
    sets = labelled_sets(args.fixtures)
    weights, report = evaluate(sets, load(), args.loso, args.l2, args.steps, args.margin)
    meta = {"model": "conditional logit over each figure's candidates (pipeline.entities.candidates)",
            "trained_on": {name: int(row["examples"]["n"]) for name, row in report.items()},
            "l2": args.l2, "steps": args.steps, "margin": args.margin, "command": "python3 -m pipeline.train"}
    args.out.write_text(json.dumps({"meta": meta, "weights": dict(sorted(weights.items()))}, indent=0) + "\n",
                        encoding="utf-8")
    print(f"{len(weights)} weights -> {args.out} ({args.out.stat().st_size} bytes, {time.monotonic() - began:.0f} s)",
          file=sys.stderr)
    if args.report:
        args.report.write_text(json.dumps(report, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(table(report))
    return 0


def table(report: dict[str, dict[str, dict[str, float]]]) -> str:
    """The leave-one-set-out table in Markdown: per set, the rules alone and the learned chooser."""
    cols = [c for c in ("rules", "loso", "in_sample") if all(c in r for r in report.values())]
    report = {name: {c: row[c] for c in cols} for name, row in report.items()}
    head = "| set | " + " | ".join(f"entity {c}" for c in cols) + " | unit " + " | unit ".join(cols) + \
        " | F1 " + " | F1 ".join(cols) + " |"
    lines = [head, "|" + "---|" * (1 + 3 * len(cols))]
    for name, row in report.items():
        lines.append(f"| {name} | " + " | ".join(f"{row[c]['entity']:.3f}" for c in cols) + " | "
                     + " | ".join(f"{row[c]['unit']:.3f}" for c in cols) + " | "
                     + " | ".join(f"{row[c]['f1']:.3f}" for c in cols) + " |")
    for label, pick in (("mean", lambda xs: sum(xs) / len(xs)), ("worst", min)):
        cells = [f"{pick([r[c][m] for r in report.values()]):.3f}" for m in ("entity", "unit", "f1") for c in cols]
        lines.append(f"| **{label}** | " + " | ".join(cells) + " |")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
