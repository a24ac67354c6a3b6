"""The synthetic corpus generator (bench/generate_corpus.py): determinism, coverage, gold consistency."""

from __future__ import annotations

import importlib.util
import json
import re
import sys
from decimal import Decimal
from pathlib import Path
from types import ModuleType
from typing import Any

import opencc
import pytest

from kg.normalise import strip_pinyin, to_simplified

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def gen() -> ModuleType:
    spec = importlib.util.spec_from_file_location("generate_corpus", ROOT / "bench" / "generate_corpus.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["generate_corpus"] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def docs(gen: ModuleType) -> list[tuple[str, str, dict[str, Any], dict[str, Any]]]:
    return list(gen.generate(120, seed=7))


_s2t = opencc.OpenCC("s2t").convert


def clean(text: str) -> str:
    """What the scorer compares: pinyin removed, simplified characters."""
    return to_simplified(strip_pinyin(text))


class Plain:
    """A report without pinyin; a (simplified) name is in it when it occurs as written, after t2s, or in
    traditional form. OpenCC converts a few names differently in and out of context (乾县, 澄江市)."""

    def __init__(self, text: str) -> None:
        self.raw = strip_pinyin(text)
        self.simplified = to_simplified(self.raw)

    def __contains__(self, name: str) -> bool:
        return name in self.raw or name in self.simplified or _s2t(name) in self.raw


def test_same_seed_gives_identical_files(gen: ModuleType, tmp_path: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    assert gen.write_corpus(a, 20, seed=3) == 20
    gen.write_corpus(b, 20, seed=3)
    files = sorted(p.name for p in a.iterdir())
    assert len(files) == 60 and files == sorted(p.name for p in b.iterdir())
    for name in files:
        assert (a / name).read_bytes() == (b / name).read_bytes(), name


def test_document_i_does_not_depend_on_n(gen: ModuleType) -> None:
    assert list(gen.generate(5, seed=11)) == list(gen.generate(20, seed=11))[:5]
    assert list(gen.generate(3, seed=11)) != list(gen.generate(3, seed=12))


def test_every_province_appears_in_34_documents(gen: ModuleType) -> None:
    from kg.gazetteer import load_gazetteer

    provinces = [d for d in load_gazetteer() if d.level == "province"]
    assert len(provinces) == 34
    seen: set[str] = set()
    for _, _, _, gold in gen.generate(34, seed=1):
        for place in gold["places"]:
            if place["level"] == "province":
                seen.add(place["name"])
                seen.update(gold["aliases"].get(place["name"], []))
    missing = [p.name for p in provinces if p.name not in seen and (p.short or "") not in seen]
    assert not missing


def test_sizes_and_meta(docs: list[tuple[str, str, dict[str, Any], dict[str, Any]]]) -> None:
    for key, text, meta, gold in docs:
        size = len(text.encode("utf-8"))
        assert 1200 <= size <= 3000, (key, size)
        assert set(meta) == {"title", "date", "source", "publisher", "province"}
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", meta["date"]) and meta["source"].startswith("https://")
        assert gold["doc"] == key and meta["date"] in key


def test_scripts_traditional_share_and_pinyin(
    docs: list[tuple[str, str, dict[str, Any], dict[str, Any]]],
) -> None:
    traditional = sum(1 for _, text, _, _ in docs if to_simplified(text) != text)
    pinyin = sum(1 for _, text, _, _ in docs if strip_pinyin(text) != text)
    assert 0.1 * len(docs) <= traditional <= 0.45 * len(docs)
    assert 1 <= pinyin <= 0.3 * len(docs)
    # pinyin only ever follows a Han character
    for _, text, _, _ in docs:
        assert not re.search(r"(?<![\u3400-\u9fff])\([a-zāáǎàēéěèīíǐìōóǒòūúǔùüǖǘǚǜ]+\)", text)


def test_kinds_of_report_vary(docs: list[tuple[str, str, dict[str, Any], dict[str, Any]]]) -> None:
    kinds = {key.rsplit("-", 1)[1] for key, _, _, _ in docs}
    assert kinds == {"meeting", "summary", "plan", "county"}
    first_lines = {clean(text).split("\n", 1)[0][-4:] for _, text, _, _ in docs}
    assert len(first_lines) > 10


def test_gold_is_valid_and_every_name_and_figure_is_in_the_text(
    docs: list[tuple[str, str, dict[str, Any], dict[str, Any]]],
) -> None:
    for key, text, _, gold in docs:
        gold = json.loads(json.dumps(gold, ensure_ascii=False))  # valid JSON
        plain = Plain(text)
        aliases = gold.get("aliases", {})

        def present(name: str, key: str = key, plain: Plain = plain, aliases: dict = aliases) -> bool:
            return any(n in plain for n in [name, *aliases.get(name, [])])

        for name in gold["organisations"] + gold["policies"]:
            assert name in plain, (key, name)
        for place in gold["places"]:
            assert place["level"] in ("province", "city", "county", "township", "village")
            if not place.get("inferred"):
                assert present(place["name"]), (key, place)
        assert sum(1 for p in gold["places"] if p["level"] == "province") >= 1
        for event in gold["events"]:
            assert event["name"] in plain, (key, event["name"])
            assert event["date"] is None or re.fullmatch(r"\d{4}-\d{2}-\d{2}", event["date"])
            assert event["place"] in plain
            for body in event["hosts"] + event["speakers_or_attending_bodies"]:
                assert body in plain, (key, body)
            for pol in event["implements"]:
                assert pol in gold["policies"]
        for o in gold["outcomes"]:
            assert o["raw"] in plain, (key, o["raw"])
            assert o["kind"] in ("result", "target", "baseline")
            assert o.get("qualifier") in (None, "more_than", "at_least", "about", "less_than")
            assert isinstance(o["value"], (int, float)) and o["unit"] and o["scope"]
        for cat in ("events", "organisations", "places", "policies", "outcomes"):
            assert isinstance(gold["optional"][cat], list)
        required = set(gold["organisations"]) | set(gold["policies"]) | {p["name"] for p in gold["places"]}
        for cat in ("organisations", "places", "policies"):
            assert not required & set(gold["optional"][cat]), (key, cat)
        for name, alternatives in aliases.items():
            assert name not in alternatives and len(set(alternatives)) == len(alternatives), (key, name)


def _value(raw: str) -> Decimal:
    """An independent reading of a raw figure."""
    if raw == "全覆盖":
        return Decimal(100)
    digits = {"两": "2", "三": "3", "四": "4", "五": "5", "六": "6", "七": "7", "八": "8", "九": "9"}
    m = re.search(r"([0-9.]+|[两三四五六七八九])\s*[余多]?\s*(亿|万)?", raw)
    assert m, raw
    number = Decimal(digits.get(m.group(1), m.group(1)))
    return number * {"亿": Decimal(10) ** 8, "万": Decimal(10) ** 4, None: Decimal(1)}[m.group(2)]


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        ("489.4亿元", 48940000000),
        ("1827.3万人次", 18273000),
        ("660余万元", 6600000),
        ("38万余人次", 380000),
        ("4200多个", 4200),
        ("270.01 亿元", 27001000000),
        ("两万余人次", 20000),
        ("全覆盖", 100),
    ],
)
def test_reader_agrees_with_the_reference_gold(raw: str, value: int) -> None:
    assert _value(raw) == value


def test_values_are_normalised(docs: list[tuple[str, str, dict[str, Any], dict[str, Any]]]) -> None:
    for _, _, _, gold in docs:
        for o in gold["outcomes"]:
            assert Decimal(str(o["value"])) == _value(o["raw"]), o


# (raw form, unit, qualifier, multiplier): each must occur in the sample and be normalised so
HAND_CHECKED = [
    (r"([0-9.]+) ?亿元", "元", None, 10**8),
    (r"([0-9.]+)万人次", "人次", None, 10**4),
    (r"([0-9]+)余万元", "元", "more_than", 10**4),
    (r"([0-9.]+)万余(?:人次|个|人|户)", None, "more_than", 10**4),
    (r"([0-9]+)多个", "个", "more_than", 1),
    (r"约([0-9.]+)%", "%", "about", 1),
    (r"([0-9.]+)%以上", "%", "at_least", 1),
    (r"不到([0-9.]+)%", "%", "less_than", 1),
    (r"超过([0-9.]+)亿元", "元", "more_than", 10**8),
    (r"不少于([0-9.]+)万?(?:人次|个)", None, "at_least", None),
]


@pytest.mark.parametrize(("form", "unit", "qualifier", "factor"), HAND_CHECKED)
def test_hand_checked_forms(
    docs: list, form: str, unit: str | None, qualifier: str | None, factor: int | None
) -> None:
    hits = [o for _, _, _, gold in docs for o in gold["outcomes"] if re.fullmatch(form, o["raw"])]
    assert hits, form
    for o in hits:
        assert o.get("qualifier") == qualifier, o
        if unit:
            assert o["unit"] == unit, o
        if factor:
            number = Decimal(re.fullmatch(form, o["raw"]).group(1))
            assert Decimal(str(o["value"])) == number * factor, o


def test_full_coverage_and_kinds(docs: list[tuple[str, str, dict[str, Any], dict[str, Any]]]) -> None:
    outcomes = [o for _, _, _, gold in docs for o in gold["outcomes"]]
    cover = [o for o in outcomes if o["raw"] == "全覆盖"]
    assert cover and all(o["value"] == 100 and o["unit"] == "%" and "qualifier" not in o for o in cover)
    kinds = {o["kind"] for o in outcomes}
    assert kinds == {"result", "target", "baseline"}
    assert any("programme" in o for o in outcomes) and any("programme" not in o for o in outcomes)
    # a baseline is always followed by its result for the same indicator
    for _, _, _, gold in docs:
        outs = gold["outcomes"]
        for i, o in enumerate(outs):
            if o["kind"] == "baseline":
                assert outs[i + 1]["kind"] == "result" and outs[i + 1]["indicator"] == o["indicator"]


def test_command_line_writes_text_meta_and_gold(gen: ModuleType, tmp_path: Path) -> None:
    assert gen.main(["--docs", "3", "--seed", "2", "--out", str(tmp_path), "--traditional-share", "1"]) == 0
    texts = sorted(tmp_path.glob("*.txt"))
    assert len(texts) == 3
    for t in texts:
        stem = t.name[: -len(".txt")]
        gold = json.loads((tmp_path / f"{stem}.gold.json").read_text(encoding="utf-8"))
        meta = json.loads((tmp_path / f"{stem}.meta.json").read_text(encoding="utf-8"))
        assert gold["doc"] == stem and meta["province"].endswith(("省", "市", "区"))
        assert to_simplified(t.read_text(encoding="utf-8")) != t.read_text(encoding="utf-8")
