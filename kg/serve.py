"""``povkg serve``: the store as a guarded, read-only SPARQL 1.1 Protocol endpoint.

Queries arrive as ``GET /query?query=…``, ``POST`` form (``query=…``) or ``POST``
``application/sparql-query``, and each runs in one of a few worker processes
(:class:`kg.guard.GuardedStore`) that open the store read-only:

* a query past ``timeout`` seconds is stopped (its worker is killed and replaced): 503;
* a query giving more than ``max_rows`` rows or triples is stopped: 503;
* ``SERVICE`` (a call to another host) is refused: 403; so are updates, ``LOAD`` and Graph
  Store writes: 403;
* malformed SPARQL: 400.

Results come in the W3C formats the client's ``Accept`` header asks for: SPARQL JSON (the
default), XML, CSV and TSV for SELECT and ASK; N-Triples (the default), Turtle, N-Quads,
TriG, RDF/XML and JSON-LD for CONSTRUCT and DESCRIBE; an ``Accept`` that allows none of them
gets 406, and every answer says ``Vary: Accept``. The default graph is the union of the
named graphs, as for every povkg store, and the prefixes of :mod:`kg.prefixes` are
predefined. ``GET /query`` without a query gives the SPARQL 1.1 service description; ``GET /``
with ``Accept: text/html`` an offline query page (:mod:`kg.serve_pages`).
"""

from __future__ import annotations

import json
import queue
import re
import socket
import sys
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape as xml_escape
from xml.sax.saxutils import quoteattr

from rdflib import BNode, Graph, Literal, URIRef

from kg.errors import KgError, QueryError, QueryTimeout, ResultTooLarge, StoreError, WorkerLost
from kg.guard import GuardedStore, check_limits
from kg.query import UNSAFE_CHARS, Results
from kg.store import OxigraphStore, query_form, refuse_federation

__all__ = ["SparqlServer", "results_xml", "MAX_QUERY_BYTES"]

_UNSAFE_RE = re.compile(f"[{UNSAFE_CHARS}]")

#: Longest query text accepted (bytes); longer requests get 413.
MAX_QUERY_BYTES = 1_000_000

#: Seconds a client may keep a connection silent (while sending its request, or between
#: requests) before it is closed: slow or idle clients do not hold a thread for ever.
READ_TIMEOUT_S = 20.0

_SELECT_TYPES = {
    "application/sparql-results+json": "json",
    "application/json": "json",
    "application/sparql-results+xml": "xml",
    "application/xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
}
_GRAPH_TYPES = {
    "application/n-triples": "nt",
    "text/turtle": "turtle",
    "application/n-quads": "nquads",
    "application/trig": "trig",
    "application/rdf+xml": "xml",
    "application/ld+json": "json-ld",
    "text/plain": "nt",
}


def _negotiate(accept: str, offers: dict[str, str], default: str) -> tuple[str, str] | None:
    """The first offered media type the Accept header allows (by q, then order); None if none.

    ``*/*`` gives the default; ``type/*`` the first offer of that type (the default if it is
    one). An Accept header that allows nothing offered gets None (the caller answers 406).
    """
    ranked: list[tuple[float, int, str]] = []
    for n, part in enumerate(accept.split(",")):
        media, *params = (p.strip() for p in part.split(";"))
        q = 1.0
        for p in params:
            if p.startswith("q="):
                try:
                    q = float(p[2:])
                except ValueError:
                    q = 0.0
        if media and q > 0:
            ranked.append((-q, n, media.lower()))
    if not ranked:
        return (default, offers[default]) if not accept.strip() else None
    for _, _, media in sorted(ranked):
        if media in offers:
            return media, offers[media]
        if media == "*/*":
            return default, offers[default]
        if media.endswith("/*"):
            major = media[:-1]
            if default.startswith(major):
                return default, offers[default]
            for offer in offers:
                if offer.startswith(major):
                    return offer, offers[offer]
    return None


def _xml_text(text: str) -> str:
    """Escaped XML text; control and bidi characters as character references (XML 1.0
    cannot hold C0 controls at all: those are written as ``\\uXXXX`` text)."""

    def ref(m: re.Match[str]) -> str:
        c = m.group()
        return f"\\u{ord(c):04X}" if ord(c) < 0x20 else f"&#x{ord(c):X};"

    return _UNSAFE_RE.sub(ref, xml_escape(text))


def results_xml(res: Results | bool) -> str:
    """SPARQL Query Results XML for rows or a boolean.

    Examples
    --------
    >>> print(results_xml(Results(["x"], [[Literal("<b>光山</b>", lang="zh")]])))  # doctest: +ELLIPSIS
    <?xml version="1.0"?>
    <sparql xmlns="http://www.w3.org/2005/sparql-results#"><head><variable name="x"/></head><results><result><binding name="x"><literal xml:lang="zh">&lt;b&gt;光山&lt;/b&gt;</literal></binding></result></results></sparql>
    """
    out = ['<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">']
    if isinstance(res, bool):
        out.append(f"<head/><boolean>{'true' if res else 'false'}</boolean></sparql>")
        return "".join(out)
    out.append("<head>" + "".join(f"<variable name={quoteattr(v)}/>" for v in res.vars) + "</head><results>")
    for row in res:
        out.append("<result>")
        for name, t in zip(res.vars, row.terms, strict=True):
            if t is None:
                continue
            if isinstance(t, URIRef):
                body = f"<uri>{_xml_text(str(t))}</uri>"
            elif isinstance(t, BNode):
                body = f"<bnode>{_xml_text(str(t))}</bnode>"
            else:
                assert isinstance(t, Literal)
                attr = ""
                if t.language:
                    attr = f" xml:lang={quoteattr(t.language)}"
                elif t.datatype is not None:
                    attr = f" datatype={quoteattr(str(t.datatype))}"
                body = f"<literal{attr}>{_xml_text(str(t))}</literal>"
            out.append(f"<binding name={quoteattr(name)}>{body}</binding>")
        out.append("</result>")
    out.append("</results></sparql>")
    return "".join(out)


class SparqlServer(ThreadingHTTPServer):
    """The HTTP server; ``workers`` guarded query processes share the requests.

    Parameters
    ----------
    address : (host, port)
    store_path : Path
        An Oxigraph store folder (opened read-only by each worker).
    timeout : float
        Seconds a query may run.
    max_rows : int
        Rows or triples a query may give.
    workers : int
        Queries that run at once; more wait for a free worker (up to ``timeout``).
    cors : bool
        Send ``Access-Control-Allow-Origin: *``.
    max_memory : int, optional
        Bytes each worker may allocate beyond the open store; a query past it fails (503).
    read_timeout : float
        Seconds a connection may stay silent before it is closed.
    """

    daemon_threads = True

    def __init__(
        self,
        address: tuple[str, int],
        store_path: Path,
        *,
        timeout: float = 30.0,
        max_rows: int = 100_000,
        workers: int = 2,
        cors: bool = False,
        max_memory: int | None = None,
        read_timeout: float = READ_TIMEOUT_S,
    ) -> None:
        check_limits(timeout, max_rows)
        self.read_timeout = read_timeout
        self.store = OxigraphStore(store_path, read_only=True)
        self.timeout = timeout
        self.max_rows = max_rows
        self.cors = cors
        self.pool: queue.Queue[GuardedStore] = queue.Queue()
        self.readers = [
            GuardedStore(self.store, timeout=timeout, max_rows=max_rows, max_memory=max_memory)
            for _ in range(workers)
        ]
        for r in self.readers:
            r.ask("ASK { }")  # start the worker now: errors show at start, not at the first query
            self.pool.put(r)
        if ":" in address[0]:
            self.address_family = socket.AF_INET6
        super().__init__(address, _Handler)

    @contextmanager
    def reader(self) -> Iterator[GuardedStore]:
        """A free worker for one query."""
        try:
            r = self.pool.get(timeout=self.timeout)
        except queue.Empty:
            raise QueryTimeout(
                f"all {len(self.readers)} query workers stayed busy for {self.timeout:g} s"
            ) from None
        try:
            yield r
        finally:
            self.pool.put(r)

    def server_close(self) -> None:
        super().server_close()
        for r in self.readers:
            r.close()


class _Handler(BaseHTTPRequestHandler):
    server: SparqlServer
    server_version = "povkg"
    protocol_version = "HTTP/1.1"
    timeout = READ_TIMEOUT_S  # the socket's timeout (socketserver.StreamRequestHandler)

    def setup(self) -> None:
        self.timeout = self.server.read_timeout
        super().setup()

    # --- plumbing ------------------------------------------------------------------------
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base class's name
        sys.stderr.write(f"{self.address_string()} {format % args}\n")

    def _send(self, status: int, body: bytes | str, ctype: str = "text/plain; charset=utf-8") -> None:
        data = body.encode("utf-8") if isinstance(body, str) else body
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Vary", "Accept")  # the answer depends on it (content negotiation)
        if self.server.cors:
            self.send_header("Access-Control-Allow-Origin", "*")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    def _fail(self, status: HTTPStatus, message: str) -> None:
        self._send(status, message.splitlines()[0] + "\n" if message else status.phrase + "\n")

    def _refuse_write(self) -> None:
        self._fail(
            HTTPStatus.FORBIDDEN, "this endpoint is read-only: updates and Graph Store writes are refused"
        )

    # --- methods ---------------------------------------------------------------------------
    def do_OPTIONS(self) -> None:  # noqa: N802 - the base class's naming
        self.send_response(HTTPStatus.NO_CONTENT)
        if self.server.cors:
            self.send_header("Access-Control-Allow-Origin", "*")
            self.send_header("Access-Control-Allow-Methods", "GET, POST, OPTIONS")
            self.send_header("Access-Control-Allow-Headers", "Content-Type, Accept")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_GET(self) -> None:  # noqa: N802
        url = urllib.parse.urlsplit(self.path)
        limits = (
            f"Limits: {self.server.timeout:g} s and {self.server.max_rows:,} rows per query; "
            "SERVICE and updates are refused."
        )
        if url.path in ("/", ""):
            from kg.serve_pages import query_page

            if _negotiate(self.headers.get("Accept") or "*/*", {"text/html": "html"}, "text/html") is None:
                self._send(
                    HTTPStatus.OK,
                    f"povkg read-only SPARQL endpoint: GET or POST /query (SPARQL 1.1 Protocol).\n{limits}\n",
                )
            else:
                self._send(HTTPStatus.OK, query_page(limits), "text/html; charset=utf-8")
            return
        if url.path != "/query":
            self._fail(HTTPStatus.NOT_FOUND, f"no such resource: {url.path} (queries go to /query)")
            return
        params = urllib.parse.parse_qs(url.query, keep_blank_values=True)
        if not params.keys() & {"query", "update"}:
            self._describe()
            return
        self._query(params)

    def _describe(self) -> None:
        """The SPARQL 1.1 service description (the endpoint's URL without a query)."""
        from kg.serve_pages import service_description

        chosen = _negotiate(self.headers.get("Accept") or "*/*", _GRAPH_TYPES, "text/turtle")
        if chosen is None:
            self._not_acceptable(_GRAPH_TYPES)
            return
        host = self.headers.get("Host") or f"{self.server.server_address[0]}:{self.server.server_address[1]}"
        g = service_description(f"http://{host}/query")
        ctype, fmt = chosen
        self._send(HTTPStatus.OK, _graph(g, fmt), ctype + "; charset=utf-8")

    def _not_acceptable(self, offers: dict[str, str]) -> None:
        self._fail(
            HTTPStatus.NOT_ACCEPTABLE,
            f"cannot answer with {self.headers.get('Accept')!r}: this query's answer comes as "
            + ", ".join(o for o in offers if o != "text/plain"),
        )

    do_HEAD = do_GET  # noqa: N815

    def do_POST(self) -> None:  # noqa: N802
        url = urllib.parse.urlsplit(self.path)
        raw_length = (self.headers.get("Content-Length") or "0").strip()
        if not raw_length.isascii() or not raw_length.isdigit():
            self.close_connection = True  # the body's end is unknown: the connection cannot be reused
            self._fail(HTTPStatus.BAD_REQUEST, f"malformed Content-Length header: {raw_length[:40]!r}")
            return
        length = int(raw_length)
        if length > MAX_QUERY_BYTES:
            self.close_connection = True
            self._fail(
                HTTPStatus.REQUEST_ENTITY_TOO_LARGE, f"a query may have at most {MAX_QUERY_BYTES:,} bytes"
            )
            return
        body = self.rfile.read(length) if length > 0 else b""
        if len(body) < length:  # the client closed or went silent mid-body
            self.close_connection = True
            self._fail(HTTPStatus.BAD_REQUEST, "the request body is shorter than its Content-Length")
            return
        if url.path in ("/update", "/store"):
            self._refuse_write()
            return
        if url.path != "/query":
            self._fail(HTTPStatus.NOT_FOUND, f"no such resource: {url.path} (queries go to /query)")
            return
        ctype = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        params = urllib.parse.parse_qs(url.query, keep_blank_values=True)
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            self._fail(HTTPStatus.BAD_REQUEST, "the request body is not UTF-8")
            return
        if ctype == "application/sparql-query":
            params["query"] = [text]
        elif ctype == "application/x-www-form-urlencoded":
            for k, v in urllib.parse.parse_qs(text, keep_blank_values=True).items():
                params.setdefault(k, []).extend(v)
        elif ctype == "application/sparql-update":
            self._refuse_write()
            return
        else:
            self._fail(HTTPStatus.UNSUPPORTED_MEDIA_TYPE, f"unsupported Content-Type {ctype!r}")
            return
        self._query(params)

    def do_PUT(self) -> None:  # noqa: N802
        self._refuse_write()

    do_DELETE = do_PATCH = do_PUT  # noqa: N815

    # --- the query ---------------------------------------------------------------------------
    def _query(self, params: dict[str, list[str]]) -> None:
        if "update" in params:
            self._refuse_write()
            return
        if params.keys() & {"default-graph-uri", "named-graph-uri"}:
            self._fail(HTTPStatus.BAD_REQUEST, "default-graph-uri and named-graph-uri are not supported")
            return
        texts = params.get("query", [])
        if len(texts) != 1:
            self._fail(HTTPStatus.BAD_REQUEST, "give exactly one query parameter")
            return
        text = texts[0]
        try:
            form = query_form(text)
        except QueryError as exc:
            self._fail(HTTPStatus.BAD_REQUEST, str(exc))
            return
        if form == "UPDATE":
            self._refuse_write()
            return
        try:
            refuse_federation(text)
        except QueryError as exc:
            self._fail(HTTPStatus.FORBIDDEN, str(exc))
            return
        accept = self.headers.get("Accept") or "*/*"
        offers = _SELECT_TYPES if form in ("SELECT", "ASK") else _GRAPH_TYPES
        chosen = _negotiate(
            accept, offers, "application/sparql-results+json" if offers is _SELECT_TYPES else "application/n-triples"
        )
        if chosen is None:
            self._not_acceptable(offers)
            return
        ctype, fmt = chosen
        try:
            with self.server.reader() as r:
                if form == "SELECT":
                    body = _rows(r.select(text), fmt)
                elif form == "ASK":
                    body = _boolean(r.ask(text), fmt)
                else:
                    body = _graph(r.construct(text), fmt)
        except (QueryTimeout, ResultTooLarge, WorkerLost) as exc:
            self._fail(HTTPStatus.SERVICE_UNAVAILABLE, str(exc))
            return
        except StoreError as exc:
            self._fail(HTTPStatus.INTERNAL_SERVER_ERROR, str(exc))
            return
        except KgError as exc:
            self._fail(HTTPStatus.BAD_REQUEST, str(exc))
            return
        charset = "" if ctype.endswith("json") else "; charset=utf-8"
        self._send(HTTPStatus.OK, body, ctype + charset)


def _rows(res: Results, fmt: str) -> str:
    if fmt == "xml":
        return results_xml(res)
    if fmt == "csv":
        return res.to_csv()
    if fmt == "tsv":
        return res.to_tsv()
    return res.to_json()


def _boolean(answer: bool, fmt: str) -> str:
    if fmt == "xml":
        return results_xml(answer)
    if fmt in ("csv", "tsv"):
        return "true\n" if answer else "false\n"
    return json.dumps({"head": {}, "boolean": answer})


def _graph(g: Graph, fmt: str) -> str:
    if fmt in ("nt", "nquads"):  # the triples of the default graph are N-Quads lines as they are
        return "".join(sorted(g.serialize(format="nt").splitlines(keepends=True)))
    from kg.prefixes import PREFIXES

    for p, ns in PREFIXES.items():
        g.bind(p, ns, replace=True)
    if fmt == "trig":  # a Turtle document is TriG of the default graph
        return g.serialize(format="turtle")
    return g.serialize(format=fmt)
