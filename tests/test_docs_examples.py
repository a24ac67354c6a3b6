"""Every command in README.md and docs/*.md runs, against the build the quick start makes.

The shell blocks of the documents are read; each ``povkg …`` line is run (in this process,
through :func:`kg.cli.main`) in a scratch folder whose default store was made by the README's
own ``povkg build``. A command fails the test when it exits non-zero, or when a query gives
no rows. The Python blocks are run statement by statement; an expression that gives an empty
answer fails too. docs/queries.md holds every named query with its example parameters, so
those run here as well.

Lines that cannot run here are named with the reason: placeholders (``HOST``, ``URL``,
``…``), usage synopses (``[--store out/store]``), and the long-running ``serve`` / the
server-writing ``push`` (tests/test_endpoint.py runs both against a real server).
"""

from __future__ import annotations

import ast
import json
import re
import shlex
import shutil
from pathlib import Path
from typing import Any

import pytest

from kg.cli import main
from kg.resources import sample_report

ROOT = Path(__file__).resolve().parent.parent
DOCUMENTS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
_FENCE = re.compile(r"^```([\w-]*)[^\n]*\n(.*?)^```", re.MULTILINE | re.DOTALL)
_PLACEHOLDERS = ("HOST", "URL", "…", "PASSWORD", "[--", " [")
_ELSEWHERE = {"serve": "a server: tests/test_endpoint.py", "push": "writes to a server: tests/test_endpoint.py"}


def _blocks(path: Path) -> list[tuple[str, str]]:
    return [(m.group(1).lower(), m.group(2)) for m in _FENCE.finditer(path.read_text(encoding="utf-8"))]


def _shell_lines(text: str) -> list[str]:
    lines: list[str] = []
    pending = ""
    for raw in text.splitlines():
        line = pending + raw.strip()
        if line.endswith("\\"):
            pending = line[:-1] + " "
            continue
        pending = ""
        lines.append(line)
    return lines


def _strip_comment(line: str) -> str:
    m = re.search(r"\s+#\s", line)
    return line[: m.start()] if m else line


def documented_commands() -> list[tuple[str, str]]:
    """(where, command line) for every ``povkg`` line of a shell block, in document order."""
    out = []
    for doc in DOCUMENTS:
        for lang, body in _blocks(doc):
            if lang not in ("", "sh", "bash", "console", "shell"):
                continue
            for line in _shell_lines(body):
                for part in _strip_comment(line).split("&&"):
                    part = part.strip()
                    if part.startswith("povkg "):
                        out.append((doc.relative_to(ROOT).as_posix(), part))
    return out


def documented_python() -> list[tuple[str, str]]:
    return [
        (doc.relative_to(ROOT).as_posix(), body)
        for doc in DOCUMENTS
        for lang, body in _blocks(doc)
        if lang == "python" and "KnowledgeGraph" in body
    ]


def _why_not(cmd: str) -> str | None:
    if any(p in cmd for p in _PLACEHOLDERS):
        return "a placeholder or usage synopsis"
    verb = cmd.split()[1]
    return _ELSEWHERE.get(verb)


@pytest.fixture(scope="module")
def quick_start(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A scratch folder after the README's ``povkg build`` (its default store ./out/store)."""
    where = tmp_path_factory.mktemp("quickstart")
    mp = pytest.MonkeyPatch()
    mp.chdir(where)
    mp.setenv("POVKG_STORE", str(where / "out" / "store"))
    (where / "reports").mkdir()
    shutil.copy(sample_report(), where / "reports" / sample_report().name)
    shutil.copy(sample_report(), where / "report.txt")
    assert main(["build"]) == 0
    yield where
    mp.undo()


def _rows(out: str, err: str, args: list[str]) -> int | None:
    """Rows a query printed (None when the command is not a query)."""
    if args[0] not in ("query", "sparql") or "--list" in args:
        return None
    fmt = args[args.index("--format") + 1] if "--format" in args else "table"
    if fmt == "json":
        doc = json.loads(out)
        return 1 if "boolean" in doc else len(doc["results"]["bindings"])
    if fmt in ("csv", "tsv"):
        return len(out.strip().splitlines()) - 1
    m = re.search(r"\((\d+) rows?\)", err)
    return int(m.group(1)) if m else len(out.strip().splitlines())


def test_the_documents_name_commands() -> None:
    cmds = [c for _, c in documented_commands()]
    assert any(c.startswith("povkg query co-hosts") for c in cmds)
    assert sum(c.startswith("povkg query ") for c in cmds) >= 16  # every named query, in docs/queries.md


@pytest.mark.parametrize(("where", "cmd"), documented_commands(), ids=lambda v: v if "/" not in v else None)
def test_documented_command_runs(
    where: str, cmd: str, quick_start: Path, capfd: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    reason = _why_not(cmd)
    if reason:
        pytest.skip(f"{where}: {reason}")
    monkeypatch.chdir(quick_start)
    args = shlex.split(cmd)[1:]
    target = None
    if ">" in args:
        i = args.index(">")
        target, args = args[i + 1], args[:i]
    capfd.readouterr()
    code = main(args)
    out, err = capfd.readouterr()
    assert code == 0, f"{where}: {cmd} exited {code}: {err.strip()[-500:]}"
    if target:
        (quick_start / target).write_text(out, encoding="utf-8")
        assert out.strip(), f"{where}: {cmd} wrote nothing"
    rows = _rows(out, err, args)
    assert rows is None or rows > 0, f"{where}: {cmd} gave no rows"


def _non_empty(value: Any) -> bool:
    if value is None:
        return False
    if hasattr(value, "empty"):
        return not value.empty
    if hasattr(value, "__len__"):
        return len(value) > 0
    return True


@pytest.mark.parametrize(("where", "code"), documented_python(), ids=lambda v: v if "/" not in v and "\n" not in v else None)
def test_documented_python_runs(where: str, code: str, quick_start: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(quick_start)
    namespace: dict[str, Any] = {}
    for stmt in ast.parse(code).body:
        src = ast.get_source_segment(code, stmt)
        if isinstance(stmt, ast.Expr):
            value = eval(compile(ast.Expression(stmt.value), where, "eval"), namespace)  # noqa: S307
            assert _non_empty(value), f"{where}: {src} gave an empty answer"
        else:
            exec(compile(ast.Module([stmt], []), where, "exec"), namespace)  # noqa: S102


def test_the_reference_event_has_the_documented_iri(quick_start: Path) -> None:
    """Event IRIs are stable: the one docs/model.md shows is the one the build mints."""
    from kg.store import OxigraphStore

    model = (ROOT / "docs" / "model.md").read_text(encoding="utf-8")
    row = next(line for line in model.splitlines() if line.startswith("| event |"))
    shown = re.search(r"`id:(event/[^`]+)`", row.split("|")[3]).group(1)  # type: ignore[union-attr]
    st = OxigraphStore(quick_start / "out" / "store", read_only=True)
    meetings = {str(r["e"]) for r in st.select("SELECT ?e WHERE { ?e a pov:Meeting ; schema:startDate ?d }")}
    assert "https://w3id.org/povkg/id/" + shown in meetings


def test_query_help_shows_question_parameters_and_columns(capsys: pytest.CaptureFixture[str]) -> None:
    from kg.cli_query import query_columns
    from kg.query import list_queries

    for q in list_queries():
        assert main(["query", q.name, "--help"]) == 0
        out = capsys.readouterr().out
        assert q.title_en in out and q.title_zh in out
        for p in q.params:
            assert f"  {p.name} " in out and (p.example is None or f"-p {p.name}={p.example}" in out)
        cols = query_columns(q)
        assert cols and " ".join(cols) in out


def test_every_named_query_example_answers_on_the_quick_start_build(quick_start: Path) -> None:
    """Each query with its required examples, with every example, and with each optional one."""
    from query_helpers import param_variants

    from kg.query import list_queries, run_query
    from kg.store import OxigraphStore

    st = OxigraphStore(quick_start / "out" / "store", read_only=True)
    empty = [
        (q.name, v) for q in list_queries() for v in param_variants(q) if len(run_query(st, q, v)) == 0
    ]
    assert not empty, f"named queries with no rows for their own examples: {empty}"
