"""Running the parameterized notebooks: papermill in this process, outputs kept, volatile metadata dropped.

The committed notebooks carry the outputs of their default parameters and must be byte-identical
after every run, so the timings papermill and nbclient record are removed before saving.
"""

from __future__ import annotations

import sys
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# nbformat and papermill import jsonschema, which imports rfc3987_syntax when it is installed (it is,
# for JupyterLab) to check "iri" formats: that import compiles a grammar for about a second, and no
# notebook schema has such a format. Marking it absent saves that second in every run.
sys.modules.setdefault("rfc3987_syntax", None)

from analysis import paths

#: Metadata keys that change on every run (timestamps, durations, the machine's paths).
VOLATILE_NOTEBOOK_KEYS = ("papermill",)
VOLATILE_CELL_KEYS = ("papermill", "execution")
#: A cell with this tag shows an article's text: its outputs are shown in JupyterLab but never saved,
#: so no article enters the repository (tag it ``nbval-ignore-output`` too, for strict nbval).
ARTICLE_TEXT_TAG = "article-text"


def strip_volatile(notebook: Any) -> Any:
    """Remove run timings, and the outputs of cells that show an article's text, in place; return it."""
    for key in VOLATILE_NOTEBOOK_KEYS:
        notebook.metadata.pop(key, None)
    for cell in notebook.cells:
        for key in VOLATILE_CELL_KEYS:
            cell.metadata.pop(key, None)
        if ARTICLE_TEXT_TAG in cell.metadata.get("tags", []) and cell.cell_type == "code":
            cell.outputs = []
    return notebook


def imports_of(notebook: str | Path) -> str:
    """The import statements of a notebook's code cells, in order: what a kernel may run before the notebook.

    Importing the notebook's own modules ahead changes none of its outputs (it imports them again,
    at no cost), and takes that time off the notebook's run.
    """
    import ast
    import json

    lines: list[str] = []
    for cell in json.loads(Path(notebook).read_text(encoding="utf-8"))["cells"]:
        if cell["cell_type"] != "code" or "parameters" in cell.get("metadata", {}).get("tags", []):
            continue
        source = cell["source"] if isinstance(cell["source"], str) else "".join(cell["source"])
        try:
            tree = ast.parse(source)
        except SyntaxError:  # IPython magics: this cell's imports are left to the notebook
            continue
        lines += [ast.unparse(node) for node in tree.body if isinstance(node, (ast.Import, ast.ImportFrom))]
    return "\n".join(dict.fromkeys(lines))


@dataclass
class Kernel:
    """A started kernel on a private IPC socket folder; :meth:`close` shuts it down and removes the folder."""

    manager: Any
    sockets: str

    def close(self) -> None:
        import shutil

        if self.manager.has_kernel:
            self.manager.shutdown_kernel(now=True)
        shutil.rmtree(self.sockets, ignore_errors=True)


def start_kernel(name: str, preload: str = "", server: Any = None) -> Kernel:
    """Start kernel ``name`` in the project root, talking over IPC (no TCP port); run ``preload`` silently.

    With ``server`` (a :class:`~analysis.run.forkserver.ForkServer`), the kernel is forked from it
    rather than started as a new process.
    """
    import os
    import tempfile
    import uuid

    from jupyter_client import KernelManager

    sockets = tempfile.mkdtemp(prefix="vn-dx-kernel-")
    kernel = Kernel(KernelManager(kernel_name=name, transport="ipc", ip=os.path.join(sockets, "kernel")), sockets)
    if server is not None:
        kernel.manager.kernel_id = str(uuid.uuid4())
        kernel.manager.provisioner = server.provisioner(kernel.manager, preload)
    try:
        # As papermill's kernels (nbclient's default): history in memory, no sqlite file shared by kernels.
        kernel.manager.start_kernel(cwd=str(paths.PROJECT_ROOT), extra_arguments=["--HistoryManager.hist_file=:memory:"])
        if preload:
            client = kernel.manager.client()
            client.start_channels()
            try:
                client.wait_for_ready(timeout=60)
                client.execute_interactive(preload, silent=True, store_history=False, timeout=300)
            finally:
                client.stop_channels()
    except BaseException:
        kernel.close()
        raise
    return kernel


class KernelPool:
    """Kernels started ahead of time, two at a time, each with its notebook's imports done; one per run.

    ``make report`` knows which notebooks it will run: their kernels start while validation and
    earlier notebooks run, so a notebook waits for its own work only. With fork servers
    (:mod:`analysis.run.forkserver`) a kernel is a fork of a process that has imported the notebooks'
    modules once, instead of a new process that imports them again. A kernel is used once, as
    papermill would start it; kernels not taken are shut down by :meth:`close`.
    """

    def __init__(self, workers: int = 2, servers: dict[str, Any] | None = None) -> None:
        """``servers``: kernelspec name → :class:`~analysis.run.forkserver.ForkServer` (or None) from
        :func:`~analysis.run.forkserver.start_servers`; the pool forks its kernels from them and stops them on :meth:`close`."""
        from concurrent.futures import ThreadPoolExecutor

        self._executor = ThreadPoolExecutor(max_workers=max(1, workers), thread_name_prefix="kernel")
        self._waiting: dict[str, Any] = {}
        self._lock = threading.Lock()
        self._servers = dict(servers or {})
        self._executor.submit(_import_papermill)  # while kernels start: the first run then starts at once


    def warm(self, key: str, notebook: Path, preload: str | None = None) -> None:
        """Start a kernel for ``notebook`` (taken under ``key``), with ``preload`` run (default: its imports)."""
        preload = imports_of(notebook) if preload is None else preload
        name = kernel_name(notebook)
        with self._lock:
            self._waiting[key] = self._executor.submit(start_kernel, name, preload, self._servers.get(name))

    def take(self, key: str) -> Kernel | None:
        """The kernel warmed under ``key`` (waiting for it if need be), or None (the run starts its own)."""
        with self._lock:
            future = self._waiting.pop(key, None)
        if future is None:
            return None
        try:
            return future.result()
        except Exception:  # a kernel that failed to warm up: the notebook starts its own, as without a pool
            return None

    def close(self) -> None:
        with self._lock:
            waiting, self._waiting = list(self._waiting.values()), {}
        for future in waiting:
            if future.cancel():
                continue
            try:
                future.result().close()
            except Exception:
                pass
        self._executor.shutdown(wait=True)
        for server in self._servers.values():
            if server is not None:
                server.close()


def _import_papermill() -> None:
    import papermill  # noqa: F401


def kernel_name(notebook: str | Path) -> str:
    """The kernelspec a notebook asks for (``vn-dx`` for the project's), ``python3`` when it names none."""
    import json

    metadata = json.loads(Path(notebook).read_text(encoding="utf-8")).get("metadata", {})
    return metadata.get("kernelspec", {}).get("name", "python3")


def execute(notebook: str | Path, output: str | Path | None = None,
            parameters: dict[str, Any] | None = None, kernel: Kernel | None = None) -> Path:
    """Execute ``notebook`` with papermill and save it (by default over itself) without volatile metadata.

    Runs from the project root, like ``make``; the notebooks anchor their paths there anyway. The
    kernel (``kernel``, started ahead by a :class:`KernelPool`, else a new one) talks over a private IPC socket (no TCP port,
    no warning about unencrypted TCP) and is shut down afterwards. The notebook is written
    atomically: a run killed midway leaves the previous file whole.
    """
    import nbformat
    import papermill

    from analysis.run import interrupt
    from analysis.core.tables import write_text_atomic

    source = paths.resolve(notebook)
    target = paths.resolve(output) if output is not None else source
    kernel = kernel or start_kernel(kernel_name(source))
    try:
        with interrupt.stoppable(kernel.manager.interrupt_kernel):  # Ctrl-C interrupts the running cell
            executed = papermill.execute_notebook(
                str(source), None, parameters=parameters or {}, progress_bar=False, cwd=str(paths.PROJECT_ROOT),
                km=kernel.manager, on_cell_start=interrupt.refuse_if_interrupted,  # and starts no other
            )
    finally:
        kernel.close()
    write_text_atomic(nbformat.writes(strip_volatile(executed)) + "\n", target)
    return target


class NotebookError(ValueError):
    """A path given as a notebook that is not one (missing, a folder, not JSON, not nbformat 4)."""


def read_notebook(path: str | Path) -> nbformat.NotebookNode:
    """The notebook at ``path``, or :class:`NotebookError` saying in one line why it is not one."""
    import nbformat

    from analysis.core.errors import shorten

    path = Path(path)
    if not path.exists():
        raise NotebookError(f"{path}: no such notebook (give the path of an .ipynb file)")
    if path.is_dir():
        raise NotebookError(f"{path}: a folder, not a notebook (give the path of an .ipynb file)")
    try:
        notebook = nbformat.read(str(path), as_version=4)
        nbformat.validate(notebook)
    except OSError as err:
        raise NotebookError(f"{path}: cannot be read ({err.strerror or err})") from None
    except Exception as err:  # nbformat's many ways to say "not a notebook": JSON, version, schema
        reason = shorten(" ".join(str(err).split()) or type(err).__name__)
        raise NotebookError(f"{path}: not a Jupyter notebook ({reason})") from None
    return notebook


def parameter_names(notebook: nbformat.NotebookNode) -> list[str] | None:
    """The names the cell tagged ``parameters`` assigns, or None where the notebook has no such cell."""
    from analysis.run.parameters import assigned_names

    for cell in notebook.cells:
        if cell.cell_type == "code" and "parameters" in cell.metadata.get("tags", []):
            return assigned_names(cell.source)
    return None


def check_parameters(path: str | Path, parameters: dict[str, Any]) -> None:
    """Refuse, before any kernel starts, a parameter that ``path``'s parameters cell does not declare
    (:class:`~analysis.run.parameters.UnknownParameterError`), or a path that is not a notebook (:class:`NotebookError`)."""
    from analysis.run.parameters import UnknownParameterError, unknown_parameters

    declared = parameter_names(read_notebook(path))
    if parameters and declared is None:
        raise UnknownParameterError(f"{path} has no cell tagged 'parameters': it takes no parameters "
                                    f"({', '.join(parameters)} given); nothing was run")
    message = unknown_parameters(parameters, declared or [])
    if message:
        raise UnknownParameterError(f"{path}: {message}; nothing was run")
