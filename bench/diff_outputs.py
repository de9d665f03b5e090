#!/usr/bin/env python3
"""Compare two runs' output folders table by table, row by row.

    python3 bench/diff_outputs.py OLD NEW [--ignore-columns entity_rule,...] [--tables quantities] [--limit 50]

Rows are keyed by their natural key: documents by source_path, sections by (source_path, section_id),
quantities by (source_path, char_start, char_end), errors by (source_path, stage). For every table it
prints the rows added, the rows removed and, for rows present in both, each field that changed (old ->
new); a quantity is shown with its sentence. A column present in only one run is reported once (use
--ignore-columns for columns a change adds on purpose). Exit status: 0 when the tables are identical
(ignored columns aside), 1 when they differ, 2 on a usage error.
"""

from __future__ import annotations

import argparse
import math
import sys
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq

KEYS: dict[str, tuple[str, ...]] = {
    "documents": ("source_path",),
    "sections": ("source_path", "section_id"),
    "quantities": ("source_path", "char_start", "char_end"),
    "errors": ("source_path", "stage"),
}
SHOWN = 100  # characters of a long value (a document's text) shown in a change


def load(folder: Path, table: str) -> list[dict[str, Any]] | None:
    """The table's rows as dicts, or None when the folder has no such table."""
    path = folder / f"{table}.parquet"
    if not path.exists():
        return None
    return pq.read_table(path).to_pylist()


def keyed(rows: Iterable[dict[str, Any]], key: tuple[str, ...]) -> dict[tuple[Any, ...], dict[str, Any]]:
    """Rows by key; a repeated key gets an occurrence number so no row is lost."""
    out: dict[tuple[Any, ...], dict[str, Any]] = {}
    seen: Counter[tuple[Any, ...]] = Counter()
    for row in rows:
        k = tuple(row.get(c) for c in key)
        if seen[k]:
            k = (*k, f"#{seen[k]}")
        seen[k[: len(key)]] += 1
        out[k] = row
    return out


def same(a: Any, b: Any) -> bool:
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b):
        return True
    return bool(a == b)


def short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= SHOWN else text[: SHOWN - 3] + "..."


def sentence(row: dict[str, Any], texts: dict[str, str]) -> str:
    text = texts.get(row.get("source_path") or "")
    s, e = row.get("sentence_start"), row.get("sentence_end")
    if text is None or s is None or e is None:
        return ""
    return " ".join(text[s:e].split())


def diff_table(table: str, old: list[dict[str, Any]], new: list[dict[str, Any]], ignore: set[str],
               texts_old: dict[str, str], texts_new: dict[str, str], limit: int) -> int:
    """Print the differences of one table; the number of differing rows (and column sets)."""
    key = KEYS[table]
    cols_old = set(old[0]) if old else set()
    cols_new = set(new[0]) if new else set()
    n = 0
    if old and new:
        for col in sorted((cols_new - cols_old) - ignore):
            print(f"{table}: column added: {col}")
            n += 1
        for col in sorted((cols_old - cols_new) - ignore):
            print(f"{table}: column removed: {col}")
            n += 1
    compared = [c for c in sorted(cols_old & cols_new) if c not in ignore and c not in key]
    a, b = keyed(old, key), keyed(new, key)
    lines: list[str] = []
    added = [k for k in b if k not in a]
    removed = [k for k in a if k not in b]
    changed = 0
    for k in added:
        row = b[k]
        extra = f" text={row.get('text')!r}" if table == "quantities" else ""
        lines.append(f"{table}: + {k}{extra}" + (f"\n    | {sentence(row, texts_new)}" if table == "quantities" else ""))
    for k in removed:
        row = a[k]
        extra = f" text={row.get('text')!r}" if table == "quantities" else ""
        lines.append(f"{table}: - {k}{extra}" + (f"\n    | {sentence(row, texts_old)}" if table == "quantities" else ""))
    for k in a:
        if k not in b:
            continue
        fields = [(c, a[k].get(c), b[k].get(c)) for c in compared if not same(a[k].get(c), b[k].get(c))]
        if not fields:
            continue
        changed += 1
        head = f"{table}: ~ {k}" + (f" text={b[k].get('text')!r}" if table == "quantities" else "")
        body = "".join(f"\n    {c}: {short(x)} -> {short(y)}" for c, x, y in fields)
        tail = f"\n    | {sentence(b[k], texts_new)}" if table == "quantities" else ""
        lines.append(head + body + tail)
    for line in lines[:limit] if limit else lines:
        print(line)
    if limit and len(lines) > limit:
        print(f"{table}: ... {len(lines) - limit} more")
    n += len(added) + len(removed) + changed
    print(f"{table}: {len(a)} -> {len(b)} rows; {len(added)} added, {len(removed)} removed, {changed} changed")
    return n


def texts(rows: list[dict[str, Any]] | None) -> dict[str, str]:
    return {r["source_path"]: r.get("text") or "" for r in rows or []}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("old", type=Path, help="output folder of the first run")
    ap.add_argument("new", type=Path, help="output folder of the second run")
    ap.add_argument("--ignore-columns", default="", help="comma-separated columns not compared (e.g. new ones)")
    ap.add_argument("--tables", default=",".join(KEYS), help="comma-separated tables (default: all four)")
    ap.add_argument("--limit", type=int, default=200, help="differences printed per table (0: all)")
    a = ap.parse_args(argv)
    ignore = {c.strip() for c in a.ignore_columns.split(",") if c.strip()}
    tables = [t.strip() for t in a.tables.split(",") if t.strip()]
    for folder in (a.old, a.new):
        if not folder.is_dir():
            print(f"diff_outputs: error: not a folder: {folder}", file=sys.stderr)
            return 2
    unknown = [t for t in tables if t not in KEYS]
    if unknown:
        print(f"diff_outputs: error: unknown table(s): {', '.join(unknown)}", file=sys.stderr)
        return 2
    docs_old, docs_new = load(a.old, "documents"), load(a.new, "documents")
    t_old, t_new = texts(docs_old), texts(docs_new)
    total = 0
    for table in tables:
        old = docs_old if table == "documents" else load(a.old, table)
        new = docs_new if table == "documents" else load(a.new, table)
        if old is None or new is None:
            if (old is None) != (new is None):
                print(f"{table}: table only in {'new' if old is None else 'old'} run")
                total += 1
            continue
        total += diff_table(table, old, new, ignore, t_old, t_new, a.limit)
    print("identical" if total == 0 else f"differ: {total} differences")
    return 0 if total == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
