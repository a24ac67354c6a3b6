"""The scalable inference path computes exactly owlrl's OWL 2 RL closure for our ontology."""

from __future__ import annotations

from decimal import Decimal

import pyoxigraph as ox
import pytest
from rdflib import Graph

from kg.build import build_document_graph, extract_file
from kg.catalogue import build_catalogue_graph, load_ontology
from kg.gazetteer import build_gazetteer_graph
from kg.infer import infer_graph, infer_into_store
from kg.reason import reason_owlrl
from kg.resources import sample_report
from kg.store import OxigraphStore
from kg.vocab import G_INFERRED, G_ONTOLOGY, POV, doc_iri, place_iri

HENAN = ("100000", "410000", "411500", "411522", "419001")


@pytest.fixture(scope="module")
def data() -> Graph:
    report, ex = extract_file(sample_report())
    g = build_document_graph(ex, report)
    keep = {place_iri(c) for c in HENAN}
    for t in build_gazetteer_graph():
        if t[0] in keep:
            g.add(t)
    for t in build_catalogue_graph():
        g.add(t)
    return g


@pytest.mark.slow
def test_same_closure_as_owlrl(data: Graph) -> None:
    onto = load_ontology()
    reference = set(reason_owlrl(data, onto))
    ours = set(infer_graph(data, onto))
    assert len(ours) > 500
    assert ours == reference


def test_store_path_equals_graph_path(data: Graph, tmp_path) -> None:
    onto = load_ontology()
    st = OxigraphStore(tmp_path / "s")
    st.load_graph(G_ONTOLOGY, onto)
    st.load_graph(doc_iri("ref"), data)
    n = infer_into_store(st)
    def norm(o: object) -> object:  # Oxigraph writes decimals canonically: compare numbers as numbers
        try:
            return Decimal(str(o))
        except ArithmeticError:
            return str(o)

    stored = {(q.subject.value, q.predicate.value, norm(q.object.value))
              for q in st.ox.quads_for_pattern(None, None, None, ox.NamedNode(str(G_INFERRED)))}
    expected = {(str(s), str(p), norm(o)) for s, p, o in infer_graph(data, onto)}
    assert n == len(stored)
    assert stored == expected
    assert (str(place_iri("411522")), str(POV.partOf), str(place_iri("410000"))) in stored


def test_inferred_graph_is_never_mixed_with_asserted(data: Graph) -> None:
    inferred = infer_graph(data, load_ontology())
    assert not any(t in data for t in inferred)


def test_one_pass_closure_equals_naive_fixpoint(data: Graph) -> None:
    from rdflib import Literal

    from kg.infer import closure, closure_fast, read_axioms

    onto = load_ontology()
    ax = read_axioms((str(s), str(p), str(o)) for s, p, o in onto)
    from rdflib import OWL, RDF

    for s in onto.subjects(RDF.type, OWL.TransitiveProperty):
        ax.transitive.add(str(s))

    def k(t: object) -> str:
        return t.n3() if isinstance(t, Literal) else str(t)

    facts = {(k(s), str(p), k(o)) for s, p, o in data}
    assert closure_fast(facts, ax) == closure(facts, ax)
