"""Where the package data lives: ontology, catalogues, gazetteer, queries, sample report.

Everything is read through :mod:`importlib.resources`, so it works from a checkout, an
editable install and an installed wheel alike.
"""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

__all__ = ["ontology_path", "queries_path", "sample_report", "default_store", "default_viewer"]


_CHECKOUT = {"kg.ontology": "ontology", "kg.queries": "queries"}


def _as_path(package: str) -> Path:
    try:
        return Path(str(resources.files(package)))
    except ModuleNotFoundError:
        # running from a checkout that is on sys.path (not the installed wheel): the data
        # folders sit at the top level, beside kg/
        return Path(__file__).resolve().parent.parent / _CHECKOUT[package]


def ontology_path(*parts: str) -> Path:
    """Path of a file (or the folder) under ``ontology/``."""
    return _as_path("kg.ontology").joinpath(*parts)


def queries_path(*parts: str) -> Path:
    """Path of a file (or the folder) under ``queries/``."""
    return _as_path("kg.queries").joinpath(*parts)


def sample_report() -> Path:
    """The bundled reference report (Henan, 2020-11-10, 光山县), byte-for-byte as published."""
    return _as_path("kg.data") / "henan-2020-11-10-guangshan.txt"


def default_store() -> Path:
    """The default on-disk store: ``$POVKG_STORE`` or ``./out/store``."""
    return Path(os.environ.get("POVKG_STORE") or Path("out") / "store")


def default_viewer(store: Path | None = None) -> Path:
    """Where ``povkg build`` writes the overview viewer: beside the store."""
    store = store or default_store()
    return store.parent / "povkg.html"
