"""``povkg serve`` under load and abuse: silent connections are closed, a query worker past
its memory ceiling fails one query (503) and the next runs, malformed requests get a
readable 400, and no reader sees a first build before it is complete."""

from __future__ import annotations

import socket
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from query_helpers import FIXTURE, free_port, running

from kg.errors import StoreError
from kg.store import OxigraphStore

pytestmark = pytest.mark.server

#: a cross product of the fixture, sorted: Oxigraph must hold all of it (~10⁶ rows) at once
BIG_SORT = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?c ?f LIMIT 1"


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("endpoint-limits") / "store"
    store = OxigraphStore(path)
    store.load_file(FIXTURE)
    store.flush()
    del store
    return path


@pytest.fixture(scope="module")
def served(store_dir: Path) -> Iterator[tuple[str, int]]:
    port = free_port()
    url = f"http://127.0.0.1:{port}/query"
    cmd = [
        sys.executable, "-m", "kg", "serve", "--store", str(store_dir), "--port", str(port), "--workers", "1",
        "--timeout", "60", "--worker-memory", "64", "--read-timeout", "1",
    ]  # fmt: skip
    with running(cmd, url):
        yield url, port


def _get(url: str, query: str) -> tuple[int, str]:
    req = urllib.request.Request(url + "?" + urllib.parse.urlencode({"query": query}))
    try:
        with urllib.request.urlopen(req, timeout=120) as resp:
            return resp.status, resp.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8")


def _raw(port: int, request: bytes) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=30) as s:
        s.sendall(request)
        chunks = []
        while True:
            got = s.recv(65536)
            if not got:
                break
            chunks.append(got)
    return b"".join(chunks)


def test_malformed_requests_get_a_readable_400(served: tuple[str, int]) -> None:
    _url, port = served
    for length in (b"abc", b"-5", b"1e3", b"\xff"):
        answer = _raw(port, b"POST /query HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
                            b"Content-Length: " + length + b"\r\n\r\nASK {}")
        head, _, body = answer.partition(b"\r\n\r\n")
        assert head.startswith(b"HTTP/1.1 400"), answer
        assert b"Content-Length" in body and len(body.strip().splitlines()) == 1


def test_silent_connections_are_closed_and_others_are_answered(served: tuple[str, int]) -> None:
    url, port = served
    slow = []
    for _ in range(40):
        s = socket.create_connection(("127.0.0.1", port), timeout=30)
        s.sendall(b"GET /query?query=ASK%7B%7D HTTP/1.1\r\nHost: x\r\n")  # never finished
        slow.append(s)
    try:
        assert _get(url, "ASK { ?s ?p ?o }")[0] == 200
        for s in slow:  # the server closes each one (recv gives b"" or the 408 it sends first)
            data = s.recv(65536)
            while data:
                data = s.recv(65536)
    finally:
        for s in slow:
            s.close()
    assert _get(url, "ASK { ?s ?p ?o }")[0] == 200


def test_a_worker_past_its_memory_ceiling_fails_one_query(served: tuple[str, int]) -> None:
    url, _port = served
    status, body = _get(url, BIG_SORT)
    assert status == 503 and "memory" in body and len(body.strip().splitlines()) == 1, body
    assert _get(url, "SELECT ?s WHERE { ?s ?p ?o } LIMIT 2")[0] == 200


def test_readers_never_see_a_first_build_before_it_is_complete(tmp_path: Path) -> None:
    path = tmp_path / "store"
    writer = OxigraphStore(path)
    writer.load_file(FIXTURE)  # written, not yet published: a first build half-way
    with pytest.raises(StoreError, match="no complete build"):
        OxigraphStore(path, read_only=True)
    run = subprocess.run([sys.executable, "-m", "kg", "sparql", "ASK { ?s ?p ?o }", "--store", str(path)],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 3 and "no complete build" in run.stderr and len(run.stderr.strip().splitlines()) == 1
    port = free_port()
    serve = subprocess.run(
        [sys.executable, "-m", "kg", "serve", "--store", str(path), "--port", str(port)],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert serve.returncode == 3 and "no complete build" in serve.stderr
    writer.flush()  # the build completes and publishes
    reader = OxigraphStore(path, read_only=True)
    assert reader.ask("ASK { ?s ?p ?o }")
    del writer, reader
