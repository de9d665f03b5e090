"""pipeline: press releases in, sections and qualified quantities out, as Parquet with provenance."""

__version__ = "0.1.0"
