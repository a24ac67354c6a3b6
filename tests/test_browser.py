"""The viewer in a real browser: Debian's headless Chromium driven by Playwright.

Every view of the fixture is opened from a file with all network access recorded and
refused; the page must draw the expected number of nodes, log no error, request nothing
outside the file, find and focus a node from the search box, hide a type from the legend,
switch language, and show the hostile labels as text (no dialog, no script run). A
screenshot of each view is saved under ``tests/artefacts/`` (git-ignored) for a person to
look at.

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
        return int(self.js("(iri) => povkgViewer.data.nodes.findIndex(n => n.iri === iri)", iri))

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
    paths["place-en"] = write_view(store, out / "place-en.html", "place", lang="en")
    return paths


EXPECTED_NODES = {"overview": 54, "policy": 37, "coorg": 6, "place": 22, "event": 36}


@pytest.mark.parametrize("view", VIEWS)
def test_view_renders_offline_without_errors(browser: Any, pages: dict[str, Path], view: str) -> None:
    o = Opened(browser, pages[view])
    try:
        assert o.js("povkgViewer.nodes.length") == EXPECTED_NODES[view]
        assert o.js("povkgViewer.nodeView.length") == EXPECTED_NODES[view]
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
        assert o.js("(i) => povkgViewer.data.nodes[i].iri", selected[0]) == ID + "org/410000/cac"
        assert o.errors == [] and o.outside == []
    finally:
        o.close()


def test_type_filter_hides_and_shows_a_type(browser: Any, pages: dict[str, Path]) -> None:
    o = Opened(browser, pages["overview"])
    try:
        o.page.click("input.type-filter[value=outcome]")
        assert o.js("povkgViewer.nodeView.length") == 54 - 10
        assert o.js("povkgViewer.nodeView.get().filter(n => n.group === 'outcome').length") == 0
        assert o.js("povkgViewer.edgeView.get().every(e => povkgViewer.data.nodes[e.from].t !== 'outcome')")
        o.page.screenshot(path=str(ARTEFACTS / "overview-without-outcomes.png"))
        # searching a hidden node shows its type again
        o.page.fill("#search-input", "99%")
        o.page.press("#search-input", "Enter")
        assert o.js("povkgViewer.nodeView.length") == 54
        assert o.page.is_checked("input.type-filter[value=outcome]")
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
        assert o.page.get_attribute("#search-input", "placeholder").startswith("Find")
        o.page.click("#lang-switch button[data-lang=zh]")
        assert "河南省扶贫办" in o.js("povkgViewer.nodes.get().map(n => n.label)")
        assert o.errors == []
    finally:
        o.close()


def test_hostile_labels_show_as_text_and_run_nothing(browser: Any, pages: dict[str, Path]) -> None:
    o = Opened(browser, pages["place-en"])
    try:
        hostile = [
            ID + "place/411522/guangshanxiandianshangchanyeyuan",  # <script> label
            ID + "place/411522/huaidianxiang/simaguangyouchayuan",  # <img onerror> label
            ID + "event/2020-11-10/411522/diaoyanwenshuxiangdongyuecun",  # javascript: label
        ]
        for iri in hostile:
            i = o.node_index(iri)
            x, y = o.node_on_screen(i)
            o.page.mouse.move(x, y)
            o.until(lambda: not o.page.is_hidden("#tooltip"))
            o.page.mouse.click(x, y)
            o.until(lambda: not o.page.is_hidden("#details"))
            shown = (o.page.text_content("#tooltip") or "") + (o.page.text_content("#details") or "")
            assert ("<script>" in shown) or ("<img src=x" in shown) or ("javascript:alert(1)" in shown)
        o.page.screenshot(path=str(ARTEFACTS / "place-en-hostile.png"))
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


@pytest.mark.slow
def test_reference_report_overview(browser: Any, tmp_path: Path) -> None:
    build = pytest.importorskip("kg.build")
    from kg.resources import sample_report
    from kg.store import OxigraphStore

    st = OxigraphStore(tmp_path / "store")
    build.build_corpus([sample_report()], st, progress=False)
    view = build_view(st, "overview")
    o = Opened(browser, write_view(view, tmp_path / "reference.html"))
    try:
        assert o.js("povkgViewer.nodes.length") == len(view.nodes)
        o.page.screenshot(path=str(ARTEFACTS / "reference-overview.png"))
        assert o.errors == [] and o.outside == [] and o.dialogs == []
    finally:
        o.close()


def test_big_view_uses_canvas_edges_and_lazy_labels(browser: Any, tmp_path: Path) -> None:
    # 1,800 nodes and 3,600 edges: above the thresholds for lazy labels and canvas-drawn edges
    n = 1800
    nodes = tuple(
        Node(
            f"urn:n{i:04d}",
            ("body", "outcome", "place")[i % 3],
            f"节点{i}",
            f"node {i}",
            size=12.0 if i else 30.0,
        )
        for i in range(n)
    )
    edges = tuple(
        Edge(f"urn:n{i:04d}", f"urn:n{(i * 7 + k) % n:04d}", "area") for i in range(n) for k in (1, 2)
    )
    view = ViewData(nodes=nodes, edges=edges, title="大图", view="overview")
    o = Opened(browser, write_view(view, tmp_path / "big.html"))
    try:
        assert o.js("povkgViewer.nodes.length") == n
        assert o.js("povkgViewer.edges.length") == 0  # drawn on the canvas, not as vis edges
        assert o.js("povkgViewer.nodes.get(0).label") == "节点0"  # the hub is labelled at once
        assert o.js("povkgViewer.nodes.get(5).label") is None
        o.page.fill("#search-input", "node 1234")
        o.page.press("#search-input", "Enter")
        target = o.node_index("urn:n1234")
        assert o.js("povkgViewer.network.getSelectedNodes()") == [target]
        assert o.js("(i) => povkgViewer.nodes.get(i).label", target) == "节点1234"  # labelled once in view
        o.page.click("input.type-filter[value=place]")
        assert o.js("povkgViewer.nodeView.length") == n - n // 3
        o.page.screenshot(path=str(ARTEFACTS / "big-view.png"))
        assert o.errors == [] and o.outside == [] and o.dialogs == []
    finally:
        o.close()
