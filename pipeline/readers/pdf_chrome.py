"""What a printer adds to a page, told apart from the body: archive stamps and a browser's print header/footer.

A stamp is found among the characters before any line is built: the page's characters are grouped by what
they look like (font and size) and by baseline, each group is read on its own, and the characters of a stamp
pattern's match leave the page. So a stamp printed over body text (a `position:fixed` footer) never mixes
with the line under it. A browser's header ("12/3/26, 8:18 PM  Page title") and footer ("file:///... 1/3")
are recognised by their shape on the first and last rows of a page, whatever the page count.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

# Chromium and Firefox print the date and time at the top left, the page title beside it; the URL at the
# bottom left and "N/M" (or "Page N of M") at the bottom right.
PRINT_HEADER = re.compile(r"^\d{1,2}/\d{1,2}/\d{2,4},?\s+\d{1,2}:\d{2}(?::\d{2})?(?:\s*[AaPp]\.?[Mm]\.?)?(?:\s|$)")
PRINT_FOOTER = re.compile(r"^(?:(?:file|https?):/{1,3}\S|about:blank)", re.IGNORECASE)  # the URL, then "N/M"


@dataclass(frozen=True, slots=True)
class Stamp:
    """A stamp found on a page: its match (groups doc_number, posted_date) and the characters it took."""

    page: int
    match: re.Match[str]
    chars: tuple[dict[str, Any], ...]


def separate_stamps(page_no: int, chars: list[dict[str, Any]], stamps: list[re.Pattern[str]],
                    ) -> tuple[list[dict[str, Any]], list[Stamp]]:
    """The page's characters without those of stamps, and the stamps. Characters are read per look (font
    and size) and baseline, so a stamp set in its own type is read whole even where it overprints a line."""
    if not stamps or not chars:
        return chars, []
    groups: dict[tuple[str, float], list[dict[str, Any]]] = defaultdict(list)
    for c in chars:
        groups[(c.get("fontname") or "", round(c.get("size", 0.0), 1))].append(c)
    taken: set[int] = set()
    found: list[Stamp] = []
    for group in groups.values():
        for row in _rows(group):
            text, owner = _row_text(row)
            for pattern in stamps:
                for m in pattern.finditer(text):
                    mine = tuple(row[owner[i]] for i in range(m.start(), m.end()) if owner[i] >= 0)
                    taken.update(id(c) for c in mine)
                    found.append(Stamp(page_no, m, mine))
    if not taken:
        return chars, []
    return [c for c in chars if id(c) not in taken], found


def _rows(chars: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    rows: list[list[dict[str, Any]]] = []
    base = -1e9
    for c in sorted(chars, key=lambda c: c["bottom"]):
        if rows and c["bottom"] - base <= max(1.0, 0.25 * c["size"]):
            rows[-1].append(c)
        else:
            rows.append([c])
            base = c["bottom"]
    for row in rows:
        row.sort(key=lambda c: c["x0"])
    return rows


def _row_text(row: list[dict[str, Any]]) -> tuple[str, list[int]]:
    """The row's text with a space at each gap, and for each text character its character in the row (-1: a
    space the reading inserted)."""
    parts: list[str] = []
    owner: list[int] = []
    prev_x1 = None
    for i, c in enumerate(row):
        if prev_x1 is not None and c["x0"] - prev_x1 > 0.15 * c["size"] and parts and parts[-1] != " ":
            parts.append(" ")
            owner.append(-1)
        for ch in c["text"]:
            parts.append(ch)
            owner.append(i)
        prev_x1 = c["x1"]
    return "".join(parts), owner


def print_furniture(text: str) -> bool:
    """Is this edge line a browser's print header or footer?"""
    return bool(PRINT_HEADER.match(text) or PRINT_FOOTER.match(text))
