#!/usr/bin/env python3
"""Score the project on NewsQuant (shared/benchmarks/newsquant) with the official scorer.

    python3 bench/newsquant.py
Writes bench/results/newsquant-preds.json and bench/results/newsquant.md. Measures only: nothing is tuned.
"""
from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(ROOT))
NQ = Path("/work/shared/benchmarks/newsquant")
if not NQ.exists():
    NQ = ROOT.parent / "shared" / "benchmarks" / "newsquant"
RESULTS = BENCH / "results"
PUBLISHED = {"value": 92.0, "value+change": 88.1}  # CQE, F1, from the README's table


# ---------------------------------------------------------------- adapter: our Quantity -> NewsQuant
# Units: our normalised names -> the names of CQE's unit.json used by the gold.
NQ_UNIT = {"percent": "percentage", "USD": "dollar", "pound": "pound-mass", "meter": "metre",
           "kilometer": "kilometre", "fraction": "-", "times": "-",
           "MYR": "malaysian ringgit", "SGD": "singapore dollar", "JPY": "japanese yen", "nanometer": "nanometre",
           "square meter": "square metre", "square foot": "square feet", "degree Fahrenheit": "fahrenheit",
           "degree Celsius": "celsius"}
# Qualifier words -> NewsQuant change, per the README (CQE's lexicon: almost/nearly = '~',
# at least = '>', up to = '<'); otherwise our comparator, folded to NewsQuant's four symbols.
NQ_CHANGE_WORD = {"almost": "~", "nearly": "~", "approximately": "~", "about": "~", "around": "~",
                  "roughly": "~", "an estimated": "~", "close to": "~",
                  "more than": ">", "over": ">", "well over": ">", "at least": ">", "in excess of": ">",
                  "upwards of": ">", "+": ">", "or more": ">", "or older": ">", "or younger": "<",
                  "less than": "<", "fewer than": "<", "under": "<", "just under": "<", "up to": "<",
                  "no more than": "<", "or fewer": "<"}
NQ_CHANGE_SYMBOL = {"=": "=", "~": "~", ">": ">", ">=": ">", "<": "<", "<=": "<"}


# NewsQuant writes a vague magnitude as [base, 10 x base] ('hundreds' = 100-1000, 'dozens' = 12-120); the project
# writes its own order of magnitude (value_low/value_high), the same for every word except 'dozens' (24-144:
# two dozen to a gross). A naming difference of the convention, translated here only.
NQ_VAGUE_BASE = {"dozens": 12.0}


def _cell(m: dict[str, Any], k: str) -> str:
    return "n/a" if m.get(k) is None else f"{m[k]['P']} / {m[k]['R']} / {m[k]['F1']}"


def to_newsquant(q, text: str = "") -> dict | None:
    """One pipeline.entities.assemble Quantity -> one NewsQuant prediction, or None when it cannot be one.

    Vague magnitudes ('tens of thousands') become the range of their magnitude (value_low-value_high).
    Dates/identifiers/ordinals are not quantities in either convention. NewsQuant's `change` is one symbol:
    a bound wins over the direction ('lost more than 60%' and 'climbed more than 3%' are '>'); otherwise a rise
    or fall (the `change` column) is 'up'/'down' (for an approximation NewsQuant is split: 'up about 19 per
    cent' is '~', 'rose about 1.5%' is 'up'; the direction is kept); otherwise the qualifier's symbol, or '='.
    `text` is the sentence the quantity's offsets index (for the sign, see below).
    """
    if q.kind in ("date", "identifier", "ordinal"):
        return None
    if q.value is None:  # a vague magnitude: NewsQuant writes its order of magnitude as a range
        if q.value_low is None or q.value_high is None:
            return None
        base = NQ_VAGUE_BASE.get(" ".join(q.text.lower().split()))
        low, high = (base, 10 * base) if base else (q.value_low, q.value_high)
        q = dataclasses.replace(q, value=f"{low}-{high}")
    elif q.change == "down" and q.value > 0 and text[q.char_start - 1:q.char_start] in ("-", "\u2212"):
        # '-1.3%': the project reads a sign glued to a percent as a fall (change 'down', value 1.3, like 'fell
        # 1.3%'); NewsQuant writes the signed number (-1.3, 'down'). Only the written sign is translated.
        q = dataclasses.replace(q, value=-q.value)
    qual = " ".join((q.qualifier or "").lower().split())
    symbol = NQ_CHANGE_WORD.get(qual) or NQ_CHANGE_SYMBOL.get(q.comparator or "=", "=")
    change = symbol if symbol in (">", "<") else q.change or symbol
    if q.unit:
        unit = NQ_UNIT.get(q.unit, q.unit.lower())
    else:  # a plain count: NewsQuant uses the counted noun as the unit
        unit = (q.entity or "-").lower()
    return {"value": q.value, "normalized_unit": unit, "change": change,
            "concepts": q.entity if q.entity else None, "text": q.text}


def merge_ranges(qs: list) -> list:
    """NewsQuant writes a range as one quantity 'lo-hi'; the project writes its two ends, each carrying the
    range as value_low/value_high. Two adjacent ends with the same range become one item, in text order."""
    out, i = [], 0
    while i < len(qs):
        a = qs[i]
        b = qs[i + 1] if i + 1 < len(qs) else None
        if b is not None and a.value_low is not None and a.value_high is not None and a.value_low != a.value_high \
                and (a.value_low, a.value_high) == (b.value_low, b.value_high) and {a.value, b.value} == {a.value_low, a.value_high}:
            out.append((a, f"{a.value}-{b.value}"))
            i += 2
            continue
        out.append((a, None))
        i += 1
    return out
# ----------------------------------------------------------------------------------------------------


def main() -> None:
    from pipeline.nlp.load import load
    from pipeline.entities.assemble import quantify
    from pipeline.structure.sections import analyse

    gold = json.loads((NQ / "NewsQuant.json").read_text(encoding="utf-8"))
    nlp = load()
    preds, t0 = [], time.perf_counter()
    for item in gold:
        structure = analyse(item["text"])
        qs = []
        for q, span in merge_ranges(quantify(structure, nlp)):
            p = to_newsquant(q, item["text"])
            if p is not None and span is not None:
                p["value"] = span
            if p is not None:
                qs.append(p)
        preds.append({"text": item["text"], "quantities": qs})
    secs = time.perf_counter() - t0
    RESULTS.mkdir(parents=True, exist_ok=True)
    pred_file = RESULTS / "newsquant-preds.json"
    pred_file.write_text(json.dumps(preds, ensure_ascii=False, indent=1), encoding="utf-8")
    out = {}
    for mode in ("strict", "paper"):
        r = subprocess.run([sys.executable, str(NQ / "score_newsquant.py"), str(NQ / "NewsQuant.json"),
                            str(pred_file), "--mode", mode, "--json", "--name", "project"],
                           check=True, capture_output=True, text=True)
        out[mode] = json.loads(r.stdout)
    lines = ["| system | scorer mode | value P / R / F1 | value+change P / R / F1 |", "|---|---|---|---|"]
    for mode, r in out.items():
        lines.append(f"| project | {mode} | {_cell(r['metrics'], 'value')} | {_cell(r['metrics'], 'value+change')} |")
    lines.append(f"| CQE (published) | paper | F1 {PUBLISHED['value']} | F1 {PUBLISHED['value+change']} |")
    lines += ["", f"{len(gold)} sentences, {out['strict']['n_gold']} gold quantities, "
              f"{out['strict']['n_pred']} predicted; {len(gold) / secs:.1f} sentences/s (model load excluded).",
              "The published CQE figures use the paper's lenient counting (`--mode paper`) on the previous gold "
              "version (one row differs); `strict` is one-to-one matching. Adapter: bench/newsquant.py `to_newsquant`."]
    table = "\n".join(lines) + "\n"
    print(table)
    (RESULTS / "newsquant.md").write_text(table, encoding="utf-8")
    (RESULTS / "newsquant.json").write_text(json.dumps(out, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
