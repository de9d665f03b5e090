"""Document structure of a release: boilerplate, title, dates, blocks, sections, footer, stamps."""

from __future__ import annotations

import re
from typing import cast

from pipeline.readers.dates import iso_date
from pipeline.lexicon.fragments import VocabularyPattern
from pipeline.lexicon.loader import lexicon
from pipeline.records import Block, BlockKind, Metadata, Section, Structure
from pipeline.lexicon.cues import Cues, cues

__all__ = ["analyse", "find_stamps"]

_MONTH_DATE = VocabularyPattern(r"^(?P<value>{MONTH_NAME}\s+\d{1,2},\s+\d{4})")
_DATELINE = re.compile(r"^[A-Z][A-Z.' ]{2,40}(?:,\s*[A-Za-z. ]{2,20})?\s*[—–-]")
_MARKUP = re.compile(r"\*\*|</?u>|</?b>|</?strong>|</?em>")


def find_stamps(text: str) -> list[re.Match[str]]:
    """The archive stamps in the text ('AILA Doc. No. 18082131. (Posted 8/21/18)')."""
    return [m for pattern in lexicon().stamps for m in pattern.finditer(text)]


def _blank(chars: list[str], start: int, end: int) -> None:
    for i in range(start, end):
        if chars[i] not in "\r\n":
            chars[i] = " "


def _lines(text: str) -> list[tuple[int, int]]:
    out, pos = [], 0
    for line in text.splitlines(keepends=True):
        content = line.rstrip("\r\n")
        out.append((pos, pos + len(content)))
        pos += len(line)
    return out


def _split_list(value: str) -> tuple[str, ...]:
    value = re.sub(r"\s*\([^)]*\)", "", _MARKUP.sub("", value))
    return tuple(x.strip() for x in value.split(",") if x.strip())


def _masked(text: str) -> tuple[list[str], list[tuple[int, int]], dict[str, object]]:
    """The text's characters with archive stamps and markup blanked, the stamps' spans, and what a stamp says."""
    chars = list(text)
    stamps = find_stamps(text)
    excluded = [(m.start(), m.end()) for m in stamps]
    for s, e in excluded:
        _blank(chars, s, e)
    for m in _MARKUP.finditer(text):
        _blank(chars, m.start(), m.end())
    meta: dict[str, object] = {}
    if stamps:
        meta["doc_number"] = stamps[0].group("doc_number")
        meta["posted_date"] = iso_date(stamps[0].group("posted_date"))
    return chars, excluded, meta


def _structure(blocks: list[list[int | str]], headings: list[tuple[int, str, int]], meta: dict[str, object],
               chars: list[str], excluded: list[tuple[int, int]], end_of_body: int) -> Structure:
    """The records of what the line scan found: sections run from each heading to the next or the footer."""
    sections = tuple(
        Section(i, i + 1, label, level, start, headings[i + 1][0] if i + 1 < len(headings) else end_of_body)
        for i, (start, label, level) in enumerate(headings)
    )
    out_blocks = tuple(Block(int(b[0]), int(b[1]), cast(BlockKind, b[2]), int(b[3])) for b in blocks)
    metadata = Metadata(
        title=meta.get("title"),  # type: ignore[arg-type]
        release_date=meta.get("release_date"),  # type: ignore[arg-type]
        last_published=meta.get("last_published"),  # type: ignore[arg-type]
        doc_number=meta.get("doc_number"),  # type: ignore[arg-type]
        posted_date=meta.get("posted_date"),  # type: ignore[arg-type]
        topics=meta.get("topics", ()),  # type: ignore[arg-type]
        keywords=meta.get("keywords", ()),  # type: ignore[arg-type]
    )
    return Structure(out_blocks, sections, metadata, "".join(chars), tuple(excluded))


def analyse(text: str) -> Structure:
    """Find blocks, sections and metadata; offsets index `text` unchanged."""
    c = cues()
    chars, excluded, meta = _masked(text)

    blocks: list[list[int | str]] = []  # [start, end, kind, level, indent]
    headings: list[tuple[int, str, int]] = []  # (start, label, level)
    footer_at: int | None = None
    after_end_mark = False
    broken = True  # a blank line (or start) since the last block line
    stamp_between = False

    for ls, le in _lines(text):
        raw = "".join(chars[ls:le])
        stripped = raw.strip()
        if not stripped:
            if text[ls:le].strip():
                stamp_between = True  # the line held only a stamp or markup
            else:
                broken = True
            continue
        if footer_at is not None and not after_end_mark:
            _footer_field(c, stripped, meta)
            continue
        if c.footer.match(stripped):
            if footer_at is None:
                footer_at = ls + (len(raw) - len(raw.lstrip()))
                # '###' ends the release, but a saved page goes on (related releases with their own figures), so
                # reading goes on; a metadata footer ('Topics:', 'Keywords:') ends the reading.
                after_end_mark = c.end_mark.match(stripped) is not None
            elif c.end_mark.match(stripped) is None:
                after_end_mark = False
            _footer_field(c, stripped, meta)
            broken = True
            continue
        if c.boilerplate.fullmatch(stripped):
            broken = True
            continue
        m = c.fields["release_date"].match(stripped)
        if m and "release_date" not in meta:
            meta["release_date"] = iso_date(m.group("value"))
            broken = True
            continue
        if "release_date" not in meta:
            md = _MONTH_DATE.match(stripped)
            if md:
                meta["release_date"] = iso_date(md.group("value"))
        original = text[ls:le]
        indent = len(original) - len(original.lstrip())
        start = ls + indent
        hm = c.heading.match(raw.strip())
        if hm:
            _blank(chars, start, start + len(hm.group("marks")))
            label = hm.group("text").strip()
            if "title" not in meta and not headings and not blocks:
                meta["title"] = _MARKUP.sub("", label).strip()
                blocks.append([start, le, "title", 0, indent])
            else:
                blocks.append([start, le, "heading", len(hm.group("marks")), indent])
                headings.append((start, _section_label(c, raw.strip()) or _MARKUP.sub("", label).strip(), 2))
            broken = True
            continue
        bm = c.bullet.match(raw)
        if bm:
            _blank(chars, ls + bm.start("marker"), ls + bm.end("marker"))
            blocks.append([ls + bm.end(), le, "bullet", len(bm.group("indent").expandtabs(2)) // 2 + 1, indent])
            broken = False
            stamp_between = False
            continue
        if blocks and not _DATELINE.match(stripped) and _continues(c, text, blocks[-1], indent, stripped, broken,
                                                                    stamp_between):
            blocks[-1][1] = le
        else:
            kind = "row" if "|" in stripped else "paragraph"
            blocks.append([start, le, kind, 0, indent])
            if kind == "paragraph" and (indent == 0 or len(blocks) == 1):
                label = _section_label(c, original.strip())
                if label:
                    headings.append((start, label, 2))
        if "title" not in meta and len(stripped) < 200 and not c.sentence_end.search(stripped):
            meta["title"] = _MARKUP.sub("", stripped).strip()
            blocks[-1][2] = "title"  # a title line is never continued by the next line
        broken = False
        stamp_between = False

    end_of_body = footer_at if footer_at is not None else len(text)
    return _structure(blocks, headings, meta, chars, excluded, end_of_body)


def _section_label(c: Cues, line: str) -> str | None:
    m = c.lead_label.match(line) or c.ordinal.match(line)
    return m.group("label") if m else None


def _continues(c: Cues, text: str, block: list[int | str], indent: int, line: str,
               broken: bool, stamp_between: bool) -> bool:
    """Does this text line carry on the previous block (a hard wrap or an indented continuation)?"""
    if block[2] in ("title", "heading", "row") or "|" in line:
        return False
    prev = text[int(block[0]):int(block[1])]
    open_sentence = not c.sentence_end.search(prev)
    if broken:
        return stamp_between and open_sentence and line[:1].islower()
    if block[2] == "bullet" and indent > int(block[4]):
        return True
    last_line = prev.rsplit("\n", 1)[-1].strip()
    # A hard wrap: the sentence is open and the next line carries on in lower case, or the line was long.
    return open_sentence and (not line[:1].isupper() or len(last_line) >= 72)


def _footer_field(c: Cues, line: str, meta: dict[str, object]) -> None:
    for key in ("topics", "keywords"):
        m = c.fields[key].match(line)
        if m:
            meta[key] = _split_list(m.group("value"))
    m = c.fields["last_published"].match(line)
    if m:
        meta["last_published"] = iso_date(m.group("value"))
