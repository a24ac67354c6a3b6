"""Named-query latency: each query through the API beside the same SPARQL run raw on pyoxigraph.

    python bench/bench_queries.py --store /work/speed-data/store            # an existing store
    python bench/bench_queries.py --docs 2500                               # generate + build one
    python bench/bench_queries.py --store S --rdflib-docs 200 --rdflib 4    # rdflib for the heaviest four

For every named query it times (median of ``--repeat`` runs, warm process, on-disk store opened
read-only):

* each *look-up*: the query with its required examples and one optional parameter's example
  (every optional parameter in turn), through :func:`kg.query.run_query` (the API's path), and
  the identical SPARQL text (specialised, bound the same way) run raw with ``pyoxigraph``;
* the *first page* of its listing: required examples only, ``limit=100``;
* for the heaviest ``--rdflib`` queries (by raw time of their listing), the same call on an
  rdflib ``Dataset`` in memory holding a store built from ``--rdflib-docs`` reports, beside the
  API on Oxigraph at that size.

Prints markdown tables with the 1-minute load average before and after each section; the
ratios are API / raw (the cost of Python) and rdflib / Oxigraph.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

TARGET_LOOKUP_MS = 50.0
TARGET_PAGE_MS = 100.0


def load() -> str:
    return f"{os.getloadavg()[0]:.2f}"


def median_ms(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)


def build_store(docs: int, work: Path) -> Path:
    store = work / f"qstore-{docs}"
    if not (store / "CURRENT").exists() and not store.exists():
        folder = work / f"gen{docs}"
        if not folder.exists():
            subprocess.run([sys.executable, str(HERE / "generate_corpus.py"), "--docs", str(docs), "--seed", "1",
                            "--out", str(folder)], check=True, capture_output=True)
        subprocess.run([sys.executable, "-m", "kg", "build", str(folder), "--store", str(store), "--jobs", "2",
                        "--no-viewer"], check=True, capture_output=True)
    return store


def cases(q: object) -> list[tuple[str, dict[str, str]]]:
    """(label, params): required examples plus each optional example alone."""
    base = {p.name: p.example for p in q.params if p.required and p.example}  # type: ignore[attr-defined]
    out = []
    for p in q.params:  # type: ignore[attr-defined]
        if not p.required and p.example:
            out.append((p.name, {**base, p.name: p.example}))
    if base:
        out.insert(0, (",".join(base), base))
    return out


def raw_call(ox_store: object, q: object, bound: dict, limit: int | None = None) -> Callable[[], int]:
    """The same SPARQL text the API runs, bound the same way, on pyoxigraph directly."""
    import pyoxigraph as ox

    from kg.query import QUERY_BINDING, query_text
    from kg.store import _term, inject_values

    text = query_text(q, bound, limit)  # type: ignore[arg-type]
    if QUERY_BINDING.get(q.name, "values") == "values":  # type: ignore[attr-defined]
        text, subs = inject_values(text, bound), None
    else:
        subs = {ox.Variable(k): _term(v) for k, v in bound.items()} or None

    def run() -> int:
        return sum(1 for _ in ox_store.query(text, use_default_graph_as_union=True, substitutions=subs))  # type: ignore[attr-defined]

    return run


def bench_lookups(store_path: Path, repeat: int, only: set[str] | None) -> tuple[list[str], dict[str, float]]:
    from kg.api import KnowledgeGraph
    from kg.query import bind_params, list_queries

    kg = KnowledgeGraph.open(store_path)
    ox_store = kg.store.ox
    n = len(kg.store)
    lines = [f"{n:,} triples, store `{store_path.name}` on disk, median of {repeat}; load average {load()} before.",
             "",
             "| query | parameters | rows | API ms | raw pyoxigraph ms | API / raw | < 50 ms |",
             "|---|---|---:|---:|---:|---:|:---:|"]
    pages = ["| query | rows on the page | API ms | raw pyoxigraph ms | API / raw | < 100 ms |",
             "|---|---:|---:|---:|---:|:---:|"]
    listing_raw: dict[str, float] = {}
    met = missed = 0
    for q in list_queries():
        if only and q.name not in only:
            continue
        for label, params in cases(q):
            bound = bind_params(q, params, kg.store)
            rows = len(kg.query(q.name, **params))
            t_api = median_ms(lambda q=q, params=params: kg.query(q.name, **params), repeat)
            t_raw = median_ms(raw_call(ox_store, q, bound), repeat)
            ok = t_api < TARGET_LOOKUP_MS
            met, missed = met + ok, missed + (not ok)
            lines.append(f"| {q.name} | {label} | {rows} | {t_api:.1f} | {t_raw:.1f} | {t_api / max(t_raw, 0.01):.2f} | "
                         f"{'yes' if ok else '**no**'} |")
        base = {p.name: p.example for p in q.params if p.required and p.example}
        bound = bind_params(q, base, kg.store)
        rows = len(kg.query(q.name, **base, limit=100)) if "limit" not in q.param_names else 0
        t_api = median_ms(lambda q=q, base=base: kg.query(q.name, **base, limit=100), repeat)
        t_raw = median_ms(raw_call(ox_store, q, bound, 100), repeat)
        listing_raw[q.name] = median_ms(raw_call(ox_store, q, bound), 1)
        pages.append(f"| {q.name} | {rows} | {t_api:.1f} | {t_raw:.1f} | {t_api / max(t_raw, 0.01):.2f} | "
                     f"{'yes' if t_api < TARGET_PAGE_MS else '**no**'} |")
    lines += ["", f"Look-ups under {TARGET_LOOKUP_MS:.0f} ms: {met} of {met + missed}; load average {load()} after.", "",
              "First page (`limit=100`) of each listing:", "", *pages, ""]
    return lines, listing_raw


def bench_rdflib(store_path: Path, names: list[str], repeat: int) -> list[str]:
    from kg.query import bind_params, get_query, run_query
    from kg.store import MemoryStore, OxigraphStore

    ox_store = OxigraphStore(store_path, read_only=True)
    with tempfile.TemporaryDirectory() as tmp:
        nq = Path(tmp) / "all.nq"
        nq.write_text("\n".join(ox_store.export_nquads()) + "\n", encoding="utf-8")
        mem = MemoryStore.from_file(nq)
    lines = [f"rdflib `Dataset` in memory against Oxigraph on disk, {len(ox_store):,} triples; "
             f"load average {load()} before.", "",
             "| query | parameters | oxigraph ms | rdflib ms | rdflib / oxigraph |", "|---|---|---:|---:|---:|"]
    for name in names:
        q = get_query(name)
        params = {p.name: p.example for p in q.params if p.required and p.example}
        bind_params(q, params, ox_store)
        t_ox = median_ms(lambda q=q, params=params: run_query(ox_store, q, params), repeat)
        t_mem = median_ms(lambda q=q, params=params: run_query(mem, q, params), max(1, repeat // 3))
        lines.append(f"| {name} | {','.join(params) or '—'} | {t_ox:.1f} | {t_mem:.0f} | {t_mem / max(t_ox, 0.01):.0f}× |")
    lines += ["", f"Load average {load()} after.", ""]
    return lines


def main(argv: list[str] | None = None) -> list[str]:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--store", type=Path, help="an existing store (else --docs are generated and built)")
    ap.add_argument("--docs", type=int, default=2500, help="reports to generate when no --store is given")
    ap.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "povkg-bench")
    ap.add_argument("--repeat", type=int, default=7)
    ap.add_argument("--rdflib", type=int, default=4, help="how many of the heaviest queries to run on rdflib")
    ap.add_argument("--rdflib-docs", type=int, default=200, help="reports in the store rdflib is compared on")
    ap.add_argument("--only", default="", help="comma-separated query names")
    args = ap.parse_args(argv)
    args.work.mkdir(parents=True, exist_ok=True)
    store = args.store or build_store(args.docs, args.work)
    only = set(filter(None, args.only.split(","))) or None
    lines, listing_raw = bench_lookups(store, args.repeat, only)
    if args.rdflib:
        heaviest = sorted(listing_raw, key=lambda k: -listing_raw[k])[: args.rdflib]
        small = build_store(args.rdflib_docs, args.work)
        lines += [f"Heaviest {len(heaviest)} listings (by raw time at full size) on rdflib:", "",
                  *bench_rdflib(small, sorted(heaviest), max(3, args.repeat // 2))]
    return lines


if __name__ == "__main__":
    print("\n".join(main()))
