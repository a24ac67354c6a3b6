"""The report being read: text, context, what has been found so far and span indexes over it."""

from __future__ import annotations

import bisect
import re
from typing import Any

from kg.catalogue import Catalogue, load_catalogue
from kg.gazetteer import Gazetteer, load_gazetteer
from kg.normalise import NormalisedText, Sentence

from .lexicon import lengths_for, word_starts
from .records import (
    DocContext,
    EventRecord,
    Extraction,
    OrgMention,
    OutcomeRecord,
    PlaceMention,
    PolicyMention,
)


class Reading:
    """One report being read: its text, context and everything the recognisers found so far.

    Like a spaCy ``Doc``: each recogniser (a function of :mod:`kg.extract.places`,
    :mod:`~kg.extract.bodies`, …) reads what earlier ones found and adds its own records
    and span indexes here; the index queries below are shared by all of them.
    """

    def __init__(self, doc: NormalisedText, ctx: DocContext) -> None:
        self.doc = doc
        self.text = doc.text
        self.sentences = doc.sentences
        self.ctx = ctx
        self.gaz: Gazetteer = load_gazetteer()
        self.cat: Catalogue = load_catalogue()
        self.warnings: list[str] = []
        self.places: dict[str, PlaceMention] = {}
        self.place_spans: list[tuple[int, int, str]] = []  # (start, end, place key)
        self.place_at_start: dict[int, list[tuple[int, str]]] = {}  # start -> [(end, key)]
        self.place_at_end: dict[int, str] = {}  # end -> key
        self._place_index: list[tuple[int, int, str]] = []
        self.orgs: dict[str, OrgMention] = {}
        self.org_spans: list[tuple[int, int, str]] = []
        self.policies: dict[str, PolicyMention] = {}
        self.policy_spans: list[tuple[int, int, str]] = []
        self.events: list[EventRecord] = []
        self.outcomes: list[OutcomeRecord] = []
        self._sentence_hits: dict[tuple[int, str], list[re.Match[str]]] = {}
        self._held: list[EventRecord] = []
        self._held_starts: list[int] = []
        self._held_key = -1
        self._word_starts: dict[int, set[int]] = {}
        self.cache: dict[object, object] = {}  # per-report memo of the recognisers (times by sentence …)
        self.dated: set[str] = set()  # events whose date was read from their own sentence
        self.inst_ends: list[int] = []  # ends of institution suffixes (大学, 公司 ...), for bodies
        self.events_version = 0  # bumped whenever an event is added or becomes held
        self.sentence_at = [0] * (len(self.text) + 1)
        for s in self.sentences:
            for i in range(s.start, s.end + 1):
                self.sentence_at[i] = s.index

    def scan(self, forms: dict[str, Any], min_len: int = 2, max_len: int = 16) -> list[tuple[int, str]]:
        """Longest-match scan of the text for the keys of ``forms`` (linear in the text)."""
        text = self.text
        lengths = lengths_for(forms, min_len, max_len)
        out = []
        i, n = 0, len(text)
        while i < n:
            hit = None
            for ln in lengths.get(text[i], ()):
                if i + ln <= n and (s := text[i : i + ln]) in forms:
                    hit = s
                    break
            if hit:
                out.append((i, hit))
                i += len(hit)
            else:
                i += 1
        return out

    def sorted_places(self) -> list[tuple[int, int, str]]:
        if len(self._place_index) != len(self.place_spans):
            self._place_index = sorted(self.place_spans)
        return self._place_index

    def places_starting_in(self, a: int, b: int) -> list[tuple[int, int, str]]:
        """Place spans whose start lies in ``[a, b)``, in text order."""
        idx = self.sorted_places()
        lo = bisect.bisect_left(idx, (a, -1, ""))
        hi = bisect.bisect_left(idx, (b, -1, ""))
        return idx[lo:hi]

    def places_overlapping(self, a: int, b: int) -> list[tuple[int, int, str]]:
        idx = self.sorted_places()
        hi = bisect.bisect_left(idx, (b, -1, ""))
        return [t for t in idx[max(0, bisect.bisect_left(idx, (a - 64, -1, ""))) : hi] if t[1] > a]

    def place_ends_at(self, i: int) -> str | None:
        return self.place_at_end.get(i)

    def org_spans_overlapping(self, a: int, b: int) -> list[tuple[int, int, str]]:
        """Body spans that overlap ``[a, b)`` (org_spans are kept in text order; no body name is
        longer than 100 characters), found by bisection: linear in a long report."""
        k0 = bisect.bisect_left(self.org_spans, (a - 100, -1, ""))
        out = []
        spans = self.org_spans
        for i in range(k0, len(spans)):  # no slice: a copy of the tail would make this quadratic
            s, e, k = spans[i]
            if s >= b:
                break
            if e > a:
                out.append((s, e, k))
        return out

    def orgs_in(self, start: int, end: int) -> list[str]:
        """Bodies named inside ``[start, end)``, in text order (org_spans are appended in text order)."""
        seen: list[str] = []
        k0 = bisect.bisect_left(self.org_spans, (start, -1, ""))
        spans = self.org_spans
        for i in range(k0, len(spans)):
            s, e, k = spans[i]
            if s >= end:
                break
            if e <= end and k not in seen:
                seen.append(k)
        return seen

    def event_before(self, pos: int) -> EventRecord | None:
        """The held event introduced last before ``pos`` (else the first held one)."""
        key = self.events_version
        if key != self._held_key:
            held = sorted((e for e in self.events if e.held), key=lambda e: e.span[0])
            self._held, self._held_starts, self._held_key = held, [e.span[0] for e in held], key
        if not self._held:
            return None
        k = bisect.bisect_right(self._held_starts, pos) - 1
        if k >= 0:
            # the latest start wins; among equal starts the last one introduced
            return self._held[k]
        return min(self._held, key=lambda e: self.events.index(e))

    def all_in_sentence(self, s: Sentence, rx: re.Pattern[str]) -> list[re.Match[str]]:
        """Every match of ``rx`` in a sentence, computed once per sentence (absolute positions)."""
        key = (s.index, rx.pattern)
        hits = self._sentence_hits.get(key)
        if hits is None:
            hits = self._sentence_hits[key] = list(rx.finditer(self.text, s.start, s.end))
        return hits

    def first_in_sentence(self, s: Sentence, rx: re.Pattern[str]) -> int:
        hits = self.all_in_sentence(s, rx)
        return hits[0].start() if hits else len(self.text) + 1

    def word_starts_at(self, i: int) -> bool:
        """Whether a word begins at ``i``, by the segmenter over ``i``'s sentence (cached per sentence)."""
        k = self.sentence_at[i]
        starts = self._word_starts.get(k)
        if starts is None:
            s = self.sentences[k]
            starts = self._word_starts[k] = {s.start + a for a in word_starts(self.text[s.start : s.end])}
        return i in starts

    @property
    def national(self) -> str | None:
        """``100000`` when a report with no province of its own speaks of the country (全国, 中央, 国务院 …)."""
        if self.ctx.province is None and re.search(r"全国|我国|中央|国务院|国家", self.text):
            return "100000"
        return None

    def extraction(self) -> Extraction:
        """The records found, each list in text order."""
        orgs = sorted(self.orgs.values(), key=lambda o: min(o.spans))
        places = sorted(self.places.values(), key=lambda p: (min(p.spans) if p.spans else (10**9, 0), p.key))
        pols = sorted(self.policies.values(), key=lambda p: min(p.spans))
        return Extraction(self.ctx, self.doc, pols, orgs, places, self.events, self.outcomes, self.warnings)
