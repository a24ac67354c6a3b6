"""povkg's own exceptions. Each carries the CLI exit code it maps to.

Exit codes (DESIGN.md): 0 ok, 1 a check failed, 2 usage error, 3 input error.
"""

from __future__ import annotations

__all__ = [
    "KgError",
    "CheckFailed",
    "UsageError",
    "InputError",
    "QueryError",
    "QueryRefused",
    "QueryTimeout",
    "WorkerLost",
    "ResultTooLarge",
    "StoreError",
]


class KgError(Exception):
    """Base class of every error povkg raises on purpose."""

    exit_code = 1


class CheckFailed(KgError):
    """A validation or check did not pass (exit 1)."""

    exit_code = 1


class UsageError(KgError):
    """The call itself is wrong: unknown query name, unknown parameter ... (exit 2)."""

    exit_code = 2


class InputError(KgError):
    """The input is bad: unreadable file, wrong encoding, malformed SPARQL ... (exit 3)."""

    exit_code = 3


class QueryError(InputError):
    """A SPARQL query could not be parsed or run (exit 3)."""


class QueryRefused(QueryError):
    """A query asks for what povkg never does: call another host, or change the store (exit 3)."""


class QueryTimeout(QueryError):
    """A query ran past its timeout and was stopped (exit 3)."""


class WorkerLost(QueryError):
    """The process running a query died: most often it passed its memory ceiling (exit 3)."""


class ResultTooLarge(QueryError):
    """A query produced more rows (or triples) than its limit and was stopped (exit 3)."""


class StoreError(InputError):
    """A store or endpoint could not be opened or reached (exit 3)."""
