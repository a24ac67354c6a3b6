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
terms for a remote endpoint (see :mod:`kg.store`); :func:`bind_branches` repeats that
``VALUES`` block inside each nested group that uses the parameter, since Oxigraph does not
push a binding into a union branch or a ``GRAPH`` group by itself. A parameter of type ``iri`` may also be
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
* but never nest an ``OPTIONAL`` inside an ``OPTIONAL`` to fetch a label of what the outer
  one binds (Oxigraph 0.5 evaluates the nesting far more slowly): write sibling
  ``OPTIONAL``s that each repeat the binding pattern, ``OPTIONAL { ?e pov:heldIn ?place }``
  then ``OPTIONAL { ?e pov:heldIn ?place . ?place rdfs:label ?l }`` (the same rows);
* where a query is faster starting from a bound parameter, add ``#IF ?param <patterns>`` on
  a line of its own (see :func:`specialise`) and measure: a join that narrows a path or a
  filter can also be slower;
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
import io
import json
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any, Protocol

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Identifier

from kg.errors import InputError, UsageError
from kg.library import (  # noqa: F401  (re-exported: the library is part of this module's API)
    PARAM_TYPES,
    NamedQuery,
    QueryParam,
    _load_folder,
    _pad,
    _truncate,
    _unknown_param_message,
    display_width,
    get_query,
    library_markdown,
    list_queries,
    load_library,
    parse_query_text,
    text_table,
)
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
    "iter_query",
    "specialise",
    "page",
    "query_text",
    "bind_branches",
    "live_query",
    "QUERY_BINDING",
    "library_markdown",
    "term_to_sparql",
    "plain_value",
    "normalise_term",
    "shorten_iri",
    "display_width",
]

#: an RDF term as rdflib represents it, or None for an unbound variable
Term = Identifier | None

_PREFIX_BLOCK = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())


class _Selectable(Protocol):
    """Anything with a ``select`` method: every store in :mod:`kg.store`."""

    def select(self, query: str, bindings: Mapping[str, Identifier] | None = None) -> Results: ...


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
#: English labels starting like the name; :func:`kg.names.english_matches` decides (one rule
#: for every command: a name equals a label, or a label without its generic suffix)
_RESOLVE_ENGLISH = (
    _PREFIX_BLOCK
    + "SELECT DISTINCT ?entity ?l ?start WHERE {\n"
    + "  VALUES ?p { rdfs:label skos:prefLabel skos:altLabel }\n"
    + "  ?entity ?p ?l .\n"
    + '  FILTER(LANGMATCHES(LANG(?l), "en") && STRSTARTS(LCASE(STR(?l)), ?start))\n'
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
    query. English names follow :mod:`kg.names`: regardless of case and spacing, and
    without the generic suffix (``Henan`` for "Henan Province").

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
    >>> [str(i) for i in resolve_entity(sample_store, "Henan")]
    ['https://w3id.org/povkg/id/place/410000']
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
        from kg.names import english_matches

        start = Literal(text.lstrip()[:2].lower())
        res = store.select(_RESOLVE_ENGLISH, {"start": start})
        found = sorted(
            {
                URIRef(str(r.term("entity")))
                for r in res
                if isinstance(r.term("entity"), URIRef) and english_matches(text, str(r.term("l")))
            }
        )
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


#: How each named query binds its parameters on Oxigraph, chosen by measurement at 1M triples
#: (``bench/bench_queries.py``): ``substitutions`` where Oxigraph then plans the bound term as a
#: constant (``event-roles`` for one event: 1 ms against 1 s with ``VALUES``), ``values``
#: (the default) where the query starts from the bound term (``outcomes-in-place``: 22 ms
#: against 2.2 s with substitutions). Since :func:`bind_branches` repeats the ``VALUES`` block
#: in nested groups the gap is small for these two (``event-roles`` for one event 3 ms with
#: substitutions, 7 ms with ``VALUES``; by one body 11 and 8 ms), and ``outcomes-in-place``
#: by place is still 0.2 s against 1.3 s. Other stores ignore it.
QUERY_BINDING: dict[str, str] = {
    "event-roles": "substitutions",
    "role-asymmetry": "substitutions",
}

#: ``FILTER(IF(COALESCE(ISIRI(?p), false), <test>, true))``: the idiom of an optional parameter
_OPTIONAL_FILTER = re.compile(r"FILTER\(IF\(COALESCE\(ISIRI\(\?([A-Za-z_][A-Za-z0-9_]*)\),\s*false\),")
#: ``#IF ?name <patterns>`` on a line of its own: patterns used only when ``?name`` is bound
_IF_BOUND = re.compile(r"^([ \t]*)#IF \?([A-Za-z_][A-Za-z0-9_]*)[ \t]+(.*)$", re.MULTILINE)
#: where a paged query wants its ``LIMIT``/``OFFSET`` (inside the sub-select that orders the rows)
PAGE_MARK = "#PAGE"


def _matching_paren(text: str, start: int) -> int:
    """Index of the ``)`` closing the ``(`` at ``start`` (strings and IRIs skipped)."""
    depth = 0
    i = start
    while i < len(text):
        c = text[i]
        if c in "\"'":
            j = i + 1
            while j < len(text) and text[j] != c:
                j += 2 if text[j] == "\\" else 1
            i = j
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    raise InputError("unbalanced parentheses in a query's optional-parameter filter")


def _top_level_args(text: str) -> list[str]:
    """The comma-separated arguments of a call's inside, split at depth 0 only."""
    out, depth, cur = [], 0, []
    for c in text:
        if c in "({":
            depth += 1
        elif c in ")}":
            depth -= 1
        if c == "," and depth == 0:
            out.append("".join(cur))
            cur = []
        else:
            cur.append(c)
    out.append("".join(cur))
    return out


def specialise(text: str, bound: Iterable[str]) -> str:
    """The query text for one call: each optional parameter's filter kept as its plain test
    when the parameter is bound, and removed when it is not (it would be true on every row).
    (Turning a bound ``EXISTS`` test into a join with a ``DISTINCT`` sub-select was measured
    too: Oxigraph 0.5 then took 3 s instead of 0.2 s for ``events`` by one body, and 96 s for
    ``outcomes`` in one province.)

    Same rows either way; Oxigraph then does not evaluate the idiom on every row.

    Where a query is faster starting from a bound parameter, it says so on a line of its own,
    ``#IF ?name <patterns>``: a comment (so the file as written is the unbound query), whose
    patterns become part of the query when ``?name`` is bound. They must only narrow what the
    filter of the same parameter tests (the filter stays), so the rows are the same.

    Examples
    --------
    >>> t = "SELECT * WHERE { ?e ?p ?o FILTER(IF(COALESCE(ISIRI(?policy), false), EXISTS { ?e ?q ?policy }, true)) }"
    >>> specialise(t, [])
    'SELECT * WHERE { ?e ?p ?o  }'
    >>> specialise(t, ["policy"])
    'SELECT * WHERE { ?e ?p ?o FILTER(EXISTS { ?e ?q ?policy }) }'
    >>> print(specialise("SELECT * WHERE {\\n  #IF ?p ?e ?q ?p .\\n  ?e ?r ?o }", ["p"]))
    SELECT * WHERE {
      ?e ?q ?p .
      ?e ?r ?o }
    """
    names = set(bound)
    text = _IF_BOUND.sub(lambda m: m.group(1) + m.group(3) if m.group(2) in names else m.group(0), text)
    out: list[str] = []
    pos = 0
    for m in _OPTIONAL_FILTER.finditer(text):
        if m.start() < pos:
            continue
        close = _matching_paren(text, m.start() + len("FILTER"))
        inner = text[m.start() + len("FILTER(IF(") : close - 1]  # IF( … ) without its parens
        args = _top_level_args(inner)
        if len(args) != 3 or args[2].strip() != "true":
            continue  # not the idiom (its test when unbound is not simply true): leave it
        out.append(text[pos : m.start()])
        if m.group(1) in names:
            out.append(f"FILTER({args[1].strip()})")
        pos = close + 1
    out.append(text[pos:])
    return "".join(out)


def page(text: str, limit: int | None = None, offset: int | None = None) -> str:
    """The query text with ``LIMIT``/``OFFSET``: at the query's :data:`PAGE_MARK` (inside the
    sub-select that orders the rows, so only the page's rows are labelled), else at the end.

    Examples
    --------
    >>> page("SELECT ?s WHERE { ?s ?p ?o } ORDER BY ?s", 100, 200)
    'SELECT ?s WHERE { ?s ?p ?o } ORDER BY ?s\\nLIMIT 100 OFFSET 200'
    """
    if limit is None and not offset:
        return text
    for name, value in (("limit", limit), ("offset", offset)):
        if value is not None and (isinstance(value, bool) or not isinstance(value, int) or value < 0):
            raise UsageError(f"{name} must be a whole number ≥ 0, not {value!r}")
    clause = (f"LIMIT {limit}" if limit is not None else "") + (f" OFFSET {offset}" if offset else "")
    clause = clause.strip()
    if PAGE_MARK in text:
        return text.replace(PAGE_MARK, clause, 1)
    return text.rstrip() + "\n" + clause


def bind_branches(text: str, bindings: Mapping[str, Identifier]) -> str:
    """The query with a ``VALUES`` block for each bound parameter at the start of every group
    (a ``UNION`` branch, a ``GRAPH``, ``OPTIONAL``, ``MINUS`` or ``EXISTS`` group) whose own
    patterns use it.

    Oxigraph 0.5 does not push a binding into nested groups: with the parameter bound once for
    the whole query (a ``VALUES`` block at the top, or ``substitutions``) it evaluates a union's
    branches or a ``GRAPH ?doc { … }`` group unbound and joins afterwards. Measured at 1.28M
    triples, ``evidence`` for one body: 357 ms with the binding at the top, 7 ms with it in each
    branch (6 ms with the IRI written in place). The rows are the same: the parameter has that
    value in every solution anyway. Terms are written with :func:`term_to_sparql` (escaped, as
    for :func:`kg.store.inject_values`); the outer group is left to the store's own binding, and
    a group inside a sub-select that does not project the parameter is left alone (there the
    name is another variable).

    Examples
    --------
    >>> t = "SELECT ?x WHERE { { ?x ?p ?e } UNION { ?e ?p ?x } UNION { ?x a ?t } }"
    >>> print(bind_branches(t, {"e": URIRef("http://x/e")}))
    SELECT ?x WHERE { { VALUES ?e { <http://x/e> } ?x ?p ?e } UNION { VALUES ?e { <http://x/e> } ?e ?p ?x } UNION { ?x a ?t } }
    """
    if not bindings:
        return text
    from kg.store import _tokens, _where_groups  # kg.store imports this module

    toks = list(_tokens(text))
    closing: dict[int, int] = {}
    data_blocks: set[int] = set()  # the braces of VALUES data: never a group
    stack: list[int] = []
    after_values = False
    for k, (_, tok) in enumerate(toks):
        if tok == "VALUES":
            after_values = True
        elif tok == "{":
            if after_values:
                data_blocks.add(k)
                after_values = False
            stack.append(k)
        elif tok == "}" and stack:
            closing[stack.pop()] = k
    groups = _where_groups(text)
    outer = groups[0].brace
    scopes = groups[1:]
    written = {name: term_to_sparql(term) for name, term in bindings.items()}
    inserts: list[tuple[int, str]] = []
    for k, end in closing.items():
        pos = toks[k][0]
        if k in data_blocks or pos == outer or (k + 1 < len(toks) and toks[k + 1][1] == "SELECT"):
            continue  # VALUES data, the outer group (the store binds it), a group around a sub-select
        used: set[str] = set()
        depth = 0
        for _, tok in toks[k + 1 : end]:
            if tok == "{":
                depth += 1
            elif tok == "}":
                depth -= 1
            elif depth == 0 and tok.startswith("?"):
                used.add(tok[1:])
        for name in sorted(used & written.keys()):
            hidden = any(
                s.brace <= pos < s.end and s.projected is not None and name not in s.projected for s in scopes
            )
            if not hidden:
                inserts.append((pos + 1, f" VALUES ?{name} {{ {written[name]} }}"))
    for pos, block in sorted(inserts, reverse=True):
        text = text[:pos] + block + text[pos:]
    return text


def query_text(
    query: NamedQuery, bindings: Mapping[str, Identifier], limit: int | None = None, offset: int | None = None
) -> str:
    """The SPARQL a call runs: :func:`specialise` for its bound parameters, :func:`bind_branches`,
    then :func:`page`."""
    return page(bind_branches(specialise(query.text, bindings), bindings), limit, offset)


def run_query(
    store: _Selectable,
    query: str | NamedQuery,
    params: Mapping[str, object] | None = None,
    *,
    limit: int | None = None,
    offset: int | None = None,
) -> Results:
    """Run a named query on a store with bound parameters; ``limit``/``offset`` give one page.

    Examples
    --------
    >>> res = run_query(sample_store, "outcomes-in-place", {"place": "兰考县"})
    >>> [(r["indicatorZh"], r["value"], r["unit"]) for r in res]
    [('益农信息社', Decimal('300'), '个')]
    >>> len(run_query(sample_store, "outcomes", limit=2, offset=1))
    2
    """
    q = get_query(query) if isinstance(query, str) else query
    return _run_bound(store, q, bind_params(q, params, store), limit, offset)


#: Does a store hold ``graph/summary`` (:mod:`kg.summary`)? One look-up.
_HAS_SUMMARY = (
    "ASK { GRAPH <https://w3id.org/povkg/graph/summary> { <https://w3id.org/povkg/graph/summary> "
    "<https://w3id.org/povkg/summary#computedFrom> ?state } }"
)


def live_query(query: NamedQuery) -> NamedQuery | None:
    """The live form of a query that reads build-time summaries (``queries/live/NAME.rq``), or None.

    Examples
    --------
    >>> live_query(get_query("co-hosts")).name, live_query(get_query("evidence"))
    ('co-hosts', None)
    """
    if query.path is None or "graph:summary" not in query.text:
        return None
    path = query.path.parent / "live" / query.path.name
    if not path.is_file():
        return None
    return _load_folder(str(path.parent.resolve())).get(query.name)


def _summary_or_live(store: _Selectable, q: NamedQuery) -> NamedQuery:
    """``q`` itself if the store holds the summaries it reads, else its live form (same rows)."""
    live = live_query(q)
    if live is None:
        return q
    ask = getattr(store, "ask", None)
    return q if ask is not None and ask(_HAS_SUMMARY) else live


def _run_bound(
    store: _Selectable,
    q: NamedQuery,
    bound: Mapping[str, Identifier],
    limit: int | None = None,
    offset: int | None = None,
) -> Results:
    q = _summary_or_live(store, q)
    text = query_text(q, bound, limit, offset)
    binding = QUERY_BINDING.get(q.name)
    if binding is not None and getattr(store, "binding", None) not in (None, binding):
        return store.select(text, bound, binding=binding)  # type: ignore[call-arg]
    return store.select(text, bound)


def iter_query(
    store: _Selectable,
    query: str | NamedQuery,
    params: Mapping[str, object] | None = None,
    *,
    page_size: int = 1000,
) -> Iterator[Row]:
    """The rows of a named query, fetched one page of ``page_size`` rows at a time.

    Examples
    --------
    >>> rows = list(iter_query(sample_store, "outcomes", page_size=2))
    >>> rows == list(run_query(sample_store, "outcomes"))
    True
    """
    if page_size < 1:
        raise UsageError(f"page_size must be at least 1, not {page_size}")
    q = get_query(query) if isinstance(query, str) else query
    bound = bind_params(q, params, store)
    offset = 0
    while True:
        res = _run_bound(store, q, bound, page_size, offset)
        yield from res
        if len(res) < page_size:
            return
        offset += page_size


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
        """The rows as a pandas DataFrame: figures as ``float64``, counts as integers, dates as
        ``datetime64`` (:func:`kg.frames.typed_frame`), IRIs and labels as text.

        Examples
        --------
        >>> df = run_query(sample_store, "indicator-series", {"place": "河南省", "indicator": "农村固定宽带家庭普及率"}).to_dataframe()
        >>> df[["asOf", "value"]].astype(str).values.tolist()
        [['2019-09-20', '95.0'], ['2020-11-10', '99.0']]
        >>> str(df["asOf"].dtype), float(df["value"].mean())
        ('datetime64[ns]', 97.0)
        """
        from kg.frames import typed_frame

        return typed_frame([list(r) for r in self.rows], self.vars)

    def _repr_html_(self) -> str:
        """The rows as an HTML table, for notebooks."""
        from kg.frames import html_table

        return html_table(self.vars, [list(r) for r in self.rows])

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
