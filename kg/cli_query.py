"""``povkg query``, ``povkg sparql``, ``povkg lookup``, ``povkg serve`` and ``povkg push``.

Thin calls into :mod:`kg.query`, :mod:`kg.store` and :mod:`kg.api`. Data goes to stdout,
messages to stderr; errors are :mod:`kg.errors` exceptions, which :func:`kg.cli.main` turns
into one line on stderr and an exit code (2 usage, 3 bad input or unreachable store).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from kg.cli import cli
from kg.errors import InputError, StoreError, UsageError

if TYPE_CHECKING:  # pragma: no cover - rdflib is imported when a query runs, not at start-up
    from rdflib.term import Identifier

__all__ = ["query_cmd", "prefixes_cmd", "query_help", "query_columns", "sparql_cmd", "lookup_cmd", "serve_cmd", "push_cmd"]

ROW_FORMATS = ("table", "csv", "tsv", "json")
GRAPH_FORMATS = ("ttl", "nt", "jsonld")


def _store_options(fn: Any) -> Any:
    fn = click.option(
        "--endpoint", metavar="URL", default=None, help="A SPARQL 1.1 endpoint instead of a local store."
    )(fn)
    fn = click.option(
        "--store",
        type=click.Path(path_type=Path),
        default=None,
        help="Store folder or RDF file (default: $POVKG_STORE or ./out/store).",
    )(fn)
    return fn


def _limit_options(fn: Any) -> Any:
    fn = click.option(
        "--max-rows",
        type=click.IntRange(1),
        default=None,
        metavar="N",
        help="Stop a query that gives more than N rows (or triples); exit 3.",
    )(fn)
    fn = click.option(
        "--timeout",
        type=click.FloatRange(0, min_open=True),
        default=None,
        metavar="SECONDS",
        help="Stop a query that runs longer; exit 3.",
    )(fn)
    return fn


def _open(
    store: Path | None, endpoint: str | None, timeout: float | None = None, max_rows: int | None = None
) -> Any:
    from kg.store import open_store

    st = open_store(store, endpoint, read_only=True)
    if timeout is None and max_rows is None:
        return st
    from kg.guard import GuardedStore

    guarded = GuardedStore(st, timeout=timeout, max_rows=max_rows)
    click.get_current_context().call_on_close(guarded.close)
    return guarded


def _parse_params(pairs: tuple[str, ...]) -> dict[str, str]:
    out: dict[str, str] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise UsageError(f"-p takes NAME=VALUE, not {pair!r}")
        out[name.strip()] = value
    return out


def _echo_results(res: Any, fmt: str) -> None:
    if fmt == "csv":
        click.echo(res.to_csv(), nl=False)
    elif fmt == "tsv":
        click.echo(res.to_tsv(), nl=False)
    elif fmt == "json":
        click.echo(res.to_json(indent=1))
    else:
        click.echo(res.to_table())
        click.echo(f"({len(res)} row{'s' if len(res) != 1 else ''})", err=True)


# ------------------------------------------------------------------------------------------
# query
# ------------------------------------------------------------------------------------------


def query_columns(q: Any) -> list[str]:
    """The columns a named query gives (its outer projection), in order.

    Examples
    --------
    >>> from kg.query import get_query
    >>> query_columns(get_query("co-hosts"))[:3]
    ['a', 'aZh', 'aEn']
    """
    from rdflib.plugins.sparql import prepareQuery

    from kg.prefixes import PREFIXES

    try:
        parsed = prepareQuery(q.text, initNs=PREFIXES)
    except Exception:  # pragma: no cover - the library's queries parse (a test runs them all)
        return []
    return [str(v) for v in parsed.algebra.get("PV", [])]


def query_help(q: Any) -> str:
    """What ``povkg query NAME --help`` prints: the question, parameters with examples, columns."""
    lines = [f"Usage: povkg query {q.name} [-p NAME=VALUE]... [--format table|csv|tsv|json]", ""]
    lines += [f"  问题: {q.title_zh}", f"  Question: {q.title_en}", ""]
    if q.params:
        lines.append("Parameters:")
        width = max(len(p.name) for p in q.params)
        for p in q.params:
            need = "required" if p.required else (f"default {p.default}" if p.default else "optional")
            lines.append(f"  {p.name:<{width}}  {p.type}, {need}: {p.doc}")
            if p.example:
                lines.append(f"  {'':<{width}}  e.g. -p {p.name}={p.example}")
        lines.append("")
    else:
        lines += ["Parameters: none", ""]
    cols = query_columns(q)
    lines += ["Columns:", "  " + " ".join(cols), "", f"Row: {q.row_doc}", ""]
    example = " ".join(f"-p {p.name}={p.example}" for p in q.params if p.required and p.example)
    lines += ["Example:", f"  povkg query {q.name}{' ' + example if example else ''}"]
    lines += ["", "Options: --store PATH, --endpoint URL, --timeout SECONDS, --max-rows N (povkg query --help)"]
    return "\n".join(lines)


@cli.command("query", add_help_option=False)
@click.argument("name", required=False)
@click.option(
    "-p", "--param", "params", multiple=True, metavar="NAME=VALUE", help="A parameter (repeatable)."
)
@_store_options
@click.option("--format", "fmt", type=click.Choice(ROW_FORMATS), default="table", show_default=True)
@click.option("--list", "list_", is_flag=True, help="List the named queries.")
@click.option("--limit", type=click.IntRange(0), default=None, metavar="N", help="Only N rows (one page).")
@click.option(
    "--offset", type=click.IntRange(0), default=0, metavar="N", help="Skip the first N rows (with --limit: a later page)."
)
@_limit_options
@click.option(
    "-h", "--help", "help_", is_flag=True, help="Show this message; with a NAME, that query's question, parameters and columns."
)
def query_cmd(
    name: str | None,
    params: tuple[str, ...],
    store: Path | None,
    endpoint: str | None,
    fmt: str,
    list_: bool,
    limit: int | None,
    offset: int,
    timeout: float | None,
    max_rows: int | None,
    help_: bool,
) -> int:
    """Run a named query (see --list) with -p NAME=VALUE parameters.

    An IRI parameter may be given as a label, short form or code: -p policy=网络扶贫行动计划,
    -p place=411522, -p place=河南省. 'povkg query NAME --help' shows one query's question,
    parameters with examples, and columns.
    """
    from kg.library import get_query, list_queries

    if help_:
        if name:
            click.echo(query_help(get_query(name)))
        else:
            click.echo(click.get_current_context().get_help())
        return 0
    if list_:
        if name:
            raise UsageError("give a query name or --list, not both")
        queries = list_queries()
        if fmt == "json":
            data = [
                {
                    "name": q.name,
                    "title_zh": q.title_zh,
                    "title_en": q.title_en,
                    "params": [
                        {"name": p.name, "type": p.type, "required": p.required, "example": p.example}
                        for p in q.params
                    ],
                }
                for q in queries
            ]
            click.echo(json.dumps(data, ensure_ascii=False, indent=1))
        elif fmt == "table":
            from kg.library import text_table

            rows = [
                [q.name, q.title_zh, q.title_en, " ".join((p.name if p.required else f"[{p.name}]") for p in q.params)]
                for q in queries
            ]
            click.echo(text_table(["name", "问题", "question", "params"], rows, max_width=70))
        else:
            raise UsageError("--list prints --format table or json")
        return 0
    if not name:
        raise UsageError("give a query name (povkg query --list shows them)")
    q = get_query(name)
    bound = _parse_params(params)
    for p in bound:  # unknown names fail before the store is opened
        q.param(p)
    from kg.query import run_query

    st = _open(store, endpoint, timeout, max_rows)
    _echo_results(run_query(st, q, bound, limit=limit, offset=offset or None), fmt)
    return 0


# ------------------------------------------------------------------------------------------
# prefixes
# ------------------------------------------------------------------------------------------


@cli.command("prefixes")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "sparql", "turtle", "json"]),
    default="table",
    show_default=True,
    help="A table, PREFIX lines for a query, @prefix lines for Turtle, or JSON.",
)
def prefixes_cmd(fmt: str) -> int:
    """List the prefixes every query may use without declaring them (pov:, id:, rdfs:, skos: …).

    They are predefined in povkg query and sparql, in the Python API and in povkg serve;
    TriG and Turtle exports are written with them.
    """
    from kg.prefixes import PREFIXES

    if fmt == "json":
        click.echo(json.dumps(PREFIXES, indent=1))
    elif fmt == "sparql":
        click.echo("".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items()), nl=False)
    elif fmt == "turtle":
        click.echo("".join(f"@prefix {p}: <{ns}> .\n" for p, ns in PREFIXES.items()), nl=False)
    else:
        width = max(len(p) for p in PREFIXES) + 1
        click.echo("\n".join(f"{p + ':':<{width}}  {ns}" for p, ns in PREFIXES.items()))
    return 0


# ------------------------------------------------------------------------------------------
# sparql
# ------------------------------------------------------------------------------------------


def _binding_term(value: str) -> Identifier:
    from rdflib import Literal

    from kg.query import _check_iri

    text = value.strip()
    if text.startswith("<") and text.endswith(">"):
        return _check_iri(text[1:-1])
    if text.startswith(("http://", "https://", "urn:")):
        return _check_iri(text)
    return Literal(value)


@cli.command("sparql")
@click.argument("text", required=False)
@click.option(
    "-f",
    "--file",
    "file",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Read the query from a file.",
)
@click.option(
    "-p", "--param", "params", multiple=True, metavar="NAME=VALUE", help="Bind ?NAME (IRIs as http…)."
)
@_store_options
@click.option(
    "--format",
    "fmt",
    type=click.Choice(ROW_FORMATS + GRAPH_FORMATS),
    default="table",
    show_default=True,
    help="Rows: table, csv, tsv, json. CONSTRUCT/DESCRIBE: ttl, nt, jsonld.",
)
@_limit_options
def sparql_cmd(
    text: str | None,
    file: Path | None,
    params: tuple[str, ...],
    store: Path | None,
    endpoint: str | None,
    fmt: str,
    timeout: float | None,
    max_rows: int | None,
) -> int:
    """Run a SPARQL query (SELECT, ASK, CONSTRUCT, DESCRIBE) given inline or with -f FILE.

    The default graph is the union of all named graphs. Updates are refused.
    """
    from kg.query import escape_unsafe
    from kg.store import query_form, refuse_federation

    if (text is None) == (file is None):
        raise UsageError("give the query as an argument or with -f FILE (one of them)")
    if file is not None:
        try:
            text = file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(f"{file}: {exc}") from exc
    assert text is not None
    bindings = {k: _binding_term(v) for k, v in _parse_params(params).items()}
    form = query_form(text)
    if form == "UPDATE":
        raise UsageError("povkg sparql runs queries only; updates are refused")
    refuse_federation(text)
    st = _open(store, endpoint, timeout, max_rows)
    if form == "SELECT":
        if fmt in GRAPH_FORMATS:
            raise UsageError(f"a SELECT query prints rows: --format {', '.join(ROW_FORMATS)}")
        _echo_results(st.select(text, bindings), fmt)
    elif form == "ASK":
        answer = st.ask(text, bindings)
        if fmt == "json":
            click.echo(json.dumps({"head": {}, "boolean": answer}))
        else:
            click.echo("true" if answer else "false")
    else:
        g = st.construct(text, bindings)
        from kg.vocab import PREFIXES

        for prefix, ns in PREFIXES.items():
            g.bind(prefix, ns)
        out_fmt = {"nt": "nt", "jsonld": "json-ld", "json": "json-ld"}.get(fmt, "turtle")
        click.echo(escape_unsafe(g.serialize(format=out_fmt)), nl=False)  # \uXXXX: valid in all three
    return 0


# ------------------------------------------------------------------------------------------
# lookup
# ------------------------------------------------------------------------------------------


def _render_card(card: Any) -> str:
    from kg.query import display_width, shorten_iri

    lines = [f"{card.label_zh or ''}  {card.label_en or ''}".rstrip() or shorten_iri(card.iri)]

    def row(key: str, value: str) -> None:
        lines.append(f"  {key}{' ' * max(1, 10 - display_width(key))}{value}")

    row("IRI", card.iri)
    if card.types:
        row("type", ", ".join(card.types))
    if card.alt_labels:
        row("also", "、".join(card.alt_labels))
    if card.codes:
        row("code", ", ".join(card.codes))
    if card.parents:
        chain = [card.label_zh or shorten_iri(card.iri)] + [lab or shorten_iri(i) for i, lab in card.parents]
        row("in", " → ".join(chain))
    for prop, value, label in card.facts:
        shown = f"{label} ({shorten_iri(value)})" if label else shorten_iri(value)
        row(prop, shown)
    sections = (
        ("roles", [f"{d or '-'}  {role}  {lab or shorten_iri(e)}" for d, e, role, lab in card.roles]),
        ("events", [f"{d or '-'}  {lab or shorten_iri(e)}" for e, d, lab in card.events]),
        ("outcomes", [f"{ind or ''} {val} ({area or ''})" for _, ind, val, area in card.outcomes]),
        ("sources", [f"{d or '-'}  {shorten_iri(doc)}: {text[:80]}" for doc, d, text in card.sources]),
    )
    for name, items in sections:
        if items:
            more = card.truncated.get(name)
            lines.append(f"  {name}" + (f" (first {len(items)} of {more})" if more else ""))
            lines.extend(f"    {item}" for item in items)
    return "\n".join(lines)


@cli.command("lookup")
@click.argument("text")
@click.option(
    "--store",
    type=click.Path(path_type=Path),
    default=None,
    help="Store folder or RDF file (default: $POVKG_STORE or ./out/store; the reference graphs if there is none).",
)
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def lookup_cmd(text: str, store: Path | None, fmt: str) -> int:
    """Show what the graph knows about an entity, found by label, short form or code.

    Without a store (no build yet) the reference graphs are used: the gazetteer and the
    catalogues, so `povkg lookup 411522` and `povkg lookup 光山县` both work at once.
    """
    from kg.api import KnowledgeGraph
    from kg.query import escape_unsafe
    from kg.resources import default_store

    path = store or default_store()
    if path.exists():
        kg = KnowledgeGraph.open(path)
    else:
        if store is not None:
            click.echo(f"povkg: no store at {path}: looking in the reference graphs", err=True)
        kg = KnowledgeGraph.reference()
    cards = kg.lookup(text)
    if not cards:
        hits = [h for h in kg.search(text)[:5]] if text.strip() else []
        hint = "; similar: " + ", ".join(f"{h.label or h.matched}" for h in hits) if hits else ""
        click.echo(f"povkg: nothing is called {text!r}{hint}", err=True)
        return 1
    if fmt == "json":
        click.echo(escape_unsafe(json.dumps([c.to_dict() for c in cards], ensure_ascii=False, indent=1)))
    else:
        click.echo(escape_unsafe("\n\n".join(_render_card(c) for c in cards)))
    return 0


# ------------------------------------------------------------------------------------------
# serve and push
# ------------------------------------------------------------------------------------------


@cli.command("serve")
@click.option(
    "--store",
    type=click.Path(path_type=Path),
    default=None,
    help="Store folder (default: $POVKG_STORE or ./out/store).",
)
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=click.IntRange(1, 65535), default=7878, show_default=True)
@click.option(
    "--timeout",
    type=click.FloatRange(0, min_open=True),
    default=30.0,
    show_default=True,
    metavar="SECONDS",
    help="Stop a query that runs longer (HTTP 503).",
)
@click.option(
    "--max-rows",
    type=click.IntRange(1),
    default=100_000,
    show_default=True,
    metavar="N",
    help="Stop a query that gives more rows or triples (HTTP 503).",
)
@click.option(
    "--workers", type=click.IntRange(1, 32), default=2, show_default=True, help="Queries run at once."
)
@click.option(
    "--worker-memory",
    type=click.IntRange(64),
    default=2048,
    show_default=True,
    metavar="MB",
    help="Memory each query worker may take beyond the open store; past it the query fails (503).",
)
@click.option(
    "--read-timeout",
    type=click.FloatRange(0, min_open=True),
    default=20.0,
    show_default=True,
    metavar="SECONDS",
    help="Close a connection that stays silent this long (slow clients hold no thread).",
)
@click.option("--cors", is_flag=True, help="Allow cross-origin requests (browser query editors).")
def serve_cmd(
    store: Path | None,
    host: str,
    port: int,
    timeout: float,
    max_rows: int,
    workers: int,
    worker_memory: int,
    read_timeout: float,
    cors: bool,
) -> int:
    """Serve the store as a read-only SPARQL 1.1 endpoint at http://HOST:PORT/query.

    Every query runs in a worker process under the timeout and row limit and is stopped
    past them; SERVICE, updates and Graph Store writes are refused (403). The workers open
    the store read-only, as it was when they started: restart after a build to see the new
    data. For a shared, writable store use the Oxigraph server (docs/stores.md).
    """
    import signal

    from kg.resources import default_store
    from kg.serve import SparqlServer

    path = store or default_store()
    if not path.is_dir():
        raise StoreError(f"no store at {path} (run 'povkg build' first)")
    if host not in ("127.0.0.1", "localhost", "::1"):
        click.echo(f"povkg: warning: listening on {host}, not only on this machine", err=True)
    try:
        server = SparqlServer(
            (host, port),
            path,
            timeout=timeout,
            max_rows=max_rows,
            workers=workers,
            cors=cors,
            max_memory=worker_memory << 20,
            read_timeout=read_timeout,
        )
    except OSError as exc:
        raise StoreError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from exc
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    signal.signal(signal.SIGHUP, lambda *_: sys.exit(0))  # the workers die with us in any case
    shown = f"[{host}]" if ":" in host else host
    click.echo(
        f"SPARQL endpoint: http://{shown}:{port}/query (read-only; {timeout:g} s and {max_rows:,} rows "
        "per query; Ctrl-C stops it)",
        err=True,
    )
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


@cli.command("push")
@click.option(
    "--endpoint",
    required=True,
    metavar="URL",
    help="The SPARQL query endpoint, e.g. http://127.0.0.1:7878/query.",
)
@click.option(
    "--graph-store",
    metavar="URL",
    default=None,
    help="Graph Store Protocol URL (default: …/query → …/store).",
)
@click.option(
    "--store", type=click.Path(path_type=Path), default=None, help="Store folder or RDF file to push."
)
@click.option(
    "--batch", type=click.IntRange(1), default=100_000, show_default=True, help="Triples per request at most."
)
@click.option("--force", is_flag=True, help="Send every graph, even those the endpoint already holds.")
@click.option(
    "--mirror", is_flag=True, help="Also delete graphs that exist only on the endpoint (it ends equal to the store)."
)
@click.option(
    "--timeout",
    type=click.FloatRange(0, min_open=True),
    default=600.0,
    show_default=True,
    metavar="SECONDS",
    help="How long one request may take (a server loads a large graph slowly).",
)
def push_cmd(
    endpoint: str,
    graph_store: str | None,
    store: Path | None,
    batch: int,
    force: bool,
    mirror: bool,
    timeout: float,
) -> int:
    """Copy the store to a SPARQL endpoint, one named graph per request (Graph Store Protocol).

    Resumable: graphs the endpoint already holds unchanged (same size and content hash) are
    skipped.
    """
    from kg.progress import progress_bar
    from kg.store import EndpointStore, push

    local = _open(store, None)
    target = EndpointStore(endpoint, graph_store=graph_store, timeout=timeout)
    with progress_bar(len(local.graph_names()), "pushing", "graph") as bar:

        def step(message: str) -> None:
            bar.set_postfix_str(message.split(" ", 1)[0], refresh=False)
            bar.update(1)

        summary = push(local, target, batch, force=force, mirror=mirror, progress=step)
    removed = f", removed {len(summary.removed)} only on the endpoint" if mirror else ""
    click.echo(
        f"pushed {len(summary.pushed)} graphs ({summary.triples} triples, {summary.requests} requests), "
        f"skipped {len(summary.skipped)} already there{removed}",
        err=True,
    )
    return 0
