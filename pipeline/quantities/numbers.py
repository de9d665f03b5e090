"""Number surfaces: finding them in text and turning them into values (no NLP here).

The grammar, as data where it is words (numbers.json, currencies.json): digits grouped by commas, spaces,
no-break or thin spaces or apostrophes ('1.234' is 1.234, never a thousand); '.08'; scientific notation; digit
fractions and mixed numbers ('2 1/2', '1½'); scale words and letters read by context ('$1.8m' is a million, 'a
1.8m fence' metres); 'dozen' after digits; vague magnitudes without a value. Words are read by number_words,
signs, units that are no scale and currency sub-units by number_context."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache

from pipeline.quantities.number_context import accounting, blood_alcohol_after, kelvin_before, length_after, money_sub_units, negative
from pipeline.quantities.number_words import fraction_value, word_numbers, words_value
from pipeline.lexicon.loader import Lexicon, Scanner, lexicon, scanner
from pipeline.records import Candidate, Form

__all__ = ["Patterns", "digits_value", "find_candidates", "patterns", "unit_after_words"]


def _alt(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@dataclass(frozen=True, slots=True)
class Patterns:
    digits: re.Pattern[str]  # re scans this one faster than the regex module
    words: Scanner
    vague: Scanner
    fraction: Scanner
    multiplier: Scanner
    paren_digits: re.Pattern[str]
    vague_hints: tuple[str, ...]  # every vague magnitude holds one of these ('hundred', 'dozen'): a cheap test first


@lru_cache(maxsize=1)
def patterns() -> Patterns:
    """The number grammar's patterns, built once from the lexicons (numbers.json, currencies.json, units.json)."""
    lx = lexicon()
    scales = _alt(list(lx.scales) + [c for c in lx.collectives if c in lx.digit_collectives])
    abbr = _alt(list(lx.scale_abbreviations))
    currency = _alt(list(lx.currency_symbols))
    money_words = _alt(list(lx.currency_names))
    digits = re.compile(
        rf"(?:(?<![A-Za-z])(?P<cur>{currency})(?P<neg>[-−])?\s?(?<![\d.,])|(?<![\w.,/\d])|(?<=[A-Za-z]/))"
        rf"(?P<num>\d{{1,3}}(?:,\n?\d{{3}})+(?:\.\d+)?"  # 1,234,567
        rf"|(?=\d{{1,3}}[ \u00a0\u202f\u2009']\d{{3}})"  # (the grouped forms are tried only where a group follows)
        rf"(?:\d{{1,3}}(?:[\u00a0\u202f\u2009']\d{{3}})+(?:\.\d+)?"  # 1 234 567 with no-break or thin spaces, 1'000
        rf"|\d{{1,3}}(?: \d{{3}}){{2,}}(?:\.\d+)?"  # 1 234 567 with plain spaces: two groups at least
        rf"|(?:(?<=[$€£¥])|(?<=[$€£¥] ))\d{{1,3}} \d{{3}}(?:\.\d+)?|\d{{1,3}} \d{{3}}(?=\s+(?:{money_words})\b))"  # $10 000, 10 000 dollars
        rf"|\d+(?:\.\d+)?|(?<=[\s($])\.\d+)"
        rf"(?:(?P<scale>(?:\s+|-)(?:{scales})\b(?:\s+(?:{scales})\b)?)|(?P<sp>\s)?(?P<abbr>(?:{abbr}))\b(?!-))?"
        rf"(?P<pct>\s?%)?(?!(?!(?:k|c)?m[2²]\b)[\w,]*\d)"  # not glued to more digits, but '32m2', '5km²' are areas
        , re.IGNORECASE,
    )
    word_alt = _alt(list(lx.number_units) + list(lx.number_tens) + list(lx.scales) + list(lx.collectives))
    head = _alt(list(lx.scales) + list(lx.collectives))
    words = scanner(
        rf"\b(?:(?:{word_alt})(?:-(?:{word_alt}))?[\s-]+and[\s-]+(?:a|one)[\s-]+half(?:[\s-]+(?:{head}))?"  # 'two and a half million', 'one-and-a-half'
        rf"|(?:a|an|one)\s+(?:half[\s-]+)?(?:{head})|half\s+a\s+(?:{head})|{word_alt})"  # 'a half dozen', 'half a dozen'
        rf"(?:(?:\s+and\s+|\s*&\s*|,\s+|\s+|-)(?:{word_alt}))*\b", re.IGNORECASE
    )
    vague_alt = "|".join(r"\s+".join(map(re.escape, w.split())) for w in sorted(lx.vague, key=len, reverse=True))
    vague = scanner(rf"\b(?:{vague_alt})\b", re.IGNORECASE)  # 'hundreds of\nthousands' across a wrap
    frac_words = [w for w in lx.fractions if "-" not in w]
    frac_plural = frac_words + [w + "s" for w in frac_words if w != "half"]
    fraction = scanner(
        rf"\b(?:(?:a|one|two|three|four)[\s-]+(?:full\s+)?(?:{_alt(frac_plural)})|half)\b"
        , re.IGNORECASE,
    )
    verbs = [m for m in lx.multipliers if m.endswith(("ed", "fold"))]  # "more than doubled", "grew sixfold"
    multiplier = scanner(rf"\b(?:{_alt(list(lx.multipliers))})\b(?=\s+(?:the|as|that|its|their|what)\b|\s*[.,;])"
                            rf"|\b(?:{_alt(verbs)})\b(?!\s+(?:down|over|up|back)\b)", re.IGNORECASE)
    paren_digits = re.compile(r"\s*\(\s*(\d{1,3}(?:,\d{3})+|\d+)\s*\)")
    heads = set(lx.scales) | set(lx.collectives)
    hints = tuple(sorted({w.rstrip("s") for v in lx.vague for w in v.lower().split() if w.rstrip("s") in heads}))
    return Patterns(digits, words, vague, fraction, multiplier, paren_digits, hints)


def digits_value(num: str, scale: str | None, abbr: str | None, lx: Lexicon | None = None) -> float:
    """'1 234 567' -> 1234567.0, ('1.4', ' million') -> 1400000.0, ('$5', 'M') -> 5000000.0, ('3', ' dozen') -> 36.0."""
    lx = lx or lexicon()
    value = float(_GROUP_SEPARATORS.sub("", num))
    if scale:
        for word in re.split(r"[\s-]+", scale.strip(" -").lower()):
            value *= lx.scales.get(word) or lx.collectives.get(word, 1)  # '1.4 million', '3 dozen'
    elif abbr:
        value *= lx.scale_abbreviations.get(abbr.lower(), 1)
    return value


def find_candidates(text: str) -> list[Candidate]:
    """Every number expression in `text`, longest first where they overlap."""
    return list(_find_candidates(text))


@lru_cache(maxsize=512)
def _find_candidates(text: str) -> tuple[Candidate, ...]:
    lx, pats = lexicon(), patterns()
    found = [c for read in _READERS for c in read(text, lx, pats)]
    return tuple(money_sub_units(text, _share_range_scale(text, _longest(found)), lx))


def _digits(text: str, lx: Lexicon, pats: Patterns) -> Iterator[Candidate]:
    """'127,000', '1 234 567', '$1.8m', '92%', '-5', '($99.99)', '3 dozen'."""
    for m in pats.digits.finditer(text):
        cur, abbr = m.group("cur"), m.group("abbr")
        start = m.start("cur") if cur else m.start("num")
        end = m.end()
        if m.group("num").startswith(".") and not (cur or m.group("pct") or _PERCENT_WORD.match(text, m.end())
                                                   or blood_alcohol_after(text, m.end())):
            continue  # '.45 caliber', '.380 semi-automatic': without a leading digit only money and percents
        if text[start - 1:start] == "/" and not m.group("pct"):
            continue  # after a slash only a percent is a figure ('96% requested/85% approved'); 'and/or 5', paths
        if abbr and not cur and (abbr.lower() in lx.money_only_abbreviations or m.group("sp")
                                 or (abbr.lower() == "m" and length_after(text, m.end()))
                                 or (abbr == "K" and kelvin_before(text, start))):
            abbr, end = None, m.start("sp") if m.group("sp") else m.start("abbr")
            # '1.5mm', '1500b', '5 m': a unit follows, not a scale; 'a 1.8m fence' is metres
        value = digits_value(m.group("num"), m.group("scale"), abbr, lx)
        if m.group("neg") or negative(text, start) or ((cur or m.group("pct")) and accounting(text, start, end)):
            value = -value
        yield Candidate(start, end, text[start:end], value, "digits",
                        lx.currency_symbols.get(cur) if cur else None, bool(m.group("pct")) and end == m.end())


def _scientific(text: str, lx: Lexicon, pats: Patterns) -> Iterator[Candidate]:
    """'1.99×10−30 kilograms', '3 x 10^8', '6.02e23', '-1e-3'."""
    for m in _SCIENTIFIC.finditer(text):
        exponent = int(m.group("exp").replace("−", "-"))
        if abs(exponent) <= 308:
            sign = -1.0 if negative(text, m.start()) else 1.0
            yield Candidate(m.start(), m.end(), m.group(), sign * float(m.group("mant")) * 10.0 ** exponent, "digits")


def _digit_fractions(text: str, lx: Lexicon, pats: Patterns) -> Iterator[Candidate]:
    """'1/16 of a pint', '1/2 pound', '2 1/2 years', '1⁄32' (fraction slash), '1 ½', '¾ mile'."""
    for m in _DIGIT_FRACTION.finditer(text):
        if m.group("slash") == "/" and not m.group("whole") and not _FRACTION_OF.match(text, m.end()) \
                and unit_after_words(text, m.end()) is None:
            continue  # '1/16' alone is a date (see data/traps.json)
        if int(m.group("den")) == 0 or (m.group("whole") and int(m.group("num")) >= int(m.group("den"))):
            continue  # '1/0'; '4 3/2' is no mixed number
        value = int(m.group("whole") or 0) + int(m.group("num")) / int(m.group("den"))
        form: Form = "fraction" if _FRACTION_OF.match(text, m.end()) and not m.group("whole") else "digits"
        yield Candidate(m.start(), m.end(), m.group(), value, form)
    for m in _VULGAR.finditer(text):
        whole = int(m.group("whole").replace(",", "")) if m.group("whole") else 0
        yield Candidate(m.start(), m.end(), m.group(), whole + _VULGAR_VALUES[m.group("frac")], "digits")


def _word_figures(text: str, lx: Lexicon, pats: Patterns) -> Iterator[Candidate]:
    """'a quarter of a million', 'dozens', 'a third', 'twice', 'one hundred and twelve', 'minus five'."""
    low = text.lower()
    if "illion" in low or "thousand" in low:
        for m in _FRACTION_OF_SCALE.finditer(text):
            base = fraction_value(m.group("frac"), lx)
            yield Candidate(m.start(), m.end(), m.group(), base * lx.scales[m.group("scale").lower()], "words")
    if any(h in low for h in pats.vague_hints):
        for m in pats.vague.finditer(text):
            yield Candidate(m.start(), m.end(), m.group(), None, "vague")
    for m in pats.fraction.finditer(text):
        yield Candidate(m.start(), m.end(), m.group(), fraction_value(m.group(), lx), "fraction")
    for m in pats.multiplier.finditer(text):
        yield Candidate(m.start(), m.end(), m.group(), float(lx.multipliers[m.group().lower()]), "multiplier")
    for m in pats.words.finditer(text):
        for a, b in word_numbers(m.group(), lx):
            start, end = m.start() + a, m.start() + b
            number = words_value(text[start:end], lx)
            if number is None:
                continue
            paren = pats.paren_digits.match(text, end)
            if paren and float(paren.group(1).replace(",", "")) == number:
                end = paren.end()  # "Twelve-hundred-eighty-one (1281)" is one quantity
            if negative(text, start, words=True):
                number = -number  # 'minus five percent'
            yield Candidate(start, end, text[start:end], number, "words")


# The readers of the grammar, by name; where two find overlapping spans the longest one wins (_longest).
_READERS: tuple[Callable[[str, Lexicon, Patterns], Iterator[Candidate]], ...] = (
    _digits, _scientific, _digit_fractions, _word_figures)


_SCIENTIFIC = scanner(r"(?<![\w.,])(?P<mant>\d+(?:\.\d+)?)(?:\s?(?:×|x|\*)\s?10(?:\^|\*\*)?|e)(?P<exp>[-+−]?\d{1,3})(?![\w.])",
                      re.IGNORECASE)
_DIGIT_FRACTION = scanner(r"(?<![\w.,/⁄])(?:(?P<whole>\d{1,3})[ \u00a0-])?(?P<num>\d{1,2})(?P<slash>[/⁄])(?P<den>\d{1,3})"
                          r"(?![\w/⁄]|[.,]\d)")
_VULGAR_VALUES = {"½": 1 / 2, "¼": 1 / 4, "¾": 3 / 4, "⅓": 1 / 3, "⅔": 2 / 3, "⅛": 1 / 8, "⅜": 3 / 8, "⅝": 5 / 8, "⅞": 7 / 8}
_VULGAR = re.compile(rf"(?<![\w.,])(?:(?P<whole>\d{{1,3}}(?:,\d{{3}})*)[ \u00a0-]?)?(?P<frac>[{''.join(_VULGAR_VALUES)}])")
_FRACTION_OF_SCALE = scanner(r"\b(?P<frac>(?:a|one|two|three)[\s-]+(?:quarters?|thirds?|half)|half)\s+(?:of\s+)?an?\s+"
                             r"(?P<scale>thousand|million|billion|trillion)\b", re.IGNORECASE)
_FRACTION_OF = re.compile(r"\s+of\s+(?:a|an|the|their|its|his|her|all)\b", re.IGNORECASE)


def unit_after_words(text: str, end: int) -> str | None:
    """The unit word right after `end` ('1/2 pound'), if any (a lexicon look-up; no NLP)."""
    m = re.match(r"\s+([a-z]+(?:\s+[a-z]+)?)", text[end:end + 30], re.IGNORECASE)
    if not m:
        return None
    words = m.group(1).lower()
    units = lexicon().units
    return next((w for w in (words, words.split()[0]) if w in units and units[w][1] != "percent"), None)


_RANGE_JOIN = re.compile(r"\s*(?:to|-|–|—|and)\s*$")
_GROUP_SEPARATORS = re.compile(r"[,\n \u00a0\u202f\u2009']")
_PERCENT_WORD = re.compile(r"\s+(?:percent|per\s+cent)\b", re.IGNORECASE)
_YEAR = re.compile(r"(?:1[89]|20)\d\d")


def _share_range_scale(text: str, cands: list[Candidate]) -> list[Candidate]:
    """'$80 to $90 billion': the first number of a range takes the scale word of the second."""
    out = list(cands)
    for i in range(len(out) - 1):
        a, b = out[i], out[i + 1]
        if a.form == b.form == "words" and a.value is not None and b.value is not None and a.value < 100 \
                and _RANGE_JOIN.fullmatch(text[a.end:b.start]):
            scale = lexicon().scales.get(b.text.lower().split()[-1].split("-")[-1])
            if scale and a.value < b.value / scale * 10:  # 'four to five thousand'
                out[i] = Candidate(a.start, a.end, a.text, a.value * scale, a.form)
            continue
        if a.form != "digits" or b.form != "digits" or a.value is None or b.value is None:
            continue
        if not _RANGE_JOIN.fullmatch(text[a.end:b.start]) or a.currency != b.currency:
            continue
        plain_a, plain_b = _plain(a.text), _plain(b.text)
        if not plain_a or not plain_b or (a.currency is None and _YEAR.fullmatch(a.text)) or plain_a >= 1000 \
                or plain_a > plain_b:
            continue  # a year ('in 2018 to 3.9 million'), a whole figure ('$800,000 to $1.3 million') or a larger
            # first number ('$200 to $4 million') keeps its value
        if a.value == plain_a and b.value / plain_b > 1:
            out[i] = Candidate(a.start, a.end, a.text, a.value * (b.value / plain_b), a.form, a.currency, a.percent)
    return out


def _plain(surface: str) -> float:
    m = re.search(r"\d[\d,]*(?:\.\d+)?", surface)
    return float(m.group().replace(",", "")) if m else 1.0


def _longest(cands: list[Candidate]) -> list[Candidate]:
    cands.sort(key=lambda c: (c.start, -(c.end - c.start)))
    out: list[Candidate] = []
    for c in cands:
        if out and c.start < out[-1].end:
            continue
        out.append(c)
    return out
