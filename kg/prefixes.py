"""The prefixes every query may use without declaring them, and readable SPARQL syntax errors.

Every povkg query interface (``povkg query|sparql``, :class:`kg.KnowledgeGraph`, ``povkg
serve``) predefines the prefixes of :data:`kg.vocab.PREFIXES` — the project's own (``pov:``,
``id:``, ``graph:``) and rdf, rdfs, owl, skos, dct, org, prov, schema, qb, oa, eli and xsd —
so ``SELECT ?p WHERE { ?p a pov:Policy }`` runs as written. A query that declares a prefix
itself keeps its own declaration.

Oxigraph reports a syntax error as ``error at LINE:COLUMN: expected one of …`` followed by
the character classes of the grammar (a screen of Unicode ranges); :func:`describe_syntax_error`
turns that into one line with the position, the token there and, for an undeclared prefix, a
hint.

Examples
--------
>>> "pov" in PREFIXES and PREFIXES["xsd"]
'http://www.w3.org/2001/XMLSchema#'
>>> print(describe_syntax_error("SELECT ?x WHERE { ?x a foo:Policy }",
...       "error at 1:34: expected one of Prefix not found, ['%'], [':']"))
malformed SPARQL at line 1, column 34 (near 'foo:Policy'): the prefix 'foo:' is not declared; add PREFIX foo: <…> to the query ('povkg prefixes' lists the predefined ones)
"""

from __future__ import annotations

import re

from kg.vocab import PREFIXES

__all__ = ["PREFIXES", "prefix_block", "declared_prefixes", "with_prefixes", "describe_syntax_error"]

_DECL = re.compile(r"(?im)^\s*PREFIX\s+([A-Za-z][\w.-]*)?:\s*<")
_POSITION = re.compile(r"error at (\d+):(\d+)")
_QUOTED = re.compile(r'"((?:[^"\\]|\\.)+)"')
_TOKEN = re.compile(r"\S+")
_PNAME = re.compile(r"^[(\[{,;]*([A-Za-z][\w.-]*)?:")


def prefix_block(prefixes: dict[str, str] | None = None) -> str:
    """``PREFIX p: <ns>`` lines for every predefined prefix (or for ``prefixes``).

    Examples
    --------
    >>> prefix_block({"pov": "https://w3id.org/povkg/def#"})
    'PREFIX pov: <https://w3id.org/povkg/def#>\\n'
    """
    return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in (prefixes or PREFIXES).items())


def declared_prefixes(query: str) -> set[str]:
    """The prefixes a query declares itself (``PREFIX name:`` at the start of a line).

    Examples
    --------
    >>> sorted(declared_prefixes("PREFIX pov: <urn:x#>\\nprefix ex: <urn:e#>\\nSELECT * {}"))
    ['ex', 'pov']
    """
    return {m.group(1) or "" for m in _DECL.finditer(query)}


def with_prefixes(query: str) -> str:
    """The query with declarations of the predefined prefixes it does not declare itself.

    For stores that take no default prefixes (a remote endpoint); Oxigraph and rdflib are
    given them as parameters instead. The declarations go first, so a ``BASE`` or
    ``PREFIX`` of the query still applies.

    Examples
    --------
    >>> q = with_prefixes("PREFIX pov: <urn:mine#>\\nSELECT * WHERE { ?s a pov:X }")
    >>> "PREFIX pov: <https://" in q, "PREFIX skos:" in q
    (False, True)
    """
    own = declared_prefixes(query)
    return prefix_block({p: ns for p, ns in PREFIXES.items() if p not in own}) + query


def _expected(message: str) -> list[str]:
    rest = message.split("expected", 1)[1] if "expected" in message else ""
    return [m.group(1) for m in _QUOTED.finditer(rest)]


def describe_syntax_error(query: str, message: str) -> str:
    """One readable line for a SPARQL syntax error: position, the token there, and a hint.

    Parameters
    ----------
    query : str
        The query text as it was parsed.
    message : str
        The parser's message (Oxigraph: ``error at LINE:COL: expected …``).

    Returns
    -------
    str
        ``malformed SPARQL at line L, column C (near 'TOKEN'): …`` on one line.

    Examples
    --------
    >>> print(describe_syntax_error("ASK { ?x pov:partOf id:place/410000 }",
    ...       "error at 1:30: expected OPTIONAL"))
    malformed SPARQL at line 1, column 30 (near 'id:place/410000'): a prefixed name cannot contain '/'; write <https://w3id.org/povkg/id/place/410000> (or escape it: id:place\\/410000)
    >>> print(describe_syntax_error("SELECT ?x WHERE { ?x a <urn:a> ",
    ...       'error at 1:32: expected one of ",", ".", ";", "{", "}", [_]'))
    malformed SPARQL at line 1, column 32 (at the end of the query): expected one of , . ; { }
    """
    m = _POSITION.search(message)
    if not m:
        flat = " ".join(message.split())
        return f"malformed SPARQL: {flat[:200]}"
    line_no, col = int(m.group(1)), int(m.group(2))
    lines = query.split("\n")
    line = lines[line_no - 1] if 0 < line_no <= len(lines) else ""
    token = ""
    at = col - 1
    for t in _TOKEN.finditer(line):
        if t.start() <= at < t.end() or t.end() == at:
            token = t.group()
            if t.start() <= at < t.end():
                break
    if not token and at < len(line):
        token = line[at:].strip()[:30]
    where = f"malformed SPARQL at line {line_no}, column {col}"
    tail = "\n".join([line[at:], *lines[line_no:]]).strip()
    near = f" (near {token[:40]!r})" if token else (" (at the end of the query)" if not tail else "")
    before = [t.group() for t in _TOKEN.finditer(line[:at])]
    if (not token or not _PNAME.match(token)) and before and _PNAME.match(before[-1]):
        token = before[-1]  # the parser stops after a prefixed name it could not read
        near = f" (near {token[:40]!r})"
    pname = _PNAME.match(token) if token else None
    if "Prefix not found" in message or (pname and pname.group(1) and pname.group(1) not in PREFIXES):
        if pname is not None:
            p = pname.group(1) or ""
            if p not in PREFIXES and p not in declared_prefixes(query):
                return (
                    f"{where}{near}: the prefix '{p}:' is not declared; add PREFIX {p}: <…> to the query "
                    "('povkg prefixes' lists the predefined ones)"
                )
    if pname is not None and "/" in token[pname.end() :]:
        p = pname.group(1) or ""
        full = PREFIXES.get(p)
        iri = f"<{full}{token[pname.end() :].rstrip(').;,}')}>" if full else "the full <IRI>"
        return (
            f"{where}{near}: a prefixed name cannot contain '/'; write {iri} "
            f"(or escape it: {p}:{token[pname.end() :].rstrip(').;,}').replace('/', chr(92) + '/')})"
        )
    expected = _expected(message)
    if expected:
        shown = " ".join(expected[:12]) + (" …" if len(expected) > 12 else "")
        return f"{where}{near}: expected one of {shown}" if len(expected) > 1 else f"{where}{near}: expected {shown}"
    word = re.search(r"expected ([A-Z][A-Za-z ]+)", message)
    if word:
        return f"{where}{near}: expected {word.group(1).strip()}"
    return f"{where}{near}"
