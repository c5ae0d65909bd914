"""Ctrl-C: every command stops with one line and exit code 130, its notebook kernels shut down.

Python raises KeyboardInterrupt in the main thread only, and only when that thread runs Python
code. A notebook run waits on the kernel inside a C call (zmq), and the signal may reach one of
zmq's own threads: the interrupt would wait for the cell to end. So:

- the main thread never waits on a kernel itself: it runs such work in a worker thread
  (:func:`run_interruptibly`) or waits on futures with a timeout (the pipeline), and sees Ctrl-C
  within a tenth of a second;
- work that can be stopped registers how (:func:`stoppable`: a notebook run interrupts its kernel),
  and :func:`stop_all` stops it; a notebook cell does not start once Ctrl-C was pressed
  (:func:`refuse_if_interrupted`);
- ``python -m analysis`` turns the KeyboardInterrupt into :data:`MESSAGE` and exit code 130.

Every output is written to a temporary file and renamed (analysis.core.tables), so an interrupted run
leaves each file as it was or complete, never half-written. Only the standard library is imported.
"""

from __future__ import annotations

import contextlib
import itertools
import threading
from collections.abc import Callable, Iterator
from typing import TypeVar

#: The exit code of a command stopped by Ctrl-C (128 + SIGINT, as a shell reports it).
EXIT_CODE = 130
#: What a stopped command prints (after its name), on one line.
MESSAGE = ("interrupted (Ctrl-C): stopped, kernels shut down; every output file is whole (the previous "
           "one or the new one): run it again to finish")
#: How long the main thread waits between looks for Ctrl-C, in seconds.
POLL = 0.1
#: How long stopped work may take to wind down before the command exits anyway, in seconds.
GRACE = 30.0

T = TypeVar("T")

_pressed = threading.Event()
_lock = threading.Lock()
_stoppers: dict[int, Callable[[], object]] = {}
_keys = itertools.count()


class Interrupted(Exception):
    """Raised where work notices Ctrl-C (an ordinary exception, so libraries unwind cleanly); the
    command line reports it as KeyboardInterrupt."""


def pressed() -> bool:
    """Whether Ctrl-C was pressed during this command."""
    return _pressed.is_set()


def refuse_if_interrupted(*_args, **_kwargs) -> None:
    """Raise :class:`Interrupted` once Ctrl-C was pressed (a hook run before each notebook cell)."""
    if _pressed.is_set():
        raise Interrupted("interrupted (Ctrl-C)")


@contextlib.contextmanager
def stoppable(stop: Callable[[], object]) -> Iterator[None]:
    """Within the block, Ctrl-C calls ``stop`` (e.g. interrupt a kernel); refused if Ctrl-C came already."""
    with _lock:
        if _pressed.is_set():
            raise Interrupted("interrupted (Ctrl-C)")
        key = next(_keys)
        _stoppers[key] = stop
    try:
        yield
    finally:
        with _lock:
            _stoppers.pop(key, None)


def stop_all() -> None:
    """Ctrl-C was pressed: remember it, and stop every piece of work registered with :func:`stoppable`."""
    with _lock:
        _pressed.set()
        stops = list(_stoppers.values())
    for stop in stops:
        try:
            stop()
        except Exception:  # a kernel already gone: nothing left to stop
            pass


def run_interruptibly(function: Callable[..., T], *args, **kwargs) -> T:
    """``function(*args, **kwargs)``, run in a worker thread while the main thread watches for Ctrl-C.

    On Ctrl-C: :func:`stop_all`, wait (up to :data:`GRACE` seconds, or a second Ctrl-C) for the work
    to wind down, and raise KeyboardInterrupt. Off the main thread, ``function`` simply runs.
    """
    if threading.current_thread() is not threading.main_thread():
        return function(*args, **kwargs)
    outcome: dict[str, object] = {}
    # an Event, not Thread.join: a join that Ctrl-C interrupts may mark a running thread as ended (CPython 3.11)
    done = threading.Event()

    def work() -> None:
        try:
            outcome["value"] = function(*args, **kwargs)
        except BaseException as err:  # handed to the main thread
            outcome["error"] = err
        finally:
            done.set()

    threading.Thread(target=work, name="analysis-work", daemon=True).start()
    try:
        while not done.wait(POLL):
            pass
    except KeyboardInterrupt:
        stop_all()
        wind_down(done.wait)
        raise
    if "error" in outcome:
        error = outcome["error"]
        if isinstance(error, Interrupted):
            raise KeyboardInterrupt from None
        raise error  # type: ignore[misc]
    return outcome["value"]  # type: ignore[return-value]


def wind_down(wait: Callable[[float], object]) -> None:
    """Give stopped work :data:`GRACE` seconds to end (``wait(timeout)``); a second Ctrl-C stops waiting."""
    try:
        wait(GRACE)
    except KeyboardInterrupt:
        pass
