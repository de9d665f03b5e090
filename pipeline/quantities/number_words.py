"""Numbers written in words: where a run of number words is one number or several, and its value
('one hundred and twelve' -> 112; 'five and three' -> 5 and 3; 'two and a half' -> 2.5; 'two-thirds' -> 0.666667)."""

from __future__ import annotations

import re

from pipeline.lexicon.loader import Lexicon, lexicon

__all__ = ["fraction_value", "word_numbers", "words_value"]


_AND_A_HALF = re.compile(r"(.+?)[\s-]+and[\s-]+(?:a|one)[\s-]+half(?:[\s-]+(\w+))?", re.IGNORECASE)


def words_value(surface: str, lx: Lexicon | None = None) -> float | None:
    """Value of written numbers: 'fifty-seven' -> 57, 'a million' -> 1e6, 'two hundred thousand' -> 2e5."""
    lx = lx or lexicon()
    and_a_half = _AND_A_HALF.fullmatch(surface.strip())
    if and_a_half:
        whole = words_value(and_a_half.group(1), lx)
        scale = (and_a_half.group(2) or "").lower()
        times = lx.scales.get(scale) or lx.collectives.get(scale) or (100 if scale == "hundred" else 1)
        return None if whole is None else (whole + 0.5) * times
    tokens = [t for t in re.split(r"[\s,&-]+", surface.lower()) if t and t != "and"]
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


def fraction_value(surface: str, lx: Lexicon) -> float:
    """'a third' -> 0.333333, 'two-thirds' -> 0.666667, 'three quarters' -> 0.75."""
    words = re.split(r"[\s-]+", surface.lower())
    last = words[-1]
    last = last[:-1] if last.endswith("s") and last[:-1] in lx.fractions else last
    last = "half" if last == "halve" else last
    count = lx.number_units.get(words[0], 1) if len(words) > 1 else 1
    return round(lx.fractions.get(last, 0.0) * count, 6)


def word_numbers(surface: str, lx: Lexicon | None = None) -> list[tuple[int, int]]:
    """Where a run of number words is one number and where it is several, as (start, end) in `surface`.

    The grammar of a number joins: a ten and a unit ('twenty-one'), a unit before 'hundred' ('twelve hundred'), a
    smaller number before a scale ('two hundred thousand'), and after 'hundred' or a scale a smaller number by a
    space, a hyphen, 'and' or (after a scale) a comma ('one hundred and twelve', 'eleven thousand, four hundred and
    six'). Anything else is separate figures: 'five and three years' is 5 and 3, 'one, two' is 1 and 2."""
    lx = lx or lexicon()
    tokens = [(m.start(), m.end(), m.group().lower()) for m in re.finditer(r"[A-Za-z]+", surface)]
    words = [t for t in tokens if t[2] != "and"]
    if any(w in ("a", "an", "half") for _, _, w in words) or len(words) < 2:
        return [(0, len(surface))]  # 'two and a half million', 'a half dozen': read whole by words_value
    out: list[tuple[int, int]] = []
    seg_start, prev_end, prev_kind, last_scale, small = words[0][0], words[0][1], "", float("inf"), 0.0
    for i, (a, b, w) in enumerate(words):
        kind, val = _word_kind(w, lx)
        if i == 0:
            prev_kind, small = kind, val if kind in ("unit", "tens") else 0.0
            last_scale = val if kind == "scale" else float("inf")
            continue
        sep = surface[prev_end:a]
        plain = sep.strip() in ("", "-")
        joined_by_and = sep.strip().lower() in ("and", "&")
        comma = sep.strip() == ","
        join = False
        if kind == "hundred":
            join = plain and prev_kind in ("unit", "tens") and small < 100
        elif kind == "scale":
            join = plain and prev_kind in ("unit", "tens", "hundred") and val < last_scale
        elif kind == "collective":
            join = plain and prev_kind in ("unit", "tens")
        elif kind == "unit":
            join = (plain and prev_kind == "tens" and 0 < val < 10) or                 (prev_kind in ("hundred", "scale") and (plain or joined_by_and or (comma and prev_kind == "scale")))
        elif kind == "tens":
            join = prev_kind in ("hundred", "scale") and (plain or joined_by_and or (comma and prev_kind == "scale"))
        if join:
            if kind == "scale":
                last_scale, small = val, 0.0
            elif kind in ("unit", "tens"):
                small = small + val if prev_kind in ("tens",) else val
            elif kind == "hundred":
                small *= 100
        else:
            out.append((seg_start, prev_end))
            seg_start, small = a, val if kind in ("unit", "tens") else 0.0
            last_scale = val if kind == "scale" else float("inf")
        prev_kind, prev_end = kind, b
    out.append((seg_start, prev_end))
    return out


def _word_kind(word: str, lx: Lexicon) -> tuple[str, float]:
    if word in lx.number_units:
        return "unit", float(lx.number_units[word])
    if word in lx.number_tens:
        return "tens", float(lx.number_tens[word])
    if word == "hundred":
        return "hundred", 100.0
    if word in lx.scales:
        return "scale", float(lx.scales[word])
    if word in lx.collectives:
        return "collective", float(lx.collectives[word])
    return "other", 0.0


