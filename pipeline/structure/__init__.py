"""Document structure: boilerplate, title, dates, archive stamps, blocks and sections of a release's text."""
