"""The frozen records that flow between stages. spaCy objects never leave the NLP stage."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Block:
    """A paragraph, bullet, heading or table row: the unit the model is run on."""

    start: int
    end: int
    kind: str  # title | heading | paragraph | bullet | row
    level: int = 0


@dataclass(frozen=True, slots=True)
class Section:
    section_id: int
    ordinal: int
    heading: str
    level: int
    char_start: int
    char_end: int


@dataclass(frozen=True, slots=True)
class Metadata:
    title: str | None = None
    release_date: str | None = None
    last_published: str | None = None
    doc_number: str | None = None
    posted_date: str | None = None
    topics: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Structure:
    """What the sectionizer found: blocks to read, sections, metadata, and spans that are not body text."""

    blocks: tuple[Block, ...]
    sections: tuple[Section, ...]
    metadata: Metadata
    masked: str  # the document text with markup and stamps blanked out (same length)
    excluded: tuple[tuple[int, int], ...] = field(default=())


@dataclass(frozen=True, slots=True)
class Quantity:
    char_start: int
    char_end: int
    text: str
    value: float | None
    value_low: float | None
    value_high: float | None
    qualifier: str
    qualifier_start: int | None
    qualifier_end: int | None
    comparator: str
    unit: str | None
    entity: str | None
    entity_start: int | None
    entity_end: int | None
    kind: str
    time_scope: str | None
    sentence_start: int
    sentence_end: int
    section_id: int | None = None
    change: str | None = None  # 'up' | 'down' when the text says the figure is a rise or a fall
