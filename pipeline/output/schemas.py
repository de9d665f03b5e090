"""Parquet output: one declared pyarrow schema per table (written by pipeline.output.store)."""

from __future__ import annotations


import pyarrow as pa

__all__ = ["DOCUMENTS", "ERRORS", "QUANTITIES", "SECTIONS", "TABLES"]

DOCUMENTS = pa.schema([
    ("doc_id", pa.string()), ("source_path", pa.string()), ("format", pa.string()), ("content_sha256", pa.string()),
    ("title", pa.string()), ("release_date", pa.string()), ("last_published", pa.string()),
    ("doc_number", pa.string()), ("posted_date", pa.string()),
    ("topics", pa.list_(pa.string())), ("keywords", pa.list_(pa.string())),
    ("n_pages", pa.int32()), ("n_sections", pa.int32()), ("n_quantities", pa.int32()),
    ("warnings", pa.list_(pa.string())),
    ("text", pa.large_string()), ("pipeline_version", pa.string()),
])
SECTIONS = pa.schema([
    ("doc_id", pa.string()), ("source_path", pa.string()), ("section_id", pa.int32()), ("ordinal", pa.int32()),
    ("heading", pa.string()),
    ("level", pa.int32()), ("char_start", pa.int64()), ("char_end", pa.int64()),
    ("page_start", pa.int32()), ("page_end", pa.int32()),
])
# A PDF quantity's box on each visual line it stands on (a number broken over a line end has two), its own
# characters only; page and x0/top/x1/bottom are the first of them.
BOX = pa.struct([("page", pa.int32()), ("x0", pa.float64()), ("top", pa.float64()), ("x1", pa.float64()),
                 ("bottom", pa.float64())])
QUANTITIES = pa.schema([
    ("doc_id", pa.string()), ("source_path", pa.string()), ("quantity_id", pa.string()), ("section_id", pa.int32()),
    ("char_start", pa.int64()), ("char_end", pa.int64()), ("text", pa.string()),
    ("value", pa.float64()), ("value_low", pa.float64()), ("value_high", pa.float64()),
    ("qualifier", pa.string()), ("qualifier_start", pa.int64()), ("qualifier_end", pa.int64()),
    ("comparator", pa.string()), ("change", pa.string()), ("unit", pa.string()),
    ("entity", pa.string()), ("entity_start", pa.int64()), ("entity_end", pa.int64()), ("entity_rule", pa.string()),
    ("kind", pa.string()), ("time_scope", pa.string()),
    ("sentence_start", pa.int64()), ("sentence_end", pa.int64()),
    ("page", pa.int32()), ("x0", pa.float64()), ("top", pa.float64()), ("x1", pa.float64()), ("bottom", pa.float64()),
    ("boxes", pa.list_(BOX)), ("ocr_confidence", pa.float64()),
    ("html_start", pa.int64()), ("html_end", pa.int64()),
])
ERRORS = pa.schema([
    ("source_path", pa.string()), ("stage", pa.string()), ("error_type", pa.string()), ("message", pa.string()),
])
TABLES: dict[str, pa.Schema] = {
    "documents": DOCUMENTS, "sections": SECTIONS, "quantities": QUANTITIES, "errors": ERRORS,
}
