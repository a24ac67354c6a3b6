"""Extract policies, bodies, places, events and outcomes from a normalised report.

The extractor is a list of recognisers, in reading order, each a function over a
:class:`~kg.extract.reading.Reading` (the report's normalised text, its context and what
earlier recognisers found) that adds records of its own:

=====================  ==============================================================
``context``            the report's date, province, city and county (evidence only)
``places``             divisions, townships, villages and sites
``policies``           《…》 titles and catalogue policies named as documents
``bodies``             organisations: catalogue, counterparts, generic shapes
``events``             events, their date and place, roles, policies and visits
``quantities``         figures as written (pure functions over a string)
``outcomes``           measured figures with indicator, kind, area and as-of date
=====================  ==============================================================

Nothing here knows any particular report. Every record carries its span in the normalised
text, and :class:`Extraction` maps spans back to the original for provenance. The entry
point is :func:`parse_report`; :meth:`Extraction.to_json` is the contract read by
``score_extraction.py``.
"""

from __future__ import annotations

from kg.normalise import NormalisedText, normalise_text

from .bodies import extract_organisations
from .context import infer_context, infer_local_context
from .events import extract_events
from .outcomes import extract_outcomes, fix_baselines
from .places import add_referred_province, extract_local_places, extract_places
from .policies import extract_policies
from .quantities import parse_number
from .reading import Reading
from .records import (
    DocContext,
    EventRecord,
    Extraction,
    OrgMention,
    OutcomeRecord,
    PlaceMention,
    PolicyMention,
    Visit,
)

__all__ = [
    "DocContext",
    "PolicyMention",
    "OrgMention",
    "PlaceMention",
    "Visit",
    "EventRecord",
    "OutcomeRecord",
    "Extraction",
    "RECOGNISERS",
    "parse_report",
    "parse_number",
]

#: the recognisers in the order they run (each reads what the earlier ones found)
RECOGNISERS = (
    infer_context,
    extract_places,
    infer_local_context,
    extract_local_places,
    extract_policies,
    extract_organisations,
    add_referred_province,
    extract_events,
    extract_outcomes,
    fix_baselines,
)


def parse_report(text: str | NormalisedText, context: DocContext | None = None) -> Extraction:
    """Extract every record from one report.

    ``text`` is the decoded original text (or an already normalised one); ``context`` carries
    what the sidecar metadata says (key, title, date, province code).

    >>> ex = parse_report("11月10日，2020年全省网络扶贫工作推进会在光山县召开。全省农村固定宽带家庭普及率达99%。")
    >>> ex.events[0].name, ex.events[0].date, ex.events[0].place
    ('2020年全省网络扶贫工作推进会', '2020-11-10', '光山县')
    >>> [(o.indicator, str(o.value), o.unit) for o in ex.outcomes]
    [('农村固定宽带家庭普及率', '99', '%')]
    """
    doc = text if isinstance(text, NormalisedText) else normalise_text(text)
    r = Reading(doc, context or DocContext(key="doc"))
    for recognise in RECOGNISERS:
        recognise(r)
    return r.extraction()
