"""What a reader sees: the province report's sentences and tables, the charts (one registry), labels in
English and Vietnamese, PDFs, the notebooks' views and the JupyterLab exploration API
(``analysis.load`` …).
"""
