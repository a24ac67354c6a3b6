"""Worker processes that die with their parent, whatever kills it.

A query worker (``python -m kg.guard``) evaluating a cross product in Rust, or a build
worker extracting a long report, never looks at its input while it works, so it cannot
notice that its parent is gone. Two mechanisms make sure it goes too:

* on Linux the child asks the kernel for ``SIGKILL`` when its parent dies
  (``prctl(PR_SET_PDEATHSIG)`` through :mod:`ctypes`), which works however busy the child
  is and whatever signal (``KILL``, ``TERM``, ``HUP`` …) ended the parent;
* elsewhere a daemon thread of the child polls its parent's process id and exits when the
  child has been handed to another parent.

The kernel sends the parent-death signal when the *thread* that started the child ends,
not the process. Children started from short-lived threads (the endpoint answers each
request in its own thread, and replaces a killed worker from there) are therefore started
by :func:`spawn`, which runs :class:`subprocess.Popen` in one thread that lives as long as
the process.
"""

from __future__ import annotations

import ctypes
import os
import queue
import resource
import signal
import subprocess
import sys
import threading
from concurrent.futures import Future
from typing import Any

__all__ = ["die_with_parent", "spawn", "limit_memory"]

_PR_SET_PDEATHSIG = 1


def die_with_parent(parent_pid: int) -> None:
    """In a child process: be killed when the process ``parent_pid`` dies.

    Exits at once if the parent is already gone (it died before this call).
    """
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0)
        except (OSError, AttributeError):  # pragma: no cover - no prctl: the thread below
            _watch(parent_pid)
    else:  # pragma: no cover - not Linux
        _watch(parent_pid)
    if os.getppid() != parent_pid:
        os._exit(1)


def _watch(parent_pid: int) -> None:  # pragma: no cover - not Linux
    def run() -> None:
        while os.getppid() == parent_pid:
            threading.Event().wait(0.5)
        os._exit(1)

    threading.Thread(target=run, name="povkg-lifeline", daemon=True).start()


def limit_memory(extra_bytes: int | None) -> None:
    """Cap this process's address space at what it uses now plus ``extra_bytes``.

    Past the cap an allocation fails: Python raises :class:`MemoryError`, native code
    (Oxigraph) aborts the process. Does nothing where ``RLIMIT_AS`` is not available.
    """
    if not extra_bytes:
        return
    try:
        with open("/proc/self/statm", encoding="ascii") as f:
            used = int(f.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError):  # pragma: no cover - no /proc
        used = 0
    try:
        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        cap = used + int(extra_bytes)
        if hard != resource.RLIM_INFINITY:
            cap = min(cap, hard)
        resource.setrlimit(resource.RLIMIT_AS, (cap, hard))
    except (ValueError, OSError):  # pragma: no cover - not allowed here
        pass


_requests: queue.Queue[tuple[tuple[Any, ...], dict[str, Any], Future[subprocess.Popen[bytes]]]] = queue.Queue()
_spawner: threading.Thread | None = None
_spawner_lock = threading.Lock()


def _spawn_loop() -> None:
    while True:
        args, kwargs, fut = _requests.get()
        if not fut.set_running_or_notify_cancel():
            continue
        try:
            fut.set_result(subprocess.Popen(*args, **kwargs))
        except BaseException as exc:  # noqa: BLE001 - handed to the caller
            fut.set_exception(exc)


def spawn(*args: Any, **kwargs: Any) -> subprocess.Popen[bytes]:
    """:class:`subprocess.Popen` run in a thread that lives as long as this process.

    A child that calls :func:`die_with_parent` then dies with this process, not with the
    (possibly short-lived) thread that asked for it.
    """
    global _spawner
    with _spawner_lock:
        if _spawner is None or not _spawner.is_alive():
            _spawner = threading.Thread(target=_spawn_loop, name="povkg-spawner", daemon=True)
            _spawner.start()
    fut: Future[subprocess.Popen[bytes]] = Future()
    _requests.put((args, kwargs, fut))
    return fut.result()
