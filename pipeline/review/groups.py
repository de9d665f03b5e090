"""Identical documents on the review page: files with the same content are shown once, their copies named."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from pipeline.review.document import Doc, esc


def groups(documents: Sequence[Mapping[str, Any]], gold_rows: Mapping[str, Any] | None,
           ) -> list[list[Mapping[str, Any]]]:
    """Documents with the same content, shown once (the first by source_path, the copies named with it); a
    document with gold of its own is never folded into another."""
    found: dict[tuple[str, str], list[Mapping[str, Any]]] = {}
    for d in documents:
        name = Path(d["source_path"]).name
        own = name if gold_rows is not None and name in gold_rows else ""
        content = d.get("content_sha256") or d.get("sha256") or d["source_path"]
        found.setdefault((content, own), []).append(d)
    return list(found.values())


def identical(docs: Sequence[Doc]) -> str:
    """The overview's list of documents shown once for several identical files."""
    shown = [doc for doc in docs if doc.copies]
    if not shown:
        return ""
    rows = "".join(f"<li>{esc(doc.doc['source_path'])} = {esc(', '.join(doc.copies))}</li>" for doc in shown)
    return f'<h3>Identical documents, shown once</h3><ul class="identical">{rows}</ul>'
