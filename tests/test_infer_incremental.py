"""Inference by difference: after any adds, edits and deletions of reports, ``graph/inferred``
is what a from-scratch inference gives (byte for byte in the export), and owlrl's closure."""

from __future__ import annotations

import hashlib
import io
from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.build import _work, build_reference
from kg.infer import graph_facts, infer_into_store, inference_predicates, update_inferred
from kg.resources import sample_report
from kg.store import OxigraphStore
from kg.vocab import G_CATALOGUE, G_GAZETTEER, G_INFERRED, G_ONTOLOGY, POV

CORPUS = Path(__file__).resolve().parent / "data" / "corpus"
#: small reports of the test corpus, and the reference report
REPORTS = [CORPUS / f"{n}.txt" for n in ("chongqing-2021-03-05-review", "guangxi-2020-09-21-launch",
                                          "hebei-2021-01-15-fuping", "yunnan-2019-03-28-teleconference")]
REPORTS.append(sample_report())
_INF = ox.NamedNode(str(G_INFERRED))


class Corpus:
    """The reports' document graphs (N-Quads lines, by graph), and a reference store whose
    gazetteer keeps only the provinces the reports name (so a from-scratch inference is quick)."""

    def __init__(self) -> None:
        self.docs: dict[str, list[str]] = {}
        for path in REPORTS:
            _path, _key, _sha, nq, *_rest = _work(str(path))
            lines = [line for line in nq.split("\n") if line]
            self.docs[lines[0].rsplit(" ", 2)[-2][1:-1]] = lines
        full = OxigraphStore()
        build_reference(full)
        provinces = {line.split("/place/")[1][:2] for lines in self.docs.values() for line in lines
                     if "/place/" in line}
        self.reference: list[ox.Quad] = []
        for q in full.ox:
            if q.graph_name == ox.NamedNode(str(G_GAZETTEER)):
                s = q.subject.value if isinstance(q.subject, ox.NamedNode) else ""
                if "/place/" in s and s.split("/place/")[1][:2] not in provinces:
                    continue
            self.reference.append(q)

    def fresh(self) -> OxigraphStore:
        st_ = OxigraphStore()
        st_.ox.extend(self.reference)
        return st_

    def version(self, doc: str, edit: int) -> str:
        """Version ``edit`` of a document's graph: 0 as extracted; otherwise some of its lines
        dropped and some of another report's lines asserted in it (the same facts then come
        from two documents), chosen by ``edit``."""
        lines = self.docs[doc]
        if edit == 0:
            return "\n".join(lines) + "\n"
        names = sorted(self.docs)
        other = names[(names.index(doc) + edit) % len(names)]

        def pick(line: str, salt: str) -> bool:
            return hashlib.sha256(f"{edit}{salt}{line}".encode()).digest()[0] % 4 == 0

        kept = [line for line in lines if not pick(line, "drop")]
        moved = [line.rsplit(" ", 2)[0] + f" <{doc}> ." for line in self.docs[other] if pick(line, "move")]
        return "\n".join(kept + moved) + "\n"


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    return Corpus()


def apply(store: OxigraphStore, corpus: Corpus, steps: list[tuple[str, int, int]]) -> list[dict[str, int]]:
    """Apply (kind, document, edit) steps to ``store``, patching ``graph/inferred`` after each
    (several documents at once for a step of kind "batch")."""
    names = sorted(corpus.docs)
    preds = inference_predicates(store)
    stats = []
    for kind, n, edit in steps:
        batch = [names[n]] if kind != "batch" else [names[n], names[(n + 1) % len(names)]]
        before = {d: graph_facts(store, d, preds) or set() for d in batch}
        for d in batch:
            store.ox.remove_graph(ox.NamedNode(d)) if store.ox.contains_named_graph(ox.NamedNode(d)) else None
            if kind != "delete":
                store.ox.load(corpus.version(d, edit if kind != "add" else 0), format=ox.RdfFormat.N_QUADS)
        after = {d: graph_facts(store, d, preds) or set() for d in batch}
        got = update_inferred(store, before, after)  # type: ignore[arg-type]
        assert got is not None
        stats.append(got)
    return stats


def export(store: OxigraphStore) -> bytes:
    out = io.BytesIO()
    store.export_rdf(out, "nq", progress=False)
    return out.getvalue()


def from_scratch(store: OxigraphStore) -> OxigraphStore:
    """The same asserted graphs in a new store, inferred in full."""
    again = OxigraphStore()
    again.ox.extend(q for q in store.ox if q.graph_name != _INF)
    infer_into_store(again)
    return again


steps = st.lists(st.tuples(st.sampled_from(["add", "edit", "delete", "batch"]),
                           st.integers(0, len(REPORTS) - 1), st.integers(0, 3)), min_size=1, max_size=5)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(start=st.sets(st.integers(0, len(REPORTS) - 1), max_size=3), changes=steps)
def test_patched_inference_equals_inference_from_scratch(corpus: Corpus, start: set[int], changes: list) -> None:
    store = corpus.fresh()
    names = sorted(corpus.docs)
    for n in sorted(start):
        store.ox.load(corpus.version(names[n], 0), format=ox.RdfFormat.N_QUADS)
    infer_into_store(store)
    apply(store, corpus, changes)
    assert export(store) == export(from_scratch(store))


def test_a_patch_touches_only_what_changed(corpus: Corpus) -> None:
    """An edit of one report recomputes a few hundred subjects, not the corpus; undoing it
    restores the inferred graph exactly."""
    store = corpus.fresh()
    for doc in sorted(corpus.docs):
        store.ox.load(corpus.version(doc, 0), format=ox.RdfFormat.N_QUADS)
    infer_into_store(store)
    first = export(store)
    inferred = sum(1 for _ in store.ox.quads_for_pattern(None, None, None, _INF))
    n = sorted(corpus.docs).index(str(next(iter(sorted(corpus.docs)))))
    (edit,) = apply(store, corpus, [("edit", n, 1)])
    assert 0 < edit["subjects"] < inferred / 10 and edit["added"] + edit["removed"] > 0
    assert export(store) == export(from_scratch(store))
    (undo,) = apply(store, corpus, [("edit", n, 0)])
    assert (undo["added"], undo["removed"]) == (edit["removed"], edit["added"])
    assert export(store) == first


def test_inverse_axioms_ask_for_a_full_inference(corpus: Corpus) -> None:
    store = corpus.fresh()
    store.ox.add(ox.Quad(ox.NamedNode(str(POV.partOf)), ox.NamedNode("http://www.w3.org/2002/07/owl#inverseOf"),
                         ox.NamedNode("urn:x:hasPart"), ox.NamedNode(str(G_ONTOLOGY))))
    assert update_inferred(store, {}, {"urn:x:doc": {("urn:x:a", str(POV.partOf), "urn:x:b")}}) is None


@pytest.mark.slow
def test_patched_inference_equals_owlrl(corpus: Corpus) -> None:
    """After adds, edits and deletions, graph/inferred is owlrl's OWL 2 RL closure of the data."""
    from rdflib import Graph

    from kg.reason import reason_owlrl

    store = corpus.fresh()
    names = sorted(corpus.docs)
    store.ox.load(corpus.version(names[0], 0), format=ox.RdfFormat.N_QUADS)
    infer_into_store(store)
    apply(store, corpus, [("add", 4, 0), ("edit", 0, 2), ("add", 1, 0), ("delete", 1, 0), ("batch", 2, 3)])
    def graph(*names: str) -> Graph:
        g = Graph()
        for name in names:
            g.parse(data="".join(f"{t}\n" for t in store.graph_ntriples(name)), format="nt")
        return g

    onto, inferred = graph(str(G_ONTOLOGY)), graph(str(G_INFERRED))
    data = graph(*(g for g in store.graph_names() if g in {*names, str(G_GAZETTEER), str(G_CATALOGUE)}))

    def norm(o: object) -> object:  # Oxigraph writes decimals canonically: compare numbers as numbers
        try:
            return Decimal(str(o))
        except ArithmeticError:
            return str(o)

    ours = {(str(s), str(p), norm(o)) for s, p, o in inferred}
    reference = {(str(s), str(p), norm(o)) for s, p, o in reason_owlrl(data, onto)}
    assert len(ours) > 500
    assert ours == reference
