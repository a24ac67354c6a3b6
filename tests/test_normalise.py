"""Normalisation: pinyin removal, t2s, widths, segmentation and the offset map."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.errors import InputError
from kg.normalise import decode_bytes, normalise_text, segment, strip_pinyin
from kg.resources import sample_report


def test_pinyin_removed_but_real_parentheticals_kept() -> None:
    doc = normalise_text("農業農村局(農委)網(wǎng)絡(luò)(含教學點)(ppp)(APP)")
    assert doc.text == "农业农村局(农委)网络(含教学点)(ppp)(APP)"


def test_reference_report_normalises_to_simplified_without_pinyin() -> None:
    raw = sample_report().read_text(encoding="utf-8")
    doc = normalise_text(raw)
    assert "(wǎng)" not in doc.text and "網" not in doc.text
    assert "2020年全省网络扶贫暨数字乡村发展工作现场推进会在光山县召开" in doc.text
    assert "农业农村局(农委)" in doc.text
    # every normalised character maps back to an original character that converts to it
    for i, c in enumerate(doc.text):
        o = doc.original[doc.to_original(i)]
        assert normalise_text(o).text in (c, "") or c == " "


def test_spaces_inside_figures_and_fullwidth_forms() -> None:
    assert normalise_text("达 270.01 亿元，增长（约）５％").text == "达270.01亿元,增长(约)5%"
    assert normalise_text("Alibaba Group 阿里").text == "Alibaba Group阿里"


def test_segmentation_lines_without_full_stop_are_sentences() -> None:
    sents = segment("第一句。第二句\n第三句！“引号。”第四")
    assert [s.text for s in sents] == ["第一句。", "第二句", "第三句！", "“引号。”", "第四"]
    assert [s.paragraph for s in sents] == [0, 0, 1, 1, 1]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "gbk", "big5"])
def test_decoding_is_detected(encoding: str) -> None:
    text = "河南省网络扶贫工作推进会在光山县召开，农村固定宽带家庭普及率达99%。" if encoding != "big5" else \
        "河南省網絡扶貧工作推進會在光山縣召開，農村固定寬帶家庭普及率達99%。"
    assert decode_bytes(text.encode(encoding)) == text


@pytest.mark.parametrize("data, message", [(b"", "empty"), (b"  \n", "empty"), (b"\x00\x01\x02abc", "binary"),
                                           (bytes(range(128, 256)) * 4, "not valid")])
def test_bad_bytes_give_one_clear_error(data: bytes, message: str) -> None:
    with pytest.raises(InputError, match=message):
        decode_bytes(data, "x.txt")


_alphabet = st.sampled_from(
    list("網絡扶貧数字乡村發展县省光山()（）wǎngluòabc 　,，。、;:；：%％0123456789\n《》“”")
    + ["(wǎng)", "(luò)", "(农委)", "\u200f", "\ud800"]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_alphabet, max_size=60).map("".join))
def test_offset_map_is_monotonic_and_in_bounds(raw: str) -> None:
    doc = normalise_text(raw)
    assert len(doc.offsets) == len(doc.text) + 1
    assert all(0 <= o <= len(raw) for o in doc.offsets)
    assert list(doc.offsets) == sorted(doc.offsets)
    for i in range(len(doc.text)):
        a, b = doc.original_span(i, i + 1)
        assert 0 <= a < b <= len(raw)


@settings(max_examples=200, deadline=None)
@given(st.lists(_alphabet, max_size=60).map("".join))
def test_normalising_twice_changes_nothing(raw: str) -> None:
    once = normalise_text(raw).text
    assert normalise_text(once).text == once


def test_strip_pinyin_only_after_han() -> None:
    assert strip_pinyin("abc(de)") == "abc(de)"
    assert strip_pinyin("扶(fú)貧(pín)") == "扶貧"
