"""``povkg serve`` speaks the SPARQL 1.1 Protocol as clients expect: a service description,
``Vary: Accept``, 406, CONSTRUCT as N-Quads or TriG, CORS, an offline query page at ``/``;
and ``povkg push --endpoint http://host:port`` finds the Graph Store the Oxigraph way."""

from __future__ import annotations

import re
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from query_helpers import FIXTURE, free_port, oxigraph_exe, running
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SH

from kg.query import list_queries
from kg.store import EndpointStore, OxigraphStore

pytestmark = pytest.mark.server

SD = "http://www.w3.org/ns/sparql-service-description#"


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    where = tmp_path_factory.mktemp("serve") / "store"
    store = OxigraphStore(where)
    store.load_file(FIXTURE)
    store.flush()
    del store
    port = free_port()
    url = f"http://127.0.0.1:{port}/query"
    cmd = [sys.executable, "-m", "kg", "serve", "--store", str(where), "--port", str(port), "--cors"]
    with running(cmd, url):
        yield url


def _get(url: str, accept: str, query: str | None = None) -> tuple[int, dict[str, str], bytes]:
    target = url + ("?" + urllib.parse.urlencode({"query": query}) if query is not None else "")
    req = urllib.request.Request(target, headers={"Accept": accept})
    try:
        with urllib.request.urlopen(req, timeout=30) as resp:
            return resp.status, dict(resp.headers), resp.read()
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers), exc.read()


def test_the_endpoint_url_without_a_query_describes_the_service(served: str) -> None:
    status, headers, body = _get(served, "text/turtle")
    assert status == 200 and headers["Content-Type"].startswith("text/turtle")
    g = Graph().parse(data=body.decode("utf-8"), format="turtle")
    service = URIRef(served + "#service")
    assert (service, RDF.type, URIRef(SD + "Service")) in g
    assert (service, URIRef(SD + "endpoint"), URIRef(served)) in g
    assert (service, URIRef(SD + "feature"), URIRef(SD + "UnionDefaultGraph")) in g
    declared = {str(p) for p in g.objects(None, SH.prefix)}
    assert {"pov", "id", "rdfs", "skos", "schema"} <= declared
    named = {str(o) for o in g.objects(None, URIRef("http://www.w3.org/2000/01/rdf-schema#label"))}
    assert {q.name for q in list_queries()} <= named
    titles = set(g.objects(URIRef(served + "#co-hosts"), URIRef("http://purl.org/dc/terms/title")))
    assert Literal(next(q.title_en for q in list_queries() if q.name == "co-hosts"), lang="en") in titles
    status, headers, body = _get(served, "application/ld+json")
    assert status == 200 and headers["Content-Type"].startswith("application/ld+json")


def test_content_negotiation_says_vary_and_406(served: str) -> None:
    status, headers, _ = _get(served, "application/sparql-results+json", "SELECT * WHERE { ?s ?p ?o } LIMIT 1")
    assert status == 200 and headers.get("Vary") == "Accept"
    status, headers, body = _get(served, "text/turtle", "SELECT * WHERE { ?s ?p ?o } LIMIT 1")
    assert status == 406 and b"application/sparql-results+json" in body and headers.get("Vary") == "Accept"
    status, _, _ = _get(served, "image/png", "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 1")
    assert status == 406
    status, headers, _ = _get(served, "text/*", "SELECT * WHERE { ?s ?p ?o } LIMIT 1")
    assert status == 200 and headers["Content-Type"].startswith("text/")


def test_construct_as_nquads_and_trig(served: str) -> None:
    q = "CONSTRUCT { ?p a pov:Policy } WHERE { ?p a pov:Policy }"  # predefined prefixes
    status, headers, nq = _get(served, "application/n-quads", q)
    assert status == 200 and headers["Content-Type"].startswith("application/n-quads")
    quads = set(ox.parse(nq, format=ox.RdfFormat.N_QUADS))
    assert quads
    status, headers, trig = _get(served, "application/trig", q)
    assert status == 200 and headers["Content-Type"].startswith("application/trig")
    assert set(ox.parse(trig, format=ox.RdfFormat.TRIG)) == quads
    assert b"pov:Policy" in trig


def test_cors_when_asked(served: str) -> None:
    _, headers, _ = _get(served, "application/sparql-results+json", "ASK { }")
    assert headers.get("Access-Control-Allow-Origin") == "*"


def test_an_offline_query_page_at_the_root(served: str) -> None:
    root = served.rsplit("/", 1)[0] + "/"
    status, headers, body = _get(root, "text/html,application/xhtml+xml,*/*;q=0.8")
    page = body.decode("utf-8")
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    assert "<form" in page and "<textarea" in page
    assert all(f'value="{q.name}"' in page for q in list_queries())
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", page)  # nothing fetched from elsewhere


def test_push_to_a_server_root_derives_the_graph_store(tmp_path: Path) -> None:
    assert EndpointStore("http://host:7878").url == "http://host:7878/query"
    assert EndpointStore("http://host:7878").graph_store == "http://host:7878/store"
    assert EndpointStore("http://host:3030/povkg/query").graph_store == "http://host:3030/povkg/data"
    exe = oxigraph_exe()
    port = free_port()
    store = OxigraphStore(tmp_path / "store")
    store.load_file(FIXTURE)
    store.flush()
    del store
    root = f"http://127.0.0.1:{port}"
    with running([exe, "serve", "--bind", f"127.0.0.1:{port}", "--union-default-graph"], root + "/query"):
        out = subprocess.run(
            [sys.executable, "-m", "kg", "push", "--endpoint", root, "--store", str(tmp_path / "store")],
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert out.returncode == 0, out.stderr
        assert "pushed 6 graphs" in out.stderr
