"""Policies: 《…》 titles, the titles nested in them, the report's own title when it names a
document, and catalogue policies written out as a document's title.

A catalogue word in running text (数字乡村试点, 电信普遍服务试点工作, 乡村振兴战略) names a
campaign or a programme, not a document, and is not a policy mention.
"""

from __future__ import annotations

import re

from .lexicon import policy_lexicon
from .reading import Reading
from .records import PolicyMention

__all__ = ["extract_policies", "names_a_document"]

#: the words a document's title ends with (通知, 实施方案, 工作要点, 规划（2018—2022年）…)
_DOC_END = re.compile(
    r"(?:计划|纲要|意见|通知|方案|规划|决定|办法|要点|条例|细则|规定|法|文件|报告|倡议书|指南|通告|公告|批复|函)"
    r"(?:[（(][^（）()]{2,14}[）)])?$"
)
#: titles of media and publications, not policies
_MEDIA = re.compile(r"(?:日报|晚报|时报|杂志|新闻|周刊|报$|网$)")
#: a title line that reports an action is a headline, not a document's title
_HEADLINE_VERB = re.compile(r"召开|举行|举办|(?<!关于)(?:印发|发布|出台|公布)|启动|开幕|闭幕|实现|完成|达到|获|圆满|成功|走进|调研|考察")
_BRACKETED = re.compile(r"《([^《》\n]{2,80})》")
_NESTED = re.compile(r"[<〈＜]([^<>〈〉＜＞\n]{4,60})[>〉＞]")
_SHORT_FOR = re.compile(r"(?:以下)?(?:简称|下称)[为:：]?[“\"]?$")
#: a title that is only the kind of document (《通知》, 《方案》): the short name of the one just cited
_GENERIC_TITLE = re.compile(r"^(?:通知|方案|实施方案|意见|实施意见|规划|纲要|计划|行动计划|要点|工作要点|办法|细则|决定|指南)$")


#: a plan named as what is implemented, ending its clause (实施精准扶贫电商支持计划，)
_IMPLEMENTED_PLAN = re.compile(r"(?:实施|落实|执行)了?([\u4e00-\u9fff]{4,14}?计划)(?=[,，。;；])")


def names_a_document(title: str) -> bool:
    """Whether ``title`` reads as a document's title (it ends with 通知, 方案, 要点 …).

    >>> names_a_document("2023年宿州市数字乡村发展工作要点"), names_a_document("数字乡村试点")
    (True, False)
    >>> names_a_document("乡村振兴战略规划（2018－2022年）"), names_a_document("乡村振兴战略")
    (True, False)
    """
    return len(title) >= 5 and bool(_DOC_END.search(title))


def _add_policy(r: Reading, surface: str, span: tuple[int, int], bracketed: bool) -> str:
    entry = r.cat.policy(surface)
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


def _title_line(r: Reading) -> tuple[int, int] | None:
    """The span of the report's first line when it is a document's title."""
    text = r.text
    start = len(text) - len(text.lstrip())
    end = text.find("\n", start)
    end = len(text) if end < 0 else end
    line = text[start:end].strip()
    if not line or len(line) > 60 or "《" in line or not names_a_document(line):
        return None
    if _HEADLINE_VERB.search(line) or re.search(r"[,，。:：;；!！?？]", line):
        return None
    return start, start + len(line)


def extract_policies(r: Reading) -> None:
    """Add the policies the report names (see the module's docstring)."""
    text = r.text
    inside = bytearray(len(text) + 1)
    last: str | None = None
    short: dict[str, str] = {}  # a short name the report defined -> the policy's canonical name
    for m in _BRACKETED.finditer(text):
        title = m.group(1).strip()
        inside[m.start() : m.end()] = b"\x01" * (m.end() - m.start())
        if _MEDIA.search(title):
            continue  # newspapers and media, not policies
        if title in short or (last is not None and (_SHORT_FOR.search(text[max(0, m.start() - 6) : m.start()])
                                                    or _GENERIC_TITLE.match(title))):
            # (以下简称《工作要点》): another name of the policy just cited, wherever it is used next
            canonical = short.setdefault(title, last or "")
            p = r.policies[canonical]
            p.aliases.add(title)
            p.spans.append((m.start(), m.end()))
            r.policy_spans.append((m.start(), m.end(), canonical))
            continue
        last = _add_policy(r, title, (m.start(), m.end()), True)
        for n in _NESTED.finditer(title):  # 《关于印发<2023年安徽省数字乡村发展工作要点>的通知》
            a = m.start(1) + (m.group(1).index(title)) + n.start(1)
            _add_policy(r, n.group(1).strip(), (a, a + len(n.group(1))), True)
    span = _title_line(r)
    if span is not None:
        _add_policy(r, text[span[0] : span[1]], span, False)
    for m in _IMPLEMENTED_PLAN.finditer(text):  # 并实施精准扶贫电商支持计划，: a plan named as implemented
        if not inside[m.start(1)]:
            _add_policy(r, m.group(1), (m.start(1), m.end(1)), False)
    lex = policy_lexicon()
    for start, name in r.scan(lex, min_len=4, max_len=40):
        if inside[start] or not names_a_document(name):
            continue  # a campaign or programme word (数字乡村试点, 乡村振兴战略), not a document
        entry = r.cat.policy(name)
        if entry is not None and re.search(r"(?:19|20)\d\d", entry.name_zh) and not re.search(r"(?:19|20)\d\d", name):
            continue  # 网络扶贫工作要点: which year's?
        _add_policy(r, name, (start, start + len(name)), False)
