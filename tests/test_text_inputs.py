"""Text inputs that came out wrong: Markdown front matter is metadata, UTF-16 without a byte-order mark is read."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.readers.text import ReadError, decode_text, read_text

MD = "---\nid: 123456\ntitle: \"Agents seize 40 pounds\"\ndate: 2021-05-04\n---\nAgents seized 40 pounds of heroin.\n"


def test_markdown_front_matter_is_metadata_not_text() -> None:
    raw = read_text(MD.encode(), Path("release.md"))
    assert raw.metadata == {"title": "Agents seize 40 pounds", "release_date": "2021-05-04"}
    assert len(raw.text) == len(MD) and raw.text.count("\n") == MD.count("\n")  # offsets still index the file
    assert "123456" not in raw.text and "---" not in raw.text
    body = MD.index("Agents seized")
    assert raw.text[body:] == MD[body:]
    assert read_text(MD.encode(), Path("release.txt")).text == MD  # a .txt is its content, unchanged
    plain = "---\nNot front matter: no closing line.\n"
    assert read_text(plain.encode(), Path("x.md")).text == plain


def test_utf16_without_a_byte_order_mark_is_read() -> None:
    text = "ICE arrested more than 127,000 aliens.\n"
    assert decode_text(text.encode("utf-16-le")) == text
    assert decode_text(text.encode("utf-16-be")) == text
    with pytest.raises(ReadError, match="nor UTF-16"):
        decode_text(b"\x00\x01binary\x00\xff\xfe junk" * 4)


@pytest.mark.model
def test_a_markdown_release_gives_no_quantity_from_its_front_matter(tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    from pipeline.cli import main

    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "release.md").write_text(MD, encoding="utf-8")
    assert main([str(raw), str(tmp_path / "out"), "--workers", "1", "-q"]) == 0
    quantities = pq.read_table(tmp_path / "out" / "quantities.parquet").to_pylist()
    assert [q["text"] for q in quantities] == ["40"]
    (doc,) = pq.read_table(tmp_path / "out" / "documents.parquet").to_pylist()
    assert doc["title"] == "Agents seize 40 pounds" and str(doc["release_date"]) == "2021-05-04"
