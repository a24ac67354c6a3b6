"""SHACL validation: the reference graph conforms, broken data is reported, the CLI exits 0/1/3."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib import RDF, RDFS, SKOS, Graph, Literal, URIRef

from kg.validate import ValidationReport, Violation, validate
from kg.vocab import ID, OA, POV, SCHEMA

SH = "https://w3id.org/povkg/shapes#"

#: the shapes of docs/model.md, one of each kind of node
MODEL = """
@base <https://w3id.org/povkg/id/> .
@prefix dct: <http://purl.org/dc/terms/> .
@prefix oa: <http://www.w3.org/ns/oa#> .
@prefix pov: <https://w3id.org/povkg/def#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix qb: <http://purl.org/linked-data/cube#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix schema: <https://schema.org/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .

<place/100000> a pov:Country ; rdfs:label "全国"@zh-Hans ; pov:divisionCode "100000" .
<place/410000> a pov:Province ; rdfs:label "河南省"@zh-Hans ; pov:divisionCode "410000" ; pov:partOf <place/100000> .
<place/411500> a pov:PrefectureCity ; rdfs:label "信阳市"@zh-Hans ; pov:divisionCode "411500" ; pov:partOf <place/410000> .
<place/411522> a pov:County ; rdfs:label "光山县"@zh-Hans , "Guangshan County"@en ; skos:altLabel "光山"@zh-Hans ;
    pov:divisionCode "411522" ; pov:level pov:CountyLevel ; pov:partOf <place/411500> .
<place/411522/wenshuxiang> a pov:Township ; rdfs:label "文殊乡"@zh-Hans ; pov:partOf <place/411522> .
<place/411522/site> a pov:Site ; rdfs:label "光山县电商产业园"@zh-Hans ; pov:locatedIn <place/411522> .
<policy/wlfp-action-plan> a pov:Policy ; rdfs:label "网络扶贫行动计划"@zh-Hans , "Action plan"@en ;
    pov:isIssuedBy <org/cn/cac> ; dct:issued "2016-10"^^xsd:gYearMonth ; pov:catalogueKey "wlfp-action-plan" .
<programme/network-coverage> a pov:Programme ; rdfs:label "网络覆盖工程"@zh-Hans ; dct:isPartOf <policy/wlfp-action-plan> .
<indicator/i> a pov:Indicator , skos:Concept ; skos:prefLabel "农村固定宽带家庭普及率"@zh-Hans ;
    skos:inScheme pov:IndicatorScheme ; pov:measuresProgramme <programme/network-coverage> .
<org/cn/cac> a pov:PartyBody ; rdfs:label "中央网信办"@zh-Hans ; pov:level pov:NationalLevel ; pov:serves <place/100000> .
<doc/d> a pov:Document ; dct:title "报告"@zh-Hans ; dct:date "2020-11-10"^^xsd:date ; pov:province <place/410000> ;
    pov:contentHash "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08" ; pov:fileName "d.txt" .
<org/410000/cac> a pov:PartyBody ; rdfs:label "河南省委网信办"@zh-Hans ; skos:altLabel "省委网信办"@zh-Hans ;
    pov:level pov:ProvincialLevel ; pov:serves <place/410000> ; pov:counterpartOf <org/cn/cac> ;
    pov:isMentionedIn <doc/d/sel/0-10> .
<event/e> a pov:Meeting ; rdfs:label "现场推进会"@zh-Hans ; schema:startDate "2020-11-10"^^xsd:date ;
    pov:heldIn <place/411522> ; pov:implementsPolicy <policy/wlfp-action-plan> ; pov:hasHost <org/410000/cac> ;
    pov:hasParticipation <event/e/role/host/cac> ; pov:includesVisit <event/v> ; prov:wasDerivedFrom <doc/d/sel/0-10> .
<event/e/role/host/cac> a pov:Participation ; pov:participant <org/410000/cac> ; pov:role pov:HostRole ;
    prov:wasDerivedFrom <doc/d/sel/0-10> .
<event/v> a pov:SiteVisit ; rdfs:label "调研光山县电商产业园"@zh-Hans ; schema:startDate "2020-11-10"^^xsd:date ;
    pov:heldIn <place/411522/site> .
<obs/d/1> a pov:Observation , qb:Observation ; pov:indicator <indicator/i> ; pov:value 99.0 ;
    pov:valueAsWritten "99%" ; pov:unit "%" ; pov:qualifier pov:Exact ; pov:kind pov:Result ;
    pov:area <place/410000> ; pov:asOf "2020-11-10"^^xsd:date ; pov:forProgramme <programme/network-coverage> ;
    pov:underPolicy <policy/wlfp-action-plan> ; pov:reportedAt <event/e> ; prov:wasDerivedFrom <doc/d/sel/0-10> .
<doc/d/sel/0-10> a pov:TextSelector ; oa:start 0 ; oa:end 10 ; oa:exact "全省农村固定宽带家庭普及率达99%" ;
    pov:inDocument <doc/d> ; pov:sentenceIndex 7 .
"""

OBS = ID["obs/d/1"]
SEL = ID["doc/d/sel/0-10"]


def model() -> Graph:
    return Graph().parse(data=MODEL, format="turtle")


def shapes_of(report: ValidationReport) -> list[str]:
    return [v.shape.removeprefix(SH) for v in report.violations]


def test_the_model_example_conforms() -> None:
    report = validate(model())
    assert report.conforms, report.violations


def test_observation_without_unit_is_reported() -> None:
    g = model()
    g.remove((OBS, POV.unit, None))
    report = validate(g)
    assert not report.conforms
    assert report.violations == (
        Violation(
            focus=str(OBS),
            path=str(POV.unit),
            severity="Violation",
            shape=SH + "Observation-unit",
            message="an observation needs exactly one pov:unit, a non-empty string",
        ),
    )


def test_observation_value_must_be_one_decimal() -> None:
    g = model()
    g.add((OBS, POV.value, Literal("一百")))
    report = validate(g)
    assert set(shapes_of(report)) == {"Observation-value"}
    assert any('"一百"' in v.message for v in report.violations)


def test_observation_needs_evidence_and_an_indicator() -> None:
    g = model()
    g.remove((OBS, URIRef("http://www.w3.org/ns/prov#wasDerivedFrom"), None))
    g.remove((ID["indicator/i"], RDF.type, None))
    assert set(shapes_of(validate(g))) == {"Observation-wasDerivedFrom", "Observation-indicator"}


def test_term_without_english_label_is_reported() -> None:
    term = URIRef(str(POV._NS) + "Bogus")
    g = Graph()
    g.add((term, RDFS.isDefinedBy, URIRef("https://w3id.org/povkg/def")))
    g.add((term, RDFS.label, Literal("假术语", lang="zh-Hans")))
    g.add((term, SKOS.definition, Literal("测试用。", lang="zh-Hans")))
    g.add((term, SKOS.definition, Literal("For tests.", lang="en")))
    report = validate(g)
    assert not report.conforms
    assert [(v.focus, v.shape) for v in report.violations] == [(str(term), SH + "Term-labelEn")]


def test_divisions_below_the_province_need_a_parent() -> None:
    g = model()
    g.remove((ID["place/411522"], POV.partOf, None))
    g.remove((ID["place/410000"], POV.partOf, None))  # a province may stand alone
    report = validate(g)
    assert [(v.focus, v.shape) for v in report.violations] == [
        (str(ID["place/411522"]), SH + "DivisionParentShape")
    ]


def test_counties_need_their_code_townships_do_not() -> None:
    g = model()
    g.remove((ID["place/411522"], POV.divisionCode, None))
    assert shapes_of(validate(g)) == ["CodedDivision-divisionCode"]


def test_an_event_without_date_or_place_is_warned_about() -> None:
    g = model()
    g.remove((ID["event/e"], POV.heldIn, None))
    g.remove((ID["event/v"], SCHEMA.startDate, None))
    report = validate(g)
    assert report.conforms  # a report may name an event without saying when or where
    assert [(v.focus, v.shape, v.path, v.severity) for v in report.violations] == [
        (str(ID["event/e"]), SH + "EventPlaceShape", None, "Warning"),
        (str(ID["event/v"]), SH + "EventDateShape", None, "Warning"),
    ]


def test_a_relayed_event_may_lack_date_and_place() -> None:
    g = model()
    national = ID["event/undated/noplace/quanguo"]
    g.add((national, RDF.type, POV.Meeting))
    g.add((national, RDFS.label, Literal("2020年全国网络扶贫暨数字乡村发展工作现场推进会", lang="zh-Hans")))
    g.add((ID["event/e"], POV.relaysMeeting, national))
    report = validate(g)
    assert report.conforms
    assert [(v.severity, v.shape) for v in report.violations] == [
        ("Warning", SH + "RelayedEvent-startDate"),  # https://schema.org/… sorts before https://w3id.org/…
        ("Warning", SH + "RelayedEvent-heldIn"),
    ]


def test_selector_offsets() -> None:
    g = model()
    g.set((SEL, OA.start, Literal(20)))
    report = validate(g)
    assert shapes_of(report) == ["TextSelector-start"]
    assert report.violations[0].path == str(OA.start)


def test_violations_are_sorted_and_the_data_is_unchanged() -> None:
    g = model()
    g.remove((OBS, POV.unit, None))
    g.remove((OBS, POV.area, None))
    g.remove((ID["place/411522"], POV.divisionCode, None))
    before = len(g)
    report = validate(g)
    assert len(g) == before
    keys = [(v.focus, v.path or "", v.shape) for v in report.violations]
    assert keys == sorted(keys) and len(keys) == 3
    assert validate(g) == report


# --- CLI -----------------------------------------------------------------------------------------
def test_reference_graph_conforms(capsys: pytest.CaptureFixture[str]) -> None:
    """Ontology, gazetteer and catalogue together, through ``povkg validate``."""
    from kg.cli import main

    assert main(["validate", "--reference-only", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out) == {"conforms": True, "violations": []}


@pytest.fixture
def no_reference(monkeypatch: pytest.MonkeyPatch) -> None:
    """Leave the gazetteer and catalogue out of the CLI's reference graph, to keep these tests fast."""
    import kg.cli_ref

    monkeypatch.setattr(kg.cli_ref, "reference_graph", lambda **_: Graph())


def _store(path: Path, graph: Graph) -> Path:
    from kg.store import OxigraphStore
    from kg.vocab import doc_iri

    store = OxigraphStore(path)
    store.replace_graph(doc_iri("d"), graph)
    store.flush()
    return path


def test_cli_exit_codes(no_reference: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from kg.cli import main

    good = _store(tmp_path / "good", model())
    assert main(["validate", "--store", str(good)]) == 0
    out = capsys.readouterr()
    assert out.out == "" and "conforms" in out.err

    broken = model()
    broken.remove((OBS, POV.unit, None))
    bad = _store(tmp_path / "bad", broken)
    assert main(["validate", "--store", str(bad)]) == 1
    out = capsys.readouterr()
    assert out.out.startswith("Violation\tid:obs/d/1\tpov:unit\t")
    assert out.out.rstrip().endswith("[povsh:Observation-unit]")
    assert "does not conform: 1 violation" in out.err

    assert main(["validate", "--store", str(bad), "--format", "json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["conforms"] is False
    assert [v["shape"] for v in data["violations"]] == [SH + "Observation-unit"]

    assert main(["validate", "--store", str(tmp_path / "missing")]) == 3
