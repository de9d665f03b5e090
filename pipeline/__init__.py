"""pipeline: press releases in, sections and qualified quantities out, as Parquet with provenance."""

import logging

__version__ = "0.1.0"
__all__ = ["__version__", "extract"]

# A library logs, it does not configure logging: the CLI does (logging.basicConfig in pipeline.cli).
logging.getLogger(__name__).addHandler(logging.NullHandler())


def __getattr__(name: str) -> object:
    if name == "extract":  # lazy: `import pipeline` stays free of pandas and spaCy
        from pipeline.api import extract

        return extract
    if name in ("quantities", "explain"):
        from pipeline import trace

        return getattr(trace, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
