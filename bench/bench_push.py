"""Benchmark and check of ``povkg push`` against a real Oxigraph server on loopback.

Run on demand (not part of the tests; it takes minutes on a 10k-report store)::

    python bench/bench_push.py --store /tmp/s10k/store            # an existing store (read only)
    python bench/bench_push.py --docs 10000 --seed 1              # generate + build a corpus first
    python bench/bench_push.py --corpus reports/ --jobs 2         # build a folder of reports first

What it does, in order:

1. starts ``oxigraph serve --location TMP --bind 127.0.0.1:PORT --union-default-graph`` (a
   read-write server over a fresh on-disk store in a temporary folder) and waits until it
   answers ``ASK {}``;
2. runs ``povkg push --endpoint http://127.0.0.1:PORT/query --store STORE`` as a subprocess
   under ``/usr/bin/time -v`` and records its wall time, CPU time and peak RSS, the graphs,
   triples and requests it reports, and triples/s;
3. verifies the copy: the server's quad count, named-graph count, triples per graph and
   ``pov:contentHash`` per report graph equal the local store's (read with
   ``pyoxigraph.Store.read_only``); a sample of graphs (the reference graphs, among them
   ``graph/inferred``, and ``--sample`` random reports) fetched back with a Graph Store
   ``GET`` hold exactly the local triples; and the named queries in :data:`QUERIES` give
   identical :class:`kg.query.Results` on ``EndpointStore(url)`` and on
   ``OxigraphStore(path, read_only=True)``;
4. resumability: pushes again (every graph must be skipped, 0 triples sent); then, twice,
   starts a ``--force`` push, SIGKILLs it partway and runs a plain push, which must finish
   with every count matching again. The first kill is timed (``--kill-after`` seconds); the
   second is aimed at the largest graph (``graph/inferred``, larger than ``--batch``): it
   comes as soon as the server holds that graph only partly (PUT done, POSTs to follow),
   and the plain push must then re-send it (``--kill time|aimed|both``);
5. stops the server, removes the temporary folder, prints a markdown report (machine,
   versions, date, the tables) and writes it to ``--out`` (default
   ``bench/results/push.md``).

The exit status is 1 when any check fails, 0 otherwise. The local store is never written.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import platform
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from kg.query import Results, run_query
from kg.store import EndpointStore, OxigraphStore
from kg.vocab import G_INFERRED, POV

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results" / "push.md"
POV_CONTENT_HASH = str(POV.contentHash)

#: named queries compared between the local store and the endpoint: (name, parameters).
#: Chosen to run in seconds on a 10k-report store (``events -p place=河南省`` takes minutes).
QUERIES: list[tuple[str, dict[str, str]]] = [
    ("co-hosts", {}),
    ("policy-overview", {}),
    ("role-asymmetry", {}),
    ("documents", {"province": "河南省"}),
    ("outcomes-in-place", {"place": "兰考县"}),
    ("search", {"text": "光山"}),
]

_SUMMARY = re.compile(r"pushed (\d+) graphs \((\d+) triples, (\d+) requests\), skipped (\d+) already there")


# ------------------------------------------------------------------------------------------
# small helpers
# ------------------------------------------------------------------------------------------


def free_port() -> int:
    """A TCP port nothing listens on right now (127.0.0.1)."""
    with contextlib.closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def sh_out(*cmd: str) -> str:
    """The stripped stdout of a short command, or ``?`` if it fails."""
    try:
        return subprocess.run(cmd, capture_output=True, text=True, check=True, timeout=60).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return "?"


def du_mb(path: Path) -> float:
    """Size of a folder on disk in MB."""
    total = sum(f.stat().st_size for f in path.rglob("*") if f.is_file())
    return total / 1e6


def povkg_cmd() -> list[str]:
    """How to call the ``povkg`` command (the installed script, else ``python -m kg``)."""
    exe = shutil.which("povkg")
    return [exe] if exe else [sys.executable, "-m", "kg"]


def fmt_int(n: int | None) -> str:
    return "–" if n is None else f"{n:,}"


def fmt_mb(n: float | None) -> str:
    return "–" if n is None else f"{n:,.0f} MB"


def fmt_s(n: float | None) -> str:
    return "–" if n is None else f"{n:,.1f} s"


def machine() -> dict[str, str]:
    """The machine and versions, for the report header."""
    mem_kb = 0
    with contextlib.suppress(OSError):
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                mem_kb = int(line.split()[1])
    cpu = "?"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    return {
        "date (UTC)": sh_out("date", "-u"),
        "nproc": sh_out("nproc"),
        "CPU": cpu,
        "RAM": f"{mem_kb / 1024 / 1024:.1f} GiB",
        "OS": platform.platform(),
        "Python": platform.python_version(),
        "pyoxigraph": ox.__version__,
        "oxigraph server": sh_out("oxigraph", "--version"),
        "load average at start (1/5/15 min)": load,
    }


# ------------------------------------------------------------------------------------------
# the server
# ------------------------------------------------------------------------------------------


@dataclass
class Server:
    """A running ``oxigraph serve`` process over an on-disk store."""

    proc: subprocess.Popen[bytes]
    location: Path
    url: str
    log: Path

    @property
    def graph_store(self) -> str:
        return self.url[: self.url.rindex("/query")] + "/store"

    def peak_rss_mb(self) -> float | None:
        """The server's peak resident set so far (VmHWM), in MB."""
        with contextlib.suppress(OSError):
            for line in Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
        return None


def wait_for(url: str, proc: subprocess.Popen[bytes], log: Path, timeout: float = 60.0) -> float:
    """Wait until ``url`` answers ``ASK {}``; return the seconds it took."""
    t0 = time.perf_counter()
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(
                f"oxigraph exited with {proc.returncode}: {log.read_text(errors='replace')[-2000:]}"
            )
        req = urllib.request.Request(
            url,
            data=b"ASK {}",
            headers={"Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json"},
        )
        try:
            with urllib.request.urlopen(req, timeout=2) as resp:  # noqa: S310 - loopback
                if resp.status == 200:
                    return time.perf_counter() - t0
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"no answer from {url} in {timeout:g} s")


@contextlib.contextmanager
def oxigraph_server(folder: Path, port: int) -> Iterator[Server]:
    """Start ``oxigraph serve`` (read-write, union default graph) on 127.0.0.1:port."""
    exe = shutil.which("oxigraph")
    if exe is None:
        raise SystemExit("the oxigraph server CLI is not on PATH (pip package 'oxigraph')")
    location = folder / "server-store"
    log = folder / "server.log"
    url = f"http://127.0.0.1:{port}/query"
    cmd = [exe, "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}", "--union-default-graph"]
    with log.open("wb") as logf:
        proc = subprocess.Popen(cmd, stdout=logf, stderr=subprocess.STDOUT)
    server = Server(proc, location, url, log)
    try:
        secs = wait_for(url, proc, log)
        print(
            f"[bench_push] oxigraph serve pid {proc.pid} answers at {url} after {secs:.1f} s", file=sys.stderr
        )
        yield server
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


# ------------------------------------------------------------------------------------------
# running povkg push
# ------------------------------------------------------------------------------------------


@dataclass
class PushRun:
    """One ``povkg push`` subprocess and what it reported."""

    label: str
    argv: list[str]
    seconds: float
    exit_code: int
    peak_rss_mb: float | None
    cpu_seconds: float | None
    killed: bool = False
    pushed: int | None = None
    skipped: int | None = None
    triples: int | None = None
    requests: int | None = None
    sent_names: list[str] = field(default_factory=list)
    other_stderr: list[str] = field(default_factory=list)
    last_line: str = ""

    @property
    def rate(self) -> float | None:
        if self.triples is None or self.seconds <= 0:
            return None
        return self.triples / self.seconds


#: a condition polled while a push runs; True means "SIGKILL it now"
KillWhen = Callable[[float], bool]


def _time_v(path: Path) -> tuple[float | None, float | None]:
    """Peak RSS (MB) and user+system CPU seconds from a ``/usr/bin/time -v`` report."""
    rss = user = system = None
    with contextlib.suppress(OSError):
        for line in path.read_text(errors="replace").splitlines():
            key, _, value = line.strip().rpartition(": ")
            with contextlib.suppress(ValueError):
                if key == "Maximum resident set size (kbytes)":
                    rss = int(value) / 1024
                elif key == "User time (seconds)":
                    user = float(value)
                elif key == "System time (seconds)":
                    system = float(value)
    cpu = user + system if user is not None and system is not None else None
    return rss, cpu


def run_push(
    label: str,
    url: str,
    store: Path,
    log: Path,
    *,
    batch: int,
    force: bool = False,
    kill_when: KillWhen | None = None,
) -> PushRun:
    """Run ``povkg push`` and wait for it, or SIGKILL it as soon as ``kill_when(elapsed)``.

    The push runs under ``/usr/bin/time -v`` in a process group of its own: its peak RSS
    and CPU time are its own (``ru_maxrss`` of a direct child of this process would also
    count this process's memory at the time of the fork), and SIGKILL goes to the group.
    Without ``/usr/bin/time`` the ``os.wait4`` rusage is used (an upper bound).
    """
    argv = [*povkg_cmd(), "push", "--endpoint", url, "--store", str(store), "--batch", str(batch)]
    if force:
        argv.append("--force")
    print(f"[bench_push] {label}: {' '.join(argv)}", file=sys.stderr, flush=True)
    timing = log.with_suffix(".time")
    wrapper = ["/usr/bin/time", "-v", "-o", str(timing)] if Path("/usr/bin/time").exists() else []
    killed = False
    with log.open("wb") as logf:
        t0 = time.perf_counter()
        proc = subprocess.Popen(
            [*wrapper, *argv], stdout=logf, stderr=subprocess.STDOUT, start_new_session=True
        )
        while True:
            pid, status, usage = os.wait4(proc.pid, 0 if kill_when is None else os.WNOHANG)
            if pid != 0:
                break
            if not killed and kill_when is not None and kill_when(time.perf_counter() - t0):
                os.killpg(proc.pid, signal.SIGKILL)  # the wrapper and povkg push
                killed = True
            time.sleep(0.02)
        seconds = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
    rss, cpu = _time_v(timing) if wrapper else (usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime)
    if killed:
        rss = cpu = None  # /usr/bin/time was killed too
    run = PushRun(label, argv, seconds, proc.returncode, rss, cpu, killed=killed)
    for line in log.read_text(encoding="utf-8", errors="replace").splitlines():
        if line.startswith("sent "):
            run.sent_names.append(line.split()[1])
        elif line.startswith("skip ") or line.startswith("Command exited with non-zero status"):
            pass
        elif m := _SUMMARY.search(line):
            run.pushed, run.triples, run.requests, run.skipped = (int(g) for g in m.groups())
        elif line.strip():
            run.other_stderr.append(line)
        if line.strip():
            run.last_line = line
    print(
        f"[bench_push] {label}: exit {run.exit_code}{' (killed)' if killed else ''} after {seconds:.1f} s, "
        f"peak RSS {fmt_mb(rss)}, CPU {fmt_s(cpu)}; last line: {run.last_line[:160]}",
        file=sys.stderr,
        flush=True,
    )
    return run


class HalfSent:
    """Kill condition: the server holds only part of ``graph`` (it has been PUT, not all POSTed).

    Polls the graph's size on the server at most every ``every`` seconds; gives up waiting
    (and says kill) after ``cap`` seconds.
    """

    def __init__(
        self, endpoint: EndpointStore, graph: str, full: int, cap: float, every: float = 0.25
    ) -> None:
        self.endpoint, self.graph, self.full, self.cap, self.every = endpoint, graph, full, cap, every
        self.last_poll = -1e9
        self.seen: int | None = None
        self.at: float | None = None

    def size(self) -> int:
        res = self.endpoint.select(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{self.graph}> {{ ?s ?p ?o }} }}")
        return int(res[0]["n"]) if len(res) else 0  # type: ignore[call-overload]

    def __call__(self, elapsed: float) -> bool:
        if elapsed >= self.cap:
            self.at = elapsed
            return True
        if elapsed - self.last_poll < self.every:
            return False
        self.last_poll = elapsed
        n = self.size()
        if n != self.full:
            self.seen, self.at = n, elapsed
            return True
        return False


# ------------------------------------------------------------------------------------------
# verification
# ------------------------------------------------------------------------------------------


@dataclass
class Check:
    name: str
    local: str
    remote: str
    ok: bool
    seconds: float = 0.0


def _int(term: object) -> int:
    return int(term.value) if isinstance(term, ox.Literal) else int(str(term))


def local_sizes(store: ox.Store) -> dict[str, int]:
    """Triples per named graph of the local store."""
    res = store.query("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
    return {str(r[0].value): _int(r[1]) for r in res}  # type: ignore[union-attr,attr-defined]


def local_hashes(store: ox.Store) -> dict[str, str]:
    """The ``pov:contentHash`` each report graph records about itself, locally."""
    res = store.query(f"SELECT ?g ?h WHERE {{ GRAPH ?g {{ ?g <{POV_CONTENT_HASH}> ?h }} }}")
    return {str(r[0].value): str(r[1].value) for r in res}  # type: ignore[union-attr,attr-defined]


def remote_quads(endpoint: EndpointStore) -> int:
    res = endpoint.select("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
    return int(res[0]["n"])  # type: ignore[call-overload]


def fetch_graph(graph_store: str, name: str, timeout: float) -> set[str]:
    """A graph fetched back with a Graph Store ``GET``, as a set of N-Triples lines."""
    url = graph_store + "?" + urllib.parse.urlencode({"graph": name})
    req = urllib.request.Request(url, headers={"Accept": "application/n-triples"})
    with urllib.request.urlopen(req, timeout=timeout) as resp:  # noqa: S310 - loopback
        data = resp.read()
    return {f"{q.subject} {q.predicate} {q.object} ." for q in ox.parse(data, format=ox.RdfFormat.N_TRIPLES)}


def local_graph(store: ox.Store, name: str) -> set[str]:
    g = ox.NamedNode(name)
    return {f"{q.subject} {q.predicate} {q.object} ." for q in store.quads_for_pattern(None, None, None, g)}


def verify_counts(tag: str, endpoint: EndpointStore, want: dict[str, int]) -> list[Check]:
    """Quads, graphs and triples per graph on the server against the local ``want`` sizes."""
    checks: list[Check] = []
    quads = sum(want.values())
    t = time.perf_counter()
    n_remote = remote_quads(endpoint)
    checks.append(
        Check(
            f"{tag}: quads in named graphs",
            fmt_int(quads),
            fmt_int(n_remote),
            n_remote == quads,
            time.perf_counter() - t,
        )
    )
    t = time.perf_counter()
    sizes = endpoint.graph_sizes()
    secs = time.perf_counter() - t
    checks.append(
        Check(f"{tag}: named graphs", fmt_int(len(want)), fmt_int(len(sizes)), len(sizes) == len(want), secs)
    )
    wrong = sum(1 for g, n in want.items() if sizes.get(g) != n)
    extra = len(set(sizes) - set(want))
    checks.append(
        Check(f"{tag}: triples per graph", "–", f"{wrong} differ, {extra} extra", wrong == 0 and extra == 0)
    )
    return checks


def verify_content(
    local: ox.Store, endpoint: EndpointStore, graph_store: str, hashes: dict[str, str], sample: list[str]
) -> list[Check]:
    """Content hashes per report graph and a sample of graphs triple by triple."""
    checks: list[Check] = []
    t = time.perf_counter()
    remote = endpoint.content_hashes()
    # graph/inferred records its state in graph/inferred-state, not about itself: compared by
    # push, left out here as it is of the local side (``hashes``: graphs about themselves)
    remote.pop(str(G_INFERRED), None)
    wrong = sum(1 for g, h in hashes.items() if remote.get(g) != h)
    checks.append(
        Check(
            "content hash per report graph",
            f"{len(hashes):,} graphs",
            f"{len(remote):,} graphs, {wrong} differ",
            wrong == 0 and len(remote) == len(hashes),
            time.perf_counter() - t,
        )
    )
    t = time.perf_counter()
    bad: list[str] = []
    triples = 0
    for name in sample:
        mine = local_graph(local, name)
        theirs = fetch_graph(graph_store, name, endpoint.timeout)
        triples += len(mine)
        if mine != theirs:
            bad.append(f"{name} (local {len(mine)}, server {len(theirs)}, {len(mine ^ theirs)} differ)")
    checks.append(
        Check(
            f"GET {len(sample)} graphs back, triple by triple",
            f"{triples:,} triples",
            "identical" if not bad else "; ".join(bad)[:300],
            not bad,
            time.perf_counter() - t,
        )
    )
    return checks


@dataclass
class QueryCheck:
    name: str
    params: dict[str, str]
    rows_local: int
    rows_remote: int
    ms_local: float
    ms_remote: float
    identical: bool
    error: str = ""


def verify_queries(local: OxigraphStore, endpoint: EndpointStore) -> list[QueryCheck]:
    """Each named query of :data:`QUERIES` on both stores: the same Results?"""
    out: list[QueryCheck] = []
    for name, params in QUERIES:
        try:
            t = time.perf_counter()
            a: Results = run_query(local, name, params)
            ms_a = (time.perf_counter() - t) * 1000
            t = time.perf_counter()
            b: Results = run_query(endpoint, name, params)
            ms_b = (time.perf_counter() - t) * 1000
            out.append(QueryCheck(name, params, len(a), len(b), ms_a, ms_b, a == b))
        except Exception as exc:  # a failing query is a failed check, not a crash
            out.append(
                QueryCheck(name, params, -1, -1, 0.0, 0.0, False, f"{type(exc).__name__}: {exc}"[:200])
            )
        q = out[-1]
        print(
            f"[bench_push] query {name} {params}: {q.rows_local}/{q.rows_remote} rows, "
            f"{q.ms_local:.0f}/{q.ms_remote:.0f} ms, identical={q.identical} {q.error}",
            file=sys.stderr,
            flush=True,
        )
    return out


def interrupt_and_resume(
    step: int,
    how: str,
    endpoint: EndpointStore,
    store: Path,
    tmp: Path,
    batch: int,
    kill_after: float,
    sizes: dict[str, int],
    hashes: dict[str, str],
) -> tuple[list[PushRun], list[Check], list[str]]:
    """A ``--force`` push SIGKILLed partway, then a plain push that must repair the copy.

    ``how`` is ``"time"`` (kill after ``kill_after`` seconds) or ``"aimed"`` (kill as soon
    as the server holds the largest graph only partly: it has been PUT, its POSTs are to
    follow). Returns the two runs, the checks and notes.
    """
    checks: list[Check] = []
    notes: list[str] = []
    largest, largest_n = max(sizes.items(), key=lambda kv: kv[1])
    short = largest.rsplit("/", 1)[-1]
    half: HalfSent | None = None
    kill_when: KillWhen
    if how == "aimed" and largest_n > batch:
        half = HalfSent(endpoint, largest, largest_n, cap=900.0)
        label = f"{step}. push --force, SIGKILL once {short} is half sent"
        kill_when = half
    else:
        if how == "aimed":
            notes.append(f"no graph is larger than --batch {batch}: the aimed kill is timed instead")
        label = f"{step}. push --force, SIGKILL after {kill_after:g} s"

        def kill_when(elapsed: float) -> bool:
            return elapsed >= kill_after

    killed = run_push(
        label, endpoint.url, store, tmp / f"push{step}.log", batch=batch, force=True, kill_when=kill_when
    )
    why = killed.other_stderr[-1][:160] if killed.other_stderr else ""
    checks.append(
        Check(
            f"push {step} is interrupted by the SIGKILL",
            "",
            f"killed after {killed.seconds:.1f} s"
            if killed.killed
            else f"not killed: exit {killed.exit_code} after {killed.seconds:.1f} s {why}".strip(),
            killed.killed,
        )
    )
    if half is not None and killed.killed:
        time.sleep(1.0)  # let the server finish (or abandon) the request it was reading
        left = half.size()
        notes.append(
            f"push {step} was killed {half.at or 0:.1f} s in, when the server held {fmt_int(half.seen)} of "
            f"{largest_n:,} triples of {short}; 1 s after the kill it held {left:,}"
        )
        checks.append(
            Check(f"the kill leaves {short} partial", f"{largest_n:,}", f"{left:,}", left != largest_n)
        )
    elif half is not None:
        notes.append(
            f"push {step} (--force) ended by itself before the server ever held part of {short} "
            f"(it kept all {largest_n:,} triples): exit {killed.exit_code} after {killed.seconds:.1f} s; "
            f"its last stderr line: `{killed.last_line[:200]}`"
        )
    if killed.killed:
        notes.append(
            f"push {step} had finished {len(killed.sent_names):,} graph(s) "
            f"({', '.join(n.rsplit('/', 1)[-1] for n in killed.sent_names[:5])}"
            f"{' …' if len(killed.sent_names) > 5 else ''}) when it was killed"
        )
    resumed = run_push(
        f"{step + 1}. plain push after push {step}",
        endpoint.url,
        store,
        tmp / f"push{step + 1}.log",
        batch=batch,
    )
    checks.append(
        Check(
            f"push {step + 1} completes",
            "",
            f"exit {resumed.exit_code}, {fmt_int(resumed.pushed)} sent "
            f"({', '.join(n.rsplit('/', 1)[-1] for n in resumed.sent_names[:3])}), "
            f"{fmt_int(resumed.skipped)} skipped",
            resumed.exit_code == 0
            and resumed.pushed is not None
            and (resumed.pushed or 0) + (resumed.skipped or 0) == len(sizes),
        )
    )
    if half is not None and killed.killed:
        checks.append(
            Check(
                f"push {step + 1} re-sends {short}",
                "",
                "yes" if largest in resumed.sent_names else "no",
                largest in resumed.sent_names,
            )
        )
    checks += verify_counts(f"after push {step + 1}", endpoint, sizes)
    remote = endpoint.content_hashes()
    # graph/inferred records its state in graph/inferred-state, not about itself: compared by
    # push, left out here as it is of the local side (``hashes``: graphs about themselves)
    remote.pop(str(G_INFERRED), None)
    wrong = sum(1 for g, h in hashes.items() if remote.get(g) != h)
    checks.append(
        Check(f"after push {step + 1}: content hashes", f"{len(hashes):,}", f"{wrong} differ", wrong == 0)
    )
    return [killed, resumed], checks, notes


# ------------------------------------------------------------------------------------------
# the store to push
# ------------------------------------------------------------------------------------------


def prepare_store(args: argparse.Namespace, tmp: Path) -> tuple[Path, str]:
    """The store to push: ``--store`` as given, else build ``--corpus`` or a generated one."""
    if args.store is not None:
        if not args.store.is_dir():
            raise SystemExit(f"no store at {args.store}")
        return args.store, f"`{args.store}` (given)"
    corpus = args.corpus
    how = ""
    if corpus is None:
        corpus = tmp / "corpus"
        t = time.perf_counter()
        subprocess.run(
            [
                sys.executable,
                str(HERE / "generate_corpus.py"),
                "--docs",
                str(args.docs),
                "--seed",
                str(args.seed),
                "--out",
                str(corpus),
            ],
            check=True,
        )
        how = f"generated {args.docs:,} reports (seed {args.seed}) in {time.perf_counter() - t:.0f} s; "
    store = tmp / "store"
    t = time.perf_counter()
    subprocess.run(
        [*povkg_cmd(), "build", str(corpus), "--store", str(store), "--jobs", str(args.jobs), "--no-validate"], check=True
    )
    how += f"`povkg build --jobs {args.jobs}` in {time.perf_counter() - t:.0f} s"
    return store, how


# ------------------------------------------------------------------------------------------
# report
# ------------------------------------------------------------------------------------------


def render(
    info: dict[str, str],
    store_desc: str,
    store_facts: dict[str, str],
    runs: list[PushRun],
    checks: list[Check],
    queries: list[QueryCheck],
    server_facts: dict[str, str],
    command: str,
    notes: list[str],
) -> str:
    out = ["# `povkg push` to a real Oxigraph server on loopback", ""]
    out.append(f"Command: `{command}`")
    out.append("")
    out.append("| machine | |")
    out.append("|---|---|")
    out += [f"| {k} | {v} |" for k, v in info.items()]
    out.append("")
    out.append(f"Store pushed: {store_desc}.")
    out.append("")
    out.append("| store | |")
    out.append("|---|---|")
    out += [f"| {k} | {v} |" for k, v in {**store_facts, **server_facts}.items()]
    out.append("")
    out.append("## Push runs")
    out.append("")
    out.append(
        "| run | exit | graphs sent | graphs skipped | triples sent | requests | seconds | triples/s | CPU (push) | peak RSS (push) |"
    )
    out.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in runs:
        code = "SIGKILL" if r.killed else str(r.exit_code)
        sent = fmt_int(r.pushed) if r.pushed is not None else f"{len(r.sent_names):,} (from progress)"
        rate = f"{r.rate:,.0f}" if r.rate is not None else "–"
        out.append(
            f"| {r.label} | {code} | {sent} | {fmt_int(r.skipped)} | {fmt_int(r.triples)} | {fmt_int(r.requests)} "
            f"| {r.seconds:,.1f} | {rate} | {fmt_s(r.cpu_seconds)} | {fmt_mb(r.peak_rss_mb)} |"
        )
    out.append("")
    out.append("## Checks")
    out.append("")
    out.append("| check | local | server | ok | seconds |")
    out.append("|---|---|---|---|---:|")
    for c in checks:
        out.append(f"| {c.name} | {c.local} | {c.remote} | {'yes' if c.ok else '**NO**'} | {c.seconds:.1f} |")
    out.append("")
    out.append("## Named queries, local store vs endpoint (after the first push)")
    out.append("")
    out.append(
        "| query | parameters | rows local | rows endpoint | local ms | endpoint ms | identical Results |"
    )
    out.append("|---|---|---:|---:|---:|---:|---|")
    for q in queries:
        params = ", ".join(f"{k}={v}" for k, v in q.params.items()) or "–"
        same = "yes" if q.identical else f"**NO** {q.error}".strip()
        out.append(
            f"| {q.name} | {params} | {q.rows_local:,} | {q.rows_remote:,} | {q.ms_local:,.0f} | {q.ms_remote:,.0f} | {same} |"
        )
    if notes:
        out.append("")
        out.append("## Notes")
        out.append("")
        out += [f"- {n}" for n in notes]
    out.append("")
    return "\n".join(out)


# ------------------------------------------------------------------------------------------
# main
# ------------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    ap.add_argument(
        "--store", type=Path, default=None, help="Oxigraph store folder to push (opened read-only)."
    )
    ap.add_argument(
        "--corpus", type=Path, default=None, help="Without --store: build this folder of reports."
    )
    ap.add_argument("--docs", type=int, default=10_000, help="Without --store/--corpus: reports to generate.")
    ap.add_argument("--seed", type=int, default=1, help="Seed of the generated corpus.")
    ap.add_argument("--jobs", type=int, default=2, help="povkg build --jobs, when building.")
    ap.add_argument(
        "--out", type=Path, default=RESULTS, help="Markdown report (default bench/results/push.md)."
    )
    ap.add_argument("--port", type=int, default=None, help="Server port on 127.0.0.1 (default: a free one).")
    ap.add_argument("--batch", type=int, default=100_000, help="povkg push --batch.")
    ap.add_argument(
        "--kill-after", type=float, default=5.0, help="Seconds before the timed --force push is SIGKILLed."
    )
    ap.add_argument(
        "--kill",
        choices=("time", "aimed", "both"),
        default="both",
        help="Interrupt a --force push after --kill-after seconds, or aimed: once the server holds the "
        "largest graph only partly (it has been PUT, not all POSTed), or both in turn (default).",
    )
    ap.add_argument("--sample", type=int, default=20, help="Random report graphs fetched back and compared.")
    ap.add_argument(
        "--tmp", type=Path, default=None, help="Parent of the temporary folder (default: $TMPDIR)."
    )
    args = ap.parse_args(argv)

    info = machine()
    command = " ".join(["python", *sys.argv]) if argv is None else "main(" + repr(argv) + ")"
    port = args.port or free_port()
    runs: list[PushRun] = []
    checks: list[Check] = []
    queries: list[QueryCheck] = []
    notes: list[str] = []
    server_facts: dict[str, str] = {}

    with tempfile.TemporaryDirectory(prefix="bench-push-", dir=args.tmp) as tmpname:
        tmp = Path(tmpname)
        store_path, store_desc = prepare_store(args, tmp)

        # the local store, read only
        t = time.perf_counter()
        local = ox.Store.read_only(str(store_path))
        sizes = local_sizes(local)
        hashes = local_hashes(local)
        n_graphs = sum(1 for g in local.named_graphs() if isinstance(g, ox.NamedNode))
        n_default = sum(1 for _ in local.quads_for_pattern(None, None, None, ox.DefaultGraph()))
        n_quads = sum(sizes.values())
        store_facts = {
            "named graphs (non-empty / declared)": f"{len(sizes):,} / {n_graphs:,}",
            "quads in named graphs": f"{n_quads:,}",
            "quads in the default graph": f"{n_default:,}",
            "largest graph": "{} ({:,} triples)".format(*max(sizes.items(), key=lambda kv: kv[1])),
            "graphs recording their own content hash": f"{len(hashes):,}",
            "size on disk": f"{du_mb(store_path):,.0f} MB",
            "reading it (counts, sizes, hashes)": f"{time.perf_counter() - t:.1f} s",
        }
        print(f"[bench_push] local store: {store_facts}", file=sys.stderr, flush=True)
        if n_graphs != len(sizes):
            notes.append(
                f"the local store declares {n_graphs - len(sizes)} empty named graph(s); push skips nothing for them"
            )
        rng = random.Random(args.seed)
        reference = sorted(g for g in sizes if "/graph/" in g)
        docs = sorted(g for g in sizes if "/graph/" not in g)
        sample = reference + sorted(rng.sample(docs, min(args.sample, len(docs))))

        with oxigraph_server(tmp, port) as server:
            endpoint = EndpointStore(server.url, timeout=900)
            if remote_quads(endpoint) != 0:
                raise SystemExit("the fresh server is not empty")

            # 1. first push into the empty server
            first = run_push(
                "1. push into an empty server", server.url, store_path, tmp / "push1.log", batch=args.batch
            )
            runs.append(first)
            checks.append(Check("push 1 exits 0", "", str(first.exit_code), first.exit_code == 0))
            checks.append(
                Check(
                    "push 1 sends every graph",
                    fmt_int(len(sizes)),
                    fmt_int(first.pushed),
                    first.pushed == len(sizes),
                )
            )
            checks.append(
                Check(
                    "push 1 sends every triple",
                    fmt_int(n_quads),
                    fmt_int(first.triples),
                    first.triples == n_quads,
                )
            )
            checks += verify_counts("after push 1", endpoint, sizes)
            checks += verify_content(local, endpoint, server.graph_store, hashes, sample)
            with contextlib.suppress(OSError):
                server_facts["server store on disk after push 1"] = f"{du_mb(server.location):,.0f} MB"
            queries = verify_queries(OxigraphStore(store_path, read_only=True), endpoint)

            # 2. again: nothing to do
            again = run_push(
                "2. push again (resume, nothing to do)",
                server.url,
                store_path,
                tmp / "push2.log",
                batch=args.batch,
            )
            runs.append(again)
            checks.append(
                Check(
                    "push 2 skips every graph, sends 0 triples",
                    f"{len(sizes):,} graphs",
                    f"exit {again.exit_code}, {fmt_int(again.skipped)} skipped, {fmt_int(again.triples)} triples",
                    again.exit_code == 0
                    and again.skipped == len(sizes)
                    and again.triples == 0
                    and again.pushed == 0,
                )
            )

            # 3-6. a --force push killed partway, then a plain push (timed, then aimed)
            step = 3
            for how in ("time", "aimed") if args.kill == "both" else (args.kill,):
                trial_runs, c, n = interrupt_and_resume(
                    step, how, endpoint, store_path, tmp, args.batch, args.kill_after, sizes, hashes
                )
                runs += trial_runs
                checks += c
                notes += n
                step += 2

            peak = server.peak_rss_mb()
            if peak is not None:
                server_facts["server peak RSS (VmHWM)"] = f"{peak:,.0f} MB"
            with contextlib.suppress(OSError):
                server_facts["server store on disk at the end"] = f"{du_mb(server.location):,.0f} MB"
            server_log = server.log
        server_err = [ln for ln in server_log.read_text(errors="replace").splitlines() if ln.strip()]
        if server_err:
            notes.append(f"server output ({len(server_err)} lines), last: `{server_err[-1][:200]}`")
        for r in runs:
            if r.other_stderr:
                notes.append(
                    f"{r.label}: {len(r.other_stderr)} unexpected stderr line(s), first: `{r.other_stderr[0][:200]}`"
                )
        if os.getloadavg()[0] > 0.5 and info["nproc"] != "?":
            notes.append(
                f"load average at the end: {' '.join(f'{x:.2f}' for x in os.getloadavg())} "
                "(other work shared the machine)"
            )
        del local

    report = render(info, store_desc, store_facts, runs, checks, queries, server_facts, command, notes)
    failures = [c.name for c in checks if not c.ok] + [f"query {q.name}" for q in queries if not q.identical]
    if failures:
        report += "\n**FAILED:** " + "; ".join(failures) + "\n"
    else:
        report += "\nAll checks passed.\n"
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(report, encoding="utf-8")
    print(report)
    print(f"[bench_push] wrote {args.out}", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
