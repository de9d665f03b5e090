"""Where a span of the document text came from in the source file (page and box, or source offsets).

A reader that joins or cleans text returns an offset map along with the text; text readers return none,
since their text is the file. Maps are plain data so that documents can travel to worker processes.
"""

from __future__ import annotations

from pipeline.records import Location, OffsetMap

__all__ = ["NOWHERE", "page_range"]


NOWHERE = Location()


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
