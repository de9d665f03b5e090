"""`extract report`: the page from hand-made tables (no model): escaping, marks, gold misses and spurious, CLI."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from pipeline.review.report import build_report, report_main, write_report
from pipeline.output.schemas import TABLES

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
    _write(out, "documents", [{"doc_id": "d1", "source_path": DOC, "format": "text", "content_sha256": "0" * 64,
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


def _data(page: str) -> dict[str, dict[str, Any]]:
    """Each document's data block of a one-file page (its article and its items), by document key."""
    blocks = re.findall(r'<script type="application/json" id="data-(d\d+)">(.*?)</script>', page, re.S)
    assert blocks
    return {key: json.loads(block) for key, block in blocks}


def _items(page: str) -> dict[str, dict[str, Any]]:
    """Every item's fields, from the documents' data blocks."""
    return {k: v for doc in _data(page).values() for k, v in doc["items"].items()}


def _html(page: str) -> str:
    """The page with every document's article, as the browser shows it when the document is opened."""
    shell = re.sub(r'<script type="application/json".*?</script>', "", page, flags=re.S)
    return shell + str(_index(page)["overview"]) + "".join(str(doc["html"]) for doc in _data(page).values())


def _index(page: str, name: str = "index") -> dict[str, Any]:
    block = re.search(f'<script type="application/json" id="report-{name}">(.*?)</script>', page, re.S)
    assert block is not None
    return dict(json.loads(block.group(1)))


def test_document_text_and_names_are_escaped(run_dir: Path) -> None:
    page = build_report(run_dir)
    article = _data(page)["d0"]["html"]
    assert "<script>alert" not in page and '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;' in article
    assert "Seizure &lt;b&gt;report&lt;/b&gt;" in article and "bad&lt;file&gt;.txt" in _index(page)["overview"]
    assert page.count("<script") == 4  # index, search, the document's data, the page's script; none from the text
    for data in re.findall(r'type="application/json" id="[^"]+">(.*?)</script>', page, re.S):
        assert "<" not in data and ">" not in data


def test_every_quantity_is_highlighted_with_its_qualifier_and_entity(run_dir: Path) -> None:
    raw = build_report(run_dir)
    page = _html(raw)
    assert re.search(r'<span class="q k-mass" data-key="d0q0">7,000</span>', page)
    assert re.search(r'<span class="qual" data-for="d0q0">more than</span>', page)
    assert re.search(r'<span class="ent" data-for="d0q0">heroin</span>', page)
    items = _items(raw)
    heroin, cars = items["d0q0"], items["d0q1"]
    assert (heroin["value"], heroin["comparator"], heroin["interval"], heroin["unit"]) == ("7000", ">", "7000 … +∞",
                                                                                          "pound")
    assert (cars["value"], cars["interval"], cars["page"]) == ("12", "12 … 12", 2)
    assert cars["box"] == "10.0, 20.0, 30.0, 28.0"
    assert heroin["status"] == "predicted"
    index = {**_index(raw), **_index(raw, "search")}
    assert index["items"]["key"] == ["d0q0", "d0q1"] and "heroin" in index["items"]["hay"][0]
    assert index["sentences"][index["items"]["sentence"][1]] == TEXT.strip().lower()
    assert [index["kinds"][k] for k in index["items"]["kind"]] == ["mass", "count"]
    assert [index["units"][k] for k in index["items"]["unit"]] == ["pound", "(none)"]
    assert index["docs"] == [{"key": "d0", "path": DOC, "title": "Seizure <b>report</b>", "date": "", "n": 2,
                              "first": 0, "score": None}]
    for name in ("kind", "qualifier", "unit", "search"):
        assert f'id="f-{name}"' in page
    assert 'id="f-status"' not in page  # with gold only


def test_page_needs_no_network(run_dir: Path) -> None:
    raw = build_report(run_dir)
    page = _html(raw)
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
    raw = build_report(run_dir, gold)
    page = _html(raw)
    items = _items(raw)
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


PDF = Path(__file__).parent / "fixtures" / "pdf" / "seed_ice_3pages_stamp.pdf"


@pytest.fixture()
def pdf_tables(tmp_path: Path) -> Path:
    """Hand-made tables for the PDF fixture: two quantities with boxes on pages 1 and 3, one on page 2 without."""
    out = tmp_path / "pdf-out"
    out.mkdir()
    text = "about 400 people · 127,000 aliens · 50 cases"
    _write(out, "documents", [{"doc_id": "d1", "source_path": PDF.name, "format": "pdf", "content_sha256": "0" * 64,
                               "title": "ICE", "n_pages": 3, "n_sections": 0, "n_quantities": 3, "topics": [],
                               "keywords": [], "text": text, "pipeline_version": "test"}])
    _write(out, "sections", [])
    at = [text.index(t) for t in ("400", "127,000", "50")]
    _write(out, "quantities", [
        _quantity(text, at[0], at[0] + 3, source_path=PDF.name, value=400.0, page=1, x0=274.07, top=192.92,
                  x1=289.82, bottom=203.42),
        _quantity(text, at[1], at[1] + 7, source_path=PDF.name, value=127000.0, page=2),
        _quantity(text, at[2], at[2] + 2, source_path=PDF.name, value=50.0, kind="percent", page=3, x0=159.5,
                  top=130.99, x1=170.0, bottom=141.49),
    ])
    return out


def test_pdf_pages_are_embedded_with_one_box_per_quantity(pdf_tables: Path) -> None:
    raw = build_report(pdf_tables, input_dir=PDF.parent)
    page = _html(raw)
    assert page.count('src="data:image/png;base64,') == 3
    assert re.findall(r'<figure class="pdfpage" id="(d0p\d)"', page) == ["d0p1", "d0p2", "d0p3"]
    boxes = re.findall(r'<span class="box" data-key="(d0q\d)"[^>]*style="([^"]*)"', page)
    assert [k for k, _ in boxes] == ["d0q0", "d0q2"]  # the quantity without a box still gets its page
    left, top, width, height = (float(v) for v in re.findall(r"([\d.]+)%", boxes[0][1]))
    assert (left, top) == pytest.approx((100 * 274.07 / 612, 100 * 192.92 / 792), abs=1e-3)
    assert (width, height) == pytest.approx((100 * 15.75 / 612, 100 * 10.5 / 792), abs=1e-3)
    items = _items(raw)
    assert [items[k]["page_image"] for k in ("d0q0", "d0q1", "d0q2")] == ["d0p1", "d0p2", "d0p3"]
    assert '<p class="capped">' not in page
    assert not re.search(r'(?:src|href)="(?:https?:)?//', page)


def test_pdf_pages_are_capped_and_absent_without_input_or_file(pdf_tables: Path, tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    from pipeline.review import pages as report_pages

    for raw in (build_report(pdf_tables), build_report(pdf_tables, input_dir=tmp_path)):
        page = _html(raw)
        assert "data:image" not in page and 'class="box"' not in page
        assert _items(raw)["d0q0"]["page_image"] is None and _items(raw)["d0q0"]["page"] == 1
    monkeypatch.setattr(report_pages, "MAX_PAGES", 2)
    raw = build_report(pdf_tables, input_dir=PDF.parent)
    page = _html(raw)
    assert page.count("data:image/png") == 2 and "Page images stop at 2 per report" in page
    assert "1 of 3 pages with quantities not rendered" in page
    assert _items(raw)["d0q2"]["page_image"] is None
    assert report_main([str(pdf_tables), "--input", str(tmp_path / "nowhere"), "-q"]) == 2
    assert report_main([str(pdf_tables), "--input", str(PDF.parent), "-q"]) == 0
    assert _html((pdf_tables / "report.html").read_text(encoding="utf-8")).count("data:image/png") == 2


@pytest.mark.model
def test_report_of_a_pdf_run_shows_its_pages(tmp_path: Path) -> None:
    import shutil

    from pipeline.cli import main

    raw, out = tmp_path / "raw", tmp_path / "out"
    raw.mkdir()
    shutil.copy(PDF, raw / PDF.name)
    assert main([str(raw), str(out), "--quiet"]) == 0
    quantities = pq.read_table(out / "quantities.parquet").to_pylist()
    pages = {q["page"] for q in quantities}
    assert pages == {1, 2, 3} and all(q["x0"] is not None for q in quantities)
    assert main(["report", str(out), "--input", str(raw), "-q"]) == 0
    page = _data((out / "report.html").read_text(encoding="utf-8"))["d0"]["html"]
    assert page.count('src="data:image/png;base64,') == len(pages)
    assert page.count('<span class="box" ') == len(quantities)
    assert all(it["page_image"] == f"d0p{it['page']}" for it in _items((out / "report.html").read_text()).values())
