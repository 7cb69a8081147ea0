"""A search as the stores see it: analysed text, filters, the page, and which counts to make.

The multi-select rule lives here and nowhere else: hits match the text and every filter; a
facet's counts match the text and every filter but that facet's own (so ticking a second
country shows what it would add); the month histogram matches everything but the date range.
Values within a facet are ORed, different facets ANDed.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date

from eventstore.query.model import Query, TextQuery
from eventstore.query.parse import parse
from eventstore.schema import FACETS

FACET_SIZE = 50  # values per facet in an answer (selected values always come too)


@dataclass(frozen=True)
class Scope:
    """The filters one part of the answer is computed under."""

    facets: tuple[tuple[str, tuple[str, ...]], ...]  # (facet name, values), values ORed
    date_from: date | None = None
    date_to: date | None = None
    all_of: tuple[str, ...] = ()  # facets whose values are ANDed instead

    def field_filters(self) -> list[tuple[str, tuple[str, ...], bool]]:
        """(event field, values, every value required) for each facet filter."""
        return [(FACETS[f], values, f in self.all_of) for f, values in self.facets]


@dataclass(frozen=True)
class SearchRequest:
    text: TextQuery
    filters: tuple[tuple[str, tuple[str, ...]], ...] = ()
    all_of: tuple[str, ...] = ()  # facets whose values are ANDed (see `Query.all_of`)
    date_from: date | None = None
    date_to: date | None = None
    sort: str = "date_desc"
    offset: int = 0
    size: int = 20
    facets: tuple[str, ...] = tuple(FACETS)  # which facets to count
    facet_size: int = FACET_SIZE
    histogram: bool = True

    @classmethod
    def of(cls, query: Query, text: TextQuery | None = None, **kw) -> "SearchRequest":
        text = parse(query.text) if text is None else text
        date_from, date_to = query.date_from, query.date_to
        if date_from is None and date_to is None:
            text, date_from, date_to = _year_as_period(text)
        return cls(
            text=text,
            filters=tuple(query.filters().items()),
            all_of=tuple(f for f in query.all_of if query.filters().get(f)),
            date_from=date_from,
            date_to=date_to,
            sort=query.sort,
            offset=query.offset,
            size=query.per_page,
            **kw,
        )

    def scope(self, skip: str | None = None) -> Scope:
        """Every filter but `skip` (a facet name, or "date" for the histogram).

        A facet whose values are ANDed keeps its own filter: ticking one more value narrows
        the events, so its counts say how many events each value would leave.
        """
        facets = tuple((f, v) for f, v in self.filters if f != skip or f in self.all_of)
        if skip == "date":
            return Scope(facets, all_of=self.all_of)
        return Scope(facets, self.date_from, self.date_to, self.all_of)

    def selected(self, facet: str) -> tuple[str, ...]:
        return dict(self.filters).get(facet, ())

    @property
    def by_relevance(self) -> bool:
        return self.sort == "relevance" and bool(self.text.must)

    def counts_key(self) -> tuple:
        """What totals and counts depend on (not the sort or the page: paging reuses them)."""
        return (self.text, self.filters, self.all_of, self.date_from, self.date_to, self.facets, self.facet_size,
                self.histogram)


@dataclass
class Found:
    """A store's answer: raw numbers and documents, before labels and snippets."""

    total: int
    rows: list[tuple[dict, float | None]]  # public documents of the page, with their score
    facets: dict[str, list[tuple[str, int]]]  # by count desc, then value; selected values included
    months: list[tuple[str, int]]  # ("YYYY-MM", count) in date order
    # Different values per facet, when `facets` holds only the top ones (Elasticsearch); else len(facets[f]).
    facet_sizes: dict[str, int] | None = None


def _year_as_period(text: TextQuery) -> tuple[TextQuery, date | None, date | None]:
    """«Ескараев 2025»: a year typed alone, with other words and no dates set, means the events of
    that year, not texts that print the number (a programme like «2050» or «2030» is later than next
    year and stays a word)."""
    years = [c for c in text.must if len(c) == 1 and len(c[0].slots) == 1 and not c[0].prefix
             and not c[0].word.startswith('"')
             and len(c[0].slots[0]) == 1 and _YEAR.fullmatch(c[0].slots[0][0])
             and 1991 <= int(c[0].slots[0][0]) <= date.today().year + 1]
    if len(years) != 1 or len(text.must) < 2:
        return text, None, None
    year = int(years[0][0].slots[0][0])
    note = f"«{year}» понято как период: события с 1 января по 31 декабря {year} года (чтобы искать число в тексте, возьмите его в кавычки)."
    must = tuple(c for c in text.must if c is not years[0])
    return replace(text, must=must, notes=(*text.notes, note)), date(year, 1, 1), date(year, 12, 31)


_YEAR = re.compile(r"\d{4}")

