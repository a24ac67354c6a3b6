"""Stores: the embedded on-disk Oxigraph store (the default), rdflib in memory, or a remote
SPARQL 1.1 endpoint — one read interface for all three.

The build writes through :class:`OxigraphStore`; every document graph is replaced in one
SPARQL update, which Oxigraph applies atomically, so a store never holds half a document.
Queries see the default graph as the union of all named graphs.

Every store answers :meth:`select` (a :class:`~kg.query.Results`), :meth:`ask` (a bool) and
:meth:`construct` (an rdflib ``Graph``), each with ``bindings``: a mapping from variable name
to RDF term that is bound, never pasted into the query text —

* :class:`OxigraphStore`: pyoxigraph ``substitutions={Variable: term}`` with
  ``use_default_graph_as_union=True``;
* :class:`MemoryStore`: rdflib ``Dataset(default_union=True)`` with ``initBindings``;
* :class:`EndpointStore`: SPARQL 1.1 Protocol over HTTP; the bindings travel as a ``VALUES``
  block of escaped terms (:func:`kg.query.term_to_sparql`) put at the start of the outer
  ``WHERE`` group, the only way the protocol allows.

:func:`push` copies a local store to an endpoint with the SPARQL 1.1 Graph Store Protocol,
one request per document graph, skipping graphs the endpoint already holds.

Examples
--------
>>> s = MemoryStore()
>>> s.load_file(sample_path)
>>> s.ask("ASK { ?e <https://w3id.org/povkg/def#heldIn> ?place }", {"place": place_iri("411522")})
True
>>> o = OxigraphStore()
>>> o.load_file(sample_path)
>>> q = "SELECT ?e ?place WHERE { ?e <https://w3id.org/povkg/def#heldIn> ?place } ORDER BY ?e"
>>> o.select(q, {"place": place_iri("411522")}) == s.select(q, {"place": place_iri("411522")})
True
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import re
import shutil
import time
import urllib.error
import urllib.parse
import urllib.request
import warnings
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, Protocol, runtime_checkable

import pyoxigraph as ox
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.term import Identifier

from kg.errors import (
    InputError,
    KgError,
    QueryError,
    QueryTimeout,
    ResultTooLarge,
    StoreError,
    UsageError,
)
from kg.prefixes import PREFIXES, describe_syntax_error, with_prefixes
from kg.query import Results, normalise_term, term_to_sparql
from kg.sparqlcheck import query_form, refuse_federation  # noqa: F401  (re-exported)
from kg.vocab import G_INFERRED_STATE, POV, place_iri  # noqa: F401  (place_iri: used by the doctests)

__all__ = [
    "Store",
    "OxigraphStore",
    "MemoryStore",
    "EndpointStore",
    "PushSummary",
    "open_store",
    "default_graph_store",
    "push",
    "query_form",
    "inject_values",
    "to_ox_quads",
    "sorted_nquads",
    "RDF_FILE_FORMATS",
    "add_quads",
    "rdflib_evaluator",
]

#: file suffixes a :class:`MemoryStore` can be loaded from, with their rdflib format
RDF_FILE_FORMATS = {
    ".trig": "trig",
    ".nq": "nquads",
    ".nquads": "nquads",
    ".nt": "nt",
    ".ttl": "turtle",
    ".jsonld": "json-ld",
}
_OX_FORMATS = {
    ".trig": ox.RdfFormat.TRIG,
    ".nq": ox.RdfFormat.N_QUADS,
    ".nquads": ox.RdfFormat.N_QUADS,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".ttl": ox.RdfFormat.TURTLE,
}


def _term(t: object) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    if isinstance(t, URIRef):
        return ox.NamedNode(str(t))
    if isinstance(t, BNode):
        return ox.BlankNode(str(t))
    if isinstance(t, Literal):
        if t.language:
            return ox.Literal(str(t), language=t.language)
        if t.datatype:
            return ox.Literal(str(t), datatype=ox.NamedNode(str(t.datatype)))
        return ox.Literal(str(t))
    raise TypeError(f"not an RDF term: {t!r}")


def _from_ox(t: object) -> Identifier | None:
    if t is None:
        return None
    if isinstance(t, ox.NamedNode):
        return URIRef(t.value)
    if isinstance(t, ox.BlankNode):
        return BNode(t.value)
    if isinstance(t, ox.Literal):
        if t.language:
            return Literal(t.value, lang=t.language)
        dt = t.datatype.value
        if dt == "http://www.w3.org/2001/XMLSchema#string":
            return Literal(t.value)
        return Literal(t.value, datatype=URIRef(dt))
    raise QueryError(f"unsupported term in results (RDF-star?): {t}")


def to_ox_quads(graph: Graph, graph_name: URIRef) -> Iterator[ox.Quad]:
    """The triples of an rdflib graph as pyoxigraph quads in ``graph_name``."""
    g = ox.NamedNode(str(graph_name))
    for s, p, o in graph:
        yield ox.Quad(_term(s), _term(p), _term(o), g)  # type: ignore[arg-type]


def sorted_nquads(quads: Iterable[ox.Quad]) -> list[str]:
    """N-Quads lines, sorted: the canonical, byte-stable export."""
    return sorted(f"{q} ." for q in quads)


# ------------------------------------------------------------------------------------------
# the common read interface
# ------------------------------------------------------------------------------------------


@runtime_checkable
class Store(Protocol):
    """What every store offers for reading (the named queries and the API need no more)."""

    def select(self, query: str, bindings: Mapping[str, Identifier] | None = None) -> Results: ...

    def ask(self, query: str, bindings: Mapping[str, Identifier] | None = None) -> bool: ...

    def construct(self, query: str, bindings: Mapping[str, Identifier] | None = None) -> Graph: ...

    def graph_names(self) -> list[str]: ...

    def __len__(self) -> int: ...


# --- a small SPARQL scanner: query form and where the outer WHERE group opens -------------

_IRI_TOKEN = re.compile(r'<[^<>"{}|^`\\\x00-\x20]*>')
_WORD = re.compile(r"[^\W\d][\w\u00B7\u0300-\u036F\u203F\u2040]*")
_VARNAME = re.compile(r"[\w\u00B7\u0300-\u036F\u203F\u2040]+")
_VAR_OK = re.compile(r"^[\w\u00B7\u0300-\u036F\u203F\u2040]+$")


def _tokens(query: str) -> Iterator[tuple[int, str]]:
    """(position, token) for keywords (upper case), variables (``?name``), ``*`` and braces or
    parentheses, skipping comments, strings, IRIs and prefixed names."""
    i, n = 0, len(query)
    while i < n:
        c = query[i]
        if c == "#":
            j = query.find("\n", i)
            i = n if j < 0 else j + 1
        elif c in "\"'":
            long = query.startswith(c * 3, i)
            quote = c * 3 if long else c
            j = i + len(quote)
            while j < n:
                if query[j] == "\\":
                    j += 2
                    continue
                if query.startswith(quote, j):
                    j += len(quote)
                    break
                if not long and query[j] in "\r\n":
                    break
                j += 1
            i = j
        elif c == "<":
            m = _IRI_TOKEN.match(query, i)
            i = m.end() if m else i + 1
        elif c in "{}()*":
            yield i, c
            i += 1
        elif c in "?$":
            m = _VARNAME.match(query, i + 1)
            if m:
                yield i, "?" + m.group()
                i = m.end()
            else:
                i += 1
        elif c.isalpha() or c == "_":
            m = _WORD.match(query, i)
            end = m.end() if m else i + 1
            if end < n and query[end] == ":":  # a prefixed name: skip it whole
                i = _local_name_end(query, end + 1)
            else:
                yield i, query[i:end].upper()
                i = end
        elif c == ":":  # a prefixed name with the empty prefix
            i = _local_name_end(query, i + 1)
        else:
            i += 1


def _local_name_end(query: str, k: int) -> int:
    """Where the local part of a prefixed name that starts at ``k`` ends (escapes included)."""
    n = len(query)
    while k < n:
        if query[k] == "\\":
            k += 2
        elif query[k].isalnum() or query[k] in "_-.:%/\u00B7":
            k += 1
        else:
            break
    return min(k, n)


@dataclass
class _Select:
    top: bool
    projected: set[str] | None  # None: SELECT *
    aliases: set[str] = field(default_factory=set)  # (expression AS ?alias): never bound from outside
    brace: int = -1  # position of the '{' that opens its WHERE group
    end: int = -1  # position of the matching '}'


def _closing_brace(toks: list[tuple[int, str]], j: int) -> int:
    """Index of the token closing the ``{`` group that starts at or after ``toks[j]`` (len(toks) if none)."""
    depth = 0
    while j < len(toks):
        if toks[j][1] == "{":
            depth += 1
        elif toks[j][1] == "}":
            depth -= 1
            if depth == 0:
                return j
        j += 1
    return j


def _where_groups(query: str) -> list[_Select]:
    """The outer query and every sub-select, with what they project and where their WHERE is."""
    toks = list(_tokens(query))
    out: list[_Select] = []
    form = None
    for k, (_, tok) in enumerate(toks):
        if tok not in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE"):
            continue
        sel = _Select(top=form is None, projected=set() if tok == "SELECT" else None)
        form = form or tok
        parens = 0
        seen_where = False
        template = tok == "CONSTRUCT"
        j = k + 1
        while j < len(toks):
            pos2, tok2 = toks[j]
            if tok2 == "(":
                parens += 1
            elif tok2 == ")":
                parens -= 1
            elif tok2 == "*" and parens == 0 and tok == "SELECT" and not seen_where:
                sel.projected = None
            elif tok2.startswith("?") and sel.projected is not None and not seen_where:
                if toks[j - 1][1] == "AS":
                    sel.aliases.add(tok2[1:])
                    sel.projected.add(tok2[1:])
                elif parens == 0:
                    sel.projected.add(tok2[1:])
            elif tok2 == "WHERE" and parens == 0:
                seen_where = True
            elif tok2 == "{" and parens == 0:
                if template and not seen_where:  # CONSTRUCT {template} [WHERE] {pattern}
                    template = False
                    j = _closing_brace(toks, j) + 1
                    continue
                sel.brace = pos2
                j = _closing_brace(toks, j)
                if j < len(toks):
                    sel.end = toks[j][0]
                break
            j += 1
        if sel.brace < 0:
            raise QueryError("cannot bind parameters: the query has no WHERE group")
        out.append(sel)
    if not out:
        raise QueryError("malformed SPARQL: no SELECT, ASK, CONSTRUCT or DESCRIBE found")
    return out


def inject_values(query: str, bindings: Mapping[str, Identifier]) -> str:
    """The query with its bindings as ``VALUES`` blocks: one at the start of the outer
    ``WHERE`` group, and one in each sub-select that projects a bound variable.

    This gives a remote endpoint the meaning Oxigraph's ``substitutions`` have (a sub-select
    sees a parameter only if it projects it). Every term is written with
    :func:`kg.query.term_to_sparql`, which escapes literals and refuses IRIs that could break
    out of ``<…>``; variable names are checked too.

    Examples
    --------
    >>> print(inject_values("SELECT ?s WHERE { ?s ?p ?o }", {"o": Literal('x" } DROP ALL #')}))
    SELECT ?s WHERE { VALUES (?o) { ("x\\" } DROP ALL #") }
     ?s ?p ?o }
    """
    if not bindings:
        return query
    names = list(bindings)
    for name in names:
        if not _VAR_OK.match(name):
            raise UsageError(f"not a SPARQL variable name: {name!r}")
    written = {n: term_to_sparql(bindings[n]) for n in names}
    inserts: list[tuple[int, str]] = []
    for sel in _where_groups(query):
        if sel.top:
            chosen = [n for n in names if n not in sel.aliases]
        elif sel.projected is None:
            body = query[sel.brace : sel.end]
            chosen = [n for n in names if re.search(r"[?$]" + re.escape(n) + r"\b", body)]
        else:
            chosen = [n for n in names if n in sel.projected and n not in sel.aliases]
        if chosen:
            row = " ".join(written[n] for n in chosen)
            inserts.append((sel.brace + 1, f" VALUES ({' '.join('?' + n for n in chosen)}) {{ ({row}) }}\n"))
    for pos, block in sorted(inserts, reverse=True):
        query = query[:pos] + block + query[pos:]
    return query


def _bindings_only_terms(bindings: Mapping[str, Identifier] | None) -> dict[str, Identifier]:
    out: dict[str, Identifier] = {}
    for k, v in (bindings or {}).items():
        if not _VAR_OK.match(k):
            raise UsageError(f"not a SPARQL variable name: {k!r}")
        if not isinstance(v, (URIRef, Literal, BNode)):
            raise UsageError(f"binding ?{k} is not an RDF term: {v!r}")
        out[k] = v
    return out


def _wrong_form(method: str, form: str) -> QueryError:
    use = {"SELECT": "select()", "ASK": "ask()", "CONSTRUCT": "construct()", "DESCRIBE": "construct()"}
    if form == "UPDATE":
        return QueryError("updates are not run through the query interface (stores are read-only here)")
    return QueryError(
        f"{method}() needs a {method.upper()} query; this is a {form} query: use {use.get(form, '?')}"
    )


# ------------------------------------------------------------------------------------------
# Oxigraph (embedded)
# ------------------------------------------------------------------------------------------


#: The content hash of every graph that records one: a document or reference graph about
#: itself, and ``graph/inferred`` in ``graph/inferred-state`` (written once inference is done).
_CONTENT_HASHES = (
    f"SELECT ?g ?h WHERE {{ {{ GRAPH ?g {{ ?g <{POV.contentHash}> ?h }} }} "
    f"UNION {{ GRAPH <{G_INFERRED_STATE}> {{ ?g <{POV.contentHash}> ?h }} }} }}"
)


def _too_large(limit: int, what: str) -> ResultTooLarge:
    return ResultTooLarge(f"the query gives more than {limit:,} {what} (the result-size limit); narrow it")


# --- snapshots: what readers open ------------------------------------------------------------
# Oxigraph calls opening a store read-only while another process writes it undefined
# behaviour, and it is: a reader opened during a build's bulk load or compaction has been seen
# to grow without bound (a COUNT(*) reached 21 GB). So a writer publishes a checkpoint of the
# store (RocksDB hard links: cheap) each time it flushes, and readers open the newest one,
# never the folder being written. A build killed half-way leaves the last published one.
#
# A snapshot is kept only while a reader may use it: the newest one, and any a reader holds.
# Each snapshot ``N`` has a lease file ``N.lease`` beside it; a reader holds a shared
# ``flock`` on it for as long as its store object lives (the lock goes with the open file, so
# it is released however the reader ends, a crash included). The writer removes an older
# snapshot only when it gets the exclusive lock at once (never waiting), and removes the lease
# last, still holding it; a reader that locked a lease checks it was not removed meanwhile
# (its link count) and otherwise takes the new current snapshot.


def snapshot_root(path: Path) -> Path:
    """Where the published snapshots of the store at ``path`` live (a hidden sibling folder)."""
    return path.parent / f".{path.name}.snapshots"


def current_snapshot(path: Path) -> Path | None:
    """The newest published snapshot of the store at ``path``, or None (read the folder itself)."""
    root = snapshot_root(path)
    try:
        name = (root / "CURRENT").read_text(encoding="ascii").strip()
    except OSError:
        return None
    snap = root / name
    return snap if name.isdigit() and snap.is_dir() else None


def snapshots(path: Path) -> list[Path]:
    """The published snapshots of the store at ``path`` still on disk, oldest first."""
    root = snapshot_root(path)
    try:
        names = sorted(int(p.name) for p in root.iterdir() if p.name.isdigit() and p.is_dir())
    except OSError:
        return []
    return [root / str(n) for n in names]


def snapshot_bytes(path: Path) -> int:
    """The disk the snapshots of the store at ``path`` use beyond the store itself.

    Snapshots share their unchanged files with the store (hard links), so a file counts once,
    and not at all when the store folder links it too.
    """
    def inodes(folder: Path) -> dict[tuple[int, int], int]:
        out: dict[tuple[int, int], int] = {}
        for f in folder.rglob("*"):
            with contextlib.suppress(OSError):
                st = f.lstat()
                if not f.is_symlink() and f.is_file():
                    out[(st.st_dev, st.st_ino)] = st.st_size
        return out

    own = inodes(path) if path.is_dir() else {}
    shared: dict[tuple[int, int], int] = {}
    for snap in snapshots(path):
        shared.update(inodes(snap))
    return sum(size for key, size in shared.items() if key not in own)


def _lease(snap: Path) -> Path:
    return snap.with_name(f"{snap.name}.lease")


def _hold_lease(snap: Path) -> BinaryIO | None:
    """A shared lock on ``snap``'s lease, held while the returned file stays open; None when
    the snapshot was removed (or has no lease: published by an older povkg)."""
    try:
        fh = open(_lease(snap), "rb")  # noqa: SIM115 - kept open: the lock lives with it
    except OSError:
        return None
    try:
        fcntl.flock(fh.fileno(), fcntl.LOCK_SH)  # waits only while a writer removes it
        if os.fstat(fh.fileno()).st_nlink == 0 or not snap.is_dir():
            fh.close()
            return None
    except OSError:
        fh.close()
        return None
    return fh


def _try_remove(snap: Path) -> bool:
    """Remove an old snapshot unless a reader holds its lease; True when it is gone."""
    lease = _lease(snap)
    try:
        fh = open(lease, "rb")  # noqa: SIM115
    except FileNotFoundError:
        fh = None  # published by an older povkg, whose readers took no lease
    except OSError:
        return False
    try:
        if fh is not None:
            try:
                fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                return False  # a reader holds it
        shutil.rmtree(snap, ignore_errors=True)
        if fh is not None:
            with contextlib.suppress(OSError):
                lease.unlink()
        return not snap.exists()
    finally:
        if fh is not None:
            fh.close()


def publish_snapshot(store: OxigraphStore) -> Path | None:
    """Checkpoint an on-disk store for readers and make it the current one; prune old ones.

    Every older snapshot that no reader holds (:func:`_hold_lease`) is removed, so at most the
    newest one plus those still open stay on disk.
    """
    if store.path is None or store.read_only:
        return None
    root = snapshot_root(store.path)
    root.mkdir(exist_ok=True)
    old = snapshots(store.path)
    target = root / str((int(old[-1].name) + 1) if old else 1)
    try:
        for stray in (target, _lease(target)):  # left by a publish killed half-way
            if stray.is_dir():
                shutil.rmtree(stray)
            elif stray.exists():
                stray.unlink()
        store.ox.backup(str(target))
        _lease(target).touch()  # before CURRENT names it: a reader always finds its lease
        tmp = root / "CURRENT.tmp"
        tmp.write_text(target.name + "\n", encoding="ascii")
        os.replace(tmp, root / "CURRENT")
    except OSError as exc:
        raise StoreError(f"cannot publish a snapshot of {store.path} in {root}: {exc}") from exc
    for snap in old:
        _try_remove(snap)
    for lease in root.glob("*.lease"):  # leases whose snapshot is gone
        if not (root / lease.stem).exists():
            _try_remove(root / lease.stem)
    return target


def _open_read_only(path: Path, attempts: int = 8) -> ox.Store:
    """Open a store read-only, also while a build writes it.

    A read-only open takes a snapshot of RocksDB's file list; when a concurrent writer
    compacts at that moment a listed file can vanish and the open fails with a
    "Corruption: … No such file" error. That is transient: open again.
    """
    for k in range(attempts):
        try:
            return ox.Store.read_only(str(path))
        except (OSError, RuntimeError) as exc:
            if "No such file" not in str(exc) or k == attempts - 1:
                raise StoreError(f"cannot open store {path}: {exc}") from exc
            time.sleep(0.05 * (k + 1))
    raise AssertionError("unreachable")


class OxigraphStore:
    """The default store: Oxigraph on disk (or in memory with ``path=None``).

    Parameters
    ----------
    path : Path or str or None
        The store directory; None for an in-memory store.
    read_only : bool
        Open an existing store for reading only (several processes may read at once).
    binding : {"values", "substitutions"}
        How :meth:`select` and friends bind parameters. ``"values"`` (the default) adds a
        ``VALUES`` block of escaped terms to the outer ``WHERE`` (and to each sub-select that
        projects a bound variable), exactly as for a remote endpoint; ``"substitutions"``
        uses pyoxigraph's SEP-0007 ``substitutions``. Both give the same rows (a test proves
        it), but Oxigraph 0.5 plans a substituted variable as if it were unbound: measured on
        a 730k-triple store, ``evidence`` for one body took 1.6 s with substitutions and 0.27 s
        with ``VALUES``, ``search`` 12.5 s and 0.3 s.
    """

    def __init__(
        self, path: Path | str | None = None, *, read_only: bool = False, binding: str = "values"
    ) -> None:
        if binding not in ("substitutions", "values"):
            raise UsageError(f"binding must be 'substitutions' or 'values', not {binding!r}")
        self.binding = binding
        self.path = Path(path) if path is not None else None
        self.read_only = read_only and self.path is not None
        self._lease: BinaryIO | None = None  # the snapshot this reader holds (see _hold_lease)
        try:
            if self.path is None:
                self.ox = ox.Store()
            elif read_only:
                if not self.path.exists():
                    raise StoreError(f"no store at {self.path} (run 'povkg build' first)")
                snap = self._lease_current()
                if snap is None and snapshot_root(self.path).is_dir():
                    raise StoreError(
                        f"the store at {self.path} has no complete build yet (its first build is "
                        "running or was stopped): wait for it, or build again"
                    )
                self.ox = _open_read_only(snap or self.path)
            else:
                fresh = not self.path.exists() or not any(self.path.iterdir())
                self.path.mkdir(parents=True, exist_ok=True)
                if fresh:  # readers wait for the first published snapshot, never see it half-built
                    snapshot_root(self.path).mkdir(exist_ok=True)
                self.ox = ox.Store(str(self.path))
        except OSError as exc:
            raise StoreError(f"cannot open store {self.path}: {exc}") from exc

    def _lease_current(self) -> Path | None:
        """The current snapshot, leased for as long as this store lives (``self._lease``)."""
        assert self.path is not None
        for _ in range(100):  # each round means a writer published again meanwhile
            snap = current_snapshot(self.path)
            if snap is None:
                return None
            self._lease = _hold_lease(snap)
            if self._lease is not None or not _lease(snap).exists() and snap.is_dir():
                return snap  # leased (or published by an older povkg, which took no leases)
        raise StoreError(f"cannot open store {self.path}: its snapshots change faster than it can open one")

    def __repr__(self) -> str:
        where = self.path if self.path is not None else "memory"
        return f"<OxigraphStore {where}{' read-only' if self.read_only else ''}>"

    # --- writing ---------------------------------------------------------------------------
    def replace_graph(self, graph_name: URIRef, graph: Graph) -> None:
        """Replace a named graph whole, in one atomic update."""
        body = graph.serialize(format="nt")
        self.ox.update(
            f"DROP SILENT GRAPH <{graph_name}> ;\nINSERT DATA {{ GRAPH <{graph_name}> {{\n{body}\n}} }}"
        )

    def drop_graph(self, graph_name: URIRef) -> None:
        """Remove a named graph (nothing happens if it is not there)."""
        self.ox.update(f"DROP SILENT GRAPH <{graph_name}>")

    def load_graph(self, graph_name: URIRef, graph: Graph) -> None:
        """Replace a (large) reference graph: drop, then bulk-load."""
        self.drop_graph(graph_name)
        self.ox.bulk_extend(to_ox_quads(graph, graph_name))

    def load_file(self, path: Path | str, format: str | None = None) -> None:
        """Add the quads of an RDF file (TriG, N-Quads; triples go to the default graph)."""
        p = Path(path)
        fmt = _OX_FORMATS.get(format or p.suffix.lower())
        if fmt is None:
            raise InputError(f"{p}: cannot load {p.suffix or 'this'} files (use .trig, .nq, .nt or .ttl)")
        try:
            self.ox.bulk_load(path=str(p), format=fmt)
        except (OSError, SyntaxError, ValueError) as exc:
            raise InputError(f"{p}: {exc}") from exc

    def flush(self) -> None:
        """Write buffered changes to disk and publish them to readers (:func:`publish_snapshot`)."""
        if self.path is not None and not self.read_only:
            self.ox.flush()
            publish_snapshot(self)

    # --- reading ---------------------------------------------------------------------------
    def _run(
        self, query: str, bindings: Mapping[str, Identifier] | None, binding: str | None = None
    ) -> object:
        terms = _bindings_only_terms(bindings)
        if (binding or self.binding) == "values" and terms:
            query, terms = inject_values(query, terms), {}
        subs: dict[ox.Variable, ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple] = {
            ox.Variable(k): _term(v) for k, v in terms.items()
        }
        try:
            return self.ox.query(
                query, use_default_graph_as_union=True, substitutions=subs or None, prefixes=PREFIXES
            )
        except SyntaxError as exc:
            raise QueryError(describe_syntax_error(query, str(exc))) from exc
        except RuntimeError as exc:
            raise QueryError(f"query failed: {exc}") from exc
        except OSError as exc:
            raise StoreError(f"cannot read store {self.path or 'memory'}: {exc}") from exc

    def select(
        self,
        query: str,
        bindings: Mapping[str, Identifier] | None = None,
        *,
        max_rows: int | None = None,
        binding: str | None = None,
    ) -> Results:
        """Run a SELECT query; ``bindings`` are bound (``VALUES`` or SEP-0007), never pasted.

        With ``max_rows``, evaluation stops at the first row past the limit and
        :class:`~kg.errors.ResultTooLarge` is raised. ``binding`` overrides the store's
        binding method for this query (``kg.query.QUERY_BINDING`` chooses it per named query).
        """
        if binding not in (None, "values", "substitutions"):
            raise UsageError(f"binding must be 'substitutions' or 'values', not {binding!r}")
        res = self._run(query, bindings, binding)
        if not isinstance(res, ox.QuerySolutions):
            raise _wrong_form("select", query_form(query))
        names = [v.value for v in res.variables]
        cache: dict[object, Identifier | None] = {}
        rows: list[list[Identifier | None]] = []
        try:
            for sol in res:
                if max_rows is not None and len(rows) >= max_rows:
                    raise _too_large(max_rows, "rows")
                row = []
                for t in sol:
                    try:
                        term = cache[t]
                    except KeyError:
                        term = cache[t] = normalise_term(_from_ox(t))
                    row.append(term)
                rows.append(row)
        except (RuntimeError, OSError) as exc:
            raise QueryError(f"query failed: {exc}") from exc
        return Results(names, rows, normalised=True)

    def ask(self, query: str, bindings: Mapping[str, Identifier] | None = None) -> bool:
        """Run an ASK query."""
        res = self._run(query, bindings)
        if not isinstance(res, ox.QueryBoolean):
            raise _wrong_form("ask", query_form(query))
        return bool(res)

    def construct(
        self,
        query: str,
        bindings: Mapping[str, Identifier] | None = None,
        *,
        max_rows: int | None = None,
    ) -> Graph:
        """Run a CONSTRUCT (or DESCRIBE) query; the triples come back as an rdflib Graph.

        With ``max_rows``, more triples than that raise :class:`~kg.errors.ResultTooLarge`.
        """
        res = self._run(query, bindings)
        if not isinstance(res, ox.QueryTriples):
            raise _wrong_form("construct", query_form(query))
        g = Graph()
        try:
            for n, t in enumerate(res):
                if max_rows is not None and n >= max_rows:
                    raise _too_large(max_rows, "triples")
                g.add((_from_ox(t.subject), _from_ox(t.predicate), _from_ox(t.object)))  # type: ignore[arg-type]
        except (RuntimeError, OSError) as exc:
            raise QueryError(f"query failed: {exc}") from exc
        return g

    def content_hash(self, doc: URIRef) -> str | None:
        """The content hash recorded for a document graph, or None if it is not in the store."""
        for q in self.ox.quads_for_pattern(
            ox.NamedNode(str(doc)), ox.NamedNode(str(POV.contentHash)), None, ox.NamedNode(str(doc))
        ):
            obj = q.object
            return obj.value if isinstance(obj, ox.Literal) else str(obj)
        return None

    def graph_names(self) -> list[str]:
        """The names of the named graphs, sorted."""
        return sorted(str(g.value) for g in self.ox.named_graphs() if isinstance(g, ox.NamedNode))

    def graph_ntriples(self, graph_name: str | URIRef) -> Iterator[str]:
        """The triples of one named graph as N-Triples lines (no newline)."""
        g = ox.NamedNode(str(graph_name))
        for q in self.ox.quads_for_pattern(None, None, None, g):
            yield f"{q.subject} {q.predicate} {q.object} ."

    def graph_size(self, graph_name: str | URIRef) -> int:
        """The number of triples in one named graph."""
        return sum(1 for _ in self.ox.quads_for_pattern(None, None, None, ox.NamedNode(str(graph_name))))

    def graph_sizes(self) -> dict[str, int]:
        """Triples per named graph, in one query."""
        res = self.select("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
        return {str(r["g"]): int(r["n"]) for r in res}

    def content_hashes(self) -> dict[str, str]:
        """The content hash each graph records (see :data:`_CONTENT_HASHES`), in one query."""
        return {str(r["g"]): str(r["h"]) for r in self.select(_CONTENT_HASHES)}

    def export_nquads(self) -> list[str]:
        """Every quad of every named graph as sorted N-Quads lines."""
        return sorted_nquads(q for q in self.ox if not isinstance(q.graph_name, ox.DefaultGraph))

    def export_rdf(self, output: BinaryIO, fmt: str = "nq", *, progress: bool | None = None) -> int:
        """Write every named graph to ``output``, sorted, with Oxigraph's own serialiser.

        Parameters
        ----------
        output : binary file
            Where the bytes go (``sys.stdout.buffer``, a file opened ``"wb"``).
        fmt : {"nq", "trig", "ttl"}
            Sorted N-Quads (the byte-stable canonical export); TriG, one block per named
            graph; or Turtle, the union of the named graphs (each triple once). TriG and
            Turtle use the predefined prefixes (:data:`kg.prefixes.PREFIXES`).

        progress : bool, optional
            Show a progress bar on stderr (default: on a terminal, see :mod:`kg.progress`).

        Returns
        -------
        int
            The number of quads (or, for Turtle, distinct triples) written.
        """
        from kg.progress import progress_bar

        if fmt not in ("nq", "trig", "ttl"):
            raise UsageError(f"cannot export as {fmt!r}: use nq, trig or ttl")
        with progress_bar(None, "reading", "quad", show=progress) as bar:
            named = []
            for q in self.ox:
                if not isinstance(q.graph_name, ox.DefaultGraph):
                    named.append(q)
                    if len(named) % 10_000 == 0:
                        bar.update(10_000)
        if fmt == "nq":
            lines = sorted_nquads(named)
            del named
            with progress_bar(len(lines), "writing", "quad", show=progress) as bar:
                for start in range(0, len(lines), 10_000):
                    chunk = lines[start : start + 10_000]
                    output.write(("\n".join(chunk) + "\n").encode("utf-8"))
                    bar.update(len(chunk))
            return len(lines)
        if fmt == "trig":
            named.sort(key=lambda q: (str(q.graph_name), str(q.subject), str(q.predicate), str(q.object)))
            ox.serialize(named, output, ox.RdfFormat.TRIG, prefixes=PREFIXES)
            return len(named)
        triples = {str(q.triple): q.triple for q in named}
        ordered = [t for _, t in sorted(triples.items(), key=lambda kv: (str(kv[1].subject), kv[0]))]
        ox.serialize(ordered, output, ox.RdfFormat.TURTLE, prefixes=PREFIXES)
        return len(ordered)

    def to_dataset(self) -> Dataset:
        """Copy the store into an rdflib Dataset (small stores only)."""
        ds = Dataset(default_union=True)
        add_quads(ds, self.ox)
        return ds

    def __len__(self) -> int:
        return len(self.ox)


# ------------------------------------------------------------------------------------------
# rdflib (in memory)
# ------------------------------------------------------------------------------------------


@contextlib.contextmanager
def rdflib_evaluator() -> Iterator[None]:
    """Around rdflib's SPARQL evaluation of a Dataset query (lazy: the rows are made when read).

    rdflib 7.6's own evaluator reads ``Dataset.default_context`` and ``Dataset.contexts()``,
    which rdflib 7.6 itself deprecates; the DeprecationWarning is about rdflib's code, not
    about this call (the documented ``Dataset.query``), so only warnings raised from rdflib's
    own modules are left out here. Every other warning still shows.
    """
    with warnings.catch_warnings():
        warnings.filterwarnings(
            "ignore", message=r"Dataset\.(default_context|contexts) is deprecated", category=DeprecationWarning
        )
        yield


class MemoryStore:
    """An rdflib ``Dataset`` in memory, the default graph being the union of the named graphs.

    Small graphs only (rdflib's SPARQL is slow at scale); handy for tests, notebooks,
    reasoning and SHACL. It offers the same writing methods as :class:`OxigraphStore`, so a
    build can target it.
    """

    def __init__(self, dataset: Dataset | None = None) -> None:
        self.ds = dataset if dataset is not None else Dataset(default_union=True)
        self.ds.default_union = True
        self.path: Path | None = None

    def __repr__(self) -> str:
        return f"<MemoryStore {len(self)} quads>"

    @classmethod
    def from_file(cls, path: Path | str, format: str | None = None) -> MemoryStore:
        """A store holding the quads of an RDF file (TriG, N-Quads, Turtle …)."""
        store = cls()
        store.load_file(path, format)
        store.path = Path(path)
        return store

    def load_file(self, path: Path | str, format: str | None = None) -> None:
        """Add the quads of an RDF file."""
        p = Path(path)
        fmt = format or RDF_FILE_FORMATS.get(p.suffix.lower())
        if fmt is None:
            raise InputError(
                f"{p}: cannot load {p.suffix or 'this'} files (use {', '.join(RDF_FILE_FORMATS)})"
            )
        try:
            ox_fmt = _OX_FORMATS.get(p.suffix.lower()) if format is None else None
            if ox_fmt is not None:  # Oxigraph's parser: rdflib's Dataset.parse uses its own deprecated API
                add_quads(self.ds, ox.parse(path=str(p), format=ox_fmt))
            else:
                self.ds.parse(str(p), format=fmt)
        except (OSError, SyntaxError, ValueError) as exc:
            raise InputError(f"{p}: {exc}") from exc
        except Exception as exc:  # rdflib's parsers raise their own exception types
            raise InputError(f"{p}: {exc}") from exc

    # --- writing (same as OxigraphStore) ---------------------------------------------------
    def replace_graph(self, graph_name: URIRef, graph: Graph) -> None:
        """Replace a named graph whole."""
        self.drop_graph(graph_name)
        g = self.ds.graph(URIRef(str(graph_name)))
        for t in graph:
            g.add(t)

    def drop_graph(self, graph_name: URIRef) -> None:
        """Remove a named graph (nothing happens if it is not there)."""
        self.ds.remove_graph(URIRef(str(graph_name)))

    def load_graph(self, graph_name: URIRef, graph: Graph) -> None:
        """Replace a reference graph."""
        self.replace_graph(graph_name, graph)

    def flush(self) -> None:
        """Nothing to write: the store lives in memory."""

    # --- reading ---------------------------------------------------------------------------
    def _run(self, query: str, bindings: Mapping[str, Identifier] | None, method: str) -> object:
        terms = _bindings_only_terms(bindings)
        form = query_form(query)
        want = {"select": ("SELECT",), "ask": ("ASK",), "construct": ("CONSTRUCT", "DESCRIBE")}[method]
        if form not in want:
            raise _wrong_form(method, form)
        try:
            return self.ds.query(query, initBindings=terms or None, initNs=PREFIXES)
        except Exception as exc:  # pyparsing and rdflib's evaluator raise many types
            name = type(exc).__name__
            if "Parse" in name or isinstance(exc, SyntaxError):
                line, col = getattr(exc, "lineno", None), getattr(exc, "col", None)
                if line and col:
                    raise QueryError(describe_syntax_error(query, f"error at {line}:{col}: {exc}")) from exc
                raise QueryError(f"malformed SPARQL: {exc}") from exc
            raise QueryError(f"query failed: {name}: {exc}") from exc

    def select(
        self,
        query: str,
        bindings: Mapping[str, Identifier] | None = None,
        *,
        max_rows: int | None = None,
    ) -> Results:
        """Run a SELECT query; ``bindings`` go in as rdflib ``initBindings``."""
        with rdflib_evaluator():
            return self._select(query, bindings, max_rows)

    def _select(
        self, query: str, bindings: Mapping[str, Identifier] | None, max_rows: int | None
    ) -> Results:
        res = self._run(query, bindings, "select")
        names = [str(v) for v in (res.vars or [])]  # type: ignore[attr-defined]
        rows = []
        try:
            for row in res:  # type: ignore[attr-defined]
                if max_rows is not None and len(rows) >= max_rows:
                    raise _too_large(max_rows, "rows")
                rows.append([row[i] for i in range(len(names))])
        except KgError:
            raise
        except Exception as exc:
            raise QueryError(f"query failed: {type(exc).__name__}: {exc}") from exc
        return Results(names, rows)

    def ask(self, query: str, bindings: Mapping[str, Identifier] | None = None) -> bool:
        """Run an ASK query."""
        with rdflib_evaluator():
            res = self._run(query, bindings, "ask")
            return bool(res.askAnswer)  # type: ignore[attr-defined]

    def construct(
        self,
        query: str,
        bindings: Mapping[str, Identifier] | None = None,
        *,
        max_rows: int | None = None,
    ) -> Graph:
        """Run a CONSTRUCT (or DESCRIBE) query."""
        with rdflib_evaluator():
            res = self._run(query, bindings, "construct")
            g = Graph()
            for t in res.graph:  # type: ignore[attr-defined]
                if max_rows is not None and len(g) >= max_rows:
                    raise _too_large(max_rows, "triples")
                g.add(t)
            return g

    def content_hash(self, doc: URIRef) -> str | None:
        """The content hash recorded for a document graph, or None if it is not in the store."""
        g = self.ds.graph(URIRef(str(doc)))
        for o in g.objects(URIRef(str(doc)), POV.contentHash):
            return str(o)
        return None

    def _named(self) -> list[Graph]:
        return [
            g for g in self.ds.graphs() if isinstance(g.identifier, URIRef) and not _is_default(g.identifier)
        ]

    def graph_names(self) -> list[str]:
        """The names of the named graphs that hold triples, sorted."""
        return sorted(str(g.identifier) for g in self._named() if len(g))

    def graph_ntriples(self, graph_name: str | URIRef) -> Iterator[str]:
        """The triples of one named graph as N-Triples lines (no newline)."""
        for s, p, o in self.ds.graph(URIRef(str(graph_name))):
            yield f"{s.n3()} {p.n3()} {_nt_object(o)} ."  # type: ignore[arg-type]

    def graph_size(self, graph_name: str | URIRef) -> int:
        """The number of triples in one named graph."""
        return len(self.ds.graph(URIRef(str(graph_name))))

    def graph_sizes(self) -> dict[str, int]:
        """Triples per named graph."""
        return {name: self.graph_size(name) for name in self.graph_names()}

    def content_hashes(self) -> dict[str, str]:
        """The content hash each graph records (see :data:`_CONTENT_HASHES`)."""
        return {str(r["g"]): str(r["h"]) for r in self.select(_CONTENT_HASHES)}

    def export_nquads(self) -> list[str]:
        """Every quad of every named graph as sorted N-Quads lines (Oxigraph's writing)."""
        quads = []
        for g in self._named():
            name = ox.NamedNode(str(g.identifier))
            for s, p, o in g:
                quads.append(ox.Quad(_term(s), _term(p), _term(o), name))  # type: ignore[arg-type]
        return sorted_nquads(quads)

    def to_dataset(self) -> Dataset:
        """The rdflib Dataset itself."""
        return self.ds

    def __len__(self) -> int:
        return sum(len(g) for g in self.ds.graphs())


def add_quads(ds: Dataset, quads: Iterable[ox.Quad]) -> int:
    """Add pyoxigraph quads to an rdflib Dataset, graph by graph; returns how many.

    What ``Dataset.parse`` would do, without its use of rdflib's deprecated
    ``Dataset.default_context``.
    """
    graphs: dict[object, Graph] = {}
    n = 0
    for q in quads:
        name = q.graph_name
        g = graphs.get(name)
        if g is None:
            if isinstance(name, ox.DefaultGraph):
                g = ds.default_graph
            else:
                g = ds.graph(_from_ox(name))  # type: ignore[arg-type]
            graphs[name] = g
        g.add((_from_ox(q.subject), _from_ox(q.predicate), _from_ox(q.object)))  # type: ignore[arg-type]
        n += 1
    return n


def _is_default(identifier: object) -> bool:
    return str(identifier) == "urn:x-rdflib:default"


def _nt_object(o: Identifier) -> str:
    if isinstance(o, Literal):
        return str(_term(o))
    return o.n3()


# ------------------------------------------------------------------------------------------
# a remote SPARQL 1.1 endpoint
# ------------------------------------------------------------------------------------------

_USER_AGENT = "povkg (SPARQL 1.1 Protocol client)"


def default_graph_store(url: str) -> str | None:
    """The Graph Store Protocol URL that goes with a query URL, where the layout is known.

    Oxigraph serves queries at ``/query`` and graphs at ``/store``; Fuseki at
    ``/DATASET/query`` (or ``/sparql``) and ``/DATASET/data``. Other servers (GraphDB,
    Virtuoso) need ``--graph-store`` spelt out.

    Examples
    --------
    >>> default_graph_store("http://host:7878/query")
    'http://host:7878/store'
    >>> default_graph_store("http://host:3030/povkg/sparql")
    'http://host:3030/povkg/data'
    >>> default_graph_store("http://host:7200/repositories/povkg") is None
    True
    """
    parsed = urllib.parse.urlparse(url)
    base, _, last = parsed.path.rpartition("/")
    if last == "query" and base == "":
        return urllib.parse.urlunparse(parsed._replace(path="/store", query=""))
    if last == "query":
        return urllib.parse.urlunparse(parsed._replace(path=base + "/data", query=""))
    if last == "sparql" and base:
        return urllib.parse.urlunparse(parsed._replace(path=base + "/data", query=""))
    return None


class EndpointStore:
    """A remote SPARQL 1.1 endpoint (Oxigraph server, Fuseki, GraphDB, Virtuoso, QLever …).

    Parameters
    ----------
    url : str
        The query endpoint, e.g. ``http://127.0.0.1:7878/query``; a server's root
        (``http://127.0.0.1:7878``) means its ``/query``, as Oxigraph lays them out.
    graph_store : str, optional
        The Graph Store Protocol endpoint, for :func:`push`. By default it is derived from
        the query URL (:func:`default_graph_store`: Oxigraph's ``/query`` → ``/store``,
        Fuseki's ``/DATASET/query`` → ``/DATASET/data``); other servers need it spelt out.
    timeout : float
        Seconds to wait for an answer.

    Notes
    -----
    The endpoint must answer with the default graph as the union of the named graphs
    (``oxigraph serve --union-default-graph``, Fuseki ``tdb2:unionDefaultGraph true``,
    GraphDB and Virtuoso do so by default).
    """

    def __init__(self, url: str, *, graph_store: str | None = None, timeout: float = 60.0) -> None:
        parsed = urllib.parse.urlparse(url)
        if parsed.scheme not in ("http", "https") or not parsed.netloc:
            raise UsageError(f"not an http(s) endpoint URL: {url!r}")
        if parsed.path in ("", "/") and not parsed.query:  # a server's root: Oxigraph's layout
            url = url.rstrip("/") + "/query"
            parsed = urllib.parse.urlparse(url)
        self.url = url
        if graph_store is None:
            graph_store = default_graph_store(url)
        self.graph_store = graph_store
        self.timeout = timeout

    def __repr__(self) -> str:
        return f"<EndpointStore {self.url}>"

    # --- HTTP ------------------------------------------------------------------------------
    def _request(
        self, url: str, data: bytes | None, headers: Mapping[str, str], method: str = "POST"
    ) -> bytes:
        req = urllib.request.Request(
            url, data=data, method=method, headers={"User-Agent": _USER_AGENT, **headers}
        )
        try:
            with urllib.request.urlopen(req, timeout=self.timeout) as resp:  # noqa: S310 - http(s) only
                return bytes(resp.read())
        except urllib.error.HTTPError as exc:
            body = exc.read().decode("utf-8", "replace").strip()
            first = body.splitlines()[0][:300] if body else exc.reason
            if exc.code == 400:
                raise QueryError(f"the endpoint rejected the query: {first}") from exc
            raise StoreError(f"endpoint {url} answered HTTP {exc.code}: {first}") from exc
        except TimeoutError as exc:
            raise QueryTimeout(f"endpoint {self.url} did not answer within {self.timeout:g} s") from exc
        except (urllib.error.URLError, ConnectionError) as exc:
            reason = getattr(exc, "reason", exc)
            if isinstance(reason, TimeoutError):
                raise QueryTimeout(f"endpoint {self.url} did not answer within {self.timeout:g} s") from exc
            raise StoreError(f"cannot reach SPARQL endpoint {self.url}: {reason}") from exc

    def _query(self, query: str, bindings: Mapping[str, Identifier] | None, accept: str) -> bytes:
        text = with_prefixes(inject_values(query, _bindings_only_terms(bindings)))
        return self._request(
            self.url,
            text.encode("utf-8"),
            {"Content-Type": "application/sparql-query; charset=utf-8", "Accept": accept},
        )

    # --- reading ---------------------------------------------------------------------------
    def select(
        self,
        query: str,
        bindings: Mapping[str, Identifier] | None = None,
        *,
        max_rows: int | None = None,
    ) -> Results:
        """Run a SELECT query over HTTP; bindings travel as an escaped ``VALUES`` block."""
        form = query_form(query)
        if form != "SELECT":
            raise _wrong_form("select", form)
        raw = self._query(query, bindings, "application/sparql-results+json")
        try:
            res = Results.from_json(raw)
        except (ValueError, KeyError) as exc:
            raise StoreError(f"endpoint {self.url} did not answer with SPARQL JSON results") from exc
        if max_rows is not None and len(res) > max_rows:
            raise _too_large(max_rows, "rows")
        return res

    def ask(self, query: str, bindings: Mapping[str, Identifier] | None = None) -> bool:
        """Run an ASK query over HTTP."""
        form = query_form(query)
        if form != "ASK":
            raise _wrong_form("ask", form)
        raw = self._query(query, bindings, "application/sparql-results+json")
        try:
            return bool(json.loads(raw)["boolean"])
        except (ValueError, KeyError) as exc:
            raise StoreError(f"endpoint {self.url} did not answer with a SPARQL JSON boolean") from exc

    def construct(
        self,
        query: str,
        bindings: Mapping[str, Identifier] | None = None,
        *,
        max_rows: int | None = None,
    ) -> Graph:
        """Run a CONSTRUCT (or DESCRIBE) query over HTTP."""
        form = query_form(query)
        if form not in ("CONSTRUCT", "DESCRIBE"):
            raise _wrong_form("construct", form)
        raw = self._query(query, bindings, "application/n-triples")
        g = Graph()
        try:
            g.parse(data=raw.decode("utf-8"), format="nt")
        except Exception as exc:  # rdflib's parser raises its own types
            raise StoreError(f"endpoint {self.url} did not answer with N-Triples: {exc}") from exc
        if max_rows is not None and len(g) > max_rows:
            raise _too_large(max_rows, "triples")
        return g

    def graph_names(self) -> list[str]:
        """The names of the named graphs, sorted."""
        res = self.select("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?g")
        return [str(r["g"]) for r in res]

    def graph_sizes(self) -> dict[str, int]:
        """Triples per named graph."""
        res = self.select("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
        return {str(r["g"]): int(r["n"]) for r in res}

    def content_hashes(self) -> dict[str, str]:
        """The content hash each graph records (see :data:`_CONTENT_HASHES`)."""
        return {str(r["g"]): str(r["h"]) for r in self.select(_CONTENT_HASHES)}

    def content_hash(self, doc: URIRef) -> str | None:
        """The content hash recorded for a document graph, or None."""
        res = self.select(
            f"SELECT ?h ?g WHERE {{ GRAPH ?g {{ ?g <{POV.contentHash}> ?h }} }}", {"g": URIRef(str(doc))}
        )
        return str(res[0]["h"]) if len(res) else None

    def __len__(self) -> int:
        res = self.select("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
        return int(res[0]["n"]) if len(res) else 0

    # --- Graph Store Protocol --------------------------------------------------------------
    def delete_graph(self, graph_name: str) -> None:
        """Remove one named graph (Graph Store ``DELETE``; a graph that is not there is fine)."""
        if not self.graph_store:
            raise UsageError(f"no Graph Store Protocol URL for {self.url}: give --graph-store URL")
        sep = "&" if "?" in self.graph_store else "?"
        url = self.graph_store + sep + urllib.parse.urlencode({"graph": graph_name})
        try:
            self._request(url, None, {}, method="DELETE")
        except StoreError as exc:
            if "HTTP 404" not in str(exc):
                raise

    def put_graph(self, graph_name: str, ntriples: str, *, append: bool = False) -> None:
        """Replace (PUT) or extend (POST) one named graph with N-Triples."""
        if not self.graph_store:
            raise UsageError(f"no Graph Store Protocol URL for {self.url}: give --graph-store URL")
        url = (
            self.graph_store
            + ("&" if "?" in self.graph_store else "?")
            + urllib.parse.urlencode({"graph": graph_name})
        )
        self._request(
            url,
            ntriples.encode("utf-8"),
            {"Content-Type": "application/n-triples"},
            method="POST" if append else "PUT",
        )


# ------------------------------------------------------------------------------------------
# push: local store -> endpoint
# ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PushSummary:
    """What :func:`push` did: graphs sent, graphs skipped (already there), triples sent."""

    pushed: tuple[str, ...] = ()
    skipped: tuple[str, ...] = ()
    triples: int = 0
    requests: int = 0
    messages: tuple[str, ...] = field(default=(), compare=False)
    removed: tuple[str, ...] = ()


def push(
    store: OxigraphStore | MemoryStore,
    url: str | EndpointStore,
    batch: int = 100_000,
    *,
    graph_store: str | None = None,
    force: bool = False,
    mirror: bool = False,
    progress: Callable[[str], None] | None = None,
) -> PushSummary:
    """Copy every named graph of a local store to a SPARQL endpoint (Graph Store Protocol).

    One ``PUT`` of N-Triples per graph (``?graph=IRI``); a graph larger than ``batch``
    triples goes as one ``PUT`` and then ``POST`` requests of ``batch`` triples. The push is
    resumable: a graph is skipped when the endpoint already holds as many triples in it
    and, for a document graph, the same ``pov:contentHash``. ``force`` sends everything.

    Parameters
    ----------
    store : OxigraphStore or MemoryStore
    url : str or EndpointStore
        The query endpoint (its Graph Store URL is derived, or given as ``graph_store``).
    batch : int
        Largest number of triples per request.
    mirror : bool
        Also delete the named graphs the endpoint holds and the local store does not (a
        report removed from the corpus), so that the endpoint ends equal to the store.

    Returns
    -------
    PushSummary
    """
    if batch < 1:
        raise UsageError("--batch must be at least 1")
    endpoint = url if isinstance(url, EndpointStore) else EndpointStore(url, graph_store=graph_store)
    if graph_store is not None:
        endpoint.graph_store = graph_store
    if not endpoint.graph_store:
        raise UsageError(f"no Graph Store Protocol URL for {endpoint.url}: give --graph-store URL")
    say = progress or (lambda _m: None)
    remote_sizes = endpoint.graph_sizes()
    remote_hashes = {} if force else endpoint.content_hashes()
    local_sizes = store.graph_sizes()
    local_hashes = store.content_hashes()
    pushed: list[str] = []
    skipped: list[str] = []
    sent = requests = 0
    for name in store.graph_names():
        size = local_sizes.get(name, 0)
        local_hash = local_hashes.get(name)
        if not force and remote_sizes.get(name) == size and remote_hashes.get(name) == local_hash:
            skipped.append(name)
            say(f"skip {name} ({size} triples already there)")
            continue
        if remote_sizes.get(name, 0) > batch:
            # a large graph is emptied first: a PUT that must also clear hundreds of thousands
            # of triples can outlast any sensible request timeout
            endpoint.delete_graph(name)
            requests += 1
        lines = sorted(store.graph_ntriples(name))
        for start in range(0, max(len(lines), 1), batch):
            chunk = "\n".join(lines[start : start + batch]) + "\n"
            endpoint.put_graph(name, chunk, append=start > 0)
            requests += 1
        sent += len(lines)
        pushed.append(name)
        say(f"sent {name} ({len(lines)} triples)")
    removed: list[str] = []
    if mirror:
        local = set(store.graph_names())
        for name in sorted(set(remote_sizes) - local):
            endpoint.delete_graph(name)
            requests += 1
            removed.append(name)
            say(f"removed {name} (not in the local store)")
    return PushSummary(tuple(pushed), tuple(skipped), sent, requests, removed=tuple(removed))


# ------------------------------------------------------------------------------------------
# opening
# ------------------------------------------------------------------------------------------


def open_store(
    store: str | Path | None = None,
    endpoint: str | None = None,
    read_only: bool = True,
    *,
    graph_store: str | None = None,
) -> OxigraphStore | MemoryStore | EndpointStore:
    """Open the store a command or a notebook asks for.

    Parameters
    ----------
    store : str or Path or None
        A store directory (Oxigraph), or an RDF file (``.trig``, ``.nq`` …) loaded into a
        :class:`MemoryStore`; None means :func:`kg.resources.default_store`.
    endpoint : str or None
        A SPARQL endpoint URL instead of a local store.
    read_only : bool
        Open an Oxigraph store for reading only.

    Raises
    ------
    kg.errors.UsageError
        Both a store and an endpoint given.
    kg.errors.StoreError
        No store there, or it cannot be opened.

    Examples
    --------
    >>> open_store(sample_path)
    <MemoryStore 1012 quads>
    """
    if store is not None and endpoint is not None:
        raise UsageError("give a store or an endpoint, not both")
    if endpoint is not None:
        return EndpointStore(endpoint, graph_store=graph_store)
    if store is None:
        from kg.resources import default_store

        store = default_store()
    path = Path(store)
    if path.is_file():
        if path.suffix.lower() in RDF_FILE_FORMATS:
            return MemoryStore.from_file(path)
        raise StoreError(f"{path} is a file, not a store directory or an RDF file")
    return OxigraphStore(path, read_only=read_only)
