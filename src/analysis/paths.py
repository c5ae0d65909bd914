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

#: Environment variable naming the folder(s) of the article texts, ``os.pathsep``-separated.
SOURCES_ENV = "VN_DX_SOURCES"
#: The folder of article texts beside the project, used after those of ``$VN_DX_SOURCES``.
DEFAULT_SOURCES = PROJECT_ROOT.parent / "shared" / "sources"


def sources_dirs() -> list[Path]:
    """Folders of the source article texts (never part of the repository), searched in order.

    The folders named by ``$VN_DX_SOURCES`` (``os.pathsep``-separated: ``/my/texts:../shared/sources``),
    then ``../shared/sources`` beside the project. A text may live in any of them; ``add-source``
    stores new texts in the first one it can write to.
    """
    env = os.environ.get(SOURCES_ENV, "")
    folders = [resolve(p) for p in env.split(os.pathsep) if p.strip()]
    return folders + ([DEFAULT_SOURCES] if DEFAULT_SOURCES not in folders else [])


def sources_dir() -> Path:
    """The first folder of :func:`sources_dirs` (where messages point a reader first)."""
    return sources_dirs()[0]


def writable_sources_dir() -> Path:
    """The first folder of :func:`sources_dirs` this process may write to (created if its parent allows).

    Raises ``PermissionError`` with what to do when none is writable (the shared folder may be read-only).
    """
    for folder in sources_dirs():
        target = folder if folder.exists() else folder.parent
        if target.exists() and os.access(target, os.W_OK):
            folder.mkdir(parents=True, exist_ok=True)
            return folder
    listed = ", ".join(str(f) for f in sources_dirs())
    raise PermissionError(f"no writable folder for article texts among {listed}; set {SOURCES_ENV} to a folder "
                          f"you can write to, for example {SOURCES_ENV}=$HOME/vn-dx-sources{os.pathsep}{DEFAULT_SOURCES}")


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
