"""Reasoning: the OWL 2 RL closure of a graph, as a graph of its own.

:func:`reason_owlrl` runs owlrl over the data and the ontology together and returns only
what was *inferred*: never the input, never what the ontology entails on its own (its
class and property hierarchy), and none of the axiomatic noise OWL 2 RL adds to every
resource (``x owl:sameAs x``, ``x rdf:type owl:Thing``, statements about literals or
about RDF/RDFS/OWL/XSD built-ins). The input graph is not changed. The build stores the
result in its own named graph, ``graph/inferred`` (:data:`kg.vocab.G_INFERRED`), so what
was asserted and what was inferred never mix.

owlrl is pure Python: about 1 s for the ontology alone and tens of seconds for the
gazetteer; for large data graphs use targeted rules in the store instead (DESIGN.md).

Examples
--------
>>> from rdflib import Graph, RDF
>>> from kg.vocab import POV, ORG, place_iri
>>> g = Graph()
>>> g.add((place_iri("411522"), POV.partOf, place_iri("411500")))  # doctest: +ELLIPSIS
<Graph ...>
>>> g.add((place_iri("411500"), POV.partOf, place_iri("410000")))  # doctest: +ELLIPSIS
<Graph ...>
>>> inferred = reason_owlrl(g)
>>> (place_iri("411522"), POV.partOf, place_iri("410000")) in inferred
True
>>> any(t in g for t in inferred)
False
"""

from __future__ import annotations

import functools
import logging

import owlrl  # type: ignore[import-untyped]
from rdflib import OWL, RDF, RDFS, XSD, Graph, Literal, URIRef
from rdflib.term import Node

from kg.catalogue import load_ontology
from kg.vocab import PREFIXES

__all__ = ["reason_owlrl"]

log = logging.getLogger(__name__)

_BUILTIN = (str(RDF), str(RDFS), str(OWL), str(XSD))
#: the namespace owlrl writes its inconsistency reports in
_OWLRL_ERRORS = "http://www.daml.org/2002/03/agents/agent-ont#"
_TRIVIAL_TYPES = frozenset({OWL.Thing, RDFS.Resource})
_REFLEXIVE = frozenset(
    {OWL.sameAs, RDFS.subClassOf, RDFS.subPropertyOf, OWL.equivalentClass, OWL.equivalentProperty}
)


def _closure(graph: Graph) -> Graph:
    """The OWL 2 RL closure of ``graph``, in a new graph (``graph`` is left alone)."""
    out = Graph()
    for t in graph:
        out.add(t)
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics, axiomatic_triples=False, datatype_axioms=False).expand(out)
    return out


@functools.cache
def _bundled_ontology_closure() -> Graph:
    return _closure(load_ontology())


def _trivial(s: Node, p: Node, o: Node) -> bool:
    """Axiomatic noise that says nothing about the data."""
    if isinstance(s, Literal) or str(p).startswith(_OWLRL_ERRORS):
        return True
    if s == o and p in _REFLEXIVE:
        return True
    if p == RDF.type and o in _TRIVIAL_TYPES:
        return True
    if p == RDFS.subClassOf and o == OWL.Thing:
        return True
    return isinstance(s, URIRef) and str(s).startswith(_BUILTIN)


def reason_owlrl(graph: Graph, ontology: Graph | None = None) -> Graph:
    """The triples the OWL 2 RL closure of ``graph`` plus ``ontology`` adds.

    Parameters
    ----------
    graph : rdflib.Graph
        The data (instances). It is not changed.
    ontology : rdflib.Graph, optional
        The TBox; defaults to the bundled ontology (:func:`kg.catalogue.load_ontology`).

    Returns
    -------
    rdflib.Graph
        A new graph with the inferred triples only: the closure minus the input, minus
        the closure of the ontology on its own, minus axiomatic noise.

    Notes
    -----
    owlrl records an inconsistency (for example a literal outside a property's range) as
    an error resource; those are left out of the result and logged as warnings instead.
    """
    onto = ontology if ontology is not None else load_ontology()
    base = _bundled_ontology_closure() if ontology is None else _closure(onto)
    merged = Graph()
    for t in graph:
        merged.add(t)
    for t in onto:
        merged.add(t)
    closure = _closure(merged)
    # owlrl reports inconsistencies as blank nodes typed in its error namespace
    errors = {s for s, o in closure.subject_objects(RDF.type) if str(o).startswith(_OWLRL_ERRORS)}
    for message in sorted(str(m) for e in errors for m in closure.objects(e, None) if isinstance(m, Literal)):
        log.warning("OWL 2 RL: %s", message)
    out = Graph()
    for prefix, ns in PREFIXES.items():
        out.bind(prefix, ns)
    for s, p, o in closure:
        if s in errors or _trivial(s, p, o) or (s, p, o) in graph or (s, p, o) in base:
            continue
        out.add((s, p, o))
    return out
