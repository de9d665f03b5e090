"""One run: every file under the input folder through read → sectionize → quantify, then the tables."""

from __future__ import annotations

import os
from contextlib import nullcontext
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pipeline import __version__
from pipeline.model import Quantity, Structure
from pipeline.provenance import NOWHERE, page_range
from pipeline.quantify import model_text, parse, quantities_from_docs, wanted
from pipeline.read import MAX_BYTES, RawDocument, ReadError, read
from pipeline.sectionize import analyse

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

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
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and not os.path.islink(os.path.join(folder, d)))
        for name in files:
            if name.startswith("."):
                continue
            path = Path(folder) / name
            out.append((path, path.relative_to(root).as_posix()))
    return sorted(out, key=lambda ps: ps[1])


def _fields(record: Any) -> dict[str, Any]:
    """A flat record's fields (dataclasses.asdict deep-copies every value, which costs here)."""
    return {f.name: getattr(record, f.name) for f in fields(record)}


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
        sections.append({"doc_id": doc_id, "source_path": source, **_fields(s), "page_start": first, "page_end": last})
    quants = []
    for q in quantities:
        where = raw.offsets.locate(q.char_start, q.char_end) if raw.offsets is not None else NOWHERE
        quants.append({"doc_id": doc_id, "source_path": source,
                       "quantity_id": f"{doc_id}:{q.char_start}-{q.char_end}", **_fields(q),
                       "page": where.page, "x0": where.x0, "top": where.top, "x1": where.x1,
                       "bottom": where.bottom, "html_start": where.source_start, "html_end": where.source_end})
    return doc, sections, quants


_EXPECTED = (ReadError, OSError, UnicodeError, ValueError, RecursionError, MemoryError, LookupError)


def _error(source: str, stage: str, exc: BaseException) -> Tables:
    message = str(exc).splitlines()[0] if str(exc).strip() else type(exc).__name__
    return Tables(errors=[{"source_path": source, "stage": stage, "error_type": type(exc).__name__,
                           "message": message}])


def process_file(path: Path, source: str, nlp: "Language", max_bytes: int = MAX_BYTES) -> Tables:
    """The rows of one file, or one error row; never raises for a bad input."""
    return process_files([(path, source)], nlp, max_bytes)[0]


# Characters the model reads in one batch: its working memory grows with them (about 3 kB a character), so
# a batch of many long pieces is split and a worker's peak does not depend on which documents come together.
BATCH_CHARS = 16_000


def process_files(items: list[tuple[Path, str]], nlp: "Language", max_bytes: int = MAX_BYTES) -> list[Tables]:
    """The rows of several files, with one pass of the model over all their pieces (bigger batches).

    The parse and the rules run in a memory zone of the model: the words these files add to its vocabulary
    are dropped when their rows are built, so a long run does not grow it. No Doc leaves the zone.
    """
    prepared: list[tuple[str, RawDocument, Structure, list[tuple[Any, str]]] | Tables] = []
    for path, source in items:
        stage = "read"
        try:
            raw = read(path, max_bytes=max_bytes)
            stage = "structure"
            structure = analyse(raw.text)
            prepared.append((source, raw, structure, wanted(structure, structure.blocks)))
        except _EXPECTED as exc:
            prepared.append(_error(source, stage, exc))
    texts = [model_text(text) for item in prepared if not isinstance(item, Tables) for _, text in item[3]]
    try:
        with nlp.memory_zone() if texts else nullcontext():
            return _rows(prepared, _parse(nlp, texts))
    except _EXPECTED as exc:  # the rules catch their own errors: this one is the model's
        if len(items) == 1:
            return [_error(items[0][1], "quantify", exc)]
    return [process_file(path, source, nlp, max_bytes) for path, source in items]  # find the bad one


def _parse(nlp: "Language", texts: list[str]) -> list["Doc"]:
    """Docs for the texts, in order, read in batches of at most BATCH_CHARS characters (or one longer text)."""
    docs: list["Doc"] = []
    start, size = 0, 0
    for i, text in enumerate(texts):
        if size and size + len(text) > BATCH_CHARS:
            docs += parse(nlp, texts[start:i])
            start, size = i, 0
        size += len(text)
    return docs + parse(nlp, texts[start:])


def _rows(prepared: list[tuple[str, RawDocument, Structure, list[tuple[Any, str]]] | Tables],
          docs: list["Doc"]) -> list[Tables]:
    out = []
    parsed = iter(docs)
    for item in prepared:
        if isinstance(item, Tables):
            out.append(item)
            continue
        source, raw, structure, pieces = item
        try:
            quantities = quantities_from_docs(structure, [(block, text, next(parsed)) for block, text in pieces])
            doc, sections, quants = document_rows(source, raw, structure, quantities)
        except _EXPECTED as exc:
            out.append(_error(source, "quantify", exc))
            continue
        out.append(Tables(documents=[doc], sections=sections, quantities=quants))
    return out
