"""Benchmark of the viewer: HTML generation and browser render time on synthetic graphs.

Run on demand (not part of the tests)::

    python bench/bench_viewer.py                 # 500, 5,000 and 20,000 nodes
    python bench/bench_viewer.py --sizes 500 5000 --runs 3

For each size it builds a synthetic graph shaped like the overview of a real corpus (places
in a hierarchy, bodies, policies, programmes, indicators, events with roles, site visits and,
most numerous, outcomes) directly as :class:`visualise.views.ViewData`, then times

* the layout (positions computed in Python),
* the HTML generation (:func:`visualise.render.render_html`) and the page size,
* the browser: Debian's Chromium through Playwright, from navigation start to the page being
  ready and interactive (the first ``afterDrawing`` when physics is off; the drawing after
  ``stabilizationIterationsDone`` when it is on), as measured by the page itself
  (``performance.now()``).

It prints a markdown table and writes it, with the machine and versions, to
``bench/results/viewer.md``.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from visualise.render import render_html
from visualise.views import PHYSICS_MAX_NODES, Edge, Node, ViewData, compute_layout

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
RESULTS = Path(__file__).resolve().parent / "results" / "viewer.md"

#: share of each node type in the synthetic graph (roughly that of a real corpus overview)
SHARES = {
    "place": 0.08,
    "body": 0.18,
    "policy": 0.02,
    "programme": 0.01,
    "indicator": 0.07,
    "event": 0.07,
    "visit": 0.05,
    "site": 0.04,
    "outcome": 0.48,
}


def synthetic_view(n: int, seed: int = 1) -> ViewData:
    """A graph of about ``n`` nodes with the shape of a povkg overview (no positions yet).

    Parameters
    ----------
    n : int
        Number of nodes wanted (the result has exactly ``n``, rounding permitting).
    seed : int
        Seed of the random choices.

    Returns
    -------
    ViewData
        Nodes with labels in both languages, details and a source sentence; edges of the
        kinds the overview draws.
    """
    rng = random.Random(seed)
    counts = {t: max(1, round(n * share)) for t, share in SHARES.items()}
    counts["outcome"] += n - sum(counts.values())
    ids: dict[str, list[str]] = {
        t: [f"https://w3id.org/povkg/id/{t}/{i}" for i in range(c)] for t, c in counts.items()
    }
    edges: set[tuple[str, str, str]] = set()

    def pick(t: str) -> str:
        return rng.choice(ids[t])

    places = ids["place"]
    provinces = places[: max(1, len(places) // 10)]
    for i, place in enumerate(places[len(provinces) :]):
        upper = provinces if i < len(places) // 3 else places[: len(provinces) + i // 2 + 1]
        parent = upper[i % len(upper)] if upper is provinces else rng.choice(upper)
        if parent != place:
            edges.add((place, "partOf", parent))
    for b in ids["body"]:
        edges.add((b, "serves", rng.choice(places)))
    for policy in ids["policy"]:
        for _ in range(rng.randint(1, 3)):
            edges.add((policy, "issuedBy", pick("body")))
    for programme in ids["programme"]:
        edges.add((programme, "programmeOf", pick("policy")))
    for indicator in ids["indicator"]:
        edges.add((indicator, "measures", pick("programme")))
    for site in ids["site"]:
        edges.add((site, "locatedIn", rng.choice(places)))
    for e in ids["event"]:
        edges.add((e, "heldIn", rng.choice(places)))
        edges.add((e, "implements", pick("policy")))
        for role in ("host", "host", "speaker", "speaker", "attendee")[: rng.randint(2, 5)]:
            edges.add((e, role, pick("body")))
    for v in ids["visit"]:
        edges.add((pick("event"), "visit", v))
        edges.add((v, "heldIn", pick("site")))
    for o in ids["outcome"]:
        edges.add((o, "indicator", pick("indicator")))
        edges.add((o, "area", rng.choice(places)))
        edges.add((o, "reportedAt", pick("event")))
    degree: dict[str, int] = {}
    for s, _, o in edges:
        degree[s] = degree.get(s, 0) + 1
        degree[o] = degree.get(o, 0) + 1
    nodes = []
    for t, members in ids.items():
        for k, iri in enumerate(members):
            nodes.append(
                Node(
                    id=iri,
                    type=t,
                    label_zh=f"{t}节点{k}号（测试）",
                    label_en=f"{t} node {k}",
                    size=round(min(48.0, 10.0 + 4.0 * degree.get(iri, 0) ** 0.5), 1),
                    details=(("date", "2020-11-10", "2020-11-10"),),
                )
            )
    nodes.sort(key=lambda x: x.id)
    return ViewData(
        nodes=tuple(nodes),
        edges=tuple(Edge(s, o, k) for s, k, o in sorted(edges)),
        title=f"合成图（{n} 个节点）",
        title_en=f"Synthetic graph ({n} nodes)",
        view="overview",
    )


def _browser_time(path: Path, timeout_s: float) -> tuple[float, float]:
    """(wall-clock seconds to ready, the page's own performance.now() at ready) for a file."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            page.route(
                "**/*",
                lambda route: route.continue_() if route.request.url.startswith("file:") else route.abort(),
            )
            t0 = time.perf_counter()
            page.goto(path.as_uri(), wait_until="commit")
            page.wait_for_selector("html[data-ready=true]", state="attached", timeout=timeout_s * 1000)
            wall = time.perf_counter() - t0
            ready_at = float(page.evaluate("povkgViewer.readyAt"))
            return wall, ready_at / 1000.0
        finally:
            browser.close()


def run(sizes: list[int], runs: int, timeout_s: float) -> str:
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            view = synthetic_view(n)
            t0 = time.perf_counter()
            pos = compute_layout(view)
            layout_s = time.perf_counter() - t0
            view = replace(view, nodes=tuple(replace(x, x=pos[x.id][0], y=pos[x.id][1]) for x in view.nodes))
            gen = []
            html = ""
            for _ in range(runs):
                t0 = time.perf_counter()
                html = render_html(view)
                gen.append(time.perf_counter() - t0)
            path = Path(tmp) / f"bench-{n}.html"
            path.write_bytes(html.encode("utf-8"))
            walls, readies = [], []
            for _ in range(runs):
                wall, ready = _browser_time(path, timeout_s)
                walls.append(wall)
                readies.append(ready)
            physics = "on" if view.physics else "off"
            row = (
                f"| {len(view.nodes):,} | {len(view.edges):,} | {physics} | {layout_s:.2f} | {statistics.median(gen):.2f} "
                f"| {path.stat().st_size / 1e6:.1f} | {statistics.median(readies):.2f} | {statistics.median(walls):.2f} |"
            )
            print(row, file=sys.stderr)
            rows.append(row)
    header = (
        "| nodes | edges | physics | layout (s) | HTML generation (s) | page (MB) | render to interactive (s, page clock) "
        "| navigation to interactive (s, wall) |\n|---:|---:|:---:|---:|---:|---:|---:|---:|"
    )
    return header + "\n" + "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[500, 5000, 20000])
    parser.add_argument("--runs", type=int, default=3, help="median of this many runs")
    parser.add_argument("--timeout", type=float, default=300.0, help="seconds to wait for one page")
    parser.add_argument("--no-write", action="store_true", help=f"do not write {RESULTS.name}")
    args = parser.parse_args(argv)
    if not Path(CHROMIUM).exists():
        print(f"no browser at {CHROMIUM}", file=sys.stderr)
        return 1
    load_before = os.getloadavg()[0]
    table = run(args.sizes, args.runs, args.timeout)
    load_after = os.getloadavg()[0]
    print(table)
    if not args.no_write:
        from importlib.metadata import version

        machine = (
            f"{platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}, "
            f"pyvis {version('pyvis')} (vis-network 9.1.2), Debian Chromium headless"
        )
        RESULTS.parent.mkdir(parents=True, exist_ok=True)
        RESULTS.write_text(
            "# Viewer benchmark\n\n"
            "`python bench/bench_viewer.py` — synthetic overview-shaped graphs (`synthetic_view`), "
            f"median of {args.runs} runs. Physics is on up to {PHYSICS_MAX_NODES} nodes (stabilise, then freeze), "
            "off above (positions from Python). *Render to interactive* is the page's own clock from navigation "
            "start to the first complete drawing; *wall* adds browser start-up of the page.\n\n"
            f"Machine: {machine}; 1-minute load average {load_before:.1f} before and {load_after:.1f} after "
            "the run (the machine is shared, so figures vary by ±30 %).\n\n"
            f"{table}\n",
            encoding="utf-8",
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
