"""``povkg docs``: the ontology as one readable HTML page, generated from the ontology itself.

Every class, property and named individual of ``pov:`` (the terms ``ontology/*.ttl``
defines) with its labels and definitions in Chinese and English, its place in the class or
property hierarchy, its domain and range, its characteristics, and examples of its use taken
from the reference graphs (the gazetteer and the catalogues) and, when one is given, a built
store. Nothing is written by hand, so the page cannot drift from the ontology. pyLODE was
tried first: the release that installs here (3.4.1) fails at import (it looks for its
``pyproject.toml`` in site-packages), so this small generator does the same job.

The page is self-contained (styles inline, no scripts, nothing fetched), so it works
offline.

Examples
--------
>>> page = ontology_html()
>>> 'id="Policy"' in page and "政策" in page and 'href="#isIssuedBy"' in page
True
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from typing import Any

from rdflib import OWL, RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, SKOS

from kg.prefixes import PREFIXES

__all__ = ["ontology_html", "ONTOLOGY_IRI"]

ONTOLOGY_IRI = URIRef("https://w3id.org/povkg/def")
POV = PREFIXES["pov"]
_KINDS = (
    ("classes", "Classes · 类", (OWL.Class,)),
    ("object-properties", "Object properties · 对象属性", (OWL.ObjectProperty,)),
    ("datatype-properties", "Datatype properties · 数据属性", (OWL.DatatypeProperty,)),
    ("annotation-properties", "Annotation properties · 注释属性", (OWL.AnnotationProperty,)),
    ("individuals", "Named individuals and concepts · 个体与概念", (OWL.NamedIndividual,)),
)
_CHARACTERISTICS = (
    (OWL.TransitiveProperty, "transitive"),
    (OWL.FunctionalProperty, "functional"),
    (OWL.InverseFunctionalProperty, "inverse functional"),
    (OWL.SymmetricProperty, "symmetric"),
    (OWL.AsymmetricProperty, "asymmetric"),
    (OWL.IrreflexiveProperty, "irreflexive"),
)
_CSS = """
body{font:15px/1.5 system-ui,"Noto Sans CJK SC",sans-serif;margin:2em auto;max-width:62em;padding:0 1em;color:#222}
h1{font-size:1.6em}h2{margin-top:2em;border-bottom:2px solid #ddd}
.term{border:1px solid #ddd;border-radius:6px;padding:.6em 1em;margin:1em 0}
.term h3{margin:.1em 0 .3em;font-size:1.15em}.iri{color:#666;font:12px ui-monospace,monospace}
dl{display:grid;grid-template-columns:9em 1fr;gap:.2em .8em;margin:.4em 0}dt{color:#555}dd{margin:0}
code{font:13px ui-monospace,monospace;background:#f4f4f4;padding:0 .2em}
nav ul{columns:3;font-size:13px}a{color:#0645ad;text-decoration:none}
"""


def _short(iri: str) -> str:
    best = ""
    for p, ns in PREFIXES.items():
        if iri.startswith(ns) and len(ns) > len(PREFIXES.get(best, "")):
            best = p
    return f"{best}:{iri[len(PREFIXES[best]):]}" if best else f"<{iri}>"


def _labels(g: Graph, node: URIRef, prop: URIRef = RDFS.label) -> tuple[str, str]:
    zh = en = ""
    for o in g.objects(node, prop):
        if isinstance(o, Literal):
            lang = (o.language or "").lower()
            if lang.startswith("zh") and not zh:
                zh = str(o)
            elif lang.startswith("en") and not en:
                en = str(o)
    return zh, en


def _link(iri: Any, own: set[str]) -> str:
    text = html.escape(_short(str(iri)))
    if str(iri) in own:
        return f'<a href="#{html.escape(str(iri)[len(POV):])}"><code>{text}</code></a>'
    return f"<code>{text}</code>"


def _list(items: Iterable[Any], own: set[str]) -> str:
    return ", ".join(_link(i, own) for i in sorted(set(items), key=str)) or ""


def _examples(data: Graph | None, node: URIRef, kind: str, limit: int = 3) -> list[str]:
    if data is None:
        return []
    out: list[str] = []
    if kind == "classes":
        for s in sorted(set(data.subjects(RDF.type, node)), key=str)[:limit]:
            zh, _ = _labels(data, s)  # type: ignore[arg-type]
            out.append(f"<code>{html.escape(_short(str(s)))}</code>" + (f" {html.escape(zh)}" if zh else ""))
    elif kind != "individuals":
        for s, o in sorted(data.subject_objects(node), key=lambda t: (str(t[0]), str(t[1])))[:limit]:
            shown = f'"{o}"' + (f"@{o.language}" if isinstance(o, Literal) and o.language else "") if isinstance(o, Literal) else _short(str(o))
            out.append(f"<code>{html.escape(_short(str(s)))} {html.escape(_short(str(node)))} {html.escape(shown[:80])}</code>")
    return out


def ontology_html(ontology: Graph | None = None, examples: Graph | None = None) -> str:
    """The ontology page (HTML, UTF-8 text).

    Parameters
    ----------
    ontology : rdflib.Graph, optional
        Default: the bundled ontology (:func:`kg.catalogue.load_ontology`).
    examples : rdflib.Graph, optional
        Where examples of use are looked up. Default: the reference graphs (gazetteer
        and catalogue) as the build loads them.
    """
    from kg.catalogue import load_ontology

    g = ontology if ontology is not None else load_ontology()
    if examples is None:
        from kg.build import reference_graphs

        examples = Graph()
        for name, graph in reference_graphs().items():
            if not str(name).endswith("/ontology"):
                for t in graph:
                    examples.add(t)
    own = {str(s) for s in g.subjects(RDFS.isDefinedBy, ONTOLOGY_IRI) if str(s).startswith(POV)}
    title_zh, title_en = _labels(g, ONTOLOGY_IRI, DCTERMS.title)
    desc_zh, desc_en = _labels(g, ONTOLOGY_IRI, DCTERMS.description)
    version = next((str(v) for v in g.objects(ONTOLOGY_IRI, OWL.versionInfo)), "")
    sections: list[str] = []
    toc: list[str] = []
    placed: set[str] = set()
    for key, heading, types in _KINDS:
        terms = sorted(
            (t for t in own if t not in placed and any((URIRef(t), RDF.type, ty) in g for ty in types)),
            key=lambda t: t[len(POV):].lower(),
        )
        placed |= set(terms)
        if not terms:
            continue
        toc.append(f'<li><a href="#{key}">{html.escape(heading)}</a> ({len(terms)})</li>')
        body = [f'<h2 id="{key}">{html.escape(heading)}</h2>']
        for t in terms:
            body.append(_term(g, URIRef(t), key, own, examples))
        sections.append("\n".join(body))
    index = " · ".join(_link(t, own) for t in sorted(own, key=lambda t: t[len(POV):].lower()))
    return (
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        f"<title>{html.escape(title_en or 'povkg ontology')}</title><style>{_CSS}</style></head><body>\n"
        f"<h1>{html.escape(title_zh)}<br>{html.escape(title_en)}</h1>\n"
        f'<p class="iri">{html.escape(str(ONTOLOGY_IRI))} · version {html.escape(version)} · prefix '
        f"<code>pov:</code> = <code>{html.escape(POV)}</code></p>\n"
        f"<p>{html.escape(desc_zh)}</p><p>{html.escape(desc_en)}</p>\n"
        f"<nav><ul>{''.join(toc)}</ul><p>{index}</p></nav>\n"
        + "\n".join(sections)
        + "\n<p class=\"iri\">Generated from ontology/*.ttl by <code>povkg docs</code>.</p></body></html>\n"
    )


def _term(g: Graph, t: URIRef, kind: str, own: set[str], examples: Graph | None) -> str:
    local = str(t)[len(POV):]
    zh, en = _labels(g, t)
    def_zh, def_en = _labels(g, t, SKOS.definition)
    rows: list[tuple[str, str]] = []
    if def_zh or def_en:
        rows.append(("definition", f"{html.escape(def_zh)}<br>{html.escape(def_en)}"))
    if kind == "classes":
        rows.append(("subclass of", _list(g.objects(t, RDFS.subClassOf), own)))
        rows.append(("superclass of", _list(g.subjects(RDFS.subClassOf, t), own)))
        rows.append(("equivalent to", _list(g.objects(t, OWL.equivalentClass), own)))
        rows.append(("domain of", _list(g.subjects(RDFS.domain, t), own)))
        rows.append(("range of", _list(g.subjects(RDFS.range, t), own)))
    elif kind == "individuals":
        types = [o for o in g.objects(t, RDF.type) if o != OWL.NamedIndividual]
        rows.append(("type", _list(types, own)))
        rows.append(("in scheme", _list(g.objects(t, SKOS.inScheme), own)))
        rows.append(("broader", _list(g.objects(t, SKOS.broader), own)))
    else:
        rows.append(("domain", _list(g.objects(t, RDFS.domain), own)))
        rows.append(("range", _list(g.objects(t, RDFS.range), own)))
        rows.append(("subproperty of", _list(g.objects(t, RDFS.subPropertyOf), own)))
        rows.append(("superproperty of", _list(g.subjects(RDFS.subPropertyOf, t), own)))
        rows.append(("inverse of", _list(g.objects(t, OWL.inverseOf), own)))
        chars = [name for cls, name in _CHARACTERISTICS if (t, RDF.type, cls) in g]
        rows.append(("characteristics", html.escape(", ".join(chars))))
    ex = _examples(examples, t, kind)
    if ex:
        rows.append(("examples", "<br>".join(ex)))
    dl = "".join(f"<dt>{html.escape(k)}</dt><dd>{v}</dd>" for k, v in rows if v)
    return (
        f'<section class="term" id="{html.escape(local)}"><h3>{html.escape(zh)} · {html.escape(en)} '
        f"<code>pov:{html.escape(local)}</code></h3>"
        f'<div class="iri">{html.escape(str(t))}</div><dl>{dl}</dl></section>'
    )
