"""What a search answers: total, a page of hits with snippets, labelled facet values."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool = False
    kz: bool = False  # official facet: a Kazakh official (vs. a counterpart)


@dataclass
class Hit:
    doc: dict
    snippet_html: str
    score: float | None = None


@dataclass
class Result:
    total: int
    hits: list[Hit]
    # "country", "official", "org": values by count; "date": months "YYYY-MM" in order.
    facets: dict[str, list[FacetValue]] = field(default_factory=dict)
    page: int = 1
    per_page: int = 20
    # The text had nothing searchable in it («*», «-», «""»): shown as "empty query".
    empty_query: bool = False
    # How many different values each facet has under the search (the lists show the top ones).
    facet_sizes: dict[str, int] = field(default_factory=dict)
    normalized: str = ""  # the text as it was understood
    notes: tuple[str, ...] = ()  # what the parser cut or ignored
    suggestions: list["Suggestion"] = field(default_factory=list)


@dataclass
class Suggestion:
    """Another query worth trying when this one found little: its text and how many events it finds."""

    text: str
    total: int
    kind: str  # "spelling", "prefix" or "drop"
    word: str = ""  # the word it corrects, shortens or drops
