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
from dataclasses import dataclass

import pyshacl
from rdflib import RDF, BNode, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.term import Node

from kg.catalogue import load_ontology
from kg.errors import InputError
from kg.resources import ontology_path

__all__ = ["Violation", "ValidationReport", "validate", "load_shapes"]

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
