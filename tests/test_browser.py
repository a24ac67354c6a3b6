"""The viewer in a real browser: Debian's headless Chromium driven by Playwright.

Every view is opened from a file with all network access recorded and refused; the page
must log no error and request nothing outside the file. On the hand-made fixture: search,
the legend's type filter, the language switch, hostile labels shown as text. On three
corpora — the reference report, the 13-report test corpus and 2,000 generated reports
(``slow``) — every view must open with at most its budget of visible nodes, at least 80 % of
them with a label that is drawn and overlaps no other label at the default zoom (the label
boxes vis-network computed from the font metrics), a filter that changes the counts, a
double-click that brings in a cluster's members, a breadcrumb back, a details panel
with a source sentence, and an indicator's series chart whose point opens its sentence. A
screenshot of each view goes to ``tests/artefacts/`` (git-ignored)
for a person to look at.

Run with ``pytest -m browser``; skipped when Chromium or Playwright is missing. The browser
is never downloaded: Playwright launches ``/usr/bin/chromium``.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest

from visualise import VIEWS, build_view, write_view
from visualise.views import Edge, Node, Source, ViewData

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
FIXTURE = Path(__file__).parent / "data" / "viewer_fixture.trig"
ARTEFACTS = Path(__file__).parent / "artefacts"
ID = "https://w3id.org/povkg/id/"

if not Path(CHROMIUM).is_file():
    pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install chromium)", allow_module_level=True)
sync_api = pytest.importorskip(
    "playwright.sync_api", reason="playwright (the Python package) is not installed"
)


@pytest.fixture(scope="module")
def store() -> ox.Store:
    s = ox.Store()
    s.load(path=str(FIXTURE), format=ox.RdfFormat.TRIG)
    return s


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


#: the full IRI of a node of the page's data (the page stores most IRIs without their base)
FULL_IRI = "n => (n.iri.includes(':') ? n.iri : povkgViewer.data.base + n.iri)"


class Opened:
    """A page opened from a file, with what it logged and tried to fetch."""

    def __init__(self, browser: Any, path: Path) -> None:
        self.page = browser.new_page(viewport={"width": 1400, "height": 900})
        self.errors: list[str] = []
        self.outside: list[str] = []
        self.dialogs: list[str] = []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("dialog", self._dialog)
        self.page.route("**/*", self._route)
        self.page.goto(path.resolve().as_uri())
        # data-ready is set by the page once drawn (and, with physics, stabilised); waiting on
        # a selector needs no eval, which the page's Content-Security-Policy forbids
        self.page.wait_for_selector("html[data-ready=true]", state="attached", timeout=120_000)

    def _route(self, route: Any) -> None:
        url = route.request.url
        if url.startswith("file:"):
            route.continue_()
        else:
            self.outside.append(url)
            route.abort()

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def js(self, script: str, arg: Any = None) -> Any:
        return self.page.evaluate(script, arg)

    def until(self, check: Callable[[], bool], timeout: float = 10.0) -> None:
        end = time.monotonic() + timeout
        while not check():
            if time.monotonic() > end:
                raise AssertionError("condition not met in time")
            time.sleep(0.05)

    def node_index(self, iri: str) -> int:
        return int(self.js(f"(iri) => povkgViewer.data.nodes.findIndex({FULL_IRI} === iri)", iri))

    def node_on_screen(self, i: int) -> tuple[float, float]:
        x, y = self.js(
            """(i) => { const net = povkgViewer.network; const p = net.getPositions([i])[i];
                 const d = net.canvasToDOM(p); const r = document.getElementById('network').getBoundingClientRect();
                 return [r.left + d.x, r.top + d.y]; }""",
            i,
        )
        return float(x), float(y)

    def close(self) -> None:
        self.page.close()


@pytest.fixture(scope="module")
def pages(store: ox.Store, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("pages")
    paths = {v: write_view(store, out / f"{v}.html", v) for v in VIEWS}
    paths["event-en"] = write_view(store, out / "event-en.html", "event", lang="en")
    return paths


EXPECTED_NODES = {"overview": 32, "policy": 31, "coorg": 6, "place": 5, "event": 32}


@pytest.mark.parametrize("view", VIEWS)
def test_view_renders_offline_without_errors(browser: Any, pages: dict[str, Path], view: str) -> None:
    o = Opened(browser, pages[view])
    try:
        assert o.js("povkgViewer.nodes.length") == EXPECTED_NODES[view]
        assert o.js("povkgViewer.visible.length") == EXPECTED_NODES[view]
        assert o.js("Object.keys(povkgViewer.network.getPositions()).length") == EXPECTED_NODES[view]
        assert o.js("typeof vis") == "object"
        ARTEFACTS.mkdir(exist_ok=True)
        o.page.screenshot(path=str(ARTEFACTS / f"{view}.png"))
        assert o.errors == []
        assert o.outside == []
        assert o.dialogs == []
    finally:
        o.close()


def test_search_finds_and_focuses_a_node(browser: Any, pages: dict[str, Path]) -> None:
    o = Opened(browser, pages["overview"])
    try:
        target = o.node_index(ID + "place/411522")
        o.page.fill("#search-input", "Guangshan County")  # English label, Chinese page
        o.page.press("#search-input", "Enter")
        o.until(lambda: o.js("povkgViewer.network.getSelectedNodes()") == [target])
        # the view is centred on the node once the short animation is over
        o.until(
            lambda: o.js(
                """(i) => { const net = povkgViewer.network; const p = net.getPositions([i])[i];
                     const v = net.getViewPosition(); return Math.hypot(p.x - v.x, p.y - v.y) < 2; }""",
                target,
            )
        )
        assert o.page.text_content("#search-status") == "1 / 1"
        assert not o.page.is_hidden("#details")
        assert "光山县" in (o.page.text_content("#details") or "")
        # by an alternative label, in Chinese
        o.page.fill("#search-input", "中网办")
        o.page.press("#search-input", "Enter")
        assert o.page.text_content("#search-status") == "未找到"
        o.page.fill("#search-input", "省委网信办")
        o.page.press("#search-input", "Enter")
        selected = o.js("povkgViewer.network.getSelectedNodes()")
        assert o.js(f"(i) => ({FULL_IRI})(povkgViewer.data.nodes[i])", selected[0]) == ID + "org/410000/cac"
        assert o.errors == [] and o.outside == []
    finally:
        o.close()


def test_type_filter_hides_and_shows_a_type(browser: Any, pages: dict[str, Path]) -> None:
    o = Opened(browser, pages["place"])
    try:
        before = o.js("povkgViewer.visible.length")
        assert o.js("povkgViewer.counts.types.outcome") == 10
        o.page.click("input.type-filter[value=outcome]")
        assert o.js("povkgViewer.counts.types.outcome || 0") == 0
        assert o.page.text_content("label:has(input.type-filter[value=outcome]) .type-count") == "0"
        assert o.js("povkgViewer.visible.filter(i => povkgViewer.data.nodes[i].t === 'outcome').length") == 0
        assert o.js("povkgViewer.visible.length") < before
        o.page.screenshot(path=str(ARTEFACTS / "place-without-outcomes.png"))
        # searching a hidden node shows its type again
        o.page.fill("#search-input", "99%")
        o.page.press("#search-input", "Enter")
        assert o.page.is_checked("input.type-filter[value=outcome]")
        assert o.js("povkgViewer.counts.types.outcome") == 10
        assert o.errors == []
    finally:
        o.close()


def test_language_switch(browser: Any, pages: dict[str, Path]) -> None:
    o = Opened(browser, pages["coorg"])
    try:
        assert o.page.text_content("#title") == "机构共同主办网络"
        o.page.click("#lang-switch button[data-lang=en]")
        assert o.page.text_content("#title") == "Co-hosting network of bodies"
        assert o.js("document.documentElement.lang") == "en"
        labels = o.js("povkgViewer.nodes.get().map(n => n.label)")
        assert "Henan Provincial\nPoverty Alleviation\nOffice" in labels  # wrapped at spaces
        assert o.page.text_content("#crumbs") == "Start"
        assert o.page.get_attribute("#search-input", "placeholder").startswith("Find")
        o.page.click("#lang-switch button[data-lang=zh]")
        assert "河南省扶贫办" in o.js("povkgViewer.nodes.get().map(n => n.label)")
        assert o.errors == []
    finally:
        o.close()


def test_hostile_labels_show_as_text_and_run_nothing(browser: Any, pages: dict[str, Path]) -> None:
    o = Opened(browser, pages["event-en"])
    try:
        hostile = [
            ID + "place/411522/guangshanxiandianshangchanyeyuan",  # <script> label
            ID + "place/411522/huaidianxiang/simaguangyouchayuan",  # <img onerror> label
            ID + "event/2020-11-10/411522/diaoyanwenshuxiangdongyuecun",  # javascript: label
        ]
        for iri in hostile:
            i = o.node_index(iri)
            o.js("(i) => povkgViewer.focusNode(i)", i)  # folded when the page opens: bring it in
            o.page.click("#details-close")
            x, y = o.node_on_screen(i)
            o.page.mouse.move(x, y)
            o.until(lambda: not o.page.is_hidden("#tooltip"))
            o.page.mouse.click(x, y)
            o.until(lambda: not o.page.is_hidden("#details"))
            shown = (o.page.text_content("#tooltip") or "") + (o.page.text_content("#details") or "")
            assert ("<script>" in shown) or ("<img src=x" in shown) or ("javascript:alert(1)" in shown)
        o.page.screenshot(path=str(ARTEFACTS / "event-en-hostile.png"))
        assert (
            o.js(
                "document.querySelectorAll('#tooltip *:is(script,img,a), #details *:is(script,img,a)').length"
            )
            == 0
        )
        assert o.js("typeof window.povkgPwned") == "undefined"
        assert o.dialogs == []
        assert o.errors == [] and o.outside == []
    finally:
        o.close()


def test_only_web_urls_become_links(browser: Any, tmp_path: Path) -> None:
    web = Source("第一句。", "urn:doc:a", "报告甲", "2020-01-01", "https://example.org/report")
    bad = Source("第二句。", "urn:doc:b", "报告乙", "2020-01-02", "javascript:alert(1)")
    view = ViewData(
        nodes=(
            Node("urn:a", "policy", "甲", "A", sources=(web,)),
            Node("urn:b", "policy", "乙", "B", sources=(bad,)),
        ),
        edges=(),
        title="链接",
    )
    o = Opened(browser, write_view(view, tmp_path / "links.html"))
    try:
        for i, expected in ((0, ["https://example.org/report"]), (1, [])):
            x, y = o.node_on_screen(i)
            o.page.mouse.click(x, y)
            o.until(lambda: o.js("povkgViewer.detailsFor") == i)  # noqa: B023 - used at once
            assert o.js("[...document.querySelectorAll('#details a')].map(a => a.href)") == expected
        assert "javascript:alert(1)" in (o.page.text_content("#details") or "")
        assert o.dialogs == [] and o.outside == [] and o.errors == []
    finally:
        o.close()


# --- the three corpora: budget, labels, filters, expanding, sources ----------------------------

#: the label boxes vis-network computed (from the font metrics) for the visible nodes whose
#: label it draws at the current zoom, and how many of them overlap no other
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
  return { visible: v.visible.length, labelled: boxes.length, clear: clear };
}"""

#: a visible node with members whose centre is on the canvas (not under the legend or panel)
EXPANDABLE = """() => {
  const v = povkgViewer, net = v.network, box = document.getElementById('network').getBoundingClientRect();
  const cands = v.visible.filter(i => v.kids[i].length && !(v.state.opened[i] && !v.data.nodes[i].c))
    .sort((a, b) => (v.data.nodes[b].c || 0) - (v.data.nodes[a].c || 0) || a - b);
  for (const i of cands) {
    const p = net.canvasToDOM(net.getPositions([i])[i]);
    const x = box.left + p.x, y = box.top + p.y;
    const hit = document.elementFromPoint(x, y);
    // clear of the details panel, which the first click of a double-click opens on the right
    if (x < box.right - 420 && hit && hit.closest('#network') && net.getNodeAt(p) === i) { return [i, x, y]; }
  }
  return null;
}"""

#: a visible node with a source sentence whose centre can be clicked
WITH_SOURCE = """() => {
  const v = povkgViewer, net = v.network, box = document.getElementById('network').getBoundingClientRect();
  for (const i of v.visible) {
    if (!(v.data.nodes[i].src || []).length) { continue; }
    const p = net.canvasToDOM(net.getPositions([i])[i]);
    const x = box.left + p.x, y = box.top + p.y;
    const hit = document.elementFromPoint(x, y);
    // clear of the details panel, which the first click of a double-click opens on the right
    if (x < box.right - 420 && hit && hit.closest('#network') && net.getNodeAt(p) === i) { return [i, x, y]; }
  }
  return null;
}"""

CORPORA = ["reference", "corpus", pytest.param("generated", marks=pytest.mark.slow)]
SIZE_VIEWS = (*VIEWS, "focus")
GENERATED_DOCS = 2000


def _build_store(kind: str, root: Path) -> Path:
    from kg.build import build_corpus
    from kg.resources import sample_report
    from kg.store import OxigraphStore

    path = root / f"store-{kind}"
    if kind == "reference":
        sources: list[Path] = [sample_report()]
    elif kind == "corpus":
        sources = [Path(__file__).parent / "data" / "corpus"]
    else:
        import subprocess
        import sys

        docs = root / "generated"
        gen = Path(__file__).parent.parent / "bench" / "generate_corpus.py"
        cmd = [sys.executable, str(gen), "--docs", str(GENERATED_DOCS), "--seed", "1", "--out", str(docs)]
        subprocess.run(cmd, check=True, capture_output=True)
        sources = [docs]
    store = OxigraphStore(path)
    build_corpus(sources, store, jobs=2, progress=False)
    del store
    return path


@pytest.fixture(scope="module")
def corpus_pages(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], dict[str, tuple[Path, Any]]]:
    from visualise.views import load_model

    root = tmp_path_factory.mktemp("corpora")
    made: dict[str, dict[str, tuple[Path, Any]]] = {}

    def get(kind: str) -> dict[str, tuple[Path, Any]]:
        if kind not in made:
            model = load_model(_build_store(kind, root))
            views: dict[str, tuple[Path, Any]] = {}
            bodies = [b for b in model.of_type("body") if model.label(b, "zh") == "河南省委网信办"]
            if not bodies:  # the corpus has no Henan meeting: the best-connected body
                bodies = sorted(model.of_type("body"), key=lambda b: (-len(model.inc.get(b, [])), b))
            for view in SIZE_VIEWS:
                if view == "focus":
                    data = build_view(model, "overview", focus=bodies[0], depth=2)
                else:
                    data = build_view(model, view)
                views[view] = (write_view(data, root / f"{kind}-{view}.html"), data)
            made[kind] = views
        return made[kind]

    return get


@pytest.mark.parametrize("view", SIZE_VIEWS)
@pytest.mark.parametrize("kind", CORPORA)
def test_view_is_readable_filterable_and_expandable(
    browser: Any, corpus_pages: Callable[[str], dict[str, tuple[Path, Any]]], kind: str, view: str
) -> None:
    path, data = corpus_pages(kind)[view]
    o = Opened(browser, path)
    try:
        ARTEFACTS.mkdir(exist_ok=True)
        o.page.screenshot(path=str(ARTEFACTS / f"{kind}-{view}.png"))
        # at most the intended number of visible nodes, as Python chose them
        shown = o.js("povkgViewer.visible.length")
        assert 0 < shown <= max(data.budget, len([n for n in data.nodes if n.parent is None]))
        assert shown == len(data.visible())
        # labels: drawn and clear of each other for at least 80 % of the visible nodes
        labels = o.js(LABELS)
        assert labels["clear"] >= 0.8 * labels["visible"], labels
        # a filter changes the counts
        total = o.js("povkgViewer.counts.total")
        options = o.js(
            "[...document.querySelectorAll('#f-province option')].slice(1).map(o => [o.value, o.textContent])"
        )
        if options:
            value = options[0][0]
            before_labels = o.js("povkgViewer.nodes.get().map(n => n.label)")
            o.page.select_option("#f-province", value)
            matching = o.js("povkgViewer.counts.matching")
            assert 0 < matching < total or len(options) == 1
            if len(options) > 1:
                assert o.js("povkgViewer.nodes.get().map(n => n.label)") != before_labels
                assert o.page.text_content("#f-status")
            o.page.click("#f-clear")
            assert o.js("povkgViewer.counts.matching") == total
        # double-click on a cluster (or a folded node) brings in its members
        target = o.js(EXPANDABLE)
        if target is not None:
            i, x, y = target
            members = o.js("(i) => povkgViewer.kids[i].filter(k => !povkgViewer.state.shown[k]).length", i)
            o.page.mouse.dblclick(x, y)
            o.until(lambda: o.js("povkgViewer.crumbs.length") == 2)
            after = o.js("povkgViewer.visible.length")
            assert after >= shown + members - 1 and members > 0
            assert o.js("(i) => povkgViewer.kids[i].every(k => povkgViewer.state.shown[k])", i)
            o.page.screenshot(path=str(ARTEFACTS / f"{kind}-{view}-expanded.png"))
            # the breadcrumb leads back
            o.page.click("#crumbs li:first-child button")
            assert o.js("povkgViewer.visible.length") == shown
        # the details panel shows a source sentence, with its report and date
        clickable = o.js(WITH_SOURCE)
        if clickable is None and target is not None:
            o.js("(i) => povkgViewer.expand(i)", target[0])
            clickable = o.js(WITH_SOURCE)
        if clickable is not None:
            i, x, y = clickable
            o.page.mouse.click(x, y)
            o.until(lambda: o.js("povkgViewer.detailsFor") == i)  # noqa: B023 - used at once
            quote = o.page.text_content("#details blockquote") or ""
            assert len(quote) > 4
            assert o.page.text_content("#details blockquote .cite")
        else:
            assert (
                view == "coorg" and kind != "generated"
            )  # only small co-hosting views lack a clickable source
        # an indicator's panel draws its series chart; a point opens its sentence
        charted = [n for n in data.nodes if n.series]
        if charted:
            top = max(charted, key=lambda n: (len(n.series), n.id))
            o.js("(i) => povkgViewer.showDetails(i)", [n.id for n in data.nodes].index(top.id))
            dots = o.page.locator("#details svg.series-chart .pt")
            assert dots.count() == len(top.series)
            # a point drawn on top at its centre (points of one date and value may overlap)
            o.page.locator("#details svg.series-chart").scroll_into_view_if_needed()
            k = o.js(
                """() => [...document.querySelectorAll('#details svg.series-chart .pt')].findIndex(d => {
                     const r = d.getBoundingClientRect();
                     return document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2) === d; })"""
            )
            assert k >= 0
            dots.nth(k).click()
            o.page.locator("#details .point-detail").wait_for(state="visible")
            point = top.series[o.js("povkgViewer.openedPoint.point")]
            assert point.source is not None
            assert point.source.clean_quote() in (o.page.text_content("#details .point-detail blockquote") or "")
        assert o.errors == [] and o.outside == [] and o.dialogs == []
    finally:
        o.close()


def test_show_neighbours_and_source_characters_shown_escaped(browser: Any, tmp_path: Path) -> None:
    src = Source("第一句\u202e倒序。", "urn:doc:a", "报告甲", "2020-01-01")
    view = ViewData(
        nodes=(
            Node("urn:a", "body", "甲\u202e", "A", x=0.0, y=0.0, sources=(src,)),
            Node("urn:b", "event", "乙", "B", x=300.0, y=0.0, shown=False),
            Node("urn:c", "event", "丙", "C", x=0.0, y=300.0, shown=False),
        ),
        edges=(Edge("urn:b", "urn:a", "host"), Edge("urn:c", "urn:a", "speaker")),
        title="相邻",
        layout="fixed",
    )
    o = Opened(browser, write_view(view, tmp_path / "neighbours.html"))
    try:
        assert o.js("povkgViewer.visible.length") == 1
        x, y = o.node_on_screen(0)
        o.page.mouse.click(x, y)
        o.until(lambda: o.js("povkgViewer.detailsFor") == 0)
        text = o.page.text_content("#details") or ""
        assert "\\u202E" in text and "\u202e" not in text  # shown, not obeyed
        o.page.click("#details button.show-neighbours")
        assert o.js("povkgViewer.visible.length") == 3
        assert o.page.text_content("#crumbs li:last-child") == "甲\\u202E 的相邻节点"
        o.page.click("#crumbs li:first-child button")
        assert o.js("povkgViewer.visible.length") == 1
        assert o.errors == [] and o.outside == [] and o.dialogs == []
    finally:
        o.close()
