"""One run: every file under the input folder through read → sectionize → quantify, then the tables."""

from __future__ import annotations

import logging
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pipeline import __version__
from pipeline.model import Quantity, Structure
from pipeline.provenance import NOWHERE, page_range
from pipeline.quantify import quantify
from pipeline.read import MAX_BYTES, RawDocument, ReadError, read
from pipeline.sectionize import analyse

if TYPE_CHECKING:
    from spacy.language import Language

log = logging.getLogger("pipeline")


@dataclass(slots=True)
class Tables:
    documents: list[dict[str, Any]] = field(default_factory=list)
    sections: list[dict[str, Any]] = field(default_factory=list)
    quantities: list[dict[str, Any]] = field(default_factory=list)
    errors: list[dict[str, Any]] = field(default_factory=list)


def discover(root: Path) -> list[tuple[Path, str]]:
    """Input files with their source path (relative, POSIX), sorted by it; hidden entries are skipped.

    Symlinked folders are not followed (no loops); a symlinked or broken file is listed, so that it is
    either read or reported.
    """
    if not root.is_dir():
        return [(root, root.name)]
    out = []
    for folder, dirs, files in os.walk(root, followlinks=False):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        dirs[:] = [d for d in dirs if not os.path.islink(os.path.join(folder, d))]
        for name in files:
            if name.startswith("."):
                continue
            path = Path(folder) / name
            out.append((path, path.relative_to(root).as_posix()))
    return sorted(out, key=lambda ps: ps[1])


def document_rows(source: str, raw: RawDocument, structure: Structure, quantities: list[Quantity],
                  ) -> tuple[dict[str, Any], list[dict[str, Any]], list[dict[str, Any]]]:
    doc_id = raw.sha256[:16]
    m = structure.metadata
    found = raw.metadata  # what the reader knew (HTML meta tags, a PDF's page-footer stamp) wins

    def pick(name: str) -> Any:
        value = found.get(name)
        return value if value not in (None, "", ()) else getattr(m, name)

    doc = {
        "doc_id": doc_id, "source_path": source, "format": raw.format, "sha256": raw.sha256,
        "title": pick("title"), "release_date": pick("release_date"), "last_published": pick("last_published"),
        "doc_number": pick("doc_number"), "posted_date": pick("posted_date"),
        "topics": list(pick("topics") or ()), "keywords": list(pick("keywords") or ()),
        "n_pages": raw.n_pages, "n_sections": len(structure.sections), "n_quantities": len(quantities),
        "text": raw.text, "pipeline_version": __version__,
    }
    sections = []
    for s in structure.sections:
        first, last = page_range(raw.offsets, s.char_start, s.char_end)
        sections.append({"doc_id": doc_id, "source_path": source, **asdict(s), "page_start": first, "page_end": last})
    quants = []
    for q in quantities:
        where = raw.offsets.locate(q.char_start, q.char_end) if raw.offsets is not None else NOWHERE
        quants.append({"doc_id": doc_id, "source_path": source,
                       "quantity_id": f"{doc_id}:{q.char_start}-{q.char_end}", **asdict(q),
                       "page": where.page, "x0": where.x0, "top": where.top, "x1": where.x1,
                       "bottom": where.bottom, "html_start": where.source_start, "html_end": where.source_end})
    return doc, sections, quants


def process_file(path: Path, source: str, nlp: "Language", max_bytes: int = MAX_BYTES) -> Tables:
    """The rows of one file, or one error row; never raises for a bad input."""
    tables = Tables()
    stage = "read"
    try:
        raw = read(path, max_bytes=max_bytes)
        stage = "structure"
        structure = analyse(raw.text)
        stage = "quantify"
        quantities = quantify(structure, nlp)
        doc, sections, quants = document_rows(source, raw, structure, quantities)
    except (ReadError, OSError, UnicodeError, ValueError, RecursionError, MemoryError, LookupError) as exc:
        message = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        tables.errors.append({"source_path": source, "stage": stage, "error_type": type(exc).__name__,
                              "message": message})
        return tables
    tables.documents.append(doc)
    tables.sections.extend(sections)
    tables.quantities.extend(quants)
    return tables
