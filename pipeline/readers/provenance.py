"""Where a span of the document text came from in the source file (page and box, or source offsets).

A reader that joins or cleans text returns an offset map along with the text; text readers return none,
since their text is the file. Maps are plain data so that documents can travel to worker processes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True, slots=True)
class Location:
    page: int | None = None  # 1-based
    x0: float | None = None  # PDF points, union of the characters' boxes
    top: float | None = None
    x1: float | None = None
    bottom: float | None = None
    source_start: int | None = None  # byte offsets into the source file (HTML)
    source_end: int | None = None


NOWHERE = Location()


class OffsetMap(Protocol):
    """Carries document-text offsets back to the source."""

    def locate(self, start: int, end: int) -> Location:
        """Location of text[start:end]; characters the reader inserted map to nothing."""
        ...


def page_range(offsets: OffsetMap | None, start: int, end: int) -> tuple[int | None, int | None]:
    """First and last page of text[start:end] (None for sources without pages)."""
    if offsets is None or end <= start:
        return None, None
    first = offsets.locate(start, end).page  # the page of the first character that came from the source
    last = None
    for i in range(end - 1, start - 1, -1):  # characters the reader inserted map to nothing: skip them
        last = offsets.locate(i, i + 1).page
        if last is not None:
            break
    return first, last
