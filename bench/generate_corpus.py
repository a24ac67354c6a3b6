#!/usr/bin/env python3
"""Generate a synthetic corpus of 网络扶贫 / 数字乡村 reports, each with its own gold annotation.

    python bench/generate_corpus.py --docs N --seed S --out DIR [--traditional-share 0.25] [--pinyin-share 0.1]

For every document the script writes ``DIR/<key>.txt`` (UTF-8), ``DIR/<key>.meta.json``
(``title``, ``date``, ``source``, ``publisher``, ``province``) and ``DIR/<key>.gold.json`` in
the schema of ``shared/tools/score_extraction.py``, so the folder can be scored directly::

    python shared/tools/score_extraction.py DIR --cmd 'povkg extract {doc} --format json'

Text and gold come from the same facts: every organisation, place, policy, event and figure is
registered in the gold at the moment it is written, following the annotation rules of
``tests/data/corpus/README.md``. Places and bodies are real (the gazetteer and the catalogues);
townships, villages, officials, figures and events are made up.

Output is deterministic: document ``i`` depends only on ``(seed, i)`` and the shares, so the
first five documents of ``--docs 5`` and ``--docs 20`` are byte-identical.
"""

from __future__ import annotations

import argparse
import functools
import json
import math
import random
import re
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

__all__ = ["generate", "write_corpus", "main"]

_ROOT = Path(__file__).resolve().parent.parent

# ------------------------------------------------------------------------------------------
# fixed tables (real names only)
# ------------------------------------------------------------------------------------------
#: per province: code, slug for file names, one-character abbreviation (豫网信办发〔2020〕3号), the real
#: government domain (meta ``source`` paths are placeholders) and a real university (attendee); "-" = none
_PROVINCE_TABLE = """
110000 beijing 京 www.beijing.gov.cn 中国农业大学
120000 tianjin 津 www.tj.gov.cn 天津农学院
130000 hebei 冀 www.hebei.gov.cn 河北农业大学
140000 shanxi 晋 www.shanxi.gov.cn 山西农业大学
150000 neimenggu 内 www.nmg.gov.cn 内蒙古农业大学
210000 liaoning 辽 www.ln.gov.cn 沈阳农业大学
220000 jilin 吉 www.jl.gov.cn 吉林农业大学
230000 heilongjiang 黑 www.hlj.gov.cn 东北农业大学
310000 shanghai 沪 www.shanghai.gov.cn 上海交通大学
320000 jiangsu 苏 www.jiangsu.gov.cn 南京农业大学
330000 zhejiang 浙 www.zj.gov.cn 浙江大学
340000 anhui 皖 www.ah.gov.cn 安徽农业大学
350000 fujian 闽 www.fujian.gov.cn 福建农林大学
360000 jiangxi 赣 www.jiangxi.gov.cn 江西农业大学
370000 shandong 鲁 www.shandong.gov.cn 山东农业大学
410000 henan 豫 www.henan.gov.cn 河南农业大学
420000 hubei 鄂 www.hubei.gov.cn 华中农业大学
430000 hunan 湘 www.hunan.gov.cn 湖南农业大学
440000 guangdong 粤 www.gd.gov.cn 华南农业大学
450000 guangxi 桂 www.gxzf.gov.cn 广西大学
460000 hainan 琼 www.hainan.gov.cn 海南大学
500000 chongqing 渝 www.cq.gov.cn 西南大学
510000 sichuan 川 www.sc.gov.cn 四川农业大学
520000 guizhou 黔 www.guizhou.gov.cn 贵州大学
530000 yunnan 云 www.yn.gov.cn 云南农业大学
540000 xizang 藏 www.xizang.gov.cn 西藏大学
610000 shaanxi 陕 www.shaanxi.gov.cn 西北农林科技大学
620000 gansu 甘 www.gansu.gov.cn 甘肃农业大学
630000 qinghai 青 www.qinghai.gov.cn 青海大学
640000 ningxia 宁 www.nx.gov.cn 宁夏大学
650000 xinjiang 新 www.xinjiang.gov.cn 新疆农业大学
710000 taiwan - - -
810000 xianggang - - -
820000 aomen - - -
"""
_PROVINCE_INFO = {row.split()[0]: row.split()[1:] for row in _PROVINCE_TABLE.strip().splitlines()}
_MUNICIPALITIES = ("110000", "120000", "310000", "500000")
#: regions with no counties in the gazetteer: their documents are about a mainland partner province
#: that names them (闽台 and 粤港澳 co-operation)
_PARTNER = {"710000": "350000", "810000": "440000", "820000": "440000"}
_NATIONAL_FIRMS = ("阿里巴巴", "京东", "拼多多", "华为", "腾讯", "苏宁易购", "美团", "快手", "字节跳动")

# invented township and village names: characters that survive s2t -> t2s unchanged
_NAME_A = "东西南北上大小新高石青白红黄金银马龙凤桃柳杨松柏竹梅兰花河山平安和福寿丰永太宝双三五七古清明杏枣"
_NAME_B = "庄河岭坪湾沟坝岗塘溪泉山桥店集寨堡营田园林口头滩岩峪洼阳源楼家庙湖坡"
_SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯董程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎"
_GIVEN = "建国明华志强文军晓红丽伟立新海平东波春秋玉兰德宏金成永光振宇俊杰彬敏静娟涛斌辉勇鹏飞"

# characters that may carry an inline pinyin annotation (default reading fits this genre)
_PINYIN_POOL = (
    "网络扶贫数字乡村发展工作现场推进会议省县农业电商信息服务覆盖宽带建设计划动战略纲实施贯彻指导讲话"
    "参调研产园线销售培训益社课堂教学捐款爱心公成效显著基础振兴脱攻坚召开办厅局委"
    "主持企组织负责同志代表推动通村镇质量"
)

# ------------------------------------------------------------------------------------------
# indicators: catalogue key -> (low, high, ((written form, pattern group), ...), 全覆盖 subject)
# the forms are the catalogue name or one of its aliases; unusable ones are dropped at load time
# ------------------------------------------------------------------------------------------
_INDICATORS: dict[str, tuple[float, float, tuple[tuple[str, str], ...], str | None]] = {
    "rural-fixed-broadband-household-penetration": (
        60,
        99.9,
        (("农村固定宽带家庭普及率", "rate"), ("农村家庭宽带普及率", "rate"), ("农村固定宽带普及率", "rate")),
        None,
    ),
    "mobile-broadband-user-penetration": (
        50,
        98,
        (("移动宽带用户普及率", "rate"), ("移动宽带普及率", "rate")),
        None,
    ),
    "poor-village-fibre-access": (
        90,
        100,
        (("贫困村通光纤比例", "rate"), ("贫困村光纤通达率", "rate"), ("贫困村光纤覆盖率", "rate")),
        "贫困村光纤网络",
    ),
    "poor-village-4g-coverage": (
        85,
        100,
        (("贫困村4G覆盖率", "rate"), ("贫困村4G网络覆盖率", "rate"), ("贫困村4G通达率", "rate")),
        "贫困村4G网络",
    ),
    "natural-village-fibre-4g-coverage": (
        80,
        100,
        (("20户以上自然村光纤宽带和4G网络覆盖率", "rate"), ("20户以上自然村4G网络覆盖率", "rate")),
        "20户以上自然村光纤宽带和4G网络",
    ),
    "admin-village-fibre-access": (
        95,
        100,
        (("行政村通光纤比例", "rate"), ("行政村光纤通达率", "rate"), ("行政村光纤覆盖率", "rate")),
        "行政村光纤网络",
    ),
    "admin-village-4g-coverage": (
        92,
        100,
        (("行政村4G覆盖率", "rate"), ("行政村4G网络覆盖率", "rate")),
        "行政村4G网络",
    ),
    "rural-broadband-users": (
        1e5,
        1.5e7,
        (("农村宽带用户", "count"), ("农村宽带接入用户", "count"), ("农村宽带用户数", "count")),
        None,
    ),
    "rural-internet-penetration": (
        30,
        75,
        (("农村地区互联网普及率", "rate"), ("农村互联网普及率", "rate")),
        None,
    ),
    "ecommerce-demonstration-counties": (
        5,
        110,
        (("电子商务进农村综合示范县", "county"), ("电商进农村综合示范县", "county")),
        None,
    ),
    "rural-online-retail-sales": (
        3e9,
        2.5e11,
        (("农村网络零售额", "amount"), ("农村网络零售总额", "amount")),
        None,
    ),
    "agricultural-online-retail-sales": (
        1e9,
        8e10,
        (("农产品网络零售额", "amount"), ("农产品网络销售额", "amount")),
        None,
    ),
    "rural-products-upward": (
        1e9,
        6e10,
        (("促进农村产品上行", "verb"), ("带动农产品上行", "verb"), ("农产品上行交易额", "amount")),
        None,
    ),
    "supply-demand-matching-events": (100, 3000, (("产销对接活动", "event"), ("产销对接会", "event")), None),
    "deals-concluded": (1e8, 1e10, (("促成交易额", "verb"), ("实现交易额", "verb")), None),
    "ecommerce-service-sites": (
        1000,
        40000,
        (("电商服务站点", "facility"), ("农村电商服务站点", "facility"), ("村级电商服务站点", "facility")),
        None,
    ),
    "online-shops": (5000, 300000, (("开设网店", "verb"), ("开办网店", "verb")), None),
    "poor-households-income": (
        5000,
        500000,
        (("带动贫困户增收", "verb"), ("带动建档立卡贫困户增收", "verb")),
        None,
    ),
    "ecommerce-talent-training": (10000, 1e6, (("培训电商人才", "verb"), ("培训农村电商人才", "verb")), None),
    "school-broadband-access": (
        90,
        100,
        (
            ("贫困地区中小学宽带网络接入率", "rate"),
            ("中小学宽带网络接入率", "rate"),
            ("中小学互联网接入率", "rate"),
        ),
        "中小学宽带网络",
    ),
    "dedicated-delivery-classrooms": (500, 9000, (("专递课堂", "quoted"),), None),
    "famous-teacher-classrooms": (100, 5000, (("名师课堂", "quoted"),), None),
    "famous-school-online-classrooms": (100, 3000, (("名校网络课堂", "quoted"),), None),
    "teaching-research-groups": (
        5000,
        80000,
        (("教研协作组", "facility"), ("网络教研协作组", "facility")),
        None,
    ),
    "yinong-information-centres": (
        3000,
        50000,
        (("益农信息社", "facility"), ("村级益农信息社", "facility")),
        None,
    ),
    "online-information-services": (
        1e6,
        5e8,
        (("开展线上信息服务", "verb"), ("线上信息服务", "service"), ("在线信息服务", "service")),
        None,
    ),
    "it-application-training": (
        1e5,
        2e7,
        (("组织信息技术应用培训", "verb"), ("信息技术应用培训", "service")),
        None,
    ),
    "employment-driven": (
        1e4,
        2e6,
        (("带动就业务工", "verb"), ("带动就业", "verb"), ("带动务工就业", "verb")),
        None,
    ),
    "telemedicine-poor-counties": (10, 90, (("远程医疗覆盖贫困县", "verb"),), None),
    "online-donations": (1e6, 5e8, (("接受网络捐款", "verb"), ("网络募集善款", "verb")), None),
    "caring-participants": (1e4, 5e6, (("奉献爱心", "numfirst"),), None),
    "online-public-welfare-projects": (
        50,
        3000,
        (("网络公益项目", "project"), ("网络公益扶贫项目", "project")),
        None,
    ),
    "digital-village-pilot-counties": (
        1,
        9,
        (("国家数字乡村试点县", "county"), ("数字乡村试点县", "county")),
        None,
    ),
    "digital-village-demonstration-counties": (5, 60, (("数字乡村示范县", "county"),), None),
    "rural-internet-users": (1e6, 3e7, (("农村网民规模", "amount"), ("农村网民", "count")), None),
}

_PATTERNS: dict[str, tuple[str, ...]] = {
    "rate": ("{f}达到{n}", "{f}达{n}", "{f}提升至{n}", "{f}提高到{n}"),
    "amount": ("{f}达{n}", "{f}达到{n}", "{f}累计达{n}", "实现{f}{n}"),
    "count": ("{f}达{n}", "{f}达到{n}", "{f}总数达到{n}"),
    "verb": ("{f}{n}", "累计{f}{n}"),
    "facility": ("建成{f}{n}", "累计建成{f}{n}", "新建{f}{n}", "{f}达到{n}"),
    "quoted": ("建成“{f}”{n}", "开设“{f}”{n}", "“{f}”达到{n}"),
    "county": ("{n}县被列为{f}", "{n}县（市、区）入选{f}", "{f}达到{n}", "共认定{f}{n}"),
    "service": ("开展{f}{n}", "提供{f}{n}"),
    "event": ("举办{f}{n}", "开展{f}{n}"),
    "numfirst": ("{n}{f}", "{n}通过网络平台{f}"),
    "project": ("上线{f}{n}", "实施{f}{n}"),
}
_TARGET_PATTERNS: dict[str, tuple[str, ...]] = {
    "rate": ("{f}达到{n}", "{f}提高到{n}"),
    "amount": ("{f}达到{n}", "{f}提高到{n}"),
    "count": ("{f}达到{n}",),
    "verb": ("{f}{n}",),
    "facility": ("建成{f}{n}", "新建{f}{n}"),
    "quoted": ("建成“{f}”{n}",),
    "county": ("新增{f}{n}", "{f}达到{n}"),
    "service": ("开展{f}{n}",),
    "event": ("举办{f}{n}",),
    "numfirst": ("{n}{f}",),
    "project": ("上线{f}{n}",),
}
_PROGRAMME_LEADS: dict[str, tuple[str, ...]] = {
    "network-coverage": (
        "网络覆盖工程加快推进",
        "网络覆盖工程超额完成目标",
        "实施网络覆盖工程",
        "在网络覆盖方面",
    ),
    "rural-ecommerce": (
        "农村电商工程成效明显",
        "农村电商工程有力促进农村产品上行",
        "实施农村电商工程",
        "在农村电商方面",
    ),
    "online-capacity-building": ("网络扶智工程持续深化", "网络扶智工程扎实推进", "在网络扶智方面"),
    "information-services": ("信息服务工程扎实推进", "信息服务工程惠及千家万户", "在信息服务方面"),
    "online-public-welfare": ("网络公益工程广泛开展", "网络公益关爱特殊困难群体", "在网络公益方面"),
    "": ("数字乡村建设稳步推进", "数字乡村试点示范有序开展"),
}
_UNNAMED_LEADS: dict[str, tuple[str, ...]] = {
    "network-coverage": ("农村网络基础设施持续完善", "通信网络短板加快补齐"),
    "rural-ecommerce": ("电子商务带动作用明显", "农产品网络销售渠道不断拓宽"),
    "online-capacity-building": ("教育信息化水平稳步提升", "优质教育资源加快向乡村延伸"),
    "information-services": ("惠农便民服务更加便捷", "涉农服务体系日益健全"),
    "online-public-welfare": ("社会帮扶力量广泛汇聚", "网上爱心活动蓬勃开展"),
    "": ("数字乡村建设稳步推进",),
}
_SECTION_SLOGANS: dict[str, tuple[str, ...]] = {
    "network-coverage": ("“信息高速路”通到村", "夯实乡村数字底座", "打通网络“最后一公里”"),
    "rural-ecommerce": ("特色产品搭上“电商快车”", "农产品卖出好价钱", "直播带货成为新农活"),
    "online-capacity-building": ("山里孩子共享优质课堂", "教育资源跨越山海"),
    "information-services": ("益农信息社成为“村里的服务站”", "惠民服务走进千家万户"),
    "online-public-welfare": ("汇聚网上爱心力量", "爱心帮扶温暖人心"),
    "": ("数字乡村建设起步见效", "试点示范带动全域发展"),
}
_SECTION_TITLES_UNNAMED: dict[str, tuple[str, ...]] = {
    "network-coverage": ("夯实网络基础", "补齐通信短板"),
    "rural-ecommerce": ("拓宽产销渠道", "培育电商新业态"),
    "online-capacity-building": ("推动教育均衡", "提升数字素养"),
    "information-services": ("完善惠农服务", "便利群众办事"),
    "online-public-welfare": ("汇聚社会力量", "凝聚爱心帮扶"),
    "": ("推进数字乡村", "深化试点示范"),
}
#: indicators that count counties: meaningless in a county's own report or in a "其中X县" clause
_COUNTY_KINDS = (
    "ecommerce-demonstration-counties",
    "digital-village-pilot-counties",
    "digital-village-demonstration-counties",
    "telemedicine-poor-counties",
)
_CN_ORDINAL = ("一", "二", "三", "四", "五", "六", "七", "八")
_CN_SMALL = {2: "两", 3: "三", 4: "四", 5: "五", 6: "六", 7: "七", 8: "八", 9: "九"}
_MAG = {"": Decimal(1), "万": Decimal(10000), "亿": Decimal(100000000)}
_QUALIFIER = {
    "余": "more_than",
    "多": "more_than",
    "超过": "more_than",
    "突破": "more_than",
    "以上": "at_least",
    "不少于": "at_least",
    "不低于": "at_least",
    "约": "about",
    "左右": "about",
    "近": "about",
    "不到": "less_than",
}
_PREFIX_QUALS = ("超过", "突破", "不少于", "不低于", "约", "近", "不到")


# ------------------------------------------------------------------------------------------
# loaded data
# ------------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class County:
    """A real county (区, 县, 旗, county-level city) as the reports write it."""

    code: str
    name: str  # as written (石柱县 for 石柱土家族自治县)
    aliases: tuple[str, ...]
    short: str | None
    city: str | None  # its prefecture as written, or None under a municipality / province directly
    city_aliases: tuple[str, ...]
    slug: str


@dataclass(frozen=True, slots=True)
class Province:
    code: str
    name: str
    short: str
    kind: str  # province | autonomous | municipality
    slug: str
    abbr: str
    domain: str
    counties: tuple[County, ...]
    rural: tuple[County, ...]  # counties that are not urban districts (or all, when none)
    capital: str | None  # capital city as written
    university: str
    #: every surface form of its cities and counties -> all forms of that division
    divisions: dict[str, tuple[str, ...]]


@dataclass(frozen=True, slots=True)
class Indicator:
    key: str
    name: str
    programme: str  # catalogue name of the 工程, or ""
    programme_forms: tuple[str, ...]
    unit: str
    low: float
    high: float
    forms: tuple[tuple[str, str], ...]
    cover: str | None


@dataclass(frozen=True, slots=True)
class Data:
    provinces: tuple[Province, ...]  # gazetteer order, all 34
    by_code: dict[str, Province]
    indicators: tuple[Indicator, ...]
    by_programme: dict[str, tuple[Indicator, ...]]
    programmes: tuple[tuple[str, str, tuple[str, ...]], ...]  # key, name, aliases
    counterparts: dict[str, Any]
    policies: dict[str, tuple[str, int, tuple[str, ...]]]  # key -> name, year issued, aliases
    policy_forms: tuple[str, ...]  # every catalogue policy name and alias, longest first
    national_bodies: tuple[str, ...]  # names and aliases of national bodies
    pinyin: dict[str, str]  # character (simplified and traditional) -> pinyin with tone marks


def _written(name: str, short: str | None) -> tuple[str, tuple[str, ...]]:
    """The name reports write for a division, and the accepted alternatives."""
    if short and (name.endswith("自治州") or name.endswith("自治县")):
        return short + name[-1], (name, short)
    return name, ((short,) if short else ())


def _slug(name_en: str) -> str:
    word = re.sub(r"[^a-z]", "", (name_en.split() or ["x"])[0].lower())
    return word or "x"


@functools.cache
def _data() -> Data:
    if str(_ROOT) not in sys.path:  # running as a script from a checkout
        sys.path.insert(0, str(_ROOT))
    from kg.catalogue import load_catalogue
    from kg.gazetteer import load_gazetteer

    gz = load_gazetteer()
    cat = load_catalogue()
    provinces: list[Province] = []
    below: dict[str, list[Any]] = {}  # province code -> its cities and counties
    for d in gz:
        if d.level in ("city", "county"):
            below.setdefault(d.province, []).append(d)
    for p in gz:
        if p.level != "province":
            continue
        counties: list[County] = []
        capital: str | None = None
        seen: dict[str, int] = {}
        rows: list[County] = []
        for c in below.get(p.code, ()):
            if c.level != "county":
                continue
            chain = gz.chain(c.code)
            city = chain[1] if len(chain) > 2 else None
            name, aliases = _written(c.name, c.short)
            cname, caliases = _written(city.name, city.short) if city else (None, ())
            rows.append(County(c.code, name, aliases, c.short, cname, caliases, _slug(c.name_en)))
            seen[name] = seen.get(name, 0) + 1
        for row in rows:  # leave out names that are ambiguous within the province (桥西区) or generic
            if seen[row.name] == 1 and row.name not in ("城区", "矿区", "郊区"):
                counties.append(row)
        for c in gz.children(p.code):
            if c.level == "city":
                capital = _written(c.name, c.short)[0]
                break
        divisions: dict[str, tuple[str, ...]] = {}
        for c in below.get(p.code, ()):
            forms = tuple(dict.fromkeys((_written(c.name, c.short)[0], *c.names)))
            for f in forms:
                if len(f) >= 2:
                    divisions.setdefault(f, forms)
        slug, abbr, domain, university = (
            "" if x == "-" else x
            for x in _PROVINCE_INFO.get(p.code, [_slug(p.name_en), "-", "www.gov.cn", "-"])
        )
        kind = (
            "municipality"
            if p.code in _MUNICIPALITIES
            else ("autonomous" if p.name.endswith("自治区") else "province")
        )
        rural = tuple(c for c in counties if not c.name.endswith("区")) or tuple(counties)
        provinces.append(
            Province(
                p.code,
                p.name,
                p.short or p.name,
                kind,
                slug,
                abbr,
                domain,
                tuple(counties),
                rural,
                capital,
                university,
                divisions,
            )
        )
    programmes = tuple((g.key, g.name_zh, g.aliases) for g in cat.programmes)
    prog_name = {k: (n, a) for k, n, a in programmes}
    indicators: list[Indicator] = []
    for entry in cat.indicators:
        spec = _INDICATORS.get(entry.key)
        if spec is None or not entry.unit:
            continue
        low, high, forms, cover = spec
        known = {entry.name_zh, *entry.aliases}
        usable = tuple(f for f in forms if f[0] in known) or ((entry.name_zh, forms[0][1]),)
        pname, paliases = prog_name.get(entry.programme or "", ("", ()))
        indicators.append(
            Indicator(
                entry.key,
                entry.name_zh,
                pname,
                (pname, *paliases) if pname else (),
                entry.unit,
                low,
                high,
                usable,
                cover,
            )
        )
    by_programme: dict[str, tuple[Indicator, ...]] = {}
    for _key, name, _ in (*programmes, ("", "", ())):
        by_programme[name] = tuple(i for i in indicators if i.programme == name)
    policies = {p.key: (p.name_zh, int((p.issued or "2016")[:4]), p.aliases) for p in cat.policies}
    forms = sorted({f for p in cat.policies for f in (p.name_zh, *p.aliases)}, key=lambda s: (-len(s), s))
    national = tuple(n for b in cat.bodies for n in (b.name_zh, *b.aliases))
    return Data(
        provinces=tuple(provinces),
        by_code={p.code: p for p in provinces},
        indicators=tuple(indicators),
        by_programme=by_programme,
        programmes=programmes,
        counterparts={c.key: c for c in cat.counterparts},
        policies=policies,
        policy_forms=tuple(forms),
        national_bodies=tuple(dict.fromkeys(national)),
        pinyin=_pinyin_map(),
    )


def _pinyin_map() -> dict[str, str]:
    import pypinyin

    s2t = _converter()
    out: dict[str, str] = {}
    for ch in dict.fromkeys(_PINYIN_POOL):
        py = pypinyin.pinyin(ch, style=pypinyin.Style.TONE)[0][0]
        if not re.fullmatch(r"[a-zāáǎàēéěèīíǐìōóǒòūúǔùüǖǘǚǜ]+", py):
            continue
        out[ch] = py
        out.setdefault(s2t(ch), py)
    return out


@functools.cache
def _converter() -> Any:
    import opencc

    return opencc.OpenCC("s2t").convert


# ------------------------------------------------------------------------------------------
# figures
# ------------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Fig:
    raw: str
    value: Decimal
    unit: str
    qualifier: str | None


def _num(d: Decimal) -> str:
    s = format(d, "f")
    if "." in s:
        s = s.rstrip("0").rstrip(".")
    return s


def _json_number(d: Decimal) -> int | float:
    return int(d) if d == d.to_integral_value() else float(d)


def _pick_qual(rng: random.Random, kind: str, unit: str, pattern_end: bool, money: bool) -> str | None:
    if kind == "target":
        pool: list[str | None] = [None, None, None, "以上", "不少于" if unit != "%" else "不低于"]
    elif kind == "baseline":
        pool = [None] * 6 + ["约", "不到"]
    else:
        pool = [None] * 7 + ["余", "多", "超过", "约", "近", "左右", "以上"] + (["突破"] if money else [])
        if unit == "%":
            pool = [q for q in pool if q not in ("余", "多")]
    q = rng.choice(pool)
    if q in ("以上", "左右") and not pattern_end:
        q = None
    return q


def _percent(rng: random.Random, low: float, high: float, kind: str, pattern_end: bool = True) -> Fig:
    q = _pick_qual(rng, kind, "%", pattern_end, False)
    dp = 0 if q else rng.choice((0, 1, 1, 1, 2))
    v = Decimal(f"{rng.uniform(low, high):.{dp}f}")
    if v >= 100:
        v, q = Decimal(100), None
    s = _num(v)
    if q is None:
        raw = f"{s}%"
    elif q in ("以上", "左右"):
        raw = f"{s}%{q}"
    else:
        raw = f"{q}{s}%"
    return Fig(raw, v, "%", _QUALIFIER.get(q or ""))


def _plain_percent(rng: random.Random, low: float, high: float) -> Fig:
    """A percentage without qualifier (for 占全国总量的X%, 同比增长X%, 分别达到X和Y)."""
    v = min(Decimal(100), Decimal(f"{rng.uniform(low, high):.{rng.choice((0, 1, 1))}f}"))
    return Fig(f"{_num(v)}%", v, "%", None)


def _count(
    rng: random.Random,
    low: float,
    high: float,
    unit: str,
    kind: str,
    *,
    pattern_end: bool = True,
    suffix_ok: bool = True,
    value: float | None = None,
) -> Fig:
    money = unit == "元"
    q = _pick_qual(rng, kind, unit, pattern_end and suffix_ok, money)
    v = value if value is not None else math.exp(rng.uniform(math.log(low), math.log(high)))
    if money:
        mag = "亿" if v >= 1e8 and (v >= 5e8 or rng.random() < 0.7) else "万"
    elif v >= 1e8 and unit in ("次", "人次"):
        mag = "亿"
    elif v >= 1e5 or (v >= 1e4 and rng.random() < 0.7):
        mag = "万"
    else:
        mag = ""
    m = v / float(_MAG[mag])
    if q:
        digits = max(0, int(math.floor(math.log10(max(m, 1)))) - 1)  # two significant figures
        md = Decimal(int(round(m / 10**digits)) * 10**digits)
        if md == 0:
            md = Decimal(1)
        if mag and m < 10 and rng.random() < 0.5:
            md = Decimal(f"{m:.1f}")
    elif mag:
        dp = rng.choice((0, 1, 1, 2)) if m < 100 else (rng.choice((0, 1)) if m < 1000 else 0)
        md = Decimal(f"{m:.{dp}f}")
    else:
        md = Decimal(max(1, int(round(m))))
    if md == 0:
        md = Decimal(1)
    if q in ("余", "多") and not mag:  # 余/多 follow a round number: 3200余个, 40多所
        if md < 10:
            q = None
        else:
            md = Decimal(int(md) // 10 * 10)
    s = _num(md)
    cn = (
        not money
        and mag == "万"
        and md == md.to_integral_value()
        and int(md) in _CN_SMALL
        and rng.random() < 0.4
    )
    if cn:
        s = _CN_SMALL[int(md)]
    u = f"{mag}{unit}"
    if q is None:
        raw = f"{s}{u}"
    elif q == "余":
        raw = f"{s}{mag}余{unit}" if (mag and ("." in s or rng.random() < 0.5)) else f"{s}余{u}"
    elif q == "多":
        raw = f"{s}{mag}多{unit}"
    elif q in ("以上", "左右"):
        raw = f"{s}{u}{q}"
    else:
        raw = f"{q}{s}{u}"
    return Fig(raw, md * _MAG[mag], unit, _QUALIFIER.get(q or ""))


def _small_count(rng: random.Random, low: int, high: int, unit: str = "个") -> Fig:
    n = rng.randint(low, high)
    if n in _CN_SMALL and n <= 5 and rng.random() < 0.5:
        return Fig(f"{_CN_SMALL[n]}{unit}", Decimal(n), unit, None)
    return Fig(f"{n}{unit}", Decimal(n), unit, None)


# ------------------------------------------------------------------------------------------
# blocks: text plus the facts it states
# ------------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Body:
    key: str  # identity of the body within the document (one entry per key in the gold)
    name: str  # as written
    aliases: tuple[str, ...]


def _body(key: str, name: str, aliases: Sequence[str]) -> Body:
    return Body(key, name, tuple(dict.fromkeys(a for a in aliases if a and a != name)))


class Block:
    """A stretch of text and the gold facts it states; a document is a list of blocks."""

    __slots__ = (
        "parts",
        "orgs",
        "places",
        "policies",
        "outcomes",
        "events",
        "implements",
        "optional",
        "optional_block",
    )

    def __init__(self, optional_block: bool = False) -> None:
        self.parts: list[str] = []
        self.orgs: list[Body] = []
        self.places: list[tuple[str, str, tuple[str, ...]]] = []
        self.policies: list[tuple[str, tuple[str, ...]]] = []
        self.outcomes: list[dict[str, Any]] = []
        self.events: list[dict[str, Any]] = []
        self.implements: list[tuple[int, str]] = []
        self.optional: dict[str, list[Any]] = {
            "events": [],
            "organisations": [],
            "places": [],
            "policies": [],
            "outcomes": [],
        }
        self.optional_block = optional_block

    def w(self, *text: str) -> None:
        self.parts.extend(text)

    @property
    def text(self) -> str:
        return "".join(self.parts)

    def org(self, body: Body) -> str:
        self.orgs.append(body)
        return body.name

    def orgs_list(self, bodies: Sequence[Body], sep: str = "、") -> str:
        return sep.join(self.org(b) for b in bodies)

    def place(self, name: str, level: str, aliases: Sequence[str] = ()) -> str:
        self.places.append((name, level, tuple(aliases)))
        return name

    def county(self, c: County, chain: bool = False) -> str:
        """Write a county, with its prefecture in front when ``chain``."""
        head = ""
        if chain and c.city:
            head = self.place(c.city, "city", c.city_aliases)
        return head + self.place(c.name, "county", c.aliases)

    def policy(self, name: str, aliases: Sequence[str] = (), bracket: bool = True) -> str:
        self.policies.append((name, tuple(aliases)))
        return f"《{name}》" if bracket else name

    def opt(self, category: str, item: Any) -> None:
        self.optional[category].append(item)

    def outcome(self, indicator: str, fig: Fig, kind: str, scope: str, programme: str = "") -> str:
        o: dict[str, Any] = {"indicator": indicator, "value": _json_number(fig.value), "unit": fig.unit}
        if fig.qualifier:
            o["qualifier"] = fig.qualifier
        o["kind"] = kind
        o["scope"] = scope
        o["raw"] = fig.raw
        if programme:
            o["programme"] = programme
        self.outcomes.append(o)
        return fig.raw


# ------------------------------------------------------------------------------------------
# the document context
# ------------------------------------------------------------------------------------------
class Ctx:
    """Everything one document needs: its rng, province, scope words and body names."""

    def __init__(
        self,
        rng: random.Random,
        data: Data,
        prov: Province,
        year: int,
        level: str = "province",
        city: County | None = None,
        county: County | None = None,
    ) -> None:
        self.rng = rng
        self.data = data
        self.prov = prov
        self.year = year
        self.level = level
        self.city = city  # county whose prefecture is the scope (level "city")
        self.county = county  # scope county (level "county")
        self.used_indicators: list[str] = []
        self.choice = rng.choice
        scope_counties = len(prov.counties)
        if level == "city" and city is not None:
            scope_counties = sum(1 for c in prov.counties if c.city == city.city)
        self.scope_counties = max(1, scope_counties)
        #: figures shrink with the size of the place reported on
        self.scale = {"city": 0.15, "county": 0.03}.get(level, 0.35 if prov.kind == "municipality" else 1.0)
        if level == "city" and city is not None and city.city:
            self.scope_name = city.city
            self.whole, self.our = "全市", rng.choice(("本市", "我市"))
        elif level == "county" and county is not None:
            self.scope_name = county.name
            tail = county.name[-1] if county.name[-1] in "县区旗市" else "县"
            self.whole, self.our = f"全{tail}", rng.choice((f"本{tail}", f"我{tail}"))
        else:
            self.level = "province"
            self.scope_name = prov.name
            if prov.kind == "municipality":
                self.whole, self.our = "全市", rng.choice(("本市", "我市"))
            elif prov.kind == "autonomous":
                self.whole, self.our = "全区", "我区"
            else:
                self.whole, self.our = "全省", "我省"

    # -- helpers ------------------------------------------------------------------------

    def sample(self, seq: Sequence[Any], k: int) -> list[Any]:
        return self.rng.sample(list(seq), min(k, len(seq)))

    def person(self) -> str:
        return self.choice(_SURNAMES) + "".join(self.rng.sample(_GIVEN, self.rng.choice((1, 2, 2))))

    def invented(self, suffix: str) -> str:
        a, b = self.choice(_NAME_A), self.choice(_NAME_B)
        return f"{a}{b}{suffix}"

    def theme(self) -> str:
        if self.year <= 2018:
            return "网络扶贫"
        if self.year <= 2020:
            return self.choice(("网络扶贫", "网络扶贫和数字乡村建设"))
        return self.choice(("数字乡村建设", "数字乡村发展"))

    def pick_county(self, rural: bool = True, exclude: Sequence[str] = ()) -> County:
        pool = self.prov.rural if rural and self.rng.random() < 0.85 else self.prov.counties
        if self.level == "city" and self.city is not None:
            pool = tuple(c for c in self.prov.counties if c.city == self.city.city) or pool
        choices = [c for c in pool if c.name not in exclude] or list(pool)
        return self.choice(choices)

    # -- bodies -------------------------------------------------------------------------
    def body(
        self, key: str, level: str | None = None, place: str | None = None, place_full: str | None = None
    ) -> Body:
        """A local body by catalogue counterpart key (``cac``, ``ndrc`` …).

        ``level`` None means the document's own level, written in the short generic form
        (省委网信办, 自治区党委网信办, 市委网信办); with ``place`` the body is written with that
        place in front (信阳市委网信办).
        """
        cps = self.data.counterparts
        level = level or self.level
        if level == "province":
            generic, qualified, full = self.province_forms(key)
            if place == self.prov.name:
                return _body(f"p:{key}", qualified, (generic, full))
            return _body(f"p:{key}", generic, (qualified, full))
        if level == "city":
            cp = cps.get(f"{key}-city")
            if cp is None:
                raise KeyError(key)
            if place is None and self.level == "city" and self.city is not None and self.city.city:
                name = self.city.city
                return _body(f"c:{key}:{name}", cp.short, (cp.short_name(name), cp.full_name(name)))
            assert place is not None
            return _body(f"c:{key}:{place}", cp.short_name(place), (cp.full_name(place_full or place),))
        # county
        cp = cps.get(f"{key}-county")
        if cp is None:
            raise KeyError(key)
        if place is None and self.county is not None:
            name = self.county.name
            tail = name[-1]
            if tail in "县区":
                short = (
                    cp.short
                    if tail == "县"
                    else next((a for a in cp.aliases if a.startswith("区")), "区" + cp.short[1:])
                )
                return _body(f"k:{key}:{name}", short, (cp.short_name(name), cp.full_name(name)))
            return _body(f"k:{key}:{name}", cp.short_name(name), (cp.full_name(name),))
        assert place is not None
        return _body(f"k:{key}:{place}", cp.short_name(place), (cp.full_name(place),))

    def province_forms(self, key: str) -> tuple[str, str, str]:
        """Generic short (省委网信办), qualified short (河南省委网信办) and full name of a provincial body."""
        cps = self.data.counterparts
        prov = self.prov
        if prov.kind == "municipality":
            if key == "ca":
                name = f"{prov.name}通信管理局"
                return name, name, name
            cp = cps.get(f"{key}-city") or cps[key]
            return cp.short, cp.short_name(prov.name), cp.full_name(prov.name)
        cp = cps[key]
        if prov.kind == "autonomous":
            short = next((a for a in cp.aliases if a.startswith("自治区")), None)
            if short is None:
                short = (
                    ("自治区党委" + cp.short[2:]) if cp.short.startswith("省委") else "自治区" + cp.short[1:]
                )
            short_t = re.sub(r"\{place\}委(?!员会)", "{place}党委", cp.short_template)
            full_t = re.sub(r"\{place\}委(?!员会)", "{place}党委", cp.full_template)
            return short, short_t.replace("{place}", prov.name), full_t.replace("{place}", prov.name)
        return cp.short, cp.short_name(prov.name), cp.full_name(prov.name)

    def body_full(self, key: str) -> Body:
        """A provincial body under its full official name (signature blocks)."""
        generic, qualified, full = self.province_forms(key)
        return _body(f"p:{key}", full, (generic, qualified))

    def poverty_key(self) -> str:
        """扶贫办 until its 2021 reorganisation into the 乡村振兴局."""
        return "cpad" if self.year <= 2020 else "nrra"

    def host_keys(self) -> list[str]:
        keys = ["cac", "ndrc", self.poverty_key(), "mara", "miit", "mofcom", "moe", "mct"]
        if self.level == "province":
            keys.insert(5, "ca")
        return keys

    def official_title(self, body: Body, senior: bool) -> str:
        """The title of an official of ``body`` (主任, 副厅长, 副省长 …)."""
        n = body.name
        if n.endswith("政府"):
            if "自治区" in n:
                return "副主席"
            stem = n.removesuffix("政府").removesuffix("人民")
            return {"省": "副省长", "市": "副市长", "区": "副区长", "旗": "副旗长"}.get(
                stem[-1:] or "省", "副县长"
            )
        if n.endswith("厅"):
            return "厅长" if senior else "副厅长"
        if n.endswith("局"):
            return "局长" if senior else "副局长"
        return "主任" if senior else "副主任"

    def government(self) -> tuple[Body, Body]:
        """The party committee and the government of the document's place (省委、省政府 …)."""
        return self.body("cpc-central"), self.body("state-council")

    def enterprises(self, k: int) -> list[Body]:
        p = self.prov
        s = p.short
        unicom = (
            f"中国联通{s}省分公司"
            if p.kind == "province"
            else (f"中国联通{p.name}分公司" if p.kind == "municipality" else f"中国联通{s}分公司")
        )
        tower = f"中国铁塔{s}省分公司" if p.kind == "province" else f"中国铁塔{s}分公司"
        local = [f"中国移动{s}公司", f"中国电信{s}分公司", unicom, tower, f"中国邮政{s}分公司"]
        n_local = min(len(local), self.rng.randint(1, max(1, k - 1)))
        names = local[:n_local] + self.sample(_NATIONAL_FIRMS, k - n_local)
        return [Body(n, n, ()) for n in names]

    def foundation(self) -> Body:
        name = "中国扶贫基金会" if self.year <= 2021 else "中国乡村发展基金会"
        return Body(name, name, ())

    # -- figures and outcome clauses ----------------------------------------------------
    def take(self, programme: str, k: int, county_kinds: bool = True) -> list[Indicator]:
        county_kinds = county_kinds and self.level != "county"
        pool = [
            i
            for i in self.data.by_programme.get(programme, ())
            if i.key not in self.used_indicators and (county_kinds or i.key not in _COUNTY_KINDS)
        ]
        picked = self.sample(pool, k)
        self.used_indicators.extend(i.key for i in picked)
        return picked

    def clause(
        self, b: Block, ind: Indicator, kind: str, scope: str, programme: str, scale: float | None = None
    ) -> str:
        """One outcome clause (no final punctuation) for an indicator; registers its outcomes."""
        rng = self.rng
        form, group = self.choice(ind.forms)
        pats = (_TARGET_PATTERNS if kind == "target" else _PATTERNS)[group]
        pat = self.choice(pats)
        r = rng.random()
        if ind.unit == "%":
            if ind.cover and kind != "baseline" and r < 0.3:
                subject = ind.cover
                text = self.choice(
                    (f"实现{subject}全覆盖", f"{subject}实现全覆盖", f"在全国率先实现{subject}全覆盖")
                )
                b.outcome(ind.name, Fig("全覆盖", Decimal(100), "%", None), kind, scope, programme)
                return text
            if kind == "result" and r < 0.55:
                y1 = rng.randint(max(2014, self.year - 5), self.year - 2)
                hi = min(ind.high, 99.9)
                base = _percent(rng, ind.low * 0.5, (ind.low + hi) / 2, "baseline")
                res = _percent(rng, float(base.value) + 3, max(float(base.value) + 4, hi), "result")
                s = self.choice(
                    (
                        "{f}由{y0}年的{b}提高到{y1}年的{r}",
                        "{f}从{y0}年底的{b}上升到{y1}年{m}月的{r}",
                        "{f}由{b}提高到{r}",
                    )
                )
                text = s.format(f=form, y0=y1, y1=self.year, m=rng.randint(1, 11), b=base.raw, r=res.raw)
                b.outcome(form, base, "baseline", scope, programme)
                b.outcome(form, res, "result", scope, programme)
                return text
            fig = _percent(rng, ind.low, ind.high, kind, pat.endswith("{n}"))
            if fig.qualifier and fig.raw[0] not in "0123456789":
                pat = _strip_verb(pat)
            b.outcome(form, fig, kind, scope, programme)
            return pat.format(f=form, n=fig.raw)
        # counts and amounts, scaled to the place reported on
        scale = self.scale if scale is None else scale
        low, high = ind.low * scale, ind.high * scale
        if ind.key in _COUNTY_KINDS:
            high = min(ind.high, self.scope_counties)
            low = min(ind.low, max(1.0, high / 3))
        if ind.key in _COUNTY_KINDS and high <= 10:
            fig = _small_count(rng, max(1, int(low)), max(1, int(high)))
        else:
            fig = _count(
                rng,
                max(low, 1.0),
                max(high, 2.0),
                ind.unit,
                kind,
                pattern_end=pat.endswith("{n}"),
                suffix_ok=group not in ("county", "numfirst"),
            )
        if fig.qualifier and fig.raw.startswith(_PREFIX_QUALS):
            pat = _strip_verb(pat)
        if kind == "result" and ind.unit == "元" and group == "amount" and r < 0.25:
            # baseline -> result pair for a money amount
            base = _count(rng, 0, 0, "元", "baseline", value=float(fig.value) * rng.uniform(0.08, 0.6))
            y0 = rng.randint(max(2014, self.year - 5), self.year - 2)
            text = self.choice(
                ("{f}由{y0}年的{b}增长到{y1}年的{r}", "{f}从{y0}年的{b}增加到{y1}年的{r}")
            ).format(f=form, y0=y0, y1=self.year, b=base.raw, r=fig.raw)
            b.outcome(form, base, "baseline", scope, programme)
            b.outcome(form, fig, "result", scope, programme)
            return text
        spaced = (
            ind.unit == "元" and fig.qualifier is None and "亿" in fig.raw and "达{n}" in pat and r > 0.85
        )
        if spaced:  # "达 270.01 亿元": the raw keeps its spaces
            fig = Fig(fig.raw.replace("亿", " 亿"), fig.value, fig.unit, None)
            text = pat.replace("达{n}", "达 {n}").format(f=form, n=fig.raw)
        else:
            text = pat.format(f=form, n=fig.raw)
        b.outcome(form, fig, kind, scope, programme)
        if ind.key == "yinong-information-centres" and kind == "result" and rng.random() < 0.5:
            share = _plain_percent(rng, 2, 12)
            text += f"，占全国总量的{share.raw}"
            b.outcome("益农信息社占全国总量比例", share, kind, scope, programme)
        elif ind.unit == "元" and kind == "result" and rng.random() < 0.35:
            growth = _plain_percent(rng, 5, 60)
            text += f"，同比增长{growth.raw}"
            b.outcome(f"{form}同比增长", growth, kind, scope, programme)
        return text

    def pair_clause(self, b: Block, a: Indicator, c: Indicator, kind: str, scope: str, programme: str) -> str:
        """Two rates in one clause: 分别达到X和Y, or 均达到X."""
        fa, fc = a.forms[0][0], c.forms[0][0]
        if self.rng.random() < 0.5:
            x = _plain_percent(self.rng, a.low, a.high)
            y = _plain_percent(self.rng, c.low, c.high)
            b.outcome(fa, x, kind, scope, programme)
            b.outcome(fc, y, kind, scope, programme)
            return f"{fa}和{fc}分别达到{x.raw}和{y.raw}"
        x = _plain_percent(self.rng, max(a.low, c.low), min(a.high, c.high))
        b.outcome(fa, x, kind, scope, programme)
        b.outcome(fc, x, kind, scope, programme)
        return f"{fa}和{fc}均达到{x.raw}"

    def chunk(
        self,
        b: Block,
        programme: str,
        k: int,
        kind: str = "result",
        named: bool | None = None,
        heading: bool = False,
    ) -> str:
        """A sentence of outcome clauses for one programme.

        The programme is recorded on the outcomes only when the 工程 is named: in the sentence's
        lead (``named``) or in the section heading (``heading``); the wording of an indicator
        (线上信息服务) does not count.
        """
        rng = self.rng
        inds = self.take(programme, k)
        if not inds:
            return ""
        scope = self.scope_name
        named = (rng.random() < 0.7) if named is None else named
        lead = ""
        if not heading:
            pkey = self.programme_key(programme)
            lead = self.choice(_PROGRAMME_LEADS[pkey] if named else _UNNAMED_LEADS[pkey])
        tied = programme if (heading or named) else ""
        clauses: list[str] = []
        rates = [i for i in inds if i.unit == "%"]
        if len(rates) >= 2 and rng.random() < 0.3:
            clauses.append(self.pair_clause(b, rates[0], rates[1], kind, scope, tied))
            inds = [i for i in inds if i not in rates[:2]]
        for ind in inds:
            clauses.append(self.clause(b, ind, kind, scope, tied))
        if kind == "result" and self.level != "county" and rng.random() < 0.25:
            extra = self.take(programme, 1, county_kinds=False)
            if extra:
                c = self.pick_county()
                name = b.county(c)
                clauses.append(f"其中{name}" + self.clause(b, extra[0], "result", name, tied, scale=0.04))
        if clauses:
            clauses[0] = self.choice((self.whole, self.our, "", "")) + clauses[0]
        body = "，".join(clauses)
        if kind == "result" and rng.random() < 0.2:
            body = f"截至{self.year}年{rng.randint(1, 11)}月底，{body}"
        return f"{lead}，{body}" if lead else body

    def programme_key(self, name: str) -> str:
        return next((k for k, n, _ in self.data.programmes if n == name), "")

    def targets(self, b: Block, k: int, programme: str | None = None) -> str:
        """Target clauses (到20xx年…达到…) without a programme unless ``programme`` is given."""
        inds: list[Indicator] = []
        if programme is not None:
            inds = self.take(programme, k)
        else:
            for prog in self.sample([p for _, p, _ in self.data.programmes], k):
                inds.extend(self.take(prog, 1))
        return "，".join(self.clause(b, i, "target", self.scope_name, programme or "") for i in inds)


def _strip_verb(pat: str) -> str:
    for verb in ("达到{n}", "达{n}", "提升至{n}", "提高到{n}", "总数达到{n}"):
        pat = pat.replace(verb, "{n}")
    return pat


# ------------------------------------------------------------------------------------------
# shared pieces of text
# ------------------------------------------------------------------------------------------
_EMPHASIS = (
    "会议强调，各地各有关部门要深入学习贯彻习近平总书记关于网络强国的重要思想，增强做好{theme}工作的责任感和使命感，坚定信心、攻坚克难，努力完成各项目标任务。",
    "会议要求，要落细落实工作责任，强化政治引领，扛起政治责任；要强化工作作风，确保落实见效；要强化宣传引导，营造良好氛围。",
    "会议指出，要切实抓好网络扶贫与数字乡村建设的有效衔接，重点做好政策规划、体制机制、产业项目的衔接，保持政策的稳定性和连续性。",
    "会议提出，要持续推进农村网络基础设施提档升级，加快补齐农村信息化短板，让广大农民群众共享数字发展红利。",
    "会议强调，要发挥网信企业在{theme}中的积极作用，推动农村产业升级，积极发展数字经济新业态，持续增强农村地区的“造血”能力。",
    "会议要求，各地要进一步压实责任，建立健全跨部门协作机制，加强统筹协调和督促检查，确保各项任务落地见效。",
    "与会代表围绕农村电商发展、数字乡村治理、信息惠民服务等议题进行了交流讨论，大家一致认为，要把数字技术作为推动乡村发展的重要抓手。",
    "会议强调，一是要聚焦重点地区，加快补齐通信网络短板；二是要做大做强农村电商，拓宽农产品销售渠道；三是要深化网络扶智，促进优质教育资源共享；四是要完善信息服务体系，打通服务群众“最后一公里”。",
)
_PLAN_MEASURES = (
    "各地、各有关部门要高度重视，将{theme}纳入重要议事日程，加强统筹协调，明确责任分工，每季度末报送工作进展情况。",
    "要建立健全工作推进机制，加强督促检查和考核评估，及时总结推广典型经验，营造全社会共同参与的良好氛围。",
    "要加大资金投入和政策支持力度，引导社会资本参与农村信息基础设施建设和运营，形成多元投入格局。",
    "要加强宣传引导，充分利用报刊、广播电视和新媒体平台，宣传{theme}的好经验、好做法。",
)
_SUMMARY_CLOSING = (
    "下一步，{whole}将认真贯彻落实党中央、国务院决策部署，推动网络扶贫与数字乡村建设有效衔接，让农民群众共享数字红利。",
    "下一步，{whole}将持续巩固拓展网络扶贫成果，加快补齐农村信息化短板，不断提升乡村治理数字化水平。",
    "下一步，{whole}将围绕农村信息基础设施、农村电商、数字治理等重点领域，推动数字乡村建设不断取得新成效。",
)
_SUMMARY_FILLERS = (
    "在工作推进中，{whole}坚持把{theme}与产业发展、就业帮扶、消费帮扶紧密结合，建立健全部门协同、上下联动的工作机制，形成了政府引导、企业参与、群众受益的良好格局。",
    "各地结合实际大胆探索，涌现出一批可复制、可推广的典型经验，“直播带货+合作社”“电商+特色产业”等模式在乡村落地生根，农民群众的获得感、幸福感持续增强。",
    "与此同时，{whole}持续加强乡村网络文明建设，开展网络素养培训进乡村活动，引导农民群众依法上网、文明用网，营造了清朗的乡村网络空间。",
    "也要清醒地看到，农村信息基础设施仍有短板，农村电商发展不够平衡，数字技术与农业农村融合还不够深入，需要在今后工作中着力加以解决。",
)
_COUNTY_FILLERS = (
    "在具体工作中，{whole}坚持“一村一品”发展思路，积极引导合作社、家庭农场和致富带头人开展网上销售，打造了一批特色农产品网络品牌。",
    "同时，{whole}注重发挥驻村工作队和村级信息员作用，组织开展手机应用技能培训，帮助群众学会用手机查信息、办业务、卖产品。",
    "{whole}建立了{theme}工作月调度、季通报制度，定期研究解决工作推进中的困难和问题，确保各项任务落到实处。",
    "各乡镇把{theme}纳入年度重点工作，明确专人负责，层层压实责任，形成了上下联动、齐抓共管的工作格局。",
)
_SITES = (
    "电商产业园",
    "电子商务产业园",
    "农村电商服务中心",
    "数字农业示范基地",
    "智慧农业产业园",
    "电商直播基地",
)
_FIELD_SITES = ("万亩生态茶园", "油茶园", "蔬菜基地", "精品果园", "中药材基地", "食用菌产业基地")
_TOPICS = (
    "农村电商人才培训、特色农产品线上销售情况",
    "农村电商带动农业发展、促进农产品销售情况",
    "数字乡村建设和乡村治理数字化应用情况",
    "智慧农业物联网监测和农产品质量追溯平台运行情况",
    "益农信息社便民服务开展情况",
    "远程教育和乡村医生远程会诊应用情况",
    "电商直播带货和快递物流进村情况",
)
_EVENT_KINDS = (
    "现场推进会",
    "推进会",
    "工作会议",
    "现场观摩会",
    "经验交流会",
    "座谈会",
    "电视电话会议",
    "工作推进会",
)


def _phone(rng: random.Random) -> str:
    return f"0{rng.randint(311, 999)}-{rng.randint(60000000, 89999999)}"


def _date_cn(y: int, m: int, d: int) -> str:
    return f"{y}年{m}月{d}日"


def _iso(y: int, m: int, d: int) -> str:
    return f"{y:04d}-{m:02d}-{d:02d}"


def _policy_pool(ctx: Ctx, k: int) -> list[tuple[str, tuple[str, ...]]]:
    """Catalogue policies in force in the document's year, and the province's own plans."""
    y = ctx.year
    keys = [
        "wlfp-action-plan",
        "digital-village-strategy",
        "rural-revitalisation-plan-2018-2022",
        "digital-agriculture-plan-2019-2025",
        "digital-village-action-plan-2022-2025",
        "consolidation-linkage-opinions",
        "poverty-three-year-action",
        "rural-ecommerce-guidance-2015",
        "informatisation-plan-13th-fyp",
        "education-informatisation-2",
        "rural-revitalisation-opinions-2021",
    ]
    pol = ctx.data.policies
    out: list[tuple[str, tuple[str, ...]]] = []
    for key in keys:
        if key in pol and pol[key][1] <= y and (key != "wlfp-action-plan" or y <= 2021):
            name, _, aliases = pol[key]
            out.append((name, tuple(a for a in aliases if " " not in a and len(a) > 4)[:2]))
    own = _own_policies(ctx, y)
    first = out[:1] if y <= 2020 else [o for o in out if o[0].startswith("数字乡村")][:1]
    rest = [o for o in out + own if o not in first]
    return (first + ctx.sample(rest, k - len(first)))[:k] if k else []


def _own_policies(ctx: Ctx, year: int) -> list[tuple[str, tuple[str, ...]]]:
    """Made-up provincial plans that fit the year."""
    p = ctx.prov.name
    own: list[tuple[str, tuple[str, ...]]] = [(f"{p}网络扶贫行动实施方案", ())] if year <= 2020 else []
    if year >= 2019:
        own.append((f"{p}关于加快推进数字乡村建设的实施意见", ()))
    if year >= 2020:
        own.append((f"{p}“互联网+”农产品出村进城工程实施方案", (f"{p}互联网+农产品出村进城工程实施方案",)))
    return own


def _national_meeting(ctx: Ctx) -> str:
    y = ctx.year
    if y <= 2018:
        return ctx.choice((f"{y}年全国网络扶贫工作现场推进会", "全国网络扶贫工作推进会"))
    if y <= 2020:
        return ctx.choice((f"{y}年全国网络扶贫暨数字乡村发展工作现场推进会", "全国网络扶贫工作推进会"))
    return ctx.choice((f"{y}年全国数字乡村建设工作会议", "全国数字乡村发展工作推进会"))


def _event_name(ctx: Ctx, with_year: bool) -> str:
    y = ctx.year
    if y <= 2018:
        theme = ctx.choice(("网络扶贫工作", "网络扶贫", "电商扶贫工作"))
    elif y <= 2020:
        theme = ctx.choice(("网络扶贫暨数字乡村发展工作", "网络扶贫工作", "网络扶贫与数字乡村建设工作"))
    else:
        theme = ctx.choice(
            ("数字乡村建设工作", "数字乡村发展工作", "数字乡村试点工作", "网络帮扶暨数字乡村建设工作")
        )
    prefix = f"{y}年" if with_year else ""
    r = ctx.rng.random()
    if r < 0.1 and ctx.level == "province":
        return f"{prefix}{ctx.prov.short}数字乡村发展论坛"
    if r < 0.18:
        return f"{prefix}{ctx.whole}农村电商直播带货大赛启动仪式"
    kind = ctx.choice(_EVENT_KINDS)
    if theme.endswith("工作") and kind.startswith("工作"):  # not 工作工作推进会
        kind = kind[2:]
    return f"{prefix}{ctx.whole}{theme}{kind}"


def _partner_block(ctx: Ctx, wanted: str) -> Block:
    """A sentence naming a region without counties (台湾, 香港, 澳门) in its partner province's report."""
    b = Block()
    if wanted == "710000":
        tw = b.place("台湾", "province", ("台湾省",))
        b.w(
            f"{ctx.whole}积极开展两岸农村电商交流合作，吸引{tw}青年参与乡村电商创业，推动特色农产品线上线下融合销售。\n"
        )
        return b
    names = [
        b.place(ctx.data.by_code[c].name, "province", (ctx.data.by_code[c].short,))
        for c in ("810000", "820000")
    ]
    b.w(
        f"依托粤港澳大湾区建设，{ctx.whole}推动特色农产品通过跨境电商销往{'、'.join(names)}，进一步拓宽了销售渠道。\n"
    )
    return b


# ------------------------------------------------------------------------------------------
# templates: each returns its blocks and the document's headline facts
# ------------------------------------------------------------------------------------------
@dataclass(slots=True)
class Draft:
    blocks: list[Block]
    title: str
    date: str  # publication date, YYYY-MM-DD
    publisher: str
    kind: str  # meeting | summary | plan | county
    place_slug: str


def _collective(ctx: Ctx, what: str) -> str:
    """A vague collective of lower-level bodies (optional in the gold)."""
    if ctx.level == "city":
        return f"各县（市、区）{what}"
    if ctx.level == "county":
        return f"各乡镇{what}" if what != "网信办" else "各乡镇党委"
    if ctx.prov.kind == "municipality":
        return f"各区县{what}"
    if ctx.prov.code == "150000":
        return f"各盟市{what}"
    return ctx.choice((f"各市（州）{what}", f"各省辖市{what}", f"各市{what}"))


def _hosts(ctx: Ctx, k: int) -> list[Body]:
    keys = ctx.host_keys()
    first = keys[:3]
    rest = ctx.sample(keys[3:], max(0, k - len(first)))
    picked = [*first[: max(1, min(k, 3))], *rest]
    return [ctx.body(key) for key in picked]


def _guide(ctx: Ctx) -> Body:
    """A body that only 指导 the event (never a host)."""
    if ctx.level == "city":
        return ctx.body(ctx.choice(("mara", "cac")), level="province", place=ctx.prov.name)
    names = ["中央网信办", "农业农村部", "国务院扶贫办" if ctx.year <= 2020 else "国家乡村振兴局"]
    n = ctx.choice(names)
    return Body(n, n, ())


def _meeting(ctx: Ctx, partner: str | None) -> Draft:
    rng = ctx.rng
    y = ctx.year
    m, d = rng.randint(1, 12), rng.randint(1, 25)
    venue = ctx.pick_county()
    in_capital = ctx.level == "province" and ctx.prov.capital is not None and rng.random() < 0.15
    with_year = rng.random() < 0.7
    name = _event_name(ctx, with_year)
    mode = rng.choices(("day", "range", "full", "recent"), weights=(55, 15, 15, 15))[0]
    lag = rng.randint(0, 2)
    pub = _iso(y, m, d + lag)
    dateline_needed = not with_year and mode in ("day", "range")
    date = None if mode == "recent" else _iso(y, m, d)
    noun = "活动" if name.endswith("仪式") else ("论坛" if name.endswith("论坛") else "会议")
    blocks: list[Block] = []

    # headline and dateline
    b = Block()
    publisher = ctx.body("cac", place=ctx.prov.name) if ctx.level == "province" else ctx.body("cac")
    if ctx.level == "city" and ctx.city is not None and ctx.city.city:
        publisher = ctx.body("cac", level="city", place=ctx.city.city)
    venue_written = ctx.prov.capital if in_capital else venue.name
    style = rng.random()
    if style < 0.4:
        short = venue.short if (not in_capital and venue.short and rng.random() < 0.5) else venue_written
        title = f"{name}在{short}召开"
        b.w(title, "\n")
    elif style < 0.6 and ctx.level == "province":
        title = f"{ctx.prov.short}召开{name}"
        b.place(ctx.prov.name, "province", (ctx.prov.short,))
        b.w(ctx.prov.short, "召开", name, "\n")
    else:
        title = f"{name}在{venue_written}召开"
    if dateline_needed or rng.random() < 0.5:
        form = rng.random()
        src = b.org(publisher)
        if form < 0.5:
            b.w(f"发布日期：{pub}　来源：{src}\n\n")
        else:
            b.w(f"{_date_cn(*map(int, pub.split('-')))}　来源：{src}\n\n")
    elif b.parts:
        b.w("\n")
    blocks.append(b)

    # opening: date, place, hosts, speakers, attendees
    b = Block()
    when = {
        "day": f"{m}月{d}日，",
        "range": f"{m}月{d}日至{d + 1}日，",
        "full": f"{y}年{m}月{d}日，",
        "recent": "近日，",
    }[mode]
    hosts: list[str] = []
    speakers: list[str] = []
    host_bodies = _hosts(ctx, rng.randint(2, 6))

    def where() -> str:
        if in_capital:
            assert ctx.prov.capital is not None
            return b.place(ctx.prov.capital, "city")
        return b.county(venue, chain=rng.random() < 0.5)

    style = rng.random()
    if style < 0.25:  # X在Y召开Z: X is the host
        first = host_bodies[0]
        b.w(when, b.org(first), "在", where(), "召开", name, "。")
        hosts.append(first.name)
        if len(host_bodies) > 1 and rng.random() < 0.5:
            co = host_bodies[1:3]
            b.w(noun, "由", b.orgs_list(co), "协办。")
            hosts.extend(x.name for x in co)
    else:
        b.w(when, name, "在", where(), rng.choice(("召开", "召开", "举行")), "。")
        r = rng.random()
        if r < 0.45:
            b.w(noun, "由", b.orgs_list(host_bodies), "共同主办")
            hosts.extend(x.name for x in host_bodies)
            if not in_capital and venue.city and ctx.level == "province" and rng.random() < 0.5:
                city_body = ctx.body("cac", level="city", place=venue.city)
                gov = _body(f"k:gov:{venue.name}", f"{venue.name}人民政府", (f"{venue.name}政府",))
                b.w("，", b.org(city_body), "、", b.org(gov), "承办")
                hosts.extend((city_body.name, gov.name))
            b.w("。")
        elif r < 0.75:
            main, co = host_bodies[0], host_bodies[1:]
            b.w(noun, "由", b.org(main), "主办")
            hosts.append(main.name)
            if co:
                b.w("，", b.orgs_list(co), "协办")
                hosts.extend(x.name for x in co)
            b.w("。")
        else:
            guide = _guide(ctx)
            b.w(f"本次{noun}由", b.orgs_list(host_bodies), "联合主办，", b.org(guide), "指导。")
            hosts.extend(x.name for x in host_bodies)
    # speakers
    r = rng.random()
    pool = host_bodies + [ctx.body(k) for k in ("mct", "mofcom", "moe")]
    pool = list({x.key: x for x in pool}.values())
    if r < 0.4:
        sp = ctx.sample(pool, rng.randint(2, 5))
        b.w(b.orgs_list(sp), f"有关负责同志出席{noun}并讲话。")
        speakers.extend(x.name for x in sp)
    elif r < 0.75:
        a, c = ctx.sample(pool, 2)
        b.w(
            b.org(a),
            ctx.official_title(a, True),
            ctx.person(),
            f"出席{noun}并讲话，",
            b.org(c),
            ctx.official_title(c, False),
            ctx.person(),
            f"主持{noun}。",
        )
        speakers.extend((a.name, c.name))
    else:
        gov = ctx.body("state-council")
        a = ctx.choice(pool)
        b.w(
            b.org(gov),
            ctx.official_title(gov, False),
            ctx.person(),
            f"出席{noun}并讲话，",
            b.org(a),
            ctx.official_title(a, True),
            ctx.person(),
            "致辞。",
        )
        speakers.extend((gov.name, a.name))
    # attendees
    r = rng.random()
    coll = _collective(ctx, "网信办")
    b.opt("organisations", coll)
    ents = ctx.enterprises(rng.randint(2, 5))
    if rng.random() < 0.4:
        ents.append(ctx.foundation())
    if ctx.prov.university and rng.random() < 0.4:
        ents.append(Body(ctx.prov.university, ctx.prov.university, ()))
    if r < 0.5 and ctx.level != "county":
        counties = [ctx.pick_county(exclude=[venue.name]) for _ in range(rng.randint(2, 4))]
        names = list(dict.fromkeys(c.name for c in counties))
        for c in counties:
            b.place(c.name, "county", c.aliases)
        b.w(
            coll,
            "、农业农村局相关负责同志，",
            "、".join(names),
            "分管负责同志，以及",
            b.orgs_list(ents),
            "等企业、社会组织负责同志参会。",
        )
    else:
        b.w(coll, "负责同志，", b.orgs_list(ents), f"等单位代表参加{noun}。")
    speakers.extend(x.name for x in ents)
    b.w("\n")
    event: dict[str, Any] = {
        "id": 0,
        "name": name,
        "date": date,
        "place": ctx.prov.capital if in_capital else venue.name,
        "hosts": list(dict.fromkeys(hosts)),
        "speakers_or_attending_bodies": list(dict.fromkeys(speakers)),
        "implements": [],
    }
    b.events.append(event)
    blocks.append(b)

    # policies the meeting implements
    b = Block()
    pols = _policy_pool(ctx, rng.randint(1, 2))
    relay = ""
    if rng.random() < 0.5:
        nat = _national_meeting(ctx)
        b.opt("events", nat)
        relay = f"传达学习{nat}精神，"
    cited = "和".join(b.policy(n, a) for n, a in pols)
    for n, _ in pols:
        b.implements.append((0, n))
    if y <= 2018:
        aims: tuple[str, ...] = ("总结交流各地经验做法，安排部署下一阶段重点任务", "以更大力度推进网络扶贫")
    elif y <= 2020:
        aims = (
            "保持攻坚态势，打好网络扶贫收官战",
            "接续推进数字乡村建设",
            "总结交流各地经验做法，安排部署下一阶段重点任务",
        )
    else:
        aims = (
            "推动巩固拓展网络扶贫成果同数字乡村建设有效衔接",
            "总结交流各地经验做法，安排部署下一阶段重点任务",
        )
    aim = ctx.choice(aims)
    b.w("会议深入贯彻习近平总书记关于网络强国的重要思想和关于扶贫工作的重要论述，", relay, "认真落实", cited)
    if y >= 2018 and rng.random() < 0.3:
        b.w("，深入实施", b.policy("乡村振兴战略", bracket=False))
        b.implements.append((0, "乡村振兴战略"))
    b.w("，", aim, "。\n")
    blocks.append(b)

    # results
    progs = [p for _, p, _ in ctx.data.programmes]
    chosen = sorted(ctx.sample(progs, rng.randint(2, 5)), key=progs.index)
    if y >= 2019 and rng.random() < 0.5:
        chosen.append("")
    intro = f"会议指出，近年来，{ctx.our}深入贯彻落实习近平总书记关于实施网络扶贫行动的重要指示精神，{ctx.theme()}取得显著成效。"
    for j, prog in enumerate(chosen):
        b = Block(optional_block=j >= 1)
        sentence = ctx.chunk(b, prog, rng.randint(1, 3))
        if not sentence:
            continue
        b.w(intro if j == 0 else "", sentence, "。\n")
        blocks.append(b)
    if partner:
        blocks.append(_partner_block(ctx, partner))

    # emphasis, more policies, targets
    for text in ctx.sample(_EMPHASIS, 2):
        b = Block(optional_block=True)
        b.w(text.format(theme=ctx.theme()), "\n")
        blocks.append(b)
    others = [p for p in _policy_pool(ctx, 3) if p[0] not in [q[0] for q in pols]]
    if others and rng.random() < 0.6:
        b = Block(optional_block=True)
        n, a = others[0]
        b.w(
            "会议要求，各地要认真落实",
            b.policy(n, a),
            "，",
            ctx.choice(("统筹推进各项重点任务", "确保各项任务落地见效")),
            "。\n",
        )
        b.implements.append((0, n))
        blocks.append(b)
    if rng.random() < 0.5:
        b = Block(optional_block=True)
        t = ctx.targets(b, rng.randint(1, 3))
        if t:
            b.w(f"会议提出，到{y + rng.randint(1, 3)}年，{ctx.whole}", t, "。\n")
            blocks.append(b)

    # site visits
    if not in_capital:
        b = Block(optional_block=True)
        town, town2 = ctx.invented(ctx.choice("乡镇")), ctx.invented(ctx.choice("乡镇"))
        village = ctx.invented("村")
        site, field = ctx.choice(_SITES), ctx.choice(_FIELD_SITES)
        t1, t2, t3 = ctx.sample(_TOPICS, 3)
        b.w(
            ctx.choice(("会前，", "会后，", "会议期间，")),
            "与会人员来到",
            venue.name,
            site,
            "，调研了",
            t1,
            "；来到",
            venue.name,
            b.place(town, "township"),
            b.place(village, "village"),
            "，调研了解",
            t2,
            "；来到",
            b.place(town2, "township"),
            field,
            "，调研了",
            t3,
            "。\n",
        )
        b.opt("places", f"{venue.name}{site}")
        b.opt("places", site)
        b.opt("places", f"{town2}{field}")
        b.opt("places", field)
        blocks.append(b)
    if rng.random() < 0.5:
        b = Block(optional_block=True)
        cac = ctx.body("cac")
        sub = ctx.choice(("网络社会工作处", "信息化发展处", "综合处"))
        b.w(f"（联系单位：{b.org(cac)}{sub}，电话：{_phone(rng)}）\n")
        b.opt("organisations", f"{cac.name}{sub}")
        blocks.append(b)
    return Draft(blocks, title, pub, publisher.name, "meeting", venue.slug)


def _summary(ctx: Ctx, partner: str | None) -> Draft:
    rng = ctx.rng
    y = ctx.year
    m, d = rng.randint(1, 12), rng.randint(1, 28)
    pub = _iso(y, m, d)
    theme = ctx.theme()
    publisher = ctx.body("cac", place=ctx.prov.name)
    blocks: list[Block] = []
    b = Block()
    slogan = ctx.choice(
        ("网络“新通道”助力乡村振兴", "数字赋能跑出加速度", "让农民共享数字红利", "网络扶贫结出累累硕果")
    )
    r = rng.random()
    if r < 0.35:
        title = f"{ctx.prov.short}{theme}成效综述：{slogan}"
        b.place(ctx.prov.name, "province", (ctx.prov.short,))
    elif r < 0.65:
        title = f"{y}年{ctx.prov.name}{theme}工作综述"
        b.place(ctx.prov.name, "province", (ctx.prov.short,))
    else:
        title = f"{slogan}——{ctx.whole}推进{theme}工作综述"
    b.w(title, "\n")
    if rng.random() < 0.5:
        b.w(f"{_date_cn(y, m, d)}　来源：", b.org(publisher), "\n\n")
    else:
        b.w(f"（{_date_cn(y, m, d)}）\n\n")
    party, gov = ctx.government()
    if rng.random() < 0.4 and ctx.prov.kind == "province":
        party = _body(party.key, party.aliases[0], (party.name, *party.aliases[1:]))
    time = ctx.choice(("党的十八大以来", "脱贫攻坚战打响以来", f"{y - 1}年以来", "近年来"))
    b.w(
        time,
        "，",
        b.org(party),
        "、",
        b.org(gov),
        "深入贯彻习近平总书记关于网络强国的重要思想，把",
        theme,
        ctx.choice(("作为打赢脱贫攻坚战的重要抓手", "作为推进乡村振兴的重要内容", "纳入全局工作统筹推进")),
        "。",
    )
    if "党的十八大" in time:
        b.opt("events", "党的十八大")
    if rng.random() < 0.7:
        issuers = [ctx.body(k) for k in ctx.sample(ctx.host_keys()[:5], rng.randint(2, 4))]
        n, a = ctx.choice(_own_policies(ctx, max(2016, y - 3)))
        b.w(
            f"{max(2016, y - rng.randint(1, 3))}年，",
            b.orgs_list(issuers),
            "联合印发",
            b.policy(n, a),
            "，",
            ctx.whole,
            theme,
            "各项工作全面铺开。",
        )
    b.w("\n\n")
    blocks.append(b)
    if partner:
        blocks.append(_partner_block(ctx, partner))

    progs = [p for _, p, _ in ctx.data.programmes]
    chosen = sorted(ctx.sample(progs, rng.randint(3, 5)), key=progs.index)
    if y >= 2019 and rng.random() < 0.6:
        chosen.append("")
    named_headings = rng.random() < 0.65
    for j, prog in enumerate(chosen):
        b = Block(optional_block=j >= 2)
        heading_named = named_headings and prog != ""
        heading = prog if heading_named else ctx.choice(_SECTION_TITLES_UNNAMED[ctx.programme_key(prog)])
        b.w(f"{_CN_ORDINAL[j]}、{heading}：{ctx.choice(_SECTION_SLOGANS[ctx.programme_key(prog)])}\n")
        sentence = ctx.chunk(
            b, prog, rng.randint(2, 3), named=False if heading_named else None, heading=heading_named
        )
        if not sentence:
            continue
        b.w(sentence, "。")
        if prog == "network-coverage" or (prog == progs[0] and rng.random() < 0.5):
            c = ctx.pick_county()
            town, village = ctx.invented(ctx.choice("乡镇")), ctx.invented("村")
            b.w(
                b.county(c, chain=True),
                b.place(town, "township"),
                b.place(village, "village"),
                ctx.choice(
                    (
                        "通了光纤宽带和4G网络，村民在家门口就能直播卖货。",
                        "建成了村级电商服务站，农产品实现了线上销售。",
                    )
                ),
            )
        elif prog == progs[1] and rng.random() < 0.6:
            ents = ctx.enterprises(rng.randint(2, 4))
            b.w(b.orgs_list(ents), "等企业积极参与，助力特色农产品打开销路。")
        elif prog == progs[4] and rng.random() < 0.6:
            b.w(b.org(ctx.foundation()), "联合互联网企业开展网络公益活动，帮助困难群众解决实际问题。")
        b.w("\n\n")
        blocks.append(b)
    for text in ctx.sample(_SUMMARY_FILLERS, 3):
        b = Block(optional_block=True)
        b.w(text.format(whole=ctx.whole, theme=theme), "\n\n")
        blocks.append(b)
    b = Block(optional_block=True)
    b.w(ctx.choice(_SUMMARY_CLOSING).format(whole=ctx.whole))
    if y >= 2018 and rng.random() < 0.6:
        b.w("为实施", b.policy("乡村振兴战略", bracket=False), "提供有力支撑。")
    b.w("\n")
    blocks.append(b)
    if rng.random() < 0.6:
        b = Block(optional_block=True)
        t = ctx.targets(b, rng.randint(1, 3))
        if t:
            b.w(f"力争到{y + rng.randint(1, 3)}年，{ctx.whole}", t, "。\n")
            blocks.append(b)
    return Draft(blocks, title, pub, publisher.name, "summary", "")


def _plan(ctx: Ctx, partner: str | None) -> Draft:
    rng = ctx.rng
    y = ctx.year
    p = ctx.prov.name
    if y <= 2020 and rng.random() < 0.6:
        own, genre = f"{p}{y}年网络扶贫工作要点", "要点"
    elif y >= 2019 and rng.random() < 0.5:
        own, genre = f"{p}{y}年数字乡村发展工作要点", "要点"
    elif y <= 2018:
        own, genre = f"{p}网络扶贫行动实施方案", "方案"
    else:
        own, genre = f"{p}数字乡村建设实施方案（{y}—{y + 2}年）", "方案"
    m, d = rng.randint(1, 6), rng.randint(1, 28)
    blocks: list[Block] = []
    b = Block()
    b.w(
        b.policy(
            own,
            (own.replace("（", "(").replace("）", ")").replace("—", "-"),) if "（" in own else (),
            bracket=False,
        ),
        "\n\n",
    )
    if ctx.prov.abbr:
        b.w(f"{ctx.prov.abbr}网信办发〔{y}〕{rng.randint(1, 40)}号\n\n")
    coll = [_collective(ctx, "党委网信办"), "发展改革委", "扶贫办" if y <= 2020 else "乡村振兴局"]
    for c in coll:
        b.opt("organisations", c)
    b.w("、".join(coll), "：\n现将《", own, "》印发给你们，请结合实际认真贯彻落实。\n\n")
    issuers = [ctx.body_full(k) for k in ("cac", "ndrc", ctx.poverty_key(), "mara")[: rng.randint(2, 4)]]
    b.w("　".join(b.org(x) for x in issuers), "\n", _date_cn(y, m, d), "\n\n")
    blocks.append(b)

    b = Block()
    pols = _policy_pool(ctx, rng.randint(1, 2))
    pols = [x for x in pols if x[0] != own] or pols
    b.w(
        f"{y}年是",
        ctx.choice(
            ("决战决胜脱贫攻坚的关键之年", "打赢脱贫攻坚战的关键一年")
            if y <= 2020
            else ("全面推进乡村振兴的重要一年", "实施数字乡村战略的关键一年")
        ),
        "。为深入贯彻落实",
        "和".join(b.policy(n, a) for n, a in pols),
        "，推进",
        ctx.theme(),
        "与",
        ctx.choice(("精准扶贫、精准脱贫深度融合", "乡村振兴有效衔接", "农业农村现代化协同发展")),
        "，结合",
        ctx.our,
        f"实际，制定本{genre}。\n\n",
    )
    blocks.append(b)

    b = Block()
    t1 = ctx.targets(b, rng.randint(2, 3))
    t2 = ctx.targets(b, rng.randint(1, 2))
    b.w("一、工作目标\n", f"到{y}年底，{ctx.whole}", t1, "。")
    if t2:
        b.w(f"到{y + 2}年，{ctx.whole}", t2, "。")
    b.w("\n\n二、重点任务\n")
    blocks.append(b)

    progs = [x for _, x, _ in ctx.data.programmes]
    chosen = sorted(ctx.sample(progs, rng.randint(3, 5)), key=progs.index)
    instruments = {
        progs[0]: ("深入实施", "电信普遍服务试点"),
        progs[1]: ("深入推进", "电子商务进农村综合示范"),
        progs[3]: ("全面实施", "信息进村入户工程"),
    }
    for j, prog in enumerate(chosen):
        b = Block(optional_block=j >= 2)
        clauses = ctx.targets(b, rng.randint(1, 3), programme=prog)
        if not clauses:
            continue
        b.w(f"（{_CN_ORDINAL[j]}）实施{prog}。")
        if prog in instruments and rng.random() < 0.6:
            verb, inst = instruments[prog]
            b.w(verb, b.policy(inst, bracket=False), "，")
        b.w("力争", clauses, "。")
        resp = [ctx.body(k) for k in ctx.sample(ctx.host_keys(), rng.randint(1, 3))]
        b.w("（责任单位：", b.orgs_list(resp), "）\n")
        blocks.append(b)
    if partner:
        b = _partner_block(ctx, partner)
        b.parts.insert(0, "（六）深化区域合作。")
        blocks.append(b)
    b = Block(optional_block=True)
    b.w("\n三、保障措施\n", "".join(ctx.sample(_PLAN_MEASURES, 2)).format(theme=ctx.theme()), "\n\n")
    blocks.append(b)
    b = Block(optional_block=True)
    b.w(f"联系人：{ctx.person()}；联系电话：{_phone(rng)}\n")
    blocks.append(b)
    return Draft(blocks, own, _iso(y, m, d), issuers[0].name, "plan", "")


def _county_summary(ctx: Ctx, partner: str | None) -> Draft:
    rng = ctx.rng
    y = ctx.year
    county = ctx.county
    assert county is not None
    theme = ctx.theme()
    title = f"{county.name}{y}年{theme}工作总结"
    pub_m, pub_d = rng.randint(1, 2), rng.randint(1, 28)
    pub = _iso(y + 1, pub_m, pub_d)
    blocks: list[Block] = []
    publisher = ctx.body("cac")
    b = Block()
    b.w(title, "\n")
    if rng.random() < 0.6:
        b.w("发布日期：", pub, "　来源：", b.org(ctx.body("cac", place=county.name)), "\n")
    b.w("\n")
    party, gov = ctx.government()
    b.w(
        f"{y}年，",
        b.county(county, chain=rng.random() < 0.5),
        "坚持以习近平新时代中国特色社会主义思想为指导，",
        b.org(party),
        "、",
        b.org(gov),
        "高度重视",
        theme,
        "工作，把",
        theme,
        "作为",
        ctx.choice(("巩固脱贫成果的重要抓手", "推动乡村振兴的重要引擎", "打赢脱贫攻坚战的重要举措")),
        "，",
        ctx.choice(("取得了明显成效", "各项工作稳步推进", "全年目标任务圆满完成")),
        "。现将有关情况总结如下。\n",
    )
    blocks.append(b)
    if partner:
        blocks.append(_partner_block(ctx, partner))

    progs = [x for _, x, _ in ctx.data.programmes]
    chosen = sorted(ctx.sample(progs, rng.randint(2, 4)), key=progs.index)
    for j, prog in enumerate(chosen):
        b = Block(optional_block=j >= 1)
        heading = ctx.choice(_SECTION_TITLES_UNNAMED[ctx.programme_key(prog)]) if rng.random() < 0.5 else prog
        named = heading == prog
        sentence = ctx.chunk(b, prog, rng.randint(1, 3), named=False if named else None, heading=named)
        if not sentence:
            continue
        b.w(f"{_CN_ORDINAL[j]}、{heading}\n", sentence, "。")
        if rng.random() < 0.5:
            town, village = ctx.invented(ctx.choice("乡镇")), ctx.invented("村")
            b.w(
                b.place(town, "township"),
                b.place(village, "village"),
                ctx.choice(
                    (
                        "建成了村级电商服务站，带动村民在线销售农特产品。",
                        "率先开通千兆光网，村务管理实现线上办理。",
                    )
                ),
            )
        b.w("\n")
        blocks.append(b)

    for text in ctx.sample(_COUNTY_FILLERS, 3):
        b = Block(optional_block=True)
        b.w(text.format(whole=ctx.whole, theme=theme), "\n")
        blocks.append(b)
    # a meeting in passing: the year comes from the title
    b = Block(optional_block=True)
    m, d = rng.randint(3, 11), rng.randint(1, 28)
    name = f"全{county.name[-1] if county.name[-1] in '县区旗市' else '县'}{ctx.choice(('网络扶贫工作推进会', '数字乡村建设推进会', '电商扶贫工作会议'))}"
    host = ctx.body("cac")
    others = [ctx.body(k) for k in ctx.sample(("mara", "mofcom", ctx.poverty_key(), "moe"), 2)]
    b.w(
        f"{m}月{d}日，",
        b.org(host),
        "召开",
        name,
        "，",
        b.org(gov),
        ctx.official_title(gov, False),
        ctx.person(),
        "出席会议并讲话，",
        b.orgs_list(others),
        "负责同志参加会议，对",
        ctx.choice(("全年重点任务", "下一阶段工作")),
        "作出部署。\n",
    )
    b.events.append(
        {
            "id": 0,
            "name": name,
            "date": _iso(y, m, d),
            "place": county.name,
            "hosts": [host.name],
            "speakers_or_attending_bodies": [gov.name, *[x.name for x in others]],
            "implements": [],
        }
    )
    blocks.append(b)
    b = Block(optional_block=True)
    b.w(
        "存在的问题：一是农村网络基础设施仍有短板，部分偏远村组信号不稳定；二是电商人才缺乏，品牌建设有待加强。\n"
    )
    blocks.append(b)
    b = Block(optional_block=True)
    t = ctx.targets(b, rng.randint(1, 3))
    if t:
        b.w(f"{y + 1}年工作打算：{ctx.whole}将继续加大工作力度，力争", t, "。\n")
        blocks.append(b)
    return Draft(
        blocks,
        title,
        pub,
        publisher.aliases[0] if publisher.aliases else publisher.name,
        "county",
        county.slug,
    )


# ------------------------------------------------------------------------------------------
# assembly
# ------------------------------------------------------------------------------------------
_CATS = ("events", "organisations", "places", "policies", "outcomes")


def _select(rng: random.Random, blocks: list[Block], low: int, high: int) -> list[Block]:
    """Required blocks plus optional ones, in order, to land the size between ``low`` and ``high`` bytes."""
    size = {id(b): len(b.text.encode("utf-8")) for b in blocks}
    keep = {id(b) for b in blocks if not b.optional_block}
    total = sum(size[k] for k in keep)
    target = rng.randint(low + (high - low) // 5, high - (high - low) // 5)
    for b in blocks:
        if b.optional_block and total + size[id(b)] <= target:
            keep.add(id(b))
            total += size[id(b)]
    for b in blocks:
        if total >= low:
            break
        if id(b) not in keep and total + size[id(b)] <= high:
            keep.add(id(b))
            total += size[id(b)]
    return [b for b in blocks if id(b) in keep]


def _gold(key: str, ctx: Ctx, blocks: list[Block], text: str, note: str) -> dict[str, Any]:
    orgs: dict[str, tuple[str, list[str]]] = {}
    optional: dict[str, list[Any]] = {c: [] for c in _CATS}
    aliases: dict[str, list[str]] = {}
    places: dict[str, tuple[str, tuple[str, ...]]] = {}
    policies: dict[str, tuple[str, ...]] = {}
    outcomes: list[dict[str, Any]] = []
    events: list[dict[str, Any]] = []
    for b in blocks:
        for body in b.orgs:
            entry = orgs.get(body.key)
            if entry is None:
                orgs[body.key] = (body.name, list(body.aliases))
            elif body.name != entry[0]:
                if body.name not in entry[1]:
                    entry[1].append(body.name)
                optional["organisations"].append(body.name)
        for name, level, al in b.places:
            places.setdefault(name, (level, al))
        for name, al in b.policies:
            policies.setdefault(name, al)
        outcomes.extend(b.outcomes)
        for e in b.events:
            events.append(dict(e))
        for cat in _CATS:
            optional[cat].extend(b.optional[cat])
    for b in blocks:
        for eid, pol in b.implements:
            for e in events:
                if e["id"] == eid and pol not in e["implements"]:
                    e["implements"].append(pol)
    prov = ctx.prov
    place_list: list[dict[str, Any]] = []
    if prov.name not in places:
        place_list.append({"name": prov.name, "level": "province", "inferred": True})
        aliases[prov.name] = [prov.short]
    for name, (level, al) in places.items():
        place_list.append({"name": name, "level": level})
        if al:
            aliases[name] = list(al)
    for name, al in orgs.values():
        if al:
            aliases[name] = list(dict.fromkeys(al))
    for name, al in policies.items():
        if al:
            aliases[name] = list(al)
    # catalogue names and 工程 the text mentions without naming them as instruments (also inside titles)
    data = ctx.data
    for form in data.policy_forms:
        if form in text and form not in policies:
            optional["policies"].append(form)
    for _, pname, _ in data.programmes:
        if pname in text and pname not in policies:
            optional["policies"].append(pname)
    org_names = [o[0] for o in orgs.values()]
    # national bodies named in passing or inside a policy title (党中央、国务院决策部署)
    for body in data.national_bodies:
        if body in text and body not in org_names:
            optional["organisations"].append(body)
    # places that occur only inside a body, policy or event name (沈阳 in 沈阳农业大学, 九江 in 九江市委网信办)
    for name in [*org_names, *policies, *(e["name"] for e in events)]:
        if name.startswith("中国"):
            optional["places"].append("中国")
        for n in range(2, min(9, len(name))):
            forms = prov.divisions.get(name[:n])
            if forms and not any(f in places for f in forms):
                optional["places"].extend(forms)
    if "全国" in text:
        optional["places"].append("全国")
    required = {
        "organisations": org_names,
        "places": list(places) + [prov.name],
        "policies": list(policies),
        "events": [e["name"] for e in events],
    }
    for cat in ("organisations", "places", "policies", "events"):
        optional[cat] = [x for x in dict.fromkeys(optional[cat]) if x not in required[cat]]
    for e in events:
        e.pop("id", None)
    return {
        "doc": key,
        "note": note,
        "events": events,
        "policies": list(policies),
        "organisations": org_names,
        "places": place_list,
        "outcomes": outcomes,
        "optional": optional,
        "aliases": aliases,
    }


def _annotate(rng: random.Random, text: str, pinyin: dict[str, str], budget: int) -> str:
    """Insert 字(zì) after the occurrences of a few characters, within ``budget`` extra bytes."""
    present = [c for c in pinyin if c in text]
    wanted = rng.randint(4, 14)
    table: dict[int, str] = {}
    for c in rng.sample(present, len(present)):
        cost = text.count(c) * (len(pinyin[c].encode("utf-8")) + 2)
        if cost <= budget:
            table[ord(c)] = f"{c}({pinyin[c]})"
            budget -= cost
            if len(table) >= wanted:
                break
    return text.translate(table) if table else text


def _punctuation(rng: random.Random, text: str) -> str:
    r = rng.random()
    if r < 0.12:
        return text.replace("，", ",")
    if r < 0.2:
        return text.replace("，", ",").replace("；", ";").replace("：", ":")
    return text


def _document(
    data: Data, seed: int, index: int, traditional_share: float, pinyin_share: float
) -> tuple[str, str, dict[str, Any], dict[str, Any]]:
    rng = random.Random(f"povkg-corpus:{seed}:{index}")
    target = data.provinces[index % len(data.provinces)]
    partner = None if target.counties else target.code
    prov = target if target.counties else data.by_code[_PARTNER.get(target.code, "440000")]
    traditional = rng.random() < traditional_share
    with_pinyin = rng.random() < pinyin_share
    year = rng.randint(2017, 2023)
    kind = rng.choices(("meeting", "summary", "plan", "county"), weights=(45, 25, 15, 15))[0]
    if kind == "county":
        county = rng.choice(prov.rural)
        ctx = Ctx(rng, data, prov, year, "county", county=county)
        draft = _county_summary(ctx, partner)
    elif kind == "meeting":
        city = None
        if prov.kind != "municipality" and rng.random() < 0.2:
            city = rng.choice([c for c in prov.rural if c.city] or list(prov.rural))
        ctx = Ctx(rng, data, prov, year, "city" if city and city.city else "province", city=city)
        draft = _meeting(ctx, partner)
    else:
        ctx = Ctx(rng, data, prov, year)
        draft = _summary(ctx, partner) if kind == "summary" else _plan(ctx, partner)
    low, high = (1300, 2500) if with_pinyin else (1300, 2950)
    blocks = _select(rng, draft.blocks, low, high)
    text = "".join(b.text for b in blocks).strip("\n") + "\n"
    key = "-".join(x for x in (f"g{index:05d}", prov.slug, draft.date, draft.place_slug, draft.kind) if x)
    note = (
        f"Synthetic {draft.kind} report generated by bench/generate_corpus.py (seed {seed}, document {index}); "
        "text and gold come from the same facts. Names are in simplified characters without pinyin. "
        "Rules: tests/data/corpus/README.md."
    )
    gold = _gold(key, ctx, blocks, text, note)
    text = _punctuation(rng, text)
    title, publisher = draft.title, draft.publisher
    if traditional:
        s2t = _converter()
        text, title, publisher = s2t(text), s2t(title), s2t(publisher)
    if with_pinyin:
        text = _annotate(rng, text, data.pinyin, 3000 - len(text.encode("utf-8")))
    y, m, _ = draft.date.split("-")
    meta = {
        "title": title,
        "date": draft.date,
        "source": f"https://{prov.domain}/art/{y}/{int(m)}/{draft.date.replace('-', '')}/art_{rng.randint(1000, 9999)}_"
        f"{rng.randint(10000000, 99999999)}.html",
        "publisher": publisher,
        "province": prov.name,
    }
    return key, text, meta, gold


def generate(
    n: int, seed: int, *, traditional_share: float = 0.25, pinyin_share: float = 0.1
) -> Iterator[tuple[str, str, dict[str, Any], dict[str, Any]]]:
    """Yield ``(key, text, meta, gold)`` for documents ``0 … n-1``.

    Document ``i`` depends only on ``seed``, ``i`` and the two shares, never on ``n``.

    Examples
    --------
    >>> key, text, meta, gold = next(generate(1, seed=7))
    >>> key.startswith("g00000-beijing-") and gold["doc"] == key and meta["province"] == "北京市"
    True
    """
    data = _data()
    for i in range(n):
        yield _document(data, seed, i, traditional_share, pinyin_share)


def _dump(obj: dict[str, Any]) -> str:
    """JSON with one line per key, and one line per item of a list of objects (like the hand-made gold).

    Each piece goes through the C encoder: ``indent=`` would use the slow pure-Python one.
    """

    def one(x: Any) -> str:
        return json.dumps(x, ensure_ascii=False)

    lines = []
    for k, v in obj.items():
        if isinstance(v, list) and v and all(isinstance(x, dict) for x in v):
            inner = ",\n".join(f"    {one(x)}" for x in v)
            lines.append(f"  {one(k)}: [\n{inner}\n  ]")
        elif isinstance(v, dict) and v:
            inner = ",\n".join(f"    {one(a)}: {one(b)}" for a, b in v.items())
            lines.append(f"  {one(k)}: {{\n{inner}\n  }}")
        else:
            lines.append(f"  {one(k)}: {one(v)}")
    return "{\n" + ",\n".join(lines) + "\n}\n"


def write_corpus(
    out: Path | str, n: int, seed: int, *, traditional_share: float = 0.25, pinyin_share: float = 0.1
) -> int:
    """Write ``n`` documents with their meta and gold files into ``out``; returns the count."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    count = 0
    for key, text, meta, gold in generate(
        n, seed, traditional_share=traditional_share, pinyin_share=pinyin_share
    ):
        (out / f"{key}.txt").write_text(text, encoding="utf-8")
        (out / f"{key}.meta.json").write_text(_dump(meta), encoding="utf-8")
        (out / f"{key}.gold.json").write_text(_dump(gold), encoding="utf-8")
        count += 1
    return count


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--docs", type=int, required=True, help="number of reports")
    ap.add_argument("--seed", type=int, required=True, help="random seed (same seed, same bytes)")
    ap.add_argument("--out", required=True, help="output folder")
    ap.add_argument("--traditional-share", type=float, default=0.25, help="share in traditional characters")
    ap.add_argument("--pinyin-share", type=float, default=0.1, help="share with inline pinyin annotations")
    args = ap.parse_args(argv)
    if args.docs < 0:
        ap.error("--docs must be >= 0")
    n = write_corpus(
        args.out,
        args.docs,
        args.seed,
        traditional_share=args.traditional_share,
        pinyin_share=args.pinyin_share,
    )
    print(f"wrote {n} reports to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
