"""Extract policies, organisations, places, events and outcomes from a normalised report.

Extraction is pattern- and catalogue-driven and general for the genre (provincial, city
and county reports on 网络扶贫 / 数字乡村 work): nothing here knows any particular report.
It works on the normalised text (:mod:`kg.normalise`); every record carries its span there,
and :class:`Extraction` maps spans back to the original text for provenance.

The entry point is :func:`parse_report`; :meth:`Extraction.to_json` gives the extraction
contract read by ``score_extraction.py``.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache, lru_cache
from typing import Any

from kg.catalogue import Catalogue, CounterpartEntry, load_catalogue
from kg.gazetteer import Division, Gazetteer, load_gazetteer
from kg.normalise import NormalisedText, Sentence, normalise_text

__all__ = [
    "DocContext",
    "PolicyMention",
    "OrgMention",
    "PlaceMention",
    "Visit",
    "EventRecord",
    "OutcomeRecord",
    "Extraction",
    "parse_report",
    "parse_number",
]

HAN = "\u3400-\u4dbf\u4e00-\u9fff"
_IS_HAN = re.compile(f"[{HAN}]")


def _han(c: str) -> bool:
    return bool(c) and bool(_IS_HAN.match(c))


# --------------------------------------------------------------------------------------------
# records
# --------------------------------------------------------------------------------------------
@dataclass
class DocContext:
    """What the document is about: its province (and city/county), date and title."""

    key: str
    title: str | None = None
    date: str | None = None  # YYYY-MM-DD (or YYYY-MM)
    year: int | None = None
    province: str | None = None  # division code
    city: str | None = None
    county: str | None = None
    source: str | None = None
    publisher: str | None = None
    province_inferred: bool = True


@dataclass
class PolicyMention:
    name: str  # surface form, simplified, without 《》
    canonical: str
    key: str | None  # catalogue key, None when minted
    bracketed: bool
    spans: list[tuple[int, int]] = field(default_factory=list)
    aliases: set[str] = field(default_factory=set)


@dataclass
class OrgMention:
    name: str  # surface form as written
    canonical: str  # scoped short name: 河南省委网信办
    full_name: str | None  # official full name where the catalogue knows it
    name_en: str | None
    key: str  # resolution key: "<scope>/<catalogue key or slug>"
    catalogue_key: str | None
    national: str | None  # national body key it mirrors (counterpart) or is
    kind: str  # government | party | enterprise | social
    level: str | None  # national | provincial | city | county
    scope: str | None  # place code
    spans: list[tuple[int, int]] = field(default_factory=list)
    aliases: set[str] = field(default_factory=set)


@dataclass
class PlaceMention:
    name: str  # canonical name (full division name, or as written for townships/sites)
    level: str  # country|province|city|county|township|village|site
    code: str | None  # GB/T 2260 code for divisions
    parent: str | None  # key of the enclosing place (code or nested key)
    key: str  # code, or "<parent key>/<name>" for townships, villages and sites
    inferred: bool = False
    spans: list[tuple[int, int]] = field(default_factory=list)
    surface: set[str] = field(default_factory=set)


@dataclass
class Visit:
    place: str  # place key
    name: str  # place name as written
    sentence: int
    span: tuple[int, int]


@dataclass
class EventRecord:
    name: str
    kind: str  # meeting | mentioned
    date: str | None
    end_date: str | None
    place: str | None  # place name
    place_key: str | None
    span: tuple[int, int]
    sentence: int
    held: bool
    hosts: list[str] = field(default_factory=list)  # org keys, in order
    organisers: list[str] = field(default_factory=list)
    guides: list[str] = field(default_factory=list)
    speakers: list[str] = field(default_factory=list)
    attendees: list[str] = field(default_factory=list)
    implements: list[str] = field(default_factory=list)  # policy keys (canonical names)
    relays: list[str] = field(default_factory=list)  # event names
    visits: list[Visit] = field(default_factory=list)
    role_spans: dict[tuple[str, str], tuple[int, int]] = field(default_factory=dict)
    surfaces: dict[str, str] = field(default_factory=dict)  # org key -> as written where it first took a role


@dataclass
class OutcomeRecord:
    indicator: str
    indicator_key: str | None
    value: Decimal
    raw: str
    unit: str
    qualifier: str  # exact | more_than | at_least | about | less_than
    kind: str  # result | target | baseline
    scope: str | None  # place name
    scope_key: str | None
    as_of: str | None
    programme: str | None  # programme catalogue key
    policy: str | None  # policy catalogue key
    span: tuple[int, int]
    sentence: int
    event: int | None = None  # index into Extraction.events


@dataclass
class Extraction:
    """Everything read out of one report."""

    context: DocContext
    doc: NormalisedText
    policies: list[PolicyMention]
    organisations: list[OrgMention]
    places: list[PlaceMention]
    events: list[EventRecord]
    outcomes: list[OutcomeRecord]
    warnings: list[str] = field(default_factory=list)

    def org(self, key: str) -> OrgMention:
        return next(o for o in self.organisations if o.key == key)

    def place(self, key: str) -> PlaceMention | None:
        return next((p for p in self.places if p.key == key), None)

    def sentence_of(self, index: int) -> Sentence:
        return self.doc.sentences[index]

    def to_json(self) -> dict[str, Any]:
        """The extraction contract (the schema of ``score_extraction.py``)."""
        cat = load_catalogue()
        orgs = {o.key: o for o in self.organisations}

        def org_names(keys: list[str], ev: EventRecord | None = None) -> list[str]:
            names = [(ev.surfaces.get(k) if ev else None) or orgs[k].name for k in keys if k in orgs]
            return list(dict.fromkeys(names))

        def policy_name(key: str) -> str:
            p = next((p for p in self.policies if p.canonical == key), None)
            return p.name if p else key

        out: dict[str, Any] = {"doc": self.context.key}
        out["policies"] = [
            {"name": p.name, "canonical": p.canonical, "aliases": sorted(p.aliases - {p.name}), **({"key": p.key} if p.key else {})}
            for p in self.policies
        ]
        out["organisations"] = [
            {
                "name": o.name,
                "canonical": o.canonical,
                "aliases": sorted(a for a in o.aliases | ({o.full_name} if o.full_name else set()) if a != o.name),
                "level": o.level,
                "kind": o.kind,
                "scope": self._place_name(o.scope),
            }
            for o in self.organisations
        ]
        places = []
        for p in self.places:
            if p.level == "country":
                continue  # 全国 is context, not a place the report is about
            d: dict[str, Any] = {"name": p.name, "level": p.level}
            if p.surface - {p.name}:
                d["aliases"] = sorted(p.surface - {p.name})
            if p.code:
                d["code"] = p.code
            if p.inferred:
                d["inferred"] = True
            parent = self.place(p.parent) if p.parent else None
            if parent is not None:
                d["parent"] = parent.name
            elif p.parent and load_gazetteer().by_code(p.parent):
                d["parent"] = load_gazetteer().by_code(p.parent).name  # type: ignore[union-attr]
            places.append(d)
        out["places"] = places
        events = []
        for e in self.events:
            events.append(
                {
                    "name": e.name,
                    "date": e.date,
                    "place": e.place,
                    # the scorer's fields: hosts include 承办/协办 organisers; attending bodies include attendees
                    "hosts": org_names(list(dict.fromkeys(e.hosts + e.organisers)), e),
                    "speakers_or_attending_bodies": org_names(list(dict.fromkeys(e.speakers + e.attendees)), e),
                    "speakers": org_names(e.speakers, e),
                    "attendees": org_names(e.attendees, e),
                    "guides": org_names(e.guides, e),
                    "organisers": org_names(e.organisers, e),
                    "implements": [policy_name(k) for k in e.implements],
                    "relays": list(e.relays),
                    "visits": [v.name for v in e.visits],
                    "held": e.held,
                }
            )
        out["events"] = events
        outs = []
        for o in self.outcomes:
            v = o.value
            value: int | float = int(v) if v == v.to_integral_value() else float(v)
            prog = cat.programme(o.programme) if o.programme else None
            d = {
                "indicator": o.indicator,
                "value": value,
                "unit": o.unit,
                "raw": o.raw,
                "kind": o.kind,
                "scope": o.scope,
            }
            if o.qualifier != "exact":
                d["qualifier"] = o.qualifier
            if prog:
                d["programme"] = prog.name_zh
            if o.as_of:
                d["as_of"] = o.as_of
            if o.indicator_key:
                d["indicator_key"] = o.indicator_key
            outs.append(d)
        out["outcomes"] = outs
        ctx = self.context
        out["context"] = {
            "title": ctx.title,
            "date": ctx.date,
            "province": self._place_name(ctx.province),
            "province_inferred": ctx.province_inferred,
        }
        if self.warnings:
            out["warnings"] = list(self.warnings)
        return out

    def _place_name(self, code: str | None) -> str | None:
        if not code:
            return None
        d = load_gazetteer().by_code(code)
        return d.name if d else code


# --------------------------------------------------------------------------------------------
# numbers
# --------------------------------------------------------------------------------------------
_CN_DIGIT = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_UNIT = {"十": 10, "百": 100, "千": 1000}
_MAG = {"万亿": Decimal(10) ** 12, "亿": Decimal(10) ** 8, "万": Decimal(10) ** 4, "千": Decimal(1000)}


def _cn_int(s: str) -> int | None:
    total, section, num = 0, 0, 0
    for c in s:
        if c in _CN_DIGIT:
            num = _CN_DIGIT[c]
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
            if ia is None or any(c not in _CN_DIGIT for c in b):
                return None
            base = Decimal(f"{ia}.{''.join(str(_CN_DIGIT[c]) for c in b)}")
        else:
            i = _cn_int(text)
            if i is None:
                return None
            base = Decimal(i)
    v = base * mag
    return v.normalize() if v != v.to_integral_value() else v.quantize(Decimal(1))


# --------------------------------------------------------------------------------------------
# lexicons
# --------------------------------------------------------------------------------------------
_NUM = r"(?:\d+(?:,\d{3})*(?:\.\d+)?|[零〇一二两三四五六七八九十百千]+(?:点[零〇一二三四五六七八九]+)?)"
_UNITS = [
    "个百分点", "万人次", "人次", "场次", "户次", "万户", "平方公里", "公里", "千米", "立方米", "平方米", "万人", "公顷",
    "%", "个", "元", "次", "场", "户", "所", "家", "人", "名", "项", "台", "座", "条", "套",
    "间", "亩", "吨", "件", "笔", "单", "篇", "期", "批", "处", "村", "县", "镇", "乡", "部", "只", "头", "份", "位",
    "款", "辆", "册", "种", "例", "台套",
]
_UNITS += ["倍", "斤", "万斤", "节", "Mbps", "Gbps", "兆"]
_UNIT_RE = "|".join(re.escape(u) for u in sorted(_UNITS, key=len, reverse=True))
_FRACTION = re.compile(
    r"(?P<pre>超过|不少于|不低于|不到|不足|接近|将近|近|约|逾|至少)?(?:(?P<tenths>[一二三四五六七八九])成|百分之(?P<pct>[\d.]+|[零一二三四五六七八九十百]+))"
    r"(?P<post>以上|左右|以下|多)?"
)
_FIGURE = re.compile(
    rf"(?P<pre>超过|不少于|不低于|不到|不足|接近|将近|近|约|逾|至少|突破)?"
    rf"(?P<num>{_NUM})(?P<q1>余|多)?(?P<mag>万亿|亿|万|千)?(?P<q2>余|多)?(?P<unit>{_UNIT_RE})"
    rf"(?P<post>以上|左右|以下|之多|余)?"
)
_QUAL = {
    "超过": "more_than", "逾": "more_than", "余": "more_than", "多": "more_than", "以上": "more_than",
    "突破": "more_than", "之多": "more_than", "不少于": "at_least", "不低于": "at_least", "至少": "at_least",
    "近": "about", "接近": "about", "将近": "about", "约": "about", "左右": "about",
    "不到": "less_than", "不足": "less_than", "以下": "less_than",
}
# units that make a Chinese-numeral figure too likely to be prose ("三个方面")
_LEAD_VERBS = (
    "累计实现", "累计完成", "累计建成", "累计培训", "累计开展", "累计", "共计", "共有", "共", "总计", "合计",
    "已经", "已", "新增", "新建", "建成", "建设", "打造", "培育", "认定", "开展", "组织", "举办", "实现",
    "完成", "达到", "达", "为", "有", "超过", "突破", "提高到", "提升到", "上升到", "增长到", "增加到",
    "增至", "提高至", "提升至", "提高", "提升", "增长", "增加", "同比增长", "覆盖", "培训", "接受", "帮助",
    "带动", "促进", "促成", "销售", "完成", "投入", "投资", "落实", "发放",
)
_STRIP_TAIL = ("达到了", "达到", "提高到", "提升到", "上升到", "增长到", "增加到", "增至", "超过", "突破", "约为",
               "分别为", "为", "达", "共计", "共", "累计", "合计", "总计", "已", "均", "以上", "实现", "近", "约", "逾")
_SCOPE_WORDS = ("全省", "我省", "本省", "全市", "我市", "本市", "全县", "我县", "本县", "全区", "我区", "本区",
                "全州", "全国", "各地", "全")
_PROGRAMME_HEADS = ("网络覆盖", "农村电商", "网络扶智", "信息服务", "网络公益")
_TITLE_WORDS = ("常委", "书记", "副书记", "委员", "主任", "副主任", "省长", "副省长", "市长", "副市长", "县长", "厅长",
                "局长", "部长", "处长", "主席", "秘书长", "巡视员")

_BOUNDARY_AFTER = set("由和及与向对经同为在、将请邀并于是从把被让给以") | {"\n"}
_LEVEL_PREFIXES = [
    "中共中央", "国务院", "中共", "中央", "国家", "全国", "团省委", "团市委", "团县委",
    "自治区党委", "自治区", "省委", "市委", "县委", "区委", "州委", "省", "市", "县", "区", "州", "盟",
]
_BODY_SUFFIXES = [
    "领导小组办公室", "领导小组", "委员会", "人民政府", "办公厅", "办公室", "管理局", "总局", "党委", "政府",
    "委", "办", "厅", "局", "部", "署", "总公司", "分公司", "公司", "集团", "银行", "基金会", "协会", "学会", "商会",
    "联合会", "研究院", "研究所", "大学", "学院", "学校", "中心", "妇联", "团委", "人大常委会", "政协",
]
_ENTERPRISE_SUFFIXES = ("公司", "集团", "银行", "总公司", "分公司")
_SOCIAL_SUFFIXES = ("基金会", "协会", "学会", "商会", "联合会", "研究院", "研究所", "大学", "学院", "学校", "妇联")
_BRANDS = (
    "中国移动", "中国联通", "中国电信", "中国铁塔", "中国邮政", "中国扶贫基金会", "中国农业银行", "中国建设银行",
    "中国工商银行", "阿里巴巴", "京东", "拼多多", "苏宁易购", "苏宁", "腾讯", "百度", "字节跳动", "抖音", "快手", "美团",
    "华为", "新浪", "网易", "搜狐", "滴滴", "淘宝", "天猫", "国家电网", "南方电网", "中国石化", "中国石油", "邮储银行",
)
_VERBS_BEFORE_BODY = frozenset(("依托", "联合", "会同", "组织", "邀请", "委托", "支持", "协调", "通过", "携手", "联手", "依靠",
                                "发动", "动员", "引导", "鼓励", "推动", "指导", "牵头", "包括", "以及", "其中", "来自", "会同",
                                "协助", "配合", "成立", "召集", "来自", "代表", "参加", "出席", "欢迎", "感谢"))
_BAD_CORE = set("的了是在将要等各有与和及对向从把被这那其该此并也都而或之已")
_BAD_CORE_WORDS = re.compile(
    r"主办|承办|协办|指导|出席|参加|召开|举办|举行|组织|联合|共同|负责|有关|相关|牵头|会同|配合|印发|发布|下发|开展|推进|"
    r"实施|主持|讲话|致辞|代表|同志|领导|成员|单位|部门|企业|社会|建成|依托|通过|利用|邀请|发动|动员|支持|引导|鼓励|依靠"
)
_EVENT_KEYS = (
    "电视电话会议", "视频会议", "现场推进会", "推进会", "现场会", "交流会", "座谈会", "博览会", "展览会", "启动仪式",
    "签约仪式", "揭牌仪式", "发布会", "研讨会", "培训班", "论坛", "峰会", "大会", "工作会议", "会议", "对接会",
    "推介会", "洽谈会", "观摩会", "调度会", "部署会", "总结会", "表彰会", "培训会", "动员会", "年会", "大赛", "赛事",
)
_GENERIC_EVENT = re.compile(r"^(?:此次|本次|这次|本届|此届|该|上述|各类|相关|有关|系列|重要|专题|全体)?(?:会议|大会|会上|论坛|会)$")
_HELD = re.compile(r"(?:召开|举行|举办|开幕|闭幕|启动|开展|成功举办|隆重举行)")
_SITE_SUFFIX = re.compile(
    rf"[{HAN}\d]{{1,12}}?(?:产业园区|电商产业园|产业园|工业园区|工业园|物流园|孵化园|示范园|科技园|园区|油茶园|茶园|果园|"
    rf"基地|服务中心|运营中心|示范点|服务站|合作社|扶贫车间|馆)"
)
_LOCAL_PLACE = re.compile(rf"([{HAN}]{{2,5}}?)(乡|镇|街道|苏木|村|社区|嘎查)")
_LOCAL_STOP = re.compile(
    r"[乡镇村城县市省区个各全该本每一二三四五六七八九十两的和与及]|特色|重点|中心|示范|试点|贫困|民族|建制|小|新型|美丽|数字|智慧|电商|淘宝|"
    r"专业|旅游|文明|卫生|生态|行政|自然|农|山|边远|偏远|深度|易地|搬迁|安置|所在|沿线|周边|附近|毗邻|周围|整|多|部分|少数|其他|"
    r"产业|明星|网红|直播|先进|标杆|样板|合作|社会|服务|管理|治理|建设|发展|覆盖|通|实现|开展|推进|组织|带动|"
    r"进|入|到|下|驻|托|施|宽带|网络|信息|光纤|电商|扶贫|脱贫|帮扶|结对|对口|包|联|党|干部|第一|书记|工作|队"
)
_STOP_SHORTS = {"中原", "新华", "城关", "和平", "长安", "永安", "平安", "安全", "新城", "开发", "高新", "经济", "城区",
                "东区", "西区", "南区", "北区", "郊区", "矿区", "市中", "中山", "白云", "青山", "红旗", "胜利",
                "朝阳", "建设", "解放", "人民", "光明", "文化", "新兴", "南京", "北京", "海南", "河南", "湖南", "河北",
                "湖北", "山东", "山西"}


@dataclass(frozen=True)
class _Lexicon:
    """Surface forms → what they are, for longest-match scanning."""

    forms: dict[str, list[tuple[str, str]]]  # surface -> [(kind, id)]
    max_len: int


@cache
def _org_lexicon() -> _Lexicon:
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
    for s in _BRANDS:
        forms.setdefault(s, []).append(("brand", s))
    return _Lexicon(forms, max(map(len, forms)))


@cache
def _place_forms() -> dict[str, list[str]]:
    return load_gazetteer().names()


@cache
def _policy_lexicon() -> dict[str, str]:
    cat = load_catalogue()
    out: dict[str, str] = {}
    for p in cat.policies:
        for s in (p.name_zh, *p.aliases):
            if len(s) >= 4:
                out.setdefault(s, p.key)
    return out


# --------------------------------------------------------------------------------------------
# the extractor
# --------------------------------------------------------------------------------------------
class _Extractor:
    def __init__(self, doc: NormalisedText, ctx: DocContext) -> None:
        self.doc = doc
        self.text = doc.text
        self.sentences = doc.sentences
        self.ctx = ctx
        self.gaz: Gazetteer = load_gazetteer()
        self.cat: Catalogue = load_catalogue()
        self.warnings: list[str] = []
        self.places: dict[str, PlaceMention] = {}
        self.place_spans: list[tuple[int, int, str]] = []  # (start, end, place key)
        self.place_at_start: dict[int, list[tuple[int, str]]] = {}  # start -> [(end, key)]
        self.place_at_end: dict[int, str] = {}  # end -> key
        self._place_index: list[tuple[int, int, str]] = []
        self.orgs: dict[str, OrgMention] = {}
        self.org_spans: list[tuple[int, int, str]] = []
        self.policies: dict[str, PolicyMention] = {}
        self.policy_spans: list[tuple[int, int, str]] = []
        self.events: list[EventRecord] = []
        self.outcomes: list[OutcomeRecord] = []
        self._sentence_hits: dict[tuple[int, str], list[re.Match[str]]] = {}
        self._held: list[EventRecord] = []
        self._held_starts: list[int] = []
        self._held_key = -1
        self._events_version = 0  # bumped whenever an event is added or becomes held
        self.sentence_at = [0] * (len(self.text) + 1)
        for s in self.sentences:
            for i in range(s.start, s.end + 1):
                self.sentence_at[i] = s.index

    # ---------------------------------------------------------------- context
    def infer_context(self) -> None:
        ctx = self.ctx
        text = self.text
        if ctx.date and not ctx.year:
            ctx.year = int(ctx.date[:4])
        if not ctx.date:
            head = text[:200]
            m = re.search(r"(20\d{2}|19\d{2})(?:年|-|/|\.)(\d{1,2})(?:月|-|/|\.)(\d{1,2})日?", head)
            if m:
                ctx.date = f"{int(m[1]):04d}-{int(m[2]):02d}-{int(m[3]):02d}"
                ctx.year = int(m[1])
        if not ctx.date:  # a date in the file name: henan-2020-11-10-guangshan
            m = re.search(r"(?<!\d)((?:19|20)\d{2})-(\d{2})-(\d{2})(?!\d)", ctx.key or "")
            if m and 1 <= int(m[2]) <= 12 and 1 <= int(m[3]) <= 31:
                ctx.date = f"{m[1]}-{m[2]}-{m[3]}"
                ctx.year = int(m[1])
        if not ctx.year:
            # a year as a date, not as a baseline ("由2015年底的不足30%")
            m = re.search(r"(20\d{2})年(?!底|末|以来|前|初|的)", (ctx.title or "") + text[:300])
            if m:
                ctx.year = int(m[1])
        if not ctx.date and ctx.year:
            m = re.search(r"(?<![\d年])(\d{1,2})月(\d{1,2})日", text[:120])
            if m:
                ctx.date = f"{ctx.year:04d}-{int(m[1]):02d}-{int(m[2]):02d}"
        if ctx.province is None:
            votes: Counter[str] = Counter()
            first: dict[str, int] = {}
            forms = _place_forms()
            for start, name in self._scan(forms, min_len=2):
                codes = forms[name]
                divs = [self.gaz.by_code(c) for c in codes]
                divs = [d for d in divs if d and d.level != "country"]
                provs = {d.province for d in divs}
                if len(provs) == 1 and (name == divs[0].name or name in divs[0].aliases or divs[0].level == "province"):
                    p = provs.pop()
                    votes[p] += 3 if divs[0].level == "province" else 1
                    first.setdefault(p, start)
            if votes:
                best = max(votes.items(), key=lambda kv: (kv[1], -first[kv[0]]))[0]
                ctx.province = best
        # the most frequent city / county named, for 本市 / 本县
        if ctx.province:
            prov = self.gaz.by_code(ctx.province)
            ctx.province_inferred = not (prov and prov.name in text) if ctx.province_inferred else False

    def _scan(self, forms: dict[str, Any], min_len: int = 2, max_len: int = 16) -> list[tuple[int, str]]:
        """Longest-match scan of the text for the keys of ``forms`` (linear in the text)."""
        text = self.text
        lengths = _lengths_for(forms, min_len, max_len)
        out = []
        i, n = 0, len(text)
        while i < n:
            hit = None
            for ln in lengths.get(text[i], ()):
                if i + ln <= n and (s := text[i : i + ln]) in forms:
                    hit = s
                    break
            if hit:
                out.append((i, hit))
                i += len(hit)
            else:
                i += 1
        return out

    # ---------------------------------------------------------------- places
    def _division_ok(self, name: str, d: Division, start: int) -> bool:
        text = self.text
        prev = text[start - 1] if start > 0 else ""
        full = name == d.name or name in d.aliases
        if full:
            if len(name) == 2 and _han(prev) and prev not in _BOUNDARY_AFTER and self._place_ends_at(start) is None:
                return False  # 新县 inside 创新县域
            return True
        # a short form: only in the document's province (provinces themselves anywhere)
        if name in _STOP_SHORTS and d.level != "province":
            return False
        if d.level == "province":
            nxt = text[start + len(name) : start + len(name) + 1]
            return nxt not in ("省",)  # (the full name would have matched)
        if self.ctx.province is None or d.province != self.ctx.province:
            return False
        nxt = text[start + len(name) : start + len(name) + 2]
        # a short county name is a name when the words around it say so (在雷山召开, 雷山、丹寨等地),
        # not inside other words (新建 is a verb, 长白 begins 长白山)
        return (not _han(nxt[:1]) or nxt[:1] in "召举调考等地县市城全农人干群的和与及两一境片段"
                or self._place_ends_at(start) is not None)

    def _add_place(self, key: str, name: str, level: str, code: str | None, parent: str | None,
                   span: tuple[int, int] | None, surface: str | None = None, inferred: bool = False) -> PlaceMention:
        p = self.places.get(key)
        if p is None:
            p = PlaceMention(name=name, level=level, code=code, parent=parent, key=key, inferred=inferred)
            self.places[key] = p
        if span:
            p.spans.append(span)
            p.inferred = False
            self.place_spans.append((span[0], span[1], key))
            self.place_at_start.setdefault(span[0], []).append((span[1], key))
            self.place_at_end.setdefault(span[1], key)
        if surface:
            p.surface.add(surface)
        return p

    def extract_places(self) -> None:
        forms = _place_forms()
        text = self.text
        for start, name in self._scan(forms, min_len=2):
            divs = [d for c in forms[name] if (d := self.gaz.by_code(c))]
            divs = [d for d in divs if self._division_ok(name, d, start)]
            if not divs:
                continue
            if len(divs) > 1:
                inprov = [d for d in divs if d.province == self.ctx.province]
                divs = inprov or divs
                if len(divs) > 1:
                    # prefer the one whose parent is named in the text
                    named = [d for d in divs if d.parent and any(k == d.parent for _, _, k in self.place_spans)]
                    divs = named or divs
            d = divs[0]
            end = start + len(name)
            if d.level == "country":
                self._add_place(d.code, d.name, "country", d.code, None, (start, end), name)
                continue
            self._add_place(d.code, d.name, d.level, d.code, d.parent, (start, end), name)
            if name == d.name or name in d.aliases:
                self._chain_below(d, end)
        # the document's province, implied by 我省/全省/省委 ...
        if self.ctx.province:
            prov = self.gaz.by_code(self.ctx.province)
            if prov and prov.code not in self.places:
                self._add_place(prov.code, prov.name, "province", prov.code, "100000", None, inferred=True)
        if re.search(r"全国|我国", text):
            self._add_place("100000", "全国", "country", "100000", None, None)
        # sites named after a short place form or standing alone after 来到/在
        for m in re.finditer(rf"(?:来到|走进|深入|前往|考察|调研|参观)(?:了)?([{HAN}]{{2,24}}?)(?=[,，。;；、]|调研|考察|参观|实地|察看)", text):
            name = m.group(1)
            if any(self.places[k].level == "site" for _s, _e, k in self.places_overlapping(m.start(1), m.start(1) + 1)):
                continue
            self._visit_target(name, m.start(1))

    def extract_local_places(self) -> None:
        """Townships and villages named on their own (龙泉关镇骆驼湾村、顾家台村), inside the report's county."""
        text = self.text
        taken = bytearray(len(text) + 1)
        for s, e, _k in self.place_spans:
            for x in range(s, e):
                taken[x] = 1
        last_township: dict[int, str] = {}  # sentence -> key
        for m in _LOCAL_PLACE.finditer(text):
            a, b = m.start(), m.end()
            if taken[a] or taken[b - 1]:
                continue
            core, kind = m.group(1), m.group(2)
            if _LOCAL_STOP.search(core) or set(core) & _BAD_CORE:
                continue
            if not (self._left_ok(a) or text[max(0, a - 2) : a] in ("来到", "走进", "前往", "深入", "位于", "地处")):
                continue
            nxt = text[b : b + 1]
            level = "village" if kind in ("村", "社区", "嘎查") else "township"
            if level == "township" and nxt in ("村", "镇", "乡"):
                continue  # 乡村, 镇村: words, not names
            sent = self.sentence_at[a]
            county = self._place_ends_at(a)
            if county is not None and self.places[county].level in ("county", "township"):
                parent = county
            elif level == "village" and sent in last_township:
                parent = last_township[sent]
            else:
                parent = self.ctx.county or self.ctx.city
            if parent is None:
                continue  # a township we cannot place is more likely a word than a name
            name = m.group(0)
            key = f"{parent}/{name}"
            self._add_place(key, name, level, None, parent, (a, b), name)
            for x in range(a, b):
                taken[x] = 1
            if level == "township":
                last_township[sent] = key

    def _chain_below(self, d: Division, end: int) -> None:
        """Townships, villages and sites written right after a division: 光山县文殊乡东岳村."""
        text = self.text
        parent_key = d.code
        pos = end
        m = re.match(rf"([{HAN}]{{1,5}}?)(乡|镇|街道)(?![村政府长党])", text[pos:])
        if m and not (set(m.group(1)) & (_BAD_CORE | set("省市县区村乡镇"))):
            name = m.group(0)
            key = f"{parent_key}/{name}"
            self._add_place(key, name, "township", None, parent_key, (pos, pos + len(name)), name)
            parent_key, pos = key, pos + len(name)
            m2 = re.match(rf"([{HAN}]{{1,5}}?)(村|社区)(?![民委干级])", text[pos:])
            if m2 and not (set(m2.group(1)) & (_BAD_CORE | set("省市县区乡镇"))):
                name = m2.group(0)
                key = f"{parent_key}/{name}"
                self._add_place(key, name, "village", None, parent_key, (pos, pos + len(name)), name)
                parent_key, pos = key, pos + len(name)
        ms = _SITE_SUFFIX.match(text, pos)
        if ms and not (set(ms.group(0)) & (_BAD_CORE | set("、,，。个"))) and not re.search(
                r"建成|建设|打造|实现|培育|认定|推进|开展|[一二三四五六七八九十\d]", ms.group(0)):
            full = text[self._chain_start(end, d) : ms.end()]
            key = f"{parent_key}/{ms.group(0)}"
            p = self._add_place(key, full, "site", None, parent_key, (pos, ms.end()), ms.group(0))
            p.surface.add(full)

    def _chain_start(self, end: int, d: Division) -> int:
        for s, e, k in self.place_spans:
            if e == end and k == d.code:
                return s
        return end

    def _visit_target(self, name: str, start: int) -> str | None:
        """Resolve the target of 来到X: a site, township, village or division already seen."""
        inside = self.places_starting_in(start, start + len(name))
        if inside:
            # the deepest place inside the visit target
            deepest = inside[0][2]
            for _s2, _e2, k2 in inside:
                if k2.startswith(deepest.split("/")[0]) and len(k2) >= len(deepest):
                    deepest = k2
            return deepest
        m = _SITE_SUFFIX.fullmatch(name)
        if m:
            key = f"{self.ctx.county or self.ctx.city or self.ctx.province or 'unknown'}/{name}"
            self._add_place(key, name, "site", None, key.rsplit("/", 1)[0], (start, start + len(name)), name)
            return key
        return None

    # ---------------------------------------------------------------- organisations
    def _scope_for(self, prefix: str) -> tuple[str | None, str | None]:
        """(scope place code, level) for a generic prefix such as 省, 市委, 县."""
        ctx = self.ctx
        prov = self.gaz.by_code(ctx.province) if ctx.province else None
        municipality = bool(prov and prov.name.endswith("市"))
        p = prefix.replace("团", "")
        if p.startswith(("省", "自治区")):
            return ctx.province, "provincial"
        if p.startswith(("市", "州", "盟")):
            if municipality:
                return ctx.province, "provincial"
            return ctx.city, "city"
        if p.startswith(("县", "区")):
            return ctx.county, "county"
        return "100000", "national"

    def _org_key(self, scope: str | None, key: str) -> str:
        return f"{scope or 'unscoped'}/{key}"

    def _add_org(self, span: tuple[int, int], surface: str, *, canonical: str, full: str | None, name_en: str | None,
                 key: str, catalogue_key: str | None, national: str | None, kind: str, level: str | None,
                 scope: str | None) -> str:
        o = self.orgs.get(key)
        if o is None:
            o = OrgMention(name=surface, canonical=canonical, full_name=full, name_en=name_en, key=key,
                           catalogue_key=catalogue_key, national=national, kind=kind, level=level, scope=scope)
            self.orgs[key] = o
        o.spans.append(span)
        o.aliases.add(surface)
        self.org_spans.append((span[0], span[1], key))
        return key

    def _counterpart_org(self, span: tuple[int, int], surface: str, c: CounterpartEntry,
                         place: Division | None) -> str:
        if place is None:
            prefix = surface.removeprefix("团")
            scope, level = self._scope_for(prefix)
            place = self.gaz.by_code(scope) if scope else None
        else:
            scope, level = place.code, {"province": "provincial", "city": "city", "county": "county"}.get(place.level)
        if place is not None:
            pname = place.name
            # the generic short as written for this place: 省委网信办 -> 河南省委网信办
            canonical = self._local_name(pname, c.short) if c.short[:1] in "省市县区州" else c.short_name(pname)
            full = c.full_name(pname)
            name_en = c.name_en(place.name_en)
        else:
            canonical, full, name_en = c.short, None, None
        return self._add_org(span, surface, canonical=canonical, full=full, name_en=name_en,
                             key=self._org_key(scope, c.key), catalogue_key=c.key, national=c.national,
                             kind=c.kind, level=level or c.level, scope=scope)

    def extract_organisations(self) -> None:
        text = self.text
        self._inst_ends = [m.end() for m in _INSTITUTION_SUFFIX.finditer(text)]
        lex = _org_lexicon()
        i, n = 0, len(text)
        while i < n:
            got = self._org_at(i, lex)
            i = got[1] if got else i + 1

    def _left_ok(self, i: int) -> bool:
        if i == 0:
            return True
        prev = self.text[i - 1]
        return (not _han(prev) or prev in _BOUNDARY_AFTER or self.text[max(0, i - 2) : i] in _VERBS_BEFORE_BODY
                or self._place_ends_at(i) is not None)

    def _sorted_places(self) -> list[tuple[int, int, str]]:
        if len(self._place_index) != len(self.place_spans):
            self._place_index = sorted(self.place_spans)
        return self._place_index

    def places_starting_in(self, a: int, b: int) -> list[tuple[int, int, str]]:
        """Place spans whose start lies in ``[a, b)``, in text order."""
        idx = self._sorted_places()
        lo = bisect.bisect_left(idx, (a, -1, ""))
        hi = bisect.bisect_left(idx, (b, -1, ""))
        return idx[lo:hi]

    def places_overlapping(self, a: int, b: int) -> list[tuple[int, int, str]]:
        idx = self._sorted_places()
        hi = bisect.bisect_left(idx, (b, -1, ""))
        return [t for t in idx[max(0, bisect.bisect_left(idx, (a - 64, -1, ""))) : hi] if t[1] > a]

    def _place_ends_at(self, i: int) -> str | None:
        return self.place_at_end.get(i)

    def _explicit_place(self, i: int) -> tuple[Division, int] | None:
        """A division named at ``i`` in front of a body (河南省委网信办, 雷山县人民政府)."""
        for e, k in self.place_at_start.get(i, ()):
            if self.places[k].code and self.places[k].level in ("province", "city", "county"):
                d = self.gaz.by_code(self.places[k].code)  # type: ignore[arg-type]
                if d is not None:
                    return d, e
        return None

    def _org_at(self, i: int, lex: _Lexicon) -> tuple[int, int] | None:
        text = self.text
        if not self._left_ok(i):
            return None
        found = self._explicit_place(i)
        if found is None and text.startswith("中共", i):
            found = self._explicit_place(i + 2)  # 中共甘肃省委
        place, j = (found[0], found[1]) if found else (None, i)
        # the lexicon form: a generic level letter + the body (省委网信办, 市农业农村局 ...)
        if place is not None:
            letter = {"province": "省", "city": "市", "county": "县"}[place.level]
            rest_start = j
            if text.startswith("党委", j):
                rest_start = j + 1  # 广西壮族自治区党委网信办 reads as 省委网信办
            head = letter
        else:
            m = re.match(r"自治区党委|自治区|州委|盟委|区委|旗委|州|盟|旗", text[i:])
            if m and not text.startswith(("区县", "州市"), i):
                head = {"自治区党委": "省委", "自治区": "省", "州委": "市委", "盟委": "市委", "区委": "县委",
                        "旗委": "县委", "州": "市", "盟": "市", "旗": "县"}[m.group(0)]
                rest_start = i + len(m.group(0))
            else:
                head, rest_start = "", i
        first = head[:1] or text[rest_start : rest_start + 1]
        for ln in _lengths_for(lex.forms, 2, lex.max_len).get(first, ()):
            end = rest_start + ln - len(head)
            if end <= rest_start or end > len(text):
                continue
            form = head + text[rest_start:end]
            if form not in lex.forms:
                continue
            kind, ident = lex.forms[form][0]
            surface = text[i:end]
            if kind == "counterpart":
                c = next(c for c in self.cat.counterparts if c.key == ident)
                self._counterpart_org((i, end), surface, c, place)
                return i, end
            if kind == "national" and place is None:
                b = next(b for b in self.cat.bodies if b.key == ident)
                sub = re.match(rf"(?:集团公司|集团有限公司)?[{HAN}]{{0,8}}?(?:分公司|子公司|公司)", text[end:]) if b.kind == "enterprise" else re.match(
                    r"(?:信息中心|研究中心|中心|研究院|研究所|规划院|信息化司|[\u4e00-\u9fff]{2,6}?司)(?![\u4e00-\u9fff]{0,1}长)", text[end:])
                if sub and not set(sub.group(0)) & _BAD_CORE and not _BAD_CORE_WORDS.search(sub.group(0)):
                    e = end + len(sub.group(0))  # 中国移动贵州公司, 农业农村部信息中心: a unit of its own
                    surface = text[i:e]
                    self._add_org((i, e), surface, canonical=surface, full=None, name_en=None,
                                  key=self._org_key("ent" if b.kind == "enterprise" else "cn", _slug_key(surface)),
                                  catalogue_key=None, national=b.key, kind=b.kind,
                                  level=None if b.kind == "enterprise" else "national", scope=None)
                    return i, e
                self._add_org((i, end), surface, canonical=form, full=b.name_zh, name_en=b.name_en,
                              key=self._org_key("cn", b.key), catalogue_key=b.key, national=b.key, kind=b.kind,
                              level="national", scope="100000")
                return i, end
            if kind == "brand" and place is None:
                e = end
                m2 = re.match(rf"[{HAN}]{{0,8}}?(?:分公司|子公司|公司|集团)", text[e:])
                if m2 and not set(m2.group(0)) & _BAD_CORE and not _BAD_CORE_WORDS.search(m2.group(0)):
                    e += len(m2.group(0))  # 中国移动河南公司
                surface = text[i:e]
                self._add_org((i, e), surface, canonical=surface, full=None, name_en=None,
                              key=self._org_key("ent", _slug_key(surface)), catalogue_key=None, national=None,
                              kind="social" if surface.endswith(("基金会", "协会")) else "enterprise",
                              level=None, scope=None)
                return i, e
        # generic shapes: [place] prefix core suffix
        if place is not None:
            prefix: str | None = None
            k = j
        else:
            prefix = next((p for p in _LEVEL_PREFIXES if text.startswith(p, i)), None)
            if prefix is None:
                return self._institution_at(i) if self._institution_ahead(i) else None
            k = i + len(prefix)
        best = None
        for e in range(k + 1, min(len(text), k + 16) + 1):
            core = text[k:e]
            if not _han(text[e - 1]):
                break
            for suf in _BODY_SUFFIXES:
                if core.endswith(suf):
                    inner = core[: -len(suf)]
                    if set(inner) & _BAD_CORE - {"和"} or not _and_ok(inner):
                        continue
                    if _BAD_CORE_WORDS.search(core):
                        continue
                    nxt = text[e : e + 1]
                    if nxt in ("长", "员") and suf in ("委", "办", "厅", "局", "部", "会"):
                        continue
                    if any(core.endswith(t) or core == t for t in _TITLE_WORDS):
                        continue
                    best = e
                    break
        # 省委 / 省政府 alone (X省委、省政府 are two bodies)
        if best is None and (place is not None and text.startswith(("委", "党委"), k) or prefix in (
                "省委", "市委", "县委", "区委", "州委", "自治区党委")):
            kk = k + (2 if text.startswith("党委", k) else 1 if place is not None and text.startswith("委", k) else 0)
            if not _han(text[kk : kk + 1]) or text[kk : kk + 1] in ("、", "和", "与", "及", ""):
                best = kk
        if best is None:
            return None
        surface = text[i:best]
        if len(surface) < 2 or surface in _LEVEL_PREFIXES:
            return None
        if place is None and prefix in ("省", "市", "县", "区", "州") and len(surface) <= 2:
            return None
        tail = text[j:best] if place is not None else surface
        if place is not None:
            scope, level = place.code, {"province": "provincial", "city": "city", "county": "county"}.get(place.level)
            canonical = surface
        else:
            scope, level = self._scope_for(prefix or "")
            sp = self.gaz.by_code(scope) if scope and level != "national" else None
            canonical = self._local_name(sp.name, surface) if sp is not None and (prefix or "")[:1] in "省市县区州自" else surface
            tail = surface[len(prefix or "") :] if prefix else surface
            tail = {"省委": "委", "市委": "委", "县委": "委", "区委": "委", "州委": "委", "自治区党委": "委"}.get(prefix or "", "") + tail
        kind = (
            "enterprise" if surface.endswith(_ENTERPRISE_SUFFIXES)
            else "social" if surface.endswith(_SOCIAL_SUFFIXES)
            else "party" if (tail.startswith(("委", "党委")) or surface.endswith("党委") or "中共" in surface)
            and not surface.endswith(("政府", "委员会")) else "government"
        )
        if surface.startswith(("中共中央", "中央", "国务院", "国家", "全国")):
            scope, level = "100000", "national"
        self._add_org((i, best), surface, canonical=canonical, full=None, name_en=None,
                      key=self._org_key(scope, _slug_key(tail if scope else surface)), catalogue_key=None,
                      national=None, kind=kind, level=level, scope=scope)
        return i, best

    def _institution_ahead(self, i: int) -> bool:
        """Whether an institution suffix (大学, 基金会, 公司 …) ends within reach of ``i``."""
        ends = self._inst_ends
        k = bisect.bisect_right(ends, i + 2)
        return k < len(ends) and ends[k] <= i + 20

    def _institution_at(self, i: int) -> tuple[int, int] | None:
        """Universities, foundations, associations and companies named in a list (西北农林科技大学)."""
        text = self.text
        m = re.match(rf"[{HAN}]{{2,12}}?(?:大学|学院|研究院|基金会|协会|商会|联合会|股份有限公司|有限公司|有限责任公司|集团)", text[i:])
        if not m:
            return None
        name = m.group(0)
        if any(name.startswith(v) for v in _VERBS_BEFORE_BODY) or name.startswith(("来自", "代表", "和", "与", "及")):
            return None
        nxt = text[i + len(name) : i + len(name) + 1]
        if nxt and nxt not in "、,，。;；和及与等(（" and not re.match(r"[的负代师学专教团]", nxt):
            return None
        if set(name) & (_BAD_CORE - {"和"}) or _BAD_CORE_WORDS.search(name) or not _and_ok(name):
            return None
        if re.search(r"各类|有关|相关|多家|部分|一批|各级|各地", name):
            return None
        kind = "enterprise" if name.endswith(("公司", "集团")) else "social"
        self._add_org((i, i + len(name)), name, canonical=name, full=None, name_en=None,
                      key=self._org_key("ent" if kind == "enterprise" else "soc", _slug_key(name)),
                      catalogue_key=None, national=None, kind=kind, level=None, scope=None)
        return i, i + len(name)

    @staticmethod
    def _local_name(place_name: str, generic: str) -> str:
        """The generic short written for one place: (河南省, 省委网信办) → 河南省委网信办."""
        g = re.sub(r"^(?:自治区党委|自治区|州委|州|区委|区)", lambda m: {"自治区党委": "省委", "自治区": "省", "州委": "市委",
                   "州": "市", "区委": "县委", "区": "县"}[m.group(0)], generic)
        rest = g[1:]
        if place_name.endswith("自治区") and rest.startswith("委"):
            return place_name + "党" + rest
        return place_name + rest

    def orgs_in(self, start: int, end: int) -> list[str]:
        """Bodies named inside ``[start, end)``, in text order (org_spans are appended in text order)."""
        seen: list[str] = []
        k0 = bisect.bisect_left(self.org_spans, (start, -1, ""))
        for s, e, k in self.org_spans[k0:]:
            if s >= end:
                break
            if e <= end and k not in seen:
                seen.append(k)
        return seen

    # ---------------------------------------------------------------- policies
    def _add_policy(self, surface: str, span: tuple[int, int], bracketed: bool) -> str:
        cat = self.cat
        entry = cat.policy(surface)
        canonical = entry.name_zh if entry else surface
        p = self.policies.get(canonical)
        if p is None:
            p = PolicyMention(name=surface, canonical=canonical, key=entry.key if entry else None, bracketed=bracketed)
            self.policies[canonical] = p
        elif bracketed and not p.bracketed:
            p.name, p.bracketed = surface, True
        p.spans.append(span)
        p.aliases.add(surface)
        self.policy_spans.append((span[0], span[1], canonical))
        return canonical

    def extract_policies(self) -> None:
        text = self.text
        inside = bytearray(len(text) + 1)
        for m in re.finditer(r"《([^《》\n]{2,60})》", text):
            title = m.group(1).strip()
            for k in range(m.start(), m.end()):
                inside[k] = 1
            if re.search(r"(?:日报|晚报|时报|杂志|新闻|报$|网$)", title):
                continue  # newspapers and media, not policies
            self._add_policy(title, (m.start(), m.end()), True)
        lex = _policy_lexicon()
        for start, name in self._scan(lex, min_len=4, max_len=40):
            if inside[start] or len(name) < 5:
                continue  # short catalogue names (脱贫攻坚, 精准扶贫) are campaign words, not citations
            after = text[start + len(name) : start + len(name) + 2]
            if re.match(r"[县市区村乡镇点户站社园]|试点|示范|工作|项目|资金|成果|成效|任务|建设|要求|目标|领域|体系|平台", after):
                continue  # 国家数字乡村试点县, 电商进农村综合示范县: a modifier, not the policy
            entry = self.cat.policy(name)
            if entry is not None and (len(entry.name_zh) < 5 or (
                    re.search(r"(?:19|20)\d\d", entry.name_zh) and not re.search(r"(?:19|20)\d\d", name))):
                continue  # 脱贫攻坚战 (a campaign), 网络扶贫工作要点 (which year's?)
            self._add_policy(name, (start, start + len(name)), False)

    # ---------------------------------------------------------------- events
    def extract_events(self) -> None:
        text = self.text
        keys = "|".join(re.escape(k) for k in sorted(_EVENT_KEYS, key=len, reverse=True))
        mentions: list[tuple[EventRecord, int, int]] = []
        self._dated: set[str] = set()
        for s in self.sentences:
            for m in re.finditer(keys, s.text):
                end = s.start + m.end()
                if re.match(rf"第[一二三四五六七八九十\d]+次(?:全体)?会议|暨|(?:{keys})|(?:开幕式|闭幕式|颁奖仪式|颁奖典礼)", text[end:]):
                    continue  # 人民代表大会第一次会议, 大赛启动仪式: the longer title follows
                if re.match(r"(?:约|近|共|累计)?[\d一二三四五六七八九十百千两]+(?:余|多)?(?:场次|场|次|期|个|批|届)", text[end:]):
                    continue  # 举办产销对接会约4场次: a kind of event counted, not a named one
                name, start = self._event_name(s, s.start + m.start(), end)
                if not name:
                    continue
                after = text[end : s.end]
                held = bool(re.match(r"(?:[,，]?(?:于|在)[^。,，]{0,30})?(?:在[^。,，]{1,20})?(?:正式)?(?:召开|举行|举办|开幕|启动|闭幕)", after)) or \
                    bool(re.search(r"(?:召开|举行|举办|组织召开|隆重举行)[了的]?$", text[s.start : start]))
                ev = next((e for e in self.events if e.name == name), None)
                if ev is None:
                    ev = EventRecord(name=name, kind="meeting" if held else "mentioned", date=None, end_date=None,
                                     place=None, place_key=None, span=(start, end), sentence=s.index, held=held)
                    self.events.append(ev)
                    self._events_version += 1
                elif held and not ev.held:
                    ev.held, ev.kind, ev.span, ev.sentence = True, "meeting", (start, end), s.index
                    self._events_version += 1
                if held:
                    self._event_date_place(ev, s, start, end)
                else:
                    mentions.append((ev, start, end))
        self._merge_year_variants()
        self._header_date_place()
        for ev in self.events:
            if ev.held and not ev.date and self.ctx.date:
                ev.date = self.ctx.date  # the dateline's or the sidecar's date
        # relayed meetings: 传达学习……精神
        for ev, start, end in mentions:
            if ev.held:
                continue
            pre = text[max(0, start - 8) : start]
            host = self._event_before(start)
            if host is not None and host is not ev and ev.name not in host.relays and (
                re.search(r"传达(?:学习)?(?:贯彻)?了?$", pre) or (re.search(r"学习", pre) and text[end : end + 2] == "精神")
            ):
                host.relays.append(ev.name)
        self._assign_roles()
        self._assign_policies()
        self._assign_visits()

    def _event_name(self, s: Sentence, kstart: int, kend: int) -> tuple[str | None, int]:
        text = self.text
        left = kstart
        while left > s.start and text[left - 1] not in ",，。;；:：、!！?？\n" and kend - left < 45:
            left -= 1
        name = text[left:kend]
        # strip leading date, verbs and prepositions
        for _ in range(3):
            name = re.sub(r"^[^\u4e00-\u9fff\d“\"《]+", "", name)
            name = re.sub(r"^(?:\d{1,2}月\d{1,2}日(?:至\d{1,2}日)?|\d{4}年\d{1,2}月\d{1,2}日|近日|日前|近期)(?:上午|下午|晚)?", "", name)
            name = re.sub(
                r"^(?:(?:认真|深入)?(?:落实|贯彻落实|贯彻|学习贯彻|传达学习了?|传达了?|学习了?|参加|出席|召开了?|"
                r"举行了?|举办了?|组织召开了?|组织|主持|在|于|由|经|会议|会上|根据|按照|结合|围绕|作为|并|还|今年|本次|此次)+)",
                "",
                name,
            )
            name = re.sub(rf"^[^{HAN}\d“\"《]+", "", name)
        keyword = text[kstart:kend]
        head = re.split(r"(?:联合|共同)?(?:召开|举行|举办|主办|承办|开展)[了的]?", name[: -len(keyword)])[-1]
        name = head + keyword
        if re.search(r"(?:在|于)[^在于]{0,15}(?:召开|举行|举办)", name):
            return None, left
        # 新闻办公室“数字乡村建设”新闻发布会: the body holds the event; the title is quoted
        body_prefix = re.match(
            rf"^[{HAN}]{{2,30}}?(?:办公室|新闻办|办|厅|局|委员会|委|部|政府|协会|学会|中心|集团|公司)(?=[“\"《])", name
        )
        if body_prefix and len(name) - body_prefix.end() >= 5:
            name = name[body_prefix.end() :]
        start = kend - len(name)
        name = re.sub(r"^.{0,8}?(?:期间|同期|会上|会后|会前)(?:还|并|同时)?(?:举办|举行|召开|开展)?了?", "", name)
        if len(name) < 5 or _GENERIC_EVENT.match(name) or re.match(
                r"^(?:此次|本次|这次|本届|该|上述|各类|相关|有关|系列|专题|配套|各项|多场|一系列|(?:[一二三四五六七八九十两多数首]+|\d+)(?:次|场|届|个|期))", name):
            return None, start
        if re.search(r"同志|出席|参加|参会|讲话|致辞|主持|召开|举行|负责|要求|指出|强调|部署|建立|牵头|成立|形成|健全|完善|通过|发挥|依托|利用|代表(?!大会)|我们|^我|向", name):
            return None, start
        if set(name) & set("的了是将要"):
            # "……的重要会议" reads as prose, not a title
            if not name.startswith(("党的", "中国共产党")):
                return None, start
        return name, start

    def _event_date_place(self, ev: EventRecord, s: Sentence, start: int, end: int) -> None:
        text = self.text
        ctx = self.ctx
        sent = s.text
        year = None
        m = re.search(r"(20\d{2}|19\d{2})(?:年|(?=[^\d]))", ev.name)
        if m:
            year = int(m[1])
        dm = re.search(r"(?:(20\d{2})年)?(\d{1,2})月(\d{1,2})(?:日)?(?:(?:至|到|-|—|～|~)(?:(\d{1,2})月)?(\d{1,2})日)?", sent)
        if dm and ev.name not in self._dated:
            y = int(dm[1]) if dm[1] else (year or ctx.year)
            if not dm[1] and not year and y and ctx.date and len(ctx.date) == 10:
                # a month and day after the report's own date: last year's (a summary written in January)
                if (int(dm[2]), int(dm[3])) > (int(ctx.date[5:7]), int(ctx.date[8:10])):
                    y -= 1
            if y:
                ev.date = f"{y:04d}-{int(dm[2]):02d}-{int(dm[3]):02d}"
                self._dated.add(ev.name)
                if dm[5]:
                    ev.end_date = f"{y:04d}-{int(dm[4] or dm[2]):02d}-{int(dm[5]):02d}"
        elif not ev.date and re.search(r"近日|日前|近期", sent):
            if ctx.date:
                ev.date = ctx.date[:7]
        pm = re.search(r"在([^,，。;；]{2,30}?)(?:隆重|正式|顺利|成功)?(?:召开|举行|举办|开幕|启动)", text[s.start : s.end])
        if pm and (not ev.place_key or len(pm.group(1)) > 2):
            self._set_event_place(ev, s.start + pm.start(1), s.start + pm.end(1))
        if not ev.place and ev.held and ctx.county:
            c = self.gaz.by_code(ctx.county)
            ev.place_key, ev.place = ctx.county, c.name if c else None

    def _note_surface(self, ev: EventRecord, key: str, start: int, end: int) -> None:
        """Remember how a body is written where it first takes a role in ``ev`` (县委网信办, not 磐安县委网信办)."""
        if key in ev.surfaces:
            return
        for a, b, k in self.org_spans:
            if k == key and start <= a < end:
                ev.surfaces[key] = self.text[a:b]
                return

    def _merge_year_variants(self) -> None:
        """全省……观摩会 in a headline and 2020年全省……观摩会 in the text are one event: keep the dated name."""
        by_name = {e.name: e for e in self.events}
        for ev in list(self.events):
            m = re.match(r"^(?:19|20)\d{2}年?(?:度)?", ev.name)
            if not m:
                continue
            short = by_name.get(ev.name[m.end() :])
            if short is None or short is ev:
                continue
            if short.held and not ev.held:
                ev.held, ev.kind = True, "meeting"
            ev.date = ev.date or short.date
            ev.end_date = ev.end_date or short.end_date
            if not ev.place_key:
                ev.place_key, ev.place = short.place_key, short.place
            self.events.remove(short)
            del by_name[short.name]
            self._events_version += 1

    def _set_event_place(self, ev: EventRecord, ps: int, pe: int) -> bool:
        """The longest place named within ``[ps, pe)`` becomes the event's place."""
        best = None
        for a, b, k in self.place_spans:
            if ps <= a and b <= pe:
                p = self.places[k]
                if p.level in ("province", "city", "county", "township", "village", "site"):
                    best = k if best is None or len(k) >= len(best) else best
        if not best:
            return False
        p = self.places[best]
        # the division a site or township lies in is the event's place for scoring
        div = p
        while div.code is None and div.parent and div.parent in self.places:
            div = self.places[div.parent]
        ev.place_key = best
        ev.place = div.name if div.code else p.name
        return True

    def _header_date_place(self) -> None:
        """Date and place from a header: 时间：…/地点：… lines, or a speech's （2016年12月8日  哈尔滨）."""
        text = self.text
        head = text[:600]
        date: tuple[str | None, str, str] | None = None
        span: tuple[int, int] | None = None
        m = re.search(r"(?m)^[ \t]*(?:时间|日期)[:：][ \t]*(?:(\d{4})年)?(\d{1,2})月(\d{1,2})日", head)
        if m:
            date = (m[1], m[2], m[3])
        mp = re.search(r"(?m)^[ \t]*(?:地点|会场|地址)[:：][ \t]*([^\n]{2,40})", head)
        if mp:
            span = (mp.start(1), mp.end(1))
        if date is None and span is None:
            ms = re.search(
                r"(?m)^[ \t]*[（(][ \t]*(?:(\d{4})年)?(\d{1,2})月(\d{1,2})日[ \t]*[，,、 \t][ \t]*([^）)\n]{2,12}?)[ \t]*[）)][ \t]*$",
                head,
            )
            if not ms:
                return
            date, span = (ms[1], ms[2], ms[3]), (ms.start(4), ms.end(4))
        held = sorted((e for e in self.events if e.held), key=lambda e: e.span[0])
        if held:
            ev = held[0]
        else:  # a press conference's transcript: the event its title names is the one held
            first_line = text.find("\n") if "\n" in text else len(text)
            ev = next((e for e in self.events if e.span[0] < first_line), None)
            if ev is None:
                return
            ev.held, ev.kind = True, "meeting"
            self._events_version += 1
        if date is not None:
            y = int(date[0]) if date[0] else self.ctx.year
            if y and 1 <= int(date[1]) <= 12 and 1 <= int(date[2]) <= 31:
                ev.date = f"{y:04d}-{int(date[1]):02d}-{int(date[2]):02d}"
                self._dated.add(ev.name)
        if span is not None:
            self._set_event_place(ev, *span)

    def _event_before(self, pos: int) -> EventRecord | None:
        """The held event introduced last before ``pos`` (else the first held one)."""
        key = self._events_version
        if key != self._held_key:
            held = sorted((e for e in self.events if e.held), key=lambda e: e.span[0])
            self._held, self._held_starts, self._held_key = held, [e.span[0] for e in held], key
        if not self._held:
            return None
        k = bisect.bisect_right(self._held_starts, pos) - 1
        if k >= 0:
            # the latest start wins; among equal starts the last one introduced
            return self._held[k]
        return min(self._held, key=lambda e: self.events.index(e))

    def _assign_roles(self) -> None:
        text = self.text
        role_res = [
            ("host", re.compile(r"(?:共同)?主办|联合主办|牵头主办")),
            ("organiser", re.compile(r"承办|协办")),
            ("guide", re.compile(r"指导")),
            ("speaker", re.compile(r"讲话|致辞|发言|作报告|作了?.{0,6}报告|作.{0,4}部署|介绍了?")),
            ("attendee", re.compile(r"出席|参会|参加|与会|列席")),
        ]
        for s in self.sentences:
            orgs = self.orgs_in(s.start, s.end)
            if not orgs:
                continue
            ev = self._event_before(s.end)
            if ev is None:
                continue
            for role, rx in role_res:
                for m in rx.finditer(s.text):
                    pos = s.start + m.start()
                    # the bodies in the clause before the role word
                    cstart = s.start
                    for k in range(pos - 1, s.start - 1, -1):
                        if text[k] in "。;；:：\n" or (text[k] in ",，" and role != "host"):
                            cstart = k + 1
                            break
                    if role == "host" and "由" in text[cstart:pos]:
                        cstart = cstart + text[cstart:pos].rindex("由")
                    if role == "attendee" and cstart > s.start + 1 and re.search(
                        r"等(?:成员|相关|有关)?(?:单位|部门|机构|企业)(?:代表|负责人|负责同志|专家)?$", text[s.start : cstart - 1]
                    ):
                        # 省通信管理局、省商务厅等成员单位，各市网信办……参加会议: the list before the comma attends
                        prev = max(text.rfind(c, s.start, cstart - 1) for c in ",，;；:：")
                        cstart = max(prev + 1, s.start)
                    clause_orgs = self.orgs_in(cstart, pos)
                    if not clause_orgs:
                        continue
                    if role == "guide" and not re.search(r"指导单位|(?:主办|支持)?.{0,3}指导[,，。]|^指导", text[pos : pos + 4] + text[pos - 1 : pos]):
                        if not re.search(r"指导[,，。；;]|指导单位|联合指导|共同指导|悉心指导", text[pos - 2 : pos + 5]):
                            continue
                    if role == "attendee" and re.search(r"出席", m.group(0)) and re.search(r"讲话|致辞", text[pos : pos + 10]):
                        role_eff = "speaker"
                    else:
                        role_eff = role
                    target = {"host": ev.hosts, "organiser": ev.organisers, "guide": ev.guides,
                              "speaker": ev.speakers, "attendee": ev.attendees}[role_eff]
                    for k in clause_orgs:
                        self._note_surface(ev, k, cstart, pos)
                        if k not in target:
                            target.append(k)
                            span = next((a, b) for a, b, kk in self.org_spans if kk == k and cstart <= a < pos)
                            ev.role_spans[(role_eff, k)] = (s.start, s.end) if span else (s.start, s.end)
        # 会议由X、Y、Z联合召开: the bodies convene the meeting just introduced
        for m in re.finditer(r"(?:会议|大会|论坛|活动|发布会|会)由([^。;；]{2,160}?)(?:联合|共同)?(?:召开|举办|举行|组织召开)", text):
            ev = self._event_before(m.start())
            if ev is None:
                continue
            for k in self.orgs_in(m.start(1), m.end(1)):
                self._note_surface(ev, k, m.start(1), m.end(1))
                if k not in ev.hosts and k not in ev.organisers:
                    ev.hosts.append(k)
                    ev.role_spans[("host", k)] = (m.start(), m.end())
        # X在Y召开Z: the bodies before the verb convene (host) the event named after it
        for m in re.finditer(r"(?:联合|共同|组织)?(?:召开|举办|举行)[了的]?", text):
            clause_end = next((k for k in range(m.end(), min(len(text), m.end() + 60)) if text[k] in ",，。;；\n"), len(text))
            named = [e for e in self.events if e.held and text.find(e.name, m.end(), clause_end + 1) >= 0]
            if not named:
                continue
            cstart = m.start()
            while cstart > 0 and text[cstart - 1] not in ",，。;；:：\n":
                cstart -= 1
            head = text[cstart : m.start()]
            cut = head.find("在")
            upto = cstart + cut if cut >= 0 else m.start()
            for k in self.orgs_in(cstart, upto):
                ev = named[0]
                self._note_surface(ev, k, cstart, upto)
                if k not in ev.hosts and k not in ev.organisers:
                    ev.hosts.append(k)
                    ev.role_spans[("host", k)] = (cstart, clause_end)
        for ev in self.events:
            # a speaker who also "attends" is a speaker
            ev.attendees = [k for k in ev.attendees if k not in ev.speakers]

    def _assign_policies(self) -> None:
        text = self.text
        verbs = re.compile(r"(?:实施|落实|贯彻|执行|依据|根据|按照)")
        for s, _e, canonical in sorted(self.policy_spans):
            ev = self._event_before(s)
            if ev is None:
                continue
            pre = text[max(0, s - 20) : s]
            clause = re.split(r"[。;；,，]", pre)[-1]
            if verbs.search(clause) or re.search(r"[和及与、]$", pre):
                if canonical not in ev.implements:
                    ev.implements.append(canonical)

    def _assign_visits(self) -> None:
        text = self.text
        for m in re.finditer(rf"(?:来到|走进|深入|前往|实地考察了?|考察了?|调研了?|参观了?)([{HAN}\d]{{2,30}}?)(?=[,，。;；、]|调研|考察|参观|察看|了解)", text):
            target = self._visit_target(m.group(1), m.start(1))
            if target is None:
                continue
            ev = self._event_before(m.start())
            if ev is None:
                continue
            if any(v.place == target for v in ev.visits):
                continue
            p = self.places[target]
            ev.visits.append(Visit(place=target, name=p.name, sentence=self.sentence_at[m.start()], span=(m.start(), m.end())))

    # ---------------------------------------------------------------- outcomes
    def extract_outcomes(self) -> None:
        text = self.text
        skip = bytearray(len(text) + 1)
        for m in re.finditer(r"《[^》]*》|〔\d{4}〕\d+号|\d{4}-\d{4,}|第[一二三四五六七八九十\d]+[批届次个]|[一二三四五六七八九十]是", text):
            for k in range(m.start(), m.end()):
                skip[k] = 1
        programme_ctx: dict[int, str] = {}
        for s in self.sentences:
            prog = self._programme_in(s)
            if prog:
                programme_ctx[s.paragraph] = prog
            clauses = self._clauses(s)
            for cs, ce in clauses:
                self._outcomes_in_clause(s, cs, ce, skip, programme_ctx.get(s.paragraph))
        # programme: inherit along a paragraph from a catalogue indicator
        by_para: dict[int, list[OutcomeRecord]] = {}
        for o in self.outcomes:
            by_para.setdefault(self.sentences[o.sentence].paragraph, []).append(o)
        for _para, items in sorted(by_para.items()):
            cur: tuple[int, str] | None = None
            for o in items:
                if o.programme:
                    cur = (o.sentence, o.programme)
                elif cur and cur[0] == o.sentence:
                    o.programme = cur[1]
        # policies of programmes; event
        event_index = {id(e): k for k, e in enumerate(self.events)}
        for o in self.outcomes:
            if o.programme:
                pr = self.cat.programme(o.programme)
                if pr:
                    o.policy = pr.policy
            ev = self._event_before(o.span[0])
            if ev is not None:
                o.event = event_index[id(ev)]

    def _programme_in(self, s: Sentence) -> str | None:
        for p in self.cat.programmes:
            for form in (p.name_zh, *p.aliases):
                if len(form) >= 4 and form in s.text:
                    idx = s.text.index(form)
                    # at the head of the sentence or as the full 工程 name
                    if form.endswith("工程") or idx <= 6 or re.match(r"^[^,，。]{0,8}$", s.text[:idx]):
                        return p.key
        return None

    def _clauses(self, s: Sentence) -> list[tuple[int, int]]:
        out = []
        start = s.start
        text = self.text
        for k in range(s.start, s.end):
            if text[k] in ",，;；。:：!！?？":
                if text[k] == "," and k > s.start and text[k - 1].isdigit() and re.match(r"\d{3}(?!\d)", text[k + 1 : k + 5]):
                    continue  # 1,200: a thousands separator
                if k > start:
                    out.append((start, k))
                start = k + 1
        if start < s.end:
            out.append((start, s.end))
        return out

    def _outcomes_in_clause(self, s: Sentence, cs: int, ce: int, skip: bytearray, programme: str | None) -> None:
        text = self.text
        clause = text[cs:ce]
        if self._first_in_sentence(s, _ATTENDANCE) < s.end:
            return
        found: list[tuple[int, int, Decimal, str, str, str]] = []  # start, end, value, unit, qualifier, raw
        for m in _FIGURE.finditer(clause):
            a, b = cs + m.start(), cs + m.end()
            na = cs + m.start("num")
            if skip[na]:
                continue
            prev = text[na - 1 : na]
            nxt = text[b : b + 1]
            if prev and (prev.isascii() and (prev.isalnum() or prev in ".-/")):
                continue
            if (re.match(r"[A-Za-z]", nxt) and not m.group("unit").isascii()) or (m.group("unit") in ("个", "批", "期") and re.match(r"[一二三四五六七八九十]", m.group("num")) and m.group("num") in ("一",)):
                continue
            num = m.group("num")
            is_cn = not num[0].isdigit()
            unit = m.group("unit")
            mag = m.group("mag") or ""
            if unit in ("村", "县", "镇", "乡", "部", "处", "期", "批", "只", "头", "份", "位", "名") and is_cn:
                continue
            val = parse_number(num + mag)
            if val is None:
                continue
            if is_cn and val < 10 and not mag:
                rest = text[b:ce]
                if rest.strip() or not re.search(rf"[{HAN}]{{2,}}$", text[cs:a]):
                    continue  # 三个方面, 两个 ...: only 建成示范基地两个 (noun, then figure, clause ends)
            # a year or date written as a figure
            if re.match(r"(?:年|月|日|号|届|周年|季度)", text[b - len(unit) if False else b : b + 2]) and unit not in ("%",):
                pass
            if unit == "万人":
                val, unit = val * 10000, "人"
            elif unit == "万户":
                val, unit = val * 10000, "户"
            elif unit == "万人次":
                val, unit = val * 10000, "人次"
            qual = "exact"
            for g in ("pre", "q1", "q2", "post"):
                if m.group(g):
                    qual = _QUAL.get(m.group(g), qual)
            raw = text[a:b]
            found.append((a, b, val, unit, qual, raw))
        # 三成 → 30 %, 百分之百 → 100 %
        for m in _FRACTION.finditer(clause):
            a, b = cs + m.start(), cs + m.end()
            if m.group("tenths"):
                val = Decimal(_CN_DIGIT[m.group("tenths")] * 10)
            else:
                pv = parse_number(m.group("pct"))
                if pv is None:
                    continue
                val = pv
            if any(f[0] <= a < f[1] for f in found):
                continue
            qual = "exact"
            for g in ("pre", "post"):
                if m.group(g):
                    qual = _QUAL.get(m.group(g), "more_than" if m.group(g) == "多" else qual)
            found.append((a, b, val, "%", qual, text[a:b]))
        # 全覆盖 → 100 %
        for m in re.finditer(r"(?:全面|基本|实现|达到)?全覆盖", clause):
            a, b = cs + m.start(), cs + m.end()
            found.append((a, b, Decimal(100), "%", "exact", text[a:b]))
        found.sort()
        if not found:
            return
        # a figure that only qualifies a noun before another figure (20户以上自然村 ... 全覆盖)
        figures = []
        for idx, f in enumerate(found):
            a, b = f[0], f[1]
            rest = text[b:ce]
            if re.match(r"^(?:以上|以下)?(?:自然村|行政村|村|人口|户|家庭|企业|县|乡镇|学校)", rest) and raw_unit_counts(f[3]) and (
                    f[5].endswith(("以上", "以下")) or re.match(r"^(?:以上|以下)", rest)):
                continue  # 20户以上自然村: a size class, not a result
            if (idx + 1 < len(found) and re.match(rf"^(?:以上|以下)?的?[{HAN}A-Za-z0-9]", rest)
                    and not re.match(r"^(?:和|及|与|以及|、|共|其中|的?比例|的?占比)", rest)):
                nxt_a = found[idx + 1][0]
                between = text[b:nxt_a]
                if not re.search(r"[,，、]|分别|其中|达|为|提高|增长|上升|下降|增加|减少", between):
                    continue  # 20户以上自然村……全覆盖: the first figure only qualifies a noun
            figures.append(f)
        prev_end = cs
        for idx, (a, b, val, unit, qual, raw) in enumerate(figures):
            indicator = self._indicator_for(cs, ce, a, b, prev_end, figures, idx)
            prev_end = b
            if not indicator:
                continue
            kind = self._kind_for(cs, a, b, s)
            as_of = self._as_of(s, a)
            scope_key, scope = self._scope_of(cs, a)
            entry = self.cat.match_indicator(indicator)
            prog = programme
            if entry and entry.programme:
                prog = entry.programme if not programme else programme
            rec = OutcomeRecord(
                indicator=indicator, indicator_key=entry.key if entry else None, value=val, raw=raw, unit=unit,
                qualifier=qual, kind=kind, scope=scope, scope_key=scope_key, as_of=as_of, programme=prog,
                policy=None, span=(a, b), sentence=s.index,
            )
            self.outcomes.append(rec)

    def _indicator_for(self, cs: int, ce: int, a: int, b: int, prev_end: int,
                       figures: list[tuple[int, int, Decimal, str, str, str]], idx: int) -> str | None:
        text = self.text
        raw = text[a:b]
        # a ratio: 占全国总量的10% → <previous indicator>占全国总量比例
        before = text[prev_end:a]
        m = re.search(rf"(占[{HAN}]{{1,12}}?)(?:的)?(?:比重|比例)?(?:为|达|达到)?$", before)
        if m and unit_is_percent(raw):
            base = self.outcomes[-1].indicator if self.outcomes and self.outcomes[-1].sentence == self.sentence_at[a] else ""
            return f"{base}{m.group(1)}比例"
        if raw.endswith("全覆盖"):
            pre = text[prev_end:a]
            ind = self._trim_indicator(pre)
            if ind:
                return ind + ("覆盖率" if not ind.endswith("覆盖") else "率")
            return None
        # number-first: 56个县被列为..., 98%的行政村实现4G覆盖, 38万余人次奉献爱心
        after_end = figures[idx + 1][0] if idx + 1 < len(figures) else ce
        after = re.sub(r"\([^()]{0,12}\)", "", text[b:after_end])
        after_m = re.match(rf"^的?([{HAN}A-Za-z0-9“”\"+]{{2,30}}?)(?=的|$|[^{HAN}A-Za-z0-9“”\"+])", after)
        pre = text[prev_end:a]
        pre_ind = self._trim_indicator(pre)
        # 36个县被确定为首批省级数字乡村试点县: the indicator is what they became
        became = re.match(rf"^的?[{HAN}]{{1,12}}?被?(?:确定|列|评|认定|命名|授予)为([^,，。;；]{{2,24}})", after)
        if became:
            return became.group(1)
        # an enumeration or a bare verb before the figure: the noun after it names the indicator
        if after_m and (re.search(r"(?:等|等地|等单位|和|及|与|、)$", pre) or re.fullmatch(
                r"(?:建设|建成|打造|培育|新增|认定|创建|发展|形成|培训|组织|开展|举办|吸引|引进|签约)", pre_ind)):
            ind = after_m.group(1).strip("“”\"")
            if len(ind) >= 2:
                return (pre_ind + ind) if len(pre_ind) == 2 and pre_ind in ("培训", "签约", "引进", "吸引") else ind
        if after_m and (not pre_ind or re.search(r"(?:认定|列为|评为|建成|培育|打造|有|共|累计|新增|已|共计|创建|实现|帮助|带动)$", pre)
                        or len(pre_ind) < 2):
            ind = after_m.group(1).strip("“”\"")
            ind = re.split(r"(?:等|，|,)", ind)[0]
            if len(ind) >= 2 and not re.match(r"^(?:以上|左右|以下|之多)$", ind):
                if pre_ind and len(pre_ind) >= 2 and not re.search(r"(?:认定|列为|评为|建成|培育|打造|有|共|累计|新增|已|共计|创建)$", pre):
                    return pre_ind
                return ind
        if re.match(r"^(?:(?:分别|逐步|进一步)?(?:提高|提升|上升|增长|增加|下降|减少)(?:到|至))", pre):
            pre_ind = ""
        if re.fullmatch(r"(?:和|及|与|、|以及)", pre.strip()):
            prev = next((o for o in reversed(self.outcomes) if o.sentence == self.sentence_at[a]), None)
            if prev is not None:
                return prev.indicator
        if pre_ind in _SCOPE_WORDS or pre_ind in ("和", "及", "与", "、", "分别") or self._is_place_name(pre_ind):
            if after_m and not re.match(r"^[和及与、]", after):
                ind = after_m.group(1).strip("“”\"")
                return re.split(r"(?:等|，|,)", ind)[0]
            pre_ind = ""
        if not pre_ind or re.fullmatch(r"(?:同比|比上年|较上年|年均)?(?:增长|提高|提升|增加|下降|减少)(?:了)?", pre_ind):
            prev = next((o for o in reversed(self.outcomes) if o.sentence == self.sentence_at[a]), None)
            if prev is not None:
                if pre_ind:
                    return prev.indicator + pre_ind
                if re.search(r"(?:提高|提升|上升|增长|增加|下降|减少)(?:到|至)", pre):
                    return prev.indicator
        if pre_ind and re.fullmatch(r"(?:覆盖|实现|达到|惠及|带动|帮助|占)", pre_ind) and after_m:
            return pre_ind + after_m.group(1).strip("“”\"")
        return pre_ind or None

    def _is_place_name(self, s: str) -> bool:
        return bool(s) and bool(self.gaz.lookup(s))

    def _trim_indicator(self, pre: str) -> str:
        s = pre
        s = re.sub(r"^(?:力争|争取|确保|计划|预计|全年|今年|去年|当年|上半年|前三季度|前[一二三四五六七八九十\d]+个月|同期)+", "", s)
        s = re.sub(r"^(?:其中|同时|此外|另外|目前|截至[^,，]{0,14}?(?:底|末|止)?|截止[^,，]{0,14}?(?:底|末)?|到\d{4}年(?:底|末)?|"
                   r"\d{4}年(?:底|末)?|[一二三四五六七八九十]是|近年来|近\d年来|今年以来|\d{4}年以来|年内)", "", s)
        # drop everything up to a place/scope word or a programme head
        for w in _SCOPE_WORDS:
            idx = s.rfind(w)
            if idx >= 0 and len(s) - idx - len(w) >= 2:
                s = s[idx + len(w):]
        for head in _PROGRAMME_HEADS:
            if s.startswith(head) and not s.startswith(head + "工程") and len(s) > len(head) + 3:
                s = s[len(head):]
        s = re.sub(r"(?:由|从)(?:\d{4}年(?:\d{1,2}月)?(?:底|末|初)?)?的?$", "", s)
        s = re.sub(r"^[(（\[【]?(?:\d{4}年(?:底|末)?)?", "", s)
        s = re.sub(r"(?:全省|全市|全县|全区|全国|我省|我市|我县)$", "", s)
        s = re.sub(r"^(?:共|累计|已经|已|实现|完成|有力|积极|持续|不断|进一步|率先|全面|基本|大力|深入|扎实|超额)+", "", s)
        s = s.replace("“", "").replace("”", "").replace('"', "")
        m_verb = re.match(r"^(?:建成|建设|新建|新增|开展|组织|举办|接受|认定|培育|打造|创建|发展|设立|开通|培训了?)(.{2,})$", s)
        if m_verb and not re.match(r"^[和及与、]", m_verb.group(1)):
            s = m_verb.group(1)
        changed = True
        while changed:
            changed = False
            for t in (*_STRIP_TAIL, "分别"):
                if s.endswith(t) and len(s) > len(t):
                    s = s[: -len(t)]
                    changed = True
        s = s.strip("“”\"'的 ")
        # a long run: keep the last phrase after a verb of action
        if len(s) > 18:
            m = re.search(r"(?:实现|完成|建成|开展|组织|举办|带动|接受|促进|促成|推动|提供|培训|覆盖|达到)(.{2,})$", s)
            if m:
                s = m.group(0) if m.group(0)[:2] in ("带动", "促进", "促成") else m.group(1)
            if len(s) > 24:
                s = s[-24:]
        s = re.sub(r"^(?:在全国|在全省|全国|全省)", "", s)
        return s.strip("“”\"'的、 ")

    def _kind_for(self, cs: int, a: int, b: int, s: Sentence) -> str:
        text = self.text
        clause_pre = text[cs:a]
        if re.search(r"(?:由|从)(?:[^,，。由从]{0,20}的)?$", clause_pre) and re.match(r"^[^,，。]{0,20}?(?:提高|提升|上升|增长|增加|下降|减少)(?:到|至)", text[b : b + 24]):
            return "baseline"
        if self._first_in_sentence(s, _TARGET_MARK) < a and not re.search(r"截至|截止", clause_pre):
            if not re.search(r"(?:已|已经|累计)", clause_pre):
                return "target"
        return "result"

    def _all_in_sentence(self, s: Sentence, rx: re.Pattern[str]) -> list[re.Match[str]]:
        """Every match of ``rx`` in a sentence, computed once per sentence (absolute positions)."""
        key = (s.index, rx.pattern)
        hits = self._sentence_hits.get(key)
        if hits is None:
            hits = self._sentence_hits[key] = list(rx.finditer(self.text, s.start, s.end))
        return hits

    def _first_in_sentence(self, s: Sentence, rx: re.Pattern[str]) -> int:
        hits = self._all_in_sentence(s, rx)
        return hits[0].start() if hits else len(self.text) + 1

    def _as_of(self, s: Sentence, a: int) -> str | None:
        text = self.text
        hits = [h for h in self._all_in_sentence(s, _AS_OF_MARK) if h.end() <= a]
        m = hits[-1] if hits else None
        if m:
            y, mo, d = m.group(1), m.group(2), m.group(3)
            if d:
                return f"{y}-{int(mo):02d}-{int(d):02d}"
            if mo:
                return f"{y}-{int(mo):02d}"
            return y
        m2 = re.search(r"(20\d{2})年(?:(\d{1,2})月)?(?:底|末)?的?$", text[max(s.start, a - 12) : a])
        if m2:
            return f"{m2[1]}-{int(m2[2]):02d}" if m2[2] else m2[1]
        return self.ctx.date

    def _scope_of(self, cs: int, a: int) -> tuple[str | None, str | None]:
        text = self.text
        best = None
        for _s, e, k in self.places_starting_in(cs, a):
            if e <= a and self.places[k].level in ("province", "city", "county", "township", "village"):
                best = k
        if best is None:
            pre = text[cs:a]
            ctx = self.ctx
            if re.search(r"(?<![在占])(?:全国|我国)(?!率先|总量|第一|首|前列|领先)", pre):
                best = "100000"
            elif re.search(r"全市|本市|我市", pre) and ctx.city:
                best = ctx.city
            elif re.search(r"全县|本县|我县", pre) and ctx.county:
                best = ctx.county
            else:
                best = ctx.county if (ctx.county and not ctx.city and False) else ctx.province
        if best is None:
            return None, None
        p = self.places.get(best)
        if p is not None:
            return best, p.name
        d = self.gaz.by_code(best)
        return best, d.name if d else None

    # ---------------------------------------------------------------- baseline pairs
    def fix_baselines(self) -> None:
        """由X提高到Y: the earlier figure is the baseline, the later the result, same indicator."""
        for i, o in enumerate(self.outcomes):
            if o.kind != "baseline":
                continue
            nxt = next((p for p in self.outcomes[i + 1 :] if p.sentence == o.sentence and p.unit == o.unit), None)
            if nxt is not None:
                if not o.indicator or len(o.indicator) < 2:
                    o.indicator = nxt.indicator
                else:
                    nxt.indicator = o.indicator if len(nxt.indicator) < 2 else nxt.indicator
                o.indicator_key = o.indicator_key or nxt.indicator_key
                nxt.indicator_key = nxt.indicator_key or o.indicator_key
                if nxt.kind == "baseline":
                    nxt.kind = "result"

    def run(self) -> Extraction:
        self.infer_context()
        self.extract_places()
        self.infer_local_context()
        self.extract_local_places()
        self.extract_policies()
        self.extract_organisations()
        self.extract_events()
        self.extract_outcomes()
        self.fix_baselines()
        orgs = sorted(self.orgs.values(), key=lambda o: min(o.spans))
        places = sorted(self.places.values(), key=lambda p: (min(p.spans) if p.spans else (10**9, 0), p.key))
        pols = sorted(self.policies.values(), key=lambda p: min(p.spans))
        return Extraction(self.ctx, self.doc, pols, orgs, places, self.events, self.outcomes, self.warnings)

    def infer_local_context(self) -> None:
        """本市/本县: the city or county the report is about (most mentioned, in the province)."""
        ctx = self.ctx
        counts: Counter[str] = Counter()
        for _s, _e, k in self.place_spans:
            p = self.places[k]
            if p.code and p.level in ("city", "county"):
                counts[k] += 1
        if re.search(r"本市|我市|全市|市委|市政府", self.text) and not ctx.city:
            cities = [k for k, _ in counts.most_common() if self.places[k].level == "city"]
            if cities:
                ctx.city = cities[0]
            else:
                counties = [k for k, _ in counts.most_common() if self.places[k].level == "county"]
                if counties:
                    d = self.gaz.by_code(counties[0])
                    if d and d.parent and d.parent != d.province:
                        ctx.city = d.parent
        prov = self.gaz.by_code(ctx.province) if ctx.province else None
        # 全区 is the whole region in an autonomous region, a district (county level) elsewhere
        district = "" if prov is not None and prov.name.endswith("自治区") else "|本区|我区|全区|区委|区政府"
        if re.search(rf"本县|我县|全县|县委|县政府{district}", self.text) and not ctx.county:
            counties = [k for k, _ in counts.most_common() if self.places[k].level == "county"]
            if counties:
                ctx.county = counties[0]
        if ctx.county and not ctx.city:
            d = self.gaz.by_code(ctx.county)
            if d and d.parent and d.parent != d.province:
                ctx.city = d.parent


def _and_ok(inner: str) -> bool:
    """和 inside a body name joins words (文化和旅游厅), never two bodies or places."""
    for k, c in enumerate(inner):
        if c == "和":
            left, right = inner[:k], inner[k + 1 :]
            if not left or not right or left.endswith(tuple(_BODY_SUFFIXES)) or left[-1] in "省市县区州旗委":
                return False
            if right.startswith(tuple(_LEVEL_PREFIXES)) or right.startswith("中国"):
                return False
    return True


_TARGET_MARK = re.compile(
    r"(?<![高升长加少降增截])(?:到|至)(?:20\d{2})年(?:底|末)?|力争|争取|预计|计划|目标任务是|目标是|将达到|确保|"
    r"将(?:组织|开展|实现|完成|建成|新增|推动|带动|培训)"
)
_AS_OF_MARK = re.compile(r"(?:截至|截止|到)(?:(20\d{2})年)(?:(\d{1,2})月)?(?:(\d{1,2})日)?(?:底|末)?")
_ATTENDANCE = re.compile(r"参加会议|参会|出席|与会|列席|负责同志|代表参加")
_INSTITUTION_SUFFIX = re.compile(r"大学|学院|研究院|基金会|协会|商会|联合会|公司|集团")
_LENGTHS: dict[tuple[int, int, int], dict[str, tuple[int, ...]]] = {}


def _lengths_for(forms: dict[str, Any], min_len: int, max_len: int) -> dict[str, tuple[int, ...]]:
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


def raw_unit_counts(unit: str) -> bool:
    return unit in ("户", "人", "个", "家", "所")


def unit_is_percent(raw: str) -> bool:
    return raw.endswith("%")


def _slug_key(text: str) -> str:
    from kg.resolve import slug

    return slug(text)


def parse_report(text: str | NormalisedText, context: DocContext | None = None) -> Extraction:
    """Extract every record from one report.

    ``text`` is the decoded original text (or an already normalised one); ``context`` carries
    what the sidecar metadata says (key, title, date, province code).

    >>> ex = parse_report("11月10日，2020年全省网络扶贫工作推进会在光山县召开。全省农村固定宽带家庭普及率达99%。")
    >>> ex.events[0].name, ex.events[0].date, ex.events[0].place
    ('2020年全省网络扶贫工作推进会', '2020-11-10', '光山县')
    >>> [(o.indicator, str(o.value), o.unit) for o in ex.outcomes]
    [('农村固定宽带家庭普及率', '99', '%')]
    """
    doc = text if isinstance(text, NormalisedText) else normalise_text(text)
    ctx = context or DocContext(key="doc")
    return _Extractor(doc, ctx).run()
