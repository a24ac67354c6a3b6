"""Reference catalogues: policies, programmes, national bodies, their local counterparts, indicators.

People curate five tab-separated tables in ``ontology/catalogues/`` (see the README there).
:func:`load_catalogue` reads them once and checks them (every reference resolves, every row
names its source); :class:`Catalogue` looks entries up by key, name or alias, and
:func:`build_catalogue_graph` writes them as RDF in the shape of ``docs/model.md`` (the
content of the ``graph/catalogue`` named graph). :func:`load_ontology` merges the ontology
modules ``ontology/*.ttl``.

Look-ups are exact on simplified Chinese; failing that, they compare a folded form that
ignores width (``（）`` = ``()``), dash variants (``－—–`` = ``-``), spaces, quotation marks
and book-title marks, so ``《乡村振兴战略规划(2018-2022年)》`` finds the plan.

Examples
--------
>>> cat = load_catalogue()
>>> cat.policy("网络扶贫行动").key
'wlfp-action-plan'
>>> [b.key for b in (cat.body("国家发改委"), cat.body("国务院扶贫办"))]
['ndrc', 'cpad']
>>> cat.counterpart("省发改委").full_name("河南省")
'河南省发展和改革委员会'
>>> cat.match_indicator("全省农村固定宽带家庭普及率达99%").key
'rural-fixed-broadband-household-penetration'

The indicator catalogue is a SKOS thesaurus: :meth:`Catalogue.link_indicator` links the
measured noun phrase of an outcome to its concept by labels, head noun and unit (see
:class:`IndicatorLinker`):

>>> [cat.match_indicator("实现光纤网络覆盖的行政村", u).name_zh for u in ("%", "个")]
['行政村通光纤比例', '通光纤行政村数量']
"""

from __future__ import annotations

import csv
import functools
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from rdflib import DCTERMS, RDF, RDFS, SKOS, XSD, Graph, Literal, URIRef

from kg.errors import InputError
from kg.resources import ontology_path
from kg.vocab import ID, ORG, POV, PREFIXES, place_iri

__all__ = [
    "PolicyEntry",
    "ProgrammeEntry",
    "BodyEntry",
    "CounterpartEntry",
    "IndicatorEntry",
    "IndicatorLink",
    "IndicatorLinker",
    "Catalogue",
    "unit_class",
    "BODY_KINDS",
    "COUNTERPART_LEVELS",
    "read_catalogue",
    "load_catalogue",
    "build_catalogue_graph",
    "load_ontology",
    "policy_iri",
    "programme_iri",
    "body_iri",
    "indicator_iri",
]

#: kinds of body (``bodies.tsv`` and ``counterparts.tsv``), and the class each is written as
BODY_KINDS: Mapping[str, URIRef] = {
    "government": POV.GovernmentBody,
    "party": POV.PartyBody,
    "enterprise": POV.Enterprise,
    "social": POV.SocialOrganisation,
}
#: levels of a counterpart, and the pov:Level individual each is
COUNTERPART_LEVELS: Mapping[str, URIRef] = {
    "provincial": POV.ProvincialLevel,
    "city": POV.CityLevel,
    "county": POV.CountyLevel,
}

_ZH = "zh-Hans"
_ISSUED = re.compile(r"^[0-9]{4}(-(0[1-9]|1[0-2])(-[0-9]{2})?)?$")


# --------------------------------------------------------------------------------------------
# entries
# --------------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class PolicyEntry:
    """A policy document or strategy (``policies.tsv``).

    Attributes
    ----------
    key : str
        Stable ASCII key; the IRI is ``id:policy/{key}``.
    name_zh, name_en : str
        Title in simplified Chinese and in English.
    aliases : tuple of str
        Other names reports use (``网络扶贫行动``).
    issued : str or None
        ``YYYY`` or ``YYYY-MM`` (or ``YYYY-MM-DD``).
    issuers : tuple of str
        Keys of the issuing national bodies, one per body.
    based_on : str or None
        Key of the policy this one is based on.
    source : str
        Where the entry comes from.
    """

    key: str
    name_zh: str
    name_en: str
    aliases: tuple[str, ...]
    issued: str | None
    issuers: tuple[str, ...]
    based_on: str | None
    source: str


@dataclass(frozen=True, slots=True)
class ProgrammeEntry:
    """A programme (工程), part of a policy (``programmes.tsv``)."""

    key: str
    name_zh: str
    name_en: str
    aliases: tuple[str, ...]
    policy: str
    source: str


@dataclass(frozen=True, slots=True)
class BodyEntry:
    """A national body (``bodies.tsv``).

    ``name_zh`` is the full official name; the first alias, when there is one, is the short
    form people write (``中央网信办``) and serves as the display label.
    """

    key: str
    name_zh: str
    name_en: str
    aliases: tuple[str, ...]
    kind: str
    parent: str | None
    successor: str | None
    source: str

    @property
    def label(self) -> str:
        """The display name: the usual short form (first alias), else the full name.

        >>> load_catalogue().body("cac").label
        '中央网信办'
        """
        return self.aliases[0] if self.aliases else self.name_zh


@dataclass(frozen=True, slots=True)
class CounterpartEntry:
    """A local body that mirrors a national one, as a naming pattern (``counterparts.tsv``).

    ``short`` is written with the generic level prefix (``省委网信办``, ``市发展改革委``); the
    templates take the full name of the place (``{place}`` = ``河南省``, ``郑州市``) or its
    English name (``{place_en}``).

    Examples
    --------
    >>> c = load_catalogue().counterpart("省委网信办")
    >>> c.national, c.level
    ('cac', 'provincial')
    >>> c.full_name("河南省"), c.short_name("河南省")
    ('河南省委网络安全和信息化委员会办公室', '河南省委网信办')
    >>> c.name_en("Henan Province")
    'Cyberspace Affairs Office of the Henan Province Party Committee'
    """

    key: str
    national: str
    level: str
    short: str
    aliases: tuple[str, ...]
    full_template: str
    short_template: str
    en_template: str
    kind: str
    source: str

    def full_name(self, place_name: str) -> str:
        """The official full name for a place (its full Chinese name)."""
        return self.full_template.replace("{place}", place_name)

    def short_name(self, place_name: str) -> str:
        """The usual short name for a place (its full Chinese name)."""
        return self.short_template.replace("{place}", place_name)

    def name_en(self, place_en: str) -> str:
        """The English name for a place (its English name)."""
        return self.en_template.replace("{place_en}", place_en)


@dataclass(frozen=True, slots=True)
class IndicatorEntry:
    """An indicator concept of the thesaurus (``indicators.tsv``).

    Attributes
    ----------
    key : str
        Stable ASCII key; the IRI is ``id:indicator/{key}``.
    name_zh, name_en : str
        The preferred labels (``skos:prefLabel``), Chinese and English.
    aliases : tuple of str
        The other wordings reports use (``skos:altLabel``), simplified Chinese.
    programme : str or None
        Key of the programme (工程) the indicator measures.
    unit : str or None
        The unit its figures come in (``%``, ``个``, ``元`` …).
    source : str
        Where the concept comes from.
    definition : str
        What it measures (``skos:definition``, English).
    """

    key: str
    name_zh: str
    name_en: str
    aliases: tuple[str, ...]
    programme: str | None
    unit: str | None
    source: str
    definition: str = ""

    @property
    def unit_class(self) -> str | None:
        """The class of its unit (see :func:`unit_class`).

        >>> load_catalogue().indicator("行政村通光纤比例").unit_class
        'share'
        """
        return unit_class(self.unit)


# --------------------------------------------------------------------------------------------
# the catalogue
# --------------------------------------------------------------------------------------------
_E = TypeVar("_E", PolicyEntry, ProgrammeEntry, BodyEntry, CounterpartEntry, IndicatorEntry)

_FOLD_DROP = dict.fromkeys(map(ord, " \t\u3000《》〈〉<>“”‘’\"'「」『』"), None)
_DASHES = re.compile(r"[‐‑‒–—―−－~～]")


def _fold(name: str) -> str:
    """The folded form compared when an exact look-up fails.

    >>> _fold("《乡村振兴战略规划（2018－2022年）》") == _fold("乡村振兴战略规划(2018—2022年)")
    True
    """
    return _DASHES.sub("-", unicodedata.normalize("NFKC", name).translate(_FOLD_DROP))


def _index(
    table: str, entries: Iterable[_E], forms: Callable[[_E], Iterable[str]]
) -> tuple[dict[str, _E], dict[str, _E]]:
    exact: dict[str, _E] = {}
    folded: dict[str, _E] = {}
    for e in entries:
        for form in dict.fromkeys(forms(e)):
            for index, f in ((exact, form), (folded, _fold(form))):
                other = index.get(f)
                if other is not None and other is not e:
                    raise InputError(f"{table}: {form!r} names both {other.key!r} and {e.key!r}")
                index[f] = e
    return exact, folded


def _find(index: tuple[dict[str, _E], dict[str, _E]], name: str) -> _E | None:
    exact, folded = index
    hit = exact.get(name.strip())
    return hit if hit is not None else folded.get(_fold(name))


class Catalogue:
    """The five reference tables, with look-ups by key, name and alias.

    Parameters
    ----------
    policies, programmes, bodies, counterparts, indicators : sequence of entries
        The rows of each table, in catalogue order.

    Raises
    ------
    kg.errors.InputError
        When one name or alias stands for two entries of the same table.
    """

    __slots__ = (
        "policies",
        "programmes",
        "bodies",
        "counterparts",
        "indicators",
        "_policy",
        "_programme",
        "_body",
        "_counterpart",
        "_indicator",
        "_linker",
    )

    def __init__(
        self,
        policies: Sequence[PolicyEntry],
        programmes: Sequence[ProgrammeEntry],
        bodies: Sequence[BodyEntry],
        counterparts: Sequence[CounterpartEntry],
        indicators: Sequence[IndicatorEntry],
    ) -> None:
        self.policies: tuple[PolicyEntry, ...] = tuple(policies)
        self.programmes: tuple[ProgrammeEntry, ...] = tuple(programmes)
        self.bodies: tuple[BodyEntry, ...] = tuple(bodies)
        self.counterparts: tuple[CounterpartEntry, ...] = tuple(counterparts)
        self.indicators: tuple[IndicatorEntry, ...] = tuple(indicators)
        self._policy = _index("policies", self.policies, lambda e: (e.key, e.name_zh, *e.aliases))
        self._programme = _index("programmes", self.programmes, lambda e: (e.key, e.name_zh, *e.aliases))
        self._body = _index("bodies", self.bodies, lambda e: (e.key, e.name_zh, *e.aliases))
        self._counterpart = _index("counterparts", self.counterparts, lambda e: (e.short, *e.aliases))
        self._indicator = _index("indicators", self.indicators, lambda e: (e.key, e.name_zh, *e.aliases))
        self._linker: IndicatorLinker | None = None  # built on the first link_indicator

    def policy(self, name: str) -> PolicyEntry | None:
        """A policy by key, title or alias.

        >>> load_catalogue().policy("数字乡村发展战略纲要").issuers
        ('cpc-general-office', 'state-council-general-office')
        """
        return _find(self._policy, name)

    def programme(self, name: str) -> ProgrammeEntry | None:
        """A programme by key, name or alias.

        >>> load_catalogue().programme("网络扶智").name_zh
        '网络扶智工程'
        """
        return _find(self._programme, name)

    def body(self, name: str) -> BodyEntry | None:
        """A national body by key, full name or alias.

        >>> load_catalogue().body("国家互联网信息办公室").key
        'cac'
        """
        return _find(self._body, name)

    def counterpart(self, short: str) -> CounterpartEntry | None:
        """A local body pattern by its short form or an alias as written (``省委网信办``, ``省发改委``).

        >>> load_catalogue().counterpart("省通信管理局").national
        'miit'
        """
        return _find(self._counterpart, short)

    def indicator(self, name: str) -> IndicatorEntry | None:
        """An indicator by key, name or alias.

        >>> load_catalogue().indicator("贫困村光纤通达率").key
        'poor-village-fibre-access'
        """
        return _find(self._indicator, name)

    def match_indicator(
        self, text: str, unit: str | None = None, context: str | None = None
    ) -> IndicatorEntry | None:
        """The indicator concept a phrase (or a sentence) measures, or None when nothing fits.

        Parameters
        ----------
        text : str
            The measured noun phrase as read from a sentence (``全省行政村通光纤比例``), or a
            whole clause (``建成益农信息社40285个``).
        unit : str, optional
            The unit of the figure (``%``, ``个``, ``万元`` …): a label of a concept measured
            in another kind of unit does not fit (a share is not a count).
        context : str, optional
            The text before the phrase, for a phrase that refers back to a measure named
            there (国家级示范县 after 电子商务进农村示范县).

        Notes
        -----
        See :class:`IndicatorLinker` for the rules; :meth:`link_indicator` also says which
        rule linked and on which label.

        Examples
        --------
        >>> cat = load_catalogue()
        >>> cat.match_indicator("建成益农信息社40285个").key
        'yinong-information-centres'
        >>> cat.match_indicator("20户以上自然村光纤宽带和4G网络全覆盖").name_zh
        '20户以上自然村光纤宽带和4G网络覆盖率'
        >>> cat.match_indicator("保持攻坚态势") is None
        True
        """
        link = self.link_indicator(text, unit, context)
        return link.entry if link is not None else None

    def link_indicator(
        self, text: str, unit: str | None = None, context: str | None = None
    ) -> IndicatorLink | None:
        """Like :meth:`match_indicator`, with the rule that linked and the label it linked on.

        >>> link = load_catalogue().link_indicator("全省贫困村光纤通达率达98%", "%")
        >>> link.entry.name_zh, link.rule, link.label
        ('贫困村通光纤比例', 'label', '贫困村光纤通达率')
        """
        if self._linker is None:
            self._linker = IndicatorLinker(self.indicators)
        return self._linker.link(text, unit, context)

    def __repr__(self) -> str:
        return (
            f"<Catalogue policies={len(self.policies)} programmes={len(self.programmes)} "
            f"bodies={len(self.bodies)} counterparts={len(self.counterparts)} indicators={len(self.indicators)}>"
        )


# --------------------------------------------------------------------------------------------
# linking an outcome's indicator phrase to a concept
# --------------------------------------------------------------------------------------------
#: unit as written (after the extractor's normalisation) -> the class of unit; anything not
#: listed is a count (个, 家, 户, 人次, 场次 …)
_UNIT_CLASSES: Mapping[str, str] = {
    **dict.fromkeys(("%", "％", "‰", "个百分点", "百分点", "成", "倍"), "share"),
    **dict.fromkeys(("元", "万元", "亿元", "万亿元", "千元", "美元", "万美元", "亿美元"), "money"),
    **dict.fromkeys(("位", "名次", "rank"), "rank"),
    **dict.fromkeys(("公里", "千米", "km", "米", "万公里", "皮长公里", "芯公里"), "length"),
    **dict.fromkeys(("平方公里", "平方千米", "km²", "亩", "万亩", "平方米", "公顷"), "area"),
    **dict.fromkeys(("Mbps", "Mbit/s", "M", "兆", "Gbps", "G", "千兆", "百兆"), "speed"),
}


@functools.cache
def unit_class(unit: str | None) -> str | None:
    """The class of a unit: ``share``, ``money``, ``rank``, ``length``, ``area``, ``speed`` or ``count``.

    Figures of different classes never measure one indicator; within a class the unit only
    breaks ties (户 and 人 are both counts).

    >>> [unit_class(u) for u in ("%", "亿元", "个", "户次", "公里", None)]
    ['share', 'money', 'count', 'count', 'length', None]
    """
    if not unit:
        return None
    u = unicodedata.normalize("NFKC", unit).strip()
    return _UNIT_CLASSES.get(u) or _UNIT_CLASSES.get(u.upper()) or "count"


#: the head (last word) of a phrase, when it says what class of figure the phrase measures
_HEADS: tuple[tuple[str, str], ...] = (
    ("排名", "rank"), ("位次", "rank"), ("名次", "rank"), ("排位", "rank"),
    ("比例", "share"), ("占比", "share"), ("比重", "share"), ("百分比", "share"),
    ("增长", "share"), ("增速", "share"), ("增幅", "share"), ("率", "share"),
    ("额", "money"), ("资金", "money"), ("投资", "money"), ("收入", "money"), ("补助", "money"),
    ("配套", "money"), ("捐款", "money"), ("善款", "money"), ("产值", "money"), ("经费", "money"),
)
#: heads of a growth rate (a share that is a change, not a part of a whole)
_GROWTH = ("增长", "增速", "增幅", "增长率", "增速率", "增幅率")
#: the kinds of place or unit a rate or count is about; a phrase about one is not about another
_SUBJECTS = ("行政村", "自然村", "贫困村", "建制村", "贫困县", "乡镇", "中小学", "学校", "贫困户", "农户")
#: suffixes that turn the thing counted into its count (专递课堂数量 -> 专递课堂)
_COUNT_SUFFIXES = ("数量", "总数", "个数", "户数", "人数", "次数", "规模", "场次", "人次", "户次", "数", "金额")

# words before the measure that are scope, time or manner, not the measure (dropped in front)
_LEAD_WORDS = tuple(sorted({
    "全省各市县", "全省各地", "全国各地", "全市各县", "各市县", "各县市区", "各县区",
    "全省", "全市", "全县", "全区", "全州", "全盟", "全旗", "全镇", "全乡", "全村", "全国",
    "我省", "我市", "我县", "我区", "我州", "我盟", "我旗", "本省", "本市", "本县", "本区",
    "各地", "各市", "各县", "各区", "各级", "省内", "市内", "县内", "区内", "境内", "辖区内",
    "今年以来", "去年以来", "近年来", "近两年来", "近三年来", "近年", "近两年", "近三年",
    "今年", "去年", "明年", "当年", "同年", "上半年", "下半年", "前三季度", "一季度", "二季度",
    "三季度", "四季度", "全年", "年底", "年末", "年初", "年内", "同期", "期间", "届时", "目前",
    "当前", "现阶段", "现有", "截至目前", "截至", "截止", "累计", "合计", "共计", "总计", "其中",
    "共", "已", "均", "全部", "所有", "十三五期间", "十四五期间", "十三五", "十四五", "十三五时期",
    "十四五时期", "此外", "同时", "另外", "一是", "二是", "三是",
}, key=len, reverse=True))
_LEAD_BY_FIRST: dict[str, tuple[str, ...]] = {
    c: tuple(w for w in _LEAD_WORDS if w[0] == c) for c in {w[0] for w in _LEAD_WORDS}
}
_TIME = re.compile(
    r"(?:截至|截止|到|至|自|从|于)?"
    r"(?:(?:19|20)\d{2}年度?(?:[0-9一二三四五六七八九十]{1,3}月(?:\d{1,2}日)?)?"
    r"|[0-9一二三四五六七八九十]{1,3}月(?:\d{1,2}日)?|\d{1,2}日)"
    r"(?:[-—~至到][0-9一二三四五六七八九十]{1,3}月)?(?:底|末|初|前|以来|止|份|上旬|中旬|下旬)?"
)
_PAREN = re.compile(r"[(（][^()（）]{0,8}[)）]")
_DROP = dict.fromkeys(map(ord, " \t\u3000《》〈〉<>“”‘’\"'「」『』、·"), None)
_TRAILING = "达为是有共约超近逾的了"


def _indicator_fold(text: str) -> str:
    """The form labels and phrases are compared in: simplified, NFKC, no spaces or quotes, upper-case Latin.

    >>> _indicator_fold("貧困村 通光纖（含教學點）比例")
    '贫困村通光纤比例'
    """
    from kg.normalise import to_simplified

    s = to_simplified(unicodedata.normalize("NFKC", text)).translate(_DROP)
    s = _PAREN.sub("", s).replace("嘎查村", "村")  # Inner Mongolia's villages are villages
    return "".join(c.upper() if c.isascii() else c for c in s)


@functools.cache
def _place_prefixes() -> dict[str, tuple[str, ...]]:
    """Place names that may open a phrase, by first character, longest first.

    Full names of every division; short forms of provinces and cities only (a county's short
    form is often an ordinary word: 新建区 is 新建).
    """
    from kg.gazetteer import load_gazetteer

    names: set[str] = set()
    for d in load_gazetteer():
        names.add(d.name)
        if d.level in ("country", "province", "city"):
            names.update(n for n in d.names if len(n) >= 2)
    by_first: dict[str, list[str]] = {}
    for n in names:
        by_first.setdefault(n[0], []).append(n)
    return {c: tuple(sorted(ns, key=len, reverse=True)) for c, ns in by_first.items()}


def _strip_front(s: str) -> str:
    """Drop place, scope and time words in front of the measure, repeatedly."""
    places = _place_prefixes()
    while s:
        before = s
        m = _TIME.match(s)
        if m and m.end() > 0:
            s = s[m.end():]
        for w in places.get(s[:1], ()):
            if s.startswith(w):
                s = s[len(w):]
                break
        for w in _LEAD_BY_FIRST.get(s[:1], ()):
            if s.startswith(w):
                s = s[len(w):]
                break
        s = s.lstrip("的,，:：")
        if s == before:
            break
    return s


def _bigrams(s: str) -> frozenset[str]:
    return frozenset(s[i : i + 2] for i in range(len(s) - 1))


@dataclass(frozen=True, slots=True)
class IndicatorLink:
    """How a phrase was linked to an indicator concept.

    Attributes
    ----------
    entry : IndicatorEntry
        The concept.
    rule : str
        ``exact`` (the phrase is a label, or the thing a count label counts), ``label``
        (the longest label contained in the phrase) or ``head+unit`` (no label fits; the
        concept of the phrase's class of figure whose labels share most with it).
    label : str
        The label (folded) it linked on.
    phrase : str
        The phrase as compared, after dropping place, scope and time words.
    """

    entry: IndicatorEntry
    rule: str
    label: str
    phrase: str


class IndicatorLinker:
    """Links an outcome's indicator phrase to a concept by labels, head noun and unit.

    Built once from the concepts (:meth:`Catalogue.link_indicator` keeps one); every label
    and alternative label is folded (simplified, NFKC, no spaces, quotes or short
    parentheticals) and indexed by its first character, so a look-up costs a few dictionary
    probes per character of the phrase.

    The rules, in order:

    1. **normalise**: fold the phrase; drop years and months anywhere (纳入2018年电信普遍服务试点的盟市);
       drop in front, repeatedly, place names (全省, 我县, 湖南省, 江永县, 内蒙古), scope and time words
       (各地, 今年, 截至…, 届时, 其中) and 累计/共/已 (a cumulative figure is the measure itself).
       Nothing left (当前, 全省, a place alone) links nothing.
    2. **class of figure**: from the unit when there is one (``%`` share, ``元`` money,
       ``位`` rank, ``公里`` length, anything else a count), else from the head noun
       (…比例/…率/…增长: share; …额/…资金/…投资: money; …排名: rank). A concept fits only
       when its unit is of the same class: 实现光纤网络覆盖的行政村 at ``%`` is 行政村通光纤比例, at
       ``个`` it is 通光纤行政村数量.
    3. **exact**: the phrase is a label, or the thing a count concept counts (网店 for 网店数量).
    4. **label**: the longest label contained in the phrase that fits (the first in the
       phrase among equally long ones).
    5. **head+unit**: no label fits: among concepts of the phrase's class, the one with a
       label sharing most character pairs with the phrase (Dice ≥ 0.5, at least two pairs
       shared, 70 % of the label's pairs in the phrase, the thing a count counts named in the
       phrase, a growth rate only for a growth rate, the same kind of place: 贫困村… is not
       自然村…), so 纳入试点的行政村占西藏行政村总数比例
       finds 纳入电信普遍服务试点行政村占比, and 接入光纤的行政村 at ``%`` finds 行政村通光纤比例.
    6. **context**: with a ``context``, a phrase ending in the last three or more characters
       of a fitting label named there refers to that label's concept.

    Parameters
    ----------
    entries : iterable of IndicatorEntry
        The concepts.

    Examples
    --------
    >>> linker = IndicatorLinker(load_catalogue().indicators)
    >>> [linker.link(p, u).entry.name_zh for p, u in [("全省行政村通光纤比例", "%"), ("新建4G基站", "个")]]
    ['行政村通光纤比例', '新建4G基站数量']
    >>> linker.link("全省") is None and linker.link("包括", "个") is None
    True
    """

    __slots__ = ("_exact", "_by_first", "_by_bigram", "_forms")

    def __init__(self, entries: Iterable[IndicatorEntry]) -> None:
        entries = tuple(entries)
        labels: dict[str, IndicatorEntry] = {}
        for e in entries:
            for form in (e.name_zh, *e.aliases):
                f = _indicator_fold(form)
                if f and f not in labels:
                    labels[f] = e
        # the thing a count concept counts, when no label already says it: exact only if short
        stems: dict[str, IndicatorEntry | None] = {}
        for e in entries:
            if e.unit_class in ("share", "rank"):
                continue
            for form in (e.name_zh, *e.aliases):
                f = _indicator_fold(form)
                for suffix in _COUNT_SUFFIXES:
                    if f.endswith(suffix) and len(f) - len(suffix) >= 2:
                        stem = f[: -len(suffix)]
                        if stem not in labels:
                            stems[stem] = e if stems.get(stem, e) is e else None
                        break
        self._exact: dict[str, IndicatorEntry] = dict(labels)
        self._exact.update((k, v) for k, v in stems.items() if v is not None)
        contained = dict(labels)
        contained.update((k, v) for k, v in stems.items() if v is not None and len(k) >= 4)
        by_first: dict[str, list[tuple[str, IndicatorEntry]]] = {}
        for f, e in contained.items():
            by_first.setdefault(f[0], []).append((f, e))
        self._by_first: dict[str, tuple[tuple[str, IndicatorEntry], ...]] = {
            c: tuple(sorted(fs, key=lambda fe: -len(fe[0]))) for c, fs in by_first.items()
        }
        self._forms: tuple[tuple[str, frozenset[str], IndicatorEntry], ...] = tuple(
            (f, _bigrams(f), e) for f, e in contained.items()
        )
        by_bigram: dict[str, list[int]] = {}
        for i, (_, grams, _) in enumerate(self._forms):
            for g in grams:
                by_bigram.setdefault(g, []).append(i)
        self._by_bigram: dict[str, tuple[int, ...]] = {g: tuple(ix) for g, ix in by_bigram.items()}

    @staticmethod
    def normalise(phrase: str) -> str:
        """The phrase as compared: folded, without place, scope and time words in front.

        >>> IndicatorLinker.normalise("截至2019年底，全省累计建成益农信息社")
        '建成益农信息社'
        """
        s = _strip_front(_TIME.sub("", _indicator_fold(phrase)))
        while len(s) > 2 and s[-1] in _TRAILING:
            s = s[:-1]
        return s

    @staticmethod
    def head_class(phrase: str) -> str | None:
        """The class of figure a phrase's head noun names, if it names one.

        >>> [IndicatorLinker.head_class(p) for p in ("行政村通光纤比例", "农村网络零售额", "电商企业")]
        ['share', 'money', None]
        """
        for head, cls in _HEADS:
            if phrase.endswith(head):
                return cls
        return None

    def link(self, phrase: str, unit: str | None = None, context: str | None = None) -> IndicatorLink | None:
        """The concept the phrase measures (see the class docstring), or None.

        Parameters
        ----------
        phrase : str
            The measured noun phrase.
        unit : str, optional
            The unit of the figure.
        context : str, optional
            The text before the phrase (its sentence, the previous one). When nothing else
            fits, a phrase that ends like a label mentioned there is that label's concept:
            国家级示范县 after 电子商务进农村示范县 (rule ``context``).
        """
        s = self.normalise(phrase)
        if len(s) < 2:
            return None
        want = unit_class(unit) or self.head_class(s)

        def fits(e: IndicatorEntry) -> bool:
            return want is None or e.unit_class == want

        hit = self._exact.get(s)
        if hit is not None and fits(hit):
            return IndicatorLink(hit, "exact", s, s)
        found = self._longest(s, fits)
        if found is not None:
            return IndicatorLink(found[3], "label", found[2], s)
        link = self._by_similarity(s, want, unit)
        if link is None and context:
            link = self._by_context(s, _indicator_fold(context), fits)
        return link

    def _longest(self, s: str, fits: Callable[[IndicatorEntry], bool]) -> tuple[int, int, str, IndicatorEntry] | None:
        """The longest fitting label in ``s`` (the first among equally long ones): (length, at, label, entry)."""
        best: tuple[int, int, str, IndicatorEntry] | None = None
        for i, c in enumerate(s):
            for form, e in self._by_first.get(c, ()):
                if best is not None and len(form) < best[0]:
                    break
                if s.startswith(form, i) and fits(e):
                    if best is None or len(form) > best[0]:
                        best = (len(form), i, form, e)
                    break
        return best

    def _by_context(self, s: str, context: str, fits: Callable[[IndicatorEntry], bool]) -> IndicatorLink | None:
        """A phrase ending like a label named in the context (three characters or more) refers to it."""
        best: tuple[int, int, str, IndicatorEntry] | None = None
        for i, c in enumerate(context):
            for form, e in self._by_first.get(c, ()):
                if not (context.startswith(form, i) and fits(e)):
                    continue
                tail = 0
                while tail < min(len(form), len(s)) and form[-1 - tail] == s[-1 - tail]:
                    tail += 1
                if tail >= 3 and (best is None or (tail, i) > best[:2]):
                    best = (tail, i, form, e)
        return IndicatorLink(best[3], "context", best[2], s) if best is not None else None

    def _by_similarity(self, s: str, want: str | None, unit: str | None) -> IndicatorLink | None:
        grams = _bigrams(s)
        shared: dict[int, int] = {}
        for g in grams:
            for i in self._by_bigram.get(g, ()):
                shared[i] = shared.get(i, 0) + 1
        best: tuple[float, int, int] | None = None
        growth = s.endswith(_GROWTH)
        subjects = {w for w in _SUBJECTS if w in s}
        for i, n in shared.items():
            form, fgrams, e = self._forms[i]
            if n < 2 or (want is not None and e.unit_class != want):
                continue
            # the head must agree: a count counts a thing the phrase names (…基地 is not …村;
            # 行政村通光纤 counts 村), and a share is a growth rate exactly when the phrase is
            # one (…比重 is not …增长率)
            if e.unit_class == "count" and form[-1] not in s:
                continue
            if e.unit_class == "share" and form.endswith(_GROWTH) != growth:
                continue
            # and so must what is measured: 贫困村… is not 自然村…
            theirs = {w for w in _SUBJECTS if w in form}
            if subjects and theirs and not subjects & theirs:
                continue
            score = 2 * n / (len(grams) + len(fgrams))
            rank = (score, int(e.unit == unit), -i)
            # most of the label must be in the phrase: 农村电商 is not 农村电商服务站
            if score >= 0.5 and n >= 0.7 * len(fgrams) and (best is None or rank > best):
                best = rank
        if best is None:
            return None
        form, _, e = self._forms[-best[2]]
        return IndicatorLink(e, "head+unit", form, s)


# --------------------------------------------------------------------------------------------
# reading and checking
# --------------------------------------------------------------------------------------------
_COLUMNS: Mapping[str, tuple[str, ...]] = {
    "policies": ("key", "name_zh", "name_en", "aliases", "issued", "issuers", "based_on", "source"),
    "programmes": ("key", "name_zh", "name_en", "aliases", "policy", "source"),
    "bodies": ("key", "name_zh", "aliases", "name_en", "kind", "parent", "successor", "source"),
    "counterparts": (
        "key",
        "national",
        "level",
        "short",
        "aliases",
        "full_template",
        "short_template",
        "en_template",
        "kind",
        "source",
    ),
    "indicators": ("key", "name_zh", "name_en", "aliases", "programme", "unit", "definition", "source"),
}
#: columns that may be empty
_OPTIONAL = frozenset(
    {"aliases", "issued", "issuers", "based_on", "parent", "successor", "programme", "unit"}
)
_KEY = re.compile(r"^[a-z0-9][a-z0-9-]*$")


def _rows(path: Path, table: str) -> list[dict[str, str]]:
    try:
        with path.open(encoding="utf-8", newline="") as f:
            reader = csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE)
            missing = [c for c in _COLUMNS[table] if c not in (reader.fieldnames or ())]
            if missing:
                raise InputError(f"{path}: missing column(s) {', '.join(missing)}")
            rows = []
            for n, row in enumerate(reader, start=2):
                values = {c: (row.get(c) or "").strip() for c in _COLUMNS[table]}
                if not any(values.values()):
                    continue
                empty = [c for c, v in values.items() if not v and c not in _OPTIONAL]
                if empty:
                    raise InputError(f"{path}:{n}: empty {', '.join(empty)}")
                if not _KEY.match(values["key"]):
                    raise InputError(f"{path}:{n}: key {values['key']!r} is not a lower-case ASCII slug")
                rows.append(values)
            return rows
    except OSError as exc:
        raise InputError(f"cannot read catalogue {path}: {exc}") from exc


def _split(value: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(v.strip() for v in value.split("|") if v.strip()))


def _opt(value: str) -> str | None:
    return value or None


def read_catalogue(folder: Path | str) -> Catalogue:
    """Read and check the five tables in ``folder``.

    Parameters
    ----------
    folder : path
        A folder with ``policies.tsv``, ``programmes.tsv``, ``bodies.tsv``,
        ``counterparts.tsv`` and ``indicators.tsv``.

    Raises
    ------
    kg.errors.InputError
        When a table cannot be read, lacks a column or a required value, or refers to an
        entry that does not exist.
    """
    folder = Path(folder)
    rows = {table: _rows(folder / f"{table}.tsv", table) for table in _COLUMNS}
    cat = Catalogue(
        policies=[
            PolicyEntry(
                r["key"],
                r["name_zh"],
                r["name_en"],
                _split(r["aliases"]),
                _opt(r["issued"]),
                _split(r["issuers"]),
                _opt(r["based_on"]),
                r["source"],
            )
            for r in rows["policies"]
        ],
        programmes=[
            ProgrammeEntry(
                r["key"], r["name_zh"], r["name_en"], _split(r["aliases"]), r["policy"], r["source"]
            )
            for r in rows["programmes"]
        ],
        bodies=[
            BodyEntry(
                r["key"],
                r["name_zh"],
                r["name_en"],
                _split(r["aliases"]),
                r["kind"],
                _opt(r["parent"]),
                _opt(r["successor"]),
                r["source"],
            )
            for r in rows["bodies"]
        ],
        counterparts=[
            CounterpartEntry(
                r["key"],
                r["national"],
                r["level"],
                r["short"],
                _split(r["aliases"]),
                r["full_template"],
                r["short_template"],
                r["en_template"],
                r["kind"],
                r["source"],
            )
            for r in rows["counterparts"]
        ],
        indicators=[
            IndicatorEntry(
                r["key"],
                r["name_zh"],
                r["name_en"],
                _split(r["aliases"]),
                _opt(r["programme"]),
                _opt(r["unit"]),
                r["source"],
                r["definition"],
            )
            for r in rows["indicators"]
        ],
    )
    problems = list(_problems(cat))
    if problems:
        raise InputError(f"catalogue {folder}: " + "; ".join(problems))
    return cat


def _problems(cat: Catalogue) -> Iterable[str]:
    """Broken references and bad values (each as one readable line)."""
    for table in ("policies", "programmes", "bodies", "counterparts", "indicators"):
        keys = [e.key for e in getattr(cat, table)]
        for k in sorted({k for k in keys if keys.count(k) > 1}):
            yield f"{table}: key {k!r} is used twice"
    policies = {e.key for e in cat.policies}
    programmes = {e.key for e in cat.programmes}
    bodies = {e.key for e in cat.bodies}
    for p in cat.policies:
        if p.issued is not None and not _ISSUED.match(p.issued):
            yield f"policies: {p.key}: issued {p.issued!r} is not YYYY, YYYY-MM or YYYY-MM-DD"
        yield from (f"policies: {p.key}: unknown issuer {b!r}" for b in p.issuers if b not in bodies)
        if p.based_on is not None and p.based_on not in policies:
            yield f"policies: {p.key}: unknown based_on {p.based_on!r}"
    for g in cat.programmes:
        if g.policy not in policies:
            yield f"programmes: {g.key}: unknown policy {g.policy!r}"
    for b in cat.bodies:
        if b.kind not in BODY_KINDS:
            yield f"bodies: {b.key}: kind {b.kind!r} is not one of {', '.join(BODY_KINDS)}"
        for col, ref in (("parent", b.parent), ("successor", b.successor)):
            if ref is not None and ref not in bodies:
                yield f"bodies: {b.key}: unknown {col} {ref!r}"
    for c in cat.counterparts:
        if c.national not in bodies:
            yield f"counterparts: {c.key}: unknown national body {c.national!r}"
        if c.level not in COUNTERPART_LEVELS:
            yield f"counterparts: {c.key}: level {c.level!r} is not one of {', '.join(COUNTERPART_LEVELS)}"
        if c.kind not in BODY_KINDS:
            yield f"counterparts: {c.key}: kind {c.kind!r} is not one of {', '.join(BODY_KINDS)}"
        for col in ("full_template", "short_template"):
            if "{place}" not in getattr(c, col):
                yield f"counterparts: {c.key}: {col} lacks {{place}}"
        if "{place_en}" not in c.en_template:
            yield f"counterparts: {c.key}: en_template lacks {{place_en}}"
    english: dict[str, str] = {}
    for i in cat.indicators:
        if i.programme is not None and i.programme not in programmes:
            yield f"indicators: {i.key}: unknown programme {i.programme!r}"
        other = english.setdefault(i.name_en.casefold(), i.key)
        if other != i.key:
            yield f"indicators: {i.key}: name_en {i.name_en!r} is also the name of {other!r}"


@functools.cache
def load_catalogue() -> Catalogue:
    """The bundled catalogue (``ontology/catalogues/*.tsv``), read once.

    >>> load_catalogue() is load_catalogue()
    True
    """
    return read_catalogue(ontology_path("catalogues"))


# --------------------------------------------------------------------------------------------
# RDF
# --------------------------------------------------------------------------------------------
def policy_iri(key: str) -> URIRef:
    """``id:policy/{key}``.

    >>> policy_iri("wlfp-action-plan")
    rdflib.term.URIRef('https://w3id.org/povkg/id/policy/wlfp-action-plan')
    """
    return ID[f"policy/{key}"]


def programme_iri(key: str) -> URIRef:
    """``id:programme/{key}``."""
    return ID[f"programme/{key}"]


def body_iri(key: str) -> URIRef:
    """``id:org/cn/{key}``, the IRI of a national body."""
    return ID[f"org/cn/{key}"]


def indicator_iri(key: str) -> URIRef:
    """``id:indicator/{key}``."""
    return ID[f"indicator/{key}"]


def _date(value: str) -> Literal:
    datatype = {4: XSD.gYear, 7: XSD.gYearMonth}.get(len(value), XSD.date)
    return Literal(value, datatype=datatype)


def build_catalogue_graph(catalogue: Catalogue | None = None) -> Graph:
    """Policies, programmes, national bodies and indicators as RDF (the ``graph/catalogue`` content).

    Parameters
    ----------
    catalogue : Catalogue, optional
        Defaults to :func:`load_catalogue`.

    Examples
    --------
    >>> from kg.vocab import POV
    >>> g = build_catalogue_graph()
    >>> plan = policy_iri("wlfp-action-plan")
    >>> sorted(str(o).rsplit("/", 1)[1] for o in g.objects(plan, POV.isIssuedBy))
    ['cac', 'cpad', 'ndrc']
    >>> str(g.value(plan, DCTERMS.issued))
    '2016-10'
    """
    cat = catalogue if catalogue is not None else load_catalogue()
    g = Graph()
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns)
    add = g.add

    def names(s: URIRef, zh: str, en: str, aliases: Iterable[str], key: str, source: str) -> None:
        add((s, RDFS.label, Literal(zh, lang=_ZH)))
        add((s, RDFS.label, Literal(en, lang="en")))
        for a in aliases:
            if a != zh:
                add((s, SKOS.altLabel, Literal(a, lang=_ZH)))
        add((s, POV.catalogueKey, Literal(key)))
        add((s, DCTERMS.source, Literal(source)))

    for p in cat.policies:
        s = policy_iri(p.key)
        add((s, RDF.type, POV.Policy))
        names(s, p.name_zh, p.name_en, p.aliases, p.key, p.source)
        for issuer in p.issuers:
            add((s, POV.isIssuedBy, body_iri(issuer)))
        if p.issued:
            add((s, DCTERMS.issued, _date(p.issued)))
        if p.based_on:
            add((s, POV.isBasedOn, policy_iri(p.based_on)))
    for r in cat.programmes:
        s = programme_iri(r.key)
        add((s, RDF.type, POV.Programme))
        names(s, r.name_zh, r.name_en, r.aliases, r.key, r.source)
        add((s, DCTERMS.isPartOf, policy_iri(r.policy)))
    country = place_iri("100000")
    for b in cat.bodies:
        s = body_iri(b.key)
        add((s, RDF.type, BODY_KINDS[b.kind]))
        names(s, b.label, b.name_en, (b.name_zh, *b.aliases), b.key, b.source)
        add((s, POV.level, POV.NationalLevel))
        add((s, POV.serves, country))
        if b.parent:
            add((s, ORG.subOrganizationOf, body_iri(b.parent)))
        if b.successor:
            add((s, DCTERMS.isReplacedBy, body_iri(b.successor)))
    for i in cat.indicators:
        s = indicator_iri(i.key)
        add((s, RDF.type, POV.Indicator))
        add((s, RDF.type, SKOS.Concept))
        names(s, i.name_zh, i.name_en, i.aliases, i.key, i.source)
        add((s, SKOS.prefLabel, Literal(i.name_zh, lang=_ZH)))
        add((s, SKOS.prefLabel, Literal(i.name_en, lang="en")))
        add((s, SKOS.inScheme, POV.IndicatorScheme))
        if i.definition:
            add((s, SKOS.definition, Literal(i.definition, lang="en")))
        if i.unit:
            add((s, POV.indicatorUnit, Literal(i.unit)))
        if i.programme:
            add((s, POV.measuresProgramme, programme_iri(i.programme)))
    return g


@functools.cache
def _ontology_nt() -> str:
    g = Graph()
    for path in sorted(ontology_path().glob("*.ttl")):
        try:
            g.parse(path, format="turtle")
        except Exception as exc:  # rdflib raises many parser exception types
            raise InputError(f"cannot parse ontology module {path.name}: {exc}") from exc
    return g.serialize(format="nt")


def load_ontology() -> Graph:
    """The ontology: every module ``ontology/*.ttl`` merged into one new graph.

    The modules are parsed once; each call returns a fresh graph the caller may change.

    >>> from rdflib import OWL, URIRef
    >>> g = load_ontology()
    >>> (URIRef("https://w3id.org/povkg/def"), OWL.versionInfo, None) in g
    True
    """
    g = Graph()
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns)
    g.parse(data=_ontology_nt(), format="nt")
    return g
