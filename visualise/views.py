"""Node and edge lists of the viewer's views, read from a store with SPARQL.

The store is read with one SPARQL query over every asserted named graph (the inferred graph
is left out, so transitive closures do not clutter the picture). The rows become a small
in-memory model; each view then picks its nodes and edges from it, folds what a reader does
not need as a node (documents, text selectors and participations: roles become labelled
edges, selectors become the source sentence of the node or edge they support), sizes the
nodes and computes their positions in Python with a fixed seed, so the same graph always
gives the same :class:`ViewData`.

Examples
--------
>>> from visualise.views import ViewData, Node, Edge
>>> v = ViewData(nodes=(Node("urn:a", "policy", "政策", "Policy"),), edges=(), title="t")
>>> len(v.nodes), v.nodes[0].label("en")
(1, 'Policy')
"""

from __future__ import annotations

import difflib
import math
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any, NamedTuple

from kg.errors import UsageError
from kg.vocab import G_INFERRED, ORG, POV, PREFIXES, PROV, QB, SCHEMA

__all__ = [
    "VIEWS",
    "LANGS",
    "NODE_TYPES",
    "FIELDS",
    "RELATIONS",
    "PHYSICS_MAX_NODES",
    "Source",
    "SeriesPoint",
    "SERIES_CAP",
    "Node",
    "Edge",
    "ViewData",
    "build_view",
    "load_model",
    "indicator_series",
    "with_series",
    "compute_layout",
    "with_layout",
]

VIEWS: tuple[str, ...] = ("overview", "policy", "coorg", "place", "event")
LANGS: tuple[str, ...] = ("zh", "en")

#: views with physics (vis-network stabilisation, then frozen) up to this many nodes
PHYSICS_MAX_NODES = 300
#: most points of an indicator's series chart carried in a page (the rest are counted)
SERIES_CAP = 60

_RDF_TYPE = PREFIXES["rdf"] + "type"
_RDFS_LABEL = PREFIXES["rdfs"] + "label"
_SKOS = PREFIXES["skos"]
_DCT = PREFIXES["dct"]
_OA = PREFIXES["oa"]

#: node types, in legend order: key -> (Chinese name, English name)
NODE_TYPES: dict[str, tuple[str, str]] = {
    "policy": ("政策", "Policy"),
    "programme": ("工程", "Programme"),
    "indicator": ("指标", "Indicator"),
    "body": ("机构", "Body"),
    "event": ("活动", "Event"),
    "visit": ("调研", "Site visit"),
    "outcome": ("成效", "Outcome"),
    "place": ("地点", "Place"),
    "site": ("场所", "Site"),
}
_TYPE_RANK = {k: i for i, k in enumerate(NODE_TYPES)}

#: detail fields shown in tooltips and the details panel: key -> (Chinese, English)
FIELDS: dict[str, tuple[str, str]] = {
    "value": ("数值", "Value"),
    "as_written": ("原文数值", "As written"),
    "qualifier": ("限定", "Qualifier"),
    "kind": ("类型", "Kind"),
    "indicator": ("指标", "Indicator"),
    "area": ("地区", "Area"),
    "as_of": ("时间", "As of"),
    "programme": ("工程", "Programme"),
    "policy": ("政策", "Policy"),
    "date": ("日期", "Date"),
    "place": ("地点", "Place"),
    "issued": ("发布时间", "Issued"),
    "issuers": ("发布机构", "Issued by"),
    "doc_number": ("发文字号", "Document number"),
    "code": ("代码", "Code"),
    "level": ("层级", "Level"),
    "serves": ("服务地区", "Serves"),
    "counterpart": ("对口上级", "Counterpart of"),
    "located_in": ("位于", "Located in"),
    "hosted": ("主办活动", "Events hosted"),
    "cohosts": ("共同主办机构", "Co-hosts"),
    "centrality": ("中心度", "Centrality"),
    "events": ("活动", "Events"),
    "degree": ("连接数", "Links"),
}

#: edge kinds: key -> (Chinese, English)
RELATIONS: dict[str, tuple[str, str]] = {
    "host": ("主办", "host"),
    "speaker": ("讲话", "speaker"),
    "attendee": ("出席", "attendee"),
    "guide": ("指导", "guide"),
    "organiser": ("承办", "organiser"),
    "participant": ("参与", "participant"),
    "partOf": ("隶属", "part of"),
    "locatedIn": ("位于", "located in"),
    "serves": ("服务", "serves"),
    "counterpartOf": ("对口", "counterpart of"),
    "subOrganisationOf": ("下属于", "sub-organisation of"),
    "issuedBy": ("发布", "issued by"),
    "basedOn": ("依据", "based on"),
    "measures": ("衡量", "measures"),
    "programmeOf": ("属于", "part of"),
    "heldIn": ("举办地", "held in"),
    "implements": ("落实", "implements"),
    "relays": ("传达", "relays"),
    "visit": ("调研", "includes visit"),
    "indicator": ("指标", "indicator"),
    "area": ("地区", "area"),
    "programme": ("工程", "programme"),
    "policy": ("政策", "policy"),
    "reportedAt": ("通报于", "reported at"),
    "cohost": ("共同主办", "co-hosted"),
}

_CLASS_TYPES: dict[str, tuple[str, int]] = {
    str(POV.Policy): ("policy", 10),
    str(POV.Programme): ("programme", 10),
    str(POV.Indicator): ("indicator", 10),
    str(POV.Organisation): ("body", 5),
    str(ORG.Organization): ("body", 4),
    str(POV.GovernmentBody): ("body", 10),
    str(POV.PartyBody): ("body", 10),
    str(POV.Enterprise): ("body", 10),
    str(POV.SocialOrganisation): ("body", 10),
    str(POV.Place): ("place", 5),
    str(POV.AdministrativeDivision): ("place", 6),
    str(POV.Country): ("place", 10),
    str(POV.Province): ("place", 10),
    str(POV.PrefectureCity): ("place", 10),
    str(POV.County): ("place", 10),
    str(POV.Township): ("place", 10),
    str(POV.Village): ("place", 10),
    str(POV.Site): ("site", 20),
    str(POV.Event): ("event", 5),
    str(POV.Meeting): ("event", 10),
    str(POV.SiteVisit): ("visit", 20),
    str(POV.Observation): ("outcome", 10),
    str(QB.Observation): ("outcome", 5),
    str(POV.Document): ("document", 30),
    str(POV.TextSelector): ("selector", 30),
    str(POV.Participation): ("participation", 30),
}

_ROLE_PROPS: dict[str, str] = {
    str(POV.hasHost): "host",
    str(POV.hasSpeaker): "speaker",
    str(POV.hasAttendee): "attendee",
    str(POV.hasGuide): "guide",
    str(POV.hasOrganiser): "organiser",
}
_ROLES: dict[str, str] = {
    str(POV.HostRole): "host",
    str(POV.SpeakerRole): "speaker",
    str(POV.AttendeeRole): "attendee",
    str(POV.GuideRole): "guide",
    str(POV.OrganiserRole): "organiser",
}
_REL_PROPS: dict[str, str] = {
    str(POV.partOf): "partOf",
    str(POV.locatedIn): "locatedIn",
    str(POV.serves): "serves",
    str(POV.counterpartOf): "counterpartOf",
    str(ORG.subOrganizationOf): "subOrganisationOf",
    str(POV.isIssuedBy): "issuedBy",
    str(POV.isBasedOn): "basedOn",
    str(POV.measuresProgramme): "measures",
    _DCT + "isPartOf": "programmeOf",
    str(POV.heldIn): "heldIn",
    str(POV.implementsPolicy): "implements",
    str(POV.relaysMeeting): "relays",
    str(POV.includesVisit): "visit",
    str(POV.indicator): "indicator",
    str(POV.area): "area",
    str(POV.forProgramme): "programme",
    str(POV.underPolicy): "policy",
    str(POV.reportedAt): "reportedAt",
}
#: IRI-valued properties kept as attributes (concept values, structure of folded nodes)
_ATTR_IRI_PROPS = (
    str(POV.qualifier),
    str(POV.kind),
    str(POV.level),
    str(POV.hasParticipation),
    str(POV.participant),
    str(POV.role),
    str(PROV.wasDerivedFrom),
    str(POV.isMentionedIn),
    str(POV.inDocument),
)
_LITERAL_PROPS = (
    str(POV.value),
    str(POV.valueAsWritten),
    str(POV.unit),
    str(POV.asOf),
    str(SCHEMA.startDate),
    _DCT + "issued",
    _DCT + "date",
    _DCT + "title",
    _DCT + "source",
    str(POV.documentNumber),
    str(POV.divisionCode),
    str(POV.catalogueKey),
    _OA + "start",
    _OA + "end",
    _OA + "exact",
)
_LABEL_PROPS = {_RDFS_LABEL: 0, _SKOS + "prefLabel": 0, _SKOS + "altLabel": 2}

#: fallback names of the closed concept values (used when the ontology graph is absent)
_CONCEPTS: dict[str, tuple[str, str]] = {
    str(POV.Exact): ("确切", "exact"),
    str(POV.MoreThan): ("多于", "more than"),
    str(POV.AtLeast): ("不少于", "at least"),
    str(POV.About): ("约", "about"),
    str(POV.LessThan): ("不足", "less than"),
    str(POV.Result): ("成效", "result"),
    str(POV.Target): ("目标", "target"),
    str(POV.Baseline): ("基线", "baseline"),
    str(POV.NationalLevel): ("国家级", "national"),
    str(POV.ProvincialLevel): ("省级", "provincial"),
    str(POV.CityLevel): ("市级", "city"),
    str(POV.CountyLevel): ("县级", "county"),
    str(POV.TownshipLevel): ("乡级", "township"),
    str(POV.VillageLevel): ("村级", "village"),
}

_MAX_SOURCES = 3


# --- the data a page is made of --------------------------------------------------------------


@dataclass(frozen=True)
class Source:
    """The sentence a node or edge was read from.

    Parameters
    ----------
    quote : str
        The text as written in the report (``oa:exact``).
    document : str
        IRI of the document.
    title : str
        Title of the document.
    date : str
        Date of the document (ISO), or ``""``.
    url : str
        Where the document was published (``dct:source``), or ``""``; shown as a link only
        when it is an ``http(s)`` URL.
    start, end : int
        Code-point offsets of the quote in the original text.
    """

    quote: str
    document: str = ""
    title: str = ""
    date: str = ""
    url: str = ""
    start: int = 0
    end: int = 0

    def clean_quote(self) -> str:
        """The quote without inline pinyin, in simplified characters (the quote if that fails)."""
        return _clean_text(self.quote)


@dataclass(frozen=True)
class SeriesPoint:
    """One point of an indicator's series: an (area, as-of date, kind) across every report.

    The same points as ``povkg query indicator-series`` and :meth:`kg.api.KnowledgeGraph.series`
    (the observation first in IRI order stands for the others), read from the model.

    Parameters
    ----------
    area : str
        IRI of the place the figure is about.
    as_of : str
        ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``, as recorded.
    value : float
        The normalised value.
    kind : str
        ``Result``, ``Target``, ``Baseline`` or ``Rank``.
    province : str
        IRI of the area's province (``id:place/100000`` for national figures), or the area's.
    province_zh, province_en, area_zh, area_en : str
        Their labels.
    unit : str
        The normalised unit, or ``""``.
    as_written : str
        The figure as the report writes it, or ``""``.
    source : Source or None
        The sentence of the standing observation.
    reports : int
        How many observations give the point.
    """

    area: str
    as_of: str
    value: float
    kind: str
    province: str
    province_zh: str
    province_en: str
    area_zh: str
    area_en: str
    unit: str = ""
    as_written: str = ""
    source: Source | None = None
    reports: int = 1


@dataclass(frozen=True)
class Node:
    """A node of a view.

    Parameters
    ----------
    id : str
        The IRI of the entity (unique within a view).
    type : str
        A key of :data:`NODE_TYPES`.
    label_zh, label_en : str
        Labels in Chinese and English (the English one falls back to the Chinese one).
    size : float
        Radius in pixels (from the degree or the centrality).
    x, y : float or None
        Position in pixels; ``None`` until a layout has been computed.
    alt_labels : tuple of str
        Other names, searched by the page's search box.
    details : tuple of (field, value_zh, value_en)
        Key values (a key of :data:`FIELDS` and its value in both languages).
    sources : tuple of Source
        Sentences the entity was read from (at most three).
    parent : str or None
        The node this one is folded into (a cluster, the indicator of an outcome, the place
        above a place ...); ``None`` for a root. The page shows a node's members when it is
        expanded.
    cluster : bool
        A group made by the view (bodies of a province, events of a year ...), not an entity.
    count : int
        Entities folded under this node (carried in the page).
    more : int
        Members left out of the page (beyond :data:`visualise.aggregate.MEMBER_CAP`).
    font : float
        Label size in pixels at zoom 1 (hubs get larger labels, which stay legible longest).
    facets : tuple of (facet, values)
        What the page's filters test: ``province``, ``year``, ``policy``, ``programme``
        (IRIs or years of the facts the entity takes part in) and ``bodytype``.
    shown : bool
        Whether the node is visible when the page opens.
    series : tuple of SeriesPoint
        For an indicator: the points of its series chart (at most :data:`SERIES_CAP`),
        ordered by province, area, date and kind.
    series_total : int
        For an indicator: the points of its series in the whole store.
    """

    id: str
    type: str
    label_zh: str
    label_en: str
    size: float = 12.0
    x: float | None = None
    y: float | None = None
    alt_labels: tuple[str, ...] = ()
    details: tuple[tuple[str, str, str], ...] = ()
    sources: tuple[Source, ...] = ()
    parent: str | None = None
    cluster: bool = False
    count: int = 0
    more: int = 0
    font: float = 16.0
    facets: tuple[tuple[str, tuple[str, ...]], ...] = ()
    shown: bool = True
    series: tuple[SeriesPoint, ...] = ()
    series_total: int = 0

    def label(self, lang: str = "zh") -> str:
        """The label in ``lang`` (``"zh"`` or ``"en"``)."""
        return self.label_en if lang == "en" else self.label_zh


@dataclass(frozen=True)
class Edge:
    """A directed, labelled edge of a view.

    Parameters
    ----------
    source, target : str
        IRIs of the nodes it joins.
    kind : str
        A key of :data:`RELATIONS` (``host``, ``partOf`` ...); its label is the edge label.
    weight : float
        Events co-hosted in the ``coorg`` view, 1 elsewhere.
    details : tuple of (field, value_zh, value_en)
        Extra values shown in the edge tooltip.
    sources : tuple of Source
        Sentences the fact was read from.
    """

    source: str
    target: str
    kind: str
    weight: float = 1.0
    details: tuple[tuple[str, str, str], ...] = ()
    sources: tuple[Source, ...] = ()


@dataclass(frozen=True)
class ViewData:
    """Everything a page shows: sorted nodes and edges, and a title.

    Parameters
    ----------
    nodes : tuple of Node
        Sorted by type (legend order), then IRI.
    edges : tuple of Edge
        Sorted by source, target and kind.
    title : str
        The title in Chinese.
    title_en : str
        The title in English (``""``: use ``title``).
    view : str
        The view it was built as (one of :data:`VIEWS`, or anything for synthetic data).
    lang : str
        The language the page opens in (``"zh"`` or ``"en"``).
    layout : str
        ``"spring"`` (force layout) or ``"layered"`` (hierarchy, top down).
    size_note : str
        What node size means: ``"degree"``, ``"centrality"``, ``"aggregate"`` or ``"cohost"``.
    budget : int
        Most nodes the view shows when it opens (0: all of them).
    focus : str
        IRI of the entity the view is about, or ``""``.
    """

    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]
    title: str
    title_en: str = ""
    view: str = "custom"
    lang: str = "zh"
    layout: str = "spring"
    size_note: str = "degree"
    budget: int = 0
    focus: str = ""

    @property
    def physics(self) -> bool:
        """Whether the page lets vis-network's physics tidy the layout before freezing it.

        Only for small views without a layout of their own (``"spring"``); the views built
        from a store are laid out in Python and never move.
        """
        return self.layout == "spring" and len(self.nodes) <= PHYSICS_MAX_NODES

    def visible(self) -> tuple[Node, ...]:
        """The nodes shown when the page opens."""
        return tuple(n for n in self.nodes if n.shown)

    def _repr_html_(self) -> str:
        """The page in an ``<iframe srcdoc>``, for Jupyter (self-contained, no network)."""
        import html

        from visualise.render import render_html

        page = render_html(self)
        return (
            '<iframe style="width:100%;height:640px;border:1px solid #d9e2ec" '
            'sandbox="allow-scripts" '
            f'title="{html.escape(self.title)}" srcdoc="{html.escape(page, quote=True)}"></iframe>'
        )

    def counts(self) -> dict[str, int]:
        """Number of entities per type (clusters not counted), in legend order."""
        c: dict[str, int] = defaultdict(int)
        for n in self.nodes:
            c[n.type] += 0 if n.cluster else 1
        return {k: c[k] for k in sorted(c, key=_type_rank)}


def _type_rank(t: str) -> int:
    return _TYPE_RANK.get(t, len(_TYPE_RANK))


# --- reading the store -------------------------------------------------------------------------


class _Term(NamedTuple):
    value: str
    literal: bool
    lang: str = ""


def _query_text() -> str:
    values = " ".join(f"<{p}>" for p in _model_props())
    return (
        "SELECT ?s ?p ?o (isLiteral(?o) AS ?literal) (LANG(?o) AS ?lang) WHERE {\n"
        f"  VALUES ?p {{ {values} }}\n"
        "  GRAPH ?g { ?s ?p ?o }\n"
        f"  FILTER(?g != <{G_INFERRED}>)\n"
        "}"
    )


def _model_props() -> list[str]:
    props = (
        [_RDF_TYPE, *_LABEL_PROPS]
        + list(_ROLE_PROPS)
        + list(_REL_PROPS)
        + list(_ATTR_IRI_PROPS)
        + list(_LITERAL_PROPS)
    )
    return list(dict.fromkeys(props))


def _rows_oxigraph(store: Any, query: str) -> Iterator[tuple[str, str, _Term]]:
    """The rows of the model query, read straight from Oxigraph's predicate index.

    The same rows as ``query`` (one per quad of a named graph other than the inferred one),
    about a third faster than evaluating it: the store is scanned once per predicate.
    """
    import pyoxigraph as ox

    inferred = ox.NamedNode(str(G_INFERRED))
    for prop in _model_props():
        for quad in store.quads_for_pattern(None, ox.NamedNode(prop), None, None):
            g = quad.graph_name
            if g == inferred or isinstance(g, ox.DefaultGraph):
                continue
            s, o = quad.subject, quad.object
            if isinstance(o, ox.Literal):
                term = _Term(o.value, True, (o.language or "").lower())
            else:
                term = _Term(o.value if isinstance(o, ox.NamedNode) else f"_:{o.value}", False)
            yield (s.value if isinstance(s, ox.NamedNode) else f"_:{s.value}"), prop, term


def _rows_rdflib(graph: Any, query: str) -> Iterator[tuple[str, str, _Term]]:
    from rdflib import BNode, Dataset, Graph
    from rdflib.graph import ConjunctiveGraph

    if not isinstance(graph, ConjunctiveGraph | Dataset):
        assert isinstance(graph, Graph)
        ds = Dataset(default_union=True)
        g = ds.graph(graph.identifier if not isinstance(graph.identifier, BNode) else None)
        for t in graph:
            g.add(t)
        graph = ds
    from kg.store import rdflib_evaluator

    with rdflib_evaluator():  # rdflib's evaluator uses rdflib's own deprecated Dataset API
        return iter(list(_rdflib_terms(graph.query(query))))


def _rdflib_terms(rows: Iterable[Any]) -> Iterator[tuple[str, str, _Term]]:
    from rdflib import BNode, Literal

    for row in rows:
        s, p, o = row[0], row[1], row[2]
        if isinstance(o, Literal):
            term = _Term(str(o), True, (o.language or "").lower())
        else:
            term = _Term(str(o) if not isinstance(o, BNode) else f"_:{o}", False)
        yield (str(s) if not isinstance(s, BNode) else f"_:{s}"), str(p), term


def _plain_terms(rows: Iterable[Any]) -> Iterator[tuple[str, str, _Term]]:
    """Rows whose terms are plain values: literal-ness and language come from their own columns."""
    for row in rows:
        literal = str(row[3]).lower() in ("true", "1")
        yield (
            str(row[0]),
            str(row[1]),
            _Term(str(row[2]), literal, str(row[4] or "").lower() if literal else ""),
        )


def _rows(source: Any) -> Iterator[tuple[str, str, _Term]]:
    """Every row of the model query, whatever the source is."""
    query = _query_text()
    if isinstance(source, str | Path):
        from kg.store import OxigraphStore

        source = OxigraphStore(source, read_only=True)
    ox_store = getattr(source, "ox", None)
    if ox_store is not None:
        return _rows_oxigraph(ox_store, query)
    import pyoxigraph as ox

    if isinstance(source, ox.Store):
        return _rows_oxigraph(source, query)
    from rdflib import Graph

    if isinstance(source, Graph):
        return _rows_rdflib(source, query)
    if isinstance(getattr(source, "ds", None), Graph):  # kg.store.MemoryStore
        return _rows_rdflib(source.ds, query)
    if callable(getattr(source, "select", None)):  # any kg.store store, e.g. a SPARQL endpoint
        return _plain_terms(source.select(query).rows)
    raise UsageError(
        f"cannot read a graph from {type(source).__name__}: pass an OxigraphStore, a pyoxigraph "
        "Store, an rdflib Dataset or the path of a store"
    )


@lru_cache(maxsize=4096)
def _clean_text(text: str) -> str:
    """Strip inline pinyin and convert to simplified characters, for display only."""
    try:
        from kg.normalise import normalise_text
    except ImportError:  # pragma: no cover - the pipeline is being written alongside
        return text
    try:
        return normalise_text(text).text
    except Exception:  # noqa: BLE001 - a display nicety must never break the page
        return text


@dataclass
class Model:
    """The part of the graph the views draw from (built by :func:`load_model`)."""

    types: dict[str, str] = field(default_factory=dict)
    labels: dict[str, dict[str, list[tuple[int, str]]]] = field(default_factory=dict)
    attrs: dict[str, dict[str, list[_Term]]] = field(default_factory=dict)
    rels: dict[tuple[str, str, str], tuple[Source, ...]] = field(default_factory=dict)
    out: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    inc: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    parents: dict[str, list[str]] = field(default_factory=dict)
    sources: dict[str, tuple[Source, ...]] = field(default_factory=dict)
    classes: dict[str, str] = field(default_factory=dict)

    # --- lookups -----------------------------------------------------------------------------
    def attr(self, iri: str, prop: str) -> list[_Term]:
        return self.attrs.get(iri, {}).get(prop, [])

    def first(self, iri: str, prop: str) -> str:
        """The smallest value of ``prop`` (a stable choice when there are several), or ``""``."""
        terms = self.attrs.get(iri, {}).get(prop)
        if not terms:
            return ""
        return terms[0].value if len(terms) == 1 else min(t.value for t in terms)

    def label(self, iri: str, lang: str) -> str:
        """The best label of an entity in ``lang``; falls back to the other language, then the IRI."""
        ls = self.labels.get(iri, {})
        for key in (lang, "", "zh" if lang == "en" else "en"):
            cands = sorted(c for c in ls.get(key, []) if c[0] < 2)
            if cands:
                return cands[0][1]
        if self.types.get(iri) == "outcome":
            return self._outcome_label(iri, lang)
        if iri in _CONCEPTS:
            return _CONCEPTS[iri][0 if lang == "zh" else 1]
        return iri.rsplit("/", 1)[-1].rsplit("#", 1)[-1]

    def _outcome_label(self, iri: str, lang: str = "zh") -> str:
        value, unit = self.first(iri, str(POV.value)), self.first(iri, str(POV.unit))
        if lang == "en" and value:
            qualifier = _QUALIFIER_SIGNS.get(self.first(iri, str(POV.qualifier)), "")
            return f"{qualifier}{_compact_number(value)}{_english_unit(unit)}"
        written = self.first(iri, str(POV.valueAsWritten))
        if written:
            return written
        return f"{value}{unit}" if value else iri.rsplit("/", 1)[-1]

    def concept(self, iri: str, lang: str) -> str:
        """Name of a concept value (qualifier, kind, level)."""
        if iri in self.labels:
            return self.label(iri, lang)
        if iri in _CONCEPTS:
            return _CONCEPTS[iri][0 if lang == "zh" else 1]
        return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]

    def all_labels(self, iri: str) -> list[str]:
        """Every label and alternative label, sorted, without duplicates."""
        ls = self.labels.get(iri, {})
        return sorted({v for cands in ls.values() for _, v in cands})

    def targets(self, iri: str, *kinds: str) -> list[str]:
        return _ends(self.out.get(iri), kinds)

    def origins(self, iri: str, *kinds: str) -> list[str]:
        return _ends(self.inc.get(iri), kinds)

    def of_type(self, *types: str) -> list[str]:
        return sorted(e for e, t in self.types.items() if t in types)

    def ancestors(self, iri: str) -> list[str]:
        """Places above ``iri`` along the (reduced) ``partOf``/``locatedIn`` hierarchy, nearest first."""
        seen: list[str] = []
        todo = list(self.parents.get(iri, []))
        while todo:
            p = todo.pop(0)
            if p not in seen and p != iri:
                seen.append(p)
                todo.extend(self.parents.get(p, []))
        return seen


def _ends(links: list[tuple[str, str]] | None, kinds: tuple[str, ...]) -> list[str]:
    """The other ends of ``links`` of the given kinds (any kind when none), sorted."""
    if not links:
        return []
    if not kinds:
        ends = [o for _, o in links]
    elif len(kinds) == 1:
        kind = kinds[0]
        ends = [o for k, o in links if k == kind]
    else:
        ends = [o for k, o in links if k in kinds]
    if len(ends) > 1:
        ends.sort()
    return ends


def load_model(source: Any) -> Model:
    """Read the graph the views are drawn from.

    Parameters
    ----------
    source : OxigraphStore, pyoxigraph.Store, rdflib.Dataset, rdflib.Graph, str or Path
        The store; a path is opened read-only with :class:`kg.store.OxigraphStore`.

    Returns
    -------
    Model
        Types, labels, attributes, relations (roles folded into event → body edges) and the
        source sentences of every entity and relation.

    Raises
    ------
    kg.errors.StoreError
        If a path names no store.

    Notes
    -----
    Reading a store is slow for a large corpus (measured on a shared 2-CPU machine: 16 – 18 s
    at 2,000 reports, 100 s at 10,000). A store given as a path is read from its published
    snapshot, which never changes; the model read from it is kept beside the snapshot
    (``.<store>.snapshots/<n>.viewer-model``, :mod:`marshal` of plain strings, numbers,
    tuples, lists and dicts: no code is run to read it) and read back from there while the
    snapshot is current (12 s at 10,000 reports). A new build publishes a new snapshot, so the
    next read goes to the store again. Other sources are always read.
    """
    if isinstance(source, str | Path):
        return _load_cached(Path(source))
    return _read_model(source)


def _read_model(source: Any) -> Model:
    """The model, read from the store (see :func:`load_model`)."""
    m = Model()
    type_rank: dict[str, int] = {}
    role_edges: dict[tuple[str, str, str], list[str]] = {}
    for subj, pred, obj in _rows(source):
        if pred == _RDF_TYPE:
            kind = _CLASS_TYPES.get(obj.value)
            if kind is not None and kind[1] > type_rank.get(subj, -1):
                m.types[subj], type_rank[subj] = kind
                m.classes[subj] = obj.value.rsplit("#", 1)[-1].rsplit("/", 1)[-1]
        elif pred in _LABEL_PROPS:
            if obj.literal:
                lang = "zh" if obj.lang.startswith("zh") else "en" if obj.lang.startswith("en") else ""
                m.labels.setdefault(subj, {}).setdefault(lang, []).append((_LABEL_PROPS[pred], obj.value))
        elif pred in _ROLE_PROPS and not obj.literal:
            role_edges.setdefault((subj, _ROLE_PROPS[pred], obj.value), [])
        elif pred in _REL_PROPS and not obj.literal:
            m.rels.setdefault((subj, _REL_PROPS[pred], obj.value), ())
        else:
            m.attrs.setdefault(subj, {}).setdefault(pred, []).append(obj)

    # documents and selectors -> Source records
    docs: dict[str, tuple[str, str, str]] = {}
    selectors: dict[str, Source] = {}
    for iri, t in m.types.items():
        if t == "document":
            title = m.first(iri, _DCT + "title") or m.label(iri, "zh")
            docs[iri] = (title, m.first(iri, _DCT + "date"), m.first(iri, _DCT + "source"))
    for iri, t in m.types.items():
        if t == "selector":
            doc = m.first(iri, str(POV.inDocument))
            title, date, url = docs.get(doc, ("", "", ""))
            selectors[iri] = Source(
                quote=m.first(iri, _OA + "exact"),
                document=doc,
                title=title,
                date=date,
                url=url,
                start=_int(m.first(iri, _OA + "start")),
                end=_int(m.first(iri, _OA + "end")),
            )

    def sources_of(iri: str, *props: str) -> tuple[Source, ...]:
        found = {selectors[t.value] for p in props for t in m.attr(iri, p) if t.value in selectors}
        return tuple(sorted(found, key=lambda x: (x.document, x.start, x.end))[:_MAX_SOURCES])

    for iri, t in m.types.items():
        if t in NODE_TYPES:
            srcs = sources_of(iri, str(PROV.wasDerivedFrom), str(POV.isMentionedIn))
            if srcs:
                m.sources[iri] = srcs

    # participations -> role edges with their own source sentences
    for event, terms in sorted((s, a.get(str(POV.hasParticipation), [])) for s, a in m.attrs.items()):
        for term in terms:
            part = term.value
            roles = [_ROLES.get(r.value, "participant") for r in m.attr(part, str(POV.role))] or [
                "participant"
            ]
            for body in m.attr(part, str(POV.participant)):
                for role in roles:
                    role_edges.setdefault((event, role, body.value), []).append(part)
    for key, parts in role_edges.items():
        m.rels[key] = tuple(
            sorted({s for p in parts for s in sources_of(p, str(PROV.wasDerivedFrom))}, key=_source_key)
        )[:_MAX_SOURCES]

    # direct parents only: drop any parent that is an ancestor of another parent
    raw: dict[str, set[str]] = defaultdict(set)
    for s, k, o in m.rels:
        if k in ("partOf", "locatedIn") and s != o:
            raw[s].add(o)

    def reach(start: str) -> set[str]:
        seen: set[str] = set()
        todo = list(raw.get(start, ()))
        while todo:
            p = todo.pop()
            if p not in seen:
                seen.add(p)
                todo.extend(raw.get(p, ()))
        return seen

    for s, ps in raw.items():
        direct = {p for p in ps if not any(p in reach(q) for q in ps if q != p)}
        m.parents[s] = sorted(direct)
    redundant = {
        (s, k, o) for s, k, o in m.rels if k in ("partOf", "locatedIn") and o not in m.parents.get(s, [])
    }
    for key in redundant:
        del m.rels[key]
    _slim(m)
    _index(m)
    return m


#: records folded into the nodes and edges that cite them; not kept in the model once read
_FOLDED = ("document", "selector", "participation")
#: attributes only read while the model is built
_LOAD_ONLY_PROPS = (str(PROV.wasDerivedFrom), str(POV.isMentionedIn), str(POV.hasParticipation))


def _slim(m: Model) -> None:
    """Drop what only the reading needed: the folded records and the links to them."""
    for iri in [i for i, t in m.types.items() if t in _FOLDED]:
        del m.types[iri]
        m.attrs.pop(iri, None)
        m.labels.pop(iri, None)
        m.classes.pop(iri, None)
    for attrs in m.attrs.values():
        for prop in _LOAD_ONLY_PROPS:
            attrs.pop(prop, None)


def _index(m: Model) -> None:
    m.out = {}
    m.inc = {}
    for s, k, o in m.rels:
        m.out.setdefault(s, []).append((k, o))
        m.inc.setdefault(o, []).append((k, s))


# --- the model kept beside a store's snapshot ---------------------------------------------------

_CACHE_FORMAT = 1
_CACHE_SUFFIX = ".viewer-model"


def _cache_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        release = version("povkg")
    except PackageNotFoundError:  # pragma: no cover - run from a source tree
        release = "unknown"
    return f"{_CACHE_FORMAT}/{release}/{len(_model_props())}"


def _dump_model(m: Model) -> bytes:
    import marshal

    table: dict[Source, int] = {}

    def ids(srcs: tuple[Source, ...]) -> tuple[int, ...]:
        return tuple(table.setdefault(x, len(table)) for x in srcs)

    rels = [(s, k, o, ids(v)) for (s, k, o), v in m.rels.items()]
    sources = {iri: ids(v) for iri, v in m.sources.items()}
    attrs = {iri: {p: [tuple(t) for t in ts] for p, ts in a.items()} for iri, a in m.attrs.items()}
    rows = [(x.quote, x.document, x.title, x.date, x.url, x.start, x.end) for x in table]
    body = (_cache_version(), m.types, m.labels, attrs, rels, m.parents, sources, m.classes, rows)
    return marshal.dumps(body, 4)


def _undump_model(blob: bytes) -> Model | None:
    import marshal

    try:
        body = marshal.loads(blob)
    except (EOFError, ValueError, TypeError):
        return None
    if not isinstance(body, tuple) or len(body) != 9 or body[0] != _cache_version():
        return None
    _, types, labels, attrs, rels, parents, sources, classes, rows = body
    table = [Source(*r) for r in rows]
    m = Model(types=types, labels=labels, parents=parents, classes=classes)
    m.attrs = {iri: {p: [_Term(*t) for t in ts] for p, ts in a.items()} for iri, a in attrs.items()}
    m.rels = {(s, k, o): tuple(table[i] for i in v) for s, k, o, v in rels}
    m.sources = {iri: tuple(table[i] for i in v) for iri, v in sources.items()}
    _index(m)
    return m


def _load_cached(path: Path) -> Model:
    """The model of the store at ``path``: kept beside its current snapshot, or read and kept."""
    import os

    from kg.store import OxigraphStore, current_snapshot, snapshot_root

    before = current_snapshot(path)
    store = OxigraphStore(path, read_only=True)
    snap = current_snapshot(path)
    if snap is None or snap != before:  # no snapshots, or one published while opening
        return _read_model(store)
    cache = snapshot_root(path) / f"{snap.name}{_CACHE_SUFFIX}"
    try:
        model = _undump_model(cache.read_bytes())
    except OSError:
        model = None
    if model is not None:
        return model
    model = _read_model(store)
    try:
        tmp = cache.with_name(f".{cache.name}.{os.getpid()}.tmp")
        tmp.write_bytes(_dump_model(model))
        os.replace(tmp, cache)
        for old in cache.parent.glob(f"*{_CACHE_SUFFIX}"):  # models of snapshots pruned since
            if not (cache.parent / old.name[: -len(_CACHE_SUFFIX)]).is_dir():
                old.unlink(missing_ok=True)
    except OSError:  # a store one may read but not write beside: read it every time
        pass
    return model


def _source_key(s: Source) -> tuple[str, int, int]:
    return (s.document, s.start, s.end)


def _int(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        return 0


# --- describing entities ------------------------------------------------------------------------


_QUALIFIER_SIGNS = {
    str(POV.MoreThan): ">",
    str(POV.AtLeast): "≥",
    str(POV.About): "~",
    str(POV.LessThan): "<",
}
_UNITS_EN = {
    "%": "%",
    "个": "",
    "元": " yuan",
    "人次": " person-times",
    "人": " people",
    "场次": " sessions",
    "场": " sessions",
    "次": " times",
    "户": " households",
    "家": "",
    "所": "",
    "公里": " km",
    "千米": " km",
    "亩": " mu",
    "吨": " t",
}


def _english_unit(unit: str) -> str:
    """A short English rendering of a normalised unit (``"元"`` -> ``" yuan"``)."""
    return _UNITS_EN.get(unit, f" {unit}" if unit else "")


def _compact_number(value: str) -> str:
    """``48940000000`` -> ``48.94 bn``; ``18273000`` -> ``18.27 m``; ``40285`` -> ``40,285``."""
    try:
        x = float(value)
    except ValueError:
        return value
    for limit, suffix in ((1e9, " bn"), (1e6, " m")):
        if abs(x) >= limit:
            return f"{x / limit:,.2f}".rstrip("0").rstrip(".") + suffix
    return _format_number(value)


def _format_number(value: str) -> str:
    """``48940000000`` -> ``48,940,000,000``; keeps decimals as written."""
    if not value:
        return value
    sign, _, rest = value.rpartition("-")
    whole, dot, frac = rest.partition(".")
    if not whole.isdigit():
        return value
    return f"{sign}{int(whole):,}{dot}{frac}"


def _details(m: Model, iri: str, t: str) -> tuple[tuple[str, str, str], ...]:
    rows: list[tuple[str, str, str]] = []

    def add(key: str, zh: str, en: str | None = None) -> None:
        if zh:
            rows.append((key, zh, zh if en is None else en))

    def names(iris: Iterable[str]) -> tuple[str, str]:
        items = sorted(iris)
        return "、".join(m.label(i, "zh") for i in items), ", ".join(m.label(i, "en") for i in items)

    if t == "outcome":
        value, unit = m.first(iri, str(POV.value)), m.first(iri, str(POV.unit))
        if value:
            add(
                "value",
                f"{_format_number(value)} {unit}".strip(),
                f"{_format_number(value)}{_english_unit(unit)}",
            )
        add("as_written", m.first(iri, str(POV.valueAsWritten)))
        for key, prop in (("qualifier", POV.qualifier), ("kind", POV.kind)):
            concept = m.first(iri, str(prop))
            if concept:
                add(key, m.concept(concept, "zh"), m.concept(concept, "en"))
        for key in ("indicator", "area", "programme", "policy"):
            targets = m.targets(iri, key)
            if targets:
                add(key, *names(targets))
        add("as_of", m.first(iri, str(POV.asOf)))
    elif t in ("event", "visit"):
        add("date", m.first(iri, str(SCHEMA.startDate)))
        places = m.targets(iri, "heldIn")
        if places:
            add("place", *names(places))
    elif t == "policy":
        add("issued", m.first(iri, _DCT + "issued"))
        add("doc_number", m.first(iri, str(POV.documentNumber)))
        issuers = m.targets(iri, "issuedBy")
        if issuers:
            add("issuers", *names(issuers))
    elif t in ("programme", "indicator"):
        key, rel = ("policy", "programmeOf") if t == "programme" else ("programme", "measures")
        targets = m.targets(iri, rel)
        if targets:
            add(key, *names(targets))
    elif t == "body":
        level = m.first(iri, str(POV.level))
        if level:
            add("level", m.concept(level, "zh"), m.concept(level, "en"))
        for key, rel in (("serves", "serves"), ("counterpart", "counterpartOf")):
            targets = m.targets(iri, rel)
            if targets:
                add(key, *names(targets))
    elif t in ("place", "site"):
        add("code", m.first(iri, str(POV.divisionCode)))
        level = m.first(iri, str(POV.level))
        if level:
            add("level", m.concept(level, "zh"), m.concept(level, "en"))
        parents = m.parents.get(iri, [])
        if parents:
            add("located_in", *names(parents))
    return tuple(rows)


def _make_node(m: Model, iri: str, degree: int = 0) -> Node:
    t = m.types[iri]
    zh, en = m.label(iri, "zh"), m.label(iri, "en")
    alts = tuple(a for a in m.all_labels(iri) if a not in (zh, en))
    codes = [m.first(iri, str(POV.divisionCode)), m.first(iri, str(POV.catalogueKey))]
    alts += tuple(c for c in codes if c and c not in alts)
    return Node(
        id=iri,
        type=t,
        label_zh=zh,
        label_en=en,
        size=_degree_size(degree),
        alt_labels=alts,
        details=_details(m, iri, t),
        sources=m.sources.get(iri, ()),
    )


def _degree_size(degree: int) -> float:
    return round(min(48.0, 10.0 + 4.0 * math.sqrt(degree)), 1)


# --- choosing the entity a view is about ---------------------------------------------------------


def _norm(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold()
    return "".join(c for c in text if not c.isspace() and c not in "《》〈〉“”\"'「」")


def _keys(m: Model, iri: str) -> list[str]:
    keys = [
        iri,
        iri.split("/id/", 1)[-1],
        m.first(iri, str(POV.divisionCode)),
        m.first(iri, str(POV.catalogueKey)),
    ]
    keys += m.all_labels(iri)
    return [k for k in keys if k]


def _resolve(m: Model, name: str, types: tuple[str, ...], what: str) -> str:
    """The one entity of ``types`` called ``name`` (a label, alternative label, code or IRI)."""
    from kg.names import english_matches

    cands = m.of_type(*types)
    wanted = _norm(name)
    exact = [c for c in cands if any(_norm(k) == wanted for k in _keys(m, c))]
    if len(exact) == 1:
        return exact[0]
    if not exact and name.isascii():  # English names: the rule of kg.names, as in every command
        exact = [c for c in cands if any(english_matches(name, k) for k in m.all_labels(c) if k.isascii())]
        if len(exact) == 1:
            return exact[0]
    elif not exact and wanted:
        exact = [c for c in cands if any(wanted in _norm(k) for k in m.all_labels(c))]
        if len(exact) == 1:
            return exact[0]
    if exact:
        listed = "; ".join(f"{m.label(c, 'zh')} <{c}>" for c in exact[:10])
        raise UsageError(f"{what} name {name!r} is ambiguous: {listed}")
    labels = sorted({lab for c in cands for lab in (m.label(c, "zh"), m.label(c, "en"))})
    close = difflib.get_close_matches(name, labels, n=6, cutoff=0.3)
    if not close:
        close = labels[:6]
    hint = f"; close names: {', '.join(close)}" if close else f" (the store has no {what})"
    raise UsageError(f"no {what} named {name!r}{hint}")


def _pick(m: Model, name: str | None, types: tuple[str, ...], what: str) -> str:
    if name is not None:
        return _resolve(m, name, types, what)
    cands = m.of_type(*types)
    if not cands:
        raise UsageError(f"the store has no {what} to show")

    def degree(c: str) -> int:
        return len(m.out.get(c, [])) + len(m.inc.get(c, []))

    return sorted(cands, key=lambda c: (-degree(c), c))[0]


def build_view(
    source: Any,
    view: str = "overview",
    name: str | None = None,
    lang: str = "zh",
    *,
    focus: str | None = None,
    depth: int = 2,
    budget: int | None = None,
) -> ViewData:
    """Build the nodes and edges of one view, aggregated so that it can be read.

    Outcomes are folded into their indicator, places into a province → city → county tree,
    bodies into clusters by province and level, events by province and year; catalogue
    entries appear only when a report mentions them (see :mod:`visualise.aggregate`).

    Parameters
    ----------
    source : OxigraphStore, pyoxigraph.Store, rdflib.Dataset, str, Path or Model
        The store (a path is opened read-only), or a model already read by :func:`load_model`
        (to build several views from one read).
    view : {"overview", "policy", "coorg", "place", "event"}
        Which view.
    name : str, optional
        The policy, place or event to show, by label (Chinese or English), alternative label,
        division code, catalogue key or IRI. Without it the policy and event views show the
        best-connected one and the place view shows every place that has something.
    lang : {"zh", "en"}
        The language the page opens in.
    focus : str, optional
        Any entity: show its neighbourhood to ``depth`` steps instead (aggregated the same way).
    depth : int
        Steps of the ``focus`` neighbourhood (default 2).
    budget : int, optional
        Most nodes visible when the page opens (default
        :data:`visualise.aggregate.DEFAULT_BUDGET`).

    Returns
    -------
    ViewData
        Sorted nodes (with parents, facets, sizes and positions) and edges, and a title.

    Raises
    ------
    kg.errors.UsageError
        Unknown view or language, or no entity called ``name`` (the message lists close names).
    kg.errors.StoreError
        If ``source`` is a path without a store.

    Examples
    --------
    >>> import pyoxigraph as ox
    >>> v = build_view(ox.Store(), "overview")
    >>> len(v.nodes), v.title
    (0, '网络扶贫知识图谱 · 总览')
    """
    from visualise.aggregate import DEFAULT_BUDGET, aggregate_view

    if view not in VIEWS:
        raise UsageError(f"unknown view {view!r}; choose one of {', '.join(VIEWS)}")
    if lang not in LANGS:
        raise UsageError(f"unknown language {lang!r}; choose zh or en")
    if depth < 0:
        raise UsageError(f"--depth must be 0 or more, not {depth}")
    m = source if isinstance(source, Model) else load_model(source)
    data = aggregate_view(
        m, m.classes, view, name=name, focus=focus, depth=depth,
        budget=DEFAULT_BUDGET if budget is None else budget, lang=lang,
    )  # fmt: skip
    return with_series(m, data)


def with_series(m: Model, view: ViewData, cap: int = SERIES_CAP) -> ViewData:
    """``view`` with the series chart points of every indicator node (see :func:`indicator_series`)."""
    nodes = []
    for n in view.nodes:
        if n.type == "indicator" and not n.cluster and n.id in m.types:
            pts, total = indicator_series(m, n.id, cap)
            if pts:
                n = replace(n, series=pts, series_total=total)
        nodes.append(n)
    return replace(view, nodes=tuple(nodes))


# --- series charts of indicators ---------------------------------------------------------------

_PLACE_BASE = PREFIXES["id"] + "place/"
_P_AS_OF, _P_KIND, _P_VALUE = str(POV.asOf), str(POV.kind), str(POV.value)
_P_UNIT, _P_WRITTEN = str(POV.unit), str(POV.valueAsWritten)


def _province_of(area: str) -> str:
    """The province of an area, read from its IRI as ``indicator-series`` does
    (``id:place/{division code}…``; 全国 is ``id:place/100000``); other areas stand for themselves."""
    key = area[len(_PLACE_BASE) :] if area.startswith(_PLACE_BASE) else ""
    if len(key) >= 6 and key[:6].isdigit():
        return _PLACE_BASE + ("100000" if key.startswith("100000") else key[:2] + "0000")
    return area


def indicator_series(m: Model, indicator: str, cap: int = SERIES_CAP) -> tuple[tuple[SeriesPoint, ...], int]:
    """The points of one indicator's series chart, read from the model.

    Parameters
    ----------
    m : Model
        The model (:func:`load_model`).
    indicator : str
        IRI of the indicator.
    cap : int
        Most points returned: figures about a province (or the whole country) first, then the
        points most reports give, then the earliest.

    Returns
    -------
    tuple
        ``(points, total)``: the points kept, ordered by province, area, date and kind, and how
        many the series has. Observations without a date or a numeric value are not points.
    """
    groups: dict[tuple[str, str, str], list[str]] = {}
    for o in m.origins(indicator, "indicator"):
        a = m.attrs.get(o, {})
        if not a.get(_P_AS_OF) or not a.get(_P_KIND) or not a.get(_P_VALUE):
            continue
        as_of, kind = m.first(o, _P_AS_OF), m.first(o, _P_KIND).rsplit("#", 1)[-1]
        try:
            value = float(m.first(o, _P_VALUE))
        except ValueError:
            continue
        if not math.isfinite(value):
            continue
        for area in m.targets(o, "area")[:1]:
            groups.setdefault((area, as_of, kind), []).append(o)
    total = len(groups)
    keys = list(groups)
    if total > cap:  # a province's (or the country's) own figures first, then the most given
        keys.sort(key=lambda k: (k[0] != _province_of(k[0]), -len(groups[k]), k[1], k[2], k[0]))
        keys = keys[:cap]
    points = []
    for area, as_of, kind in keys:
        obs = groups[(area, as_of, kind)]
        first = min(obs)
        province = _province_of(area)
        srcs = m.sources.get(first, ())
        points.append(
            SeriesPoint(
                area=area,
                as_of=as_of,
                value=float(m.first(first, _P_VALUE)),
                kind=kind,
                province=province,
                province_zh=m.label(province, "zh"),
                province_en=m.label(province, "en"),
                area_zh=m.label(area, "zh"),
                area_en=m.label(area, "en"),
                unit=m.first(first, _P_UNIT),
                as_written=m.first(first, _P_WRITTEN),
                source=srcs[0] if srcs else None,
                reports=len(set(obs)),
            )
        )
    points.sort(key=lambda p: (p.province_zh, p.province, p.area_zh, p.area, p.as_of, p.kind))
    return tuple(points), total


# --- layout ------------------------------------------------------------------------------------


def with_layout(view: ViewData, seed: int = 7) -> ViewData:
    """``view`` with every node positioned (nodes that already have x and y keep them)."""
    if all(n.x is not None and n.y is not None for n in view.nodes):
        return view
    pos = compute_layout(view, seed=seed)
    nodes = tuple(
        n if n.x is not None and n.y is not None else replace(n, x=pos[n.id][0], y=pos[n.id][1])
        for n in view.nodes
    )
    return replace(view, nodes=nodes)


def compute_layout(view: ViewData, seed: int = 7) -> dict[str, tuple[float, float]]:
    """Pixel positions of the nodes: a seeded force layout, or a top-down tree for ``layered``.

    Each connected component is laid out on its own — networkx' ``spring_layout`` below
    500 nodes, a particle-mesh force layout (:func:`_mesh_layout`) above — and the
    components are then packed in rows, largest first, with the isolated nodes in a grid.

    Parameters
    ----------
    view : ViewData
        The nodes and edges to lay out.
    seed : int
        Seed of the force layout; the same graph and seed give the same positions.

    Returns
    -------
    dict
        IRI -> (x, y), rounded to 0.1 px.
    """
    if view.layout == "layered":
        raw = _tree_layout(view)
    else:
        raw = _force_layout([n.id for n in view.nodes], [(e.source, e.target) for e in view.edges], seed)
    return {k: (round(x, 1), round(y, 1)) for k, (x, y) in raw.items()}


_SPACING = 70.0  # pixels per ideal edge length


def _force_layout(ids: list[str], pairs: list[tuple[str, str]], seed: int) -> dict[str, tuple[float, float]]:
    import numpy as np
    from scipy.sparse import coo_matrix  # type: ignore[import-untyped]
    from scipy.sparse.csgraph import connected_components  # type: ignore[import-untyped]

    n = len(ids)
    if n == 0:
        return {}
    index = {k: i for i, k in enumerate(ids)}
    e = np.array(
        sorted({(index[a], index[b]) for a, b in pairs if a in index and b in index and a != b}),
        dtype=np.int64,
    ).reshape(-1, 2)
    adj = coo_matrix((np.ones(len(e)), (e[:, 0], e[:, 1])), shape=(n, n))
    _, labels = connected_components(adj, directed=False)
    members: dict[int, list[int]] = defaultdict(list)
    for i, c in enumerate(labels.tolist()):
        members[c].append(i)
    comps = sorted(members.values(), key=lambda m: (-len(m), m[0]))
    singles = [m[0] for m in comps if len(m) == 1]
    blocks: list[tuple[list[int], Any]] = []
    for comp in comps:
        if len(comp) == 1:
            continue
        local = {v: j for j, v in enumerate(comp)}
        mask = np.isin(e[:, 0], comp)
        sub = np.array([(local[a], local[b]) for a, b in e[mask].tolist()], dtype=np.int64).reshape(-1, 2)
        if len(comp) < 500:
            xy = _spring_block(len(comp), sub, seed)
        else:
            xy = _mesh_layout(len(comp), sub, seed)
        blocks.append((comp, xy * _SPACING))
    if singles:
        cols = max(1, math.ceil(math.sqrt(len(singles))))
        grid = np.array([(j % cols, j // cols) for j in range(len(singles))], dtype=float) * (_SPACING * 1.4)
        blocks.append((singles, grid))
    pos = _pack(blocks, n)
    return {ids[i]: (float(pos[i, 0]), float(pos[i, 1])) for i in range(n)}


def _spring_block(n: int, e: Any, seed: int) -> Any:
    """networkx' spring layout of one component, in units of the ideal edge length."""
    import networkx as nx
    import numpy as np

    g = nx.Graph()
    g.add_nodes_from(range(n))
    g.add_edges_from(e.tolist())
    pos = nx.spring_layout(g, seed=seed, iterations=100, k=1.6 / math.sqrt(n), method="force")
    xy = np.array([pos[i] for i in range(n)], dtype=float)
    return xy * (0.8 * math.sqrt(n) + 1.0)


def _mesh_layout(n: int, e: Any, seed: int, iterations: int | None = None) -> Any:
    """Fruchterman–Reingold for thousands of nodes, with repulsion computed on a mesh.

    The repulsion of every node on every other (O(n^2) per step in networkx) is found with a
    particle-mesh method: node counts are binned on a grid, convolved with the repulsive
    kernel by FFT and read back at each node; the few nearest neighbours (k-d tree) add the
    exact short-range push that keeps nodes apart. A step costs O(n log n); the result is in
    units of the ideal edge length.
    """
    import numpy as np
    from scipy.spatial import cKDTree  # type: ignore[import-untyped]

    rng = np.random.default_rng(seed)
    steps = iterations or (160 if n <= 6000 else 110)
    grid = 64 if n < 3000 else 128
    # repulsive kernel u / |u|^2 on the (2G)^2 offsets, in cell units, FFT'd once
    off = np.fft.fftfreq(2 * grid, d=1.0 / (2 * grid))
    ux, uy = np.meshgrid(off, off, indexing="ij")
    r2 = ux * ux + uy * uy
    r2[0, 0] = 1.0
    kx, ky = ux / r2, uy / r2
    kx[0, 0] = ky[0, 0] = 0.0
    fkx, fky = np.fft.rfft2(kx), np.fft.rfft2(ky)

    pos = rng.normal(size=(n, 2)) * math.sqrt(n) * 0.6
    src, dst = e[:, 0], e[:, 1]
    temp = math.sqrt(n) * 0.25
    cool = (0.01) ** (1.0 / steps)
    pairs = np.zeros((0, 2), dtype=np.int64)
    for step in range(steps):
        lo = pos.min(axis=0)
        extent = float((pos.max(axis=0) - lo).max()) * 1.0001 + 1e-6
        h = extent / grid
        cell = np.minimum(((pos - lo) / h).astype(np.int64), grid - 1)
        flat = cell[:, 0] * (2 * grid) + cell[:, 1]
        rho = np.bincount(flat, minlength=(2 * grid) ** 2).reshape(2 * grid, 2 * grid).astype(float)
        frho = np.fft.rfft2(rho)
        disp = np.empty_like(pos)
        disp[:, 0] = np.fft.irfft2(frho * fkx, s=rho.shape).ravel()[flat] / h
        disp[:, 1] = np.fft.irfft2(frho * fky, s=rho.shape).ravel()[flat] / h
        # exact push between close pairs, which the mesh cannot see (pairs refreshed every third step)
        if step % 3 == 0:
            pairs = cKDTree(pos).query_pairs(max(1.5, 1.5 * h), output_type="ndarray")
        if len(pairs):
            a, b = pairs[:, 0], pairs[:, 1]
            d = pos[a] - pos[b]
            f = d / np.maximum((d * d).sum(axis=1), 1e-4)[:, None]
            disp[:, 0] += np.bincount(a, f[:, 0], n) - np.bincount(b, f[:, 0], n)
            disp[:, 1] += np.bincount(a, f[:, 1], n) - np.bincount(b, f[:, 1], n)
        # springs
        if len(src):
            d = pos[src] - pos[dst]
            f = d * np.sqrt((d * d).sum(axis=1))[:, None]
            disp[:, 0] += np.bincount(dst, f[:, 0], n) - np.bincount(src, f[:, 0], n)
            disp[:, 1] += np.bincount(dst, f[:, 1], n) - np.bincount(src, f[:, 1], n)
        disp -= pos * 0.01
        length = np.sqrt((disp * disp).sum(axis=1)) + 1e-9
        pos += disp * (np.minimum(length, temp) / length)[:, None]
        temp *= cool
    return pos - pos.mean(axis=0)


def _pack(blocks: list[tuple[list[int], Any]], n: int) -> Any:
    """Place laid-out components side by side in rows (largest first), centred on the origin."""
    import numpy as np

    margin = _SPACING * 1.5
    boxes = []
    for members, xy in blocks:
        lo, hi = xy.min(axis=0), xy.max(axis=0)
        boxes.append((members, xy - lo, float(hi[0] - lo[0]) + margin, float(hi[1] - lo[1]) + margin))
    area = sum(w * h for _, _, w, h in boxes)
    row_width = max(max((w for _, _, w, _ in boxes), default=0.0), math.sqrt(area) * 1.3)
    pos = np.zeros((n, 2))
    x = y = row_h = 0.0
    for members, xy, w, h in boxes:
        if x > 0 and x + w > row_width:
            x, y, row_h = 0.0, y + row_h, 0.0
        pos[members] = xy + np.array([x, y])
        x += w
        row_h = max(row_h, h)
    lo, hi = pos.min(axis=0), pos.max(axis=0)
    return pos - (lo + hi) / 2


def _tree_layout(view: ViewData) -> dict[str, tuple[float, float]]:
    """Top-down layout of a forest: places above their sub-places; items in a block beneath.

    The edges point from child to parent (``partOf``, ``locatedIn``, ``heldIn``, ``area``).
    A node's own leaf items (events, outcomes ...) form a block of at most ``cols`` columns
    to the left of its child subtrees, so wide provinces do not become one endless row.
    """
    dx, dy, cols = 150.0, 170.0, 6
    types = {n.id: n.type for n in view.nodes}
    labels = {n.id: n.label_zh for n in view.nodes}
    parent: dict[str, str] = {}
    for e in view.edges:
        if e.source in types and e.target in types and e.source not in parent and e.source != e.target:
            parent[e.source] = e.target
    # break cycles, should the data have any
    for start in list(parent):
        seen = {start}
        p = parent.get(start)
        while p is not None:
            if p in seen:
                parent.pop(start, None)
                break
            seen.add(p)
            p = parent.get(p)
    children: dict[str, list[str]] = defaultdict(list)
    for c, p in parent.items():
        children[p].append(c)

    def order(i: str) -> tuple[int, str, str]:
        return (_type_rank(types[i]), labels[i], i)

    branches: dict[str, list[str]] = {}
    leaves: dict[str, list[str]] = {}
    for p in types:
        kids = sorted(children.get(p, []), key=order)
        branches[p] = [c for c in kids if children.get(c)]
        leaves[p] = [c for c in kids if not children.get(c)]
    width: dict[str, float] = {}

    def measure(root: str) -> None:
        stack: list[tuple[str, bool]] = [(root, False)]
        while stack:
            node, done = stack.pop()
            if done:
                block = min(len(leaves[node]), cols) * dx
                width[node] = max(dx, block + sum(width[c] for c in branches[node]))
            else:
                stack.append((node, True))
                stack.extend((c, False) for c in branches[node])

    pos: dict[str, tuple[float, float]] = {}
    roots = sorted((i for i in types if i not in parent), key=order)
    x0 = 0.0
    for root in roots:
        measure(root)
        stack2: list[tuple[str, float, int]] = [(root, x0, 0)]
        while stack2:
            node, left, depth = stack2.pop()
            w = width[node]
            pos[node] = (left + w / 2, depth * dy)
            items = leaves[node]
            for j, item in enumerate(items):
                row, col = divmod(j, cols)
                pos[item] = (left + col * dx + dx / 2, (depth + 1) * dy + row * dy * 0.45)
            cursor = left + min(len(items), cols) * dx
            for c in branches[node]:
                stack2.append((c, cursor, depth + 1))
                cursor += width[c]
        x0 += width[root] + dx
    shift = x0 / 2
    return {k: (x - shift, y) for k, (x, y) in pos.items()}
