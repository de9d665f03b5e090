"""Choosing what the model reads: the sentences of each block that hold a number the rules keep, with the
block's traps and candidates handed to each piece."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import replace

from pipeline.nlp.reads import chunks, sentences
from pipeline.quantities.cells import table_cells
from pipeline.quantities.numbers import find_candidates
from pipeline.quantities.traps import TrapIndex, find_traps
from pipeline.lexicon.fragments import VocabularyPattern
from pipeline.records import Block, Candidate, Piece, Structure, TrapSpan

__all__ = ["block_text", "wanted"]


# a block without a digit or the start of a number word holds no figure (a prefix: 'four' finds 'fourteen', 'dozens')
_NUMBERISH = VocabularyPattern(r"\d|[½¼¾⅓⅔⅛⅜⅝⅞]|\b{NUMBER_WORD}", re.IGNORECASE)


def block_text(structure: Structure, block: Block) -> str:
    """The text the rules read for a block: markup and stamps blanked (same length as the document slice)."""
    return structure.masked[block.start:block.end]


def wanted(structure: Structure, blocks: Sequence[Block]) -> list[Piece]:
    """What the model reads: the sentences of each block that hold a number the rules keep (traps aside)."""
    out = []
    cells = table_cells(structure.masked)  # glued table cells and header scales (pipeline.quantities.cells)
    for b in blocks:
        t = block_text(structure, b)
        if not _NUMBERISH.search(t):
            continue
        candidates, found = cells.apply(b.start, t, find_candidates(t), find_traps(t))
        traps = TrapIndex(found)
        live = [c.start for c in candidates if not traps.hits(c.start, c.end)]
        if not live:
            continue
        pieces: list[list[int]] = []
        for s, e in sentences(t):
            if bisect_left(live, e) > bisect_left(live, s):
                if pieces and pieces[-1][1] >= s - 2:
                    pieces[-1][1] = e
                else:
                    pieces.append([s, e])
        for s, e in pieces:
            for cs, ce in chunks(t, s, e):
                if bisect_left(live, ce) > bisect_left(live, cs):  # a cut-off run with no number is not read
                    out.append(Piece(Block(b.start + cs, b.start + ce, b.kind, b.level), t[cs:ce],
                                     _traps_within(found, cs, ce), _candidates_within(candidates, cs, ce)))
    return out


def _traps_within(traps: list[TrapSpan], start: int, end: int) -> tuple[TrapSpan, ...]:
    """The traps that overlap [start, end), cut to it, in its offsets."""
    return tuple(TrapSpan(max(t.start, start) - start, min(t.end, end) - start, t.kind)
                 for t in traps if t.start < end and t.end > start)


def _candidates_within(candidates: list[Candidate], start: int, end: int) -> tuple[Candidate, ...]:
    return tuple(replace(c, start=c.start - start, end=c.end - start)
                 for c in candidates if start <= c.start and c.end <= end)
