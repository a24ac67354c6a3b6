"""Tables for analysts: pandas DataFrames with numeric and datetime dtypes, and HTML for notebooks.

:func:`typed_frame` turns rows of plain values into a DataFrame whose columns have the dtypes
``describe()`` and plotting expect: figures (``Decimal``) become ``float64``, counts stay
integers (``Int64`` when some are missing), ``datetime.date`` becomes ``datetime64[ns]``;
IRIs and labels stay text. :func:`html_table` is what a notebook shows for a
:class:`~kg.query.Results` or a list of answers (``_repr_html_``).

Examples
--------
>>> import datetime, decimal
>>> df = typed_frame([[decimal.Decimal("99.5"), datetime.date(2020, 11, 10), 3, "光山县"]],
...                  ["value", "asOf", "n", "place"])
>>> [str(t) for t in df.dtypes]
['float64', 'datetime64[ns]', 'int64', 'object']
"""

from __future__ import annotations

import datetime as _dt
import html
from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    import pandas

__all__ = ["typed_frame", "html_table"]

#: rows a notebook table shows before it says how many more there are
HTML_ROWS = 50


def _kind(values: list[Any]) -> str:
    present = [v for v in values if v is not None]
    if not present:
        return "empty"
    if all(isinstance(v, bool) for v in present):
        return "bool"
    if all(isinstance(v, int) and not isinstance(v, bool) for v in present):
        return "int"
    if all(isinstance(v, (int, float, Decimal)) and not isinstance(v, bool) for v in present):
        return "float"
    if all(isinstance(v, _dt.datetime) for v in present):
        return "datetime"
    if all(isinstance(v, _dt.date) and not isinstance(v, _dt.datetime) for v in present):
        return "date"
    return "object"


def typed_frame(rows: Sequence[Sequence[Any]], columns: Sequence[str]) -> pandas.DataFrame:
    """A DataFrame of ``rows`` with numeric and datetime columns typed as such.

    Parameters
    ----------
    rows : sequence of sequences
        Plain Python values, one per column (None for missing).
    columns : sequence of str
        The column names.

    Returns
    -------
    pandas.DataFrame
    """
    import pandas as pd

    data: dict[str, Any] = {}
    for i, name in enumerate(columns):
        values = [r[i] for r in rows]
        kind = _kind(values)
        if kind == "int":
            data[name] = pd.array(values, dtype="Int64") if None in values else pd.array(values, dtype="int64")
        elif kind == "float":
            data[name] = pd.array([None if v is None else float(v) for v in values], dtype="float64")
        elif kind in ("date", "datetime"):
            data[name] = pd.to_datetime(pd.Series(values, dtype="object")).astype("datetime64[ns]")
        elif kind == "bool" and None not in values:
            data[name] = pd.array(values, dtype="bool")
        else:
            data[name] = pd.Series(values, dtype="object")
    frame = pd.DataFrame(data, columns=list(columns))
    return frame


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (tuple, list)):
        return html.escape(", ".join(str(v) for v in value))
    if isinstance(value, (_dt.date, _dt.datetime)):
        return value.isoformat()
    return html.escape(str(value))


def html_table(columns: Sequence[str], rows: Sequence[Sequence[Any]], *, shorten: bool = True) -> str:
    """An HTML table of plain values (escaped), the first :data:`HTML_ROWS` rows and a count.

    Examples
    --------
    >>> print(html_table(["a"], [["<b>"]]))  # doctest: +NORMALIZE_WHITESPACE
    <table class="povkg"><thead><tr><th>a</th></tr></thead><tbody><tr><td>&lt;b&gt;</td></tr></tbody></table><p>1 row</p>
    """
    from kg.query import shorten_iri

    def show(v: Any) -> str:
        if shorten and isinstance(v, str) and v.startswith(("http://", "https://")):
            return html.escape(shorten_iri(v))
        return _cell(v)

    head = "".join(f"<th>{html.escape(c)}</th>" for c in columns)
    body = "".join("<tr>" + "".join(f"<td>{show(v)}</td>" for v in r) + "</tr>" for r in rows[:HTML_ROWS])
    n = len(rows)
    more = f", the first {HTML_ROWS} shown" if n > HTML_ROWS else ""
    return (
        f'<table class="povkg"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'
        f"<p>{n} row{'s' if n != 1 else ''}{more}</p>"
    )
