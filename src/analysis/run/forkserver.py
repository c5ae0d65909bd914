"""Kernels forked from one process that has already imported what the notebooks import.

Every notebook run of ``make report`` used to pay for a new Python process, ipykernel, and the
imports of pandas, pandera, matplotlib and seaborn: 1.5–2 s of CPU each, five times on two cores.
A fork server pays that once. It imports the notebooks' modules while it waits on a Unix socket;
each kernel is a fork of it, made once the modules of its notebook are imported, that starts
ipykernel exactly as ``python -m ipykernel_launcher -f FILE`` would, in a session of its own, in the folder and with the environment jupyter_client asks for.
Importing a module ahead runs no notebook code, so the outputs are those of a fresh kernel (strict
nbval checks them). The server is single-threaded until it forks, and exits when the process that
started it closes its standard input or dies; a kernel is killed when its server exits (Linux's
parent-death signal), so no kernel outlives a killed run.

:class:`analysis.run.notebooks.KernelPool` uses it for ``make report``; JupyterLab, papermill and
``python -m analysis run`` start kernels the usual way.
"""

from __future__ import annotations

import functools
import json
import os
import select
import signal
import socket
import subprocess
import sys
from pathlib import Path
from typing import Any

#: What ipykernel sets when MPLBACKEND is unset; the server sets it before importing matplotlib so
#: that the backend matplotlib reads at import is the one a fresh kernel would read.
INLINE_BACKEND = "module://matplotlib_inline.backend_inline"
LAUNCHER = "ipykernel_launcher"


class ForkServer:
    """A server process that forks kernels; :meth:`close` stops it. Started by :meth:`start`."""

    def __init__(self, interpreter: list[str], process: subprocess.Popen, address: str) -> None:
        self.interpreter = interpreter  # the kernel command before ``-m ipykernel_launcher``
        self.process = process
        self.address = address

    @classmethod
    def start(cls, kernel_argv: list[str], preload: str, cwd: str | Path) -> ForkServer | None:
        """Start a server for kernels launched by ``kernel_argv`` (a kernelspec's argv), or None when
        that command is not ``PYTHON [FLAGS] -m ipykernel_launcher -f {connection_file}``."""
        interpreter = interpreter_of(kernel_argv)
        if interpreter is None:
            return None
        import tempfile

        folder = tempfile.mkdtemp(prefix="vn-dx-fork-")
        address = os.path.join(folder, "server")
        listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        listener.bind(address)
        listener.listen(16)  # bound here, before the server runs: a kernel can be asked for at once
        try:
            process = subprocess.Popen(
                [*interpreter, "-m", "analysis.run.forkserver", str(listener.fileno()), preload],
                stdin=subprocess.PIPE, cwd=str(cwd), pass_fds=[listener.fileno()],
            )
        finally:
            listener.close()
        return cls(interpreter, process, address)

    def fork(self, argv: list[str], env: dict[str, str], cwd: str, needs: str = "") -> int:
        """Ask for a kernel run as ``python -m ipykernel_launcher ARGV``, forked once the server has
        run the import statements ``needs``; its process id."""
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as client:
            client.connect(self.address)
            client.sendall(json.dumps({"argv": argv, "env": env, "cwd": cwd, "needs": statements(needs)}).encode())
            client.shutdown(socket.SHUT_WR)
            answer = b"".join(iter(lambda: client.recv(4096), b""))
        if not answer:
            raise RuntimeError("the kernel fork server stopped before starting a kernel")
        return int(json.loads(answer)["pid"])

    def provisioner(self, manager: Any, needs: str = "") -> Any:
        """A jupyter_client provisioner for ``manager`` that launches its kernel by :meth:`fork`
        (``needs``: the import statements its notebook runs)."""
        provisioner = _provisioner_class()(kernel_id=manager.kernel_id, kernel_spec=manager.kernel_spec, parent=manager)
        provisioner.server, provisioner.needs = self, needs
        return provisioner

    def close(self) -> None:
        import shutil

        if self.process.stdin is not None:
            self.process.stdin.close()  # the server's signal to stop
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        shutil.rmtree(os.path.dirname(self.address), ignore_errors=True)


def kernelspec_argv(name: str) -> list[str] | None:
    """The ``argv`` of kernelspec ``name`` as jupyter_client would find it, without importing jupyter_client."""
    from jupyter_core.paths import jupyter_path

    for folder in jupyter_path("kernels"):
        spec = Path(folder) / name / "kernel.json"
        if spec.is_file():
            return list(json.loads(spec.read_text(encoding="utf-8")).get("argv") or []) or None
    return None


def start_servers(names: set[str], preload: str, cwd: str | Path) -> dict[str, ForkServer | None]:
    """A fork server per kernelspec in ``names`` (None where a kernel cannot be forked: it starts as usual)."""
    servers: dict[str, ForkServer | None] = {}
    for name in sorted(names):
        argv = kernelspec_argv(name)
        try:
            servers[name] = ForkServer.start(argv, preload, cwd) if argv else None
        except OSError:
            servers[name] = None
    return servers


def interpreter_of(kernel_argv: list[str]) -> list[str] | None:
    """``[python, flags…]`` of a kernel command ``python [flags] -m ipykernel_launcher -f {connection_file}``."""
    try:
        at = kernel_argv.index("-m")
    except ValueError:
        return None
    if kernel_argv[at + 1:] != [LAUNCHER, "-f", "{connection_file}"] or not Path(kernel_argv[0]).name.startswith("python"):
        return None
    return list(kernel_argv[:at])


class ForkedProcess:
    """What jupyter_client expects of a kernel's ``Popen``, for a process the server forked (not our child)."""

    stdin = stdout = stderr = None

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.returncode: int | None = None
        try:
            self._handle: int | None = os.pidfd_open(pid)
        except ProcessLookupError:  # already gone
            self._handle, self.returncode = None, 1

    def _exited(self, timeout: float | None) -> bool:
        if self.returncode is not None:
            return True
        assert self._handle is not None
        if not select.select([self._handle], [], [], timeout)[0]:
            return False
        os.close(self._handle)
        self._handle, self.returncode = None, 0  # the server reaps it; its status is not ours to read
        return True

    def poll(self) -> int | None:
        return self.returncode if self._exited(0) else None

    def wait(self, timeout: float | None = None) -> int:
        if not self._exited(timeout):
            raise subprocess.TimeoutExpired(f"kernel {self.pid}", timeout)
        return self.returncode  # type: ignore[return-value]

    def send_signal(self, signum: int) -> None:
        if self.returncode is None:
            try:
                os.kill(self.pid, signum)
            except ProcessLookupError:  # already gone (killed with its server): nothing to signal
                self._exited(None)

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM)


@functools.cache
def _provisioner_class() -> type:
    from jupyter_client.provisioning import LocalProvisioner

    class ForkProvisioner(LocalProvisioner):  # type: ignore[misc]
        """LocalProvisioner whose kernel is forked by a :class:`ForkServer` instead of executed."""

        server: ForkServer
        needs: str

        async def launch_kernel(self, cmd: list[str], **kwargs: Any) -> Any:
            interpreter = list(cmd[: len(self.server.interpreter)])
            if interpreter != self.server.interpreter or cmd[len(interpreter):len(interpreter) + 2] != ["-m", LAUNCHER]:
                return await super().launch_kernel(cmd, **kwargs)
            cwd = str(kwargs.get("cwd") or os.getcwd())
            env = dict(kwargs.get("env") or os.environ)
            env.setdefault("JPY_PARENT_PID", str(os.getpid()))  # as jupyter_client's launcher sets it
            pid = self.server.fork(list(cmd[len(interpreter) + 2:]), env, cwd, self.needs)
            self.process = ForkedProcess(pid)
            self.pid, self.pgid, self.cwd = pid, pid, cwd  # the kernel leads a session of its own
            return self.connection_info

    return ForkProvisioner


class _KernelLike:
    """What ``get_ipython()`` answers, for a library's import-time look, while the server imports."""

    kernel = None


KERNEL_IMPORT = "import ipykernel.kernelapp"


def statements(preload: str) -> list[str]:
    """``preload``'s statements, one per line, in order, each once."""
    return list(dict.fromkeys(line.strip() for line in preload.splitlines() if line.strip()))


def _import(statement: str) -> None:
    """Run one import statement as a fresh kernel would see it run."""
    import builtins

    # Libraries that look at their surroundings when imported must see a Jupyter kernel, as they
    # would in a fresh one: pandas, for one, shows 20 columns in a kernel but fits the terminal's
    # width elsewhere. They ask ``get_ipython()`` whether it has a ``kernel``.
    builtins.get_ipython = _KernelLike  # type: ignore[attr-defined]
    try:
        exec(compile(statement, "<notebook imports>", "exec"), {"__name__": "__preload__"})
    except Exception:  # the notebook that needs it fails on its own import, with its own message
        pass
    finally:
        del builtins.get_ipython  # type: ignore[attr-defined]


def serve(listener: socket.socket, preload: str) -> None:
    """The server's loop: fork a kernel per request until standard input closes, importing ``preload`` between requests.

    A request names the statements its notebook imports: the server runs those it has not run yet,
    then forks, so the first notebook waits for its own imports only, not for every notebook's;
    the rest are imported while that kernel works, before the next requests come.
    """
    os.environ.setdefault("MPLBACKEND", INLINE_BACKEND)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is for the pipeline, which then closes our input
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # kernels are reaped by the system
    pending, done = [KERNEL_IMPORT, *statements(preload)], set()

    def run(statement: str) -> None:
        if statement not in done:
            _import(statement)
            done.add(statement)

    while True:
        readable, _, _ = select.select([listener, sys.stdin], [], [], 0 if pending else None)
        if sys.stdin in readable and not os.read(sys.stdin.fileno(), 4096):
            return
        if listener not in readable:
            if pending:
                run(pending.pop(0))
            continue
        connection, _ = listener.accept()
        with connection:
            request = json.loads(b"".join(iter(lambda: connection.recv(65536), b"")))
            for statement in [KERNEL_IMPORT, *request.get("needs", [])]:
                run(statement)
            server = os.getpid()
            pid = os.fork()
            if pid == 0:
                listener.close()
                connection.close()
                _die_with(server)
                _become_kernel(request)
            connection.sendall(json.dumps({"pid": pid}).encode())


def _die_with(server: int) -> None:
    """In a forked kernel: be killed when the server exits (the server exits when its pipeline does).

    A kernel left behind by a killed run would otherwise live on: where orphans are adopted by a
    subreaper rather than by init, ipykernel's parent poller never notices. Linux only; elsewhere
    kernels rely on the poller.
    """
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        return
    if os.getppid() != server:  # the server died before the call: nobody will signal us
        os._exit(1)


def _become_kernel(request: dict) -> None:
    """In the forked child: become ``python -m ipykernel_launcher ARGV``; never returns."""
    code = 1
    try:
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        signal.signal(signal.SIGINT, signal.default_int_handler)
        os.setsid()
        devnull = os.open(os.devnull, os.O_RDONLY)
        os.dup2(devnull, 0)
        os.close(devnull)
        os.chdir(request["cwd"])
        os.environ.clear()
        os.environ.update(request["env"])
        backend = os.environ.get("MPLBACKEND") or INLINE_BACKEND
        if "matplotlib" in sys.modules and sys.modules["matplotlib"].rcParams._get("backend") != backend:
            sys.modules["matplotlib"].rcParams["backend"] = backend
        import ipykernel_launcher  # noqa: F401  (what ``-m`` would run; it only calls the line below)
        from ipykernel import kernelapp

        sys.argv = [ipykernel_launcher.__file__, *request["argv"]]
        if os.environ.get("JPY_PARENT_PID"):  # the trait's default was read from the server's environment at import
            sys.argv.append(f"--IPKernelApp.parent_handle={int(os.environ['JPY_PARENT_PID'])}")
        kernelapp.launch_new_instance()
        code = 0
    except SystemExit as stop:
        code = stop.code if isinstance(stop.code, int) else (0 if stop.code is None else 1)
    except BaseException:
        import traceback

        traceback.print_exc()
    finally:
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except Exception:
                pass
        os._exit(code)


if __name__ == "__main__":
    serve(socket.socket(fileno=int(sys.argv[1])), sys.argv[2])
