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
    # banks as reports shorten them, and the research arms and media that act in these reports
    "建设银行", "工商银行", "农业银行", "中国银行", "交通银行", "建行", "工行", "农行", "中行", "交行", "农商银行",
    "国家开发银行", "中国农业发展银行", "农发行", "阿里研究院", "京东集团", "新华网", "人民网", "央视网", "光明网",
    "中国网", "央广网", "中国新闻网", "中新网", "新华社", "人民日报", "中央电视台", "中央广播电视总台", "经济日报", "农民日报",
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


# --------------------------------------------------------------------------------------------
# word boundaries (jieba, with the catalogues and the gazetteer as its user dictionary)
# --------------------------------------------------------------------------------------------
#: parts of speech that never occur inside the name of a body: prepositions, adverbs, pronouns,
#: particles, numerals, conjunctions other than 和/与/及 (jieba's ICTCLAS tag set)
_CLAUSE_TAGS = frozenset(("p", "d", "r", "u", "uj", "ul", "uz", "ug", "uv", "ud", "m", "mq", "ad", "f", "t", "z", "y"))


#: verbs of the genre that name what a body does (对口支援领导小组, 消费扶贫专项工作组, 数字农业促进会)
_DOMAIN_VERBS = frozenset(("扶贫", "支援", "协作", "促进", "推进", "服务", "开发", "合作", "交流", "协调", "统筹", "建设",
                           "消费", "帮扶", "发展", "改革", "振兴", "管理", "监督", "联络", "指挥", "保障", "经营",
                           "组织", "种植", "养殖", "加工", "销售"))


@cache
def _jieba() -> tuple[Any, frozenset[str]]:
    import logging

    import jieba
    import jieba.posseg

    jieba.setLogLevel(logging.ERROR)
    tk = jieba.Tokenizer()
    pos = jieba.posseg.POSTokenizer(tk)
    # verbs that occur inside body names (发展, 改革, 振兴 …), read off the catalogues before
    # their names become single words of the dictionary
    cat = load_catalogue()
    names = [b.name_zh for b in cat.bodies] + [a for b in cat.bodies for a in b.aliases]
    names += [c.short for c in cat.counterparts] + [a for c in cat.counterparts for a in c.aliases]
    verbs = frozenset(w.word for n in names for w in pos.cut(n, HMM=False) if w.flag.startswith("v")) | _DOMAIN_VERBS
    for form in org_lexicon().forms:
        if len(form) >= 2:
            tk.add_word(form, tag="nt")
    for name in place_forms():
        if len(name) >= 2:
            tk.add_word(name, tag="ns")
    return pos, verbs


def word_starts(text: str) -> list[int]:
    """Where each word of ``text`` begins, by the plain segmenter (no POS tags, no HMM).

    The same dictionary and route as :func:`tokens`, at about a third of its cost: boundaries
    are all the body recogniser asks of it.
    """
    out, pos = [], 0
    for w in segmenter().tokenizer.cut(text, HMM=False):
        out.append(pos)
        pos += len(w)
    return out


def segmenter() -> Any:
    """A jieba POS tokenizer that knows every catalogue body, brand and place as one word.

    jieba (pure Python, its dictionary bundled) is used only for word boundaries where a
    shape rule is unsure; it is loaded on first use (1–2 s) and never downloads.
    """
    return _jieba()[0]


def body_verbs() -> frozenset[str]:
    """Verbs that do occur inside body names (发展, 改革, 振兴, 扶贫 …), read off the catalogues."""
    return _jieba()[1]


def tokens(text: str) -> list[tuple[int, int, str, str]]:
    """``(start, end, word, tag)`` for each word of ``text`` (no HMM: known words only)."""
    out, pos = [], 0
    for w in segmenter().cut(text, HMM=False):
        out.append((pos, pos + len(w.word), w.word, w.flag))
        pos += len(w.word)
    return out


#: ends of words that name a kind of body (促进会 is tagged a verb)
_NAME_ENDS = ("会", "办", "局", "厅", "部", "委", "队", "组", "社", "中心", "公司")


def clause_word_in(name: str) -> bool:
    """Whether ``name`` holds a word that no body name holds (按照, 再度, 使用, 入选 …)."""
    allowed = body_verbs()
    if name.endswith(("队", "组")):  # 福建省第十一批援宁工作队: a team's batch is part of its name
        name = re.sub(r"^第[一二三四五六七八九十百\d]+批", "", name)
    for _s, _e, w, t in tokens(name):
        if len(w) >= 3 and w.endswith(_NAME_ENDS):
            continue  # 促进会, 指挥部: a word that names a body, whatever its tag
        if t == "m" and not re.search(r"[零〇一二两三四五六七八九十百千万亿几数多第\d]", w):
            continue  # 号百信息服务分公司: 号 is a brand's character here, not a numeral
        if t in _CLAUSE_TAGS and w not in ("和", "与", "及"):
            return True
        if t == "v" and w not in allowed and len(w) >= 2:
            return True
    return False
