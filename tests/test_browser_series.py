"""The HTML series chart in a real browser: Debian's headless Chromium driven by Playwright.

The page is opened from a file with every request outside it refused and recorded; it must
draw the chart (inline SVG, one link per point), log no error, fetch nothing, and a click on
a point must open that point's source sentence. A screenshot is saved under
``tests/artefacts/`` (git-ignored). Skipped when Chromium or Playwright is missing.
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
def page(chart: tuple[Path, Any]) -> Iterator[tuple[Any, list[str], list[str]]]:
    errors: list[str] = []
    outside: list[str] = []

    def route(r: Any) -> None:
        if r.request.url.startswith("file:"):
            r.continue_()
        else:
            outside.append(r.request.url)
            r.abort()

    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        pg = browser.new_page(viewport={"width": 1100, "height": 900})
        pg.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        pg.on("pageerror", lambda e: errors.append(str(e)))
        pg.route("**/*", route)
        pg.goto(chart[0].resolve().as_uri())
        pg.wait_for_selector("#chart svg", state="visible")
        yield pg, errors, outside
        browser.close()


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
