"""Charts of one indicator over time: ``povkg series INDICATOR -o chart.svg|png|html``.

The points are :meth:`kg.api.KnowledgeGraph.series` (a DataFrame, one row per area, date and
kind); :func:`series_figure` draws them with matplotlib, one colour per province, results and
baselines as filled markers joined by a line in date order, targets as hollow markers.
:func:`write_series_chart` writes the figure as SVG or PNG, or as a self-contained HTML page:
the SVG inline (its text drawn as paths, so the page needs no font), each point a link to its
row in a table of the points below it, where the source sentence is shown (CSS ``:target``;
no script, nothing fetched).

Chinese labels need a CJK font: :func:`cjk_font` looks for one with matplotlib's font manager
(Debian's ``fonts-noto-cjk``, Source Han, WenQuanYi …) and, when there is none, the chart is
still drawn, with a warning, in matplotlib's default font.

Examples
--------
>>> import pandas as pd
>>> df = pd.DataFrame({
...     "province_label": ["河南省", "河南省", "湖南省"], "area_label": ["河南省", "河南省", "湖南省"],
...     "as_of": pd.to_datetime(["2019-09-20", "2020-11-10", "2015-11-04"]),
...     "kind": ["Result", "Target", "Result"], "value": [80.0, 95.0, 8.0], "unit": ["个"] * 3,
...     "indicator_label": ["电子商务进农村综合示范县数量"] * 3, "sentence": ["…80个…", "…95个…", "…8个…"],
...     "value_as_written": ["80个", "95个", "8个"], "document": ["d1", "d2", "d3"]})
>>> fig = series_figure(df)
>>> [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
['河南省', '湖南省', '结果 result', '目标 target (hollow)']
"""

from __future__ import annotations

import functools
import html
import io
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    import pandas
    from matplotlib.figure import Figure

__all__ = ["CHART_FORMATS", "cjk_font", "series_figure", "write_series_chart", "series_html"]

#: output formats, by file suffix
CHART_FORMATS = ("svg", "png", "html")

#: font families that cover Chinese, best first
_CJK_FAMILIES = (
    "Noto Sans CJK SC",
    "Noto Sans CJK JP",
    "Noto Sans CJK",
    "Noto Serif CJK SC",
    "Source Han Sans SC",
    "Source Han Sans CN",
    "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei",
    "Droid Sans Fallback",
    "AR PL UMing CN",
    "SimHei",
    "Microsoft YaHei",
    "PingFang SC",
)
_COLOURS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#000000")
_KINDS_ZH = {"Result": "结果", "Target": "目标", "Baseline": "基期", "Rank": "排名"}


@functools.cache
def cjk_font() -> str | None:
    """The family name of an installed font that covers Chinese, or None.

    >>> cjk_font() is None or isinstance(cjk_font(), str)
    True
    """
    from matplotlib import font_manager

    names = {f.name for f in font_manager.fontManager.ttflist}
    for family in _CJK_FAMILIES:
        if family in names:
            return family
    for name in sorted(names):  # any other CJK family
        if re.search(r"CJK|Han Sans|Hei|Ming|Song|Kai", name):
            return name
    return None


def _rc() -> dict[str, Any]:
    font = cjk_font()
    rc: dict[str, Any] = {
        "svg.hashsalt": "povkg",  # stable ids: the same data gives the same file
        "svg.fonttype": "path",  # text as outlines: the SVG needs no font
        "axes.unicode_minus": False,
    }
    if font is not None:
        rc["font.family"] = [font, "DejaVu Sans"]
    return rc


def _warn_font() -> None:
    if cjk_font() is None:
        print(
            "povkg: warning: no CJK font found (install fonts-noto-cjk); Chinese labels may not show",
            file=sys.stderr,
        )


def _points(df: pandas.DataFrame) -> pandas.DataFrame:
    """The rows that can be drawn (a date and a value), numbered in table order."""
    out = df[df["as_of"].notna() & df["value"].notna()].copy()
    out["n"] = range(1, len(out) + 1)
    return out


def series_figure(df: pandas.DataFrame, title: str | None = None, links: bool = False) -> Figure:
    """The chart of a series as a matplotlib Figure (no pyplot: safe in any thread).

    Parameters
    ----------
    df : pandas.DataFrame
        Rows of :meth:`kg.api.KnowledgeGraph.series`; rows without a date or a value are left out.
    title : str, optional
        Defaults to the indicator's label.
    links : bool
        Give each point the link ``#p{n}`` (n its row in the table of :func:`series_html`).

    Returns
    -------
    matplotlib.figure.Figure
    """
    from matplotlib import rc_context
    from matplotlib.dates import AutoDateLocator, ConciseDateFormatter
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D

    pts = _points(df)
    with rc_context(_rc()):
        fig = Figure(figsize=(9, 5), dpi=100)
        ax = fig.add_subplot()
        provinces = list(dict.fromkeys(pts["province_label"].fillna("?")))
        handles = []
        for i, prov in enumerate(provinces):
            colour = _COLOURS[i % len(_COLOURS)]
            mine = pts[pts["province_label"].fillna("?") == prov].sort_values("as_of", kind="stable")
            done = mine[mine["kind"] != "Target"]
            if len(done) > 1:
                ax.plot(done["as_of"], done["value"], color=colour, linewidth=1.5, zorder=1)
            for t in mine[mine["kind"] == "Target"].itertuples(index=False):
                before = done[done["as_of"] <= t.as_of]
                if not before.empty:  # from the last result to the target, dashed
                    last = before.iloc[-1]
                    ax.plot([last["as_of"], t.as_of], [last["value"], t.value], color=colour,
                            linewidth=1.2, linestyle="--", zorder=1)
            for kind, filled in (("done", True), ("Target", False)):
                part = done if kind == "done" else mine[mine["kind"] == "Target"]
                if part.empty:
                    continue
                sc = ax.scatter(
                    part["as_of"],
                    part["value"],
                    s=60,
                    marker="o",
                    facecolors=colour if filled else "white",
                    edgecolors=colour,
                    linewidths=1.8,
                    zorder=2,
                )
                sc.set_gid(f"points-{i}-{'result' if filled else 'target'}")
                if links:
                    sc.set_urls([f"#p{n}" for n in part["n"]])
            handles.append(Line2D([], [], color=colour, marker="o", linewidth=1.5, label=prov))
        handles.append(Line2D([], [], color="#555555", marker="o", linestyle="", label="结果 result"))
        handles.append(
            Line2D([], [], color="#555555", marker="o", markerfacecolor="white", linestyle="",
                   label="目标 target (hollow)")
        )
        locator = AutoDateLocator()
        ax.xaxis.set_major_locator(locator)
        ax.xaxis.set_major_formatter(ConciseDateFormatter(locator))
        units = [u for u in dict.fromkeys(pts["unit"].dropna())]
        ax.set_ylabel(" / ".join(units) if units else "")
        labels = [t for t in dict.fromkeys(df["indicator_label"].dropna())] if "indicator_label" in df else []
        ax.set_title(title or (labels[0] if labels else ""))
        ax.grid(True, color="#dddddd", linewidth=0.6)
        ax.legend(handles=handles, loc="best", fontsize=9, frameon=False)
        if pts.empty:
            ax.text(0.5, 0.5, "无数据 no points", transform=ax.transAxes, ha="center", va="center")
        fig.tight_layout()
    return fig


def _render(fig: Figure, fmt: str) -> bytes:
    from matplotlib import rc_context

    buf = io.BytesIO()
    with rc_context(_rc()):
        metadata = {"Date": None} if fmt == "svg" else {"Software": None}
        fig.savefig(buf, format=fmt, metadata=metadata)
    return buf.getvalue()


_PAGE = """<!DOCTYPE html>
<html lang="zh-Hans">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>{title}</title>
<style>
body {{ font-family: "Noto Sans CJK SC", "Source Han Sans SC", sans-serif; margin: 1.5em; color: #222; }}
svg {{ max-width: 100%; height: auto; }}
svg a {{ cursor: pointer; }}
.point {{ display: none; border-left: 4px solid #0072B2; padding: .4em .8em; background: #f4f8fb; }}
.point:target {{ display: block; }}
table {{ border-collapse: collapse; margin-top: 1em; font-size: 90%; }}
td, th {{ border-bottom: 1px solid #ddd; padding: .25em .6em; text-align: left; vertical-align: top; }}
.hint {{ color: #666; font-size: 90%; }}
</style>
</head>
<body>
<h1>{title}</h1>
<p class="hint">点击一个点查看原句 · click a point to read its source sentence. 空心 = 目标 · hollow = target.</p>
<figure id="chart">{svg}</figure>
<section id="sentences">{details}</section>
<table id="points">
<thead><tr><th>#</th><th>省份 province</th><th>地区 area</th><th>日期 as of</th><th>类别 kind</th><th>数值 value</th><th>原文 as written</th><th>报告 report</th></tr></thead>
<tbody>
{rows}
</tbody>
</table>
</body>
</html>
"""


def series_html(df: pandas.DataFrame, title: str | None = None) -> str:
    """A self-contained HTML page: the chart as inline SVG, each point linked to its sentence.

    >>> import pandas as pd
    >>> df = pd.DataFrame({"province_label": ["河南省"], "area_label": ["河南省"],
    ...     "as_of": pd.to_datetime(["2020-11-10"]), "kind": ["Result"], "value": [95.0], "unit": ["个"],
    ...     "indicator_label": ["电子商务进农村综合示范县数量"], "sentence": ["全省共认定95个<电商>示范县"],
    ...     "value_as_written": ["95个"], "document": ["https://w3id.org/povkg/id/doc/x"]})
    >>> page = series_html(df)
    >>> 'xlink:href="#p1"' in page, 'id="p1"' in page, "&lt;电商&gt;" in page, "<script" in page
    (True, True, True, False)
    """
    fig = series_figure(df, title, links=True)
    svg = _render(fig, "svg").decode("utf-8")
    # inline, and each point's link opens its sentence in this page (matplotlib opens a new one)
    svg = svg[svg.index("<svg") :].replace(' target="_blank"', "")
    pts = _points(df)
    labels = [t for t in dict.fromkeys(df["indicator_label"].dropna())] if "indicator_label" in df else []
    heading = title or (labels[0] if labels else "indicator series")
    e = html.escape
    details, rows = [], []
    for r in pts.itertuples(index=False):
        d = r._asdict()
        date = d["as_of"].strftime("%Y-%m-%d")
        kind = f"{_KINDS_ZH.get(d['kind'], '')} {d['kind'] or ''}".strip()
        head = f"{d.get('area_label') or ''} · {date} · {kind} · {d.get('value_as_written') or d['value']}"
        details.append(
            f'<article class="point" id="p{d["n"]}"><h2>{e(head)}</h2>'
            f'<blockquote class="sentence">{e(str(d.get("sentence") or ""))}</blockquote>'
            f'<p class="hint">{e(str(d.get("document") or ""))}</p></article>'
        )
        rows.append(
            f'<tr><td><a href="#p{d["n"]}">{d["n"]}</a></td><td>{e(str(d.get("province_label") or ""))}</td>'
            f'<td>{e(str(d.get("area_label") or ""))}</td><td>{date}</td><td>{e(kind)}</td>'
            f'<td>{d["value"]:g} {e(str(d.get("unit") or ""))}</td><td>{e(str(d.get("value_as_written") or ""))}</td>'
            f'<td>{e(str(d.get("document") or ""))}</td></tr>'
        )
    return _PAGE.format(title=e(heading), svg=svg, details="\n".join(details), rows="\n".join(rows))


def write_series_chart(df: pandas.DataFrame, path: str | Path, title: str | None = None) -> Path:
    """Write the chart to ``path``; the suffix chooses the format (``.svg``, ``.png``, ``.html``).

    Parameters
    ----------
    df : pandas.DataFrame
        Rows of :meth:`kg.api.KnowledgeGraph.series`.
    path : str or Path
    title : str, optional

    Returns
    -------
    Path
        The file written.

    Raises
    ------
    kg.errors.UsageError
        When the suffix is not one of :data:`CHART_FORMATS`.
    """
    from kg.errors import UsageError

    path = Path(path)
    fmt = path.suffix.lower().lstrip(".")
    if fmt not in CHART_FORMATS:
        raise UsageError(f"cannot write a chart as {path.suffix or 'a file without suffix'}: use .svg, .png or .html")
    _warn_font()
    if fmt == "html":
        data = series_html(df, title).encode("utf-8")
    else:
        data = _render(series_figure(df, title), fmt)
    path.write_bytes(data)
    return path
