"""Readers by file suffix: turn a file into the document text that every span indexes.

Only regular files are read (a link to one is fine): a FIFO, a device or a socket is refused before a byte is
read. A read never takes more than `max_bytes` + 1 bytes, whatever `stat` says (a file under /proc says 0). The
file's state is taken from the open file before and after reading, and from its path after: when they differ,
the file changed while it was read, and it is read again (a few times); the state returned is the one read.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from pipeline.readers.html import read_html
from pipeline.readers.pdf import read_pdf
from pipeline.readers.text import MAX_BYTES, TEXT_SUFFIXES, ReadError, read_text
from pipeline.records import RawDocument

__all__ = ["read", "Reader", "readers"]

Reader = Callable[[bytes, Path], RawDocument]
ATTEMPTS = 3  # reads of a file that keeps changing under the reader before it is taken as read, marked changed
_CHUNK = 1 << 20


@dataclass(frozen=True, slots=True)
class FileState:
    """What the file was when it was read: the manifest records this, not what a later stat says."""

    size: int
    mtime_ns: int
    ctime_ns: int
    ino: int
    settled: bool = True  # False: it changed on every attempt; the next run reads it again

    def key(self) -> tuple[int, int, int, int]:
        return (self.size, self.mtime_ns, self.ctime_ns, self.ino)

    @staticmethod
    def of(st: os.stat_result) -> "FileState":
        return FileState(st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)


def readers() -> dict[str, Reader]:
    """Readers by file suffix (lower case, with the dot)."""
    table: dict[str, Reader] = dict.fromkeys(TEXT_SUFFIXES, read_text)
    table[".pdf"] = read_pdf
    table[".html"] = table[".htm"] = read_html
    return table


def _kind(mode: int) -> str:
    for test, name in ((stat.S_ISFIFO, "a FIFO"), (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
                       (stat.S_ISSOCK, "a socket"), (stat.S_ISDIR, "a folder")):
        if test(mode):
            return name
    return "not a regular file"


def read_bytes(path: Path, max_bytes: int = MAX_BYTES) -> tuple[bytes, FileState]:
    """The file's bytes and the state they were read in; ReadError for a special file or one above max_bytes."""
    data, state = b"", None
    for _ in range(ATTEMPTS):
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
        try:
            before = os.fstat(fd)
            if not stat.S_ISREG(before.st_mode):
                raise ReadError(f"not a regular file ({_kind(before.st_mode)}); only regular files are read")
            if before.st_size > max_bytes:
                raise ReadError(f"file is {before.st_size} bytes, above the limit of {max_bytes} (--max-bytes)")
            chunks, total = [], 0
            while chunk := os.read(fd, min(_CHUNK, max_bytes + 1 - total)):
                chunks.append(chunk)
                total += len(chunk)
                if total > max_bytes:
                    raise ReadError(f"file holds more than {max_bytes} bytes (stat said {before.st_size}), above "
                                    "the limit (--max-bytes)")
            after = os.fstat(fd)
        finally:
            os.close(fd)
        data, state = b"".join(chunks), FileState.of(before)
        try:
            now = FileState.of(os.stat(path))
        except OSError:
            now = None
        if FileState.of(after).key() == state.key() and now is not None and now.key() == state.key() \
                and len(data) == state.size:
            return data, state
    assert state is not None
    return data, FileState(state.size, state.mtime_ns, state.ctime_ns, state.ino, settled=False)


def read_file(path: Path, max_bytes: int = MAX_BYTES) -> tuple[RawDocument, FileState]:
    """The document of one file, by its suffix, with the state of the file it was read from."""
    suffix = path.suffix.lower()
    table = readers()
    if suffix not in table:
        raise ReadError(f"unsupported file type {suffix or '(none)'!r}; expected one of {sorted(table)}")
    data, state = read_bytes(path, max_bytes)
    return table[suffix](data, path), state


def read(path: Path, max_bytes: int = MAX_BYTES) -> RawDocument:
    """The document of one file, by its suffix; ReadError when it cannot be read."""
    return read_file(path, max_bytes)[0]
