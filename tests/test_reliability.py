"""Trust: hostile input, crash safety and fuzzing of normalise → extract → build."""

from __future__ import annotations

import math
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Graph

from kg.build import MAX_BYTES, Report, build_document_ntriples, find_reports, read_report
from kg.errors import InputError
from kg.extract import DocContext, parse_report
from kg.normalise import normalise_text
from kg.store import current_snapshot

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "data" / "corpus"


def povkg(*args: str, timeout: float = 600) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "kg", *args], capture_output=True, text=True, timeout=timeout)


# --------------------------------------------------------------------------------------------
# hostile and broken input
# --------------------------------------------------------------------------------------------
def test_a_huge_file_is_refused_with_its_limit(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    with big.open("wb") as f:
        f.truncate(100 * 1024 * 1024)  # sparse: costs no disk
    with pytest.raises(InputError, match=r"over the \d+ MB limit"):
        read_report(big)
    assert MAX_BYTES < 100 * 1024 * 1024


def test_nul_bytes_lone_surrogates_and_bidi_controls(tmp_path: Path) -> None:
    p = tmp_path / "nul.txt"
    p.write_bytes("省委网信办\x00主办".encode())
    with pytest.raises(InputError, match="binary"):
        read_report(p)
    # a lone surrogate cannot be encoded as UTF-8 at all; surrogateescape'd bytes are invalid UTF-8
    q = tmp_path / "sur.txt"
    q.write_bytes("省委网信办".encode() + b"\xed\xa0\x80" + "主办会议。".encode())
    try:
        text = read_report(q).text
    except InputError as exc:
        assert "not valid" in str(exc)
    else:
        assert "\ud800" not in normalise_text(text).text
    ex = parse_report("省委网信办\u202e主办\u2066会议\u200f。", DocContext(key="t", province="410000"))
    for o in ex.organisations:
        assert not any(c in o.name for c in "\u202e\u2066\u200f")


def test_long_lists_and_deep_brackets_stay_fast_and_sane() -> None:
    items = "、".join(["省委网信办", "省扶贫办", "中国移动贵州公司", "阿里巴巴"] * 2500)  # 10,000 items
    ex = parse_report(f"会议由{items}共同主办。", DocContext(key="t", province="520000"))
    assert {o.name for o in ex.organisations} == {"省委网信办", "省扶贫办", "中国移动贵州公司", "阿里巴巴"}
    nested = "《" * 3000 + "网络扶贫行动计划" + "》" * 3000 + "(" * 3000 + "农委" + ")" * 3000
    ex = parse_report(nested, DocContext(key="t"))
    assert [p.name for p in ex.policies] == ["网络扶贫行动计划"]


def test_symlink_loops_and_unreadable_folders_are_reported(tmp_path: Path) -> None:
    d = tmp_path / "c"
    (d / "sub").mkdir(parents=True)
    (d / "sub" / "a.txt").write_text("全省农村固定宽带家庭普及率达99%。", encoding="utf-8")
    os.symlink(d, d / "sub" / "loop")
    files, errors = find_reports([d])
    assert [f.name for f in files] == ["a.txt"]
    assert any("loop" in msg for _p, msg in errors)


def test_html_labels_never_carry_markup(tmp_path: Path) -> None:
    p = tmp_path / "x.html"
    p.write_text('<p>会议由<b>省委网信办</b>主办<script>alert("x")</script>。</p>'
                 '<p><a href="javascript:alert(1)">贵州省通信管理局</a>参会。</p>', encoding="utf-8")
    report = read_report(p)
    assert "<" not in report.text and "alert" not in report.text
    nt, _n = build_document_ntriples(parse_report(report.text, DocContext(key="x")), report)
    assert "javascript:" not in nt and "<script" not in nt


# --------------------------------------------------------------------------------------------
# crash safety
# --------------------------------------------------------------------------------------------
def _doc_graphs(store: Path) -> dict[str, set[str]]:
    """The report graphs a reader sees: the newest snapshot the build published (a killed
    writer's own folder may hold a log RocksDB replays only when it is opened for writing)."""
    import pyoxigraph as ox

    snap = current_snapshot(store)
    s = ox.Store.read_only(str(snap if snap is not None else store))
    out: dict[str, set[str]] = {}
    for q in s:
        g = q.graph_name
        if isinstance(g, ox.NamedNode) and "/id/doc/" in g.value:
            out.setdefault(g.value, set()).add(f"{q.subject} {q.predicate} {q.object}")
    return out


@pytest.mark.slow
def test_a_killed_build_leaves_whole_documents_and_a_rerun_completes(tmp_path: Path) -> None:
    clean = tmp_path / "clean"
    # --no-validate: whole documents after kills are the point; the corpus folder's README.md,
    # read as a report until the build learns what a report is, fails the shapes
    assert povkg("build", str(CORPUS), "--store", str(clean), "--no-viewer", "--no-validate").returncode == 0
    reference = _doc_graphs(clean)
    expected = povkg("export", "--store", str(clean)).stdout
    store = tmp_path / "crashy"
    for delay in (0.8, 2.5, 4.0, 6.0):  # different points: reference load, documents, inference
        proc = subprocess.Popen([sys.executable, "-m", "kg", "build", str(CORPUS), "--store", str(store), "--no-viewer"],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        if not store.exists() or current_snapshot(store) is None:
            continue  # killed before its first publish: readers wait for one, there is nothing to read
        for graph, triples in _doc_graphs(store).items():
            assert triples == reference[graph], f"{graph} is half-written after a kill at {delay} s"
    run = povkg("build", str(CORPUS), "--store", str(store), "--no-viewer", "--no-validate")
    assert run.returncode == 0, run.stderr
    assert povkg("export", "--store", str(store)).stdout == expected


# --------------------------------------------------------------------------------------------
# fuzzing
# --------------------------------------------------------------------------------------------
_pieces = st.sampled_from(
    list("網絡扶貧数字乡村县省市光山河南农村宽带率达个元人次户所场次%％万亿余多近约左右以上不到不少于、，。；：（）()《》“”")
    + ["(wǎng)", "(luò)", "(农委)", "全覆盖", "省委网信办", "共同主办", "出席会议并讲话", "2020年", "11月10日", "在光山县召开",
       "由", "提高到", "占全国总量的", "到2022年", "1,200", "3.5", "两万", "十九", "\n", " ", "\u200f", "5G", "〔2019〕12号"]
    + [str(n) for n in range(10)]
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_pieces, min_size=1, max_size=80).map("".join))
def test_fuzz_pipeline_never_raises_and_always_maps_back(raw: str) -> None:
    doc = normalise_text(raw)
    ex = parse_report(doc, DocContext(key="fuzz", province="410000", date="2020-11-10"))
    for o in ex.outcomes:
        assert math.isfinite(float(o.value))
        a, b = doc.original_span(*o.span)
        assert 0 <= a <= b <= len(raw)
    for p in ex.places + ex.organisations + ex.policies:  # type: ignore[operator]
        for s, e in p.spans:
            a, b = doc.original_span(s, e)
            assert 0 <= a <= b <= len(raw)
    report = Report(path=Path("fuzz.txt"), key="fuzz", text=raw, sha256="0" * 64, meta={})
    nt, n = build_document_ntriples(ex, report)
    g = Graph()
    g.parse(data=nt, format="nt")  # the RDF written always parses
    assert len(g) == n


# --------------------------------------------------------------------------------------------
# queries cannot escape
# --------------------------------------------------------------------------------------------
def test_service_and_updates_are_refused(tmp_path: Path) -> None:
    store = tmp_path / "s"
    assert povkg("build", "--store", str(store), "--no-viewer").returncode == 0
    fed = povkg("sparql", "SELECT * WHERE { SERVICE <http://192.0.2.1/sparql> { ?s ?p ?o } }", "--store", str(store))
    assert fed.returncode == 3 and "SERVICE" in fed.stderr and len(fed.stderr.strip().splitlines()) == 1
    upd = povkg("sparql", "DROP ALL", "--store", str(store))
    assert upd.returncode == 2 and "updates are refused" in upd.stderr
    load = povkg("sparql", "LOAD <http://192.0.2.1/x.ttl>", "--store", str(store))
    assert load.returncode == 2
    ok = povkg("sparql", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "--store", str(store), "--format", "csv")
    assert ok.returncode == 0 and int(ok.stdout.splitlines()[1]) > 1000


@pytest.mark.slow
def test_readers_keep_answering_while_a_build_runs(tmp_path: Path) -> None:
    """`povkg query` (fresh processes) and `povkg serve` (started before the build) answer
    throughout a build of the gold corpus into the same store."""
    import json
    import urllib.parse
    import urllib.request

    from query_helpers import free_port, running

    store = tmp_path / "s"
    assert povkg("build", "--store", str(store), "--no-viewer").returncode == 0  # a store to read
    port = free_port()
    url = f"http://127.0.0.1:{port}/query"
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    serve = [sys.executable, "-m", "kg", "serve", "--store", str(store), "--port", str(port)]
    with running(serve, url):
        # --no-validate: readers are the point; the folder's README.md, read as a report until the
        # build learns what a report is, fails the shapes
        proc = subprocess.Popen([sys.executable, "-m", "kg", "build", str(CORPUS), "--store", str(store), "--no-viewer",
                                 "--no-validate"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        answers = served = 0
        try:
            # readers are separate processes, as `povkg query` is (each read-only open holds its own caches)
            while proc.poll() is None and answers < 8:
                run = povkg("sparql", count, "--store", str(store), "--format", "csv")
                assert run.returncode == 0, run.stderr
                assert int(run.stdout.splitlines()[1]) > 0
                answers += 1
                with urllib.request.urlopen(url + "?" + urllib.parse.urlencode({"query": count}), timeout=30) as r:
                    assert int(json.load(r)["results"]["bindings"][0]["n"]["value"]) > 0
                served += 1
        finally:
            proc.wait(timeout=600)
    assert proc.returncode == 0
    assert answers > 0 and served > 0


def test_a_build_killed_during_inference_infers_again(tmp_path: Path) -> None:
    """Inference bulk-loads (not one transaction): a half-written inferred graph must not survive
    a rerun in which no document changed."""
    import pyoxigraph as ox

    from kg.build import G_INFERRED_STATE, build_corpus
    from kg.store import OxigraphStore
    from kg.vocab import G_INFERRED

    reports = sorted(CORPUS.glob("*.txt"))[:3]
    store = OxigraphStore(tmp_path / "s")
    full = build_corpus(reports, store).inferred
    assert full > 0
    inferred = ox.NamedNode(str(G_INFERRED))
    # what a kill in the middle of inference leaves: part of the graph, no completion marker
    for q in list(store.ox.quads_for_pattern(None, None, None, inferred))[: full // 2]:
        store.ox.remove(q)
    store.drop_graph(G_INFERRED_STATE)
    again = build_corpus(reports, store)
    assert again.built == [] and again.inferred == full
    assert build_corpus(reports, store).inferred == full  # and a complete one is left alone


def test_readers_see_the_last_complete_build(tmp_path: Path) -> None:
    """Readers open the snapshot the last finished build published, never the folder a build
    is writing (Oxigraph calls that undefined behaviour; it has been seen to exhaust memory)."""
    from kg.store import current_snapshot, snapshot_root

    store = tmp_path / "s"
    assert povkg("build", "--store", str(store), "--no-viewer").returncode == 0
    first = povkg("export", "--store", str(store)).stdout
    assert current_snapshot(store) is not None and len(first) > 0
    # Kill the build once it has read and written its first report (an event it reports, not
    # a time): it then still has the other reports, inference and compaction ahead before it
    # publishes a snapshot. Its progress bar, forced on and drawn at every step, says when.
    env = {**os.environ, "POVKG_PROGRESS": "1", "TQDM_MININTERVAL": "0"}
    proc = subprocess.Popen([sys.executable, "-m", "kg", "build", str(CORPUS), "--store", str(store), "--no-viewer"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    assert proc.stderr is not None
    seen = b""
    while not re.search(rb"building:.*\b[1-9][0-9]*/[0-9]+ ", seen):
        chunk = proc.stderr.read1(4096)  # type: ignore[attr-defined]
        assert chunk, f"the build ended before it reported a document: {seen[-300:]!r}"
        seen += chunk
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    proc.stderr.close()
    assert povkg("export", "--store", str(store)).stdout == first  # not the half-built state
    # (snapshots are the point here, not the shapes: the corpus folder's README.md is read as a
    # report until the build learns what a report is, and its junk indicator fails them)
    rebuild = ("build", str(CORPUS), "--store", str(store), "--no-viewer", "--no-validate")
    assert povkg(*rebuild).returncode == 0
    assert povkg(*rebuild).returncode == 0
    after = povkg("export", "--store", str(store)).stdout
    assert after != first and after.count("\n") > first.count("\n")
    assert len([p for p in snapshot_root(store).iterdir() if p.name.isdigit()]) <= 3  # old ones pruned
