"""One run: every file under the input folder through read → sectionize → quantify, then the tables."""

from __future__ import annotations

import os
from contextlib import nullcontext
from dataclasses import dataclass
from itertools import islice
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.records import RawDocument, Structure
from pipeline.readers.read import FileState, read_file
from pipeline.readers.text import MAX_BYTES, ReadError
from pipeline.run.limits import Budget, DocumentTimeout
from pipeline.structure.sections import analyse
from pipeline.output.rows import Rows, document_rows

if TYPE_CHECKING:
    from pipeline.records import Piece
    from spacy.language import Language
    from spacy.tokens import Doc

__all__ = ["BATCH_CHARS", "discover", "process_file", "process_files"]


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


_EXPECTED = (ReadError, OSError, UnicodeError, ValueError, RecursionError, MemoryError, LookupError)


def _error(source: str, stage: str, exc: BaseException) -> Rows:
    message = str(exc).splitlines()[0] if str(exc).strip() else type(exc).__name__
    return Rows(errors=[{"source_path": source, "stage": stage, "error_type": type(exc).__name__,
                           "message": message}])


def _timed_out(source: str, exc: DocumentTimeout) -> Rows:
    return _error(source, "limit", exc)


def process_file(path: Path, source: str, nlp: "Language", max_bytes: int = MAX_BYTES,
                 time_limit: float = 0.0) -> Rows:
    """The rows of one file, or one error row; never raises for a bad input."""
    return process_files([(path, source)], nlp, max_bytes, time_limit)[0]


# Characters the model reads in one batch: its working memory grows with them (about 3 kB a character).
# Docs are made one batch at a time, as the rules ask for them, and dropped once read, so a worker's peak
# depends neither on which documents come together nor on how long one of them is.
BATCH_CHARS = 8_000


@dataclass(frozen=True, slots=True)
class _Read:
    """A file read and structured, waiting for the model."""

    source: str
    raw: RawDocument
    structure: Structure
    pieces: list["Piece"]
    state: FileState
    budget: Budget


class _ModelFailed(Exception):
    """The model raised on some piece of a pass (the rules catch their own errors)."""

    def __init__(self, cause: BaseException) -> None:
        super().__init__(str(cause))
        self.cause = cause


def _prepare(path: Path, source: str, max_bytes: int, time_limit: float) -> _Read | Rows:
    from pipeline.quantities.pieces import wanted  # here, not at the top: a run's main process needs no spaCy

    stage = "read"
    budget = Budget(time_limit)
    try:
        with budget.spend():
            raw, state = read_file(path, max_bytes=max_bytes)
            stage = "structure"
            structure = analyse(raw.text)
            return _Read(source, raw, structure, wanted(structure, structure.blocks), state, budget)
    except DocumentTimeout as exc:
        return _timed_out(source, exc)
    except _EXPECTED as exc:
        return _error(source, stage, exc)


def process_files(items: list[tuple[Path, str]], nlp: "Language", max_bytes: int = MAX_BYTES,
                  time_limit: float = 0.0) -> list[Rows]:
    """The rows of several files, in order, with one pass of the model over all their pieces.

    Each document has its own `time_limit` (seconds; 0: none), spent on its own reading and structure, then on
    the model's batches and the rules its rows ask for: a document past its limit is an error row, and the
    documents after it get a pass of their own, so no result depends on which documents come together."""
    return _model_pass([_prepare(path, source, max_bytes, time_limit) for path, source in items], nlp)


class _TimedOut(Exception):
    """Document `index` of a pass ran out of time; the rows before it are done."""

    def __init__(self, index: int, done: list[Rows], cause: DocumentTimeout) -> None:
        super().__init__(str(cause))
        self.index, self.done, self.cause = index, done, cause


def _model_pass(group: list[_Read | Rows], nlp: "Language") -> list[Rows]:
    """The group's rows, in a memory zone of the model: the words these files add to the vocabulary are
    dropped when their rows are built, so a long run does not grow it. No Doc leaves the zone."""
    from pipeline.nlp.reads import model_text

    texts = [model_text(piece.text) for item in group if isinstance(item, _Read) for piece in item.pieces]
    try:
        with nlp.memory_zone() if texts else nullcontext():
            return _rows(group, _parse(nlp, texts))
    except _TimedOut as late:
        bad = group[late.index]
        source = bad.source if isinstance(bad, _Read) else ""
        return late.done + [_timed_out(source, late.cause)] + _model_pass(group[late.index + 1:], nlp)
    except _ModelFailed as failed:
        if len(group) > 1:
            return [_model_pass([item], nlp)[0] for item in group]  # find the bad one
        bad = group[0]
        return [_error(bad.source if isinstance(bad, _Read) else "", "quantify", failed.cause)]


def _parse(nlp: "Language", texts: list[str]) -> Iterator["Doc"]:
    """Docs for the texts, in order, made in batches of at most BATCH_CHARS characters (or one longer text)."""
    from pipeline.nlp.parse import parse

    start, size = 0, 0
    try:
        for i, text in enumerate(texts):
            if size and size + len(text) > BATCH_CHARS:
                yield from parse(nlp, texts[start:i])
                start, size = i, 0
            size += len(text)
        yield from parse(nlp, texts[start:])
    except _EXPECTED as exc:
        raise _ModelFailed(exc) from exc


def _rows(group: list[_Read | Rows], docs: Iterator["Doc"]) -> list[Rows]:
    from pipeline.entities.assemble import quantities_from_docs

    out: list[Rows] = []
    for index, item in enumerate(group):
        if isinstance(item, Rows):
            out.append(item)
            continue
        mine = islice(docs, len(item.pieces))  # taken one at a time: a long document's are never all held
        try:
            with item.budget.spend():  # the batches its rules pull through the model count to it
                quantities = quantities_from_docs(item.structure, zip(item.pieces, mine))
                doc, sections, quants = document_rows(item.source, item.raw, item.structure, quantities)
        except DocumentTimeout as exc:
            raise _TimedOut(index, out, exc) from None
        except _EXPECTED as exc:
            for _ in mine:  # the Docs the rules did not reach are this document's
                pass
            out.append(_error(item.source, "quantify", exc))
            continue
        out.append(Rows(documents=[doc], sections=sections, quantities=quants, state=item.state))
    return out
