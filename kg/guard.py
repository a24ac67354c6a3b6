"""Query limits that really stop a query: a timeout and a result-size cap.

Oxigraph evaluates a query in Rust and offers no way to cancel it from Python, so a timeout
that only stopped *waiting* would leave a pathological query burning a core for ever. Here
a query with a timeout runs in a worker process, which is killed when the time is up:

* an Oxigraph store on disk gets one long-lived worker that opens the folder read-only (as
  ``povkg query`` and ``povkg serve`` do, so it also reads while a build writes) and is
  replaced after a kill;
* a store in memory is forked for each query (the child sees the same data, copy-on-write);
* an endpoint gets the timeout on its HTTP request; stopping the evaluation is the server's
  business (``oxigraph serve --timeout-s``, Fuseki's ``arq:queryTimeout`` …).

The result-size cap needs no process: the stores stop reading at the first row past it.
Both raise subclasses of :class:`~kg.errors.QueryError` (exit code 3 in the CLI):
:class:`~kg.errors.QueryTimeout` and :class:`~kg.errors.ResultTooLarge`.

Examples
--------
>>> guarded = GuardedStore(sample_store, max_rows=5)
>>> guarded.select("SELECT ?s WHERE { ?s ?p ?o }")
Traceback (most recent call last):
...
kg.errors.ResultTooLarge: the query gives more than 5 rows (the result-size limit); narrow it
>>> len(guarded.select("SELECT ?s WHERE { ?s ?p ?o } LIMIT 5"))
5
"""

from __future__ import annotations

import math
import multiprocessing as mp
import os
import subprocess
import sys
import threading
from collections.abc import Mapping
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from rdflib import Graph
from rdflib.term import Identifier

from kg import errors
from kg.errors import KgError, QueryError, QueryTimeout, StoreError, UsageError, WorkerLost
from kg.lifeline import die_with_parent, limit_memory, spawn
from kg.query import Results
from kg.store import EndpointStore, MemoryStore, OxigraphStore, refuse_federation

__all__ = ["GuardedStore", "check_limits"]

#: Seconds a new worker may take to start and open the store (not counted in the timeout).
WORKER_START_S = 60.0


def check_limits(timeout: float | None, max_rows: int | None) -> None:
    """Raise :class:`~kg.errors.UsageError` unless both limits are None or positive."""
    if timeout is not None and not (
        isinstance(timeout, (int, float)) and math.isfinite(timeout) and timeout > 0
    ):
        raise UsageError(f"timeout must be a positive number of seconds, not {timeout!r}")
    if max_rows is not None and not (isinstance(max_rows, int) and max_rows > 0):
        raise UsageError(f"max_rows must be a positive integer, not {max_rows!r}")


# --- what travels between the processes ------------------------------------------------------
def _pack(method: str, out: object) -> object:
    if method == "select":
        assert isinstance(out, Results)
        return (out.vars, [r.terms for r in out.rows])
    if method == "construct":
        assert isinstance(out, Graph)
        return list(out)
    return bool(out)


def _unpack(method: str, data: Any) -> Any:
    if method == "select":
        names, rows = data
        return Results(names, rows, normalised=True)
    if method == "construct":
        g = Graph()
        for t in data:
            g.add(t)
        return g
    return bool(data)


def _answer(store: Any, method: str, query: str, bindings: Any, cap: int | None) -> tuple[Any, ...]:
    try:
        kwargs = {} if method == "ask" else {"max_rows": cap}
        return ("ok", _pack(method, getattr(store, method)(query, bindings, **kwargs)))
    except KgError as exc:
        return ("err", type(exc).__name__, str(exc))
    except Exception as exc:  # noqa: BLE001 - reported to the parent, never lost
        return ("err", "QueryError", f"query failed: {type(exc).__name__}: {exc}")


def _worker_main(path: str, parent_pid: int, max_memory: int) -> None:  # pragma: no cover - a child
    """A long-lived worker: open the store read-only, then answer queries until EOF.

    Requests and answers are pickled frames on stdin and stdout (``python -m kg.guard PATH
    PARENT_PID MAX_MEMORY``); anything else the child prints goes to stderr. The worker dies
    with its parent (:func:`kg.lifeline.die_with_parent`) and may use ``MAX_MEMORY`` bytes
    beyond what the open store takes (0: no ceiling).
    """
    die_with_parent(parent_pid)
    conn_in = Connection(os.dup(0), writable=False)
    conn_out = Connection(os.dup(1), readable=False)
    sys.stdout = sys.stderr
    try:
        store = OxigraphStore(path, read_only=True)
    except KgError as exc:
        conn_out.send(("err", type(exc).__name__, str(exc)))
        return
    limit_memory(max_memory)
    conn_out.send(("ready",))
    while True:
        try:
            method, query, bindings, cap = conn_in.recv()
        except (EOFError, OSError):
            return
        conn_out.send(_answer(store, method, query, bindings, cap))


def _fork_main(
    conn: Connection, store: Any, msg: tuple[Any, ...], parent_pid: int, max_memory: int | None
) -> None:  # pragma: no cover - a child
    die_with_parent(parent_pid)
    limit_memory(max_memory)
    conn.send(_answer(store, *msg))
    conn.close()


def _raise(reply: tuple[Any, ...]) -> None:
    kind = getattr(errors, reply[1], QueryError)
    raise kind(reply[2])


class _Worker:
    """One worker process (``python -m kg.guard PATH``) over a store folder.

    A plain subprocess, not :mod:`multiprocessing`'s spawn, which would re-run the
    caller's main script in the child.
    """

    def __init__(self, path: str, max_memory: int | None = None) -> None:
        root = str(Path(__file__).resolve().parent.parent)
        env = {
            **os.environ,
            "PYTHONPATH": os.pathsep.join(filter(None, [root, os.environ.get("PYTHONPATH")])),
            "RUST_BACKTRACE": "0",  # a worker past its memory ceiling dies with one line, no backtrace
        }
        argv = [sys.executable, "-m", "kg.guard", path, str(os.getpid()), str(max_memory or 0)]
        self.proc = spawn(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env)
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.send = Connection(os.dup(self.proc.stdin.fileno()), readable=False)
        self.conn = Connection(os.dup(self.proc.stdout.fileno()), writable=False)
        self.proc.stdin.close()
        self.proc.stdout.close()
        if not self.conn.poll(WORKER_START_S):
            self.kill()
            raise StoreError(f"the query worker did not open {path} within {WORKER_START_S:g} s")
        try:
            reply = self.conn.recv()
        except (EOFError, OSError):
            self.kill()
            raise StoreError(f"the query worker for {path} exited while starting") from None
        if reply[0] != "ready":
            self.kill()
            _raise(reply)

    def alive(self) -> bool:
        return self.proc.poll() is None

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait(5)
        self.send.close()
        self.conn.close()


class GuardedStore:
    """A store whose queries obey a timeout and a result-size limit.

    Parameters
    ----------
    store : OxigraphStore or MemoryStore or EndpointStore
        The store to read. Only reading goes through the guard; other attributes are the
        store's own.
    timeout : float, optional
        Seconds a query may run; past it the query is stopped and
        :class:`~kg.errors.QueryTimeout` raised.
    max_rows : int, optional
        Rows (SELECT) or triples (CONSTRUCT) a query may give; past it the query is
        stopped and :class:`~kg.errors.ResultTooLarge` raised.
    max_memory : int, optional
        Bytes a query's worker process may allocate beyond what the open store takes
        (only with a timeout, which is what starts a worker); past it the worker dies, the
        query fails with :class:`~kg.errors.QueryError` and the next query gets a new one.

    Notes
    -----
    Every query also passes :func:`kg.sparqlcheck.refuse_federation`: ``SERVICE`` is
    refused, on a parse of the query. Workers die with the process that started them
    (:mod:`kg.lifeline`). Use it as a context manager (or call :meth:`close`) to stop the
    worker.
    """

    def __init__(
        self,
        store: OxigraphStore | MemoryStore | EndpointStore,
        *,
        timeout: float | None = None,
        max_rows: int | None = None,
        max_memory: int | None = None,
    ) -> None:
        check_limits(timeout, max_rows)
        if max_memory is not None and not (isinstance(max_memory, int) and max_memory > 0):
            raise UsageError(f"max_memory must be a positive number of bytes, not {max_memory!r}")
        if isinstance(store, GuardedStore):
            store = store.store
        if isinstance(store, EndpointStore) and timeout is not None:
            store = EndpointStore(store.url, graph_store=store.graph_store, timeout=timeout)
        self.store = store
        self.timeout = timeout
        self.max_rows = max_rows
        self.max_memory = max_memory
        self._worker: _Worker | None = None
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        return f"<GuardedStore {self.store!r} timeout={self.timeout} max_rows={self.max_rows}>"

    def __getattr__(self, name: str) -> Any:
        if name == "store":  # not set yet (during unpickling): no recursion
            raise AttributeError(name)
        return getattr(self.store, name)

    def __len__(self) -> int:
        return len(self.store)

    def __enter__(self) -> GuardedStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Stop the worker process, if one was started."""
        with self._lock:
            if self._worker is not None:
                self._worker.kill()
                self._worker = None

    # --- reading -------------------------------------------------------------------------
    def select(
        self, query: str, bindings: Mapping[str, Identifier] | None = None, *, max_rows: int | None = None
    ) -> Results:
        """Run a SELECT query within the limits."""
        return self._run("select", query, bindings, max_rows)  # type: ignore[no-any-return]

    def ask(self, query: str, bindings: Mapping[str, Identifier] | None = None) -> bool:
        """Run an ASK query within the timeout."""
        return self._run("ask", query, bindings, None)  # type: ignore[no-any-return]

    def construct(
        self, query: str, bindings: Mapping[str, Identifier] | None = None, *, max_rows: int | None = None
    ) -> Graph:
        """Run a CONSTRUCT or DESCRIBE query within the limits."""
        return self._run("construct", query, bindings, max_rows)  # type: ignore[no-any-return]

    def _run(self, method: str, query: str, bindings: Any, max_rows: int | None) -> Any:
        refuse_federation(query)
        caps = [c for c in (max_rows, self.max_rows) if c is not None]
        cap = min(caps) if caps else None
        if self.timeout is None or isinstance(self.store, EndpointStore):
            kwargs = {} if method == "ask" else {"max_rows": cap}
            return getattr(self.store, method)(query, bindings, **kwargs)
        msg = (method, query, dict(bindings) if bindings else None, cap)
        path = getattr(self.store, "path", None)
        if isinstance(self.store, OxigraphStore) and path is not None:
            reply = self._in_worker(msg, str(path))
        else:
            reply = self._in_fork(msg)
        if reply[0] != "ok":
            _raise(reply)
        return _unpack(method, reply[1])

    def _timed_out(self) -> QueryTimeout:
        return QueryTimeout(f"the query ran past its {self.timeout:g} s timeout and was stopped")

    def _in_worker(self, msg: tuple[Any, ...], path: str) -> tuple[Any, ...]:
        with self._lock:  # one query at a time per worker
            if self._worker is None or not self._worker.alive():
                self._worker = _Worker(path, self.max_memory)
            worker = self._worker
            try:
                worker.send.send(msg)
            except (BrokenPipeError, OSError):
                worker.kill()
                self._worker = None
                raise WorkerLost("the query worker died (past its memory ceiling?); the next query gets a new one") from None
            if not worker.conn.poll(self.timeout):
                worker.kill()
                self._worker = None
                raise self._timed_out()
            try:
                return worker.conn.recv()  # type: ignore[no-any-return]
            except (EOFError, OSError):
                worker.kill()
                self._worker = None
                raise WorkerLost("the query worker died (past its memory ceiling?); the next query gets a new one") from None

    def _in_fork(self, msg: tuple[Any, ...]) -> tuple[Any, ...]:
        ctx = mp.get_context("fork")
        recv, send = ctx.Pipe(duplex=False)
        proc = ctx.Process(
            target=_fork_main, args=(send, self.store, msg, os.getpid(), self.max_memory), daemon=True
        )
        proc.start()
        send.close()
        try:
            if not recv.poll(self.timeout):
                raise self._timed_out()
            try:
                return recv.recv()  # type: ignore[no-any-return]
            except (EOFError, OSError):
                raise WorkerLost("the query process died (past its memory ceiling?)") from None
        finally:
            if proc.is_alive():
                proc.kill()
            proc.join(5)
            recv.close()


if __name__ == "__main__":  # pragma: no cover - the worker process
    _worker_main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]))
