"""Readers: turn a file into the document text that every span indexes."""

from __future__ import annotations

import codecs
import hashlib
from dataclasses import dataclass
from pathlib import Path

TEXT_SUFFIXES = frozenset({".txt", ".md", ".text"})
MAX_BYTES = 50 * 1024 * 1024


class ReadError(ValueError):
    """The file cannot be read as a press release; the message is one line for the user."""


@dataclass(frozen=True, slots=True)
class RawDocument:
    text: str
    format: str
    sha256: str


def supported(path: Path) -> bool:
    return path.suffix.lower() in TEXT_SUFFIXES


def read(path: Path, max_bytes: int = MAX_BYTES) -> RawDocument:
    suffix = path.suffix.lower()
    if suffix not in TEXT_SUFFIXES:
        raise ReadError(f"unsupported file type {suffix or '(none)'!r}; expected one of {sorted(TEXT_SUFFIXES)}")
    size = path.stat().st_size
    if size > max_bytes:
        raise ReadError(f"file is {size} bytes, above the limit of {max_bytes} (--max-bytes)")
    data = path.read_bytes()
    return RawDocument(decode_text(data), "text", hashlib.sha256(data).hexdigest())


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


def _checked(text: str) -> str:
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\r\n\t\f\v")
    if controls > max(8, len(text) // 100):
        raise ReadError("binary content (control characters); not a text file")
    if not text.strip():
        raise ReadError("empty file")
    return text
