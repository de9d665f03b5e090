"""The rows of the four tables for one document: plain dicts with the columns of output.schemas."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, fields
from datetime import date
from typing import Any

from pipeline import __version__
from pipeline.readers.provenance import NOWHERE, page_range
from pipeline.records import Location, Quantity, RawDocument, Structure

__all__ = ["doc_id", "document_rows", "Rows", "ROWS_SCHEME"]


# The scheme of the rows (their ids and columns): a run whose output has another one processes every file again.
# 2: doc_id per source file (was the content hash, shared by identical files), sha256 renamed content_sha256.
# 3: dates as date32, empty strings as null (pipeline.output.schemas.SCHEMA_VERSION follows it).
ROWS_SCHEME = 3


def doc_id(source: str, content_sha256: str) -> str:
    """16 hex digits, unique per source file (path and content): identical files keep their own rows apart,
    and a file's id changes when its content does. Identical files share content_sha256."""
    return hashlib.sha256(f"{source}\x00{content_sha256}".encode()).hexdigest()[:16]


@dataclass(slots=True)
class Rows:
    """Rows of the four tables (documents, sections, quantities, errors), as dicts with their columns."""

    documents: list[dict[str, Any]] = field(default_factory=list)
    sections: list[dict[str, Any]] = field(default_factory=list)
    quantities: list[dict[str, Any]] = field(default_factory=list)
    errors: list[dict[str, Any]] = field(default_factory=list)
    state: Any = None  # the FileState the document was read in (a run's manifest records it)


def _date(value: Any) -> date | None:
    """An ISO date string (what the readers and the structure stage give) as a date for the date32 columns."""
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        return None


def _nulls(row: dict[str, Any]) -> dict[str, Any]:
    """One convention for empty values: a string with nothing in it is null ("no qualifier" is null, as "no
    unit" is); lists stay lists."""
    return {k: None if v == "" else v for k, v in row.items()}


def _fields(record: Any) -> dict[str, Any]:
    """A flat record's fields (dataclasses.asdict deep-copies every value, which costs here)."""
    return {f.name: getattr(record, f.name) for f in fields(record)}


def document_rows(source: str, raw: RawDocument, structure: Structure, quantities: list[Quantity],
                  ) -> tuple[dict[str, Any], list[dict[str, Any]], list[dict[str, Any]]]:
    """The documents row, the sections rows and the quantities rows of one document (spans carried to pages, boxes
    and source offsets by the reader's offset map)."""
    ident = doc_id(source, raw.sha256)
    m = structure.metadata
    found = raw.metadata  # what the reader knew (HTML meta tags, a PDF's page-footer stamp) wins
    warnings = found.get("warnings")  # what the reader wants said (an HTML page whose body is a small part)

    def pick(name: str) -> Any:
        value = found.get(name)
        return value if value not in (None, "", ()) else getattr(m, name)

    doc = {
        "doc_id": ident, "source_path": source, "format": raw.format, "content_sha256": raw.sha256,
        "title": pick("title"), "release_date": _date(pick("release_date")),
        "last_published": _date(pick("last_published")), "doc_number": pick("doc_number"),
        "posted_date": _date(pick("posted_date")),
        "topics": list(pick("topics") or ()), "keywords": list(pick("keywords") or ()),
        "n_pages": raw.n_pages, "n_sections": len(structure.sections), "n_quantities": len(quantities),
        "warnings": [str(w) for w in warnings] if isinstance(warnings, (list, tuple)) else [],
        "text": raw.text, "pipeline_version": __version__,
    }
    doc = {**_nulls(doc), "text": raw.text}
    sections = []
    for s in structure.sections:
        first, last = page_range(raw.offsets, s.char_start, s.char_end)
        sections.append(_nulls({"doc_id": ident, "source_path": source, **_fields(s), "page_start": first,
                                "page_end": last}))
    quants = []
    for q in quantities:
        where = raw.offsets.locate(q.char_start, q.char_end) if raw.offsets is not None else NOWHERE
        quants.append(_nulls({"doc_id": ident, "source_path": source,
                              "quantity_id": f"{ident}:{q.char_start}-{q.char_end}", **_fields(q),
                              "page": where.page, "x0": where.x0, "top": where.top, "x1": where.x1,
                              "bottom": where.bottom, "boxes": _boxes(where), "ocr_confidence": where.confidence,
                              "html_start": where.source_start, "html_end": where.source_end}))
    return doc, sections, quants


def _boxes(where: Location) -> list[dict[str, Any]] | None:
    """A PDF quantity's box on each line it stands on, as the `boxes` column's structs."""
    if where.boxes is None:
        return None
    return [{"page": p, "x0": x0, "top": top, "x1": x1, "bottom": bottom} for p, x0, top, x1, bottom in where.boxes]
