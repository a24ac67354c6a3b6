"""Reliability figures for RELIABILITY.md: the tests' promises, run many more times.

    python bench/bench_reliability.py [--kills 20] [--fuzz 2000] [--timeouts 10] [--seed 1]
        [--guard-fuzz 500] [--orphans 3] [--connections 200]

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

* **Queries cannot leave.** The SERVICE fuzz of ``tests/test_refusal.py`` with
  ``--guard-fuzz`` examples against a loopback listener that counts every request.
* **No orphans.** ``povkg sparql``, ``povkg serve`` and ``povkg build`` killed (KILL, TERM,
  HUP) ``--orphans`` times each at a random moment once their workers run; survivors counted.
* **Budgets.** A ~12 MB report beside two ordinary ones under ``--doc-timeout 2`` and
  ``--doc-memory 64``; adversarial inputs through normalisation at 200k and 800k characters.
* **The endpoint.** ``--connections`` silent connections against ``--read-timeout 2``, and a
  10⁶-row sort against ``--worker-memory 64``.

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


def guard_fuzz(examples: int) -> tuple[list[str], bool]:
    """The SERVICE fuzz of tests/test_refusal.py, with more examples, against its listener."""
    from hypothesis import HealthCheck, given, settings
    from test_refusal import _NOISE, _WRAP, Listener  # noqa: F401  (strategies of the test)
    from test_refusal import test_fuzzed_service_never_reaches_the_listener as prop

    from kg.api import KnowledgeGraph
    from kg.store import OxigraphStore

    listener = Listener()
    store = OxigraphStore()
    store.load_file(FIXTURE)
    kg = KnowledgeGraph(store)
    inner = prop.hypothesis.inner_test
    strategies = prop.hypothesis._given_kwargs  # type: ignore[attr-defined]
    runner = settings(max_examples=examples, deadline=None, suppress_health_check=list(HealthCheck))(
        given(**strategies)(lambda **kw: inner(listener=listener, kg_memory=kg, **kw))
    )
    t = time.perf_counter()
    try:
        runner()
        ok, note = True, "no failure"
    except Exception as exc:  # noqa: BLE001 - the failure is the figure
        ok, note = False, f"**failed**: {type(exc).__name__}: {str(exc).splitlines()[0][:200]}"
    seconds = time.perf_counter() - t
    listener.close()
    ok &= not listener.hits
    return [
        "| examples | seconds | examples/s | requests reaching the listener | result |",
        "|---:|---:|---:|---:|---|",
        f"| {examples} | {seconds:.1f} | {examples / seconds:.0f} | {len(listener.hits)} | {note} |",
    ], ok


def _children(pid: int) -> list[int]:
    from test_lifeline import children

    return children(pid)


def _query(url: str) -> None:
    import urllib.parse
    import urllib.request

    try:
        urllib.request.urlopen(url + "?" + urllib.parse.urlencode({"query": PATHOLOGICAL}), timeout=120)
    except OSError:
        pass  # the server is killed under it


def orphans(n: int, rng: random.Random, work: Path) -> tuple[list[str], bool]:
    """Kill `povkg sparql`, `povkg serve` and `povkg build` at random moments once their
    workers work (query workers busy in a query); count the workers still alive 15 s later."""
    import threading

    from query_helpers import free_port, wait_for
    from test_lifeline import alive, cpu_seconds

    from kg.store import OxigraphStore

    disk = work / "orphan-store"
    if not disk.exists():
        s = OxigraphStore(disk)
        s.load_file(FIXTURE)
        s.flush()
        del s
    corpus = work / "orphan-corpus"
    subprocess.run([sys.executable, str(ROOT / "bench" / "generate_corpus.py"), "--docs", "60", "--seed", "3",
                    "--out", str(corpus)], check=True, capture_output=True)
    sigs = [signal.SIGKILL, signal.SIGTERM, signal.SIGHUP]
    rows = ["| command | kills (signal at a random moment) | workers seen | survivors after 15 s |",
            "|---|---:|---:|---:|"]
    ok_all = True
    for name in ("povkg sparql (a 10⁹-row query)", "povkg serve --workers 2 (both busy)", "povkg build -j 2 (60 reports)"):
        seen = survivors = 0
        used = set()
        for k in range(n):
            port = free_port()
            if "sparql" in name:
                argv = ["sparql", PATHOLOGICAL, "--store", str(disk), "--timeout", "600"]
            elif "serve" in name:
                argv = ["serve", "--store", str(disk), "--port", str(port), "--workers", "2"]
            else:
                argv = ["build", str(corpus), "--store", str(work / f"ob-{k}"), "--no-viewer", "-j", "2"]
            sig = signal.SIGKILL if "build" in name else sigs[k % len(sigs)]
            proc = subprocess.Popen([sys.executable, "-m", "kg", *argv], stdout=subprocess.DEVNULL,
                                    stderr=subprocess.DEVNULL)
            want = 1 if "sparql" in name else 2
            workers: list[int] = []
            end = time.monotonic() + 60
            while time.monotonic() < end and len(workers) < want:
                workers = _children(proc.pid)
                time.sleep(0.02)
            if "serve" in name:
                wait_for(f"http://127.0.0.1:{port}/query", proc, timeout=60)
            if "build" not in name:
                base = {w: (0.0 if "sparql" in name else cpu_seconds(w)) for w in workers}
                if "serve" in name:
                    for _ in workers:
                        threading.Thread(target=_query, args=(f"http://127.0.0.1:{port}/query",), daemon=True).start()
                floor = 1.5 if "sparql" in name else 1.0  # a fresh worker starts in about 0.3 s of CPU
                end = time.monotonic() + 120
                while time.monotonic() < end and not all(cpu_seconds(w) >= base[w] + floor for w in workers):
                    time.sleep(0.02)
            time.sleep(rng.uniform(0.0, 1.5))  # a random moment once the workers work
            workers = sorted(set(workers) | set(_children(proc.pid)))
            os_kill(proc.pid, sig)
            proc.wait(30)
            end = time.monotonic() + 15
            while time.monotonic() < end and any(alive(w) for w in workers):
                time.sleep(0.02)
            left = [w for w in workers if alive(w)]
            for w in left:
                os_kill(w, signal.SIGKILL)
            seen += len(workers)
            survivors += len(left)
            used.add(signal.Signals(sig).name)
        ok_all &= survivors == 0 and seen > 0
        rows.append(f"| {name} | {n} ({', '.join(sorted(used))}) | {seen} | {survivors} |")
    return rows, ok_all


def os_kill(pid: int, sig: int) -> None:
    import os

    try:
        os.kill(pid, sig)
    except ProcessLookupError:
        pass


def budgets(work: Path) -> tuple[list[str], bool]:
    """A ~12 MB report beside two ordinary ones, under a 2 s and a 64 MB budget."""
    import shutil

    d = work / "heavy"
    d.mkdir(exist_ok=True)
    reports = sorted(CORPUS.glob("*.txt"))
    for p in reports[:2]:
        shutil.copy(p, d / p.name)
    text = "\n".join(p.read_text(encoding="utf-8") for p in reports)
    (d / "zz-heavy.txt").write_text(text * max(1, (12 << 20) // len(text.encode())), encoding="utf-8")
    rows = ["| budget | build seconds | exit | abandoned | built |", "|---|---:|---:|---|---:|"]
    ok_all = True
    for label, extra in (("--doc-timeout 2", ["--doc-timeout", "2"]), ("--doc-memory 64", ["--doc-memory", "64"])):
        t = time.perf_counter()
        run = povkg("build", str(d), "--store", str(work / f"heavy-{extra[0]}"), "--no-viewer", *extra)
        seconds = time.perf_counter() - t
        abandoned = [ln for ln in run.stderr.splitlines() if "abandoned" in ln]
        built = next((ln.split()[1] for ln in run.stderr.splitlines() if ln.startswith("documents:")), "?")
        ok = run.returncode == 3 and len(abandoned) == 1 and built == "2"
        ok_all &= ok
        rows.append(f"| {label} | {seconds:.1f} | {run.returncode} | {'zz-heavy.txt' if abandoned else '**none**'} "
                    f"| {built} |")
    return rows, ok_all


def normalise_scaling() -> tuple[list[str], bool]:
    """Normalisation time of adversarial inputs at 200k and 800k characters (4× the input)."""
    from kg.normalise import normalise_text, segment

    patterns = {
        "unclosed 《": "《", "spaces after Han": "字 ", "( after Han": "字(", "unclosed pinyin": "字(wang",
        "closing quotes": "。”", "blank lines": "\n", "full-width spaces": "字\u3000\u3000(",
    }
    rows = ["| input | 200k chars s | 800k chars s | ratio (4 = linear) |", "|---|---:|---:|---:|"]
    ok_all = True
    for name, p in patterns.items():
        ts = []
        for n in (200_000, 800_000):
            text = p * (n // len(p))
            t = time.perf_counter()
            segment(normalise_text(text).text)
            ts.append(time.perf_counter() - t)
        ratio = ts[1] / max(ts[0], 1e-9)
        ok_all &= ratio < 8
        rows.append(f"| {name} | {ts[0]:.2f} | {ts[1]:.2f} | {ratio:.1f} |")
    return rows, ok_all


def endpoint(conns: int, work: Path) -> tuple[list[str], bool]:
    """`povkg serve --read-timeout 2 --worker-memory 64`: silent connections, a huge sort."""
    import socket
    import urllib.error
    import urllib.parse
    import urllib.request

    from query_helpers import free_port, running

    disk = work / "orphan-store"
    port = free_port()
    url = f"http://127.0.0.1:{port}/query"

    def get(q: str) -> int:
        try:
            with urllib.request.urlopen(url + "?" + urllib.parse.urlencode({"query": q}), timeout=120) as r:
                return int(r.status)
        except urllib.error.HTTPError as exc:
            return exc.code

    cmd = [sys.executable, "-m", "kg", "serve", "--store", str(disk), "--port", str(port), "--workers", "1",
           "--timeout", "60", "--worker-memory", "64", "--read-timeout", "2"]
    with running(cmd, url):
        socks = []
        for _ in range(conns):
            s = socket.create_connection(("127.0.0.1", port), timeout=60)
            s.sendall(b"GET /query HTTP/1.1\r\nHost: x\r\n")
            socks.append(s)
        t = time.perf_counter()
        answered = get("ASK { ?s ?p ?o }")
        answer_s = time.perf_counter() - t
        closed = 0
        for s in socks:
            try:
                while s.recv(65536):
                    pass
                closed += 1
            except OSError:
                pass
            s.close()
        all_closed_s = time.perf_counter() - t
        t = time.perf_counter()
        sort_status = get("SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?c ?f LIMIT 1")
        sort_s = time.perf_counter() - t
        after = get("ASK { ?s ?p ?o }")
    ok = answered == 200 and closed == conns and sort_status == 503 and after == 200
    return [
        "| probe | figure |", "|---|---|",
        f"| {conns} silent connections open: a query answered | HTTP {answered} in {answer_s:.2f} s |",
        f"| … closed by the server (read timeout 2 s) | {closed} of {conns}, all within {all_closed_s:.1f} s |",
        f"| a 10⁶-row sort under a 64 MB worker ceiling | HTTP {sort_status} after {sort_s:.2f} s; next query HTTP {after} |",
    ], ok


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--kills", type=int, default=20)
    ap.add_argument("--fuzz", type=int, default=2000)
    ap.add_argument("--timeouts", type=int, default=10)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--guard-fuzz", type=int, default=500, help="SERVICE-fuzz examples")
    ap.add_argument("--orphans", type=int, default=3, help="kills per command in the orphan probe")
    ap.add_argument("--connections", type=int, default=200, help="silent connections held open on serve")
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
        for title, (rows, good) in (
            ("SERVICE fuzz against a loopback listener", guard_fuzz(args.guard_fuzz)),
            ("Workers after their parent is killed", orphans(args.orphans, rng, work)),
            ("A report past its budget", budgets(work)),
            ("Normalisation of adversarial input", normalise_scaling()),
            ("The endpoint under slow clients and a memory-hungry query", endpoint(args.connections, work)),
        ):
            lines += [f"## {title}", "", *rows, ""]
            ok &= good
    text = "\n".join(lines)
    print(text)
    OUT.parent.mkdir(exist_ok=True)
    OUT.write_text(text + "\n", encoding="utf-8")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
