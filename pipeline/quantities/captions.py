"""Table captions: the line above a table flattened one cell per line names what its cells count."""

from __future__ import annotations

import re

from pipeline.records import Block, Entity, Structure


_CAPTION = re.compile(r"^\W*(?P<name>[A-Za-z][\w .&'’-]*?)(?=\s+(?:in|by|for|over|during|from|since|of the)\b|\s*[:(]|\s*$)")


def captions(structure: Structure) -> dict[Block, Entity]:
    """The line above a table ('CBP Encounters in the Last 10 Years') names what its cells count."""
    out: dict[Block, Entity] = {}
    caption: Entity | None = None
    for prev, block in zip((None, *structure.blocks), structure.blocks):
        if block.kind != "row":
            continue
        if prev is not None and prev.kind != "row":
            line_start = structure.masked.rfind("\n", prev.start, prev.end) + 1 or prev.start
            m = _CAPTION.match(structure.masked[line_start:prev.end])
            caption = Entity(m.group("name"), line_start + m.start("name"), line_start + m.end("name")) if m else None
        if caption is not None:
            out[block] = caption
    return out
