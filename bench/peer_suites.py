#!/usr/bin/env python3
"""Number suites side by side: the project, quantulum3, CQE and Recognizers-Text on the same sentences.

    python3 bench/peer_suites.py [--suite quantulum3|quantulum3-ambiguity|numsuite ...] [--tools project,cqe,...]

Suites:
- `quantulum3`, `quantulum3-ambiguity`: quantulum3's own test files, read from the package installed in the peers
  venv (`quantulum3/_lang/en_US/tests/quantities.json`, `quantities.ambiguity.json`). Each gold figure is located
  by its surface in the sentence.
- `numsuite`: the project's press-release number sentences (`tests/fixtures/numsuite/`), labelled blind by a
  session that never saw any tool's output; its categories are the labeller's. Optional figures are neither
  required nor penalised.

One scorer for every tool (`score`): a gold figure is *found* when a prediction overlaps its span; *value right*
when an overlapping prediction has its value (relative tolerance 1e-6; a range is right when the predictions
overlapping it give both ends, or its midpoint as quantulum3 writes it); *unit right* when that prediction's
unit, normalised by `UNIT_CANON`, is the gold's. A *leak* is a figure predicted where the gold has none (a
prediction that overlaps no gold figure); in brackets, those on a labelled non-quantity (numsuite). Predictions
of kind date/identifier/ordinal and vague magnitudes without a value are not figures (GOLD.md). Value F1 uses
value-right figures over gold (recall) and over predictions (precision).

`CONVENTION` lists the quantulum3 gold figures that GOLD.md says are not quantities (years, names with digits,
product numbers); they are scored both ways, with (`all`) and without (`GOLD.md`) them.
Writes bench/results/peer_suites.md and .json.
"""
from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(BENCH))

import peers  # noqa: E402

RESULTS = BENCH / "results"
REC_VENV = BENCH / ".venv-recognizers"
REC_DEPS = ["recognizers-text-suite==1.0.2a2", "emoji<1.0"]  # the suite's emoji API went away in emoji 1.0
NUMSUITE = ROOT / "tests" / "fixtures" / "numsuite"
TOOLS = ("project", "quantulum3", "cqe", "recognizers")

# Unit names of every tool and of the gold -> one name. Currencies are ISO codes.
UNIT_CANON = {
    "metre": "meter", "meters": "meter", "kilometre": "kilometer", "centimetre": "centimeter",
    "millimetre": "millimeter", "nanometre": "nanometer", "picometre": "picometer", "litre": "liter",
    "centilitre": "centiliter", "millilitre": "milliliter", "cubic centimetre": "milliliter",
    "square kilometre": "square kilometer", "square metre": "square meter", "cubic kilometre": "cubic kilometer",
    "pound-mass": "pound", "pound sterling": "GBP", "pound_sterling": "GBP", "penny": "GBP", "pence": "GBP",
    "dollar": "USD", "united states dollar": "USD", "cent": "USD", "dime": "USD", "euro": "EUR", "yen": "JPY",
    "japanese yen": "JPY", "percentage": "percent", "degree fahrenheit": "degree Fahrenheit",
    "degree celsius": "degree Celsius", "fahrenheit": "degree Fahrenheit", "celsius": "degree Celsius",
    "dimensionless": None, "-": None, "": None, "count": None, "dozen": None,
}
# quantulum3 gold that GOLD.md does not count as a quantity: (sentence prefix, gold surface) -> why.
CONVENTION = {
    ("Hubble images of the non-standard object", "2"): "a name with digits ('SCP 06F6 ... 2')",
    ("Hubble images of the non-standard object", "1979"): "a year",
    ("The class is \"English 101\"", "101"): "a name with digits ('English 101')",
    ("It increased by 35%", "1960"): "a year ('the 1960s')",
    ("valued at $13,009 million in 2013", "2013"): "a year",
    ("Fermilab's Tevatron", "2005"): "a year",
    ("Fermilab's Tevatron", "2011"): "a year",
    ("Cannington", "32"): "a name with digits ('South 32 Ltd')",
    ("Intel Core i7 860", "860"): "a product number ('Core i7 860')",
    ("Bahco 9031", "9031"): "a product number ('Bahco 9031')",
}
FRACTION_WORDS = r"half|halves|third|thirds|quarter|quarters|fourth|fifth|sixth|eighth|tenth"
NUMBER_WORDS = (r"\b(?:zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|"
                r"sixty|seventy|eighty|ninety|hundred|thousand|million|billion|trillion|a\s+gallon|a\s+dozen|a\s+penny)")
# Category of a quantulum3 gold figure, from its surface: the first rule that matches.
CATEGORIES = [
    ("range", re.compile(r"\d\s*(?:-|–|to|and)\s*-?\d|between|\d- to", re.I)),
    ("negative", re.compile(r"^\(?\$?[-−]|\(\$|minus|negative", re.I)),
    ("scientific", re.compile(r"\d(?:e[-−]?\d|\s?[x×]\s?\d+\^?[-−]?\d)", re.I)),
    ("fraction", re.compile(rf"\d\s*/\s*\d|[½¼¾⅓⅔⅛]|\b(?:{FRACTION_WORDS})\b", re.I)),
    ("spelled-out", re.compile(NUMBER_WORDS, re.I)),
    ("currency", re.compile(r"[$€£¥]|dollar|pound|cent|dime|penny|yen|euro", re.I)),
    ("scale suffix", re.compile(r"\d\s?(?:k|m|b|t|bn|mn)\b|million|billion", re.I)),
    ("grouped digits", re.compile(r"\d[ ,]\d{3}")),
    ("unit", re.compile(r"\d\s*[^\d\s]")),
    ("plain", re.compile(r".")),
]


@dataclass
class Gold:
    sid: str
    start: int
    end: int
    value: float | None
    unit: str | None
    category: str
    low: float | None = None
    high: float | None = None
    convention: str | None = None  # why GOLD.md does not count it
    midpoint: bool = False  # quantulum3 writes a range as its midpoint and half-width


@dataclass
class Sentence:
    sid: str
    text: str
    gold: list[Gold] = field(default_factory=list)
    non_quantities: list[tuple[int, int]] = field(default_factory=list)


def canon(unit: str | None) -> str | None:
    if unit is None:
        return None
    u = str(unit).strip()
    return UNIT_CANON.get(u.lower(), u) if u.lower() in UNIT_CANON else u


def category_of(surface: str) -> str:
    return next(name for name, rx in CATEGORIES if rx.search(surface))


def quantulum_suite(name: str) -> list[Sentence]:
    files = {"quantulum3": "quantities.json", "quantulum3-ambiguity": "quantities.ambiguity.json"}
    found = list(peers.VENV.glob(f"lib/python3*/site-packages/quantulum3/_lang/en_US/tests/{files[name]}"))
    if not found:
        raise SystemExit(f"quantulum3 is not installed in {peers.VENV} (run bench/peers.py once)")
    out = []
    for i, item in enumerate(json.loads(found[0].read_text(encoding="utf-8"))):
        sent = Sentence(f"{name}:{i}", item["req"])
        pos = 0
        for r in item["res"]:
            s = sent.text.find(r["surface"], pos)
            if s < 0:
                s = sent.text.find(r["surface"])
            if s < 0:
                continue
            pos = s + len(r["surface"])
            unc = r.get("uncertainty")
            why = next((w for (pre, surf), w in CONVENTION.items()
                        if sent.text.startswith(pre) and surf == r["surface"]), None)
            sent.gold.append(Gold(sent.sid, s, pos, float(r["value"]), canon(r["unit"]), category_of(r["surface"]),
                                  r["value"] - unc if unc else None, r["value"] + unc if unc else None, why,
                                  midpoint=bool(unc)))
        out.append(sent)
    return out


def numsuite() -> list[Sentence]:
    """tests/fixtures/numsuite/*.jsonl, one sentence a row: {id, category, origin, sentence, quantities: [{text,
    start, end, value, unit, low, high, kind, optional, ...}], non_quantities: [{text, start, end, kind}]}."""
    out = []
    for path in sorted(NUMSUITE.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            row = json.loads(line)
            sent = Sentence(str(row["id"]), row["sentence"])
            for g in row.get("quantities") or []:
                sent.gold.append(Gold(sent.sid, g["start"], g["end"], g.get("value"), canon(g.get("unit")),
                                      row["category"], g.get("low"), g.get("high"),
                                      "optional" if g.get("optional") else None))
            sent.non_quantities = [(n["start"], n["end"]) for n in row.get("non_quantities") or []]
            out.append(sent)
    return out


# ---------------------------------------------------------------- tools

def run_project(sents: list[Sentence]) -> tuple[dict[str, list[dict]], float]:
    from pipeline.nlp.load import load
    from pipeline.entities.assemble import quantify
    from pipeline.structure.sections import analyse

    nlp = load()
    preds, secs = {}, 0.0
    for s in sents:
        t = time.perf_counter()
        qs = quantify(analyse(s.text), nlp)
        secs += time.perf_counter() - t
        preds[s.sid] = [{"start": q.char_start, "end": q.char_end, "text": q.text, "value": q.value,
                         "low": q.value_low, "high": q.value_high, "unit": q.unit, "kind": q.kind}
                        for q in qs]
    return preds, secs


def ensure_recognizers() -> Path:
    py = REC_VENV / "bin" / "python"
    marker = REC_VENV / ".bench-installed"
    if not (py.exists() and marker.exists() and marker.read_text() == "\n".join(REC_DEPS)):
        if not py.exists():
            subprocess.run([sys.executable, "-m", "venv", str(REC_VENV)], check=True)
        subprocess.run([str(py), "-m", "pip", "install", "-q", "--disable-pip-version-check", *REC_DEPS],
                       check=True)
        marker.write_text("\n".join(REC_DEPS))
    return py


def run_peer(tool: str, sents: list[Sentence], suite: str, cached: bool = False) -> tuple[dict[str, list[dict]], float]:
    """A peer's predictions in its own venv; with `cached`, the last run's on the same sentences are reused."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    docs = json.dumps([{"doc": s.sid, "text": s.text} for s in sents], ensure_ascii=False)
    inp = RESULTS / f"suite-docs-{suite}.json"
    outp = RESULTS / f"suite-preds-{suite}-{tool}.json"
    if not (cached and outp.exists() and inp.exists() and inp.read_text(encoding="utf-8") == docs):
        py = ensure_recognizers() if tool == "recognizers" else peers.PY
        if tool != "recognizers":
            peers.ensure_venv()
        inp.write_text(docs, encoding="utf-8")
        subprocess.run([str(py), str(BENCH / "peer_runner.py"), "--tool", tool, "--whole", "--input", str(inp),
                        "--output", str(outp)], check=True, env=peers.PEER_ENV, stderr=subprocess.DEVNULL)
    res = json.loads(outp.read_text(encoding="utf-8"))
    return {d["doc"]: d["preds"] for d in res["docs"]}, sum(d["seconds"] for d in res["docs"])


# ---------------------------------------------------------------- scoring

def _close(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return False
    return abs(a - b) <= 1e-6 * max(abs(a), abs(b)) or (abs(b) < 1 and abs(a - b) <= 0.0005)


def _is_figure(p: dict) -> bool:
    return p.get("kind") not in ("date", "identifier", "ordinal") and (p.get("value") is not None
                                                                       or p.get("low") is not None)


@dataclass
class Tally:
    gold: int = 0
    found: int = 0
    value: int = 0
    unit: int = 0
    preds: int = 0
    value_preds: int = 0
    leaks: int = 0
    nq_leaks: int = 0  # leaks on a labelled non-quantity
    misses: list[str] = field(default_factory=list)

    def add(self, o: "Tally") -> None:
        for k in ("gold", "found", "value", "unit", "preds", "value_preds", "leaks", "nq_leaks"):
            setattr(self, k, getattr(self, k) + getattr(o, k))
        self.misses += o.misses

    def value_f1(self) -> float:
        p = self.value_preds / self.preds if self.preds else 0.0
        r = self.value / self.gold if self.gold else 0.0
        return 2 * p * r / (p + r) if p + r else 0.0


def score(sents: list[Sentence], preds: dict[str, list[dict]], gold_md: bool = False
          ) -> tuple[dict[str, Tally], Tally]:
    """Per category and in total; with gold_md, figures GOLD.md does not count are left out."""
    cats: dict[str, Tally] = {}
    total = Tally()
    for s in sents:
        ps = [p for p in preds.get(s.sid, []) if _is_figure(p)]
        skip = [g for g in s.gold if g.convention == "optional" or (gold_md and g.convention)]
        golds = [g for g in s.gold if g not in skip]
        excluded = skip
        used: set[int] = set()
        for g in golds:
            t = cats.setdefault(g.category, Tally())
            t.gold += 1
            over = [i for i, p in enumerate(ps) if p["start"] < g.end and g.start < p["end"]]
            if not over:
                t.misses.append(f"{s.text[g.start:g.end]!r} missed in {s.text[:80]!r}")
                continue
            t.found += 1
            ends = {v for i in over for v in (ps[i]["value"], ps[i].get("low"), ps[i].get("high")) if v is not None}
            if g.midpoint:  # quantulum3's range: both ends among the predictions, or the midpoint itself
                ok_value = (any(_close(g.low, v) for v in ends) and any(_close(g.high, v) for v in ends)) or \
                    any(_close(g.value, ps[i]["value"]) for i in over)
                right = over
            elif g.value is None:  # a vague magnitude: no value, its order of magnitude as low/high
                right = [i for i in over if ps[i]["value"] is None and _close(g.low, ps[i].get("low"))
                         and _close(g.high, ps[i].get("high"))]
                ok_value = bool(right)
            else:
                right = [i for i in over if _close(g.value, ps[i]["value"])]
                ok_value = bool(right)
            right = right or over
            ok_unit = any(canon(ps[i].get("unit")) == g.unit for i in right)
            t.value += ok_value
            t.unit += ok_unit
            if ok_value:
                used.update(i for i in over if i not in used)
            else:
                used.update(over)
                t.misses.append(f"{s.text[g.start:g.end]!r} read {[ps[i]['value'] for i in over]} "
                                f"in {s.text[:80]!r}")
        for i, p in enumerate(ps):
            if any(p["start"] < g.end and g.start < p["end"] for g in excluded):
                continue  # not a figure for GOLD.md, not a leak either
            cat = next((g.category for g in golds if p["start"] < g.end and g.start < p["end"]), None)
            t = cats.setdefault(cat or "(no figure)", Tally())
            t.preds += 1
            if i in used and cat is not None:
                g = next(g for g in golds if p["start"] < g.end and g.start < p["end"])
                t.value_preds += _close(g.value, p["value"]) or ((g.midpoint or g.value is None) and any(
                    _close(x, v) for x in (g.low, g.high) for v in (p["value"], p.get("low"), p.get("high"))))
            if cat is None:
                t.leaks += 1
                t.nq_leaks += any(p["start"] < b and a < p["end"] for a, b in s.non_quantities)
                t.misses.append(f"leak {p['text']!r} ({p['value']}) in {s.text[:80]!r}")
    for t in cats.values():
        total.add(t)
    return cats, total


def fmt(n: int, d: int) -> str:
    return f"{n}/{d} ({n / d:.3f})" if d else "–"


def table(suite: str, results: dict[str, tuple[dict[str, Tally], Tally, float]], n_sent: int) -> list[str]:
    lines = [f"### {suite} ({n_sent} sentences)", "",
             "| category | tool | gold | found | value right | unit right | leaks | value F1 |",
             "|---|---|---|---|---|---|---|---|"]
    cats = sorted({c for cs, _, _ in results.values() for c in cs}, key=lambda c: (c == "(no figure)", c))
    for cat in [*cats, "**all**"]:
        for tool, (cs, total, _) in results.items():
            t = total if cat == "**all**" else cs.get(cat, Tally())
            lines.append(f"| {cat} | {tool} | {t.gold} | {fmt(t.found, t.gold)} | {fmt(t.value, t.gold)} | "
                         f"{fmt(t.unit, t.gold)} | {t.leaks} ({t.nq_leaks}) | {t.value_f1():.3f} |")
    lines.append("")
    lines.append("| tool | sentences/s |")
    lines.append("|---|---|")
    for tool, (_, _, secs) in results.items():
        lines.append(f"| {tool} | {n_sent / secs if secs else 0:.1f} |")
    return lines + [""]


def load_suite(name: str) -> list[Sentence]:
    return numsuite() if name == "numsuite" else quantulum_suite(name)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--suite", action="append", choices=["quantulum3", "quantulum3-ambiguity", "numsuite"])
    ap.add_argument("--tools", default=",".join(TOOLS))
    ap.add_argument("--misses", action="store_true", help="print what each tool missed or read wrong")
    ap.add_argument("--cached-peers", action="store_true", help="reuse the peers' last predictions on the same sentences")
    a = ap.parse_args()
    suites = a.suite or ["quantulum3", "quantulum3-ambiguity"] + (["numsuite"] if any(NUMSUITE.glob("*.jsonl"))
                                                                  else [])
    tools = a.tools.split(",")
    md, figures = ["# Number suites side by side (bench/peer_suites.py)", ""], {}
    for suite in suites:
        sents = load_suite(suite)
        runs = {tool: (run_project(sents) if tool == "project" else run_peer(tool, sents, suite, a.cached_peers))
                for tool in tools}
        views = [("", False)] + ([(" — GOLD.md figures only", True)] if suite.startswith("quantulum3") else [])
        for label, gold_md in views:
            results = {}
            for tool, (preds, secs) in runs.items():
                cats, total = score(sents, preds, gold_md)
                results[tool] = (cats, total, secs)
                figures[f"{suite}{'/gold_md' if gold_md else ''}/{tool}"] = {
                    c: vars(t) | {"value_f1": t.value_f1()} for c, t in {**cats, "all": total}.items()}
                if a.misses and not gold_md:
                    print(f"== {suite} {tool}", *total.misses, sep="\n  ", file=sys.stderr)
            md += table(suite + label, results, len(sents))
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "peer_suites.md").write_text("\n".join(md), encoding="utf-8")
    (RESULTS / "peer_suites.json").write_text(json.dumps(figures, indent=1), encoding="utf-8")
    print("\n".join(md))


if __name__ == "__main__":
    main()
