"""Places: divisions from the gazetteer (full and short names, nested chains), townships, villages and sites."""

from __future__ import annotations

import re

from kg.gazetteer import Division

from .bodies import left_ok
from .lexicon import BAD_CORE, BOUNDARY_AFTER, HAN, han, place_forms
from .reading import Reading
from .records import RULE_CONFIDENCE, PlaceMention

_SITE_SUFFIX = re.compile(
    rf"[{HAN}\d]{{1,12}}?(?:产业园区|电商产业园|产业园|工业园区|工业园|物流园|孵化园|示范园|科技园|园区|油茶园|茶园|果园|"
    rf"基地|服务中心|运营中心|示范点|服务站|合作社|扶贫车间|馆)"
)


_LOCAL_PLACE = re.compile(rf"([{HAN}]{{2,5}}?)(乡|镇|街道|苏木|村|社区|嘎查)(?![级民委干镇])")


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


def _division_ok(r: Reading, name: str, d: Division, start: int) -> bool:
    text = r.text
    prev = text[start - 1] if start > 0 else ""
    full = name == d.name or name in d.aliases
    if full:
        if len(name) == 2 and han(prev) and prev not in BOUNDARY_AFTER and r.place_ends_at(start) is None:
            return False  # 新县 inside 创新县域
        return True
    # a short form: only in the document's province (provinces themselves anywhere)
    if name in _STOP_SHORTS and d.level != "province":
        return False
    if d.level == "province":
        nxt = text[start + len(name) : start + len(name) + 1]
        return nxt not in ("省",)  # (the full name would have matched)
    if r.ctx.province is None or d.province != r.ctx.province:
        return _listed_with_kin(r, name, d, start)
    nxt = text[start + len(name) : start + len(name) + 2]
    # a short county name is a name when the words around it say so (在雷山召开, 雷山、丹寨等地),
    # not inside other words (新建 is a verb, 长白 begins 长白山)
    return (not han(nxt[:1]) or nxt[:1] in "召举调考等地县市城全农人干群的和与及两一二三四五六七八九十境片段"
            or r.place_ends_at(start) is not None)


_ENUMERATION = re.compile(rf"(?:[{HAN}]{{2,4}}[,，]?、)+[{HAN}]{{2,4}}")


def _listed_with_kin(r: Reading, name: str, d: Division, start: int) -> bool:
    """A short county or city name outside the report's province is a name when it stands in a list
    beside another short name of the same province and level (小金、苍溪、雷波等20个县)."""
    text = r.text
    lo = max(0, start - 24)
    for m in _ENUMERATION.finditer(text, lo, min(len(text), start + len(name) + 24)):
        if not (m.start() <= start < m.end()):
            continue
        items = [re.sub(r"等$", "", x.strip(",，")) for x in m.group(0).split("、")]
        if items[0].endswith(name) and items[0] != name and m.start() + len(items[0]) - len(name) == start:
            items[0] = name  # 随着小金、苍溪: the list begins inside the words before it
        if name not in items:
            return False
        forms = place_forms()
        for item in items:
            if item == name or item in _STOP_SHORTS:
                continue
            for code in forms.get(item, ()):
                kin = r.gaz.by_code(code)
                if kin is not None and kin.code != d.code and kin.province == d.province and kin.level == d.level:
                    return True
        return False
    return False


def _add_place(r: Reading, key: str, name: str, level: str, code: str | None, parent: str | None,
               span: tuple[int, int] | None, surface: str | None = None, inferred: bool = False,
               rule: str = "place.gazetteer") -> PlaceMention:
    p = r.places.get(key)
    if p is None:
        p = PlaceMention(name=name, level=level, code=code, parent=parent, key=key, inferred=inferred,
                         rule=rule, confidence=RULE_CONFIDENCE[rule])
        r.places[key] = p
    if span:
        p.spans.append(span)
        p.inferred = False
        r.place_spans.append((span[0], span[1], key))
        r.place_at_start.setdefault(span[0], []).append((span[1], key))
        r.place_at_end.setdefault(span[1], key)
    if surface:
        p.surface.add(surface)
    return p


def extract_places(r: Reading) -> None:
    forms = place_forms()
    text = r.text
    for start, name in r.scan(forms, min_len=2):
        divs = [d for c in forms[name] if (d := r.gaz.by_code(c))]
        divs = [d for d in divs if _division_ok(r, name, d, start)]
        if not divs:
            continue
        if len(divs) > 1:
            inprov = [d for d in divs if d.province == r.ctx.province]
            divs = inprov or divs
            if len(divs) > 1:
                # prefer the one whose parent is named in the text
                named = [d for d in divs if d.parent and any(k == d.parent for _, _, k in r.place_spans)]
                divs = named or divs
        d = divs[0]
        end = start + len(name)
        if d.level == "country":
            _add_place(r, d.code, d.name, "country", d.code, None, (start, end), name)
            continue
        _add_place(r, d.code, d.name, d.level, d.code, d.parent, (start, end), name,
                   rule="place.gazetteer" if name in (d.name, *d.aliases) else "place.short-form")
        if name == d.name or name in d.aliases:
            _chain_below(r, d, end)
    # the document's province, when only its counties or cities are named, is context (figures and bodies are
    # scoped to it), not a place the report names: it is not added
    if re.search(r"全国|我国", text):
        _add_place(r, "100000", "全国", "country", "100000", None, None)
    # sites named after a short place form or standing alone after 来到/在
    for m in re.finditer(rf"(?:来到|走进|深入|前往|考察|调研|参观)(?:了)?([{HAN}]{{2,24}}?)(?=[,，。;；、]|调研|考察|参观|实地|察看)", text):
        name = m.group(1)
        if any(r.places[k].level == "site" for _s, _e, k in r.places_overlapping(m.start(1), m.start(1) + 1)):
            continue
        visit_target(r, name, m.start(1))


def extract_local_places(r: Reading) -> None:
    """Townships and villages named on their own (龙泉关镇骆驼湾村、顾家台村), inside the report's county."""
    text = r.text
    taken = bytearray(len(text) + 1)
    for s, e, _k in r.place_spans:
        for x in range(s, e):
            taken[x] = 1
    last_township: dict[int, str] = {}  # sentence -> key
    for m in _LOCAL_PLACE.finditer(text):
        a, b = m.start(), m.end()
        if taken[a] or taken[b - 1]:
            continue
        core, kind = m.group(1), m.group(2)
        if _LOCAL_STOP.search(core) or set(core) & BAD_CORE:
            continue
        if not (left_ok(r, a) or text[max(0, a - 2) : a] in ("来到", "走进", "前往", "深入", "位于", "地处")):
            continue
        nxt = text[b : b + 1]
        level = "village" if kind in ("村", "社区", "嘎查") else "township"
        if level == "township" and nxt in ("村", "镇", "乡"):
            continue  # 乡村, 镇村: words, not names
        sent = r.sentence_at[a]
        county = r.place_ends_at(a)
        if county is not None and r.places[county].level in ("county", "township"):
            parent = county
        elif level == "village" and sent in last_township:
            parent = last_township[sent]
        else:
            parent = r.ctx.county or r.ctx.city
        if parent is None:
            continue  # a township we cannot place is more likely a word than a name
        name = m.group(0)
        known = next((p.name for p in r.places.values() if p.level == level and len(p.name) >= 3
                      and len(p.name) < len(name) and name.endswith(p.name)), None)
        if known:  # 仅欧洞乡就…: a word before a township already named (欧洞乡)
            a, name = b - len(known), known
        # the same village or township named again, on its own, after its chain (青山沟镇钟家堡村 … 钟家堡村的)
        key = next((k for k, p in r.places.items() if p.name == name and p.level == level), f"{parent}/{name}")
        _add_place(r, key, name, level, None, r.places[key].parent if key in r.places else parent, (a, b), name,
                   rule="place.local-shape")
        for x in range(a, b):
            taken[x] = 1
        if level == "township":
            last_township[sent] = key


def _chain_below(r: Reading, d: Division, end: int) -> None:
    """Townships, villages and sites written right after a division: 光山县文殊乡东岳村."""
    text = r.text
    parent_key = d.code
    pos = end
    m = re.compile(rf"([{HAN}]{{1,5}}?)(乡|镇|街道)(?![村政府长党县市区旗])").match(text, pos)
    if m and not (set(m.group(1)) & (BAD_CORE | set("省市县区村乡镇"))):
        name = m.group(0)
        key = f"{parent_key}/{name}"
        _add_place(r, key, name, "township", None, parent_key, (pos, pos + len(name)), name, rule="place.chain")
        parent_key, pos = key, pos + len(name)
        m2 = re.compile(rf"([{HAN}]{{1,5}}?)(村|社区)(?![民委干级])").match(text, pos)
        if m2 and not (set(m2.group(1)) & (BAD_CORE | set("省市县区乡镇"))):
            name = m2.group(0)
            key = f"{parent_key}/{name}"
            _add_place(r, key, name, "village", None, parent_key, (pos, pos + len(name)), name, rule="place.chain")
            parent_key, pos = key, pos + len(name)
    ms = _SITE_SUFFIX.match(text, pos)
    if ms and not (set(ms.group(0)) & (BAD_CORE | set("、,，。个"))) and not re.search(
            r"建成|建设|打造|实现|培育|认定|推进|开展|[一二三四五六七八九十\d]", ms.group(0)):
        full = text[_chain_start(r, end, d) : ms.end()]
        key = f"{parent_key}/{ms.group(0)}"
        p = _add_place(r, key, full, "site", None, parent_key, (pos, ms.end()), ms.group(0), rule="place.site")
        p.surface.add(full)


def _chain_start(r: Reading, end: int, d: Division) -> int:
    for s, e, k in r.place_spans:
        if e == end and k == d.code:
            return s
    return end


def visit_target(r: Reading, name: str, start: int) -> str | None:
    """Resolve the target of 来到X: a site, township, village or division already seen."""
    inside = r.places_starting_in(start, start + len(name))
    if inside:
        # the deepest place inside the visit target
        deepest = inside[0][2]
        for _s2, _e2, k2 in inside:
            if k2.startswith(deepest.split("/")[0]) and len(k2) >= len(deepest):
                deepest = k2
        return deepest
    m = _SITE_SUFFIX.fullmatch(name)
    if m:
        key = f"{r.ctx.county or r.ctx.city or r.ctx.province or 'unknown'}/{name}"
        _add_place(r, key, name, "site", None, key.rsplit("/", 1)[0], (start, start + len(name)), name, rule="place.site")
        return key
    return None


def is_place_name(r: Reading, s: str) -> bool:
    return bool(s) and bool(r.gaz.lookup(s))


def add_referred_province(r: Reading) -> None:
    """The report's province when the report refers to it without naming it.

    A provincial report speaks of its province as 我省/本省, or through its bodies (省委网信办,
    省农业农村厅) more than through any city's or county's; the province is then a place of the
    report, marked ``inferred``. A city or county report that mentions 全省 or a provincial
    department does not make its province one of its places.
    """
    code = r.ctx.province
    if not code or code in r.places:
        return
    prov = r.gaz.by_code(code)
    if prov is None:
        return
    own = r"我区|本区" if prov.name.endswith("自治区") else r"我省|本省" if prov.name.endswith("省") else r"我市|本市"
    unnamed = sum(o.level == "provincial" and o.scope == code and (prov.short or prov.name) not in o.name
                  for o in r.orgs.values())
    local = sum(o.level in ("city", "county") for o in r.orgs.values())
    referred = bool(re.search(own, r.text)) or unnamed > local
    if referred:
        _add_place(r, prov.code, prov.name, "province", prov.code, "100000", None, inferred=True,
                   rule="place.referred-province")
