"""Reading figures as written: the number grammar (Vietnamese and English separators, bounds, ranges),
the registry of date patterns, unit words, and the period concepts (level, window, flow, event).
Pure functions on strings and Series; used by ingest, clean and intake.
"""
