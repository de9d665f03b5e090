"""Writes pipeline/lexicon/data/common_chunks.json: the space-separated chunks that the model reads most across releases.

    python3 bench/common_chunks.py          # from the county prosecutor corpus in ../shared/corpus

A worker reads each batch in a spaCy memory zone, so what a batch adds to the vocabulary and the tokenizer's cache
is dropped with it and memory stays flat; but then every batch tokenizes 'defendant' and 'sentenced' from
scratch. These chunks are tokenized once when the model loads, outside any zone, so they stay. They change speed
only, never output (a test checks that). Chunks found in at least MIN_DOCS releases are kept.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

MIN_DOCS = 20


def main() -> None:
    from corpus_bench import corpus_files
    from pipeline.quantities.pieces import wanted
    from pipeline.nlp.reads import model_text
    from pipeline.readers.read import read
    from pipeline.readers.text import ReadError
    from pipeline.structure.sections import analyse

    df: Counter[str] = Counter()
    n = 0
    for path in corpus_files():
        try:
            raw = read(path)
        except ReadError:
            continue
        structure = analyse(raw.text)
        df.update({w for piece in wanted(structure, structure.blocks) for w in model_text(piece.text).split(" ") if w})
        n += 1
    chunks = [w for w, k in sorted(df.items(), key=lambda wk: (-wk[1], wk[0])) if k >= MIN_DOCS]
    out = {"_doc": f"Space-separated chunks that the model reads in at least {MIN_DOCS} of {n} county prosecutor "
                   "releases, most frequent first; tokenized once when the model loads (see pipeline/nlp/load.py, "
                   "warm). Written by bench/common_chunks.py. Speed only: they never change the output.",
           "chunks": chunks}
    path = ROOT / "pipeline" / "lexicon" / "data" / "common_chunks.json"
    path.write_text(json.dumps(out, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
    print(f"{len(chunks)} chunks from {n} releases -> {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
