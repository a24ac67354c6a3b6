"""The wheel carries the package data: ontology, shapes, catalogues, gazetteer, named queries."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_wheel_contains_the_package_data(tmp_path: Path) -> None:
    # build from a clean copy, so that no stale build/ folder leaks in and the tree is untouched
    src = tmp_path / "src"
    shutil.copytree(
        ROOT,
        src,
        ignore=shutil.ignore_patterns(
            ".git",
            "build",
            "dist",
            "*.egg-info",
            "out",
            ".venv",
            "__pycache__",
            ".*_cache",
            ".hypothesis",
            ".benchmarks",
            "artefacts",
        ),
    )
    out = tmp_path / "wheels"
    done = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(out), str(src)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    (wheel,) = out.glob("povkg-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())

    def present(folder: str, suffix: str) -> set[str]:
        return {n for n in names if n.startswith(folder) and n.endswith(suffix)}

    expected_ttl = {f"kg/ontology/{p.name}" for p in (ROOT / "ontology").glob("*.ttl")}
    assert expected_ttl and expected_ttl <= names
    assert {"kg/ontology/shapes/instances.ttl", "kg/ontology/shapes/terms.ttl"} <= names
    assert {
        f"kg/ontology/catalogues/{t}.tsv"
        for t in ("policies", "programmes", "bodies", "counterparts", "indicators")
    } <= names
    assert "kg/ontology/catalogues/README.md" in names
    assert present("kg/ontology/gazetteer/", ".tsv")
    expected_rq = {f"kg/queries/{p.name}" for p in (ROOT / "queries").glob("*.rq")}
    assert expected_rq and expected_rq <= names
    assert {"kg/catalogue.py", "kg/reason.py", "kg/validate.py", "kg/cli_ref.py", "kg/py.typed"} <= names
