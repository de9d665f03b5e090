"""The quantity rules: number candidates, traps, rejection, qualifiers, units, changes, time scope, ranges."""
