"""The Python API: :class:`KnowledgeGraph`, a small facade over a store and the named queries.

It opens a store (on disk, in memory, or a SPARQL endpoint), runs the named queries with
bound parameters, and answers the usual questions with frozen dataclasses. Names may be
given as labels, short forms, codes or IRIs everywhere (``"网络扶贫行动计划"``, ``"光山"``,
``"411522"``).

Examples
--------
>>> kg = kg_sample                       # KnowledgeGraph.open("tests/data/fixture.trig")
>>> kg.policy("网络扶贫行动计划").issuers
('https://w3id.org/povkg/id/org/cn/cac', 'https://w3id.org/povkg/id/org/cn/cpad', 'https://w3id.org/povkg/id/org/cn/ndrc')
>>> [p.label_zh for p in [kg.place("411522")] + [kg.place(i) for i in kg.place("411522").parents]]
['光山县', '信阳市', '河南省']
>>> top = kg.co_hosts()[0]
>>> (top.a_label_zh, top.b_label_zh, top.events)
('河南省委网信办', '河南省扶贫办', 2)
>>> res = kg.query("role-asymmetry", event="https://w3id.org/povkg/id/event/2020-11-10/411522/quan-sheng-wang-luo-fu-pin-ji-shu-zi-xiang-cun-fa-zhan-gong-zuo-xian-chang-tui-jin-hui")
>>> [(r["bodyZh"], r["pattern"]) for r in res]
[('河南省发展改革委', 'host-only'), ('河南省文化和旅游厅', 'speaker-only')]
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, fields
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from rdflib import Graph, Literal, URIRef
from rdflib.term import Identifier

from kg.errors import UsageError
from kg.query import Results, Row, iter_query, resolve_entity, run_query, term_to_sparql
from kg.store import EndpointStore, MemoryStore, OxigraphStore, open_store
from kg.vocab import POV, PREFIXES

if TYPE_CHECKING:  # pragma: no cover
    import networkx
    import pandas

__all__ = [
    "KnowledgeGraph",
    "Policy",
    "Actor",
    "Place",
    "Event",
    "Outcome",
    "CoHost",
    "Hit",
    "Card",
    "Records",
    "LEVELS",
    "normalise_lang",
]

_POV = str(POV)
_RDFS_LABEL = PREFIXES["rdfs"] + "label"
_SKOS = PREFIXES["skos"]
_DCT = PREFIXES["dct"]
_RDF_TYPE = PREFIXES["rdf"] + "type"
_INFERRED = "https://w3id.org/povkg/graph/inferred"

_PLACE_TYPES = {
    "Place",
    "AdministrativeDivision",
    "Country",
    "Province",
    "PrefectureCity",
    "County",
    "Township",
    "Village",
    "Site",
}
_ORG_TYPES = {"Organisation", "GovernmentBody", "PartyBody", "Enterprise", "SocialOrganisation"}


# ------------------------------------------------------------------------------------------
# the answers
# ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Policy:
    """A policy (政策): labels, date issued, issuing bodies, programmes (工程)."""

    iri: str
    label_zh: str | None
    label_en: str | None
    issued: str | None = None
    issuers: tuple[str, ...] = ()
    programmes: tuple[str, ...] = ()
    key: str | None = None


@dataclass(frozen=True)
class Actor:
    """A body (机构): its kind (``PartyBody`` …), level, the place it serves, its counterpart."""

    iri: str
    label_zh: str | None
    label_en: str | None
    alt_labels: tuple[str, ...] = ()
    kind: str | None = None
    level: str | None = None
    serves: str | None = None
    counterpart: str | None = None
    key: str | None = None


@dataclass(frozen=True)
class Place:
    """A place: a division (with its GB/T 2260 code), a township, village or site.

    ``parents`` lists the places it is part of, nearest first.
    """

    iri: str
    label_zh: str | None
    label_en: str | None
    code: str | None = None
    kind: str | None = None
    level: str | None = None
    parents: tuple[str, ...] = ()
    alt_labels: tuple[str, ...] = ()


@dataclass(frozen=True)
class Event:
    """A meeting or site visit: date, place, hosts, speakers and the policies it implements."""

    iri: str
    label_zh: str | None
    kind: str | None
    date: _dt.date | None
    place: str | None
    place_label: str | None
    part_of: str | None = None
    hosts: tuple[str, ...] = ()
    speakers: tuple[str, ...] = ()
    policies: tuple[str, ...] = ()


@dataclass(frozen=True)
class Outcome:
    """One reported figure (成效): indicator, value, unit, qualifier, kind, area, date, source."""

    iri: str
    indicator: str
    indicator_label: str | None
    value: Decimal | None
    unit: str | None
    value_as_written: str | None
    qualifier: str | None
    kind: str | None
    area: str | None
    area_label: str | None
    as_of: object
    programme: str | None
    programme_label: str | None
    policy: str | None
    event: str | None
    document: str | None
    sentence: str | None


@dataclass(frozen=True)
class CoHost:
    """Two bodies and the number of events they hosted together."""

    a: str
    a_label_zh: str | None
    a_label_en: str | None
    b: str
    b_label_zh: str | None
    b_label_en: str | None
    events: int


@dataclass(frozen=True)
class Hit:
    """A search hit: the entity, its Chinese label, the name that matched, its type and rank."""

    iri: str
    label: str | None
    matched: str
    type: str | None
    rank: int


@dataclass(frozen=True)
class Card:
    """Everything :meth:`KnowledgeGraph.card` knows about one entity, for ``povkg lookup``."""

    iri: str
    types: tuple[str, ...]
    label_zh: str | None
    label_en: str | None
    alt_labels: tuple[str, ...] = ()
    codes: tuple[str, ...] = ()
    parents: tuple[tuple[str, str | None], ...] = ()
    facts: tuple[tuple[str, str, str | None], ...] = ()
    roles: tuple[tuple[str, str, str, str | None], ...] = ()
    events: tuple[tuple[str, str | None, str | None], ...] = ()
    outcomes: tuple[tuple[str, str | None, str, str | None], ...] = ()
    sources: tuple[tuple[str, str | None, str], ...] = ()
    truncated: dict[str, int] = field(default_factory=dict, compare=False)

    def to_dict(self) -> dict[str, Any]:
        """The card as plain JSON-ready data."""
        return {
            "iri": self.iri,
            "types": list(self.types),
            "label_zh": self.label_zh,
            "label_en": self.label_en,
            "alt_labels": list(self.alt_labels),
            "codes": list(self.codes),
            "parents": [{"iri": i, "label": lab} for i, lab in self.parents],
            "facts": [{"property": p, "value": v, "label": lab} for p, v, lab in self.facts],
            "roles": [{"date": d, "event": e, "role": r, "event_label": lab} for d, e, r, lab in self.roles],
            "events": [{"event": e, "date": d, "label": lab} for e, d, lab in self.events],
            "outcomes": [
                {"observation": o, "indicator": i, "value": v, "area": a} for o, i, v, a in self.outcomes
            ],
            "sources": [{"document": d, "date": dt, "text": t} for d, dt, t in self.sources],
            "truncated": dict(self.truncated),
        }


def _local(iri: str | None) -> str | None:
    if iri is None:
        return None
    for sep in ("#", "/"):
        if sep in iri:
            return iri.rsplit(sep, 1)[1]
    return iri


def _values_block(var: str, iris: Iterable[str]) -> str:
    return f"VALUES ?{var} {{ {' '.join(term_to_sparql(URIRef(i)) for i in iris)} }}"


_PFX = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())


_T = TypeVar("_T")


class Records(list[_T], Generic[_T]):
    """A list of answers (frozen dataclasses) that is also a table.

    :meth:`to_dataframe` gives a pandas DataFrame with typed columns (figures ``float64``,
    dates ``datetime64``); a notebook shows the list as an HTML table.

    Examples
    --------
    >>> outs = kg_sample.outcomes(place="河南省", indicator="农村固定宽带家庭普及率")
    >>> df = outs.to_dataframe()
    >>> str(df["value"].dtype), str(df["as_of"].dtype), float(df["value"].max())
    ('float64', 'datetime64[ns]', 99.0)
    """

    def columns(self) -> list[str]:
        """The field names of the answers (empty for an empty list)."""
        return [f.name for f in fields(self[0])] if self else []  # type: ignore[arg-type]

    def to_dataframe(self) -> pandas.DataFrame:
        """The answers as a DataFrame, one column per field, with numeric and datetime dtypes."""
        from kg.frames import typed_frame

        cols = self.columns()
        return typed_frame([[getattr(r, c) for c in cols] for r in self], cols)

    def _repr_html_(self) -> str:
        from kg.frames import html_table

        cols = self.columns()
        return html_table(cols, [[getattr(r, c) for c in cols] for r in self])


#: the levels :meth:`KnowledgeGraph.places` and :meth:`KnowledgeGraph.bodies` take, by name
LEVELS = {
    "national": "NationalLevel",
    "country": "NationalLevel",
    "province": "ProvincialLevel",
    "provincial": "ProvincialLevel",
    "city": "CityLevel",
    "prefecture": "CityLevel",
    "county": "CountyLevel",
    "township": "TownshipLevel",
    "village": "VillageLevel",
}


def _level_iri(level: str) -> str:
    key = level.strip()
    if key.startswith(_POV):
        return key
    if key.startswith("pov:"):
        key = key[4:]
    low = key.lower()
    if low in LEVELS:
        return _POV + LEVELS[low]
    for name in set(LEVELS.values()):
        if low in (name.lower(), name.lower().removesuffix("level")):
            return _POV + name
    raise UsageError(f"unknown level {level!r}: use one of {', '.join(sorted(LEVELS))}")


def normalise_lang(lang: str) -> str:
    """``"zh"`` or ``"en"`` for a language tag in any case (``zh-Hans``, ``ZH-hans``, ``en-GB``).

    Examples
    --------
    >>> normalise_lang("zh-Hans"), normalise_lang("ZH-HANS"), normalise_lang("En")
    ('zh', 'zh', 'en')
    """
    low = lang.strip().lower()
    base = low.split("-", 1)[0]
    if base in ("zh", "en"):
        return base
    raise UsageError(f"unknown language {lang!r}: use zh (zh-Hans) or en")


def _chunks(items: Sequence[str], size: int = 500) -> Iterable[Sequence[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


# ------------------------------------------------------------------------------------------
# the facade
# ------------------------------------------------------------------------------------------


class KnowledgeGraph:
    """The graph, over one store. Use :meth:`open`, :meth:`memory`, :meth:`endpoint`.

    Parameters
    ----------
    store : OxigraphStore or MemoryStore or EndpointStore
    timeout : float, optional
        Seconds any one query may run; past it the query is stopped and
        :class:`~kg.errors.QueryTimeout` raised (see :mod:`kg.guard`).
    max_rows : int, optional
        Rows (or triples) any one query may give; past it the query is stopped and
        :class:`~kg.errors.ResultTooLarge` raised.

    Examples
    --------
    >>> with KnowledgeGraph(sample_store, timeout=30, max_rows=2) as g:
    ...     g.sparql("SELECT ?s WHERE { ?s a ?type }")
    Traceback (most recent call last):
    ...
    kg.errors.ResultTooLarge: the query gives more than 2 rows (the result-size limit); narrow it
    """

    def __init__(
        self,
        store: OxigraphStore | MemoryStore | EndpointStore,
        *,
        timeout: float | None = None,
        max_rows: int | None = None,
    ) -> None:
        from kg.guard import GuardedStore

        self.store = store
        #: What the queries go through: the store itself, or a :class:`kg.guard.GuardedStore`.
        self.reader: Any = store
        if timeout is not None or max_rows is not None:
            self.reader = GuardedStore(store, timeout=timeout, max_rows=max_rows)

    def __repr__(self) -> str:
        return f"KnowledgeGraph({self.store!r})"

    def __enter__(self) -> KnowledgeGraph:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Stop the query worker, if limits started one (the store stays usable)."""
        close = getattr(self.reader, "close", None)
        if close is not None and self.reader is not self.store:
            close()

    # --- opening ---------------------------------------------------------------------------
    @classmethod
    def open(
        cls,
        path: str | Path | None = None,
        *,
        read_only: bool = True,
        timeout: float | None = None,
        max_rows: int | None = None,
    ) -> KnowledgeGraph:
        """Open a store directory (default: :func:`kg.resources.default_store`) or an RDF file.

        ``read_only=False`` opens an Oxigraph store for writing (for :meth:`build`); it is
        created if missing. ``timeout`` and ``max_rows`` limit every query.
        """
        if path is None:
            from kg.resources import default_store

            path = default_store()
        return cls(open_store(path, read_only=read_only), timeout=timeout, max_rows=max_rows)

    @classmethod
    def memory(
        cls, data: str | Path | None = None, *, timeout: float | None = None, max_rows: int | None = None
    ) -> KnowledgeGraph:
        """An rdflib store in memory, empty or loaded from an RDF file (TriG, N-Quads …)."""
        store = MemoryStore()
        if data is not None:
            store.load_file(data)
        return cls(store, timeout=timeout, max_rows=max_rows)

    @classmethod
    def endpoint(
        cls,
        url: str,
        *,
        graph_store: str | None = None,
        timeout: float | None = None,
        max_rows: int | None = None,
    ) -> KnowledgeGraph:
        """A remote SPARQL 1.1 endpoint (default graph = union of the named graphs)."""
        return cls(EndpointStore(url, graph_store=graph_store), timeout=timeout, max_rows=max_rows)

    @classmethod
    def reference(cls) -> KnowledgeGraph:
        """The reference graphs only (ontology, gazetteer, catalogue), built in memory."""
        from kg.build import build_reference

        store = OxigraphStore()
        build_reference(store)
        return cls(store)

    def build(self, paths: Iterable[str | Path] | None = None, jobs: int = 1) -> Any:
        """Build reports into this graph (default: the bundled reference report).

        Calls :func:`kg.build.build_corpus`; returns its ``BuildSummary``. An in-memory
        rdflib graph is built through a temporary Oxigraph store.
        """
        from kg.build import build_corpus
        from kg.resources import sample_report

        inputs = list(paths) if paths is not None else [sample_report()]
        if isinstance(self.store, EndpointStore):
            raise UsageError("build into a local store, then 'povkg push' it to the endpoint")
        if isinstance(self.store, OxigraphStore):
            if self.store.read_only:
                raise UsageError("this store is open read-only: KnowledgeGraph.open(path, read_only=False)")
            return build_corpus(inputs, self.store, jobs=jobs)
        tmp = OxigraphStore()
        for name in self.store.graph_names():  # keep what is there: unchanged documents are skipped
            g = Graph()
            for line in self.store.graph_ntriples(name):
                g.parse(data=line, format="nt")
            tmp.load_graph(URIRef(name), g)
        summary = build_corpus(inputs, tmp, jobs=jobs)
        for name in tmp.graph_names():
            g = Graph()
            g.parse(data="\n".join(tmp.graph_ntriples(name)), format="nt")
            self.store.replace_graph(URIRef(name), g)
        return summary

    # --- queries -----------------------------------------------------------------------------
    def query(
        self, name: str, /, *, limit: int | None = None, offset: int | None = None, **params: object
    ) -> Results:
        """Run a named query; parameters by keyword (labels and codes are looked up).

        ``limit`` and ``offset`` give one page of the rows (in the query's order); see
        :meth:`iter_query` to walk a long listing page by page.

        Examples
        --------
        >>> rows = kg_sample.query("outcomes-in-place", place="兰考县")
        >>> [(r["indicatorZh"], r["valueAsWritten"]) for r in rows]
        [('益农信息社', '300余个')]
        >>> len(kg_sample.query("outcomes", limit=3))
        3
        """
        return run_query(self.reader, name, params, limit=limit, offset=offset)

    def iter_query(self, name: str, /, *, page_size: int = 1000, **params: object) -> Iterator[Row]:
        """The rows of a named query, fetched ``page_size`` at a time (:func:`kg.query.iter_query`).

        Examples
        --------
        >>> sum(1 for _ in kg_sample.iter_query("outcomes", page_size=2)) == len(kg_sample.query("outcomes"))
        True
        """
        return iter_query(self.reader, name, params, page_size=page_size)

    def sparql(self, text: str, /, **bindings: object) -> Results:
        """Run any SELECT query; keyword arguments are bound (never pasted into the text).

        Values may be rdflib terms, IRIs as ``str`` starting with ``http``, or plain Python
        values (``str``, ``int``, ``Decimal``, ``datetime.date``), which become literals.

        Examples
        --------
        >>> q = "SELECT ?code ?place WHERE { ?place <https://w3id.org/povkg/def#divisionCode> ?code }"
        >>> kg_sample.sparql(q, place="https://w3id.org/povkg/id/place/411522")[0]["code"]
        '411522'
        """
        from kg.store import refuse_federation

        refuse_federation(text)
        return self.reader.select(text, _terms(bindings))

    def select(self, text: str, /, **bindings: object) -> Results:
        """Alias of :meth:`sparql`: a SELECT query with bound variables."""
        return self.sparql(text, **bindings)

    def ask(self, text: str, /, **bindings: object) -> bool:
        """Run an ASK query with bound variables."""
        from kg.store import refuse_federation

        refuse_federation(text)
        return self.reader.ask(text, _terms(bindings))

    def construct(self, text: str, /, **bindings: object) -> Graph:
        """Run a CONSTRUCT query with bound variables; returns an rdflib Graph."""
        from kg.store import refuse_federation

        refuse_federation(text)
        return self.reader.construct(text, _terms(bindings))

    def __len__(self) -> int:
        return len(self.store)

    # --- name resolution ---------------------------------------------------------------------
    def resolve(self, name: str) -> list[str]:
        """The IRIs a label, short form, code or IRI names (several if it is ambiguous)."""
        text = name.strip()
        if text.startswith(("http://", "https://", "urn:")):
            return [text]
        if text.startswith("<") and text.endswith(">"):
            return [text[1:-1]]
        for prefix, ns in PREFIXES.items():
            if text.startswith(prefix + ":") and not text.startswith(prefix + "://"):
                return [ns + text[len(prefix) + 1 :]]
        return [str(i) for i in resolve_entity(self.reader, text)]

    def _types(self, iris: Sequence[str]) -> dict[str, set[str]]:
        out: dict[str, set[str]] = {i: set() for i in iris}
        if not iris:
            return out
        res = self.reader.select(
            _PFX + f"SELECT DISTINCT ?s ?t WHERE {{ {_values_block('s', iris)} ?s a ?t }}"
        )
        for r in res:
            local = _local(str(r["t"]))
            if local:
                out[str(r["s"])].add(local)
        return out

    def _one(self, name: str, kinds: set[str], what: str) -> str | None:
        found = self.resolve(name)
        types = self._types(found)
        hits = [i for i in found if types.get(i, set()) & kinds]
        if not hits:
            return None
        if len(hits) > 1:
            labels = self._labels(hits)
            cands = "; ".join(f"{labels.get(i, (None, None))[0] or ''} <{i}>" for i in hits[:8])
            raise UsageError(f"{name!r} names {len(hits)} {what}s: {cands}")
        return hits[0]

    def _props(self, iri: str) -> dict[str, list[Identifier]]:
        res = self.reader.select(
            _PFX + "SELECT DISTINCT ?p ?o ?s WHERE { GRAPH ?g { ?s ?p ?o } FILTER(?g != graph:inferred) }",
            {"s": URIRef(iri)},
        )
        out: dict[str, list[Identifier]] = {}
        for r in res:
            term = r.term("o")
            if term is not None:
                out.setdefault(str(r["p"]), []).append(term)
        for values in out.values():
            values.sort(key=lambda t: (type(t).__name__, str(t)))
        return out

    def _labels(self, iris: Iterable[str]) -> dict[str, tuple[str | None, str | None]]:
        iris = sorted(set(iris))
        out: dict[str, tuple[str | None, str | None]] = {}
        for start in range(0, len(iris), 200):
            chunk = iris[start : start + 200]
            res = self.reader.select(
                _PFX
                + "SELECT DISTINCT ?x ?l WHERE { "
                + _values_block("x", chunk)
                + " ?x rdfs:label|skos:prefLabel ?l }"
            )
            for r in res:
                term = r.term("l")
                if not isinstance(term, Literal):
                    continue
                zh, en = out.get(str(r["x"]), (None, None))
                lang = (term.language or "").lower()
                if lang.startswith("zh") and (zh is None or str(term) < zh):
                    zh = str(term)
                elif lang.startswith("en") and (en is None or str(term) < en):
                    en = str(term)
                out[str(r["x"])] = (zh, en)
        return out

    # --- lookups -------------------------------------------------------------------------------
    def policy(self, name: str) -> Policy | None:
        """The policy called ``name`` (label, short form, catalogue key or IRI), or None.

        Examples
        --------
        >>> p = kg_sample.policy("数字乡村发展战略纲要")
        >>> p.label_en, p.issued
        ('Outline of the Digital Village Development Strategy', '2019-05')
        """
        iri = self._one(name, {"Policy"}, "policie")
        if iri is None:
            return None
        props = self._props(iri)
        zh, en = _pick_labels(props.get(_RDFS_LABEL, []))
        programmes = self.reader.select(
            _PFX
            + "SELECT DISTINCT ?programme ?policy WHERE { ?programme dct:isPartOf ?policy ; a pov:Programme } ORDER BY ?programme",
            {"policy": URIRef(iri)},
        )
        return Policy(
            iri=iri,
            label_zh=zh,
            label_en=en,
            issued=_first(props.get(_DCT + "issued")),
            issuers=tuple(sorted(str(t) for t in props.get(_POV + "isIssuedBy", []))),
            programmes=tuple(str(r["programme"]) for r in programmes),
            key=_first(props.get(_POV + "catalogueKey")),
        )

    def organisation(self, name: str) -> Actor | None:
        """The body called ``name`` (label, short form such as 省委网信办, key or IRI), or None.

        Raises :class:`~kg.errors.UsageError` when the name is ambiguous (省委网信办 names one
        body per province).

        Examples
        --------
        >>> a = kg_sample.organisation("河南省委网信办")
        >>> a.kind, _local(a.level), a.counterpart
        ('PartyBody', 'ProvincialLevel', 'https://w3id.org/povkg/id/org/cn/cac')
        """
        iri = self._one(name, _ORG_TYPES, "bodie")
        if iri is None:
            return None
        props = self._props(iri)
        zh, en = _pick_labels(props.get(_RDFS_LABEL, []))
        kinds = sorted(_local(str(t)) or "" for t in props.get(_RDF_TYPE, []) if _local(str(t)) in _ORG_TYPES)
        return Actor(
            iri=iri,
            label_zh=zh,
            label_en=en,
            alt_labels=tuple(sorted({str(t) for t in props.get(_SKOS + "altLabel", [])})),
            kind=kinds[0] if kinds else None,
            level=_first(props.get(_POV + "level")),
            serves=_first(props.get(_POV + "serves")),
            counterpart=_first(props.get(_POV + "counterpartOf")),
            key=_first(props.get(_POV + "catalogueKey")),
        )

    def place(self, name_or_code: str) -> Place | None:
        """The place called ``name_or_code`` (光山县, 光山, 411522, Guangshan County, an IRI), or None.

        Examples
        --------
        >>> p = kg_sample.place("光山")
        >>> p.code, p.kind, p.parents
        ('411522', 'County', ('https://w3id.org/povkg/id/place/411500', 'https://w3id.org/povkg/id/place/410000'))
        """
        iri = self._one(name_or_code, _PLACE_TYPES, "place")
        if iri is None:
            return None
        props = self._props(iri)
        zh, en = _pick_labels(props.get(_RDFS_LABEL, []))
        kinds = sorted(
            _local(str(t)) or "" for t in props.get(_RDF_TYPE, []) if _local(str(t)) in _PLACE_TYPES
        )
        return Place(
            iri=iri,
            label_zh=zh,
            label_en=en,
            code=_first(props.get(_POV + "divisionCode")),
            kind=kinds[0] if kinds else None,
            level=_first(props.get(_POV + "level")),
            parents=tuple(self._parents(iri)),
            alt_labels=tuple(sorted({str(t) for t in props.get(_SKOS + "altLabel", [])})),
        )

    def _parents(self, iri: str, limit: int = 8) -> list[str]:
        chain: list[str] = []
        current = iri
        for _ in range(limit):
            res = self.reader.select(
                _PFX + "SELECT DISTINCT ?parent ?s WHERE { GRAPH ?g { ?s pov:partOf|pov:locatedIn ?parent } "
                "FILTER(?g != graph:inferred) } ORDER BY ?parent",
                {"s": URIRef(current)},
            )
            parents = [
                str(r["parent"]) for r in res if str(r["parent"]) not in chain and str(r["parent"]) != iri
            ]
            if not parents:
                break
            current = parents[0]
            chain.append(current)
        return chain

    def events(
        self, policy: str | None = None, place: str | None = None, body: str | None = None
    ) -> Records[Event]:
        """Meetings and site visits, optionally by policy, place (including places within it) or body.

        Examples
        --------
        >>> [(e.kind, e.place_label, len(e.hosts)) for e in kg_sample.events(place="兰考县", policy="网络扶贫行动计划")]
        [('SiteVisit', '张庄村', 0), ('Meeting', '兰考县', 3)]
        """
        res = self.query("events", policy=policy, place=place, body=body)
        iris = [str(r["event"]) for r in res]
        roles = self._roles(iris)
        out: Records[Event] = Records()
        for r in res:
            iri = str(r["event"])
            info = roles.get(iri, {})
            out.append(
                Event(
                    iri=iri,
                    label_zh=r.get("eventZh"),  # type: ignore[arg-type]
                    kind=_local(r.get("type")),  # type: ignore[arg-type]
                    date=r.get("date") if isinstance(r.get("date"), _dt.date) else None,  # type: ignore[arg-type]
                    place=r.get("where"),  # type: ignore[arg-type]
                    place_label=r.get("whereZh"),  # type: ignore[arg-type]
                    part_of=r.get("partOfMeeting"),  # type: ignore[arg-type]
                    hosts=tuple(sorted(info.get("host", ()))),
                    speakers=tuple(sorted(info.get("speaker", ()))),
                    policies=tuple(sorted(info.get("policy", ()))),
                )
            )
        return out

    def _roles(self, events: Sequence[str]) -> dict[str, dict[str, set[str]]]:
        out: dict[str, dict[str, set[str]]] = {}
        events = sorted(set(events))
        for start in range(0, len(events), 200):
            chunk = events[start : start + 200]
            res = self.reader.select(
                _PFX
                + "SELECT DISTINCT ?event ?kind ?x WHERE { "
                + _values_block("event", chunk)
                + ' { ?event pov:hasHost ?x BIND("host" AS ?kind) } UNION { ?event pov:hasSpeaker ?x BIND("speaker" AS ?kind) }'
                ' UNION { ?event pov:implementsPolicy ?x BIND("policy" AS ?kind) } }'
            )
            for r in res:
                out.setdefault(str(r["event"]), {}).setdefault(str(r["kind"]), set()).add(str(r["x"]))
        return out

    def outcomes(
        self,
        policy: str | None = None,
        programme: str | None = None,
        place: str | None = None,
        indicator: str | None = None,
    ) -> Records[Outcome]:
        """Reported figures, optionally by policy, programme, place (and places within it), indicator.

        Examples
        --------
        >>> [(o.as_of.isoformat(), o.value, o.unit) for o in kg_sample.outcomes(place="河南省", indicator="农村固定宽带家庭普及率")]
        [('2019-09-20', Decimal('95'), '%'), ('2020-11-10', Decimal('99'), '%')]
        """
        if place is not None:
            res = self.query(
                "outcomes-in-place", place=place, policy=policy, programme=programme, indicator=indicator
            )
        else:
            res = self.query("outcomes", policy=policy, programme=programme, indicator=indicator)
        return Records(
            Outcome(
                iri=str(r["observation"]),
                indicator=str(r["indicator"]),
                indicator_label=r.get("indicatorZh"),  # type: ignore[arg-type]
                value=r.get("value"),  # type: ignore[arg-type]
                unit=r.get("unit"),  # type: ignore[arg-type]
                value_as_written=r.get("valueAsWritten"),  # type: ignore[arg-type]
                qualifier=_local(r.get("qualifier")),  # type: ignore[arg-type]
                kind=_local(r.get("kind")),  # type: ignore[arg-type]
                area=r.get("area"),  # type: ignore[arg-type]
                area_label=r.get("areaZh"),  # type: ignore[arg-type]
                as_of=r.get("asOf"),
                programme=r.get("forProgramme"),  # type: ignore[arg-type]
                programme_label=r.get("forProgrammeZh"),  # type: ignore[arg-type]
                policy=r.get("underPolicy"),  # type: ignore[arg-type]
                event=r.get("event"),  # type: ignore[arg-type]
                document=r.get("doc"),  # type: ignore[arg-type]
                sentence=r.get("exact"),  # type: ignore[arg-type]
            )
            for r in res
        )

    # -- series of one indicator (the indicator-series query as a DataFrame) -----------------
    def series(self, indicator: str, place: str | None = None) -> pandas.DataFrame:
        """One indicator across every report: a point per (area, as-of date, kind), as a DataFrame.

        Parameters
        ----------
        indicator : str
            The indicator concept: its label, alternative label, catalogue key or IRI
            (``电子商务进农村综合示范县数量``, ``电商进农村综合示范县``, ``ecommerce-demonstration-counties``).
        place : str, optional
            Only points about this place or places within it (a label, code or IRI).

        Returns
        -------
        pandas.DataFrame
            Columns ``indicator``, ``indicator_label``, ``province``, ``province_label``
            (全国 for national figures), ``area``, ``area_label``, ``as_of`` (datetime64; the
            start of the period for a year or a month), ``as_of_text`` (as recorded:
            ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``), ``kind`` (``Result``, ``Target``,
            ``Baseline`` …), ``value`` (float64), ``unit``, ``qualifier``,
            ``value_as_written``, ``sentence``, ``document``, ``observation``, ``reports``
            (int64: how many observations give the point). Sorted by province, area, date.

        Raises
        ------
        kg.errors.UsageError
            When the indicator or the place names nothing, or several things.

        Examples
        --------
        >>> df = kg_sample.series("农村固定宽带家庭普及率")
        >>> df[["province_label", "as_of", "kind", "value"]].astype(str).values.tolist()
        [['河南省', '2019-09-20', 'Result', '95.0'], ['河南省', '2020-11-10', 'Result', '99.0'], ['贵州省', '2020-12-02', 'Result', '96.0'], ['贵州省', '2021-12-31', 'Target', '98.0']]
        >>> df.dtypes[["as_of", "value", "reports"]].astype(str).tolist()
        ['datetime64[ns]', 'float64', 'int64']
        """
        import pandas as pd

        from kg.catalogue import indicator_iri, load_catalogue

        # the store's own indicator when the name is one; else (or when the name is also the
        # label of an unlinked indicator some report minted) the thesaurus's concept
        entry = load_catalogue().indicator(indicator)
        try:
            iri = self._one(indicator, {"Indicator"}, "indicator")
        except UsageError:
            if entry is None:
                raise
            iri = None
        if iri is None:
            iri = str(indicator_iri(entry.key)) if entry is not None else indicator
        res = self.query("indicator-series", indicator=iri, place=place)
        columns = {
            "indicator": "indicator", "indicator_label": "indicatorZh", "province": "province",
            "province_label": "provinceZh", "area": "area", "area_label": "areaZh",
            "as_of_text": "asOf", "kind": "kind", "value": "value", "unit": "unit",
            "qualifier": "qualifier", "value_as_written": "valueAsWritten", "sentence": "sentence",
            "document": "doc", "observation": "observation", "reports": "reports",
        }
        rows = []
        for r in res:
            row = {col: r.term(var) for col, var in columns.items()}
            rows.append({col: (None if t is None else str(t)) for col, t in row.items()})
        df = pd.DataFrame(rows, columns=list(columns))
        for col in ("kind", "qualifier"):
            df[col] = df[col].map(_local)
        df["value"] = pd.to_numeric(df["value"], errors="coerce").astype("float64")
        df["reports"] = pd.to_numeric(df["reports"]).fillna(0).astype("int64")
        df.insert(6, "as_of", pd.to_datetime(df["as_of_text"].map(_period_start), format="ISO8601"))
        df["as_of"] = df["as_of"].astype("datetime64[ns]")
        return df.sort_values(["province_label", "area_label", "as_of", "kind"], kind="stable", na_position="last").reset_index(drop=True)

    def co_hosts(self, policy: str | None = None) -> Records[CoHost]:
        """Pairs of bodies that hosted events together, most events first."""
        res = self.query("co-hosts", policy=policy)
        return Records(
            CoHost(
                a=str(r["a"]),
                a_label_zh=r.get("aZh"),  # type: ignore[arg-type]
                a_label_en=r.get("aEn"),  # type: ignore[arg-type]
                b=str(r["b"]),
                b_label_zh=r.get("bZh"),  # type: ignore[arg-type]
                b_label_en=r.get("bEn"),  # type: ignore[arg-type]
                events=int(r["events"]),
            )
            for r in res
        )

    def search(self, text: str) -> Records[Hit]:
        """Entities whose label, short form or code contains ``text``, best matches first.

        Examples
        --------
        >>> [(h.label, h.rank) for h in kg_sample.search("光山")][:2]
        [('光山县', 0), ('光山县电商产业园', 1)]
        """
        res = self.query("search", text=text)
        return Records(
            Hit(
                iri=str(r["entity"]),
                label=r.get("labelZh"),  # type: ignore[arg-type]
                matched=str(r["matched"]),
                type=_local(r.get("type")),  # type: ignore[arg-type]
                rank=int(r["rank"]),
            )
            for r in res
        )

    # --- cards (povkg lookup) --------------------------------------------------------------------
    def lookup(self, text: str) -> Records[Card]:
        """Cards of the entities ``text`` names exactly (label, short form, code or IRI).

        Examples
        --------
        >>> card = kg_sample.lookup("411522")[0]
        >>> [label for _, label in card.parents]
        ['信阳市', '河南省']
        """
        return Records(self.card(iri) for iri in self.resolve(text))

    def card(self, iri: str, limit: int = 20) -> Card:
        """Everything about one entity: types, labels, codes, parents, facts, roles, events,
        outcomes and source sentences (each list cut at ``limit``)."""
        props = self._props(iri)
        zh, en = _pick_labels(props.get(_RDFS_LABEL, []) + props.get(_SKOS + "prefLabel", []))
        types = tuple(sorted({_local(str(t)) or "" for t in props.get(_RDF_TYPE, [])}))
        codes = tuple(
            sorted({str(t) for key in ("divisionCode", "catalogueKey") for t in props.get(_POV + key, [])})
        )
        parents = self._parents(iri) if set(types) & _PLACE_TYPES else []
        fact_props = (
            "level",
            "serves",
            "counterpartOf",
            "isIssuedBy",
            "measuresProgramme",
            "province",
            "heldIn",
            "implementsPolicy",
        )
        facts_raw = [
            (name, str(v)) for name in fact_props for v in props.get(_POV + name, []) if isinstance(v, URIRef)
        ]
        facts_raw += [("isPartOf", str(v)) for v in props.get(_DCT + "isPartOf", [])]
        facts_raw += [("issued", str(v)) for v in props.get(_DCT + "issued", [])]
        labels = self._labels([p for p in parents] + [v for _, v in facts_raw if v.startswith("http")])
        truncated: dict[str, int] = {}

        def cut(name: str, rows: list[Any]) -> list[Any]:
            if len(rows) > limit:
                truncated[name] = len(rows)
                return rows[:limit]
            return rows

        roles: list[tuple[str, str, str, str | None]] = []
        events: list[tuple[str, str | None, str | None]] = []
        outcomes: list[tuple[str, str | None, str, str | None]] = []
        kinds = set(types)
        if kinds & _ORG_TYPES:
            res = self.query("event-roles", body=iri)
            roles = [
                (
                    str(r.get("date") or ""),
                    str(r["event"]),
                    str(r.get("roleZh") or _local(str(r.get("role") or "")) or ""),
                    r.get("eventZh"),
                )  # type: ignore[misc]
                for r in res
            ]
        if kinds & _PLACE_TYPES or "Policy" in kinds:
            res = self.query("events", **({"place": iri} if kinds & _PLACE_TYPES else {"policy": iri}))
            events = [(str(r["event"]), str(r.get("date") or "") or None, r.get("eventZh")) for r in res]  # type: ignore[misc]
        if kinds & (_PLACE_TYPES | {"Policy", "Programme", "Indicator"}):
            if kinds & _PLACE_TYPES:
                res = self.query("outcomes-in-place", place=iri)
            elif "Policy" in kinds:
                res = self.query("outcomes", policy=iri)
            elif "Programme" in kinds:
                res = self.query("outcomes", programme=iri)
            else:
                res = self.query("outcomes", indicator=iri)
            outcomes = [
                (
                    str(r["observation"]),
                    r.get("indicatorZh"),
                    str(r.get("valueAsWritten") or r.get("value")),
                    r.get("areaZh"),
                )  # type: ignore[misc]
                for r in res
            ]
        sources = [
            (str(r["doc"]), str(r.get("date") or "") or None, str(r["exact"]))
            for r in self.query("evidence", entity=iri)
            if r.get("via") in ("mention", "derived")
        ]
        return Card(
            iri=iri,
            types=types,
            label_zh=zh,
            label_en=en,
            alt_labels=tuple(sorted({str(t) for t in props.get(_SKOS + "altLabel", [])})),
            codes=codes,
            parents=tuple((p, labels.get(p, (None, None))[0]) for p in parents),
            facts=tuple((n, v, labels.get(v, (None, None))[0]) for n, v in facts_raw),
            roles=tuple(cut("roles", roles)),
            events=tuple(cut("events", events)),
            outcomes=tuple(cut("outcomes", outcomes)),
            sources=tuple(cut("sources", sources)),
            truncated=truncated,
        )

    # --- listings --------------------------------------------------------------------------------
    def _bulk(self, query: str, iris: Sequence[str]) -> list[Any]:
        rows: list[Any] = []
        for chunk in _chunks(sorted(set(iris))):
            rows.extend(self.reader.select(_PFX + query.replace("{VALUES}", _values_block("x", chunk))))
        return rows

    def _parent_map(self) -> dict[str, str]:
        res = self.reader.select(
            _PFX + "SELECT DISTINCT ?x ?parent WHERE { GRAPH ?g { ?x pov:partOf|pov:locatedIn ?parent } "
            "FILTER(?g != graph:inferred) } ORDER BY ?x ?parent"
        )
        out: dict[str, str] = {}
        for r in res:
            out.setdefault(str(r["x"]), str(r["parent"]))
        return out

    def policies(self) -> Records[Policy]:
        """Every policy (政策) the graph knows, with its labels, issuers and programmes.

        Examples
        --------
        >>> ps = kg_sample.policies()
        >>> [p.label_zh for p in ps if p.key == "wlfp-action-plan"]
        ['网络扶贫行动计划']
        >>> "label_en" in ps.to_dataframe().columns
        True
        """
        iris = [str(r["x"]) for r in self.reader.select(_PFX + "SELECT DISTINCT ?x WHERE { ?x a pov:Policy } ORDER BY ?x")]
        props: dict[str, dict[str, list[str]]] = {i: {} for i in iris}
        for r in self._bulk(
            "SELECT DISTINCT ?x ?k ?v WHERE { {VALUES} "
            '{ ?x pov:isIssuedBy ?v BIND("issuer" AS ?k) } UNION { ?x dct:issued ?v BIND("issued" AS ?k) } '
            'UNION { ?x pov:catalogueKey ?v BIND("key" AS ?k) } '
            'UNION { ?v dct:isPartOf ?x ; a pov:Programme BIND("programme" AS ?k) } }',
            iris,
        ):
            props[str(r["x"])].setdefault(str(r["k"]), []).append(str(r.term("v")))
        labels = self._labels(iris)
        return Records(
            Policy(
                iri=i,
                label_zh=labels.get(i, (None, None))[0],
                label_en=labels.get(i, (None, None))[1],
                issued=min(props[i].get("issued", []), default=None),
                issuers=tuple(sorted(set(props[i].get("issuer", [])))),
                programmes=tuple(sorted(set(props[i].get("programme", [])))),
                key=min(props[i].get("key", []), default=None),
            )
            for i in iris
        )

    def bodies(self, level: str | None = None, place: str | None = None) -> Records[Actor]:
        """Every body (机构), optionally of one level and serving a place (or a place within it).

        Parameters
        ----------
        level : str, optional
            ``"national"``, ``"province"``, ``"city"``, ``"county"`` … (see :data:`LEVELS`).
        place : str, optional
            A place name, code or IRI: bodies serving it or a place within it.

        Examples
        --------
        >>> henan = kg_sample.bodies(level="province", place="河南省")
        >>> "河南省委网信办" in [b.label_zh for b in henan], {b.level for b in henan}
        (True, {'https://w3id.org/povkg/def#ProvincialLevel'})
        """
        where = "VALUES ?t { " + " ".join(f"pov:{t}" for t in sorted(_ORG_TYPES)) + " } ?x a ?t ."
        bindings: dict[str, Identifier] = {}
        if level is not None:
            where += " ?x pov:level ?level ."
            bindings["level"] = URIRef(_level_iri(level))
        if place is not None:
            iri = self._one(place, _PLACE_TYPES, "place")
            if iri is None:
                raise UsageError(f"nothing is called {place!r} (give a place name, a code or an IRI)")
            where += " ?x pov:serves ?served . ?served (pov:partOf|pov:locatedIn)* ?place ."
            bindings["place"] = URIRef(iri)
        res = self.reader.select(
            _PFX + f"SELECT DISTINCT ?x WHERE {{ {where} }} ORDER BY ?x", bindings
        )
        iris = [str(r["x"]) for r in res]
        props: dict[str, dict[str, list[str]]] = {i: {} for i in iris}
        for r in self._bulk(
            "SELECT DISTINCT ?x ?k ?v WHERE { {VALUES} "
            '{ GRAPH ?g { ?x a ?v } FILTER(?g != graph:inferred) BIND("type" AS ?k) } '
            'UNION { ?x pov:level ?v BIND("level" AS ?k) } UNION { ?x pov:serves ?v BIND("serves" AS ?k) } '
            'UNION { ?x pov:counterpartOf ?v BIND("counterpart" AS ?k) } '
            'UNION { ?x pov:catalogueKey ?v BIND("key" AS ?k) } UNION { ?x skos:altLabel ?v BIND("alt" AS ?k) } }',
            iris,
        ):
            props[str(r["x"])].setdefault(str(r["k"]), []).append(str(r.term("v")))
        labels = self._labels(iris)
        out: Records[Actor] = Records()
        for i in iris:
            p = props[i]
            kinds = sorted(k for k in {_local(t) or "" for t in p.get("type", [])} if k in _ORG_TYPES - {"Organisation"})
            out.append(
                Actor(
                    iri=i,
                    label_zh=labels.get(i, (None, None))[0],
                    label_en=labels.get(i, (None, None))[1],
                    alt_labels=tuple(sorted(set(p.get("alt", [])))),
                    kind=kinds[0] if kinds else "Organisation",
                    level=min(p.get("level", []), default=None),
                    serves=min(p.get("serves", []), default=None),
                    counterpart=min(p.get("counterpart", []), default=None),
                    key=min(p.get("key", []), default=None),
                )
            )
        out.sort(key=lambda a: (a.label_zh or "", a.iri))
        return out

    def places(self, level: str | None = None, within: str | None = None) -> Records[Place]:
        """Places: administrative divisions (with codes), townships, villages and sites.

        Parameters
        ----------
        level : str, optional
            ``"province"``, ``"city"``, ``"county"``, ``"township"``, ``"village"`` (see :data:`LEVELS`).
        within : str, optional
            A place name, code or IRI: only places inside it.

        Examples
        --------
        >>> [(p.label_zh, p.code) for p in kg_sample.places(level="county", within="信阳市")]
        [('光山县', '411522')]
        """
        where = "VALUES ?t { " + " ".join(f"pov:{t}" for t in sorted(_PLACE_TYPES)) + " } ?x a ?t ."
        bindings: dict[str, Identifier] = {}
        if level is not None:
            where += " ?x pov:level ?level ."
            bindings["level"] = URIRef(_level_iri(level))
        if within is not None:
            iri = self._one(within, _PLACE_TYPES, "place")
            if iri is None:
                raise UsageError(f"nothing is called {within!r} (give a place name, a code or an IRI)")
            where += " ?x (pov:partOf|pov:locatedIn)+ ?within ."
            bindings["within"] = URIRef(iri)
        iris = [str(r["x"]) for r in self.reader.select(_PFX + f"SELECT DISTINCT ?x WHERE {{ {where} }} ORDER BY ?x", bindings)]
        props: dict[str, dict[str, list[str]]] = {i: {} for i in iris}
        for r in self._bulk(
            "SELECT DISTINCT ?x ?k ?v WHERE { {VALUES} "
            '{ GRAPH ?g { ?x a ?v } FILTER(?g != graph:inferred) BIND("type" AS ?k) } '
            'UNION { ?x pov:level ?v BIND("level" AS ?k) } UNION { ?x pov:divisionCode ?v BIND("code" AS ?k) } '
            'UNION { ?x skos:altLabel ?v BIND("alt" AS ?k) } }',
            iris,
        ):
            props[str(r["x"])].setdefault(str(r["k"]), []).append(str(r.term("v")))
        parents = self._parent_map()
        labels = self._labels(iris)
        out: Records[Place] = Records()
        for i in iris:
            p = props[i]
            chain: list[str] = []
            cur = parents.get(i)
            while cur is not None and cur not in chain and cur != i and len(chain) < 8:
                chain.append(cur)
                cur = parents.get(cur)
            kinds = sorted(k for k in {_local(t) or "" for t in p.get("type", [])} if k in _PLACE_TYPES)
            specific = [k for k in kinds if k not in ("Place", "AdministrativeDivision")]
            out.append(
                Place(
                    iri=i,
                    label_zh=labels.get(i, (None, None))[0],
                    label_en=labels.get(i, (None, None))[1],
                    code=min(p.get("code", []), default=None),
                    kind=(specific or kinds or [None])[0],
                    level=min(p.get("level", []), default=None),
                    parents=tuple(chain),
                    alt_labels=tuple(sorted(set(p.get("alt", [])))),
                )
            )
        return out

    def label(self, iri: str, lang: str = "zh-Hans") -> str | None:
        """The label of an entity in a language given in any case (``zh-Hans``, ``zh``, ``EN``).

        Examples
        --------
        >>> kg_sample.label("https://w3id.org/povkg/id/place/411522", lang="ZH-HANS")
        '光山县'
        >>> kg_sample.label("https://w3id.org/povkg/id/place/411522", lang="en")
        'Guangshan County'
        """
        zh, en = self._labels([iri]).get(iri, (None, None))
        return zh if normalise_lang(lang) == "zh" else en

    def __dir__(self) -> list[str]:
        """The public API only (no helpers), so tab completion shows what to call."""
        return sorted(n for n in set(dir(type(self))) | set(vars(self)) if not n.startswith("_"))

    # --- networks --------------------------------------------------------------------------------
    # --- viewer (owned by visualise/; kept to this one method) ---------------------------
    def view(
        self,
        view: str = "overview",
        name: str | None = None,
        *,
        focus: str | None = None,
        depth: int = 2,
        lang: str = "zh",
    ) -> Any:
        """An interactive view of the graph; shows itself inline in Jupyter (offline).

        See :func:`visualise.visualise`; ``visualise.write_view(kg.view(...), "page.html")``
        writes it as a page.

        Examples
        --------
        >>> v = kg_sample.view("coorg")
        >>> v.title, "<iframe" in v._repr_html_()
        ('机构共同主办网络', True)
        """
        from visualise import visualise

        return visualise(self.store, view, name, focus=focus, depth=depth, lang=normalise_lang(lang))

    def to_networkx(self, view: str = "coorg") -> networkx.Graph:
        """The graph as a networkx graph.

        ``view="coorg"``: bodies as nodes (``label``, ``label_en``), an edge between two
        bodies that hosted events together, ``weight`` = the number of such events.
        ``view="overview"``: policies, events, bodies and places as nodes (``kind``,
        ``label``), edges for implements / host / speaker / held in / includes visit.

        Examples
        --------
        Which bodies sit at the centre of co-hosting?

        >>> import networkx as nx
        >>> G = kg_sample.to_networkx("coorg")
        >>> G["https://w3id.org/povkg/id/org/410000/cac"]["https://w3id.org/povkg/id/org/410000/cpad"]["weight"]
        2
        >>> centrality = nx.degree_centrality(G)
        >>> rank = nx.pagerank(G, weight="weight")
        >>> sorted(G.nodes[n]["label"] for n in sorted(rank, key=rank.get, reverse=True)[:2])
        ['河南省委网信办', '河南省扶贫办']
        >>> round(max(centrality.values()), 2)
        0.67
        """
        import networkx as nx

        G = nx.Graph()
        if view == "coorg":
            for pair in self.co_hosts():
                G.add_node(pair.a, label=pair.a_label_zh, label_en=pair.a_label_en, kind="body")
                G.add_node(pair.b, label=pair.b_label_zh, label_en=pair.b_label_en, kind="body")
                G.add_edge(pair.a, pair.b, weight=pair.events)
            return G
        if view != "overview":
            raise UsageError(f"unknown view {view!r}: use 'coorg' or 'overview'")
        rels = {
            "implementsPolicy": "implements",
            "hasHost": "host",
            "hasSpeaker": "speaker",
            "hasAttendee": "attendee",
            "heldIn": "held in",
            "includesVisit": "includes visit",
        }
        res = self.reader.select(
            _PFX
            + "SELECT DISTINCT ?s ?rel ?o WHERE { VALUES ?rel { "
            + " ".join(f"pov:{r}" for r in rels)
            + " } GRAPH ?g { ?s ?rel ?o } FILTER(?g != graph:inferred) } ORDER BY ?s ?rel ?o"
        )
        edges = [(str(r["s"]), rels[_local(str(r["rel"])) or ""], str(r["o"])) for r in res]
        nodes = sorted({e[0] for e in edges} | {e[2] for e in edges})
        labels = self._labels(nodes)
        types = self._types(nodes)
        for n in nodes:
            t = types.get(n, set())
            kind = (
                "policy"
                if "Policy" in t
                else "event"
                if t & {"Meeting", "SiteVisit", "Event"}
                else "body"
                if t & _ORG_TYPES
                else "place"
                if t & _PLACE_TYPES
                else "other"
            )
            zh, en = labels.get(n, (None, None))
            G.add_node(n, label=zh or _local(n), label_en=en, kind=kind)
        for s, rel, o in edges:
            G.add_edge(s, o, relation=rel)
        return G


def _pick_labels(terms: Sequence[Identifier]) -> tuple[str | None, str | None]:
    zh = en = None
    for t in terms:
        if isinstance(t, Literal) and t.language:
            lang = t.language.lower()
            if lang.startswith("zh") and (zh is None or str(t) < zh):
                zh = str(t)
            elif lang.startswith("en") and (en is None or str(t) < en):
                en = str(t)
    return zh, en


def _period_start(as_of: str | None) -> str | None:
    """``YYYY`` -> ``YYYY-01-01``, ``YYYY-MM`` -> ``YYYY-MM-01`` (a date stays as it is)."""
    if not as_of:
        return None
    return as_of + {4: "-01-01", 7: "-01"}.get(len(as_of), "")


def _first(terms: Sequence[Identifier] | None) -> str | None:
    return str(terms[0]) if terms else None


def _terms(bindings: Mapping[str, object]) -> dict[str, Identifier]:
    out: dict[str, Identifier] = {}
    for k, v in bindings.items():
        if isinstance(v, Identifier):
            out[k] = v
        elif isinstance(v, str) and v.startswith(("http://", "https://", "urn:")):
            out[k] = URIRef(v)
        elif isinstance(v, (str, int, float, Decimal, bool, _dt.date)):
            out[k] = Literal(v)
        else:
            raise UsageError(f"cannot bind ?{k} to {type(v).__name__}")
    return out
