"""Benchmark of the viewer on real stores: every view at three corpus sizes, beside pyvis.

Run on demand (not part of the tests)::

    python bench/bench_viewer.py                      # reference report, tests/data/corpus, 2,000 generated
    python bench/bench_viewer.py --docs 10000         # the generated size (builds a 10k store: minutes)
    python bench/bench_viewer.py --generated-store out/store-10k   # reuse a built store

For each corpus it builds a store (not timed here), reads the model once (timed) and, for
every view (``overview``, ``policy``, ``coorg``, ``place``, ``event`` and the focus view of
河南省委网信办 or, without it, the best-connected body), times

* the view: :func:`visualise.views.build_view` on the model read once (the read is reported
  on its own line: it is shared by every view of a page written by ``povkg viz``),
* the page: :func:`visualise.render.render_html` and its size,
* the browser: Debian's Chromium through Playwright, from navigation start to the page being
  drawn and interactive, by the page's own clock (``performance.now()`` at ``data-ready``),

counts the nodes carried and visible, measures the share of visible nodes whose label is
drawn and overlaps no other label at the default zoom (from the label boxes vis-network
computed with the font metrics), and writes a screenshot of every view to
``bench/results/viewer/<corpus>-<view>.jpg``.

Beside it, pyvis's own path on the same graph: the unaggregated overview (every entity the
overview covers, every relation) as a networkx graph, ``Network.from_nx`` with the library
inlined and physics off, ``generate_html``, and the same browser timing (until vis-network's
first drawing).

It prints markdown tables and writes them, with the machine and versions, to
``bench/results/viewer.md``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
RESULTS = HERE / "results" / "viewer.md"
SHOTS = HERE / "results" / "viewer"
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
VIEWS = ("overview", "policy", "coorg", "place", "event", "focus")
FOCUS = "河南省委网信办"

LABELS = """() => {
  const v = povkgViewer, body = v.network.body.nodes;
  const boxes = [];
  for (const i of v.visible) {
    const n = body[i];
    if (n && n.labelModule.visible() && n.labelModule.size.width > 0) {
      const s = n.labelModule.size;
      boxes.push([s.left, s.top, s.width, s.height]);
    }
  }
  let clear = 0;
  for (const a of boxes) {
    if (!boxes.some(b => b !== a && a[0] < b[0] + b[2] && b[0] < a[0] + a[2] && a[1] < b[1] + b[3] && b[1] < a[1] + a[3])) { clear++; }
  }
  return { visible: v.visible.length, clear: clear };
}"""


def build_store(kind: str, docs: int, work: Path) -> Path:
    """A store of the reference report, the test corpus or ``docs`` generated reports."""
    from kg.build import build_corpus
    from kg.resources import sample_report
    from kg.store import OxigraphStore

    path = work / f"store-{kind}"
    if kind == "reference":
        sources: list[Path] = [sample_report()]
    elif kind == "corpus":
        sources = [ROOT / "tests" / "data" / "corpus"]
    else:
        folder = work / "generated"
        gen = HERE / "generate_corpus.py"
        cmd = [sys.executable, str(gen), "--docs", str(docs), "--seed", "1", "--out", str(folder)]
        subprocess.run(cmd, check=True, capture_output=True)
        sources = [folder]
    store = OxigraphStore(path)
    build_corpus(sources, store, jobs=2, progress=False)
    del store
    return path


def _focus_name(model: Any) -> str:
    bodies = [b for b in model.of_type("body") if model.label(b, "zh") == FOCUS]
    if bodies:
        return bodies[0]
    return sorted(model.of_type("body"), key=lambda b: (-len(model.inc.get(b, [])), b))[0]


def _open(browser: Any, path: Path, ready: str, timeout_s: float) -> tuple[Any, float, float]:
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort())
    t0 = time.perf_counter()
    page.goto(path.as_uri(), wait_until="commit")
    if ready == "povkg":
        page.wait_for_selector("html[data-ready=true]", state="attached", timeout=timeout_s * 1000)
        wall = time.perf_counter() - t0
        return page, wall, float(page.evaluate("povkgViewer.readyAt")) / 1000.0
    # pyvis: its page defines `network`; wait for vis-network's first drawing
    page.wait_for_function("typeof network !== 'undefined'", timeout=timeout_s * 1000)
    clock = page.evaluate(
        "() => new Promise(r => { network.once('afterDrawing', () => r(performance.now())); network.redraw(); })"
    )
    return page, time.perf_counter() - t0, float(clock) / 1000.0


_PYVIS = """
import json, sys
import networkx as nx
from pyvis.network import Network
g = nx.node_link_graph(json.load(open(sys.argv[1], encoding="utf-8")), edges="links")
net = Network(height="900px", width="100%", cdn_resources="in_line")
net.from_nx(g)
net.toggle_physics(False)
open(sys.argv[2], "w", encoding="utf-8").write(net.generate_html())
"""


def _pyvis(
    model: Any, work: Path, kind: str, browser: Any, timeout_s: float, pyvis_timeout_s: float
) -> dict[str, Any]:
    """pyvis's from_nx on the unaggregated overview graph."""
    import networkx as nx

    from visualise.aggregate import _Corpus, _subset

    corpus = _Corpus(model, model.classes)
    ids, *_ = _subset(corpus, "overview", None, None, 2)
    g = nx.Graph()
    for i in sorted(ids):
        g.add_node(i, label=model.label(i, "zh"), group=model.types[i])
    for s, _, o in sorted(model.rels):
        if s in ids and o in ids and s != o:
            g.add_edge(s, o)
    # pyvis's from_nx checks every node and edge against lists (quadratic): it runs in a
    # process of its own, stopped at the timeout
    graph_file = work / f"pyvis-{kind}.json"
    path = work / f"pyvis-{kind}.html"
    graph_file.write_text(json.dumps(nx.node_link_data(g, edges="links")), encoding="utf-8")
    row: dict[str, Any] = {
        "nodes": g.number_of_nodes(),
        "edges": g.number_of_edges(),
        "gen": None,
        "mb": None,
    }
    row["clock"] = row["wall"] = None
    t0 = time.perf_counter()
    try:
        cmd = [sys.executable, "-c", _PYVIS, str(graph_file), str(path)]
        subprocess.run(cmd, check=True, timeout=pyvis_timeout_s)
    except subprocess.TimeoutExpired:
        row["error"] = f"from_nx did not finish in {pyvis_timeout_s:.0f} s"
        return row
    row["gen"] = time.perf_counter() - t0
    row["mb"] = path.stat().st_size / 1e6
    try:
        page, wall, clock = _open(browser, path, "pyvis", timeout_s)
        row["clock"], row["wall"] = clock, wall
        page.screenshot(path=str(SHOTS / f"{kind}-pyvis.jpg"), type="jpeg", quality=70)
        page.close()
    except Exception as exc:  # noqa: BLE001 - a timeout is a result here
        row["error"] = type(exc).__name__
    return row


def run(
    kinds: list[str], docs: int, generated_store: Path | None, timeout_s: float, pyvis_timeout_s: float
) -> str:
    """Every view of every corpus, and pyvis beside them, as markdown tables."""
    from playwright.sync_api import sync_playwright

    from visualise.render import render_html
    from visualise.views import build_view, load_model

    SHOTS.mkdir(parents=True, exist_ok=True)
    view_rows, model_rows, pyvis_rows = [], [], []
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        work = Path(tmp)
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for kind in kinds:
            shot = f"generated-{docs}" if kind == "generated" and docs != 2000 else kind
            label = {
                "reference": "reference report",
                "corpus": "tests/data/corpus",
                "generated": f"{docs:,} generated",
            }[kind]
            store = (
                generated_store if kind == "generated" and generated_store else build_store(kind, docs, work)
            )
            t0 = time.perf_counter()
            model = load_model(store)
            load_s = time.perf_counter() - t0
            model_rows.append(f"| {label} | {len(model.types):,} | {len(model.rels):,} | {load_s:.2f} |")
            print(model_rows[-1], file=sys.stderr)
            for view in VIEWS:
                t0 = time.perf_counter()
                if view == "focus":
                    data = build_view(model, "overview", focus=_focus_name(model), depth=2)
                else:
                    data = build_view(model, view)
                build_s = time.perf_counter() - t0
                t0 = time.perf_counter()
                html = render_html(data)
                render_s = time.perf_counter() - t0
                path = work / f"{kind}-{view}.html"
                path.write_bytes(html.encode("utf-8"))
                page, wall, clock = _open(browser, path, "povkg", timeout_s)
                labels = page.evaluate(LABELS)
                page.screenshot(path=str(SHOTS / f"{shot}-{view}.jpg"), type="jpeg", quality=70)
                page.close()
                share = 100.0 * labels["clear"] / max(1, labels["visible"])
                view_rows.append(
                    f"| {label} | {view} | {len(data.nodes):,} | {labels['visible']} | {share:.0f} % | {build_s:.2f} "
                    f"| {render_s:.2f} | {path.stat().st_size / 1e6:.2f} | {clock:.2f} | {wall:.2f} |"
                )
                print(view_rows[-1], file=sys.stderr)
            row = _pyvis(model, work, shot, browser, timeout_s, pyvis_timeout_s)
            clock_text = f"{row['clock']:.2f}" if row.get("clock") is not None else f"no ({row.get('error')})"
            gen_text = f"{row['gen']:.2f}" if row["gen"] is not None else f"> {pyvis_timeout_s:.0f}"
            mb_text = f"{row['mb']:.2f}" if row["mb"] is not None else "–"
            wall_text = f"{row['wall']:.2f}" if row.get("wall") is not None else "–"
            pyvis_rows.append(
                f"| {label} | {row['nodes']:,} | {row['edges']:,} | {gen_text} | {mb_text} "
                f"| {clock_text} | {wall_text} |"
            )
            print(pyvis_rows[-1], file=sys.stderr)
        browser.close()
    return "\n".join(
        [
            "### Reading the store (once per page)\n",
            "| corpus | entities (folded records left out) | relations | read (s) |\n|---|---:|---:|---:|",
            *model_rows,
            "\n### The views\n",
            "| corpus | view | nodes carried | visible at first | labels drawn and clear | view (s) "
            "| HTML (s) | page (MB) | render to interactive (s, page clock) | navigation to interactive (s, wall) |\n"
            "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|",
            *view_rows,
            "\n### pyvis `from_nx` on the same graph (the unaggregated overview, physics off)\n",
            "| corpus | nodes | edges | from_nx + generate_html (s) | page (MB) | first drawing (s, page clock) "
            "| navigation to drawing (s, wall) |\n|---|---:|---:|---:|---:|---:|---:|",
            *pyvis_rows,
        ]
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=2000, help="generated reports (default 2,000)")
    parser.add_argument(
        "--generated-store", type=Path, default=None, help="reuse this store for the generated size"
    )
    parser.add_argument("--only", nargs="+", choices=["reference", "corpus", "generated"], default=None)
    parser.add_argument("--timeout", type=float, default=180.0, help="seconds to wait for one page")
    parser.add_argument("--pyvis-timeout", type=float, default=300.0, help="seconds pyvis's from_nx may take")
    parser.add_argument("--no-write", action="store_true", help=f"do not write {RESULTS.name}")
    parser.add_argument("--out", type=Path, default=RESULTS, help=f"where to write the tables (default {RESULTS.name})")
    args = parser.parse_args(argv)
    if not Path(CHROMIUM).exists():
        print(f"no browser at {CHROMIUM}", file=sys.stderr)
        return 1
    kinds = args.only or ["reference", "corpus", "generated"]
    load_before = os.getloadavg()[0]
    t0 = time.perf_counter()
    tables = run(kinds, args.docs, args.generated_store, args.timeout, args.pyvis_timeout)
    total = time.perf_counter() - t0
    load_after = os.getloadavg()[0]
    print(tables)
    if not args.no_write:
        from importlib.metadata import version

        machine = (
            f"{platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}, "
            f"pyvis {version('pyvis')} (vis-network 9.1.2), Debian Chromium headless, viewport 1400×900"
        )
        command = " ".join(argv if argv is not None else sys.argv[1:])
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(
            "# Viewer benchmark\n\n"
            f"`python bench/bench_viewer.py {command}` — every view of real stores (one run each; "
            "screenshots in `bench/results/viewer/`). *Labels drawn and clear*: visible nodes whose label "
            "vis-network draws at the default zoom and whose box overlaps no other label. *Render to "
            "interactive* is the page's own clock from navigation start to the first complete drawing.\n\n"
            f"Machine: {machine}; 1-minute load average {load_before:.1f} before and {load_after:.1f} after "
            f"the run, {total:.0f} s in all (the machine is shared, so figures vary by ±30 %).\n\n"
            f"{tables}\n",
            encoding="utf-8",
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
