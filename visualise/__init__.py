"""Interactive views of the povkg graph: one self-contained HTML file per view.

Five views are built from a store (:func:`build_view`) and written as a single offline HTML
page (:func:`write_view`) that uses the vis-network library bundled with pyvis:

``overview``
    the whole graph, with documents, text selectors and participations folded away (roles
    become labelled edges: host, speaker ...);
``policy``
    one policy with its programmes, issuing and implementing bodies, events and outcomes;
``coorg``
    the co-hosting network of bodies (edge weight = events hosted together);
``place``
    the place hierarchy with its events, sites and outcomes;
``event``
    one event with its roles, policies, outcomes and site visits.

Every view starts aggregated (see :mod:`visualise.aggregate`): outcomes folded into their
indicator, places as a province → city → county tree, bodies and events in clusters by
province, level and year, catalogue entries only when a report mentions them; the page
expands a node on double-click, filters by province, years, policy, programme and body type,
and goes back along a breadcrumb. ``focus=`` (``povkg viz --focus NAME --depth 2``) shows the
neighbourhood of any one entity instead.

Importing this package is cheap: the submodules (and networkx, pyoxigraph, jinja2) are
loaded on first use.

Examples
--------
>>> import visualise
>>> visualise.VIEWS
('overview', 'policy', 'coorg', 'place', 'event')
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from visualise.render import render_html, write_view
    from visualise.views import Edge, Node, Source, ViewData, build_view

__all__ = [
    "VIEWS",
    "ViewData",
    "Node",
    "Edge",
    "Source",
    "build_view",
    "render_html",
    "write_view",
    "visualise",
]

#: the names of the views, in the order the CLI lists them
VIEWS: tuple[str, ...] = ("overview", "policy", "coorg", "place", "event")

_LAZY = {
    "ViewData": "visualise.views",
    "Node": "visualise.views",
    "Edge": "visualise.views",
    "Source": "visualise.views",
    "build_view": "visualise.views",
    "render_html": "visualise.render",
    "write_view": "visualise.render",
}


def visualise(
    source: Any,
    view: str = "overview",
    name: str | None = None,
    *,
    focus: str | None = None,
    depth: int = 2,
    lang: str = "zh",
) -> ViewData:
    """One view of a store, ready to show in a notebook or to write as a page.

    The returned :class:`ViewData` displays itself inline in Jupyter (``_repr_html_``: the
    self-contained page in an ``<iframe>``, no network); :func:`write_view` writes it.
    :meth:`kg.KnowledgeGraph.view` calls this.

    Parameters
    ----------
    source : store, path or Model
        As for :func:`build_view`.
    view, name, focus, depth, lang
        As for :func:`build_view`.

    Returns
    -------
    ViewData
        The aggregated view.

    Examples
    --------
    >>> import pyoxigraph as ox
    >>> v = visualise(ox.Store(), "coorg")
    >>> v.title, "<iframe" in v._repr_html_()
    ('机构共同主办网络', True)
    """
    from visualise.views import build_view as build

    return build(source, view, name=name, lang=lang, focus=focus, depth=depth)


def __getattr__(name: str) -> Any:
    """Load the public names from their submodules on first access."""
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'visualise' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
