"""The vocabulary: the JSON lexicons under data/, loaded with importlib.resources and validated (loader)."""
