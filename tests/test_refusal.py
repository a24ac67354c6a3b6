"""No query reaches another host, in any spelling: SERVICE, updates and LOAD are refused on
a real parse of the query, through the CLI, the API and ``povkg serve``, while valid SPARQL
(non-ASCII variable names, escapes in prefixed names) runs.

Every test here has a loopback listener that answers like a SPARQL endpoint (so a SERVICE
call that got through would return rows) and fails the test on any request it receives.
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from query_helpers import FIXTURE, free_port, running

from kg.api import KnowledgeGraph
from kg.errors import QueryError, QueryRefused
from kg.sparqlcheck import MAX_NESTING, check_query
from kg.store import EndpointStore, OxigraphStore


class Listener:
    """A loopback SPARQL 'endpoint' that records every request it gets."""

    def __init__(self) -> None:
        hits: list[str] = []
        self.hits = hits

        class Handler(BaseHTTPRequestHandler):
            def _answer(self) -> None:
                hits.append(f"{self.command} {self.path}")
                body = json.dumps(
                    {"head": {"vars": ["x"]}, "results": {"bindings": [{"x": {"type": "literal", "value": "LEAK"}}]}}
                ).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/sparql-results+json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_GET = do_POST = _answer  # noqa: N815

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/sparql"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture(scope="module")
def listener() -> Iterator[Listener]:
    lst = Listener()
    yield lst
    lst.close()


@pytest.fixture(autouse=True)
def _no_hit(listener: Listener) -> Iterator[None]:
    before = len(listener.hits)
    yield
    assert listener.hits[before:] == [], "a query reached another host"


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("refusal") / "store"
    store = OxigraphStore(path)
    store.load_file(FIXTURE)
    store.flush()
    del store
    return path


@pytest.fixture(scope="module")
def kg_memory() -> KnowledgeGraph:
    store = OxigraphStore()
    store.load_file(FIXTURE)
    return KnowledgeGraph(store)


def hostile(url: str) -> list[str]:
    """SERVICE calls that a token scan misses or mis-reads."""
    return [
        f"PREFIX ex: <http://x/> SELECT * WHERE {{ OPTIONAL {{ ?a ex:p\\#q ?b }} SERVICE <{url}> {{ ?x ?y ?z }} }}",
        f"PREFIX ex: <http://x/> SELECT * WHERE {{ OPTIONAL {{ ?a ex:p\\'q ?b }} SERVICE <{url}> {{ ?x ?y ?z }} }}",
        f"SELECT * WHERE {{ \\u0053ERVICE <{url}> {{ ?x ?y ?z }} }}",
        f"SELECT * WHERE {{ service silent <{url}> {{ ?x ?y ?z }} }}",
        f"SELECT * WHERE {{ ?s ?p ?o FILTER EXISTS {{ SERVICE <{url}> {{ ?x ?y ?z }} }} }}",
        f"SELECT * WHERE {{ {{ SELECT ?x WHERE {{ SERVICE <{url}> {{ ?x ?y ?z }} }} }} }}",
        f"PREFIX s: <{url}> SELECT * WHERE {{ SERVICE s: {{ ?x ?y ?z }} }}",
        f"SELECT * WHERE {{ BIND(<{url}> AS ?u) SERVICE ?u {{ ?x ?y ?z }} }}",
        f"ASK {{ ?s ?p 'x' MINUS {{ SERVICE <{url}> {{ ?x ?y ?z }} }} }}",
        f"CONSTRUCT {{ ?x ?y ?z }} WHERE {{ GRAPH ?g {{ SERVICE <{url}> {{ ?x ?y ?z }} }} }}",
    ]


def test_service_in_any_spelling_is_refused_by_the_api(listener: Listener, kg_memory: KnowledgeGraph) -> None:
    for q in hostile(listener.url):
        method = kg_memory.ask if q.startswith("ASK") else kg_memory.construct if q.startswith("CONSTRUCT") else kg_memory.sparql
        with pytest.raises(QueryError):
            method(q)


def test_updates_and_load_are_refused_on_the_parse(listener: Listener) -> None:
    for q in (
        f"LOAD <{listener.url}>",
        f"load silent <{listener.url}> INTO GRAPH <http://g/>",
        "DROP ALL",
        "PREFIX ex: <http://x/> INSERT DATA { ex:a ex:b ex:c }",
        "DELETE WHERE { ?s ?p ?o }",
        f"\\u004COAD <{listener.url}>",
    ):
        with pytest.raises(QueryRefused):
            check_query(q)


def test_non_ascii_variables_and_escaped_local_names_run(kg_memory: KnowledgeGraph, store_dir: Path) -> None:
    q = "SELECT ?名 WHERE { ?名 a ?类型 } ORDER BY ?名 LIMIT 2"
    rows = kg_memory.sparql(q)
    assert list(rows.vars) == ["名"] and len(rows) == 2
    ok = subprocess.run(
        [sys.executable, "-m", "kg", "sparql", q, "--store", str(store_dir), "--format", "csv"],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert ok.returncode == 0, ok.stderr
    assert ok.stdout.splitlines()[0] == "名" and len(ok.stdout.splitlines()) == 3
    q2 = "PREFIX ex: <http://x/> SELECT (COUNT(*) AS ?n) WHERE { OPTIONAL { ?a ex:p\\'q ?b } }"
    assert int(kg_memory.sparql(q2)[0]["n"]) == 1
    assert check_query("SELECT * WHERE { ?s ?p 'SERVICE { } \\' #' # SERVICE <http://h/> { }\n }") == "SELECT"


def test_the_cli_refuses_every_spelling(listener: Listener, store_dir: Path) -> None:
    for q in hostile(listener.url)[:4]:
        run = subprocess.run(
            [sys.executable, "-m", "kg", "sparql", q, "--store", str(store_dir), "--timeout", "20"],
            capture_output=True, text=True, timeout=120,
        )  # fmt: skip
        assert run.returncode == 3, (q, run.stderr)
        assert len(run.stderr.strip().splitlines()) == 1 and "Traceback" not in run.stderr
        assert "LEAK" not in run.stdout


def test_deep_nesting_is_refused_before_parsing(kg_memory: KnowledgeGraph, store_dir: Path) -> None:
    deep = "SELECT * WHERE " + "{" * 5000 + " ?s ?p ?o " + "}" * 5000
    with pytest.raises(QueryError, match="deep"):
        kg_memory.sparql(deep)
    run = subprocess.run(
        [sys.executable, "-m", "kg", "sparql", deep, "--store", str(store_dir)],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert run.returncode == 3 and len(run.stderr.strip().splitlines()) == 1, run.stderr
    fine = "SELECT * WHERE " + "{" * 30 + " ?s ?p ?o " + "}" * 30 + " LIMIT 1"
    assert len(kg_memory.sparql(fine)) == 1
    assert MAX_NESTING >= 30


@pytest.fixture(scope="module")
def served(store_dir: Path) -> Iterator[str]:
    port = free_port()
    url = f"http://127.0.0.1:{port}/query"
    cmd = [sys.executable, "-m", "kg", "serve", "--store", str(store_dir), "--port", str(port), "--workers", "1"]
    with running(cmd, url):
        yield url


def _get(url: str, query: str) -> tuple[int, str]:
    req = urllib.request.Request(url + "?" + urllib.parse.urlencode({"query": query}))
    try:
        with urllib.request.urlopen(req, timeout=60) as resp:
            return resp.status, resp.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8")


@pytest.mark.server
def test_serve_refuses_every_spelling_and_answers_non_ascii_variables(listener: Listener, served: str) -> None:
    for q in hostile(listener.url):
        status, body = _get(served, q)
        assert status in (400, 403), (q, status, body)
        assert "LEAK" not in body
    assert _get(served, f"LOAD <{listener.url}>")[0] == 403
    status, body = _get(served, "SELECT ?名 WHERE { ?名 a ?t } LIMIT 1")
    assert status == 200 and json.loads(body)["head"]["vars"] == ["名"]
    remote = EndpointStore(served)
    assert list(remote.select("SELECT ?名 WHERE { ?名 a ?t } LIMIT 1", {"t": FIXTURE_TYPE}).vars) == ["名"]


FIXTURE_TYPE = __import__("rdflib").URIRef("https://w3id.org/povkg/def#Event")


# --- the guard fuzzed: escapes, comments, strings, IRIs, nesting ---------------------------------
_NOISE = st.sampled_from(
    [
        " ", "\n", "# SERVICE <http://x/> { }\n", "#}\n", "\t",
        " ?s ?p 'SERVICE' . ", ' ?s ?p "}{\\"" . ', " ?s ?p '''a\n}'b''' . ",
        " ?s <http://x/#SERVICE> ?o . ", " ?s ex:p\\'q ?o . ", " ?s ex:p\\#q ?o . ",
        " ?s ex:a\\.b ?o . ", " ?名 ?p ?o . ", " FILTER(?s != <urn:x>) ",
    ]
)  # fmt: skip
_WRAP = st.sampled_from(
    ["{{ {} }}", "OPTIONAL {{ {} }}", "{{ ?a ?b ?c }} UNION {{ {} }}", "MINUS {{ {} }}",
     "FILTER EXISTS {{ {} }}", "FILTER NOT EXISTS {{ {} }}", "GRAPH ?g {{ {} }}",
     "{{ SELECT * WHERE {{ {} }} }}"]
)  # fmt: skip


def _spell(word: str, how: list[int]) -> str:
    out = []
    for c, h in zip(word, how, strict=False):
        out.append(c.lower() if h == 1 else f"\\u{ord(c):04X}" if h == 2 else f"\\U{ord(c):08X}" if h == 3 else c)
    return "".join(out) + word[len(how) :]


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    how=st.lists(st.integers(0, 3), max_size=7),
    before=st.lists(_NOISE, max_size=3),
    after=st.lists(_NOISE, max_size=3),
    wraps=st.lists(_WRAP, max_size=3),
    silent=st.booleans(),
    iri=st.sampled_from(["<{u}>", "<{u}?a=1#f>", "h:", "h:sparql\\?q"]),
)
def test_fuzzed_service_never_reaches_the_listener(
    listener: Listener,
    kg_memory: KnowledgeGraph,
    how: list[int],
    before: list[str],
    after: list[str],
    wraps: list[str],
    silent: bool,
    iri: str,
) -> None:
    prefix_iri = listener.url.rsplit("/", 1)[0] + "/"
    pattern = f"{_spell('SERVICE', how)} {'SILENT ' if silent else ''}{iri.format(u=listener.url)} {{ ?x ?y ?z }}"
    for w in wraps:
        pattern = w.format(pattern)
    q = (
        f"PREFIX ex: <http://x/> PREFIX h: <{prefix_iri}>\n"
        f"SELECT * WHERE {{ {''.join(before)} {pattern} {''.join(after)} }}"
    )
    with pytest.raises(QueryError):
        kg_memory.sparql(q)
    assert listener.hits == []


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(parts=st.lists(_NOISE, min_size=1, max_size=5), wraps=st.lists(_WRAP, max_size=2))
def test_fuzzed_queries_without_service_run(kg_memory: KnowledgeGraph, parts: list[str], wraps: list[str]) -> None:
    """The noise alone is valid SPARQL the guard must let through (``\\#`` in a local name
    is read by rdflib's grammar in some places only: elsewhere refused as malformed, never run)."""
    pattern = "".join(parts)
    for w in wraps:
        pattern = w.format(pattern)
    q = f"PREFIX ex: <http://x/> SELECT * WHERE {{ {pattern} }} LIMIT 1"
    try:
        kg_memory.sparql(q)
    except QueryError as exc:
        assert "\\#" in q and "malformed" in str(exc), (q, exc)
