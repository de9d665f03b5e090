"""The counted entity: what a number counts or measures, from the parse and from rules; and the record assembly."""
