"""Dates written in releases, turned into ISO strings."""

from __future__ import annotations

import re
from datetime import datetime

_FORMATS = ("%B %d, %Y", "%B %d %Y", "%b %d, %Y", "%b. %d, %Y", "%m/%d/%y", "%m/%d/%Y", "%Y-%m-%d", "%d %B %Y")


def iso_date(surface: str | None) -> str | None:
    """'August 20, 2018' -> '2018-08-20'; None when it is not a date we can read."""
    if not surface:
        return None
    s = re.sub(r"\s+", " ", surface.strip().rstrip("."))
    s = re.sub(r"\bSept\b", "Sep", s)
    for fmt in _FORMATS:
        try:
            return datetime.strptime(s, fmt).date().isoformat()
        except ValueError:
            continue
    return None
