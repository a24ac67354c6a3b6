"""OWL 2 RL reasoning: what is inferred, and that it stays apart from what was asserted."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import OWL, RDF, RDFS, Graph, Literal, URIRef
from rdflib.compare import isomorphic

from kg.catalogue import load_ontology
from kg.reason import reason_owlrl
from kg.vocab import ID, ORG, POV, PROV, QB, SCHEMA, place_iri

GUANGSHAN, XINYANG, HENAN, CHINA = (place_iri(c) for c in ("411522", "411500", "410000", "100000"))


def _hand_graph() -> Graph:
    g = Graph()
    g.add((GUANGSHAN, RDF.type, POV.County))
    g.add((GUANGSHAN, POV.partOf, XINYANG))
    g.add((XINYANG, POV.partOf, HENAN))
    g.add((ID["org/410000/cac"], RDF.type, POV.PartyBody))
    g.add((ID["org/cn/ndrc"], RDF.type, POV.GovernmentBody))
    site = ID["place/411522/guangshanxiandianshangchanyeyuan"]
    g.add((site, POV.locatedIn, GUANGSHAN))
    obs = ID["obs/x/1"]
    g.add((obs, RDF.type, POV.Observation))
    g.add((obs, POV.value, Literal("99.0", datatype=URIRef("http://www.w3.org/2001/XMLSchema#decimal"))))
    g.add((obs, POV.unit, Literal("%")))
    ev = ID["event/2020-11-10/411522/x"]
    g.add((ev, POV.hasHost, ID["org/410000/cac"]))
    return g


@pytest.fixture(scope="module")
def hand() -> Graph:
    return _hand_graph()


@pytest.fixture(scope="module")
def inferred(hand: Graph) -> Graph:
    return reason_owlrl(hand)


def test_transitive_part_of_on_a_hand_graph(inferred: Graph) -> None:
    assert (GUANGSHAN, POV.partOf, HENAN) in inferred


def test_located_in_is_part_of(inferred: Graph) -> None:
    site = ID["place/411522/guangshanxiandianshangchanyeyuan"]
    assert (site, POV.partOf, GUANGSHAN) in inferred
    assert (site, POV.partOf, HENAN) in inferred
    assert (GUANGSHAN, RDF.type, POV.Place) in inferred


def test_class_hierarchy(inferred: Graph) -> None:
    assert (ID["org/cn/ndrc"], RDF.type, ORG.Organization) in inferred
    assert (ID["org/cn/ndrc"], RDF.type, SCHEMA.GovernmentOrganization) in inferred
    assert (ID["org/410000/cac"], RDF.type, ORG.Organization) in inferred
    assert (ID["obs/x/1"], RDF.type, QB.Observation) in inferred
    assert (GUANGSHAN, RDF.type, POV.AdministrativeDivision) in inferred
    assert (GUANGSHAN, RDF.type, SCHEMA.Place) in inferred


def test_domains_ranges_and_super_properties(inferred: Graph) -> None:
    ev = ID["event/2020-11-10/411522/x"]
    assert (ev, RDF.type, POV.Event) in inferred  # domain of pov:hasHost
    assert (ev, RDF.type, PROV.Activity) in inferred
    assert (ev, PROV.wasAssociatedWith, ID["org/410000/cac"]) in inferred


def test_inferred_graph_is_disjoint_from_the_input(hand: Graph, inferred: Graph) -> None:
    assert len(inferred) > 0
    assert not any(t in hand for t in inferred)
    assert isomorphic(hand, _hand_graph())  # the input is unchanged


def test_no_ontology_triples_and_no_noise(inferred: Graph) -> None:
    onto = load_ontology()
    assert not any(t in onto for t in inferred)
    assert (POV.County, RDFS.subClassOf, SCHEMA.Place) not in inferred  # TBox entailment
    for s, p, o in inferred:
        assert not isinstance(s, Literal)
        assert not (p == OWL.sameAs and s == o)
        assert not (p == RDF.type and o in (OWL.Thing, RDFS.Resource))
        assert not str(s).startswith(
            ("http://www.w3.org/2002/07/owl#", "http://www.w3.org/2000/01/rdf-schema#")
        )
        assert not str(s).startswith(str(POV._NS)), (s, p, o)


def test_a_given_ontology_is_used(hand: Graph) -> None:
    tiny = Graph()
    tiny.add((POV.partOf, RDF.type, OWL.TransitiveProperty))
    out = reason_owlrl(hand, tiny)
    assert (GUANGSHAN, POV.partOf, HENAN) in out
    assert (ID["org/cn/ndrc"], RDF.type, ORG.Organization) not in out  # not in the tiny ontology


def test_gazetteer_closure() -> None:
    from kg.gazetteer import build_gazetteer_graph

    full = build_gazetteer_graph()
    # Henan only (and the country): owlrl is slow on the whole gazetteer
    keep = {s for s in full.subjects() if str(s).startswith(str(place_iri("41"))) or s == CHINA}
    g = Graph()
    for s, p, o in full:
        if s in keep:
            g.add((s, p, o))
    out = reason_owlrl(g)
    assert (GUANGSHAN, POV.partOf, HENAN) in out
    assert (GUANGSHAN, POV.partOf, CHINA) in out
    assert (GUANGSHAN, RDF.type, POV.Place) in out
    assert not any(t in g for t in out)


def test_cli_reason_writes_the_inferred_graph(tmp_path: Path) -> None:
    from kg.cli import main
    from kg.store import OxigraphStore
    from kg.vocab import G_INFERRED, doc_iri

    path = tmp_path / "store"
    store = OxigraphStore(path)
    store.replace_graph(doc_iri("x"), _hand_graph())
    store.replace_graph(G_INFERRED, Graph().add((ID["stale"], POV.partOf, ID["stale"])))
    store.flush()
    del store
    assert main(["reason", "--store", str(path)]) == 0
    ds = OxigraphStore(path, read_only=True).to_dataset()
    inferred = ds.graph(G_INFERRED)
    assert (GUANGSHAN, POV.partOf, HENAN) in inferred
    assert (ID["stale"], POV.partOf, ID["stale"]) not in inferred  # replaced, not added to
    assert (GUANGSHAN, POV.partOf, HENAN) not in ds.graph(doc_iri("x"))


def test_cli_reason_needs_an_existing_store(tmp_path: Path) -> None:
    from kg.cli import main

    assert main(["reason", "--store", str(tmp_path / "missing")]) == 3
    assert not (tmp_path / "missing").exists()
