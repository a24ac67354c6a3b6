"""How an English name finds an entity: the one rule every command and the API use.

An English name matches an English label (``@en``) when the two are equal ignoring case,
spaces, hyphens and apostrophes, or when the name is the label without its generic suffix
("Henan" for "Henan Province", "Guangshan" for "Guangshan County"). A name never matches
*inside* another ("Henan" does not name "Zhen'an District" or "Henan Mongol Autonomous
County"), so ``povkg query -p place=Henan``, ``povkg viz --name Henan`` and
``KnowledgeGraph.place("Henan")`` all find 河南省.

Examples
--------
>>> english_matches("Henan", "Henan Province"), english_matches("henan", "Zhen'an District")
(True, False)
>>> english_matches("Henan", "Henan Mongol Autonomous County")
False
>>> english_matches("guangshan county", "Guangshan County")
True
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["english_key", "english_keys", "english_matches", "GENERIC_SUFFIXES"]

#: the generic words an English place or body label may end with, longest first
GENERIC_SUFFIXES = tuple(
    sorted(
        (
            "province",
            "autonomous region",
            "special administrative region",
            "municipality",
            "city",
            "prefecture",
            "autonomous prefecture",
            "league",
            "county",
            "autonomous county",
            "county-level city",
            "district",
            "new district",
            "banner",
            "autonomous banner",
            "township",
            "ethnic township",
            "town",
            "subdistrict",
            "village",
        ),
        key=len,
        reverse=True,
    )
)

_DROP = re.compile(r"[\s\-‐‑–—'’`.,·()（）]+")


def english_key(text: str) -> str:
    """The form names are compared in: NFKC, case-folded, no spaces, hyphens or apostrophes.

    >>> english_key("Zhen'an District")
    'zhenandistrict'
    """
    return _DROP.sub("", unicodedata.normalize("NFKC", text).casefold())


def english_keys(label: str) -> set[str]:
    """The keys an English label is found by: itself, and itself without a generic suffix.

    >>> sorted(english_keys("Henan Province"))
    ['henan', 'henanprovince']
    """
    low = " ".join(unicodedata.normalize("NFKC", label).casefold().split())
    keys = {english_key(low)}
    for suffix in GENERIC_SUFFIXES:
        if low.endswith(" " + suffix) and len(low) > len(suffix) + 1:
            keys.add(english_key(low[: -len(suffix)]))
            break
    return {k for k in keys if k}


def english_matches(name: str, label: str) -> bool:
    """Whether the English ``name`` names the entity with the English ``label``."""
    key = english_key(name)
    return bool(key) and key in english_keys(label)
