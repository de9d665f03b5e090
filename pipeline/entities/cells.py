"""Tables flattened one cell per line: a row label, then its figures, each on its own line.

    Detention Requests          <- column headers (as many lines as each row has figures)
    Detentions Granted
    Felony DV                   <- row label
    1,128                       <- one figure per column
    538

A figure in such a table counts what its row label and column header name together ('Felony DV detention
requests'). When the column headers are periods ('Dec-24', 'Jan-25'), the caption above them names what is
counted ('Cases Filed' -> 'Felony DV cases').
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.records import Entity
from pipeline.quantities.traps import find_traps

_CELL = re.compile(r"[$€£]?\s*-?\d[\d,]*(?:\.\d+)?\s*(?:%|percent)?")
_LETTER = re.compile(r"[A-Za-z]")
_MARKS = re.compile(r"[*†‡]+$")
_MONTH = re.compile(r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?", re.IGNORECASE)
_MAX_LABEL_WORDS = 10
_MAX_LABEL_CHARS = 80
# A line that ends on one of these is a sentence broken before its number ('cases per court stood at\n904'),
# not a row label.
_OPEN_ENDS = frozenset(
    "a an the and or of to at in on by for with from than as is was were are be been has had have that which who "
    "about almost approximately nearly over under more less fewer around roughly some only just totaled totalled "
    "included includes reached stood".split())


@dataclass(frozen=True, slots=True)
class _Line:
    start: int
    end: int
    text: str  # stripped


@dataclass(frozen=True, slots=True)
class _Row:
    label: int  # index of the label line
    cells: tuple[int, ...]  # indices of the figure lines


def _lines(text: str) -> list[_Line]:
    out: list[_Line] = []
    pos = 0
    for raw in text.splitlines(keepends=True):
        stripped = raw.strip()
        if stripped:
            lead = len(raw) - len(raw.lstrip())
            out.append(_Line(pos + lead, pos + lead + len(stripped), stripped))
        pos += len(raw)
    return out


def _is_cell(line: _Line) -> bool:
    return _CELL.fullmatch(line.text) is not None


def _is_label(line: _Line) -> bool:
    words = line.text.split()
    return (_LETTER.search(line.text) is not None and len(line.text) <= _MAX_LABEL_CHARS
            and len(words) <= _MAX_LABEL_WORDS and not line.text.endswith((".", ",", ";"))
            and (line.text[0].isupper() or line.text[0].isdigit() or line.text[0] in "#&(*")
            and words[-1].lower() not in _OPEN_ENDS)


def _is_period(line: _Line) -> bool:
    """'Dec-24', 'December 2024 - March 2025 YTD', '3/1/25 - 3/11/25': every digit stands in a date."""
    if _MONTH.fullmatch(line.text):
        return True
    digits = [i for i, ch in enumerate(line.text) if ch.isdigit()]
    if not digits:
        return False
    dates = [(t.start, t.end) for t in find_traps(line.text) if t.kind == "date"]
    return all(any(s <= i < e for s, e in dates) for i in digits)


def _rows(lines: list[_Line]) -> list[_Row]:
    rows: list[_Row] = []
    i = 0
    while i < len(lines):
        j = i + 1
        while j < len(lines) and _is_cell(lines[j]):
            j += 1
        if j > i + 1 and _is_label(lines[i]):
            rows.append(_Row(i, tuple(range(i + 1, j))))
            i = j
        else:
            i += 1
    return rows


def _tables(lines: list[_Line], rows: list[_Row]) -> list[list[_Row]]:
    """Runs of at least two adjacent rows with the same number of figures (and different labels: 'Page\n2\nPage\n3'
    is pagination)."""
    runs: list[list[_Row]] = []
    for row in rows:
        if runs and row.label == runs[-1][-1].cells[-1] + 1 and len(row.cells) == len(runs[-1][-1].cells):
            runs[-1].append(row)
        else:
            runs.append([row])
    return [run for run in runs if len(run) >= 2 and len({lines[r.label].text for r in run}) == len(run)]


def _caption_noun(caption: str) -> str:
    """'Cases Filed' -> 'cases': the caption without the participle that closes it."""
    words = _MARKS.sub("", caption).split()
    while len(words) > 1 and words[-1].lower().endswith("ed"):
        words.pop()
    return " ".join(words).lower()


def _column_names(lines: list[_Line], table: list[_Row]) -> list[str] | None:
    """The header of each column, or None when the lines above the table are not its headers."""
    n = len(table[0].cells)
    first = table[0].label
    if n < 2 or first < n:
        return None
    heads = lines[first - n:first]
    if not all(_is_label(h) or _is_period(h) for h in heads):
        return None
    if all(_is_period(h) for h in heads):
        above = first - n - 1
        if above < 0 or not _is_label(lines[above]) or _is_period(lines[above]):
            return None
        noun = _caption_noun(lines[above].text)
        return [noun] * n
    if any(_is_period(h) for h in heads):
        return None
    return [_MARKS.sub("", h.text).strip().lower() for h in heads]


def cell_entities(text: str) -> dict[int, Entity]:
    """Start offset of each figure in a flattened table -> what it counts."""
    lines = _lines(text)
    out: dict[int, Entity] = {}
    for table in _tables(lines, _rows(lines)):
        columns = _column_names(lines, table)
        for row in table:
            label = lines[row.label]
            name = _MARKS.sub("", label.text).strip()
            for k, cell in enumerate(row.cells):
                if columns is None:
                    out[lines[cell].start] = Entity(name, label.start, label.start + len(name))
                elif _is_period(label):  # rows are months: the column alone names the count
                    out[lines[cell].start] = Entity(columns[k])
                else:
                    out[lines[cell].start] = Entity(f"{name} {columns[k]}")
    return out
