"""What the words around a number change in it: a sign ('minus five', '-9.23%', '($99.99)'), a unit letter
that is no scale ('a 1.8m fence', '573.15K'), and a currency's sub-unit ('40 cents', '3 dollars and 50 cents')."""

from __future__ import annotations

import re

from pipeline.lexicon.loader import Lexicon, lexicon
from pipeline.records import Candidate

__all__ = ["accounting", "blood_alcohol_after", "kelvin_before", "length_after", "money_sub_units", "negative"]


_MINUS_WORD = re.compile(r"(?<![\w-])(?:minus|negative)[\s-]?$", re.IGNORECASE)
_MINUS_SIGN = re.compile(r"(?:^|(?<=[\s(\[:=]))[-−–]\Z")


def negative(text: str, start: int, words: bool = False) -> bool:
    """'minus 233 Celsius', 'minus-5 yards', 'negative five', '-5 yards', '-9.23%', '$-50.8bn': a negative number.
    A dash after a figure or a word is a range ('ages 18 -25'); 'COVID -19' is a name (see data/traps.json). A
    sign glued to a percent is kept in the value and read as a fall too (see annotate.change_of)."""
    before = text[max(0, start - 9):start]
    if _MINUS_WORD.search(before):
        return True
    if words or not _MINUS_SIGN.search(before):
        return False
    prev = text[:start - 1].rstrip()[-1:]
    return not (prev.isdigit() or (prev != "" and prev in "%)"))


_ACCOUNTING_BEFORE = re.compile(r"(?:^|[\n\t|:=]|\b(?:is|was|were|are|of|at|totaled|totalled))\s*\($", re.IGNORECASE)


def accounting(text: str, start: int, end: int) -> bool:
    """'The annual revenue is ($99.99).', 'a variance of (12.5%)': money or a percent in parentheses on its own is
    a negative amount (accounting). A
    restatement in parentheses after a figure or a noun ('$1.5 million ($1,500,000)', 'losses ($3 million)') is not."""
    return text[end:end + 1] == ")" and bool(_ACCOUNTING_BEFORE.search(text, max(0, start - 12), start))


def length_after(text: str, end: int) -> bool:
    """'a 1.8m fence', '1.8m tall': a length word after 'm' makes it metres."""
    m = _NEXT_WORD.match(text, end)
    return m is not None and m.group(1).lower() in lexicon().length_context


_TEMPERATURE_BEFORE = re.compile(r"°|\bdegrees?\b|\bcelsius\b|\bfahrenheit\b", re.IGNORECASE)  # '573.15K' kelvin
_NEXT_WORD = re.compile(r"[\s-]+([A-Za-z]+)")


_SUB_UNIT = re.compile(r"\s+([A-Za-z]+)\b")
_AND_SUB_UNIT = re.compile(r"\s+([A-Za-z]+)\s+and\s+(\d{1,2})\s+([A-Za-z]+)\b", re.IGNORECASE)


def money_sub_units(text: str, cands: list[Candidate], lx: Lexicon) -> list[Candidate]:
    """'40 cents' is 0.40 USD and '20 pence' 0.20 GBP (the sub-unit word stays in the span: it changes the value);
    '3 dollars and 50 cents' is one amount, 3.50 USD (see units.json: currency_sub_units)."""
    out: list[Candidate] = []
    skip = -1
    for i, c in enumerate(cands):
        if i == skip:
            continue
        if c.form != "digits" or c.currency or c.value is None or c.percent:
            out.append(c)
            continue
        joined = _AND_SUB_UNIT.match(text, c.end)
        if joined and joined.group(1).lower() in lx.units and joined.group(3).lower() in lx.currency_sub_units:
            code, share = lx.currency_sub_units[joined.group(3).lower()]
            if lx.units[joined.group(1).lower()] == (code, "money") and i + 1 < len(cands) \
                    and cands[i + 1].start == c.end + joined.start(2) - c.end:
                end = joined.end()
                out.append(Candidate(c.start, end, text[c.start:end], c.value + int(joined.group(2)) * share, c.form,
                                     code))
                skip = i + 1
                continue
        sub = _SUB_UNIT.match(text, c.end)
        if sub and sub.group(1).lower() in lx.currency_sub_units:
            code, share = lx.currency_sub_units[sub.group(1).lower()]
            out.append(Candidate(c.start, sub.end(), text[c.start:sub.end()], round(c.value * share, 10), c.form,
                                 code))
            continue
        out.append(c)
    return out




def kelvin_before(text: str, start: int) -> bool:
    """'(572 °F, 573.15K)': a temperature just before makes a capital K kelvin, not a thousand."""
    return bool(_TEMPERATURE_BEFORE.search(text, max(0, start - 40), start))


_BLOOD_ALCOHOL = re.compile(r"\s+(?:blood[\s-]+alcohol|BAC\b|breath[\s-]+alcohol)", re.IGNORECASE)


def blood_alcohol_after(text: str, end: int) -> bool:
    """'a .08 blood alcohol concentration': the figure is a percent even without the word."""
    return _BLOOD_ALCOHOL.match(text, end) is not None
