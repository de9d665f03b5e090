#!/usr/bin/env python3
"""Candidate libraries for the number grammar, measured on the same surfaces as the project's reader.

    python3 bench/number_libs.py          # creates bench/.venv-numlibs on first use
Runs text2num, number-parser, numerizer, price-parser and pint (in their own venv, never project dependencies)
and the project's `find_candidates` on every row of `CASES` (a surface inside a sentence and the value it
means), and reports per library: values right, whether it gives offsets into the text, and microseconds per
sentence. Writes bench/results/number_libs.md.
"""
from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(ROOT))
VENV = BENCH / ".venv-numlibs"
DEPS = ["text2num==3.1.0", "number-parser==0.3.2", "numerizer==0.2.4", "price-parser==0.5.1", "pint==0.25.3"]
RESULTS = BENCH / "results"

# (sentence, the number's surface, its value)
CASES = [
    ("He was sentenced to fifty-seven months in prison.", "fifty-seven", 57),
    ("She received one hundred and twelve letters.", "one hundred and twelve", 112),
    ("The fund holds eleven thousand, four hundred and six dollars.", "eleven thousand, four hundred and six", 11406),
    ("The agency has two hundred thousand files.", "two hundred thousand", 200000),
    ("About three million, two hundred & forty people.", "three million, two hundred & forty", 3000240),
    ("The deficit was four trillion dollars.", "four trillion", 4e12),
    ("He waited two and a half years.", "two and a half", 2.5),
    ("It is a quarter of a million dollars.", "a quarter of a million", 250000),
    ("She bought a dozen eggs.", "a dozen", 12),
    ("Three dozen officers responded.", "Three dozen", 36),
    ("They owed $1.8m in back taxes.", "$1.8m", 1.8e6),
    ("The budget is $2.174T.", "$2.174T", 2.174e12),
    ("He paid $3.2 mil. in fines.", "$3.2 mil.", 3.2e6),
    ("Revenue fell to -9.23 percent.", "-9.23", -9.23),
    ("The annual loss was ($99.99).", "($99.99)", -99.99),
    ("Temperatures hit minus five degrees.", "minus five", -5),
    ("The settlement is 10 000 dollars.", "10 000", 10000),
    ("Agents counted 1 234 567 encounters.", "1 234 567", 1234567),
    ("The lab found 1.234 kilograms.", "1.234", 1.234),
    ("His blood alcohol was .08 percent.", ".08", 0.08),
    ("The mass is 6.02e23 units.", "6.02e23", 6.02e23),
    ("The wall is 2 1/2 feet high.", "2 1/2", 2.5),
    ("They walked three-quarters of a mile.", "three-quarters", 0.75),
    ("One-third of cases were dismissed.", "One-third", 1 / 3),
    ("The fine was 3 dollars and 50 cents.", "3 dollars and 50 cents", 3.5),
    ("Police seized 127,000 pills.", "127,000", 127000),
    ("The office filed 62 cases.", "62", 62),
    ("The price is 1,500.50 euros.", "1,500.50", 1500.5),
]


def run_libs() -> dict:
    py = VENV / "bin" / "python"
    if not py.exists():
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
        subprocess.run([str(py), "-m", "pip", "install", "-q", *DEPS], check=True)
    code = r'''
import json, sys, time, re
cases = json.loads(sys.stdin.read())
out = {}
def timed(name, fn):
    res, t = [], time.perf_counter()
    for sent, surface, value in cases:
        try:
            res.append(fn(sent, surface))
        except Exception as e:
            res.append(None)
    out[name] = {"values": res, "seconds": time.perf_counter() - t}
from text_to_num import alpha2digit, text2num
def t2n(sent, surface):
    try:
        return float(text2num(surface.lower(), "en"))
    except Exception:
        got = alpha2digit(surface, "en")
        m = re.search(r"-?\d[\d,]*(?:\.\d+)?", got)
        return float(m.group().replace(",", "")) if m else None
timed("text2num", t2n)
from number_parser import parse_number
timed("number-parser", lambda s, surf: (lambda v: None if v is None else float(v))(parse_number(surf)))
from numerizer import numerize
def nz(sent, surf):
    got = numerize(surf)
    m = re.search(r"-?\d[\d,]*(?:\.\d+)?", got)
    return float(m.group().replace(",", "")) if m else None
timed("numerizer", nz)
from price_parser import Price
timed("price-parser", lambda s, surf: (lambda p: None if p.amount is None else float(p.amount))(Price.fromstring(surf)))
import pint
ureg = pint.UnitRegistry()
def pn(sent, surf):
    q = ureg.parse_expression(surf)
    return float(q.magnitude if hasattr(q, "magnitude") else q)
timed("pint", pn)
print(json.dumps(out))
'''
    r = subprocess.run([str(py), "-c", code], input=json.dumps(CASES), capture_output=True, text=True, check=True)
    return json.loads(r.stdout)


def run_project() -> dict:
    from pipeline.quantities.numbers import find_candidates

    find_candidates("warm up: 1 and one")  # compiles the patterns once, as a run does at start
    res, t = [], time.perf_counter()
    for sent, surface, _ in CASES:
        start = sent.index(surface)
        cands = [c for c in find_candidates(sent) if c.start < start + len(surface) and start < c.end]
        # one candidate over the surface ('-9.23' is read with its sign outside the span, '($99.99)' without its
        # parentheses): its value; several (a number split in two) or none: wrong
        res.append(cands[0].value if len(cands) == 1 else None if not cands else [c.value for c in cands])
    return {"values": res, "seconds": time.perf_counter() - t}


def right(got, want) -> bool:
    return isinstance(got, (int, float)) and abs(got - want) <= 1e-6 * max(1.0, abs(want))


def main() -> None:
    results = {"project (find_candidates, in the sentence)": run_project(), **run_libs()}
    offsets = {"text2num": "no (rewrites the text)", "number-parser": "no (rewrites the text)",
               "numerizer": "no (rewrites the text)", "price-parser": "no (one price per string)",
               "pint": "no (one expression per string)"}
    lines = ["| reader | values right | offsets | µs per case |", "|---|---|---|---|"]
    for name, r in results.items():
        ok = sum(right(g, c[2]) for g, c in zip(r["values"], CASES))
        lines.append(f"| {name} | {ok}/{len(CASES)} | {offsets.get(name, 'yes (spans in the sentence)')} | "
                     f"{1e6 * r['seconds'] / len(CASES):.0f} |")
    lines += ["", "| surface | want | " + " | ".join(results) + " |", "|---|---|" + "---|" * len(results)]
    for i, (_, surface, want) in enumerate(CASES):
        lines.append(f"| {surface} | {want:g} | " + " | ".join(
            ("✓" if right(r["values"][i], want) else f"✗ {r['values'][i]}") for r in results.values()) + " |")
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "number_libs.md").write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
