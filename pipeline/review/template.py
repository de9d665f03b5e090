"""The review page's style and script, inlined into every report so that it needs no network.

The script (`app.js`) reads the index and each document's data from JSON blocks in the page or from script
files beside it, and writes fields into the panel with `textContent` only: no document text ever becomes markup
other than the HTML the report escaped.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

# Background colours by kind; kinds not listed get one of FALLBACK in order.
KIND_COLOURS = {
    "count": "#ffe08a", "money": "#b8e6b0", "percent": "#b9d7ff", "mass": "#f6c6a8", "length": "#d9c8f5",
    "duration": "#c4ecec", "age": "#f7c4dd", "fraction": "#e2e8a0",
    "multiplier": "#ffd0c2",
}
FALLBACK = ("#d5d5d5", "#cfe3c0", "#e8d3b8", "#c9d1f0", "#f0c9c9")


@lru_cache(maxsize=None)
def asset(name: str) -> str:
    """The page's style (`app.css`) or script (`app.js`), package data next to this module."""
    return resources.files("pipeline.review").joinpath(name).read_text(encoding="utf-8")
