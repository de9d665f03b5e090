"""Parquet output: one declared pyarrow schema per table (written by pipeline.output.store), self-describing.

Each column carries its meaning (field metadata `doc`; `docs/tables.md` is generated from it by
`pipeline.output.reference`). Every written table carries key-value file metadata (`pipeline.*`: pipeline and
schema version, model name and version, rules hash, options, created at; see `file_metadata`) and pandas
metadata that makes pandas read every integer column as a nullable integer (`Int32`, `Int64`), so a null
`section_id` or `page` is `<NA>`, not a float. Dates are `date32`. Empty is null: a text column with nothing
to say is null, never "" (lists are empty lists).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

import pyarrow as pa

__all__ = ["BOX", "DOCUMENTS", "ERRORS", "file_metadata", "QUANTITIES", "SCHEMA_VERSION", "SECTIONS", "TABLES",
           "with_metadata"]

SCHEMA_VERSION = "3"  # 3: dates as date32, empty is null, nullable integers for pandas, file metadata, column docs


def _schema(*groups: tuple[Sequence[tuple[str, pa.DataType]], str]) -> pa.Schema:
    """A schema from groups of columns that share one meaning (one row of the column reference)."""
    return pa.schema([pa.field(name, kind, metadata={"doc": doc, "group": columns[0][0]})
                      for columns, doc in groups for name, kind in columns])


DOCUMENTS = _schema(
    ((("doc_id", pa.string()),),
     '16 hex digits of sha256(source_path NUL content_sha256): unique per source file (identical files have their own), changed when the content changes'),
    ((("source_path", pa.string()),),
     'path relative to the input folder'),
    ((("format", pa.string()),),
     '`text`, `pdf` or `html`'),
    ((("content_sha256", pa.string()),),
     'sha256 of the file bytes, the same for identical files: `d[d.duplicated("content_sha256", keep=False)]` lists duplicates (was `sha256`)'),
    ((("title", pa.string()), ("release_date", pa.date32()), ("last_published", pa.date32()),),
     'from the page ("Release Date: …", "Last Published Date: …"); dates (Parquet `date32`; null when the page gives none)'),
    ((("doc_number", pa.string()), ("posted_date", pa.date32()),),
     'from the archive stamp ("AILA Doc. No. 18082131. (Posted 8/21/18)"; found wherever it stands, OCR misreadings such as "Alla", "AlLA", "A1LA" tolerated; its numbers are never quantities)'),
    ((("topics", pa.list_(pa.string())), ("keywords", pa.list_(pa.string())),),
     'lists, from the page footer'),
    ((("n_pages", pa.int32()),),
     'pages of a PDF (null otherwise)'),
    ((("n_sections", pa.int32()), ("n_quantities", pa.int32()),),
     'counts'),
    ((("warnings", pa.list_(pa.string())),),
     'what the reader wants you to know (HTML: "small body: 90 of the page\'s 715 visible words kept (13%)"; a page read by its markup because the main-content extractor found no article); empty for most documents'),
    ((("text", pa.large_string()),),
     "the text every span indexes (for a text file: its content; for PDF and HTML: the reader's output)"),
    ((("pipeline_version", pa.string()),),
     'version of this package'),
)
SECTIONS = _schema(
    ((("doc_id", pa.string()), ("source_path", pa.string()),),
     'the document (as in documents)'),
    ((("section_id", pa.int32()),),
     "the section's id in its document; quantities.section_id points here"),
    ((("ordinal", pa.int32()),),
     "its position among the document's sections"),
    ((("heading", pa.string()),),
     'the heading or lead label as written ("Bottom Line", "First")'),
    ((("level", pa.int32()),),
     'heading level'),
    ((("char_start", pa.int64()), ("char_end", pa.int64()),),
     "the section's span in documents.text"),
    ((("page_start", pa.int32()), ("page_end", pa.int32()),),
     'PDF only: the first and last page it covers'),
)
# A PDF quantity's box on each visual line it stands on (a number broken over a line end has two), its own
# characters only; page and x0/top/x1/bottom are the first of them.
BOX = pa.struct([("page", pa.int32()), ("x0", pa.float64()), ("top", pa.float64()), ("x1", pa.float64()),
                 ("bottom", pa.float64())])
QUANTITIES = _schema(
    ((("doc_id", pa.string()), ("source_path", pa.string()), ("quantity_id", pa.string()),),
     'provenance (`quantity_id` = `doc_id:char_start-char_end`)'),
    ((("section_id", pa.int32()),),
     'section the quantity stands in (null before the first section)'),
    ((("char_start", pa.int64()), ("char_end", pa.int64()), ("text", pa.string()),),
     'the number expression: digits, separators, `$`, `%`, scale word ("$775 million", "a million", "hundreds of thousands")'),
    ((("value", pa.float64()),),
     'the number as a float (`92` for 92%, `0.5` for "half"); null for vague magnitudes'),
    ((("value_low", pa.float64()), ("value_high", pa.float64()),),
     'the interval the text gives: for a range ("between 10 and 20", "15 to 22 miles", "from 21 to 7") both ends carry the whole range (10 and 20); for a vague magnitude its order of magnitude ("tens of thousands": 10000 and 100000; "dozens": 24 and 144); otherwise what the comparator implies (`>`: low=value; `<`: high=value; `=`: both; `~`: both null)'),
    ((("qualifier", pa.string()), ("qualifier_start", pa.int64()), ("qualifier_end", pa.int64()),),
     'bounding words as written, lower-cased ("more than", "well over", "almost", "+", "or more"); null when none'),
    ((("comparator", pa.string()),),
     '`>`, `>=`, `<`, `<=`, `~`, `=` (almost/nearly are `<`)'),
    ((("change", pa.string()),),
     '`up` or `down` when the text says the figure is a rise or a fall ("rose 60%", "declined by nearly 19%", "was down 2.1%", "a 45% drop in shootings", "+0.3%"; the words are in `pipeline/lexicon/data/changes.json`); null otherwise. Both ends of a range share it'),
    ((("unit", pa.string()),),
     'singular unit: pound, kilogram, mile, percent, USD, day, year, times, fraction, …; null for a plain count'),
    ((("entity", pa.string()), ("entity_start", pa.int64()), ("entity_end", pa.int64()),),
     'what is counted or measured ("aliens"; "heroin" in "7,000 pounds of heroin"; "homicides" in "the number of homicides"). In a table (one cell per line, a row on one line, a pipe table, glued cells) it is the row label with the column header ("Felony DV detention requests"), the row label alone when the columns are periods, the column alone when the rows are months (see architecture.md, "Tables in the text"). Some are normalised labels with null offsets: `sentence`/`probation` for custodial terms, `people` for a bare number that is charged, arrested or killed ("4 Charged in …"), `period` for a span of time that measures nothing else ("over the past two years")'),
    ((("entity_rule", pa.string()),),
     'the id of the rule (or candidate source) that named the entity (`tests/fixtures/entity_rules.jsonl`, docs/architecture.md); null without an entity'),
    ((("kind", pa.string()),),
     'count, money, percent, mass, length, duration, age, fraction, multiplier, …'),
    ((("time_scope", pa.string()),),
     'the period the text gives for the figure ("FY 2017", "so far this fiscal year"), else null'),
    ((("sentence_start", pa.int64()), ("sentence_end", pa.int64()),),
     'the sentence the figure stands in'),
    ((("page", pa.int32()), ("x0", pa.float64()), ("top", pa.float64()), ("x1", pa.float64()), ("bottom", pa.float64()),),
     "PDF only: the page (1-based) and the box of the number's characters, in PDF points (for a number broken over a line end, its first piece)"),
    ((("boxes", pa.list_(BOX)),),
     'PDF only: a list of structs `{page, x0, top, x1, bottom}`, one per visual line the number stands on, each around that piece\'s own characters only ("$49.1" at a line end and "million" on the next: two boxes)'),
    ((("ocr_confidence", pa.float64()),),
     "PDF page read by OCR: the lowest Tesseract word confidence (0-1) among the number's characters; null for a text layer"),
    ((("html_start", pa.int64()), ("html_end", pa.int64()),),
     'HTML only: byte offsets of the number in the saved page'),
)
ERRORS = _schema(
    ((("source_path", pa.string()),),
     'the file that failed, relative to the input folder'),
    ((("stage", pa.string()),),
     'where it failed: `read`, `structure`, `nlp`, `rules`, ...'),
    ((("error_type", pa.string()),),
     'the kind of failure (`ReadError`, `ListingPage`, `NoBody`, `TimeoutError`, ...)'),
    ((("message", pa.string()),),
     'what went wrong, for a person ("not valid UTF-8 (byte 3)")'),
)

TABLES: dict[str, pa.Schema] = {
    "documents": DOCUMENTS, "sections": SECTIONS, "quantities": QUANTITIES, "errors": ERRORS,
}


def _pandas(schema: pa.Schema) -> bytes:
    """pandas metadata naming the nullable integer dtype of every integer column (pyarrow's to_pandas and
    pd.read_parquet follow it); other columns convert as Arrow would."""
    columns = [{"name": f.name, "field_name": f.name, "pandas_type": str(f.type),
                "numpy_type": "Int32" if f.type == pa.int32() else "Int64", "metadata": None}
               for f in schema if pa.types.is_integer(f.type)]
    return json.dumps({"index_columns": [], "column_indexes": [], "columns": columns, "creator":
                       {"library": "pipeline"}}).encode()


def file_metadata(model: str | None, model_version: str | None, rules_hash: str, options: Mapping[str, Any],
                  created_at: str) -> dict[str, str]:
    """The key-value metadata written in every table of a run (`pq.read_schema(path).metadata`, DuckDB's
    `parquet_kv_metadata`)."""
    from pipeline import __version__

    return {"pipeline.version": __version__, "pipeline.schema_version": SCHEMA_VERSION,
            "pipeline.model": model or "", "pipeline.model_version": model_version or "",
            "pipeline.rules_hash": rules_hash, "pipeline.options": json.dumps(dict(options), sort_keys=True),
            "pipeline.created_at": created_at}


def with_metadata(schema: pa.Schema, metadata: Mapping[str, str] | None = None) -> pa.Schema:
    """The schema with its pandas metadata and the run's key-value metadata."""
    meta: dict[bytes | str, bytes | str] = {b"pandas": _pandas(schema)}
    meta.update(metadata or {})
    return schema.with_metadata(meta)
