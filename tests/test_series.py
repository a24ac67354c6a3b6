"""Series of one indicator across reports: the query, ``kg.series`` (a DataFrame) and ``povkg series`` charts."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from query_helpers import FIXTURE

from kg.api import KnowledgeGraph
from kg.cli import main
from kg.errors import UsageError
from kg.store import OxigraphStore

ROOT = Path(__file__).resolve().parent.parent
REAL = ROOT.parent / "shared" / "corpus" / "real"
ID = "https://w3id.org/povkg/id/"


@pytest.fixture(scope="module")
def kg() -> KnowledgeGraph:
    store = OxigraphStore()
    store.load_file(FIXTURE)
    return KnowledgeGraph(store)


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


# --- the DataFrame -------------------------------------------------------------------------------
def test_series_has_numeric_dtypes(kg: KnowledgeGraph) -> None:
    df = kg.series("农村固定宽带家庭普及率")
    assert str(df["value"].dtype) == "float64"
    assert str(df["as_of"].dtype) == "datetime64[ns]"
    assert str(df["reports"].dtype) == "int64"
    assert df["value"].tolist() == [95.0, 99.0, 96.0, 98.0]
    assert df["province_label"].tolist() == ["河南省", "河南省", "贵州省", "贵州省"]
    assert df["kind"].tolist() == ["Result", "Result", "Result", "Target"]
    assert df["sentence"].str.contains("普及率").all()


def test_series_by_label_alt_label_key_or_iri_is_one_series(kg: KnowledgeGraph) -> None:
    key = "rural-fixed-broadband-household-penetration"
    frames = [kg.series(n) for n in ("农村固定宽带家庭普及率", "农村宽带家庭普及率", key, ID + "indicator/" + key)]
    assert all(f.equals(frames[0]) for f in frames[1:])


def test_series_in_a_place(kg: KnowledgeGraph) -> None:
    df = kg.series("农村固定宽带家庭普及率", place="贵州省")
    assert df["province_label"].unique().tolist() == ["贵州省"] and len(df) == 2
    assert kg.series("农村固定宽带家庭普及率", place="兰考县").empty


def test_series_keeps_points_of_places_within_a_province(kg: KnowledgeGraph) -> None:
    df = kg.series("益农信息社")
    county = df[df["area_label"] == "兰考县"]
    assert county["province_label"].tolist() == ["河南省"]  # a county's figure, under its province


def test_series_of_nothing_is_a_usage_error(kg: KnowledgeGraph) -> None:
    with pytest.raises(UsageError, match="nothing is called"):
        kg.series("没有这个指标")


# --- the query ----------------------------------------------------------------------------------
def test_query_gives_one_row_per_area_date_and_kind(capsys: pytest.CaptureFixture[str]) -> None:
    import csv
    import io

    code, out, _ = run(
        capsys, "query", "indicator-series", "--store", str(FIXTURE), "-p", "indicator=农村宽带家庭普及率", "--format", "csv"
    )
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    keys = [(r["area"], r["asOf"], r["kind"]) for r in rows]
    assert len(keys) == len(set(keys)) == 4
    assert all(r["sentence"] and r["doc"] for r in rows)


# --- charts -------------------------------------------------------------------------------------
@pytest.mark.parametrize("suffix", ["svg", "png", "html"])
def test_chart_is_written_the_same_twice(capsys: pytest.CaptureFixture[str], tmp_path: Path, suffix: str) -> None:
    paths = [tmp_path / f"a.{suffix}", tmp_path / f"b.{suffix}"]
    for p in paths:
        code, out, err = run(capsys, "series", "农村固定宽带家庭普及率", "--store", str(FIXTURE), "-o", str(p))
        assert code == 0 and out.strip() == str(p)
        assert "4 points from 2 province(s)" in err
    data = paths[0].read_bytes()
    assert data == paths[1].read_bytes()
    if suffix == "png":
        assert data.startswith(b"\x89PNG\r\n\x1a\n")
    elif suffix == "svg":
        root = ET.fromstring(data)
        assert root.tag == "{http://www.w3.org/2000/svg}svg"
        assert "<text" not in data.decode()  # text drawn as paths: no font needed to view it
    else:
        page = data.decode("utf-8")
        assert page.count('xlink:href="#p') == 4
        assert all(f'id="p{n}"' in page for n in range(1, 5))
        assert "<script" not in page and "http-equiv=\"Content-Security-Policy\"" in page


def test_targets_are_hollow(kg: KnowledgeGraph) -> None:
    from visualise.series import series_figure

    fig = series_figure(kg.series("农村固定宽带家庭普及率"))
    faces = {c.get_gid(): c.get_facecolors()[0].tolist() for c in fig.axes[0].collections}
    assert faces["points-1-target"] == [1.0, 1.0, 1.0, 1.0]
    assert faces["points-1-result"] != [1.0, 1.0, 1.0, 1.0]


def test_chart_errors(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys, "series", "农村固定宽带家庭普及率", "--store", str(FIXTURE), "-o", str(tmp_path / "x.pdf"))
    assert code == 2 and err.count("\n") == 1 and "x.pdf" in err
    code, _, err = run(capsys, "series", "没有这个指标", "--store", str(FIXTURE), "-o", str(tmp_path / "x.svg"))
    assert code == 2 and err.count("\n") == 1 and "Traceback" not in err
    code, _, err = run(capsys, "series", "x", "--store", str(tmp_path / "missing"), "-o", str(tmp_path / "x.svg"))
    assert code == 3 and err.count("\n") == 1


def test_cjk_font_is_found_or_the_chart_still_draws() -> None:
    from visualise.series import cjk_font

    font = cjk_font()
    assert font is None or isinstance(font, str)


# --- across real reports ------------------------------------------------------------------------
@pytest.mark.slow
@pytest.mark.skipif(not REAL.is_dir(), reason=f"the real reports are not at {REAL}")
def test_real_reports_give_a_series_from_two_provinces(tmp_path: Path) -> None:
    from kg.resources import sample_report

    g = KnowledgeGraph.open(tmp_path / "store", read_only=False)
    g.build([sample_report(), *sorted(REAL.glob("*.txt"))])
    df = g.series("电子商务进农村综合示范县数量")
    provinces = set(df["province_label"].dropna()) - {"全国"}
    assert len(provinces) >= 2, df[["province_label", "as_of_text", "kind", "value", "sentence"]]
    assert df["sentence"].notna().all()


# --- the viewer's indicator panels ---------------------------------------------------------------
def _viewer_points(kg: KnowledgeGraph, label: str, cap: int = 60) -> tuple[tuple, int]:
    from visualise.views import indicator_series, load_model

    model = load_model(kg.store)
    (iri,) = [i for i in model.of_type("indicator") if model.label(i, "zh") == label]
    return indicator_series(model, iri, cap)


@pytest.mark.parametrize("label", ["农村固定宽带家庭普及率", "电商进农村综合示范县", "益农信息社"])
def test_viewer_series_has_the_points_of_kg_series(kg: KnowledgeGraph, label: str) -> None:
    points, total = _viewer_points(kg, label)
    df = kg.series(label)
    assert total == len(points) == len(df)
    got = sorted((p.province_zh, p.area_zh, p.as_of, p.kind, p.value, p.source.quote, p.reports) for p in points)
    want = sorted(
        zip(df["province_label"], df["area_label"], df["as_of_text"], df["kind"], df["value"], df["sentence"],
            df["reports"], strict=True)
    )
    assert got == want


def test_viewer_series_keeps_province_figures_first_when_capped(kg: KnowledgeGraph) -> None:
    points, total = _viewer_points(kg, "农村固定宽带家庭普及率", cap=2)
    assert total == 4 and len(points) == 2
    # every point is a province's own figure here: the most given, then the earliest, are kept
    assert [(p.province_zh, p.as_of) for p in points] == [("河南省", "2019-09-20"), ("河南省", "2020-11-10")]


def test_viewer_page_carries_each_indicator_series_with_its_sentences(kg: KnowledgeGraph) -> None:
    import json
    import re

    from visualise import build_view, render_html

    page = render_html(build_view(kg.store, "overview"))
    text = re.search(r'<script type="application/json" id="povkg-data">(.*?)</script>', page, re.S).group(1)
    data = json.loads(text)
    (node,) = [n for n in data["nodes"] if n["zh"] == "农村固定宽带家庭普及率"]
    df = kg.series("农村固定宽带家庭普及率")
    rows = node["ser"]
    assert node["serN"] == len(rows) == len(df)
    # a source row is [the quote in simplified characters without pinyin, the quote as written
    # when that differs, ...]
    sources = [data["sources"][r[5]] for r in rows]
    assert sorted(s[1] or s[0] for s in sources) == sorted(df["sentence"])
    assert sorted((data["places"][r[2]][1], r[0], r[4], r[1]) for r in rows) == sorted(
        zip(df["province_label"], df["as_of_text"], df["kind"], df["value"], strict=True)
    )
    # an indicator whose outcomes have no dates has no chart; clusters never have one
    assert all("ser" not in n for n in data["nodes"] if n.get("c") or n["t"] != "indicator")
