"""Reliability figures for RELIABILITY.md: the tests' promises, run many more times.

    python bench/bench_reliability.py [--kills 20] [--fuzz 2000] [--timeouts 10] [--seed 1]

* **Crash safety.** Builds the gold corpus (``tests/data/corpus``) cleanly once, then kills a
  build of it with SIGKILL at ``--kills`` random moments (seeded) spread over a clean build's
  duration. After each kill: the store must open, every document graph in it must equal the
  clean build's graph (whole or absent), and a rerun must end in a byte-identical
  ``povkg export``.
* **Fuzzing.** Runs the hypothesis property of
  ``tests/test_reliability.py::test_fuzz_pipeline_never_raises_and_always_maps_back`` with
  ``--fuzz`` examples instead of the test's 150, and reports examples per second.
* **Timeouts.** Runs a 10⁹-row cross product under a 1 s timeout ``--timeouts`` times per store
  kind and reports how long past the deadline the query took to stop.

Writes ``bench/results/reliability.md`` and prints it. Exit 1 when any check fails. Run on
demand, never in CI.
"""

from __future__ import annotations

import argparse
import platform
import random
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))
CORPUS = ROOT / "tests" / "data" / "corpus"
FIXTURE = ROOT / "tests" / "data" / "fixture.trig"
OUT = ROOT / "bench" / "results" / "reliability.md"
PATHOLOGICAL = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


def povkg(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "kg", *args], capture_output=True, text=True, timeout=1800)


def doc_graphs(store: Path) -> dict[str, set[str]]:
    import pyoxigraph as ox

    s = ox.Store.read_only(str(store))
    out: dict[str, set[str]] = {}
    for q in s.quads_for_pattern(None, None, None, None):
        g = q.graph_name
        if isinstance(g, ox.NamedNode) and "/id/doc/" in g.value:
            out.setdefault(g.value, set()).add(f"{q.subject} {q.predicate} {q.object}")
    return out


def kills(n: int, rng: random.Random, work: Path) -> tuple[list[str], bool]:
    clean = work / "clean"
    t = time.perf_counter()
    assert povkg("build", str(CORPUS), "--store", str(clean), "--no-viewer", "--no-validate").returncode == 0
    duration = time.perf_counter() - t
    reference = doc_graphs(clean)
    expected = povkg("export", "--store", str(clean)).stdout
    rows = [
        f"Clean build of the {len(reference)} gold reports: {duration:.1f} s; kill moments drawn "
        f"uniformly from 0.2 s to {duration:.1f} s (seeded).",
        "",
        "| kill | at s | documents whole in the store | half-written | store opened | rerun export identical |",
        "|---:|---:|---:|---:|:---:|:---:|",
    ]
    ok_all = True
    for k in range(n):
        store = work / f"kill-{k}"
        delay = rng.uniform(0.2, duration)
        proc = subprocess.Popen(
            [sys.executable, "-m", "kg", "build", str(CORPUS), "--store", str(store), "--no-viewer", "--no-validate"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        whole = half = 0
        opened = True
        if store.exists():
            try:
                graphs = doc_graphs(store)
            except OSError:
                opened = False
                graphs = {}
            for g, triples in graphs.items():
                if triples == reference.get(g):
                    whole += 1
                else:
                    half += 1
        run = povkg("build", str(CORPUS), "--store", str(store), "--no-viewer", "--no-validate")
        same = run.returncode == 0 and povkg("export", "--store", str(store)).stdout == expected
        ok = opened and half == 0 and same
        ok_all &= ok
        rows.append(
            f"| {k + 1} | {delay:.2f} | {whole} | {half} | {'yes' if opened else '**no**'} | "
            f"{'yes' if same else '**no**'} |"
        )
    return rows, ok_all


def fuzz(examples: int) -> tuple[list[str], bool]:
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st
    from test_reliability import _pieces
    from test_reliability import test_fuzz_pipeline_never_raises_and_always_maps_back as prop

    inner = prop.hypothesis.inner_test  # the property itself, without the test's 150-example settings
    strategy = st.lists(_pieces, min_size=1, max_size=80).map("".join)
    runner = settings(max_examples=examples, deadline=None, suppress_health_check=list(HealthCheck))(
        given(strategy)(inner)
    )
    t = time.perf_counter()
    try:
        runner()
        ok, note = True, "no failure"
    except Exception as exc:  # noqa: BLE001 - the failure is the figure
        ok, note = False, f"**failed**: {type(exc).__name__}: {str(exc).splitlines()[0][:200]}"
    seconds = time.perf_counter() - t
    return [
        "| examples | seconds | examples/s | result |",
        "|---:|---:|---:|---|",
        f"| {examples} | {seconds:.1f} | {examples / seconds:.0f} | {note} |",
    ], ok


def timeouts(n: int, work: Path) -> tuple[list[str], bool]:
    from kg.errors import QueryTimeout
    from kg.guard import GuardedStore
    from kg.store import MemoryStore, OxigraphStore

    disk = work / "fixture-store"
    s = OxigraphStore(disk)
    s.load_file(FIXTURE)
    s.flush()
    del s
    mem = OxigraphStore()
    mem.load_file(FIXTURE)
    kinds = {
        "Oxigraph on disk (worker process)": OxigraphStore(disk, read_only=True),
        "Oxigraph in memory (fork)": mem,
        "rdflib in memory (fork)": MemoryStore.from_file(FIXTURE),
    }
    rows = ["| store | runs | stopped | median s past the 1 s deadline | max s past |", "|---|---:|---:|---:|---:|"]
    ok_all = True
    for name, store in kinds.items():
        over = []
        stopped = 0
        with GuardedStore(store, timeout=1.0) as g:
            g.ask("ASK { }")  # the worker is started before the clock runs
            for _ in range(n):
                t = time.perf_counter()
                try:
                    g.select(PATHOLOGICAL)
                except QueryTimeout:
                    stopped += 1
                over.append(time.perf_counter() - t - 1.0)
                g.ask("ASK { }")  # a fresh worker, started outside the measurement
        ok_all &= stopped == n
        rows.append(f"| {name} | {n} | {stopped} | {statistics.median(over):.2f} | {max(over):.2f} |")
    return rows, ok_all


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--kills", type=int, default=20)
    ap.add_argument("--fuzz", type=int, default=2000)
    ap.add_argument("--timeouts", type=int, default=10)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    import pyoxigraph

    when = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    lines = [
        "# Reliability figures (bench/bench_reliability.py)",
        "",
        f"Measured {when} on {platform.machine()}, Python {platform.python_version()}, "
        f"pyoxigraph {pyoxigraph.__version__}; seed {args.seed}.",
        "",
    ]
    ok = True
    with tempfile.TemporaryDirectory(prefix="povkg-rel-") as tmp:
        work = Path(tmp)
        rows, good = kills(args.kills, rng, work)
        lines += ["## SIGKILL during a build", "", *rows, ""]
        ok &= good
        rows, good = fuzz(args.fuzz)
        lines += ["## Fuzzing normalise → extract → build", "", *rows, ""]
        ok &= good
        rows, good = timeouts(args.timeouts, work)
        lines += ["## A pathological query under a 1 s timeout", "", *rows, ""]
        ok &= good
    text = "\n".join(lines)
    print(text)
    OUT.parent.mkdir(exist_ok=True)
    OUT.write_text(text + "\n", encoding="utf-8")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
