"""Shared fixtures and helpers for the query, store, API and CLI tests.

The fixtures are registered by the repository ``conftest.py`` (``pytest_plugins``); the test
modules import the constants and helpers (``from query_helpers import FIXTURE``).
"""

from __future__ import annotations

import contextlib
import shutil
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from kg.query import NamedQuery
from kg.store import MemoryStore, OxigraphStore

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "data" / "fixture.trig"
GOLDEN = ROOT / "tests" / "golden"

#: a parameter or lookup text that would break out of a pasted query
EVIL = '光山县" } ; DROP ALL ; #'


def has_build() -> bool:
    """Whether the pipeline (kg.build.build_corpus) is there to build the reference report."""
    try:
        from kg.build import build_corpus  # noqa: F401
    except ImportError:
        return False
    return True


def required_examples(q: NamedQuery) -> dict[str, str]:
    """The example values of a query's required parameters (what the golden files use)."""
    return {p.name: p.example for p in q.params if p.required and p.example}


def param_variants(q: NamedQuery) -> list[dict[str, str]]:
    """Parameter sets to try a query with: required only, every example, each optional alone."""
    base = required_examples(q)
    variants = [dict(base)]
    every = {p.name: p.example for p in q.params if p.example}
    if every != base:
        variants.append(every)
    for p in q.params:
        if not p.required and p.example:
            variants.append({**base, p.name: p.example})
    seen: list[dict[str, str]] = []
    for v in variants:
        if v not in seen:
            seen.append(v)
    return seen


@pytest.fixture(scope="session")
def fixture_memory() -> MemoryStore:
    """The hand-made fixture in an rdflib Dataset."""
    return MemoryStore.from_file(FIXTURE)


@pytest.fixture(scope="session")
def fixture_oxigraph() -> OxigraphStore:
    """The hand-made fixture in an in-memory Oxigraph store (VALUES binding, the default)."""
    store = OxigraphStore()
    store.load_file(FIXTURE)
    return store


@pytest.fixture(scope="session")
def fixture_oxigraph_subst() -> OxigraphStore:
    """The fixture in Oxigraph, binding with pyoxigraph substitutions (SEP-0007)."""
    store = OxigraphStore(binding="substitutions")
    store.load_file(FIXTURE)
    return store


@pytest.fixture(scope="session")
def reference_store(tmp_path_factory: pytest.TempPathFactory) -> OxigraphStore:
    """The bundled reference report, built by the real pipeline into a fresh store."""
    if not has_build():
        pytest.skip("kg.build.build_corpus is not there yet")
    from kg.build import build_corpus
    from kg.resources import sample_report

    path = tmp_path_factory.mktemp("reference") / "store"
    store = OxigraphStore(path)
    build_corpus([sample_report()], store, jobs=1, on_error=lambda m: None)
    store.flush()
    return store


# ------------------------------------------------------------------------------------------
# a real Oxigraph server on loopback
# ------------------------------------------------------------------------------------------


def free_port() -> int:
    """A TCP port nothing listens on right now (127.0.0.1)."""
    with contextlib.closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def oxigraph_exe() -> str:
    exe = shutil.which("oxigraph")
    if exe is None:
        pytest.skip("the oxigraph server CLI is not installed")
    return exe


def wait_for(url: str, proc: subprocess.Popen[bytes], timeout: float = 20.0) -> None:
    """Wait until ``url`` answers an ASK query (or fail with the server's stderr)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            err = proc.stderr.read().decode("utf-8", "replace") if proc.stderr else ""
            raise RuntimeError(f"server exited with {proc.returncode}: {err}")
        req = urllib.request.Request(
            url,
            data=b"ASK { }",
            headers={"Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json"},
        )
        try:
            with urllib.request.urlopen(req, timeout=2) as resp:
                if resp.status == 200:
                    return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"no answer from {url} in {timeout} s")


@contextlib.contextmanager
def running(cmd: list[str], url: str) -> Iterator[subprocess.Popen[bytes]]:
    """Run a server process until the block ends; stop it by its own pid."""
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        wait_for(url, proc)
        yield proc
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:  # pragma: no cover
            proc.kill()
            proc.wait()
