"""Readers by file suffix: turn a file into the document text that every span indexes."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from pipeline.readers.html import read_html
from pipeline.readers.pdf import read_pdf
from pipeline.readers.text import MAX_BYTES, TEXT_SUFFIXES, ReadError, read_text
from pipeline.records import RawDocument

__all__ = ["read", "Reader", "readers"]

Reader = Callable[[bytes, Path], RawDocument]


def readers() -> dict[str, Reader]:
    """Readers by file suffix (lower case, with the dot)."""
    table: dict[str, Reader] = dict.fromkeys(TEXT_SUFFIXES, read_text)
    table[".pdf"] = read_pdf
    table[".html"] = table[".htm"] = read_html
    return table


def read(path: Path, max_bytes: int = MAX_BYTES) -> RawDocument:
    """The document of one file, by its suffix; ReadError when it cannot be read."""
    suffix = path.suffix.lower()
    table = readers()
    if suffix not in table:
        raise ReadError(f"unsupported file type {suffix or '(none)'!r}; expected one of {sorted(table)}")
    size = path.stat().st_size
    if size > max_bytes:
        raise ReadError(f"file is {size} bytes, above the limit of {max_bytes} (--max-bytes)")
    return table[suffix](path.read_bytes(), path)
