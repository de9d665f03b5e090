"""Table cells the number scanner cannot read alone (no NLP here).

- **Glued cells.** Flattening a table can drop the separators between a row label and its figures:
  'January3,7062,286' is the row 'January' with 3,706 and 2,286 ('Felony45.2%38.1%': 45.2% and 38.1%). A thousands group is always exactly three
  digits, so a run of grouped figures splits one way only ('3,706' + '2,286'; '10,57912,774' is 10,579 +
  12,774). Only a table row is split: a line that is a label glued to such a run and nothing else, with two
  figures or more (or one, in a run of such lines); never prose, and never a run that does not split cleanly.
- **A scale in the header.** '($M)', '(in thousands)', '$ in millions', '(Dollars in Billions)' above a table
  multiply its cells: '3,087' under '($M)' is 3,087,000,000 USD. The scale covers the lines below it while they
  look like table rows or cells (short lines, no sentence), or only the figures after it on its own line
  ('Total funding ($M) 3,087 3,250').
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from pipeline.records import Candidate, TrapSpan

__all__ = ["TableCells", "glued_rows", "split_glued", "table_cells"]


_GROUPED = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?")
_GLUED_FIGURE = r"\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?%"
_GLUED_RUN = re.compile(rf"(?:{_GLUED_FIGURE})+")
# A label glued to its figures: letters (a month, a row name) and then the run with no space between
_GLUED_LINE = re.compile(r"[ \t]*(?P<label>[A-Za-z][A-Za-z .&'’/()-]{0,60}?[A-Za-z.)])(?P<run>\d[\d,.%]*[\d%])[ \t]*")

_DIGITS_PERCENT = frozenset("0123456789%")
_SCALE_WORDS = {"thousand": 1e3, "thousands": 1e3, "k": 1e3, "000": 1e3, "000s": 1e3, "000's": 1e3,
                "million": 1e6, "millions": 1e6, "m": 1e6, "mm": 1e6, "mil": 1e6, "mil.": 1e6,
                "billion": 1e9, "billions": 1e9, "b": 1e9, "bn": 1e9}
_SCALE_ALT = "thousands|thousand|millions|million|billions|billion|000's|000s|000|mil\\.?|mm|bn|m|b|k"
# '($M)', '($ millions)', '($ in thousands)', '(in millions)', '(Dollars in Billions)', '(in millions of dollars)',
# '(000s)'; a bare letter ('(M)', '(K)') only with a dollar sign
_SCALE = re.compile(
    rf"\(\s*(?P<cur1>\$|US\$|USD|dollars?)?\s*(?:in\s+)?(?P<s1>{_SCALE_ALT})(?P<cur2>\s+(?:of\s+)?(?:dollars|USD))?\s*\)"
    rf"|\(\s*(?:in\s+)?(?P<s3>thousands|millions|billions)\s*\)"
    rf"|(?P<cur4>\$|dollars)\s+in\s+(?P<s4>thousands|millions|billions)\b",
    re.IGNORECASE)
_WORDS_IN_SENTENCE = 14


@dataclass(frozen=True, slots=True)
class _Scale:
    start: int  # document offsets the scale covers
    end: int
    factor: float
    currency: str | None


def split_glued(run: str) -> list[tuple[int, int]]:
    """Offsets of each figure in a run of grouped figures glued together ('3,7062,286' -> [(0, 5), (5, 10)]; a
    percent ends at its sign: '45.2%38.1%'), or [] when the run does not split cleanly."""
    if _GLUED_RUN.fullmatch(run) is None:
        return []
    return [m.span() for m in re.finditer(_GLUED_FIGURE, run)]


def glued_rows(text: str) -> list[tuple[tuple[int, int], list[tuple[int, int]]]]:
    """(label span, figure spans) of each line that is a label glued to a run of grouped figures."""
    rows: list[tuple[int, tuple[int, int], list[tuple[int, int]]]] = []
    pos = 0
    for number, line in enumerate(text.split("\n")):
        m = _GLUED_LINE.fullmatch(line) if len(line) < 160 and line.rstrip()[-1:] in _DIGITS_PERCENT else None
        if m is not None:
            cells = split_glued(m.group("run"))
            if cells:
                at = pos + m.start("run")
                rows.append((number, (pos + m.start("label"), pos + m.end("label")),
                             [(at + s, at + e) for s, e in cells]))
        pos += len(line) + 1
    kept = []
    for i, (number, label, cells) in enumerate(rows):
        beside = [r for r in rows[max(0, i - 1):i + 2] if abs(r[0] - number) == 1 and len(r[2]) == len(cells)]
        if len(cells) >= 2 or beside:
            kept.append((label, cells))
    return kept


def _is_sentence(line: str) -> bool:
    words = line.split()
    return len(words) > _WORDS_IN_SENTENCE or (len(words) > 4 and line.rstrip().endswith((".", "!", "?", ":")))


def _scales(text: str) -> list[_Scale]:
    """What each header scale covers: the figures after it on its line, or the table lines below it."""
    out: list[_Scale] = []
    for m in _SCALE.finditer(text):
        word = (m.group("s1") or m.group("s3") or m.group("s4") or "").lower()
        factor = _SCALE_WORDS.get(word)
        money = bool(m.group("cur1") or m.group("cur2") or m.group("cur4"))
        if factor is None or (len(word) == 1 and not money and word != "k"):
            continue
        if word in ("m", "b", "k", "mm", "bn") and not money:
            continue  # '(M)' alone may be a footnote or a sex
        line_start = text.rfind("\n", 0, m.start()) + 1
        line_end = text.find("\n", m.end())
        line_end = len(text) if line_end < 0 else line_end
        if _is_sentence(text[line_start:line_end]):
            continue  # 'the budget ($ in millions) rose ...': prose, not a header
        currency = "USD" if money else None
        if _GROUPED.search(text, m.end(), line_end) or re.search(r"\d", text[m.end():line_end]):
            out.append(_Scale(m.end(), line_end, factor, currency))
            continue
        end = line_end
        while end < len(text):
            nxt = text.find("\n", end + 1)
            nxt = len(text) if nxt < 0 else nxt
            line = text[end + 1:nxt]
            if line.strip() and (_is_sentence(line) or _SCALE.search(line)):
                break
            end = nxt
        out.append(_Scale(line_end, end, factor, currency))
    return out


@dataclass(frozen=True, slots=True)
class TableCells:
    """The glued cells and header scales of one document, applied block by block (see `apply`)."""

    glued: tuple[tuple[int, int], ...]  # document offsets of each figure split out of a glued run
    scales: tuple[_Scale, ...]

    def apply(self, base: int, text: str, candidates: Sequence[Candidate], traps: Sequence[TrapSpan],
              ) -> tuple[list[Candidate], list[TrapSpan]]:
        """A block's candidates and traps (block offsets; `base` is the block's start in the document) with the
        glued figures split out (any candidate or trap over them dropped) and header scales applied."""
        end = base + len(text)
        glued = [(s - base, e - base) for s, e in self.glued if base <= s and e <= end]
        cands, found = list(candidates), list(traps)
        if glued:
            def over(s: int, e: int) -> bool:
                return any(s < ge and gs < e for gs, ge in glued)
            cands = [c for c in cands if not over(c.start, c.end)]
            found = [t for t in found if not over(t.start, t.end)]
            cands += [_glued(text, s, e) for s, e in glued]
            cands.sort(key=lambda c: c.start)
        scales = [sc for sc in self.scales if sc.start < end and sc.end > base]
        if scales:
            cands = [_scaled(c, base, scales) for c in cands]
        return cands, found


def _glued(text: str, s: int, e: int) -> Candidate:
    figure = text[s:e]
    return Candidate(s, e, figure, float(figure.replace(",", "").rstrip("%")), "digits", None, figure.endswith("%"))


def _scaled(c: Candidate, base: int, scales: Sequence[_Scale]) -> Candidate:
    if c.form != "digits" or c.value is None or c.percent or not re.fullmatch(r"[$]?\s?-?[\d,]+(?:\.\d+)?", c.text):
        return c  # a scale word of its own ('$1.2 million'), a percent, words: as written
    if re.fullmatch(r"(?:19|20)\d\d", c.text):
        return c  # a year column heading
    at = base + c.start
    sc = next((s for s in scales if s.start <= at < s.end), None)
    if sc is None:
        return c
    return replace(c, value=c.value * sc.factor, currency=c.currency or sc.currency)


def table_cells(text: str) -> TableCells:
    """The glued cells and header scales of a document's (masked) text."""
    glued = tuple(span for _, cells in glued_rows(text) for span in cells)
    return TableCells(glued, tuple(_scales(text)))
