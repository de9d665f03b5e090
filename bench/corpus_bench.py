#!/usr/bin/env python3
"""Throughput and scale on the county prosecutor corpus: one table, one run.

    python3 bench/corpus_bench.py --sample 1000          # a fixed sample (every k-th release), quick
    python3 bench/corpus_bench.py                        # the whole corpus (8,635 releases)
    python3 bench/corpus_bench.py --sample 300 --peers   # also CQE and quantulum3 per sentence, same text

Measures `extract` end to end as a user runs it (wall time, documents and words per second, peak RSS of
the whole process tree), the re-run with nothing changed, the time per stage (read, structure, NLP,
rules, write) on the sample in one process, and per-sentence throughput against the peers.
Writes bench/results/corpus.md.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(BENCH))
CORPUS = ROOT.parent / "shared" / "corpus" / "prosecutor-press-releases" / "text"
RESULTS = BENCH / "results"


def corpus_files() -> list[Path]:
    return sorted(p for p in CORPUS.rglob("*.txt") if p.is_file())


def sample(files: list[Path], n: int | None) -> list[Path]:
    if not n or n >= len(files):
        return files
    step = len(files) / n
    return [files[int(i * step)] for i in range(n)]


def _tree_rss(pid: int) -> int:
    """Resident memory of a process and all its descendants, in bytes."""
    total, todo = 0, [pid]
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as fh:
                    ppid = int(fh.read().rsplit(")", 1)[1].split()[1])
                children.setdefault(ppid, []).append(int(entry))
            except (OSError, ValueError, IndexError):
                continue
    while todo:
        p = todo.pop()
        todo.extend(children.get(p, []))
        try:
            with open(f"/proc/{p}/statm") as fh:
                total += int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
        except OSError:
            continue
    return total


def timed_extract(args: list[str]) -> tuple[float, int, str]:
    """Run `extract` in a subprocess; wall seconds, peak tree RSS, stderr."""
    proc = subprocess.Popen([sys.executable, "-m", "pipeline.cli", *args], stderr=subprocess.PIPE, text=True)
    peak = 0
    done = threading.Event()

    def poll() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, _tree_rss(proc.pid))
            time.sleep(0.2)

    t0 = time.perf_counter()
    watcher = threading.Thread(target=poll, daemon=True)
    watcher.start()
    _, err = proc.communicate()
    wall = time.perf_counter() - t0
    done.set()
    watcher.join()
    return wall, peak, err.strip().splitlines()[-1] if err.strip() else ""


def stages(files: list[Path]) -> dict[str, float]:
    """Seconds per stage for the files in one process (model loaded before timing)."""
    from pipeline.nlp.load import load
    from pipeline.entities.assemble import quantities_from_docs
    from pipeline.quantities.pieces import wanted
    from pipeline.nlp.parse import parse
    from pipeline.nlp.reads import model_text
    from pipeline.readers.read import read
    from pipeline.structure.sections import analyse
    from pipeline.output.schemas import TABLES

    import pyarrow as pa
    import pyarrow.parquet as pq

    nlp = load()
    t = dict.fromkeys(("read", "structure", "nlp", "rules", "write"), 0.0)
    rows = []
    for path in files:
        t0 = time.perf_counter()
        raw = read(path)
        t1 = time.perf_counter()
        structure = analyse(raw.text)
        pieces = wanted(structure, structure.blocks)
        t2 = time.perf_counter()
        docs = parse(nlp, [model_text(p.text) for p in pieces])
        t3 = time.perf_counter()
        quantities = quantities_from_docs(structure, zip(pieces, docs))
        t4 = time.perf_counter()
        rows.extend({"text": q.text, "char_start": q.char_start, "char_end": q.char_end} for q in quantities)
        t["read"] += t1 - t0
        t["structure"] += t2 - t1
        t["nlp"] += t3 - t2
        t["rules"] += t4 - t3
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        pq.write_table(pa.Table.from_pylist(rows, schema=pa.schema([f for f in TABLES["quantities"]
                                                                      if f.name in rows[0]])) if rows else
                       pa.table({}), Path(tmp) / "q.parquet")
    t["write"] = time.perf_counter() - t0
    return t


def project_sentences(texts: list[str]) -> tuple[int, float]:
    """Sentences per second of the project, on the same sentences the peers get (one process)."""
    from split import sentences

    from pipeline.nlp.load import load
    from pipeline.entities.assemble import quantify
    from pipeline.structure.sections import analyse

    nlp = load()
    n, secs = 0, 0.0
    for text in texts:
        spans = sentences(text)
        n += len(spans)
        t0 = time.perf_counter()
        quantify(analyse(text), nlp)
        secs += time.perf_counter() - t0
    return n, secs


def peer_sentences(tool: str, texts: list[str]) -> tuple[int, float]:
    from peers import PEER_ENV, PY, ensure_venv

    ensure_venv()
    RESULTS.mkdir(parents=True, exist_ok=True)
    inp, outp = RESULTS / "speed-docs.json", RESULTS / f"speed-{tool}.json"
    inp.write_text(json.dumps([{"set": "corpus", "doc": str(i), "text": t} for i, t in enumerate(texts)]),
                   encoding="utf-8")
    subprocess.run([str(PY), str(BENCH / "peer_runner.py"), "--tool", tool, "--input", str(inp), "--output",
                    str(outp)], check=True, env=PEER_ENV, stderr=subprocess.DEVNULL)
    docs = json.loads(outp.read_text(encoding="utf-8"))["docs"]
    return sum(d["sentences"] for d in docs), sum(d["seconds"] for d in docs)


def dask_efficiency(files: list[Path]) -> list[str]:
    """Wall time on a local Dask cluster of one worker, then two; efficiency = T1 / (2 * T2)."""
    from distributed import Client, LocalCluster

    times = {}
    with tempfile.TemporaryDirectory() as tmp:
        raw = Path(tmp) / "raw"
        raw.mkdir()
        for p in files:
            os.symlink(p, raw / f"{p.parent.name}__{p.name}")
        for n in (1, 2):
            with LocalCluster(n_workers=n, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
                with Client(cluster) as client:  # warm the workers: model loaded once each, as on a real cluster
                    client.run(lambda: __import__("pipeline.run.executor", fromlist=["model"]).model(None))
                wall, _, _ = timed_extract([str(raw), str(Path(tmp) / f"out{n}"), "--dask", cluster.scheduler_address])
            times[n] = wall
    eff = times[1] / (2 * times[2])
    return [f"Dask, {len(files)} releases: 1 worker {times[1]:.1f} s, 2 workers {times[2]:.1f} s, "
            f"parallel efficiency {eff:.0%}", ""]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sample", type=int, default=None, help="number of releases (default: all)")
    ap.add_argument("--workers", type=int, default=None)
    ap.add_argument("--peers", action="store_true", help="also time CQE and quantulum3 per sentence")
    ap.add_argument("--peer-docs", type=int, default=60, help="releases given to the peers (default 60)")
    ap.add_argument("--dask", type=int, default=0, metavar="N",
                    help="also measure Dask parallel efficiency (1 vs 2 local workers) on N releases")
    a = ap.parse_args()
    files = sample(corpus_files(), a.sample)
    words = sum(len(p.read_text(encoding="utf-8", errors="replace").split()) for p in files)
    lines = [f"# Corpus benchmark: {len(files)} releases, {words:,} words, {os.cpu_count()} cores", ""]
    with tempfile.TemporaryDirectory() as tmp:
        raw, out = Path(tmp) / "raw", Path(tmp) / "out"
        raw.mkdir()
        for p in files:
            os.symlink(p, raw / f"{p.parent.name}__{p.name}")
        extra = ["--workers", str(a.workers)] if a.workers else []
        wall, peak, summary = timed_extract([str(raw), str(out), *extra])
        again, peak2, summary2 = timed_extract([str(raw), str(out), *extra])
        shutil.rmtree(out, ignore_errors=True)
    lines += ["| measure | value |", "|---|---|",
              f"| extract, first run | {wall:.1f} s ({len(files) / wall:.1f} docs/s, {words / wall:,.0f} words/s) |",
              f"| peak RSS, whole process tree | {peak / 2**20:,.0f} MB |",
              f"| re-run, nothing changed | {again:.2f} s |",
              f"| summary | {summary} |", f"| re-run summary | {summary2} |", ""]
    part = files[:: max(1, len(files) // 200)][:200]
    t = stages(part)
    total = sum(t.values())
    lines += [f"Time per stage, {len(part)} releases in one process:", "", "| stage | seconds | share |",
              "|---|---|---|"]
    lines += [f"| {k} | {v:.2f} | {v / total:.0%} |" for k, v in t.items()] + [""]
    if a.peers:
        texts = [p.read_text(encoding="utf-8", errors="replace") for p in files[:: max(1, len(files) // a.peer_docs)]
                 ][: a.peer_docs]
        n, secs = project_sentences(texts)
        ours = n / secs
        lines += [f"Per sentence, {n} sentences of {len(texts)} releases (one process each):", "",
                  "| tool | sentences/s | project is |", "|---|---|---|", f"| project | {ours:.1f} | 1.0x |"]
        for tool in ("cqe", "quantulum3"):
            pn, ps = peer_sentences(tool, texts)
            lines.append(f"| {tool} | {pn / ps:.1f} | {ours / (pn / ps):.1f}x faster |")
        lines.append("")
    if a.dask:
        lines += dask_efficiency(sample(corpus_files(), a.dask))
    text = "\n".join(lines)
    print(text)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "corpus.md").write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
