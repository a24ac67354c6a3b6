"""What ``povkg serve`` says about itself: its SPARQL 1.1 service description and its query page.

:func:`service_description` is the RDF a client gets from the endpoint's URL without a
query (``GET /query``): an ``sd:Service`` with its endpoint, query language, result formats
and the union default graph; the predefined prefixes as SHACL prefix declarations
(``sh:declare``, which query editors read); and every named query as an
``sh:SPARQLSelectExecutable`` with its question in Chinese and English.

:func:`query_page` is the page at ``/``: a form with the named queries as examples, that
sends the query to ``/query`` and shows the rows as a table. It is one self-contained HTML
file (no scripts or styles from elsewhere), so it works offline.

Examples
--------
>>> g = service_description("http://127.0.0.1:7878/query")
>>> from rdflib import URIRef
>>> (URIRef("http://127.0.0.1:7878/query#service"), None, None) in g
True
>>> "<form" in query_page() and "co-hosts" in query_page()
True
"""

from __future__ import annotations

import html
import json
from functools import lru_cache

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SH, XSD

from kg.prefixes import PREFIXES

__all__ = ["service_description", "query_page", "RESULT_FORMATS"]

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
FORMATS = Namespace("http://www.w3.org/ns/formats/")

#: the result formats the endpoint writes (W3C format IRIs)
RESULT_FORMATS = (
    "SPARQL_Results_JSON",
    "SPARQL_Results_XML",
    "SPARQL_Results_CSV",
    "SPARQL_Results_TSV",
    "N-Triples",
    "N-Quads",
    "Turtle",
    "TriG",
    "JSON-LD",
    "RDF_XML",
)


def service_description(endpoint: str) -> Graph:
    """The SPARQL 1.1 Service Description of the endpoint at ``endpoint`` (its ``/query`` URL).

    Parameters
    ----------
    endpoint : str
        The query URL as the client reached it.

    Returns
    -------
    rdflib.Graph
    """
    from kg.query import list_queries, live_query

    g = Graph()
    for p, ns in {**PREFIXES, "sd": str(SD), "sh": str(SH), "formats": str(FORMATS)}.items():
        g.bind(p, ns)
    service = URIRef(endpoint + "#service")
    g.add((service, RDF.type, SD.Service))
    g.add((service, SD.endpoint, URIRef(endpoint)))
    g.add((service, SD.supportedLanguage, SD.SPARQL11Query))
    g.add((service, SD.feature, SD.UnionDefaultGraph))
    for name in RESULT_FORMATS:
        g.add((service, SD.resultFormat, FORMATS[name]))
    dataset = BNode("dataset")
    default = BNode("default")
    g.add((service, SD.defaultDataset, dataset))
    g.add((dataset, RDF.type, SD.Dataset))
    g.add((dataset, SD.defaultGraph, default))
    g.add((default, RDF.type, SD.Graph))
    g.add((service, RDFS.label, Literal("povkg read-only SPARQL endpoint", lang="en")))
    g.add((service, RDFS.comment, Literal(
        "The default graph is the union of the named graphs (one per report, plus the reference "
        "graphs). The prefixes declared here may be used without PREFIX lines.", lang="en")))
    prefixes = URIRef(endpoint + "#prefixes")
    g.add((service, SH.declare, prefixes))  # where a query editor finds them
    for p, ns in PREFIXES.items():
        decl = BNode(f"prefix-{p}")
        g.add((prefixes, SH.declare, decl))
        g.add((decl, SH.prefix, Literal(p)))
        g.add((decl, SH.namespace, Literal(ns, datatype=XSD.anyURI)))
    for q in list_queries():
        node = URIRef(f"{endpoint}#{q.name}")
        g.add((service, DCTERMS.hasPart, node))
        g.add((node, RDF.type, SH.SPARQLSelectExecutable))
        g.add((node, RDFS.label, Literal(q.name)))
        g.add((node, DCTERMS.title, Literal(q.title_zh, lang="zh-Hans")))
        g.add((node, DCTERMS.title, Literal(q.title_en, lang="en")))
        g.add((node, RDFS.comment, Literal(q.row_doc, lang="en")))
        g.add((node, SH.select, Literal((live_query(q) or q).text)))  # runs on any store
        g.add((node, SH.prefixes, prefixes))
    return g


_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>povkg SPARQL endpoint</title>
<style>
body{font:15px/1.45 system-ui,"Noto Sans CJK SC",sans-serif;margin:1.5em auto;max-width:72em;padding:0 1em;color:#222}
textarea{width:100%;height:16em;font:13px/1.4 ui-monospace,monospace;box-sizing:border-box}
select,button{font:inherit;margin:.3em .3em .3em 0}
table{border-collapse:collapse;margin-top:1em;font-size:13px}
th,td{border:1px solid #ccc;padding:.2em .5em;text-align:left;vertical-align:top}
th{background:#f3f3f3}
#status{color:#555;margin-left:.5em}
.error{color:#a00}
code{background:#f3f3f3;padding:0 .2em}
</style></head><body>
<h1>povkg · read-only SPARQL endpoint</h1>
<p>Queries go to <code>/query</code> (SPARQL 1.1 Protocol; <code>GET /query</code> without a query gives the
service description). The default graph is the union of the named graphs; the prefixes
<code>__PREFIXES__</code> are predefined. __LIMITS__</p>
<form id="form" method="get" action="query">
<label>Example: <select id="example"><option value="">— a named query —</option>__OPTIONS__</select></label>
<textarea id="query" name="query" spellcheck="false">SELECT ?policy ?label WHERE { ?policy a pov:Policy ; rdfs:label ?label . FILTER(langMatches(lang(?label), "zh")) } ORDER BY ?policy LIMIT 20</textarea>
<button type="submit">Run</button><span id="status"></span>
</form>
<div id="out"></div>
<script type="application/json" id="queries">__QUERIES__</script>
<script>
(function () {
  var queries = JSON.parse(document.getElementById("queries").textContent);
  var box = document.getElementById("query"), out = document.getElementById("out");
  var status = document.getElementById("status");
  document.getElementById("example").addEventListener("change", function (ev) {
    var q = queries[ev.target.value];
    if (q) { box.value = q.text; }
  });
  function cell(term) {
    if (!term) { return ""; }
    return term.value + (term["xml:lang"] ? "@" + term["xml:lang"] : "");
  }
  function show(doc) {
    out.textContent = "";
    if (typeof doc.boolean === "boolean") { out.textContent = String(doc.boolean); return; }
    var vars = doc.head.vars, rows = doc.results.bindings;
    var table = document.createElement("table"), head = table.insertRow();
    vars.forEach(function (v) { var th = document.createElement("th"); th.textContent = v; head.appendChild(th); });
    rows.forEach(function (b) {
      var tr = table.insertRow();
      vars.forEach(function (v) { tr.insertCell().textContent = cell(b[v]); });
    });
    out.appendChild(table);
    status.textContent = rows.length + (rows.length === 1 ? " row" : " rows");
  }
  document.getElementById("form").addEventListener("submit", function (ev) {
    ev.preventDefault();
    status.textContent = "running…";
    var xhr = new XMLHttpRequest();
    xhr.open("POST", "query");
    xhr.setRequestHeader("Content-Type", "application/sparql-query; charset=utf-8");
    xhr.setRequestHeader("Accept", "application/sparql-results+json");
    xhr.onload = function () {
      if (xhr.status === 200 && /json/.test(xhr.getResponseHeader("Content-Type") || "")) {
        show(JSON.parse(xhr.responseText));
      } else {
        out.textContent = "";
        var p = document.createElement("p"); p.className = "error";
        p.textContent = xhr.status + ": " + xhr.responseText; out.appendChild(p);
        status.textContent = "";
      }
    };
    xhr.onerror = function () { status.textContent = "the endpoint did not answer"; };
    xhr.send(box.value);
  });
})();
</script>
</body></html>
"""


@lru_cache(maxsize=4)
def query_page(limits: str = "") -> str:
    """The offline query page served at ``/`` (one HTML file; scripts and styles inline).

    Parameters
    ----------
    limits : str
        A sentence about the server's limits, shown under the title.
    """
    from kg.query import list_queries, live_query

    # the live form of a query that reads build-time summaries: a page's examples run on any store
    queries = {q.name: {"title_zh": q.title_zh, "title_en": q.title_en, "text": (live_query(q) or q).text}
               for q in list_queries()}
    options = "".join(
        f'<option value="{html.escape(q)}">{html.escape(q)} — {html.escape(v["title_zh"])} {html.escape(v["title_en"])}</option>'
        for q, v in queries.items()
    )
    data = json.dumps(queries, ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e")
    return (
        _PAGE.replace("__OPTIONS__", options)
        .replace("__QUERIES__", data)
        .replace("__PREFIXES__", html.escape(" ".join(f"{p}:" for p in PREFIXES)))
        .replace("__LIMITS__", html.escape(limits))
    )
