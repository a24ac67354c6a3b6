"""The administrative-division gazetteer: the bundled table, the loader and its RDF."""

from __future__ import annotations

import importlib.util
import sys
import time
from collections import Counter
from types import ModuleType

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import RDF, RDFS, SKOS, Literal

from kg.gazetteer import COUNTRY_CODE, Division, Gazetteer, build_gazetteer_graph, load_gazetteer
from kg.resources import ontology_path
from kg.vocab import POV, place_iri

TSV = ontology_path("gazetteer", "divisions.tsv")
GZ = load_gazetteer()
CODES = sorted(d.code for d in GZ)


def codes(divisions: list[Division]) -> list[str]:
    return [d.code for d in divisions]


@pytest.fixture(scope="module")
def graph():
    return build_gazetteer_graph()


# --- the table ---------------------------------------------------------------------------


def test_table_is_bundled_and_sorted() -> None:
    lines = TSV.read_text(encoding="utf-8").splitlines()
    assert lines[0].split("\t") == ["code", "name", "short", "level", "parent", "name_en", "aliases"]
    file_codes = [line.split("\t")[0] for line in lines[1:]]
    assert file_codes == sorted(file_codes)
    assert len(file_codes) == len(set(file_codes)) == len(GZ)


def test_counts_per_level() -> None:
    counts = Counter(d.level for d in GZ)
    assert counts["country"] == 1
    assert counts["province"] == 34
    assert 330 <= counts["city"] <= 340
    assert counts["county"] > 2800


def test_codes_are_six_digits_and_unique() -> None:
    assert all(len(c) == 6 and c.isdigit() for c in CODES)
    assert len(CODES) == len(set(CODES))


def test_every_code_chains_to_its_province() -> None:
    for d in GZ:
        if d.level == "country":
            continue
        chain = GZ.chain(d.code)
        assert chain[0] == d
        top = chain[-1]
        assert top.level == "province", d
        assert top.code[:2] == d.code[:2], d
        assert top.code == d.province
        assert COUNTRY_CODE not in codes(chain)


def test_parents_are_one_level_up() -> None:
    order = {"country": 0, "province": 1, "city": 2, "county": 3}
    for d in GZ:
        if d.parent is None:
            assert d.code == COUNTRY_CODE
            continue
        parent = GZ.by_code(d.parent)
        assert parent is not None
        assert order[parent.level] < order[d.level], d


def test_provinces_hang_under_the_country() -> None:
    country = GZ.by_code(COUNTRY_CODE)
    assert country is not None
    assert (country.name, country.level, country.name_en, country.parent) == (
        "全国",
        "country",
        "China",
        None,
    )
    assert country.province == COUNTRY_CODE
    assert all(d.parent == COUNTRY_CODE for d in GZ if d.level == "province")
    assert len(GZ.children(COUNTRY_CODE)) == 34
    assert GZ.chain(COUNTRY_CODE) == [country]


def test_short_forms() -> None:
    for d in GZ:
        if d.short is not None:
            assert len(d.short) >= 2, d
            assert d.short != d.name, d
    expected = {
        "光山县": "光山",
        "河南省": "河南",
        "信阳市": "信阳",
        "内蒙古自治区": "内蒙古",
        "广西壮族自治区": "广西",
        "延边朝鲜族自治州": "延边",
        "恩施土家族苗族自治州": "恩施",
        "北京市": "北京",
        "浦东新区": "浦东",
        "清新区": "清新",
        "长阳土家族自治县": "长阳",
    }
    for name, short in expected.items():
        (d,) = GZ.lookup(name)
        assert d.short == short
    (zhao,) = GZ.lookup("赵县")
    assert zhao.short is None  # 赵 alone is too short


def test_bare_province_short_means_the_province() -> None:
    assert codes(GZ.lookup("河南")) == ["410000"]  # not 河南蒙古族自治县 (Qinghai)
    assert codes(GZ.lookup("河南县")) == ["632324"]
    assert codes(GZ.lookup("海南")) == ["460000"]
    assert codes(GZ.lookup("海南州")) == ["632500"]


def test_english_names() -> None:
    expected = {
        "411522": "Guangshan County",
        "411500": "Xinyang",
        "410000": "Henan Province",
        "110108": "Haidian District",
        "610000": "Shaanxi Province",
        "140000": "Shanxi Province",
        "422800": "Enshi Tujia and Miao Autonomous Prefecture",
        "610100": "Xi'an",
    }
    for code, en in expected.items():
        d = GZ.by_code(code)
        assert d is not None and d.name_en == en
    assert all(d.name_en and d.name_en.isprintable() for d in GZ)


# --- look-ups and the hierarchy ---------------------------------------------------------


@pytest.mark.parametrize("name", ["光山县", "光山"])
def test_guangshan(name: str) -> None:
    (d,) = GZ.lookup(name)
    assert d.code == "411522"
    assert [x.name for x in GZ.chain(d.code)] == ["光山县", "信阳市", "河南省"]
    assert codes(GZ.chain(d.code)) == ["411522", "411500", "410000"]
    assert d.province == "410000"


def test_jiyuan_is_directly_under_henan() -> None:
    for name in ("济源示范区", "济源产城融合示范区", "济源市", "济源"):
        (d,) = GZ.lookup(name)
        assert d.code == "419001"
    d = GZ.by_code("419001")
    assert d is not None
    assert (d.name, d.level, d.parent) == ("济源市", "city", "410000")
    assert codes(GZ.chain("419001")) == ["419001", "410000"]


def test_municipalities_have_no_pseudo_level() -> None:
    haidian = GZ.by_code("110108")
    assert haidian is not None and haidian.name == "海淀区" and haidian.parent == "110000"
    beijing = GZ.children("110000")
    assert len(beijing) == 16
    assert all(d.level == "county" for d in beijing)
    for code in ("110100", "120100", "310100", "500100", "500200"):
        assert GZ.by_code(code) is None
    # 重庆's counties (5002xx) as well as its districts hang under 500000
    assert all(d.parent == "500000" for d in GZ if d.code.startswith("50") and d.level == "county")


def test_new_areas_are_districts() -> None:
    (pudong,) = GZ.lookup("浦东新区")
    assert (pudong.code, pudong.level, pudong.parent) == ("310115", "county", "310000")
    (binhai,) = GZ.lookup("滨海新区")
    assert (binhai.code, binhai.level, binhai.parent) == ("120116", "county", "120000")


def test_directly_administered_counties_hang_under_the_province() -> None:
    for code in ("429000", "469000", "659000", "419000"):
        assert GZ.by_code(code) is None
    for code, province in (
        ("429004", "420000"),
        ("429021", "420000"),
        ("469001", "460000"),
        ("659001", "650000"),
    ):
        d = GZ.by_code(code)
        assert d is not None and d.level == "county" and d.parent == province
    (xiantao,) = GZ.lookup("仙桃市")
    assert xiantao.code == "429004"


def test_within() -> None:
    assert GZ.within("411522", "411522")
    assert GZ.within("411522", "411500")
    assert GZ.within("411522", "410000")
    assert GZ.within("411522", COUNTRY_CODE)
    assert not GZ.within("411522", "411300")
    assert not GZ.within("410000", "411522")
    assert not GZ.within("999999", "410000")
    assert GZ.within("419001", "410000")


def test_children_and_lookup_are_sorted() -> None:
    xinyang = GZ.children("411500")
    assert "411522" in codes(xinyang)
    assert codes(xinyang) == sorted(codes(xinyang))
    assert all(d.parent == "411500" for d in xinyang)
    chaoyang = codes(GZ.lookup("朝阳区"))
    assert len(chaoyang) >= 2 and chaoyang == sorted(chaoyang)
    assert GZ.lookup("不存在的地方") == []
    assert GZ.children("411522") == []


def test_names_index() -> None:
    names = GZ.names()
    assert names["光山"] == ["411522"]
    assert names["光山县"] == ["411522"]
    assert names["济源示范区"] == ["419001"]
    assert names["中国"] == [COUNTRY_CODE]
    for d in GZ:
        for n in d.names:
            assert d.code in names[n]
    names["光山"].append("x")  # a copy: the gazetteer is not changed
    assert GZ.names()["光山"] == ["411522"]


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(CODES))
def test_chain_and_within_agree(code: str) -> None:
    chain = GZ.chain(code)
    assert chain[0].code == code
    for ancestor in chain:
        assert GZ.within(code, ancestor.code)
    for a, b in zip(chain, chain[1:], strict=False):
        assert a.parent == b.code
        assert a in GZ.children(b.code)
    assert GZ.within(code, COUNTRY_CODE)


def test_loading_is_fast_and_cached() -> None:
    start = time.perf_counter()
    fresh = Gazetteer.from_tsv(TSV)
    assert time.perf_counter() - start < 0.3
    assert len(fresh) == len(GZ)
    assert load_gazetteer() is GZ


def test_bad_tables_are_rejected(tmp_path) -> None:
    bad = tmp_path / "bad.tsv"
    bad.write_text("code\tname\n", encoding="utf-8")
    with pytest.raises(ValueError):
        Gazetteer.from_tsv(bad)
    with pytest.raises(ValueError):
        Gazetteer([Division("411522", "光山县", "光山", "county", "411500", "Guangshan County", ())])


# --- RDF ---------------------------------------------------------------------------------


def test_graph_shape(graph) -> None:
    s = place_iri("411522")
    assert (s, POV.partOf, place_iri("411500")) in graph
    assert (s, RDFS.label, Literal("Guangshan County", lang="en")) in graph
    assert (s, RDFS.label, Literal("光山县", lang="zh-Hans")) in graph
    assert (s, SKOS.altLabel, Literal("光山", lang="zh-Hans")) in graph
    assert (s, RDF.type, POV.County) in graph
    assert (s, POV.level, POV.CountyLevel) in graph
    assert (s, POV.divisionCode, Literal("411522")) in graph
    assert (s, RDF.type, POV.AdministrativeDivision) not in graph
    # direct parent only
    assert (s, POV.partOf, place_iri("410000")) not in graph


def test_graph_levels_and_country(graph) -> None:
    assert (place_iri("100000"), RDF.type, POV.Country) in graph
    assert (place_iri("100000"), POV.level, POV.NationalLevel) in graph
    assert not list(graph.objects(place_iri("100000"), POV.partOf))
    assert (place_iri("410000"), RDF.type, POV.Province) in graph
    assert (place_iri("410000"), POV.partOf, place_iri("100000")) in graph
    assert (place_iri("411500"), RDF.type, POV.PrefectureCity) in graph
    assert (place_iri("411500"), POV.level, POV.CityLevel) in graph
    assert (place_iri("419001"), SKOS.altLabel, Literal("济源示范区", lang="zh-Hans")) in graph
    assert len(set(graph.subjects(RDF.type, None))) == len(GZ)
    assert len(list(graph.triples((None, POV.partOf, None)))) == len(GZ) - 1


# --- the regeneration script (offline: a synthetic source) -------------------------------


def _regenerate() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "gazetteer_regenerate", ontology_path("gazetteer", "regenerate.py")
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


def test_regenerate_special_cases() -> None:
    regen = _regenerate()
    source = {
        "110000": "北京市",
        "110100": "市辖区",
        "110108": "海淀区",
        "410000": "河南省",
        "411500": "信阳市",
        "411522": "光山县",
        "419001": "济源市",
        "420000": "湖北省",
        "429000": "省直辖县级行政区划",
        "429004": "仙桃市",
        "630000": "青海省",
        "632300": "黄南藏族自治州",
        "632324": "河南蒙古族自治县",
    }
    rows = {r.code: r for r in regen.build_rows(source)}
    assert "110100" not in rows and "429000" not in rows
    assert rows["110108"].parent == "110000" and rows["110108"].name_en == "Haidian District"
    assert (rows["419001"].level, rows["419001"].parent) == ("city", "410000")
    assert rows["419001"].aliases == ["济源示范区", "济源产城融合示范区"]
    assert (rows["429004"].level, rows["429004"].parent) == ("county", "420000")
    assert rows["632324"].short == "" and rows["632324"].aliases == ["河南县"]
    assert rows["632324"].name_en == "Henan Mongol Autonomous County"
    assert rows["100000"].level == "country" and rows["410000"].parent == "100000"
    text = regen.to_tsv(rows[c] for c in sorted(rows))
    assert text.splitlines()[0].split("\t") == list(regen.COLUMNS)
