"""The HTML series chart in a real browser: Debian's headless Chromium driven by Playwright.

The pages — the HTML chart of ``povkg series``, and the viewer with the same chart in an
indicator node's detail panel — are opened from a file with every request outside it refused
and recorded; each must draw the chart (inline SVG, one element per point, targets hollow),
log no error, fetch nothing, and a click on a point must open that point's source sentence.
Screenshots are saved under ``tests/artefacts/`` (git-ignored). Skipped when Chromium or
Playwright is missing.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from query_helpers import FIXTURE

from kg.api import KnowledgeGraph
from kg.store import OxigraphStore
from visualise.series import write_series_chart

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]
ARTEFACTS = Path(__file__).parent / "artefacts"

if not Path(CHROMIUM).is_file():
    pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install chromium)", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright (the Python package) is not installed")


@pytest.fixture(scope="module")
def chart(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Any]:
    store = OxigraphStore()
    store.load_file(FIXTURE)
    df = KnowledgeGraph(store).series("农村固定宽带家庭普及率")
    path = tmp_path_factory.mktemp("series") / "series.html"
    write_series_chart(df, path)
    return path, df


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


def _open(browser: Any, path: Path, width: int) -> tuple[Any, list[str], list[str]]:
    """A page opened from a file, with the errors it logged and the requests it tried outside it."""
    errors: list[str] = []
    outside: list[str] = []

    def route(r: Any) -> None:
        if r.request.url.startswith("file:"):
            r.continue_()
        else:
            outside.append(r.request.url)
            r.abort()

    pg = browser.new_page(viewport={"width": width, "height": 900})
    pg.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    pg.on("pageerror", lambda e: errors.append(str(e)))
    pg.route("**/*", route)
    pg.goto(path.resolve().as_uri())
    return pg, errors, outside


@pytest.fixture(scope="module")
def page(browser: Any, chart: tuple[Path, Any]) -> Iterator[tuple[Any, list[str], list[str]]]:
    pg, errors, outside = _open(browser, chart[0], 1100)
    pg.wait_for_selector("#chart svg", state="visible")
    yield pg, errors, outside
    pg.close()


def _point(pg: Any, n: int) -> Any:
    return pg.locator(f"xpath=//*[local-name()='svg']//*[local-name()='a' and @*[local-name()='href']='#p{n}']")


def test_chart_renders_offline(page: tuple[Any, list[str], list[str]], chart: tuple[Path, Any]) -> None:
    pg, errors, outside = page
    box = pg.locator("#chart svg").bounding_box()
    assert box is not None and box["width"] > 400 and box["height"] > 200
    assert [_point(pg, n).count() for n in range(1, len(chart[1]) + 1)] == [1] * len(chart[1])
    assert pg.locator("#points tbody tr").count() == len(chart[1])
    ARTEFACTS.mkdir(exist_ok=True)
    pg.screenshot(path=str(ARTEFACTS / "series.png"), full_page=True)
    assert errors == [] and outside == []


def test_clicking_a_point_opens_its_sentence(page: tuple[Any, list[str], list[str]], chart: tuple[Path, Any]) -> None:
    pg, errors, _ = page
    df = chart[1]
    for n in (4, 1):  # the Guizhou target (hollow), then the first Henan result
        detail = pg.locator(f"article#p{n}")
        assert not detail.is_visible()
        _point(pg, n).click()
        detail.wait_for(state="visible")
        assert pg.url.endswith(f"#p{n}")
        assert detail.locator(".sentence").inner_text() == df["sentence"].iloc[n - 1]
        assert pg.locator("article.point:visible").count() == 1
    assert errors == []


# --- the same chart in the viewer's indicator panel ---------------------------------------------
@pytest.fixture(scope="module")
def viewer_page(browser: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Any, list[str], list[str]]]:
    from visualise import build_view, write_view

    store = OxigraphStore()
    store.load_file(FIXTURE)
    path = write_view(build_view(store, "overview"), tmp_path_factory.mktemp("viewer") / "overview.html")
    pg, errors, outside = _open(browser, path, 1400)
    # data-ready is set once drawn: a selector, since the page's CSP forbids eval-based waits
    pg.wait_for_selector("html[data-ready=true]", state="attached", timeout=120_000)
    yield pg, errors, outside
    pg.close()


def _click_node(pg: Any, label: str) -> None:
    """Click the node drawn with this label, where vis-network put it on the screen."""
    x, y = pg.evaluate(
        """(label) => { const v = povkgViewer, i = v.data.nodes.findIndex(n => n.zh === label);
             v.network.focus(i, { scale: 1.2, animation: false });
             const d = v.network.canvasToDOM(v.network.getPositions([i])[i]);
             const r = document.getElementById('network').getBoundingClientRect();
             return [r.left + d.x, r.top + d.y]; }""",
        label,
    )
    pg.mouse.click(x, y)


def test_indicator_panel_draws_the_series_chart(
    viewer_page: tuple[Any, list[str], list[str]], chart: tuple[Path, Any]
) -> None:
    pg, errors, outside = viewer_page
    df = chart[1]  # kg.series of the same indicator
    _click_node(pg, "农村固定宽带家庭普及率")
    svg = pg.locator("#details svg.series-chart")
    svg.wait_for(state="visible")
    box = svg.bounding_box()
    assert box is not None and box["width"] > 250 and box["height"] > 120
    assert pg.locator("#details svg.series-chart .pt").count() == len(df)
    # targets hollow (white fill), results filled with their province's colour
    fills = pg.locator("#details svg.series-chart .pt").evaluate_all(
        "ds => ds.map(d => [d.classList.contains('target'), d.getAttribute('fill'), d.getAttribute('stroke')])"
    )
    assert sorted(t for t, _, _ in fills) == sorted(df["kind"] == "Target")
    assert all((f == "#ffffff") == t and (f == s) != t for t, f, s in fills)
    # one colour per province, in the legend with the province's name
    assert len({s for _, _, s in fills}) == df["province_label"].nunique()
    legend = pg.locator("#details ul.series-legend").inner_text()
    assert all(p in legend for p in df["province_label"].unique())
    # the points sit left to right in date order and higher for larger values, within the plot
    pos = pg.locator("#details svg.series-chart .pt").evaluate_all(
        "ds => ds.map(d => [d.getAttribute('aria-label'), +d.getAttribute('cx'), +d.getAttribute('cy')])"
    )
    by_date = sorted(pos, key=lambda r: r[1])
    dates = [r[0].split(" · ")[1] for r in by_date]
    assert dates == sorted(dates)
    assert pg.locator("#details .point-detail").is_hidden()
    ARTEFACTS.mkdir(exist_ok=True)
    pg.screenshot(path=str(ARTEFACTS / "viewer-series.png"))
    assert errors == [] and outside == []


def test_a_point_of_the_panel_chart_opens_its_sentence(
    viewer_page: tuple[Any, list[str], list[str]], chart: tuple[Path, Any]
) -> None:
    pg, errors, outside = viewer_page
    df = chart[1]
    if not pg.locator("#details svg.series-chart").is_visible():
        _click_node(pg, "农村固定宽带家庭普及率")
    detail = pg.locator("#details .point-detail")
    for kind in ("Target", "Result"):
        row = df[df["kind"] == kind].iloc[0]
        label = f"{row['area_label']} · {row['as_of_text']} · {'目标' if kind == 'Target' else '结果'}"
        dot = pg.locator(f"#details svg.series-chart .pt[aria-label^='{label}']")
        assert dot.count() == 1
        dot.click()
        detail.wait_for(state="visible")
        # the sentence as written (shown in full under the quote when it had pinyin or
        # traditional characters), with its report and date
        text = detail.inner_text()
        assert row["sentence"] in text
        assert str(row["as_of_text"]) in text and "·" in text
        assert dot.get_attribute("aria-pressed") == "true"
        assert pg.locator("#details svg.series-chart .pt[aria-pressed=true]").count() == 1
    assert errors == [] and outside == []
