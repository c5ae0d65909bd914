"""Adding an article: register its source, extract candidate figures for review, accept reviewed rows
into data/raw (the only code that writes the raw layer, atomically).
"""
