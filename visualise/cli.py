"""``povkg viz``: write one view of the store as a self-contained HTML page.

Registered on :data:`kg.cli.cli` when :mod:`kg.cli` loads its command modules. The path of
the page goes to stdout, so ``xdg-open "$(povkg viz --view coorg)"`` works.
"""

from __future__ import annotations

import webbrowser
from pathlib import Path

import click

from kg.cli import cli
from kg.resources import default_store, default_viewer
from visualise import VIEWS

__all__ = ["viz_cmd", "default_output"]


def default_output(store: Path, view: str) -> Path:
    """Where a view is written without ``-o``: the build's viewer for the overview, else ``out/``.

    Parameters
    ----------
    store : Path
        The store the view is read from.
    view : str
        The view name.

    Returns
    -------
    Path
        ``kg.resources.default_viewer(store)`` for ``overview``, ``out/povkg-<view>.html`` otherwise.

    Examples
    --------
    >>> default_output(Path("out/store"), "coorg").as_posix()
    'out/povkg-coorg.html'
    """
    if view == "overview":
        return default_viewer(store)
    return Path("out") / f"povkg-{view}.html"


@cli.command("viz")
@click.option(
    "--store",
    "store",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="Store to read (default: $POVKG_STORE or ./out/store).",
)
@click.option(
    "--view",
    type=click.Choice(VIEWS),
    default="overview",
    show_default=True,
    help="overview: whole graph; policy / event: one policy or event with its neighbourhood; "
    "coorg: co-hosting network of bodies; place: the place hierarchy with its events and outcomes.",
)
@click.option(
    "--name",
    default=None,
    help="The policy, place or event to show: a label (Chinese or English), alias, division code, "
    "catalogue key or IRI. Default: the best-connected policy or event, all places.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="HTML file to write (default: beside the store for the overview, else out/povkg-<view>.html).",
)
@click.option(
    "--lang",
    default="zh",
    show_default=True,
    callback=lambda _ctx, _param, value: _lang(value),
    help="Language of the labels when the page opens: zh (zh-Hans) or en, in any case (the page has a switch).",
)
@click.option(
    "--focus",
    default=None,
    help="Show the neighbourhood of one entity of any type (a body, place, policy, event ...) "
    "instead, by label, code or IRI; aggregated like the other views.",
)
@click.option(
    "--depth",
    type=click.IntRange(min=0, max=4),
    default=2,
    show_default=True,
    help="Steps of the --focus neighbourhood.",
)
@click.option("--open", "open_", is_flag=True, help="Open the page in the default browser.")
def viz_cmd(
    store: Path | None,
    view: str,
    name: str | None,
    output: Path | None,
    lang: str,
    focus: str | None,
    depth: int,
    open_: bool,
) -> int:
    """Write an interactive view of the graph as one offline HTML file and print its path.

    Every view opens aggregated (outcomes under their indicator, places as a tree, bodies and
    events in clusters with counts); double-click or "show neighbours" brings in detail, the
    breadcrumb goes back. The page has filters (province, years, policy, programme, body
    type), a legend, a search box (Chinese or English names), a Chinese/English switch and,
    for every node, its key values and source sentences.
    """
    from visualise.render import write_view
    from visualise.views import build_view

    store_path = store or default_store()
    source = Path(store_path)  # a path: read from its published snapshot, the model kept beside it
    if focus is not None:
        data = build_view(source, view, name=name, lang=lang, focus=focus, depth=depth)
        target = output or Path("out") / "povkg-focus.html"
        path = write_view(data, target)
    else:
        path = write_view(source, output or default_output(store_path, view), view=view, name=name, lang=lang)
    click.echo(str(path))
    if open_:
        webbrowser.open(path.resolve().as_uri())
    return 0


def _lang(value: str) -> str:
    from kg.api import normalise_lang
    from kg.errors import UsageError

    try:
        return normalise_lang(value)
    except UsageError as exc:
        raise click.BadParameter(str(exc)) from exc
