"""Building: reports → store, provenance, incremental rebuilds, bad input, byte-stable export."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Dataset, URIRef

from kg.build import build_corpus, read_report
from kg.resources import sample_report
from kg.store import OxigraphStore
from kg.vocab import G_INFERRED, OA, POV, PROV, doc_iri

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "data" / "corpus"


def povkg(*args: str, env: dict[str, str] | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    e = dict(os.environ)
    e.update(env or {})
    return subprocess.run([sys.executable, "-m", "kg", *args], capture_output=True, text=True, env=e, cwd=cwd, timeout=600)


@pytest.fixture(scope="module")
def ref_store(tmp_path_factory: pytest.TempPathFactory) -> OxigraphStore:
    path = tmp_path_factory.mktemp("ref") / "store"
    st = OxigraphStore(path)
    summary = build_corpus([sample_report()], st)
    assert summary.ok and summary.built == [str(sample_report())]
    return st


def _q(st: OxigraphStore, query: str) -> list[tuple[str, ...]]:
    return [tuple(str(v.value) if v is not None else "" for v in row) for row in
            st.ox.query(query, use_default_graph_as_union=True)]  # type: ignore[union-attr]


def _ask(st: OxigraphStore, query: str) -> bool:
    return bool(st.ox.query(query, use_default_graph_as_union=True))


def test_document_graph_has_metadata(ref_store: OxigraphStore) -> None:
    d = doc_iri("henan-2020-11-10-guangshan")
    rows = _q(ref_store, f"SELECT ?p ?o WHERE {{ GRAPH <{d}> {{ <{d}> ?p ?o }} }}")
    preds = {p for p, _ in rows}
    assert {str(POV.contentHash), str(POV.fileName), "http://purl.org/dc/terms/title",
            "http://purl.org/dc/terms/date", str(POV.province)} <= preds


def test_every_fact_is_traceable_to_its_original_sentence(ref_store: OxigraphStore) -> None:
    original = sample_report().read_text(encoding="utf-8")
    rows = _q(ref_store, f"""
        SELECT ?fact ?start ?end ?exact WHERE {{
          ?fact <{PROV.wasDerivedFrom}> ?sel . ?sel <{OA.start}> ?start ; <{OA.end}> ?end ; <{OA.exact}> ?exact }}""")
    assert len(rows) >= 34  # 17 observations, 2 events, 12 roles, 3 visits
    for _fact, start, end, exact in rows:
        assert original[int(start) : int(end)] == exact
    # every observation, event and participation has one
    missing = _q(ref_store, f"""
        SELECT ?x WHERE {{ VALUES ?c {{ <{POV.Observation}> <{POV.Meeting}> <{POV.Participation}> }}
          ?x a ?c FILTER NOT EXISTS {{ ?x <{PROV.wasDerivedFrom}> ?s }} }}""")
    assert missing == []


def test_reference_graph_counts(ref_store: OxigraphStore) -> None:
    obs = _q(ref_store, f"SELECT (COUNT(DISTINCT ?o) AS ?n) WHERE {{ ?o a <{POV.Observation}> }}")
    assert obs == [("17",)]
    hosts = _q(ref_store, f"SELECT (COUNT(DISTINCT ?b) AS ?n) WHERE {{ ?e <{POV.hasHost}> ?b }}")
    assert hosts == [("6",)]
    # inference lives in its own graph: 光山县 is part of 河南省 there, not in the asserted graphs
    part = _ask(ref_store, f"""ASK {{ GRAPH <{G_INFERRED}> {{
        <https://w3id.org/povkg/id/place/411522> <{POV.partOf}> <https://w3id.org/povkg/id/place/410000> }} }}""")
    assert part
    asserted = _ask(ref_store, f"""ASK {{ GRAPH ?g {{
        <https://w3id.org/povkg/id/place/411522> <{POV.partOf}> <https://w3id.org/povkg/id/place/410000> }}
        FILTER (?g != <{G_INFERRED}>) }}""")
    assert not asserted


def test_values_keep_the_figure_as_written(ref_store: OxigraphStore) -> None:
    rows = _q(ref_store, f"""SELECT ?v ?w WHERE {{ ?o <{POV.value}> ?v ; <{POV.valueAsWritten}> ?w }}""")
    written = dict((w, v) for v, w in rows)
    assert written["489.4亿元"] == "48940000000"
    assert written["83.8%"] == "83.8"


def test_unchanged_documents_are_skipped_and_changed_ones_replaced(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    a = src / "a.txt"
    a.write_text("11月10日，2020年全省网络扶贫工作推进会在光山县召开。全省农村固定宽带家庭普及率达99%。", encoding="utf-8")
    st = OxigraphStore(tmp_path / "store")
    s1 = build_corpus([src], st)
    assert len(s1.built) == 1
    s2 = build_corpus([src], st)
    assert s2.built == [] and s2.skipped == [str(a)]
    a.write_text("11月10日，2020年全省网络扶贫工作推进会在光山县召开。全省农村固定宽带家庭普及率达98%。", encoding="utf-8")
    s3 = build_corpus([src], st)
    assert len(s3.built) == 1
    values = _q(st, f"SELECT ?v WHERE {{ GRAPH <{doc_iri('a')}> {{ ?o <{POV.value}> ?v }} }}")
    assert values == [("98",)]  # the old 99 is gone: the graph was replaced whole


def _bad_corpus(root: Path) -> Path:
    d = root / "bad"
    d.mkdir()
    (d / "good.txt").write_text("全省农村固定宽带家庭普及率达99%。", encoding="utf-8")
    (d / "empty.txt").write_bytes(b"")
    (d / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    (d / "invalid.txt").write_bytes(bytes(range(128, 256)) * 8)
    (d / "gbk.txt").write_bytes("河南省网络扶贫工作推进会在光山县召开，全省益农信息社4万个。".encode("gb18030"))
    (d / "big5.txt").write_bytes("河南省網絡扶貧工作推進會在光山縣召開，全省益農信息社4萬個。".encode("big5"))
    (d / "hostile.html").write_text(
        "<html><body><p>省委网信办<script>alert(1)</script>主办。</p><p><img src=x onerror=alert(1)>建成益农信息社12个。</p></body></html>",
        encoding="utf-8")
    locked = d / "locked.txt"
    locked.write_text("省扶贫办", encoding="utf-8")
    locked.chmod(0)
    return d


def test_bad_input_one_line_each_and_the_rest_is_built(tmp_path: Path) -> None:
    d = _bad_corpus(tmp_path)
    run = povkg("build", str(d), "--store", str(tmp_path / "store"), "--no-viewer")
    errors = [line for line in run.stderr.splitlines() if line.startswith("povkg: error:")]
    names = " ".join(errors)
    assert run.returncode == 3
    for bad in ("empty.txt", "binary.txt", "invalid.txt"):
        assert sum(bad in e for e in errors) == 1, run.stderr
    if os.geteuid() != 0:  # root reads anything
        assert "locked.txt" in names
    assert "documents: " in run.stderr and "failed" in run.stderr
    st = OxigraphStore(tmp_path / "store", read_only=True)
    graphs = set(st.graph_names())
    for ok in ("good", "gbk", "big5", "hostile"):
        assert str(doc_iri(ok)) in graphs
    for bad in ("empty", "binary", "invalid"):
        assert str(doc_iri(bad)) not in graphs
    # script text never becomes data
    labels = _q(st, "SELECT ?l WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?l }")
    assert not any("<script" in lab or "onerror" in lab for (lab,) in labels)


def test_encodings_are_detected(tmp_path: Path) -> None:
    for enc, name in (("gb18030", "g.txt"), ("big5", "b.txt"), ("utf-8-sig", "u.txt")):
        p = tmp_path / name
        p.write_bytes("河南省網絡扶貧".encode(enc) if enc == "big5" else "河南省网络扶贫".encode(enc))
        assert read_report(p).text.startswith("河南省")


def test_sidecar_metadata_is_used_and_checked(tmp_path: Path) -> None:
    p = tmp_path / "r.txt"
    p.write_text("近日，全省网络扶贫工作推进会在雷山县召开。", encoding="utf-8")
    (tmp_path / "r.meta.json").write_text('{"title": "T", "date": "2019-04-25", "province": "贵州省", '
                                         '"source": "https://example.org/r"}', encoding="utf-8")
    rep = read_report(p)
    assert rep.meta["province"] == "贵州省"
    from kg.errors import InputError

    (tmp_path / "r.meta.json").write_text('{"date": 20190425}', encoding="utf-8")
    with pytest.raises(InputError, match="'date' must be a string"):
        read_report(p)
    (tmp_path / "r.meta.json").write_text('{"source": "../../etc/passwd"}', encoding="utf-8")
    with pytest.raises(InputError, match="'source' must be an http"):
        read_report(p)


@pytest.mark.slow
def test_export_is_byte_identical_across_seeds_jobs_and_order(tmp_path: Path) -> None:
    corpus = tmp_path / "c"
    shutil.copytree(CORPUS, corpus)
    files = sorted(corpus.glob("*.txt"))[:6]
    exports = []
    for k, (jobs, seed, order) in enumerate([("1", "0", files), ("2", "123", list(reversed(files)))]):
        store = tmp_path / f"s{k}"
        run = povkg("build", *map(str, order), "--store", str(store), "--jobs", jobs, "--no-viewer",
                    env={"PYTHONHASHSEED": seed})
        assert run.returncode == 0, run.stderr
        exp = povkg("export", "--store", str(store), "--format", "nq", env={"PYTHONHASHSEED": seed})
        assert exp.returncode == 0
        exports.append(exp.stdout)
    assert exports[0] == exports[1]
    assert len(exports[0].splitlines()) > 20000
    ds = Dataset()
    ds.parse(data=exports[0], format="nquads")  # the export parses
    assert (URIRef(doc_iri("guizhou-2019-04-25-leishan")), None, None) in ds.graph(URIRef(doc_iri("guizhou-2019-04-25-leishan")))
