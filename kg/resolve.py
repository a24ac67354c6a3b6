"""Resolve mentions to canonical entities with deterministic, ASCII IRIs.

Places resolve by GB/T 2260 code; bodies by their scope (province/city/county code, or ``cn``
for national bodies) plus a catalogue key; policies, programmes and indicators by catalogue
key, or a pinyin slug of the canonical name when the catalogue does not know them. The same
name always gives the same IRI, in any run, on any machine.

>>> slug("光山县文殊乡")
'guangshanxian-wenshuxiang'
>>> str(org_iri("410000/cac"))
'https://w3id.org/povkg/id/org/410000/cac'
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import lru_cache

from rdflib import URIRef

from kg.vocab import ID, place_iri

__all__ = [
    "slug",
    "place_key_iri",
    "org_iri",
    "policy_iri",
    "programme_iri",
    "indicator_iri",
    "event_iri",
    "event_slug",
    "obs_iri",
    "selector_iri",
    "doc_key",
]

_SEP = re.compile(r"[^a-z0-9]+")


@lru_cache(maxsize=65536)
def slug(text: str, max_len: int = 60) -> str:
    """ASCII slug of a (Chinese) name: toneless pinyin, words of a place kept apart.

    Long names are cut and given a short content hash so two different names never collide
    on their first 60 characters.

    >>> slug("省委网信办")
    'shengweiwangxinban'
    >>> slug("Alibaba 阿里巴巴")
    'alibaba-alibaba'
    """
    from pypinyin import Style, lazy_pinyin

    text = unicodedata.normalize("NFKC", text).strip()
    parts: list[str] = []
    # split after division and township suffixes so nested names read well
    for chunk in re.split(r"(?<=[省市县区州乡镇村])(?=[\u4e00-\u9fff]{2})", text):
        py = "".join(lazy_pinyin(chunk, style=Style.NORMAL, errors=lambda s: s))
        parts.append(_SEP.sub("-", py.lower()).strip("-"))
    out = "-".join(p for p in parts if p)
    out = re.sub(r"-{2,}", "-", out) or "x"
    if len(out) > max_len:
        digest = hashlib.sha1(text.encode("utf-8")).hexdigest()[:8]
        out = out[: max_len - 9].rstrip("-") + "-" + digest
    return out


def place_key_iri(key: str) -> URIRef:
    """IRI of a place by its extraction key: a code, or ``code/township/village`` names."""
    parts = key.split("/")
    if len(parts) == 1:
        return place_iri(parts[0]) if parts[0].isdigit() else ID[f"place/x/{slug(parts[0])}"]
    return ID["place/" + "/".join([parts[0], *(slug(p) for p in parts[1:])])]


def org_iri(key: str) -> URIRef:
    """IRI of a body by ``scope/key`` (scope a place code, ``cn`` national, ``ent`` enterprises)."""
    scope, _, rest = key.partition("/")
    scope = "cn" if scope == "100000" else scope
    return ID[f"org/{scope}/{rest}"]


def policy_iri(key: str | None, name: str) -> URIRef:
    return ID[f"policy/{key or slug(name)}"]


def programme_iri(key: str) -> URIRef:
    return ID[f"programme/{key}"]


def indicator_iri(key: str | None, name: str) -> URIRef:
    return ID[f"indicator/{key or slug(name)}"]


def event_slug(name: str, date: str | None = None, max_len: int = 96) -> str:
    """The name part of an event IRI: the name in toneless pinyin, one syllable per word.

    A leading year that the date already gives (``2020年``) is left out. Names longer than
    ``max_len`` are cut at a syllable and given a short content hash. This function is the
    documented, stable rule for event IRIs (docs/model.md): it does not change with the
    slugs of places and bodies.

    Examples
    --------
    >>> event_slug("2020年全省网络扶贫暨数字乡村发展工作现场推进会", "2020-11-10")
    'quan-sheng-wang-luo-fu-pin-ji-shu-zi-xiang-cun-fa-zhan-gong-zuo-xian-chang-tui-jin-hui'
    >>> event_slug("2020年全国网络扶贫工作会议")
    '2020-nian-quan-guo-wang-luo-fu-pin-gong-zuo-hui-yi'
    """
    from pypinyin import Style, lazy_pinyin

    text = unicodedata.normalize("NFKC", name).strip()
    year = re.match(r"^(\d{4})\s*年\s*", text)
    if year and date and date.startswith(year.group(1)) and text[year.end() :]:
        text = text[year.end() :]
    syllables = lazy_pinyin(text, style=Style.NORMAL, errors=lambda s: [s])
    words = [_SEP.sub("-", w.lower()).strip("-") for w in syllables]
    out = "-".join(w for w in words if w) or "event"
    if len(out) > max_len:
        digest = hashlib.sha1(text.encode("utf-8")).hexdigest()[:8]
        cut = out[: max_len - 9]
        cut = cut[: cut.rfind("-")] if "-" in cut else cut
        out = f"{cut}-{digest}"
    return out


def event_iri(date: str | None, place_key: str | None, name: str) -> URIRef:
    """IRI of an event: ``id:event/{date}/{place code}/{event_slug(name)}``.

    Events are keyed by date, place and name, so the same meeting in two reports is one
    event; ``undated`` and ``noplace`` stand in for what a report does not say.

    >>> str(event_iri("2020-11-10", "411522", "2020年全省网络扶贫暨数字乡村发展工作现场推进会"))[26:]
    'event/2020-11-10/411522/quan-sheng-wang-luo-fu-pin-ji-shu-zi-xiang-cun-fa-zhan-gong-zuo-xian-chang-tui-jin-hui'
    """
    d = date or "undated"
    p = (place_key or "noplace").split("/")[0]
    return ID[f"event/{d}/{p}/{event_slug(name, date)}"]


def obs_iri(doc: str, n: int) -> URIRef:
    return ID[f"obs/{doc}/{n}"]


def selector_iri(doc: str, start: int, end: int) -> URIRef:
    return ID[f"doc/{doc}/sel/{start}-{end}"]


def doc_key(stem: str) -> str:
    """ASCII key of a document from its file name stem.

    >>> doc_key("henan-2020-11-10-guangshan")
    'henan-2020-11-10-guangshan'
    >>> doc_key("河南 网络扶贫")
    'henan-wangluofupin'
    """
    if re.fullmatch(r"[A-Za-z0-9._-]+", stem):
        return stem.lower()
    return slug(stem, max_len=80)
