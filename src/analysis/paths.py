"""Every path the project uses, anchored at the project root.

Notebooks run with different working directories (nbval starts the kernel in notebooks/,
papermill in the caller's folder), so nothing may depend on the current directory.
"""

from __future__ import annotations

import os
from pathlib import Path

#: The project root: the folder holding pyproject.toml (the package is installed editable).
PROJECT_ROOT = Path(__file__).resolve().parents[2]

DATA = PROJECT_ROOT / "data"
RAW = DATA / "raw"
PROCESSED = DATA / "processed"
NOTEBOOKS = PROJECT_ROOT / "notebooks"
REPORTS = PROJECT_ROOT / "reports"
FIGURES = REPORTS / "figures"

#: Environment variable naming the folder of the article texts, when not ../shared/sources.
SOURCES_ENV = "VN_DX_SOURCES"


def sources_dir() -> Path:
    """Folder of the source article texts (not part of the repository).

    ``$VN_DX_SOURCES`` when set, else ``../shared/sources`` beside the project.
    """
    env = os.environ.get(SOURCES_ENV)
    return Path(env) if env else PROJECT_ROOT.parent / "shared" / "sources"


def relative(path: Path) -> str:
    """``path`` relative to the project root when inside it, for messages that travel between machines."""
    try:
        return Path(path).resolve().relative_to(PROJECT_ROOT).as_posix()
    except ValueError:
        return str(path)


def resolve(path: str | Path) -> Path:
    """A notebook parameter path: relative paths are relative to the project root, not the cwd."""
    path = Path(path)
    return path if path.is_absolute() else PROJECT_ROOT / path
