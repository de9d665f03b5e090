"""What the model reads: the text of a piece with line breaks, slashes, long punctuation runs and lines in
capitals made easy to parse, at the same length and offsets; the cheap sentence split and the cut of long runs."""

from __future__ import annotations

import re

__all__ = ["chunks", "MAX_PIECE", "model_text", "sentences"]


def model_text(text: str) -> str:
    """What the model reads: the block text with line breaks as spaces, a slash between a word and a figure as a
    space ('requested/85% approved' reads as two words) and long runs of punctuation blanked, all at the same
    length and offsets."""
    text = _SHOUTED.sub(_quiet, text)
    text = _WORD_SLASH.sub(" ", text.replace("\r", " ").replace("\n", " "))
    return _PUNCT_RUN.sub(lambda m: " " * len(m.group()), text)


# A line in capitals ('18-YEAR-OLD ANAHEIM MAN CHARGED WITH STABBING-MURDER OF 12-YEAR-OLD BOY') parses badly:
# the model reads it in lower case (same length; entities keep the document's own letters, see _block_quantities).
_SHOUTED = re.compile(r"(?<!\S)(?:[^\sa-z]+[ \t]+){3,}[^\sa-z]+(?!\S)")  # four or more words with no lower case
_CAPITALS = re.compile(r"[A-Z][A-Z'’.&-]*[A-Z]")


def _quiet(m: re.Match[str]) -> str:
    if len(_CAPITALS.findall(m.group())) < 4:
        return m.group()  # 'FBI AND 12' is not a line in capitals
    lower = m.group().lower()
    return lower if len(lower) == len(m.group()) else m.group()
_WORD_SLASH = re.compile(r"(?<=[A-Za-z])/(?=[$\d])")
_PUNCT_RUN = re.compile(r"[^\w\s]{64,}")  # the tokenizer is quadratic on long punctuation runs; they say nothing
_SENTENCE_GAP = re.compile(r"[.!?][\"”’)]?\s+(?=[\"“(]?[A-Z0-9$])")
_ABBREVIATIONS = frozenset({"mr", "mrs", "ms", "dr", "jr", "sr", "st", "no", "nos", "dept", "gov", "sen", "rep", "lt",
                            "sgt", "det", "ofc", "inc", "co", "corp", "vs", "v", "ave", "blvd", "rd", "u.s", "jan", "feb",
                            "mar", "apr", "aug", "sept", "sep", "oct", "nov", "dec", "approx", "est", "gen", "capt"})


def sentences(text: str) -> list[tuple[int, int]]:
    """Cheap sentence spans (only to choose what the model reads; the model's own sentences are used after)."""
    spans, start = [], 0
    for m in _SENTENCE_GAP.finditer(text):
        word = re.search(r"([\w.]+)$", text[start:m.start()])
        if word and (word.group(1).lower().rstrip(".") in _ABBREVIATIONS or len(word.group(1)) == 1):
            continue
        spans.append((start, m.start() + 1))
        start = m.end()
    spans.append((start, len(text)))
    return spans
MAX_PIECE = 20_000  # characters the model reads at once; longer runs (no sentence ends) are cut at spaces


def chunks(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """[start, end) cut into runs of at most MAX_PIECE characters, at a space where there is one."""
    out = []
    while end - start > MAX_PIECE:
        cut = text.rfind(" ", start + MAX_PIECE // 2, start + MAX_PIECE)
        cut = cut if cut > start else start + MAX_PIECE
        out.append((start, cut))
        start = cut
    out.append((start, end))
    return out
