"""Listing pages: an index of many releases is recognised as such, never read as one release.

A release page has one headline and perhaps a short 'related' list beside a long article; an index of
releases (or an office's home page) has many items of one shape, each a headline link, and little else.
"""

from __future__ import annotations

import re
from collections import defaultdict

from pipeline.readers.html_main import Selection, ancestors, invisible, visible_texts
from pipeline.readers.html_tree import Element

LISTING_ITEMS = 5  # sibling items of one shape, each with one headline link: an index of releases
_WORDS = re.compile(r"\w+")
GENERIC_TITLE = re.compile(
    r"^(?:(?:news|press|media)(?:\s+(?:releases?|room|center|centre|advisories|statements?|and\s+events|"
    r"&\s+events|items))?|newsroom|releases|press\s+releases?\s+archive|news:.*|latest\s+news|all\s+news|"
    r"recent\s+news)$", re.IGNORECASE)


def generic_title(text: str | None) -> bool:
    """A section's name, not a release's ("News Releases", "Press Room", "News: Taking Action Items")."""
    return bool(text) and bool(GENERIC_TITLE.match(" ".join(str(text).split()).strip(" :|-")))


def listing_reason(root: Element, selection: Selection, items: list[Element], headline: Element | None,
                   page_title: str | None) -> str | None:
    """Why the page is a listing page (the error message), or None for a release."""
    outside = _kept_outside(root, selection, items)
    if len(items) >= LISTING_ITEMS and (outside < 40 or generic_title(page_title) or headline is None and
                                        (outside < 150 or _longest_block(root, selection) < 40)):
        return (f"listing page: {len(items)} releases listed, each a headline link; not one release "
                f"({outside} words of text outside the list; save each release's own page)")
    if generic_title(page_title) and outside < 150:
        return (f"listing page: an index titled {page_title!r} with no release body "
                f"({outside} words of text outside any list)")
    return None


def listing_items(root: Element) -> list[Element]:
    """The largest run of sibling items of one shape that each hold one headline link ([]: none).

    A release page has one headline and perhaps a short 'related' list beside a long article; an index of
    releases has many items of the same shape (same tag and first class), each a headline link, most with
    a date or a teaser.
    """
    below: dict[int, int] = defaultdict(int)  # headline links (<a href> of five words or more) under each element
    for a in root.iter():
        if a.tag == "a" and a.attrs.get("href") and len(a.text().split()) >= 5:
            node: Element | None = a
            while node is not None:
                below[id(node)] += 1
                node = node.parent
    best: list[Element] = []
    for parent in root.iter():
        if below[id(parent)] < 4 or len(parent.children) < 4 or invisible(parent):
            continue
        shapes: dict[tuple[str, str], list[Element]] = defaultdict(list)
        for child in parent.children:
            if isinstance(child, Element) and below[id(child)] == 1 and not invisible(child):
                shapes[(child.tag, (child.attrs.get("class", "").split() or [""])[0])].append(child)
        for group in shapes.values():
            if len(group) > len(best):
                best = group
    return best


def _longest_block(root: Element, selection: Selection) -> int:
    """Words of the longest kept block: an article has paragraphs, an index page headlines and blurbs."""
    words: dict[int, int] = {}
    for run, block in visible_texts(root):
        if id(block) in selection.kept:
            words[id(block)] = words.get(id(block), 0) + len(_WORDS.findall("".join(run.chars)))
    return max(words.values(), default=0)


def _kept_outside(root: Element, selection: Selection, items: list[Element]) -> int:
    """Words the extractor kept that stand outside the listing's items (and outside any link)."""
    inside = {id(e) for item in items for e in item.iter()}
    words = 0
    for run, block in visible_texts(root):
        if id(block) not in selection.kept or id(block) in inside:
            continue
        if any(id(a) in inside or a.tag == "a" for a in [block, *ancestors(block)][:8]):
            continue
        words += len(_WORDS.findall("".join(run.chars)))
    return words
