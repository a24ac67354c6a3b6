"""Stores: the embedded on-disk Oxigraph store (the default).

The build writes through :class:`OxigraphStore`; every document graph is replaced in one
SPARQL update, which Oxigraph applies atomically, so a store never holds half a document.
Queries see the default graph as the union of all named graphs.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

import pyoxigraph as ox
from rdflib import Dataset, Graph, URIRef

from kg.errors import StoreError
from kg.vocab import POV

__all__ = ["OxigraphStore", "to_ox_quads", "sorted_nquads"]


def _term(t: object) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    from rdflib import BNode, Literal

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


def to_ox_quads(graph: Graph, graph_name: URIRef) -> Iterator[ox.Quad]:
    """The triples of an rdflib graph as pyoxigraph quads in ``graph_name``."""
    g = ox.NamedNode(str(graph_name))
    for s, p, o in graph:
        yield ox.Quad(_term(s), _term(p), _term(o), g)  # type: ignore[arg-type]


def sorted_nquads(quads: Iterable[ox.Quad]) -> list[str]:
    """N-Quads lines, sorted: the canonical, byte-stable export."""
    return sorted(f"{q} ." for q in quads)


class OxigraphStore:
    """The default store: Oxigraph on disk (or in memory with ``path=None``)."""

    def __init__(self, path: Path | str | None = None, *, read_only: bool = False) -> None:
        self.path = Path(path) if path is not None else None
        try:
            if self.path is None:
                self.ox = ox.Store()
            elif read_only:
                if not self.path.exists():
                    raise StoreError(f"no store at {self.path} (run 'povkg build' first)")
                self.ox = ox.Store.read_only(str(self.path))
            else:
                self.path.mkdir(parents=True, exist_ok=True)
                self.ox = ox.Store(str(self.path))
        except OSError as exc:
            raise StoreError(f"cannot open store {self.path}: {exc}") from exc

    # --- writing ---------------------------------------------------------------------------
    def replace_graph(self, graph_name: URIRef, graph: Graph) -> None:
        """Replace a named graph whole, in one atomic update."""
        body = graph.serialize(format="nt")
        self.ox.update(f"DROP SILENT GRAPH <{graph_name}> ;\nINSERT DATA {{ GRAPH <{graph_name}> {{\n{body}\n}} }}")

    def drop_graph(self, graph_name: URIRef) -> None:
        self.ox.update(f"DROP SILENT GRAPH <{graph_name}>")

    def load_graph(self, graph_name: URIRef, graph: Graph) -> None:
        """Replace a (large) reference graph: drop, then bulk-load."""
        self.drop_graph(graph_name)
        self.ox.bulk_extend(to_ox_quads(graph, graph_name))

    def flush(self) -> None:
        if self.path is not None:
            self.ox.flush()

    # --- reading ---------------------------------------------------------------------------
    def content_hash(self, doc: URIRef) -> str | None:
        """The content hash recorded for a document graph, or None if it is not in the store."""
        for q in self.ox.quads_for_pattern(
            ox.NamedNode(str(doc)), ox.NamedNode(str(POV.contentHash)), None, ox.NamedNode(str(doc))
        ):
            return str(q.object.value)
        return None

    def graph_names(self) -> list[str]:
        return sorted(str(g.value) for g in self.ox.named_graphs() if isinstance(g, ox.NamedNode))

    def export_nquads(self) -> list[str]:
        """Every quad of every named graph as sorted N-Quads lines."""
        return sorted_nquads(q for q in self.ox if not isinstance(q.graph_name, ox.DefaultGraph))

    def to_dataset(self) -> Dataset:
        """Copy the store into an rdflib Dataset (small stores only)."""
        from rdflib import Dataset as _D

        ds = _D(default_union=True)
        data = "\n".join(self.export_nquads())
        ds.parse(data=data, format="nquads")
        return ds

    def __len__(self) -> int:
        return len(self.ox)
