"""The text reader: a .txt or .md file's decoded content is the document text, unchanged; and the error every
reader raises for a file it cannot read."""

from __future__ import annotations

import codecs
import hashlib
import re
from pathlib import Path

from pipeline.records import RawDocument

__all__ = ["decode_text", "front_matter", "MAX_BYTES", "read_text", "ReadError", "TEXT_SUFFIXES"]

TEXT_SUFFIXES = frozenset({".txt", ".md", ".text"})
MAX_BYTES = 50 * 1024 * 1024


class ReadError(ValueError):
    """The file cannot be read as a press release; the message is one line for the user."""


def read_text(data: bytes, path: Path) -> RawDocument:
    """A text file: its decoded content is the document text. A Markdown file's front matter (`---` lines at
    the top) is metadata: its title and date are read, and its characters are blanked in the text (line breaks
    kept), so that no `id: 123456` becomes a quantity and every offset still indexes the file."""
    text = decode_text(data)
    metadata: dict[str, object] = {}
    if path.suffix.lower() == ".md":
        text, metadata = front_matter(text)
    return RawDocument(text, "text", hashlib.sha256(data).hexdigest(), metadata=metadata)


_FRONT = re.compile(r"\A---[ \t]*\r?\n(.*?)^---[ \t]*$", re.S | re.M)
_FIELD = re.compile(r"^([A-Za-z_][\w-]*)[ \t]*:[ \t]*(.*?)[ \t]*$", re.M)
_KEYS = {"title": "title", "date": "release_date", "release_date": "release_date", "published": "release_date"}


def front_matter(text: str) -> tuple[str, dict[str, object]]:
    """The text with its YAML front matter blanked, and the title and release date it gives."""
    hit = _FRONT.match(text)
    if hit is None:
        return text, {}
    found: dict[str, object] = {}
    for key, value in _FIELD.findall(hit.group(1)):
        name = _KEYS.get(key.lower())
        value = value.strip().strip("\"'")
        if name == "release_date" and re.match(r"\d{4}-\d{2}-\d{2}", value):
            found.setdefault(name, value[:10])
        elif name == "title" and value:
            found.setdefault(name, value)
    blank = re.sub(r"[^\r\n]", " ", hit.group(0))
    return blank + text[hit.end():], found


def decode_text(data: bytes) -> str:
    """Decoded file content, unchanged but for a byte-order mark; offsets are character offsets."""
    if not data.strip():
        raise ReadError("empty file")
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _checked(data.decode("utf-16"))
    if b"\x00" in data:
        wide = _utf16(data)
        if wide is not None:
            return _checked(wide)
        raise ReadError("binary content (NUL bytes); not a text file (nor UTF-16 text)")
    try:
        return _checked(data.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise ReadError(f"not valid UTF-8 (byte {exc.start}: {data[exc.start:exc.start + 1]!r})") from None


def _utf16(data: bytes) -> str | None:
    """UTF-16 without a byte-order mark: NUL in nearly every high byte of mostly ASCII text. None otherwise."""
    if len(data) < 8 or len(data) % 2:
        return None
    even, odd = data[0::2].count(0), data[1::2].count(0)
    half = len(data) // 2
    for nuls, other, codec in ((odd, even, "utf-16-le"), (even, odd, "utf-16-be")):
        if nuls >= 0.9 * half and other <= 0.01 * half:
            try:
                return data.decode(codec)
            except UnicodeDecodeError:
                return None
    return None


_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1f]")  # below 32, except tab, line feed, vertical tab, form feed, return


def _checked(text: str) -> str:
    controls = len(_CONTROLS.findall(text))
    if controls > max(8, len(text) // 100):
        raise ReadError("binary content (control characters); not a text file")
    if not text.strip():
        raise ReadError("empty file")
    return text
