"""The named query library: headers, every query runs, golden results, multi-report answers.

Golden files: ``tests/golden/fixture/<name>.csv`` hold each query's rows on the hand-made
fixture (``tests/data/fixture.trig``, three reports); ``tests/golden/<name>.csv`` hold its
rows on the reference graph built by the real pipeline from the bundled report. Both run
the query with the examples of its required parameters only. Regenerate with
``POVKG_UPDATE_GOLDEN=1 pytest tests/test_queries.py`` and review the diff.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import unicodedata
from decimal import Decimal
from pathlib import Path

import pytest
from query_helpers import FIXTURE, GOLDEN, ROOT, param_variants, required_examples
from rdflib import Literal, URIRef

from kg.errors import InputError, UsageError
from kg.query import (
    PARAM_TYPES,
    Results,
    Row,
    bind_params,
    display_width,
    get_query,
    list_queries,
    parse_query_text,
    query_text,
    resolve_entity,
    run_query,
)
from kg.store import MemoryStore, OxigraphStore, _where_groups

UPDATE = os.environ.get("POVKG_UPDATE_GOLDEN") == "1"
NAMES = [q.name for q in list_queries()]
REQUIRED_NAMES = {
    "policy-overview",
    "event-roles",
    "co-hosts",
    "bodies-by-policy",
    "role-asymmetry",
    "outcomes-by-programme",
    "outcomes-in-place",
    "policy-linkage",
    "county-activity",
    "national-provincial-counterparts",
    "indicator-series",
    "evidence",
}
WLFP = "https://w3id.org/povkg/id/policy/wlfp-action-plan"


# ------------------------------------------------------------------------------------------
# the library itself
# ------------------------------------------------------------------------------------------


def test_the_questions_of_the_issue_are_all_there() -> None:
    assert REQUIRED_NAMES <= set(NAMES)


@pytest.mark.parametrize("path", sorted((ROOT / "queries").glob("*.rq")), ids=lambda p: p.stem)
def test_every_query_file_has_both_headers_and_documented_params(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.startswith(f"# name: {path.stem}\n")
    q = parse_query_text(text, name=path.stem, path=path)
    assert re.search(r"[\u4e00-\u9fff]", q.title_zh), "the 问题 line is in Chinese"
    assert q.title_en.endswith("?")
    assert q.row_doc
    for p in q.params:
        assert p.type in PARAM_TYPES
        assert p.doc and p.example, f"parameter {p.name} needs an example and a description"
    assert "ORDER BY" in text, "rows must come in a stable order"


@pytest.mark.parametrize("name", NAMES)
def test_parameters_are_projected_by_the_outer_select(name: str) -> None:
    """Oxigraph's substitutions need it, and it shows which filter produced the rows."""
    q = get_query(name)
    outer = _where_groups(q.text)[0]
    assert outer.projected is not None
    for p in q.params:
        assert p.name in outer.projected, f"?{p.name} is not in the SELECT of {name}"


def test_header_errors_are_clear() -> None:
    with pytest.raises(InputError, match="'# row:'"):
        parse_query_text("# name: x\n# 问题: 问？\n# Question: Q?\nSELECT * WHERE {} ORDER BY ?a\n")
    with pytest.raises(InputError, match="type 'uri'"):
        parse_query_text(
            "# name: x\n# 问题: 问？\n# Question: Q?\n# param a: uri, optional, example 1 — doc\n# row: r\nSELECT ?a WHERE {}\n"
        )
    with pytest.raises(InputError, match="not used"):
        parse_query_text(
            "# name: x\n# 问题: 问？\n# Question: Q?\n# param a: iri, optional, example 1 — doc\n# row: r\nSELECT ?b WHERE {}\n"
        )


def test_unknown_query_names_suggest_the_nearest() -> None:
    with pytest.raises(UsageError, match=r"did you mean: co-hosts"):
        get_query("cohosts")
    with pytest.raises(UsageError, match="povkg query --list"):
        get_query("zzzzzz")


# ------------------------------------------------------------------------------------------
# parameters
# ------------------------------------------------------------------------------------------


def test_parameters_are_checked(fixture_oxigraph: OxigraphStore) -> None:
    q = get_query("indicator-series")
    with pytest.raises(UsageError, match="unknown parameter 'colour'"):
        bind_params(q, {"colour": "red"})
    with pytest.raises(UsageError, match="takes an integer"):
        bind_params(q, {"min_points": "two"})
    with pytest.raises(UsageError, match="needs parameter 'place'"):
        bind_params(get_query("outcomes-in-place"), {})
    with pytest.raises(UsageError, match="not a valid IRI"):
        bind_params(get_query("co-hosts"), {"policy": "http://x/> } DROP ALL"})
    assert bind_params(q, {})["min_points"] == Literal(1)  # the header's default


def test_iri_parameters_take_labels_short_forms_and_codes(fixture_oxigraph: OxigraphStore) -> None:
    q = get_query("outcomes-in-place")
    by_iri = run_query(fixture_oxigraph, q, {"place": "https://w3id.org/povkg/id/place/410000"})
    assert run_query(fixture_oxigraph, q, {"place": "河南省"}) == by_iri
    assert run_query(fixture_oxigraph, q, {"place": "410000"}) == by_iri
    assert run_query(fixture_oxigraph, q, {"place": "id:place/410000"}) == by_iri
    assert run_query(fixture_oxigraph, q, {"place": "Henan Province"}) == by_iri
    co = get_query("co-hosts")
    assert run_query(fixture_oxigraph, co, {"policy": "网络扶贫行动计划"}) == run_query(
        fixture_oxigraph, co, {"policy": WLFP}
    )
    assert run_query(fixture_oxigraph, "outcomes-in-place", {"place": "411522"}) is not None


def test_ambiguous_and_unknown_names_are_usage_errors(fixture_oxigraph: OxigraphStore) -> None:
    with pytest.raises(UsageError, match="ambiguous.*河南省委网信办.*贵州省委网信办"):
        run_query(fixture_oxigraph, "event-roles", {"body": "省委网信办"})
    with pytest.raises(UsageError, match="nothing is called"):
        run_query(fixture_oxigraph, "event-roles", {"body": "不存在的机构"})
    assert len(resolve_entity(fixture_oxigraph, "省委网信办")) == 2


# ------------------------------------------------------------------------------------------
# every query runs; golden results
# ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", NAMES)
def test_every_query_runs_with_its_examples(name: str, fixture_oxigraph: OxigraphStore) -> None:
    q = get_query(name)
    for params in param_variants(q):
        res = run_query(fixture_oxigraph, q, params)
        assert isinstance(res, Results)
    assert len(run_query(fixture_oxigraph, q, required_examples(q))) > 0, (
        f"{name} finds nothing on the fixture"
    )


def test_the_text_a_call_runs_gives_the_rows_of_the_query_as_written(
    fixture_oxigraph: OxigraphStore, fixture_oxigraph_subst: OxigraphStore, fixture_memory: MemoryStore
) -> None:
    """Specialised filters, ``#IF`` patterns and bindings in nested groups change the plan only."""
    changed = answered = 0
    for q in list_queries():
        for params in param_variants(q):
            bound = bind_params(q, params, fixture_oxigraph)
            text = query_text(q, bound)
            changed += text != q.text
            for store in (fixture_oxigraph, fixture_oxigraph_subst, fixture_memory):
                expected = store.select(q.text, bound)
                got = store.select(text, bound)
                assert got.vars == expected.vars
                assert list(got) == list(expected), f"{q.name} {params}: the specialised text differs on {store!r}"
                answered += len(got) > 0
    assert changed >= 20 and answered >= 60


def _check_golden(path: Path, res: Results) -> None:
    text = res.to_csv()
    if UPDATE or not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="")
        if not UPDATE:
            pytest.fail(f"golden file {path.relative_to(ROOT)} was missing: written, review it and rerun")
    with path.open(encoding="utf-8", newline="") as f:
        assert text == f.read(), f"rows differ from {path.relative_to(ROOT)}"


@pytest.mark.parametrize("name", NAMES)
def test_golden_results_on_the_fixture(name: str, fixture_oxigraph: OxigraphStore) -> None:
    q = get_query(name)
    _check_golden(GOLDEN / "fixture" / f"{name}.csv", run_query(fixture_oxigraph, q, required_examples(q)))


@pytest.mark.parametrize("name", NAMES)
def test_golden_results_on_the_built_reference_report(name: str, reference_store: OxigraphStore) -> None:
    q = get_query(name)
    _check_golden(GOLDEN / f"{name}.csv", run_query(reference_store, q, required_examples(q)))


# ------------------------------------------------------------------------------------------
# what the answers say
# ------------------------------------------------------------------------------------------


def _asym(res: Results) -> set[tuple[str, str]]:
    return {(str(r["bodyZh"]), str(r["pattern"])) for r in res}


def test_role_asymmetry_on_the_reference_report(reference_store: OxigraphStore) -> None:
    found = _asym(run_query(reference_store, "role-asymmetry"))
    assert ("河南省发展改革委", "host-only") in found
    assert ("河南省文化和旅游厅", "speaker-only") in found
    assert all(b not in found for b in [("河南省委网信办", "host-only"), ("河南省委网信办", "speaker-only")])


def test_the_reference_report_meeting_has_its_six_hosts_and_six_speakers(
    reference_store: OxigraphStore,
) -> None:
    res = run_query(reference_store, "event-roles", {"policy": "数字乡村发展战略纲要"})
    hosts = {r["bodyZh"] for r in res if r["role"].endswith("HostRole")}
    speakers = {r["bodyZh"] for r in res if r["role"].endswith("SpeakerRole")}
    short = {"省委网信办", "省发展改革委", "省扶贫办", "省农业农村厅", "省工信厅", "省通信管理局"}
    assert {f"河南{h}" for h in short} == hosts
    assert {f"河南{s}" for s in short - {"省发展改革委"} | {"省文化和旅游厅"}} == speakers


def test_role_asymmetry_on_the_fixture(fixture_oxigraph: OxigraphStore) -> None:
    found = _asym(run_query(fixture_oxigraph, "role-asymmetry"))
    assert {("河南省发展改革委", "host-only"), ("河南省文化和旅游厅", "speaker-only")} <= found


def test_co_hosting_is_counted_across_reports(fixture_oxigraph: OxigraphStore) -> None:
    top = run_query(fixture_oxigraph, "co-hosts")[0]
    assert (top["aZh"], top["bZh"], top["events"]) == ("河南省委网信办", "河南省扶贫办", 2)


def test_an_indicator_series_has_points_from_two_reports(fixture_oxigraph: OxigraphStore) -> None:
    res = run_query(
        fixture_oxigraph, "indicator-series", {"indicator": "农村固定宽带家庭普及率", "place": "河南省"}
    )
    assert [(str(r["asOf"]), r["value"]) for r in res] == [
        ("2019-09-20", Decimal(95)),
        ("2020-11-10", Decimal(99)),
    ]
    assert len({r["doc"] for r in res}) == 2 and {r["points"] for r in res} == {2}


def test_policy_linkage_spans_reports(fixture_oxigraph: OxigraphStore) -> None:
    res = run_query(fixture_oxigraph, "policy-linkage")
    events = [r for r in res if r["kind"] == "event"]
    bodies = {r["itemZh"]: r for r in res if r["kind"] == "body"}
    assert len(events) == 2  # Henan 2020 and Guizhou 2020: two reports
    cac = bodies["河南省委网信办"]
    assert (cac["eventsA"], cac["eventsB"], cac["reports"]) == (2, 1, 2)
    assert "河南省教育厅" not in bodies  # active under the action plan only


def test_outcomes_in_a_province_include_its_counties(fixture_oxigraph: OxigraphStore) -> None:
    res = run_query(fixture_oxigraph, "outcomes-in-place", {"place": "河南省"})
    assert {r["areaZh"] for r in res} == {"河南省", "兰考县"}
    assert all(r["place"] == "https://w3id.org/povkg/id/place/410000" for r in res)


def test_counterparts_say_whether_the_national_body_issued_the_policy(
    fixture_oxigraph: OxigraphStore,
) -> None:
    res = run_query(
        fixture_oxigraph,
        "national-provincial-counterparts",
        {"policy": "网络扶贫行动计划", "place": "河南省"},
    )
    got = {r["bodyZh"]: (r["nationalZh"], r["issuedPolicy"]) for r in res}
    assert got["河南省委网信办"] == ("中央网信办", True)
    assert got["河南省农业农村厅"] == ("农业农村部", False)
    assert got["河南省通信管理局"] == (None, False)


def test_evidence_quotes_the_original_text(fixture_oxigraph: OxigraphStore) -> None:
    original = (ROOT / "kg" / "data" / "henan-2020-11-10-guangshan.txt").read_text(encoding="utf-8")
    res = run_query(fixture_oxigraph, "evidence", {"entity": "河南省发展改革委"})
    assert res and all(original[r["start"] : r["end"]] == r["exact"] for r in res if "guangshan" in r["doc"])


# ------------------------------------------------------------------------------------------
# results
# ------------------------------------------------------------------------------------------


def _sample_results() -> Results:
    return Results(
        ["place", "name", "value", "note"],
        [
            [
                URIRef("https://w3id.org/povkg/id/place/411522"),
                Literal("光山县", lang="zh-Hans"),
                Literal("99.0", datatype=URIRef("http://www.w3.org/2001/XMLSchema#decimal")),
                None,
            ],
            [
                URIRef("https://w3id.org/povkg/id/place/410000"),
                Literal('Henan, "中原"'),
                Literal(3),
                Literal("a\tb\nc"),
            ],
        ],
    )


def test_results_json_follows_the_w3c_format() -> None:
    doc = json.loads(_sample_results().to_json())
    assert doc["head"]["vars"] == ["place", "name", "value", "note"]
    first, second = doc["results"]["bindings"]
    assert first["place"] == {"type": "uri", "value": "https://w3id.org/povkg/id/place/411522"}
    assert first["name"] == {"type": "literal", "value": "光山县", "xml:lang": "zh-hans"}
    assert first["value"]["datatype"].endswith("#decimal") and first["value"]["value"] == "99"
    assert "note" not in first and second["note"]["value"] == "a\tb\nc"
    assert Results.from_json(_sample_results().to_json()) == _sample_results()


def test_results_csv_and_tsv_follow_the_w3c_formats() -> None:
    res = _sample_results()
    text = res.to_csv()
    assert text.startswith("place,name,value,note\r\n")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows[2] == ["https://w3id.org/povkg/id/place/410000", 'Henan, "中原"', "3", "a\tb\nc"]
    tsv = res.to_tsv().splitlines()
    assert tsv[0] == "?place\t?name\t?value\t?note"
    assert tsv[1].split("\t")[:2] == ["<https://w3id.org/povkg/id/place/411522>", '"光山县"@zh-hans']
    assert tsv[2].endswith('"a\\tb\\nc"')


def test_tables_align_chinese_text() -> None:
    header, rule, first, second = _sample_results().to_table().splitlines()
    assert any(unicodedata.east_asian_width(c) == "W" for c in first)
    # the third column starts at the same terminal column on every line, whatever the script
    col = display_width(header[: header.index("value")])
    assert display_width(first[: first.index("光山县") + 3]) + 2 < col + 1
    assert display_width(rule[: rule.index(" -", rule.index(" -") + 1) + 1]) == col
    assert first.rstrip().endswith("99") and second.index("3") > 0
    assert display_width(first[: first.rindex("99") + 2]) == display_width(second[: second.index(" 3") + 2])


def test_rows_are_frozen_and_indexable_by_name_and_position() -> None:
    row = _sample_results()[0]
    assert isinstance(row, Row)
    assert row["name"] == row[1] == "光山县"
    assert row["value"] == Decimal("99") and row["note"] is None
    place, name, value, note = row
    assert place.endswith("411522")
    with pytest.raises(AttributeError):
        row.x = 1  # type: ignore[attr-defined]
    with pytest.raises(KeyError):
        row["nope"]


def test_results_to_dataframe() -> None:
    pd = pytest.importorskip("pandas")
    df = _sample_results().to_dataframe()
    assert isinstance(df, pd.DataFrame) and list(df.columns) == ["place", "name", "value", "note"]
    assert df.loc[0, "name"] == "光山县"


def test_fixture_file_is_the_one_the_doctests_use() -> None:
    from conftest import SAMPLE

    assert SAMPLE == FIXTURE


def test_docs_queries_md_is_generated_from_the_headers() -> None:
    from kg.query import library_markdown

    path = ROOT / "docs" / "queries.md"
    assert path.read_text(encoding="utf-8") == library_markdown(), (
        "docs/queries.md is stale: python -c 'from kg.query import library_markdown; "
        'print(library_markdown(), end="")\' > docs/queries.md'
    )
