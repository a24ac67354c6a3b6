"""Lexicons the recognisers share (catalogue bodies, brands, policies, gazetteer forms) and longest-match scanning.

The data lives in ``ontology/`` (catalogues, gazetteer); this module loads it once per process.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

from kg.catalogue import load_catalogue
from kg.gazetteer import load_gazetteer

HAN = "\u3400-\u4dbf\u4e00-\u9fff"

IS_HAN = re.compile(f"[{HAN}]")


def han(c: str) -> bool:
    return bool(c) and bool(IS_HAN.match(c))


# characters after which a name may begin
BOUNDARY_AFTER = set("由和及与向对经同为在、将请邀并于是从把被让给以") | {"\n"}
BAD_CORE = set("的了是在将要等各有与和及对向从把被这那其该此并也都而或之已")

BRANDS = (
    "中国移动", "中国联通", "中国电信", "中国铁塔", "中国邮政", "中国扶贫基金会", "中国农业银行", "中国建设银行",
    "中国工商银行", "阿里巴巴", "京东", "拼多多", "苏宁易购", "苏宁", "腾讯", "百度", "字节跳动", "抖音", "快手", "美团",
    "华为", "新浪", "网易", "搜狐", "滴滴", "淘宝", "天猫", "国家电网", "南方电网", "中国石化", "中国石油", "邮储银行",
)


@dataclass(frozen=True)
class Lexicon:
    """Surface forms → what they are, for longest-match scanning."""

    forms: dict[str, list[tuple[str, str]]]  # surface -> [(kind, id)]
    max_len: int


@cache
def org_lexicon() -> Lexicon:
    cat = load_catalogue()
    forms: dict[str, list[tuple[str, str]]] = {}
    for b in cat.bodies:
        for s in (b.name_zh, *b.aliases):
            if len(s) >= 2:
                forms.setdefault(s, []).append(("national", b.key))
    for c in cat.counterparts:
        for s in (c.short, *c.aliases):
            if len(s) >= 2:
                forms.setdefault(s, []).append(("counterpart", c.key))
    for s in BRANDS:
        forms.setdefault(s, []).append(("brand", s))
    return Lexicon(forms, max(map(len, forms)))


@cache
def place_forms() -> dict[str, list[str]]:
    return load_gazetteer().names()


@cache
def policy_lexicon() -> dict[str, str]:
    cat = load_catalogue()
    out: dict[str, str] = {}
    for p in cat.policies:
        for s in (p.name_zh, *p.aliases):
            if len(s) >= 4:
                out.setdefault(s, p.key)
    return out


_LENGTHS: dict[tuple[int, int, int], dict[str, tuple[int, ...]]] = {}


def lengths_for(forms: dict[str, Any], min_len: int, max_len: int) -> dict[str, tuple[int, ...]]:
    """:func:`_lengths_by_first` for a (long-lived, unchanging) lexicon dict, cached by identity."""
    key = (id(forms), min_len, max_len)
    table = _LENGTHS.get(key)
    if table is None:
        table = _LENGTHS[key] = _lengths_by_first(tuple(forms), min_len, max_len)
    return table


@lru_cache(maxsize=32)
def _lengths_by_first(keys: tuple[str, ...], min_len: int, max_len: int) -> dict[str, tuple[int, ...]]:
    """First character -> the lengths of the keys starting with it, longest first."""
    table: dict[str, set[int]] = {}
    for k in keys:
        if min_len <= len(k) <= max_len:
            table.setdefault(k[0], set()).add(len(k))
    return {c: tuple(sorted(v, reverse=True)) for c, v in table.items()}


def slug_key(text: str) -> str:
    from kg.resolve import slug

    return slug(text)
