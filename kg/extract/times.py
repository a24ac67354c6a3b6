"""Times as written, resolved against the report's own date: the time a figure refers to.

A pure recogniser over a string (Duckling's *Time* dimension for the genre):
:func:`find_times` returns each time expression with its span, the date it resolves to
(``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``) and its role:

* ``as_of``: the figure is measured then (截至2019年6月, 截止11月底, 2016年底, 去年, 今年上半年,
  1月至9月, 同年年底, 目前);
* ``target``: the figure is to be reached by then (到2020年, 到2025年底, 力争到2022年, “十三五”期末);
* ``since``: the start of a period (2016年以来, 自2016年起, 近两年来): the figure is as of the
  report's date.

``jionlp.parse_time`` (measured offline) resolves many of these with a base date, but it
needs the span cut out first, takes 5–150 ms a call and returns ranges where a report
means a point, so the genre's handful of shapes are read here directly.

>>> [(t.raw, t.value, t.role) for t in find_times("截至2019年6月底，今年上半年，到2025年底", base="2020-07-01")]
[('截至2019年6月底', '2019-06', 'as_of'), ('今年上半年', '2020-06', 'as_of'), ('到2025年底', '2025-12', 'target')]
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["TimeMention", "find_times"]

_CN_MONTH = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10, "十一": 11, "十二": 12}
_PLAN_END = {"十一五": 2010, "十二五": 2015, "十三五": 2020, "十四五": 2025, "十五五": 2030}
_PERIOD_END = {"上半年": 6, "一季度": 3, "第一季度": 3, "前三季度": 9, "二季度": 6, "三季度": 9, "四季度": 12, "下半年": 12,
               "全年": None, "年底": 12, "年末": 12, "底": 12, "末": 12}

_M = r"(?P<m>\d{1,2}|十[一二]?|[一二三四五六七八九])"
_TIME = re.compile(
    r"(?P<pre>截至|截止到?|截止至|到|至|力争到|力争|争取到|预计到?|计划到|目标是到|自|从|直到)?"
    r"(?:"
    r"(?P<plan>[“\"]?(?:十一五|十二五|十三五|十四五|十五五)[”\"]?)(?P<planpart>期间|期末|末|时期)?"
    r"|(?P<y>(?:19|20)\d{2})年(?:度)?(?:" + _M + r"月(?:份)?(?:(?P<d>\d{1,2})日)?)?"
    r"(?:(?P<mm2>\d{1,2})月)?"
    r"|(?P<rel>去年|今年|本年|当年|同年|前年|上年|明年)(?:度)?(?:" + _M.replace("?P<m>", "?P<rm>") + r"月(?:份)?(?:(?P<rd>\d{1,2})日)?)?"
    r"|(?P<om>\d{1,2})月(?:(?P<od>\d{1,2})日)?(?=底|末|份|[,，至到~\-—]|以来|$)"
    r"|(?P<now>目前|当前|现在|截至目前|至今|近年来|近[两二三四五六七八九十\d]+年(?:来)?)"
    r")"
    r"(?P<part>上半年|下半年|一季度|第一季度|二季度|三季度|四季度|前三季度|全年|年底|年末|底|末)?"
    r"(?P<range>(?:至|到|-|—|~)(?:(?P<ry>(?:19|20)\d{2})年)?(?P<rm2>\d{1,2})月(?:(?P<rd2>\d{1,2})日)?(?:底|末)?)?"
    r"(?P<post>以来|起|开始|以后|后|前|之前|为止|止)?"
)


@dataclass(frozen=True)
class TimeMention:
    """One time expression: its span, what it resolves to (or None) and its role."""

    start: int
    end: int
    raw: str
    value: str | None
    role: str  # as_of | target | since


def _month(s: str | None) -> int | None:
    if not s:
        return None
    if s.isdigit():
        m = int(s)
    else:
        m = _CN_MONTH.get(s, 0)
    return m if 1 <= m <= 12 else None


def _fmt(y: int | None, m: int | None = None, d: int | None = None) -> str | None:
    if y is None:
        return None
    if m is None:
        return f"{y:04d}"
    if d is None or not 1 <= d <= 31:
        return f"{y:04d}-{m:02d}"
    return f"{y:04d}-{m:02d}-{d:02d}"


def find_times(text: str, base: str | None = None, start: int = 0, end: int | None = None) -> list[TimeMention]:
    """Every time expression in ``text[start:end]``, resolved against the report's date ``base``.

    ``base`` is ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` (or None: relative times such as 今年
    then resolve to None).

    >>> [(t.raw, t.value, t.role) for t in find_times("去年全省…，2015年1月至9月，“十三五”期间", base="2016-11-29")]
    [('去年', '2015', 'as_of'), ('2015年1月至9月', '2015-09', 'as_of'), ('“十三五”期间', '2020', 'target')]
    >>> [(t.raw, t.value, t.role) for t in find_times("2016年以来，目前，截止11月底", base="2016-12-20")]
    [('2016年以来', '2016-12-20', 'since'), ('目前', '2016-12-20', 'as_of'), ('截止11月底', '2016-11', 'as_of')]
    """
    end = len(text) if end is None else end
    by = int(base[:4]) if base else None
    bm = int(base[5:7]) if base and len(base) >= 7 else None
    out: list[TimeMention] = []
    for m in _TIME.finditer(text, start, end):
        if m.end() == m.start() or not (m.group("plan") or m.group("y") or m.group("rel") or m.group("om") or m.group("now")):
            continue
        pre, post, part = m.group("pre") or "", m.group("post") or "", m.group("part")
        y: int | None = None
        mo: int | None = None
        d: int | None = None
        if m.group("plan"):
            plan = m.group("plan").strip("“”\"")
            value = _fmt(_PLAN_END[plan])
            out.append(TimeMention(m.start(), m.end(), m.group(0), value, "target" if m.group("planpart") != "时期" else "as_of"))
            continue
        if m.group("now"):
            now = m.group("now")
            role = "since" if now.startswith("近") or now == "至今" else "as_of"
            out.append(TimeMention(m.start(), m.end(), m.group(0), base, role))
            continue
        if m.group("y"):
            y, mo, d = int(m.group("y")), _month(m.group("m")), int(m.group("d")) if m.group("d") else None
        elif m.group("rel"):
            rel = m.group("rel")
            if rel == "同年" and out and out[-1].value:
                y = int(out[-1].value[:4])  # 同年年底: the year just named
            else:
                y = None if by is None else by + {"去年": -1, "上年": -1, "前年": -2, "明年": 1}.get(rel, 0)
            mo, d = _month(m.group("rm")), int(m.group("rd")) if m.group("rd") else None
        else:  # a month alone: this year's (last year's when after the report's month)
            mo, d = _month(m.group("om")), int(m.group("od")) if m.group("od") else None
            if mo is None:
                continue
            y = by
            if y is not None and bm is not None and mo > bm:
                y -= 1
        if part and mo is None:
            mo = _PERIOD_END.get(part)
        if m.group("range"):  # 1月至9月: as of the end of the range
            y = int(m.group("ry")) if m.group("ry") else y
            mo, d = _month(m.group("rm2")), int(m.group("rd2")) if m.group("rd2") else None
        value = _fmt(y, mo, d)
        if post in ("以来", "起", "开始", "以后", "后") or pre in ("自", "从"):
            role, value = "since", base
        elif post in ("前", "之前") or pre in ("到", "至", "力争到", "力争", "争取到", "计划到", "目标是到", "预计", "预计到") \
                and post not in ("为止", "止"):
            role = "target"
            if pre in ("到", "至") and by is not None and y is not None and y < by:
                role = "as_of"  # 到2019年底 in a 2020 report: a result as of then
        else:
            role = "as_of"
        out.append(TimeMention(m.start(), m.end(), m.group(0), value, role))
    return out
