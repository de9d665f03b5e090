"""OCR for PDF pages without a text layer: Tesseract (Debian's tesseract-ocr, through pytesseract) reads the
page rendered by pdfplumber (pypdfium2), and each word comes back as characters shaped like pdfplumber's, in
PDF points, so the layout, furniture and offset map treat a scanned page like a printed one.

A word's box is Tesseract's; its characters share the box out evenly (a number that is a whole word gets the
word's box exactly). Each character carries its word's confidence (0-1). The type size is the line's
`x_size` from the hOCR, rounded to half a point, so the lines of a paragraph share one size. Nothing is
fetched: the language data is the installed `eng`.
"""

from __future__ import annotations

import os
import re
import shutil
import xml.etree.ElementTree as ET
from typing import Any

DPI = 300
LANGUAGE = "eng"
INSTALL = "apt-get install tesseract-ocr tesseract-ocr-eng (and pip install pytesseract)"
_BBOX = re.compile(r"bbox (\d+) (\d+) (\d+) (\d+)")
_CONF = re.compile(r"x_wconf (\d+)")
_XSIZE = re.compile(r"x_size ([\d.]+)")
_BASELINE = re.compile(r"baseline (-?[\d.]+) (-?[\d.]+)")
_LINES = {"ocr_line", "ocr_header", "ocr_caption", "ocr_textfloat"}


class OcrUnavailable(Exception):
    """Tesseract or its English data is not installed."""


def unavailable() -> str | None:
    """Why OCR cannot run here, or None when it can."""
    try:
        import pytesseract  # noqa: F401
    except ImportError:
        return f"pytesseract is not installed ({INSTALL})"
    if shutil.which("tesseract") is None:
        return f"Tesseract is not installed ({INSTALL})"
    return None


def ocr_page(page: Any, dpi: int = DPI) -> list[dict[str, Any]]:
    """The words Tesseract reads on a pdfplumber page, as character dicts (text, x0, x1, top, bottom, size,
    fontname 'OCR', confidence), with a space character between the words of a line."""
    reason = unavailable()
    if reason:
        raise OcrUnavailable(reason)
    import pytesseract

    image = page.to_image(resolution=dpi).original.convert("L")
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")  # one thread per page, as the model's BLAS: workers share cores
    try:
        hocr = pytesseract.image_to_pdf_or_hocr(image, lang=LANGUAGE, extension="hocr")
    except pytesseract.TesseractError as exc:
        raise OcrUnavailable(f"Tesseract failed: {' '.join(str(exc).split())[:160]} ({INSTALL})") from None
    scale = 72.0 / dpi
    x_off, y_off = float(page.bbox[0]), float(page.bbox[1])
    chars: list[dict[str, Any]] = []
    for line in _elements(ET.fromstring(hocr), _LINES):
        title = line.get("title", "")
        m = _XSIZE.search(title)
        size = round(2 * float(m.group(1)) * scale) / 2 if m else 10.0
        line_box, slope = _BBOX.search(title), _BASELINE.search(title)
        prev: dict[str, Any] | None = None
        for word in _elements(line, {"ocrx_word"}):
            text = "".join(word.itertext()).strip()
            box = _BBOX.search(word.get("title", ""))
            if not text or not box:
                continue
            conf = _CONF.search(word.get("title", ""))
            x0, top, x1, bottom = (int(v) * scale for v in box.groups())
            x0, x1, top, bottom = x0 + x_off, x1 + x_off, top + y_off, bottom + y_off
            confidence = int(conf.group(1)) / 100 if conf else -1.0
            baseline = bottom  # the line's baseline where the word starts: words with and without descenders
            if line_box and slope:  # of one visual line share it, so they make one row
                lx0, ly1 = int(line_box.group(1)), int(line_box.group(4))
                px = int(box.group(1))
                baseline = (ly1 + float(slope.group(2)) + float(slope.group(1)) * (px - lx0)) * scale + y_off
            if prev is not None:
                chars.append(_char(" ", prev["x1"], max(x0, prev["x1"]), top, bottom, size, confidence, baseline))
            step = (x1 - x0) / len(text)
            for i, ch in enumerate(text):
                chars.append(_char(ch, x0 + i * step, x0 + (i + 1) * step, top, bottom, size, confidence, baseline))
            prev = chars[-1]
    return chars


def _char(text: str, x0: float, x1: float, top: float, bottom: float, size: float, confidence: float,
          baseline: float) -> dict[str, Any]:
    return {"text": text, "x0": x0, "x1": x1, "top": top, "bottom": bottom, "size": size, "fontname": "OCR",
            "upright": True, "confidence": confidence, "baseline": baseline}


def _elements(root: ET.Element, classes: set[str]) -> list[ET.Element]:
    return [e for e in root.iter() if e.get("class") in classes]


def ocr_page_chars(data: bytes, page_no: int, dpi: int = DPI) -> list[dict[str, Any]]:
    """The characters OCR reads on one page of a PDF, as the reader reads them (for checking boxes)."""
    import io

    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return [c for c in ocr_page(pdf.pages[page_no - 1], dpi) if not c["text"].isspace()]
