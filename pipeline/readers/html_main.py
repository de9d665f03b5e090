"""Which part of a saved page is the release: trafilatura decides, the position-aware tree keeps the bytes.

trafilatura (the strongest open main-content extractor on the article extraction benchmark) reads the
page and returns the article as plain text, without offsets. That text is mapped back onto the page's own
tree (`html_tree`): both are cut into word tokens, each line trafilatura kept is placed where its word
4-grams vote for it in the page (in reading order, so a headline repeated in a breadcrumb is not taken for
the one in the article), and a block of the page (paragraph, heading, list item, cell) is kept when most
of its words were placed. What is rendered is then the page's own characters, each with its byte span.

Also here: how much of the page's visible text was kept (for the warning), and listing pages (an index
of many releases, each a headline link with a date), which are recognised and not read as one release.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

from pipeline.readers.html_tree import Element, Text

# Elements whose text no reader of the page sees (the structural part of the old drop list; which
# blocks are the article is trafilatura's decision, not a list of class names).
INVISIBLE = frozenset(["head", "script", "style", "noscript", "template", "svg", "math", "iframe", "object",
                       "embed", "canvas", "video", "audio", "button", "input", "select", "textarea", "option",
                       "img", "picture", "map", "dialog", "title"])
BLOCKS = frozenset(["address", "article", "aside", "blockquote", "body", "caption", "center", "dd", "details",
                    "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3",
                    "h4", "h5", "h6", "header", "hr", "legend", "li", "main", "nav", "ol", "p", "pre",
                    "section", "summary", "table", "td", "th", "tr", "ul", "#root", "html"])
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_WORD = re.compile(r"\w+")
PIECE = 32  # words of a line placed at once
NEAR = 40  # a line of one to three words is placed at most this many words after the last
MAX_POSITIONS = 64  # a 4-gram seen more often than this in the page casts no vote (menus repeated)


def invisible(el: Element) -> bool:
    a = el.attrs
    return (el.tag in INVISIBLE or el.tag.startswith(("!", "?")) or "hidden" in a
            or a.get("aria-hidden", "").lower() == "true" or bool(_HIDDEN_STYLE.search(a.get("style", ""))))


def visible_texts(root: Element) -> Iterator[tuple[Text, Element]]:
    """Each text run a reader sees, with the block (paragraph, cell, heading, ...) it belongs to."""
    stack: list[tuple[Element | Text, Element]] = [(root, root)]
    while stack:
        node, block = stack.pop()
        if isinstance(node, Text):
            yield node, block
            continue
        if invisible(node) and node is not root:
            continue
        inner = node if node.tag in BLOCKS else block
        stack.extend((c, inner) for c in reversed(node.children))


@dataclass(frozen=True, slots=True)
class Selection:
    """The blocks trafilatura's article covers, and how much of the page that is."""

    kept: frozenset[int]  # id() of kept blocks
    visible_words: int
    kept_words: int


def tokens(text: str) -> list[str]:
    return [t.lower() for t in _WORD.findall(text)]


class _Grams:
    """Where each run of n words stands in the page (built on first use for each n)."""

    def __init__(self, words: list[str]) -> None:
        self.words = words
        self.tables: dict[int, dict[tuple[str, ...], list[int]]] = {}

    def positions(self, gram: tuple[str, ...]) -> list[int]:
        n = len(gram)
        if n not in self.tables:
            table: dict[tuple[str, ...], list[int]] = defaultdict(list)
            for i in range(len(self.words) - n + 1):
                table[tuple(self.words[i:i + n])].append(i)
            self.tables[n] = table
        return self.tables[n].get(gram, [])


def _pieces(article: str) -> list[list[str]]:
    """The article's lines as word lists; a long line (a whole cell of text) cut in pieces of PIECE words."""
    pieces = []
    for line in article.splitlines():
        toks = tokens(line)
        cut = [toks[i:i + PIECE] for i in range(0, len(toks), PIECE)]
        if len(cut) > 1 and len(cut[-1]) < PIECE // 2:
            cut[-2:] = [cut[-2] + cut[-1]]
        pieces.extend(cut)
    return pieces


def _place(toks: list[str], grams: _Grams, cursor: int) -> int | None:
    """Where in the page a piece of the article starts: the offset most of its 4-grams vote for, the first
    one after the cursor (the previous piece's end) when several tie; None when it is not in the page."""
    n = min(4, len(toks))
    votes: dict[int, int] = defaultdict(int)
    for k in range(len(toks) - n + 1):
        where = grams.positions(tuple(toks[k:k + n]))
        if len(where) <= MAX_POSITIONS:
            for p in where:
                votes[p - k] += 1
    if not votes:
        return None
    best = max(votes.values())
    if best < max(1, (len(toks) - n + 1) // 3):
        return None
    ahead = [o for o, v in votes.items() if v == best and o >= cursor]
    if len(toks) < 4:  # a few words match anywhere: only just after the last line placed
        ahead = [o for o in ahead if o - cursor <= NEAR]
        if not ahead:
            return None
    return min(ahead) if ahead else min(o for o, v in votes.items() if v == best)


def select(root: Element, article: str) -> Selection:
    """Map trafilatura's article text onto the blocks of the page's tree."""
    words: list[str] = []
    owner: list[int] = []  # block of each word (index into blocks)
    blocks: list[Element] = []
    index_of: dict[int, int] = {}
    for run, block in visible_texts(root):
        found = tokens("".join(run.chars))
        if found:
            b = index_of.setdefault(id(block), len(blocks))
            if b == len(blocks):
                blocks.append(block)
            words.extend(found)
            owner.extend([b] * len(found))
    placed = bytearray(len(words))
    grams, cursor = _Grams(words), 0
    for toks in _pieces(article):
        offset = _place(toks, grams, cursor)
        if offset is None:
            continue
        n = min(4, len(toks))
        for k in range(len(toks) - n + 1):
            p = offset + k
            if 0 <= p and words[p:p + n] == toks[k:k + n]:
                placed[p:p + n] = b"\x01" * n
        cursor = max(cursor, offset + len(toks))
    total: dict[int, int] = defaultdict(int)
    hit: dict[int, int] = defaultdict(int)
    for i, b in enumerate(owner):
        total[b] += 1
        hit[b] += placed[i]
    kept = frozenset(id(blocks[b]) for b in total if hit[b] * 2 >= total[b] and hit[b])
    kept_words = sum(total[b] for b in total if id(blocks[b]) in kept)
    return Selection(kept=kept, visible_words=len(words), kept_words=kept_words)


def article_text(source: str) -> str:
    """trafilatura's main content of the page, as text (lines: paragraphs, list items, table rows)."""
    import trafilatura

    return trafilatura.extract(source, include_tables=True, include_comments=False, deduplicate=False,
                               favor_recall=False) or ""


# Listing pages -----------------------------------------------------------------------------------------


def ancestors(el: Element) -> list[Element]:
    out = []
    node = el.parent
    while node is not None:
        out.append(node)
        node = node.parent
    return out
