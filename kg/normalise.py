"""Normalise a report: decode, strip inline pinyin, convert to simplified, fold widths.

Every position of the normalised text maps back to the original text through an offset map,
so every extracted fact can cite the exact original characters it came from.

Examples
--------
>>> doc = normalise_text("網(wǎng)絡(luò)扶貧 达 270.01 亿元（含教学点）")
>>> doc.text
'网络扶贫达270.01亿元(含教学点)'
>>> doc.original[doc.to_original(0):doc.to_original_end(4)]
'網(wǎng)絡(luò)扶貧'
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from kg.errors import InputError

__all__ = [
    "NormalisedText",
    "Sentence",
    "decode_bytes",
    "normalise_text",
    "strip_pinyin",
    "to_simplified",
    "segment",
]

_TONE = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü"
_PLAIN = "aaaaeeeeiiiioooouuuuvvvvv"
_DETONE = str.maketrans(_TONE, _PLAIN)
# a syllable of Hanyu Pinyin (tones stripped, ü as v)
_SYLLABLE = re.compile(
    r"^(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?"
    r"(?:iang|iong|uang|ueng|ang|eng|ing|ong|uai|uan|ian|iao|van|ai|ei|ao|ou|an|en|in|un|vn|ua|uo|ia|ie|iu|ui|ve|ue|er|a|o|e|i|u|v|n|ng|m)$"
)
_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_ANNOT = re.compile(rf"(?<=[{_HAN}])(?:[ \t\u3000]*[(（][a-z{_TONE}]{{1,7}}[)）])+")
_SYL = re.compile(rf"[(（]([a-z{_TONE}]{{1,7}})[)）]")
_CJK_OR_FW = re.compile(rf"[{_HAN}\u3000-\u303f\uff00-\uffef“”‘’《》、。]")
_SENTENCE_END = "。！？!?"
_HAN_RE = re.compile(f"[{_HAN}]")


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence of the normalised text: ``text[start:end]``; ``paragraph`` counts lines."""

    index: int
    start: int
    end: int
    paragraph: int
    text: str


@dataclass(frozen=True)
class NormalisedText:
    """Normalised text plus the map back to the original.

    ``offsets[i]`` is the original position of normalised character ``i``; ``offsets[len]``
    is ``len(original)``.
    """

    original: str
    text: str
    offsets: tuple[int, ...]

    def to_original(self, i: int) -> int:
        """Original position of the normalised position ``i`` (a start)."""
        return self.offsets[i]

    def to_original_end(self, j: int) -> int:
        """Original end position of a normalised span ending at ``j`` (exclusive)."""
        if j <= 0:
            return self.offsets[0] if self.offsets else 0
        return self.offsets[j - 1] + 1

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """The original ``(start, end)`` of the normalised span ``[start, end)``."""
        return self.to_original(start), max(self.to_original(start), self.to_original_end(end))

    @property
    def sentences(self) -> tuple[Sentence, ...]:
        return segment(self.text)


def decode_bytes(data: bytes, name: str = "<bytes>") -> str:
    """Decode a report: UTF-8 (with or without BOM), UTF-16/32 with a BOM, GB18030/GBK or Big5,
    detected from the bytes.

    Raises :class:`~kg.errors.InputError` for empty, binary or undecodable input.

    >>> decode_bytes("扶贫".encode("gb18030"))
    '扶贫'
    >>> decode_bytes("扶貧".encode("big5"))
    '扶貧'
    >>> decode_bytes("扶贫".encode("utf-16"))
    '扶贫'
    """
    if not data.strip():
        raise InputError(f"{name}: empty file")
    for bom, enc in ((b"\xff\xfe\x00\x00", "utf-32-le"), (b"\x00\x00\xfe\xff", "utf-32-be"),
                     (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if data.startswith(bom):  # UTF-16/32 are only taken with their byte-order mark
            try:
                text = data[len(bom):].decode(enc)
            except UnicodeDecodeError:
                raise InputError(f"{name}: starts with a {enc[:6].upper()} byte-order mark but is not {enc[:6].upper()}") from None
            if not text.strip():
                raise InputError(f"{name}: empty file")
            if "\x00" in text:
                raise InputError(f"{name}: binary file (NUL characters), not a text report")
            return text
    if b"\x00" in data:
        raise InputError(f"{name}: binary file (NUL bytes), not a text report")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    candidates: list[tuple[float, str]] = []
    for enc in ("gb18030", "big5"):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        candidates.append((_plausibility(text), text))
    if not candidates:
        raise InputError(f"{name}: not valid UTF-8, GB18030 or Big5 text")
    candidates.sort(key=lambda c: -c[0])
    best_score, best = candidates[0]
    if best_score < 0.5:
        raise InputError(f"{name}: not valid UTF-8, GB18030 or Big5 text (looks binary)")
    return best


@cache
def _common_chars() -> frozenset[str]:
    # characters that occur in ordinary report prose, simplified and traditional
    base = (
        "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处理府研质"
        "扶贫网络数字乡村发展战略纲要信息覆盖宽带普及率县省市委办厅局召开推进议讲话出席主办亿万元户所场次项"
        "網絡扶貧數字鄉發展戰略綱資訊蓋寬帶及縣開議講話辦廳會國發為這個們時來與關對業說後經現實動區"
    )
    return frozenset(base)


def _plausibility(text: str) -> float:
    """Share of CJK characters that are common report characters (0..1)."""
    han = [c for c in text if "\u4e00" <= c <= "\u9fff"]
    if not han:
        printable = sum(1 for c in text if c.isprintable() or c in "\r\n\t")
        return printable / max(1, len(text)) * 0.6
    common = _common_chars()
    return sum(1 for c in han if c in common) / len(han) + 0.3


def _is_pinyin(word: str) -> bool:
    return bool(_SYLLABLE.match(word.translate(_DETONE)))


def _all_pinyin(run: str) -> bool:
    """Whether every parenthesised word of a run of annotations is a pinyin syllable."""
    return all(_is_pinyin(w) for w in _SYL.findall(run))


def strip_pinyin(text: str) -> str:
    """Remove inline pinyin annotations after Chinese characters, keep real parentheticals.

    >>> strip_pinyin("網(wǎng)絡(luò)扶貧(农委)(含教学点)(ppp)")
    '網絡扶貧(农委)(含教学点)(ppp)'
    """
    return _ANNOT.sub(lambda m: "" if _all_pinyin(m.group(0)) else m.group(0), text)


@cache
def _converter() -> object:
    import opencc

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Traditional → simplified Chinese (OpenCC t2s).

    >>> to_simplified("數字鄉村發展戰略綱要")
    '数字乡村发展战略纲要'
    """
    return _converter().convert(text)  # type: ignore[attr-defined,no-any-return]


def _fold_width(c: str) -> str:
    o = ord(c)
    if 0xFF01 <= o <= 0xFF5E:
        return chr(o - 0xFEE0)
    if c == "\u3000" or c in "\u00a0\u2002\u2003\u2009\u200b\ufeff":
        return " "
    return c


def normalise_text(original: str) -> NormalisedText:
    """Normalise decoded text and keep the offset map (see module docstring)."""
    chars: list[str] = []
    pos: list[int] = []
    # 1. drop pinyin annotations (remember which original positions survive)
    drop = bytearray(len(original))
    for m in _ANNOT.finditer(original):
        if _all_pinyin(m.group(0)):
            for k in range(m.start(), m.end()):
                drop[k] = 1
    for i, c in enumerate(original):
        if drop[i]:
            continue
        if c == "\r":
            continue
        c = _fold_width(c)
        if unicodedata.category(c) in ("Cc", "Cf", "Cs") and c not in "\n\t":
            continue  # control, format (bidi marks, zero-width) and lone surrogates
        chars.append(c)
        pos.append(i)
    # 2. drop horizontal whitespace next to CJK text, collapse the rest
    kept_c: list[str] = []
    kept_p: list[int] = []
    n = len(chars)
    for k, c in enumerate(chars):
        if c in " \t":
            prev = kept_c[-1] if kept_c else "\n"
            nxt = chars[k + 1] if k + 1 < n else "\n"
            if prev in " \n" or nxt in " \t\n":
                continue
            if _HAN_RE.match(prev) and _HAN_RE.match(nxt):
                c = " "  # 甘肃省发展和改革委员会 甘肃省扶贫开发办公室: a separator between two names
            elif _CJK_OR_FW.match(prev) or _CJK_OR_FW.match(nxt):
                continue
            else:
                c = " "
        kept_c.append(c)
        kept_p.append(pos[k])
    # 3. traditional -> simplified, one-to-one per character where a phrase changes length
    text = "".join(kept_c)
    simp = to_simplified(text)
    if len(simp) != len(text):
        simp = "".join(s if len(s := to_simplified(c)) == 1 else c for c in text)
    return NormalisedText(original=original, text=simp, offsets=tuple(kept_p) + (len(original),))


def _sentences(text: str) -> Iterator[tuple[int, int, int]]:
    start = 0
    paragraph = 0
    i = 0
    n = len(text)
    while i < n:
        c = text[i]
        if c == "\n" or c in _SENTENCE_END:
            end = i + 1 if c != "\n" else i
            # keep closing quotes with the sentence
            while c != "\n" and end < n and text[end] in "”’\"』」)":
                end += 1
            if text[start:end].strip():
                yield start, end, paragraph
            if c == "\n":
                paragraph += 1
            start = end if c != "\n" else i + 1
            i = max(i + 1, end)
            continue
        i += 1
    if text[start:].strip():
        yield start, n, paragraph


def segment(text: str) -> tuple[Sentence, ...]:
    """Split normalised text into sentences (。！？ or a line end) with paragraph numbers.

    >>> [s.text for s in segment("第一句。第二句\\n第三句！")]
    ['第一句。', '第二句', '第三句！']
    """
    out = []
    for k, (s, e, p) in enumerate(_sentences(text)):
        # trim surrounding white space but keep offsets exact
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        out.append(Sentence(index=k, start=s, end=e, paragraph=p, text=text[s:e]))
    return tuple(out)
