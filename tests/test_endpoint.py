"""The same named queries give the same rows on all three stores — proven against a real
Oxigraph server started here on 127.0.0.1 — and push/serve work against real servers."""

from __future__ import annotations

import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from query_helpers import EVIL, FIXTURE, free_port, oxigraph_exe, param_variants, running
from rdflib import URIRef

from kg.errors import StoreError, UsageError
from kg.query import bind_params, iter_query, list_queries, run_query
from kg.store import EndpointStore, MemoryStore, OxigraphStore, push

pytestmark = pytest.mark.server

NOTHING = "https://w3id.org/povkg/id/nothing/here"


@pytest.fixture(scope="module")
def endpoint(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EndpointStore]:
    """`oxigraph load` the fixture, then `oxigraph serve-read-only --union-default-graph`."""
    exe = oxigraph_exe()
    location = tmp_path_factory.mktemp("oxigraph") / "store"
    subprocess.run(
        [exe, "load", "--location", str(location), "--file", str(FIXTURE)], check=True, capture_output=True
    )
    port = free_port()
    url = f"http://127.0.0.1:{port}/query"
    cmd = [
        exe,
        "serve-read-only",
        "--location",
        str(location),
        "--bind",
        f"127.0.0.1:{port}",
        "--union-default-graph",
    ]
    with running(cmd, url):
        yield EndpointStore(url)


@pytest.fixture()
def writable_endpoint() -> Iterator[EndpointStore]:
    """An empty read-write Oxigraph server in memory (for push)."""
    exe = oxigraph_exe()
    port = free_port()
    url = f"http://127.0.0.1:{port}/query"
    with running([exe, "serve", "--bind", f"127.0.0.1:{port}", "--union-default-graph"], url):
        yield EndpointStore(url)


def _variants(q) -> list[dict[str, str]]:  # type: ignore[no-untyped-def]
    out = param_variants(q)
    base = {p.name: p.example for p in q.params if p.required and p.example}
    for p in q.params:  # a value that matches nothing must give nothing, everywhere
        if p.type == "iri":
            out.append({**base, p.name: NOTHING})
        elif p.type == "string":
            out.append({**base, p.name: "不存在"})
    return out


def test_every_named_query_gives_the_same_rows_on_all_stores(
    endpoint: EndpointStore,
    fixture_oxigraph: OxigraphStore,
    fixture_oxigraph_subst: OxigraphStore,
    fixture_memory: MemoryStore,
) -> None:
    compared = 0
    for q in list_queries():
        for params in _variants(q):
            bindings = bind_params(q, params, fixture_oxigraph)
            expected = fixture_oxigraph.select(q.text, bindings)
            for store in (fixture_oxigraph_subst, fixture_memory, endpoint):
                got = store.select(q.text, bindings)
                assert got.vars == expected.vars, (q.name, params, store)
                assert list(got) == list(expected), f"{q.name} {params}: {store!r} differs from Oxigraph"
            compared += 1
    assert compared >= 60


def test_listings_are_paged_on_the_endpoint_as_on_oxigraph(
    endpoint: EndpointStore, fixture_oxigraph: OxigraphStore
) -> None:
    """``limit``/``offset`` travel as ``LIMIT``/``OFFSET`` in the query text the endpoint runs."""
    for name in ("outcomes", "events", "event-roles", "role-asymmetry"):
        whole = list(run_query(fixture_oxigraph, name))
        assert len(whole) > 4, name
        assert list(run_query(endpoint, name, limit=3, offset=1)) == whole[1:4], name
        assert list(iter_query(endpoint, name, page_size=2)) == whole, name


def test_labels_and_codes_resolve_on_the_endpoint(
    endpoint: EndpointStore, fixture_oxigraph: OxigraphStore
) -> None:
    assert run_query(endpoint, "outcomes-in-place", {"place": "河南省"}) == run_query(
        fixture_oxigraph, "outcomes-in-place", {"place": "410000"}
    )
    with pytest.raises(UsageError, match="nothing is called"):
        run_query(endpoint, "co-hosts", {"policy": EVIL})
    assert len(run_query(endpoint, "search", {"text": EVIL})) == 0
    assert len(endpoint) == len(fixture_oxigraph)


def test_the_read_only_server_refuses_updates(endpoint: EndpointStore) -> None:
    base = endpoint.url.rsplit("/", 1)[0]
    for url, body, ctype, method in (
        (base + "/update", b"DROP ALL", "application/sparql-update", "POST"),
        (base + "/store?graph=urn:x", b"<urn:a> <urn:b> <urn:c> .", "application/n-triples", "PUT"),
    ):
        req = urllib.request.Request(url, data=body, method=method, headers={"Content-Type": ctype})
        with pytest.raises(urllib.error.HTTPError) as info:
            urllib.request.urlopen(req, timeout=5)
        assert info.value.code in (403, 405)
    with pytest.raises(StoreError, match="HTTP 40"):
        endpoint.put_graph("urn:x", "<urn:a> <urn:b> <urn:c> .\n")


def test_push_is_resumable(writable_endpoint: EndpointStore, fixture_memory: MemoryStore) -> None:
    first = push(fixture_memory, writable_endpoint, batch=100)
    assert sorted(first.pushed) == fixture_memory.graph_names() and not first.skipped
    assert first.requests > len(first.pushed)  # the big graphs went in several batches
    assert writable_endpoint.graph_names() == fixture_memory.graph_names()
    assert writable_endpoint.graph_sizes() == {
        g: fixture_memory.graph_size(g) for g in fixture_memory.graph_names()
    }
    for name in ("co-hosts", "policy-linkage", "indicator-series"):
        assert run_query(writable_endpoint, name) == run_query(fixture_memory, name)
    again = push(fixture_memory, writable_endpoint)
    assert again.pushed == () and sorted(again.skipped) == fixture_memory.graph_names()
    # a half-sent graph (interrupted push) is sent again, whole
    doc = "https://w3id.org/povkg/id/doc/henan-2019-09-20-lankao"
    lines = sorted(fixture_memory.graph_ntriples(doc))
    writable_endpoint.put_graph(doc, "\n".join(lines[: len(lines) // 2]) + "\n")
    resumed = push(fixture_memory, writable_endpoint)
    assert resumed.pushed == (doc,)
    assert writable_endpoint.graph_sizes()[doc] == len(lines)
    before = len(writable_endpoint)
    with pytest.raises(UsageError, match="nothing is called"):
        run_query(writable_endpoint, "co-hosts", {"policy": EVIL})
    assert len(writable_endpoint) == before


def test_povkg_push_command(writable_endpoint: EndpointStore, tmp_path: Path) -> None:
    store = OxigraphStore(tmp_path / "store")
    store.load_file(FIXTURE)
    store.flush()
    del store
    cmd = [
        sys.executable,
        "-m",
        "kg",
        "push",
        "--endpoint",
        writable_endpoint.url,
        "--store",
        str(tmp_path / "store"),
    ]
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert "pushed 6 graphs" in out.stderr
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    assert "pushed 0 graphs" in out.stderr and "skipped 6" in out.stderr


def test_povkg_serve_is_a_read_only_endpoint_over_the_store(
    tmp_path: Path, fixture_oxigraph: OxigraphStore
) -> None:
    oxigraph_exe()
    store = OxigraphStore(tmp_path / "store")  # written by pyoxigraph, as `povkg build` does
    store.load_file(FIXTURE)
    store.flush()
    del store
    port = free_port()
    url = f"http://127.0.0.1:{port}/query"
    cmd = [sys.executable, "-m", "kg", "serve", "--store", str(tmp_path / "store"), "--port", str(port)]
    with running(cmd, url):
        served = EndpointStore(url)
        assert run_query(served, "co-hosts") == run_query(fixture_oxigraph, "co-hosts")
        req = urllib.request.Request(
            url.replace("/query", "/update"),
            data=b"DROP ALL",
            headers={"Content-Type": "application/sparql-update"},
        )
        with pytest.raises(urllib.error.HTTPError):
            urllib.request.urlopen(req, timeout=5)
        assert len(served) == len(fixture_oxigraph)
        assert URIRef("https://w3id.org/povkg/id/doc/henan-2019-09-20-lankao") in {
            URIRef(g) for g in served.graph_names()
        }


def test_push_mirror_removes_graphs_only_on_the_endpoint(
    writable_endpoint: EndpointStore, fixture_memory: MemoryStore
) -> None:
    stray = "https://w3id.org/povkg/id/doc/removed-report"
    writable_endpoint.put_graph(stray, "<urn:a> <urn:b> <urn:c> .\n")
    kept = push(fixture_memory, writable_endpoint)
    assert stray in writable_endpoint.graph_names() and kept.removed == ()
    mirrored = push(fixture_memory, writable_endpoint, mirror=True)
    assert mirrored.removed == (stray,) and mirrored.pushed == ()
    assert writable_endpoint.graph_names() == fixture_memory.graph_names()
