"""What a table's row label, column header and period heading look like (shared by the table shapes)."""

from __future__ import annotations

import re

from pipeline.quantities.traps import find_traps

__all__ = ["is_label", "is_period", "mark_free"]


_LETTER = re.compile(r"[A-Za-z]")
_MARKS = re.compile(r"[*†‡]+$")
_MONTH = re.compile(r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?", re.IGNORECASE)
_FISCAL = re.compile(r"(?:FY|CY)\s?'?\d{2}(?:\d{2})?|(?:19|20)\d\d(?:\s?YTD)?|Q[1-4](?:\s+(?:FY\s?)?\d{2,4})?",
                     re.IGNORECASE)
_MAX_LABEL_WORDS = 10
_MAX_LABEL_CHARS = 80
# A line that ends on one of these is a sentence broken before its number ('cases per court stood at\n904'),
# not a row label.
_OPEN_ENDS = frozenset(
    "a an the and or of to at in on by for with from than as is was were are be been has had have that which who "
    "about almost approximately nearly over under more less fewer around roughly some only just totaled totalled "
    "included includes reached stood".split())


def mark_free(label: str) -> str:
    """The label without its footnote marks ('Burglary**' -> 'Burglary')."""
    return _MARKS.sub("", label).strip()


def is_label(text: str) -> bool:
    """A row label or column header: short, capitalised, not a sentence, not broken before its number."""
    words = text.split()
    return (_LETTER.search(text) is not None and len(text) <= _MAX_LABEL_CHARS
            and len(words) <= _MAX_LABEL_WORDS and not text.endswith((".", ",", ";"))
            and (text[0].isupper() or text[0].isdigit() or text[0] in "#&(*")
            and words[-1].lower() not in _OPEN_ENDS)


def is_period(text: str) -> bool:
    """'Dec-24', 'December 2024 - March 2025 YTD', '3/1/25 - 3/11/25', '2023', 'FY24': every digit stands in a
    date (a month alone is a period too)."""
    if _MONTH.fullmatch(text) or _FISCAL.fullmatch(text):
        return True
    digits = [i for i, ch in enumerate(text) if ch.isdigit()]
    if not digits:
        return False
    dates = [(t.start, t.end) for t in find_traps(text) if t.kind == "date"]
    return all(any(s <= i < e for s, e in dates) for i in digits)
