"""The named query library without RDF: query files, their headers, and a plain text table.

This module imports neither rdflib nor pyoxigraph, so ``povkg query --list`` and the
library's help start fast; :mod:`kg.query` re-exports everything here and adds binding,
running and results.

Examples
--------
>>> q = get_query("co-hosts")
>>> q.title_en
'Which bodies co-host events, and how many events did each pair co-host?'
>>> print(text_table(["name", "n"], [["光山县", "2"]]))
name    n
------  -
光山县  2
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg.errors import InputError, UsageError

if TYPE_CHECKING:  # pragma: no cover
    from rdflib.term import Identifier

__all__ = [
    "QueryParam",
    "NamedQuery",
    "PARAM_TYPES",
    "parse_query_text",
    "load_library",
    "list_queries",
    "get_query",
    "library_markdown",
    "display_width",
    "text_table",
]

#: the parameter types a query header may declare
PARAM_TYPES = ("iri", "string", "integer", "date")


# ------------------------------------------------------------------------------------------
# the library
# ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class QueryParam:
    """One parameter of a named query, as declared in its header.

    Attributes
    ----------
    name : str
        The SPARQL variable name, without ``?``.
    type : str
        One of :data:`PARAM_TYPES`.
    required : bool
        Whether the query refuses to run without it.
    example : str or None
        An example value (used in ``--list`` and in tests).
    doc : str
        What the parameter does, in one line.
    default : str or None
        The value bound when the caller gives none.
    """

    name: str
    type: str
    required: bool
    example: str | None
    doc: str
    default: str | None = None


@dataclass(frozen=True)
class NamedQuery:
    """A query of the library: its header and its SPARQL text.

    Examples
    --------
    >>> q = get_query("outcomes-in-place")
    >>> q.param("place").required
    True
    """

    name: str
    title_zh: str
    title_en: str
    params: tuple[QueryParam, ...]
    row_doc: str
    text: str
    path: Path | None = field(default=None, compare=False)

    def param(self, name: str) -> QueryParam:
        """The parameter called ``name``; :class:`~kg.errors.UsageError` if there is none."""
        for p in self.params:
            if p.name == name:
                return p
        raise UsageError(_unknown_param_message(self, name))

    @property
    def param_names(self) -> tuple[str, ...]:
        """The names of the parameters, in header order."""
        return tuple(p.name for p in self.params)

    def bind(
        self, params: Mapping[str, object] | None = None, store: Any = None
    ) -> dict[str, Identifier]:
        """The parameters as RDF terms (see :func:`bind_params`); names are looked up in ``store``.

        Examples
        --------
        >>> get_query("co-hosts").bind({"policy": "https://w3id.org/povkg/id/policy/wlfp-action-plan"})
        {'policy': rdflib.term.URIRef('https://w3id.org/povkg/id/policy/wlfp-action-plan')}
        """
        from kg.query import bind_params

        return bind_params(self, params, store)


_HEADER_LINE = re.compile(
    r"^#\s*(name|问题|question|param|row)\b\s*([^:：]*?)\s*[:：]\s*(.*?)\s*$", re.IGNORECASE
)
_PARAM_FIELD_SPLIT = re.compile(r",\s*(?=(?:required|optional|example|default)\b)")
_DOC_SPLIT = re.compile(r"\s+(?:—|--)\s+")
_NAME_OK = re.compile(r"^[a-z][a-z0-9-]*$")


def parse_query_text(text: str, name: str | None = None, path: Path | None = None) -> NamedQuery:
    """Parse the header of a query file.

    Parameters
    ----------
    text : str
        The whole ``.rq`` file.
    name : str, optional
        The expected name (the file stem); a header naming another query is an error.
    path : Path, optional
        Where the text came from, for error messages.

    Returns
    -------
    NamedQuery

    Raises
    ------
    kg.errors.InputError
        If a header line is missing or malformed.

    Examples
    --------
    >>> q = parse_query_text('''# name: demo
    ... # 问题: 有哪些政策？
    ... # Question: Which policies are there?
    ... # param policy: iri, optional, example id:policy/wlfp-action-plan — only this policy
    ... # row: one policy
    ... SELECT ?policy WHERE { ?policy a <https://w3id.org/povkg/def#Policy> } ORDER BY ?policy
    ... ''')
    >>> q.name, q.params[0].example, q.params[0].doc
    ('demo', 'id:policy/wlfp-action-plan', 'only this policy')
    """
    where = str(path) if path else (name or "query")
    fields: dict[str, str] = {}
    params: list[QueryParam] = []
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped:
            continue
        if not stripped.startswith("#"):
            break
        m = _HEADER_LINE.match(stripped)
        if not m:
            continue
        key, arg, value = m.group(1).lower(), m.group(2), m.group(3)
        if key == "param":
            params.append(_parse_param(arg, value, where))
        elif key in fields:
            raise InputError(f"{where}: header '{key}' given twice")
        else:
            fields[key] = value
    for key in ("name", "问题", "question", "row"):
        if not fields.get(key):
            raise InputError(f"{where}: header line '# {key}:' is missing or empty")
    qname = fields["name"]
    if not _NAME_OK.match(qname):
        raise InputError(f"{where}: query name '{qname}' must be lower-case ASCII words joined by '-'")
    if name is not None and qname != name:
        raise InputError(f"{where}: header names the query '{qname}', the file is '{name}.rq'")
    seen = set()
    for p in params:
        if p.name in seen:
            raise InputError(f"{where}: parameter '{p.name}' declared twice")
        seen.add(p.name)
        if not re.search(r"\?" + re.escape(p.name) + r"\b", text):
            raise InputError(f"{where}: parameter '{p.name}' is not used as ?{p.name} in the query")
    return NamedQuery(
        name=qname,
        title_zh=fields["问题"],
        title_en=fields["question"],
        params=tuple(params),
        row_doc=fields["row"],
        text=text,
        path=path,
    )


def _parse_param(name: str, value: str, where: str) -> QueryParam:
    if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
        raise InputError(f"{where}: '# param {name}:' is not a SPARQL variable name")
    parts = _DOC_SPLIT.split(value, maxsplit=1)
    spec, doc = parts[0], (parts[1].strip() if len(parts) > 1 else "")
    if not doc:
        raise InputError(f"{where}: parameter '{name}' has no description (write '— what it does')")
    items = [s.strip() for s in _PARAM_FIELD_SPLIT.split(spec)]
    ptype = items[0].strip().lower()
    if ptype not in PARAM_TYPES:
        raise InputError(
            f"{where}: parameter '{name}' has type '{ptype}'; use one of {', '.join(PARAM_TYPES)}"
        )
    required: bool | None = None
    example = default = None
    for item in items[1:]:
        if item in ("required", "optional"):
            required = item == "required"
        elif item.startswith("example"):
            example = item[len("example") :].strip() or None
        elif item.startswith("default"):
            default = item[len("default") :].strip() or None
    if required is None:
        raise InputError(f"{where}: parameter '{name}' must say 'required' or 'optional'")
    return QueryParam(name=name, type=ptype, required=required, example=example, doc=doc, default=default)


@lru_cache(maxsize=8)
def _load_folder(folder: str) -> dict[str, NamedQuery]:
    out: dict[str, NamedQuery] = {}
    for path in sorted(Path(folder).glob("*.rq")):
        text = path.read_text(encoding="utf-8")
        out[path.stem] = parse_query_text(text, name=path.stem, path=path)
    return out


def load_library(folder: str | Path | None = None) -> dict[str, NamedQuery]:
    """Every query of a folder (default: the bundled ``queries/``), by name.

    Examples
    --------
    >>> lib = load_library()
    >>> "co-hosts" in lib and "evidence" in lib
    True
    """
    if folder is None:
        from kg.resources import queries_path

        folder = queries_path()
    return dict(_load_folder(str(Path(folder).resolve())))


def list_queries(folder: str | Path | None = None) -> list[NamedQuery]:
    """The queries of the library, sorted by name.

    Examples
    --------
    >>> names = [q.name for q in list_queries()]
    >>> names == sorted(names) and "policy-overview" in names
    True
    """
    return [q for _, q in sorted(load_library(folder).items())]


def get_query(name: str, folder: str | Path | None = None) -> NamedQuery:
    """The named query ``name``.

    Raises
    ------
    kg.errors.UsageError
        If there is no such query; the message suggests the nearest names.

    Examples
    --------
    >>> get_query("co-host")
    Traceback (most recent call last):
    ...
    kg.errors.UsageError: unknown query 'co-host'; did you mean: co-hosts?
    """
    lib = load_library(folder)
    if name in lib:
        return lib[name]
    near = difflib.get_close_matches(name, list(lib), n=3, cutoff=0.5)
    if near:
        raise UsageError(f"unknown query '{name}'; did you mean: {', '.join(near)}?")
    raise UsageError(f"unknown query '{name}' ('povkg query --list' shows the {len(lib)} queries)")


def library_markdown(folder: str | Path | None = None) -> str:
    """``docs/queries.md``: the library as Markdown, generated from the query headers.

    Examples
    --------
    >>> print(library_markdown().splitlines()[0])
    # Named queries
    """
    out = [
        "# Named queries",
        "",
        "<!-- Generated from the headers of queries/*.rq by kg.query.library_markdown(); do not edit.",
        "     Regenerate: python -c 'from kg.query import library_markdown; print(library_markdown(), end=\"\")' > docs/queries.md -->",
        "",
        "Run one with `povkg query NAME -p PARAM=VALUE`, from Python with",
        "`KnowledgeGraph.open().query(NAME, PARAM=VALUE)`, or paste the file into any SPARQL editor",
        "(the default graph must be the union of the named graphs). Parameters of type `iri` also take",
        "a label, a short form or a code (`网络扶贫行动计划`, `光山`, `411522`).",
        "",
        "| query | 问题 | question |",
        "|---|---|---|",
    ]
    queries = list_queries(folder)
    for q in queries:
        out.append(f"| [`{q.name}`](#{q.name}) | {q.title_zh} | {q.title_en} |")
    for q in queries:
        out += ["", f"## {q.name}", "", f"**问题：** {q.title_zh}  ", f"**Question:** {q.title_en}", ""]
        if q.params:
            out += ["| parameter | type | | example | meaning |", "|---|---|---|---|---|"]
            for p in q.params:
                need = "required" if p.required else ("default " + p.default if p.default else "optional")
                out.append(f"| `{p.name}` | {p.type} | {need} | `{p.example or ''}` | {p.doc} |")
            out.append("")
        else:
            out += ["No parameters.", ""]
        out.append(f"**Row:** {q.row_doc}")
        example = " ".join(f"-p {p.name}={p.example}" for p in q.params if p.required and p.example)
        every = " ".join(f"-p {p.name}={p.example}" for p in q.params if p.example)
        out += ["", "```", f"povkg query {q.name}{' ' + example if example else ''}"]
        if every != example:
            out.append(f"povkg query {q.name} {every}")
        out += ["```", "", f"`povkg query {q.name} --help` prints its parameters and columns."]
    return "\n".join(out) + "\n"


def display_width(text: str) -> int:
    """Columns ``text`` takes in a terminal: wide and full-width characters count two.

    Examples
    --------
    >>> display_width("光山县"), display_width("Guangshan")
    (6, 9)
    """
    width = 0
    for ch in text:
        if unicodedata.combining(ch):
            continue
        width += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return width


def _truncate(text: str, width: int) -> str:
    if display_width(text) <= width:
        return text
    out, used = [], 0
    for ch in text:
        w = display_width(ch)
        if used + w > width - 1:
            break
        out.append(ch)
        used += w
    return "".join(out) + "…"


def _pad(text: str, width: int, right: bool = False) -> str:
    gap = " " * max(0, width - display_width(text))
    return gap + text if right else text + gap


def _unknown_param_message(query: NamedQuery, name: str) -> str:
    takes = ", ".join(query.param_names) or "no parameters"
    near = difflib.get_close_matches(name, query.param_names, n=1, cutoff=0.5)
    hint = f"; did you mean '{near[0]}'?" if near else ""
    return f"unknown parameter '{name}' for query '{query.name}' (it takes: {takes}){hint}"


def text_table(header: Sequence[str], rows: Sequence[Sequence[str]], max_width: int | None = 60) -> str:
    """Plain text cells as an aligned table (CJK characters count two columns).

    Examples
    --------
    >>> print(text_table(["a", "b"], [["光山", "x"]], max_width=None))
    a     b
    ----  -
    光山  x
    """
    cells = [list(header)] + [[_truncate(c, max_width) if max_width else c for c in r] for r in rows]
    widths = [max(display_width(row[i]) for row in cells) for i in range(len(header))]
    out = []
    for n, row in enumerate(cells):
        out.append("  ".join(_pad(c, widths[i]) for i, c in enumerate(row)).rstrip())
        if n == 0:
            out.append("  ".join("-" * w for w in widths).rstrip())
    return "\n".join(out)
