"""Queries cannot escape: timeouts and result-size limits stop a query through the API, the
CLI and ``povkg serve`` (a real server on loopback); SERVICE, LOAD and updates are refused;
and control or bidi characters in labels are escaped in every output format."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from xml.etree import ElementTree

import pytest
from query_helpers import FIXTURE, free_port, running
from rdflib import Graph

from kg.api import KnowledgeGraph
from kg.errors import QueryError, QueryTimeout, ResultTooLarge, UsageError
from kg.guard import GuardedStore
from kg.query import run_query
from kg.store import EndpointStore, MemoryStore, OxigraphStore

#: A three-way cross product of the ~1,000-quad fixture: 10⁹ rows to count, minutes of work.
PATHOLOGICAL = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
EVIL_LABEL = "光山\u202e县\u2066会议\u200f<script>alert(1)</script>\x1b[31m"
UNSAFE = ("\u202e", "\u2066", "\u200f", "\x1b")


def povkg(*args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kg", *args], capture_output=True, text=True, timeout=timeout
    )


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture in an Oxigraph store folder, plus one hostile label."""
    path = tmp_path_factory.mktemp("limits") / "store"
    store = OxigraphStore(path)
    store.load_file(FIXTURE)
    evil = path.parent / "evil.trig"
    evil.write_text(
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        "<https://w3id.org/povkg/id/doc/evil> {\n"
        f'  <https://w3id.org/povkg/id/org/evil> rdfs:label "{EVIL_LABEL}"@zh-hans .\n'
        "}\n",
        encoding="utf-8",
    )
    store.load_file(evil)
    store.flush()
    del store
    return path


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    with open(f"/proc/{pid}/stat", encoding="ascii") as f:  # a zombie is not running
        return f.read().split(") ")[1][0] != "Z"


# --------------------------------------------------------------------------------------------
# the guard: every kind of local store
# --------------------------------------------------------------------------------------------
@pytest.fixture(params=["disk", "oxigraph-memory", "rdflib-memory"])
def guarded(request: pytest.FixtureRequest, store_dir: Path) -> Iterator[GuardedStore]:
    if request.param == "disk":
        store: OxigraphStore | MemoryStore = OxigraphStore(store_dir, read_only=True)
    elif request.param == "oxigraph-memory":
        store = OxigraphStore()
        store.load_file(FIXTURE)
    else:
        store = MemoryStore.from_file(FIXTURE)
    with GuardedStore(store, timeout=1.5, max_rows=40) as g:
        yield g


def test_a_pathological_query_is_stopped_and_the_next_one_runs(guarded: GuardedStore) -> None:
    started = time.monotonic()
    with pytest.raises(QueryTimeout, match=r"1.5 s timeout"):
        guarded.select(PATHOLOGICAL)
    assert time.monotonic() - started < 10
    worker = guarded._worker
    assert worker is None  # the worker that ran it was killed (a fresh one starts on demand)
    assert guarded.ask("ASK { ?s ?p ?o }") is True
    assert len(guarded.select("SELECT ?s WHERE { ?s ?p ?o } LIMIT 3")) == 3


def test_the_killed_worker_process_is_gone(store_dir: Path) -> None:
    with GuardedStore(OxigraphStore(store_dir, read_only=True), timeout=1) as g:
        g.ask("ASK { }")
        assert g._worker is not None
        pid = g._worker.proc.pid
        assert _pid_alive(pid)
        with pytest.raises(QueryTimeout):
            g.select(PATHOLOGICAL)
        assert not _pid_alive(pid)
        g.ask("ASK { }")
        assert g._worker is not None and g._worker.proc.pid != pid
        alive = g._worker.proc.pid
    assert not _pid_alive(alive)  # closing the guard stops its worker


def test_the_result_size_limit_stops_selects_and_constructs(guarded: GuardedStore) -> None:
    with pytest.raises(ResultTooLarge, match=r"more than 40 rows"):
        guarded.select("SELECT * WHERE { ?s ?p ?o }")
    with pytest.raises(ResultTooLarge, match=r"more than 40 triples"):
        guarded.construct("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")
    assert len(guarded.select("SELECT * WHERE { ?s ?p ?o } LIMIT 40")) == 40
    with pytest.raises(ResultTooLarge, match=r"more than 5 rows"):
        guarded.select("SELECT * WHERE { ?s ?p ?o } LIMIT 10", max_rows=5)  # the tighter cap wins


def test_service_and_load_are_refused_by_the_guard(guarded: GuardedStore) -> None:
    with pytest.raises(QueryError, match="SERVICE"):
        guarded.select("SELECT * WHERE { SERVICE <http://192.0.2.1/sparql> { ?s ?p ?o } }")
    with pytest.raises(QueryError, match="SERVICE"):
        guarded.ask("ASK { SERVICE SILENT <http://192.0.2.1/sparql> { ?s ?p ?o } }")


@pytest.mark.parametrize(
    "timeout, max_rows", [(0, None), (-1, None), (float("nan"), None), (None, 0), (None, 2.5)]
)
def test_bad_limits_are_usage_errors(timeout: float | None, max_rows: int | None) -> None:
    with pytest.raises(UsageError):
        GuardedStore(MemoryStore(), timeout=timeout, max_rows=max_rows)  # type: ignore[arg-type]


# --------------------------------------------------------------------------------------------
# the Python API
# --------------------------------------------------------------------------------------------
def test_the_api_obeys_its_limits(store_dir: Path) -> None:
    with KnowledgeGraph.open(store_dir, timeout=2, max_rows=1000) as g:
        plain = KnowledgeGraph.open(store_dir)
        assert g.query("co-hosts") == plain.query("co-hosts") and len(g.query("co-hosts")) > 0
        assert g.policy("网络扶贫行动计划") == plain.policy("网络扶贫行动计划")
        with pytest.raises(QueryTimeout):
            g.sparql(PATHOLOGICAL)
        with pytest.raises(ResultTooLarge):
            g.sparql("SELECT * WHERE { ?s ?p ?o }")
        with pytest.raises(QueryError, match="SERVICE"):
            g.construct("CONSTRUCT { ?s ?p ?o } WHERE { SERVICE <http://192.0.2.1/> { ?s ?p ?o } }")
        assert g.ask("ASK { ?s ?p ?o }")


# --------------------------------------------------------------------------------------------
# the CLI
# --------------------------------------------------------------------------------------------
def test_the_cli_stops_a_query_at_its_timeout_and_row_limit(store_dir: Path) -> None:
    started = time.monotonic()
    slow = povkg("sparql", PATHOLOGICAL, "--store", str(store_dir), "--timeout", "1")
    assert time.monotonic() - started < 30
    assert slow.returncode == 3 and slow.stdout == ""
    assert slow.stderr.strip().splitlines() == [
        "povkg: error: the query ran past its 1 s timeout and was stopped"
    ]
    big = povkg("query", "co-hosts", "--store", str(store_dir), "--max-rows", "1")
    assert big.returncode == 3 and "more than 1 rows" in big.stderr
    ok = povkg(
        "query",
        "co-hosts",
        "--store",
        str(store_dir),
        "--max-rows",
        "1000",
        "--timeout",
        "20",
        "--format",
        "csv",
    )
    assert ok.returncode == 0, ok.stderr
    assert ok.stdout == povkg("query", "co-hosts", "--store", str(store_dir), "--format", "csv").stdout
    bad = povkg("sparql", "ASK {}", "--store", str(store_dir), "--timeout", "0")
    assert bad.returncode == 2 and len(bad.stderr.strip().splitlines()) == 1


# --------------------------------------------------------------------------------------------
# povkg serve: a real server on loopback
# --------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def served(store_dir: Path) -> Iterator[str]:
    port = free_port()
    url = f"http://127.0.0.1:{port}/query"
    cmd = [
        sys.executable, "-m", "kg", "serve", "--store", str(store_dir), "--port", str(port),
        "--timeout", "1.5", "--max-rows", "200", "--workers", "2",
    ]  # fmt: skip
    with running(cmd, url):
        yield url


def _get(url: str, query: str, accept: str = "application/sparql-results+json") -> tuple[int, str, str]:
    req = urllib.request.Request(
        url + "?" + urllib.parse.urlencode({"query": query}), headers={"Accept": accept}
    )
    try:
        with urllib.request.urlopen(req, timeout=30) as resp:
            return resp.status, resp.headers.get("Content-Type", ""), resp.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers.get("Content-Type", ""), exc.read().decode("utf-8")


def _post(url: str, body: bytes, ctype: str) -> int:
    req = urllib.request.Request(url, data=body, headers={"Content-Type": ctype})
    try:
        with urllib.request.urlopen(req, timeout=30) as resp:
            return int(resp.status)
    except urllib.error.HTTPError as exc:
        return exc.code


@pytest.mark.server
def test_serve_answers_like_the_local_store(served: str, store_dir: Path) -> None:
    remote = EndpointStore(served)
    local = OxigraphStore(store_dir, read_only=True)
    for name in ("co-hosts", "bodies-by-policy"):
        assert run_query(remote, name) == run_query(local, name)
    status, ctype, body = _get(
        served, "SELECT ?s WHERE { ?s a ?t } LIMIT 3", "application/sparql-results+xml"
    )
    assert status == 200 and ctype.startswith("application/sparql-results+xml")
    assert len(ElementTree.fromstring(body).findall(".//{http://www.w3.org/2005/sparql-results#}result")) == 3
    status, ctype, body = _get(served, "SELECT ?s WHERE { ?s a ?t } LIMIT 3", "text/csv")
    assert status == 200 and ctype.startswith("text/csv") and len(body.splitlines()) == 4
    status, ctype, body = _get(
        served,
        "CONSTRUCT { ?s a ?t } WHERE { { SELECT DISTINCT ?s ?t WHERE { ?s a ?t } LIMIT 5 } }",
        "text/turtle",
    )
    assert status == 200 and len(Graph().parse(data=body, format="turtle")) == 5
    status, _, body = _get(served, "ASK { ?s ?p ?o }")
    assert status == 200 and json.loads(body) == {"head": {}, "boolean": True}


@pytest.mark.server
def test_serve_refuses_service_load_and_updates(served: str) -> None:
    status, _, body = _get(served, "SELECT * WHERE { SERVICE <http://192.0.2.1/sparql> { ?s ?p ?o } }")
    assert status == 403 and "SERVICE" in body
    assert _get(served, "LOAD <http://192.0.2.1/x.ttl>")[0] == 403
    assert _post(served.replace("/query", "/update"), b"DROP ALL", "application/sparql-update") == 403
    assert _post(served, b"update=DROP+ALL", "application/x-www-form-urlencoded") == 403
    assert _post(served.replace("/query", "/store"), b"<a:a> <a:b> <a:c> .", "application/n-triples") == 403
    status, _, body = _get(served, "SELEKT nonsense")
    assert status == 400 and len(body.strip().splitlines()) == 1
    assert _get(served, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")[0] == 200  # nothing was dropped


@pytest.mark.server
def test_serve_stops_pathological_queries_and_keeps_serving(served: str) -> None:
    started = time.monotonic()
    status, _, body = _get(served, PATHOLOGICAL)
    assert status == 503 and "timeout" in body
    assert time.monotonic() - started < 15
    status, _, body = _get(served, "SELECT * WHERE { ?s ?p ?o }")
    assert status == 503 and "more than 200 rows" in body
    status, _, body = _get(served, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    assert status == 200 and int(json.loads(body)["results"]["bindings"][0]["n"]["value"]) > 1000


@pytest.mark.server
def test_an_endpoint_client_gives_up_at_its_own_timeout(served: str) -> None:
    with KnowledgeGraph.endpoint(served, timeout=0.5) as g:
        started = time.monotonic()
        with pytest.raises(QueryTimeout, match="did not answer within 0.5 s"):
            g.sparql(PATHOLOGICAL)
        assert time.monotonic() - started < 5
    with KnowledgeGraph.endpoint(served, max_rows=10) as g, pytest.raises(ResultTooLarge):
        g.sparql("SELECT ?s WHERE { ?s a ?t } LIMIT 50")


# --------------------------------------------------------------------------------------------
# labels with controls, bidi characters and HTML: escaped in every output format
# --------------------------------------------------------------------------------------------
LABEL_QUERY = "SELECT ?label WHERE { <https://w3id.org/povkg/id/org/evil> ?p ?label }"


@pytest.mark.parametrize("fmt", ["table", "csv", "tsv", "json"])
def test_control_and_bidi_characters_are_escaped_in_rows(store_dir: Path, fmt: str) -> None:
    out = povkg("sparql", LABEL_QUERY, "--store", str(store_dir), "--format", fmt)
    assert out.returncode == 0, out.stderr
    assert not any(c in out.stdout for c in UNSAFE)
    assert "\\u202E" in out.stdout
    if fmt == "json":  # JSON keeps the exact value: its escapes read back
        value = json.loads(out.stdout)["results"]["bindings"][0]["label"]["value"]
        assert value == EVIL_LABEL


@pytest.mark.parametrize("fmt, parse", [("ttl", "TURTLE"), ("nt", "N_TRIPLES"), ("jsonld", "JSON_LD")])
def test_control_and_bidi_characters_are_escaped_in_graphs(store_dir: Path, fmt: str, parse: str) -> None:
    import pyoxigraph as ox

    q = "CONSTRUCT { ?s ?p ?label } WHERE { ?s ?p ?label . FILTER(?s = <https://w3id.org/povkg/id/org/evil>) }"
    out = povkg("sparql", q, "--store", str(store_dir), "--format", fmt)
    assert out.returncode == 0, out.stderr
    assert not any(c in out.stdout for c in UNSAFE)
    parsed = ox.parse(out.stdout.encode("utf-8"), format=getattr(ox.RdfFormat, parse))
    labels = {t.object.value for t in parsed}
    assert labels == {EVIL_LABEL}  # and the exact value reads back


@pytest.mark.parametrize("fmt", ["table", "json"])
def test_control_and_bidi_characters_are_escaped_in_lookup(store_dir: Path, fmt: str) -> None:
    out = povkg("lookup", "https://w3id.org/povkg/id/org/evil", "--store", str(store_dir), "--format", fmt)
    assert out.returncode == 0, out.stderr
    assert "光山" in out.stdout and "\\u202E" in out.stdout
    assert not any(c in out.stdout for c in UNSAFE)


@pytest.mark.server
@pytest.mark.parametrize("accept", ["application/sparql-results+json", "application/sparql-results+xml", "text/csv", "text/tab-separated-values"])  # fmt: skip
def test_control_and_bidi_characters_are_escaped_by_serve(served: str, accept: str) -> None:
    status, _, body = _get(served, LABEL_QUERY, accept)
    assert status == 200
    assert not any(c in body for c in UNSAFE)


def test_errors_quoting_hostile_input_stay_one_escaped_line(store_dir: Path) -> None:
    out = povkg("query", "co-hosts", "--store", str(store_dir), "-p", "nonsense\u202e\n=x")
    assert out.returncode == 2
    assert len(out.stderr.strip().splitlines()) == 1 and not any(c in out.stderr for c in UNSAFE)
