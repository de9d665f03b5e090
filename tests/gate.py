"""Shared by the evaluation gate test and `python -m tests.gate`: score each labelled set in-process."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from pipeline.evaluate import Score, load_gold, prediction, score_all
from pipeline.run.document import process_file

FIXTURES = Path(__file__).resolve().parent / "fixtures"
SETS = {"seed": (FIXTURES / "raw", FIXTURES / "gold"),
        "dev": (FIXTURES / "dev" / "raw", FIXTURES / "dev" / "gold"),
        "corpus": (FIXTURES / "corpus" / "raw", FIXTURES / "corpus" / "gold"),
        "holdout": (FIXTURES / "holdout" / "raw", FIXTURES / "holdout" / "gold"),
        "unseen": (FIXTURES / "unseen" / "raw", FIXTURES / "unseen" / "gold"),
        "fresh": (FIXTURES / "fresh" / "raw", FIXTURES / "fresh" / "gold"),
        "fresh2": (FIXTURES / "fresh2" / "raw", FIXTURES / "fresh2" / "gold"),
        "fresh3": (FIXTURES / "fresh3" / "raw", FIXTURES / "fresh3" / "gold"),
        "fresh4": (FIXTURES / "fresh4" / "raw", FIXTURES / "fresh4" / "gold"),
        **{name: (FIXTURES / name / "raw", FIXTURES / name / "gold") for name in (
            "dev2", "batcha1", "batcha2", "batcha3", "batcha4", "batcha5", "batcha6",
            "batchb1", "batchb2", "batchb3", "batchb4", "batchb5", "batchb6", "batchb7")}}
FLOORS = FIXTURES / "floors.json"


def gold_hash(gold_dir: Path) -> str:
    h = hashlib.sha256()
    for f in sorted(gold_dir.glob("*.jsonl")):
        h.update(f.name.encode() + b"\0" + f.read_bytes())
    return h.hexdigest()[:16]


def evaluate_set(name: str, nlp: Any) -> tuple[Score, dict[str, Score]]:
    raw_dir, gold_dir = SETS[name]
    gold = load_gold(gold_dir)
    preds: dict[str, list[dict[str, Any]]] = {}
    for doc in gold:
        tables = process_file(raw_dir / doc, doc, nlp)
        assert not tables.errors, tables.errors
        headings = {(s["doc_id"], s["section_id"]): s["heading"] for s in tables.sections}
        preds[doc] = [prediction(q, headings.get((q["doc_id"], q["section_id"]))) for q in tables.quantities]
    return score_all(gold, preds)


if __name__ == "__main__":
    from pipeline.evaluate import table
    from pipeline.nlp.load import load

    nlp = load()
    for name in SETS:
        total, per_doc = evaluate_set(name, nlp)
        print(f"\n## {name} (gold {gold_hash(SETS[name][1])})\n")
        print(table(total, per_doc))
