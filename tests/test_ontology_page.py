"""``povkg docs``: the ontology page, generated from the ontology itself."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from rdflib import RDFS, Literal, URIRef
from rdflib.namespace import SKOS

from kg.catalogue import load_ontology
from kg.cli import main

POV = "https://w3id.org/povkg/def#"


class _Sections(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.sections: dict[str, str] = {}
        self._current: str | None = None
        self._depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "section" and a.get("class") == "term":
            self._current, self._depth = a["id"], 0
            self.sections[self._current or ""] = ""
        elif self._current is not None:
            self._depth += 1
            if tag == "a" and a.get("href", "").startswith("#"):
                self.sections[self._current] += f" [{a['href']}] "

    def handle_endtag(self, tag: str) -> None:
        if self._current is None:
            return
        if tag == "section" and self._depth == 0:
            self._current = None
        else:
            self._depth -= 1

    def handle_data(self, data: str) -> None:
        if self._current is not None:
            self.sections[self._current] += data


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> str:
    out = tmp_path_factory.mktemp("docs") / "ontology.html"
    mp = pytest.MonkeyPatch()
    mp.setenv("POVKG_STORE", str(out.parent / "no-store"))  # examples from the reference graphs only
    try:
        assert main(["docs", "-o", str(out)]) == 0
    finally:
        mp.undo()
    return out.read_text(encoding="utf-8")


def test_every_term_with_its_labels_and_definitions(page: str) -> None:
    onto = load_ontology()
    parser = _Sections()
    parser.feed(page)
    own = {str(s) for s in onto.subjects(RDFS.isDefinedBy, URIRef("https://w3id.org/povkg/def"))}
    own = {t for t in own if t.startswith(POV)}
    assert len(own) > 80
    assert {POV + k for k in parser.sections} == own
    for term in own:
        text = parser.sections[term[len(POV):]]
        for prop in (RDFS.label, SKOS.definition):
            for value in onto.objects(URIRef(term), prop):
                assert isinstance(value, Literal) and str(value) in text, (term, prop)


def test_domain_range_hierarchy_and_examples(page: str) -> None:
    parser = _Sections()
    parser.feed(page)
    held = parser.sections["heldIn"]
    assert "domain" in held and "[#Event]" in held and "range" in held and "[#Place]" in held
    assert "subproperty of" in held and "schema:location" in held
    county = parser.sections["County"]
    assert "[#AdministrativeDivision]" in county and "id:place/" in county  # examples from the gazetteer
    assert "transitive" in parser.sections["partOf"]


def test_the_page_works_offline(page: str) -> None:
    assert page.startswith("<!doctype html>") and "<script" not in page
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", page)


def test_docs_to_stdout(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("POVKG_STORE", str(tmp_path / "no-store"))
    assert main(["docs"]) == 0
    assert 'id="Policy"' in capsys.readouterr().out
    assert main(["docs", "--store", str(tmp_path / "missing")]) == 3  # a store named must be there
