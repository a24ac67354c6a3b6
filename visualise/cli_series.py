"""``povkg series INDICATOR -o chart.svg|png|html``: draw one indicator across every report.

Registered on :data:`kg.cli.cli` when :mod:`kg.cli` loads its command modules. The path of
the chart goes to stdout, a one-line summary to stderr.
"""

from __future__ import annotations

from pathlib import Path

import click

from kg.cli import cli
from kg.cli_query import _store_options

__all__ = ["series_cmd"]


@cli.command("series")
@click.argument("indicator")
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
    required=True,
    help="The chart: .svg, .png or .html (points linked to their sentences).",
)
@click.option("--place", default=None, help="Only points about this place or places within it.")
@click.option("--title", default=None, help="Chart title (default: the indicator's label).")
@_store_options
def series_cmd(
    indicator: str, output: Path, place: str | None, title: str | None, store: Path | None, endpoint: str | None
) -> int:
    """Chart INDICATOR (a concept's label, alternative label, key or IRI) by province over time.

    One point per area, date and kind across every report; targets are hollow. The data are
    `povkg query indicator-series -p indicator=INDICATOR`.

    \b
    Examples:
      povkg series 电子商务进农村综合示范县数量 -o demo-counties.html
      povkg series rural-fixed-broadband-household-penetration --place 河南省 -o henan.svg
    """
    from kg.api import KnowledgeGraph
    from kg.store import open_store
    from visualise.series import CHART_FORMATS, write_series_chart

    if output.suffix.lower().lstrip(".") not in CHART_FORMATS:
        raise click.UsageError(f"--output must end in .svg, .png or .html, not {output.name!r}")
    kg = KnowledgeGraph(open_store(store, endpoint, read_only=True))
    df = kg.series(indicator, place=place)
    drawn = df[df["as_of"].notna() & df["value"].notna()]
    path = write_series_chart(df, output, title)
    provinces = drawn["province_label"].dropna().nunique()
    left_out = len(df) - len(drawn)
    note = f" ({left_out} without a date not drawn)" if left_out else ""
    click.echo(f"povkg: {len(drawn)} points from {provinces} province(s){note}", err=True)
    click.echo(str(path))
    return 0
