"""Predefined prefixes in every query interface, readable syntax errors, prefixed exports."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
from query_helpers import FIXTURE

from kg.api import KnowledgeGraph
from kg.cli import main
from kg.prefixes import PREFIXES
from kg.store import MemoryStore, OxigraphStore

EXPECTED = ("pov", "id", "graph", "rdf", "rdfs", "owl", "skos", "dct", "org", "prov", "schema", "qb", "oa", "xsd")
POLICIES = "SELECT DISTINCT ?x WHERE { ?x a pov:Policy ; rdfs:label ?l } ORDER BY ?x"


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("prefixes") / "store"
    store = OxigraphStore(path)
    store.load_file(FIXTURE)
    store.flush()
    del store
    return path


def test_the_usual_prefixes_are_predefined() -> None:
    assert set(EXPECTED) <= set(PREFIXES)
    assert PREFIXES["pov"] == "https://w3id.org/povkg/def#" and PREFIXES["schema"] == "https://schema.org/"


def test_a_query_without_prefix_declarations_runs_on_every_store(store_dir: Path) -> None:
    ox_rows = OxigraphStore(store_dir, read_only=True).select(POLICIES)
    assert len(ox_rows) > 0
    assert MemoryStore.from_file(FIXTURE).select(POLICIES) == ox_rows
    kg = KnowledgeGraph.open(store_dir)
    assert kg.sparql(POLICIES) == ox_rows
    labels = kg.sparql("SELECT ?l WHERE { ?p rdfs:label ?l }", p="https://w3id.org/povkg/id/place/411522")
    assert "光山县" in labels.column("l")


def test_a_query_keeps_its_own_prefix_declaration(store_dir: Path) -> None:
    mine = "PREFIX pov: <urn:not-povkg#>\nSELECT ?x WHERE { ?x a pov:Policy }"
    assert len(OxigraphStore(store_dir, read_only=True).select(mine)) == 0


def test_sparql_command_with_prefixed_names(capsys: pytest.CaptureFixture[str], store_dir: Path) -> None:
    code = main(["sparql", "--store", str(store_dir), "--format", "csv", POLICIES])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert "https://w3id.org/povkg/id/policy/wlfp-action-plan" in out


def test_a_syntax_error_is_one_readable_line(capsys: pytest.CaptureFixture[str], store_dir: Path) -> None:
    code = main(["sparql", "--store", str(store_dir), "SELECT ?x WHERE { ?x a foo:Policy }"])
    _, err = capsys.readouterr()
    assert code == 3
    assert err.count("\n") == 1, err
    assert "line 1, column 34" in err and "'foo:Policy'" in err and "PREFIX foo:" in err
    assert "\\u{" not in err and "..=" not in err  # no grammar character classes
    code = main(["sparql", "--store", str(store_dir), "SELECT ?x WHERE { ?x a pov:Policy "])
    _, err = capsys.readouterr()
    assert code == 3 and err.count("\n") == 1 and "line 1, column 35" in err and "expected" in err
    assert len(err) < 200


def test_prefixes_command(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["prefixes"]) == 0
    out, _ = capsys.readouterr()
    for p in EXPECTED:
        assert f"\n{p}:" in "\n" + out
    assert main(["prefixes", "--format", "sparql"]) == 0
    out, _ = capsys.readouterr()
    assert "PREFIX pov: <https://w3id.org/povkg/def#>" in out


def _export(store_dir: Path, fmt: str, seed: str = "0") -> bytes:
    env = {"PYTHONHASHSEED": seed, "PATH": "/usr/bin:/bin", "LC_ALL": "C"}
    return subprocess.run(
        [sys.executable, "-m", "kg", "export", "--store", str(store_dir), "--format", fmt],
        capture_output=True,
        check=True,
        env=env,
    ).stdout


def _quads(data: bytes, fmt: ox.RdfFormat) -> set[ox.Quad]:
    return set(ox.parse(data, format=fmt))


def test_turtle_and_trig_exports_use_the_prefixes_and_hold_the_same_terms(store_dir: Path) -> None:
    nq = _export(store_dir, "nq")
    trig = _export(store_dir, "trig")
    ttl = _export(store_dir, "ttl")
    for text in (trig, ttl):
        head = text.decode("utf-8")
        assert "@prefix pov: <https://w3id.org/povkg/def#> ." in head and "pov:Policy" in head
        assert "ns1:" not in head
    quads = _quads(nq, ox.RdfFormat.N_QUADS)
    assert _quads(trig, ox.RdfFormat.TRIG) == quads
    triples = {q.triple for q in quads}
    assert {q.triple for q in _quads(ttl, ox.RdfFormat.TURTLE)} == triples
    decimal = ox.NamedNode(PREFIXES["xsd"] + "decimal")
    values = {q.object for q in quads if isinstance(q.object, ox.Literal) and q.object.datatype == decimal}
    assert values  # the observations' values: the same decimal terms in every format
    assert values <= {t.object for t in _quads(ttl, ox.RdfFormat.TURTLE)}
    assert _export(store_dir, "ttl", seed="7") == ttl and _export(store_dir, "trig", seed="7") == trig
