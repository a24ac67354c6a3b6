"""Run the doctests of the query, store and API modules against the tiny sample graph.

The doctests use ``sample_path``, ``sample_store`` and ``kg_sample`` (see the repository
``conftest.py``). This runs them with plain :mod:`doctest`, so ``pytest`` checks them without
``--doctest-modules`` being forced on every module of the project.
"""

from __future__ import annotations

import doctest
import importlib
import logging

import pytest

from conftest import sample_namespace


@pytest.mark.parametrize(
    "module",
    ["kg.query", "kg.store", "kg.api", "kg", "kg.guard", "kg.serve", "kg.prefixes", "kg.frames", "kg.names",
     "kg.serve_pages", "kg.progress", "kg.ontology_page", "kg.cli_query", "kg.summary", "kg.library", "kg.sparqlcheck"],
)
def test_docstring_examples_run(module: str) -> None:
    mod = importlib.import_module(module)
    logging.getLogger("rdflib").setLevel(logging.ERROR)  # a doctest builds a deliberately bad IRI
    result = doctest.testmod(
        mod,
        extraglobs=sample_namespace(),
        optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE,
        verbose=False,
    )
    assert result.attempted > 0
    assert result.failed == 0, (
        f"{result.failed} docstring example(s) of {module} failed (see the output above)"
    )
