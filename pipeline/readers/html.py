"""HTML reader: a saved agency web page → the release text, its metadata, and a map back to the HTML bytes.

Steps: `html_tree.parse` (bytes → element tree; every character knows its byte span) → pick the main
content (`data/html.json` "main" selectors) → drop boilerplate (navigation, banners, breadcrumbs, search,
share links, footers, scripts, styles, hidden elements) → `html_render.Layout` writes the text in the
layout the sectionizer reads → metadata from the page (h1, labelled fields, dates) and its <meta> tags.
"""

from __future__ import annotations

import hashlib
import re
from array import array
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from pipeline.lexicon.loader import LexiconError, load_json
from pipeline.readers.dates import iso_date
from pipeline.readers.html_listing import generic_title
from pipeline.readers.html_meta import (
    date_in_line,
    hidden_within,
    htmldate_of,
    json_ld,
    ld_value,
    meta_tags,
    pick_headline,
    stated_titles,
    title_of,
)
from pipeline.readers.html_page import NotARelease, read_page
from pipeline.readers.html_render import Layout
from pipeline.readers.html_tree import Element, HtmlError, decode, parse
from pipeline.readers.text import ReadError
from pipeline.records import Location, RawDocument

__all__ = ["Cues", "cues", "HtmlOffsets", "MAX_HTML_BYTES", "metadata", "read_html", "rx"]

MAX_HTML_BYTES = 16 * 1024 * 1024  # about 20 s of parsing; release pages are well under 1 MB
_ISO = re.compile(r"^\s*(\d{4}-\d{2}-\d{2})")
_SELECTOR = re.compile(r"^(?P<tag>[a-z0-9]*)(?:#(?P<id>[\w:-]+))?(?:\.(?P<cls>[\w:-]+))?"
                       r"(?:\[(?P<attr>[\w:-]+)(?:=(?P<value>[^\]]*))?\])?$")


@dataclass(frozen=True, slots=True)
class HtmlOffsets:
    """Per character of the document text, the byte span of its source in the HTML file (-1: inserted)."""

    starts: array[int]
    ends: array[int]

    def locate(self, start: int, end: int) -> Location:
        """Byte offsets in the page of the characters text[start:end] came from."""
        spans = [(s, e) for s, e in zip(self.starts[start:end], self.ends[start:end]) if s >= 0]
        if not spans:
            return Location()
        return Location(source_start=min(s for s, _ in spans), source_end=max(e for _, e in spans))


@dataclass(frozen=True, slots=True)
class Cues:
    """The compiled rules of html.json: main content selectors, what to drop and keep, fields, dates, meta tags."""

    main: tuple[tuple[str, str | None, str | None, str | None, str | None], ...]
    drop_tags: frozenset[str]
    drop_roles: frozenset[str]
    drop: re.Pattern[str]
    keep: re.Pattern[str]
    hidden_style: re.Pattern[str]
    fields: tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]
    labels: dict[str, re.Pattern[str]]
    date_classes: dict[str, re.Pattern[str]]
    meta: dict[str, tuple[str, ...]]
    title_suffix: re.Pattern[str]


@lru_cache(maxsize=1)
def cues() -> Cues:
    """The HTML cues, compiled once (LexiconError names a bad entry)."""
    d = load_json("html.json")
    try:
        selectors = []
        for sel in d["main"]:
            m = _SELECTOR.match(sel)
            if not m:
                raise LexiconError(f"html.json: bad selector {sel!r}")
            selectors.append((m["tag"] or "", m["id"], m["cls"], m["attr"], m["value"]))
        return Cues(
            main=tuple(selectors), drop_tags=frozenset(d["drop_tags"]), drop_roles=frozenset(d["drop_roles"]),
            drop=rx(d["drop_class_or_id"]), keep=rx(d["keep_class_or_id"]), hidden_style=rx(d["hidden_style"]),
            fields=(rx(d["labelled_field"]), rx(d["field_label"]), rx(d["field_item"])),
            labels={k: rx(v) for k, v in d["labels"].items()},
            date_classes={k: rx(v) for k, v in d["date_classes"].items()},
            meta={k: tuple(x.lower() for x in v) for k, v in d["meta"].items()},
            title_suffix=rx(d["title_suffix"]),
        )
    except (KeyError, TypeError, re.error) as exc:
        raise LexiconError(f"html.json: {type(exc).__name__}: {exc}") from exc


def rx(pattern: str) -> re.Pattern[str]:
    """A case-insensitive pattern."""
    return re.compile(pattern, re.IGNORECASE)


def _matches(el: Element, sel: tuple[str, str | None, str | None, str | None, str | None]) -> bool:
    tag, id_, cls, attr, value = sel
    if tag and el.tag != tag:
        return False
    if id_ and el.attrs.get("id") != id_:
        return False
    if cls and cls not in el.attrs.get("class", "").split():
        return False
    return not attr or attr in el.attrs and (value is None or el.attrs[attr].strip("'\"") == value.strip("'\""))


def _dropper(c: Cues, root: Element) -> Any:
    def is_dropped(el: Element) -> bool:
        if el is root:
            return False
        a = el.attrs
        if el.tag in c.drop_tags or el.tag.startswith(("!", "?")):
            return True
        if el.tag == "header" and not any(e.tag == "h1" for e in el.iter()):
            return True
        if "hidden" in a or a.get("aria-hidden", "").lower() == "true" or a.get("role", "").lower() in c.drop_roles:
            return True
        if "style" in a and c.hidden_style.search(a["style"]):
            return True
        names = f"{a.get('class', '')} {a.get('id', '')}"
        return bool(c.drop.search(names)) and not c.keep.search(names)
    return is_dropped


def _main(c: Cues, page: Element) -> Element:
    everything = page.iter()
    for sel in c.main:
        for el in everything:
            if _matches(el, sel) and el.text():
                return el
    return page


class ListingPage(ReadError):
    """A listing page (an index of many releases): recognised, not read as one release."""


class NoBody(ReadError):
    """The page holds no release body the reader could find; the message says how much it kept."""


def read_html(data: bytes, path: Path) -> RawDocument:
    """A saved web page into the document text, its metadata and a map back to byte offsets."""
    if len(data) > MAX_HTML_BYTES:
        raise ReadError(f"HTML page is {len(data)} bytes, above the HTML reader's limit of {MAX_HTML_BYTES}")
    if not data.strip():
        raise ReadError("empty file")
    if b"\x00" in data[:65536] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ReadError("binary content (NUL bytes); not an HTML page")
    c = cues()
    try:
        page = parse(data)
    except HtmlError as exc:
        raise ReadError(str(exc)) from None
    hint = _main(c, page)
    source = decode(data)[0]
    metas = meta_tags(page)
    ld = json_ld(page)
    title_tag = next((e.text() for e in page.iter() if e.tag == "title" and e.text()), None)
    stated = stated_titles(metas, ld, title_tag)
    h1s = [e for e in page.iter() if e.tag == "h1" and e.text() and not hidden_within(e)]
    headline = pick_headline(h1s, stated)
    og = next((t for t in metas.get("og:title", []) if not generic_title(t)), None)
    shown_title = headline.text() if headline is not None else og or (h1s[0].text() if h1s else title_tag)
    warnings: list[str] = []
    try:
        body = read_page(page, source, lambda el: _extra(c, el), c.fields, lambda _: headline, hint,
                         shown_title)
        text, starts, ends, date_el = body.text, body.starts, body.ends, body.date_el
        warnings.extend(body.warnings)
    except NotARelease as exc:
        if exc.listing:
            raise ListingPage(str(exc)) from None
        text, starts, ends = _by_markup(c, page, hint)  # the extractor found no article: the marked-up region
        date_el = None
        if not text.strip():
            raise NoBody(f"{exc}; no text in the page's main region either") from None
        if not exc.small:
            warnings.append(f"{exc}; the page's main region was read by its markup")
    if not text.strip():
        raise ReadError("no text found in the page")
    found = metadata(c, page, hint, headline, stated, metas, ld, date_el, source)
    if warnings:
        found["warnings"] = warnings
    return RawDocument(text=text, format="html", sha256=hashlib.sha256(data).hexdigest(),
                       offsets=HtmlOffsets(starts, ends), n_pages=None, metadata=found)


def _extra(c: Cues, el: Element) -> bool:
    """A metadata block kept beside the article: a labelled field ("Topics: ..."), a dated element."""
    cls = el.attrs.get("class", "")
    names = f"{cls} {el.attrs.get('id', '')}"
    return bool(c.fields[0].search(cls) or c.date_classes["release_date"].search(names)
                or c.date_classes["last_published"].search(names)) and len(el.text()) <= 300


def _by_markup(c: Cues, page: Element, root: Element) -> tuple[str, array[int], array[int]]:
    """The page's main region (main selectors, boilerplate dropped by its markup): for a page the
    main-content extractor finds no article in (a bare fragment, a hand-made page)."""
    is_dropped = _dropper(c, root)
    layout = Layout(is_dropped, c.fields)
    if not any(e.tag == "h1" for e in root.iter()):
        h1 = next((e for e in page.iter() if e.tag == "h1" and e.text()), None)
        if h1 is not None:
            layout.element(h1)  # the title sits outside the content region
    layout.element(root)
    return layout.result()


def metadata(c: Cues, page: Element, root: Element, headline: Element | None, stated: list[str],
             metas: dict[str, list[str]], ld: list[dict[str, Any]], date_el: Element | None,
             source: str) -> dict[str, object]:
    """Title, dates, topics and keywords: what the page shows first, then its <meta> tags and JSON-LD."""

    def meta(kind: str) -> list[str]:
        return next((metas[k] for k in c.meta.get(kind, ()) if k in metas), [])

    found: dict[str, object] = {"title": title_of(headline, stated, c.title_suffix)}
    fields = _labelled_fields(c, root)
    for kind in ("release_date", "last_published"):
        found[kind] = fields.get(kind) and _date_of(fields[kind][0]) or _date_by_class(c, kind, root)
    if not found["release_date"]:
        found["release_date"] = (date_el is not None and _date_of(date_el)) or \
            next((d for d in map(_iso, meta("release_date")) if d), None) or _iso(ld_value(ld, "datePublished")) \
            or htmldate_of(source)
    if not found["last_published"]:
        found["last_published"] = next((d for d in map(_iso, meta("last_published")) if d), None)
    for kind in ("topics", "keywords"):
        if kind in fields:
            items = [e for el in fields[kind] for e in el.iter() if c.fields[2].search(e.attrs.get("class", ""))]
            values = [e.text() for e in items] or [x for el in fields[kind] for x in _after_label(c, el).split(",")]
        else:
            values = [x for v in meta(kind) for x in v.split(",")]
        found[kind] = list(dict.fromkeys(v.strip() for v in values if v.strip()))
    return found


def _labelled_fields(c: Cues, root: Element) -> dict[str, list[Element]]:
    out: dict[str, list[Element]] = {}
    for el in root.iter():
        if c.fields[0].search(el.attrs.get("class", "")):
            label = next((e.text() for e in el.iter() if c.fields[1].search(e.attrs.get("class", ""))), "")
            for kind, pattern in c.labels.items():
                if pattern.match(label.rstrip(": ")):
                    out.setdefault(kind, []).append(el)
    return out


def _after_label(c: Cues, el: Element) -> str:
    label = next((e.text() for e in el.iter() if c.fields[1].search(e.attrs.get("class", ""))), "")
    text = el.text()
    return text[len(label):].lstrip(" :") if label and text.startswith(label) else text


def _iso(value: str | None) -> str | None:
    if not value:
        return None
    m = _ISO.match(value)
    return m.group(1) if m else iso_date(value)


def _date_of(el: Element) -> str | None:
    for e in el.iter():
        if e.tag == "time" and _iso(e.attrs.get("datetime")):
            return _iso(e.attrs.get("datetime"))
    text = re.sub(r"^[A-Za-z /]+:\s*", "", el.text())
    shown = date_in_line(el.text())
    return _iso(text) or _iso(re.sub(r"^\w{3},\s*|\s*-\s*\d{1,2}:\d{2}.*$", "", text)) or _iso(shown)


def _date_by_class(c: Cues, kind: str, root: Element) -> str | None:
    for el in root.iter():
        if c.date_classes[kind].search(f"{el.attrs.get('class', '')} {el.attrs.get('id', '')}"):
            found = _date_of(el)
            if found:
                return found
    return None
