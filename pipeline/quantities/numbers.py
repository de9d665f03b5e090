"""Number surfaces: finding them in text and turning them into values (no NLP here)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from pipeline.lexicon.loader import Lexicon, Scanner, lexicon, scanner
from pipeline.records import Candidate


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


@lru_cache(maxsize=1)
def patterns() -> Patterns:
    lx = lexicon()
    scales = _alt(list(lx.scales))
    abbr = _alt(list(lx.scale_abbreviations))
    currency = _alt(list(lx.currency_symbols))
    digits = re.compile(
        rf"(?:(?<![A-Za-z])(?P<cur>{currency})(?P<neg>[-−])?\s?(?<![\d.,])|(?<![\w.,/\d])|(?<=[A-Za-z]/))(?P<num>\d{{1,3}}(?:,\n?\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?|(?<=[\s($])\.\d+)"
        rf"(?:(?P<scale>(?:\s+|-)(?:{scales})\b(?:\s+(?:{scales})\b)?)|(?P<abbr>(?:{abbr}))\b)?"
        rf"(?P<pct>\s?%)?(?!(?!(?:k|c)?m[2²]\b)[\w,]*\d)"  # not glued to more digits, but '32m2', '5km²' are areas
        , re.IGNORECASE,
    )
    word_alt = _alt(list(lx.number_units) + list(lx.number_tens) + list(lx.scales) + list(lx.collectives))
    head = _alt(list(lx.scales) + list(lx.collectives))
    words = scanner(
        rf"\b(?:(?:{word_alt})(?:-(?:{word_alt}))?[\s-]+and[\s-]+a[\s-]+half(?:[\s-]+(?:{head}))?"  # 'two and a half million', 'one-and-a-half'
        rf"|(?:a|an|one)\s+(?:half[\s-]+)?(?:{head})|half\s+a\s+(?:{head})|{word_alt})"  # 'a half dozen', 'half a dozen'
        rf"(?:(?:\s+and\s+|\s+|-)(?:{word_alt}))*\b", re.IGNORECASE
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
    return Patterns(digits, words, vague, fraction, multiplier, paren_digits)


_AND_A_HALF = re.compile(r"(.+?)[\s-]+and[\s-]+a[\s-]+half(?:[\s-]+(\w+))?", re.IGNORECASE)


def words_value(surface: str, lx: Lexicon | None = None) -> float | None:
    """Value of written numbers: 'fifty-seven' -> 57, 'a million' -> 1e6, 'two hundred thousand' -> 2e5."""
    lx = lx or lexicon()
    and_a_half = _AND_A_HALF.fullmatch(surface.strip())
    if and_a_half:
        whole = words_value(and_a_half.group(1), lx)
        scale = (and_a_half.group(2) or "").lower()
        times = lx.scales.get(scale) or lx.collectives.get(scale) or (100 if scale == "hundred" else 1)
        return None if whole is None else (whole + 0.5) * times
    tokens = [t for t in re.split(r"[\s-]+", surface.lower()) if t and t != "and"]
    total, current, seen = 0.0, 0.0, False
    for tok in tokens:
        if tok in ("a", "an"):
            current = current or 1.0  # 'half a dozen' keeps its half
        elif tok == "half":
            current = (current or 1.0) * 0.5
        elif tok in lx.number_units:
            current += lx.number_units[tok]
        elif tok in lx.number_tens:
            current += lx.number_tens[tok]
        elif tok in lx.collectives:
            current = (current or 1.0) * lx.collectives[tok]
        elif tok == "hundred":
            current = (current or 1.0) * 100
        elif tok in lx.scales:
            total += (current or 1.0) * lx.scales[tok]
            current = 0.0
        else:
            return None
        seen = True
    return total + current if seen else None


def digits_value(num: str, scale: str | None, abbr: str | None, lx: Lexicon | None = None) -> float:
    lx = lx or lexicon()
    value = float(num.replace(",", "").replace("\n", ""))
    if scale:
        for word in re.split(r"[\s-]+", scale.strip(" -").lower()):
            value *= lx.scales.get(word, 1)
    elif abbr:
        value *= lx.scale_abbreviations.get(abbr.lower(), 1)
    return value


def find_candidates(text: str) -> list[Candidate]:
    """Every number expression in `text`, longest first where they overlap."""
    return list(_find_candidates(text))


@lru_cache(maxsize=512)
def _find_candidates(text: str) -> tuple[Candidate, ...]:
    lx, pats = lexicon(), patterns()
    found: list[Candidate] = []
    for m in pats.digits.finditer(text):
        cur, abbr = m.group("cur"), m.group("abbr")
        start = m.start("cur") if cur else m.start("num")
        end = m.end()
        if m.group("num").startswith(".") and not (cur or m.group("pct") or _PERCENT_WORD.match(text, m.end())):
            continue  # '.45 caliber', '.380 semi-automatic': without a leading digit only money and percents
        if text[start - 1:start] == "/" and not m.group("pct"):
            continue  # after a slash only a percent is a figure ('96% requested/85% approved'); 'and/or 5', paths
        if abbr and not cur and abbr.lower() in lx.money_only_abbreviations:
            abbr, end = None, m.start("abbr")  # '1.5mm', '5k': a unit follows, not a scale
        value = digits_value(m.group("num"), m.group("scale"), abbr, lx)
        if m.group("neg") or _negative(text, start, bool(m.group("pct")) or bool(_PERCENT_WORD.match(text, end))):
            value = -value
        found.append(Candidate(start, end, text[start:end], value, "digits",
                               lx.currency_symbols.get(cur) if cur else None, bool(m.group("pct")) and end == m.end()))
    for m in _SCIENTIFIC.finditer(text):  # '1.99×10−30 kilograms', '3 x 10^8'
        exponent = int(m.group("exp").replace("−", "-"))
        if abs(exponent) <= 308:
            found.append(Candidate(m.start(), m.end(), m.group(), float(m.group("mant")) * 10.0 ** exponent, "digits"))
    for m in _DIGIT_FRACTION.finditer(text):  # '1/16 of a pint', '1/2 pound', '1⁄32' (fraction slash)
        if m.group("slash") == "/" and not _FRACTION_OF.match(text, m.end()) and unit_after_words(text, m.end()) is None:
            continue  # '1/16' alone is a date (see data/traps.json)
        value = int(m.group("num")) / int(m.group("den"))
        form = "fraction" if _FRACTION_OF.match(text, m.end()) else "digits"
        found.append(Candidate(m.start(), m.end(), m.group(), value, form))
    for m in _VULGAR.finditer(text):  # '1 ½ to 3 years', '2½ seconds', '¾ mile'
        whole = int(m.group("whole").replace(",", "")) if m.group("whole") else 0
        found.append(Candidate(m.start(), m.end(), m.group(), whole + _VULGAR_VALUES[m.group("frac")], "digits"))
    for m in pats.vague.finditer(text):
        found.append(Candidate(m.start(), m.end(), m.group(), None, "vague"))
    for m in pats.fraction.finditer(text):
        surface = m.group().lower()
        last = re.split(r"[\s-]+", surface)[-1]
        last = last[:-1] if last.endswith("s") and last[:-1] in lx.fractions else last
        base = lx.fractions.get(last, 0.0)
        first = re.split(r"[\s-]+", surface)[0]
        count = lx.number_units.get(first, 1)
        found.append(Candidate(m.start(), m.end(), m.group(), round(base * count, 6), "fraction"))
    for m in pats.multiplier.finditer(text):
        found.append(Candidate(m.start(), m.end(), m.group(), float(lx.multipliers[m.group().lower()]), "multiplier"))
    for m in pats.words.finditer(text):
        number = words_value(m.group(), lx)
        if number is None:
            continue
        end = m.end()
        paren = pats.paren_digits.match(text, end)
        if paren and float(paren.group(1).replace(",", "")) == number:
            end = paren.end()  # "Twelve-hundred-eighty-one (1281)" is one quantity
        found.append(Candidate(m.start(), end, text[m.start():end], number, "words"))
    return tuple(_share_range_scale(text, _longest(found)))


_SCIENTIFIC = scanner(r"(?<![\w.,])(?P<mant>\d+(?:\.\d+)?)\s?(?:×|x|\*)\s?10(?:\^|\*\*)?(?P<exp>[-−]?\d{1,3})(?![\d.])")
_DIGIT_FRACTION = scanner(r"(?<![\w.,/⁄])(?P<num>\d{1,2})(?P<slash>[/⁄])(?P<den>\d{1,3})(?![\w/⁄]|[.,]\d)")
_VULGAR_VALUES = {"½": 1 / 2, "¼": 1 / 4, "¾": 3 / 4, "⅓": 1 / 3, "⅔": 2 / 3, "⅛": 1 / 8, "⅜": 3 / 8, "⅝": 5 / 8, "⅞": 7 / 8}
_VULGAR = re.compile(rf"(?<![\w.,])(?:(?P<whole>\d{{1,3}}(?:,\d{{3}})*)[ \u00a0-]?)?(?P<frac>[{''.join(_VULGAR_VALUES)}])")
_FRACTION_OF = re.compile(r"\s+of\s+(?:a|an|the|their|its|his|her|all)\b", re.IGNORECASE)


def unit_after_words(text: str, end: int) -> str | None:
    """The unit word right after `end` ('1/2 pound'), if any (a lexicon look-up; no NLP)."""
    m = re.match(r"\s+([a-z]+(?:\s+[a-z]+)?)", text[end:end + 30], re.IGNORECASE)
    if not m:
        return None
    words = m.group(1).lower()
    units = lexicon().units
    return next((w for w in (words, words.split()[0]) if w in units and units[w][1] != "percent"), None)


_MINUS_WORD = re.compile(r"(?<![\w-])minus[\s-]?$", re.IGNORECASE)
_MINUS_SIGN = re.compile(r"(?:^|(?<=[\s(\[:=]))[-−]$")


def _negative(text: str, start: int, percent: bool) -> bool:
    """'minus 233 Celsius', 'minus-5 yards', '-5 yards', '$-50.8bn': a negative number. A sign glued to a percent
    ('Nasdaq -1.1%') is a fall (see annotate.change_of) and keeps its magnitude; a dash after a figure or a word is
    a range ('ages 18 -25'); 'COVID -19' is a name (see data/traps.json)."""
    before = text[max(0, start - 8):start]
    if _MINUS_WORD.search(before):
        return True
    if percent or not _MINUS_SIGN.search(before):
        return False
    prev = text[:start - 1].rstrip()[-1:]
    return not (prev.isdigit() or prev in "%)")


_RANGE_JOIN = re.compile(r"\s*(?:to|-|–|—|and)\s*$")
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
