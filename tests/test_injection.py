"""Text from users never reaches the query text: a parameter or lookup text such as
``光山县" } ; DROP ALL ; #`` finds nothing and changes nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from query_helpers import EVIL, FIXTURE
from rdflib import Literal, URIRef

from kg.api import KnowledgeGraph
from kg.cli import main
from kg.errors import UsageError
from kg.query import get_query, list_queries, resolve_entity, run_query, term_to_sparql
from kg.store import MemoryStore, OxigraphStore, inject_values


def _stores(tmp_path: Path) -> list[OxigraphStore | MemoryStore]:
    """Writable stores: an update smuggled in would succeed if it reached them."""
    on_disk = OxigraphStore(tmp_path / "store")
    on_disk.load_file(FIXTURE)
    subst = OxigraphStore(binding="substitutions")
    subst.load_file(FIXTURE)
    return [on_disk, subst, MemoryStore.from_file(FIXTURE)]


def test_evil_text_finds_nothing_and_changes_nothing(tmp_path: Path) -> None:
    for store in _stores(tmp_path):
        before = len(store)
        assert resolve_entity(store, EVIL) == []
        assert len(run_query(store, "search", {"text": EVIL})) == 0
        for q in list_queries():
            base = {p.name: p.example for p in q.params if p.required and p.example}
            for p in q.params:
                if p.type == "iri":
                    with pytest.raises(UsageError, match="nothing is called"):
                        run_query(store, q, {**base, p.name: EVIL})
                elif p.type == "string":
                    assert len(run_query(store, q, {**base, p.name: EVIL})) == 0
        kg = KnowledgeGraph(store)
        assert kg.lookup(EVIL) == [] and kg.search(EVIL) == [] and kg.place(EVIL) is None
        res = kg.sparql("SELECT ?s ?text WHERE { ?s ?p ?text }", text=EVIL)
        assert len(res) == 0
        assert len(store) == before


def test_iris_that_could_close_the_bracket_are_refused(fixture_path: Path = FIXTURE) -> None:
    store = MemoryStore.from_file(fixture_path)
    for bad in ["http://x/> } ; DROP ALL ; #", "http://x/a b", 'http://x/"', "http://x/{y}"]:
        with pytest.raises(UsageError, match="not a valid IRI"):
            run_query(store, "co-hosts", {"policy": bad})
        with pytest.raises(UsageError):
            term_to_sparql(URIRef(bad))


def test_values_blocks_escape_literals() -> None:
    text = inject_values("SELECT ?s ?t WHERE { ?s ?p ?t }", {"t": Literal(EVIL)})
    assert '"光山县\\" } ; DROP ALL ; #"' in text
    store = OxigraphStore()
    store.load_file(FIXTURE)
    before = len(store)
    res = store.select(text)  # parses as one SELECT: the text stayed inside its literal
    assert len(res) == 0 and len(store) == before
    with pytest.raises(UsageError, match="variable name"):
        inject_values("SELECT ?s WHERE { ?s ?p ?o }", {"o} DROP ALL {": Literal("x")})


def test_lookup_command_with_evil_text(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    store = OxigraphStore(tmp_path / "store")
    store.load_file(FIXTURE)
    store.flush()
    before = len(store)
    del store
    assert main(["lookup", EVIL, "--store", str(tmp_path / "store")]) == 1
    assert "nothing is called" in capsys.readouterr().err
    assert main(["query", "search", "-p", f"text={EVIL}", "--store", str(tmp_path / "store")]) == 0
    assert len(OxigraphStore(tmp_path / "store", read_only=True)) == before


def test_every_named_query_binds_its_parameters_not_pastes_them() -> None:
    for q in list_queries():
        for p in q.params:
            assert "{" + p.name not in q.text and "%(" not in q.text, f"{q.name} looks like a template"
    assert get_query("search").text.count("?text") >= 2
