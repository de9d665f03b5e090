"""Output: the pyarrow schema of each table and the output folder (streamed Parquet, atomic switch)."""
