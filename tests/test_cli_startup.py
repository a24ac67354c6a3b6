"""The CLI starts without the heavy libraries, and pages long listings.

``povkg --version``, ``povkg query --list`` and the commands' help must not import rdflib,
pyshacl, networkx, pyvis, owlrl, jieba, pandas or matplotlib: each subcommand's module is
imported when it runs (``kg.cli.COMMANDS``).
Checked in a fresh interpreter by what is in ``sys.modules``, not by timing.
"""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

import pytest
from query_helpers import FIXTURE, ROOT

HEAVY = ("rdflib", "pyshacl", "networkx", "pyvis", "owlrl", "jieba", "pandas", "matplotlib", "opencc")

_PROBE = """
import contextlib, io, json, sys
from kg.cli import main
out = io.StringIO()
with contextlib.redirect_stdout(out):
    rc = main(json.loads(sys.argv[1]))
loaded = sorted({m.split(".")[0] for m in sys.modules} & set(json.loads(sys.argv[2])))
print(json.dumps({"rc": rc, "loaded": loaded, "out": out.getvalue()}))
"""


def _probe(args: list[str]) -> dict[str, object]:
    run = subprocess.run(
        [sys.executable, "-c", _PROBE, json.dumps(args), json.dumps(HEAVY)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    )
    return json.loads(run.stdout.splitlines()[-1])


@pytest.mark.parametrize(
    "args",
    [["--version"], ["query", "--list"], ["query", "--list", "--format", "json"], ["query", "--help"], ["sparql", "--help"]],
)
def test_start_up_imports_no_heavy_library(args: list[str]) -> None:
    res = _probe(args)
    assert res["rc"] == 0
    assert res["out"]
    assert res["loaded"] == [], f"povkg {' '.join(args)} imported {res['loaded']}"


def test_every_command_is_still_there() -> None:
    res = _probe(["--help"])
    for name in ("build", "extract", "export", "query", "sparql", "lookup", "serve", "push", "validate", "reason", "viz"):
        assert f"  {name}" in str(res["out"])


def test_the_listing_names_every_query() -> None:
    from kg.query import list_queries

    out = str(_probe(["query", "--list"])["out"])
    for q in list_queries():
        assert q.name in out and q.title_zh[:10] in out


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kg", *args], capture_output=True, text=True, cwd=ROOT, timeout=120
    )


def test_query_pages_with_limit_and_offset() -> None:
    whole = _cli("query", "outcomes", "--store", str(FIXTURE), "--format", "csv")
    assert whole.returncode == 0, whole.stderr
    rows = list(csv.reader(io.StringIO(whole.stdout)))
    assert len(rows) > 4
    page = _cli("query", "outcomes", "--store", str(FIXTURE), "--format", "csv", "--limit", "2", "--offset", "1")
    assert page.returncode == 0, page.stderr
    assert list(csv.reader(io.StringIO(page.stdout))) == [rows[0], *rows[2:4]]


def test_a_negative_limit_is_a_usage_error() -> None:
    bad = _cli("query", "outcomes", "--store", str(FIXTURE), "--limit", "-1")
    assert bad.returncode == 2
    assert bad.stderr.startswith("povkg: error:") and "Traceback" not in bad.stderr
