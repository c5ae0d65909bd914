"""Raw rows as written → one typed row per figure (data/processed/figures.csv) or a rejected row with
its reason (rejected.csv): declared corrections, sanity rules (one registry), figures derived from
the relations, duplicates, the schema check of the result.
"""
