"""A run: one document through every stage, the incremental update of an output folder, the executors."""
