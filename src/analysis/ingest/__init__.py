"""Reading the raw layer (data/raw/*.csv) and validating it against its declarations, all problems at
once by file, line, id, column and value; the article texts and their hashes; the provinces and
their names before and after the 2025 merger.
"""
