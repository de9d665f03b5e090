"""The spaCy stage: loading the pipeline, what the model reads, and running it."""
