"""The API as an analyst uses it: listings, typed DataFrames, notebook display, a clean dir()."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pandas as pd
import pytest
from query_helpers import FIXTURE

from kg.api import KnowledgeGraph, Records, normalise_lang
from kg.errors import UsageError
from kg.store import OxigraphStore

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def kg() -> KnowledgeGraph:
    store = OxigraphStore()
    store.load_file(FIXTURE)
    return KnowledgeGraph(store)


def test_listings_beside_outcomes(kg: KnowledgeGraph) -> None:
    policies = kg.policies()
    assert isinstance(policies, Records) and "网络扶贫行动计划" in {p.label_zh for p in policies}
    wlfp = next(p for p in policies if p.key == "wlfp-action-plan")
    assert wlfp.issuers and wlfp.programmes
    bodies = kg.bodies()
    assert {"河南省委网信办", "中央网信办"} <= {b.label_zh for b in bodies}
    national = kg.bodies(level="national")
    assert national and all(b.level.endswith("NationalLevel") for b in national)  # type: ignore[union-attr]
    counties = kg.places(level="County")  # any case
    assert ("光山县", "411522") in {(p.label_zh, p.code) for p in counties}
    guangshan = next(p for p in counties if p.code == "411522")
    assert guangshan.parents[:2] == (
        "https://w3id.org/povkg/id/place/411500",
        "https://w3id.org/povkg/id/place/410000",
    )
    assert kg.events() and kg.outcomes()
    with pytest.raises(UsageError, match="unknown level"):
        kg.places(level="galaxy")


def test_dataframes_have_numeric_and_datetime_dtypes(kg: KnowledgeGraph) -> None:
    df = kg.outcomes(place="河南省").to_dataframe()
    assert df["value"].dtype == "float64"
    assert str(df["as_of"].dtype).startswith("datetime64")
    assert df.describe().loc["count", "value"] == len(df) > 0
    res = kg.query("outcomes-in-place", place="河南省").to_dataframe()
    assert res["value"].dtype == "float64" and str(res["asOf"].dtype).startswith("datetime64")
    assert res["indicator"].dtype == object
    counts = kg.query("co-hosts").to_dataframe()
    assert pd.api.types.is_integer_dtype(counts["events"])
    events = kg.events().to_dataframe()
    assert str(events["date"].dtype).startswith("datetime64")


def test_notebooks_show_tables_and_views(kg: KnowledgeGraph) -> None:
    html = kg.query("co-hosts")._repr_html_()
    assert html.startswith("<table") and "河南省委网信办" in html and "rows</p>" in html
    listing = kg.policies()._repr_html_()
    assert "<th>label_zh</th>" in listing and "网络扶贫行动计划" in listing
    from visualise.render import render_html
    from visualise.views import ViewData

    view = kg.view("coorg", lang="zh-Hans")
    assert isinstance(view, ViewData) and render_html(view).lstrip().lower().startswith("<!doctype html")
    frame = view._repr_html_()
    assert frame.startswith("<iframe") and "srcdoc=" in frame and "<script" not in frame  # escaped


def test_dir_shows_the_api_only(kg: KnowledgeGraph) -> None:
    names = dir(kg)
    assert not [n for n in names if n.startswith("_")]
    assert {"policies", "bodies", "places", "events", "outcomes", "query", "sparql", "view"} <= set(names)


def test_language_arguments_ignore_case(kg: KnowledgeGraph) -> None:
    iri = "https://w3id.org/povkg/id/place/411522"
    assert kg.label(iri, lang="zh-Hans") == kg.label(iri, lang="zh-hans") == kg.label(iri, lang="ZH") == "光山县"
    assert kg.label(iri, lang="EN") == "Guangshan County"
    assert normalise_lang("en-GB") == "en"
    with pytest.raises(UsageError, match="unknown language"):
        normalise_lang("fr")


def test_pandas_is_a_dependency() -> None:
    meta = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert any(d.startswith("pandas") for d in meta["project"]["dependencies"])


def test_viz_takes_a_language_in_any_case(tmp_path: Path) -> None:
    from kg.cli import main

    store = tmp_path / "store"
    st = OxigraphStore(store)
    st.load_file(FIXTURE)
    st.flush()
    del st
    assert main(["viz", "--store", str(store), "--lang", "zh-Hans", "-o", str(tmp_path / "a.html")]) == 0
    assert main(["viz", "--store", str(store), "--lang", "EN", "-o", str(tmp_path / "b.html")]) == 0
    assert main(["viz", "--store", str(store), "--lang", "fr", "-o", str(tmp_path / "c.html")]) == 2
