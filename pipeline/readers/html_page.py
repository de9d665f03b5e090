"""A saved release page read the way main-content extractors read it, every character kept with its bytes.

`read_page` is the HTML reader's body: trafilatura finds the article (`html_main.select` maps it back onto
the page's own tree), the page's metadata blocks around it are added (the headline, the date line, the
labelled fields such as "Topics:"), and `html_render.Layout` writes those blocks, and only those, as the
text the sectionizer reads. What trafilatura keeps is checked against the page: a listing page (many
releases) is refused as such, a page whose kept body is a small part of its visible text gets a warning,
and a page with no body left is an error, never a near-empty document.
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Callable
from dataclasses import dataclass

from pipeline.readers.html_listing import listing_items, listing_reason
from pipeline.readers.html_main import (
    BLOCKS,
    Selection,
    ancestors,
    article_text,
    invisible,
    select,
    tokens,
    visible_texts,
)
from pipeline.readers.html_meta import is_date_line
from pipeline.readers.html_render import HEADINGS, BodyLayout
from pipeline.readers.html_tree import Element, Text

_WORDS = re.compile(r"\w+")
MIN_BODY_WORDS = 20  # fewer words kept than this: no body was found
SMALL_SHARE = 0.15  # kept less than this share of the page's visible words: a warning says so
SMALL_BODY_WORDS = 150  # ... when the kept body is also this short
class NotARelease(ValueError):
    """The page is not one release (a listing page, or no body); the message says which."""

    def __init__(self, message: str, listing: bool = False, small: bool = False) -> None:
        super().__init__(message)
        self.listing = listing
        self.small = small  # the whole page has only a few words: a fragment, read by its markup


@dataclass(frozen=True, slots=True)
class Page:
    text: str
    starts: array[int]
    ends: array[int]
    title_el: Element | None
    date_el: Element | None
    warnings: tuple[str, ...]
    shown: frozenset[int]


def read_page(root: Element, source: str, extra: Callable[[Element], bool],
              field_cues: tuple[re.Pattern[str], ...], headline: Callable[[Element], Element | None],
              hint: Element | None = None, page_title: str | None = None) -> Page:
    """The release text of a parsed page.

    `hint`: the page's own main region, if it marks one. `extra(el)`: a metadata block worth keeping when
    it stands near the article (labelled fields, dated elements); `headline(root)`: the element that holds
    the release's title, if the page shows one. Raises NotARelease for a listing page or no body.
    """
    title_el = headline(root)
    article = article_text(source)
    if title_el is not None:  # the headline is placed by itself (a breadcrumb often repeats it first)
        said = tokens(title_el.text())
        article = "\n".join(line for line in article.splitlines() if tokens(line) != said)
    selection = _fill_gaps(root, select(root, article))
    warnings = _checked(root, selection, title_el, page_title)
    block_of = {id(run): block for run, block in visible_texts(root)}
    by_id = {id(el): el for el in root.iter()}
    kept = [by_id[i] for i in selection.kept if i in by_id]
    shown, on_path, date_el = _shown(root, selection, kept, title_el, hint, extra, block_of, by_id)

    def dropped(el: Element) -> bool:
        return (id(el) not in shown and id(el) not in on_path) or (invisible(el) and el is not root)

    def shown_text(run: Text) -> bool:
        block = block_of.get(id(run))
        return block is not None and id(block) in shown

    layout = BodyLayout(dropped, field_cues, shown_text)
    layout.decks = _decks(root, title_el, shown)
    if title_el is not None and not _before_all(title_el, kept, root):
        layout.element(title_el)  # the headline stands after the article in the markup: it goes first
        shown.difference_update(id(e) for e in title_el.iter())
    layout.element(root)
    text, starts, ends = layout.result()
    return Page(text, starts, ends, title_el, date_el, tuple(warnings), frozenset(shown))


def _checked(root: Element, selection: Selection, title_el: Element | None, page_title: str | None
             ) -> list[str]:
    """NotARelease for a listing page or a page with no body; else the warnings (a small body)."""
    reason = listing_reason(root, selection, listing_items(root), title_el, page_title)
    if reason:
        raise NotARelease(reason, listing=True)
    if selection.kept_words < MIN_BODY_WORDS:
        raise NotARelease(f"no release body found: the main-content extractor kept {selection.kept_words} "
                          f"of the page's {selection.visible_words} visible words", small=selection.visible_words
                          < 2 * MIN_BODY_WORDS)
    share = selection.kept_words / max(selection.visible_words, 1)
    if share < SMALL_SHARE and selection.kept_words < SMALL_BODY_WORDS:
        return [f"small body: {selection.kept_words} of the page's {selection.visible_words} visible "
                f"words kept ({share:.0%})"]
    return []


def _shown(root: Element, selection: Selection, kept: list[Element], title_el: Element | None,
           hint: Element | None, extra: Callable[[Element], bool], block_of: dict[int, Element],
           by_id: dict[int, Element]) -> tuple[set[int], set[int], Element | None]:
    """The elements to write (the article's blocks, the headline, the date line, the metadata fields),
    the elements on the way to them, and the date line."""
    region = _common_ancestor(kept + ([title_el] if title_el is not None else []))
    if hint is not None and hint.tag not in ("body", "html", "#root") and region in [hint, *hint.iter()]:
        region = hint  # the page's main region (<main>, role=main) holds the article: its fields count
    shown_ids = set(selection.kept)
    if title_el is not None:
        shown_ids.add(id(title_el))
    for el in region.iter():
        if id(el) not in shown_ids and not invisible(el) and extra(el) and \
                not any(id(a) in shown_ids for a in ancestors(el)):
            shown_ids.add(id(el))
    # a date line between the headline and the article (a bare "2/6/2026", "February 9, 2026 | Topic: ...")
    date_el = _date_line(region, title_el, kept, block_of)
    if date_el is not None:
        shown_ids.add(id(date_el))
    whole = shown_ids - set(selection.kept)  # headline, date line, fields: shown with all they hold
    shown: set[int] = set()
    on_path: set[int] = set()
    for i in shown_ids:
        node = by_id.get(i)
        if node is not None:
            shown.update(id(e) for e in (node.iter() if i in whole else _own(node)))
            on_path.update(id(a) for a in ancestors(node))
    return shown, on_path, date_el


GAP_TAGS = frozenset(["p", "ul", "ol", "dl", "li", "table", "blockquote", "pre", "h2", "h3", "h4", "h5", "h6"])


def _fill_gaps(root: Element, selection: Selection) -> Selection:
    """A paragraph or list between two kept siblings is part of the article (the extractor skips some
    lists: "SB 1037 will:" and its items), unless it is mostly links."""
    holds: set[int] = set()
    for el in root.iter():
        if id(el) in selection.kept:
            holds.update(id(a) for a in ancestors(el))
            holds.add(id(el))
    added: set[int] = set()
    words = 0
    for parent in root.iter():
        if id(parent) not in holds or id(parent) in selection.kept:
            continue
        children = [c for c in parent.children if isinstance(c, Element) and not invisible(c)]
        marks = [i for i, c in enumerate(children) if id(c) in holds]
        if len(marks) < 2:
            continue
        for c in children[marks[0] + 1:marks[-1]]:
            if id(c) in holds or c.tag not in GAP_TAGS or not c.text():
                continue
            text = len(c.text())
            linked = sum(len(a.text()) for a in c.iter() if a.tag == "a")
            if linked > 0.5 * text:
                continue
            for e in c.iter():
                if e.tag in BLOCKS and not invisible(e):
                    added.add(id(e))
            words += len(_WORDS.findall(c.text()))
    if not added:
        return selection
    return Selection(kept=selection.kept | frozenset(added), visible_words=selection.visible_words,
                     kept_words=selection.kept_words + words)


def _own(block: Element) -> list[Element]:
    """A kept block and what it holds up to the blocks nested in it (each of those is decided on its own)."""
    out, stack = [block], [c for c in reversed(block.children) if isinstance(c, Element)]
    while stack:
        el = stack.pop()
        if el.tag in BLOCKS:
            continue
        out.append(el)
        stack.extend(c for c in reversed(el.children) if isinstance(c, Element))
    return out


def _decks(root: Element, title_el: Element | None, shown: set[int]) -> set[int]:
    """Headings shown between the headline and the first paragraph of the body (subtitles, decks)."""
    if title_el is None:
        return set()
    out: set[int] = set()
    after = False
    for el in root.iter():
        if el is title_el:
            after = True
            continue
        if not after or id(el) not in shown or el in title_el.iter():
            continue
        if el.tag in HEADINGS:
            out.add(id(el))
        elif el.tag in ("p", "li", "td", "blockquote") and el.text() and not is_date_line(el.text()):
            break
    return out


def _common_ancestor(els: list[Element]) -> Element:
    if not els:
        raise NotARelease("no release body found")
    paths = [[*reversed(ancestors(e)), e] for e in els]
    common = paths[0]
    for p in paths[1:]:
        n = 0
        while n < len(common) and n < len(p) and common[n] is p[n]:
            n += 1
        common = common[:n]
    return common[-1]


def _before_all(el: Element, kept: list[Element], root: Element) -> bool:
    order = {id(e): i for i, e in enumerate(root.iter())}
    first = min((order[id(k)] for k in kept), default=0)
    return order[id(el)] <= first


def _date_line(region: Element, title_el: Element | None, kept: list[Element],
               block_of: dict[int, Element]) -> Element | None:
    """The first block between the headline (or the region's start) and the article that is a date line."""
    kept_ids = {id(k) for k in kept}
    started = title_el is None
    for el in region.iter():
        if el is title_el:
            started = True
            continue
        if not started or invisible(el):
            continue
        if id(el) in kept_ids:
            return None if not is_date_line(el.text()) else el
        dated = is_date_line(el.text()) or any(e.tag == "time" for e in el.iter()) and len(el.text()) < 80
        if el.tag in BLOCKS and el.text() and dated and \
                not any(isinstance(c, Element) and c.tag in BLOCKS and c.text() for c in el.children):
            return el
    return None
