"""``povkg query``, ``sparql``, ``lookup``, ``push`` and ``serve``: output, exit codes and the
one line on stderr."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from query_helpers import FIXTURE

from kg.cli import main
from kg.store import OxigraphStore


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture in an on-disk Oxigraph store, as `povkg build` would leave one."""
    path = tmp_path_factory.mktemp("cli") / "store"
    store = OxigraphStore(path)
    store.load_file(FIXTURE)
    store.flush()
    del store
    return path


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_query_list(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "query", "--list", "--format", "json")
    assert code == 0
    data = json.loads(out)
    co = next(q for q in data if q["name"] == "co-hosts")
    assert co["title_zh"].startswith("哪些机构共同主办") and co["title_en"].startswith("Which bodies")
    assert co["params"] == [
        {
            "name": "policy",
            "type": "iri",
            "required": False,
            "example": "https://w3id.org/povkg/id/policy/wlfp-action-plan",
        }
    ]
    code, out, _ = run(capsys, "query", "--list")
    assert code == 0 and "co-hosts" in out and "哪些机构共同主办活动" in out


def test_query_formats(capsys: pytest.CaptureFixture[str], store_dir: Path) -> None:
    args = ["query", "co-hosts", "-p", "policy=网络扶贫行动计划", "--store", str(store_dir)]
    code, out, err = run(capsys, *args, "--format", "csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out, newline="")))
    assert (rows[0]["aZh"], rows[0]["bZh"], rows[0]["events"]) == ("河南省委网信办", "河南省扶贫办", "2")
    code, out, _ = run(capsys, *args, "--format", "json")
    assert json.loads(out)["results"]["bindings"][0]["events"]["value"] == "2"
    code, out, _ = run(capsys, *args, "--format", "tsv")
    assert out.startswith("?a\t?aZh\t")
    code, out, err = run(capsys, *args)
    assert "河南省委网信办" in out and "rows)" in err


def test_query_by_code_and_label(capsys: pytest.CaptureFixture[str], store_dir: Path) -> None:
    code, out, _ = run(
        capsys,
        "query",
        "outcomes-in-place",
        "-p",
        "place=411522",
        "--store",
        str(store_dir),
        "--format",
        "csv",
    )
    assert code == 0 and out.count("\r\n") == 1  # header only: no figures about the county itself
    code, out, _ = run(
        capsys,
        "query",
        "outcomes-in-place",
        "-p",
        "place=河南省",
        "--store",
        str(store_dir),
        "--format",
        "csv",
    )
    assert code == 0 and "兰考县" in out and "河南省" in out


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["query", "co-host"], 2, "unknown query 'co-host'; did you mean: co-hosts?"),
        (["query", "co-hosts", "-p", "colour=red"], 2, "unknown parameter 'colour' for query 'co-hosts'"),
        (["query", "co-hosts", "-p", "policy"], 2, "-p takes NAME=VALUE"),
        (["query", "outcomes-in-place"], 2, "needs parameter 'place'"),
        (["query", "indicator-series", "-p", "min_points=two"], 2, "takes an integer"),
        (["query", "event-roles", "-p", "body=省委网信办"], 2, "is ambiguous"),
        (["query"], 2, "give a query name"),
        (["sparql", "SELECT * WHERE { ?s ?p }"], 3, "malformed SPARQL"),
        (["sparql", "DROP ALL"], 2, "updates are refused"),
        (["sparql"], 2, "give the query as an argument or with -f FILE"),
    ],
)
def test_errors_exit_with_one_clear_line(
    capsys: pytest.CaptureFixture[str], store_dir: Path, args: list[str], code: int, message: str
) -> None:
    got, out, err = run(capsys, *args, "--store", str(store_dir))
    assert got == code
    assert out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("povkg: error: ") and message in lines[0]


def test_unreachable_endpoint_exits_3(capsys: pytest.CaptureFixture[str]) -> None:
    from query_helpers import free_port

    url = f"http://127.0.0.1:{free_port()}/query"
    code, out, err = run(capsys, "query", "co-hosts", "--endpoint", url)
    assert code == 3 and out == ""
    assert err.strip().splitlines() == [
        f"povkg: error: cannot reach SPARQL endpoint {url}: [Errno 111] Connection refused"
    ]


def test_missing_store_exits_3(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys, "query", "co-hosts", "--store", str(tmp_path / "nope"))
    assert code == 3 and "no store at" in err


def test_sparql_select_ask_construct(
    capsys: pytest.CaptureFixture[str], store_dir: Path, tmp_path: Path
) -> None:
    q = "SELECT ?code WHERE { ?place <https://w3id.org/povkg/def#divisionCode> ?code } ORDER BY ?code"
    code, out, _ = run(
        capsys,
        "sparql",
        q,
        "-p",
        "place=https://w3id.org/povkg/id/place/411522",
        "--store",
        str(store_dir),
        "--format",
        "csv",
    )
    assert code == 0 and out == "code\r\n411522\r\n"
    code, out, _ = run(capsys, "sparql", "ASK { ?s ?p ?o }", "--store", str(store_dir))
    assert out.strip() == "true"
    f = tmp_path / "q.rq"
    f.write_text(
        "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o FILTER(?s = <https://w3id.org/povkg/id/place/411522>) }",
        encoding="utf-8",
    )
    code, out, _ = run(capsys, "sparql", "-f", str(f), "--store", str(store_dir), "--format", "nt")
    assert code == 0 and "411522" in out and out.count(" .\n") >= 6


def test_lookup_shows_the_place_chain(capsys: pytest.CaptureFixture[str], store_dir: Path) -> None:
    for text in ("411522", "光山县", "光山"):
        code, out, _ = run(capsys, "lookup", text, "--store", str(store_dir))
        assert code == 0 and "光山县 → 信阳市 → 河南省" in out
    code, out, _ = run(capsys, "lookup", "省委网信办", "--store", str(store_dir), "--format", "json")
    cards = json.loads(out)
    assert [c["label_zh"] for c in cards] == ["河南省委网信办", "贵州省委网信办"]
    code, _, err = run(capsys, "lookup", "不存在的地方", "--store", str(store_dir))
    assert code == 1 and "nothing is called" in err


def test_lookup_without_a_store_uses_the_reference_graphs(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("kg.build")
    monkeypatch.setenv("POVKG_STORE", str(tmp_path / "never-built"))
    for text in ("411522", "光山县"):
        code, out, _ = run(capsys, "lookup", text)
        assert code == 0 and "光山县 → 信阳市 → 河南省" in out and "County" in out


def test_every_command_has_help(capsys: pytest.CaptureFixture[str]) -> None:
    for cmd in ("query", "sparql", "lookup", "serve", "push"):
        code, out, _ = run(capsys, cmd, "--help")
        assert code == 0 and "Usage: povkg " + cmd in out and len(out.splitlines()) > 5
