"""The published dataset's documentation, generated from the declarations (``make docs``):
datapackage.json and the data dictionary of data/README.md (dictionary), with every flag gathered
from the code and rule registries that set it (flags). On top of the stages it documents.
"""
