"""Page images for the review page: each PDF page that holds a quantity, rendered by pdfplumber with every
quantity's box drawn, embedded as a base64 PNG data URI, with one clickable outline per box over it.

Boxes are PDF points with a top-left origin (pdfplumber's `x0, top, x1, bottom`); the outlines are placed in
percentages of the page so that they follow the image however it is scaled. At most `MAX_PAGES` pages are
rendered per report; the rest keep showing page and box as text.
"""

from __future__ import annotations

import base64
import html
import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

MAX_PAGES = 200  # page images per report
RESOLUTION = 100  # dots per inch of the rendered pages
_COLOURS = 128  # PNG palette size: page text is grey, boxes take a few colours


@dataclass
class Pages:
    """The page figures of one document and, per item key, the id of the figure that shows it."""

    html: str = ""
    figure_of: dict[str, str] = field(default_factory=dict)
    rendered: int = 0
    wanted: int = 0
    capped: bool = False  # pages left out because the budget ran out
    error: str | None = None

    def section(self, doc_key: str) -> str:
        """The document's page images, folded, and why some pages have none."""
        out = ""
        if self.html:
            out += (f'<details class="pages" id="pages-{doc_key}"><summary>{self.rendered} page image'
                    f'{"s" if self.rendered != 1 else ""} (pages with quantities)</summary>{self.html}</details>')
        if self.capped:
            out += (f'<p class="capped">{self.wanted - self.rendered} of {self.wanted} pages with quantities not '
                    f'rendered: the report embeds at most {MAX_PAGES} page images; those show page and box as '
                    f'text.</p>')
        if self.error:
            out += f'<p class="capped">No page images: {html.escape(self.error)}</p>'
        return out


def attach(docs: Sequence[Any], input_dir: Path, colours: Mapping[str, str]) -> str:
    """Render the pages of each PDF document (`review.document.Doc`) found under `input_dir`, at most `MAX_PAGES` in all,
    and point its items at their figures; a notice for the page when the cap was hit."""
    budget, capped = MAX_PAGES, False
    for doc in docs:
        path = input_dir / doc.doc["source_path"]
        if doc.doc.get("format") != "pdf" or not path.is_file():
            continue
        keyed = [(f"{doc.key}q{i}", q) for i, q in enumerate(doc.quantities)]
        doc.pages = render_pages(doc.key, path, keyed, colours, budget)
        budget -= doc.pages.rendered
        capped |= doc.pages.capped
        for key, fig in doc.pages.figure_of.items():
            doc.items[key]["page_image"] = fig
    if not capped:
        return ""
    return (f'<p class="capped">Page images stop at {MAX_PAGES} per report (the cap was hit); later pages show '
            f'page and box as text.</p>')


def _rgb(colour: str) -> tuple[int, int, int]:
    c = colour.lstrip("#")
    return int(c[0:2], 16), int(c[2:4], 16), int(c[4:6], 16)


def _png(image: Any) -> str:
    buf = io.BytesIO()
    image.convert("RGB").quantize(colors=_COLOURS).save(buf, format="PNG", optimize=True)
    return "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode("ascii")


def _has_box(q: Mapping[str, Any]) -> bool:
    return all(q.get(c) is not None for c in ("x0", "top", "x1", "bottom"))


def render_pages(doc_key: str, path: Path, quantities: Sequence[tuple[str, Mapping[str, Any]]],
                 colours: Mapping[str, str], budget: int) -> Pages:
    """Render the pages of the PDF at `path` named by `quantities` ((item key, quantity row) pairs, pages
    1-based), at most `budget` of them, in page order. A PDF that cannot be opened gives `Pages.error`."""
    import pdfplumber

    by_page: dict[int, list[tuple[str, Mapping[str, Any]]]] = {}
    for key, q in quantities:
        if q.get("page") is not None:
            by_page.setdefault(int(q["page"]), []).append((key, q))
    out = Pages(wanted=len(by_page))
    if not by_page or budget <= 0:
        out.capped = bool(by_page)
        return out
    figures = []
    try:
        with pdfplumber.open(path) as pdf:
            for number in sorted(by_page):
                if out.rendered >= budget:
                    out.capped = True
                    break
                if not 1 <= number <= len(pdf.pages):
                    continue
                page = pdf.pages[number - 1]
                figures.append(_figure(doc_key, path.name, number, page, by_page[number], colours, out))
                out.rendered += 1
                page.close()
    except Exception as exc:  # noqa: BLE001  # pdfminer/pypdfium2 raise many kinds; the page keeps text boxes
        return Pages(wanted=len(by_page), error=f"{type(exc).__name__}: {exc}")
    out.html = "".join(figures)
    return out


def _figure(doc_key: str, name: str, number: int, page: Any, items: Sequence[tuple[str, Mapping[str, Any]]],
            colours: Mapping[str, str], out: Pages) -> str:
    image = page.to_image(resolution=RESOLUTION)
    x_origin, y_origin, x_end, y_end = (float(v) for v in image.bbox)  # the points the image shows
    width, height = x_end - x_origin, y_end - y_origin
    fig_id = f"{doc_key}p{number}"
    boxes = []
    for key, q in items:
        out.figure_of[key] = fig_id
        if not _has_box(q):
            continue
        colour = colours.get(q["kind"], "#d5d5d5")
        r, g, b = _rgb(colour)
        image.draw_rect((q["x0"], q["top"], q["x1"], q["bottom"]),
                        fill=(r, g, b, 80), stroke=(r * 5 // 10, g * 5 // 10, b * 5 // 10), stroke_width=2)
        left, top = 100 * (q["x0"] - x_origin) / width, 100 * (q["top"] - y_origin) / height
        w, h = 100 * (q["x1"] - q["x0"]) / width, 100 * (q["bottom"] - q["top"]) / height
        boxes.append(f'<span class="box" data-key="{key}" title="{html.escape(str(q["text"]), quote=True)}" '
                     f'style="left:{left:.3f}%;top:{top:.3f}%;width:{w:.3f}%;height:{h:.3f}%"></span>')
    alt = html.escape(f"page {number} of {name}", quote=True)
    return (f'<figure class="pdfpage" id="{fig_id}" data-page="{number}"><figcaption>page {number}</figcaption>'
            f'<div class="sheet"><img src="{_png(image.annotated)}" alt="{alt}" width="{image.annotated.width}" '
            f'height="{image.annotated.height}">{"".join(boxes)}</div></figure>')
