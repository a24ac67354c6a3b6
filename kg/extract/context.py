"""The document's context: its date, province, city and county, from the sidecar, dateline, file name, title and the places it names."""

from __future__ import annotations

import re
from collections import Counter

from .lexicon import BOUNDARY_AFTER, han, place_forms
from .reading import Reading

#: a news dateline: the place the report was filed from (新华社郑州1月6日电, 本报北京4月17日电)
_DATELINE = re.compile(r"(?:新华社|本报|中新社|人民网|新华网|央视网|央广网|中新网|记者)?([\u4e00-\u9fff]{2,4}?)\d{1,2}月\d{1,2}日(?:电|讯)")


def infer_context(r: Reading) -> None:
    ctx = r.ctx
    text = r.text
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
            ctx.date_from_key = True
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
        forms = place_forms()
        datelines = [m.span(1) for m in _DATELINE.finditer(text[:400])]
        for start, name in r.scan(forms, min_len=2):
            if any(a <= start < b for a, b in datelines):
                continue  # 新华社北京5月17日电: where the report was filed, not what it is about
            prev = text[start - 1] if start > 0 else ""
            if len(name) == 2 and han(prev) and prev not in BOUNDARY_AFTER:
                continue  # 范县 inside 示范县, 和县 inside 融和县域: part of a word, no evidence
            codes = forms[name]
            divs = [r.gaz.by_code(c) for c in codes]
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
        prov = r.gaz.by_code(ctx.province)
        ctx.province_inferred = not (prov and prov.name in text) if ctx.province_inferred else False


def infer_local_context(r: Reading) -> None:
    """本市/本县: the city or county the report is about (most mentioned, in the province)."""
    ctx = r.ctx
    counts: Counter[str] = Counter()
    for _s, _e, k in r.place_spans:
        p = r.places[k]
        if p.code and p.level in ("city", "county"):
            counts[k] += 1
    if re.search(r"本市|我市|全市|市委|市政府", r.text) and not ctx.city:
        cities = [k for k, _ in counts.most_common() if r.places[k].level == "city"]
        if cities:
            ctx.city = cities[0]
        else:
            counties = [k for k, _ in counts.most_common() if r.places[k].level == "county"]
            if counties:
                d = r.gaz.by_code(counties[0])
                if d and d.parent and d.parent != d.province:
                    ctx.city = d.parent
    prov = r.gaz.by_code(ctx.province) if ctx.province else None
    # 全区 is the whole region in an autonomous region, a district (county level) elsewhere
    district = "" if prov is not None and prov.name.endswith("自治区") else "|本区|我区|全区|区委|区政府"
    if re.search(rf"本县|我县|全县|县委|县政府{district}", r.text) and not ctx.county:
        counties = [k for k, _ in counts.most_common() if r.places[k].level == "county"]
        if counties:
            ctx.county = counties[0]
    if ctx.county and not ctx.city:
        d = r.gaz.by_code(ctx.county)
        if d and d.parent and d.parent != d.province:
            ctx.city = d.parent
