"""Lay out the main content of a page as the text the sectionizer reads, one source span per character.

The layout follows the saved-text convention of the seed releases: paragraphs separated by blank lines,
`## ` before headings (the `h1` title too), `**` around bold runs, list items as `- ` lines indented two
spaces per nesting level, table rows as `cell | cell |` lines, labelled fields ("Topics", "Keywords")
as `Label: item, item` lines. Whitespace runs collapse to one space that maps to the first whitespace
character of the run; characters the layout inserts (markers, newlines, separators) map to nothing (-1).
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Callable

from pipeline.readers.html_meta import is_date_line
from pipeline.readers.html_tree import Element, Text

HEADINGS = {"h1": "## ", "h2": "## ", "h3": "### ", "h4": "#### ", "h5": "#### ", "h6": "#### "}
BLOCK = frozenset(
    ["address", "article", "blockquote", "center", "dd", "details", "div", "dl", "dt", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "main", "ol", "p", "pre", "section", "summary", "table", "ul", "caption", "fieldset", "legend"])
BOLD = frozenset({"strong", "b"})
WHITESPACE = frozenset(" \t\n\r\f\v\xa0")
_RUNS = re.compile(r"[ \t\n\r\f\v\xa0]+|[^ \t\n\r\f\v\xa0]+")


class Layout:
    """Accumulates the output text and, per character, the source byte span (-1 for inserted)."""

    def __init__(self, is_dropped: Callable[[Element], bool], field_cues: tuple[re.Pattern[str], ...]) -> None:
        self.is_dropped = is_dropped
        self.labelled, self.label, self.item = field_cues
        self.chars: list[str] = []
        self.starts = array("q")
        self.ends = array("q")
        self.brk = 0  # pending line break: 1 newline, 2 blank line
        self.space: tuple[int, int] | None = None
        self.line_start = True
        self.prefix = ""  # pending marker for the next line ("## ", "- ")
        self.marks = 0  # bold markers waiting for the next visible character
        self.lists = 0  # list nesting depth
        self.inline = 0  # > 0 inside a table cell or a labelled field: blocks become spaces
        self.bold = False

    # output ----------------------------------------------------------------
    def _put(self, s: str, start: int = -1, end: int = -1) -> None:
        self.chars.append(s)
        self.starts.append(start)
        self.ends.append(end)

    def _flush(self) -> None:
        if self.brk and self.chars:
            for _ in range(self.brk):
                self._put("\n")
            self.line_start = True
        self.brk = 0
        if self.line_start:
            self.space = None
            if self.prefix:
                for ch in self.prefix:
                    self._put(ch)
            elif self.lists and not self.inline:
                for ch in "  " * self.lists:  # a continuation line of a list item
                    self._put(ch)
            self.prefix = ""
            self.line_start = False
        if self.space is not None:
            self._put(" ", *self.space)
            self.space = None
        for _ in range(self.marks):
            self._put("*")
            self._put("*")
        self.marks = 0

    def visible(self, ch: str, start: int = -1, end: int = -1) -> None:
        """Write one character that came from [start, end) of the page (-1: inserted by the reader)."""
        self._flush()
        self._put(ch, start, end)

    def insert(self, s: str) -> None:
        """Write characters the reader adds (punctuation between fields), mapped to nothing."""
        for ch in s:
            self.visible(ch)

    def text(self, run: Text) -> None:
        """Write a text run, whitespace collapsed into at most one pending space."""
        chars = "".join(run.chars)
        for m in _RUNS.finditer(chars):
            i, j = m.span()
            if chars[i] in WHITESPACE:
                if self.space is None and not self.line_start and not self.brk:
                    self.space = (run.starts[i], run.ends[i])
                continue
            self._flush()
            self.chars.extend(chars[i:j])
            self.starts.extend(run.starts[i:j])
            self.ends.extend(run.ends[i:j])

    def block(self, n: int) -> None:
        """End the current block with `n` line breaks (inline content: a space)."""
        if self.inline:
            if not self.line_start and self.space is None:
                self.space = (-1, -1)
            return
        if self.prefix.endswith("- "):
            return  # nothing written in this list item yet
        self.brk = max(self.brk, 1 if self.lists else n)
        self.space = None

    # walking ---------------------------------------------------------------
    def element(self, el: Element) -> None:
        """Render an element and its children, by tag: blocks, headings, lists, tables, fields, dropped chrome."""
        if self.is_dropped(el):
            return
        tag = el.tag
        classes = el.attrs.get("class", "")
        if self.labelled.search(classes):
            return self._field(el)
        if tag in HEADINGS and not self.inline:
            self.block(2)
            self.prefix = HEADINGS[tag]
            self.children(el)
            if self.prefix == HEADINGS[tag]:
                self.prefix = ""  # an empty heading
            self.brk = max(self.brk, 2)
            return
        if tag in ("ul", "ol", "menu") and not self.inline:
            self.block(2)
            self.lists += 1
            self.children(el)
            self.lists -= 1
            self.block(2)
            return
        if tag == "li" and self.lists and not self.inline:
            self.brk = max(self.brk, 1)
            self.prefix = "  " * (self.lists - 1) + "- "
            self.children(el)
            self.prefix = "" if self.prefix.endswith("- ") else self.prefix
            self.block(1)
            return
        if tag in ("tr",) and not self.inline:
            self.block(1)
            cells = [c for c in el.children if isinstance(c, Element) and c.tag in ("td", "th")
                     and not self.is_dropped(c)]
            for i, cell in enumerate(cells):
                if i:
                    self.insert(" ")
                self.inline += 1
                self.children(cell)
                self.inline -= 1
                self.space = None
                self.insert("|" if self.line_start or self.brk else " |")
            self.block(1)
            return
        if tag in ("br",):
            self.block(1)
            return
        if tag == "table" and not self.inline:
            self.block(2)
            self.children(el)
            self.block(2)
            return
        if tag in BOLD and not self.inline and not self.bold:  # no markers in cells, fields or nested bold
            self.bold, self.marks = True, 1
            opened = len(self.chars)
            self.children(el)
            self.bold = False
            if self.marks:
                self.marks = 0  # nothing visible inside: no markers
            elif len(self.chars) > opened:
                self._put("*")
                self._put("*")
            return
        if tag in BLOCK or tag == "li":
            self.block(2)
            self.children(el)
            self.block(2)
            return
        self.children(el)

    def children(self, el: Element) -> None:
        """Render an element's children in order."""
        for child in el.children:
            if isinstance(child, Text):
                self.text(child)
            else:
                self.element(child)

    def _field(self, el: Element) -> None:
        """A labelled field (Drupal `field--label-inline`): `Label: item, item` on one line."""
        self.block(2)
        self.inline += 1
        label = next((c for c in el.iter() if self.label.search(c.attrs.get("class", ""))), None)
        items = [c for c in el.iter() if self.item.search(c.attrs.get("class", "")) and not self.is_dropped(c)]
        if label is not None:
            self.children(label)
            self.space = None
            if not self.chars or self.chars[-1] != ":":
                self.insert(":")
            self.space = (-1, -1)
        for i, item in enumerate(items or [c for c in el.children if c is not label]):
            if i:
                self.insert(",")
                self.space = (-1, -1)
            if isinstance(item, Text):
                self.text(item)
            else:
                self.children(item)
        self.inline -= 1
        self.block(2)

    def result(self) -> tuple[str, array[int], array[int]]:
        """The text and, per character, the start and end byte it came from."""
        return "".join(self.chars), self.starts, self.ends


class BodyLayout(Layout):
    """Layout of the shown blocks only; a heading that holds only a date is written as a date line."""

    def __init__(self, is_dropped: Callable[[Element], bool], field_cues: tuple[re.Pattern[str], ...],
                 shown_text: Callable[[Text], bool]) -> None:
        super().__init__(is_dropped, field_cues)
        self.shown_text = shown_text
        self.last_br = -1
        self.decks: set[int] = set()

    def text(self, run: Text) -> None:
        if self.shown_text(run):
            super().text(run)

    def element(self, el: Element) -> None:
        if el.tag == "br" and not self.inline and not self.lists:
            if self.last_br == len(self.chars):  # <br><br>: a paragraph break, as a browser shows it
                self.block(2)
            else:
                self.block(1)
            self.last_br = len(self.chars)
            return
        if el.tag in HEADINGS and not self.inline and (is_date_line(el.text()) or id(el) in self.decks):
            if self.is_dropped(el):
                return
            self.block(2)  # a date, or the deck under the headline: a paragraph, not a section's heading
            self.children(el)
            self.block(2)
            return
        if el.tag in ("p", "div") and not self.inline and not self.lists and _bold_line(el) \
                and not self.is_dropped(el):
            self.block(2)  # a paragraph all in bold, short, not a sentence: the heading of a section
            self.prefix, self.bold = "### ", True
            self.children(el)
            self.bold = False
            if self.prefix == "### ":
                self.prefix = ""
            self.brk = max(self.brk, 2)
            return
        super().element(el)


def _bold_line(el: Element) -> bool:
    """<p><b>ExxonMobil's Deceptive Marketing</b></p>: one bold run is all the paragraph shows."""
    parts = [c for c in el.children if not (isinstance(c, Text) and not "".join(c.chars).strip())]
    if len(parts) != 1 or not isinstance(parts[0], Element) or parts[0].tag not in ("b", "strong"):
        return False
    text = el.text()
    return 0 < len(text) <= 120 and not text.endswith((".", "!", "?", "”", '"')) and not is_date_line(text)
