"""One rule for a hyphen at the end of a line: a word split by the layout, or a compound that happens to break there.

Either way the line break leaves no space. A split word loses its hyphen ("pre-" + "vent": "prevent"); a
compound keeps it ("long-" + "running": "long-running", "Toll-" + "Free", "U.S.-" + "Canada"). Decided the same
way on every page, in this order:
1. the piece after the break starts with a capital or a digit: a compound ("Toll-Free", "MS-13");
2. the document itself writes the joined word elsewhere: split ("multiagency"); it writes the hyphenated
   compound on one line: compound;
3. the joined word is in the word list (the spaCy model's vocabulary, shipped as package data): split;
4. both pieces are words: a compound ("record-high"); otherwise a piece is no word: split ("investi-gations").
"""

from __future__ import annotations

import gzip
import re
from functools import lru_cache
from importlib.resources import files

HYPHENS = "-\u2010\u2011\u00ad"
_LEFT = re.compile(r"([A-Za-z0-9](?:[A-Za-z0-9.]*[A-Za-z0-9.])?)[" + HYPHENS + r"]$")
_RIGHT = re.compile(r"[A-Za-z0-9]+")
_WORD = re.compile(r"[A-Za-z]+(?:[" + HYPHENS + r"][A-Za-z]+)*")


@lru_cache(maxsize=1)
def words() -> frozenset[str]:
    data = files("pipeline").joinpath("lexicon/data/words.txt.gz").read_bytes()
    return frozenset(gzip.decompress(data).decode("ascii").split())


class Evidence:
    """The words a document writes on one line: joined words and hyphenated compounds, lower-cased."""

    def __init__(self, lines: list[str]) -> None:
        self.words: set[str] = set()
        self.compounds: set[str] = set()
        for line in lines:
            for m in _WORD.finditer(line):
                w = m.group(0).lower()
                if any(h in w for h in HYPHENS):
                    self.compounds.add(re.sub("[" + HYPHENS + "]", "-", w))
                else:
                    self.words.add(w)


def breaks_at_hyphen(before: str, after: str) -> bool:
    """Does the text written so far end in a hyphen glued to a word, with the next line going on with a word?"""
    return bool(_LEFT.search(before)) and bool(_RIGHT.match(after))


def split_word(before: str, after: str, evidence: Evidence) -> bool:
    """True: the hyphen splits one word (drop it); False: a compound (keep it). Call after breaks_at_hyphen."""
    left_m, right_m = _LEFT.search(before), _RIGHT.match(after)
    assert left_m is not None and right_m is not None
    left, right = left_m.group(1), right_m.group(0)
    if not right[0].islower():
        return False
    joined, compound = (left + right).lower(), f"{left}-{right}".lower()
    if joined in evidence.words:
        return True
    if compound in evidence.compounds:
        return False
    vocabulary = words()
    if joined in vocabulary:
        return True
    return not (left.lower() in vocabulary and right.lower() in vocabulary)
