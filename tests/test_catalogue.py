"""The reference catalogues: look-ups, internal consistency, and their RDF."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from rdflib import DCTERMS, RDF, RDFS, SKOS, Graph, Literal, URIRef

from kg.catalogue import (
    Catalogue,
    build_catalogue_graph,
    load_catalogue,
    read_catalogue,
)
from kg.errors import InputError
from kg.resources import ontology_path
from kg.vocab import ID, ORG, POV, place_iri

#: xsd:gYearMonth (rdflib's closed XSD namespace warns when pytest probes module names)
GYEARMONTH = URIRef("http://www.w3.org/2001/XMLSchema#gYearMonth")

#: the indicators of the reference report (tests/data/corpus, gold annotation)
REFERENCE_INDICATORS = [
    "20户以上自然村光纤宽带和4G网络覆盖率",
    "农村固定宽带家庭普及率",
    "移动宽带用户普及率",
    "电商进农村综合示范县",
    "促进农村产品上行",
    "产销对接活动",
    "促成交易额",
    "贫困地区中小学宽带网络接入率",
    "专递课堂",
    "教研协作组",
    "益农信息社",
    "益农信息社占全国总量比例",
    "线上信息服务",
    "信息技术应用培训",
    "带动就业务工",
    "网络捐款",
    "奉献爱心",
]
#: the bodies of the reference report, as written (after t2s)
REFERENCE_BODIES = [
    "省委网信办",
    "省发展改革委",
    "省扶贫办",
    "省农业农村厅",
    "省工信厅",
    "省通信管理局",
    "省文化和旅游厅",
]
LEVEL_PREFIX = {"provincial": "省", "city": "市", "county": "县"}


@pytest.fixture(scope="module")
def cat() -> Catalogue:
    return load_catalogue()


@pytest.fixture(scope="module")
def graph() -> Graph:
    return build_catalogue_graph()


def test_sizes(cat: Catalogue) -> None:
    assert len(cat.policies) >= 20
    assert len(cat.programmes) == 5
    assert len(cat.bodies) >= 25
    assert len(cat.counterparts) >= 60
    assert len(cat.indicators) >= 30


def test_action_plan(cat: Catalogue) -> None:
    plan = cat.policy("网络扶贫行动计划")
    assert plan is not None and plan.key == "wlfp-action-plan"
    assert plan.issued == "2016-10"
    assert sorted(cat.body(b).name_zh for b in plan.issuers) == sorted(  # type: ignore[union-attr]
        ["中共中央网络安全和信息化委员会办公室", "国家发展和改革委员会", "国务院扶贫开发领导小组办公室"]
    )
    programmes = [p.name_zh for p in cat.programmes if p.policy == plan.key]
    assert programmes == ["网络覆盖工程", "农村电商工程", "网络扶智工程", "信息服务工程", "网络公益工程"]
    assert cat.policy("网络扶贫行动") is plan


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("数字乡村发展战略纲要", "digital-village-strategy"),
        ("乡村振兴战略", "rural-revitalisation-strategy"),
        ("乡村振兴战略规划（2018－2022年）", "rural-revitalisation-plan-2018-2022"),
        ("《乡村振兴战略规划(2018-2022年)》", "rural-revitalisation-plan-2018-2022"),
        ("国家信息化发展战略纲要", "informatisation-strategy"),
        ("“互联网+”行动", "internet-plus"),
        ("数字乡村发展行动计划（2022—2025年）", "digital-village-action-plan-2022-2025"),
        ("wlfp-action-plan", "wlfp-action-plan"),
    ],
)
def test_policy_lookup(cat: Catalogue, name: str, key: str) -> None:
    entry = cat.policy(name)
    assert entry is not None and entry.key == key


def test_policy_facts(cat: Catalogue) -> None:
    outline = cat.policy("数字乡村发展战略纲要")
    assert outline is not None and outline.issued == "2019-05"
    assert {cat.body(b).name_zh for b in outline.issuers} == {"中共中央办公厅", "国务院办公厅"}  # type: ignore[union-attr]
    assert cat.policy("不存在的政策") is None


def test_programme_lookup(cat: Catalogue) -> None:
    for short, full in [
        ("网络覆盖", "网络覆盖工程"),
        ("农村电商", "农村电商工程"),
        ("网络扶智", "网络扶智工程"),
        ("信息服务", "信息服务工程"),
        ("网络公益", "网络公益工程"),
    ]:
        assert cat.programme(short) is cat.programme(full) is not None


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("中央网信办", "cac"),
        ("国家网信办", "cac"),
        ("国家互联网信息办公室", "cac"),
        ("国家发展改革委", "ndrc"),
        ("国家发改委", "ndrc"),
        ("国家发展和改革委员会", "ndrc"),
        ("国务院扶贫办", "cpad"),
        ("工信部", "miit"),
        ("农业农村部", "mara"),
        ("中央农办", "crwo"),
        ("国家电网", "sgcc"),
        ("全国妇联", "acwf"),
        ("共青团中央", "cylc"),
        ("国务院国资委", "sasac"),
    ],
)
def test_body_lookup(cat: Catalogue, name: str, key: str) -> None:
    entry = cat.body(name)
    assert entry is not None and entry.key == key


def test_body_facts(cat: Catalogue) -> None:
    cpad = cat.body("国务院扶贫办")
    assert cpad is not None and cpad.successor == "nrra" and cpad.kind == "government"
    assert cat.body("中央网信办").kind == "party"  # type: ignore[union-attr]
    assert cat.body("cac").label == "中央网信办"  # type: ignore[union-attr]
    assert cat.body("省委网信办") is None  # a counterpart, not a national body


@pytest.mark.parametrize(
    ("short", "national", "level"),
    [
        ("省委网信办", "cac", "provincial"),
        ("省网信办", "cac", "provincial"),
        ("省发改委", "ndrc", "provincial"),
        ("省扶贫办", "cpad", "provincial"),
        ("省工业和信息化厅", "miit", "provincial"),
        ("省通信管理局", "miit", "provincial"),
        ("省农业厅", "moa", "provincial"),
        ("团省委", "cylc", "provincial"),
        ("市委网信办", "cac", "city"),
        ("市文化广电和旅游局", "mct", "city"),
        ("县扶贫办", "cpad", "county"),
        ("区委网信办", "cac", "county"),
    ],
)
def test_counterpart_lookup(cat: Catalogue, short: str, national: str, level: str) -> None:
    entry = cat.counterpart(short)
    assert entry is not None and (entry.national, entry.level) == (national, level)


def test_counterpart_names(cat: Catalogue) -> None:
    cac = cat.counterpart("省委网信办")
    assert cac is not None and cac.key == "cac"  # id:org/410000/cac in docs/model.md
    assert cac.full_name("河南省") == "河南省委网络安全和信息化委员会办公室"
    assert cac.short_name("河南省") == "河南省委网信办"
    assert cac.name_en("Henan Province") == "Cyberspace Affairs Office of the Henan Province Party Committee"
    assert cat.counterpart("市委网信办").short_name("郑州市") == "郑州市委网信办"  # type: ignore[union-attr]
    assert cat.counterpart("省发展改革委").full_name("河南省") == "河南省发展和改革委员会"  # type: ignore[union-attr]
    assert cat.counterpart("省通信管理局").full_name("河南省") == "河南省通信管理局"  # type: ignore[union-attr]
    assert cat.counterpart("团省委").full_name("河南省") == "共青团河南省委员会"  # type: ignore[union-attr]


def test_counterparts_mirror_national_bodies(cat: Catalogue) -> None:
    bodies = {b.key for b in cat.bodies}
    for c in cat.counterparts:
        assert c.national in bodies, c.key
        assert c.level in LEVEL_PREFIX, c.key
        assert c.kind in {"government", "party", "social"}, c.key
        # the short template with the generic prefix is the short form as written
        assert c.short_name(LEVEL_PREFIX[c.level]) == c.short, c.key
    assert len({c.key for c in cat.counterparts}) == len(cat.counterparts)
    # the ministry-managed communications administrations are marked as such
    assert "ministry-managed" in cat.counterpart("省通信管理局").source  # type: ignore[union-attr]


def test_reference_report_bodies_are_counterparts(cat: Catalogue) -> None:
    for short in REFERENCE_BODIES:
        entry = cat.counterpart(short)
        assert entry is not None and entry.level == "provincial", short


def test_every_row_has_a_source(cat: Catalogue) -> None:
    for table in (cat.policies, cat.programmes, cat.bodies, cat.counterparts, cat.indicators):
        for entry in table:
            assert entry.source.strip(), entry.key


def test_references_resolve(cat: Catalogue) -> None:
    policies = {p.key for p in cat.policies}
    programmes = {p.key for p in cat.programmes}
    bodies = {b.key for b in cat.bodies}
    for p in cat.policies:
        assert set(p.issuers) <= bodies and (p.based_on is None or p.based_on in policies), p.key
    for g in cat.programmes:
        assert g.policy in policies
    for b in cat.bodies:
        assert b.parent in bodies | {None} and b.successor in bodies | {None}, b.key
    for i in cat.indicators:
        assert i.programme is None or i.programme in programmes, i.key


def test_reference_report_indicators(cat: Catalogue) -> None:
    for name in REFERENCE_INDICATORS:
        entry = cat.indicator(name)
        assert entry is not None and name in (entry.name_zh, *entry.aliases), name
        assert entry.unit and entry.programme, name


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("全省农村固定宽带家庭普及率达99%", "rural-fixed-broadband-household-penetration"),
        ("移动宽带用户普及率达83.8%", "mobile-broadband-user-penetration"),
        ("在全国率先实现20户以上自然村光纤宽带和4G网络全覆盖", "natural-village-fibre-4g-coverage"),
        ("建成“专递课堂”4200多个", "dedicated-delivery-classrooms"),
        ("贫困村光纤通达率达到98%", "poor-village-fibre-access"),
        ("全省共认定95个电商进农村综合示范县", "ecommerce-demonstration-counties"),
    ],
)
def test_match_indicator(cat: Catalogue, text: str, key: str) -> None:
    entry = cat.match_indicator(text)
    assert entry is not None and entry.key == key


def test_match_indicator_prefers_the_longest_form(cat: Catalogue) -> None:
    # "益农信息社" occurs too, but the longer form wins
    assert cat.match_indicator("益农信息社占全国总量比例为10%").key == "yinong-national-share"  # type: ignore[union-attr]
    assert cat.match_indicator("没有数字") is None


def test_load_is_cached() -> None:
    assert load_catalogue() is load_catalogue()


# --- reading errors ----------------------------------------------------------------------------
def _copy(tmp_path: Path) -> Path:
    folder = tmp_path / "catalogues"
    shutil.copytree(ontology_path("catalogues"), folder)
    return folder


def test_read_reports_an_unknown_issuer(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    path = folder / "policies.tsv"
    path.write_text(
        path.read_text(encoding="utf-8").replace("cac|ndrc|cpad", "cac|nobody|cpad"), encoding="utf-8"
    )
    with pytest.raises(InputError, match="unknown issuer 'nobody'"):
        read_catalogue(folder)


def test_read_requires_a_source(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    path = folder / "programmes.tsv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[1] = "\t".join(lines[1].split("\t")[:-1] + [""])
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(InputError, match="empty source"):
        read_catalogue(folder)


def test_read_rejects_an_alias_for_two_entries(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    path = folder / "bodies.tsv"
    path.write_text(
        path.read_text(encoding="utf-8").replace("工业和信息化部|工信部", "工业和信息化部|工信部|商务部"),
        encoding="utf-8",
    )
    with pytest.raises(InputError, match="商务部"):
        read_catalogue(folder)


# --- RDF ---------------------------------------------------------------------------------------
def test_graph_policy(graph: Graph) -> None:
    plan = ID["policy/wlfp-action-plan"]
    assert (plan, RDF.type, POV.Policy) in graph
    assert Literal("网络扶贫行动计划", lang="zh-Hans") in set(graph.objects(plan, RDFS.label))
    assert {o.language for o in graph.objects(plan, RDFS.label)} == {"zh-Hans", "en"}  # type: ignore[attr-defined]
    assert set(graph.objects(plan, POV.isIssuedBy)) == {
        ID["org/cn/cac"],
        ID["org/cn/ndrc"],
        ID["org/cn/cpad"],
    }
    assert graph.value(plan, DCTERMS.issued) == Literal("2016-10", datatype=GYEARMONTH)
    assert str(graph.value(plan, POV.catalogueKey)) == "wlfp-action-plan"
    assert graph.value(plan, DCTERMS.source) is not None
    assert Literal("网络扶贫行动", lang="zh-Hans") in set(graph.objects(plan, SKOS.altLabel))
    strategy = ID["policy/rural-revitalisation-strategy"]
    assert graph.value(strategy, DCTERMS.issued).datatype == GYEARMONTH  # type: ignore[union-attr]


def test_graph_programmes_bodies_indicators(graph: Graph) -> None:
    prog = ID["programme/network-coverage"]
    assert (prog, RDF.type, POV.Programme) in graph
    assert graph.value(prog, DCTERMS.isPartOf) == ID["policy/wlfp-action-plan"]
    cac = ID["org/cn/cac"]
    assert (cac, RDF.type, POV.PartyBody) in graph
    assert graph.value(cac, RDFS.label) is not None
    assert Literal("中央网信办", lang="zh-Hans") in set(graph.objects(cac, RDFS.label))
    assert Literal("国家互联网信息办公室", lang="zh-Hans") in set(graph.objects(cac, SKOS.altLabel))
    assert graph.value(cac, POV.level) == POV.NationalLevel
    assert graph.value(cac, POV.serves) == place_iri("100000")
    assert graph.value(cac, ORG.subOrganizationOf) == ID["org/cn/cpc-central"]
    assert (ID["org/cn/ndrc"], RDF.type, POV.GovernmentBody) in graph
    assert graph.value(ID["org/cn/cpad"], DCTERMS.isReplacedBy) == ID["org/cn/nrra"]
    ind = ID["indicator/rural-fixed-broadband-household-penetration"]
    assert {POV.Indicator, SKOS.Concept} <= set(graph.objects(ind, RDF.type))
    assert Literal("农村固定宽带家庭普及率", lang="zh-Hans") in set(graph.objects(ind, SKOS.prefLabel))
    assert graph.value(ind, SKOS.inScheme) == POV.IndicatorScheme
    assert graph.value(ind, POV.measuresProgramme) == prog


def test_graph_uses_only_vocabulary_terms(graph: Graph) -> None:
    ns = str(POV._NS)
    used = {t for triple in graph for t in triple if isinstance(t, URIRef) and str(t).startswith(ns)}
    vocab = set(dir(POV))
    assert used <= vocab


def test_graph_is_deterministic() -> None:
    a = sorted(build_catalogue_graph().serialize(format="nt").splitlines())
    b = sorted(build_catalogue_graph().serialize(format="nt").splitlines())
    assert a == b
