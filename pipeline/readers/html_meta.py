"""Title and release date of a saved page, the way htmldate and trafilatura's metadata find them.

Title: the page's headline (`h1`) when it agrees with what the page says its title is (`og:title`,
JSON-LD `headline`, `<title>`), else that title without the site's name ("… | State of California -
Department of Justice"); a generic heading ("News Releases", "Press Room") is never a title.
Release date, first found: a labelled "Release Date" field or a date-classed element (read_html), the
date line under the headline (a `<time datetime>`, "February 9, 2026 | Topic: …", a bare "2/6/2026"),
`article:published_time` and the other <meta> dates, JSON-LD `datePublished`, then htmldate's reading of
the markup (no extensive search, so a copyright year or a "last updated" line is never taken).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

from pipeline.readers.html_listing import generic_title
from pipeline.readers.html_main import invisible
from pipeline.readers.html_tree import Element

_SEPARATORS = re.compile(r"\s+(?:\||–|—|-|::|·|•)\s+")
_WORD = re.compile(r"\w+")


def json_ld(page: Element) -> list[dict[str, Any]]:
    """Every JSON-LD object of the page (graphs and lists flattened); unreadable blocks skipped."""
    out: list[dict[str, Any]] = []
    for el in page.iter():
        if el.tag != "script" or "ld+json" not in el.attrs.get("type", "").lower():
            continue
        raw = "".join("".join(c.chars) for c in el.children if not isinstance(c, Element))
        try:
            data = json.loads(raw)
        except ValueError:
            continue
        out.extend(_objects(data))
    return out


def _objects(data: Any) -> Iterator[dict[str, Any]]:
    if isinstance(data, list):
        for item in data:
            yield from _objects(item)
    elif isinstance(data, dict):
        yield data
        if "@graph" in data:
            yield from _objects(data["@graph"])


def ld_value(objects: list[dict[str, Any]], key: str) -> str | None:
    for obj in objects:
        value = obj.get(key)
        if isinstance(value, str) and value.strip():
            return " ".join(value.split())
    return None


def _words(text: str) -> set[str]:
    return {w.lower() for w in _WORD.findall(text)}


def agrees(heading: str, title: str) -> bool:
    """The heading says what the title says (half its words at least): it is the page's headline."""
    h, t = _words(heading), _words(title)
    return bool(h) and bool(t) and len(h & t) >= 0.5 * min(len(h), len(t))


def without_site(title: str) -> str:
    """'Headline | Site name' -> 'Headline': the longest of the parts the separators cut."""
    parts = [p.strip() for p in _SEPARATORS.split(title) if p.strip()]
    return max(parts, key=len) if parts else title.strip()


def stated_titles(metas: dict[str, list[str]], ld: list[dict[str, Any]], title_tag: str | None) -> list[str]:
    out = [v for k in ("og:title", "twitter:title", "dcterms.title", "dc.title") for v in metas.get(k, [])]
    headline = ld_value(ld, "headline")
    if headline:
        out.append(headline)
    if title_tag:
        out.append(title_tag)
    return out


def pick_headline(candidates: list[Element], stated: list[str]) -> Element | None:
    """The h1 that is the page's headline: not generic, and agreeing with a stated title when there is one."""
    usable = [el for el in candidates if el.text() and not generic_title(el.text())]
    if not stated:
        return usable[0] if usable else None
    for el in usable:
        if any(agrees(el.text(), t) for t in stated):
            return el
    return None


def title_of(headline: Element | None, stated: list[str], suffix: re.Pattern[str]) -> str | None:
    if headline is not None:
        return suffix.sub("", headline.text()) or None
    for t in stated:
        cleaned = suffix.sub("", without_site(t))
        if cleaned and not generic_title(cleaned):
            return cleaned
    return None


def htmldate_of(source: str) -> str | None:
    """htmldate's publication date from the markup alone (meta tags, structured data, date elements)."""
    try:
        from htmldate import find_date
    except ImportError:  # pragma: no cover - trafilatura brings it
        return None
    try:
        found = find_date(source, original_date=True, extensive_search=False, outputformat="%Y-%m-%d")
    except (ValueError, TypeError):
        return None
    return found or None


_DATE_LINE = re.compile(
    r"^(?:(?:release\s+date|date|released|posted|published|for\s+immediate\s+release)\s*:?\s*)?"
    r"(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)[a-z]*\.?,?\s+)?"
    r"(?P<date>(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2},?\s+\d{4}"
    r"|\d{1,2}/\d{1,2}/\d{2,4}|\d{4}-\d{2}-\d{2}|\d{1,2}\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)"
    r"[a-z]*\.?\s+\d{4})\b(?P<rest>.*)$", re.IGNORECASE)


def date_in_line(text: str) -> str | None:
    """The date a date line shows ("Monday, September 23, 2024" -> "September 23, 2024")."""
    m = _DATE_LINE.match(" ".join(text.split()))
    return m.group("date") if m else None


def is_date_line(text: str) -> bool:
    m = _DATE_LINE.match(" ".join(text.split()))
    return m is not None and len(m.group("rest").split()) <= 6


def meta_tags(page: Element) -> dict[str, list[str]]:
    metas: dict[str, list[str]] = {}
    for el in page.iter():
        if el.tag == "meta" and el.attrs.get("content", "").strip():
            key = (el.attrs.get("name") or el.attrs.get("property") or el.attrs.get("itemprop") or "").lower()
            metas.setdefault(key, []).append(" ".join(el.attrs["content"].split()))
    return metas


def hidden_within(el: Element) -> bool:
    node: Element | None = el
    while node is not None:
        if invisible(node):
            return True
        node = node.parent
    return False
