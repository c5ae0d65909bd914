"""Kernels forked from a process that imported the notebooks' modules behave as fresh kernels."""

from __future__ import annotations

import os
import time

import nbformat
import pytest
from nbclient import NotebookClient

from analysis import paths
from analysis.run.forkserver import ForkServer, interpreter_of, kernelspec_argv, start_servers
from analysis.run.notebooks import start_kernel

KERNEL = "vn-dx"  # registered by the Makefile's venv step
PRELOAD = "import pandas as pd\nimport matplotlib.pyplot as plt\nimport analysis.report.plots"

# What a notebook can see of where and how its kernel started; each line prints one fact.
PROBE = [
    "import os, sys, pandas as pd\n"
    "print(pd.get_option('display.max_columns'), pd.get_option('display.width'))\n"
    "print(os.getcwd())\n"
    "print(os.environ.get('VN_DX_FORK_PROBE'))\n"
    "print(sys.argv[0].endswith('ipykernel_launcher.py'), os.getpid() == os.getpgid(0))",
    "import matplotlib.pyplot as plt\nplt.plot([1, 2], [2, 1]);",
    "import matplotlib\nprint(matplotlib.get_backend())",
    # the kernel knows the process that launched it (no "Ctrl-C will not work" note on the terminal)
    "import os\nfrom ipykernel.kernelapp import IPKernelApp\n"
    "print(IPKernelApp.instance().parent_handle == int(os.environ['JPY_PARENT_PID']) != 0)",
]


def run_probe(kernel) -> list[tuple[str, list[str]]]:
    """Each probe cell's printed text (stream messages joined: under load one print may come in
    parts) and the kinds of its other outputs."""
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_code_cell(source) for source in PROBE]
    try:
        NotebookClient(notebook, km=kernel.manager, timeout=120).execute()
    finally:
        kernel.close()
    return [("".join(o.get("text", "") for o in cell.outputs if o["output_type"] == "stream"),
             [o["output_type"] + ":" + ",".join(sorted(o.get("data", {}))) for o in cell.outputs
              if o["output_type"] != "stream"])
            for cell in notebook.cells]


@pytest.fixture
def server():
    argv = kernelspec_argv(KERNEL)
    assert argv, "the vn-dx kernelspec is missing: run `make venv`"
    server = ForkServer.start(argv, PRELOAD, paths.PROJECT_ROOT)
    assert server is not None, f"the vn-dx kernel command {argv} should be forkable"
    yield server
    server.close()


def test_a_forked_kernel_shows_what_a_fresh_kernel_shows(server, monkeypatch):
    monkeypatch.setenv("VN_DX_FORK_PROBE", "given by the parent")
    fresh = run_probe(start_kernel(KERNEL))
    forked = run_probe(start_kernel(KERNEL, server=server))
    assert forked[0][0].splitlines() == ["20 80", str(paths.PROJECT_ROOT), "given by the parent", "True True"]
    assert forked[1][1] == ["display_data:image/png,text/plain"]  # the inline backend shows the plot
    assert forked[2][0].strip() == "module://matplotlib_inline.backend_inline"
    assert forked[3][0].strip() == "True"
    assert forked == fresh


def test_a_closed_kernel_is_gone_and_so_is_a_closed_server(server):
    kernel = start_kernel(KERNEL, server=server)
    pid = kernel.manager.provisioner.pid
    assert pid != server.process.pid and os.path.exists(f"/proc/{pid}")
    kernel.close()
    deadline = time.monotonic() + 10
    while os.path.exists(f"/proc/{pid}") and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not os.path.exists(f"/proc/{pid}"), "a shut-down kernel must not stay behind"
    server.close()
    assert server.process.returncode is not None, "closing the server's input must stop it"


def test_only_a_python_ipykernel_command_is_forked(tmp_path):
    assert interpreter_of(["/v/bin/python", "-Xfrozen_modules=off", "-m", "ipykernel_launcher", "-f",
                           "{connection_file}"]) == ["/v/bin/python", "-Xfrozen_modules=off"]
    assert interpreter_of(["python3.11", "-m", "ipykernel_launcher", "-f", "{connection_file}"]) == ["python3.11"]
    assert interpreter_of(["R", "--slave", "-e", "IRkernel::main()", "--args", "{connection_file}"]) is None
    assert interpreter_of(["python", "-m", "other_kernel", "-f", "{connection_file}"]) is None
    assert start_servers({"no-such-kernel-here"}, "", tmp_path) == {"no-such-kernel-here": None}


def test_kernels_die_with_their_server(server):
    """A run killed with SIGKILL closes nothing: its server sees its input close and exits, and the
    kernels forked from it must not live on (they were left behind, 120 MB each)."""
    import signal

    kernel = start_kernel(KERNEL, server=server)
    pid = kernel.manager.provisioner.pid
    server.process.send_signal(signal.SIGKILL)  # as if the whole pipeline were killed
    server.process.wait()
    deadline = time.monotonic() + 10
    while os.path.exists(f"/proc/{pid}") and time.monotonic() < deadline:
        time.sleep(0.05)
    alive = os.path.exists(f"/proc/{pid}") and "zombie" not in open(f"/proc/{pid}/status").read()
    kernel.close()
    assert not alive, "a kernel outlived its fork server"
