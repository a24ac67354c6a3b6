"""The viewer: node and edge lists of each view, and the HTML page they become.

The views are checked on a hand-made fixture (``tests/data/viewer_fixture.trig``: the Henan
2020-11-10 meeting in 光山县, following docs/model.md, plus three hostile labels), through
both pyoxigraph and rdflib, and on a store built from the bundled reference report. The page
is checked by parsing it, never by diffing it.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
from rdflib import Dataset

from kg.errors import StoreError, UsageError
from visualise import VIEWS, build_view, render_html, write_view
from visualise.views import NODE_TYPES, Edge, Node, ViewData

FIXTURE = Path(__file__).parent / "data" / "viewer_fixture.trig"
ID = "https://w3id.org/povkg/id/"
EVENT = ID + "event/2020-11-10/411522/quanshengwangluofupinjishuzixiangcunfazhangongzuoxianchangtuijinhui"
POLICY = ID + "policy/wlfp-action-plan"
HOSTILE = (
    "<script>alert(1)</script><script>window.povkgPwned = 1</script>",
    "<img src=x onerror=alert(1)>",
    "javascript:alert(1)",
)


@pytest.fixture(scope="module")
def store() -> ox.Store:
    s = ox.Store()
    s.load(path=str(FIXTURE), format=ox.RdfFormat.TRIG)
    return s


@pytest.fixture(scope="module")
def dataset() -> Dataset:
    from kg.store import add_quads

    ds = Dataset(default_union=True)
    add_quads(ds, ox.parse(path=str(FIXTURE), format=ox.RdfFormat.TRIG))  # rdflib's TriG parser warns
    return ds


@pytest.fixture(scope="module")
def views(store: ox.Store) -> dict[str, ViewData]:
    return {v: build_view(store, v) for v in VIEWS}


def types_of(view: ViewData) -> dict[str, int]:
    return dict(Counter(n.type for n in view.nodes))


def kinds_of(view: ViewData) -> dict[str, int]:
    return dict(Counter(e.kind for e in view.edges))


# --- node and edge lists ----------------------------------------------------------------------


def entities_of(view: ViewData) -> dict[str, int]:
    return dict(Counter(n.type for n in view.nodes if not n.cluster))


def test_overview_counts_per_type(views: dict[str, ViewData]) -> None:
    v = views["overview"]
    # the catalogue's bodies and places the report never names are left out; the place tree
    # stops at the county (townships, villages and sites are in the place view)
    assert entities_of(v) == {
        "policy": 2,
        "programme": 5,
        "indicator": 8,
        "body": 7,
        "event": 2,
        "visit": 3,
        "outcome": 10,
        "place": 3,
    }
    assert len(v.edges) == 90
    assert len(v.visible()) == 32


def test_catalogue_entries_appear_only_when_mentioned(views: dict[str, ViewData]) -> None:
    ids = {n.id for n in views["overview"].nodes}
    # issuers of the action plan: in the catalogue, never named by the report
    assert not {ID + "org/cn/cac", ID + "org/cn/ndrc", ID + "org/cn/cpad"} & ids
    assert ID + "org/410000/cac" in ids


def test_outcomes_fold_into_their_indicator(views: dict[str, ViewData]) -> None:
    v = views["overview"]
    by_id = {n.id: n for n in v.nodes}
    outcomes = [n for n in v.nodes if n.type == "outcome"]
    under = [n for n in outcomes if n.parent and by_id[n.parent].type == "indicator"]
    assert len(under) == 8
    assert all(not n.shown for n in under)  # folded when the page opens
    indicator = by_id[ID + "indicator/rural-products-online-sales"]
    assert indicator.shown and indicator.count == 1 and indicator.parent is None
    # outcomes without an indicator gather in a cluster of their own
    rest = [n for n in outcomes if n not in under]
    assert {by_id[n.parent].label_zh for n in rest if n.parent} == {"未归类成效"}


def test_bodies_cluster_by_province_and_level(views: dict[str, ViewData]) -> None:
    v = views["overview"]
    (cluster,) = [n for n in v.nodes if n.cluster and n.type == "body"]
    assert (cluster.label_zh, cluster.label_en) == ("河南省 · 省级机构", "Henan Province · provincial bodies")
    members = [n for n in v.nodes if n.parent == cluster.id]
    assert len(members) == cluster.count == 7
    # the bodies of a province hang under the province itself
    assert cluster.parent == ID + "place/410000"
    body = next(n for n in members if n.id == ID + "org/410000/cac")
    facets = dict(body.facets)
    assert facets["province"] == (ID + "place/410000",) and facets["year"] == ("2020",)
    assert facets["bodytype"] == ("party",)
    assert POLICY in facets["policy"]


def test_visible_nodes_stay_within_the_budget(store: ox.Store) -> None:
    for budget in (5, 12, 20):
        v = build_view(store, "overview", budget=budget)
        roots = [n for n in v.nodes if n.parent is None]
        assert len(v.visible()) <= max(budget, len(roots))
    assert len(build_view(store, "overview", budget=5).visible()) < len(
        build_view(store, "overview").visible()
    )


def test_focus_view_is_the_neighbourhood_of_one_entity(store: ox.Store) -> None:
    v = build_view(store, "overview", focus="河南省委网信办", depth=1)
    assert v.view == "focus" and v.title == "焦点：河南省委网信办"
    assert v.focus == ID + "org/410000/cac"
    ids = {n.id for n in v.nodes}
    assert EVENT in ids and ID + "org/410000/cac" in ids
    assert next(n for n in v.nodes if n.id == v.focus).shown
    deeper = build_view(store, "overview", focus="河南省委网信办", depth=2)
    assert ids < {n.id for n in deeper.nodes}
    alone = build_view(store, "overview", focus="河南省委网信办", depth=0)
    assert [n.id for n in alone.nodes] == [ID + "org/410000/cac"]
    with pytest.raises(UsageError, match="no entity named"):
        build_view(store, "overview", focus="没有这个机构")


def test_overview_folds_documents_selectors_and_participations(views: dict[str, ViewData]) -> None:
    v = views["overview"]
    ids = {n.id for n in v.nodes}
    assert not [i for i in ids if "/doc/" in i or "/sel/" in i or "/role/" in i]
    assert {n.type for n in v.nodes} <= set(NODE_TYPES)
    assert all(e.source in ids and e.target in ids for e in v.edges)
    # the selectors became source sentences
    outcome = next(n for n in v.nodes if n.id == ID + "obs/henan-2020-11-10-guangshan/2")
    assert outcome.sources and outcome.sources[0].quote.endswith("99%")
    assert outcome.sources[0].title.startswith("2020年全省网络扶贫")


def test_roles_become_labelled_edges_with_their_sentence(views: dict[str, ViewData]) -> None:
    role_edges = [e for e in views["overview"].edges if e.source == EVENT and e.kind in ("host", "speaker")]
    assert Counter(e.kind for e in role_edges) == {"host": 6, "speaker": 6}
    assert all(e.target.startswith(ID + "org/410000/") for e in role_edges)
    host = next(e for e in role_edges if e.kind == "host")
    assert "共同主辦" in host.sources[0].quote


def test_places_without_anything_are_left_out(views: dict[str, ViewData]) -> None:
    ids = {n.id for n in views["overview"].nodes}
    assert ID + "place/410100" not in ids  # 郑州市: nothing happens there
    assert ID + "place/411521" not in ids  # 罗山县
    assert ID + "place/411500" in ids  # 信阳市: the ancestor of 光山县


def test_outcome_node_carries_its_values(views: dict[str, ViewData]) -> None:
    n = next(n for n in views["overview"].nodes if n.id == ID + "obs/henan-2020-11-10-guangshan/5")
    assert n.label_zh == "489.4亿元"
    assert n.label_en == "48.94 bn yuan"
    details = {key: (zh, en) for key, zh, en in n.details}
    assert details["value"] == ("48,940,000,000 元", "48,940,000,000 yuan")
    assert details["qualifier"][1] == "exact"
    assert details["area"] == ("河南省", "Henan Province")
    assert details["as_of"][0] == "2020-11-10"
    assert details["indicator"][0] == "农村产品上行交易额"
    more = next(n for n in views["overview"].nodes if n.id == ID + "obs/henan-2020-11-10-guangshan/10")
    assert more.label_en == ">6.6 m yuan"


def test_policy_view(views: dict[str, ViewData]) -> None:
    v = views["policy"]
    assert v.title == "政策：网络扶贫行动计划"
    assert entities_of(v) == {
        "policy": 2,
        "programme": 5,
        "indicator": 8,
        "body": 7,
        "event": 1,
        "visit": 3,
        "outcome": 10,
        "place": 3,
    }
    policy = next(n for n in v.nodes if n.id == POLICY)
    assert policy.shown and policy.parent is None and v.focus == POLICY


@pytest.mark.parametrize(
    "name",
    [
        "网络扶贫行动计划",
        "《网络扶贫行动计划》",
        "Action Plan for Poverty Alleviation through the Internet",
        "wlfp-action-plan",
        POLICY,
    ],
)
def test_name_picks_the_policy_by_label_key_or_iri(store: ox.Store, name: str) -> None:
    v = build_view(store, "policy", name=name)
    assert POLICY in {n.id for n in v.nodes}
    assert v.title == "政策：网络扶贫行动计划"


def test_other_policy_by_name(store: ox.Store) -> None:
    v = build_view(store, "policy", name="数字乡村发展战略纲要", lang="en")
    assert v.title_en == "Policy: Digital Village Development Strategy Outline"
    assert entities_of(v) == {"policy": 2, "body": 7, "event": 1, "visit": 3, "place": 3}


def test_event_view(views: dict[str, ViewData]) -> None:
    v = views["event"]
    assert v.title.startswith("活动：2020年全省网络扶贫")
    assert entities_of(v) == {
        "policy": 2,
        "indicator": 8,
        "body": 7,
        "event": 2,
        "visit": 3,
        "outcome": 10,
        "place": 6,
        "site": 2,
    }
    assert Counter(e.kind for e in v.edges)["host"] == 6


def test_place_view_is_a_tree_of_places_with_their_things(views: dict[str, ViewData]) -> None:
    v = views["place"]
    assert v.layout == "tree" and not v.physics
    assert entities_of(v) == {"event": 1, "outcome": 10, "place": 3}  # the tree stops at the county
    parent = {n.id: n.parent for n in v.nodes}
    assert parent[ID + "place/411522"] == ID + "place/411500"
    assert parent[ID + "place/411500"] == ID + "place/410000"
    assert [n.id for n in v.nodes if n.parent is None] == [ID + "place/410000"]
    # outcomes gather under their place
    clusters = {n.id: n for n in v.nodes if n.cluster}
    assert {
        clusters[parent[n.id]].label_zh for n in v.nodes if n.type == "outcome" and parent[n.id] in clusters
    } <= {"河南省 · 成效"}


def test_place_view_by_name(store: ox.Store) -> None:
    v = build_view(store, "place", name="光山")
    assert entities_of(v) == {"event": 1, "place": 4, "site": 2}
    assert v.title == "地点：光山县"


def test_coorg_view(views: dict[str, ViewData]) -> None:
    v = views["coorg"]
    assert entities_of(v) == {"body": 6}
    assert len(v.edges) == 15 and {e.weight for e in v.edges} == {1.0}
    assert all(e.sources for e in v.edges)  # the sentence of the meeting they co-hosted
    assert len(v.visible()) == 6  # the one cluster fits the budget and opens


def test_unknown_name_lists_close_names(store: ox.Store) -> None:
    with pytest.raises(UsageError, match="close names: .*2020年全省网络扶贫暨数字乡村发展工作现场推进会"):
        build_view(store, "event", name="2020年全省网络扶贫推进会")


def test_package_names_match_the_views_module() -> None:
    import visualise
    import visualise.views

    assert visualise.VIEWS == visualise.views.VIEWS
    with pytest.raises(AttributeError):
        visualise.nothing_here  # noqa: B018


def test_usage_errors(store: ox.Store) -> None:
    with pytest.raises(UsageError, match="unknown view"):
        build_view(store, "nope")
    with pytest.raises(UsageError, match="language"):
        build_view(store, "overview", lang="fr")
    with pytest.raises(UsageError, match="--name applies"):
        build_view(store, "overview", name="光山县")


def test_empty_store_gives_an_empty_view() -> None:
    v = build_view(ox.Store(), "overview")
    assert v.nodes == () and v.edges == ()
    assert "povkg-data" in render_html(v)
    with pytest.raises(UsageError, match="no policy"):
        build_view(ox.Store(), "policy")


@pytest.mark.parametrize("view", VIEWS)
def test_rdflib_and_oxigraph_give_the_same_view(store: ox.Store, dataset: Dataset, view: str) -> None:
    assert build_view(dataset, view) == build_view(store, view)


def test_any_kg_store_will_do(store: ox.Store, dataset: Dataset) -> None:
    from kg.store import MemoryStore

    class Remote:
        """Stands for an EndpointStore: nothing but select(), whose rows are plain values."""

        def __init__(self, inner: MemoryStore) -> None:
            self.inner = inner

        def select(self, query: str) -> Any:
            return self.inner.select(query)

    memory = MemoryStore(dataset)
    for view in ("overview", "event"):
        assert build_view(memory, view) == build_view(Remote(memory), view) == build_view(store, view)
    with pytest.raises(UsageError, match="cannot read a graph"):
        build_view(42, "overview")


def test_views_are_sorted_positioned_and_deterministic(store: ox.Store, views: dict[str, ViewData]) -> None:
    for name, v in views.items():
        assert all(n.x is not None and n.y is not None for n in v.nodes), name
        assert [n.id for n in v.nodes] == sorted(n.id for n in v.nodes), name
        assert list(v.edges) == sorted(v.edges, key=lambda e: (e.source, e.kind, e.target)) or name == "coorg"
        assert build_view(store, name) == v


def test_store_path_and_missing_store(tmp_path: Path) -> None:
    from kg.store import OxigraphStore

    st = OxigraphStore(tmp_path / "store")
    st.ox.load(path=str(FIXTURE), format=ox.RdfFormat.TRIG)
    st.flush()
    del st
    assert len(build_view(tmp_path / "store", "overview").nodes) == 42
    with pytest.raises(StoreError):
        build_view(tmp_path / "missing", "overview")


# --- the page -----------------------------------------------------------------------------------


class Page(HTMLParser):
    """Collects tags, attributes and the text of every script and style element."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self.styles: list[str] = []
        self._in: tuple[str, dict[str, str | None]] | None = None
        self._buf: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        self.tags.append((tag, a))
        if tag in ("script", "style"):
            self._in, self._buf = (tag, a), []

    def handle_endtag(self, tag: str) -> None:
        if self._in and tag == self._in[0]:
            text = "".join(self._buf)
            if tag == "script":
                self.scripts.append((self._in[1], text))
            else:
                self.styles.append(text)
            self._in = None

    def handle_data(self, data: str) -> None:
        if self._in:
            self._buf.append(data)


@pytest.fixture(scope="module")
def pages(views: dict[str, ViewData]) -> dict[str, str]:
    return {name: render_html(v) for name, v in views.items()}


def parse(html: str) -> Page:
    p = Page()
    p.feed(html)
    p.close()
    return p


def data_of(page: Page) -> dict[str, Any]:
    (text,) = [t for a, t in page.scripts if a.get("type") == "application/json"]
    data: dict[str, Any] = json.loads(text)
    return data


@pytest.mark.parametrize("view", VIEWS)
def test_page_is_self_contained(pages: dict[str, str], view: str) -> None:
    html = pages[view]
    page = parse(html)
    assert not [a for t, a in page.tags if t == "script" and a.get("src")]
    for tag, attrs in page.tags:
        for key in ("src", "href", "action", "data", "poster", "srcset"):
            value = attrs.get(key)
            assert value is None or value.startswith("data:"), (tag, key, value)
    assert [t for t, _ in page.tags if t == "link"] == ["link"]  # only the data: favicon
    for css in page.styles:
        assert not re.findall(r"url\((?!\s*['\"]?data:)", css)
        assert "@import" not in css
    vis = [t for a, t in page.scripts if a.get("id") == "vis-network-js"]
    assert len(vis) == 1 and "vis-network" in vis[0][:200] and len(vis[0]) > 400_000
    # apart from the RDF IRIs in the JSON data and comments inside vis-network, no URL at all
    rest = "".join(t for a, t in page.scripts if a.get("id") not in ("vis-network-js", "povkg-data"))
    rest += "".join(page.styles[1:])  # the first style is vis-network's CSS (data: images only)
    rest += re.sub(r"<script.*?</script>|<style.*?</style>", "", html, flags=re.S)
    # the one URL allowed is the SVG namespace name the series chart's elements are created
    # in (document.createElementNS), which names a namespace and is never fetched
    assert rest.count("http://www.w3.org/2000/svg") <= 1
    rest = rest.replace('"http://www.w3.org/2000/svg"', "")
    assert "http://" not in rest and "https://" not in rest
    csp = next(
        str(a["content"])
        for t, a in page.tags
        if t == "meta" and a.get("http-equiv") == "Content-Security-Policy"
    )
    assert "default-src 'none'" in csp and "connect-src 'none'" in csp
    for attrs, text in page.scripts:
        if attrs.get("type") != "application/json":
            digest = base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode()
            assert f"'sha256-{digest}'" in csp


def test_page_has_legend_search_filter_and_language_switch(pages: dict[str, str]) -> None:
    page = parse(pages["overview"])
    ids = {a.get("id") for _, a in page.tags}
    assert {"legend", "search-input", "lang-switch", "network", "details", "tooltip"} <= ids
    assert {
        "filters",
        "f-province",
        "f-year-from",
        "f-year-to",
        "f-policy",
        "f-programme",
        "f-bodytype",
        "crumbs",
    } <= ids
    filters = [a["value"] for t, a in page.tags if t == "input" and a.get("class") == "type-filter"]
    present = [t for t in NODE_TYPES if t != "site"]  # no site in the overview
    assert filters == present  # one checkbox per type present, in legend order
    names = [a for t, a in page.tags if t == "span" and a.get("class") == "type-name"]
    assert [(a["data-zh"], a["data-en"]) for a in names] == [NODE_TYPES[t] for t in present]
    assert '<html lang="zh-Hans">' in pages["overview"]
    assert '<meta charset="utf-8">' in pages["overview"]


def test_page_data_round_trips(views: dict[str, ViewData], pages: dict[str, str]) -> None:
    data = data_of(parse(pages["overview"]))
    v = views["overview"]
    assert [data["base"] + n["iri"] if ":" not in n["iri"] else n["iri"] for n in data["nodes"]] == [
        n.id for n in v.nodes
    ]
    assert len(data["edges"]) == len(v.edges)
    assert data["physics"] is False and data["lang"] == "zh"
    # parents as indices, hidden nodes marked, facets as indices into their value lists
    index = {n.id: i for i, n in enumerate(v.nodes)}
    for n, item in zip(v.nodes, data["nodes"], strict=True):
        assert item.get("p") == (index[n.parent] if n.parent else None)
        assert bool(item.get("h")) == (not n.shown)
    body = data["nodes"][index[ID + "org/410000/cac"]]
    assert data["facets"]["province"][body["f"][0][0]][0] == ID + "place/410000"
    assert [data["facets"]["year"][k][0] for k in body["f"][1]] == ["2020"]
    event = data["nodes"][[n.id for n in v.nodes].index(EVENT)]
    assert event["zh"] == "2020年全省网络扶贫暨数字乡村发展工作现场推进会"
    # the source sentence is shown without inline pinyin, the original kept alongside
    quote, original, doc, *_ = data["sources"][event["src"][0]]
    assert "(" not in quote and original.startswith("11月10日")
    assert data["docs"][doc][1].startswith("2020年全省网络扶贫")


def test_hostile_labels_are_escaped(pages: dict[str, str]) -> None:
    for view in ("overview", "place", "event"):
        html = pages[view]
        assert "<script>alert" not in html and "<img" not in html and "</script><script>" not in html
        page = parse(html)
        (raw,) = [t for a, t in page.scripts if a.get("type") == "application/json"]
        assert not set(raw) & {"<", ">", "&", "\u2028", "\u2029"}
        assert not [a for t, a in page.tags if t == "a"]  # no link is written into the page
        assert all(a.get("href") in (None, "data:,") for _, a in page.tags)
    labels = [n["en"] for view in ("place", "event") for n in data_of(parse(pages[view]))["nodes"]]
    assert any(label.endswith(HOSTILE[0]) for label in labels)  # intact once parsed: shown as text
    assert any(label.endswith(HOSTILE[1]) for label in labels)
    assert HOSTILE[2] in labels
    assert [d[3] for d in data_of(parse(pages["place"]))["docs"]] == [
        HOSTILE[2]
    ]  # a javascript: URL stays text


def test_json_escaping_of_every_dangerous_character() -> None:
    evil = "</script><!-- \u2028\u2029 & <b>"
    v = ViewData(nodes=(Node("urn:x", "policy", evil, evil, x=0.0, y=0.0),), edges=(), title=evil)
    html = render_html(v)
    assert "</script><!--" not in html
    page = parse(html)
    (raw,) = [t for a, t in page.scripts if a.get("type") == "application/json"]
    assert "\u2028" not in raw and "\\u2028" in raw
    # markup survives as text; line separators (like bidi and zero-width controls) are shown escaped
    assert data_of(page)["nodes"][0]["zh"] == evil.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    title = next(a for t, a in page.tags if t == "h1")
    assert title["data-zh"] == evil  # the attribute was escaped by the template


def test_write_view_is_utf8_deterministic_and_leaves_no_lib_folder(store: ox.Store, tmp_path: Path) -> None:
    a = write_view(store, tmp_path / "a" / "view.html", "overview")
    b = write_view(store, tmp_path / "b" / "view.html", "overview")
    assert a == tmp_path / "a" / "view.html"
    assert a.read_bytes() == b.read_bytes()
    a.read_bytes().decode("utf-8")
    assert "网络扶贫知识图谱" in a.read_text(encoding="utf-8")
    assert sorted(p.name for p in (tmp_path / "a").iterdir()) == ["view.html"]
    assert not list(Path.cwd().glob("lib/vis-*"))


def test_write_view_accepts_view_data(tmp_path: Path) -> None:
    v = ViewData(
        nodes=(Node("urn:a", "body", "甲", "A"), Node("urn:b", "body", "乙", "B")),
        edges=(Edge("urn:a", "urn:b", "cohost", 2.0),),
        title="合成",
    )
    path = write_view(v, tmp_path / "v.html")
    data = data_of(parse(path.read_text(encoding="utf-8")))
    assert [n["x"] is not None for n in data["nodes"]] == [True, True]  # laid out on the way
    assert data["edges"] == [[0, 1, "cohost", 2]]


def test_english_page(store: ox.Store) -> None:
    html = render_html(build_view(store, "coorg", lang="en"))
    assert '<html lang="en">' in html
    page = parse(html)
    h1 = next(a for t, a in page.tags if t == "h1")
    assert h1["data-en"] == "Co-hosting network of bodies"
    assert data_of(page)["lang"] == "en"


# --- the command ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from kg.store import OxigraphStore

    path = tmp_path_factory.mktemp("viz") / "store"
    st = OxigraphStore(path)
    st.ox.load(path=str(FIXTURE), format=ox.RdfFormat.TRIG)
    st.flush()
    del st
    return path


def test_cli_writes_the_view_and_prints_its_path(
    store_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from kg.cli import main

    out = tmp_path / "p.html"
    args = ["--view", "policy", "--name", "wlfp-action-plan", "-o", str(out), "--lang", "en"]
    assert main(["viz", "--store", str(store_dir), *args]) == 0
    assert capsys.readouterr().out.strip() == str(out)
    assert data_of(parse(out.read_text(encoding="utf-8")))["lang"] == "en"


def test_cli_default_output(
    store_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from kg.cli import main

    monkeypatch.chdir(tmp_path)
    assert main(["viz", "--store", str(store_dir), "--view", "coorg"]) == 0
    assert capsys.readouterr().out.strip() == str(Path("out") / "povkg-coorg.html")
    assert (tmp_path / "out" / "povkg-coorg.html").is_file()
    assert main(["viz", "--store", str(store_dir)]) == 0
    assert Path(capsys.readouterr().out.strip()) == store_dir.parent / "povkg.html"


def test_cli_errors(store_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from kg.cli import main

    args = ["--view", "place", "--name", "郑州", "-o", str(tmp_path / "x.html")]
    assert main(["viz", "--store", str(store_dir), *args]) == 0  # a place with nothing: just its chain
    assert main(["viz", "--store", str(store_dir), "--view", "event", "--name", "不存在的会议"]) == 2
    assert "close names" in capsys.readouterr().err
    assert main(["viz", "--store", str(tmp_path / "none")]) == 3
    assert "no store" in capsys.readouterr().err


def test_cli_focus_view(store_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from kg.cli import main

    out = tmp_path / "focus.html"
    assert (
        main(["viz", "--store", str(store_dir), "--focus", "河南省委网信办", "--depth", "1", "-o", str(out)])
        == 0
    )
    assert capsys.readouterr().out.strip() == str(out)
    data = data_of(parse(out.read_text(encoding="utf-8")))
    assert data["view"] == "focus" and data["title"]["zh"] == "焦点：河南省委网信办"
    assert data["nodes"][data["focus"]]["zh"] == "河南省委网信办"
    assert main(["viz", "--store", str(store_dir), "--focus", "没有这个机构"]) == 2
    assert "no entity named" in capsys.readouterr().err
    assert main(["viz", "--store", str(store_dir), "--focus", "光山县", "--depth", "9"]) == 2


def test_notebook_display_is_the_page_in_an_iframe(store: ox.Store) -> None:
    import visualise
    from kg.api import KnowledgeGraph
    from kg.store import MemoryStore

    v = visualise.visualise(store, "coorg")
    shown = v._repr_html_()
    assert shown.startswith("<iframe") and 'sandbox="allow-scripts"' in shown
    # the page travels escaped inside srcdoc: no raw markup, no network
    assert "<script" not in shown and "&lt;script" in shown
    import html

    page = parse(html.unescape(shown.split('srcdoc="', 1)[1].rsplit('"', 1)[0]))
    assert not [a for t, a in page.tags if t == "script" and a.get("src")]  # everything inline
    (csp,) = [
        a["content"] for t, a in page.tags if t == "meta" and a.get("http-equiv") == "Content-Security-Policy"
    ]
    assert "connect-src 'none'" in csp and "default-src 'none'" in csp
    ds = Dataset(default_union=True)
    ds.parse(FIXTURE, format="trig")
    assert KnowledgeGraph(MemoryStore(ds)).view("coorg") == v


# --- the real pipeline --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def reference_store(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    build = pytest.importorskip("kg.build")
    from kg.resources import sample_report
    from kg.store import OxigraphStore

    st = OxigraphStore(tmp_path_factory.mktemp("ref") / "store")
    build.build_corpus([sample_report()], st, progress=False)
    return st


@pytest.mark.slow
@pytest.mark.parametrize("view", VIEWS)
def test_views_of_the_reference_report(reference_store, view: str) -> None:  # type: ignore[no-untyped-def]
    v = build_view(reference_store, view)
    assert v.nodes
    types = types_of(v)
    if view == "overview":
        assert types["event"] >= 1 and types["outcome"] >= 10 and types["body"] >= 6
        assert not [n for n in v.nodes if "/sel/" in n.id or "/doc/" in n.id or "/role/" in n.id]
    if view == "coorg":
        assert entities_of(v) == {"body": 6}  # the six provincial hosts
    if view == "event":
        assert kinds_of(v).get("host") == 6
    html = render_html(v)
    assert data_of(parse(html))["nodes"]


# --- the model kept beside a store's snapshot ---------------------------------------------------


def _same_model(a: Any, b: Any) -> None:
    for part in ("types", "labels", "attrs", "rels", "parents", "sources", "classes", "out", "inc"):
        assert getattr(a, part) == getattr(b, part), part


def test_model_is_kept_beside_the_snapshot_and_read_back(tmp_path: Path) -> None:
    from kg.store import OxigraphStore, current_snapshot, snapshot_root
    from visualise.views import _read_model, load_model

    path = tmp_path / "store"
    st = OxigraphStore(path)
    st.ox.load(path=str(FIXTURE), format=ox.RdfFormat.TRIG)
    st.flush()
    del st
    snap = current_snapshot(path)
    assert snap is not None
    cache = snapshot_root(path) / f"{snap.name}.viewer-model"
    assert not cache.exists()
    first = load_model(path)
    assert cache.is_file()
    read = _read_model(OxigraphStore(path, read_only=True))
    _same_model(first, read)
    again = load_model(str(path))  # from the file this time, the same model
    _same_model(again, read)
    assert build_view(again, "overview") == build_view(read, "overview")
    # a damaged file is read past (the store is read again) and replaced
    cache.write_bytes(b"\x00not a model")
    _same_model(load_model(path), read)
    assert cache.read_bytes() != b"\x00not a model"


def test_a_new_snapshot_is_read_from_the_store(tmp_path: Path) -> None:
    from kg.store import OxigraphStore, current_snapshot, snapshot_root
    from visualise.views import load_model

    path = tmp_path / "store"
    st = OxigraphStore(path)
    st.ox.load(path=str(FIXTURE), format=ox.RdfFormat.TRIG)
    st.flush()
    before = load_model(path)
    policy = ox.NamedNode(POLICY)
    label = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
    st.ox.add(ox.Quad(policy, label, ox.Literal("新的名称", language="zh"), ox.NamedNode(ID + "doc/extra")))
    st.flush()
    after = load_model(path)
    assert "新的名称" not in [v for _, v in before.labels[POLICY].get("zh", [])]
    assert "新的名称" in [v for _, v in after.labels[POLICY]["zh"]]
    snap = current_snapshot(path)
    assert snap is not None and (snapshot_root(path) / f"{snap.name}.viewer-model").is_file()
