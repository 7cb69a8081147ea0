"""What a search asks for: the Query object the web layer builds and a store answers.

The free text is parsed (see `parse.py`) into a `TextQuery` of analysed terms,
so stores never see the user's raw text.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

SORTS = ("relevance", "date_desc", "date_asc")
MAX_PER_PAGE = 100
# Facet name → field of the event document it filters on.
FACET_FIELDS = {"country": "countries", "official": "officials", "org": "orgs"}


class InvalidQuery(ValueError):
    """A parameter a user can fix (bad date, page size); the message says which."""


@dataclass(frozen=True)
class Term:
    """One query word or quoted phrase: term positions, each with its alternatives.

    One position = a single word; several = a phrase matched in order.
    """

    slots: tuple[tuple[str, ...], ...]

    @property
    def is_phrase(self) -> bool:
        return len(self.slots) > 1


@dataclass(frozen=True)
class TextQuery:
    """Parsed free text: every clause must match (a clause = terms joined by OR);
    no `must_not` term may match."""

    must: tuple[tuple[Term, ...], ...] = ()
    must_not: tuple[Term, ...] = ()

    @property
    def is_empty(self) -> bool:
        return not self.must and not self.must_not

    def highlight_terms(self) -> frozenset[str]:
        """Every term a positive clause may match (what snippets mark)."""
        return frozenset(t for clause in self.must for term in clause for slot in term.slots for t in slot)


@dataclass(frozen=True)
class Query:
    text: str = ""
    country: tuple[str, ...] = ()
    official: tuple[str, ...] = ()
    org: tuple[str, ...] = ()
    date_from: date | None = None
    date_to: date | None = None
    sort: str = "relevance"
    page: int = 1
    per_page: int = 20

    def __post_init__(self) -> None:
        if self.sort not in SORTS:
            raise InvalidQuery(f"sort must be one of {', '.join(SORTS)}")
        if not 1 <= self.per_page <= MAX_PER_PAGE:
            raise InvalidQuery(f"per_page must be between 1 and {MAX_PER_PAGE}")
        if self.page < 1:
            raise InvalidQuery("page must be 1 or more")
        if self.date_from and self.date_to and self.date_from > self.date_to:
            raise InvalidQuery("date_from is after date_to")

    def filters(self) -> dict[str, tuple[str, ...]]:
        """Selected facet values, by facet name (empty facets left out)."""
        return {f: getattr(self, f) for f in FACET_FIELDS if getattr(self, f)}


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
