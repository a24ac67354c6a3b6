"""Bodies (organisations): catalogue bodies and their local counterparts, generic government and party shapes, enterprises and institutions."""

from __future__ import annotations

import bisect
import re
from functools import cache

from kg.catalogue import BodyEntry, CounterpartEntry, load_catalogue
from kg.gazetteer import Division

from .lexicon import (
    BAD_CORE,
    BOUNDARY_AFTER,
    HAN,
    Lexicon,
    clause_word_in,
    han,
    lengths_for,
    org_lexicon,
    slug_key,
)
from .reading import Reading
from .records import RULE_CONFIDENCE, OrgMention

_TITLE_WORDS = ("常委", "书记", "副书记", "委员", "主任", "副主任", "省长", "副省长", "市长", "副市长", "县长", "厅长",
                "局长", "部长", "处长", "主席", "秘书长", "巡视员")


_LEVEL_PREFIXES = [
    "中共中央", "国务院", "中共", "中央", "国家", "全国", "团省委", "团市委", "团县委",
    "自治区党委", "自治区", "省委", "市委", "县委", "区委", "州委", "省", "市", "县", "区", "州", "盟",
]


_BODY_SUFFIXES = [
    "领导小组办公室", "领导小组", "委员会", "人民政府", "办公厅", "办公室", "管理局", "总局", "党委", "政府",
    "委", "办", "厅", "局", "部", "署", "总公司", "分公司", "公司", "集团", "银行", "基金会", "协会", "学会", "商会",
    "联合会", "研究院", "研究所", "大学", "学院", "学校", "中心", "妇联", "团委", "人大常委会", "政协",
    "工商联", "供销社", "供销合作社", "专业合作社", "合作社", "总工会", "工会", "工作组", "工作队", "促进会", "总会", "指挥部", "分行", "支行",
]


_ENTERPRISE_SUFFIXES = ("公司", "集团", "银行", "总公司", "分公司")


_SOCIAL_SUFFIXES = ("基金会", "协会", "学会", "商会", "联合会", "研究院", "研究所", "大学", "学院", "学校", "妇联")


_VERBS_BEFORE_BODY = frozenset(("依托", "联合", "会同", "组织", "邀请", "委托", "支持", "协调", "通过", "携手", "联手", "依靠",
                                "发动", "动员", "引导", "鼓励", "推动", "指导", "牵头", "包括", "以及", "其中", "来自", "会同",
                                "协助", "配合", "成立", "召集", "来自", "代表", "参加", "出席", "欢迎", "感谢",
                                "得到", "获得", "受到", "对接", "考上"))


_BAD_CORE_WORDS = re.compile(
    r"主办|承办|协办|指导|出席|参加|召开|举办|举行|组织|联合|共同|负责|有关|相关|牵头|会同|配合|印发|发布|下发|开展|推进|"
    r"实施|主持|讲话|致辞|代表|同志|领导(?!小组)|成员|单位|部门|企业|社会|建成|依托|通过|利用|邀请|发动|动员|支持|引导|鼓励|依靠|"
    r"范围|人口|大部|开局|布局|格局|大局|全局|结局"
)


_INSTITUTION_SUFFIX = re.compile(r"大学|学院|研究院|基金会|协会|商会|联合会|公司|集团|专业合作社")


def _scope_for(r: Reading, prefix: str) -> tuple[str | None, str | None]:
    """(scope place code, level) for a generic prefix such as 省, 市委, 县."""
    ctx = r.ctx
    prov = r.gaz.by_code(ctx.province) if ctx.province else None
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


def _org_key(r: Reading, scope: str | None, key: str) -> str:
    return f"{scope or 'unscoped'}/{key}"


def _add_org(r: Reading, span: tuple[int, int], surface: str, *, canonical: str, full: str | None, name_en: str | None,
             key: str, catalogue_key: str | None, national: str | None, kind: str, level: str | None,
             scope: str | None, rule: str = "body.shape") -> str:
    o = r.orgs.get(key)
    if o is None:
        o = OrgMention(name=surface, canonical=canonical, full_name=full, name_en=name_en, key=key,
                       catalogue_key=catalogue_key, national=national, kind=kind, level=level, scope=scope,
                       rule=rule, confidence=RULE_CONFIDENCE[rule])
        r.orgs[key] = o
    o.spans.append(span)
    o.aliases.add(surface)
    r.org_spans.append((span[0], span[1], key))
    return key


def _counterpart_org(r: Reading, span: tuple[int, int], surface: str, c: CounterpartEntry,
                     place: Division | None) -> str:
    if place is None:
        prefix = surface.removeprefix("团")
        scope, level = _scope_for(r, prefix)
        place = r.gaz.by_code(scope) if scope else None
    else:
        scope, level = place.code, {"province": "provincial", "city": "city", "county": "county"}.get(place.level)
    if place is not None:
        pname = place.name
        # the generic short as written for this place: 省委网信办 -> 河南省委网信办
        canonical = _local_name(pname, c.short) if c.short[:1] in "省市县区州" else c.short_name(pname)
        full = c.full_name(pname)
        name_en = c.name_en(place.name_en)
    else:
        canonical, full, name_en = c.short, None, None
    return _add_org(r, span, surface, canonical=canonical, full=full, name_en=name_en,
                         key=_org_key(r, scope, c.key), catalogue_key=c.key, national=c.national,
                         kind=c.kind, level=level or c.level, scope=scope, rule="body.counterpart")


def extract_organisations(r: Reading) -> None:
    """Add every body the report names (catalogue forms, counterparts, shapes, institutions, media)."""
    text = r.text
    r.inst_ends = [m.end() for m in _INSTITUTION_SUFFIX.finditer(text)]
    lex = org_lexicon()
    firsts = _first_chars()
    starts = r.place_at_start
    i, n = 0, len(text)
    while i < n:
        # only where a body can begin: a lexicon form's or a level prefix's first character, a
        # place, or an institution suffix within reach (the same test _org_at makes, made cheap)
        if text[i] in firsts or i in starts or _institution_ahead(r, i):
            got = _org_at(r, i, lex)
            i = got[1] if got else i + 1
        else:
            i += 1
    _media_in_lists(r)
    _departments_after_standing_committee(r)


#: 省委常委、统战部部长: the department an official heads, named without its committee
_STANDING_DEPT = re.compile(r"(省|自治区党|市|州|县|区)委常委[、，]((?:组织|宣传|统战|政法)部)(?=(?:常务)?(?:副)?部长)")


_COMMITTEES = frozenset(("省委", "市委", "县委", "区委", "州委"))


def _departments_after_standing_committee(r: Reading) -> None:
    """A department named bare after a standing-committee post belongs to that committee
    (省委常委、统战部部长 → 省委统战部, written 统战部)."""
    cat = r.cat
    added = False
    for m in _STANDING_DEPT.finditer(r.text):
        a, b = m.span(2)
        if any(x <= a < y for x, y, _k in r.org_spans_overlapping(a, a + 1)):
            continue
        prefix = m.group(1)
        level_prefix = "省" if prefix in ("自治区党",) else prefix
        c = cat.counterpart(f"{level_prefix}委{m.group(2)}")
        if c is None:
            continue
        scope, _level = _scope_for(r, level_prefix)
        place = r.gaz.by_code(scope) if scope else None
        _counterpart_org(r, (a, b), m.group(2), c, place)
        added = True
    if added:
        r.org_spans.sort()


_LIST_ITEM = re.compile(rf"(?<=[、和及与])([{HAN}]{{2,6}}网)(?=[、和及与等,，])|([{HAN}]{{2,6}}网)(?=[、和及与][^、，。]{{0,12}}?(?:网|社|办|厅|局|委|部))")


def _media_in_lists(r: Reading) -> None:
    """A news site named in a list of bodies is a body (省供销社、南海网、省商务厅; 人民网、长城网等)."""
    text = r.text
    taken = {(a, b) for a, b, _k in r.org_spans}
    starts = {a for a, _b, _k in r.org_spans}
    ends = {b for _a, b, _k in r.org_spans}
    added = False
    for m in _LIST_ITEM.finditer(text):
        g = 1 if m.group(1) else 2
        a, b = m.start(g), m.end(g)
        name = m.group(g)
        if (a, b) in taken or any(x < a < y or x < b < y for x, y, _k in r.org_spans_overlapping(a, b + 1)) \
                or clause_word_in(name):
            continue
        # a neighbour in the list is a body: the item before ends at a-1, the one after starts at b+1
        if not ((a - 1) in ends or (b + 1) in starts or any(s == b + 1 for s in starts)):
            continue
        if not left_ok(r, a) and not r.word_starts_at(a):
            continue
        _add_org(r, (a, b), name, canonical=name, full=None, name_en=None, key=_org_key(r, "ent", slug_key(name)),
                 catalogue_key=None, national=None, kind="enterprise", level=None, scope=None, rule="body.media-in-list")
        added = True
    if added:
        r.org_spans.sort()


def left_ok(r: Reading, i: int) -> bool:
    if i == 0:
        return True
    prev = r.text[i - 1]
    return (not han(prev) or prev in BOUNDARY_AFTER or r.text[max(0, i - 2) : i] in _VERBS_BEFORE_BODY
            or r.place_ends_at(i) is not None)


#: units inside a national body or a bank (司, 局, 中心 …) and branches of an enterprise in a place
_UNIT_IN = re.compile(rf"[{HAN}]{{2,10}}?(?:司|局|处|研究中心|信息中心|中心|研究院|研究所|规划院|办公室)(?!长|员)")
_BRANCH = ("分行", "支行", "分公司", "子公司", "公司", "营业部", "分局", "分中心", "分部")
_ENTERPRISE_UNIT = re.compile(r"(?:集团公司|集团有限公司|股份有限公司|有限公司|有限责任公司)")
#: telecom operators and the post written after a province or city (湖北电信, 河南移动)
_OPERATOR = re.compile(r"(?:电信|移动|联通|铁塔|邮政|广电)(?!普遍|企业|运营商|基础设施|网络|业|服务|用户|基站|信号|通信|互联网|支付|终端|宽带)")


def _sub_unit_end(r: Reading, end: int, *, enterprise: bool) -> int:
    """Where a body named at ``…end`` really ends: its unit or branch written after it.

    中央网信办 + 信息化发展局, 人民银行 + 山东省 + 分行, 中国电信 + 股份有限公司 + 青海 + 分公司.
    """
    text = r.text
    e = end
    for _ in range(3):
        m = _ENTERPRISE_UNIT.match(text, e) if enterprise else None
        if m:
            e = m.end()
            continue
        places = [pe for pe, k in r.place_at_start.get(e, ()) if r.places[k].code]
        if places:
            pe = max(places)
            br = next((b for b in _BRANCH if text.startswith(b, pe)), None)
            if br is None:  # 青海号百信息服务分公司: a named branch after the place
                mm = re.compile(rf"[{HAN}]{{0,10}}?(?:分公司|分行|支行)").match(text, pe)
                if mm and not clause_word_in(mm.group(0)) and not set(mm.group(0)) & BAD_CORE:
                    e = pe + len(mm.group(0))
                    continue
                break
            e = pe + len(br)
            continue
        if enterprise:
            mm = re.compile(rf"[{HAN}]{{0,8}}?(?:分公司|子公司|公司)").match(text, e)
            if mm and not set(mm.group(0)) & BAD_CORE and not _BAD_CORE_WORDS.search(mm.group(0)) and not clause_word_in(mm.group(0)):
                e += len(mm.group(0))
            break
        mm = _UNIT_IN.match(text, e)
        if mm and not (set(mm.group(0)) & (BAD_CORE - {"与", "和"})) and not _BAD_CORE_WORDS.search(mm.group(0)) \
                and not clause_word_in(mm.group(0)):
            e = mm.end()
        break
    return e


_FACILITY = re.compile(r"^(?:省|市|县|乡|镇|村|州|区)(?:级|域)")


@cache
def _by_key() -> tuple[dict[str, CounterpartEntry], dict[str, BodyEntry]]:
    cat = load_catalogue()
    return {c.key: c for c in cat.counterparts}, {b.key: b for b in cat.bodies}


def _could_start(r: Reading, i: int, lex: Lexicon) -> bool:
    """Whether a body could begin at ``i`` at all (so that asking the segmenter is worth it)."""
    c = r.text[i]
    return (c in lengths_for(lex.forms, 2, lex.max_len) or bool(r.place_at_start.get(i))
            or c in "省市县区州中国全自团")


def _explicit_place(r: Reading, i: int) -> tuple[Division, int] | None:
    """A division named at ``i`` in front of a body (河南省委网信办, 雷山县人民政府)."""
    for e, k in r.place_at_start.get(i, ()):
        if r.places[k].code and r.places[k].level in ("province", "city", "county"):
            d = r.gaz.by_code(r.places[k].code)  # type: ignore[arg-type]
            if d is not None:
                return d, e
    return None


def _org_at(r: Reading, i: int, lex: Lexicon) -> tuple[int, int] | None:
    text = r.text
    if not left_ok(r, i) and not (_could_start(r, i, lex) and r.word_starts_at(i)):
        return None  # inside a word (全省, 我市); after 根据/落实/的 a word may begin: the segmenter decides
    found = _explicit_place(r, i)
    if found is None and text.startswith("中共", i):
        found = _explicit_place(r, i + 2)  # 中共甘肃省委
    place, j = (found[0], found[1]) if found else (None, i)
    # the lexicon form: a generic level letter + the body (省委网信办, 市农业农村局 ...)
    if place is not None:
        letter = {"province": "省", "city": "市", "county": "县"}[place.level]
        rest_start = j
        if text.startswith("党委", j):
            rest_start = j + 1  # 广西壮族自治区党委网信办 reads as 省委网信办
        head = letter
    else:
        m = re.compile(r"自治区党委|自治区|州委|盟委|区委|旗委|州|盟|旗").match(text, i)
        if m and not text.startswith(("区县", "州市"), i):
            head = {"自治区党委": "省委", "自治区": "省", "州委": "市委", "盟委": "市委", "区委": "县委",
                    "旗委": "县委", "州": "市", "盟": "市", "旗": "县"}[m.group(0)]
            rest_start = i + len(m.group(0))
        else:
            head, rest_start = "", i
    first = head[:1] or text[rest_start : rest_start + 1]
    for ln in lengths_for(lex.forms, 2, lex.max_len).get(first, ()):
        end = rest_start + ln - len(head)
        if end <= rest_start or end > len(text):
            continue
        form = head + text[rest_start:end]
        if form not in lex.forms:
            continue
        kind, ident = lex.forms[form][0]
        nxt = text[end : end + 1]
        if (nxt == "门" and form.endswith("部")) or (kind == "brand" and nxt and nxt in "村镇店") or (
                form.endswith("网") and nxt == "信"):
            continue  # 商务部门: departments of commerce; 淘宝村: a village that sells online
        if form in _COMMITTEES and re.match(rf"[{HAN}]{{1,4}}?(?:办|部)(?![门长])", text[end : end + 6]) and not re.match(
                r"书记|副书记|常委|委员|办公厅", text[end : end + 3]):
            continue  # 省委农工办, 省委双联办: the committee's office, read by shape
        surface = text[i:end]
        if kind == "counterpart":
            c = _by_key()[0][ident]
            _counterpart_org(r, (i, end), surface, c, place)
            return i, end
        if kind == "national" and place is None:
            b = _by_key()[1][ident]
            e = _sub_unit_end(r, end, enterprise=b.kind == "enterprise")
            if e > end:  # 中国移动贵州公司, 中央网信办信息化发展局, 人民银行山东省分行: a unit of its own
                surface = text[i:e]
                _add_org(r, (i, e), surface, canonical=surface, full=None, name_en=None,
                         key=_org_key(r, "ent" if b.kind == "enterprise" else "cn", slug_key(surface)),
                         catalogue_key=None, national=b.key, kind=b.kind,
                         level=None if b.kind == "enterprise" else "national", scope=None, rule="body.sub-unit")
                return i, e
            _add_org(r, (i, end), surface, canonical=form, full=b.name_zh, name_en=b.name_en,
                     key=_org_key(r, "cn", b.key), catalogue_key=b.key, national=b.key, kind=b.kind,
                     level="national", scope="100000", rule="body.catalogue")
            return i, end
        if kind == "brand" and place is None:
            if _institution_ahead(r, i) and len(_institution_name(r, i) or "") > end - i + 2:
                return _institution_at(r, i)  # 中国网际网路发展基金会 is not the site 中国网
            e = _sub_unit_end(r, end, enterprise=True)  # 中国移动河南公司, 建行湖北分行
            surface = text[i:e]
            _add_org(r, (i, e), surface, canonical=surface, full=None, name_en=None,
                     key=_org_key(r, "ent", slug_key(surface)), catalogue_key=None, national=None,
                     kind="social" if surface.endswith(("基金会", "协会", "研究院")) else "enterprise",
                     level=None, scope=None, rule="body.brand")
            return i, e
    if place is not None:
        op = _OPERATOR.match(text, j)
        if op:  # 湖北电信, 湖北移动公司: an operator's provincial company
            e = _sub_unit_end(r, op.end(), enterprise=True)
            surface = text[i:e]
            _add_org(r, (i, e), surface, canonical=surface, full=None, name_en=None,
                     key=_org_key(r, "ent", slug_key(surface)), catalogue_key=None, national=None,
                     kind="enterprise", level=None, scope=place.code, rule="body.operator")
            return i, e
    # generic shapes: [place] prefix core suffix
    if place is not None:
        prefix: str | None = None
        k = j
    else:
        prefix = next((p for p in _LEVEL_PREFIXES if text.startswith(p, i)), None)
        if prefix is None:
            return _institution_at(r, i) if _institution_ahead(r, i) else None
        k = i + len(prefix)
    best = None
    for e in range(k + 1, min(len(text), k + 22) + 1):
        core = text[k:e]
        if not han(text[e - 1]):
            break
        for suf in _BODY_SUFFIXES:
            if core.endswith(suf):
                inner = core[: -len(suf)]
                if suf == "公司":  # 众智农业科技有限责任公司: 有 of 有限 is no clause
                    inner = re.sub(r"(?:股份)?有限(?:责任)?$", "", inner)
                if set(inner.replace("对口", "")) & BAD_CORE - {"和", "与"} or not _and_ok(inner):
                    continue
                if _BAD_CORE_WORDS.search(core.replace("社会组织", "")):
                    continue  # (社会组织总会 is a federation of associations)
                nxt = text[e : e + 1]
                if nxt in ("长", "员") and suf in ("委", "办", "厅", "局", "部", "会"):
                    continue
                if nxt == "门" and suf == "部":
                    continue  # 区商务部门: a kind of department, not one body
                if any(core.endswith(t) or core == t for t in _TITLE_WORDS):
                    continue
                if re.fullmatch(r"[东南西北中]{1,2}部", core):
                    continue  # 甘肃省南部: a part of the province, not a department
                best = e
                break
    # 省委 / 省政府 alone (X省委、省政府 are two bodies)
    if best is None and (place is not None and text.startswith(("委", "党委"), k) or prefix in (
            "省委", "市委", "县委", "区委", "州委", "自治区党委")):
        kk = k + (2 if text.startswith("党委", k) else 1 if place is not None and text.startswith("委", k) else 0)
        if not han(text[kk : kk + 1]) or text[kk : kk + 1] in ("、", "和", "与", "及", ""):
            best = kk
    if best is None:
        return None
    surface = text[i:best]
    if len(surface) < 2 or surface in _LEVEL_PREFIXES:
        return None
    core = text[j if place is not None else k : best]
    if len(core) >= 3 and clause_word_in(core):
        return None  # 盐城市按照农业部, 县城建立县级运营中心: a clause, not a name
    if _FACILITY.match(surface):
        return None  # 县级物流中心, 县域电商直播中心: a facility of a level, not a body
    if place is None and prefix in ("省", "市", "县", "区", "州") and len(surface) <= 2:
        return None
    tail = text[j:best] if place is not None else surface
    if place is not None:
        scope, level = place.code, {"province": "provincial", "city": "city", "county": "county"}.get(place.level)
        canonical = surface
    else:
        scope, level = _scope_for(r, prefix or "")
        sp = r.gaz.by_code(scope) if scope and level != "national" else None
        canonical = _local_name(sp.name, surface) if sp is not None and (prefix or "")[:1] in "省市县区州自" else surface
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
    _add_org(r, (i, best), surface, canonical=canonical, full=None, name_en=None,
                  key=_org_key(r, scope, slug_key(tail if scope else surface)), catalogue_key=None,
                  national=None, kind=kind, level=level, scope=scope)
    return i, best


@cache
def _first_chars() -> frozenset[str]:
    """Characters a body can begin with when no place is named at its start."""
    lex = org_lexicon()
    return frozenset(lengths_for(lex.forms, 2, lex.max_len)) | frozenset(p[0] for p in _LEVEL_PREFIXES) | frozenset("自州盟旗区中")


def _institution_ahead(r: Reading, i: int) -> bool:
    """Whether an institution suffix (大学, 基金会, 公司 …) ends within reach of ``i``."""
    ends = r.inst_ends
    k = bisect.bisect_right(ends, i + 2)
    return k < len(ends) and ends[k] <= i + 20


def _institution_at(r: Reading, i: int) -> tuple[int, int] | None:
    """Universities, foundations, associations and companies named in a list (西北农林科技大学)."""
    name = _institution_name(r, i)
    if name is None:
        return None
    kind = "enterprise" if name.endswith(("公司", "集团")) else "social"
    _add_org(r, (i, i + len(name)), name, canonical=name, full=None, name_en=None,
                  key=_org_key(r, "ent" if kind == "enterprise" else "soc", slug_key(name)),
                  catalogue_key=None, national=None, kind=kind, level=None, scope=None, rule="body.institution")
    return i, i + len(name)


def _institution_name(r: Reading, i: int) -> str | None:
    """The institution named at ``i``, if any (its name ends in 大学, 基金会, 有限公司 …)."""
    text = r.text
    m = re.compile(rf"[{HAN}]{{2,12}}?(?:大学|学院|研究院|基金会|协会|商会|联合会|股份有限公司|有限公司|有限责任公司|集团|专业合作社)").match(text, i)
    if not m:
        return None
    name = m.group(0)
    if any(name.startswith(v) for v in _VERBS_BEFORE_BODY) or name.startswith(("来自", "代表", "和", "与", "及")):
        return None
    if clause_word_in(name[:-2]):
        return None  # 刚考上大学: a clause, not a name
    nxt = text[i + len(name) : i + len(name) + 1]
    if nxt and nxt not in "、,，。;；和及与等(（" and not re.match(r"[的负代师学专教团]", nxt):
        return None
    if set(name) & (BAD_CORE - {"和"}) or _BAD_CORE_WORDS.search(name) or not _and_ok(name):
        return None
    if re.search(r"各类|有关|相关|多家|部分|一批|各级|各地", name):
        return None
    return name


def _local_name(place_name: str, generic: str) -> str:
    """The generic short written for one place: (河南省, 省委网信办) → 河南省委网信办."""
    g = re.sub(r"^(?:自治区党委|自治区|州委|州|区委|区)", lambda m: {"自治区党委": "省委", "自治区": "省", "州委": "市委",
               "州": "市", "区委": "县委", "区": "县"}[m.group(0)], generic)
    rest = g[1:]
    if place_name.endswith("自治区") and rest.startswith("委"):
        return place_name + "党" + rest
    return place_name + rest


def _and_ok(inner: str) -> bool:
    """和 (or 与) inside a body name joins words (文化和旅游厅, 对口支援与合作交流工作领导小组办公室),
    never two bodies or places."""
    for k, c in enumerate(inner):
        if c in "和与":
            left, right = inner[:k], inner[k + 1 :]
            if not left or not right or left.endswith(tuple(_BODY_SUFFIXES)) or left[-1] in "省市县区州旗委":
                return False
            if right.startswith(tuple(_LEVEL_PREFIXES)) or right.startswith("中国"):
                return False
    return True
