"""`extract report`: the page from hand-made tables (no model): escaping, marks, gold misses and spurious, CLI."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from pipeline.report import build_report, report_main, write_report
from pipeline.write import TABLES

TEXT = 'Agents seized more than 7,000 pounds of heroin and <script>alert("x")</script> 12 cars & "3" boats.\n'
DOC = "release.txt"


def _quantity(text: str, start: int, end: int, **fields: Any) -> dict[str, Any]:
    row = {"doc_id": "d1", "source_path": DOC, "quantity_id": f"d1:{start}-{end}", "section_id": None,
           "char_start": start, "char_end": end, "text": text[start:end], "value": None, "value_low": None,
           "value_high": None, "qualifier": "", "qualifier_start": None, "qualifier_end": None, "comparator": "=",
           "unit": None, "entity": None, "entity_start": None, "entity_end": None, "kind": "count",
           "time_scope": None, "sentence_start": 0, "sentence_end": len(text.rstrip())}
    return {**row, **fields}


def _write(out: Path, name: str, rows: list[dict[str, Any]]) -> None:
    pq.write_table(pa.Table.from_pylist(rows, schema=TABLES[name]), out / f"{name}.parquet")


@pytest.fixture()
def run_dir(tmp_path: Path) -> Path:
    out = tmp_path / "out"
    out.mkdir()
    heroin = TEXT.index("7,000")
    cars = TEXT.index("12 cars")
    _write(out, "documents", [{"doc_id": "d1", "source_path": DOC, "format": "text", "sha256": "0" * 64,
                               "title": "Seizure <b>report</b>", "n_sections": 0, "n_quantities": 2,
                               "topics": [], "keywords": [], "text": TEXT, "pipeline_version": "test"}])
    _write(out, "sections", [])
    _write(out, "quantities", [
        _quantity(TEXT, heroin, heroin + 5, value=7000.0, value_low=7000.0, qualifier="more than",
                  qualifier_start=heroin - 10, qualifier_end=heroin - 1, comparator=">", unit="pound", kind="mass",
                  entity="heroin", entity_start=TEXT.index("heroin"), entity_end=TEXT.index("heroin") + 6),
        _quantity(TEXT, cars, cars + 2, value=12.0, value_low=12.0, value_high=12.0, entity="cars",
                  entity_start=cars + 3, entity_end=cars + 7, page=2, x0=10.0, top=20.0, x1=30.0, bottom=28.0),
    ])
    _write(out, "errors", [{"source_path": "bad<file>.txt", "stage": "read", "error_type": "ReadError",
                            "message": "not UTF-8"}])
    return out


def _items(page: str) -> dict[str, dict[str, Any]]:
    block = re.search(r'<script type="application/json" id="report-data">(.*?)</script>', page, re.S)
    assert block is not None
    return json.loads(block.group(1))["items"]


def test_document_text_and_names_are_escaped(run_dir: Path) -> None:
    page = build_report(run_dir)
    assert "<script>alert" not in page and '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;' in page
    assert "Seizure &lt;b&gt;report&lt;/b&gt;" in page and "bad&lt;file&gt;.txt" in page
    assert page.count("<script") == 2  # the data block and the page's own script, nothing from the text
    data = re.search(r'id="report-data">(.*?)</script>', page, re.S).group(1)  # type: ignore[union-attr]
    assert "<" not in data and ">" not in data


def test_every_quantity_is_highlighted_with_its_qualifier_and_entity(run_dir: Path) -> None:
    page = build_report(run_dir)
    assert re.search(r'<span class="q k-mass" data-key="d0q0">7,000</span>', page)
    assert re.search(r'<span class="qual" data-for="d0q0">more than</span>', page)
    assert re.search(r'<span class="ent" data-for="d0q0">heroin</span>', page)
    items = _items(page)
    heroin, cars = items["d0q0"], items["d0q1"]
    assert (heroin["value"], heroin["comparator"], heroin["interval"], heroin["unit"]) == ("7000", ">", "7000 … +∞",
                                                                                          "pound")
    assert (cars["value"], cars["interval"], cars["page"]) == ("12", "12 … 12", 2)
    assert cars["box"] == "10.0, 20.0, 30.0, 28.0"
    assert heroin["status"] == "predicted" and "heroin" in heroin["haystack"]
    assert 'id="f-kind"' in page and 'id="f-qualifier"' in page and 'id="f-section"' in page and 'id="f-search"' in page


def test_page_needs_no_network(run_dir: Path) -> None:
    page = build_report(run_dir)
    assert not re.search(r'(?:src|href)="(?:https?:)?//', page) and "@import" not in page


def test_gold_marks_misses_and_spurious_and_scores(run_dir: Path, tmp_path: Path) -> None:
    boats = TEXT.index('"3"') + 1
    heroin = TEXT.index("7,000")
    gold = tmp_path / "gold.jsonl"
    rows = [{"doc": DOC, "type": "quantity", "text": "7,000", "start": heroin, "end": heroin + 5, "value": 7000,
             "qualifier": "more than", "unit": "pound", "entity": "cocaine", "optional": False},
            {"doc": DOC, "type": "quantity", "text": "3", "start": boats, "end": boats + 1, "value": 3,
             "qualifier": "", "unit": None, "entity": "boats", "optional": False}]
    gold.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    page = build_report(run_dir, gold)
    items = _items(page)
    assert items["d0q0"]["status"] == "matched" and items["d0q1"]["status"] == "spurious"
    assert any("entity" in n for n in items["d0q0"]["notes"])
    assert items["d0g0"]["status"] == "miss" and items["d0g0"]["text"] == "3"
    assert '<span class="miss" data-key="d0g0">3</span>' in page
    assert 'class="q k-count spurious" data-key="d0q1"' in page
    assert "P <b>0.500</b> R <b>0.500</b> F1 <b>0.500</b>" in page


def test_report_command_writes_the_default_file_and_refuses_bad_input(run_dir: Path, tmp_path: Path) -> None:
    assert report_main([str(run_dir), "--quiet"]) == 0
    assert (run_dir / "report.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert report_main([str(run_dir), "-o", str(tmp_path / "x" / "r.html"), "-q"]) == 0
    assert (tmp_path / "x" / "r.html").exists()
    assert report_main([str(tmp_path / "nothing")]) == 2
    assert report_main([str(run_dir), "--gold", str(tmp_path / "no-gold")]) == 2
    assert report_main(["--bogus"]) == 2
    assert write_report(run_dir) == run_dir / "report.html"
    assert "<title>Checked &amp; fine</title>" in build_report(run_dir, title="Checked & fine")


def test_extract_report_is_a_subcommand(run_dir: Path) -> None:
    from pipeline.cli import main

    assert main(["report", str(run_dir), "-q"]) == 0 and (run_dir / "report.html").exists()
