"""Readers: a file (text, PDF, saved web page) into the document text, with an offset map back to the source."""
