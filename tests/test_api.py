"""The Python API: KnowledgeGraph over the fixture (and the built reference report)."""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from pathlib import Path

import pytest
from query_helpers import FIXTURE

import kg as kg_package
from kg.api import Actor, CoHost, Event, Hit, KnowledgeGraph, Outcome, Place, Policy
from kg.errors import StoreError, UsageError
from kg.query import Results
from kg.store import MemoryStore, OxigraphStore

WLFP = "https://w3id.org/povkg/id/policy/wlfp-action-plan"


@pytest.fixture(scope="module")
def kg(fixture_oxigraph: OxigraphStore) -> KnowledgeGraph:
    return KnowledgeGraph(fixture_oxigraph)


def test_the_package_exports_the_facade_lazily() -> None:
    import subprocess
    import sys

    code = "import sys, kg; assert 'kg.api' not in sys.modules and 'pyoxigraph' not in sys.modules; from kg import KnowledgeGraph; print(KnowledgeGraph.__module__)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "kg.api"
    assert kg_package.KnowledgeGraph is KnowledgeGraph
    with pytest.raises(AttributeError):
        kg_package.nothing  # noqa: B018


def test_open_memory_and_files(tmp_path: Path) -> None:
    mem = KnowledgeGraph.memory(FIXTURE)
    assert isinstance(mem.store, MemoryStore) and len(mem) > 900
    from_file = KnowledgeGraph.open(FIXTURE)
    assert isinstance(from_file.store, MemoryStore)
    with pytest.raises(StoreError, match="no store at"):
        KnowledgeGraph.open(tmp_path / "missing")
    assert isinstance(KnowledgeGraph.endpoint("http://127.0.0.1:9/query").store.graph_store, str)


def test_answers_are_frozen_dataclasses(kg: KnowledgeGraph) -> None:
    policy = kg.policy("网络扶贫行动计划")
    assert isinstance(policy, Policy)
    with pytest.raises(dataclasses.FrozenInstanceError):
        policy.iri = "x"  # type: ignore[misc]
    assert policy.iri == WLFP and policy.key == "wlfp-action-plan" and policy.issued == "2016-10"
    assert len(policy.programmes) == 5
    assert kg.policy("wlfp-action-plan") == policy == kg.policy(WLFP)
    assert kg.policy("没有这项政策") is None
    assert kg.policy("光山县") is None  # a place, not a policy


def test_organisation_lookup(kg: KnowledgeGraph) -> None:
    body = kg.organisation("河南省委网信办")
    assert isinstance(body, Actor)
    assert body.kind == "PartyBody" and body.counterpart == "https://w3id.org/povkg/id/org/cn/cac"
    assert body.serves == "https://w3id.org/povkg/id/place/410000" and "省委网信办" in body.alt_labels
    with pytest.raises(UsageError, match="names 2 bodies"):
        kg.organisation("省委网信办")
    national = kg.organisation("国家互联网信息办公室")
    assert national is not None and national.label_zh == "中央网信办"


def test_place_lookup_by_name_short_form_code_and_english(kg: KnowledgeGraph) -> None:
    p = kg.place("光山县")
    assert isinstance(p, Place)
    assert p == kg.place("光山") == kg.place("411522") == kg.place("Guangshan County")
    assert p.code == "411522" and p.kind == "County"
    assert [kg.place(i).label_zh for i in p.parents] == ["信阳市", "河南省"]  # type: ignore[union-attr]
    village = kg.place("东岳村")
    assert village is not None and village.parents[:2] == (
        "https://w3id.org/povkg/id/place/411522/wenshuxiang",
        "https://w3id.org/povkg/id/place/411522",
    )


def test_events_by_policy_place_and_body(kg: KnowledgeGraph) -> None:
    all_events = kg.events()
    assert all(isinstance(e, Event) for e in all_events) and len(all_events) == 8
    meetings = [e for e in kg.events(place="河南省") if e.kind == "Meeting"]
    assert [e.date.isoformat() for e in meetings if e.date] == ["2019-09-20", "2020-11-10"]
    guangshan = next(e for e in meetings if e.place_label == "光山县")
    assert len(guangshan.hosts) == 6 and len(guangshan.speakers) == 6 and len(guangshan.policies) == 2
    assert [e.kind for e in kg.events(body="河南省教育厅")] == ["Meeting"]
    assert {e.kind for e in kg.events(place="光山县")} == {"Meeting", "SiteVisit"}


def test_outcomes_filters(kg: KnowledgeGraph) -> None:
    henan = kg.outcomes(place="河南省")
    assert all(isinstance(o, Outcome) for o in henan) and len(henan) == 10
    series = kg.outcomes(place="河南省", indicator="农村固定宽带家庭普及率")
    assert [(o.value, o.value_as_written) for o in series] == [(Decimal(95), "95%"), (Decimal(99), "99%")]
    assert len(kg.outcomes(programme="网络覆盖工程")) == 6
    assert len(kg.outcomes(policy="网络扶贫行动计划")) == 12
    donations = kg.outcomes(indicator="网络捐款")[0]
    assert donations.qualifier == "MoreThan" and donations.value_as_written == "660余万元"
    assert donations.sentence and "660" in donations.sentence


def test_co_hosts_and_search(kg: KnowledgeGraph) -> None:
    pairs = kg.co_hosts()
    assert isinstance(pairs[0], CoHost) and pairs[0].events == 2
    assert all(p.events == 1 for p in pairs[1:])
    assert len(kg.co_hosts(policy="数字乡村发展战略纲要")) == 18
    hits = kg.search("网信办")
    assert all(isinstance(h, Hit) for h in hits) and {h.label for h in hits} >= {
        "河南省委网信办",
        "中央网信办",
    }


def test_query_and_sparql_bind_parameters(kg: KnowledgeGraph) -> None:
    res = kg.query("co-hosts", policy="网络扶贫行动计划")
    assert isinstance(res, Results) and res[0]["events"] == 2
    q = "SELECT ?label ?place WHERE { ?place <http://www.w3.org/2000/01/rdf-schema#label> ?label FILTER(LANG(?label) = 'en') }"
    assert kg.sparql(q, place="https://w3id.org/povkg/id/place/411522")[0]["label"] == "Guangshan County"
    assert kg.ask("ASK { ?s ?p ?o }") is True
    g = kg.construct(
        "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o FILTER(?s = ?x) }",
        x="https://w3id.org/povkg/id/place/411522",
    )
    assert len(g) >= 6


def test_networks(kg: KnowledgeGraph) -> None:
    import networkx as nx

    coorg = kg.to_networkx("coorg")
    assert (
        coorg.number_of_nodes() == 10
        and coorg["https://w3id.org/povkg/id/org/410000/cac"]["https://w3id.org/povkg/id/org/410000/cpad"][
            "weight"
        ]
        == 2
    )
    pr = nx.pagerank(coorg, weight="weight")
    assert max(pr, key=pr.get) in {
        "https://w3id.org/povkg/id/org/410000/cac",
        "https://w3id.org/povkg/id/org/410000/cpad",
    }
    overview = kg.to_networkx("overview")
    kinds = {d["kind"] for _, d in overview.nodes(data=True)}
    assert {"policy", "event", "body", "place"} <= kinds
    with pytest.raises(UsageError):
        kg.to_networkx("nope")


def test_cards(kg: KnowledgeGraph) -> None:
    (card,) = kg.lookup("兰考县")
    assert card.codes == ("410225",) and [lab for _, lab in card.parents] == ["开封市", "河南省"]
    assert card.events and card.outcomes and card.sources
    body_card = kg.lookup("河南省教育厅")[0]
    assert [r[2] for r in body_card.roles] == ["主办", "讲话"]
    assert card.to_dict()["codes"] == ["410225"]


def test_the_three_stores_give_the_same_answers(kg: KnowledgeGraph) -> None:
    mem = KnowledgeGraph.memory(FIXTURE)
    assert mem.co_hosts() == kg.co_hosts()
    assert mem.place("光山") == kg.place("光山")
    assert mem.outcomes(place="河南省") == kg.outcomes(place="河南省")


def test_build_into_memory_and_on_disk(tmp_path: Path) -> None:
    pytest.importorskip("kg.build")
    mem = KnowledgeGraph.memory()
    summary = mem.build()
    assert summary.ok and len(mem) > 1000
    assert {r["bodyZh"] for r in mem.query("role-asymmetry")} == {"河南省发展改革委", "河南省文化和旅游厅"}
    disk = KnowledgeGraph.open(tmp_path / "store", read_only=False)
    assert disk.build().ok and len(disk) == len(disk.store)
    with pytest.raises(UsageError, match="read-only"):
        KnowledgeGraph.open(tmp_path / "store").build()


def test_reference_graph_alone() -> None:
    pytest.importorskip("kg.build")
    ref = KnowledgeGraph.reference()
    assert ref.place("411522").label_zh == "光山县"  # type: ignore[union-attr]
    assert ref.policy("网络扶贫行动计划") is not None
