"""The frozen records that flow between stages. spaCy objects never leave the NLP stage."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, Protocol

# The closed sets of the records (the lexicon files' closed sets are StrEnums in pipeline.lexicon.schema).
Form = Literal["digits", "words", "vague", "fraction", "multiplier"]  # how a number is written
ComparatorSymbol = Literal[">", ">=", "<", "<=", "~", "="]  # what a qualifier says of the value
BlockKind = Literal["title", "heading", "paragraph", "bullet", "row"]

__all__ = ["Block", "Bound", "Candidate", "Entity", "Location", "Metadata", "OffsetMap", "Piece", "Quantity",
           "RawDocument", "Section", "Structure", "TrapSpan", "UnitHit"]


@dataclass(frozen=True, slots=True)
class Block:
    """A paragraph, bullet, heading or table row: the unit the model is run on."""

    start: int
    end: int
    kind: BlockKind
    level: int = 0


@dataclass(frozen=True, slots=True)
class Section:
    """A section of the release: from its heading or lead label to the next one (or the footer)."""

    section_id: int
    ordinal: int
    heading: str
    level: int
    char_start: int
    char_end: int


@dataclass(frozen=True, slots=True)
class Metadata:
    """What the page says about itself: title, dates, archive stamp, topics and keywords."""

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
    """One figure with its qualifier, unit, change, counted entity, interval and time scope; spans index the text."""

    char_start: int
    char_end: int
    text: str
    value: float | None
    value_low: float | None
    value_high: float | None
    qualifier: str
    qualifier_start: int | None
    qualifier_end: int | None
    comparator: ComparatorSymbol
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
    entity_rule: str | None = None  # the id of the rule (or candidate source) that named the entity


@dataclass(frozen=True, slots=True)
class Location:
    """Where a span came from in the source: a PDF page and box, or byte offsets into an HTML page."""

    page: int | None = None  # 1-based
    x0: float | None = None  # PDF points, union of the characters' boxes
    top: float | None = None
    x1: float | None = None
    bottom: float | None = None
    source_start: int | None = None  # byte offsets into the source file (HTML)
    source_end: int | None = None
    boxes: tuple[tuple[int, float, float, float, float], ...] | None = None  # PDF: (page, x0, top, x1, bottom)
    # for each visual line the span stands on, its own characters only
    confidence: float | None = None  # PDF page read by OCR: the lowest word confidence of the span, 0-1


class OffsetMap(Protocol):
    """Carries document-text offsets back to the source."""

    def locate(self, start: int, end: int) -> Location:
        """Location of text[start:end]; characters the reader inserted map to nothing."""
        ...


@dataclass(frozen=True, slots=True)
class RawDocument:
    """What a reader hands on: the text every span indexes, and how to find spans in the source."""

    text: str
    format: str  # text | pdf | html
    sha256: str
    offsets: OffsetMap | None = None  # None: the text is the file's content
    n_pages: int | None = None
    metadata: dict[str, object] = field(default_factory=dict)  # found by the reader (title, dates, stamp...)


@dataclass(frozen=True, slots=True)
class Candidate:
    """A number expression found by the rules, with offsets into the scanned text."""

    start: int
    end: int
    text: str
    value: float | None
    form: Form
    currency: str | None = None
    percent: bool = False


@dataclass(frozen=True, slots=True)
class Bound:
    """A qualifier as written ('more than'), its span and its comparator."""

    text: str
    start: int
    end: int
    comparator: ComparatorSymbol


@dataclass(frozen=True, slots=True)
class UnitHit:
    """The unit found after a figure, its kind, and the offset where the unit words end."""

    unit: str
    kind: str
    end: int  # offset just after the unit words in the block text


@dataclass(frozen=True, slots=True)
class Entity:
    """What a figure counts: text with its span, or a normalised label ('sentence', 'people') with none."""

    text: str
    start: int | None = None  # None when the entity is a normalised label ("sentence") not a span
    end: int | None = None


@dataclass(frozen=True, slots=True)
class TrapSpan:
    """A span that holds a number that is not a quantity, and the kind of trap (date, phone, statute ...)."""

    start: int
    end: int
    kind: str


@dataclass(frozen=True, slots=True)
class Piece:
    """A run of a block that the model reads: a Block over its own span (document offsets), its text, and the
    block's traps and number candidates in the piece's offsets. They are found once per block, so a trap such as
    a bill number ('H.R. 895, the ...') is seen with the words before a sentence cut."""

    block: Block
    text: str
    traps: tuple[TrapSpan, ...]
    candidates: tuple[Candidate, ...]
