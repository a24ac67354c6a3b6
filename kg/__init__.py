"""povkg: a knowledge graph of poverty-alleviation (网络扶贫) and digital-village (数字乡村) policy work.

Importing :mod:`kg` is cheap and has no side effects: the public names are loaded on first
use.

Examples
--------
>>> from kg import KnowledgeGraph
>>> KnowledgeGraph.__name__
'KnowledgeGraph'
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from kg.api import Actor, CoHost, Event, Hit, KnowledgeGraph, Outcome, Place, Policy
    from kg.errors import KgError
    from kg.query import NamedQuery, Results
    from kg.store import open_store

__all__ = [
    "KnowledgeGraph",
    "Policy",
    "Actor",
    "Place",
    "Event",
    "Outcome",
    "CoHost",
    "Hit",
    "Results",
    "NamedQuery",
    "open_store",
    "KgError",
    "__version__",
]

_LAZY = {
    "KnowledgeGraph": "kg.api",
    "Policy": "kg.api",
    "Actor": "kg.api",
    "Place": "kg.api",
    "Event": "kg.api",
    "Outcome": "kg.api",
    "CoHost": "kg.api",
    "Hit": "kg.api",
    "Results": "kg.query",
    "NamedQuery": "kg.query",
    "open_store": "kg.store",
    "KgError": "kg.errors",
}


def __getattr__(name: str) -> Any:
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            return version("povkg")
        except PackageNotFoundError:  # pragma: no cover - a checkout that is not installed
            return "0+unknown"
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'kg' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
