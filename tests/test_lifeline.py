"""Nothing outlives its parent: query workers of ``povkg sparql`` and ``povkg serve`` and the
build's workers die when the command is killed, by KILL, TERM or HUP.

Every wait here polls ``/proc`` against a deadline; none sleeps for a fixed time.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Callable
from pathlib import Path

import pytest
from query_helpers import FIXTURE, free_port, wait_for

from kg.store import OxigraphStore

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc")

REPO = Path(__file__).resolve().parent.parent
PATHOLOGICAL = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


def _stat(pid: int) -> tuple[str, int] | None:
    """(state, parent pid) of a process, or None when it is gone."""
    try:
        raw = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = raw.rsplit(")", 1)[1].split()
    return fields[0], int(fields[1])


def alive(pid: int) -> bool:
    st = _stat(pid)
    return st is not None and st[0] not in ("Z", "X")


def cpu_seconds(pid: int) -> float:
    """CPU time a process has used (user + system), or 0 when it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


#: CPU seconds past which a query worker is busy in its query: starting up (imports, opening
#: the store) takes about 0.3 s. A worker killed while starting dies on its own when it
#: answers "ready" to a dead parent, so the tests kill the parent only once the worker works.
BUSY_CPU_S = 1.5


def children(pid: int) -> list[int]:
    out = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            st = _stat(int(entry))
            if st is not None and st[1] == pid and st[0] not in ("Z", "X"):
                out.append(int(entry))
    return out


def until(cond: Callable[[], object], deadline_s: float, what: str) -> object:
    end = time.monotonic() + deadline_s
    while time.monotonic() < end:
        got = cond()
        if got:
            return got
        time.sleep(0.02)  # a poll interval, not a wait for something to happen
    pytest.fail(f"timed out after {deadline_s:g} s waiting for {what}")


def kill_and_check(parent: subprocess.Popen[bytes], workers: list[int], sig: int) -> None:
    os.kill(parent.pid, sig)
    parent.wait(30)
    end = time.monotonic() + 15
    while time.monotonic() < end and any(alive(w) for w in workers):
        time.sleep(0.02)
    survivors = [w for w in workers if alive(w)]
    for w in survivors:  # do not leave them burning a core after the test failed
        os.kill(w, signal.SIGKILL)
    assert survivors == [], f"workers {survivors} outlived their parent (signal {sig})"


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("lifeline") / "store"
    store = OxigraphStore(path)
    store.load_file(FIXTURE)
    store.flush()
    del store
    return path


def _guard_workers(pid: int) -> list[int]:
    out = []
    for c in children(pid):
        try:
            if b"kg.guard" in Path(f"/proc/{c}/cmdline").read_bytes():
                out.append(c)
        except OSError:
            pass
    return out


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM, signal.SIGHUP])
def test_a_query_worker_dies_with_povkg_sparql(store_dir: Path, sig: int) -> None:
    cmd = [sys.executable, "-m", "kg", "sparql", PATHOLOGICAL, "--store", str(store_dir), "--timeout", "300"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        workers: list[int] = until(lambda: _guard_workers(proc.pid), 60, "the query worker")  # type: ignore[assignment]
        until(lambda: all(cpu_seconds(w) >= BUSY_CPU_S for w in workers), 120, "the worker busy in the query")
        kill_and_check(proc, workers, sig)
    finally:
        if proc.poll() is None:
            proc.kill()


@pytest.mark.server
def test_query_workers_die_with_povkg_serve(store_dir: Path) -> None:
    port = free_port()
    cmd = [sys.executable, "-m", "kg", "serve", "--store", str(store_dir), "--port", str(port), "--workers", "2"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/query"
    try:
        wait_for(url, proc, timeout=60)
        workers: list[int] = until(
            lambda: (w := _guard_workers(proc.pid)) and len(w) == 2 and w, 60, "two query workers"
        )  # type: ignore[assignment]
        start = {w: cpu_seconds(w) for w in workers}
        for _ in workers:  # both workers busy in a query when the server dies

            def ask() -> None:
                try:
                    urllib.request.urlopen(url + "?" + urllib.parse.urlencode({"query": PATHOLOGICAL}), timeout=120)
                except OSError:
                    pass  # the server is killed under it

            threading.Thread(target=ask, daemon=True).start()
        until(lambda: all(cpu_seconds(w) >= start[w] + 1.0 for w in workers), 120, "both workers busy")
        kill_and_check(proc, workers, signal.SIGKILL)
    finally:
        if proc.poll() is None:
            proc.kill()


@pytest.mark.slow
def test_build_workers_die_with_povkg_build(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    subprocess.run(
        [sys.executable, str(REPO / "bench" / "generate_corpus.py"), "--docs", "120", "--seed", "7", "--out", str(corpus)],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    cmd = [sys.executable, "-m", "kg", "build", str(corpus), "--store", str(tmp_path / "store"), "--no-viewer", "-j", "2"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        workers = until(lambda: (w := children(proc.pid)) and len(w) >= 2 and w, 120, "two build workers")
        kill_and_check(proc, workers, signal.SIGKILL)  # type: ignore[arg-type]
    finally:
        if proc.poll() is None:
            proc.kill()
