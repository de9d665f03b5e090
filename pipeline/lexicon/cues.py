"""Section and reading cues from structure.json, compiled once: boilerplate, footer, end marks, headings, bullets,
lead labels, ordinal lead-ins, sentence ends and the page's dated fields. The PDF reader and the structure stage
both read them."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from pipeline.lexicon.loader import lexicon


@dataclass(frozen=True, slots=True)
class Cues:
    """The compiled patterns of structure.json."""

    boilerplate: re.Pattern[str]
    footer: re.Pattern[str]
    end_mark: re.Pattern[str]
    heading: re.Pattern[str]
    bullet: re.Pattern[str]
    lead_label: re.Pattern[str]
    ordinal: re.Pattern[str]
    sentence_end: re.Pattern[str]
    fields: dict[str, re.Pattern[str]]


@lru_cache(maxsize=1)
def cues() -> Cues:
    """The structure cues, compiled once."""
    s = lexicon().structure
    labels = "|".join(re.escape(x) for x in s["lead_labels"])
    ordinals = "|".join(re.escape(x) for x in s["ordinal_leadins"])
    return Cues(
        boilerplate=re.compile("(?:" + "|".join(s["boilerplate_lines"]) + r")\s*", re.IGNORECASE),
        footer=re.compile("|".join(s["footer_start"]), re.IGNORECASE),
        end_mark=re.compile("|".join(s["end_marks"])),
        heading=re.compile(s["heading"]),
        bullet=re.compile(s["bullet"]),
        lead_label=re.compile(s["lead_label_pattern"].replace("{labels}", labels), re.IGNORECASE),
        ordinal=re.compile(s["ordinal_leadin_pattern"].replace("{ordinals}", ordinals)),
        sentence_end=re.compile(s["sentence_end"]),
        fields={k: re.compile(s[k], re.IGNORECASE) for k in ("release_date", "last_published", "topics", "keywords")},
    )
