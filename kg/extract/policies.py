"""Policies: 《…》 titles and catalogue policies named as documents."""

from __future__ import annotations

import re

from .lexicon import policy_lexicon
from .reading import Reading
from .records import PolicyMention


def _add_policy(r: Reading, surface: str, span: tuple[int, int], bracketed: bool) -> str:
    cat = r.cat
    entry = cat.policy(surface)
    canonical = entry.name_zh if entry else surface
    p = r.policies.get(canonical)
    if p is None:
        p = PolicyMention(name=surface, canonical=canonical, key=entry.key if entry else None, bracketed=bracketed)
        r.policies[canonical] = p
    elif bracketed and not p.bracketed:
        p.name, p.bracketed = surface, True
    p.spans.append(span)
    p.aliases.add(surface)
    r.policy_spans.append((span[0], span[1], canonical))
    return canonical


def extract_policies(r: Reading) -> None:
    text = r.text
    inside = bytearray(len(text) + 1)
    for m in re.finditer(r"《([^《》\n]{2,60})》", text):
        title = m.group(1).strip()
        for k in range(m.start(), m.end()):
            inside[k] = 1
        if re.search(r"(?:日报|晚报|时报|杂志|新闻|报$|网$)", title):
            continue  # newspapers and media, not policies
        _add_policy(r, title, (m.start(), m.end()), True)
    lex = policy_lexicon()
    for start, name in r.scan(lex, min_len=4, max_len=40):
        if inside[start] or len(name) < 5:
            continue  # short catalogue names (脱贫攻坚, 精准扶贫) are campaign words, not citations
        after = text[start + len(name) : start + len(name) + 2]
        if re.match(r"[县市区村乡镇点户站社园]|试点|示范|工作|项目|资金|成果|成效|任务|建设|要求|目标|领域|体系|平台", after):
            continue  # 国家数字乡村试点县, 电商进农村综合示范县: a modifier, not the policy
        entry = r.cat.policy(name)
        if entry is not None and (len(entry.name_zh) < 5 or (
                re.search(r"(?:19|20)\d\d", entry.name_zh) and not re.search(r"(?:19|20)\d\d", name))):
            continue  # 脱贫攻坚战 (a campaign), 网络扶贫工作要点 (which year's?)
        _add_policy(r, name, (start, start + len(name)), False)
