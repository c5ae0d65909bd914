"""The README shows the commands a newcomer needs.

Every column of every file is in the data dictionary by construction: data/README.md's tables are
generated from the declarations (tests/test_datapackage.py), whose columns are the files' headers
(tests/test_tableschema.py).
"""

from __future__ import annotations

from analysis import paths

README = (paths.PROJECT_ROOT / "README.md").read_text(encoding="utf-8")


def test_readme_shows_the_two_commands_and_the_lab():
    for command in ("make report", "make test", "make lab"):
        assert command in README
