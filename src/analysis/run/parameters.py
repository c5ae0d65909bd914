"""Notebook parameters: a name the notebook does not declare is an error, never a warning.

papermill injects the parameters it is given as a cell of assignments (``# Parameters``, then
``name = value``) right after the cell tagged ``parameters``, and only logs a warning for a name that
cell does not assign: ``-p outptu_dir /tmp/out`` runs the notebook with its default ``output_dir``
and overwrites the committed files. Two checks close that gap:

- ``python -m analysis run`` compares the names with the notebook's parameters cell before a
  kernel starts (:func:`analysis.run.notebooks.check_parameters`);
- every parameterized notebook calls :func:`refuse_unknown_parameters` in the cell right after its
  parameters cell, so that plain ``papermill … -p outptu_dir …`` stops there, before anything is written.

Nothing heavy is imported (the standard library, :mod:`analysis.core.errors`): the check runs in every
notebook's kernel.
"""

from __future__ import annotations

import ast
import difflib
from collections.abc import Iterable

from analysis.core.errors import quote

#: The first line of the cell papermill injects (its Python translator's comment); a notebook's own
#: parameters cell must not start with exactly this line (``# Parameters (papermill)`` is fine).
INJECTED_HEADER = "# Parameters"


class UnknownParameterError(ValueError):
    """A parameter the notebook does not declare: a typo that would otherwise be silently ignored."""


def assigned_names(source: str) -> list[str]:
    """The names a cell assigns at its top level, in order (``a = 1``, ``b: str = ""``); [] if it is not Python."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return []
    names: list[str] = []
    for node in tree.body:
        targets = node.targets if isinstance(node, ast.Assign) else [node.target] if isinstance(
            node, ast.AnnAssign) else []
        names += [t.id for t in targets if isinstance(t, ast.Name)]
    return list(dict.fromkeys(names))


def unknown_parameters(given: Iterable[str], declared: Iterable[str], where: str = "this notebook") -> str | None:
    """The message for the names of ``given`` that ``declared`` lacks (each with the closest declared
    name), or None when every name is declared."""
    declared = list(declared)
    unknown = [name for name in given if name not in declared]
    if not unknown:
        return None
    parts = []
    for name in unknown:
        close = difflib.get_close_matches(name, declared, n=1, cutoff=0.6)
        parts.append(quote(name) + (f" (did you mean {close[0]!r}?)" if close else ""))
    noun = "parameter" if len(unknown) == 1 else "parameters"
    return f"unknown {noun} {', '.join(parts)}; the parameters of {where}: {', '.join(declared) or '(none)'}"


def check_injected(history: list[str]) -> None:
    """Raise :class:`UnknownParameterError` where the cell run just before the current one (the last of
    ``history``) is papermill's injected cell and assigns a name that the cell before it (the
    notebook's parameters cell) does not. Any other history (nbval, JupyterLab, no parameters) passes."""
    __tracebackhide__ = True
    if len(history) < 3:
        return
    declared, injected = history[-3], history[-2]
    if injected.split("\n", 1)[0].rstrip() != INJECTED_HEADER:
        return
    message = unknown_parameters(assigned_names(injected), assigned_names(declared))
    if message:
        raise UnknownParameterError(f"{message}; stopped before writing anything")


def refuse_unknown_parameters() -> None:
    """In a notebook, the cell after the parameters cell: fail if papermill was given a parameter this
    notebook does not declare (read from the kernel's input history), before anything is written."""
    __tracebackhide__ = True  # IPython shows the message, not this frame
    try:
        from IPython import get_ipython
    except ImportError:
        return
    shell = get_ipython()
    if shell is not None:
        check_injected(list(shell.history_manager.input_hist_raw))
