"""Figures as written: numerals, magnitudes, units and qualifiers."""

from __future__ import annotations

import re
from decimal import Decimal

CN_DIGIT = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}

_CN_UNIT = {"十": 10, "百": 100, "千": 1000}

_MAG = {"万亿": Decimal(10) ** 12, "亿": Decimal(10) ** 8, "万": Decimal(10) ** 4, "千": Decimal(1000)}


def _cn_int(s: str) -> int | None:
    total, section, num = 0, 0, 0
    for c in s:
        if c in CN_DIGIT:
            num = CN_DIGIT[c]
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
    """
    text = text.replace(",", "").replace(" ", "")
    mag = Decimal(1)
    for m, f in _MAG.items():
        if text.endswith(m):
            text, mag = text[: -len(m)], f
            break
    if not text:
        return None
    try:
        base = Decimal(text)
    except ArithmeticError:
        if "点" in text:
            a, _, b = text.partition("点")
            ia = _cn_int(a)
            if ia is None or any(c not in CN_DIGIT for c in b):
                return None
            base = Decimal(f"{ia}.{''.join(str(CN_DIGIT[c]) for c in b)}")
        else:
            i = _cn_int(text)
            if i is None:
                return None
            base = Decimal(i)
    v = base * mag
    return v.normalize() if v != v.to_integral_value() else v.quantize(Decimal(1))


_NUM = r"(?:\d+(?:,\d{3})*(?:\.\d+)?|[零〇一二两三四五六七八九十百千]+(?:点[零〇一二三四五六七八九]+)?)"

_UNITS = [
    "个百分点", "万人次", "人次", "场次", "户次", "万户", "平方公里", "公里", "千米", "立方米", "平方米", "万人", "公顷",
    "%", "个", "元", "次", "场", "户", "所", "家", "人", "名", "项", "台", "座", "条", "套",
    "间", "亩", "吨", "件", "笔", "单", "篇", "期", "批", "处", "村", "县", "镇", "乡", "部", "只", "头", "份", "位",
    "款", "辆", "册", "种", "例", "台套",
]
_UNITS += ["倍", "斤", "万斤", "节", "Mbps", "Gbps", "兆"]
_UNIT_RE = "|".join(re.escape(u) for u in sorted(_UNITS, key=len, reverse=True))
FRACTION = re.compile(
    r"(?P<pre>超过|不少于|不低于|不到|不足|接近|将近|近|约|逾|至少)?(?:(?P<tenths>[一二三四五六七八九])成|百分之(?P<pct>[\d.]+|[零一二三四五六七八九十百]+))"
    r"(?P<post>以上|左右|以下|多)?"
)
FIGURE = re.compile(
    rf"(?P<pre>超过|不少于|不低于|不到|不足|接近|将近|近|约|逾|至少|突破)?"
    rf"(?P<num>{_NUM})(?P<q1>余|多)?(?P<mag>万亿|亿|万|千)?(?P<q2>余|多)?(?P<unit>{_UNIT_RE})"
    rf"(?P<post>以上|左右|以下|之多|余)?"
)
QUAL = {
    "超过": "more_than", "逾": "more_than", "余": "more_than", "多": "more_than", "以上": "more_than",
    "突破": "more_than", "之多": "more_than", "不少于": "at_least", "不低于": "at_least", "至少": "at_least",
    "近": "about", "接近": "about", "将近": "about", "约": "about", "左右": "about",
    "不到": "less_than", "不足": "less_than", "以下": "less_than",
}


def raw_unit_counts(unit: str) -> bool:
    return unit in ("户", "人", "个", "家", "所")


def unit_is_percent(raw: str) -> bool:
    return raw.endswith("%")
