"""The named query library, parameter binding and query results.

Every question the graph answers is one file ``queries/<name>.rq`` that starts with a
header in Chinese and English::

    # name: co-hosts
    # 问题: 哪些机构共同主办活动？共同主办了几次？
    # Question: Which bodies co-host events, and how many events did each pair co-host?
    # param policy: iri, optional, example https://w3id.org/povkg/id/policy/wlfp-action-plan — only events implementing this policy
    # row: one pair of bodies (labels in Chinese and English) and the number of events they co-hosted

Parameters are SPARQL variables bound at run time, never pasted into the query text:
pyoxigraph ``substitutions``, rdflib ``initBindings``, or a ``VALUES`` block of escaped
terms for a remote endpoint (see :mod:`kg.store`). A parameter of type ``iri`` may also be
given as a label, a short form or a code (``网络扶贫行动计划``, ``光山``, ``411522``); it is
looked up in the store first, again with the text bound, not pasted.

Rules for query authors (so that the three stores return the same rows):

* project every parameter variable in the outer ``SELECT`` (Oxigraph requires it);
* use parameters only in the outer group pattern, or in a sub-query that projects (and
  groups by) them;
* test an optional parameter with ``IF(COALESCE(ISIRI(?p), false), <test>, true)``, never
  with ``BOUND(?p)`` (Oxigraph's substitution leaves ``BOUND`` false) and never copy it with
  ``BIND(?p AS ?q)``;
* never let a parameter be bound first inside an ``OPTIONAL``: bind it by a required pattern
  or test it in a ``FILTER``;
* put ``FILTER(BOUND(?key))`` right after an aggregating sub-select, inside its own group:
  rdflib yields one empty group when a bound parameter matches nothing;
* use ``DISTINCT`` / ``COUNT(DISTINCT …)``: Oxigraph's union default graph repeats a triple
  once per named graph holding it, and every report graph repeats the labels of the bodies it
  names — so read a label from the row's own report graph (``GRAPH ?doc``) or from a
  reference graph (``GRAPH graph:catalogue``), never from the union, where one row would
  become hundreds;
* an ``OPTIONAL`` must only join on variables that are surely bound (nest it otherwise):
  Oxigraph evaluates a maybe-unbound join in full;
* end with an ``ORDER BY`` that is total, so output is stable.

Examples
--------
>>> q = get_query("co-hosts")
>>> q.title_en
'Which bodies co-host events, and how many events did each pair co-host?'
>>> [(p.name, p.type, p.required) for p in q.params]
[('policy', 'iri', False)]
>>> rows = run_query(sample_store, "co-hosts", {"policy": "网络扶贫行动计划"})
>>> top = rows[0]
>>> top["aZh"], top["bZh"], top["events"]
('河南省委网信办', '河南省扶贫办', 2)
"""

from __future__ import annotations

import csv
import datetime as _dt
import difflib
import io
import json
import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Identifier

from kg.errors import InputError, UsageError
from kg.vocab import PREFIXES

if TYPE_CHECKING:  # pragma: no cover
    import pandas

__all__ = [
    "QueryParam",
    "NamedQuery",
    "Row",
    "Results",
    "Term",
    "PARAM_TYPES",
    "parse_query_text",
    "load_library",
    "list_queries",
    "get_query",
    "bind_params",
    "resolve_entity",
    "run_query",
    "library_markdown",
    "term_to_sparql",
    "plain_value",
    "normalise_term",
    "shorten_iri",
    "display_width",
]

#: an RDF term as rdflib represents it, or None for an unbound variable
Term = Identifier | None

#: the parameter types a query header may declare
PARAM_TYPES = ("iri", "string", "integer", "date")

_PREFIX_BLOCK = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())


class _Selectable(Protocol):
    """Anything with a ``select`` method: every store in :mod:`kg.store`."""

    def select(self, query: str, bindings: Mapping[str, Identifier] | None = None) -> Results: ...


# ------------------------------------------------------------------------------------------
# the library
# ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class QueryParam:
    """One parameter of a named query, as declared in its header.

    Attributes
    ----------
    name : str
        The SPARQL variable name, without ``?``.
    type : str
        One of :data:`PARAM_TYPES`.
    required : bool
        Whether the query refuses to run without it.
    example : str or None
        An example value (used in ``--list`` and in tests).
    doc : str
        What the parameter does, in one line.
    default : str or None
        The value bound when the caller gives none.
    """

    name: str
    type: str
    required: bool
    example: str | None
    doc: str
    default: str | None = None


@dataclass(frozen=True)
class NamedQuery:
    """A query of the library: its header and its SPARQL text.

    Examples
    --------
    >>> q = get_query("outcomes-in-place")
    >>> q.param("place").required
    True
    """

    name: str
    title_zh: str
    title_en: str
    params: tuple[QueryParam, ...]
    row_doc: str
    text: str
    path: Path | None = field(default=None, compare=False)

    def param(self, name: str) -> QueryParam:
        """The parameter called ``name``; :class:`~kg.errors.UsageError` if there is none."""
        for p in self.params:
            if p.name == name:
                return p
        raise UsageError(_unknown_param_message(self, name))

    @property
    def param_names(self) -> tuple[str, ...]:
        """The names of the parameters, in header order."""
        return tuple(p.name for p in self.params)

    def bind(
        self, params: Mapping[str, object] | None = None, store: _Selectable | None = None
    ) -> dict[str, Identifier]:
        """The parameters as RDF terms (see :func:`bind_params`); names are looked up in ``store``.

        Examples
        --------
        >>> get_query("co-hosts").bind({"policy": "https://w3id.org/povkg/id/policy/wlfp-action-plan"})
        {'policy': rdflib.term.URIRef('https://w3id.org/povkg/id/policy/wlfp-action-plan')}
        """
        return bind_params(self, params, store)


_HEADER_LINE = re.compile(
    r"^#\s*(name|问题|question|param|row)\b\s*([^:：]*?)\s*[:：]\s*(.*?)\s*$", re.IGNORECASE
)
_PARAM_FIELD_SPLIT = re.compile(r",\s*(?=(?:required|optional|example|default)\b)")
_DOC_SPLIT = re.compile(r"\s+(?:—|--)\s+")
_NAME_OK = re.compile(r"^[a-z][a-z0-9-]*$")


def parse_query_text(text: str, name: str | None = None, path: Path | None = None) -> NamedQuery:
    """Parse the header of a query file.

    Parameters
    ----------
    text : str
        The whole ``.rq`` file.
    name : str, optional
        The expected name (the file stem); a header naming another query is an error.
    path : Path, optional
        Where the text came from, for error messages.

    Returns
    -------
    NamedQuery

    Raises
    ------
    kg.errors.InputError
        If a header line is missing or malformed.

    Examples
    --------
    >>> q = parse_query_text('''# name: demo
    ... # 问题: 有哪些政策？
    ... # Question: Which policies are there?
    ... # param policy: iri, optional, example id:policy/wlfp-action-plan — only this policy
    ... # row: one policy
    ... SELECT ?policy WHERE { ?policy a <https://w3id.org/povkg/def#Policy> } ORDER BY ?policy
    ... ''')
    >>> q.name, q.params[0].example, q.params[0].doc
    ('demo', 'id:policy/wlfp-action-plan', 'only this policy')
    """
    where = str(path) if path else (name or "query")
    fields: dict[str, str] = {}
    params: list[QueryParam] = []
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped:
            continue
        if not stripped.startswith("#"):
            break
        m = _HEADER_LINE.match(stripped)
        if not m:
            continue
        key, arg, value = m.group(1).lower(), m.group(2), m.group(3)
        if key == "param":
            params.append(_parse_param(arg, value, where))
        elif key in fields:
            raise InputError(f"{where}: header '{key}' given twice")
        else:
            fields[key] = value
    for key in ("name", "问题", "question", "row"):
        if not fields.get(key):
            raise InputError(f"{where}: header line '# {key}:' is missing or empty")
    qname = fields["name"]
    if not _NAME_OK.match(qname):
        raise InputError(f"{where}: query name '{qname}' must be lower-case ASCII words joined by '-'")
    if name is not None and qname != name:
        raise InputError(f"{where}: header names the query '{qname}', the file is '{name}.rq'")
    seen = set()
    for p in params:
        if p.name in seen:
            raise InputError(f"{where}: parameter '{p.name}' declared twice")
        seen.add(p.name)
        if not re.search(r"\?" + re.escape(p.name) + r"\b", text):
            raise InputError(f"{where}: parameter '{p.name}' is not used as ?{p.name} in the query")
    return NamedQuery(
        name=qname,
        title_zh=fields["问题"],
        title_en=fields["question"],
        params=tuple(params),
        row_doc=fields["row"],
        text=text,
        path=path,
    )


def _parse_param(name: str, value: str, where: str) -> QueryParam:
    if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
        raise InputError(f"{where}: '# param {name}:' is not a SPARQL variable name")
    parts = _DOC_SPLIT.split(value, maxsplit=1)
    spec, doc = parts[0], (parts[1].strip() if len(parts) > 1 else "")
    if not doc:
        raise InputError(f"{where}: parameter '{name}' has no description (write '— what it does')")
    items = [s.strip() for s in _PARAM_FIELD_SPLIT.split(spec)]
    ptype = items[0].strip().lower()
    if ptype not in PARAM_TYPES:
        raise InputError(
            f"{where}: parameter '{name}' has type '{ptype}'; use one of {', '.join(PARAM_TYPES)}"
        )
    required: bool | None = None
    example = default = None
    for item in items[1:]:
        if item in ("required", "optional"):
            required = item == "required"
        elif item.startswith("example"):
            example = item[len("example") :].strip() or None
        elif item.startswith("default"):
            default = item[len("default") :].strip() or None
    if required is None:
        raise InputError(f"{where}: parameter '{name}' must say 'required' or 'optional'")
    return QueryParam(name=name, type=ptype, required=required, example=example, doc=doc, default=default)


@lru_cache(maxsize=8)
def _load_folder(folder: str) -> dict[str, NamedQuery]:
    out: dict[str, NamedQuery] = {}
    for path in sorted(Path(folder).glob("*.rq")):
        text = path.read_text(encoding="utf-8")
        out[path.stem] = parse_query_text(text, name=path.stem, path=path)
    return out


def load_library(folder: str | Path | None = None) -> dict[str, NamedQuery]:
    """Every query of a folder (default: the bundled ``queries/``), by name.

    Examples
    --------
    >>> lib = load_library()
    >>> "co-hosts" in lib and "evidence" in lib
    True
    """
    if folder is None:
        from kg.resources import queries_path

        folder = queries_path()
    return dict(_load_folder(str(Path(folder).resolve())))


def list_queries(folder: str | Path | None = None) -> list[NamedQuery]:
    """The queries of the library, sorted by name.

    Examples
    --------
    >>> names = [q.name for q in list_queries()]
    >>> names == sorted(names) and "policy-overview" in names
    True
    """
    return [q for _, q in sorted(load_library(folder).items())]


def get_query(name: str, folder: str | Path | None = None) -> NamedQuery:
    """The named query ``name``.

    Raises
    ------
    kg.errors.UsageError
        If there is no such query; the message suggests the nearest names.

    Examples
    --------
    >>> get_query("co-host")
    Traceback (most recent call last):
    ...
    kg.errors.UsageError: unknown query 'co-host'; did you mean: co-hosts?
    """
    lib = load_library(folder)
    if name in lib:
        return lib[name]
    near = difflib.get_close_matches(name, list(lib), n=3, cutoff=0.5)
    if near:
        raise UsageError(f"unknown query '{name}'; did you mean: {', '.join(near)}?")
    raise UsageError(f"unknown query '{name}' ('povkg query --list' shows the {len(lib)} queries)")


def library_markdown(folder: str | Path | None = None) -> str:
    """``docs/queries.md``: the library as Markdown, generated from the query headers.

    Examples
    --------
    >>> print(library_markdown().splitlines()[0])
    # Named queries
    """
    out = [
        "# Named queries",
        "",
        "<!-- Generated from the headers of queries/*.rq by kg.query.library_markdown(); do not edit.",
        "     Regenerate: python -c 'from kg.query import library_markdown; print(library_markdown(), end=\"\")' > docs/queries.md -->",
        "",
        "Run one with `povkg query NAME -p PARAM=VALUE`, from Python with",
        "`KnowledgeGraph.open().query(NAME, PARAM=VALUE)`, or paste the file into any SPARQL editor",
        "(the default graph must be the union of the named graphs). Parameters of type `iri` also take",
        "a label, a short form or a code (`网络扶贫行动计划`, `光山`, `411522`).",
        "",
        "| query | 问题 | question |",
        "|---|---|---|",
    ]
    queries = list_queries(folder)
    for q in queries:
        out.append(f"| [`{q.name}`](#{q.name}) | {q.title_zh} | {q.title_en} |")
    for q in queries:
        out += ["", f"## {q.name}", "", f"**问题：** {q.title_zh}  ", f"**Question:** {q.title_en}", ""]
        if q.params:
            out += ["| parameter | type | | example | meaning |", "|---|---|---|---|---|"]
            for p in q.params:
                need = "required" if p.required else ("default " + p.default if p.default else "optional")
                out.append(f"| `{p.name}` | {p.type} | {need} | `{p.example or ''}` | {p.doc} |")
            out.append("")
        else:
            out += ["No parameters.", ""]
        out.append(f"**Row:** {q.row_doc}")
        example = " ".join(f"-p {p.name}={p.example}" for p in q.params if p.required and p.example)
        out += ["", "```", f"povkg query {q.name}{' ' + example if example else ''}", "```"]
    return "\n".join(out) + "\n"


# ------------------------------------------------------------------------------------------
# binding parameters
# ------------------------------------------------------------------------------------------

_IRI_SCHEME = re.compile(r"^(?:https?|urn|file|ftp|mailto|tag):", re.IGNORECASE)
_IRI_BAD = re.compile(r'[\x00-\x20<>"{}|^`\\]')
_LANG_OK = re.compile(r"^[A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*$")
_CURIE = re.compile(r"^([A-Za-z][A-Za-z0-9_-]*):(\S+)$")

#: properties whose value names an entity: a label, a short form, or a code
_NAME_PROPERTIES = (
    "rdfs:label",
    "skos:prefLabel",
    "skos:altLabel",
    "pov:divisionCode",
    "pov:catalogueKey",
    "dct:identifier",
)
_LANG_VARIANTS = ("zh-Hans", "zh", "zh-CN", "en")

_RESOLVE_EXACT = (
    _PREFIX_BLOCK
    + "SELECT DISTINCT ?entity ?t0 ?t1 ?t2 ?t3 ?t4 WHERE {\n"
    + f"  VALUES ?p {{ {' '.join(_NAME_PROPERTIES)} }}\n"
    + "  { ?entity ?p ?t0 } UNION { ?entity ?p ?t1 } UNION { ?entity ?p ?t2 } UNION { ?entity ?p ?t3 }"
    + " UNION { ?entity ?p ?t4 }\n"
    + "} ORDER BY ?entity"
)
_RESOLVE_CASELESS = (
    _PREFIX_BLOCK
    + "SELECT DISTINCT ?entity ?text WHERE {\n"
    + f"  VALUES ?p {{ {' '.join(_NAME_PROPERTIES)} }}\n"
    + "  ?entity ?p ?l .\n"
    + "  FILTER(LCASE(STR(?l)) = LCASE(?text))\n"
    + "} ORDER BY ?entity"
)
_LABELS = (
    _PREFIX_BLOCK
    + "SELECT DISTINCT ?entity ?label WHERE {\n"
    + "  ?entity rdfs:label|skos:prefLabel ?label .\n"
    + '  FILTER(LANGMATCHES(LANG(?label), "zh"))\n'
    + "} ORDER BY ?label"
)


def _check_iri(text: str) -> URIRef:
    if not _IRI_SCHEME.match(text) or _IRI_BAD.search(text):
        raise UsageError(f"not a valid IRI: {text!r}")
    return URIRef(text)


def _expand_curie(text: str) -> URIRef | None:
    m = _CURIE.match(text)
    if m and m.group(1) in PREFIXES and not text.startswith(("http:", "https:", "urn:")):
        return _check_iri(PREFIXES[m.group(1)] + m.group(2))
    return None


def resolve_entity(store: _Selectable, text: str) -> list[URIRef]:
    """The entities that ``text`` names: by label, short form (``skos:altLabel``) or code.

    The text is bound as a literal (in each usual language tag), never pasted into the
    query. English labels are also matched regardless of case.

    Parameters
    ----------
    store : a store of :mod:`kg.store`
    text : str
        A label (``光山县``), a short form (``光山``, ``省委网信办``) or a code (``411522``,
        ``wlfp-action-plan``).

    Returns
    -------
    list of rdflib.URIRef
        Sorted; empty when nothing matches, several when the name is ambiguous.

    Examples
    --------
    >>> [str(i) for i in resolve_entity(sample_store, "411522")]
    ['https://w3id.org/povkg/id/place/411522']
    >>> len(resolve_entity(sample_store, "省委网信办"))  # Henan's and Guizhou's
    2
    >>> resolve_entity(sample_store, "guangshan county") == resolve_entity(sample_store, "光山")
    True
    """
    text = text.strip()
    if not text:
        return []
    _check_text(text)
    bindings: dict[str, Identifier] = {
        f"t{i}": Literal(text, lang=lang) for i, lang in enumerate(_LANG_VARIANTS)
    }
    bindings["t4"] = Literal(text)
    res = store.select(_RESOLVE_EXACT, bindings)
    found = sorted({URIRef(str(r.term("entity"))) for r in res if isinstance(r.term("entity"), URIRef)})
    if not found and text.isascii() and any(c.isalpha() for c in text):
        res = store.select(_RESOLVE_CASELESS, {"text": Literal(text)})
        found = sorted({URIRef(str(r.term("entity"))) for r in res if isinstance(r.term("entity"), URIRef)})
    return found


def _check_text(text: str) -> None:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise UsageError(f"text is not valid Unicode: {text!r}") from exc


def _labels_of(store: _Selectable, iris: Sequence[URIRef]) -> dict[URIRef, str]:
    out: dict[URIRef, str] = {}
    for iri in iris:
        res = store.select(
            _PREFIX_BLOCK + "SELECT ?entity ?label WHERE { ?entity rdfs:label|skos:prefLabel ?label . "
            'FILTER(LANGMATCHES(LANG(?label), "zh")) } ORDER BY ?label LIMIT 1',
            {"entity": iri},
        )
        if len(res):
            out[iri] = str(res[0]["label"])
    return out


def _to_iri(value: object, param: QueryParam, store: _Selectable | None) -> URIRef:
    if isinstance(value, URIRef):
        return _check_iri(str(value))
    if not isinstance(value, str):
        raise UsageError(
            f"parameter '{param.name}' takes an IRI, a label or a code, not {type(value).__name__}"
        )
    text = value.strip()
    if text.startswith("<") and text.endswith(">"):
        return _check_iri(text[1:-1])
    if _IRI_SCHEME.match(text):
        return _check_iri(text)
    curie = _expand_curie(text)
    if curie is not None:
        return curie
    if store is None:
        raise UsageError(
            f"parameter '{param.name}': '{text}' is not an IRI (no store to look the name up in)"
        )
    found = resolve_entity(store, text)
    if not found:
        raise UsageError(
            f"parameter '{param.name}': nothing is called {text!r} (give a label, a code or an IRI)"
        )
    if len(found) > 1:
        labels = _labels_of(store, found[:8])
        cands = "; ".join(f"{labels.get(i, '')} <{i}>".strip() for i in found[:8])
        raise UsageError(
            f"parameter '{param.name}': {text!r} is ambiguous, it names {len(found)} entities: {cands}"
        )
    return found[0]


def _convert(value: object, param: QueryParam, store: _Selectable | None) -> Identifier:
    if param.type == "iri":
        return _to_iri(value, param, store)
    if param.type == "string":
        if isinstance(value, Literal):
            return Literal(str(value))
        if not isinstance(value, str):
            raise UsageError(f"parameter '{param.name}' takes text, not {type(value).__name__}")
        _check_text(value)
        return Literal(value)
    if param.type == "integer":
        if isinstance(value, bool):
            raise UsageError(f"parameter '{param.name}' takes an integer, not a boolean")
        try:
            number = int(value) if isinstance(value, int) else int(str(value).strip())
        except ValueError:
            raise UsageError(f"parameter '{param.name}' takes an integer, not {value!r}") from None
        return Literal(number, datatype=XSD.integer)
    if param.type == "date":
        if isinstance(value, _dt.datetime):
            value = value.date()
        if isinstance(value, _dt.date):
            return Literal(value.isoformat(), datatype=XSD.date)
        try:
            day = _dt.date.fromisoformat(str(value).strip())
        except ValueError:
            raise UsageError(
                f"parameter '{param.name}' takes a date like 2020-11-10, not {value!r}"
            ) from None
        return Literal(day.isoformat(), datatype=XSD.date)
    raise UsageError(f"parameter '{param.name}' has unknown type '{param.type}'")  # pragma: no cover


def _unknown_param_message(query: NamedQuery, name: str) -> str:
    takes = ", ".join(query.param_names) or "no parameters"
    near = difflib.get_close_matches(name, query.param_names, n=1, cutoff=0.5)
    hint = f"; did you mean '{near[0]}'?" if near else ""
    return f"unknown parameter '{name}' for query '{query.name}' (it takes: {takes}){hint}"


def bind_params(
    query: NamedQuery, params: Mapping[str, object] | None = None, store: _Selectable | None = None
) -> dict[str, Identifier]:
    """Check the parameters of a call and turn them into RDF terms.

    Parameters
    ----------
    query : NamedQuery
    params : mapping of str to object
        Values as text (from the command line) or as Python values (``int``,
        ``datetime.date``, ``rdflib.URIRef``).
    store : a store, optional
        Where labels and codes given for ``iri`` parameters are looked up.

    Returns
    -------
    dict of str to rdflib term
        Only the parameters that have a value (given, or the default).

    Raises
    ------
    kg.errors.UsageError
        Unknown parameter, missing required parameter, wrong type, unknown or ambiguous name.

    Examples
    --------
    >>> q = get_query("indicator-series")
    >>> b = bind_params(q, {"min_points": "3"})
    >>> b["min_points"]
    rdflib.term.Literal('3', datatype=rdflib.term.URIRef('http://www.w3.org/2001/XMLSchema#integer'))
    >>> bind_params(q, {"min_points": "three"})
    Traceback (most recent call last):
    ...
    kg.errors.UsageError: parameter 'min_points' takes an integer, not 'three'
    >>> bind_params(q, {"colour": "red"})
    Traceback (most recent call last):
    ...
    kg.errors.UsageError: unknown parameter 'colour' for query 'indicator-series' (it takes: indicator, place, min_points)
    """
    params = dict(params or {})
    for name in params:
        if name not in query.param_names:
            raise UsageError(_unknown_param_message(query, name))
    out: dict[str, Identifier] = {}
    for p in query.params:
        value = params.get(p.name)
        if value is None or (isinstance(value, str) and not value.strip()):
            if p.default is not None:
                value = p.default
            elif p.required:
                example = f", e.g. -p {p.name}={p.example}" if p.example else ""
                raise UsageError(f"query '{query.name}' needs parameter '{p.name}' ({p.type}){example}")
            else:
                continue
        out[p.name] = _convert(value, p, store)
    return out


def run_query(
    store: _Selectable, query: str | NamedQuery, params: Mapping[str, object] | None = None
) -> Results:
    """Run a named query on a store with bound parameters.

    Examples
    --------
    >>> res = run_query(sample_store, "outcomes-in-place", {"place": "兰考县"})
    >>> [(r["indicatorZh"], r["value"], r["unit"]) for r in res]
    [('益农信息社', Decimal('300'), '个')]
    """
    q = get_query(query) if isinstance(query, str) else query
    return store.select(q.text, bind_params(q, params, store))


# ------------------------------------------------------------------------------------------
# terms
# ------------------------------------------------------------------------------------------

_XSD = str(XSD)
_INTEGER_TYPES = {
    _XSD + t
    for t in (
        "integer",
        "int",
        "long",
        "short",
        "byte",
        "nonNegativeInteger",
        "positiveInteger",
        "nonPositiveInteger",
        "negativeInteger",
        "unsignedLong",
        "unsignedInt",
        "unsignedShort",
        "unsignedByte",
    )
}
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}
#: Characters that change how the text around them is shown or parsed by a terminal, an
#: editor or a spreadsheet: C0 and C1 controls (not tab or newline), DEL, the bidi
#: embeddings, overrides, isolates and marks, and the line and paragraph separators.
#: Characters never shown as themselves: C0/C1 controls, bidi controls (U+061C, U+200E/F,
#: U+202A–U+202E, U+2066–U+2069), line separators, and zero-width characters (U+200B–U+200D,
#: U+2060–U+2064, U+FEFF) that hide text or make two strings look the same.
UNSAFE_CHARS = (
    "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028\u2029\u202a-\u202e"
    "\u2060-\u2064\u2066-\u2069\ufeff"
)
_UNSAFE_RE = re.compile(f"[{UNSAFE_CHARS}]")
_ESCAPE_RE = re.compile(f'[\\\\"\n\r\t\b\f{UNSAFE_CHARS}]')


def _uchar(c: str) -> str:
    return f"\\u{ord(c):04X}"


def _escape(text: str) -> str:
    return _ESCAPE_RE.sub(lambda m: _ESCAPES.get(m.group()) or _uchar(m.group()), text)


def escape_unsafe(text: str) -> str:
    """Show control and bidi characters as ``\\uXXXX`` (SPARQL, Turtle and JSON read that back).

    Every text output of povkg passes through this (or an equivalent escape of its format),
    so a label cannot reorder or hide the text around it.

    Examples
    --------
    >>> print(escape_unsafe("光山县\u202e会议"))
    光山县\\u202E会议
    """
    return _UNSAFE_RE.sub(lambda m: _uchar(m.group()), text)


def term_to_sparql(term: Identifier) -> str:
    """A term in SPARQL/Turtle syntax, escaped so that no text can leave its literal.

    Used for ``VALUES`` blocks sent to endpoints and for TSV results.

    Raises
    ------
    kg.errors.UsageError
        For a blank node (it cannot be bound), an IRI with characters IRIs may not
        contain, or a malformed language tag.

    Examples
    --------
    >>> print(term_to_sparql(Literal('光山县" } ; DROP ALL ; #')))
    "光山县\\" } ; DROP ALL ; #"
    >>> term_to_sparql(Literal("2020-11-10", datatype=XSD.date))
    '"2020-11-10"^^<http://www.w3.org/2001/XMLSchema#date>'
    >>> term_to_sparql(URIRef("http://x/> } DROP ALL"))
    Traceback (most recent call last):
    ...
    kg.errors.UsageError: not a valid IRI: 'http://x/> } DROP ALL'
    """
    if isinstance(term, URIRef):
        return f"<{_check_iri(str(term))}>"
    if isinstance(term, Literal):
        lexical = '"' + _escape(str(term)) + '"'
        if term.language:
            if not _LANG_OK.match(term.language):
                raise UsageError(f"not a valid language tag: {term.language!r}")
            return f"{lexical}@{term.language}"
        if term.datatype is not None and str(term.datatype) != _XSD + "string":
            return f"{lexical}^^<{_check_iri(str(term.datatype))}>"
        return lexical
    if isinstance(term, BNode):
        raise UsageError("a blank node cannot be bound as a parameter")
    raise UsageError(f"not an RDF term: {term!r}")


def _canonical_decimal(lexical: str) -> str:
    d = Decimal(lexical.strip())
    if d == d.to_integral_value():
        return str(d.quantize(Decimal(1)))
    s = format(d.normalize(), "f")
    return s


def normalise_term(term: object) -> Term:
    """One form per term, whichever store it came from.

    Language tags in lower case (as Oxigraph stores them), ``xsd:string`` as a simple
    literal, ``xsd:decimal`` and integers in canonical form (as Oxigraph returns them).

    Examples
    --------
    >>> normalise_term(Literal("99.0", datatype=XSD.decimal))
    rdflib.term.Literal('99', datatype=rdflib.term.URIRef('http://www.w3.org/2001/XMLSchema#decimal'))
    >>> normalise_term(Literal("光山县", lang="zh-Hans")).language
    'zh-hans'
    """
    if term is None:
        return None
    if isinstance(term, Literal):
        if term.language:
            return Literal(str(term), lang=term.language.lower())
        dt = str(term.datatype) if term.datatype is not None else None
        if dt is None or dt == _XSD + "string":
            return Literal(str(term))
        try:
            if dt == _XSD + "decimal":
                return Literal(_canonical_decimal(str(term)), datatype=term.datatype)
            if dt in _INTEGER_TYPES:
                return Literal(str(int(str(term).strip())), datatype=term.datatype)
            if dt == _XSD + "boolean":
                return Literal(
                    "true" if str(term).strip() in ("true", "1") else "false", datatype=XSD.boolean
                )
        except (ValueError, InvalidOperation):
            return term
        return term
    if isinstance(term, (URIRef, BNode)):
        return term
    raise TypeError(f"not an RDF term: {term!r}")


def plain_value(term: Term) -> object:
    """The plain Python value of a term.

    IRIs become ``str``, blank nodes ``'_:id'``, numbers ``int``/``Decimal``/``float``,
    booleans ``bool``, ``xsd:date`` ``datetime.date``, ``xsd:dateTime``
    ``datetime.datetime``; every other literal its text; unbound ``None``.

    Examples
    --------
    >>> plain_value(Literal("48940000000", datatype=XSD.decimal))
    Decimal('48940000000')
    >>> plain_value(Literal("2020-11-10", datatype=XSD.date))
    datetime.date(2020, 11, 10)
    >>> plain_value(URIRef("https://w3id.org/povkg/id/place/411522"))
    'https://w3id.org/povkg/id/place/411522'
    """
    if term is None:
        return None
    if isinstance(term, BNode):
        return f"_:{term}"
    if isinstance(term, URIRef):
        return str(term)
    if isinstance(term, Literal):
        dt = str(term.datatype) if term.datatype is not None else None
        text = str(term)
        try:
            if dt in _INTEGER_TYPES:
                return int(text.strip())
            if dt == _XSD + "decimal":
                return Decimal(text.strip())
            if dt in (_XSD + "double", _XSD + "float"):
                return float(text.strip().replace("INF", "inf"))
            if dt == _XSD + "boolean":
                return text.strip() in ("true", "1")
            if dt == _XSD + "date":
                return _dt.date.fromisoformat(text.strip())
            if dt == _XSD + "dateTime":
                return _dt.datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
        except (ValueError, InvalidOperation):
            return text
        return text
    return str(term)


def shorten_iri(iri: str) -> str:
    """An IRI with a known prefix written short (``id:place/411522``), for tables.

    Examples
    --------
    >>> shorten_iri("https://w3id.org/povkg/def#HostRole")
    'pov:HostRole'
    """
    best = ""
    prefix = ""
    for p, ns in PREFIXES.items():
        if iri.startswith(ns) and len(ns) > len(best):
            best, prefix = ns, p
    return f"{prefix}:{iri[len(best) :]}" if best else iri


def display_width(text: str) -> int:
    """Columns ``text`` takes in a terminal: wide and full-width characters count two.

    Examples
    --------
    >>> display_width("光山县"), display_width("Guangshan")
    (6, 9)
    """
    width = 0
    for ch in text:
        if unicodedata.combining(ch):
            continue
        width += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return width


def _truncate(text: str, width: int) -> str:
    if display_width(text) <= width:
        return text
    out, used = [], 0
    for ch in text:
        w = display_width(ch)
        if used + w > width - 1:
            break
        out.append(ch)
        used += w
    return "".join(out) + "…"


def _pad(text: str, width: int, right: bool = False) -> str:
    gap = " " * max(0, width - display_width(text))
    return gap + text if right else text + gap


# ------------------------------------------------------------------------------------------
# results
# ------------------------------------------------------------------------------------------


class Row(Sequence[object]):
    """One solution: frozen, indexable by variable name or by position, unpackable.

    Values are plain Python values (see :func:`plain_value`); :meth:`term` gives the RDF
    term.

    Examples
    --------
    >>> r = Row(("place", "n"), (URIRef("https://w3id.org/povkg/id/place/411522"), Literal(3)))
    >>> r["n"], r[1], r.get("missing", 0)
    (3, 3, 0)
    >>> place, n = r
    >>> r.asdict()
    {'place': 'https://w3id.org/povkg/id/place/411522', 'n': 3}
    """

    __slots__ = ("_vars", "_terms", "_cache")
    _vars: tuple[str, ...]
    _terms: tuple[Term, ...]
    _cache: tuple[object, ...] | None

    def __init__(self, variables: Sequence[str], terms: Sequence[Term]) -> None:
        if len(variables) != len(terms):
            raise ValueError("a row needs one term (or None) per variable")
        object.__setattr__(self, "_vars", tuple(variables))
        object.__setattr__(self, "_terms", tuple(terms))
        object.__setattr__(self, "_cache", None)

    @property
    def _values(self) -> tuple[object, ...]:
        if self._cache is None:
            object.__setattr__(self, "_cache", tuple(plain_value(t) for t in self._terms))
        return self._cache  # type: ignore[return-value]

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("Row is frozen")

    def __delattr__(self, name: str) -> None:
        raise AttributeError("Row is frozen")

    def _index(self, key: str) -> int:
        try:
            return self._vars.index(key)
        except ValueError:
            raise KeyError(key) from None

    def __getitem__(self, key: int | str | slice) -> Any:
        if isinstance(key, str):
            return self._values[self._index(key)]
        return self._values[key]

    def __len__(self) -> int:
        return len(self._values)

    def __iter__(self) -> Iterator[object]:
        return iter(self._values)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Row):
            return self._vars == other._vars and self._terms == other._terms
        if isinstance(other, tuple):
            return self._values == other
        return NotImplemented

    def __hash__(self) -> int:
        return hash((self._vars, self._terms))

    def __repr__(self) -> str:
        inner = ", ".join(f"{k}={v!r}" for k, v in zip(self._vars, self._values, strict=True))
        return f"Row({inner})"

    def keys(self) -> tuple[str, ...]:
        """The variable names."""
        return self._vars

    def get(self, key: str, default: object = None) -> object:
        """The value of ``key``, or ``default`` if unbound or not a variable."""
        if key not in self._vars:
            return default
        value = self._values[self._index(key)]
        return default if value is None else value

    def term(self, key: int | str) -> Term:
        """The RDF term of a variable (None if unbound)."""
        return self._terms[self._index(key) if isinstance(key, str) else key]

    @property
    def terms(self) -> tuple[Term, ...]:
        """The RDF terms, in variable order."""
        return self._terms

    def asdict(self) -> dict[str, object]:
        """The row as a dict of plain values."""
        return dict(zip(self._vars, self._values, strict=True))


class Results:
    """The rows of a SELECT query, whichever store ran it.

    Parameters
    ----------
    variables : sequence of str
        The projected variable names, in order.
    rows : iterable of sequences of terms
        One term (or None) per variable; terms are normalised with :func:`normalise_term`.
    normalised : bool
        The terms are already in normal form (Oxigraph's own output): skip that step.

    Examples
    --------
    >>> res = Results(["name", "n"], [[Literal("光山县", lang="zh-Hans"), Literal(2)]])
    >>> print(res.to_csv(), end="")  # doctest: +NORMALIZE_WHITESPACE
    name,n
    光山县,2
    >>> print(res.to_table())
    name    n
    ------  -
    光山县  2
    >>> json.loads(res.to_json())["results"]["bindings"][0]["name"]
    {'type': 'literal', 'value': '光山县', 'xml:lang': 'zh-hans'}
    """

    __slots__ = ("vars", "rows")

    def __init__(
        self, variables: Sequence[str], rows: Iterable[Sequence[object]] = (), *, normalised: bool = False
    ) -> None:
        self.vars: tuple[str, ...] = tuple(str(v) for v in variables)
        if normalised:
            self.rows: tuple[Row, ...] = tuple(Row(self.vars, r) for r in rows)  # type: ignore[arg-type]
        else:
            self.rows = tuple(Row(self.vars, [normalise_term(t) for t in r]) for r in rows)

    # --- container protocol ------------------------------------------------------------
    def __len__(self) -> int:
        return len(self.rows)

    def __iter__(self) -> Iterator[Row]:
        return iter(self.rows)

    def __getitem__(self, index: int) -> Row:
        return self.rows[index]

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Results):
            return NotImplemented
        return self.vars == other.vars and self.rows == other.rows

    def __hash__(self) -> int:
        return hash((self.vars, self.rows))

    def __repr__(self) -> str:
        return f"<Results vars={list(self.vars)} rows={len(self.rows)}>"

    def column(self, name: str) -> list[object]:
        """The plain values of one variable, row by row."""
        i = self.vars.index(name)
        return [r[i] for r in self.rows]

    def to_dicts(self) -> list[dict[str, object]]:
        """The rows as dicts of plain values."""
        return [r.asdict() for r in self.rows]

    # --- W3C formats -------------------------------------------------------------------
    def to_json(self, indent: int | None = None) -> str:
        """SPARQL 1.1 Query Results JSON (``application/sparql-results+json``)."""
        bindings = []
        for r in self.rows:
            b: dict[str, dict[str, str]] = {}
            for name, t in zip(self.vars, r.terms, strict=True):
                if t is not None:
                    b[name] = _json_term(t)
            bindings.append(b)
        doc = {"head": {"vars": list(self.vars)}, "results": {"bindings": bindings}}
        return escape_unsafe(json.dumps(doc, ensure_ascii=False, indent=indent))

    def to_csv(self) -> str:
        """SPARQL 1.1 Query Results CSV: lexical forms only, CRLF line ends.

        Control and bidi characters are written as ``\\uXXXX`` (:func:`escape_unsafe`): CSV
        has no escapes of its own, and spreadsheets show such characters raw. JSON and TSV
        keep them exactly, as escapes their parsers read back.
        """
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\r\n")
        w.writerow(self.vars)
        for r in self.rows:
            w.writerow(
                ["" if t is None else escape_unsafe(f"_:{t}" if isinstance(t, BNode) else str(t)) for t in r.terms]
            )
        return buf.getvalue()

    def to_tsv(self) -> str:
        """SPARQL 1.1 Query Results TSV: terms in SPARQL syntax, ``?var`` header."""
        lines = ["\t".join(f"?{v}" for v in self.vars)]
        for r in self.rows:
            lines.append("\t".join(_tsv_term(t) for t in r.terms))
        return "\n".join(lines) + "\n"

    def to_table(self, max_width: int | None = 60, shorten: bool = True) -> str:
        """An aligned text table for a terminal; CJK characters count two columns.

        Parameters
        ----------
        max_width : int or None
            Longer cells are cut with ``…``; None keeps them whole.
        shorten : bool
            Write IRIs with known prefixes short (``id:place/411522``).
        """
        cells = [list(self.vars)]
        for r in self.rows:
            cells.append([_table_cell(t, shorten, max_width) for t in r.terms])
        numeric = [
            all(
                isinstance(r.terms[i], Literal) and isinstance(r[i], (int, Decimal, float))
                for r in self.rows
                if r.terms[i] is not None
            )
            and any(r.terms[i] is not None for r in self.rows)
            for i in range(len(self.vars))
        ]
        widths = [max(display_width(row[i]) for row in cells) for i in range(len(self.vars))]
        out = []
        for n, row in enumerate(cells):
            parts = [_pad(c, widths[i], right=numeric[i] and n > 0) for i, c in enumerate(row)]
            out.append("  ".join(parts).rstrip())
            if n == 0:
                out.append("  ".join("-" * w for w in widths).rstrip())
        return "\n".join(out)

    def to_dataframe(self) -> pandas.DataFrame:
        """The rows as a pandas DataFrame of plain values (needs pandas).

        Examples
        --------
        >>> df = run_query(sample_store, "indicator-series", {"place": "河南省", "indicator": "农村固定宽带家庭普及率"}).to_dataframe()
        >>> df[["asOf", "value"]].astype(str).values.tolist()
        [['2019-09-20', '95'], ['2020-11-10', '99']]
        """
        try:
            import pandas as pd
        except ImportError as exc:  # pragma: no cover - pandas is an optional dependency
            raise ImportError("to_dataframe() needs pandas: pip install pandas") from exc
        return pd.DataFrame([list(r) for r in self.rows], columns=list(self.vars))

    # --- reading ------------------------------------------------------------------------
    @classmethod
    def from_json(cls, data: str | bytes | Mapping[str, Any]) -> Results:
        """Parse SPARQL 1.1 Query Results JSON (the answer of a SELECT)."""
        doc = json.loads(data) if isinstance(data, (str, bytes)) else data
        variables = list(doc.get("head", {}).get("vars", []))
        rows = []
        for b in doc.get("results", {}).get("bindings", []):
            rows.append([_term_from_json(b[v]) if v in b else None for v in variables])
        return cls(variables, rows)


def _json_term(t: Identifier) -> dict[str, str]:
    if isinstance(t, URIRef):
        return {"type": "uri", "value": str(t)}
    if isinstance(t, BNode):
        return {"type": "bnode", "value": str(t)}
    if isinstance(t, Literal):
        d = {"type": "literal", "value": str(t)}
        if t.language:
            d["xml:lang"] = t.language
        elif t.datatype is not None and str(t.datatype) != _XSD + "string":
            d["datatype"] = str(t.datatype)
        return d
    raise TypeError(f"not an RDF term: {t!r}")  # pragma: no cover


def _term_from_json(d: Mapping[str, str]) -> Identifier:
    kind = d.get("type")
    value = d.get("value", "")
    if kind == "uri":
        return URIRef(value)
    if kind == "bnode":
        return BNode(value)
    if kind in ("literal", "typed-literal"):
        lang = d.get("xml:lang")
        if lang:
            return Literal(value, lang=lang)
        dt = d.get("datatype")
        return Literal(value, datatype=URIRef(dt)) if dt else Literal(value)
    raise InputError(f"unknown term type in SPARQL JSON results: {kind!r}")


def _tsv_term(t: Term) -> str:
    if t is None:
        return ""
    if isinstance(t, BNode):
        return escape_unsafe(f"_:{t}")
    if isinstance(t, URIRef):
        return f"<{escape_unsafe(str(t))}>"
    return term_to_sparql(t)


def _table_cell(t: Term, shorten: bool, max_width: int | None) -> str:
    if t is None:
        text = ""
    elif isinstance(t, URIRef):
        text = shorten_iri(str(t)) if shorten else str(t)
    elif isinstance(t, BNode):
        text = f"_:{t}"
    else:
        text = str(t)
    text = escape_unsafe(text.replace("\r", " ").replace("\n", " ").replace("\t", " "))
    return _truncate(text, max_width) if max_width else text
