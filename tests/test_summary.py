"""Build-time summaries (kg/summary.py) equal the live queries they replace; paging is exact.

The named queries that aggregate the whole corpus read ``graph/summary``; their live forms
are ``queries/live/NAME.rq``. On a build of ``tests/data/corpus`` (and on the hand-made fixture,
in Oxigraph and in rdflib) every parameter variant gives the same rows both ways, and a
rebuild after a report changed recomputes the summary.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from query_helpers import FIXTURE, ROOT, param_variants

from kg.build import build_corpus
from kg.query import get_query, iter_query, list_queries, live_query, run_query
from kg.store import MemoryStore, OxigraphStore
from kg.summary import G_SUMMARY, TABLES, refresh_summaries, summary_state

CORPUS = ROOT / "tests" / "data" / "corpus"
SUMMARISED = sorted(q.name for q in list_queries() if live_query(q) is not None)


def _variants(store: object, name: str) -> list[dict[str, str]]:
    """Each documented variant, and each value the parameter takes in the store."""
    q = get_query(name)
    out = param_variants(q)
    if "policy" in q.param_names:
        res = store.select(  # type: ignore[attr-defined]
            "SELECT DISTINCT ?p WHERE { ?e <https://w3id.org/povkg/def#implementsPolicy> ?p } ORDER BY ?p"
        )
        out += [{"policy": str(r["p"])} for r in res]
    if "place" in q.param_names:
        res = store.select(  # type: ignore[attr-defined]
            "SELECT DISTINCT ?p WHERE { GRAPH <https://w3id.org/povkg/graph/gazetteer> "
            "{ ?p a <https://w3id.org/povkg/def#Province> } } ORDER BY ?p"
        )
        out += [{"place": str(r["p"])} for r in res]
    return out


def _assert_equal_to_live(store: object, name: str) -> int:
    q = get_query(name)
    live = live_query(q)
    assert live is not None
    checked = 0
    for params in _variants(store, name):
        fast = run_query(store, q, params)  # type: ignore[arg-type]
        slow = run_query(store, live, params)  # type: ignore[arg-type]
        assert fast == slow, f"{name} {params}: the summary gives other rows than the live query"
        checked += len(fast)
    return checked


@pytest.fixture(scope="module")
def corpus_store(tmp_path_factory: pytest.TempPathFactory) -> OxigraphStore:
    folder = tmp_path_factory.mktemp("corpus")
    for f in CORPUS.iterdir():
        if f.suffix == ".txt" or f.name.endswith(".meta.json"):
            shutil.copy(f, folder / f.name)
    store = OxigraphStore(tmp_path_factory.mktemp("store") / "store")
    build_corpus([folder], store, jobs=1, on_error=lambda m: None)
    store.flush()
    store.folder = folder  # type: ignore[attr-defined]
    return store


def test_every_summary_table_has_a_named_query_reading_it() -> None:
    assert set(SUMMARISED) == set(TABLES)
    for name in SUMMARISED:
        assert (ROOT / "queries" / "live" / f"{name}.rq").is_file()


@pytest.mark.parametrize("name", SUMMARISED)
def test_summaries_equal_the_live_queries_on_the_test_corpus(corpus_store: OxigraphStore, name: str) -> None:
    assert summary_state(corpus_store) is not None
    assert _assert_equal_to_live(corpus_store, name) > 0, f"{name} finds nothing on the test corpus"


@pytest.mark.parametrize("store_kind", ["oxigraph", "rdflib"])
def test_summaries_equal_the_live_queries_on_the_fixture(store_kind: str) -> None:
    store: OxigraphStore | MemoryStore
    if store_kind == "oxigraph":
        store = OxigraphStore()
        store.load_file(FIXTURE)
    else:
        store = MemoryStore.from_file(FIXTURE)
    before = {name: run_query(store, name) for name in SUMMARISED}  # no summary yet: the live form
    counts = refresh_summaries(store, state="fixture")
    assert set(counts) == set(TABLES) and all(n > 0 for n in counts.values())
    for name in SUMMARISED:
        assert run_query(store, name) == before[name]
        _assert_equal_to_live(store, name)


def test_the_summary_is_recomputed_only_when_the_store_changed(
    corpus_store: OxigraphStore, tmp_path: Path
) -> None:
    folder: Path = corpus_store.folder  # type: ignore[attr-defined]
    state = summary_state(corpus_store)
    assert refresh_summaries(corpus_store, state=state or "") == {}
    copy = tmp_path / "corpus"
    shutil.copytree(folder, copy)
    store = OxigraphStore(tmp_path / "store")
    build_corpus([copy], store, jobs=1, on_error=lambda m: None)
    assert summary_state(store) == state  # same reports, same digest
    before = run_query(store, "co-hosts")
    report = copy / "guangxi-2020-09-21-launch.txt"
    text = report.read_text(encoding="utf-8")
    assert "自治區扶貧辦、" in text
    report.write_text(text.replace("自治區扶貧辦、", "", 1), encoding="utf-8")  # one co-host fewer
    build_corpus([copy], store, jobs=1, on_error=lambda m: None)
    assert summary_state(store) not in (None, state)
    assert run_query(store, "co-hosts") != before
    for name in SUMMARISED:
        _assert_equal_to_live(store, name)
    assert store.graph_size(G_SUMMARY) > 0


@pytest.mark.parametrize("name", [q.name for q in list_queries()])
def test_pages_put_together_are_the_whole_answer(corpus_store: OxigraphStore, name: str) -> None:
    q = get_query(name)
    params = param_variants(q)[0]
    whole = list(run_query(corpus_store, q, params))
    assert list(iter_query(corpus_store, q, params, page_size=7)) == whole
    assert list(run_query(corpus_store, q, params, limit=5, offset=3)) == whole[3:8]


def test_a_patched_summary_equals_one_computed_afresh(corpus_store: OxigraphStore) -> None:
    """After a report goes, graph/summary updated by difference holds exactly what a store
    computing it from nothing holds."""
    import pyoxigraph as ox

    summary = ox.NamedNode(G_SUMMARY)
    store = OxigraphStore()
    store.ox.extend(corpus_store.ox)
    docs = sorted(g.value for g in store.ox.named_graphs() if "/id/doc/" in g.value)  # type: ignore[union-attr]
    rows = {q for q in store.ox.quads_for_pattern(None, None, None, summary)}
    store.ox.remove_graph(ox.NamedNode(docs[len(docs) // 2]))
    assert refresh_summaries(store, state="one report fewer")
    fresh = OxigraphStore()
    fresh.ox.extend(q for q in store.ox if q.graph_name != summary)
    refresh_summaries(fresh, state="one report fewer")
    patched = set(store.ox.quads_for_pattern(None, None, None, summary))
    assert patched == set(fresh.ox.quads_for_pattern(None, None, None, summary))
    assert patched != rows and len(patched & rows) > len(rows) // 2  # a patch: most rows stayed
