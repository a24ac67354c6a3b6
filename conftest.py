"""Repository-wide pytest set-up: the tiny sample graph the doctests of ``kg/query.py``,
``kg/store.py`` and ``kg/api.py`` use.

Injects into ``doctest_namespace`` (only names; nothing is loaded until a doctest asks):

* ``sample_path`` — ``tests/data/fixture.trig``, a hand-made graph following docs/model.md;
* ``sample_store`` — that graph in an in-memory Oxigraph store;
* ``kg_sample`` — a :class:`kg.KnowledgeGraph` over ``sample_store``.

``tests/test_doctests.py`` runs those modules' doctests with the same names, so running
``pytest`` without ``--doctest-modules`` still checks them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

#: the store fixtures of the query, API and endpoint tests (tests/query_helpers.py)
pytest_plugins = ["tests.query_helpers"]

SAMPLE = Path(__file__).resolve().parent / "tests" / "data" / "fixture.trig"


def sample_namespace() -> dict[str, Any]:
    """The names the doctests expect (a fresh in-memory store each call)."""
    from kg.api import KnowledgeGraph
    from kg.store import OxigraphStore

    store = OxigraphStore()
    store.load_file(SAMPLE)
    return {"sample_path": SAMPLE, "sample_store": store, "kg_sample": KnowledgeGraph(store)}


@pytest.fixture(autouse=True)
def _povkg_doctest_namespace(request: pytest.FixtureRequest) -> None:
    """Fill ``doctest_namespace`` for doctests of the query, store and API modules only."""
    if not isinstance(request.node, pytest.DoctestItem):  # type: ignore[attr-defined]
        return
    if not any(m in request.node.nodeid for m in ("kg/api.py", "kg/query.py", "kg/store.py", "kg/guard.py", "kg/serve.py", "kg/summary.py")):
        return
    request.getfixturevalue("doctest_namespace").update(sample_namespace())
