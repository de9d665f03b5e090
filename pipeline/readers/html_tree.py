"""HTML bytes → a small element tree whose text knows the byte offsets it came from.

The tokenizer is the standard library's `html.parser`: it reports where every tag, text run and character
reference starts, so each decoded character can carry the byte span of its source (an entity such as
`&amp;` maps all its bytes to the one character it decodes to). It never fetches anything and knows no
DTDs, so there are no external entities. The tree builder is a forgiving subset of the HTML rules
(void elements, implied ends of `p`, `li`, `td`, `tr`, ...), with a depth cap so hostile nesting cannot
exhaust the stack.
"""

from __future__ import annotations

import codecs
import html
import re
from array import array
from html.parser import HTMLParser, charref, entityref  # type: ignore[attr-defined]

VOID = frozenset(["area", "base", "br", "col", "embed", "hr", "img", "input", "keygen", "link", "meta", "param", "source", "track", "wbr"])
BLOCKS_CLOSING_P = frozenset(
    ["address", "article", "aside", "blockquote", "details", "div", "dl", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "main", "menu", "nav", "ol", "p", "pre", "section", "table", "ul", "li", "dd", "dt"])
# An opening tag closes an open element of these names, unless one of the scope names intervenes.
IMPLIED_END = {
    "li": ({"li"}, {"ul", "ol", "menu"}),
    "dt": ({"dt", "dd"}, {"dl"}), "dd": ({"dt", "dd"}, {"dl"}),
    "tr": ({"tr", "td", "th"}, {"table", "thead", "tbody", "tfoot"}),
    "td": ({"td", "th"}, {"tr", "table"}), "th": ({"td", "th"}, {"tr", "table"}),
    "thead": ({"thead", "tbody", "tfoot", "tr", "td", "th"}, {"table"}),
    "tbody": ({"thead", "tbody", "tfoot", "tr", "td", "th"}, {"table"}),
    "tfoot": ({"thead", "tbody", "tfoot", "tr", "td", "th"}, {"table"}),
    "option": ({"option"}, {"select", "datalist"}),
}
MAX_DEPTH = 200
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)


class HtmlError(ValueError):
    """The page cannot be parsed; the message is one line."""


class Text:
    """A run of decoded characters; starts[i]:ends[i] is the byte span of character i in the source."""

    __slots__ = ("chars", "ends", "starts")

    def __init__(self) -> None:
        self.chars: list[str] = []
        self.starts = array("q")
        self.ends = array("q")


class Element:
    """An HTML element with its attributes, children and its source byte span."""

    __slots__ = ("_all", "attrs", "children", "parent", "tag")

    def __init__(self, tag: str, attrs: dict[str, str], parent: Element | None) -> None:
        self.tag = tag
        self.attrs = attrs
        self.children: list[Element | Text] = []
        self.parent = parent
        self._all: list[Element] | None = None

    def text(self) -> str:
        """Text content, whitespace collapsed (for metadata; the body is laid out by html_render)."""
        out: list[str] = []
        stack: list[Element | Text] = [self]
        while stack:
            node = stack.pop()
            if isinstance(node, Text):
                out.append("".join(node.chars))
            elif node.tag not in ("script", "style", "template"):
                stack.extend(reversed(node.children))
        return " ".join("".join(out).split())

    def iter(self) -> list[Element]:
        """This element and all descendants, in document order (the tree is not changed after parsing)."""
        if self._all is not None:
            return self._all
        out: list[Element] = []
        stack: list[Element] = [self]
        while stack:
            node = stack.pop()
            out.append(node)
            stack.extend(c for c in reversed(node.children) if isinstance(c, Element))
        self._all = out
        return out


def decode(data: bytes) -> tuple[str, str, int]:
    """Text, the codec that re-encodes it byte for byte, and the length of a byte-order mark.

    UTF-8 unless a BOM or a <meta> charset says otherwise. Bytes that are not valid UTF-8 decode to lone
    surrogates (surrogateescape), so that offsets stay exact; the tree shows them as U+FFFD.
    """
    for bom, codec in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
                       (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(codec, ERRORS[codec]), codec, len(bom)
            except UnicodeDecodeError as exc:
                raise HtmlError(f"not valid {codec} after its byte-order mark (byte {exc.start + len(bom)})") from None
    try:
        return data.decode("utf-8"), "utf-8", 0
    except UnicodeDecodeError:
        pass
    m = _META_CHARSET.search(data[:4096])
    declared = m.group(1).decode("ascii").lower() if m else "utf-8"
    try:
        codec = codecs.lookup(declared).name
    except LookupError:
        codec = "utf-8"
    if codec.startswith(("utf-16", "utf-32")):
        codec = "utf-8"  # a UTF-16 page without its byte-order mark is not what this says
    return data.decode(codec, ERRORS.get(codec, "replace")), codec, 0


ERRORS = {"utf-8": "surrogateescape", "utf-16-le": "strict", "utf-16-be": "strict"}
_ESCAPED = re.compile("[\udc80-\udcff]")


class _Builder(HTMLParser):
    def __init__(self, source: str, codec: str, offset: int) -> None:
        super().__init__(convert_charrefs=False)
        self.source = source
        self.codec = codec
        self.errors = ERRORS.get(codec, "replace")
        self.root = Element("#root", {}, None)
        self.stack = [self.root]
        self.open: dict[str, int] = {}  # how many elements of each name are open
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", source)]
        self.ascii = source.isascii()
        self.bom = offset  # bytes before the text (a byte-order mark)
        self.char_pos = 0  # a position whose byte offset is known
        self.byte_pos = offset

    # positions -------------------------------------------------------------
    def _here(self) -> int:
        line, col = self.getpos()
        return self.line_starts[line - 1] + col

    def _byte(self, pos: int) -> int:
        if self.ascii:
            return pos - self.char_pos + self.byte_pos
        if pos < self.char_pos:  # the tokenizer moves forward; start again from the top if it did not
            self.char_pos, self.byte_pos = 0, self.bom
        self.byte_pos += len(self.source[self.char_pos:pos].encode(self.codec, self.errors))
        self.char_pos = pos
        return self.byte_pos

    def _append(self, chars: str, start: int, end: int | None) -> None:
        """Characters decoded from source[start:end] (end None: one character per source character)."""
        children = self.stack[-1].children
        if not children or not isinstance(children[-1], Text):
            children.append(Text())
        run = children[-1]
        assert isinstance(run, Text)
        run.chars.extend(_ESCAPED.sub("\ufffd", chars) if not chars.isascii() else chars)
        if end is not None:
            b0, b1 = self._byte(start), self._byte(end)
            run.starts.extend([b0] * len(chars))
            run.ends.extend([b1] * len(chars))
            return
        b = self._byte(start)
        if self.ascii or chars.isascii():
            run.starts.extend(range(b, b + len(chars)))
            run.ends.extend(range(b + 1, b + len(chars) + 1))
            self.byte_pos, self.char_pos = b + len(chars), start + len(chars)
            return
        for ch in chars:
            n = len(ch.encode(self.codec, self.errors))
            run.starts.append(b)
            run.ends.append(b + n)
            b += n
        self.byte_pos, self.char_pos = b, start + len(chars)

    # events ----------------------------------------------------------------
    def handle_data(self, data: str) -> None:
        self._append(data, self._here(), None)

    def _reference(self, pattern: re.Pattern[str]) -> None:
        start = self._here()
        m = pattern.match(self.source, start)
        end = m.end() if m else start + 1
        if m and not self.source.startswith(";", end - 1):
            end -= 1
        raw = self.source[start:end]
        decoded = html.unescape(raw)
        self._append(decoded, start, None if decoded == raw else end)

    def handle_entityref(self, name: str) -> None:
        self._reference(entityref)

    def handle_charref(self, name: str) -> None:
        self._reference(charref)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._open(tag, attrs, void=tag in VOID)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._open(tag, attrs, void=True)

    def handle_endtag(self, tag: str) -> None:
        if self.open.get(tag):
            self._pop_to(next(i for i in range(len(self.stack) - 1, 0, -1) if self.stack[i].tag == tag))
        elif tag in ("br", "p"):  # browsers read </br> and a stray </p> as an empty element
            self._open(tag, [], void=True)

    def parse_html_declaration(self, i: int) -> int:
        """`<!...>` the tokenizer cannot read (odd marked sections, bogus doctypes) is skipped like a comment."""
        if self.rawdata[i:i + 9].lower() == "<!doctype":
            bracket, close = self.rawdata.find("[", i), self.rawdata.find(">", i)
            if 0 <= bracket < close:  # an internal subset: skipped whole, its entities never defined
                j = self.rawdata.find("]>", bracket)
                return j + 2 if j >= 0 else -1
        where = self.lineno, self.offset
        try:
            return int(super().parse_html_declaration(i))
        except AssertionError:
            self.lineno, self.offset = where  # the tokenizer moved its position before giving up
            j = self.rawdata.find(">", i)
            return j + 1 if j >= 0 else -1

    # tree ------------------------------------------------------------------
    def _open(self, tag: str, attrs: list[tuple[str, str | None]], void: bool) -> None:
        if tag in BLOCKS_CLOSING_P and self.open.get("p"):
            self._close_implied({"p"}, {"table", "li", "td", "th", "div", "article", "section", "main", "blockquote"})
        if tag in IMPLIED_END:
            self._close_implied(*IMPLIED_END[tag])
        parent = self.stack[-1]
        node = Element(tag, {k: _ESCAPED.sub("\ufffd", v or "") for k, v in attrs}, parent)
        parent.children.append(node)
        if not void and len(self.stack) < MAX_DEPTH:
            self.stack.append(node)
            self.open[tag] = self.open.get(tag, 0) + 1

    def _pop_to(self, index: int) -> None:
        for el in self.stack[index:]:
            self.open[el.tag] -= 1
        del self.stack[index:]

    def _close_implied(self, names: set[str], scope: set[str]) -> None:
        for i in range(len(self.stack) - 1, 0, -1):
            tag = self.stack[i].tag
            if tag in names:
                self._pop_to(i)
                return
            if tag in scope:
                return


def parse(data: bytes) -> Element:
    """The element tree of a page. Raises HtmlError when the bytes cannot be read as HTML at all."""
    source, codec, offset = decode(data)
    builder = _Builder(source, codec, offset)
    try:
        builder.feed(source)
        builder.close()
    except (AssertionError, ValueError, IndexError, TypeError) as exc:  # tokenizer gave up on odd markup
        line, col = builder.getpos()
        at = builder.line_starts[min(line, len(builder.line_starts)) - 1] + col
        raise HtmlError(f"malformed HTML near character {at}: {str(exc).splitlines()[0] if str(exc) else exc!r}"
                        ) from None
    return builder.root
