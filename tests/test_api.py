"""`pipeline.extract(paths)`: the four tables as DataFrames, with the Parquet schemas, from a notebook."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import pipeline
from pipeline import api
from pipeline.output.schemas import TABLES
from tests.conftest import SEED

pytestmark = pytest.mark.model


def test_one_file_gives_the_tables_of_the_cli(tmp_path: Path) -> None:
    tables = api.extract(SEED)
    for name, schema in TABLES.items():
        assert list(getattr(tables, name).columns) == schema.names, name
    assert len(tables.documents) == 1 and len(tables.quantities) == 35 and tables.errors.empty
    assert tables.documents.loc[0, "source_path"] == SEED.name
    row = tables.quantities.set_index("text").loc["127,000"]
    assert (row["value"], row["qualifier"], row["comparator"], row["entity"]) == (127000.0, "more than", ">", "aliens")
    text = tables.documents.loc[0, "text"]
    spans = tables.quantities[["char_start", "char_end", "text"]].itertuples(index=False)
    assert all(text[s:e] == t for s, e, t in spans)


def test_folders_files_and_lists_and_error_rows(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    (raw / "sub").mkdir(parents=True)
    shutil.copy(SEED, raw / "sub" / SEED.name)
    (raw / "empty.txt").write_bytes(b"")
    tables = api.extract([raw, str(SEED)])
    assert sorted(tables.documents["source_path"]) == [SEED.name, f"sub/{SEED.name}"]
    assert tables.errors.to_dict("records") == [{"source_path": "empty.txt", "stage": "read",
                                                 "error_type": "ReadError", "message": tables.errors.loc[0, "message"]}]
    assert len(tables.quantities) == 70
    with pytest.raises(FileNotFoundError):
        api.extract(tmp_path / "missing")


def test_the_model_is_loaded_once_per_name(monkeypatch: pytest.MonkeyPatch) -> None:
    api._model.cache_clear()
    api.extract(SEED)
    api.extract(SEED)
    info = api._model.cache_info()
    assert (info.misses, info.hits) == (1, 1)


def test_tables_are_frozen() -> None:
    tables = api.extract(SEED)
    with pytest.raises(AttributeError):
        tables.documents = tables.sections  # type: ignore[misc]


def test_extract_is_a_lazy_attribute_of_the_package() -> None:
    assert pipeline.extract is api.extract
