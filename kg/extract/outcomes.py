"""Outcomes: measured figures with their indicator, kind, area, as-of date and programme."""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

from kg.normalise import Sentence

from .lexicon import HAN, word_starts
from .places import is_place_name
from .quantities import find_figures
from .reading import Reading
from .records import RULE_CONFIDENCE, OutcomeRecord
from .times import TimeMention, find_times

_STRIP_TAIL = ("达到了", "达到", "提高到", "提升到", "上升到", "增长到", "增加到", "增至", "超过", "突破", "约为",
               "分别为", "为", "达", "共计", "共", "累计", "合计", "总计", "已", "均", "以上", "实现", "近", "约", "逾",
               "共有", "有")


_SCOPE_WORDS = ("全省", "我省", "本省", "全市", "我市", "本市", "全县", "我县", "本县", "全区", "我区", "本区",
                "全州", "全国", "各地", "全")


_PROGRAMME_HEADS = ("网络覆盖", "农村电商", "网络扶智", "信息服务", "网络公益")


_TARGET_MARK = re.compile(
    r"(?<![高升长加少降增截])(?:到|至)(?:20\d{2})年(?:底|末)?|力争|争取|预计|计划|目标任务是|目标是|将达到|确保|"
    r"将(?:组织|开展|实现|完成|建成|新增|推动|带动|培训)"
)






def extract_outcomes(r: Reading) -> None:
    text = r.text
    skip = bytearray(len(text) + 1)
    for m in re.finditer(r"《[^《》\n]{0,80}》|〔\d{4}〕\d+号|\d{4}-\d{4,}|第[一二三四五六七八九十\d]+[批届次个]|[一二三四五六七八九十]是", text):
        for k in range(m.start(), m.end()):
            skip[k] = 1
    for name in {e.name for e in r.events if re.search(r"[“\"]", e.name)}:  # “…”2016全国百家网络媒体甘肃行活动: a title
        for m in re.finditer(re.escape(name), text):
            skip[m.start() : m.end()] = b"\x01" * (m.end() - m.start())
    programme_ctx: dict[int, str] = {}
    for s in r.sentences:
        prog = _programme_in(r, s)
        if prog:
            programme_ctx[s.paragraph] = prog
        clauses = _clauses(r, s)
        for cs, ce in clauses:
            _outcomes_in_clause(r, s, cs, ce, skip, programme_ctx.get(s.paragraph))
    # the same figure of the same measure said twice (a headline, then the text) is one outcome
    seen: set[tuple[str, str, str, str, str | None]] = set()
    kept = []
    for o in r.outcomes:
        key = (o.indicator, str(o.value), o.unit, o.kind, o.scope_key)
        if key not in seen:
            seen.add(key)
            kept.append(o)
    r.outcomes[:] = kept
    # programme: inherit along a paragraph from a catalogue indicator
    by_para: dict[int, list[OutcomeRecord]] = {}
    for o in r.outcomes:
        by_para.setdefault(r.sentences[o.sentence].paragraph, []).append(o)
    for _para, items in sorted(by_para.items()):
        cur: tuple[int, str] | None = None
        for o in items:
            if o.programme:
                cur = (o.sentence, o.programme)
            elif cur and cur[0] == o.sentence:
                o.programme = cur[1]
    # policies of programmes; event
    event_index = {id(e): k for k, e in enumerate(r.events)}
    for o in r.outcomes:
        if o.programme:
            pr = r.cat.programme(o.programme)
            if pr:
                o.policy = pr.policy
        ev = r.event_before(o.span[0])
        if ev is not None:
            o.event = event_index[id(ev)]


def _programme_in(r: Reading, s: Sentence) -> str | None:
    for p in r.cat.programmes:
        for form in (p.name_zh, *p.aliases):
            if len(form) >= 4 and form in s.text:
                idx = s.text.index(form)
                # at the head of the sentence or as the full 工程 name
                if form.endswith("工程") or idx <= 6 or re.match(r"^[^,，。]{0,8}$", s.text[:idx]):
                    return p.key
    return None


def _clauses(r: Reading, s: Sentence) -> list[tuple[int, int]]:
    out = []
    start = s.start
    text = r.text
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


#: a figure's unit when the text writes only 万/亿: money words in the clause mean 元, users 户, people 人
_IMPLIED_UNIT = (
    (re.compile(r"投资|资金|补助|补贴|配套|投入|预算|金额|销售额|交易额|零售额|成交额|营业额|收入|产值|营收|贷款|采购|销售|融资|拨付|安排"), "元"),
    (re.compile(r"用户|户数|家庭"), "户"),
    (re.compile(r"人口|人数|人次|访客|观看|粉丝|网民|从业|农民|群众|新农人|学员"), "人"),
)
#: Chinese-numeral counters that count things, not points of a speech (三个方面, 两个基础)
_CN_COUNTERS = frozenset("家批所名户座人")
_CN_NOUN_AFTER = re.compile(r"^(?:贫困)?(?:县|市|区|村|乡|镇|企业|公司|基地|站|园|中心|合作社|电商|平台|项目|学校|医院|省|盟市|地市)")
_SLOGAN_AFTER = re.compile(r"^[^，。；,;“”]{0,6}[”\"]")


def raw_unit_counts(unit: str) -> bool:
    """Whether ``unit`` counts households, people, things or institutions (a size class can use it)."""
    return unit in ("户", "人", "个", "家", "所")


def unit_is_percent(raw: str) -> bool:
    return raw.endswith("%")


def _implied_unit(clause: str) -> str | None:
    for rx, unit in _IMPLIED_UNIT:
        if rx.search(clause):
            return unit
    return None


def _outcomes_in_clause(r: Reading, s: Sentence, cs: int, ce: int, skip: bytearray, programme: str | None) -> None:
    """Outcomes from the figures of one clause (``text[cs:ce]``) of sentence ``s``."""
    text = r.text
    found: list[tuple[int, int, Decimal, str, str, str, str]] = []  # start, end, value, unit, qualifier, raw, kind
    for f in find_figures(text, cs, ce):
        a, b = f.start, f.end
        if skip[a] or skip[b - 1]:
            continue
        unit = f.unit
        if f.kind == "rank":
            found.append((a, b, f.value, "位", "exact", f.raw, "rank"))
            continue
        if f.chinese and f.kind == "count" and f.value < 10 and f.value_max is None and f.raw[:1] not in "百千万":
            # 三个方面, 两个基础: points of a speech; 三批, 五家企业: counted things
            if unit not in _CN_COUNTERS and not (unit == "个" and _CN_NOUN_AFTER.match(text[b:ce])):
                continue
        if f.chinese and re.search(r"(?:不让|不使|不落下?|不漏掉?|无一|没有)$", text[max(cs, a - 3) : a]):
            continue  # 不让一户掉队: a pledge that none is left behind, not a count
        if f.chinese and f.raw.startswith("一") and unit in ("批", "系列", "些", "部", "种", "项", "个") and f.value == 1:
            continue  # 一批示范项目: "a number of", not a count
        if unit == "部" and re.match(r"[委门]", text[b : b + 1]):
            continue  # 7部委联合印发: the issuers of a document, not an outcome
        if f.chinese and unit in ("兆",) and not f.marker and re.match(rf"[{HAN}]", text[b : b + 1]):
            continue  # 千兆光网: a kind of network, not a figure
        if _SLOGAN_AFTER.match(text[b:ce]) and "“" in text[max(cs, a - 8) : a]:
            continue  # “三个课堂”, “两不愁”: a slogan
        if unit is None:
            unit = _implied_unit(text[cs:ce]) or _implied_unit(text[s.start : s.end])
            if unit is None:
                continue
        elif unit in ("兆", "M"):
            unit = "Mbps"
        found.append((a, b, f.value, unit, f.qualifier, f.raw, f.kind))
    if not found:
        return
    # a figure that only qualifies a noun before another figure (20户以上自然村 ... 90%)
    figures = []
    for idx, f in enumerate(found):
        a, b = f[0], f[1]
        rest = text[b:ce]
        if re.match(r"^(?:以上|以下)?(?:自然村|行政村|村|人口|户|家庭|企业|县|乡镇|学校)", rest) and raw_unit_counts(f[3]) and (
                f[5].endswith(("以上", "以下")) or re.match(r"^(?:以上|以下)", rest)):
            # 20户以上自然村: a size class, not a result; 全覆盖 of that class is a figure (100 %)
            cover = re.search(r"(?:全面|基本|实现|达到)?全覆盖", text[b:ce])
            if cover and not any(b <= g[0] < ce for g in found[idx + 1 :]):
                a2, b2 = b + cover.start(), b + cover.end()
                figures.append((a2, b2, Decimal(100), "%", "exact", text[a2:b2], "percent"))
            continue
        if (idx + 1 < len(found) and re.match(rf"^(?:以上|以下)?的?[{HAN}A-Za-z0-9]", rest)
                and not re.match(r"^(?:和|及|与|以及|、|共|其中|的?比例|的?占比)", rest)
                and not (f[3] in _COUNTERS and _COUNTED_AREA.match(rest))
                and not (f[3] in _MEASURES and f[4] in ("exact", "about") and not f[5].endswith(("以上", "以下")))):
            nxt_a = found[idx + 1][0]
            between = text[b:nxt_a]
            if found[idx + 1][6] == "rank" or (re.fullmatch(rf"[{HAN}]{{1,12}}(?:和|及|与|以及|、|的)", between) and f[3] in _COUNTERS):
                pass  # 679个行政村及3个边境站点, 11个县的1100个益农信息社: two counts
            elif not re.search(r"[,，、]|分别|其中|达|为|提高|提升|增长|上升|上涨|下降|增加|减少", between) and not re.search(
                    rf"^[{HAN}]{{2,12}}?(?:实现|完成|建成|达到|接入|通)", rest):
                continue  # 20户以上自然村……90%: the first figure only qualifies a noun
        figures.append(f)
    prev_end = cs
    first = len(r.outcomes)
    for idx, (a, b, val, unit, qual, raw, fkind) in enumerate(figures):
        change = None
        if fkind == "rank":
            indicator, rule = _rank_indicator(r, s, cs, a, b, prev_end), "outcome.rank"
        elif (indicator := _enumerated_indicator(r, s, a, b, unit)) is not None:
            rule = "outcome.enumeration"
        elif (change := _change_pair(r, s, cs, a, b, unit)) is not None:
            indicator, rule = change[0], "outcome.change-pair"
        elif (indicator := _counted_indicator(r, cs, ce, a, b, fkind, figures, idx)) is not None:
            rule = "outcome.counted-noun"
        else:
            indicator = _indicator_for(r, cs, ce, a, b, prev_end, figures, idx)
            rule = "outcome.coverage-class" if raw.endswith("全覆盖") else "outcome.measure-before"
        prev_end = b
        if indicator:
            indicator = re.sub(r"(?<=..)(?:就|才|也|都|还|又|便)$", "", indicator)  # 销售额就50多万元
        if not indicator or _NARRATIVE.search(indicator) or unit in _DURATIONS:
            continue
        kind = "rank" if fkind == "rank" else (change[1] if change else _kind_for(r, cs, a, b, s))
        as_of = _as_of(r, s, a)
        if (change and change[1] == "result") or (fkind == "rank" and not _times_between(r, s, cs, a)):
            # 较去年367个增加了83个, ，在全国排名第四: as of the figure they follow
            prev = next((o for o in _in_sentence(r, s.index) if o.kind != "baseline"), None)
            as_of = prev.as_of if prev is not None else as_of
        scope_key, scope = _scope_of(r, cs, a, ranked=fkind == "rank")
        prev_sentence = r.sentences[s.index - 1].text if s.index > 0 else None
        entry = r.cat.match_indicator(indicator, unit, context=prev_sentence)
        if entry is None and len(indicator) <= 4 and rule == "outcome.measure-before":
            # 宽带网络覆盖工程启动后…累计投资2.56亿元: a bare head noun measures what its sentence names
            entry = r.cat.match_indicator(text[s.start : a], unit)
        prog = programme
        if entry and entry.programme:
            prog = entry.programme if not programme else programme
        rec = OutcomeRecord(
            indicator=indicator, indicator_key=entry.key if entry else None, value=val, raw=raw, unit=unit,
            qualifier=qual, kind=kind, scope=scope, scope_key=scope_key, as_of=as_of, programme=prog,
            policy=None, span=(a, b), sentence=s.index, rule=rule, confidence=RULE_CONFIDENCE[rule],
        )
        r.outcomes.append(rec)
    _share_predicate(r, r.outcomes[first:])


def _share_predicate(r: Reading, recs: list[OutcomeRecord]) -> None:
    """Counts joined into one phrase share its predicate: 9个盟市的679个行政村及3个边境站点纳入试点
    → each is 纳入试点的…; the predicate is read on the last count of the chain."""
    text = r.text
    for i in range(len(recs) - 2, -1, -1):
        o, nxt = recs[i], recs[i + 1]
        if o.rule != "outcome.counted-noun" or nxt.rule != "outcome.counted-noun" or "的" not in nxt.indicator:
            continue
        between = text[o.span[1] : nxt.span[0]]
        if not re.fullmatch(rf"{re.escape(o.indicator)}(?:的|和|及|与|以及|、)", between):
            continue
        pred = nxt.indicator.rsplit("的", 1)[0]
        o.indicator = f"{pred}的{o.indicator}"
        if o.indicator_key is None:
            entry = r.cat.match_indicator(o.indicator, o.unit)
            o.indicator_key = entry.key if entry else None


#: an indicator that is a person's story, not a measure (今天我们要460件, 村民把自家产…)
_NARRATIVE = re.compile(r"^(?:我(?![国省市县区州盟旗乡镇村])|你|他|她|大家|咱|今天我们)|把")
#: a figure of time is how long something took, not an outcome (其距离县城约二十分钟)
_DURATIONS = frozenset(("分钟", "小时", "秒", "秒钟"))


#: units of a measure (an area, a length, a sum, a weight): 120万平方公里国土面积上的5000多个行政村 has two figures
_MEASURES = frozenset(("平方公里", "平方米", "公里", "千米", "亩", "公顷", "元", "美元", "吨", "万吨", "公斤", "千克", "斤"))


#: the areas and bodies a count counts: 9个盟市的679个行政村, 沈丘等6个贫困县138个贫困自然村 — both are figures
_COUNTED_AREA = re.compile(
    r"^(?:的)?(?:贫困|深度贫困|国家级|省级)?(?:县(?:市|区)?|市|区|盟市|地市|乡镇|乡|镇|街道|行政村|村|企业|合作社)(?:\(市\)|的|[0-9一二三四五六七八九十])"
)
#: what may start a predicate after a counted noun (1157个贫困自然村实现4G网络覆盖)
_PREDICATE = re.compile(
    r"^(?:已|已经|均|全部|都|基本|将|也|还|共|累计)?"
    r"(?P<p>实现|完成|建成|接入|纳入|通|开通|覆盖|入选|获批|获评|被(?:确定|列|评|认定|命名|批准)为|列为|评为|认定为|"
    r"开展|建立|建起|上线|入驻|参与|参加|受益|脱贫|摘帽|用上|享受|达到)"
)
#: verbs before a figure whose object is the counted noun (新建4G基站442个 is number-last; 建成83个服务站 here)
_VERB_BEFORE = re.compile(
    r"(?:新建|建成|建设|建立|建起|构建|培育|培训|打造|发展|开设|开通|创建|设立|组建|组织|带动|帮助|吸引|引进|"
    r"签约|举办|开展|新增|完成|实现|发布|培养|推出)(?:了|出)?$"
)
_NOUN = re.compile(rf"^[“\"]?([{HAN}A-Za-z0-9“”\"+（）()]{{2,24}}?)(?=$|[,，。;；、:：]|的|和|及|与|等|在|(?:已|已经|均|全部|都|基本|将|也|还|共|累计)?(?:实现|完成|建成|接入|纳入|通(?!信)|开通|覆盖|入选|获批|获评|被|列为|评为|认定为|开展|建立|建起|上线|入驻|参与|参加|受益|脱贫|摘帽|用上|享受|达到|达|为|占|超过|同比|较|比))")
_COUNTERS = frozenset(("个", "家", "所", "名", "户", "人", "项", "座", "条", "批", "处", "部", "款", "种", "台", "套", "辆", "间", "站", "网点"))


def _counted_indicator(r: Reading, cs: int, ce: int, a: int, b: int, kind: str,
                       figures: list[tuple[int, int, Decimal, str, str, str, str]], idx: int) -> str | None:
    """The measure of a number-first count: the noun counted and what is said of it.

    ``1157个贫困自然村实现4G网络覆盖`` → ``实现4G网络覆盖的贫困自然村``; ``建成83个电商服务站`` →
    ``建成电商服务站``; ``98%的行政村将实现光纤网络覆盖`` → ``实现光纤网络覆盖的行政村比例``.
    """
    text = r.text
    unit = figures[idx][3]
    nxt_a = figures[idx + 1][0] if idx + 1 < len(figures) else ce
    after = text[b:nxt_a]
    percent = kind == "percent"
    if percent:
        if not after.startswith("的"):
            return None
        after = after[1:]
    elif unit not in _COUNTERS:
        return None
    m = _NOUN.match(after)
    one = re.match(r"^(?:县|市|区|省|村|乡|镇|盟|旗)(?=$|的|[,，。;；、和及与])", after)
    if one:  # 11个县的…: a one-character noun
        return one.group(0)
    if not m:
        return None
    noun = m.group(1).strip("“”\"")
    if len(noun) < 2 or is_place_name(r, noun) or re.match(r"^(?:以上|以下|左右|之多|多|余|次|年|月|方面|大|项任务)", noun):
        return None
    rest = after[m.end() :]
    pm = _PREDICATE.match(rest.lstrip("的"))
    became = re.match(r"^(?:已|均|先后|相继)?被?(?:确定|列|评|认定|命名|批准|授予|纳入|确认)为([^,，。;；、]{2,24})", rest.lstrip("的"))
    if became:  # 8个县(市)被批准为国家级示范县(市): what they became is the measure
        return became.group(1) + ("比例" if percent else "")
    if pm:
        pred = re.split(r"[,，。;；、]|的(?!士)|任务|目标|工作|范围|行列|名单", rest.lstrip("的")[pm.start("p") :])[0]
        pred = re.sub(r"(?:了|的)$", "", pred)[:16]
        if len(pred) >= 2:
            return f"{pred}的{noun}" + ("比例" if percent else "")
    if percent:
        return f"{noun}比例"
    pre = text[cs:a]
    vm = _VERB_BEFORE.search(re.sub(r"(?:了|出)$", "", pre))
    if vm:
        return re.sub(r"(?:了|出)$", "", vm.group(0)) + noun
    return noun


def _rank_indicator(r: Reading, s: Sentence, cs: int, a: int, b: int, prev_end: int) -> str | None:
    """What a rank ranks: ``蕲春县电商消贫指数位列全省第五`` → ``电商消贫指数排名``; with no noun before
    it in its clause (``，在全国排名第四``, ``菏泽(307个)占据全省首位``) the measure the sentence is
    about, else the phrase of the clause before (``在2021年阶段性评估中，取得了全国第二``)."""
    pre = _trim_indicator(r, r.text[prev_end:a])
    pre = re.sub(r"(?:连续[一二三四五六七八九十\d]+年|多年|继续|仍|均|已|稳|位|的|排名|综合)+$", "", pre)
    pre = re.sub(r"^[)）、]+", "", pre)
    if re.fullmatch(r"(?:总)?(?:数量|总数|总量|规模|数)", pre):  # 示范县已达37个，数量居全国之首: the count's measure
        topic = _topic(r, s, a, None)
        if topic and not re.search(r"\d", topic):
            return (topic if topic.endswith(pre) else topic + pre) + "排名"
    if len(pre) >= 2 and not re.fullmatch(r"(?:取得了?|获得了?|荣获|占据|名列|位列|位居|居|排|在|并|且|首次入选|入选|其中)+", pre):
        return pre + "排名"
    topic = _topic(r, s, a, None)
    if topic:
        return topic + "排名"
    k = r.text.rfind("，", s.start, cs - 1)
    k = max(k, r.text.rfind(",", s.start, cs - 1))
    before = r.text[k + 1 : cs - 1] if cs - 1 > s.start else ""
    m = re.fullmatch(rf"(?:在|从|于)?([{HAN}\d]{{2,20}}?)(?:中|上|里)", before)
    if m:
        return _trim_indicator(r, m.group(1)) + "排名" if len(_trim_indicator(r, m.group(1))) >= 2 else m.group(1) + "排名"
    return None


def _in_sentence(r: Reading, k: int) -> Iterator[OutcomeRecord]:
    """The outcomes found so far in sentence ``k``, latest first (stops at the sentence before:
    outcomes are found in text order, so this stays linear in a long report)."""
    for o in reversed(r.outcomes):
        if o.sentence != k:
            if o.sentence < k:
                return
            continue
        yield o


def _topic(r: Reading, s: Sentence, a: int, unit: str | None, paragraph: bool = False) -> str | None:
    """The measure an earlier figure of the sentence (or paragraph) named: what a bare figure
    after it is about; a change or rank suffix is dropped (淘宝村数量增加 → 淘宝村数量)."""
    for o in reversed(r.outcomes):
        os_ = r.sentences[o.sentence]
        if o.span[0] >= a:
            continue
        if os_.index != s.index and not (paragraph and os_.paragraph == s.paragraph):
            break
        if o.kind == "rank" or (unit is not None and o.unit != unit) or o.rule == "outcome.enumeration":
            continue
        ind = re.sub(r"(?:较上年|较去年|比上年|比去年)?(?:增加|增长|新增|减少|排名)$", "", o.indicator)
        return ind if len(ind) >= 2 else None
    return None


def _enumerated_indicator(r: Reading, s: Sentence, a: int, b: int, unit: str) -> str | None:
    """A figure in brackets after a place in a list (滨州(48个)、青岛(25个)) counts the measure the
    paragraph is about, in that place."""
    text = r.text
    if text[a - 1 : a] in ("(", "（") and text[b : b + 1] in (")", "）"):
        k = a - 1
    else:  # 其中潍坊占到8个: a share of the measure just said; 淘宝镇山东有87个: of the one before the place
        cs = max(text.rfind(c, s.start, a) for c in ",，;；") + 1
        cs = max(cs, s.start)
        m = re.fullmatch(r"(?:其中|而)?(.{2,14}?)(?:占到|占了|占|有|共有)", text[cs:a])
        if not m:
            return None
        k = cs + m.end(1)
        place = next((ps for ps, e, _k in r.places_starting_in(max(cs, k - 12), k) if e == k), None)
        if place is None:
            return None
        lead = re.sub(r"^(?:其中|而)", "", text[cs:place])
        if len(lead) >= 2 and re.fullmatch(rf"[{HAN}]+", lead):
            return lead
        return _topic(r, s, a, unit, paragraph=True)
    if not any(e == k for _s, e, _k in r.places_starting_in(max(0, k - 12), k)):
        return None
    topic = _topic(r, s, a, unit, paragraph=True)
    if topic:  # the list's places replace the one the measure was first said of
        head = next((n for n in range(2, min(len(topic) - 1, 8)) if is_place_name(r, topic[:n])), None)
        if head:
            topic = topic[head:]
    return topic


def _change_pair(r: Reading, s: Sentence, cs: int, a: int, b: int, unit: str) -> tuple[str, str] | None:
    """较去年367个增加了83个: after a figure of the sentence, the first is the baseline of its measure,
    the second the change."""
    text = r.text
    pre = text[cs:a]
    if re.search(r"(?:较|比)(?:去年|上年|上年同期|同期|年初|\d{4}年(?:底|末)?)?$", pre) and re.match(
            r"^(?:增加|增长|提高|提升|减少|下降)(?:了)?", text[b : b + 6]):
        topic = _topic(r, s, a, unit)
        return (topic, "baseline") if topic else None
    m = re.search(r"(?:较|比)(?:去年|上年|上年同期|同期|年初|\d{4}年(?:底|末)?)?[0-9.万亿一二三四五六七八九十百千]+[^\s,，。]{0,3}(?P<v>增加|增长|新增|减少|下降)了?$", pre)
    if m:
        topic = _topic(r, s, a, unit)
        return (topic + m.group("v"), "result") if topic else None
    return None


def _times_between(r: Reading, s: Sentence, a: int, b: int) -> bool:
    return any(a <= t.start and t.end <= b for t in _times(r, s))


def _indicator_for(r: Reading, cs: int, ce: int, a: int, b: int, prev_end: int,
                   figures: list[tuple[int, int, Decimal, str, str, str]], idx: int) -> str | None:
    text = r.text
    raw = text[a:b]
    # a ratio: 占全国总量的10% → <previous indicator>占全国总量比例
    before = text[prev_end:a]
    m = re.search(rf"(占[{HAN}]{{1,12}}?)(?:的)?(?:比重|比例)?(?:为|达|达到)?$", before)
    if m and unit_is_percent(raw) and re.fullmatch(r"占比重?", m.group(1)):
        # 乡村数字基础设施指数(占比27%): the share of the noun just before, not of the last figure
        noun = _trim_indicator(r, re.split(r"[、,，;；:：)）]|和|及|与|为", re.sub(r"[(（]$", "", before[: m.start()]))[-1])
        return f"{noun}占比" if len(noun) >= 2 else None
    if m and unit_is_percent(raw):
        base = r.outcomes[-1].indicator if r.outcomes and r.outcomes[-1].sentence == r.sentence_at[a] else ""
        return f"{base}{m.group(1)}比例"
    if raw.endswith("全覆盖"):
        pre = text[prev_end:a]
        ind = _trim_indicator(r, pre)
        if ind:
            return ind + ("覆盖率" if not ind.endswith("覆盖") else "率")
        return None
    # number-first: 56个县被列为..., 98%的行政村实现4G覆盖, 38万余人次奉献爱心
    after_end = figures[idx + 1][0] if idx + 1 < len(figures) else ce
    after = re.sub(r"\([^()]{0,12}\)", "", text[b:after_end])
    after_m = re.match(rf"^的?([{HAN}A-Za-z0-9“”\"+]{{2,30}}?)(?=的|$|[^{HAN}A-Za-z0-9“”\"+])", after)
    pre = text[prev_end:a]
    pre_ind = _trim_indicator(r, pre)
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
    if re.match(r"^(?:(?:分别|逐步|进一步)?(?:提高|提升|上升|上涨|增长|增加|下降|减少)(?:到|至))", pre):
        pre_ind = ""
    if re.fullmatch(r"(?:和|及|与|、|以及)", pre.strip()):
        prev = next(_in_sentence(r, r.sentence_at[a]), None)
        if prev is not None:
            return prev.indicator
    if pre_ind in _SCOPE_WORDS or pre_ind in ("和", "及", "与", "、", "分别") or is_place_name(r, pre_ind):
        if after_m and not re.match(r"^[和及与、]", after):
            ind = after_m.group(1).strip("“”\"")
            return re.split(r"(?:等|，|,)", ind)[0]
        pre_ind = ""
    if not pre_ind or re.fullmatch(r"(?:同比|比上年|较上年|年均)?(?:增长|提高|提升|增加|下降|减少)(?:了)?", pre_ind):
        prev = next(_in_sentence(r, r.sentence_at[a]), None)
        if prev is not None:
            if pre_ind:
                return prev.indicator + pre_ind
            if re.search(r"(?:提高|提升|上升|上涨|增长|增加|下降|减少)(?:到|至)", pre):
                return prev.indicator
    if pre_ind and re.fullmatch(r"(?:涉及|辖|拥有|在|于)+", pre_ind) and after_m:
        return after_m.group(1).strip("“”\"")  # 涉及在120万平方公里国土面积上: the noun after names it
    if pre_ind and re.fullmatch(r"(?:覆盖|实现|达到|惠及|带动|帮助|占)", pre_ind) and after_m:
        return pre_ind + after_m.group(1).strip("“”\"")
    if pre_ind and re.fullmatch(r"(?:达到|达|为|增至|升至|总计|合计|累计)", pre_ind):
        prev = next(_in_sentence(r, r.sentence_at[a]), None)  # 将新增190万户，达到260万户
        if prev is not None:
            return re.sub(r"(?:将)?(?:新增|增加)$", "", prev.indicator) or prev.indicator
    return pre_ind or None


def _trim_indicator(r: Reading, pre: str) -> str:
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
    s = re.sub(r"(?:已经|已)?(?:由|从)(?:\d{4}年(?:\d{1,2}月)?(?:底|末|初)?|[^,，由从]{1,8}?(?:前|以前|之前|初|底))?的?$", "", s)
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
        if len(s) > 24:  # keep the last 24 characters, from a word's start (阿里巴巴零售平台…)
            cut = next((k for k in word_starts(s) if k >= len(s) - 24), len(s) - 24)
            s = s[cut:]
    s = re.sub(r"^(?:在全国|在全省|全国|全省)", "", s)
    s = re.sub(r"^(?:目前|当前|现在|截至目前)(?=..)", "", s)  # 全省目前农村宽带用户: the time after the scope
    return s.strip("“”\"'的、 ")


#: words that make a figure a plan or an expectation (届时…98%, 预计…, 力争…, 今年还将…)
_TARGET_WORDS = re.compile(r"力争|争取|预计|计划|规划|目标|届时|有望|将(?!近)|确保|拟|要(?:在|达到|实现|完成|建成|新增|建设|培育|打造|培训)")
#: words that make it a result even in a plan (已建成, 累计, 截至)
_RESULT_WORDS = re.compile(r"已经?|累计|截至|截止|目前|当前|现有|共有|完成了|实现了|建成了|达到了|同比|较上年|比上年|去年")


def _base(r: Reading) -> str | None:
    """The report's own date (or year), against which its times resolve."""
    return r.ctx.date or (str(r.ctx.year) if r.ctx.year else None)


def _times(r: Reading, s: Sentence) -> list[TimeMention]:
    key = (s.index, "times")
    hit = r.cache.get(key)
    if hit is None:
        hit = r.cache[key] = find_times(r.text, _base(r), s.start, s.end)
    return hit  # type: ignore[no-any-return]


def _leading_time(r: Reading, s: Sentence) -> TimeMention | None:
    """A time that opens an earlier sentence of the same paragraph and so governs the ones after
    it (到2023年底，数字乡村发展取得阶段性进展。…用户数超过1.9亿)."""
    k = s.index - 1
    while k >= 0 and r.sentences[k].paragraph == s.paragraph:
        prev = r.sentences[k]
        lead = [t for t in _times(r, prev) if _leads(r, prev, t)]
        if lead:
            return lead[0]
        k -= 1
    return None


#: what may open a sentence before its time: 据了解，去年…; 孙继文介绍，2016年…
_OPENER = re.compile(rf"^(?:[{HAN}]{{0,8}}(?:了解|介绍|表示|统计|显示|获悉|指出|透露|说)(?:到)?|其中|同时|此外|另外)[,，:：]?$")


def _leads(r: Reading, s: Sentence, t: TimeMention) -> bool:
    """Whether a time opens its sentence: at its start, or after an opener (据了解, X介绍)."""
    pre = r.text[s.start : t.start]
    return len(pre) <= 2 or bool(_OPENER.match(pre))


def _plan_document(r: Reading) -> bool:
    """Whether the report is itself a plan (实施方案, 工作要点, 行动计划): its figures are targets."""
    hit = r.cache.get("plan")
    if hit is None:
        title = (r.ctx.title or "") + "\n" + r.text[:80].split("\n", 1)[0]
        hit = r.cache["plan"] = bool(re.search(r"(?:方案|要点|计划|规划|意见|纲要)(?:[（(][^）)]*[）)])?(?:\n|$)", title))
    return bool(hit)


def _kind_for(r: Reading, cs: int, a: int, b: int, s: Sentence) -> str:
    text = r.text
    clause_pre = text[cs:a]
    if re.search(r"(?:由|从)(?:[^,，。由从]{0,20}(?:的|之前|以前|前))?$", clause_pre) and re.match(r"^[^,，。]{0,20}?(?:提高|提升|上升|上涨|增长|增加|下降|减少)(?:到|至)", text[b : b + 24]):
        return "baseline"
    sentence_pre = text[s.start : a]
    results = list(_RESULT_WORDS.finditer(clause_pre))
    if results:
        # 目前农村宽带用户将新增190万户: a plan said after the word of the present
        return "target" if _TARGET_WORDS.search(clause_pre, results[-1].end()) else "result"
    ce = next((k for k in range(b, min(s.end, b + 30)) if text[k] in ",，。;；"), min(s.end, b + 30))
    if re.search(r"^[^,，。;；]{0,16}?(?<!即)将(?!近)", text[b:ce]) and not _times_between(r, s, cs, a):
        return "target"  # 1962个深度贫困村将实现光纤网络全覆盖: what the counted will do
    before = [t for t in _times(r, s) if t.end <= a]
    if before:
        if before[-1].role == "target":
            return "target"
        # 今年内蒙古还将…: a plan said after the time
        return "target" if _TARGET_WORDS.search(text[before[-1].end : a]) else "result"
    if r.first_in_sentence(s, _TARGET_MARK) < a or _TARGET_WORDS.search(sentence_pre):
        return "target"
    lead = _leading_time(r, s)
    if lead is not None:
        return "target" if lead.role == "target" else "result"
    if _plan_document(r) and not _RESULT_WORDS.search(sentence_pre):
        return "target"
    return "result"


def _as_of(r: Reading, s: Sentence, a: int) -> str | None:
    """The date a figure refers to: the last time said before it in its sentence (or the one that
    opens its paragraph), resolved against the report's date; else the report's date."""
    base = _base(r)
    before = [t for t in _times(r, s) if t.end <= a]
    t = before[-1] if before else _leading_time(r, s)
    if t is not None:
        if before and re.match(r"^[^,，。；;]{0,16}?(?:启动|实施|开展|开始|成立|建成|上线)?(?:后|以后|之后)[,，]", r.text[t.end : a]):
            return base  # 2017年8月宽带网络覆盖工程启动后，…累计投资2.56亿元: since then
        return t.value if t.role != "since" else base
    return base


def _scope_of(r: Reading, cs: int, a: int, ranked: bool = False) -> tuple[str | None, str | None]:
    """The area a figure is about: the last place named before it in its clause, else 全国/全市/
    全县 said there, else the report's province. A rank's 全国/全省 is what it ranks among, not
    its area."""
    text = r.text
    best = None
    for _s, e, k in r.places_starting_in(cs, a):
        if e <= a and r.places[k].level in ("province", "city", "county", "township", "village"):
            best = k
    if best is None:
        pre = text[cs:a]
        ctx = r.ctx
        if not ranked and re.search(r"(?<!占)(?:全国|我国)(?!率先|总量|第一|首|前列|领先|平均)", pre):
            best = "100000"
        elif re.search(r"全市|本市|我市", pre) and ctx.city:
            best = ctx.city
        elif re.search(r"全县|本县|我县", pre) and ctx.county:
            best = ctx.county
        else:
            best = ctx.province or r.national
    if best is None:
        return None, None
    p = r.places.get(best)
    if p is not None:
        return best, p.name
    d = r.gaz.by_code(best)
    return best, d.name if d else None


def fix_baselines(r: Reading) -> None:
    """由X提高到Y: the earlier figure is the baseline, the later the result, same indicator."""
    for i, o in enumerate(r.outcomes):
        if o.kind != "baseline":
            continue
        nxt = next((p for p in r.outcomes[i + 1 :] if p.sentence == o.sentence and p.unit == o.unit), None)
        if nxt is not None:
            if not o.indicator or len(o.indicator) < 2:
                o.indicator = nxt.indicator
            else:
                nxt.indicator = o.indicator if len(nxt.indicator) < 2 else nxt.indicator
            o.indicator_key = o.indicator_key or nxt.indicator_key
            nxt.indicator_key = nxt.indicator_key or o.indicator_key
            if nxt.kind == "baseline":
                nxt.kind = "result"
