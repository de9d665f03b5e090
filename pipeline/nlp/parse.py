"""Running the model: the tagger and parser on every piece, the entity recognizer only around 'one'."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

__all__ = ["needs_ner", "NER_WINDOW", "parse"]


_ONE = re.compile(r"\bone\b", re.IGNORECASE)


def needs_ner(text: str) -> bool:
    """The entity recognizer decides whether 'one' counts ('one victim', 'from six to one') or not ('one of
    the largest', 'the one who'); other numbers need only the tagger and the parse."""
    return _ONE.search(text) is not None


def parse(nlp: "Language", texts: list[str], batch_size: int = 64) -> list["Doc"]:
    """Docs for the pieces, in order: tagged and parsed; the NER reads only the words around 'one' (see
    needs_ner and NER_WINDOW)."""
    if not texts:
        return []
    if "ner" not in nlp.pipe_names:
        return list(nlp.pipe(texts, batch_size=batch_size))
    docs = list(nlp.pipe(texts, batch_size=batch_size, disable=["ner"]))
    _entities_around_one(nlp, docs, batch_size)
    return docs


# Tokens on each side of 'one' that the entity recognizer reads. Its own embedding sees four tokens each way,
# and its decisions look a few tokens ahead, so the label of 'one' is the one it gives in the whole piece.
NER_WINDOW = 10


def _entities_around_one(nlp: "Language", docs: list["Doc"], batch_size: int) -> None:
    from spacy.tokens import Span

    windows: list[tuple["Doc", int, int]] = []
    for doc in docs:
        if not needs_ner(doc.text):
            continue
        runs: list[list[int]] = []
        for tok in doc:
            if tok.lower_ == "one":
                start, end = max(0, tok.i - NER_WINDOW), min(len(doc), tok.i + NER_WINDOW + 1)
                if runs and start <= runs[-1][1]:
                    runs[-1][1] = end
                else:
                    runs.append([start, end])
        windows.extend((doc, start, end) for start, end in runs)
    if not windows:
        return
    found: dict[int, list[Span]] = {}
    ner = nlp.get_pipe("ner")
    parts = ner.pipe((doc[start:end].as_doc() for doc, start, end in windows), batch_size=batch_size)  # type: ignore[attr-defined]
    for (doc, start, _), part in zip(windows, parts):
        found.setdefault(id(doc), []).extend(Span(doc, start + e.start, start + e.end, label=e.label_)
                                             for e in part.ents)
    for doc in docs:
        if id(doc) in found:
            doc.set_ents(found[id(doc)])
