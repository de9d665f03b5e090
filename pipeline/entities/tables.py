"""Tables with a row on one line: a row label, then one figure per column, on the same line.

    Crash Type          2023    2024      <- column headers (or periods), when the line above names columns
    Total Crashes       476     540       <- row label, then its figures
    | Homicides | 41 | 38 |               <- a pipe table row ('|---|---|' lines are skipped)
    January3,7062,286                     <- a row glued by flattening (see pipeline.quantities.cells)

Each figure counts its row label, with its column header where the header names what is counted ('Felony DV
requests granted'); when the columns are periods ('2023', 'FY24', 'Jan') the row label alone; when the rows are
periods ('January') the column header alone. A row is a short label (a name, not a sentence broken before its
number) and two or more rows of the same width make a table. The glued header of a glued table
('Unaccompanied childrenAdults with children') is split where a lower-case letter meets a capital.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.entities.labels import is_label, is_period, mark_free
from pipeline.quantities.cells import glued_rows
from pipeline.records import Entity

__all__ = ["row_table_entities"]


_FIGURE = r"\(?[$€£]?\s?-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?\s?%?\)?"
_BLANK_CELL = r"N/?A|n/a|[-–—]"
_SPACED_ROW = re.compile(rf"[ \t]*(?P<label>\S.*?)(?P<figs>(?:[ \t]+(?:{_FIGURE}|{_BLANK_CELL}))+)[ \t]*")
_ONE_FIGURE = re.compile(_FIGURE)
_ROW_END = re.compile(r"(?:\d%?\)?|N/?A|n/a|[-–—])[ \t]*$")
_MAX_ROW_CHARS = 240
_LAST_CHARS = frozenset("0123456789%)|Aa-–—")
_CELL_TOKEN = re.compile(rf"{_FIGURE}|{_BLANK_CELL}")
_DIGIT = re.compile(r"[$€£]|\d")
_SEPARATOR = re.compile(r"[ \t]*\|?[ \t:|-]*-{2,}[ \t:|-]*\|?[ \t]*")
_CASE_BREAK = re.compile(r"(?<=[a-z)])(?=[A-Z])")
_NOT_COUNTS = frozenset({"total", "totals", "change", "% change", "percent change", "difference", "ytd", "all"})
_PAGE = re.compile(r"\d{1,3}(?![\d,.%])")
_COUNT_OF = re.compile(r"(?:total\s+)?(?:number|percent(?:age)?|share|rate|count|amount)\s+of\s+(?=\S)", re.IGNORECASE)
_YEAR = re.compile(r"(?:19|20)\d\d(?![\d,.%])")
_WIDE_GAP = re.compile(r"\t+|[ \u00a0]{2,}")


@dataclass(frozen=True, slots=True)
class _RowLine:
    line: int  # index among the document's lines
    label: tuple[int, int]  # document offsets of the row label
    figures: tuple[int | None, ...]  # document offset where each figure starts (None: an empty cell, 'N/A')


def _lines(text: str) -> list[tuple[int, str]]:
    out, pos = [], 0
    for line in text.split("\n"):
        out.append((pos, line))
        pos += len(line) + 1
    return out


_Found = tuple[tuple[int, int], tuple[int | None, ...]]


def _figure_at(start: int, cell: str) -> int | None:
    digit = _DIGIT.search(cell)
    return None if digit is None else start + digit.start()


def _pipe_row(start: int, line: str) -> _Found | None:
    if line.count("|") < 2:
        return None
    cells, pos = [], 0
    for part in line.split("|"):
        lead = len(part) - len(part.lstrip())
        if part.strip():
            cells.append((start + pos + lead, part.strip()))
        pos += len(part) + 1
    if len(cells) < 2 or _DIGIT.search(cells[0][1]) is not None and not is_label(cells[0][1]):
        return None
    figures = cells[1:]
    if not all(_CELL_TOKEN.fullmatch(c) for _, c in figures) or not any(_ONE_FIGURE.fullmatch(c) for _, c in figures):
        return None
    at = cells[0][0]
    return (at, at + len(cells[0][1])), tuple(_figure_at(s, c) for s, c in figures)


def _spaced_row(start: int, line: str) -> _Found | None:
    if len(line) > _MAX_ROW_CHARS or not _ROW_END.search(line):
        return None  # (a row ends on a figure or an empty cell)
    m = _SPACED_ROW.fullmatch(line)
    if m is None:
        return None
    label = m.group("label").rstrip()
    if label.endswith((":", "–", "—", "-", "=")):
        return None  # 'Number of applicants reviewed: 1525', 'Anaheim – 4': a list of statements, not a table row
    if not is_label(label) or is_period(label) and not re.fullmatch(r"[A-Za-z. ]+", label):
        return None
    at = start + m.start("figs")
    tokens = list(_CELL_TOKEN.finditer(m.group("figs")))
    if tokens[0].group() in ("-", "–", "—"):
        return None  # 'Anaheim – 4': a label and its count, not an empty first cell
    figs = [_figure_at(at + f.start(), f.group()) for f in tokens]
    if all(f is None for f in figs):
        return None
    return (start + m.start("label"), start + m.start("label") + len(label)), tuple(figs)


def _row_lines(text: str, lines: list[tuple[int, str]]) -> list[_RowLine]:
    glued = dict(glued_rows(text))
    glued_at = {s: (s, e) for s, e in glued}
    rows: list[_RowLine] = []
    for i, (start, line) in enumerate(lines):
        if line.rstrip()[-1:] not in _LAST_CHARS:
            continue
        found: _Found | None = _pipe_row(start, line) or _spaced_row(start, line)
        if found is None:
            lead = start + len(line) - len(line.lstrip())
            label = glued_at.get(lead)
            if label is None:
                continue
            found = label, tuple(s for s, _ in glued[label])
        if all(at is None or _YEAR.match(text, at) for at in found[1]):
            continue  # '| Offense | 2022 | 2023 |': a header of years, not a row
        rows.append(_RowLine(i, found[0], found[1]))
    return rows


def _tables(rows: list[_RowLine], lines: list[tuple[int, str]], text: str) -> list[list[_RowLine]]:
    """Runs of rows of the same width on adjacent lines (a separator or blank line between is fine), with different
    labels ('Page 2' / 'Page 3' is pagination): two rows or more, three when each row has one figure."""

    def text_of(r: _RowLine) -> str:
        return text[r.label[0]:r.label[1]]
    runs: list[list[_RowLine]] = []
    for row in rows:
        if runs:
            last = runs[-1][-1]
            between = [lines[k][1] for k in range(last.line + 1, row.line)]
            if len(row.figures) == len(last.figures) and len(between) <= 1 \
                    and all(not b.strip() or _SEPARATOR.fullmatch(b) for b in between):
                runs[-1].append(row)
                continue
        runs.append([row])
    return [run for run in runs if len(run) >= (2 if len(run[0].figures) > 1 else 3)
            and len({text_of(r) for r in run}) == len(run) and not _contents(run, text)]


def _contents(run: list[_RowLine], text: str) -> bool:
    """'BY THE NUMBERS 04' / 'HISTORIC MOMENTS 05' / 'IN THE MEDIA 07': page numbers of a table of contents (one
    figure a row, rising, with a leading zero or headings in capitals)."""
    if len(run[0].figures) != 1:
        return False
    pages = [_PAGE.match(text, r.figures[0]) if r.figures[0] is not None else None for r in run]
    numbers = [int(m.group()) for m in pages if m is not None]
    rising = len(numbers) == len(run) and all(a < b for a, b in zip(numbers, numbers[1:], strict=False))
    capitals = all(text[r.label[0]:r.label[1]].isupper() for r in run)
    return rising and (capitals or any(m is not None and m.group().startswith("0") for m in pages))


def _header(lines: list[tuple[int, str]], first: int, n: int) -> list[str] | None:
    """The column headers of a table whose first row is line `first` with `n` figures, or None."""
    k = first - 1
    while k >= 0 and (not lines[k][1].strip() or _SEPARATOR.fullmatch(lines[k][1])):
        k -= 1
        if first - k > 3:
            return None
    if k < 0:
        return None
    line = lines[k][1].strip()
    if line.count("|") >= 2:
        parts = [p.strip() for p in line.strip("|").split("|")]
    elif _WIDE_GAP.search(line):
        parts = [p.strip() for p in _WIDE_GAP.split(line) if p.strip()]
    elif len(line.split()) in (n, n + 1) and all(is_period(w) or is_label(w) for w in line.split()[-n:]):
        parts = line.split()
    else:
        parts = [p.strip() for p in _CASE_BREAK.split(line) if p.strip()]
    if len(parts) == n + 1:
        parts = parts[1:]  # the corner cell names the rows ('Crash Type', 'Month')
    if len(parts) != n or not all(is_label(p) or is_period(p) for p in parts):
        return None
    if any(_DIGIT.search(p) and not is_period(p) for p in parts):
        return None
    return parts


def row_table_entities(text: str) -> dict[int, Entity]:
    """Start offset of each figure in a table with a row on one line -> what it counts."""
    lines = _lines(text)
    out: dict[int, Entity] = {}
    for table in _tables(_row_lines(text, lines), lines, text):
        n = len(table[0].figures)
        heads = _header(lines, table[0].line, n)
        counted = heads is not None and not any(is_period(h) or h.lower() in _NOT_COUNTS for h in heads)
        for row in table:
            s, e = row.label
            lead = _COUNT_OF.match(text, s, e)  # 'Number of Cases Reviewed', 'Percent of Cases Rejected': the cases
            s = lead.end() if lead is not None and lead.end() < e else s
            name = _counted(mark_free(text[s:e]))
            for k, at in enumerate(row.figures):
                if at is None:
                    continue
                if heads is None or not counted:
                    out[at] = Entity(name, s, s + len(name))  # columns are periods ('2023', 'TOTAL'): the row
                elif is_period(name):
                    out[at] = Entity(mark_free(heads[k]).lower())  # rows are periods: the column
                else:
                    out[at] = Entity(_join(name, mark_free(heads[k]).lower()))
    return out


def _counted(label: str) -> str:
    """The label without the participles that close it: 'Cases Reviewed' -> 'Cases' (one word stays: 'Granted')."""
    words = label.split(" ")
    while len(words) > 1 and words[-1].lower().endswith("ed") and not words[-2].lower().endswith("ed"):
        words.pop()
    return " ".join(words)


def _plural(phrase: str) -> bool:
    word = phrase.split()[-1].lower() if phrase.split() else ""
    return len(word) > 3 and word.endswith("s") and not word.endswith("ss")


def _join(row: str, column: str) -> str:
    """Row label and column header as one name, the counted noun last: 'Felony DV requests granted' ('Felony DV' x
    'Requests Granted'), 'felony Pleas' ('Pleas' x 'Felony')."""
    if _plural(row) and not _plural(column):
        return f"{column} {row}"
    return f"{row} {column}"
