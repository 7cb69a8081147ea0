"""What the dossier and feed primitives of a store answer: raw numbers, before labels and scores.

`Store.spans` — each value of a value set (a facet, "kz_official" or "kz_role") in a search's events,
with how many events and the first and last date; `Store.term_stats` — document frequencies of
topic terms in a search's events and in the whole store; `Store.indexed_at` — when the files
holding some releases were indexed.
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Span:
    value: str
    count: int  # events
    first: str  # ISO date of the earliest of them
    last: str  # ISO date of the latest


@dataclass
class TermStats:
    """Document frequencies of topic terms: in the search's events (`fg`) and in every event (`bg`).

    A store may count the foreground on an even sample of `fg_sampled` of its `fg_total` events,
    and the background on a sample of `bg_sampled` of `bg_total`; `rows` then hold the sample counts
    scaled to the totals. Both are exact when the sample is everything.
    """

    fg_total: int
    bg_total: int
    rows: list[tuple[str, float, float]] = field(default_factory=list)  # (term, fg, bg)
    fg_sampled: int = 0
    bg_sampled: int = 0
