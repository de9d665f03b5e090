"""Reading a candidate in its text: qualifier, unit and time scope (the counted entity is in pipeline.entities.nouns)."""

from __future__ import annotations

import re
from bisect import bisect_left
from functools import lru_cache

from spacy.tokens import Doc, Span

from pipeline.lexicon.loader import Qualifier, lexicon
from pipeline.quantities.number_context import blood_alcohol_after
from pipeline.records import Bound, Candidate, ComparatorSymbol, UnitHit

_SCOPE = re.compile(
    r"\b(?:so far this (?:fiscal )?year|(?:this|last|the previous|the past|the prior|next) (?:fiscal |calendar )?"
    r"(?:year|month|week|quarter)|(?:fiscal|calendar) year to date|year to date|to date)\b",
    re.IGNORECASE,
)


def qualifier_before(text: str, start: int) -> Bound | None:
    """The qualifier written just before a figure ('more than', 'nearly'), with its comparator."""
    head = text[max(0, start - 40):start]
    m = _before_pattern().search(head.lower())
    if m is None:
        return None
    base = start - len(head)
    group = "w" if m.group("w") is not None else "g"
    literal = m.group(group)
    return Bound(literal, base + m.start(group), base + m.end(group), _comparators()[literal])


@lru_cache(maxsize=1)
def _before_pattern() -> re.Pattern[str]:
    quals = _quals("before")  # longest first
    alt = "|".join(re.escape(q.literal) for q in quals if not q.literal.endswith("-"))
    glued = "|".join(re.escape(q.literal) for q in quals if q.literal.endswith("-"))  # 'sub-7 nanometer'
    return re.compile(rf"(?:^|(?<=[\s(\"“]))(?:(?P<w>{alt})\s+|(?P<g>{glued or '(?!)'}))$")


@lru_cache(maxsize=1)
def _comparators() -> dict[str, ComparatorSymbol]:
    return {q.literal: q.comparator for q in lexicon().qualifiers}


_ADDEND = re.compile(r"\s+(?:an?\s+|\$|\d|(?:one|two|three|four|five|six|seven|eight|nine|ten|twenty|thirty|forty|fifty|"
                     r"life|restitution|probation)\b)", re.IGNORECASE)


def qualifier_after(text: str, end: int, unit_end: int | None) -> Bound | None:
    """The qualifier written just after a figure or its unit ('or more', 'plus')."""
    for anchor in (end, unit_end) if unit_end else (end,):
        tail = text[anchor:anchor + 20].lower()
        for q in _quals("after"):
            pattern = re.escape(q.literal) if q.literal == "+" else rf"\s+{re.escape(q.literal)}\b"
            m = re.match(pattern, tail)
            if m and q.literal == "plus" and _ADDEND.match(text, anchor + m.end()):
                continue  # '10 years plus 75 years to life', '500 years plus 16 life sentences': an addition
            if m:
                s = anchor + m.end() - len(q.literal)
                return Bound(q.literal, s, anchor + m.end(), q.comparator)
    return None


@lru_cache(maxsize=2)
def _quals(direction: str) -> tuple[Qualifier, ...]:
    return tuple(q for q in lexicon().qualifiers if q.direction == direction)


@lru_cache(maxsize=1)
def _unit_pattern() -> re.Pattern[str]:
    words = sorted(lexicon().units, key=len, reverse=True)
    alt = "|".join(re.escape(w) for w in words)
    glued = "|".join(re.escape(w) for w in lexicon().glued_units)
    fillers = "|".join(re.escape(w) for w in sorted(lexicon().unit_fillers))  # 'five additional years'
    return re.compile(rf"\+?(?:(?:\s*-\s*|\s+)(?:(?:{fillers})\s+)?(?P<w>{alt})|(?P<g>{glued}))(?![\w])", re.IGNORECASE)


@lru_cache(maxsize=1)
def _age_pattern() -> re.Pattern[str]:
    alt = "|".join(re.escape(p.lstrip("-")) for p in sorted(lexicon().age_phrases, key=len, reverse=True))
    return re.compile(rf"\+?(?:\s*-\s*|\s+)(?:{alt})\b", re.IGNORECASE)


def _sterling(text: str, start: int, end: int) -> bool:
    """'pounds' is money where a money verb stands just before the figure and no 'of' follows the unit ('paid 500
    pounds', 'fined 20 million pounds'; not '7,000 pounds of heroin'); see currencies.json: pound_money_verbs."""
    if re.match(r"\s+of\b", text[end:end + 4]):
        return False
    before = re.findall(r"[A-Za-z]+", text[max(0, start - 30):start].lower())
    return any(w in lexicon().pound_money_verbs for w in before[-3:])


def unit_after(text: str, cand: Candidate) -> UnitHit | None:
    """The unit that follows a figure (or its sign or suffix: '$', '%'), with its kind and where it ends."""
    lx = lexicon()
    if cand.percent:
        return UnitHit("percent", "percent", cand.end)
    if cand.value is not None and 0 < cand.value < 1 and blood_alcohol_after(text, cand.end):
        return UnitHit("percent", "percent", cand.end)  # '.08 blood alcohol concentration' (a share in percent)
    age = _age_pattern().match(text, cand.end)
    if age:
        return UnitHit("month" if "month" in age.group().lower() else "year", "age", age.end())
    m = _unit_pattern().match(text, cand.end)
    if m:
        unit, kind = lx.units[(m.group("w") or m.group("g")).lower()]
        if kind == "multiplier" and _next_word(text, m.end()) not in lx.comparative_after_times \
                and not _next_word(text, m.end()).endswith("er"):
            return None  # "shot 13 times" counts times; "50 times more potent" multiplies
        if unit == "pound" and _sterling(text, cand.start, m.end()):
            unit, kind = "GBP", "money"  # 'spent 20 million pounds on this': sterling, not weight
        if cand.form == "vague" and kind != "money":
            return None
        if cand.currency and kind == "money":
            return UnitHit(cand.currency, "money", m.end())
        return UnitHit(unit, kind, m.end())
    if cand.currency:
        return UnitHit(cand.currency, "money", cand.end)
    if cand.form == "vague":
        dollars = re.match(r"\s+(?:of|in)\s+(?:[a-z-]+\s+){0,2}?(?:dollars|funds|money)\b", text[cand.end:cand.end + 40],
                           re.IGNORECASE)  # 'millions of dollars', 'millions in public funds'
        if dollars:
            # 'millions of dollars' ends at 'dollars'; in 'millions of stolen funds' the funds are what is counted
            end = cand.end + dollars.end() if dollars.group().lower().endswith("dollars") else cand.end
            return UnitHit("USD", "money", end)
    before = text[max(0, cand.start - 12):cand.start].lower().split()
    if before and before[-1] == "of":
        before.pop()  # 'between the ages of 18-24'
    if before and before[-1] in lx.age_before:
        return UnitHit("year", "age", cand.end)  # 'aged 18', 'ages 18 to 24'
    return None


_WORD_BEFORE = re.compile(r"([A-Za-z]+)(?:\s+by)?(?:\s+an?\s+[a-z]+)?\s+$")  # 'dropped by a whopping 67%'
_WORD_AFTER = re.compile(r"\s*([A-Za-z]+)")


def change_of(text: str, cand: Candidate, bound: "Bound | None", unit: UnitHit | None) -> str | None:
    """'up' or 'down' when the text says the figure is a rise or a fall: 'rose 60%', 'declined by nearly 19%',
    'was down 2.1%', 'a 45% drop', '+0.3%'; else None (see data/changes.json)."""
    lx = lexicon()
    sign = text[cand.start - 1:cand.start] if cand.start else ""
    if cand.percent and sign in ("+", "-", "−") and (cand.start < 2 or not text[cand.start - 2].isalnum()):
        return "up" if sign == "+" else "down"
    start = bound.start if bound is not None and bound.start < cand.start else cand.start
    m = _WORD_BEFORE.search(text, max(0, start - 40), start)
    if m and m.group(1).lower() in lx.changes_before:
        return lx.changes_before[m.group(1).lower()]
    m = _WORD_AFTER.match(text, unit.end if unit is not None else cand.end)
    if m and m.end() - m.start() < 24 and m.group(1).lower() in lx.changes_after:
        return lx.changes_after[m.group(1).lower()]
    return None


def change_word_at(text: str, cand: Candidate, bound: "Bound | None") -> int | None:
    """Where the rise or fall word before the figure starts ('Gang Homicides Drop 50 percent' -> 'Drop'), if any."""
    start = bound.start if bound is not None and bound.start < cand.start else cand.start
    m = _WORD_BEFORE.search(text, max(0, start - 40), start)
    return m.start(1) if m and m.group(1).lower() in lexicon().changes_before else None


def _next_word(text: str, at: int) -> str:
    m = re.match(r"\s*([A-Za-z]+)", text[at:at + 30])
    return m.group(1).lower() if m else ""


def hyphen_attached(text: str, cand: Candidate, unit: UnitHit | None) -> bool:
    """'a 5-day period': the number and unit form an adjective; a preceding 'over' is a preposition."""
    return unit is not None and unit.end > cand.end and text[cand.end:cand.end + 2].lstrip(" +").startswith("-")


def span_tokens(doc: Doc, start: int, end: int) -> Span | None:
    """The Span of the tokens that cover text[start:end], or None when no token does."""
    return doc.char_span(start, end, alignment_mode="expand")


class TimeScopes:
    """Date expressions and period phrases of a block, to find the one nearest a figure in its sentence."""

    def __init__(self, block_text: str, dates: list[tuple[int, int]]) -> None:
        found = set(dates) | {(m.start(), m.end()) for m in _SCOPE.finditer(block_text)}
        self.spans = sorted(found)
        self.starts = [s for s, _ in self.spans]
        self.text = block_text

    def nearest(self, sent_start: int, sent_end: int, at: int) -> str | None:
        """The time scope nearest to the figure at `offset` within the sentence [start, end), or None."""
        lo, hi = bisect_left(self.starts, sent_start), bisect_left(self.starts, sent_end)
        i = bisect_left(self.starts, at, lo, hi)
        options = [self.spans[k] for k in (i - 1, i) if lo <= k < hi and self.spans[k][1] <= sent_end]
        if not options:
            return None
        s, e = min(options, key=lambda se: min(abs(se[0] - at), abs(se[1] - at)))
        return self.text[s:e]
