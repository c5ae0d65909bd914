"""The analysis tables computed from the clean figures: growth (comparable pairs only, breaks marked),
progress toward targets, consistency checks, the series table, and the selection of provinces and
indicators. ``results.compute`` runs them in order.
"""
