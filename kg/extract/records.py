"""The records an extraction produces, and the JSON contract of ``povkg extract``."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from kg.catalogue import load_catalogue
from kg.gazetteer import load_gazetteer
from kg.normalise import NormalisedText, Sentence

#: every rule that produces a record, with the confidence given to what it produces: the
#: smoothed share (matched + 1) / (records + 2) of its records that matched a gold item on the
#: 46 real development reports (../shared/corpus/real and tests/data/real), rounded to a
#: twentieth — ``python bench/rule_precision.py``, table in bench/results/rule-precision.md;
#: outcome.coverage-class produced nothing there and keeps a prior of 0.7
RULE_CONFIDENCE: dict[str, float] = {
    "place.gazetteer": 1.0, "place.short-form": 0.95, "place.chain": 0.95, "place.local-shape": 0.7,
    "place.site": 0.15, "place.referred-province": 0.25,
    "body.catalogue": 0.95, "body.counterpart": 0.95, "body.sub-unit": 0.85, "body.brand": 0.85,
    "body.operator": 0.85, "body.shape": 0.75, "body.institution": 0.4, "body.media-in-list": 0.75,
    "event.held": 0.95, "event.mention": 0.75,
    "outcome.counted-noun": 0.85, "outcome.measure-before": 0.85, "outcome.rank": 0.75, "outcome.coverage-class": 0.7,
    "outcome.enumeration": 0.8, "outcome.change-pair": 0.8,
}

__all__ = ["RULE_CONFIDENCE", "DocContext", "PolicyMention", "OrgMention", "PlaceMention", "Visit", "EventRecord", "OutcomeRecord", "Extraction"]


@dataclass
class DocContext:
    """What the document is about: its province (and city/county), date and title."""

    key: str
    title: str | None = None
    date: str | None = None  # YYYY-MM-DD (or YYYY-MM)
    year: int | None = None
    province: str | None = None  # division code
    city: str | None = None
    county: str | None = None
    source: str | None = None
    publisher: str | None = None
    province_inferred: bool = True
    date_from_key: bool = False  # the date is only the file name's (no evidence in the text or sidecar)


@dataclass
class PolicyMention:
    name: str  # surface form, simplified, without 《》
    canonical: str
    key: str | None  # catalogue key, None when minted
    bracketed: bool
    spans: list[tuple[int, int]] = field(default_factory=list)
    aliases: set[str] = field(default_factory=set)


@dataclass
class OrgMention:
    name: str  # surface form as written
    canonical: str  # scoped short name: 河南省委网信办
    full_name: str | None  # official full name where the catalogue knows it
    name_en: str | None
    key: str  # resolution key: "<scope>/<catalogue key or slug>"
    catalogue_key: str | None
    national: str | None  # national body key it mirrors (counterpart) or is
    kind: str  # government | party | enterprise | social
    level: str | None  # national | provincial | city | county
    scope: str | None  # place code
    spans: list[tuple[int, int]] = field(default_factory=list)
    aliases: set[str] = field(default_factory=set)
    rule: str = "body.shape"  # the recogniser rule that found it first
    confidence: float = 0.7  # how often that rule is right on real reports (rounded; see the README)


@dataclass
class PlaceMention:
    name: str  # canonical name (full division name, or as written for townships/sites)
    level: str  # country|province|city|county|township|village|site
    code: str | None  # GB/T 2260 code for divisions
    parent: str | None  # key of the enclosing place (code or nested key)
    key: str  # code, or "<parent key>/<name>" for townships, villages and sites
    inferred: bool = False
    spans: list[tuple[int, int]] = field(default_factory=list)
    surface: set[str] = field(default_factory=set)
    rule: str = "place.gazetteer"
    confidence: float = 0.95


@dataclass
class Visit:
    place: str  # place key
    name: str  # place name as written
    sentence: int
    span: tuple[int, int]


@dataclass
class EventRecord:
    name: str
    kind: str  # meeting | mentioned
    date: str | None
    end_date: str | None
    place: str | None  # place name
    place_key: str | None
    span: tuple[int, int]
    sentence: int
    held: bool
    hosts: list[str] = field(default_factory=list)  # org keys, in order
    organisers: list[str] = field(default_factory=list)
    guides: list[str] = field(default_factory=list)
    speakers: list[str] = field(default_factory=list)
    attendees: list[str] = field(default_factory=list)
    chairs: list[str] = field(default_factory=list)  # bodies whose officials chair (主持)
    speaking_places: list[str] = field(default_factory=list)  # place keys of localities that report (交流发言)
    implements: list[str] = field(default_factory=list)  # policy keys (canonical names)
    relays: list[str] = field(default_factory=list)  # event names
    visits: list[Visit] = field(default_factory=list)
    role_spans: dict[tuple[str, str], tuple[int, int]] = field(default_factory=dict)
    surfaces: dict[str, str] = field(default_factory=dict)  # org key -> as written where it first took a role
    rule: str = "event.held"
    confidence: float = 0.9


@dataclass
class OutcomeRecord:
    indicator: str
    indicator_key: str | None
    value: Decimal
    raw: str
    unit: str
    qualifier: str  # exact | more_than | at_least | about | less_than
    kind: str  # result | target | baseline
    scope: str | None  # place name
    scope_key: str | None
    as_of: str | None
    programme: str | None  # programme catalogue key
    policy: str | None  # policy catalogue key
    span: tuple[int, int]
    sentence: int
    event: int | None = None  # index into Extraction.events
    rule: str = "outcome.measure-before"
    confidence: float = 0.75


@dataclass
class Extraction:
    """Everything read out of one report."""

    context: DocContext
    doc: NormalisedText
    policies: list[PolicyMention]
    organisations: list[OrgMention]
    places: list[PlaceMention]
    events: list[EventRecord]
    outcomes: list[OutcomeRecord]
    warnings: list[str] = field(default_factory=list)

    def org(self, key: str) -> OrgMention:
        return next(o for o in self.organisations if o.key == key)

    def place(self, key: str) -> PlaceMention | None:
        return next((p for p in self.places if p.key == key), None)

    def sentence_of(self, index: int) -> Sentence:
        return self.doc.sentences[index]

    def to_json(self) -> dict[str, Any]:
        """The extraction contract (the schema of ``score_extraction.py``)."""
        cat = load_catalogue()
        orgs = {o.key: o for o in self.organisations}

        def org_names(keys: list[str], ev: EventRecord | None = None) -> list[str]:
            names = [(ev.surfaces.get(k) if ev else None) or orgs[k].name for k in keys if k in orgs]
            return list(dict.fromkeys(names))

        def policy_name(key: str) -> str:
            p = next((p for p in self.policies if p.canonical == key), None)
            return p.name if p else key

        out: dict[str, Any] = {"doc": self.context.key}
        out["policies"] = [
            {"name": p.name, "canonical": p.canonical, "aliases": sorted(p.aliases - {p.name}), **({"key": p.key} if p.key else {})}
            for p in self.policies
        ]
        out["organisations"] = [
            {
                "name": o.name,
                "canonical": o.canonical,
                "aliases": sorted(a for a in o.aliases | ({o.full_name} if o.full_name else set()) if a != o.name),
                "level": o.level,
                "kind": o.kind,
                "scope": self._place_name(o.scope),
                "rule": o.rule,
                "confidence": o.confidence,
            }
            for o in self.organisations
        ]
        places: list[dict[str, Any]] = []
        sites: list[dict[str, Any]] = []
        for p in self.places:
            if p.level == "country":
                continue  # 全国 is context, not a place the report is about
            d: dict[str, Any] = {"name": p.name, "level": p.level}
            if p.surface - {p.name}:
                d["aliases"] = sorted(p.surface - {p.name})
            if p.code:
                d["code"] = p.code
            if p.inferred:
                d["inferred"] = True
            d["rule"], d["confidence"] = p.rule, p.confidence
            parent = self.place(p.parent) if p.parent else None
            if parent is not None:
                d["parent"] = parent.name
            elif p.parent and load_gazetteer().by_code(p.parent):
                d["parent"] = load_gazetteer().by_code(p.parent).name  # type: ignore[union-attr]
            (sites if p.level == "site" else places).append(d)
        out["places"] = places
        out["sites"] = sites  # service centres, parks, co-operatives: where things happen, not divisions
        events = []
        for e in self.events:
            events.append(
                {
                    "name": e.name,
                    "date": e.date,
                    "place": e.place,
                    # the scorer's fields: hosts include 承办/协办 organisers; attending bodies include attendees
                    "hosts": org_names(list(dict.fromkeys(e.hosts + e.organisers)), e),
                    "speakers_or_attending_bodies": list(dict.fromkeys(
                        org_names(list(dict.fromkeys(e.speakers + e.attendees)), e) + self._place_names(e.speaking_places))),
                    "speakers": org_names(e.speakers, e),
                    "attendees": org_names(e.attendees, e),
                    "guides": org_names(e.guides, e),
                    "organisers": org_names(e.organisers, e),
                    "implements": [policy_name(k) for k in e.implements],
                    "relays": list(e.relays),
                    "visits": [v.name for v in e.visits],
                    "held": e.held,
                    "rule": e.rule,
                    "confidence": e.confidence,
                }
            )
        out["events"] = events
        outs = []
        for o in self.outcomes:
            v = o.value
            value: int | float = int(v) if v == v.to_integral_value() else float(v)
            prog = cat.programme(o.programme) if o.programme else None
            d = {
                "indicator": o.indicator,
                "value": value,
                "unit": o.unit,
                "raw": o.raw,
                "kind": o.kind,
                "scope": o.scope,
            }
            d["rule"], d["confidence"] = o.rule, o.confidence
            if o.qualifier != "exact":
                d["qualifier"] = o.qualifier
            if prog:
                d["programme"] = prog.name_zh
            sp = self._province_of(o.scope_key)
            if sp:
                d["scope_province"] = sp
            if o.as_of:
                d["as_of"] = o.as_of
            if o.indicator_key:
                d["indicator_key"] = o.indicator_key
                entry = cat.indicator(o.indicator_key)
                if entry is not None:
                    d["indicator_concept"] = entry.name_zh
            outs.append(d)
        out["outcomes"] = outs
        ctx = self.context
        out["context"] = {
            "title": ctx.title,
            "date": ctx.date,
            "province": self._place_name(ctx.province),
            "province_inferred": ctx.province_inferred,
        }
        if self.warnings:
            out["warnings"] = list(self.warnings)
        return out

    def _place_names(self, keys: list[str]) -> list[str]:
        """Places by their name, or as written when the text never writes the full name."""
        out = []
        for k in keys:
            p = self.place(k)
            if p is not None:
                out.append(p.name if not p.surface or p.name in p.surface else min(p.surface, key=len))
        return out

    def _province_of(self, key: str | None) -> str | None:
        """The province (or 全国) a place key lies in: 411522/文殊乡 → 河南省."""
        if not key:
            return None
        gaz = load_gazetteer()
        d = gaz.by_code(key.split("/", 1)[0])
        if d is None:
            return None
        if d.level == "country":
            return "全国"
        p = gaz.by_code(d.province)
        return p.name if p else None

    def _place_name(self, code: str | None) -> str | None:
        if not code:
            return None
        d = load_gazetteer().by_code(code)
        return d.name if d else code
