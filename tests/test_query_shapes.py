"""How the named queries are written: language tags matched with LANGMATCHES, pages that parse.

Oxigraph stores language tags in lower case (``@zh-hans``) while the data is written
``@zh-Hans``; a comparison of ``LANG(?x)`` with a string finds nothing in one store or the
other, so every query matches tags with ``LANGMATCHES``.
"""

from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph as ox
import pytest
from query_helpers import ROOT

from kg.query import PAGE_MARK, list_queries, page

QUERY_FILES = sorted((ROOT / "queries").rglob("*.rq"))
_LANG_COMPARED = re.compile(r"LANG\s*\(\s*\?\w+\s*\)\s*(?:=|!=)|(?:=|!=)\s*LANG\s*\(", re.IGNORECASE)


@pytest.mark.parametrize("path", QUERY_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_language_tags_are_matched_with_langmatches(path: Path) -> None:
    body = "\n".join(line for line in path.read_text(encoding="utf-8").splitlines() if not line.lstrip().startswith("#"))
    assert not _LANG_COMPARED.search(body), f"{path.name}: compare language tags with LANGMATCHES"
    if "LANG(" in body.upper():
        assert "LANGMATCHES" in body.upper()


def test_oxigraph_lower_cases_the_tags_and_langmatches_finds_them() -> None:
    s = ox.Store()
    s.add(ox.Quad(ox.NamedNode("http://x/a"), ox.NamedNode("http://x/l"), ox.Literal("光山县", language="zh-Hans")))
    (lang,) = [str(r[0].value) for r in s.query("SELECT (LANG(?l) AS ?t) WHERE { ?s ?p ?l }")]
    assert lang == "zh-hans"
    assert len(list(s.query('SELECT ?l WHERE { ?s ?p ?l FILTER(LANG(?l) = "zh-Hans") }'))) == 0
    assert len(list(s.query('SELECT ?l WHERE { ?s ?p ?l FILTER(LANGMATCHES(LANG(?l), "zh-Hans")) }'))) == 1


@pytest.mark.parametrize("name", [q.name for q in list_queries()])
def test_a_page_of_every_query_is_valid_sparql(name: str) -> None:
    q = next(q for q in list_queries() if q.name == name)
    text = page(q.text, 10, 20)
    assert PAGE_MARK not in text
    ox.Store().query(text)  # parses (and runs on an empty store)
