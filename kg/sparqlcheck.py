"""What a query may do, decided on a real parse of it.

Before any store sees a query, :func:`check_query` parses it with rdflib's SPARQL 1.1
parser (the grammar of the Recommendation, with its codepoint escapes, comments, strings,
IRIs and prefixed names, escapes included) and walks the whole parse tree:

* a query that holds a ``SERVICE`` pattern anywhere — in ``OPTIONAL``, ``UNION``,
  ``MINUS``, ``FILTER EXISTS``, a sub-select, ``GRAPH`` … — is refused: povkg never calls
  another host;
* a text that is not a query but an update (``INSERT``, ``DELETE``, ``LOAD``, ``CLEAR`` …)
  gets the form ``UPDATE``, which every front end refuses;
* a text nested deeper than :data:`MAX_NESTING` brackets is refused *before* it is parsed
  (deep nesting exhausts a recursive parser, and Oxigraph's overflows its stack);
* a text neither parser accepts is malformed.

No text scan takes part in the decision: a keyword spelt with an escape, hidden behind a
prefixed name with ``\\'`` or ``\\#`` in it, or written in another case is what the parser
says it is. A query the parser cannot read is refused, never passed on.

Examples
--------
>>> check_query("SELECT ?名 WHERE { ?名 ?p 'SERVICE' }")
'SELECT'
>>> check_query("PREFIX ex: <http://x/> ASK { ?a ex:p\\\\'q ?b . SERVICE <http://h/> { ?x ?y ?z } }")
Traceback (most recent call last):
...
kg.errors.QueryRefused: SERVICE calls to other hosts are refused: povkg only queries its own store
>>> query_form("LOAD <http://example.org/data.ttl>")
'UPDATE'
"""

from __future__ import annotations

import contextlib
import functools
import sys
import threading
from collections.abc import Iterator

from pyparsing import ParseBaseException, ParseResults
from rdflib.plugins.sparql.parser import expandUnicodeEscapes, parseQuery, parseUpdate
from rdflib.plugins.sparql.parserutils import CompValue

from kg.errors import QueryError, QueryRefused

__all__ = ["MAX_NESTING", "check_query", "query_form", "refuse_federation", "nesting_depth"]

#: Deepest nesting of ``{ ( [`` brackets a query may have (povkg's own queries use under 10).
MAX_NESTING = 100

#: Longest query text parsed (characters); the endpoint refuses longer bodies earlier.
MAX_QUERY_CHARS = 1_000_000

_FORMS = {
    "SelectQuery": "SELECT",
    "AskQuery": "ASK",
    "ConstructQuery": "CONSTRUCT",
    "DescribeQuery": "DESCRIBE",
}

# pyparsing's packrat cache is shared by every thread (``povkg serve`` answers in threads).
_PARSE_LOCK = threading.Lock()

_SERVICE_REFUSED = "SERVICE calls to other hosts are refused: povkg only queries its own store"


def nesting_depth(text: str) -> int:
    """The deepest nesting of ``{``, ``(`` and ``[`` in ``text``, counted on every bracket.

    Brackets inside strings and comments count too: this bounds the parser's recursion
    whatever the text holds, so it can only over-count.

    Examples
    --------
    >>> nesting_depth("SELECT * WHERE { { ?s ?p (1) } }")
    3
    """
    depth = deepest = 0
    for c in text:
        if c in "{([":
            depth += 1
            if depth > deepest:
                deepest = depth
        elif c in "})]" and depth:
            depth -= 1
    return deepest


def _nodes(tree: object) -> Iterator[CompValue]:
    """Every CompValue in a parse tree (iteratively: no recursion limit to reach)."""
    stack = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, CompValue):
            yield node
            stack.extend(dict.values(node))
        elif isinstance(node, ParseResults):
            stack.extend(node)
            stack.extend(node.values())  # named results, in case one is not also positional
        elif isinstance(node, (list, tuple)):
            stack.extend(node)
        elif isinstance(node, dict):
            stack.extend(node.values())


def _one_line(exc: Exception) -> str:
    text = " ".join(str(exc).split())
    return text if len(text) <= 300 else text[:297] + "..."


@contextlib.contextmanager
def _recursion_room(frames: int = 12_000) -> Iterator[None]:
    """rdflib's parser recurses a few dozen frames per bracket: give it room for MAX_NESTING
    brackets whatever the caller's stack already holds (the depth was checked first)."""
    old = sys.getrecursionlimit()
    sys.setrecursionlimit(max(old, frames))
    try:
        yield
    finally:
        sys.setrecursionlimit(old)


def _parse_message(text: str, exc: ParseBaseException) -> str:
    """One readable line: where the parser stopped (line, column, the token there) and what it wanted."""
    at = "at the end of the query" if exc.loc >= len(text.rstrip()) else f"near {text[exc.loc : exc.loc + 12].split()[0]!r}"
    wanted = " ".join(str(exc.msg).split())
    return f"malformed SPARQL at line {exc.lineno}, column {exc.col} ({at}): {wanted[:1].lower()}{wanted[1:200]}"


@functools.lru_cache(maxsize=512)
def _classify(text: str) -> tuple[str, bool]:
    """(form, holds a SERVICE pattern) for a query text; raises QueryError if neither a
    query nor an update parses."""
    if len(text) > MAX_QUERY_CHARS:
        raise QueryError(f"malformed SPARQL: a query may have at most {MAX_QUERY_CHARS:,} characters")
    expanded = expandUnicodeEscapes(text)
    depth = nesting_depth(expanded)
    if depth > MAX_NESTING:
        raise QueryError(
            f"the query nests brackets {depth} deep; at most {MAX_NESTING} are accepted"
        )
    with _PARSE_LOCK, _recursion_room():
        try:
            tree = parseQuery(text)
        except ParseBaseException as exc:
            try:
                parseUpdate(text)
            except (ParseBaseException, RecursionError, ValueError):
                raise QueryError(_parse_message(text, exc)) from None
            return "UPDATE", False
        except RecursionError:
            raise QueryError(f"the query nests too deeply to be read (at most {MAX_NESTING} brackets)") from None
        except ValueError as exc:  # e.g. a bad codepoint escape or IRI
            raise QueryError(f"malformed SPARQL: {_one_line(exc)}") from None
    form = None
    service = False
    for node in _nodes(tree):
        if node.name in _FORMS and form is None:
            form = _FORMS[node.name]
        elif node.name == "ServiceGraphPattern":
            service = True
    if form is None:  # pragma: no cover - the grammar always yields one of the four
        raise QueryError("malformed SPARQL: no SELECT, ASK, CONSTRUCT or DESCRIBE found")
    return form, service


def query_form(query: str) -> str:
    """``SELECT``, ``ASK``, ``CONSTRUCT`` or ``DESCRIBE``, or ``UPDATE`` for an update.

    Raises :class:`~kg.errors.QueryError` for a text that is neither (or nests too deeply).

    Examples
    --------
    >>> query_form("PREFIX x: <http://x/> # SELECT in a comment\\nASK { ?s ?p ?o }")
    'ASK'
    """
    return _classify(query)[0]


def check_query(query: str) -> str:
    """The query's form, after refusing what povkg never runs.

    Raises
    ------
    QueryRefused
        The query calls another host (``SERVICE``) or is an update (``LOAD``, ``INSERT`` …).
    QueryError
        The text is malformed or nests deeper than :data:`MAX_NESTING`.
    """
    form, service = _classify(query)
    if service:
        raise QueryRefused(_SERVICE_REFUSED)
    if form == "UPDATE":
        raise QueryRefused("updates (INSERT, DELETE, LOAD, CLEAR …) are refused: povkg only reads")
    return form


def refuse_federation(query: str) -> None:
    """Refuse a query that calls another host; raises :class:`~kg.errors.QueryRefused`.

    Malformed text raises :class:`~kg.errors.QueryError`; updates are left to the caller
    (see :func:`check_query`).

    >>> refuse_federation("SELECT * WHERE { ?s ?p 'SERVICE' }")
    >>> refuse_federation("SELECT * WHERE { \\\\u0053ERVICE <http://example.org/sparql> { ?s ?p ?o } }")
    Traceback (most recent call last):
    ...
    kg.errors.QueryRefused: SERVICE calls to other hosts are refused: povkg only queries its own store
    """
    if _classify(query)[1]:
        raise QueryRefused(_SERVICE_REFUSED)
