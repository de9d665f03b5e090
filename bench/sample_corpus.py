#!/usr/bin/env python3
"""A deterministic sample of the prosecutor corpus, for before/after output diffs.

    python3 bench/sample_corpus.py OUT_DIR [--n 1500] [--seed 0] [--copy]

Draws N releases from ../shared/corpus/prosecutor-press-releases/text/ (sorted by path, then
random.Random(seed).sample), and puts them into OUT_DIR under the same relative paths (county/file.txt),
as symlinks by default or copies with --copy. The same N and seed always give the same files, so two runs
of `extract OUT_DIR ...` before and after a change can be compared with bench/diff_outputs.py:

    T=$(mktemp -d)
    python3 bench/sample_corpus.py $T/sample
    python3 -m pipeline.cli $T/sample $T/before      # at the old commit
    python3 -m pipeline.cli $T/sample $T/after       # at the new commit
    python3 bench/diff_outputs.py $T/before $T/after
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import sys
from pathlib import Path

CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus" / "prosecutor-press-releases" / "text"


def draw(corpus: Path, n: int, seed: int) -> list[Path]:
    """N release paths, always the same for the same corpus, N and seed (sorted)."""
    files = sorted(p for p in corpus.rglob("*.txt") if p.is_file())
    if n >= len(files):
        return files
    return sorted(random.Random(seed).sample(files, n))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out", type=Path, help="folder to create (must be empty or absent)")
    ap.add_argument("--n", type=int, default=1500, help="releases to draw (default 1500)")
    ap.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    ap.add_argument("--copy", action="store_true", help="copy the files instead of symlinking them")
    ap.add_argument("--corpus", type=Path, default=CORPUS, help="corpus text folder")
    a = ap.parse_args(argv)
    if not a.corpus.is_dir():
        print(f"sample_corpus: error: no corpus at {a.corpus}", file=sys.stderr)
        return 2
    if a.out.exists() and any(a.out.iterdir()):
        print(f"sample_corpus: error: {a.out} is not empty", file=sys.stderr)
        return 2
    files = draw(a.corpus, a.n, a.seed)
    for src in files:
        dst = a.out / src.relative_to(a.corpus)
        dst.parent.mkdir(parents=True, exist_ok=True)
        if a.copy:
            shutil.copyfile(src, dst)
        else:
            os.symlink(src.resolve(), dst)
    print(f"{len(files)} releases (seed {a.seed}) in {a.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
