"""The povkg vocabulary: namespaces, graph names and every ontology term the code writes.

This module is the contract between the pipeline (``kg/build.py`` writes these terms), the
ontology (``ontology/*.ttl`` declares them, with labels and definitions in Chinese and English),
the named queries (``queries/*.rq``) and the viewer. ``POV`` is a closed namespace: asking
for a term that is not listed here raises ``AttributeError`` (``_fail = True``), so a typo is
caught at import time of the caller, not as silently empty query results. A test checks that
every term listed here is declared in the ontology and vice versa.

Examples
--------
>>> from kg.vocab import POV, ID
>>> str(POV.Policy)
'https://w3id.org/povkg/def#Policy'
>>> str(ID["place/411522"])
'https://w3id.org/povkg/id/place/411522'
"""

from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import DefinedNamespace

__all__ = [
    "POV",
    "ID",
    "GRAPH",
    "ORG",
    "PROV",
    "SCHEMA",
    "QB",
    "SDMX_ATTR",
    "OA",
    "ELI",
    "G_ONTOLOGY",
    "G_GAZETTEER",
    "G_CATALOGUE",
    "G_INFERRED",
    "G_INFERRED_STATE",
    "PREFIXES",
    "doc_iri",
    "place_iri",
]

BASE = "https://w3id.org/povkg/"


class POV(DefinedNamespace):
    """Terms of the povkg ontology (``pov:``)."""

    _NS = Namespace(BASE + "def#")
    _fail = True

    # --- classes -------------------------------------------------------------------------
    Policy: URIRef  # 政策: a policy document or strategy
    Programme: URIRef  # 工程: a part of a policy (dct:isPartOf the policy)
    Organisation: URIRef  # 机构 (subclass of org:Organization)
    GovernmentBody: URIRef  # 政府机构
    PartyBody: URIRef  # 党委机构
    Enterprise: URIRef  # 企业
    SocialOrganisation: URIRef  # 社会组织 (foundations, associations, schools ...)
    Place: URIRef  # 地点
    AdministrativeDivision: URIRef  # 行政区划
    Country: URIRef  # 国家 (全国)
    Province: URIRef  # 省级行政区
    PrefectureCity: URIRef  # 地级行政区
    County: URIRef  # 县级行政区
    Township: URIRef  # 乡级行政区
    Village: URIRef  # 村
    Site: URIRef  # 场所: industrial park, orchard, base ...
    Event: URIRef  # 活动 (schema:Event, prov:Activity)
    Meeting: URIRef  # 会议
    SiteVisit: URIRef  # 调研/考察
    Participation: URIRef  # 参与: qualified role of a body in an event
    Role: URIRef  # 角色 (a skos:Concept)
    Observation: URIRef  # 成效观测 (qb:Observation)
    Indicator: URIRef  # 指标 (skos:Concept)
    Level: URIRef  # 层级 (skos:Concept)
    Qualifier: URIRef  # 数值限定 (skos:Concept)
    ObservationKind: URIRef  # 观测类型 (skos:Concept)
    Document: URIRef  # 报告文档 (prov:Entity, foaf:Document)
    TextSelector: URIRef  # 文本选择器 (oa:TextPositionSelector + oa:TextQuoteSelector)

    # --- individuals ---------------------------------------------------------------------
    HostRole: URIRef  # 主办
    SpeakerRole: URIRef  # 讲话
    AttendeeRole: URIRef  # 出席/参会
    GuideRole: URIRef  # 指导
    OrganiserRole: URIRef  # 承办
    NationalLevel: URIRef
    ProvincialLevel: URIRef
    CityLevel: URIRef
    CountyLevel: URIRef
    TownshipLevel: URIRef
    VillageLevel: URIRef
    Exact: URIRef
    MoreThan: URIRef  # 余/多/以上/超过
    AtLeast: URIRef  # 不少于/至少
    About: URIRef  # 近/约/左右
    LessThan: URIRef  # 不到/不足
    Result: URIRef
    Target: URIRef
    Baseline: URIRef
    IndicatorScheme: URIRef  # the skos:ConceptScheme of indicators
    RoleScheme: URIRef
    LevelScheme: URIRef
    QualifierScheme: URIRef
    KindScheme: URIRef

    # --- places and bodies ---------------------------------------------------------------
    partOf: URIRef  # transitive: county partOf city partOf province
    locatedIn: URIRef  # a site or body in a place; subPropertyOf partOf
    divisionCode: URIRef  # GB/T 2260 code (subPropertyOf dct:identifier)
    level: URIRef  # a pov:Level
    serves: URIRef  # the place a body serves (its jurisdiction)
    counterpartOf: URIRef  # provincial body -> national body it mirrors (one level up)
    catalogueKey: URIRef  # stable key of a catalogue entry

    # --- policies ------------------------------------------------------------------------
    isIssuedBy: URIRef  # policy -> issuing body (one triple each)
    documentNumber: URIRef  # 发文字号
    isBasedOn: URIRef  # policy -> policy
    measuresProgramme: URIRef  # indicator -> programme
    indicatorUnit: URIRef  # indicator -> the unit its figures come in ("%", "个", "元" ...)

    # --- events --------------------------------------------------------------------------
    heldIn: URIRef  # event -> place (subPropertyOf schema:location)
    implementsPolicy: URIRef  # event -> policy
    relaysMeeting: URIRef  # event -> event whose spirit it relays (传达学习…精神)
    includesVisit: URIRef  # meeting -> site visit (subPropertyOf schema:subEvent)
    hasHost: URIRef
    hasSpeaker: URIRef
    hasAttendee: URIRef
    hasGuide: URIRef
    hasOrganiser: URIRef
    hasParticipation: URIRef  # event -> pov:Participation
    participant: URIRef  # participation -> body
    role: URIRef  # participation -> pov:Role

    # --- observations --------------------------------------------------------------------
    indicator: URIRef
    value: URIRef  # xsd:decimal
    valueAsWritten: URIRef  # the figure exactly as written ("489.4亿元")
    unit: URIRef  # plain literal: "%", "个", "元", "人次" ...
    qualifier: URIRef
    kind: URIRef
    area: URIRef  # place the figure is about
    asOf: URIRef  # xsd:date / gYearMonth / gYear literal
    forProgramme: URIRef
    underPolicy: URIRef
    reportedAt: URIRef  # observation -> event it was reported at

    # --- documents and evidence ----------------------------------------------------------
    inDocument: URIRef  # selector -> document
    isMentionedIn: URIRef  # entity -> selector of a sentence naming it
    contentHash: URIRef  # sha256 of the original bytes, hex
    confidence: URIRef  # entity / observation / event -> xsd:decimal, from its extraction rule
    fileName: URIRef
    province: URIRef  # document -> province it is about
    sentenceIndex: URIRef  # selector -> xsd:integer


ID = Namespace(BASE + "id/")
GRAPH = Namespace(BASE + "graph/")
G_ONTOLOGY = GRAPH["ontology"]
G_GAZETTEER = GRAPH["gazetteer"]
G_CATALOGUE = GRAPH["catalogue"]
G_INFERRED = GRAPH["inferred"]
#: Where a build records which documents ``graph/inferred`` was computed from (written last).
G_INFERRED_STATE = GRAPH["inferred-state"]

ORG = Namespace("http://www.w3.org/ns/org#")
PROV = Namespace("http://www.w3.org/ns/prov#")
SCHEMA = Namespace("https://schema.org/")
QB = Namespace("http://purl.org/linked-data/cube#")
SDMX_ATTR = Namespace("http://purl.org/linked-data/sdmx/2009/attribute#")
OA = Namespace("http://www.w3.org/ns/oa#")
ELI = Namespace("http://data.europa.eu/eli/ontology#")

#: prefix -> namespace, for serialisers and query headers; predefined in every query
#: (``povkg prefixes`` lists them)
PREFIXES: dict[str, str] = {
    "pov": BASE + "def#",
    "id": BASE + "id/",
    "graph": BASE + "graph/",
    "org": str(ORG),
    "prov": str(PROV),
    "schema": str(SCHEMA),
    "qb": str(QB),
    "oa": str(OA),
    "eli": str(ELI),
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dct": "http://purl.org/dc/terms/",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}


def place_iri(code: str) -> URIRef:
    """IRI of an administrative division by its code.

    >>> place_iri("411522")
    rdflib.term.URIRef('https://w3id.org/povkg/id/place/411522')
    """
    return ID[f"place/{code}"]


def doc_iri(key: str) -> URIRef:
    """IRI (and named-graph name) of a document by its ASCII key.

    >>> doc_iri("henan-2020-11-10-guangshan")
    rdflib.term.URIRef('https://w3id.org/povkg/id/doc/henan-2020-11-10-guangshan')
    """
    return ID[f"doc/{key}"]
