"""bench/diff_outputs.py: two runs' tables compared row by row (no model: the tables are written by hand)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from pipeline.output.schemas import TABLES
from tests.conftest import ROOT


def _tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location("diff_outputs", ROOT / "bench" / "diff_outputs.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["diff_outputs"] = module
    spec.loader.exec_module(module)
    return module


TEXT = "Police seized 12 kilograms. They arrested 3 men."


def _quantity(start: int, end: int, **fields: Any) -> dict[str, Any]:
    row: dict[str, Any] = {f.name: None for f in TABLES["quantities"]}
    row.update(doc_id="d1", source_path="a.txt", char_start=start, char_end=end, text=TEXT[start:end],
               sentence_start=0, sentence_end=len(TEXT), qualifier="", comparator="=", kind="count")
    row.update(fields)
    return row


def _run(folder: Path, quantities: list[dict[str, Any]]) -> Path:
    folder.mkdir()
    doc: dict[str, Any] = {f.name: None for f in TABLES["documents"]}
    doc.update(doc_id="d1", source_path="a.txt", text=TEXT, topics=[], keywords=[])
    rows = {"documents": [doc], "sections": [], "quantities": quantities, "errors": []}
    for name, schema in TABLES.items():
        pq.write_table(pa.Table.from_pylist(rows[name], schema=schema), folder / f"{name}.parquet")
    return folder


def test_identical_runs_exit_0(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    q = [_quantity(14, 16, value=12.0, unit="kilogram"), _quantity(42, 43, value=3.0, entity="men")]
    assert _tool().main([str(_run(tmp_path / "a", q)), str(_run(tmp_path / "b", q))]) == 0
    assert capsys.readouterr().out.strip().endswith("identical")


def test_added_removed_and_changed_rows_are_listed_with_the_sentence(tmp_path: Path,
                                                                     capsys: pytest.CaptureFixture[str]) -> None:
    old = _run(tmp_path / "a", [_quantity(14, 16, value=12.0, unit="kilogram"), _quantity(42, 43, value=3.0)])
    new = _run(tmp_path / "b", [_quantity(14, 16, value=12.0, unit="pound"), _quantity(28, 32, value=1.0)])
    assert _tool().main([str(old), str(new)]) == 1
    out = capsys.readouterr().out
    assert "quantities: + ('a.txt', 28, 32)" in out and "quantities: - ('a.txt', 42, 43)" in out
    assert "unit: 'kilogram' -> 'pound'" in out and f"| {TEXT}" in out
    assert "2 -> 2 rows; 1 added, 1 removed, 1 changed" in out


def test_ignored_columns_are_not_compared(tmp_path: Path) -> None:
    old = _run(tmp_path / "a", [_quantity(14, 16, entity="kilograms")])
    new = _run(tmp_path / "b", [_quantity(14, 16, entity="drugs")])
    assert _tool().main([str(old), str(new), "--ignore-columns", "entity"]) == 0
    assert _tool().main([str(old), str(tmp_path / "missing")]) == 2
