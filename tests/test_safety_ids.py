"""Ids are unique per source file (issue 16, item 2): identical files get their own doc_id and quantity_id,
share content_sha256, the README's snippets stay right, and the review page shows identical documents once."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from pipeline.cli import main
from tests.safety_helpers import DEV, SEED

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def duplicates(tmp_path_factory: pytest.TempPathFactory) -> Path:
    raw = tmp_path_factory.mktemp("raw")
    for name in ("a.txt", "b.txt", "c/a.txt"):  # the same release three times
        (raw / name).parent.mkdir(exist_ok=True)
        shutil.copy(SEED, raw / name)
    shutil.copy(DEV[0], raw / DEV[0].name)
    out = tmp_path_factory.mktemp("out")
    assert main([str(raw), str(out), "--workers", "1", "-q"]) == 0
    return out


def test_identical_files_have_their_own_ids_and_share_content_sha256(duplicates: Path) -> None:
    d = pd.read_parquet(duplicates / "documents.parquet")
    q = pd.read_parquet(duplicates / "quantities.parquet")
    s = pd.read_parquet(duplicates / "sections.parquet")
    assert d.doc_id.is_unique and q.quantity_id.is_unique
    copies = d[d.source_path.isin(["a.txt", "b.txt", "c/a.txt"])]
    assert copies.content_sha256.nunique() == 1 and len(copies) == 3
    assert q.groupby("source_path").doc_id.nunique().max() == 1
    assert set(q.doc_id) <= set(d.doc_id) and set(s.doc_id) <= set(d.doc_id)
    for name in ("a.txt", "b.txt"):  # same rows but the ids
        assert (q[q.source_path == name].drop(columns=["doc_id", "source_path", "quantity_id"]).reset_index(drop=True)
                .equals(q[q.source_path == "c/a.txt"].drop(columns=["doc_id", "source_path", "quantity_id"])
                        .reset_index(drop=True)))


def test_the_readme_snippets_are_right_with_duplicates(duplicates: Path) -> None:
    q = pd.read_parquet(duplicates / "quantities.parquet")
    d = pd.read_parquet(duplicates / "documents.parquet")
    for _, row in q.iterrows():
        text = d.set_index("doc_id").loc[row.doc_id, "text"]
        assert isinstance(text, str) and text[row.char_start:row.char_end] == row.text
    duckdb = pytest.importorskip("duckdb")
    joined = duckdb.sql(f"""
      SELECT q.qualifier, q.text, q.unit, q.entity, s.heading
      FROM '{duplicates}/quantities.parquet' q
      LEFT JOIN '{duplicates}/sections.parquet' s USING (doc_id, section_id)
      ORDER BY q.doc_id, q.char_start
    """).df()
    assert len(joined) == len(q)


def test_the_review_page_groups_identical_documents(tmp_path: Path) -> None:
    from pipeline.cli import main as extract

    sizes = {}
    for n in (1, 12):
        raw, out = tmp_path / f"raw{n}", tmp_path / f"out{n}"
        raw.mkdir()
        for i in range(n):
            shutil.copy(SEED, raw / f"copy{i:02d}.txt")
        assert extract([str(raw), str(out), "--workers", "1", "-q"]) == 0
        assert extract(["report", str(out), "-q"]) == 0
        page = (out / "report.html").read_text(encoding="utf-8")
        sizes[n] = len(page)
        for i in range(n):
            assert f"copy{i:02d}.txt" in page
    assert sizes[12] < 1.5 * sizes[1], sizes  # one article for the twelve copies, not twelve (or 144)
