"""Named fragments of the vocabulary for the regexes in code, so no rule re-types a word list.

A pattern names a fragment in braces, as traps.json has always written `{MONTH}`; `compile_with` puts the
lexicon's words in its place, so a word added to a lexicon file reaches every pattern that names its list:

    compile_with(r"\\bby\\s+(?:{APPROX}\\s+)?$", re.IGNORECASE)     # 'by about', 'by nearly', 'by roughly'

| fragment | words | from |
|---|---|---|
| `MONTH` | month names and abbreviations ('Jan.', 'Sept', 'December') | traps.json `month` |
| `MONTH_NAME` | the twelve month names in full | traps.json `months` |
| `QUALIFIER_BEFORE` | every qualifier written before a number ('more than', 'nearly') | qualifiers.json |
| `APPROX` | the qualifiers that approximate ('about', 'nearly', 'roughly'; `approximate` in qualifiers.json) | qualifiers.json |
| `CHANGE_NOUN` | the nouns of a rise or a fall ('increase', 'drop') | changes.json `after` |
| `NUMBER_WORD` | the start of every number word, fraction, collective and multiplier ('four' covers 'fourteen') | numbers.json |
"""

from __future__ import annotations

import re
import sys
from functools import lru_cache

from pipeline.lexicon.loader import lexicon, load_json
from pipeline.lexicon.schema import LexiconError

__all__ = ["BY_BEFORE", "VocabularyPattern", "alternation", "compile_with", "fragments"]

_NAME = re.compile(r"\{([A-Z_]+)\}")


def alternation(words: list[str] | tuple[str, ...] | frozenset[str]) -> str:
    """Words as one regex alternation, longest first (so 'well over' wins over 'over'); spaces match any run of
    whitespace."""
    return "|".join(r"\s+".join(re.escape(part) for part in w.split()) for w in sorted(words, key=lambda w: (-len(w), w)))


@lru_cache(maxsize=1)
def fragments() -> dict[str, str]:
    lx = lexicon()
    traps = load_json("traps.json")
    before = [q for q in lx.qualifiers if q.direction == "before" and q.literal[-1:].isalpha()]
    return {
        "MONTH": traps["month"],
        "MONTH_NAME": alternation(traps["months"]),
        "QUALIFIER_BEFORE": alternation([q.literal for q in before]),
        "APPROX": alternation([q.literal for q in before if q.approximate]),
        "CHANGE_NOUN": alternation(lx.change_nouns),
        "NUMBER_WORD": alternation(_shortest_prefixes(
            [*lx.number_units, *lx.number_tens, *lx.scales, *lx.collectives, *lx.multipliers,
             *(w.split("-")[0] for w in lx.fractions)])),  # every vague magnitude begins with or holds one of these
    }


def _shortest_prefixes(words: list[str]) -> list[str]:
    """The words no other word of the list begins: with a prefix match, 'four' already finds 'fourteen'."""
    unique = sorted({w.lower() for w in words if w})
    return [w for w in unique if not any(w != o and w.startswith(o) for o in unique)]


def compile_with(template: str, flags: int = 0) -> re.Pattern[str]:
    """Compile `template` with each `{NAME}` replaced by its fragment, as a group: `(?:...)`."""
    known = fragments()

    def fill(m: re.Match[str]) -> str:
        if m.group(1) not in known:
            raise LexiconError(f"pattern {template!r}: unknown fragment {{{m.group(1)}}} (known: {sorted(known)})")
        return f"(?:{known[m.group(1)]})"

    return re.compile(_NAME.sub(fill, template), flags)


class VocabularyPattern:
    """A pattern with named fragments, compiled on first use (the lexicons are never read at import)."""

    __slots__ = ("template", "flags", "_compiled")

    def __init__(self, template: str, flags: int = 0) -> None:
        self.template, self.flags = template, flags
        self._compiled: re.Pattern[str] | None = None

    @property
    def compiled(self) -> re.Pattern[str]:
        if self._compiled is None:
            self._compiled = compile_with(self.template, self.flags)
        return self._compiled

    def search(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        return self.compiled.search(string, pos, endpos)

    def match(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        return self.compiled.match(string, pos, endpos)

    def fullmatch(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        return self.compiled.fullmatch(string, pos, endpos)


# 'declining by a full quarter', 'victims ticked up by three': the 'by' of a change, right before a figure
BY_BEFORE = re.compile(r"\bby\s+$", re.IGNORECASE)
