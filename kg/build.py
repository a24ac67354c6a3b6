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
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from multiprocessing.connection import Connection
from pathlib import Path

import pyoxigraph as ox
from rdflib import RDF, RDFS, SKOS, XSD, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS
from rdflib.plugins.serializers.nt import _quote_encode, _quoteLiteral
from rdflib.term import _is_valid_uri

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
    G_INFERRED,
    G_INFERRED_STATE,
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
    "FOLDER_REPORT_GLOBS",
    "content_hash",
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
    removed: list[str] = field(default_factory=list)
    not_reports: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    triples: int = 0
    inferred: int = 0
    #: how ``graph/inferred`` was brought up to date: "unchanged", "patched" (by difference,
    #: :func:`kg.infer.update_inferred`) or "full" (recomputed); "" without inference
    inference: str = ""
    entities: Counter[str] = field(default_factory=Counter)
    warnings: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.failed

    def render(self) -> str:
        ents = ", ".join(f"{k} {v}" for k, v in sorted(self.entities.items()))
        removed = f", {len(self.removed)} removed" if self.removed else ""
        lines = []
        if self.not_reports:
            names = ", ".join(Path(p).name for p in self.not_reports[:5])
            more = f" and {len(self.not_reports) - 5} more" if len(self.not_reports) > 5 else ""
            lines.append(f"skipped {len(self.not_reports)} files that are not reports ({names}{more}); "
                         "name a file or use --include GLOB to build it")
        lines += [f"removed (no longer in the corpus): {p}" for p in self.removed]
        lines += [
            f"documents: {len(self.built)} built, {len(self.skipped)} unchanged{removed}, {len(self.failed)} failed"
            f" in {self.seconds:.1f} s",
            f"triples in store: {self.triples} (inferred: {self.inferred}"
            f"{', patched by difference' if self.inference == 'patched' else ''})",
        ]
        if ents:
            lines.append(f"entities written: {ents}")
        if self.warnings:
            lines.append(f"warnings: {len(self.warnings)}")
        return "\n".join(lines)


# --------------------------------------------------------------------------------------------
# reading
# --------------------------------------------------------------------------------------------
#: what a folder's files must look like to be reports (``.md`` only when named, or with --include)
FOLDER_REPORT_GLOBS = ("*.txt", "*.html", "*.htm")
#: companions of reports, never reports themselves: ignored without a word
_COMPANION_GLOBS = ("*.meta.json", "*.gold.json")
#: notes beside reports: not reports even with a report's suffix
_NOTE_GLOBS = ("readme*", "notes*", "changelog*", "license*", "licence*")


def _matches(rel: str, name: str, globs: Iterable[str]) -> bool:
    from fnmatch import fnmatchcase

    return any(fnmatchcase(name.lower(), g.lower()) or fnmatchcase(rel.lower(), g.lower()) for g in globs)


def find_reports(
    paths: Iterable[Path | str],
    *,
    include: Iterable[str] = (),
    exclude: Iterable[str] = (),
    skipped: list[str] | None = None,
) -> tuple[list[Path], list[tuple[str, str]]]:
    """Files to build under ``paths`` (folders recursively), sorted; and the errors met.

    A file named in ``paths`` is a report whatever its suffix. In a folder, reports are the
    files matching :data:`FOLDER_REPORT_GLOBS` or an ``include`` glob (matched against the
    file name and its path relative to the folder) and no ``exclude`` glob; README and notes
    files are not reports, and ``*.meta.json`` sidecars and ``*.gold.json`` files are
    ignored. Files passed over (other than sidecars and gold files) are appended to
    ``skipped`` when it is given.
    """
    include, exclude = tuple(include), tuple(exclude)
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
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for f in sorted(files):
                    if f.startswith("."):
                        continue
                    full = Path(root) / f
                    rel = full.relative_to(p).as_posix()
                    if _matches(rel, f, _COMPANION_GLOBS) and not _matches(rel, f, include):
                        continue
                    wanted = _matches(rel, f, include) or (
                        _matches(rel, f, FOLDER_REPORT_GLOBS) and not _matches(rel, f, _NOTE_GLOBS)
                    )
                    if wanted and not _matches(rel, f, exclude):
                        found.add(full)
                    elif skipped is not None:
                        skipped.append(str(full))
        elif p.exists() or p.is_symlink():
            found.add(p)
        else:
            errors.append((str(p), "no such file or folder"))
    return sorted(found, key=lambda q: str(q)), errors


def _read_regular(path: Path, limit: int = MAX_BYTES) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes.

    FIFOs, devices and sockets (also behind a symlink, e.g. to ``/dev/zero``) are refused
    before anything is read: the file is opened without blocking and checked on its handle.
    """
    import stat

    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except PermissionError as exc:
        raise InputError(f"{path}: permission denied") from exc
    except IsADirectoryError as exc:
        raise InputError(f"{path}: is a folder") from exc
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror})") from exc
    try:
        st = os.fstat(fd)
        if stat.S_ISDIR(st.st_mode):
            raise InputError(f"{path}: is a folder")
        if not stat.S_ISREG(st.st_mode):
            kind = ("a FIFO" if stat.S_ISFIFO(st.st_mode) else "a device" if stat.S_ISCHR(st.st_mode)
                    or stat.S_ISBLK(st.st_mode) else "a socket" if stat.S_ISSOCK(st.st_mode) else "not a file")
            raise InputError(f"{path}: not a regular file ({kind}), not read")
        if st.st_size > limit:
            raise InputError(f"{path}: {st.st_size / 1e6:.0f} MB is over the {limit // (1024 * 1024)} MB limit for one report")
        chunks = []
        total = 0
        while True:
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                break
            total += len(chunk)
            if total > limit:  # grew while being read
                raise InputError(f"{path}: over the {limit // (1024 * 1024)} MB limit for one report")
            chunks.append(chunk)
        return b"".join(chunks)
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror})") from exc
    finally:
        os.close(fd)


def sidecar_path(path: Path) -> Path:
    """The metadata sidecar of a report: ``NAME.meta.json`` beside ``NAME.txt``."""
    return path.with_name(path.stem + ".meta.json")


def content_hash(data: bytes, sidecar: bytes | None) -> str:
    """What a rebuild compares: the report's bytes and, when it has one, its sidecar's."""
    h = hashlib.sha256(data)
    if sidecar is not None:
        h.update(b"\0povkg sidecar\0")
        h.update(sidecar)
    return h.hexdigest()


def _sidecar_bytes(path: Path) -> bytes | None:
    side = sidecar_path(path)
    if not (side.exists() or side.is_symlink()):
        return None
    return _read_regular(side, 1 << 20)


def _read_meta(path: Path, raw: bytes | None) -> dict[str, str]:
    side = sidecar_path(path)
    if raw is None:
        return {}
    try:
        data = json.loads(raw.decode("utf-8"))
    except ValueError as exc:
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
    """YYYY, YYYY-MM or YYYY-MM-DD, and a real date (no month 13, no 30 February)."""
    import datetime
    import re

    if not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", s):
        return False
    parts = [int(x) for x in s.split("-")]
    try:
        datetime.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
    except ValueError:
        return False
    return parts[0] >= 1


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
    data = _read_regular(path)
    text = decode_bytes(data, str(path))
    if path.suffix.lower() in (".html", ".htm"):
        text = _html_to_text(text)
    side = _sidecar_bytes(path)
    meta = _read_meta(path, side)
    return Report(path=path, key=doc_key(path.stem), text=text, sha256=content_hash(data, side), meta=meta)


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


# Terms are written straight as N-Triples text (what rdflib's ``_nt_row`` would print for
# the same terms, byte for byte): building rdflib terms for every triple of every document
# cost as much as the extraction itself.
_XSD_INTEGER = f"^^<{XSD.integer}>"
_NT_CONST: dict[str, str] = {}


def _u(iri: str) -> str:
    """An IRI in N-Triples (refused like rdflib's ``URIRef.n3`` when it is not a valid IRI)."""
    if not _is_valid_uri(iri):
        raise InputError(f"cannot write {iri!r} as an IRI (it holds characters IRIs may not contain)")
    return f"<{iri}>"  # (not "<" + iri: URIRef.__radd__ would make another URIRef)


def _k(iri: str) -> str:
    """A vocabulary IRI in N-Triples, memoised (a small fixed set)."""
    nt = _NT_CONST.get(iri)
    if nt is None:
        nt = _NT_CONST[iri] = _u(iri)
    return nt


class _NTNamespace:
    """``_NT_POV.Document`` is ``<…/Document>`` as text, looked up once per name."""

    def __init__(self, ns: object) -> None:
        self._ns = ns

    def __getattr__(self, name: str) -> str:
        nt = _u(getattr(self._ns, name))
        setattr(self, name, nt)
        return nt


_NT_POV, _NT_RDF, _NT_RDFS, _NT_SKOS = _NTNamespace(POV), _NTNamespace(RDF), _NTNamespace(RDFS), _NTNamespace(SKOS)
_NT_DCTERMS, _NT_PROV, _NT_OA = _NTNamespace(DCTERMS), _NTNamespace(PROV), _NTNamespace(OA)
_NT_QB, _NT_SCHEMA = _NTNamespace(QB), _NTNamespace(SCHEMA)


def _plain(s: str) -> str:
    return _quote_encode(s)


def _lang(s: str, lang: str = "zh-Hans") -> str:
    return _quote_encode(s) + "@" + lang


def _int(n: int) -> str:
    return '"' + str(int(n)) + '"' + _XSD_INTEGER


@lru_cache(maxsize=65536)
def _typed(lexical: str, datatype: str) -> str:
    """A typed literal exactly as rdflib prints it (rdflib may normalise the lexical form)."""
    return _quoteLiteral(Literal(lexical, datatype=URIRef(datatype)))


def _date_literal(s: str) -> str:
    if len(s) == 10:
        return _typed(s, str(XSD.date))
    if len(s) == 7:
        return _typed(s, str(XSD.gYearMonth))
    return _typed(s, str(XSD.gYear))


def _decimal_literal(v: Decimal) -> str:
    txt = format(v, "f")
    if "." in txt:
        txt = txt.rstrip("0").rstrip(".")
    if "." not in txt:
        txt += ".0"
    return _typed(txt, str(XSD.decimal))


class _Triples:
    """A plain set of triples, each already an N-Triples line: what a document graph needs."""

    def __init__(self) -> None:
        self.rows: set[str] = set()

    def add(self, s: str, p: str, o: str) -> None:
        self.rows.add(f"{s} {p} {o} .\n")

    def __len__(self) -> int:
        return len(self.rows)

    def sorted_rows(self) -> list[str]:
        return sorted(self.rows)

    def to_ntriples(self) -> str:
        """Sorted N-Triples (byte-stable)."""
        return "".join(sorted(self.rows))

    def to_nquads(self, graph: str) -> str:
        """Sorted N-Quads, every triple in ``graph``."""
        tail = f" {_u(graph)} .\n"
        return "".join([row[:-3] + tail for row in sorted(self.rows)])

    def to_graph(self) -> Graph:
        g = Graph()
        for p, ns in PREFIXES.items():
            g.bind(p, ns)
        g.parse(data=self.to_ntriples(), format="nt")
        return g


class _Writer:
    def __init__(self, ex: Extraction, report: Report) -> None:
        self.ex = ex
        self.report = report
        self.key = report.key
        self.g = _Triples()
        self.doc = ex.doc
        self.sels: dict[int, str] = {}
        self._sentences = ex.doc.sentences  # a property that segments the text again on each access
        self._starts = [s.start for s in self._sentences]
        self._doc = _u(doc_iri(self.key))

    def sel(self, sentence: int) -> str:
        """Selector of a sentence, in original code points."""
        got = self.sels.get(sentence)
        if got is not None:
            return got
        s = self._sentences[sentence]
        a, b = self.doc.original_span(s.start, s.end)
        iri = _u(selector_iri(self.key, a, b))
        add = self.g.add
        add(iri, _NT_RDF.type, _NT_POV.TextSelector)
        add(iri, _NT_OA.start, _int(a))
        add(iri, _NT_OA.end, _int(b))
        add(iri, _NT_OA.exact, _plain(self.doc.original[a:b]))
        add(iri, _NT_POV.inDocument, self._doc)
        add(iri, _NT_POV.sentenceIndex, _int(sentence))
        self.sels[sentence] = iri
        return iri

    def sentence_at(self, pos: int) -> int:
        k = bisect.bisect_right(self._starts, pos) - 1
        return max(0, min(k, len(self._starts) - 1))

    def write(self) -> _Triples:
        ex, rep = self.ex, self.report
        add = self.g.add
        d = self._doc
        ctx = ex.context
        add(d, _NT_RDF.type, _NT_POV.Document)
        title = ctx.title or next((e.name for e in ex.events if e.held), None) or (
            self._sentences[0].text[:60] if self._sentences else rep.path.name
        )
        add(d, _NT_DCTERMS.title, _lang(title))
        if ctx.date:
            add(d, _NT_DCTERMS.date, _date_literal(ctx.date))
        if ctx.source:
            add(d, _NT_DCTERMS.source, _plain(ctx.source))
        if ctx.publisher:
            add(d, _NT_DCTERMS.publisher, _plain(ctx.publisher))
        if ctx.province:
            add(d, _NT_POV.province, _u(place_iri(ctx.province)))
        add(d, _NT_POV.contentHash, _plain(rep.sha256))
        add(d, _NT_POV.fileName, _plain(rep.path.name))

        mentioned = _NT_POV.isMentionedIn
        place_iris: dict[str, str] = {}
        for p in ex.places:
            iri = _u(place_key_iri(p.key))
            place_iris[p.key] = iri
            if p.code is None:
                add(iri, _NT_RDF.type, _k(_PLACE_CLASS.get(p.level, POV.Place)))
                add(iri, _NT_RDFS.label, _lang(p.name))
                if p.parent:
                    parent = _u(place_key_iri(p.parent))
                    add(iri, _k(POV.locatedIn if p.level == "site" else POV.partOf), parent)
                if p.level in ("township", "village"):
                    add(iri, _NT_POV.level, _k(POV.TownshipLevel if p.level == "township" else POV.VillageLevel))
            for a, _b in p.spans:
                add(iri, mentioned, self.sel(self.sentence_at(a)))
            self.provenance(iri, p.rule, p.confidence)

        for pol in ex.policies:
            iri = _u(policy_iri(pol.key, pol.canonical))
            if pol.key is None:
                add(iri, _NT_RDF.type, _NT_POV.Policy)
                add(iri, _NT_RDFS.label, _lang(pol.canonical))
            for a, _b in pol.spans:
                add(iri, mentioned, self.sel(self.sentence_at(a)))

        org_iris: dict[str, URIRef] = {}
        for o in ex.organisations:
            org = org_iri(o.key)
            org_iris[o.key] = org
            iri = _u(org)
            if o.level != "national" or o.catalogue_key is None:
                add(iri, _NT_RDF.type, _k(_KIND_CLASS.get(o.kind, POV.Organisation)))
                add(iri, _NT_RDFS.label, _lang(o.canonical))
                for alias in sorted(o.aliases | ({o.full_name} if o.full_name else set())):
                    if alias != o.canonical:
                        add(iri, _NT_SKOS.altLabel, _lang(alias))
                if o.name_en:
                    add(iri, _NT_RDFS.label, _lang(o.name_en, "en"))
                if o.level in _LEVEL:
                    add(iri, _NT_POV.level, _k(_LEVEL[o.level]))
                if o.scope and o.scope != "100000" and o.scope.isdigit():
                    add(iri, _NT_POV.serves, _u(place_iri(o.scope)))
                if o.national and o.level != "national":
                    add(iri, _NT_POV.counterpartOf, _u(ID[f"org/cn/{o.national}"]))
                if o.catalogue_key:
                    add(iri, _NT_POV.catalogueKey, _plain(o.catalogue_key))
            for a, _b in o.spans:
                add(iri, mentioned, self.sel(self.sentence_at(a)))
            self.provenance(iri, o.rule, o.confidence)

        derived = _NT_PROV.wasDerivedFrom
        event_iris: list[str] = []
        for e in ex.events:
            ev = event_iri(e.date, e.place_key, e.name)
            iri = _u(ev)
            event_iris.append(iri)
            add(iri, _NT_RDF.type, _k(POV.Meeting if e.held else POV.Event))
            add(iri, _NT_RDFS.label, _lang(e.name))
            add(iri, derived, self.sel(e.sentence))
            self.provenance(iri, e.rule, e.confidence)
            if e.date:
                add(iri, _NT_SCHEMA.startDate, _date_literal(e.date))
            if e.end_date:
                add(iri, _NT_SCHEMA.endDate, _date_literal(e.end_date))
            if e.place_key:
                add(iri, _NT_POV.heldIn, place_iris.get(e.place_key) or _u(place_key_iri(e.place_key)))
            for canonical in e.implements:
                pol = next(p for p in ex.policies if p.canonical == canonical)
                add(iri, _NT_POV.implementsPolicy, _u(policy_iri(pol.key, pol.canonical)))
            for name in e.relays:
                other = next((x for x in ex.events if x.name == name), None)
                if other is not None:
                    add(iri, _NT_POV.relaysMeeting, _u(event_iri(other.date, other.place_key, other.name)))
            for role, keys in (("host", e.hosts), ("organiser", e.organisers), ("guide", e.guides),
                               ("speaker", e.speakers), ("attendee", e.attendees)):
                role_iri, direct = _ROLE[role]
                for k in keys:
                    org = org_iris[k]
                    org_nt = _u(org)
                    add(iri, _k(direct), org_nt)
                    part = _u(URIRef(f"{ev}/role/{role}/{org.rsplit('/org/', 1)[1]}"))
                    add(iri, _NT_POV.hasParticipation, part)
                    add(part, _NT_RDF.type, _NT_POV.Participation)
                    add(part, _NT_POV.participant, org_nt)
                    add(part, _NT_POV.role, _k(role_iri))
                    span = e.role_spans.get((role, k))
                    sent = self.sentence_at(span[0]) if span else e.sentence
                    add(part, derived, self.sel(sent))
            for v in e.visits:
                visit = _u(URIRef(f"{ev}/visit/{slug(v.name)}"))
                add(iri, _NT_POV.includesVisit, visit)
                add(visit, _NT_RDF.type, _NT_POV.SiteVisit)
                add(visit, _NT_RDFS.label, _lang(f"调研{v.name}"))
                add(visit, _NT_POV.heldIn, place_iris.get(v.place) or _u(place_key_iri(v.place)))
                if e.date:
                    add(visit, _NT_SCHEMA.startDate, _date_literal(e.date))
                add(visit, derived, self.sel(v.sentence))

        for n, o in enumerate(ex.outcomes, start=1):
            iri = _u(obs_iri(self.key, n))
            ind = _u(indicator_iri(o.indicator_key, o.indicator))
            if o.indicator_key is None:
                add(ind, _NT_RDF.type, _NT_POV.Indicator)
                add(ind, _NT_SKOS.prefLabel, _lang(o.indicator))
                add(ind, _NT_SKOS.inScheme, _NT_POV.IndicatorScheme)
            add(iri, _NT_RDF.type, _NT_POV.Observation)
            add(iri, _NT_RDF.type, _NT_QB.Observation)
            add(iri, _NT_RDFS.label, _lang(f"{o.indicator} {o.raw}"))
            add(iri, _NT_POV.indicator, ind)
            add(iri, _NT_POV.value, _decimal_literal(o.value))
            add(iri, _NT_POV.valueAsWritten, _plain(o.raw))
            add(iri, _NT_POV.unit, _plain(o.unit))
            add(iri, _NT_POV.qualifier, _k(_QUALIFIER[o.qualifier]))
            add(iri, _NT_POV.kind, _k(_OBS_KIND[o.kind]))
            if o.scope_key:
                add(iri, _NT_POV.area, place_iris.get(o.scope_key) or _u(place_key_iri(o.scope_key)))
            if o.as_of:
                add(iri, _NT_POV.asOf, _date_literal(o.as_of))
            if o.programme:
                add(iri, _NT_POV.forProgramme, _u(programme_iri(o.programme)))
            if o.policy:
                add(iri, _NT_POV.underPolicy, _u(ID[f"policy/{o.policy}"]))
            if o.event is not None:
                add(iri, _NT_POV.reportedAt, event_iris[o.event])
            add(iri, derived, self.sel(o.sentence))
            self.provenance(iri, o.rule, o.confidence)
        return self.g

    def provenance(self, iri: str, rule: str, confidence: float) -> None:
        """What found a record (``prov:wasGeneratedBy`` the rule) and how sure it is (``pov:confidence``)."""
        self.g.add(iri, _NT_PROV.wasGeneratedBy, _u(ID[f"rule/{rule}"]))
        self.g.add(iri, _NT_POV.confidence, _decimal_literal(Decimal(str(confidence))))


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


def _work(path: str, wanted: dict[str, str] | None = None) -> tuple[str, str, str, str, int, dict[str, int], list[str], object]:
    """Worker: one file → (path, key, sha, N-Quads in the document's graph, triples, entity counts,
    warnings, the triples inference reads — :func:`kg.infer.split_facts` over ``wanted`` — or None).
    Raises KgError."""
    report, ex = extract_file(path)
    t = _Writer(ex, report).write()
    nq, ntrip = t.to_nquads(doc_iri(report.key)), len(t)
    facts = None
    if wanted is not None:
        from kg.infer import split_facts

        facts = split_facts(t.rows, 3, wanted)
    ents = Counter({"organisations": len(ex.organisations), "places": len(ex.places), "policies": len(ex.policies),
                    "events": len(ex.events), "outcomes": len(ex.outcomes)})
    return path, report.key, report.sha256, nq, ntrip, dict(ents), list(ex.warnings), facts


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

    def add(self, graph: URIRef, nq: str) -> None:
        """Queue a document: ``nq`` is its graph as N-Quads, every quad in ``graph``."""
        self.pending.append((graph, nq))
        self.size += len(nq)
        if len(self.pending) >= self.max_docs or self.size >= self.max_bytes:
            self.flush()

    def flush(self) -> None:
        if not self.pending:
            return
        oxs = self.store.ox
        for graph, _nq in self.pending:
            g = ox.NamedNode(str(graph))
            if oxs.contains_named_graph(g):
                oxs.remove_graph(g)
        # one transaction: parsed and inserted inside Oxigraph, no Python object per quad
        oxs.load("".join([nq for _g, nq in self.pending]), format=ox.RdfFormat.N_QUADS)
        self.pending.clear()
        self.size = 0


#: A report's budget in a build: seconds of work, and memory beyond the worker's own.
DOC_TIMEOUT_S = 120.0
DOC_MEMORY_BYTES = 2 << 30
#: how long a build worker may take to load the lexicons and the segmenter before its first report
_WORKER_START_S = 300.0


def _doc_worker_main(conn: Connection, wanted: dict[str, str] | None, parent_pid: int,
                     max_memory: int | None) -> None:  # pragma: no cover - runs in a child
    """A build worker: documents in, results out, until EOF; dies with the build."""
    from kg.lifeline import die_with_parent, limit_memory

    die_with_parent(parent_pid)
    # the extractor's lexicons and word segmenter are the worker's own, loaded once before the
    # budget: a report's budget is what that report needs beyond them
    from kg.extract.lexicon import org_lexicon, place_forms, policy_lexicon, segmenter

    org_lexicon(), place_forms(), policy_lexicon(), segmenter()
    limit_memory(max_memory)
    conn.send(("ready", None))  # a report's time budget starts now, not while the worker loads
    while True:
        try:
            path = conn.recv()
        except (EOFError, OSError):
            return
        try:
            result = _safe_work(path, wanted)
        except MemoryError:
            result = None
        if result is None or (result[0] == "error" and "MemoryError" in str(result[1])):
            conn.send(("error", f"{path}: abandoned: it needs more than the "
                                f"{(max_memory or 0) >> 20} MB a report may take (the rest is built)"))
            return  # a worker that ran out of memory is replaced, not reused
        conn.send(result)


class _DocumentWorkers:
    """Worker processes that build documents, each within a time and memory budget.

    A document past ``timeout`` seconds gets its worker killed (and replaced); one past
    ``max_memory`` bytes fails its allocation. Either way the document is abandoned with one
    error and the others are built. Results come back in the order of ``paths``, with at
    most ``window`` documents in flight (bounded memory however far the workers run ahead).
    """

    def __init__(self, jobs: int, wanted: dict[str, str] | None, timeout: float | None,
                 max_memory: int | None) -> None:
        import multiprocessing as mp

        self.ctx = mp.get_context("fork")
        self.jobs = jobs
        self.wanted = wanted
        self.timeout = timeout
        self.max_memory = max_memory
        self.idle: list[tuple[object, Connection]] = []

    def _start(self) -> tuple[object, Connection]:
        here, there = self.ctx.Pipe()
        proc = self.ctx.Process(target=_doc_worker_main, args=(there, self.wanted, os.getpid(), self.max_memory),
                                daemon=True)
        proc.start()
        there.close()
        try:  # wait until it has loaded what every report needs (its budget does not pay for that)
            if here.poll(_WORKER_START_S):
                here.recv()
        except (EOFError, OSError):
            pass  # it died starting: the first send fails and the document is reported
        return proc, here

    @staticmethod
    def _stop(worker: tuple[object, Connection]) -> None:
        proc, conn = worker
        conn.close()
        if proc.is_alive():  # type: ignore[attr-defined]
            proc.kill()  # type: ignore[attr-defined]
        proc.join(5)  # type: ignore[attr-defined]

    def map(self, paths: list[str], window: int) -> Iterator[tuple[str, object]]:
        from multiprocessing.connection import wait

        done: dict[int, tuple[str, object]] = {}
        busy: dict[Connection, tuple[tuple[object, Connection], int, float]] = {}
        nxt = out = 0
        try:
            while out < len(paths):
                while nxt < len(paths) and nxt - out < window and len(busy) < self.jobs:
                    worker = self.idle.pop() if self.idle else self._start()
                    try:
                        worker[1].send(paths[nxt])
                    except OSError:
                        self._stop(worker)
                        continue
                    busy[worker[1]] = (worker, nxt, time.monotonic())
                    nxt += 1
                if out in done:
                    yield done.pop(out)
                    out += 1
                    continue
                wait_s = None
                if self.timeout is not None:
                    now = time.monotonic()
                    wait_s = max(0.0, min(t0 + self.timeout - now for _w, _i, t0 in busy.values()))
                for conn in wait(list(busy), wait_s):
                    worker, i, _t0 = busy.pop(conn)  # type: ignore[index]
                    try:
                        done[i] = worker[1].recv()
                        self.idle.append(worker)
                    except (EOFError, OSError):
                        self._stop(worker)
                        if i not in done:
                            done[i] = ("error", f"{paths[i]}: abandoned: the worker building it died "
                                                "(past its memory budget?); the rest is built")
                if self.timeout is not None:
                    now = time.monotonic()
                    for conn, (worker, i, t0) in list(busy.items()):
                        if now - t0 >= self.timeout:
                            del busy[conn]
                            self._stop(worker)
                            done[i] = ("error", f"{paths[i]}: abandoned: not built within the "
                                                f"{self.timeout:g} s a report may take (the rest is built)")
        finally:
            for worker, _i, _t0 in busy.values():
                self._stop(worker)
            while self.idle:
                self._stop(self.idle.pop())


def _safe_work(path: str, wanted: dict[str, str] | None = None) -> tuple[str, object]:
    try:
        return "ok", _work(path, wanted)
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
    if not stale:  # (reference_graphs() of nothing would make them all)
        return 0
    for name, graph in reference_graphs(stale).items():
        graph.add((name, POV.contentHash, Literal(digests[name])))
        store.load_graph(name, graph)
    return len(stale)


def _sources_file(store: OxigraphStore) -> Path | None:
    """Which file each document of an on-disk store was built from (a sibling of the store)."""
    return None if store.path is None else store.path.parent / f".{store.path.name}.sources.json"


def _read_sources(store: OxigraphStore) -> dict[str, str]:
    f = _sources_file(store)
    if f is None:
        return dict(getattr(store, "_povkg_sources", {}))
    try:
        data = json.loads(f.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}


def _write_sources(store: OxigraphStore, sources: dict[str, str]) -> None:
    f = _sources_file(store)
    if f is None:
        store._povkg_sources = dict(sources)  # type: ignore[attr-defined]
        return
    tmp = f.with_name(f.name + ".tmp")
    tmp.write_text(json.dumps(sources, ensure_ascii=False, sort_keys=True, indent=0), encoding="utf-8")
    os.replace(tmp, f)


#: inference runs by difference when at most this many documents changed, or this share of them
INCREMENTAL_DOCS = 200
INCREMENTAL_SHARE = 0.1
_DOC_PREFIX = str(doc_iri("x"))[:-1]


def _inference_state(hashes: dict[str, str]) -> str:
    """A digest of every graph's content hash: what ``graph/inferred`` was computed from."""
    h = hashlib.sha256()
    for graph, digest in sorted(hashes.items()):
        if graph != str(G_INFERRED):
            h.update(f"{graph} {digest}\n".encode())
    return h.hexdigest()


def build_corpus(
    paths: Iterable[Path | str],
    store: OxigraphStore,
    *,
    jobs: int = 1,
    infer: bool = True,
    on_error: Callable[[str], None] | None = None,
    progress: bool | None = None,
    doc_timeout: float | None = DOC_TIMEOUT_S,
    doc_memory: int | None = DOC_MEMORY_BYTES,
    include: Iterable[str] = (),
    exclude: Iterable[str] = (),
) -> BuildSummary:
    """Build every report under ``paths`` into ``store``; see the module docstring.

    Which files in a folder are reports: :func:`find_reports` (``include``, ``exclude``).
    Documents recorded from a folder in ``paths`` that it no longer holds are removed.
    Each report is built in a worker process within ``doc_timeout`` seconds and
    ``doc_memory`` bytes (None: no limit); a report past either is abandoned with one error
    and the rest is built. Workers die with the build, however it ends.
    """
    t0 = time.perf_counter()
    summary = BuildSummary()
    report_error = on_error or (lambda m: print(f"povkg: error: {m}", file=sys.stderr))
    paths = list(paths)
    files, errors = find_reports(paths, include=include, exclude=exclude, skipped=summary.not_reports)
    for p, msg in errors:
        summary.failed.append((p, msg))
        report_error(f"{p}: {msg}")
    build_reference(store)
    todo: list[str] = []
    keys: dict[str, str] = {}
    stored = store.content_hashes()  # one query, not one look-up per file
    for f in files:
        key = doc_key(f.stem)
        if key in keys:
            msg = f"{f}: same document key {key!r} as {keys[key]}; rename one of them"
            summary.failed.append((str(f), msg))
            report_error(msg)
            continue
        keys[key] = str(f)
        try:
            sha = content_hash(_read_regular(f), _sidecar_bytes(f))
        except InputError:
            sha = ""  # the worker says why, in one line
        if sha and stored.get(str(doc_iri(key))) == sha:
            summary.skipped.append(str(f))
        else:
            todo.append(str(f))
    from kg.progress import progress_bar

    # the store is the corpus: a document recorded from a folder being built that is no longer
    # in it (deleted, renamed, no longer a report) is removed
    sources = _read_sources(store)
    folders = [Path(p).resolve() for p in paths if Path(p).is_dir()]
    present = {str(doc_iri(k)): str(Path(f).resolve()) for k, f in keys.items()}
    gone = [doc for doc, src in sorted(sources.items())
            if doc not in present and any(Path(src).is_relative_to(d) for d in folders)]
    from kg.infer import (
        FactCollector,
        count_inferred,
        graph_facts,
        infer_into_store,
        inference_predicates,
        update_inferred,
    )

    # inference by difference when graph/inferred is the closure of what the store held when this
    # build began and few documents change: what inference reads of each, before and after
    changed = [str(doc_iri(k)) for k in (doc_key(Path(f).stem) for f in todo)] + gone
    n_docs = sum(1 for g in stored if g.startswith(_DOC_PREFIX))
    before: dict[str, set[tuple[str, str, str]]] | None = None
    if (infer and changed and stored.get(str(G_INFERRED)) == _inference_state(stored)
            and len(changed) <= max(INCREMENTAL_DOCS, n_docs * INCREMENTAL_SHARE)):
        preds = inference_predicates(store)
        before = {}
        for doc in changed:
            facts = graph_facts(store, doc, preds) if doc in stored else set()
            if facts is None:  # a blank node: recompute it all
                before = None
                break
            before[doc] = facts
    for doc in gone:
        store.drop_graph(URIRef(doc))
        summary.removed.append(sources.pop(doc))
    sources.update(present)
    bar = progress_bar(len(todo), "building", "doc", show=progress)
    # what inference reads, picked out by the workers from the text they write (not read back
    # out of the store afterwards)
    collected = FactCollector(store) if infer and todo and before is None else None
    # every document is built in a worker process, so that one past its budget can be stopped
    pool = _DocumentWorkers(min(jobs, max(1, len(todo))), collected.wanted if collected is not None else None,
                            doc_timeout, doc_memory)
    results = pool.map(todo, window=jobs * 32)  # bounded memory (a larger window gained nothing)
    writer = _BatchWriter(store)
    try:
        for n, (status, payload) in enumerate(results, start=1):
            if status == "error":
                summary.failed.append((todo[n - 1], str(payload)))
                report_error(str(payload))
            else:
                path, key, sha, nq, ntrip, ents, warns, facts = payload  # type: ignore[misc]
                graph = doc_iri(key)
                writer.add(graph, nq)
                if collected is not None:
                    collected.add_split(str(graph), facts)  # type: ignore[arg-type]
                summary.built.append(path)
                summary.entities.update(ents)
                summary.warnings.extend(f"{path}: {w}" for w in warns)
            bar.update(1)
        writer.flush()
    finally:
        bar.close()
        results.close()  # stops the workers
    _write_sources(store, sources)
    hashes = store.content_hashes()  # graph/inferred's entry is the state it was computed from
    state = _inference_state(hashes)
    if infer and (summary.built or summary.removed or hashes.get(str(G_INFERRED)) != state):
        # the marker goes first and comes back last: inference bulk-loads (not one transaction),
        # so a build killed in the middle leaves no marker and the next build infers again
        store.drop_graph(G_INFERRED_STATE)
        patched = None
        if before is not None:
            after = {doc: graph_facts(store, doc, preds) for doc in changed}
            if all(v is not None for v in after.values()):
                patched = update_inferred(store, before, after)  # type: ignore[arg-type]
        if patched is not None:
            summary.inference = "patched"
            summary.inferred = count_inferred(store)
        else:
            summary.inference = "full"
            summary.inferred = infer_into_store(store, collected)
        store.ox.update(
            f'INSERT DATA {{ GRAPH <{G_INFERRED_STATE}> {{ <{G_INFERRED}> <{POV.contentHash}> "{state}" }} }}'
        )
    else:
        summary.inference = "unchanged" if infer else ""
        summary.inferred = count_inferred(store)
    from kg.summary import refresh_summaries  # the questions over the whole corpus, answered once

    refresh_summaries(store, state)
    if (summary.built or summary.removed) and store.path is not None:
        store.ox.flush()
        store.ox.optimize()  # compacts the store: smaller on disk and faster to query
    store.flush()  # and publishes the snapshot readers open
    summary.triples = len(store)
    summary.seconds = time.perf_counter() - t0
    return summary
