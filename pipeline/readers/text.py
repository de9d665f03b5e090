"""The text reader: a .txt or .md file's decoded content is the document text, unchanged; and the error every
reader raises for a file it cannot read."""

from __future__ import annotations

import codecs
import hashlib
import re
from pathlib import Path

from pipeline.records import RawDocument

__all__ = ["decode_text", "MAX_BYTES", "read_text", "ReadError", "TEXT_SUFFIXES"]

TEXT_SUFFIXES = frozenset({".txt", ".md", ".text"})
MAX_BYTES = 50 * 1024 * 1024


class ReadError(ValueError):
    """The file cannot be read as a press release; the message is one line for the user."""


def read_text(data: bytes, path: Path) -> RawDocument:
    """A text file: its decoded content is the document text."""
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


_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1f]")  # below 32, except tab, line feed, vertical tab, form feed, return


def _checked(text: str) -> str:
    controls = len(_CONTROLS.findall(text))
    if controls > max(8, len(text) // 100):
        raise ReadError("binary content (control characters); not a text file")
    if not text.strip():
        raise ReadError("empty file")
    return text
