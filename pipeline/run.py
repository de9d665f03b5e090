"""One run: every file under the input folder through read → sectionize → quantify, then the tables."""

from __future__ import annotations

import logging
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pipeline import __version__
from pipeline.model import Quantity, Structure
from pipeline.provenance import NOWHERE, page_range
from pipeline.quantify import quantify
from pipeline.read import MAX_BYTES, RawDocument, ReadError, read
from pipeline.sectionize import analyse
from pipeline.write import write_table

if TYPE_CHECKING:
    from spacy.language import Language

log = logging.getLogger("pipeline")


@dataclass(slots=True)
class Tables:
    documents: list[dict[str, Any]] = field(default_factory=list)
    sections: list[dict[str, Any]] = field(default_factory=list)
    quantities: list[dict[str, Any]] = field(default_factory=list)
    errors: list[dict[str, Any]] = field(default_factory=list)


def discover(root: Path) -> list[Path]:
    """Input files in a stable order; hidden files and folders are skipped."""
    if root.is_file():
        return [root]
    out = []
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root)
        if any(part.startswith(".") for part in rel.parts):
            continue
        if path.is_file() or (path.is_symlink() and not path.exists()):
            out.append(path)
    return out


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
        sections.append({"doc_id": doc_id, **asdict(s), "page_start": first, "page_end": last})
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
    except (ReadError, OSError, UnicodeError, ValueError, RecursionError, MemoryError) as exc:
        message = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        tables.errors.append({"source_path": source, "stage": stage, "error_type": type(exc).__name__,
                              "message": message})
        return tables
    tables.documents.append(doc)
    tables.sections.extend(sections)
    tables.quantities.extend(quants)
    return tables


def run(input_dir: Path, output_dir: Path, nlp: "Language", max_bytes: int = MAX_BYTES,
        on_error: Any = None) -> Tables:
    started = time.perf_counter()
    output_dir.mkdir(parents=True, exist_ok=True)
    base = input_dir if input_dir.is_dir() else input_dir.parent
    total = Tables()
    for path in discover(input_dir):
        source = path.relative_to(base).as_posix()
        result = process_file(path, source, nlp, max_bytes=max_bytes)
        for err in result.errors:
            if on_error:
                on_error(err)
        total.documents += result.documents
        total.sections += result.sections
        total.quantities += result.quantities
        total.errors += result.errors
    for name in ("documents", "sections", "quantities", "errors"):
        write_table(output_dir, name, getattr(total, name))
    log.debug("%d documents, %d quantities, %d errors in %.1fs", len(total.documents), len(total.quantities),
             len(total.errors), time.perf_counter() - started)
    return total
