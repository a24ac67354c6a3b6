"""Pages a user opens in a real browser (Debian's headless Chromium).

The query page of ``povkg serve`` at ``/`` is opened from a real server on loopback with every
other request refused; choosing a named query and pressing Run must show its rows as a table,
with nothing fetched from elsewhere and no error logged. A view's ``_repr_html_`` (what a
notebook shows for ``kg.view(...)``) must draw the viewer inline.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from query_helpers import FIXTURE, free_port, running

from kg.store import OxigraphStore

pytestmark = [pytest.mark.browser, pytest.mark.server]

CHROMIUM = "/usr/bin/chromium"
if not Path(CHROMIUM).is_file():
    pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install chromium)", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright (the Python package) is not installed")


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    where = tmp_path_factory.mktemp("page") / "store"
    store = OxigraphStore(where)
    store.load_file(FIXTURE)
    store.flush()
    del store
    port = free_port()
    cmd = [sys.executable, "-m", "kg", "serve", "--store", str(where), "--port", str(port)]
    with running(cmd, f"http://127.0.0.1:{port}/query"):
        yield f"http://127.0.0.1:{port}/"


def test_the_query_page_runs_a_named_query(root: str) -> None:
    outside: list[str] = []
    errors: list[str] = []

    def route(r: Any) -> None:
        if r.request.url.startswith(root):
            r.continue_()
        else:
            outside.append(r.request.url)
            r.abort()

    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--headless", "--no-sandbox", "--disable-gpu"])
        try:
            page = browser.new_page()
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.route("**/*", route)
            page.goto(root)
            page.select_option("#example", "co-hosts")
            assert "SELECT" in page.input_value("#query")
            page.click("button[type=submit]")
            page.wait_for_selector("#out table tr:nth-child(2)", timeout=60_000)
            text = page.inner_text("#out table")
            assert "河南省委网信办" in text and "aZh" in text
            assert "rows" in page.inner_text("#status")
        finally:
            browser.close()
    assert not outside and not errors, (outside, errors)


def test_a_view_shows_inline_in_a_notebook(tmp_path: Path) -> None:
    """What a notebook does with ``kg.view(...)``: its ``_repr_html_`` in a page draws the viewer."""
    from kg.api import KnowledgeGraph

    st = OxigraphStore()
    st.load_file(FIXTURE)
    cell = KnowledgeGraph(st).view("coorg")._repr_html_()
    page_file = tmp_path / "notebook.html"
    page_file.write_text(f"<!doctype html><html><body><h1>notebook</h1>{cell}</body></html>", encoding="utf-8")
    errors: list[str] = []
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--headless", "--no-sandbox", "--disable-gpu"])
        try:
            page = browser.new_page()
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(("file:", "about:")) else r.abort())
            page.goto(page_file.as_uri())
            frame = page.frames[1]
            frame.wait_for_selector("html[data-ready=true]", state="attached", timeout=60_000)
            assert "河南省委网信办" in frame.content()
        finally:
            browser.close()
    assert not errors, errors
