"""The review page: one self-contained HTML file of a run's documents and quantities, with PDF page images."""
