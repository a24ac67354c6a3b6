"""Aggregate views: what a person can take in first, the detail one click away.

A view is a *forest* over the entities it covers. Outcomes hang under their indicator
concept, sub-places under their place (province → city → county), site visits under their
event, sites under their place; bodies, events and the long tail of policies and indicators
are gathered into clusters (bodies by province, then level; events by province, then year).
Every entity and cluster is a :class:`~visualise.views.Node` whose ``parent`` names the node it
is folded into, so the page opens on the roots (plus the clusters that fit the ``budget``) and
brings in a node's members when it is expanded.

Only what the corpus mentions is drawn: a catalogue entry (a policy, body, programme,
indicator or place the reference graphs define) appears only when some report names it or a
fact of a report points at it. Each entity carries its *facets* — provinces, years, policies,
programmes and body type of the facts it takes part in — which the page filters on.

Positions are computed here, deterministically: a seeded networkx spring layout of the nodes
visible at first (with the aggregated, strongest links), then the label boxes pushed apart
(from the font size and the wrapped label) so labels do not overlap at the default zoom; each
node's members get offsets of their own (a spiral, separated the same way), used by the page
when the node is expanded.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from kg.errors import UsageError
from kg.vocab import POV, SCHEMA
from visualise.views import Model, Node, ViewData, _make_node, _pick, _resolve

__all__ = [
    "FACT_TYPES",
    "BODY_KINDS",
    "DEFAULT_BUDGET",
    "MEMBER_CAP",
    "MAX_NODES",
    "aggregate_view",
    "label_box",
    "wrap_label",
]

#: entity types that are facts of a report (always mentioned by it)
FACT_TYPES = ("event", "visit", "outcome")
#: body types the page filters on: key -> (class local name, Chinese, English)
BODY_KINDS: dict[str, tuple[str, str, str]] = {
    "government": ("GovernmentBody", "政府机构", "government body"),
    "party": ("PartyBody", "党的机构", "party body"),
    "enterprise": ("Enterprise", "企业", "enterprise"),
    "social": ("SocialOrganisation", "社会组织", "social organisation"),
    "other": ("Organisation", "其他机构", "other body"),
}
#: most nodes visible when a view opens
DEFAULT_BUDGET = 100
#: most members of one node carried in the page (the rest are counted, and reached with --focus)
MEMBER_CAP = 25
#: most nodes one page carries
MAX_NODES = 4000

_ROLE_KINDS = ("host", "speaker", "attendee", "guide", "organiser", "participant")
_LEVELS = {
    str(POV.NationalLevel): (0, "国家级", "national"),
    str(POV.ProvincialLevel): (1, "省级", "provincial"),
    str(POV.CityLevel): (2, "市级", "city"),
    str(POV.CountyLevel): (3, "县级", "county"),
    str(POV.TownshipLevel): (4, "乡级", "township"),
    str(POV.VillageLevel): (5, "村级", "village"),
}
# property IRIs read in loops over every entity (an rdflib namespace look-up costs a microsecond)
_P_CODE = str(POV.divisionCode)
_P_LEVEL = str(POV.level)
_P_START = str(SCHEMA.startDate)
_P_AS_OF = str(POV.asOf)
_TOP_POLICIES = 15
_TOP_INDICATORS = 20
_FONT = 16.0


# --- label metrics (the page wraps labels the same way, see viewer.js wrap()) -----------------


def _is_cjk(c: str) -> bool:
    return (
        "\u3400" <= c <= "\u9fff"
        or "\uf900" <= c <= "\ufaff"
        or "\u3000" <= c <= "\u303f"
        or "\uff00" <= c <= "\uffef"
    )


def wrap_label(label: str) -> list[str]:
    """Lines of a label as the page draws it: Chinese every 8 characters, other text at spaces.

    Parameters
    ----------
    label : str
        The label.

    Returns
    -------
    list of str
        At most three lines.

    Examples
    --------
    >>> wrap_label("河南省委网络安全和信息化委员会办公室")
    ['河南省委网络安全', '和信息化委员会办', '公室']
    >>> wrap_label("Henan Provincial Poverty Alleviation Office")
    ['Henan Provincial', 'Poverty Alleviation', 'Office']
    """
    if 2 * sum(_is_cjk(c) for c in label) > len(label):
        if len(label) <= 9:
            return [label]
        lines = [label[i : i + 8] for i in range(0, len(label), 8)]
    else:
        lines, line = [], ""
        for word in label.split():
            if line and len(line) + 1 + len(word) > 22:
                lines.append(line)
                line = word
            else:
                line = f"{line} {word}" if line else word
        if line:
            lines.append(line)
        lines = [ln if len(ln) <= 26 else ln[:25] + "…" for ln in lines]
    if len(lines) > 3:
        lines = lines[:3]
        lines[2] = lines[2] + "…"
    return lines or [""]


def _text_width(text: str, font: float) -> float:
    return sum(font if _is_cjk(c) else font * 0.56 for c in text)


def label_box(label: str, font: float = _FONT) -> tuple[float, float]:
    """Width and height in pixels of a wrapped label at ``font`` pixels (an estimate from metrics).

    Examples
    --------
    >>> label_box("光山县", 14.0)
    (42.0, 16.8)
    """
    lines = wrap_label(label)
    return max(_text_width(ln, font) for ln in lines), len(lines) * font * 1.2


# --- facets --------------------------------------------------------------------------------------


@dataclass
class _Facets:
    provinces: set[str] = field(default_factory=set)
    years: set[int] = field(default_factory=set)
    policies: set[str] = field(default_factory=set)
    programmes: set[str] = field(default_factory=set)

    def merge(self, other: _Facets) -> None:
        self.provinces |= other.provinces
        self.years |= other.years
        self.policies |= other.policies
        self.programmes |= other.programmes


def _year(text: str) -> int | None:
    head = text[:4]
    return int(head) if len(head) == 4 and head.isdigit() else None


class _Corpus:
    """Facts, provinces, levels and body kinds of a model, computed once per view."""

    def __init__(self, m: Model, classes: dict[str, str]) -> None:
        self.m = m
        self.classes = classes
        self.by_code: dict[str, str] = {}
        for p in m.of_type("place"):
            code = m.first(p, _P_CODE)
            if code:
                self.by_code.setdefault(code, p)
        self._prov: dict[str, str] = {}
        self.facets: dict[str, _Facets] = {}
        self.degree: dict[str, int] = defaultdict(int)
        self._compute()

    # provinces ------------------------------------------------------------------------------
    def province(self, iri: str) -> str:
        """The province (IRI) a place, site or body belongs to, or ``""``."""
        if iri in self._prov:
            return self._prov[iri]
        m = self.m
        found = ""
        t = m.types.get(iri)
        if t in ("place", "site"):
            for p in [iri, *m.ancestors(iri)]:
                code = m.first(p, _P_CODE)
                if len(code) == 6 and code.isdigit() and code[:2] not in ("10", "00"):
                    prov = self.by_code.get(code[:2] + "0000", "")
                    if prov:
                        found = prov
                        break
        elif t == "body":
            for place in m.targets(iri, "serves"):
                found = self.province(place)
                if found:
                    break
            if not found and "/org/" in iri:
                code = iri.split("/org/", 1)[1].split("/", 1)[0]
                if len(code) == 6 and code.isdigit() and code[:2] not in ("10", "00"):
                    found = self.by_code.get(code[:2] + "0000", "")
        self._prov[iri] = found
        return found

    def level(self, iri: str) -> tuple[int, str, str]:
        return _LEVELS.get(self.m.first(iri, _P_LEVEL), (9, "其他", "other"))

    def body_kind(self, iri: str) -> str:
        local = self.classes.get(iri, "")
        for key, (name, _, _) in BODY_KINDS.items():
            if local == name:
                return key
        return "other"

    # facts ----------------------------------------------------------------------------------
    def _compute(self) -> None:
        m = self.m
        fact: dict[str, _Facets] = {}
        events = m.of_type("event")
        for e in events:
            f = _Facets()
            y = _year(m.first(e, _P_START))
            if y is None:
                y = _year(self._doc_date(e))
            if y:
                f.years.add(y)
            for p in m.targets(e, "heldIn"):
                if self.province(p):
                    f.provinces.add(self.province(p))
            if not f.provinces:
                for b in m.targets(e, "host"):
                    if self.province(b):
                        f.provinces.add(self.province(b))
            f.policies.update(m.targets(e, "implements"))
            fact[e] = f
        programme_policies: dict[str, list[str]] = {}
        for o in m.of_type("outcome"):
            f = _Facets()
            y = _year(m.first(o, _P_AS_OF)) or _year(self._doc_date(o))
            if y:
                f.years.add(y)
            # one pass over the outcome's links (there are 100,000 outcomes at 10k reports)
            reported: list[str] = []
            for k, t in m.out.get(o, ()):
                if k == "area":
                    prov = self.province(t)
                    if prov:
                        f.provinces.add(prov)
                elif k == "policy":
                    f.policies.add(t)
                elif k == "programme":
                    f.programmes.add(t)
                    if t not in programme_policies:
                        programme_policies[t] = m.targets(t, "programmeOf")
                    f.policies.update(programme_policies[t])
                elif k == "reportedAt":
                    reported.append(t)
            reported.sort()
            for e in reported:
                if e in fact:
                    if not f.provinces:
                        f.provinces |= fact[e].provinces
                    if not f.years:
                        f.years |= fact[e].years
                    fact[e].programmes |= f.programmes
            fact[o] = f
        for v in m.of_type("visit"):
            f = _Facets()
            for e in m.origins(v, "visit"):
                if e in fact:
                    f.merge(fact[e])
            y = _year(m.first(v, _P_START))
            if y:
                f.years = {y}
            fact[v] = f
        self.facts = fact
        # every other entity: the facets of the facts it is linked with, and its own
        facets: dict[str, _Facets] = {k: _copy(v) for k, v in fact.items()}
        for f_iri, f in fact.items():
            for _, o in m.out.get(f_iri, []):
                if o in fact or o not in m.types:
                    continue
                facets.setdefault(o, _Facets()).merge(f)
                self.degree[o] += 1
                self.degree[f_iri] += 1
        # places: the facts of their sub-places too
        for p in sorted(m.of_type("place", "site")):
            if p in facets:
                for a in m.ancestors(p):
                    facets.setdefault(a, _Facets()).merge(facets[p])
                    self.degree[a] += 1
        for iri, t in m.types.items():
            if t in ("place", "site", "body"):
                prov = self.province(iri)
                if prov:
                    facets.setdefault(iri, _Facets()).provinces.add(prov)
            elif t == "policy":
                facets.setdefault(iri, _Facets()).policies.add(iri)
            elif t == "programme":
                fs = facets.setdefault(iri, _Facets())
                fs.programmes.add(iri)
                fs.policies.update(m.targets(iri, "programmeOf"))
        self.facets = facets

    def _doc_date(self, iri: str) -> str:
        srcs = self.m.sources.get(iri, ())
        return srcs[0].date if srcs else ""

    def mentioned(self, iri: str) -> bool:
        """Whether a report names the entity or one of its facts points at it."""
        m = self.m
        if m.types.get(iri) in FACT_TYPES or iri in m.sources:
            return True
        return any(s in self.facts for _, s in m.inc.get(iri, []))


def _copy(f: _Facets) -> _Facets:
    return _Facets(set(f.provinces), set(f.years), set(f.policies), set(f.programmes))


# --- the forest ----------------------------------------------------------------------------------


@dataclass
class _Forest:
    """Entities and clusters of a view, with the node each is folded into."""

    c: _Corpus
    parent: dict[str, str | None] = field(default_factory=dict)
    clusters: dict[str, tuple[str, str, str]] = field(default_factory=dict)  # id -> (type, zh, en)
    order: dict[str, tuple[object, ...]] = field(default_factory=dict)

    def add(self, iri: str, parent: str | None) -> None:
        self.parent[iri] = parent

    def cluster(self, key: str, type_: str, zh: str, en: str, parent: str | None = None) -> str:
        cid = f"povkg:cluster/{key}"
        if cid not in self.clusters:
            self.clusters[cid] = (type_, zh, en)
            self.parent[cid] = parent
        return cid

    def children(self) -> dict[str | None, list[str]]:
        kids: dict[str | None, list[str]] = defaultdict(list)
        for k, p in self.parent.items():
            kids[p].append(k)
        return kids


def _names(c: _Corpus, iri: str) -> tuple[str, str]:
    if not iri:
        return "其他地区", "elsewhere"
    return c.m.label(iri, "zh"), c.m.label(iri, "en")


def _forest(c: _Corpus, ids: set[str], view: str) -> _Forest:
    """Fold ``ids`` into a forest of entities and clusters (see the module docstring)."""
    m = c.m
    fo = _Forest(c)
    by_type: dict[str, list[str]] = defaultdict(list)
    for i in sorted(ids):
        by_type[m.types[i]].append(i)

    def top(items: list[str], n: int) -> tuple[list[str], list[str]]:
        ranked = sorted(items, key=lambda i: (-c.degree.get(i, 0), i))
        return ranked[:n], ranked[n:]

    # places: a tree along the direct parents
    places = set(by_type["place"])
    for p in by_type["place"]:
        ps = [q for q in m.parents.get(p, []) if q in places]
        fo.add(p, ps[0] if ps else None)
    for s in by_type["site"]:
        ps = [q for q in m.parents.get(s, []) if q in places]
        fo.add(s, ps[0] if ps else None)
    # policies, programmes, indicators: the best connected first, the rest in a cluster
    coorg = view == "coorg"
    for t, cap, zh, en in (
        ("policy", _TOP_POLICIES, "其他政策", "other policies"),
        ("programme", _TOP_POLICIES, "其他工程", "other programmes"),
        ("indicator", _TOP_INDICATORS, "其他指标", "other indicators"),
    ):
        shown, rest = top(by_type[t], cap)
        for i in shown:
            fo.add(i, None)
        if rest:
            cl = fo.cluster(t, t, zh, en)
            if t == "policy":  # the long tail of policies by province
                for i in rest:
                    prov = sorted(c.facets.get(i, _Facets()).provinces)
                    key = prov[0] if len(prov) == 1 else ""
                    pz, pe = _names(c, key) if key else ("全国及跨省", "national or several provinces")
                    sub = fo.cluster(f"policy/{key}", t, f"{pz} · 政策", f"{pe} · policies", cl)
                    fo.add(i, sub)
            else:
                for i in rest:
                    fo.add(i, cl)
    # outcomes under their indicator
    for o in by_type["outcome"]:
        inds = [i for i in m.targets(o, "indicator") if i in ids]
        if inds:
            fo.add(o, inds[0])
        else:
            fo.add(o, fo.cluster("outcome", "outcome", "未归类成效", "outcomes without indicator"))
    # bodies by province, then level
    for b in by_type["body"]:
        prov = c.province(b)
        rank, lz, le = c.level(b)
        pz, pe = _names(c, prov) if prov or rank else ("全国", "nationwide")
        if coorg:
            parent = fo.cluster(f"body/{prov}/{rank}", "body", f"{pz} · {lz}机构", f"{pe} · {le} bodies")
        else:
            home = prov if prov in places else None  # the bodies of a province hang under it
            top_ = fo.cluster(f"body/{prov}", "body", f"{pz} · 机构", f"{pe} · bodies", home)
            parent = fo.cluster(
                f"body/{prov}/{rank}", "body", f"{pz} · {lz}机构", f"{pe} · {le} bodies", top_
            )
        fo.order[b] = (rank,)
        fo.add(b, parent)
    # events by province, then year; visits under their event
    events = set(by_type["event"])
    per_prov: dict[str, list[str]] = defaultdict(list)
    for e in by_type["event"]:
        provs = sorted(c.facts.get(e, _Facets()).provinces)
        per_prov[provs[0] if provs else ""].append(e)
    for prov, evs in per_prov.items():
        pz, pe = _names(c, prov)
        home = prov if prov in places and not coorg else None
        top_ = fo.cluster(f"event/{prov}", "event", f"{pz} · 活动", f"{pe} · events", home)
        for e in evs:
            years = sorted(c.facts.get(e, _Facets()).years)
            if len(evs) > 12 and years:
                parent = fo.cluster(
                    f"event/{prov}/{years[0]}",
                    "event",
                    f"{pz} · {years[0]}年活动",
                    f"{pe} · events of {years[0]}",
                    top_,
                )
            else:
                parent = top_
            fo.add(e, parent)
    for v in by_type["visit"]:
        evs = [e for e in m.origins(v, "visit") if e in events]
        fo.add(v, evs[0] if evs else fo.cluster("visit", "visit", "调研", "site visits"))
    return fo


def _simplify(fo: _Forest) -> None:
    """Drop clusters with a single member (the member takes its place) or none."""
    kids = fo.children()
    for cid in sorted(fo.clusters, key=lambda k: (-_depth(fo.parent, k), k)):
        members = kids.get(cid, [])
        if len(members) > 1:
            continue
        up = fo.parent[cid]
        for k in members:
            fo.parent[k] = up
            kids[up].append(k)
        kids[up].remove(cid)
        del fo.parent[cid]
        del fo.clusters[cid]


def _cap(fo: _Forest, cap: int) -> dict[str, int]:
    """Keep at most ``cap`` members under each node (the best connected); returns how many left out."""
    kids = fo.children()
    more: dict[str, int] = {}
    dropped: set[str] = set()
    for p, members in kids.items():
        if p is None or len(members) <= cap:
            continue
        # the place tree down to the county is never cut
        kept = [i for i in members if _tree_place(fo.c, i)]
        rest = sorted(
            (i for i in members if not _tree_place(fo.c, i)),
            key=lambda i: (i not in fo.clusters, -fo.c.degree.get(i, 0), i),
        )
        room = max(0, cap - len(kept))
        dropped.update(rest[room:])
        if len(rest) > room:
            more[p] = len(rest) - room
    todo = list(dropped)
    while todo:
        i = todo.pop()
        fo.parent.pop(i, None)
        fo.clusters.pop(i, None)
        for k in kids.get(i, []):
            if k in fo.parent:
                todo.append(k)
    return more


# --- layout --------------------------------------------------------------------------------------


def _box(node: Node, lang: str = "zh") -> tuple[float, float, float]:
    """Width, height and vertical centre offset of a node drawn with its label below it."""
    w, h = label_box(_shown_label(node, lang), node.font)
    width = max(w, 2 * node.size) + 10
    height = 2 * node.size + 4 + h + 8
    return width, height, (h + 4) / 2


def _shown_label(node: Node, lang: str) -> str:
    label = node.label(lang)
    if node.count and (node.cluster or node.count > 1):
        label = f"{label} ({node.count + node.more})"
    return label


def separate(xy: list[list[float]], boxes: list[tuple[float, float, float]], iterations: int = 200) -> None:
    """Push apart rectangles (centred at ``xy`` shifted by their offset) until none overlap.

    Parameters
    ----------
    xy : list of [x, y]
        Centres, changed in place.
    boxes : list of (width, height, dy)
        Size of each rectangle and the vertical offset of its centre from the node.
    iterations : int
        Most rounds of pushing.
    """
    import numpy as np

    n = len(xy)
    if n < 2:
        return
    pos = np.array(xy, dtype=float)
    wh = np.array([(b[0], b[1]) for b in boxes], dtype=float)
    dy = np.array([b[2] for b in boxes], dtype=float)
    for _ in range(iterations):
        cx, cy = pos[:, 0], pos[:, 1] + dy
        ox = (wh[:, 0][:, None] + wh[:, 0][None, :]) / 2 - np.abs(cx[:, None] - cx[None, :])
        oy = (wh[:, 1][:, None] + wh[:, 1][None, :]) / 2 - np.abs(cy[:, None] - cy[None, :])
        hit = (ox > 0) & (oy > 0)
        np.fill_diagonal(hit, False)
        if not hit.any():
            break
        sx = np.sign(cx[:, None] - cx[None, :])
        sy = np.sign(cy[:, None] - cy[None, :])
        # ties (same centre) are broken by index so the result stays deterministic
        idx = np.arange(n)
        tie = np.where(idx[:, None] > idx[None, :], 1.0, -1.0)
        sx = np.where(sx == 0, tie, sx)
        sy = np.where(sy == 0, tie, sy)
        along_x = ox < oy
        push_x = np.where(hit & along_x, sx * ox / 2 + sx * 0.5, 0.0).sum(axis=1)
        push_y = np.where(hit & ~along_x, sy * oy / 2 + sy * 0.5, 0.0).sum(axis=1)
        pos[:, 0] += push_x * 0.6
        pos[:, 1] += push_y * 0.6
    for i in range(n):
        xy[i][0], xy[i][1] = float(pos[i, 0]), float(pos[i, 1])


def _spiral(boxes: list[tuple[float, float, float]]) -> list[list[float]]:
    """A sunflower spiral roomy enough for the boxes, then separated; centred on (0, 0)."""
    n = len(boxes)
    area = sum(b[0] * b[1] for b in boxes) / max(n, 1)
    step = math.sqrt(area / math.pi) * 1.15
    golden = math.pi * (3 - math.sqrt(5))
    pts = [
        [step * math.sqrt(i + 0.5) * math.cos(i * golden), step * math.sqrt(i + 0.5) * math.sin(i * golden)]
        for i in range(n)
    ]
    separate(pts, boxes)
    return pts


def _spring(
    ids: list[str], edges: dict[tuple[str, str], float], boxes: list[tuple[float, float, float]], seed: int
) -> list[list[float]]:
    import networkx as nx  # type: ignore[import-untyped]

    n = len(ids)
    if n == 0:
        return []
    g = nx.Graph()
    g.add_nodes_from(range(n))
    index = {k: i for i, k in enumerate(ids)}
    for (a, b), w in sorted(edges.items()):
        g.add_edge(index[a], index[b], weight=math.log2(1 + w))
    init = {i: (math.cos(i * 2.4) * math.sqrt(i + 1), math.sin(i * 2.4) * math.sqrt(i + 1)) for i in range(n)}
    pos = nx.spring_layout(g, pos=init, seed=seed, iterations=150, k=1.4 / math.sqrt(n), weight="weight")
    # into an ellipse of the page's shape, roomy enough for the boxes, with even density:
    # each node keeps its direction from the centre and the rank of its distance, and the
    # distance becomes sqrt(rank / n) of the radius (a dense core and a sparse fringe would
    # leave the labels of the core too small once the page fits everything in view)
    xs = sorted(pos[i][0] for i in range(n))
    ys = sorted(pos[i][1] for i in range(n))
    cx, cy = xs[n // 2], ys[n // 2]
    dist = [math.hypot(pos[i][0] - cx, pos[i][1] - cy) for i in range(n)]
    rank = {i: r for r, i in enumerate(sorted(range(n), key=lambda i: (dist[i], i)))}
    area = sum(b[0] * b[1] for b in boxes) / _PACKING
    width = math.sqrt(area * _ASPECT)
    height = width / _ASPECT
    pts = []
    for i in range(n):
        dx, dy = pos[i][0] - cx, pos[i][1] - cy
        r = dist[i]
        ux, uy = (dx / r, dy / r) if r > 0 else (0.0, 0.0)
        f = math.sqrt((rank[i] + 0.5) / n)
        pts.append([ux * f * width / 2, uy * f * height / 2])
    separate(pts, boxes, iterations=400)
    return pts


#: share of the drawing the label boxes fill, and its width / height (the page's shape)
_PACKING = 0.5
_ASPECT = 1.8


def _lift(
    rels: Iterable[tuple[str, str, str]], parent: dict[str, str | None], shown: set[str]
) -> dict[tuple[str, str], float]:
    """Links between shown nodes: each relation moved up to the nearest shown ancestor of its ends."""

    def rep(i: str) -> str | None:
        seen = 0
        while i not in shown:
            p = parent.get(i)
            if p is None or seen > 50:
                return None
            i, seen = p, seen + 1
        return i

    out: dict[tuple[str, str], float] = defaultdict(float)
    for s, _, o in rels:
        if s not in parent or o not in parent:
            continue
        a, b = rep(s), rep(o)
        if a and b and a != b:
            out[(min(a, b), max(a, b))] += 1.0
    # the strongest three of each node
    per: dict[str, list[tuple[float, tuple[str, str]]]] = defaultdict(list)
    for k, w in out.items():
        per[k[0]].append((w, k))
        per[k[1]].append((w, k))
    keep: set[tuple[str, str]] = set()
    for lst in per.values():
        keep.update(k for _, k in sorted(lst, key=lambda x: (-x[0], x[1]))[:3])
    return {k: out[k] for k in sorted(keep)}


# --- the views -----------------------------------------------------------------------------------


def _subset(
    c: _Corpus, view: str, name: str | None, focus: str | None, depth: int
) -> tuple[set[str], str | None, str, str]:
    m = c.m
    kinds = {"policy", "programme", "indicator", "body", "event", "visit", "outcome", "place", "site"}
    if focus is not None:
        root = _resolve(m, focus, tuple(sorted(kinds)), "entity")
        ids = {root}
        ring = {root}
        for _ in range(max(0, depth)):
            nxt: set[str] = set()
            for i in ring:
                for _, o in m.out.get(i, []):
                    nxt.add(o)
                for _, s in m.inc.get(i, []):
                    nxt.add(s)
            # a place's neighbourhood is its facts, not the whole place hierarchy below it
            ring = {i for i in nxt - ids if m.types.get(i) in kinds}
            ids |= ring
        ids = {i for i in ids if c.mentioned(i) or i == root}
        return _with_places(c, ids), root, f"焦点：{m.label(root, 'zh')}", f"Focus: {m.label(root, 'en')}"
    if view == "coorg":
        if name is not None:
            raise UsageError("--name applies to the policy, place and event views")
        ids = {o for s, k, o in m.rels if k == "host" and m.types.get(o) == "body"}
        return ids, None, "机构共同主办网络", "Co-hosting network of bodies"
    if view == "policy":
        p = _pick(m, name, ("policy",), "policy")
        programmes = set(m.origins(p, "programmeOf"))
        events = set(m.origins(p, "implements"))
        outcomes = set(m.origins(p, "policy"))
        for prog in programmes:
            outcomes.update(m.origins(prog, "programme"))
        ids = {p} | programmes | events | outcomes
        ids.update(m.targets(p, "issuedBy", "basedOn"))
        ids.update(m.origins(p, "basedOn"))
        for e in events:
            ids.update(m.targets(e, *_ROLE_KINDS, "heldIn", "visit"))
        for o in outcomes:
            ids.update(m.targets(o, "indicator", "area"))
        ids = {i for i in ids if i in m.types and (c.mentioned(i) or i == p)}
        return _with_places(c, ids), p, f"政策：{m.label(p, 'zh')}", f"Policy: {m.label(p, 'en')}"
    if view == "event":
        e = _pick(m, name, ("event", "visit"), "event")
        outcomes = set(m.origins(e, "reportedAt"))
        visits = set(m.targets(e, "visit"))
        ids = {e} | outcomes | visits
        ids.update(m.targets(e, *_ROLE_KINDS, "implements", "heldIn", "relays"))
        ids.update(m.origins(e, "relays", "visit"))
        for o in outcomes:
            ids.update(m.targets(o, "indicator"))
        for v in visits:
            ids.update(m.targets(v, "heldIn"))
        ids = {i for i in ids if i in m.types}
        return _with_places(c, ids), e, f"活动：{m.label(e, 'zh')}", f"Event: {m.label(e, 'en')}"
    if view == "place":
        places = {p for p in m.of_type("place", "site") if c.mentioned(p)}
        root = None
        title, title_en = "地点层级", "Places"
        if name is not None:
            root = _resolve(m, name, ("place", "site"), "place")
            places = {p for p in places if p == root or root in m.ancestors(p)} | {root}
            title, title_en = f"地点：{m.label(root, 'zh')}", f"Place: {m.label(root, 'en')}"
        ids = set(places)
        for s, k, o in m.rels:
            if o in places and (
                k == "heldIn" and m.types.get(s) == "event" or k == "area" and m.types.get(s) == "outcome"
            ):
                ids.add(s)
        ids.update(i for o in list(ids) if m.types.get(o) == "outcome" for i in m.targets(o, "indicator"))
        if root is None:  # the whole tree stops at the county; a named place shows all below it
            ids = {i for i in _with_places(c, ids) if not _below_county(c, i)}
        return ids, root, title, title_en
    if name is not None:
        raise UsageError("--name applies to the policy, place and event views")
    ids = {i for i, t in m.types.items() if t in kinds and c.mentioned(i)}
    # the overview's place tree stops at the county: townships, villages and sites are in
    # the place view and in the focus of a county
    ids = {i for i in _with_places(c, ids) if not _below_county(c, i)}
    return ids, None, "网络扶贫知识图谱 · 总览", "povkg · overview"


def _tree_place(c: _Corpus, iri: str) -> bool:
    return c.m.types.get(iri) == "place" and c.level(iri)[0] <= 3


def _below_county(c: _Corpus, iri: str) -> bool:
    t = c.m.types.get(iri)
    return t == "site" or (t == "place" and c.level(iri)[0] in (4, 5))


def _with_places(c: _Corpus, ids: set[str]) -> set[str]:
    out = set(ids)
    for i in list(ids):
        if c.m.types.get(i) in ("place", "site"):
            out.update(a for a in c.m.ancestors(i) if a in c.m.types)
    return out


def aggregate_view(
    m: Model,
    classes: dict[str, str],
    view: str = "overview",
    name: str | None = None,
    focus: str | None = None,
    depth: int = 2,
    budget: int = DEFAULT_BUDGET,
    member_cap: int = MEMBER_CAP,
    seed: int = 7,
    lang: str = "zh",
    max_nodes: int = MAX_NODES,
) -> ViewData:
    """Build one aggregate view of a model (see the module docstring).

    Parameters
    ----------
    m : Model
        The graph, from :func:`visualise.views.load_model`.
    classes : dict
        IRI -> local name of its most specific body class (for the body-type facet).
    view : str
        One of :data:`visualise.views.VIEWS`.
    name : str, optional
        The policy, place or event the view is about.
    focus : str, optional
        An entity of any type: the view shows its neighbourhood to ``depth`` instead.
    depth : int
        Steps of the focus neighbourhood.
    budget : int
        Most nodes visible when the page opens.
    member_cap : int
        Most members of one node carried in the page.
    seed : int
        Seed of the layout.
    lang : str
        The language the page opens in: labels are kept apart in that language.
    max_nodes : int
        Most nodes carried in the page (``member_cap`` is lowered until they fit), which
        bounds the size of the page whatever the size of the corpus.

    Returns
    -------
    ViewData
        Nodes (entities and clusters, with parents, facets and positions) and edges.
    """
    c = _Corpus(m, classes)
    ids, root, title, title_en = _subset(c, view, name, focus, depth)
    if view == "place" and focus is None:
        budget = min(budget, 40)  # a tree is one row per leaf: fewer fit the page
        ids = {i for i in ids if m.types.get(i) in ("place", "site", "event", "outcome", "indicator")}
    fo = _forest(c, ids, view if focus is None else "focus")
    if view == "place" and focus is None:
        _place_forest(c, fo, ids)
    if root is not None and root in fo.parent:
        fo.parent[root] = None  # the entity the view is about is always a root
    _simplify(fo)
    # at most member_cap members per node, fewer while the page would carry too many nodes
    keep = dict(fo.parent), dict(fo.clusters)
    while True:
        more = _cap(fo, member_cap)
        # down to no members at all beside the place tree (its nodes then only count them)
        if len(fo.parent) <= max_nodes or member_cap == 0:
            break
        fo.parent, fo.clusters = dict(keep[0]), dict(keep[1])
        member_cap = int(member_cap * 0.75)
    kids = fo.children()

    # counts of the entities below each node
    count: dict[str, int] = {}

    def count_of(i: str) -> int:
        if i not in count:
            count[i] = (0 if i in fo.clusters else 1) + sum(count_of(k) for k in kids.get(i, []))
        return count[i]

    for i in fo.parent:
        count_of(i)

    # nodes
    nodes: dict[str, Node] = {}
    for i in sorted(fo.parent):
        f = c.facets.get(i, _Facets())
        facets: tuple[tuple[str, tuple[str, ...]], ...] = ()
        if i not in fo.clusters:
            facets = (
                ("province", tuple(sorted(f.provinces))),
                ("year", tuple(str(y) for y in sorted(f.years))),
                ("policy", tuple(sorted(f.policies))),
                ("programme", tuple(sorted(f.programmes))),
            )
            if m.types[i] == "body":
                facets += (("bodytype", (c.body_kind(i),)),)
            base = _make_node(m, i)
            deg = c.degree.get(i, 0)
            size = round(min(26.0, 8.0 + 2.0 * math.sqrt(deg)), 1)
            n_below = count[i] - 1
            nodes[i] = replace(
                base, size=size, parent=fo.parent[i], count=n_below, more=more.get(i, 0),
                font=20.0 if size >= 22 else _FONT, facets=facets,
            )  # fmt: skip
        else:
            t, zh, en = fo.clusters[i]
            n = count[i] + more.get(i, 0)
            nodes[i] = Node(
                id=i, type=t, label_zh=zh, label_en=en, size=round(min(26.0, 10.0 + 2.0 * math.sqrt(n)), 1),
                parent=fo.parent[i], cluster=True, count=count[i], more=more.get(i, 0), font=17.0,
            )  # fmt: skip

    # what shows when the page opens: the roots, then clusters and root places opened
    # (fewest members first) while the budget lasts
    shown = {i for i, p in fo.parent.items() if p is None}
    opened: set[str] = set()

    tree = view == "place" and focus is None

    def opens(i: str) -> bool:
        if tree:  # the place tree opens its places; events and outcomes stay counted
            return bool(kids.get(i)) and i not in fo.clusters and m.types.get(i) in ("place", "site")
        return bool(kids.get(i)) and (
            i in fo.clusters or i == root or m.types.get(i) in ("place", "site", "event")
        )

    def rank(i: str) -> tuple[object, ...]:
        return (i != root, m.types.get(i) not in ("place", "site"), len(kids.get(i, [])), i)

    frontier = sorted((i for i in shown if opens(i)), key=rank)
    while frontier:
        i = frontier.pop(0)
        members = kids.get(i, [])
        if not members or (i != root and len(shown) + len(members) - (i in fo.clusters) > budget):
            continue
        opened.add(i)
        if i in fo.clusters:
            shown.discard(i)
        shown.update(members)
        frontier.extend(k for k in members if opens(k))
        frontier.sort(key=rank)

    rels = [(s, k, o) for (s, k, o) in m.rels if s in fo.parent and o in fo.parent]
    if view == "coorg" and focus is None:
        rels = _cohost_rels(m, fo)
    shown_ids = sorted(shown, key=lambda i: (_order(nodes[i]), i))
    boxes = {i: _box(nodes[i], lang) for i in nodes}
    pos: dict[str, tuple[float, float]] = {}
    if view == "place" and focus is None:
        pass  # the page lays out the tree
    else:
        lifted = _lift(rels, dict(fo.parent), shown)
        pts = _spring(shown_ids, lifted, [boxes[i] for i in shown_ids], seed)
        pos = {i: (p[0], p[1]) for i, p in zip(shown_ids, pts, strict=True)}
        # clusters that opened sit at the centre of their members
        for i in sorted(opened, key=lambda k: -_depth(fo.parent, k)):
            members = [pos[k] for k in kids.get(i, []) if k in pos]
            if i not in pos and members:
                pos[i] = (
                    sum(p[0] for p in members) / len(members),
                    sum(p[1] for p in members) / len(members),
                )
    # members of every other node: a spiral around it
    order = sorted(nodes, key=lambda i: (_depth(fo.parent, i), i))
    for i in order:
        members = sorted(kids.get(i, []), key=lambda k: (_order(nodes[k]), k))
        todo = [k for k in members if k not in pos]
        if not todo:
            continue
        base = pos.get(i, (0.0, 0.0))
        offsets = _spiral([boxes[k] for k in todo])
        for k, (dx, dy) in zip(todo, offsets, strict=True):
            pos[k] = (base[0] + dx, base[1] + dy)
    out_nodes = tuple(
        sorted(
            (replace(n, x=round(pos.get(i, (0.0, 0.0))[0], 1), y=round(pos.get(i, (0.0, 0.0))[1], 1), shown=i in shown)
             for i, n in nodes.items()),
            key=lambda n: (n.id),
        )
    )  # fmt: skip
    from visualise.views import Edge

    if view == "coorg" and focus is None:
        edges = tuple(_cohost_edges(m, fo))
    else:
        edges = tuple(
            Edge(s, o, k, sources=m.rels.get((s, k, o), ())) for s, k, o in sorted(set(rels)) if s != o
        )
    return ViewData(
        nodes=out_nodes,
        edges=edges,
        title=title,
        title_en=title_en,
        view=view if focus is None else "focus",
        layout="tree" if view == "place" and focus is None else "fixed",
        size_note="cohost" if view == "coorg" else "aggregate",
        budget=budget,
        focus=root or "",
        lang=lang,
    )


def _order(n: Node) -> tuple[object, ...]:
    from visualise.views import _type_rank

    return (_type_rank(n.type), not n.cluster, n.label_zh)


def _depth(parent: dict[str, str | None], i: str) -> int:
    d = 0
    while parent.get(i) is not None and d < 50:
        i = parent[i]  # type: ignore[assignment]
        d += 1
    return d


def _place_forest(c: _Corpus, fo: _Forest, ids: set[str]) -> None:
    """In the place view, events and outcomes hang under the place they are in (or the
    nearest place above it that the tree shows); indicators are left out."""
    m = c.m

    def home(i: str, rel: str) -> str | None:
        for p in m.targets(i, rel):
            for q in [p, *m.ancestors(p)]:
                if q in fo.parent and m.types.get(q) in ("place", "site"):
                    return q
        return None

    for i in sorted(ids):
        t = m.types.get(i)
        if t not in ("event", "outcome"):
            continue
        place = home(i, "heldIn" if t == "event" else "area")
        if place is None:
            fo.parent.pop(i, None)
            continue
        pz, pe = _names(c, place)
        if t == "event":
            fo.add(i, fo.cluster(f"place-events/{place}", "event", f"{pz} · 活动", f"{pe} · events", place))
        else:
            fo.add(
                i, fo.cluster(f"place-outcomes/{place}", "outcome", f"{pz} · 成效", f"{pe} · outcomes", place)
            )
    for i in sorted(ids):
        if m.types.get(i) == "indicator":
            fo.parent.pop(i, None)
    for i, p in list(fo.parent.items()):
        if p is not None and p not in fo.parent:
            fo.parent[i] = None


def _cohost_rels(m: Model, fo: _Forest) -> list[tuple[str, str, str]]:
    out = []
    for a, b, _ in _cohost_pairs(m, fo):
        out.append((a, "cohost", b))
    return out


def _cohost_pairs(m: Model, fo: _Forest) -> list[tuple[str, str, list[str]]]:
    hosts: dict[str, set[str]] = defaultdict(set)
    for s, k, o in m.rels:
        if k == "host" and o in fo.parent:
            hosts[s].add(o)
    pairs: dict[tuple[str, str], list[str]] = defaultdict(list)
    for e in sorted(hosts):
        bs = sorted(hosts[e])
        for x, a in enumerate(bs):
            for b in bs[x + 1 :]:
                pairs[(a, b)].append(e)
    return [(a, b, evs) for (a, b), evs in sorted(pairs.items())]


def _cohost_edges(m: Model, fo: _Forest) -> list[object]:
    from visualise.views import Edge

    edges = []
    for a, b, events in _cohost_pairs(m, fo):
        shown = events[:5]
        zh = "、".join(m.label(e, "zh") for e in shown) + ("…" if len(events) > 5 else "")
        en = "; ".join(m.label(e, "en") for e in shown) + ("…" if len(events) > 5 else "")
        srcs = tuple(s for e in shown for s in m.sources.get(e, ())[:1])[:3]
        edges.append(Edge(a, b, "cohost", float(len(events)), details=(("events", zh, en),), sources=srcs))
    return edges
