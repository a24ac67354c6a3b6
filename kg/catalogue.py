"""Reference catalogues: policies, programmes, national bodies, their local counterparts, indicators.

People curate five tab-separated tables in ``ontology/catalogues/`` (see the README there).
:func:`load_catalogue` reads them once and checks them (every reference resolves, every row
names its source); :class:`Catalogue` looks entries up by key, name or alias, and
:func:`build_catalogue_graph` writes them as RDF in the shape of ``docs/model.md`` (the
content of the ``graph/catalogue`` named graph). :func:`load_ontology` merges the ontology
modules ``ontology/*.ttl``.

Look-ups are exact on simplified Chinese; failing that, they compare a folded form that
ignores width (``（）`` = ``()``), dash variants (``－—–`` = ``-``), spaces, quotation marks
and book-title marks, so ``《乡村振兴战略规划(2018-2022年)》`` finds the plan.

Examples
--------
>>> cat = load_catalogue()
>>> cat.policy("网络扶贫行动").key
'wlfp-action-plan'
>>> [b.key for b in (cat.body("国家发改委"), cat.body("国务院扶贫办"))]
['ndrc', 'cpad']
>>> cat.counterpart("省发改委").full_name("河南省")
'河南省发展和改革委员会'
>>> cat.match_indicator("全省农村固定宽带家庭普及率达99%").key
'rural-fixed-broadband-household-penetration'
"""

from __future__ import annotations

import csv
import functools
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from rdflib import DCTERMS, RDF, RDFS, SKOS, XSD, Graph, Literal, URIRef

from kg.errors import InputError
from kg.resources import ontology_path
from kg.vocab import ID, ORG, POV, PREFIXES, place_iri

__all__ = [
    "PolicyEntry",
    "ProgrammeEntry",
    "BodyEntry",
    "CounterpartEntry",
    "IndicatorEntry",
    "Catalogue",
    "BODY_KINDS",
    "COUNTERPART_LEVELS",
    "read_catalogue",
    "load_catalogue",
    "build_catalogue_graph",
    "load_ontology",
    "policy_iri",
    "programme_iri",
    "body_iri",
    "indicator_iri",
]

#: kinds of body (``bodies.tsv`` and ``counterparts.tsv``), and the class each is written as
BODY_KINDS: Mapping[str, URIRef] = {
    "government": POV.GovernmentBody,
    "party": POV.PartyBody,
    "enterprise": POV.Enterprise,
    "social": POV.SocialOrganisation,
}
#: levels of a counterpart, and the pov:Level individual each is
COUNTERPART_LEVELS: Mapping[str, URIRef] = {
    "provincial": POV.ProvincialLevel,
    "city": POV.CityLevel,
    "county": POV.CountyLevel,
}

_ZH = "zh-Hans"
_ISSUED = re.compile(r"^[0-9]{4}(-(0[1-9]|1[0-2])(-[0-9]{2})?)?$")


# --------------------------------------------------------------------------------------------
# entries
# --------------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class PolicyEntry:
    """A policy document or strategy (``policies.tsv``).

    Attributes
    ----------
    key : str
        Stable ASCII key; the IRI is ``id:policy/{key}``.
    name_zh, name_en : str
        Title in simplified Chinese and in English.
    aliases : tuple of str
        Other names reports use (``网络扶贫行动``).
    issued : str or None
        ``YYYY`` or ``YYYY-MM`` (or ``YYYY-MM-DD``).
    issuers : tuple of str
        Keys of the issuing national bodies, one per body.
    based_on : str or None
        Key of the policy this one is based on.
    source : str
        Where the entry comes from.
    """

    key: str
    name_zh: str
    name_en: str
    aliases: tuple[str, ...]
    issued: str | None
    issuers: tuple[str, ...]
    based_on: str | None
    source: str


@dataclass(frozen=True, slots=True)
class ProgrammeEntry:
    """A programme (工程), part of a policy (``programmes.tsv``)."""

    key: str
    name_zh: str
    name_en: str
    aliases: tuple[str, ...]
    policy: str
    source: str


@dataclass(frozen=True, slots=True)
class BodyEntry:
    """A national body (``bodies.tsv``).

    ``name_zh`` is the full official name; the first alias, when there is one, is the short
    form people write (``中央网信办``) and serves as the display label.
    """

    key: str
    name_zh: str
    name_en: str
    aliases: tuple[str, ...]
    kind: str
    parent: str | None
    successor: str | None
    source: str

    @property
    def label(self) -> str:
        """The display name: the usual short form (first alias), else the full name.

        >>> load_catalogue().body("cac").label
        '中央网信办'
        """
        return self.aliases[0] if self.aliases else self.name_zh


@dataclass(frozen=True, slots=True)
class CounterpartEntry:
    """A local body that mirrors a national one, as a naming pattern (``counterparts.tsv``).

    ``short`` is written with the generic level prefix (``省委网信办``, ``市发展改革委``); the
    templates take the full name of the place (``{place}`` = ``河南省``, ``郑州市``) or its
    English name (``{place_en}``).

    Examples
    --------
    >>> c = load_catalogue().counterpart("省委网信办")
    >>> c.national, c.level
    ('cac', 'provincial')
    >>> c.full_name("河南省"), c.short_name("河南省")
    ('河南省委网络安全和信息化委员会办公室', '河南省委网信办')
    >>> c.name_en("Henan Province")
    'Cyberspace Affairs Office of the Henan Province Party Committee'
    """

    key: str
    national: str
    level: str
    short: str
    aliases: tuple[str, ...]
    full_template: str
    short_template: str
    en_template: str
    kind: str
    source: str

    def full_name(self, place_name: str) -> str:
        """The official full name for a place (its full Chinese name)."""
        return self.full_template.replace("{place}", place_name)

    def short_name(self, place_name: str) -> str:
        """The usual short name for a place (its full Chinese name)."""
        return self.short_template.replace("{place}", place_name)

    def name_en(self, place_en: str) -> str:
        """The English name for a place (its English name)."""
        return self.en_template.replace("{place_en}", place_en)


@dataclass(frozen=True, slots=True)
class IndicatorEntry:
    """An outcome indicator (``indicators.tsv``); aliases are the other ways reports word it."""

    key: str
    name_zh: str
    name_en: str
    aliases: tuple[str, ...]
    programme: str | None
    unit: str | None
    source: str


# --------------------------------------------------------------------------------------------
# the catalogue
# --------------------------------------------------------------------------------------------
_E = TypeVar("_E", PolicyEntry, ProgrammeEntry, BodyEntry, CounterpartEntry, IndicatorEntry)

_FOLD_DROP = dict.fromkeys(map(ord, " \t\u3000《》〈〉<>“”‘’\"'「」『』"), None)
_DASHES = re.compile(r"[‐‑‒–—―−－~～]")


def _fold(name: str) -> str:
    """The folded form compared when an exact look-up fails.

    >>> _fold("《乡村振兴战略规划（2018－2022年）》") == _fold("乡村振兴战略规划(2018—2022年)")
    True
    """
    return _DASHES.sub("-", unicodedata.normalize("NFKC", name).translate(_FOLD_DROP))


def _index(
    table: str, entries: Iterable[_E], forms: Callable[[_E], Iterable[str]]
) -> tuple[dict[str, _E], dict[str, _E]]:
    exact: dict[str, _E] = {}
    folded: dict[str, _E] = {}
    for e in entries:
        for form in dict.fromkeys(forms(e)):
            for index, f in ((exact, form), (folded, _fold(form))):
                other = index.get(f)
                if other is not None and other is not e:
                    raise InputError(f"{table}: {form!r} names both {other.key!r} and {e.key!r}")
                index[f] = e
    return exact, folded


def _find(index: tuple[dict[str, _E], dict[str, _E]], name: str) -> _E | None:
    exact, folded = index
    hit = exact.get(name.strip())
    return hit if hit is not None else folded.get(_fold(name))


class Catalogue:
    """The five reference tables, with look-ups by key, name and alias.

    Parameters
    ----------
    policies, programmes, bodies, counterparts, indicators : sequence of entries
        The rows of each table, in catalogue order.

    Raises
    ------
    kg.errors.InputError
        When one name or alias stands for two entries of the same table.
    """

    __slots__ = (
        "policies",
        "programmes",
        "bodies",
        "counterparts",
        "indicators",
        "_policy",
        "_programme",
        "_body",
        "_counterpart",
        "_indicator",
        "_indicator_forms",
    )

    def __init__(
        self,
        policies: Sequence[PolicyEntry],
        programmes: Sequence[ProgrammeEntry],
        bodies: Sequence[BodyEntry],
        counterparts: Sequence[CounterpartEntry],
        indicators: Sequence[IndicatorEntry],
    ) -> None:
        self.policies: tuple[PolicyEntry, ...] = tuple(policies)
        self.programmes: tuple[ProgrammeEntry, ...] = tuple(programmes)
        self.bodies: tuple[BodyEntry, ...] = tuple(bodies)
        self.counterparts: tuple[CounterpartEntry, ...] = tuple(counterparts)
        self.indicators: tuple[IndicatorEntry, ...] = tuple(indicators)
        self._policy = _index("policies", self.policies, lambda e: (e.key, e.name_zh, *e.aliases))
        self._programme = _index("programmes", self.programmes, lambda e: (e.key, e.name_zh, *e.aliases))
        self._body = _index("bodies", self.bodies, lambda e: (e.key, e.name_zh, *e.aliases))
        self._counterpart = _index("counterparts", self.counterparts, lambda e: (e.short, *e.aliases))
        self._indicator = _index("indicators", self.indicators, lambda e: (e.key, e.name_zh, *e.aliases))
        # every written form of an indicator, longest first (ties: catalogue order)
        forms = [(f, e) for e in self.indicators for f in dict.fromkeys((e.name_zh, *e.aliases))]
        self._indicator_forms: tuple[tuple[str, IndicatorEntry], ...] = tuple(
            sorted(forms, key=lambda fe: -len(fe[0]))
        )

    def policy(self, name: str) -> PolicyEntry | None:
        """A policy by key, title or alias.

        >>> load_catalogue().policy("数字乡村发展战略纲要").issuers
        ('cpc-general-office', 'state-council-general-office')
        """
        return _find(self._policy, name)

    def programme(self, name: str) -> ProgrammeEntry | None:
        """A programme by key, name or alias.

        >>> load_catalogue().programme("网络扶智").name_zh
        '网络扶智工程'
        """
        return _find(self._programme, name)

    def body(self, name: str) -> BodyEntry | None:
        """A national body by key, full name or alias.

        >>> load_catalogue().body("国家互联网信息办公室").key
        'cac'
        """
        return _find(self._body, name)

    def counterpart(self, short: str) -> CounterpartEntry | None:
        """A local body pattern by its short form or an alias as written (``省委网信办``, ``省发改委``).

        >>> load_catalogue().counterpart("省通信管理局").national
        'miit'
        """
        return _find(self._counterpart, short)

    def indicator(self, name: str) -> IndicatorEntry | None:
        """An indicator by key, name or alias.

        >>> load_catalogue().indicator("贫困村光纤通达率").key
        'poor-village-fibre-access'
        """
        return _find(self._indicator, name)

    def match_indicator(self, text: str) -> IndicatorEntry | None:
        """The indicator whose name or alias occurs in ``text``; the longest form wins.

        Among forms of equal length the one that occurs first in the text wins.

        >>> cat = load_catalogue()
        >>> cat.match_indicator("建成益农信息社40285个").key
        'yinong-information-centres'
        >>> cat.match_indicator("20户以上自然村光纤宽带和4G网络全覆盖").name_zh
        '20户以上自然村光纤宽带和4G网络覆盖率'
        >>> cat.match_indicator("保持攻坚态势") is None
        True
        """
        best: tuple[int, int] | None = None
        found: IndicatorEntry | None = None
        for form, entry in self._indicator_forms:
            if best is not None and len(form) < best[0]:
                break
            at = text.find(form)
            if at >= 0 and (best is None or at < best[1]):
                best, found = (len(form), at), entry
        return found

    def __repr__(self) -> str:
        return (
            f"<Catalogue policies={len(self.policies)} programmes={len(self.programmes)} "
            f"bodies={len(self.bodies)} counterparts={len(self.counterparts)} indicators={len(self.indicators)}>"
        )


# --------------------------------------------------------------------------------------------
# reading and checking
# --------------------------------------------------------------------------------------------
_COLUMNS: Mapping[str, tuple[str, ...]] = {
    "policies": ("key", "name_zh", "name_en", "aliases", "issued", "issuers", "based_on", "source"),
    "programmes": ("key", "name_zh", "name_en", "aliases", "policy", "source"),
    "bodies": ("key", "name_zh", "aliases", "name_en", "kind", "parent", "successor", "source"),
    "counterparts": (
        "key",
        "national",
        "level",
        "short",
        "aliases",
        "full_template",
        "short_template",
        "en_template",
        "kind",
        "source",
    ),
    "indicators": ("key", "name_zh", "name_en", "aliases", "programme", "unit", "source"),
}
#: columns that may be empty
_OPTIONAL = frozenset(
    {"aliases", "issued", "issuers", "based_on", "parent", "successor", "programme", "unit"}
)
_KEY = re.compile(r"^[a-z0-9][a-z0-9-]*$")


def _rows(path: Path, table: str) -> list[dict[str, str]]:
    try:
        with path.open(encoding="utf-8", newline="") as f:
            reader = csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE)
            missing = [c for c in _COLUMNS[table] if c not in (reader.fieldnames or ())]
            if missing:
                raise InputError(f"{path}: missing column(s) {', '.join(missing)}")
            rows = []
            for n, row in enumerate(reader, start=2):
                values = {c: (row.get(c) or "").strip() for c in _COLUMNS[table]}
                if not any(values.values()):
                    continue
                empty = [c for c, v in values.items() if not v and c not in _OPTIONAL]
                if empty:
                    raise InputError(f"{path}:{n}: empty {', '.join(empty)}")
                if not _KEY.match(values["key"]):
                    raise InputError(f"{path}:{n}: key {values['key']!r} is not a lower-case ASCII slug")
                rows.append(values)
            return rows
    except OSError as exc:
        raise InputError(f"cannot read catalogue {path}: {exc}") from exc


def _split(value: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(v.strip() for v in value.split("|") if v.strip()))


def _opt(value: str) -> str | None:
    return value or None


def read_catalogue(folder: Path | str) -> Catalogue:
    """Read and check the five tables in ``folder``.

    Parameters
    ----------
    folder : path
        A folder with ``policies.tsv``, ``programmes.tsv``, ``bodies.tsv``,
        ``counterparts.tsv`` and ``indicators.tsv``.

    Raises
    ------
    kg.errors.InputError
        When a table cannot be read, lacks a column or a required value, or refers to an
        entry that does not exist.
    """
    folder = Path(folder)
    rows = {table: _rows(folder / f"{table}.tsv", table) for table in _COLUMNS}
    cat = Catalogue(
        policies=[
            PolicyEntry(
                r["key"],
                r["name_zh"],
                r["name_en"],
                _split(r["aliases"]),
                _opt(r["issued"]),
                _split(r["issuers"]),
                _opt(r["based_on"]),
                r["source"],
            )
            for r in rows["policies"]
        ],
        programmes=[
            ProgrammeEntry(
                r["key"], r["name_zh"], r["name_en"], _split(r["aliases"]), r["policy"], r["source"]
            )
            for r in rows["programmes"]
        ],
        bodies=[
            BodyEntry(
                r["key"],
                r["name_zh"],
                r["name_en"],
                _split(r["aliases"]),
                r["kind"],
                _opt(r["parent"]),
                _opt(r["successor"]),
                r["source"],
            )
            for r in rows["bodies"]
        ],
        counterparts=[
            CounterpartEntry(
                r["key"],
                r["national"],
                r["level"],
                r["short"],
                _split(r["aliases"]),
                r["full_template"],
                r["short_template"],
                r["en_template"],
                r["kind"],
                r["source"],
            )
            for r in rows["counterparts"]
        ],
        indicators=[
            IndicatorEntry(
                r["key"],
                r["name_zh"],
                r["name_en"],
                _split(r["aliases"]),
                _opt(r["programme"]),
                _opt(r["unit"]),
                r["source"],
            )
            for r in rows["indicators"]
        ],
    )
    problems = list(_problems(cat))
    if problems:
        raise InputError(f"catalogue {folder}: " + "; ".join(problems))
    return cat


def _problems(cat: Catalogue) -> Iterable[str]:
    """Broken references and bad values (each as one readable line)."""
    for table in ("policies", "programmes", "bodies", "counterparts", "indicators"):
        keys = [e.key for e in getattr(cat, table)]
        for k in sorted({k for k in keys if keys.count(k) > 1}):
            yield f"{table}: key {k!r} is used twice"
    policies = {e.key for e in cat.policies}
    programmes = {e.key for e in cat.programmes}
    bodies = {e.key for e in cat.bodies}
    for p in cat.policies:
        if p.issued is not None and not _ISSUED.match(p.issued):
            yield f"policies: {p.key}: issued {p.issued!r} is not YYYY, YYYY-MM or YYYY-MM-DD"
        yield from (f"policies: {p.key}: unknown issuer {b!r}" for b in p.issuers if b not in bodies)
        if p.based_on is not None and p.based_on not in policies:
            yield f"policies: {p.key}: unknown based_on {p.based_on!r}"
    for g in cat.programmes:
        if g.policy not in policies:
            yield f"programmes: {g.key}: unknown policy {g.policy!r}"
    for b in cat.bodies:
        if b.kind not in BODY_KINDS:
            yield f"bodies: {b.key}: kind {b.kind!r} is not one of {', '.join(BODY_KINDS)}"
        for col, ref in (("parent", b.parent), ("successor", b.successor)):
            if ref is not None and ref not in bodies:
                yield f"bodies: {b.key}: unknown {col} {ref!r}"
    for c in cat.counterparts:
        if c.national not in bodies:
            yield f"counterparts: {c.key}: unknown national body {c.national!r}"
        if c.level not in COUNTERPART_LEVELS:
            yield f"counterparts: {c.key}: level {c.level!r} is not one of {', '.join(COUNTERPART_LEVELS)}"
        if c.kind not in BODY_KINDS:
            yield f"counterparts: {c.key}: kind {c.kind!r} is not one of {', '.join(BODY_KINDS)}"
        for col in ("full_template", "short_template"):
            if "{place}" not in getattr(c, col):
                yield f"counterparts: {c.key}: {col} lacks {{place}}"
        if "{place_en}" not in c.en_template:
            yield f"counterparts: {c.key}: en_template lacks {{place_en}}"
    for i in cat.indicators:
        if i.programme is not None and i.programme not in programmes:
            yield f"indicators: {i.key}: unknown programme {i.programme!r}"


@functools.cache
def load_catalogue() -> Catalogue:
    """The bundled catalogue (``ontology/catalogues/*.tsv``), read once.

    >>> load_catalogue() is load_catalogue()
    True
    """
    return read_catalogue(ontology_path("catalogues"))


# --------------------------------------------------------------------------------------------
# RDF
# --------------------------------------------------------------------------------------------
def policy_iri(key: str) -> URIRef:
    """``id:policy/{key}``.

    >>> policy_iri("wlfp-action-plan")
    rdflib.term.URIRef('https://w3id.org/povkg/id/policy/wlfp-action-plan')
    """
    return ID[f"policy/{key}"]


def programme_iri(key: str) -> URIRef:
    """``id:programme/{key}``."""
    return ID[f"programme/{key}"]


def body_iri(key: str) -> URIRef:
    """``id:org/cn/{key}``, the IRI of a national body."""
    return ID[f"org/cn/{key}"]


def indicator_iri(key: str) -> URIRef:
    """``id:indicator/{key}``."""
    return ID[f"indicator/{key}"]


def _date(value: str) -> Literal:
    datatype = {4: XSD.gYear, 7: XSD.gYearMonth}.get(len(value), XSD.date)
    return Literal(value, datatype=datatype)


def build_catalogue_graph(catalogue: Catalogue | None = None) -> Graph:
    """Policies, programmes, national bodies and indicators as RDF (the ``graph/catalogue`` content).

    Parameters
    ----------
    catalogue : Catalogue, optional
        Defaults to :func:`load_catalogue`.

    Examples
    --------
    >>> from kg.vocab import POV
    >>> g = build_catalogue_graph()
    >>> plan = policy_iri("wlfp-action-plan")
    >>> sorted(str(o).rsplit("/", 1)[1] for o in g.objects(plan, POV.isIssuedBy))
    ['cac', 'cpad', 'ndrc']
    >>> str(g.value(plan, DCTERMS.issued))
    '2016-10'
    """
    cat = catalogue if catalogue is not None else load_catalogue()
    g = Graph()
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns)
    add = g.add

    def names(s: URIRef, zh: str, en: str, aliases: Iterable[str], key: str, source: str) -> None:
        add((s, RDFS.label, Literal(zh, lang=_ZH)))
        add((s, RDFS.label, Literal(en, lang="en")))
        for a in aliases:
            if a != zh:
                add((s, SKOS.altLabel, Literal(a, lang=_ZH)))
        add((s, POV.catalogueKey, Literal(key)))
        add((s, DCTERMS.source, Literal(source)))

    for p in cat.policies:
        s = policy_iri(p.key)
        add((s, RDF.type, POV.Policy))
        names(s, p.name_zh, p.name_en, p.aliases, p.key, p.source)
        for issuer in p.issuers:
            add((s, POV.isIssuedBy, body_iri(issuer)))
        if p.issued:
            add((s, DCTERMS.issued, _date(p.issued)))
        if p.based_on:
            add((s, POV.isBasedOn, policy_iri(p.based_on)))
    for r in cat.programmes:
        s = programme_iri(r.key)
        add((s, RDF.type, POV.Programme))
        names(s, r.name_zh, r.name_en, r.aliases, r.key, r.source)
        add((s, DCTERMS.isPartOf, policy_iri(r.policy)))
    country = place_iri("100000")
    for b in cat.bodies:
        s = body_iri(b.key)
        add((s, RDF.type, BODY_KINDS[b.kind]))
        names(s, b.label, b.name_en, (b.name_zh, *b.aliases), b.key, b.source)
        add((s, POV.level, POV.NationalLevel))
        add((s, POV.serves, country))
        if b.parent:
            add((s, ORG.subOrganizationOf, body_iri(b.parent)))
        if b.successor:
            add((s, DCTERMS.isReplacedBy, body_iri(b.successor)))
    for i in cat.indicators:
        s = indicator_iri(i.key)
        add((s, RDF.type, POV.Indicator))
        add((s, RDF.type, SKOS.Concept))
        names(s, i.name_zh, i.name_en, i.aliases, i.key, i.source)
        add((s, SKOS.prefLabel, Literal(i.name_zh, lang=_ZH)))
        add((s, SKOS.prefLabel, Literal(i.name_en, lang="en")))
        add((s, SKOS.inScheme, POV.IndicatorScheme))
        if i.programme:
            add((s, POV.measuresProgramme, programme_iri(i.programme)))
    return g


@functools.cache
def _ontology_nt() -> str:
    g = Graph()
    for path in sorted(ontology_path().glob("*.ttl")):
        try:
            g.parse(path, format="turtle")
        except Exception as exc:  # rdflib raises many parser exception types
            raise InputError(f"cannot parse ontology module {path.name}: {exc}") from exc
    return g.serialize(format="nt")


def load_ontology() -> Graph:
    """The ontology: every module ``ontology/*.ttl`` merged into one new graph.

    The modules are parsed once; each call returns a fresh graph the caller may change.

    >>> from rdflib import OWL, URIRef
    >>> g = load_ontology()
    >>> (URIRef("https://w3id.org/povkg/def"), OWL.versionInfo, None) in g
    True
    """
    g = Graph()
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns)
    g.parse(data=_ontology_nt(), format="nt")
    return g
