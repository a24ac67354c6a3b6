"""A build checks what it built; ``validate`` and ``reason`` read the default store."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import RDF, Graph, Literal, URIRef

from kg.cli import main
from kg.resources import sample_report
from kg.store import OxigraphStore
from kg.validate import load_instance_shapes, validate_documents
from kg.vocab import G_INFERRED, ID, POV, doc_iri

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "data" / "corpus"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The reference report built by ``povkg build`` into a store of its own."""
    path = tmp_path_factory.mktemp("built") / "store"
    assert main(["build", "--store", str(path), "--no-viewer"]) == 0
    return path


def test_build_reports_that_its_documents_conform(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code = main(["build", "--store", str(tmp_path / "store"), "--no-viewer"])
    err = capsys.readouterr().err
    assert code == 0
    assert "validation: conforms" in err


@pytest.mark.slow
def test_a_built_corpus_validates(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """Shapes and data agree: an event a report names without date or place is a warning."""
    files = sorted(str(p) for p in CORPUS.iterdir() if p.suffix in (".txt", ".html"))
    store = tmp_path / "store"
    assert main(["build", "--store", str(store), "--no-viewer", *files]) == 0
    capsys.readouterr()
    assert main(["validate", "--store", str(store), "--format", "json"]) == 0
    assert "conforms" in capsys.readouterr().err


def test_validate_documents_finds_what_is_wrong(built: Path) -> None:
    st = OxigraphStore(built, read_only=True)
    assert validate_documents(st).conforms
    bad = OxigraphStore()
    g = Graph()
    obs = ID["obs/x/1"]
    g.add((obs, RDF.type, POV.Observation))
    g.add((obs, POV.valueAsWritten, Literal("99%")))
    bad.replace_graph(doc_iri("x"), g)
    report = validate_documents(bad, [str(doc_iri("x"))])
    assert not report.conforms
    assert {v.focus for v in report.violations} == {str(obs)}


def test_build_exits_1_with_the_violations(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With a shape the reference report does not meet, the build lists it and exits 1."""
    import kg.validate

    strict = load_instance_shapes()
    strict.parse(
        data="""@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix pov: <https://w3id.org/povkg/def#> .
        <urn:strict> a sh:NodeShape ; sh:targetClass pov:Meeting ;
            sh:property [ sh:path pov:documentNumber ; sh:minCount 1 ; sh:message "a meeting needs a document number" ] .""",
        format="turtle",
    )
    monkeypatch.setattr(kg.validate, "load_instance_shapes", lambda: strict)
    code = main(["build", "--store", str(tmp_path / "store"), "--no-viewer", str(sample_report())])
    err = capsys.readouterr().err
    assert code == 1
    assert "povkg: violation: id:event/2020-11-10/411522/" in err and "a meeting needs a document number" in err
    assert "validation: does not conform" in err


def test_validate_and_reason_read_the_default_store(
    built: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("POVKG_STORE", str(built))
    assert main(["validate"]) == 0
    assert f"the reference graph and {built}" in capsys.readouterr().err
    before = OxigraphStore(built, read_only=True).graph_size(G_INFERRED)
    assert main(["reason"]) == 0
    err = capsys.readouterr().err
    assert "in the store" in err and str(built) in err
    after = OxigraphStore(built, read_only=True)
    assert after.graph_size(G_INFERRED) == before > 0
    county = URIRef("https://w3id.org/povkg/id/place/411522")
    assert after.ask(f"ASK {{ GRAPH <{G_INFERRED}> {{ <{county}> pov:partOf <https://w3id.org/povkg/id/place/410000> }} }}")
