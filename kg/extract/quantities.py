"""Figures as written: numerals, magnitudes, units, qualifiers, ranges, fractions and ranks.

A pure recogniser over a string (Duckling's *Numeral* and *Quantity* dimensions for the
genre): :func:`find_figures` returns every figure in a text with its span, value, unit as
written, qualifier and kind, and nothing for what only looks like one (years, dates,
document numbers 〔2019〕12号, ordinals 第一批, sessions 十九届五中全会, slogans “三个课堂”,
ratios 1:2:7, telephone numbers). Which figures are outcomes is decided by
:mod:`kg.extract.outcomes`, which knows the sentence around them.

Number parsing is our own: ``cn2an`` (measured offline) reads ``一千二百`` and ``5.3万`` but
not ``5000多万``, ``七八万``, ``上百`` or ``万余``, and fails on mixed strings, so a small
grammar over Arabic and Chinese numerals is simpler than wrapping it.

>>> [(f.raw, str(f.value), f.unit, f.qualifier) for f in find_figures("受益贫困户约4.39万户次，销售额5000多万元")]
[('约4.39万户次', '43900', '户次', 'about'), ('5000多万元', '50000000', '元', 'more_than')]
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

__all__ = ["Figure", "find_figures", "parse_number", "CN_DIGIT", "QUALIFIERS", "UNITS"]

CN_DIGIT = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_UNIT = {"十": 10, "百": 100, "千": 1000}
_MAG = {"万亿": Decimal(10) ** 12, "亿": Decimal(10) ** 8, "万": Decimal(10) ** 4, "千": Decimal(1000)}

#: the qualifier a marker written before or after a figure gives
QUALIFIERS = {
    "超过": "more_than", "超": "more_than", "逾": "more_than", "余": "more_than", "多": "more_than",
    "以上": "more_than", "突破": "more_than", "之多": "more_than", "上": "more_than", "来": "about",
    "不少于": "at_least", "不低于": "at_least", "至少": "at_least",
    "近": "about", "接近": "about", "将近": "about", "约": "about", "大约": "about", "左右": "about",
    "不到": "less_than", "不足": "less_than", "以下": "less_than", "以内": "less_than",
}

#: units and counters, as written after a figure (longest first when matched)
UNITS = (
    "个百分点", "百分点", "万人次", "人次", "场次", "户次", "家次", "批次", "平方公里", "平方米", "立方米", "公里", "千米",
    "公顷", "公斤", "千克", "万吨", "吨", "斤", "亩", "%", "‰", "Mbps", "Gbps", "MB", "GB", "兆", "M",
    "美元", "元", "个", "次", "场", "户", "所", "家", "人", "名", "项", "台", "座", "条", "套", "间", "件", "笔", "单",
    "篇", "期", "批", "处", "部", "只", "头", "份", "位", "款", "辆", "册", "种", "例", "倍", "节", "席", "羽",
    "棵", "株", "箱", "袋", "盒", "课时", "小时", "分钟", "天", "册", "门", "支", "张", "根", "座", "站", "网点",
)
_UNIT_RE = "|".join(re.escape(u) for u in sorted(set(UNITS), key=len, reverse=True))
_PRE = r"超过|不少于|不低于|至少|不到|不足|接近|将近|大约|近|约|逾|突破|超|上"
_CN = "零〇一二两三四五六七八九十百千"
_NUM = rf"(?:\d+(?:,\d{{3}})*(?:\.\d+)?|[{_CN}]+(?:点[零〇一二三四五六七八九]+)?)"
_FIGURE = re.compile(
    rf"(?P<pre>{_PRE})?"
    rf"(?P<num>{_NUM}(?:(?:[-~～—至到])(?P<max>{_NUM}))?)?"
    rf"(?P<q1>余|多|来)?(?P<mag>万亿|亿|万|千)?(?P<q2>余|多)?(?P<unit>{_UNIT_RE})?"
    rf"(?P<post>以上|左右|以下|以内|之多)?"
)
_FRACTION = re.compile(
    rf"(?P<pre>{_PRE})?(?:(?P<tenths>[一二三四五六七八九])成(?P<half>半)?|百分之(?P<pct>[\d.]+|[{_CN}]+))"
    r"(?P<post>以上|左右|以下|多)?"
)
_RANK = re.compile(
    r"(?P<pre>位列|位居|位于|居于|居|排名|排在|排|列|名列|跃居|稳居|保持)?"
    r"(?P<scope>全国|全省|全市|全区|全州|全县|西部|中部|东部|西北|华东|华中|华南|同类)?"
    r"(?:(?:地区|省份|城市)?(?P<first>首位|榜首|之首)|第(?P<num>[一二三四五六七八九十\d]{1,3})(?P<unit>位|名)?)"
)
#: what may not follow a figure: a date, a year, a session, an ordinal use
_NOT_AFTER = re.compile(r"^(?:年|月|日|号|届|周年|季度|时|点|秒|后|代|:|：|\d)")


@dataclass(frozen=True)
class Figure:
    """One figure as written in a text.

    ``unit`` is the unit or counter as written (``个``, ``元``, ``%``), or ``None`` when the
    text writes none (``5377万``); ``kind`` is ``count`` (a number with a unit or counter),
    ``amount`` (万/亿 without a unit), ``percent``, ``multiple`` (倍), ``points``
    (个百分点) or ``rank``; ``marker`` is the qualifier word as written.
    """

    start: int
    end: int
    raw: str
    value: Decimal
    unit: str | None
    qualifier: str
    marker: str | None
    kind: str
    chinese: bool = False
    value_max: Decimal | None = None


def _cn_int(s: str) -> int | None:
    if not s:
        return None
    if len(s) == 1 and s in _CN_UNIT:
        return _CN_UNIT[s]  # 百 (上百种), 千
    total, section, num = 0, 0, 0
    for c in s:
        if c in CN_DIGIT:
            num = num * 10 + CN_DIGIT[c] if num and c in "零〇" else CN_DIGIT[c]
        elif c in _CN_UNIT:
            section += (num or 1) * _CN_UNIT[c]
            num = 0
        else:
            return None
    return total + section + num


def parse_number(text: str) -> Decimal | None:
    """A figure as written → Decimal (Arabic or Chinese numerals, with 万/亿/万亿).

    >>> parse_number("489.4亿"), parse_number("5.3万"), parse_number("两万"), parse_number("一千二百")
    (Decimal('48940000000'), Decimal('53000'), Decimal('20000'), Decimal('1200'))
    >>> parse_number("万"), parse_number("上百"), parse_number("三点五")
    (Decimal('10000'), None, Decimal('3.5'))
    """
    text = text.replace(",", "").replace(" ", "")
    mag = Decimal(1)
    for m, f in _MAG.items():
        if text.endswith(m) and (m != "千" or len(text) > 1):
            text, mag = text[: -len(m)], f
            break
    if not text:
        if mag == 1:
            return None
        base = Decimal(1)  # 万余元, 超亿元
    else:
        try:
            base = Decimal(text)
        except ArithmeticError:
            if "点" in text:
                a, _, b = text.partition("点")
                ia = _cn_int(a)
                if ia is None or not b or any(c not in CN_DIGIT for c in b):
                    return None
                base = Decimal(f"{ia}.{''.join(str(CN_DIGIT[c]) for c in b)}")
            else:
                i = _cn_int(text)
                if i is None:
                    return None
                base = Decimal(i)
    v = base * mag
    return v.normalize() if v != v.to_integral_value() else v.quantize(Decimal(1))


def _qualifier(*markers: str | None) -> tuple[str, str | None]:
    for mk in markers:
        if mk and mk in QUALIFIERS:
            return QUALIFIERS[mk], mk
    return "exact", None


def _range(num: str) -> tuple[str, str | None]:
    """``3至5`` → (``3``, ``5``); ``七八`` (two adjacent digits) → (``七``, ``八``)."""
    m = re.fullmatch(rf"({_NUM})[-~～—至到]({_NUM})", num)
    if m:
        return m.group(1), m.group(2)
    if len(num) == 2 and all(c in CN_DIGIT for c in num) and CN_DIGIT[num[1]] == CN_DIGIT[num[0]] + 1:
        return num[0], num[1]
    return num, None


def _excluded(text: str, a: int, b: int, num_start: int) -> bool:
    """Figures that are not quantities: inside 〔2019〕12号, 1:2:7, phone numbers, 十九届, 第一批."""
    if re.search(r"第[一二三四五六七八九十\d]+[、和至到]$", text[max(0, num_start - 6) : num_start]):
        return True  # 第五、六批: an ordinal in a list
    prev = text[num_start - 1 : num_start]
    if prev and ((prev.isascii() and (prev.isalnum() or prev in ".-/:")) or prev in "〔［第:：“\""):
        return True
    nxt = text[b : b + 1]
    if nxt and ((nxt.isascii() and nxt.isalnum()) or nxt in ":："):
        return True
    return False


def find_figures(text: str, start: int = 0, end: int | None = None) -> list[Figure]:
    """Every figure in ``text[start:end]``, in text order (spans index ``text``).

    >>> [(f.raw, f.kind, str(f.value), f.unit) for f in find_figures("全省行政村通光纤比例达99.8%，新建4G基站442个")]
    [('99.8%', 'percent', '99.8', '%'), ('442个', 'count', '442', '个')]
    >>> [(f.raw, f.kind, str(f.value)) for f in find_figures("位居全国第一，在十九届五中全会上，〔2019〕12号")]
    [('位居全国第一', 'rank', '1')]
    """
    end = len(text) if end is None else end
    out: list[Figure] = []
    taken = bytearray(end - start + 1)

    def free(a: int, b: int) -> bool:
        return not any(taken[a - start : b - start])

    def take(f: Figure) -> None:
        taken[f.start - start : f.end - start] = b"\x01" * (f.end - f.start)
        out.append(f)

    for m in _RANK.finditer(text, start, end):
        if m.group("num"):
            if not (m.group("unit") or m.group("pre") or m.group("scope")):
                continue  # 第一批, 第三次: an ordinal, not a rank
            nxt = text[m.end() : m.end() + 1]
            if not m.group("unit") and nxt and nxt in "批次届个年期季轮阶家项条部" + "一二三四五六七八九十":
                continue
            v = parse_number(m.group("num"))
        else:
            if not (m.group("pre") or m.group("scope")) and m.group("first") != "首位":
                continue
            v = Decimal(1)
        if v is None:
            continue
        take(Figure(m.start(), m.end(), m.group(0), v, "位", "exact", None, "rank", not (m.group("num") or "1")[0].isdigit()))
    for m in _FRACTION.finditer(text, start, end):
        if not free(m.start(), m.end()):
            continue
        if m.group("tenths"):
            v = Decimal(CN_DIGIT[m.group("tenths")] * 10 + (5 if m.group("half") else 0))
        else:
            pv = parse_number(m.group("pct"))
            if pv is None:
                continue
            v = pv
        q, mk = _qualifier(m.group("pre"), m.group("post"))
        take(Figure(m.start(), m.end(), m.group(0), v, "%", q, mk, "percent", True))
    for m in _FIGURE.finditer(text, start, end):
        if not m.group("num") and not m.group("mag"):
            continue
        if not m.group("unit") and not m.group("mag"):
            continue  # a bare number: a year, a code, a list item
        if m.group("mag") and not m.group("num") and not (m.group("pre") or m.group("q2")):
            continue  # 万 alone is a word (万村, 千万工程, 亿人) unless qualified: 万余元, 超亿元
        a, b = m.start(), m.end()
        if not free(a, b):
            continue
        num = m.group("num") or ""
        num_start = m.start("num") if num else m.start("mag")
        if m.group("pre") == "上" and not (num and num[0] in "百千万" or m.group("mag")):
            a = num_start  # 上 is a qualifier only in 上百/上千/上万
        if _excluded(text, a, b, num_start):
            continue
        if _NOT_AFTER.match(text[b : b + 2]) and m.group("unit") not in ("%", "个百分点"):
            continue
        lo, hi = _range(num) if num else ("", None)
        chinese = bool(num) and not num[0].isdigit()
        mag = m.group("mag") or ""
        val = parse_number(lo + mag)
        if val is None:
            continue
        vmax = parse_number(hi + mag) if hi else None
        unit = m.group("unit")
        if unit == "万吨":
            val, unit = val * 10000, "吨"
        elif unit == "万人次":
            val, unit = val * 10000, "人次"
        if unit is None and chinese and not (m.group("pre") or m.group("q1") or m.group("q2")):
            continue  # 千万工程, 亿万农民: a word, not an amount
        if unit is None and mag and text[b : b + 1] and re.match(r"[\u4e00-\u9fff]", text[b]) and text[b] in "个名户人家元":
            continue
        per = re.match(r"(?:一|每)(公斤|千克|斤|吨|亩|个|件|只|箱|盒|袋)", text[b : b + 3])
        if unit == "元" and per:  # 12元一公斤: a price per unit
            unit, b = f"元/{per.group(1)}", b + per.end()
        pre = m.group("pre") if a == m.start() else None
        q, mk = _qualifier(pre, m.group("q1"), m.group("q2"), m.group("post"))
        kind = ("percent" if unit in ("%", "‰") else "points" if unit in ("个百分点", "百分点") else "multiple" if unit == "倍"
                else "count" if unit else "amount")
        take(Figure(a, b, text[a:b], val, unit, q, mk, kind, chinese, vmax))
    out.sort(key=lambda f: f.start)
    return out
