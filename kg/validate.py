"""Validation: the SHACL shapes in ``ontology/shapes/`` against a data graph.

:func:`validate` runs pyshacl on a copy of the data graph with the ontology merged in, so
that a shape targeting ``pov:AdministrativeDivision`` also reaches ``pov:County`` and
``sh:class pov:Place`` accepts a ``pov:Site`` through ``rdfs:subClassOf``; no further
inference is run, so what is checked is what was asserted. The answer is a
:class:`ValidationReport` of :class:`Violation` records in a stable order. The data graph
is never changed.

Examples
--------
>>> from rdflib import Graph, Literal, RDF, RDFS
>>> from kg.vocab import ID, POV
>>> g = Graph()
>>> g.add((ID["policy/x"], RDF.type, POV.Policy))  # doctest: +ELLIPSIS
<Graph ...>
>>> report = validate(g)
>>> report.conforms, [v.shape.rsplit("#")[1] for v in report.violations]
(False, ['Policy-labelZh'])
>>> g.add((ID["policy/x"], RDFS.label, Literal("某政策", lang="zh-Hans")))  # doctest: +ELLIPSIS
<Graph ...>
>>> validate(g).conforms
True
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import pyshacl
from rdflib import RDF, BNode, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.term import Node

from kg.catalogue import load_ontology
from kg.errors import InputError
from kg.resources import ontology_path

__all__ = [
    "Violation",
    "ValidationReport",
    "validate",
    "validate_documents",
    "validate_built",
    "load_shapes",
    "load_instance_shapes",
]

SH = Namespace("http://www.w3.org/ns/shacl#")
_SEVERITY_ORDER = {"Violation": 0, "Warning": 1, "Info": 2}


@dataclass(frozen=True)
class Violation:
    """One SHACL validation result.

    Attributes
    ----------
    focus : str
        The node that broke the rule (an IRI, or ``_:id`` for a blank node).
    path : str or None
        The property path, when the rule was about one (``a|b`` for alternatives,
        ``^p`` for an inverse path).
    message : str
        What is wrong, in English, with the offending value when there is one.
    severity : str
        ``Violation``, ``Warning`` or ``Info``.
    shape : str
        The IRI of the shape (``https://w3id.org/povkg/shapes#Observation-unit``).
    """

    focus: str
    path: str | None
    message: str
    severity: str
    shape: str


@dataclass(frozen=True)
class ValidationReport:
    """The result of :func:`validate`: whether the data conforms, and every violation."""

    conforms: bool
    violations: tuple[Violation, ...]


@functools.cache
def _shapes_nt() -> str:
    g = Graph()
    for path in sorted(ontology_path("shapes").glob("*.ttl")):
        try:
            g.parse(path, format="turtle")
        except Exception as exc:  # rdflib raises many parser exception types
            raise InputError(f"cannot parse shapes file {path.name}: {exc}") from exc
    return g.serialize(format="nt")


def load_shapes() -> Graph:
    """The bundled SHACL shapes (``ontology/shapes/*.ttl``), as a new graph.

    >>> from rdflib import URIRef
    >>> (URIRef("https://w3id.org/povkg/shapes#ObservationShape"), None, None) in load_shapes()
    True
    """
    g = Graph()
    g.parse(data=_shapes_nt(), format="nt")
    return g


def load_instance_shapes() -> Graph:
    """The shapes of instance data only (``ontology/shapes/instances.ttl``), without the term shapes.

    >>> from rdflib import URIRef
    >>> g = load_instance_shapes()
    >>> (URIRef("https://w3id.org/povkg/shapes#ObservationShape"), None, None) in g
    True
    """
    g = Graph()
    path = ontology_path("shapes") / "instances.ttl"
    try:
        g.parse(path, format="turtle")
    except Exception as exc:  # rdflib raises many parser exception types
        raise InputError(f"cannot parse shapes file {path.name}: {exc}") from exc
    return g


def _node(n: Node) -> str:
    return f"_:{n}" if isinstance(n, BNode) else str(n)


def _path(results: Graph, path: Node | None) -> str | None:
    """A readable property path (SPARQL property-path syntax without angle brackets)."""
    if path is None:
        return None
    if isinstance(path, URIRef):
        return str(path)
    alternatives = results.value(path, SH.alternativePath)
    if alternatives is not None:
        return "|".join(_path(results, p) or "?" for p in Collection(results, alternatives))
    inverse = results.value(path, SH.inversePath)
    if inverse is not None:
        return f"^{_path(results, inverse)}"
    if results.value(path, RDF.first) is not None:
        return "/".join(_path(results, p) or "?" for p in Collection(results, path))
    for key, mark in ((SH.zeroOrMorePath, "*"), (SH.oneOrMorePath, "+"), (SH.zeroOrOnePath, "?")):
        inner = results.value(path, key)
        if inner is not None:
            return f"({_path(results, inner)}){mark}"
    return _node(path)


def _message(results: Graph, result: Node) -> str:
    messages = sorted(
        results.objects(result, SH.resultMessage),
        key=lambda m: (
            0
            if isinstance(m, Literal) and m.language == "en"
            else 1
            if getattr(m, "language", None) is None
            else 2,
            str(m),
        ),
    )
    text = str(messages[0]) if messages else "constraint not met"
    value = results.value(result, SH.value)
    if value is not None:
        shown = value.n3() if isinstance(value, Literal) else _node(value)
        text = f"{text} (value: {shown})"
    return text


def validate(data: Graph, *, shapes: Graph | None = None, ontology: Graph | None = None) -> ValidationReport:
    """Validate ``data`` against SHACL shapes.

    Parameters
    ----------
    data : rdflib.Graph
        The graph to check (not changed; pyshacl works on a copy).
    shapes : rdflib.Graph, optional
        Defaults to the bundled shapes (:func:`load_shapes`): instance shapes and the shapes
        that every ontology term carries bilingual labels and definitions.
    ontology : rdflib.Graph, optional
        Merged into a copy of the data so that subclass targets work; defaults to the
        bundled ontology (:func:`kg.catalogue.load_ontology`). Its terms are checked too.

    Returns
    -------
    ValidationReport
        ``conforms`` is True when there is no result of severity ``Violation`` (warnings
        and infos are listed but do not fail the check). Violations are sorted by focus
        node, path, shape, message and severity.
    """
    shapes_graph = shapes if shapes is not None else load_shapes()
    onto = ontology if ontology is not None else load_ontology()
    # Mix the whole ontology into a copy ourselves: pyshacl's own ont_graph mixing copies
    # only RDFS/OWL axioms, so skos:definition would look missing to the term shapes.
    merged = Graph()
    for t in data:
        merged.add(t)
    for t in onto:
        merged.add(t)
    _, results, _ = pyshacl.validate(
        merged,
        shacl_graph=shapes_graph,
        inference="none",
        advanced=True,  # the term shapes use a SPARQL target
        allow_warnings=True,
        allow_infos=True,
        inplace=True,  # on our own copy
    )
    violations = []
    for result in results.subjects(RDF.type, SH.ValidationResult):
        severity = results.value(result, SH.resultSeverity)
        violations.append(
            Violation(
                focus=_node(results.value(result, SH.focusNode)),
                path=_path(results, results.value(result, SH.resultPath)),
                message=_message(results, result),
                severity=str(severity).rsplit("#", 1)[-1] if severity is not None else "Violation",
                shape=_node(results.value(result, SH.sourceShape)),
            )
        )
    ordered = tuple(
        sorted(
            set(violations),
            key=lambda v: (v.focus, v.path or "", v.shape, v.message, _SEVERITY_ORDER.get(v.severity, 9)),
        )
    )
    return ValidationReport(
        conforms=not any(v.severity == "Violation" for v in ordered),
        violations=ordered,
    )


#: reference graphs whose description of an entity a document graph relies on
_REFERENCE_GRAPHS = ("gazetteer", "catalogue")


def validate_documents(store: Any, documents: Iterable[str] | None = None) -> ValidationReport:
    """Validate the document graphs of a store against the instance shapes.

    What :command:`povkg build` runs on what it built. Each document graph is checked with
    what it relies on from the reference graphs: the reference description (gazetteer,
    catalogue) of every entity it names, and the types of the entities those point to.
    Results are kept for the nodes the document graphs describe; the reference graphs
    themselves are checked by ``povkg validate`` (and by the test suite).

    Parameters
    ----------
    store : kg.store.OxigraphStore
        A built store.
    documents : iterable of str, optional
        The document graph IRIs to check; default: every document graph in the store.

    Returns
    -------
    ValidationReport
    """
    import pyoxigraph as ox

    from kg.store import _from_ox
    from kg.vocab import GRAPH, ID

    if documents is None:
        prefix = str(ID["doc/"])
        documents = [g for g in store.graph_names() if g.startswith(prefix)]
    docs = sorted(set(documents))
    if not docs:
        return ValidationReport(conforms=True, violations=())
    oxs = store.ox
    cache: dict[Any, Any] = {}

    def term(t: Any) -> Any:
        try:
            return cache[t]
        except KeyError:
            cache[t] = out = _from_ox(t)
            return out

    data = Graph()
    subjects: set[Any] = set()
    for doc in docs:
        for q in oxs.quads_for_pattern(None, None, None, ox.NamedNode(doc)):
            data.add((term(q.subject), term(q.predicate), term(q.object)))
            subjects.add(q.subject)
    refs = [ox.NamedNode(str(GRAPH[g])) for g in _REFERENCE_GRAPHS]
    for n in subjects:  # the reference description of every entity a document says something about
        for g in refs:
            for q in oxs.quads_for_pattern(n, None, None, g):
                data.add((term(q.subject), term(q.predicate), term(q.object)))
    rdf_type = ox.NamedNode(str(RDF.type))
    pointed = {o for o in data.objects() if isinstance(o, URIRef)}
    for o in pointed:  # and the types of what those point to (sh:class)
        for q in oxs.quads_for_pattern(ox.NamedNode(str(o)), rdf_type, None, None):
            data.add((o, RDF.type, term(q.object)))
    report = validate(data, shapes=load_instance_shapes())
    shown = {_node(term(n)) for n in subjects}
    kept = tuple(v for v in report.violations if v.focus in shown)
    return ValidationReport(conforms=not any(v.severity == "Violation" for v in kept), violations=kept)



def _validate_chunk(path: str, documents: list[str]) -> ValidationReport:
    from kg.store import OxigraphStore

    return validate_documents(OxigraphStore(path, read_only=True), documents)


def validate_built(path: str | Any, documents: Iterable[str], jobs: int = 1) -> ValidationReport:
    """:func:`validate_documents` over the published snapshot of the store at ``path``, in
    ``jobs`` processes (pyshacl is pure Python: about 0.1 s a document on this machine).

    Parameters
    ----------
    path : str or Path
        An on-disk store a build has just flushed (readers open its snapshot).
    documents : iterable of str
        The document graph IRIs to check.
    jobs : int
        Processes to share the documents between.
    """
    docs = sorted(set(documents))
    if jobs <= 1 or len(docs) < 2 * jobs:
        return _validate_chunk(str(path), docs)
    from concurrent.futures import ProcessPoolExecutor

    chunks = [docs[i::jobs] for i in range(jobs)]
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        reports = list(pool.map(_validate_chunk, [str(path)] * jobs, chunks))
    merged = tuple(
        sorted(
            {v for r in reports for v in r.violations},
            key=lambda v: (v.focus, v.path or "", v.shape, v.message, _SEVERITY_ORDER.get(v.severity, 9)),
        )
    )
    return ValidationReport(conforms=all(r.conforms for r in reports), violations=merged)
