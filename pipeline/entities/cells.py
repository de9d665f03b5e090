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

from pipeline.entities.labels import is_label, is_period, mark_free
from pipeline.entities.tables import row_table_entities
from pipeline.records import Entity

_CELL = re.compile(r"[$€£]?\s*-?\d[\d,]*(?:\.\d+)?\s*(?:%|percent)?")


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
    return is_label(line.text)


def _is_period(line: _Line) -> bool:
    return is_period(line.text)


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
    words = mark_free(caption).split()
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
    return [mark_free(h.text).lower() for h in heads]


def cell_entities(text: str) -> dict[int, Entity]:
    """Start offset of each figure in a flattened table -> what it counts (one cell per line, or a row on one line:
    pipeline.entities.tables)."""
    lines = _lines(text)
    out: dict[int, Entity] = row_table_entities(text)
    for table in _tables(lines, _rows(lines)):
        columns = _column_names(lines, table)
        for row in table:
            label = lines[row.label]
            name = mark_free(label.text)
            for k, cell in enumerate(row.cells):
                if columns is None:
                    out[lines[cell].start] = Entity(name, label.start, label.start + len(name))
                elif _is_period(label):  # rows are months: the column alone names the count
                    out[lines[cell].start] = Entity(columns[k])
                else:
                    out[lines[cell].start] = Entity(f"{name} {columns[k]}")
    return out
