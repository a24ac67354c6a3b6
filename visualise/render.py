r"""Write a view as one self-contained, offline HTML page.

The page follows pyvis' approach — a Jinja2 template around vis-network — but it inlines the
vis-network 9.1.2 library shipped inside the installed pyvis package (no CDN, no ``lib/``
folder), builds the node and edge data as one JSON block in a single pass (pyvis'
``add_node`` per node is quadratic) and adds a legend, a type filter, a search box and a
Chinese/English switch. Everything that comes from the graph travels as JSON inside
``<script type="application/json">`` with ``<``, ``>``, ``&``, U+2028 and U+2029 escaped, and
is put into the page as text, never as HTML. A Content-Security-Policy allows exactly the two
inline scripts (by hash) and no network access at all. The same view always gives the same
bytes.

Examples
--------
>>> from visualise.views import ViewData, Node
>>> node = Node("urn:x", "policy", "</script><b>", "p", x=0.0, y=0.0)
>>> page = render_html(ViewData(nodes=(node,), edges=(), title="t"))
>>> "</script><b>" in page, r"\u003c/script\u003e\u003cb\u003e" in page
(False, True)
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from markupsafe import Markup

from kg.query import UNSAFE_CHARS, escape_unsafe
from visualise.views import FIELDS, NODE_TYPES, RELATIONS, Source, ViewData, build_view, with_layout

__all__ = ["TYPE_STYLES", "TypeStyle", "render_html", "write_view", "vis_assets"]

VIS_VERSION = "9.1.2"


@dataclass(frozen=True)
class TypeStyle:
    """How a node type is drawn: fill and border colour, vis-network shape, dashed border."""

    colour: str
    border: str
    shape: str
    dashed: bool = False


#: colours (Okabe–Ito based, distinguishable with colour-blindness) and shapes per node type
TYPE_STYLES: dict[str, TypeStyle] = {
    "policy": TypeStyle("#D55E00", "#8A3C00", "star"),
    "programme": TypeStyle("#E69F00", "#966700", "triangle"),
    "indicator": TypeStyle("#56B4E9", "#1F6F9E", "triangleDown"),
    "body": TypeStyle("#0072B2", "#004A75", "square"),
    "event": TypeStyle("#CC79A7", "#8E4A72", "diamond"),
    "visit": TypeStyle("#A98BD9", "#6C4FA3", "diamond", dashed=True),
    "outcome": TypeStyle("#F0C419", "#9C7C00", "dot"),
    "place": TypeStyle("#009E73", "#006149", "hexagon"),
    "site": TypeStyle("#8CC152", "#557A2B", "hexagon", dashed=True),
}
_FALLBACK_STYLE = TypeStyle("#9AA5B1", "#52606D", "dot")

_SIZE_NOTES = {
    "degree": ("节点大小：连接数", "Node size: number of links"),
    "centrality": (
        "节点大小：度中心性；边宽：共同主办次数",
        "Node size: degree centrality; edge width: events co-hosted",
    ),
    "aggregate": (
        "节点大小：相关事实数；括号内为所含条目数；双击展开",
        "Node size: facts linked; in brackets: entities folded in; double-click to expand",
    ),
    "cohost": (
        "节点大小：共同主办次数；边宽：共同主办次数；双击展开",
        "Node size: events co-hosted; edge width: events co-hosted; double-click to expand",
    ),
    "pagerank": (
        "节点大小：PageRank；边宽：共同主办次数",
        "Node size: PageRank; edge width: events co-hosted",
    ),
}
_UI = {
    "zh": {"find": "查找", "fit": "适应窗口", "legend": "图例", "loading": "正在布局…",
           "hint": "悬停查看详情，点击固定；滚轮缩放，拖动平移",
           "placeholder": "搜索节点（中文或英文名称）", "counts": "{n} 个节点 · {e} 条边"},
    "en": {"find": "Find", "fit": "Fit", "legend": "Legend", "loading": "Laying out…",
           "hint": "Hover for details, click to pin; scroll to zoom, drag to pan",
           "placeholder": "Find a node (Chinese or English name)", "counts": "{n} nodes · {e} edges"},
}  # fmt: skip

_JSON_ESCAPE_RE = re.compile(f"[<>&{UNSAFE_CHARS}]")


def _escape_json(text: str) -> str:
    """Make JSON text safe inside ``<script>``: no ``</script>``, no ``<!--``, no line
    separators, controls or bidi characters (all written as ``\\uXXXX``, which JSON reads back)."""
    return _JSON_ESCAPE_RE.sub(lambda m: f"\\u{ord(m.group(0)):04x}", text)


def _shown(data: object) -> object:
    """Every string of the page's data with control, bidi and zero-width characters shown
    as visible ``\\uXXXX`` text: a quote keeps them exactly (``oa:exact``), but in the
    detail panel and tables they must not reorder or hide the text around them."""
    if isinstance(data, str):
        return escape_unsafe(data)
    if isinstance(data, dict):
        return {k: _shown(v) for k, v in data.items()}
    if isinstance(data, (list, tuple)):
        return [_shown(v) for v in data]
    return data


def _escape_script(text: str) -> str:
    """Keep inlined JavaScript from closing its ``<script>`` element early."""
    text = re.sub(r"</(script)", r"<\\/\1", text, flags=re.IGNORECASE)
    return text.replace("<!--", "<\\!--")


def _escape_style(text: str) -> str:
    return re.sub(r"</(style)", r"<\\/\1", text, flags=re.IGNORECASE)


@lru_cache(maxsize=1)
def vis_assets() -> tuple[str, str]:
    """vis-network's JavaScript and CSS, read from the installed pyvis package.

    Returns
    -------
    tuple of str
        ``(javascript, css)``, made safe for inlining.
    """
    lib = resources.files("pyvis").joinpath("templates", "lib", f"vis-{VIS_VERSION}")
    js = lib.joinpath("vis-network.min.js").read_text(encoding="utf-8")
    css = lib.joinpath("vis-network.css").read_text(encoding="utf-8")
    return _escape_script(js), _escape_style(css)


@lru_cache(maxsize=1)
def _own_assets() -> tuple[str, str, str]:
    here = resources.files("visualise")
    return (
        here.joinpath("template.html").read_text(encoding="utf-8"),
        _escape_script(here.joinpath("viewer.js").read_text(encoding="utf-8")),
        _escape_style(here.joinpath("viewer.css").read_text(encoding="utf-8")),
    )


def _pyvis_version() -> str:
    try:
        return version("pyvis")
    except PackageNotFoundError:  # pragma: no cover
        return "unknown"


def _sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


#: order of the facets in a node's ``f`` array
FACETS: tuple[str, ...] = ("province", "year", "policy", "programme", "bodytype")
#: above this many nodes a node or edge carries its first source sentence only
_ONE_SOURCE_ABOVE = 1500


def _facet_values(view: ViewData) -> dict[str, list[list[str]]]:
    """Every value of every facet, sorted, with its names: ``[[value, zh, en], ...]``."""
    from visualise.aggregate import BODY_KINDS

    labels = {n.id: (n.label_zh, n.label_en or n.label_zh) for n in view.nodes if not n.cluster}
    values: dict[str, set[str]] = {k: set() for k in FACETS}
    for n in view.nodes:
        for key, vals in n.facets:
            values[key].update(vals)
    out: dict[str, list[list[str]]] = {}
    for key in FACETS:
        rows = []
        for v in sorted(values[key]):
            if key == "year":
                rows.append([v, f"{v}年", v])
            elif key == "bodytype":
                _, zh, en = BODY_KINDS.get(v, ("", v, v))
                rows.append([v, zh, en])
            else:
                zh, en = labels.get(v, (v.rsplit("/", 1)[-1], v.rsplit("/", 1)[-1]))
                rows.append([v, zh, en])
        if key != "year":
            rows.sort(key=lambda r: (r[1], r[0]))
        out[key] = rows
    return out


def _payload(view: ViewData) -> dict[str, Any]:
    """The JSON the page script reads: compact, index-based, deterministic."""
    index = {n.id: i for i, n in enumerate(view.nodes)}
    max_sources = 1 if len(view.nodes) > _ONE_SOURCE_ABOVE else 3
    facet_values = _facet_values(view)
    facet_index = {k: {row[0]: i for i, row in enumerate(rows)} for k, rows in facet_values.items()}
    base = "https://w3id.org/povkg/id/"
    docs: dict[tuple[str, str, str, str], int] = {}
    sources: dict[Source, int] = {}
    source_rows: list[list[Any]] = []

    def source_ids(srcs: tuple[Source, ...]) -> list[int]:
        out = []
        for s in srcs[:max_sources]:
            if s not in sources:
                key = (s.document, s.title, s.date, s.url)
                if key not in docs:
                    docs[key] = len(docs)
                sources[s] = len(source_rows)
                clean = s.clean_quote()
                source_rows.append([clean, s.quote if clean != s.quote else "", docs[key], s.start, s.end])
            out.append(sources[s])
        return out

    places: dict[tuple[str, str, str], int] = {}

    def place_id(iri: str, zh: str, en: str) -> int:
        key = (iri, zh, en or zh)
        if key not in places:
            places[key] = len(places)
        return places[key]

    def series_rows(n: Any) -> list[list[Any]]:
        rows = []
        for p in n.series:
            value: float | int = int(p.value) if p.value.is_integer() and abs(p.value) < 2**53 else p.value
            rows.append(
                [
                    p.as_of,
                    value,
                    place_id(p.province, p.province_zh, p.province_en),
                    place_id(p.area, p.area_zh, p.area_en),
                    p.kind,
                    source_ids((p.source,))[0] if p.source is not None else -1,
                    p.as_written,
                    p.unit,
                    p.reports,
                ]
            )
        return rows

    nodes = []
    for n in view.nodes:
        item: dict[str, Any] = {
            "iri": n.id[len(base) :] if n.id.startswith(base) else n.id,
            "t": n.type,
            "zh": n.label_zh,
            "en": n.label_en or n.label_zh,
            "s": n.size,
            "x": n.x,
            "y": n.y,
        }
        if n.alt_labels:
            item["alt"] = list(n.alt_labels)
        if n.details:
            item["d"] = [list(d) for d in n.details]
        if n.sources:
            item["src"] = source_ids(n.sources)
        if n.parent is not None and n.parent in index:
            item["p"] = index[n.parent]
        if n.cluster:
            item["c"] = 1
        if n.count:
            item["n"] = n.count
        if n.more:
            item["more"] = n.more
        if n.font != 16.0:
            item["fs"] = n.font
        if not n.shown:
            item["h"] = 1
        if n.facets:
            given = dict(n.facets)
            item["f"] = [sorted(facet_index[k][v] for v in given.get(k, ())) for k in FACETS]
        if n.series:
            item["ser"] = series_rows(n)
            item["serN"] = n.series_total
        nodes.append(item)
    edges = []
    kinds: set[str] = set()
    for e in view.edges:
        if e.source not in index or e.target not in index:
            continue
        kinds.add(e.kind)
        weight: float | int = int(e.weight) if float(e.weight).is_integer() else e.weight
        row: list[Any] = [index[e.source], index[e.target], e.kind, weight]
        if e.sources or e.details:
            row.append(source_ids(e.sources))
        if e.details:
            row.append([list(d) for d in e.details])
        edges.append(row)
    counts = view.counts()
    types = []
    for key, n_of_type in counts.items():
        st = TYPE_STYLES.get(key, _FALLBACK_STYLE)
        zh, en = NODE_TYPES.get(key, (key, key))
        types.append(
            {"key": key, "zh": zh, "en": en, "colour": st.colour, "border": st.border,
             "shape": st.shape, "dashed": st.dashed, "count": n_of_type}
        )  # fmt: skip
    return {
        "view": view.view,
        "lang": view.lang,
        "title": {"zh": view.title, "en": view.title_en or view.title},
        "physics": view.physics,
        "layout": view.layout,
        "sizeNote": view.size_note,
        "types": types,
        "fields": {k: list(v) for k, v in FIELDS.items()},
        "relations": {k: list(v) for k, v in RELATIONS.items() if k in kinds},
        "docs": [list(k) for k in sorted(docs, key=docs.__getitem__)],
        "places": [list(k) for k in sorted(places, key=places.__getitem__)],
        "sources": source_rows,
        "nodes": nodes,
        "edges": edges,
        "base": base,
        "facets": facet_values,
        "focus": index.get(view.focus, -1),
        "budget": view.budget,
    }


def render_html(view: ViewData) -> str:
    """The page of a view, as text.

    Parameters
    ----------
    view : ViewData
        Nodes without positions are laid out first (seeded, so still deterministic).

    Returns
    -------
    str
        A complete HTML document that needs no other file and no network.
    """
    import jinja2

    view = with_layout(view)
    template_text, js, css = _own_assets()
    vis_js, vis_css = vis_assets()
    payload = json.dumps(
        _shown(_payload(view)), ensure_ascii=False, sort_keys=True, separators=(",", ":"), allow_nan=False
    )
    lang = view.lang if view.lang in ("zh", "en") else "zh"
    ui = _UI[lang]
    title_en = view.title_en or view.title
    shown = len(view.visible())
    counts = {lg: _UI[lg]["counts"].format(n=shown, e=len(view.edges)) for lg in ("zh", "en")}
    note = _SIZE_NOTES.get(view.size_note, _SIZE_NOTES["degree"])
    types = [
        {
            "key": t,
            "zh": NODE_TYPES.get(t, (t, t))[0],
            "en": NODE_TYPES.get(t, (t, t))[1],
            "name": NODE_TYPES.get(t, (t, t))[0 if lang == "zh" else 1],
            "colour": TYPE_STYLES.get(t, _FALLBACK_STYLE).colour,
            "shape": TYPE_STYLES.get(t, _FALLBACK_STYLE).shape,
            "dashed": TYPE_STYLES.get(t, _FALLBACK_STYLE).dashed,
            "count": c,
        }
        for t, c in view.counts().items()
    ]
    csp = "; ".join(
        [
            "default-src 'none'",
            f"script-src {_sha256(vis_js)} {_sha256(js)}",
            "style-src 'unsafe-inline'",
            "img-src data:",
            "font-src 'none'",
            "connect-src 'none'",
            "base-uri 'none'",
            "form-action 'none'",
        ]
    )
    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined, keep_trailing_newline=True)
    template = env.from_string(template_text)
    return template.render(
        html_lang="en" if lang == "en" else "zh-Hans",
        lang=lang,
        csp=csp,
        pyvis_version=_pyvis_version(),
        vis_version=VIS_VERSION,
        title=title_en if lang == "en" else view.title,
        title_zh=view.title,
        title_en=title_en,
        counts=counts[lang],
        counts_zh=counts["zh"],
        counts_en=counts["en"],
        search_placeholder=ui["placeholder"],
        ui=ui,
        physics=view.physics and bool(view.nodes),
        types=types,
        size_note=note[0 if lang == "zh" else 1],
        size_note_zh=note[0],
        size_note_en=note[1],
        vis_css=Markup(vis_css),
        css=Markup(css),
        vis_js=Markup(vis_js),
        js=Markup(js),
        data_json=Markup(_escape_json(payload)),
    )


def write_view(
    source: Any,
    path: Path | str,
    view: str = "overview",
    name: str | None = None,
    lang: str = "zh",
) -> Path:
    """Build a view and write it as one self-contained HTML file (UTF-8).

    Parameters
    ----------
    source : OxigraphStore, pyoxigraph.Store, rdflib.Dataset, str, Path or ViewData
        The store (a path is opened read-only), or an already built :class:`ViewData`
        (then ``view``, ``name`` and ``lang`` are ignored).
    path : Path or str
        The HTML file to write; missing folders are created. The file is replaced atomically.
    view, name, lang
        As for :func:`visualise.views.build_view`.

    Returns
    -------
    Path
        ``path``.

    Raises
    ------
    kg.errors.UsageError
        Unknown view, language or name.
    kg.errors.StoreError
        No store at ``source``.
    """
    data = source if isinstance(source, ViewData) else build_view(source, view, name=name, lang=lang)
    html = render_html(data)
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.tmp")
    tmp.write_bytes(html.encode("utf-8"))
    os.replace(tmp, target)
    return target
