"""The povkg benchmark suite (run on demand, not in CI).

    python bench/run.py                      # everything, full sizes (tens of minutes)
    python bench/run.py --only build,infer   # some sections
    python bench/run.py --quick              # small sizes, a smoke run

Prints one markdown document on stdout (machine, versions, date, then a table per section)
and writes it to ``bench/results/suite.md``; BENCHMARKS.md quotes it. Every comparison is
measured side by side in the same run. Sections:

- ``extract``: extraction and build throughput on the generated corpus (reports/s, MB/s);
- ``build``: ``povkg build`` of 1k and 10k reports with --jobs 1 and 2, peak memory, and the
  floor beside it (read + OpenCC + bulk-load the exported N-Quads into a fresh store);
- ``infer``: owlrl (time-capped) against povkg's inference at about 10k, 100k and 1M triples;
- ``query``: ``bench/bench_queries.py``: every named query's median latency at about 1M
  triples (2,500 reports; 300 with ``--quick``) through the API beside the same SPARQL run raw
  on pyoxigraph, the first page of each listing, and the heaviest four on rdflib in memory,
  with the load average;
- ``rebuild`` (not in the default set): on a generated store (``--rebuild-docs``, 2,500; 300
  with ``--quick``) rebuilds with nothing changed, 10 reports changed, one deleted, one sidecar
  edited, then single-report changes up to 10 rebuilds: time, peak memory, how inference ran,
  the store's size and its snapshots' size after each; and the extraction of those 10 alone.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
ROOT = HERE.parent
OUT = HERE / "results"


def sh(*args: str, timeout: float | None = None, env: dict[str, str] | None = None) -> tuple[float, int, str]:
    """Run a command; return (seconds, peak RSS in MB of its largest process, stderr tail)."""
    wrapper = (
        "import resource,subprocess,sys,time,json;t=time.perf_counter();"
        "r=subprocess.run(sys.argv[1:],capture_output=True,text=True);"
        "print(json.dumps([time.perf_counter()-t,resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,"
        "r.returncode,r.stderr[-2000:]]))"
    )
    e = dict(os.environ)
    e.update(env or {})
    run = subprocess.run([sys.executable, "-c", wrapper, *args], capture_output=True, text=True, timeout=timeout, env=e)
    secs, rss_kb, rc, err = json.loads(run.stdout)
    if rc != 0:
        raise RuntimeError(f"{' '.join(args)} failed ({rc}): {err}")
    return secs, int(rss_kb) // 1024, err


def povkg(*args: str) -> list[str]:
    return [sys.executable, "-m", "kg", *args]


def generate(n: int, folder: Path, seed: int = 1) -> Path:
    if not folder.exists() or len(list(folder.glob("*.txt"))) != n:
        shutil.rmtree(folder, ignore_errors=True)
        subprocess.run([sys.executable, str(HERE / "generate_corpus.py"), "--docs", str(n), "--seed", str(seed),
                        "--out", str(folder)], check=True, capture_output=True)
    return folder


def corpus_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.glob("*.txt"))


# --------------------------------------------------------------------------------------------
def bench_extract(work: Path, n: int) -> list[str]:
    sys.path.insert(0, str(ROOT))
    from kg.build import build_document_ntriples, extract_report, read_report

    folder = generate(n, work / f"gen{n}")
    files = sorted(folder.glob("*.txt"))
    reports = [read_report(f) for f in files]
    extract_report(reports[0])  # warm the lexicons
    t = time.perf_counter()
    exs = [extract_report(r) for r in reports]
    t_ex = time.perf_counter() - t
    t = time.perf_counter()
    for r, ex in zip(reports, exs, strict=True):
        build_document_ntriples(ex, r)
    t_rdf = time.perf_counter() - t
    mb = corpus_bytes(folder) / 1e6
    t_floor = extraction_floor(files)
    return [
        f"Load average {os.getloadavg()[0]:.2f}. The floor: read each file, OpenCC t2s, one regex pass.",
        "",
        "| stage (one process) | reports | seconds | reports/s | MB/s | / floor |",
        "|---|---:|---:|---:|---:|---:|",
        f"| floor (read + OpenCC + one regex pass) | {n} | {t_floor:.2f} | {n / t_floor:.0f} | {mb / t_floor:.2f} | 1 |",
        f"| normalise + extract | {n} | {t_ex:.2f} | {n / t_ex:.0f} | {mb / t_ex:.2f} | {t_ex / t_floor:.0f}× |",
        f"| records → N-Triples | {n} | {t_rdf:.2f} | {n / t_rdf:.0f} | {mb / t_rdf:.2f} | {t_rdf / t_floor:.0f}× |",
    ]


def extraction_floor(files: list[Path]) -> float:
    """Seconds to read the files, convert them to simplified script and make one regex pass:
    what any reader of these reports pays before it understands a word."""
    from kg.normalise import to_simplified

    rx = re.compile(r"[\d.]+[%万亿个家户人]|《[^《》]{0,80}》|[省市县]委")
    to_simplified("预热")
    t = time.perf_counter()
    for f in files:
        sum(1 for _ in rx.finditer(to_simplified(f.read_text(encoding="utf-8"))))
    return time.perf_counter() - t


def bench_scaling(work: Path, sizes_mb: list[float]) -> list[str]:
    """Extraction time against report size: one report made of many generated ones."""
    sys.path.insert(0, str(ROOT))
    from kg.extract import DocContext, parse_report
    from kg.normalise import normalise_text

    folder = generate(200, work / "gen200")
    unit = "\n".join(p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))[:40])
    rows = ["| report size MB | characters | seconds | seconds per MB |", "|---:|---:|---:|---:|"]
    for mb in sizes_mb:
        reps = max(1, int(mb * 1e6 / len(unit.encode("utf-8"))))
        text = "\n".join([unit] * reps)
        t = time.perf_counter()
        parse_report(normalise_text(text), DocContext(key="big", province="410000", date="2020-11-10"))
        secs = time.perf_counter() - t
        size = len(text.encode("utf-8")) / 1e6
        rows.append(f"| {size:.1f} | {len(text)} | {secs:.1f} | {secs / size:.1f} |")
    return rows


def floor(folder: Path, nquads: Path) -> float:
    """Read every report, OpenCC-convert it, bulk-load the exported N-Quads into a fresh store."""
    import opencc
    import pyoxigraph as ox

    conv = opencc.OpenCC("t2s")
    t = time.perf_counter()
    for p in sorted(folder.glob("*.txt")):
        conv.convert(p.read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as d:
        store = ox.Store(d)
        store.bulk_load(path=str(nquads), format=ox.RdfFormat.N_QUADS)
        store.flush()
    return time.perf_counter() - t


def bench_build(work: Path, sizes: list[int]) -> list[str]:
    rows = ["| reports | jobs | seconds | reports/s | MB/s | peak RSS MB | triples | floor s | build / floor |",
            "|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for n in sizes:
        folder = generate(n, work / f"gen{n}")
        mb = corpus_bytes(folder) / 1e6
        for jobs in (1, 2):
            store = work / f"store-{n}-{jobs}"
            shutil.rmtree(store, ignore_errors=True)
            secs, rss, err = sh(*povkg("build", str(folder), "--store", str(store), "--jobs", str(jobs), "--no-viewer", "--no-validate"))
            nq = work / f"export-{n}.nq"
            with nq.open("w") as f:
                subprocess.run(povkg("export", "--store", str(store)), stdout=f, check=True)
            triples = sum(1 for _ in nq.open())
            fl = floor(folder, nq)
            rows.append(f"| {n} | {jobs} | {secs:.1f} | {n / secs:.1f} | {mb / secs:.2f} | {rss} | {triples} | "
                        f"{fl:.1f} | {secs / fl:.1f} |")
            shutil.rmtree(store, ignore_errors=True)
    return rows


def _store_with(work: Path, docs: int) -> Path:
    store = work / f"qstore-{docs}"
    if not store.exists():
        folder = generate(docs, work / f"gen{docs}")
        subprocess.run(povkg("build", str(folder), "--store", str(store), "--jobs", "2", "--no-viewer", "--no-validate"), check=True,
                       capture_output=True)
    return store


def _data_graph(store: Path) -> tuple[str, int]:
    """The store's asserted data (no inferred graph) as N-Triples text in a file, with its size."""
    nt = store.parent / (store.name + ".data.nt")
    if not nt.exists():
        import pyoxigraph as ox

        s = ox.Store.read_only(str(store))
        with nt.open("w") as f:
            for q in s:
                if isinstance(q.graph_name, ox.NamedNode) and not q.graph_name.value.endswith("/graph/inferred"):
                    f.write(f"{q.subject} {q.predicate} {q.object} .\n")
    return str(nt), sum(1 for _ in open(nt))


def bench_infer(work: Path, sizes: list[int], cap: float) -> list[str]:
    rows = ["| triples (asserted) | owlrl s | owlrl inferred | povkg s | povkg inferred | speed-up |",
            "|---:|---:|---:|---:|---:|---:|"]
    for docs in sizes:
        store = _store_with(work, docs)
        nt, n = _data_graph(store)
        code_ours = (
            "import sys,time,pyoxigraph as ox;sys.path.insert(0,sys.argv[2]);from kg.infer import infer_into_store;"
            "from kg.store import OxigraphStore;import tempfile;d=tempfile.mkdtemp();s=OxigraphStore(d);"
            "s.ox.bulk_load(path=sys.argv[1],format=ox.RdfFormat.N_TRIPLES,to_graph=ox.NamedNode('urn:data'));"
            "from kg.build import build_reference;build_reference(s);t=time.perf_counter();n=infer_into_store(s);"
            "print(time.perf_counter()-t,n)"
        )
        out = subprocess.run([sys.executable, "-c", code_ours, nt, str(ROOT)], capture_output=True, text=True, check=True)
        ours_s, ours_n = out.stdout.split()
        code_owl = (
            "import sys,time;sys.path.insert(0,sys.argv[2]);from rdflib import Graph;from kg.reason import reason_owlrl;"
            "g=Graph();g.parse(sys.argv[1],format='nt');t=time.perf_counter();r=reason_owlrl(g);"
            "print(time.perf_counter()-t,len(r))"
        )
        try:
            out = subprocess.run([sys.executable, "-c", code_owl, nt, str(ROOT)], capture_output=True, text=True,
                                 timeout=cap, check=True)
            owl_s, owl_n = out.stdout.split()
            speed = f"{float(owl_s) / float(ours_s):.0f}×"
        except subprocess.TimeoutExpired:
            owl_s, owl_n, speed = f"> {cap:.0f} (capped)", "—", f"> {cap / float(ours_s):.0f}×"
        rows.append(f"| {n} | {owl_s if isinstance(owl_s, str) and owl_s.startswith('>') else f'{float(owl_s):.1f}'} | "
                    f"{owl_n} | {float(ours_s):.2f} | {ours_n} | {speed} |")
    return rows


def _disk(store: Path) -> tuple[int, int]:
    """Bytes of the store folder, and of its snapshots beyond it (hard links counted once)."""
    sys.path.insert(0, str(ROOT))
    from kg.store import snapshot_bytes

    return sum(f.stat().st_size for f in store.rglob("*") if f.is_file()), snapshot_bytes(store)


def bench_rebuild(work: Path, n: int) -> list[str]:
    """Rebuilds of a generated store: nothing changed, 10 reports changed, one deleted, one
    sidecar edited; peak memory of each; disk after 10 rebuilds."""
    src = generate(n, work / f"gen{n}")
    base = work / f"rebuild-{n}"
    shutil.rmtree(base, ignore_errors=True)
    folder, store = base / "reports", base / "store"
    shutil.copytree(src, folder)
    build = (*povkg("build", str(folder), "--store", str(store), "--jobs", "2", "--no-viewer", "--no-validate"),)
    txts = sorted(folder.glob("*.txt"))
    rows = ["| rebuild | seconds | peak RSS MB | inference | store MB | snapshots MB |",
            "|---|---:|---:|---|---:|---:|"]

    def run(what: str) -> float:
        secs, rss, err = sh(*build)
        mode = "patched" if "patched by difference" in err else ("unchanged" if what.startswith("no change") else "full")
        size, snaps = _disk(store)
        rows.append(f"| {what} | {secs:.1f} | {rss} | {mode} | {size / 2**20:.0f} | {snaps / 2**20:.0f} |")
        return secs

    run(f"first build ({n} reports)")
    nochange = run("no change")
    for k, f in enumerate(txts[:10]):
        with f.open("a", encoding="utf-8") as fh:
            fh.write(f"\n二〇二一年三月{k + 1}日，县委网信办召开数字乡村建设推进会。\n")
    changed = run("10 reports changed")
    for f in (txts[-1], txts[-1].with_suffix(".meta.json"), txts[-1].with_suffix(".gold.json")):
        f.unlink(missing_ok=True)
    run("1 report deleted")
    meta = next(m for m in sorted(folder.glob("*.meta.json")))
    data = json.loads(meta.read_text(encoding="utf-8"))
    data["title"] = data.get("title", "") + "（修订）"
    meta.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    run("1 sidecar edited")
    for k in range(6):  # up to 10 rebuilds, each changing one report
        with txts[20 + k].open("a", encoding="utf-8") as fh:
            fh.write("\n县委网信办召开网络扶贫工作推进会。\n")
        run(f"rebuild {k + 5} (1 report changed)")
    code = ("import sys,time;t=time.perf_counter();from kg.build import extract_file;"
            "[extract_file(f) for f in sys.argv[1:]];print(time.perf_counter()-t)")
    ext, ext_rss, _ = sh(sys.executable, "-c", code, *map(str, txts[:10]))
    rows += ["", f"Extracting those 10 reports on their own (one process, lexicons loaded): {ext:.1f} s, "
             f"peak {ext_rss} MB. 10 changed / (no change + extraction of 10) = {changed / (nochange + ext):.2f}."]
    return rows


def _median(fn: object, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()  # type: ignore[operator]
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)


def header() -> list[str]:
    import pyoxigraph
    import rdflib

    try:
        import owlrl

        owl_v = getattr(owlrl, "__version__", "?")
    except ImportError:
        owl_v = "?"
    return [
        f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {platform.machine()}, "
        f"{os.cpu_count()} cores, {round(os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30)} GiB, "
        f"Python {platform.python_version()}, pyoxigraph {pyoxigraph.__version__}, rdflib {rdflib.__version__}, "
        f"owlrl {owl_v}.",
        "",
    ]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--only", default="extract,scaling,build,infer,query")
    ap.add_argument("--quick", action="store_true", help="small sizes (a smoke run)")
    ap.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "povkg-bench")
    ap.add_argument("--owlrl-cap", type=float, default=300.0)
    ap.add_argument("--rebuild-docs", type=int, default=2500, help="reports in the rebuild section's store")
    args = ap.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    only = set(args.only.split(","))
    q = args.quick
    lines = ["# povkg benchmark suite", "", *header()]
    if "extract" in only:
        lines += ["## Extraction", "", *bench_extract(args.work, 200 if q else 1000), ""]
    if "scaling" in only:
        lines += ["## One large report (time grows linearly)", "", *bench_scaling(args.work, [1, 2.5] if q else [1, 2.5, 5, 10]), ""]
    if "build" in only:
        lines += ["## Build throughput and the floor", "", *bench_build(args.work, [200] if q else [1000, 10000]), ""]
    if "infer" in only:
        lines += ["## Inference", "", *bench_infer(args.work, [5, 50] if q else [5, 150, 1600], args.owlrl_cap), ""]
    if "rebuild" in only:
        lines += ["## Rebuilds", "", *bench_rebuild(args.work, 300 if q else args.rebuild_docs), ""]
    if "query" in only:
        import bench_queries  # bench/bench_queries.py: API beside raw pyoxigraph, rdflib for the heaviest

        qargs = ["--work", str(args.work), "--docs", "300" if q else "2500", "--repeat", "3" if q else "7",
                 "--rdflib", "4", "--rdflib-docs", "30" if q else "200"]
        lines += ["## Named queries (median latency)", "", *bench_queries.main(qargs), ""]
    text = "\n".join(lines)
    print(text)
    OUT.mkdir(exist_ok=True)
    name = "suite-" + "-".join(sorted(only)) + ("-quick" if q else "") + ".md"
    (OUT / name).write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
