"""Summaries computed at build time: the questions that aggregate the whole corpus, answered once.

Some named queries count over every report (which bodies co-host, how often; which bodies
work under each policy, in which roles; what happened in each county). Asked live at a
million triples they take hundreds of milliseconds to seconds, whatever their parameter, since
the count must see every event first. So the build computes their rows once, after inference,
into a graph of their own, ``graph/summary``, and those named queries read the rows from there.

A summary *table* is the live aggregate query's rows, each a node in ``graph/summary``::

    id:summary/co-hosts/all/17  sum:table "co-hosts" ; sum:scope id:summary/co-hosts ; sum:rank 17 ;
                                 sum:a id:org/… ; sum:aZh "…"@zh-hans ; sum:events 3 .

with one ``sum:<column>`` triple per bound column, ``sum:rank`` its place in the live query's
order (so a page of the summary is the same page of the live answer), and ``sum:scope`` the
value of the parameter the rows were counted for, or the table's own IRI
(``id:summary/co-hosts``) when they were counted for the whole corpus.
``graph/summary`` records in ``sum:computedFrom`` the digest of the content hashes it was
computed from; :func:`refresh_summaries` recomputes it when that changed. The live queries are
kept in ``queries/live/`` and a test proves the named queries equal to them on
``tests/data/corpus``.

Examples
--------
>>> from kg.store import OxigraphStore
>>> s = OxigraphStore()
>>> s.load_file(sample_path)
>>> sorted(refresh_summaries(s, state="demo").items())[:1]
[('bodies-by-policy', 23)]
>>> refresh_summaries(s, state="demo")  # unchanged: nothing to do
{}
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from typing import Any

from kg.query import PREFIXES, Results

__all__ = ["SUM", "G_SUMMARY", "TABLES", "compute_table", "refresh_summaries", "summary_state"]

#: the namespace of the summary tables' properties (a cache, not part of the ontology)
SUM = "https://w3id.org/povkg/summary#"
#: the graph the summaries live in
G_SUMMARY = "https://w3id.org/povkg/graph/summary"
_ROW = "https://w3id.org/povkg/id/summary/"
_PFX = "".join(
    f"PREFIX {p}: <{ns}>\n"
    for p, ns in {**PREFIXES, "graph": "https://w3id.org/povkg/graph/", "sum": SUM}.items()
)

_BODY_LABELS = """
  OPTIONAL {{ GRAPH ?doc {{ ?{v} rdfs:label ?{v}Zh0 }} FILTER(LANGMATCHES(LANG(?{v}Zh0), "zh")) }}
  OPTIONAL {{ GRAPH graph:catalogue {{ ?{v} rdfs:label ?{v}Zh1 }} FILTER(LANGMATCHES(LANG(?{v}Zh1), "zh")) }}
  BIND(COALESCE(?{v}Zh0, ?{v}Zh1) AS ?{v}Zh)
  OPTIONAL {{ GRAPH ?doc {{ ?{v} rdfs:label ?{v}En0 }} FILTER(LANGMATCHES(LANG(?{v}En0), "en")) }}
  OPTIONAL {{ GRAPH graph:catalogue {{ ?{v} rdfs:label ?{v}En1 }} FILTER(LANGMATCHES(LANG(?{v}En1), "en")) }}
  BIND(COALESCE(?{v}En0, ?{v}En1) AS ?{v}En)
"""

#: table name → the SPARQL computing its rows for every scope at once: it projects ?scope and
#: the named query's columns, ordered by ?scope and then as the live query orders them
TABLES: dict[str, str] = {
    # queries/live/co-hosts.rq, for the whole corpus and for each policy
    "co-hosts": """
SELECT ?scope ?a ?aZh ?aEn ?b ?bZh ?bEn ?events
WHERE {
  { {
    SELECT ?scope ?a ?b (COUNT(DISTINCT ?event) AS ?events) (MIN(?g) AS ?doc)
    WHERE {
      GRAPH ?g { ?event pov:hasHost ?a , ?b }
      FILTER(STR(?a) < STR(?b))
      { BIND(sum:all AS ?scope) } UNION { ?event pov:implementsPolicy ?scope }
    }
    GROUP BY ?scope ?a ?b
  } FILTER(BOUND(?a)) }
"""
    + _BODY_LABELS.format(v="a")
    + _BODY_LABELS.format(v="b")
    + """}
ORDER BY ?scope DESC(?events) ?aZh ?bZh ?a ?b
""",
    # queries/live/bodies-by-policy.rq (its rows carry the policy: one scope)
    "bodies-by-policy": """
SELECT ?scope ?policy ?policyZh ?body ?bodyZh ?bodyEn ?events ?hosted ?spoke ?reports
WHERE {
  { {
    SELECT ?policy ?body (COUNT(DISTINCT ?event) AS ?events) (COUNT(DISTINCT ?hostEvent) AS ?hosted)
           (COUNT(DISTINCT ?speakerEvent) AS ?spoke) (COUNT(DISTINCT ?g) AS ?reports) (MIN(?g) AS ?doc)
    WHERE {
      GRAPH ?g {
        ?event pov:implementsPolicy ?policy ;
               pov:hasParticipation ?participation .
        ?participation pov:participant ?body ;
                       pov:role ?role .
      }
      BIND(IF(?role = pov:HostRole, ?event, ?noEvent) AS ?hostEvent)
      BIND(IF(?role = pov:SpeakerRole, ?event, ?noEvent) AS ?speakerEvent)
    }
    GROUP BY ?policy ?body
  } FILTER(BOUND(?body)) }
  BIND(sum:all AS ?scope)
  OPTIONAL { GRAPH ?doc { ?policy rdfs:label ?policyZh0 } FILTER(LANGMATCHES(LANG(?policyZh0), "zh")) }
  OPTIONAL { GRAPH graph:catalogue { ?policy rdfs:label ?policyZh1 } FILTER(LANGMATCHES(LANG(?policyZh1), "zh")) }
  BIND(COALESCE(?policyZh0, ?policyZh1) AS ?policyZh)
"""
    + _BODY_LABELS.format(v="body")
    + """}
ORDER BY ?policyZh ?policy DESC(?events) ?bodyZh ?body
""",
    # queries/live/county-activity.rq (one scope: the place parameter filters its rows)
    "county-activity": """
SELECT ?scope ?county ?countyZh ?countyEn ?code ?meetings ?visits ?outcomes ?reports
WHERE {
  { {
    SELECT ?county
           (COUNT(DISTINCT ?meeting) AS ?meetings) (COUNT(DISTINCT ?visit) AS ?visits)
           (COUNT(DISTINCT ?observation) AS ?outcomes) (COUNT(DISTINCT ?doc) AS ?reports)
    WHERE {
      { GRAPH ?doc { ?meeting a pov:Meeting ; pov:heldIn ?location } }
      UNION
      { GRAPH ?doc { ?visit a pov:SiteVisit ; pov:heldIn ?location } }
      UNION
      { GRAPH ?doc { ?observation pov:area ?location } }
      ?location (pov:partOf|pov:locatedIn)* ?county .
      FILTER EXISTS { GRAPH graph:gazetteer { ?county a pov:County } }
    }
    GROUP BY ?county
  } FILTER(BOUND(?county)) }
  BIND(sum:all AS ?scope)
  OPTIONAL { GRAPH graph:gazetteer { ?county pov:divisionCode ?code } }
  OPTIONAL { GRAPH graph:gazetteer { ?county rdfs:label ?countyZh } FILTER(LANGMATCHES(LANG(?countyZh), "zh")) }
  OPTIONAL { GRAPH graph:gazetteer { ?county rdfs:label ?countyEn } FILTER(LANGMATCHES(LANG(?countyEn), "en")) }
}
ORDER BY DESC(?meetings) DESC(?visits) DESC(?outcomes) ?code ?county
""",
}


#: table → (column, query): each row is also ``sum:within`` every place its column's value is
#: part of (the query gives ?x ?up for the ?x of a VALUES block), so a place parameter is a look-up
WITHIN: dict[str, tuple[str, str]] = {
    "county-activity": ("county", "SELECT DISTINCT ?x ?up WHERE { ?x pov:partOf+ ?up }"),
}


def _nt(term: Any) -> str:
    from rdflib import Literal, URIRef

    from kg.query import term_to_sparql

    if isinstance(term, URIRef):
        return f"<{term}>"
    if isinstance(term, Literal):
        return term_to_sparql(term)
    raise TypeError(f"a summary cell must be an IRI or a literal, not {term!r}")  # pragma: no cover


def _scope(table: str, scope: str) -> tuple[str, str]:
    """(the scope's IRI in the table, its key in row IRIs): the table's own IRI for the whole corpus."""
    if scope == SUM + "all":
        return _ROW + table, "all"
    return scope, hashlib.sha256(scope.encode("utf-8")).hexdigest()[:16]


def compute_table(store: Any, table: str) -> list[str]:
    """The N-Triples lines of one summary table, computed by its live query on ``store``.

    Examples
    --------
    >>> from kg.store import OxigraphStore
    >>> s = OxigraphStore()
    >>> s.load_file(sample_path)
    >>> any("sum:events" in line or "summary#events" in line for line in compute_table(s, "co-hosts"))
    True
    """
    res: Results = store.select(_PFX + TABLES[table])
    lines: list[str] = []
    ranks: dict[str, int] = {}
    by_value: dict[Any, list[str]] = {}
    for row in res:
        scope, key = _scope(table, str(row.term("scope")))
        rank = ranks[scope] = ranks.get(scope, 0) + 1
        node = f"<{_ROW}{table}/{key}/{rank}>"
        lines.append(f'{node} <{SUM}table> "{table}" .')
        lines.append(f"{node} <{SUM}scope> <{scope}> .")
        lines.append(f'{node} <{SUM}rank> "{rank}"^^<http://www.w3.org/2001/XMLSchema#integer> .')
        for name in res.vars:
            term = row.term(name)
            if name != "scope" and term is not None:
                lines.append(f"{node} <{SUM}{name}> {_nt(term)} .")
        if table in WITHIN:
            lines.append(f"{node} <{SUM}within> <{scope}> .")
            by_value.setdefault(row.term(WITHIN[table][0]), []).append(node)
    if table in WITHIN and by_value:
        keys = sorted(by_value, key=str)
        for start in range(0, len(keys), 500):
            chunk = " ".join(_nt(k) for k in keys[start : start + 500])
            ups = store.select(_PFX + WITHIN[table][1].replace("WHERE {", f"WHERE {{ VALUES ?x {{ {chunk} }}", 1))
            for r in ups:
                for node in by_value.get(r.term("x"), ()):
                    lines.append(f"{node} <{SUM}within> {_nt(r.term('up'))} .")
    return lines


def summary_state(store: Any) -> str | None:
    """The digest ``graph/summary`` was computed from, or None when there is none."""
    res = store.select(f"SELECT ?s WHERE {{ GRAPH <{G_SUMMARY}> {{ <{G_SUMMARY}> <{SUM}computedFrom> ?s }} }}")
    return str(res[0]["s"]) if len(res) else None


def refresh_summaries(store: Any, state: str, force: bool = False) -> Mapping[str, int]:
    """Recompute ``graph/summary`` when the store changed since it was computed.

    Parameters
    ----------
    store : OxigraphStore or MemoryStore
        Any store with ``select`` and ``replace_graph``.
    state : str
        A digest of what the store holds (the build passes the digest of every graph's
        content hash); the summary is recomputed only when it differs from the recorded one.
    force : bool
        Recompute even when the state is unchanged.

    Returns
    -------
    dict of str to int
        Rows per table recomputed; empty when nothing was to do.
    """
    if not force and summary_state(store) == state:
        return {}
    lines: list[str] = []
    counts: dict[str, int] = {}
    for table in TABLES:
        rows = compute_table(store, table)
        counts[table] = sum(1 for line in rows if line.endswith(f'<{SUM}table> "{table}" .'))
        lines += rows
    marker = f'<{G_SUMMARY}> <{SUM}computedFrom> "{_escape(state)}" .'
    lines.append(marker)
    data = "\n".join(lines) + "\n"
    ox_store = getattr(store, "ox", None)
    if ox_store is not None:  # Oxigraph: load the lines as they are (no rdflib round trip)
        _patch_oxigraph(ox_store, data, marker)
    else:
        from rdflib import Graph, URIRef

        g = Graph()
        g.parse(data=data, format="nt")
        store.replace_graph(URIRef(G_SUMMARY), g)
    return counts


def _patch_oxigraph(ox_store: Any, data: str, marker: str) -> None:
    """Make ``graph/summary`` hold the N-Triples ``data``: by difference when most of it stays
    (a rebuild that changed a few reports), else dropped and bulk-loaded.

    A derived graph, not written in one transaction: the state marker goes first and comes back
    last, so an update cut short leaves no marker and the next build computes it again.
    """
    import pyoxigraph as ox

    graph = ox.NamedNode(G_SUMMARY)
    computed = ox.NamedNode(SUM + "computedFrom")
    for q in list(ox_store.quads_for_pattern(graph, computed, None, graph)):
        ox_store.remove(q)
    old = set(ox_store.quads_for_pattern(None, None, None, graph))
    new = {ox.Quad(t.subject, t.predicate, t.object, graph)
           for t in ox.parse(data, format=ox.RdfFormat.N_TRIPLES)}
    mark = next(iter(ox.parse(marker, format=ox.RdfFormat.N_TRIPLES)))
    new.discard(ox.Quad(mark.subject, mark.predicate, mark.object, graph))
    gone, added = old - new, new - old
    if len(gone) + len(added) > len(new) // 2:  # mostly new: cheaper to start again
        if ox_store.contains_named_graph(graph):
            ox_store.remove_graph(graph)
        ox_store.bulk_load(data, format=ox.RdfFormat.N_TRIPLES, to_graph=graph)
        return
    for q in gone:
        ox_store.remove(q)
    if added:
        ox_store.extend(added)
    ox_store.add(ox.Quad(mark.subject, mark.predicate, mark.object, graph))


def _escape(text: str) -> str:
    from rdflib import Literal

    from kg.query import term_to_sparql

    return term_to_sparql(Literal(text))[1:-1]
