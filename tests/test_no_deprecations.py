"""povkg's own calls into rdflib raise no DeprecationWarning (the test run stays readable)."""

from __future__ import annotations

import warnings
from pathlib import Path

from query_helpers import FIXTURE

from kg.query import list_queries, run_query
from kg.store import MemoryStore, OxigraphStore


def _deprecations(fn) -> list[str]:  # type: ignore[no-untyped-def]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fn()
    return [f"{w.filename}:{w.lineno}: {w.message}" for w in caught if issubclass(w.category, DeprecationWarning)]


def test_loading_and_querying_rdflib_stores_warn_of_nothing(tmp_path: Path) -> None:
    def work() -> None:
        mem = MemoryStore.from_file(FIXTURE)
        for q in list_queries():
            run_query(mem, q, {p.name: p.example for p in q.params if p.required and p.example})
        mem.ask("ASK { GRAPH ?g { ?s ?p ?o } }")
        mem.construct("CONSTRUCT { ?s ?p ?o } WHERE { ?s a pov:Policy ; ?p ?o }")
        ox = OxigraphStore()
        ox.load_file(FIXTURE)
        assert len(ox.to_dataset()) > 0

    assert _deprecations(work) == []


def test_the_viewer_over_rdflib_warns_of_nothing() -> None:
    from visualise import build_view

    mem = MemoryStore.from_file(FIXTURE)
    assert _deprecations(lambda: build_view(mem.ds, "overview")) == []
