"""Build: reports → RDF, one named graph per document, into a store.

:func:`read_report` decodes a file and its optional ``NAME.meta.json`` sidecar;
:func:`build_document_graph` turns one :class:`~kg.extract.Extraction` into an rdflib graph
(the shapes of ``docs/model.md``); :func:`build_corpus` runs it over files and folders, in
parallel with ``jobs > 1``, and writes each document in one atomic update, skipping
documents whose content hash is unchanged. :func:`build_reference` loads the ontology,
gazetteer and catalogue graphs.
"""

from __future__ import annotations

import bisect
import hashlib
import json
import os
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox
from rdflib import RDF, RDFS, SKOS, XSD, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS
from rdflib.plugins.serializers.nt import _nt_row

from kg.errors import InputError, KgError
from kg.extract import DocContext, Extraction, parse_report
from kg.normalise import decode_bytes, normalise_text
from kg.resolve import (
    doc_key,
    event_iri,
    indicator_iri,
    obs_iri,
    org_iri,
    place_key_iri,
    policy_iri,
    programme_iri,
    selector_iri,
    slug,
)
from kg.store import OxigraphStore
from kg.vocab import (
    G_CATALOGUE,
    G_GAZETTEER,
    G_ONTOLOGY,
    ID,
    OA,
    POV,
    PREFIXES,
    PROV,
    QB,
    SCHEMA,
    doc_iri,
    place_iri,
)

__all__ = [
    "Report",
    "BuildSummary",
    "MAX_BYTES",
    "REPORT_SUFFIXES",
    "find_reports",
    "read_report",
    "build_document_graph",
    "extract_file",
    "build_reference",
    "build_corpus",
]

#: the largest report read (bigger files are refused with a clear message)
MAX_BYTES = 20 * 1024 * 1024
REPORT_SUFFIXES = (".txt", ".md", ".html", ".htm")
ZH = "zh-Hans"


@dataclass(frozen=True)
class Report:
    """One report as read from disk: the decoded original text and what its sidecar says."""

    path: Path
    key: str
    text: str
    sha256: str
    meta: dict[str, str]


@dataclass
class BuildSummary:
    built: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    triples: int = 0
    inferred: int = 0
    entities: Counter[str] = field(default_factory=Counter)
    warnings: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.failed

    def render(self) -> str:
        ents = ", ".join(f"{k} {v}" for k, v in sorted(self.entities.items()))
        lines = [
            f"documents: {len(self.built)} built, {len(self.skipped)} unchanged, {len(self.failed)} failed"
            f" in {self.seconds:.1f} s",
            f"triples in store: {self.triples} (inferred: {self.inferred})",
        ]
        if ents:
            lines.append(f"entities written: {ents}")
        if self.warnings:
            lines.append(f"warnings: {len(self.warnings)}")
        return "\n".join(lines)


# --------------------------------------------------------------------------------------------
# reading
# --------------------------------------------------------------------------------------------
def find_reports(paths: Iterable[Path | str]) -> tuple[list[Path], list[tuple[str, str]]]:
    """Files to build under ``paths`` (folders recursively), sorted; and the errors met."""
    found: set[Path] = set()
    errors: list[tuple[str, str]] = []
    for p in map(Path, paths):
        if p.is_dir():
            seen_dirs: set[tuple[int, int]] = set()
            for root, dirs, files in os.walk(p, followlinks=True, onerror=lambda e: errors.append((str(e.filename), f"cannot read folder: {e.strerror}"))):
                st = os.stat(root)
                if (st.st_dev, st.st_ino) in seen_dirs:
                    dirs[:] = []
                    errors.append((root, "symlink loop, not followed"))
                    continue
                seen_dirs.add((st.st_dev, st.st_ino))
                dirs.sort()
                for f in sorted(files):
                    if f.endswith(REPORT_SUFFIXES) and not f.startswith("."):
                        found.add(Path(root) / f)
        elif p.exists():
            found.add(p)
        else:
            errors.append((str(p), "no such file or folder"))
    return sorted(found, key=lambda q: str(q)), errors


def _read_meta(path: Path) -> dict[str, str]:
    side = path.with_name(path.stem + ".meta.json")
    if not side.exists():
        return {}
    try:
        data = json.loads(side.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise InputError(f"{side}: unreadable metadata sidecar ({exc})") from exc
    if not isinstance(data, dict):
        raise InputError(f"{side}: metadata sidecar must be a JSON object")
    out: dict[str, str] = {}
    for k in ("title", "date", "source", "publisher", "province"):
        v = data.get(k)
        if v is None:
            continue
        if not isinstance(v, str):
            raise InputError(f"{side}: field {k!r} must be a string, not {type(v).__name__}")
        out[k] = str(v)
    if "date" in out and not _valid_date(out["date"]):
        raise InputError(f"{side}: field 'date' must be YYYY-MM-DD, got {out['date']!r}")
    if "source" in out and not out["source"].startswith(("http://", "https://")):
        raise InputError(f"{side}: field 'source' must be an http(s) URL, got {out['source']!r}")
    return out


def _valid_date(s: str) -> bool:
    import re

    return bool(re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", s))


def _html_to_text(html: str) -> str:
    from html.parser import HTMLParser

    class _P(HTMLParser):
        def __init__(self) -> None:
            super().__init__(convert_charrefs=True)
            self.out: list[str] = []
            self.skip = 0

        def handle_starttag(self, tag: str, attrs: object) -> None:
            if tag in ("script", "style", "head", "nav", "footer"):
                self.skip += 1
            elif tag in ("p", "br", "div", "li", "h1", "h2", "h3", "tr"):
                self.out.append("\n")

        def handle_endtag(self, tag: str) -> None:
            if tag in ("script", "style", "head", "nav", "footer") and self.skip:
                self.skip -= 1

        def handle_data(self, data: str) -> None:
            if not self.skip:
                self.out.append(data)

    p = _P()
    p.feed(html)
    return "".join(p.out)


def read_report(path: Path | str) -> Report:
    """Read and decode one report (UTF-8 ± BOM, GB18030/GBK, Big5) and its sidecar."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise InputError(f"{path}: {size / 1e6:.0f} MB is over the {MAX_BYTES // (1024 * 1024)} MB limit for one report")
        data = path.read_bytes()
    except PermissionError as exc:
        raise InputError(f"{path}: permission denied") from exc
    except IsADirectoryError as exc:
        raise InputError(f"{path}: is a folder") from exc
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror})") from exc
    text = decode_bytes(data, str(path))
    if path.suffix.lower() in (".html", ".htm"):
        text = _html_to_text(text)
    meta = _read_meta(path)
    return Report(path=path, key=doc_key(path.stem), text=text, sha256=hashlib.sha256(data).hexdigest(), meta=meta)


def _context(report: Report) -> DocContext:
    from kg.gazetteer import load_gazetteer

    meta = report.meta
    ctx = DocContext(key=report.key, title=meta.get("title"), date=meta.get("date"), source=meta.get("source"),
                     publisher=meta.get("publisher"))
    if meta.get("province"):
        gz = load_gazetteer()
        hits = [d for d in gz.lookup(meta["province"]) if d.level == "province"] or (
            [d] if (d := gz.by_code(meta["province"])) else []
        )
        if hits:
            ctx.province = hits[0].code
            ctx.province_inferred = False
    return ctx


def extract_report(report: Report) -> Extraction:
    return parse_report(normalise_text(report.text), _context(report))


# --------------------------------------------------------------------------------------------
# records -> RDF
# --------------------------------------------------------------------------------------------
_KIND_CLASS = {"government": POV.GovernmentBody, "party": POV.PartyBody, "enterprise": POV.Enterprise,
               "social": POV.SocialOrganisation}
_LEVEL = {"national": POV.NationalLevel, "provincial": POV.ProvincialLevel, "city": POV.CityLevel,
          "county": POV.CountyLevel}
_PLACE_CLASS = {"township": POV.Township, "village": POV.Village, "site": POV.Site}
_QUALIFIER = {"exact": POV.Exact, "more_than": POV.MoreThan, "at_least": POV.AtLeast, "about": POV.About,
              "less_than": POV.LessThan}
_OBS_KIND = {"result": POV.Result, "target": POV.Target, "baseline": POV.Baseline}
_ROLE = {"host": (POV.HostRole, POV.hasHost), "speaker": (POV.SpeakerRole, POV.hasSpeaker),
         "attendee": (POV.AttendeeRole, POV.hasAttendee), "guide": (POV.GuideRole, POV.hasGuide),
         "organiser": (POV.OrganiserRole, POV.hasOrganiser)}


def _date_literal(s: str) -> Literal:
    if len(s) == 10:
        return Literal(s, datatype=XSD.date)
    if len(s) == 7:
        return Literal(s, datatype=XSD.gYearMonth)
    return Literal(s, datatype=XSD.gYear)


def _decimal_literal(v: Decimal) -> Literal:
    txt = format(v, "f")
    if "." in txt:
        txt = txt.rstrip("0").rstrip(".")
    if "." not in txt:
        txt += ".0"
    return Literal(txt, datatype=XSD.decimal)


class _Triples:
    """A plain set of triples: what a document graph needs, without rdflib's indexes."""

    def __init__(self) -> None:
        self.triples: set[tuple[URIRef, URIRef, URIRef | Literal]] = set()

    def add(self, t: tuple[URIRef, URIRef, URIRef | Literal]) -> None:
        self.triples.add(t)

    def __len__(self) -> int:
        return len(self.triples)

    def to_ntriples(self) -> str:
        """Sorted N-Triples (byte-stable)."""
        return "".join(sorted(_nt_row(t) for t in self.triples))

    def to_graph(self) -> Graph:
        g = Graph()
        for p, ns in PREFIXES.items():
            g.bind(p, ns)
        for t in self.triples:
            g.add(t)
        return g


class _Writer:
    def __init__(self, ex: Extraction, report: Report) -> None:
        self.ex = ex
        self.report = report
        self.key = report.key
        self.g = _Triples()
        self.doc = ex.doc
        self.sels: dict[int, URIRef] = {}
        self._starts = [s.start for s in ex.doc.sentences]

    def sel(self, sentence: int) -> URIRef:
        """Selector of a sentence, in original code points."""
        if sentence in self.sels:
            return self.sels[sentence]
        s = self.doc.sentences[sentence]
        a, b = self.doc.original_span(s.start, s.end)
        iri = selector_iri(self.key, a, b)
        g = self.g
        g.add((iri, RDF.type, POV.TextSelector))
        g.add((iri, OA.start, Literal(a)))
        g.add((iri, OA.end, Literal(b)))
        g.add((iri, OA.exact, Literal(self.doc.original[a:b])))
        g.add((iri, POV.inDocument, doc_iri(self.key)))
        g.add((iri, POV.sentenceIndex, Literal(sentence)))
        self.sels[sentence] = iri
        return iri

    def sentence_at(self, pos: int) -> int:
        k = bisect.bisect_right(self._starts, pos) - 1
        return max(0, min(k, len(self._starts) - 1))

    def write(self) -> _Triples:
        g, ex, rep = self.g, self.ex, self.report
        d = doc_iri(self.key)
        ctx = ex.context
        g.add((d, RDF.type, POV.Document))
        title = ctx.title or next((e.name for e in ex.events if e.held), None) or (
            ex.doc.sentences[0].text[:60] if ex.doc.sentences else rep.path.name
        )
        g.add((d, DCTERMS.title, Literal(title, lang=ZH)))
        if ctx.date:
            g.add((d, DCTERMS.date, _date_literal(ctx.date)))
        if ctx.source:
            g.add((d, DCTERMS.source, Literal(ctx.source)))
        if ctx.publisher:
            g.add((d, DCTERMS.publisher, Literal(ctx.publisher)))
        if ctx.province:
            g.add((d, POV.province, place_iri(ctx.province)))
        g.add((d, POV.contentHash, Literal(rep.sha256)))
        g.add((d, POV.fileName, Literal(rep.path.name)))

        place_iris: dict[str, URIRef] = {}
        for p in ex.places:
            iri = place_key_iri(p.key)
            place_iris[p.key] = iri
            if p.code is None:
                g.add((iri, RDF.type, _PLACE_CLASS.get(p.level, POV.Place)))
                g.add((iri, RDFS.label, Literal(p.name, lang=ZH)))
                if p.parent:
                    parent = place_key_iri(p.parent)
                    g.add((iri, POV.locatedIn if p.level == "site" else POV.partOf, parent))
                if p.level in ("township", "village"):
                    g.add((iri, POV.level, POV.TownshipLevel if p.level == "township" else POV.VillageLevel))
            for a, _b in p.spans:
                g.add((iri, POV.isMentionedIn, self.sel(self.sentence_at(a))))

        for pol in ex.policies:
            iri = policy_iri(pol.key, pol.canonical)
            if pol.key is None:
                g.add((iri, RDF.type, POV.Policy))
                g.add((iri, RDFS.label, Literal(pol.canonical, lang=ZH)))
            for a, _b in pol.spans:
                g.add((iri, POV.isMentionedIn, self.sel(self.sentence_at(a))))

        org_iris: dict[str, URIRef] = {}
        for o in ex.organisations:
            iri = org_iri(o.key)
            org_iris[o.key] = iri
            if o.level != "national" or o.catalogue_key is None:
                g.add((iri, RDF.type, _KIND_CLASS.get(o.kind, POV.Organisation)))
                g.add((iri, RDFS.label, Literal(o.canonical, lang=ZH)))
                for alias in sorted(o.aliases | ({o.full_name} if o.full_name else set())):
                    if alias != o.canonical:
                        g.add((iri, SKOS.altLabel, Literal(alias, lang=ZH)))
                if o.name_en:
                    g.add((iri, RDFS.label, Literal(o.name_en, lang="en")))
                if o.level in _LEVEL:
                    g.add((iri, POV.level, _LEVEL[o.level]))
                if o.scope and o.scope != "100000" and o.scope.isdigit():
                    g.add((iri, POV.serves, place_iri(o.scope)))
                if o.national and o.level != "national":
                    g.add((iri, POV.counterpartOf, ID[f"org/cn/{o.national}"]))
                if o.catalogue_key:
                    g.add((iri, POV.catalogueKey, Literal(o.catalogue_key)))
            for a, _b in o.spans:
                g.add((iri, POV.isMentionedIn, self.sel(self.sentence_at(a))))

        event_iris: list[URIRef] = []
        for e in ex.events:
            iri = event_iri(e.date, e.place_key, e.name)
            event_iris.append(iri)
            g.add((iri, RDF.type, POV.Meeting if e.held else POV.Event))
            g.add((iri, RDFS.label, Literal(e.name, lang=ZH)))
            g.add((iri, PROV.wasDerivedFrom, self.sel(e.sentence)))
            if e.date:
                g.add((iri, SCHEMA.startDate, _date_literal(e.date)))
            if e.end_date:
                g.add((iri, SCHEMA.endDate, _date_literal(e.end_date)))
            if e.place_key:
                g.add((iri, POV.heldIn, place_iris.get(e.place_key) or place_key_iri(e.place_key)))
            for canonical in e.implements:
                pol = next(p for p in ex.policies if p.canonical == canonical)
                g.add((iri, POV.implementsPolicy, policy_iri(pol.key, pol.canonical)))
            for name in e.relays:
                other = next((x for x in ex.events if x.name == name), None)
                if other is not None:
                    g.add((iri, POV.relaysMeeting, event_iri(other.date, other.place_key, other.name)))
            for role, keys in (("host", e.hosts), ("organiser", e.organisers), ("guide", e.guides),
                               ("speaker", e.speakers), ("attendee", e.attendees)):
                role_iri, direct = _ROLE[role]
                for k in keys:
                    org = org_iris[k]
                    g.add((iri, direct, org))
                    part = URIRef(f"{iri}/role/{role}/{org.rsplit('/org/', 1)[1]}")
                    g.add((iri, POV.hasParticipation, part))
                    g.add((part, RDF.type, POV.Participation))
                    g.add((part, POV.participant, org))
                    g.add((part, POV.role, role_iri))
                    span = e.role_spans.get((role, k))
                    sent = self.sentence_at(span[0]) if span else e.sentence
                    g.add((part, PROV.wasDerivedFrom, self.sel(sent)))
            for v in e.visits:
                visit = URIRef(f"{iri}/visit/{slug(v.name)}")
                g.add((iri, POV.includesVisit, visit))
                g.add((visit, RDF.type, POV.SiteVisit))
                g.add((visit, RDFS.label, Literal(f"调研{v.name}", lang=ZH)))
                g.add((visit, POV.heldIn, place_iris.get(v.place) or place_key_iri(v.place)))
                if e.date:
                    g.add((visit, SCHEMA.startDate, _date_literal(e.date)))
                g.add((visit, PROV.wasDerivedFrom, self.sel(v.sentence)))

        for n, o in enumerate(ex.outcomes, start=1):
            iri = obs_iri(self.key, n)
            ind = indicator_iri(o.indicator_key, o.indicator)
            if o.indicator_key is None:
                g.add((ind, RDF.type, POV.Indicator))
                g.add((ind, SKOS.prefLabel, Literal(o.indicator, lang=ZH)))
                g.add((ind, SKOS.inScheme, POV.IndicatorScheme))
            g.add((iri, RDF.type, POV.Observation))
            g.add((iri, RDF.type, QB.Observation))
            g.add((iri, RDFS.label, Literal(f"{o.indicator} {o.raw}", lang=ZH)))
            g.add((iri, POV.indicator, ind))
            g.add((iri, POV.value, _decimal_literal(o.value)))
            g.add((iri, POV.valueAsWritten, Literal(o.raw)))
            g.add((iri, POV.unit, Literal(o.unit)))
            g.add((iri, POV.qualifier, _QUALIFIER[o.qualifier]))
            g.add((iri, POV.kind, _OBS_KIND[o.kind]))
            if o.scope_key:
                g.add((iri, POV.area, place_iris.get(o.scope_key) or place_key_iri(o.scope_key)))
            if o.as_of:
                g.add((iri, POV.asOf, _date_literal(o.as_of)))
            if o.programme:
                g.add((iri, POV.forProgramme, programme_iri(o.programme)))
            if o.policy:
                g.add((iri, POV.underPolicy, ID[f"policy/{o.policy}"]))
            if o.event is not None:
                g.add((iri, POV.reportedAt, event_iris[o.event]))
            g.add((iri, PROV.wasDerivedFrom, self.sel(o.sentence)))
        return g


def build_document_graph(ex: Extraction, report: Report) -> Graph:
    """The RDF of one report (the content of its named graph), as an rdflib graph."""
    return _Writer(ex, report).write().to_graph()


def build_document_ntriples(ex: Extraction, report: Report) -> tuple[str, int]:
    """The RDF of one report as sorted N-Triples text, and its number of triples."""
    t = _Writer(ex, report).write()
    return t.to_ntriples(), len(t)


def extract_file(path: Path | str) -> tuple[Report, Extraction]:
    report = read_report(path)
    return report, extract_report(report)


def _work(path: str) -> tuple[str, str, str, str, int, dict[str, int], list[str]]:
    """Worker: one file → (path, key, sha, N-Triples, triples, entity counts, warnings). Raises KgError."""
    report, ex = extract_file(path)
    nt, ntrip = build_document_ntriples(ex, report)
    ents = Counter({"organisations": len(ex.organisations), "places": len(ex.places), "policies": len(ex.policies),
                    "events": len(ex.events), "outcomes": len(ex.outcomes)})
    return path, report.key, report.sha256, nt, ntrip, dict(ents), list(ex.warnings)


class _BatchWriter:
    """Writes document graphs in batches: old graphs dropped, then all new quads added in one transaction.

    A document is therefore always whole or absent in the store: a build killed between the
    two steps leaves the changed documents absent (their hash is gone too), and a rerun
    builds them again.
    """

    def __init__(self, store: OxigraphStore, max_docs: int = 64, max_bytes: int = 8 << 20) -> None:
        self.store = store
        self.max_docs = max_docs
        self.max_bytes = max_bytes
        self.pending: list[tuple[URIRef, str]] = []
        self.size = 0

    def add(self, graph: URIRef, nt: str) -> None:
        self.pending.append((graph, nt))
        self.size += len(nt)
        if len(self.pending) >= self.max_docs or self.size >= self.max_bytes:
            self.flush()

    def flush(self) -> None:
        if not self.pending:
            return
        oxs = self.store.ox
        nq: list[str] = []
        for graph, nt in self.pending:
            g = ox.NamedNode(str(graph))
            if oxs.contains_named_graph(g):
                oxs.remove_graph(g)
            tail = f" <{graph}> .\n"
            nq.extend(line[:-2] + tail for line in nt.splitlines(keepends=False) if line.endswith(" ."))
        oxs.extend(ox.parse("".join(nq), format=ox.RdfFormat.N_QUADS))
        self.pending.clear()
        self.size = 0


def _bounded_map(pool: ProcessPoolExecutor, paths: list[str], window: int) -> Iterator[tuple[str, object]]:
    """Results in order, with at most ``window`` documents in flight: memory stays bounded
    however far the workers run ahead of the writer."""
    from collections import deque

    pending: deque = deque()
    it = iter(paths)
    for p in it:
        pending.append(pool.submit(_safe_work, p))
        if len(pending) >= window:
            break
    while pending:
        yield pending.popleft().result()
        nxt = next(it, None)
        if nxt is not None:
            pending.append(pool.submit(_safe_work, nxt))


def _safe_work(path: str) -> tuple[str, object]:
    try:
        return "ok", _work(path)
    except KgError as exc:
        return "error", str(exc)
    except Exception as exc:  # noqa: BLE001 - one broken report must not stop the others
        return "error", f"{path}: internal error while building ({type(exc).__name__}: {exc})"


# --------------------------------------------------------------------------------------------
# reference graphs and the corpus
# --------------------------------------------------------------------------------------------
def _reference_sources() -> dict[URIRef, list[Path]]:
    """The files each reference graph is made from (people edit these; the graphs are generated)."""
    from kg.resources import ontology_path

    onto = ontology_path()
    return {
        G_ONTOLOGY: sorted(onto.glob("*.ttl")),
        G_GAZETTEER: sorted((onto / "gazetteer").glob("*.tsv")),
        G_CATALOGUE: sorted((onto / "catalogues").glob("*.tsv")),
    }


def _reference_digest(paths: list[Path]) -> str:
    from importlib.metadata import PackageNotFoundError, version

    h = hashlib.sha256()
    try:
        h.update(version("povkg").encode())
    except PackageNotFoundError:  # running from a checkout that is not installed
        h.update(b"dev")
    for p in paths:
        h.update(p.name.encode())
        h.update(p.read_bytes())
    return h.hexdigest()


def reference_graphs(names: Iterable[URIRef] | None = None) -> dict[URIRef, Graph]:
    """The reference graphs (all, or those named)."""
    from kg.catalogue import build_catalogue_graph, load_ontology
    from kg.gazetteer import build_gazetteer_graph

    makers = {G_ONTOLOGY: load_ontology, G_GAZETTEER: build_gazetteer_graph, G_CATALOGUE: build_catalogue_graph}
    return {n: makers[n]() for n in (names or makers)}


def build_reference(store: OxigraphStore) -> int:
    """Load the reference graphs whose source files changed; returns how many were (re)loaded.

    Each graph records the digest of its source files (and the povkg version), so an
    unchanged reference costs one look-up, not a rebuild.
    """
    stale = []
    digests = {}
    for name, paths in _reference_sources().items():
        digests[name] = _reference_digest(paths)
        if store.content_hash(name) != digests[name]:
            stale.append(name)
    for name, graph in reference_graphs(stale).items():
        graph.add((name, POV.contentHash, Literal(digests[name])))
        store.load_graph(name, graph)
    return len(stale)


def build_corpus(
    paths: Iterable[Path | str],
    store: OxigraphStore,
    *,
    jobs: int = 1,
    infer: bool = True,
    on_error: Callable[[str], None] | None = None,
    progress: bool | None = None,
) -> BuildSummary:
    """Build every report under ``paths`` into ``store``; see the module docstring."""
    t0 = time.perf_counter()
    summary = BuildSummary()
    report_error = on_error or (lambda m: print(f"povkg: error: {m}", file=sys.stderr))
    files, errors = find_reports(paths)
    for p, msg in errors:
        summary.failed.append((p, msg))
        report_error(f"{p}: {msg}")
    build_reference(store)
    todo: list[str] = []
    keys: dict[str, str] = {}
    for f in files:
        key = doc_key(f.stem)
        if key in keys:
            msg = f"{f}: same document key {key!r} as {keys[key]}; rename one of them"
            summary.failed.append((str(f), msg))
            report_error(msg)
            continue
        keys[key] = str(f)
        try:
            sha = hashlib.sha256(f.read_bytes()).hexdigest() if f.stat().st_size <= MAX_BYTES else ""
        except OSError:
            sha = ""
        if sha and store.content_hash(doc_iri(key)) == sha:
            summary.skipped.append(str(f))
        else:
            todo.append(str(f))
    show = progress if progress is not None else (sys.stderr.isatty() and len(todo) > 20)
    results: Iterator[tuple[str, object]]
    pool = None
    if jobs > 1 and len(todo) > 1:
        pool = ProcessPoolExecutor(max_workers=jobs)
        results = _bounded_map(pool, todo, window=jobs * 32)
    else:
        results = map(_safe_work, todo)
    writer = _BatchWriter(store)
    try:
        for n, (status, payload) in enumerate(results, start=1):
            if status == "error":
                summary.failed.append((todo[n - 1], str(payload)))
                report_error(str(payload))
            else:
                path, key, sha, nt, ntrip, ents, warns = payload  # type: ignore[misc]
                writer.add(doc_iri(key), nt)
                summary.built.append(path)
                summary.entities.update(ents)
                summary.warnings.extend(f"{path}: {w}" for w in warns)
            if show and (n % 50 == 0 or n == len(todo)):
                print(f"\rbuilding: {n}/{len(todo)} documents", end="", file=sys.stderr, flush=True)
        writer.flush()
    finally:
        if pool is not None:
            pool.shutdown()
    if show and todo:
        print(file=sys.stderr)
    from kg.infer import count_inferred, infer_into_store

    if infer and (summary.built or count_inferred(store) == 0):
        summary.inferred = infer_into_store(store)
    else:
        summary.inferred = count_inferred(store)
    store.flush()
    if summary.built and store.path is not None:
        store.ox.optimize()  # compacts the store: smaller on disk and faster to query
    summary.triples = len(store)
    summary.seconds = time.perf_counter() - t0
    return summary
