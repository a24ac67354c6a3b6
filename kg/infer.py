"""Scalable inference: the OWL 2 RL entailments our ontology uses, computed over a store.

owlrl (:mod:`kg.reason`) is the reference but pure Python and slow on data graphs. The
ontology uses a handful of RL rules — ``rdfs:subClassOf`` (cax-sco), ``rdfs:subPropertyOf``
(prp-spo1), ``owl:TransitiveProperty`` (prp-trp), ``owl:inverseOf`` (prp-inv1/2),
``rdfs:domain``/``rdfs:range`` (prp-dom, prp-rng) and ``owl:equivalentClass`` /
``owl:equivalentProperty`` (cax-eqc, prp-eqp) — and this module computes exactly their
fixpoint: it reads the ontology's axioms once, streams the asserted instance triples out of
the store with a few SPARQL queries, closes them in Python with set operations, and bulk
loads the new triples into the ``graph/inferred`` named graph, never into an asserted one.

A test proves the result equals owlrl's closure restricted to these predicates.

After a rebuild that changed a few documents, :func:`update_inferred` patches
``graph/inferred`` by difference instead: it recomputes only the subjects the changed triples
can reach and adds and removes what changed for them (see the notes above it). A property test
proves that after any sequence of adds, edits and deletions the patched graph equals a
from-scratch inference, byte for byte in the export.
"""

from __future__ import annotations

import sys
from collections import defaultdict
from collections.abc import Iterable
from itertools import islice

import pyoxigraph as ox
from rdflib import OWL, RDF, RDFS, Graph, URIRef

from kg.vocab import G_INFERRED, G_ONTOLOGY

__all__ = ["Axioms", "FactCollector", "split_facts", "read_axioms", "closure", "data_closure", "infer_into_store",
           "update_inferred", "graph_facts", "inference_predicates", "count_inferred", "infer_graph"]

Triple = tuple[str, str, str]
_TYPE = str(RDF.type)


class Axioms:
    """The TBox facts the rules need, as plain strings."""

    def __init__(self) -> None:
        self.sub_class: dict[str, set[str]] = defaultdict(set)
        self.sub_prop: dict[str, set[str]] = defaultdict(set)
        self.transitive: set[str] = set()
        self.inverse: dict[str, set[str]] = defaultdict(set)
        self.domain: dict[str, set[str]] = defaultdict(set)
        self.range: dict[str, set[str]] = defaultdict(set)

    def add(self, s: str, p: str, o: str) -> None:
        if p == str(RDFS.subClassOf):
            self.sub_class[s].add(o)
        elif p == str(OWL.equivalentClass):
            self.sub_class[s].add(o)
            self.sub_class[o].add(s)
        elif p == str(RDFS.subPropertyOf):
            self.sub_prop[s].add(o)
        elif p == str(OWL.equivalentProperty):
            self.sub_prop[s].add(o)
            self.sub_prop[o].add(s)
        elif p == str(OWL.inverseOf):
            self.inverse[s].add(o)
            self.inverse[o].add(s)
        elif p == str(RDFS.domain):
            self.domain[s].add(o)
        elif p == str(RDFS.range):
            self.range[s].add(o)
        elif p == _TYPE and o == str(OWL.TransitiveProperty):
            self.transitive.add(s)

    def supers(self, table: dict[str, set[str]], x: str) -> set[str]:
        """Reflexive-transitive closure upwards (x included)."""
        out, todo = {x}, [x]
        while todo:
            for y in table.get(todo.pop(), ()):
                if y not in out:
                    out.add(y)
                    todo.append(y)
        return out


_AXIOM_PREDICATES = [RDFS.subClassOf, OWL.equivalentClass, RDFS.subPropertyOf, OWL.equivalentProperty,
                     OWL.inverseOf, RDFS.domain, RDFS.range]


def read_axioms(triples: Iterable[Triple]) -> Axioms:
    ax = Axioms()
    for s, p, o in triples:
        ax.add(s, p, o)
    return ax


def closure(triples: set[Triple], ax: Axioms) -> set[Triple]:
    """The triples entailed by ``triples`` under the rules above, minus ``triples`` themselves.

    Only IRIs and literals as plain strings; literals never become subjects.
    """
    facts: set[Triple] = set(triples)
    # index by predicate
    changed = True
    while changed:
        changed = False
        by_pred: dict[str, set[tuple[str, str]]] = defaultdict(set)
        for s, p, o in facts:
            by_pred[p].add((s, o))
        new: set[Triple] = set()
        # prp-spo1 / prp-eqp
        for p, pairs in by_pred.items():
            ups = ax.supers(ax.sub_prop, p) - {p}
            for q in ups:
                for s, o in pairs:
                    new.add((s, q, o))
            for q in ax.inverse.get(p, ()):
                for s, o in pairs:
                    if not _is_literal(o):
                        new.add((o, q, s))
        # prp-trp
        for p in ax.transitive:
            pairs = by_pred.get(p)
            if not pairs:
                continue
            succ: dict[str, set[str]] = defaultdict(set)
            for s, o in pairs:
                succ[s].add(o)
            for s in list(succ):
                seen: set[str] = set()
                todo = list(succ[s])
                while todo:
                    y = todo.pop()
                    if y in seen:
                        continue
                    seen.add(y)
                    todo.extend(succ.get(y, ()))
                for y in seen:
                    new.add((s, p, y))
        # prp-dom / prp-rng
        for p, pairs in by_pred.items():
            for c in ax.domain.get(p, ()):
                for s, _o in pairs:
                    new.add((s, _TYPE, c))
            for c in ax.range.get(p, ()):
                for _s, o in pairs:
                    if not _is_literal(o):
                        new.add((o, _TYPE, c))
        # cax-sco / cax-eqc
        for s, c in by_pred.get(_TYPE, ()):
            for sup in ax.supers(ax.sub_class, c):
                new.add((s, _TYPE, sup))
        new -= facts
        if new:
            facts |= new
            changed = True
    return facts - triples


def data_closure(facts: set[Triple], onto_facts: set[Triple], ax: Axioms) -> set[Triple]:
    """What the data adds: the closure of data + ontology individuals, minus what the ontology entails alone."""
    base = onto_facts | closure_fast(onto_facts, ax)
    return closure_fast(facts | onto_facts, ax) - facts - base


def _is_literal(term: str) -> bool:
    return term.startswith('"')


def _key(t: ox.NamedNode | ox.BlankNode | ox.Literal) -> str:
    if isinstance(t, ox.Literal):
        return str(t)  # N-Triples form, starts with a quote
    return t.value if isinstance(t, ox.NamedNode) else str(t)


def _term(k: str) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    if k.startswith('"'):
        # parse an N-Triples literal back through a one-line document
        q = next(iter(ox.parse(f"<urn:x> <urn:y> {k} .", format=ox.RdfFormat.N_TRIPLES)))
        return q.object  # type: ignore[no-any-return]
    if k.startswith("_:"):
        return ox.BlankNode(k[2:])
    return ox.NamedNode(k)


def _edge_rules(ax: Axioms, p: str) -> set[tuple[str, bool]]:
    """Properties (and direction: True = inverted) that an edge of ``p`` entails, via spo and inverse steps."""
    seen: set[tuple[str, bool]] = set()
    todo = [(p, False)]
    while todo:
        x, inv = todo.pop()
        if (x, inv) in seen:
            continue
        seen.add((x, inv))
        for sup in ax.supers(ax.sub_prop, x):
            if (sup, inv) not in seen:
                todo.append((sup, inv))
        for r in ax.inverse.get(x, ()):
            todo.append((r, not inv))
    seen.discard((p, False))
    return seen


def closure_fast(facts: set[Triple], ax: Axioms) -> set[Triple]:
    """The same result as :func:`closure`, in one ordered pass instead of a naive fixpoint.

    Property edges first (sub-properties and inverses, TBox closed once), then transitive
    closures (and what their new edges entail), then types (domains, ranges and
    superclasses). Tests check it against :func:`closure`.
    """
    sup_class = _memo(lambda c: ax.supers(ax.sub_class, c))
    rules = _memo(lambda p: _edge_rules(ax, p))
    by_pred: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for s, p, o in facts:
        by_pred[p].add((s, o))
    edges: dict[str, set[tuple[str, str]]] = defaultdict(set)  # every property edge, asserted or entailed
    for p, pairs in list(by_pred.items()):
        if p == _TYPE:
            continue
        edges[p] |= pairs
        for q, inv in rules(p):
            if inv:
                edges[q].update((o, s) for s, o in pairs if not _is_literal(o))
            else:
                edges[q] |= pairs
    changed = True
    while changed:  # transitive properties, and what their new edges entail (rarely more than one round)
        changed = False
        for t in sorted(ax.transitive):
            succ: dict[str, set[str]] = defaultdict(set)
            for s, o in edges.get(t, ()):
                if not _is_literal(o):
                    succ[s].add(o)
            new: set[tuple[str, str]] = set()
            for s in succ:
                seen: set[str] = set()
                stack = list(succ[s])
                while stack:
                    y = stack.pop()
                    if y not in seen:
                        seen.add(y)
                        stack.extend(succ.get(y, ()))
                new.update((s, y) for y in seen)
            new -= edges[t]
            if new:
                changed = True
                edges[t] |= new
                for q, inv in rules(t):
                    edges[q].update(((o, s) if inv else (s, o)) for s, o in new)
    types: set[tuple[str, str]] = set(by_pred.get(_TYPE, ()))
    for p, pairs in edges.items():
        for d in ax.domain.get(p, ()):
            types.update((s, d) for s, _o in pairs)
        for r in ax.range.get(p, ()):
            types.update((o, r) for _s, o in pairs if not _is_literal(o))
    out: set[Triple] = set()  # only what is not in ``facts``: never a second copy of the data
    for s, c in types:
        for sup in sup_class(c):
            t = (s, _TYPE, sup)
            if t not in facts:
                out.add(t)
    for p, pairs in edges.items():
        out.update(t for t in ((s, p, o) for s, o in pairs) if t not in facts)
    return out


def _memo(fn):  # type: ignore[no-untyped-def]
    cache: dict[str, object] = {}

    def get(x: str):  # type: ignore[no-untyped-def]
        if x not in cache:
            cache[x] = fn(x)
        return cache[x]

    return get


def _nt(k: str) -> str:
    """A term key (:func:`_key`) back in N-Triples syntax."""
    if k.startswith(('"', "_:")):
        return k  # literals are kept in N-Triples form, blank nodes as _:id
    return f"<{k}>"


def _data_facts(oxs: ox.Store, predicates: list[str], graph: str | None, skip: list[ox.NamedNode]) -> set[Triple]:
    """The distinct triples with these predicates in named graph ``graph`` (None: every named
    graph but those in ``skip``).

    Oxigraph evaluates and serialises them (N-Triples text, no Python object per quad); triples
    with a blank node, which CONSTRUCT might relabel, come through term objects instead.
    """
    if graph is None:
        where, cond = "GRAPH ?g", " && ".join(f"?g != <{g.value}>" for g in skip) + " && "
    else:
        where, cond = f"GRAPH <{graph}>", ""
    facts: set[Triple] = set()
    intern = sys.intern
    for p in predicates:
        q = (f"CONSTRUCT {{ ?s <{p}> ?o }} WHERE {{ {where} {{ ?s <{p}> ?o }} "
             f"FILTER({cond}!isBlank(?s) && !isBlank(?o)) }}")
        text = oxs.query(q).serialize(format=ox.RdfFormat.N_TRIPLES).decode()  # type: ignore[union-attr]
        for line in text.split("\n"):  # not splitlines(): literals may hold U+2028 and the like
            if not line:
                continue
            s, _p, o = line.split(" ", 2)  # IRIs hold no spaces; the object is the rest, then " ."
            o = o[:-2]
            facts.add((intern(s[1:-1]), p, intern(o[1:-1]) if o.startswith("<") else o))
        for row in oxs.query(f"SELECT ?s ?o WHERE {{ {where} {{ ?s <{p}> ?o }} "  # type: ignore[union-attr]
                             f"FILTER({cond}(isBlank(?s) || isBlank(?o))) }}"):
            facts.add((_key(row[0]), p, _key(row[1])))  # type: ignore[arg-type,index]
    return facts


def _store_axioms(oxs: ox.Store) -> tuple[Axioms, set[str]]:
    """The ontology's axioms, and the predicates the rules look at."""
    ont = ox.NamedNode(str(G_ONTOLOGY))
    ax = read_axioms(
        (_key(q.subject), _key(q.predicate), _key(q.object))  # type: ignore[arg-type]
        for q in oxs.quads_for_pattern(None, None, None, ont)
    )
    for q in oxs.quads_for_pattern(None, ox.NamedNode(_TYPE), ox.NamedNode(str(OWL.TransitiveProperty)), ont):
        ax.transitive.add(_key(q.subject))  # type: ignore[arg-type]
    interesting = set(ax.sub_prop) | ax.transitive | set(ax.inverse) | set(ax.domain) | set(ax.range) | {_TYPE}
    return ax, interesting


def split_facts(
    lines: Iterable[str], cut: int, wanted: dict[str, str]
) -> dict[str, tuple[list[tuple[str, str]], list[tuple[str, str]]]] | None:
    """The triples of N-Triples/N-Quads ``lines`` whose predicate is ``wanted``, by predicate:
    ``(subject, object)`` pairs with an IRI object, then with a literal object (kept in its
    N-Triples form). ``cut`` is the length of what follows the object on a line (``" .\\n"``: 3).
    None when a blank node turns up.
    """
    out: dict[str, tuple[list[tuple[str, str]], list[tuple[str, str]]]] = {}
    intern = sys.intern
    for line in lines:
        s, p, rest = line.split(" ", 2)
        pk = wanted.get(p)
        if pk is None:
            continue
        o = rest[:-cut]
        if s[0] != "<" or o.startswith("_:"):
            return None
        got = out.get(pk)
        if got is None:
            got = out[pk] = ([], [])
        if o[0] == "<":
            got[0].append((intern(s[1:-1]), intern(o[1:-1])))
        else:
            got[1].append((intern(s[1:-1]), o))
    return out


class FactCollector:
    """The triples inference reads, collected from the N-Quads of the document graphs as a build
    writes them, so :func:`infer_into_store` need not read them back out of the store.

    IRIs are taken from the text as written; literals are put through an in-memory Oxigraph
    store once (:meth:`facts`), so that they take the form the store gives them back in (its
    canonical decimals, language tags, escapes). A blank node turns the collector off (``ok``
    False) and inference reads the store instead.
    """

    def __init__(self, store: object) -> None:
        self.ax, self.interesting = _store_axioms(store.ox)  # type: ignore[attr-defined]
        self._wanted = {f"<{p}>": p for p in self.interesting}
        self.graphs: set[str] = set()
        self._iri_facts: set[Triple] = set()
        self._lit_facts: set[Triple] = set()
        self.ok = True

    @property
    def wanted(self) -> dict[str, str]:
        """``{"<predicate>": predicate}`` for the predicates inference reads (for :func:`split_facts`)."""
        return self._wanted

    def add(self, graph: str, nq: str) -> None:
        """One graph's N-Quads (every quad in ``graph``, one per line)."""
        lines = (line + "\n" for line in nq.split("\n") if line)
        self.add_split(graph, split_facts(lines, len(graph) + 6, self._wanted))

    def add_split(self, graph: str, split: dict[str, tuple[list[tuple[str, str]], list[tuple[str, str]]]] | None) -> None:
        """One graph's triples as :func:`split_facts` gave them (maybe in a worker process)."""
        self.graphs.add(graph)
        if not self.ok:
            return
        if split is None:
            self.ok = False
            self._iri_facts, self._lit_facts = set(), set()
            return
        intern = sys.intern
        for p, (iris, lits) in split.items():
            p = intern(p)
            self._iri_facts.update((s, p, intern(o)) for s, o in iris)
            self._lit_facts.update((s, p, o) for s, o in lits)

    def facts(self) -> set[Triple]:
        """The collected triples, keyed like :func:`_key` keys what the store returns (consumes them)."""
        facts, lit_facts = self._iri_facts, self._lit_facts
        self._iri_facts, self._lit_facts = set(), set()
        raw = sorted({o for _s, _p, o in lit_facts})
        if raw:
            mem = ox.Store()
            mem.load("".join(f"<urn:x:{i}> <urn:x:p> {lit} .\n" for i, lit in enumerate(raw)),
                     format=ox.RdfFormat.N_TRIPLES)
            canon: dict[str, str] = {}
            for line in mem.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph()).decode().split("\n"):  # type: ignore[union-attr]
                if line:
                    s, _p, o = line.split(" ", 2)
                    canon[raw[int(s[7:-1])]] = o[:-2]
            facts.update((s, p, canon[o]) for s, p, o in lit_facts)
        return facts


def infer_into_store(store: object, collected: FactCollector | None = None) -> int:
    """Recompute ``graph/inferred`` of an :class:`~kg.store.OxigraphStore`; returns its size.

    Reads the ontology's axioms, streams only the instance triples whose predicates the rules
    look at (one query per predicate, its result read as N-Triples text; or, for the graphs a
    build just wrote, from ``collected``), closes them with :func:`closure_fast`, and bulk loads
    the new triples into ``graph/inferred``. ``collected`` is consumed.
    """
    oxs: ox.Store = store.ox  # type: ignore[attr-defined]
    ont = ox.NamedNode(str(G_ONTOLOGY))
    inferred_g = ox.NamedNode(str(G_INFERRED))
    ax, interesting = _store_axioms(oxs)
    preds = sorted(interesting)
    onto_facts: set[Triple] = set()
    for p in preds:
        for q in oxs.quads_for_pattern(None, ox.NamedNode(p), None, ont):
            onto_facts.add((_key(q.subject), p, _key(q.object)))  # type: ignore[arg-type]
    facts: set[Triple] | None = None
    if collected is not None and collected.ok and collected.interesting == interesting:
        others = [g for g in oxs.named_graphs() if g != ont and g != inferred_g
                  and not (isinstance(g, ox.NamedNode) and g.value in collected.graphs)]
        if len(others) <= 64 and all(isinstance(g, ox.NamedNode) for g in others):
            facts = collected.facts()
            for g in others:
                facts |= _data_facts(oxs, preds, g.value, [])  # type: ignore[union-attr]
    if facts is None:
        facts = _data_facts(oxs, preds, None, [ont, inferred_g])
    base = onto_facts | closure_fast(onto_facts, ax)
    facts |= onto_facts
    new = closure_fast(facts, ax)
    new -= facts
    new -= base
    del facts, base
    oxs.update(f"DROP SILENT GRAPH <{G_INFERRED}>")
    tail = f" <{G_INFERRED}> .\n"
    rows = (f"{_nt(s)} <{p}> {_nt(o)}{tail}" for s, p, o in new)
    while chunk := list(islice(rows, 100_000)):  # bounded text per call
        oxs.bulk_load("".join(chunk), format=ox.RdfFormat.N_QUADS)
    return len(new)


def count_inferred(store: object) -> int:
    oxs: ox.Store = store.ox  # type: ignore[attr-defined]
    rows = list(oxs.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{G_INFERRED}> {{ ?s ?p ?o }} }}"))
    return int(rows[0][0].value) if rows else 0  # type: ignore[index,union-attr]


def infer_graph(data: Graph, ontology: Graph) -> Graph:
    """The same closure for rdflib graphs (small data, tests): only the inferred triples."""
    ax = read_axioms((str(s), str(p), str(o)) for s, p, o in ontology if p in _AXIOM_PREDICATES or p == RDF.type)
    for s in ontology.subjects(RDF.type, OWL.TransitiveProperty):
        ax.transitive.add(str(s))
    from rdflib import Literal

    def k(t: object) -> str:
        return t.n3() if isinstance(t, Literal) else str(t)

    facts = {(k(s), str(p), k(o)) for s, p, o in data}
    preds = set(ax.sub_prop) | ax.transitive | set(ax.inverse) | set(ax.domain) | set(ax.range) | {_TYPE}
    onto_facts = {(k(s), str(p), k(o)) for s, p, o in ontology if str(p) in preds}
    out = Graph()
    for s, p, o in data_closure(facts, onto_facts, ax):
        out.add((URIRef(s), URIRef(p), _rdflib_term(o)))
    return out


def _rdflib_term(k: str) -> object:
    if k.startswith('"'):
        from rdflib.util import from_n3

        return from_n3(k)
    return URIRef(k)


# --- incremental inference -------------------------------------------------------------------
# Every rule but transitivity has one premise, so an inferred triple about a subject ``x`` is
# entailed by the asserted triples about ``x`` (its types, its edges out), the edges into ``x``
# (ranges) and the edges along the transitive paths out of ``x``. When documents change, the
# only subjects whose inferred triples can change are therefore the subjects and objects of
# the triples that changed, and whatever reaches the source of a changed transitive edge (its
# ancestors, before or after). For those subjects (a small set) the triples the rules need are
# read from the store, closed with :func:`closure_fast` and compared with what
# ``graph/inferred`` holds about them: the difference is patched, the rest is left alone. That
# is exact (delete and rederive restricted to the subjects a change can reach) for the rules
# above; ``owl:inverseOf`` turns edges round and is not handled (a full inference runs).

#: the subject standing in for "some subject" of an edge into a subject being recomputed: only
#: the edge's object and predicate matter then (ranges), and nothing about it is kept
_SOMEONE = "urn:povkg:infer:someone"
_CHUNK = 400


def inference_predicates(store: object) -> set[str]:
    """The predicates the rules look at, by the ontology in ``store`` (for :func:`graph_facts`)."""
    return _store_axioms(store.ox)[1]  # type: ignore[attr-defined]


def graph_facts(store: object, graph: str, predicates: set[str] | None = None) -> set[Triple] | None:
    """The triples of one named graph that inference reads.

    Parameters
    ----------
    store : OxigraphStore
        The store.
    graph : str
        The named graph's IRI.
    predicates : set of str, optional
        The predicates to keep; by default those the rules look at (:func:`inference_predicates`).

    Returns
    -------
    set of (str, str, str) or None
        The triples, keyed like the rest of this module (IRIs bare, literals in N-Triples
        form); None when one has a blank node (then only a full inference is exact).
    """
    oxs: ox.Store = store.ox  # type: ignore[attr-defined]
    if predicates is None:
        predicates = _store_axioms(oxs)[1]
    out: set[Triple] = set()
    for q in oxs.quads_for_pattern(None, None, None, ox.NamedNode(graph)):
        p = q.predicate.value
        if p not in predicates:
            continue
        if isinstance(q.subject, ox.BlankNode) or isinstance(q.object, ox.BlankNode) or isinstance(q.object, ox.Triple):
            return None
        out.add((_key(q.subject), p, _key(q.object)))  # type: ignore[arg-type]
    return out


def _values(keys: Iterable[str]) -> Iterable[str]:
    """``VALUES`` bodies of at most ``_CHUNK`` IRIs each."""
    ks = sorted(keys)
    for i in range(0, len(ks), _CHUNK):
        yield " ".join(f"<{k}>" for k in ks[i : i + _CHUNK])


def _rows(oxs: ox.Store, query: str) -> Iterable[tuple[object, ...]]:
    for row in oxs.query(query, use_default_graph_as_union=True):  # type: ignore[union-attr]
        yield tuple(row)  # type: ignore[arg-type]


def update_inferred(store: object, before: dict[str, set[Triple]], after: dict[str, set[Triple]]) -> dict[str, int] | None:
    """Patch ``graph/inferred`` of an :class:`~kg.store.OxigraphStore` after documents changed.

    Parameters
    ----------
    store : OxigraphStore
        The store, its document graphs already rewritten; ``graph/inferred`` still the closure
        of what it held before.
    before, after : dict of str to set of triples
        For each changed graph, the triples inference reads (:func:`graph_facts`) as it was
        before and is now (an empty set for a graph added or removed).

    Returns
    -------
    dict of str to int or None
        ``{"subjects": …, "added": …, "removed": …}``: how many subjects were recomputed and how
        many inferred triples changed; None when this cannot be done by difference (an
        ``owl:inverseOf`` axiom): then run :func:`infer_into_store`.
    """
    oxs: ox.Store = store.ox  # type: ignore[attr-defined]
    ax, interesting = _store_axioms(oxs)
    if any(ax.inverse.values()):
        return None
    inferred_g = f"<{G_INFERRED}>"
    delta: set[Triple] = set()
    for g in set(before) | set(after):
        delta |= before.get(g, set()) ^ after.get(g, set())
    nodes: set[str] = set()
    for s, p, o in delta:
        nodes.add(s)
        if p != _TYPE and not _is_literal(o):
            nodes.add(o)
    if not nodes:
        return {"subjects": 0, "added": 0, "removed": 0}
    rules = _memo(lambda p: _edge_rules(ax, p))
    feeds = {t: sorted({p for p in interesting if p != _TYPE and (p == t or (t, False) in rules(p))})
             for t in sorted(ax.transitive)}
    paths = {t: "|".join(f"<{p}>" for p in ps) for t, ps in feeds.items()}
    # subjects whose transitive paths may run through a changed edge: the edge's source and all
    # that reach it (through the store's asserted and old inferred edges: both closures' ancestors)
    subjects = set(nodes)
    for t, ps in feeds.items():
        sources = {s for s, p, _o in delta if p in ps}
        for chunk in _values(sources):
            q = f"SELECT DISTINCT ?x WHERE {{ VALUES ?a {{ {chunk} }} ?x ({paths[t]})+ ?a }}"
            subjects.update(_key(r[0]) for r in _rows(oxs, q) if isinstance(r[0], ox.NamedNode))  # type: ignore[arg-type]
    # and the nodes on the transitive paths out of them, whose edges the closure follows
    reach = set(subjects)
    for t, _ps in feeds.items():
        for chunk in _values(subjects):
            q = f"SELECT DISTINCT ?y WHERE {{ VALUES ?x {{ {chunk} }} ?x ({paths[t]})+ ?y }}"
            reach.update(_key(r[0]) for r in _rows(oxs, q) if isinstance(r[0], ox.NamedNode))  # type: ignore[arg-type]
    local: set[Triple] = set()
    for chunk in _values(reach):  # what is asserted about them
        q = (f"SELECT ?s ?p ?o WHERE {{ VALUES ?s {{ {chunk} }} GRAPH ?g {{ ?s ?p ?o }} "
             f"FILTER(?g != {inferred_g}) }}")
        for s, p, o in _rows(oxs, q):
            if p.value in interesting:  # type: ignore[attr-defined]
                if isinstance(o, ox.BlankNode | ox.Triple):
                    return None
                local.add((_key(s), p.value, _key(o)))  # type: ignore[arg-type,attr-defined]
    for chunk in _values(subjects):  # the edges into them: only which predicates (for ranges)
        q = (f"SELECT DISTINCT ?p ?o WHERE {{ VALUES ?o {{ {chunk} }} GRAPH ?g {{ ?s ?p ?o }} "
             f"FILTER(?g != {inferred_g} && ?p != <{_TYPE}>) }}")
        for p, o in _rows(oxs, q):
            if p.value in interesting:  # type: ignore[attr-defined]
                local.add((_SOMEONE, p.value, _key(o)))  # type: ignore[arg-type,attr-defined]
    ont = ox.NamedNode(str(G_ONTOLOGY))
    onto_facts: set[Triple] = set()
    for p in sorted(interesting):
        for qd in oxs.quads_for_pattern(None, ox.NamedNode(p), None, ont):
            onto_facts.add((_key(qd.subject), p, _key(qd.object)))  # type: ignore[arg-type]
    base = onto_facts | closure_fast(onto_facts, ax)
    facts = local | onto_facts
    new = {t for t in closure_fast(facts, ax) if t[0] in subjects}
    new -= facts
    new -= base
    old: set[Triple] = set()
    for chunk in _values(subjects):
        q = f"SELECT ?s ?p ?o WHERE {{ VALUES ?s {{ {chunk} }} GRAPH {inferred_g} {{ ?s ?p ?o }} }}"
        old.update((_key(s), p.value, _key(o)) for s, p, o in _rows(oxs, q))  # type: ignore[arg-type,attr-defined]
    gone, added = old - new, new - old
    graph = ox.NamedNode(str(G_INFERRED))
    for s, p, o in sorted(gone):
        oxs.remove(ox.Quad(_term(s), ox.NamedNode(p), _term(o), graph))  # type: ignore[arg-type]
    if added:
        oxs.extend([ox.Quad(_term(s), ox.NamedNode(p), _term(o), graph) for s, p, o in sorted(added)])  # type: ignore[arg-type]
    return {"subjects": len(subjects), "added": len(added), "removed": len(gone)}
