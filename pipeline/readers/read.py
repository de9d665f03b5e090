"""Readers: turn a file into the document text that every span indexes."""

from __future__ import annotations

import codecs
import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.readers.provenance import OffsetMap

TEXT_SUFFIXES = frozenset({".txt", ".md", ".text"})
MAX_BYTES = 50 * 1024 * 1024


class ReadError(ValueError):
    """The file cannot be read as a press release; the message is one line for the user."""


@dataclass(frozen=True, slots=True)
class RawDocument:
    """What a reader hands on: the text every span indexes, and how to find spans in the source."""

    text: str
    format: str  # text | pdf | html
    sha256: str
    offsets: OffsetMap | None = None  # None: the text is the file's content
    n_pages: int | None = None
    metadata: dict[str, object] = field(default_factory=dict)  # found by the reader (title, dates, stamp...)


Reader = Callable[[bytes, Path], RawDocument]


def _read_text(data: bytes, path: Path) -> RawDocument:
    return RawDocument(decode_text(data), "text", hashlib.sha256(data).hexdigest())


def readers() -> dict[str, Reader]:
    """Readers by file suffix. PDF and HTML readers register here when their modules are present."""
    table: dict[str, Reader] = {suffix: _read_text for suffix in TEXT_SUFFIXES}
    try:
        from pipeline.readers.pdf import read_pdf
        table[".pdf"] = read_pdf
    except ImportError:
        pass
    try:
        from pipeline.readers.html import read_html
        table[".html"] = table[".htm"] = read_html
    except ImportError:
        pass
    return table


def read(path: Path, max_bytes: int = MAX_BYTES) -> RawDocument:
    suffix = path.suffix.lower()
    table = readers()
    if suffix not in table:
        raise ReadError(f"unsupported file type {suffix or '(none)'!r}; expected one of {sorted(table)}")
    size = path.stat().st_size
    if size > max_bytes:
        raise ReadError(f"file is {size} bytes, above the limit of {max_bytes} (--max-bytes)")
    return table[suffix](path.read_bytes(), path)


def decode_text(data: bytes) -> str:
    """Decoded file content, unchanged but for a byte-order mark; offsets are character offsets."""
    if not data.strip():
        raise ReadError("empty file")
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _checked(data.decode("utf-16"))
    if b"\x00" in data:
        raise ReadError("binary content (NUL bytes); not a text file")
    try:
        return _checked(data.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise ReadError(f"not valid UTF-8 (byte {exc.start}: {data[exc.start:exc.start + 1]!r})") from None


_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1f]")  # below 32, except tab, line feed, vertical tab, form feed, return


def _checked(text: str) -> str:
    controls = len(_CONTROLS.findall(text))
    if controls > max(8, len(text) // 100):
        raise ReadError("binary content (control characters); not a text file")
    if not text.strip():
        raise ReadError("empty file")
    return text
