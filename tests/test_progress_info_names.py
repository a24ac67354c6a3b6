"""Long work shows progress on a terminal and nothing in CI; ``povkg info`` says what a build
made; an English name finds the same entity in every command."""

from __future__ import annotations

import json
import os
import pty
import select
import subprocess
import sys
from pathlib import Path

import pytest

from kg.api import KnowledgeGraph
from kg.cli import main
from kg.resources import sample_report


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("info") / "store"
    assert main(["build", "--store", str(path), "--no-viewer", "--no-validate"]) == 0
    return path


def _stderr_on_a_terminal(args: list[str], env: dict[str, str]) -> str:
    """Run povkg with stderr on a pseudo-terminal; what it wrote there."""
    master, slave = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "kg", *args], stdout=subprocess.DEVNULL, stderr=slave, env=env
    )
    os.close(slave)
    chunks: list[bytes] = []
    while True:
        ready, _, _ = select.select([master], [], [], 60)
        if not ready:
            break
        try:
            data = os.read(master, 65536)
        except OSError:  # the child closed the terminal
            break
        if not data:
            break
        chunks.append(data)
    proc.wait(timeout=60)
    os.close(master)
    assert proc.returncode == 0, b"".join(chunks).decode("utf-8", "replace")
    return b"".join(chunks).decode("utf-8", "replace")


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("CI", "POVKG_PROGRESS")}
    env.update(extra)
    return env


@pytest.mark.slow
def test_progress_bars_on_a_terminal_only(tmp_path: Path) -> None:
    store = tmp_path / "store"
    args = ["build", "--store", str(store), "--no-viewer", "--no-validate", str(sample_report())]
    shown = _stderr_on_a_terminal(args, _env())
    assert "building" in shown and "doc" in shown and "%" in shown
    export = _stderr_on_a_terminal(["export", "--store", str(store)], _env())
    assert "writing" in export and "quad" in export
    quiet = _stderr_on_a_terminal(["export", "--store", str(store)], _env(CI="true"))
    assert "writing" not in quiet and "exported" in quiet
    piped = subprocess.run(
        [sys.executable, "-m", "kg", "export", "--store", str(store)],
        capture_output=True, text=True, env=_env(), check=True,
    )
    assert "%" not in piped.stderr and "\r" not in piped.stderr


def test_info_says_what_the_build_made(built: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["info", "--store", str(built), "--format", "json"]) == 0
    info = json.loads(capsys.readouterr().out)
    assert info["documents"] == 1 and info["provinces"] == {"河南省": 1} and info["years"] == {"2020": 1}
    assert info["entities"]["meetings"] == 1 and info["entities"]["outcomes"] == 17
    assert info["triples"] > info["inferred"] > 0 and info["bytes_on_disk"] > 0
    assert info["last_build"].endswith("UTC")
    assert main(["info", "--store", str(built)]) == 0
    out = capsys.readouterr().out
    assert "documents   1" in out and "河南省 1" in out
    assert main(["info", "--store", str(built.parent / "missing")]) == 3


def test_an_english_name_finds_the_same_entity_everywhere(
    built: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    henan = "https://w3id.org/povkg/id/place/410000"
    args = ["--store", str(built)]
    assert main(["query", "outcomes-in-place", "-p", "place=Henan", "--format", "json", *args]) == 0
    rows = json.loads(capsys.readouterr().out)["results"]["bindings"]
    assert rows and {r["place"]["value"] for r in rows} == {henan}
    assert main(["viz", "--view", "place", "--name", "Henan", "-o", str(tmp_path / "v.html"), *args]) == 0
    capsys.readouterr()
    assert main(["lookup", "Henan", "--format", "json", *args]) == 0
    assert [c["iri"] for c in json.loads(capsys.readouterr().out)] == [henan]
    kg = KnowledgeGraph.open(built)
    assert kg.place("Henan").iri == henan  # type: ignore[union-attr]
    assert kg.place("henan province").iri == henan  # type: ignore[union-attr]
    # a name inside another is not that name: Zhen'an is two places, in every command alike
    assert main(["query", "outcomes-in-place", "-p", "place=zhenan", *args]) == 2
    assert "ambiguous" in capsys.readouterr().err
    assert main(["viz", "--view", "place", "--name", "zhenan", "-o", str(tmp_path / "w.html"), *args]) == 2
    assert "ambiguous" in capsys.readouterr().err
