"""The ontology: it parses, declares exactly the terms of kg.vocab.POV, each bilingual, in OWL 2 RL."""

from __future__ import annotations

import re

import pytest
from rdflib import DCTERMS, OWL, RDF, RDFS, SKOS, Graph, Literal, URIRef

from kg.catalogue import load_ontology
from kg.resources import ontology_path
from kg.vocab import POV

ONTOLOGY = URIRef("https://w3id.org/povkg/def")
NS = str(POV._NS)
BUILTIN = (str(RDF), str(RDFS), str(OWL), "http://www.w3.org/2001/XMLSchema#")
DECLARATIONS = {
    OWL.Class,
    OWL.ObjectProperty,
    OWL.DatatypeProperty,
    OWL.AnnotationProperty,
    OWL.NamedIndividual,
    RDFS.Datatype,
    OWL.Ontology,
}
VOCAB_TERMS = sorted(str(t) for t in dir(POV))
MODULES = sorted(p.name for p in ontology_path().glob("*.ttl"))


@pytest.fixture(scope="module")
def onto() -> Graph:
    return load_ontology()


def _langs(g: Graph, s: URIRef, p: URIRef) -> list[str]:
    return sorted(o.language or "" for o in g.objects(s, p) if isinstance(o, Literal))


def test_modules_are_there_and_parse() -> None:
    assert "pov-core.ttl" in MODULES and len(MODULES) >= 2
    for name in MODULES:
        assert len(Graph().parse(ontology_path(name), format="turtle")) > 0, name


@pytest.mark.parametrize("name", MODULES)
def test_prefix_block_is_sorted(name: str) -> None:
    text = ontology_path(name).read_text(encoding="utf-8")
    prefixes = re.findall(r"^@prefix\s+([\w-]*):", text, flags=re.M)
    assert prefixes and prefixes == sorted(prefixes)


def test_header(onto: Graph) -> None:
    assert (ONTOLOGY, RDF.type, OWL.Ontology) in onto
    assert onto.value(ONTOLOGY, OWL.versionIRI) == URIRef("https://w3id.org/povkg/def/0.1.0")
    assert str(onto.value(ONTOLOGY, OWL.versionInfo)) == "0.1.0"
    assert _langs(onto, ONTOLOGY, DCTERMS.title) == ["en", "zh-Hans"]
    assert onto.value(ONTOLOGY, DCTERMS.license) is not None
    # exactly one ontology header across the modules
    assert list(onto.subjects(RDF.type, OWL.Ontology)) == [ONTOLOGY]


@pytest.mark.parametrize("term", VOCAB_TERMS, ids=lambda t: t[len(NS) :])
def test_every_vocab_term_is_declared_bilingual(onto: Graph, term: str) -> None:
    s = URIRef(term)
    kinds = set(onto.objects(s, RDF.type)) & DECLARATIONS
    assert kinds, f"{term} is not declared"
    assert _langs(onto, s, RDFS.label) == ["en", "zh-Hans"]
    assert _langs(onto, s, SKOS.definition) == ["en", "zh-Hans"]
    assert onto.value(s, RDFS.isDefinedBy) == ONTOLOGY


def test_every_own_term_is_in_the_vocabulary(onto: Graph) -> None:
    own = {str(t) for t in onto.all_nodes() if isinstance(t, URIRef) and str(t).startswith(NS)}
    assert own - set(VOCAB_TERMS) == set()
    assert set(VOCAB_TERMS) - own == set()


def test_term_kinds_match_the_vocabulary(onto: Graph) -> None:
    classes = {t for t in VOCAB_TERMS if (URIRef(t), RDF.type, OWL.Class) in onto}
    props = {
        t
        for t in VOCAB_TERMS
        if {OWL.ObjectProperty, OWL.DatatypeProperty} & set(onto.objects(URIRef(t), RDF.type))
    }
    individuals = {t for t in VOCAB_TERMS if (URIRef(t), RDF.type, OWL.NamedIndividual) in onto}
    assert classes | props | individuals == set(VOCAB_TERMS)
    # upper-camel classes and individuals, lower-camel properties
    assert all(t[len(NS)][0].isupper() for t in classes | individuals)
    assert all(t[len(NS)][0].islower() for t in props)


def test_no_punning(onto: Graph) -> None:
    classes = set(onto.subjects(RDF.type, OWL.Class))
    individuals = set(onto.subjects(RDF.type, OWL.NamedIndividual))
    properties = set(onto.subjects(RDF.type, OWL.ObjectProperty)) | set(
        onto.subjects(RDF.type, OWL.DatatypeProperty)
    )
    assert classes & individuals == set()
    assert classes & properties == set()
    assert individuals & properties == set()
    assert (
        set(onto.subjects(RDF.type, OWL.ObjectProperty)) & set(onto.subjects(RDF.type, OWL.DatatypeProperty))
        == set()
    )


def test_individuals_belong_to_an_own_class_and_scheme(onto: Graph) -> None:
    for s in onto.subjects(RDF.type, OWL.NamedIndividual):
        types = set(onto.objects(s, RDF.type)) - {OWL.NamedIndividual}
        assert len(types) == 1, s
        (cls,) = types
        if cls == SKOS.ConceptScheme:
            continue
        assert str(cls).startswith(NS) and (cls, RDFS.subClassOf, SKOS.Concept) in onto, s
        scheme = onto.value(s, SKOS.inScheme)
        assert scheme is not None and (scheme, RDF.type, SKOS.ConceptScheme) in onto, s


def test_every_used_external_term_is_declared(onto: Graph) -> None:
    declared = {s for s, o in onto.subject_objects(RDF.type) if o in DECLARATIONS}
    used: set[URIRef] = set()
    for _s, p, o in onto:
        used.add(p)
        if p in (
            RDF.type,
            RDFS.subClassOf,
            RDFS.subPropertyOf,
            RDFS.domain,
            RDFS.range,
            OWL.equivalentClass,
            OWL.equivalentProperty,
            OWL.inverseOf,
            SKOS.inScheme,
        ):
            used.add(o)  # type: ignore[arg-type]
    external = {u for u in used if isinstance(u, URIRef) and not str(u).startswith(BUILTIN)}
    assert external - declared == set()


def test_owl2_rl_constructs_only(onto: Graph) -> None:
    # constructs outside OWL 2 RL (or that make RL reasoning explode) are not used
    banned = {
        OWL.unionOf,
        OWL.complementOf,
        OWL.someValuesFrom,
        OWL.minCardinality,
        OWL.cardinality,
        OWL.oneOf,
        OWL.disjointUnionOf,
        OWL.ReflexiveProperty,
    }
    assert {p for _, p, _ in onto} & banned == set()
    assert {o for o in onto.objects(None, RDF.type)} & banned == set()


def test_reuse_of_w3c_terms(onto: Graph) -> None:
    from kg.vocab import OA, ORG, PROV, QB, SCHEMA

    def sub(a: URIRef, b: URIRef, p: URIRef = RDFS.subClassOf) -> bool:
        return b in set(onto.transitive_objects(a, p))

    assert sub(POV.GovernmentBody, ORG.Organization) and sub(
        POV.GovernmentBody, SCHEMA.GovernmentOrganization
    )
    assert sub(POV.PartyBody, ORG.Organization)
    assert sub(POV.Meeting, SCHEMA.Event) and sub(POV.SiteVisit, PROV.Activity)
    assert sub(POV.Observation, QB.Observation)
    assert sub(POV.Indicator, SKOS.Concept)
    assert sub(POV.TextSelector, OA.TextPositionSelector) and sub(POV.TextSelector, OA.TextQuoteSelector)
    assert sub(POV.Document, PROV.Entity) and sub(POV.Policy, PROV.Entity)
    for c in (POV.Country, POV.Province, POV.PrefectureCity, POV.County, POV.Township, POV.Village):
        assert sub(c, POV.AdministrativeDivision) and sub(c, SCHEMA.Place)
    assert (POV.partOf, RDF.type, OWL.TransitiveProperty) in onto
    assert sub(POV.locatedIn, POV.partOf, RDFS.subPropertyOf)
    assert sub(POV.heldIn, SCHEMA.location, RDFS.subPropertyOf)
    assert sub(POV.includesVisit, SCHEMA.subEvent, RDFS.subPropertyOf)
    assert sub(POV.divisionCode, DCTERMS.identifier, RDFS.subPropertyOf)
    assert (POV.value, RDFS.range, URIRef("http://www.w3.org/2001/XMLSchema#decimal")) in onto


def test_domains_and_ranges_are_declared_classes(onto: Graph) -> None:
    classes = set(onto.subjects(RDF.type, OWL.Class))
    for p in (RDFS.domain, RDFS.range):
        for prop, cls in onto.subject_objects(p):
            if (prop, RDF.type, OWL.DatatypeProperty) in onto and p == RDFS.range:
                assert str(cls).startswith("http://www.w3.org/2001/XMLSchema#"), prop
            else:
                assert cls in classes, (prop, p, cls)


def test_the_term_shapes_accept_the_ontology(onto: Graph) -> None:
    from kg.validate import validate

    report = validate(Graph(), ontology=onto)
    assert report.conforms, report.violations[:5]


def test_shapes_parse() -> None:
    for path in sorted(ontology_path("shapes").glob("*.ttl")):
        assert len(Graph().parse(path, format="turtle")) > 0, path.name
