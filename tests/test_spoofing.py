"""Bidi and zero-width controls in a report stay exact in the stored quote (``oa:exact``) but
are shown escaped wherever a person reads them: the viewer's detail panel and tables, and
every row format of the CLI."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
REPORT = sorted((ROOT / "tests" / "data" / "corpus").glob("*.txt"))[0]
SPOOF = ("\u202e", "\u200b", "\u2066", "\ufeff")
EXACT = "http://www.w3.org/ns/oa#exact"


def povkg(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "kg", *args], capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="module")
def spoofed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    d = tmp_path_factory.mktemp("spoof")
    lines = REPORT.read_text(encoding="utf-8").splitlines()
    marked = [ln[:2] + "\u202e" + ln[2:4] + "\u200b" + ln[4:6] + "\u2066\ufeff" + ln[6:] if len(ln) > 8 else ln
              for ln in lines]
    (d / "c").mkdir()
    (d / "c" / REPORT.name).write_text("\n".join(marked) + "\n", encoding="utf-8")
    store = d / "store"
    run = povkg("build", str(d / "c"), "--store", str(store))
    assert run.returncode == 0, run.stderr
    return store, Path(run.stdout.strip().splitlines()[-1])


def test_the_stored_quote_stays_exact(spoofed: tuple[Path, Path]) -> None:
    store, _ = spoofed
    q = f'ASK {{ ?s <{EXACT}> ?q FILTER(CONTAINS(?q, "\\u202E") && CONTAINS(?q, "\\u200B")) }}'
    run = povkg("sparql", q, "--store", str(store), "--format", "json")
    assert run.returncode == 0 and "true" in run.stdout, run.stderr


class _Scripts(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.json: list[str] = []
        self._in = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._in = tag == "script" and ("type", "application/json") in attrs

    def handle_endtag(self, tag: str) -> None:
        self._in = False

    def handle_data(self, data: str) -> None:
        if self._in:
            self.json.append(data)


def _strings(data: object) -> list[str]:
    if isinstance(data, str):
        return [data]
    if isinstance(data, dict):
        return [s for v in data.values() for s in _strings(v)]
    if isinstance(data, list):
        return [s for v in data for s in _strings(v)]
    return []


def test_the_viewer_shows_controls_escaped(spoofed: tuple[Path, Path]) -> None:
    _, viewer = spoofed
    page = viewer.read_text(encoding="utf-8")
    # outside scripts (the inlined vis-network library names U+200B in its own code)
    text = re.sub(r"<script\b[^>]*>.*?</script>", "", page, flags=re.DOTALL | re.IGNORECASE)
    assert not any(c in text for c in SPOOF)
    parser = _Scripts()
    parser.feed(page)
    assert parser.json, "the page carries its data as JSON"
    shown = [s for blob in parser.json for s in _strings(json.loads(blob))]
    assert not any(c in s for s in shown for c in SPOOF), "a control reaches the page's text"
    quotes = [s for s in shown if "\\u202E" in s]
    assert quotes and all("\\u200B" in s for s in quotes)


@pytest.mark.parametrize("fmt", ["table", "csv", "tsv", "json"])
def test_cli_rows_show_controls_escaped(spoofed: tuple[Path, Path], fmt: str) -> None:
    store, _ = spoofed
    run = povkg("sparql", f"SELECT ?q WHERE {{ ?s <{EXACT}> ?q }} ORDER BY ?q", "--store", str(store),
                "--format", fmt)
    assert run.returncode == 0, run.stderr
    assert not any(c in run.stdout for c in SPOOF)
    assert re.search(r"\\u202[Ee]", run.stdout) and re.search(r"\\u200[Bb]", run.stdout)
