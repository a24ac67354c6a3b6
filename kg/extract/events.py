"""Events and roles: meetings and other events, their date and place, hosts, organisers, guides, speakers, attendees, policies implemented, relayed meetings and site visits."""

from __future__ import annotations

import re

from kg.normalise import Sentence

from .lexicon import HAN
from .places import visit_target
from .reading import Reading
from .records import RULE_CONFIDENCE, EventRecord, Visit

_EVENT_KEYS = (
    "电视电话会议", "视频会议", "电视电话会", "视频会", "现场推进会", "推进会", "现场会", "交流会", "座谈会", "博览会", "展览会", "启动仪式",
    "签约仪式", "揭牌仪式", "发布会", "研讨会", "培训班", "论坛", "峰会", "大会", "工作会议", "会议", "对接会",
    "推介会", "洽谈会", "观摩会", "调度会", "部署会", "总结会", "表彰会", "培训会", "动员会", "年会", "大赛", "赛事",
    "展销会", "展示会", "交易会", "推进活动", "大集市", "集市", "消费扶贫周", "活动",
)


_GENERIC_EVENT = re.compile(r"^(?:此次|本次|这次|本届|此届|该|上述|各类|相关|有关|系列|重要|专题|全体)?(?:会议|大会|会上|论坛|会)$")


def extract_events(r: Reading) -> None:
    text = r.text
    keys = "|".join(re.escape(k) for k in sorted(_EVENT_KEYS, key=len, reverse=True))
    mentions: list[tuple[EventRecord, int, int]] = []
    r.dated.clear()
    for s in r.sentences:
        for m in re.finditer(keys, s.text):
            end = s.start + m.end()
            if re.compile(rf"第[一二三四五六七八九十\d]+次(?:全体)?会议|暨|(?:{keys})|(?:开幕式|闭幕式|颁奖仪式|颁奖典礼)").match(text, end):
                continue  # 人民代表大会第一次会议, 大赛启动仪式: the longer title follows
            if re.compile(r"(?:约|近|共|累计)?[\d一二三四五六七八九十百千两]+(?:余|多)?(?:场次|场|次|期|个|批|届)").match(text, end):
                continue  # 举办产销对接会约4场次: a kind of event counted, not a named one
            name, start = _event_name(r, s, s.start + m.start(), end)
            if not name:
                continue
            after = text[end : s.end]
            held = bool(re.match(r"(?:[,，]?(?:于|在)[^。,，]{0,30})?(?:在[^。,，]{1,20})?(?:今日|今天|当日|当天|昨日|昨天)?(?:上午|下午)?(?:将|将于)?(?:正式|成功|顺利|隆重)?(?:召开|举行|举办|开幕|启动|闭幕|拉开(?:大幕|帷幕|序幕))", after)) or \
                bool(re.search(r"(?:召开|举行|举办|组织召开|隆重举行)[了的]?$", text[s.start : start]))
            ev = next((e for e in r.events if e.name == name), None)
            if ev is None and not held and name.endswith("活动") and not re.search(r"[“\"《]|(?:19|20)\d{2}", name) and (
                    re.match(r"(?:推动|努力|积极|大力|加大|持续|不断|深入|广泛|参与|开展|推进)", name) or "等" in name):
                continue  # 推动全省消费扶贫活动: an activity spoken of, not an event with a name
            if ev is None:
                ev = EventRecord(name=name, kind="meeting" if held else "mentioned", date=None, end_date=None,
                                 place=None, place_key=None, span=(start, end), sentence=s.index, held=held,
                                     rule="event.held" if held else "event.mention",
                                     confidence=RULE_CONFIDENCE["event.held" if held else "event.mention"])
                r.events.append(ev)
                r.events_version += 1
            elif held and not ev.held:
                ev.held, ev.kind, ev.span, ev.sentence = True, "meeting", (start, end), s.index
                ev.rule, ev.confidence = "event.held", RULE_CONFIDENCE["event.held"]
                r.events_version += 1
            if held:
                _event_date_place(r, ev, s, start, end)
            else:
                mentions.append((ev, start, end))
    _merge_year_variants(r)
    _header_date_place(r)
    for ev in r.events:
        if ev.held and not ev.date and r.ctx.date and _dated_by_evidence(r):
            ev.date = r.ctx.date  # the dateline's or the sidecar's date
    # relayed meetings: 传达学习……精神
    for ev, start, end in mentions:
        if ev.held:
            continue
        pre = text[max(0, start - 8) : start]
        host = r.event_before(start)
        if host is not None and host is not ev and ev.name not in host.relays and (
            re.search(r"传达(?:学习)?(?:贯彻)?了?$", pre) or (re.search(r"学习", pre) and text[end : end + 2] == "精神")
        ):
            host.relays.append(ev.name)
    _assign_roles(r)
    _assign_policies(r)
    _assign_visits(r)


def _event_name(r: Reading, s: Sentence, kstart: int, kend: int) -> tuple[str | None, int]:
    text = r.text
    left = kstart
    while left > s.start and text[left - 1] not in ",，。;；:：、!！?？\n" and kend - left < 45:
        left -= 1
    name = text[left:kend]
    name = re.sub(r"^[^|｜]{0,6}[|｜]", "", name)  # 视频|全市…会议: a column tag before the title
    name = re.sub(r"^[^“\"《,，。]{1,6}的(?=[“\"《])", "", name)  # 短暂的“甘货进津”…仪式: a word about the title
    # strip leading date, verbs and prepositions
    for _ in range(3):
        name = re.sub(r"^[^\u4e00-\u9fff\d“\"《]+", "", name)
        name = re.sub(r"^(?:\d{1,2}月\d{1,2}日(?:至\d{1,2}日)?|\d{4}年\d{1,2}月\d{1,2}日|近日|日前|近期)(?:上午|下午|晚)?", "", name)
        name = re.sub(
            r"^(?:(?:认真|深入|迅速|切实|扎实)?(?:落实|贯彻落实|贯彻|学习贯彻|传达学习了?|传达了?|学习了?|参加|出席|召开了?|"
            r"举行了?|举办了?|组织召开了?|组织|主持|在|于|由|经|会议|会上|根据|按照|结合|围绕|作为|并|还|今年|本次|此次|"
                r"图为|图片为|如图为|摘要)+)",
            "",
            name,
        )
        name = re.sub(rf"^[^{HAN}\d“\"《]+", "", name)
    keyword = text[kstart:kend]
    head = re.split(r"(?:联合|共同)?(?:召开|举行|举办|主办|承办|开展|发起)[了的]?", name[: -len(keyword)])[-1]
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
    if re.search(r"就|贯彻|在(?!线)|各市|各县|发言人", name):
        return None, start  # 各市网信办就贯彻会议, 新闻发言人何咏前在发布会: prose around a meeting word
    if name.endswith(("活动", "集市")) and not (re.search(r"[“\"《]|(?:19|20)\d{2}", name) or len(name) >= 8):
        return None, start  # 开展网络公益活动: an activity, not an event with a title
    return name, start


def _event_date_place(r: Reading, ev: EventRecord, s: Sentence, start: int, end: int) -> None:
    text = r.text
    ctx = r.ctx
    sent = s.text
    year = None
    m = re.search(r"(20\d{2}|19\d{2})(?:年|(?=[^\d]))", ev.name)
    if m:
        year = int(m[1])
    dm = re.search(r"(?:(20\d{2})年)?(\d{1,2})月(\d{1,2})(?!\d)(?:日)?(?!日?[讯电])(?:(?:至|到|-|—|～|~)(?:(\d{1,2})月)?(\d{1,2})日)?", sent)  # not a dateline's 10月31日讯
    part = re.search(r"(?:(20\d{2})年)?(\d{1,2})月(?:上旬|中旬|下旬|初|中|底|末|份)", sent) if not dm else None
    if part and ev.name not in r.dated:  # 7月中旬: the month is all the text says
        y = int(part[1]) if part[1] else (year or _evidence_year(r))
        if y and 1 <= int(part[2]) <= 12:
            ev.date = f"{y:04d}-{int(part[2]):02d}"
            r.dated.add(ev.name)
    if dm and ev.name not in r.dated:
        y = int(dm[1]) if dm[1] else (year or _evidence_year(r))
        if not dm[1] and not year and y and ctx.date and len(ctx.date) == 10:
            # a month and day after the report's own date: last year's (a summary written in January)
            if (int(dm[2]), int(dm[3])) > (int(ctx.date[5:7]), int(ctx.date[8:10])):
                y -= 1
        if y:
            ev.date = f"{y:04d}-{int(dm[2]):02d}-{int(dm[3]):02d}"
            r.dated.add(ev.name)
            if dm[5]:
                ev.end_date = f"{y:04d}-{int(dm[4] or dm[2]):02d}-{int(dm[5]):02d}"
    elif ev.name not in r.dated and ctx.date and len(ctx.date) == 10 and _dated_by_evidence(r) and (
            day := _day_of_report(sent, ctx.date)) is not None:
        ev.date = day  # 论坛今日召开, 国务院新闻办公室6日举行: the report's own day
        r.dated.add(ev.name)
    elif not ev.date and re.search(r"近日|日前|近期", sent):
        if ctx.date and _dated_by_evidence(r):
            ev.date = ctx.date[:7]
    pm = re.search(r"在([^,，。;；]{2,30}?)(?:隆重|正式|顺利|成功)?(?:召开|举行|举办|开幕|启动)", text[s.start : s.end])
    if pm and (not ev.place_key or len(pm.group(1)) > 2):
        _set_event_place(r, ev, s.start + pm.start(1), s.start + pm.end(1))
    if not ev.place and ev.held and ctx.county:
        c = r.gaz.by_code(ctx.county)
        ev.place_key, ev.place = ctx.county, c.name if c else None
    if not ev.place and ev.held:
        _dateline_place(r, ev)


def _dated_by_evidence(r: Reading) -> bool:
    """Whether the report's date is known from evidence (text, dateline, sidecar), not only from
    its file name: a file name says when the file was saved, not when an event took place."""
    return not r.ctx.date_from_key or bool(r.ctx.year and f"{r.ctx.year}年" in r.text)


def _evidence_year(r: Reading) -> int | None:
    """The report's year when evidence gives it (see :func:`_dated_by_evidence`)."""
    return r.ctx.year if _dated_by_evidence(r) else None


def _day_of_report(sent: str, date: str) -> str | None:
    """The day a sentence dates its event by the report's own date: 今日/今天 (that day), 昨日/昨天
    (the day before), a bare 6日 (that day of the report's month, or of the month before)."""
    import datetime as _dt

    base = _dt.date.fromisoformat(date)
    if re.search(r"今日|今天|当日|当天", sent):
        return base.isoformat()
    if re.search(r"昨日|昨天", sent):
        return (base - _dt.timedelta(days=1)).isoformat()
    m = re.search(r"(?<![\d月年])(\d{1,2})日(?:上午|下午|晚上?)?(?:[,，]?[^,，。]{0,24}?)(?:召开|举行|举办|开幕|启动)", sent)
    if m and 1 <= int(m[1]) <= 31:
        y, mo = base.year, base.month
        if int(m[1]) > base.day:  # the 28th in a report of the 3rd: last month's
            y, mo = (y, mo - 1) if mo > 1 else (y - 1, 12)
        try:
            return _dt.date(y, mo, int(m[1])).isoformat()
        except ValueError:
            return None
    return None


#: 新华社北京5月17日电, 中国经济网北京11月6日讯: where the news was filed
_DATELINE = re.compile(rf"(?:社|报|网|台|电|讯)([{HAN}]{{2,4}}?)\d{{1,2}}月\d{{1,2}}日(?:电|讯)")


def _dateline_place(r: Reading, ev: EventRecord) -> None:
    """An event the report tells of without saying where took place where the report was filed
    (中新网北京9月5日电 … 今天举行的…启动仪式)."""
    m = _DATELINE.search(r.text, 0, 400)
    if not m:
        return
    for _a, b, k in r.places_starting_in(m.start(1), m.end(1)):
        if b <= m.end(1) and r.places[k].level in ("province", "city", "county"):
            ev.place_key, ev.place = k, r.places[k].name
            return


def _note_surface(r: Reading, ev: EventRecord, key: str, start: int, end: int) -> None:
    """Remember how a body is written where it first takes a role in ``ev`` (县委网信办, not 磐安县委网信办)."""
    if key in ev.surfaces:
        return
    for a, b, k in r.org_spans_overlapping(start, end):
        if k == key and start <= a < end:
            ev.surfaces[key] = r.text[a:b]
            return


def _variant_key(r: Reading, name: str) -> str:
    """A name with its year and its own province or city written generically: 2020年河南省…会 → 全省…会."""
    name = re.sub(r"^(?:19|20)\d{2}年?(?:度)?", "", name)
    for code, word in ((r.ctx.province, "全省"), (r.ctx.city, "全市"), (r.ctx.county, "全县")):
        d = r.gaz.by_code(code) if code else None
        if d is None:
            continue
        for form in sorted({d.name, d.short or d.name}, key=len, reverse=True):
            if name.startswith(form):
                return word + name[len(form) :]
        if d.name.endswith("自治区") and name.startswith("全区"):
            return "全省" + name[2:]
    return name


def _merge_year_variants(r: Reading) -> None:
    """One event under several names is one event, under its fullest name.

    全省……观摩会 in a headline and 2020年全省……观摩会 in the text; 全省……推进会 and 河北省……推进会;
    网络扶贫博览会 and “I@甘肃”2019网络扶贫博览会 (a shorter name that ends a longer one).
    """
    def merge(keep: EventRecord, drop: EventRecord) -> None:
        if drop.held and not keep.held:
            keep.held, keep.kind = True, "meeting"
        keep.date = keep.date or drop.date
        keep.end_date = keep.end_date or drop.end_date
        if not keep.place_key:
            keep.place_key, keep.place = drop.place_key, drop.place
        for attr in ("hosts", "organisers", "guides", "speakers", "attendees", "chairs", "implements", "relays"):
            mine = getattr(keep, attr)
            mine.extend(k for k in getattr(drop, attr) if k not in mine)
        r.events.remove(drop)
        r.events_version += 1

    changed = True
    while changed:
        changed = False
        evs = sorted(r.events, key=lambda e: (-len(e.name), r.events.index(e)))
        for i, long in enumerate(evs):
            for short in evs[i + 1 :]:
                same = _variant_key(r, short.name) == _variant_key(r, long.name)
                tail = len(short.name) >= 5 and long.name.endswith(short.name) and (
                    not short.held or (not long.held and _body_prefix(r, long, len(long.name) - len(short.name))))
                scope_tail = long.name.endswith(short.name) and re.fullmatch(
                    r"(?:(?:19|20)\d{2}年?度?)?(?:全国|全省|全市|全县|全区|全州)?", long.name[: len(long.name) - len(short.name)])
                doubled = long.name == short.name + "会议" and short.name.endswith("会")  # …推进会会议现场: a caption
                if doubled:
                    long, short = short, long
                if same or tail or scope_tail or doubled or _same_title(long.name, short.name):
                    merge(long, short)
                    changed = True
                    break
            if changed:
                break


def _event_key(name: str) -> str | None:
    """The kind of event a name ends with (推进会, 发布会, 论坛 …)."""
    return next((k for k in sorted(_EVENT_KEYS, key=len, reverse=True) if name.endswith(k)), None)


def _same_title(a: str, b: str) -> bool:
    """Two names of one event: the same quoted title and year before the same kind of event
    (“脱贫决胜看陇原”2016…甘肃行活动 and …甘肃行大型采访活动)."""
    qa, qb = re.match(r"^([“\"][^”\"]{2,30}[”\"][^\d]{0,4}\d{0,4})", a), re.match(r"^([“\"][^”\"]{2,30}[”\"][^\d]{0,4}\d{0,4})", b)
    if not (qa and qb) or qa.group(1) != qb.group(1):
        return False
    key = next((k for k in sorted(_EVENT_KEYS, key=len, reverse=True) if a.endswith(k)), None)
    if key is None or not b.endswith(key):
        return False
    ra, rb = a[qa.end() : -len(key)], b[qb.end() : -len(key)]
    return ra.startswith(rb) or rb.startswith(ra)


def _body_prefix(r: Reading, ev: EventRecord, n: int) -> bool:
    """Whether the first ``n`` characters of the event's name are a body (国新办新闻发布会): the
    held 新闻发布会 is then that body's, not another event."""
    a = ev.span[0]
    return any(s == a and e == a + n for s, e, _k in r.org_spans_overlapping(a, a + n))


def _set_event_place(r: Reading, ev: EventRecord, ps: int, pe: int) -> bool:
    """The longest place named within ``[ps, pe)`` becomes the event's place."""
    best = None
    for _a, b, k in r.places_starting_in(ps, pe):
        if b <= pe:
            p = r.places[k]
            if p.level in ("province", "city", "county", "township", "village", "site"):
                best = k if best is None or len(k) >= len(best) else best
    if not best:
        return False
    p = r.places[best]
    # the division a site or township lies in is the event's place for scoring
    div = p
    while div.code is None and div.parent and div.parent in r.places:
        div = r.places[div.parent]
    ev.place_key = best
    ev.place = div.name if div.code else p.name
    return True


def _header_date_place(r: Reading) -> None:
    """Date and place from a header: 时间：…/地点：… lines, or a speech's （2016年12月8日  哈尔滨）."""
    text = r.text
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
    held = sorted((e for e in r.events if e.held), key=lambda e: e.span[0])
    if held:
        ev = held[0]
    else:  # a press conference's transcript: the event its title names is the one held
        first_line = text.find("\n") if "\n" in text else len(text)
        ev = next((e for e in r.events if e.span[0] < first_line), None)
        if ev is None:
            return
        ev.held, ev.kind = True, "meeting"
        r.events_version += 1
    if date is not None:
        y = int(date[0]) if date[0] else _evidence_year(r)
        if y and 1 <= int(date[1]) <= 12 and 1 <= int(date[2]) <= 31:
            ev.date = f"{y:04d}-{int(date[1]):02d}-{int(date[2]):02d}"
            r.dated.add(ev.name)
    if span is not None:
        _set_event_place(r, ev, *span)


def _assign_roles(r: Reading) -> None:
    text = r.text
    role_res = [
        ("host", re.compile(r"(?:共同)?主办|联合主办|牵头主办|(?:联合|共同)?发起(?=的)")),
        ("organiser", re.compile(r"承办|协办")),
        ("guide", re.compile(r"指导")),
        ("speaker", re.compile(r"讲话|致辞|发言|作报告|作了?.{0,6}报告|作.{0,4}部署|介绍了?|作(?:了)?(?:经验|典型)?交流|讲了?意见|谈了?(?:意见|体会|看法)")),
        ("attendee", re.compile(r"出席|参会|参加|与会|列席|签订|签署|签约")),
        ("chair", re.compile(r"主持")),
    ]
    for s in r.sentences:
        orgs = r.orgs_in(s.start, s.end)
        if not orgs and not re.search(r"发言|交流", s.text):
            continue
        # the event the sentence names (商务部新闻发言人在例行新闻发布会上表示), else the last held one
        named = [e for e in r.events if e.held and len(e.name) >= 4 and e.name in s.text]
        if not named:  # 在发布会上介绍: the one held event of that kind
            named = [e for e in r.events if e.held and (k := _event_key(e.name)) and k not in ("会议", "活动", "大会")
                     and re.search(rf"在(?:本次|此次)?{k}上", s.text)]
        ev = named[-1] if len(named) == 1 else r.event_before(s.end)
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
                if role == "host":  # 由X指导，Y主办: the bodies after another role's word host
                    other = list(re.finditer(r"(?:指导|承办|协办|支持)[,，、]?", text[cstart:pos]))
                    if other:
                        cstart += other[-1].end()
                if role == "attendee" and cstart > s.start + 1 and re.search(
                    r"等(?:成员|相关|有关)?(?:单位|部门|机构|企业)(?:代表|负责人|负责同志|专家)?$", text[s.start : cstart - 1]
                ):
                    # 省通信管理局、省商务厅等成员单位，各市网信办……参加会议: the list before the comma attends
                    prev = max(text.rfind(c, s.start, cstart - 1) for c in ",，;；:：")
                    cstart = max(prev + 1, s.start)
                if role in ("attendee", "speaker"):
                    cstart = _title_list_start(r, s.start, cstart)
                clause_orgs = r.orgs_in(cstart, pos)
                if (role == "speaker" and re.match(r"发言|介绍|交流|作", m.group(0))) or (
                        role == "attendee" and re.search(r"试点|地区|代表|负责", text[cstart:pos])):
                    # 枞阳县和义安区分别作交流发言, 石林县、开远市国家数字乡村试点工作相关人员参加会议:
                    # localities that report or attend do so for their governments
                    for pk in _places_in(r, cstart, pos):
                        if pk not in ev.speaking_places:
                            ev.speaking_places.append(pk)
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
                          "speaker": ev.speakers, "attendee": ev.attendees, "chair": ev.chairs}[role_eff]
                for k in clause_orgs:
                    _note_surface(r, ev, k, cstart, pos)
                    if k not in target:
                        target.append(k)
                        ev.role_spans[(role_eff, k)] = (s.start, s.end)
    # 会议由X、Y、Z联合召开: the bodies convene the meeting just introduced
    for m in re.finditer(r"(?:会议|大会|论坛|活动|发布会|会)由([^。;；]{2,160}?)(?:联合|共同)?(?:召开|举办|举行|组织召开)", text):
        ev = r.event_before(m.start())
        if ev is None:
            continue
        for k in r.orgs_in(m.start(1), m.end(1)):
            _note_surface(r, ev, k, m.start(1), m.end(1))
            if k not in ev.hosts and k not in ev.organisers:
                ev.hosts.append(k)
                ev.role_spans[("host", k)] = (m.start(), m.end())
    # X在Y召开Z: the bodies before the verb convene (host) the event named after it
    for m in re.finditer(r"(?:联合|共同|组织)?(?:召开|举办|举行)[了的]?", text):
        clause_end = next((k for k in range(m.end(), min(len(text), m.end() + 60)) if text[k] in ",，。;；\n"), len(text))
        named = [e for e in r.events if e.held and text.find(e.name, m.end(), clause_end + 1) >= 0]
        if not named:
            continue
        cstart = m.start()
        while cstart > 0 and text[cstart - 1] not in ",，。;；:：\n":
            cstart -= 1
        head = text[cstart : m.start()]
        cut = head.find("在")
        upto = cstart + cut if cut >= 0 else m.start()
        for k in r.orgs_in(cstart, upto):
            ev = named[0]
            _note_surface(r, ev, k, cstart, upto)
            if k not in ev.hosts and k not in ev.organisers:
                ev.hosts.append(k)
                ev.role_spans[("host", k)] = (cstart, clause_end)
    for ev in r.events:
        # with no body named as host, the one that chairs the meeting convenes it (主持)
        if not ev.hosts and not ev.organisers and ev.chairs:
            ev.hosts.append(ev.chairs[-1])  # 市委宣传部副部长、市委网信办主任某某主持: the last post chairs
        for k in ev.chairs:
            if k not in ev.speakers and k not in ev.attendees:
                ev.attendees.append(k)
        # a speaker who also "attends" is a speaker
        ev.attendees = [k for k in ev.attendees if k not in ev.speakers]


def _assign_policies(r: Reading) -> None:
    text = r.text
    verbs = re.compile(r"(?:实施|落实|贯彻|执行|依据|根据|按照)")
    for s, _e, canonical in sorted(r.policy_spans):
        ev = r.event_before(s)
        if ev is None:
            continue
        pre = text[max(0, s - 20) : s]
        clause = re.split(r"[。;；,，]", pre)[-1]
        if verbs.search(clause) or re.search(r"[和及与、]$", pre):
            if canonical not in ev.implements:
                ev.implements.append(canonical)


def _assign_visits(r: Reading) -> None:
    text = r.text
    for m in re.finditer(rf"(?:来到|走进|深入|前往|实地考察了?|考察了?|调研了?|参观了?)([{HAN}\d]{{2,30}}?)(?=[,，。;；、]|调研|考察|参观|察看|了解)", text):
        target = visit_target(r, m.group(1), m.start(1))
        if target is None:
            continue
        ev = r.event_before(m.start())
        if ev is None:
            continue
        if any(v.place == target for v in ev.visits):
            continue
        p = r.places[target]
        ev.visits.append(Visit(place=target, name=p.name, sentence=r.sentence_at[m.start()], span=(m.start(), m.end())))


#: a clause that only names officials by their posts (省委常委、烟台市委书记江成): no predicate in it
_PREDICATE_IN_CLAUSE = re.compile(r"召开|举行|举办|指出|强调|表示|要求|认为|提出|介绍|希望|部署|印发|发布|开展|推进|实施|贯彻|落实|完成|实现")


def _title_list_start(r: Reading, sent_start: int, cstart: int) -> int:
    """Extend a role's clause back over the clauses before it that only list bodies' officials.

    In ``A省委常委、某某，B局副局长某某，C部副部长某某出席会议`` each comma-separated clause
    names an official who attends; the clause is walked back while each earlier one names a
    body and says nothing else (no predicate).
    """
    text = r.text
    start = cstart
    while start > sent_start + 1 and text[start - 1] in ",，":
        prev = max(text.rfind(c, sent_start, start - 1) for c in ",，;；:：。")
        a = max(prev + 1, sent_start)
        clause = text[a : start - 1]
        people = re.search(r"负责同志|负责人|代表|同志|联络员|干部", clause)
        if not (r.orgs_in(a, start - 1) or people) or _PREDICATE_IN_CLAUSE.search(clause) or len(clause) > 80:
            break
        start = a
    return start


def _places_in(r: Reading, a: int, b: int) -> list[str]:
    """Keys of the cities and counties named in ``[a, b)`` that are not part of a body's name."""
    inside = [(x, y) for x, y, _k in r.org_spans_overlapping(a, b)]
    out = []
    for s, e, k in r.places_starting_in(a, b):
        p = r.places[k]
        if e <= b and p.level in ("city", "county") and not any(x <= s and e <= y for x, y in inside) and k not in out:
            out.append(k)
    return out
