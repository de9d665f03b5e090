"""One table streamed to a Parquet file in row groups, holding a bounded number of rows (pipeline.output.store)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

ROW_GROUP = 8_192  # rows a run holds per table before it writes them: its memory does not grow past this
# Rows held before a row group is written: documents carry their whole text, so they go out sooner.
BUFFER_ROWS = {"documents": 256, "sections": ROW_GROUP, "quantities": ROW_GROUP, "errors": 1_000}
STAGE_ROWS = 1_000  # row dicts held before they are converted to Arrow


@dataclass(slots=True)
class TableWriter:
    """Rows in, row groups of about `buffer_rows` out; rows waiting for their group are held as Arrow data,
    which takes a few times less memory than the row dicts (converted STAGE_ROWS at a time)."""

    path: Path
    schema: pa.Schema
    buffer_rows: int = ROW_GROUP
    rows: list[dict[str, Any]] = field(default_factory=list)
    batches: list[pa.RecordBatch] = field(default_factory=list)
    held: int = 0  # rows in `batches`
    writer: pq.ParquetWriter | None = None

    def add(self, rows: list[dict[str, Any]]) -> None:
        """Take rows; write a row group once enough are held."""
        self.rows.extend(rows)
        if self.held + len(self.rows) >= self.buffer_rows:
            self.flush()
        elif len(self.rows) >= STAGE_ROWS:
            self._stage()

    def add_batch(self, batch: pa.RecordBatch) -> None:
        """Write rows kept from the previous generation as they are (an Arrow batch, cast to the schema)."""
        self.flush()
        self._writer().write_batch(batch.cast(self.schema) if not batch.schema.equals(self.schema) else batch)

    def _writer(self) -> pq.ParquetWriter:
        if self.writer is None:
            self.writer = pq.ParquetWriter(self.path, self.schema)
        return self.writer

    def _stage(self) -> None:
        if self.rows:
            self.batches.append(pa.RecordBatch.from_pylist(self.rows, schema=self.schema))
            self.held += len(self.rows)
            self.rows = []

    def flush(self) -> None:
        """Write what is held as one row group."""
        self._stage()
        if self.batches:
            self._writer().write_table(pa.Table.from_batches(self.batches, schema=self.schema))
            self.batches, self.held = [], 0
            pa.default_memory_pool().release_unused()  # else the pool keeps what it freed, and grows with the run

    def close(self) -> None:
        """Write what is held and close the file."""
        self.flush()
        self._writer().close()
