"""The Searcher: one search, the same way on every store.

parse the text → `SearchRequest` → the store's primitives (`Store.execute`: match, counts per
facet, histogram, page) → labels, Kazakh flags, snippets → `Result`. A search that finds little
also gets suggestions (`suggest.py`).
"""
from __future__ import annotations

from dataclasses import replace
from typing import Iterator

from eventstore.countries import names as country_names
from eventstore.query.model import Query
from eventstore.query.parse import parse
from eventstore.search.facets import facet_values, months
from eventstore.search.request import SearchRequest
from eventstore.search.result import FacetValue, Hit, Result
from eventstore.search.snippets import snippet
from eventstore.search.suggest import suggestions
from eventstore.search.timer import Timer
from eventstore.text import normalize

FACET_ALL = 10_000  # values of one facet on its own page ("показать все")


class Searcher:
    def __init__(self, store):
        self.store = store

    def search(self, query: Query, timer: Timer | None = None, suggest: bool = True) -> Result:
        request = SearchRequest.of(query, parse(query.text))
        text = request.text  # as searched: a year typed with words became the date range
        found = self.store.execute(request, timer)
        facets = {f: facet_values(f, found.facets.get(f, []), request.selected(f), request.facet_size)
                  for f in request.facets}
        facets["date"] = months(found.months)
        self._mark_kazakh(facets.get("official", []))
        terms, prefixes = text.highlight_terms(), text.highlight_prefixes()
        hits = [Hit(doc, snippet(doc["text"], terms, prefixes=prefixes), score) for doc, score in found.rows]
        if timer:
            timer.lap("snippets")
        empty = bool(query.text.strip()) and text.is_empty and not query.filters() and not (query.date_from or query.date_to)
        result = Result(found.total, hits, facets, query.page, query.per_page, empty_query=empty,
                        facet_sizes={f: (found.facet_sizes or {}).get(f, len(found.facets.get(f, [])))
                                     for f in request.facets},
                        normalized=text.normalized(), notes=text.notes)
        if suggest:
            result.suggestions = suggestions(self, query, text, found.total)
        return result

    def count(self, query: Query) -> int:
        """How many events a query finds (no page, no facets: for suggestions)."""
        request = replace(SearchRequest.of(query), sort="date_desc", offset=0, size=1, facets=(), histogram=False)
        return self.store.execute(request).total

    def facet(self, query: Query, facet: str, contains: str = "") -> tuple[list[FacetValue], int]:
        """Every value of one facet under the query (its own filter aside, as in the sidebar) whose
        label has `contains` in it (any case, ё = е; countries also by full name and code),
        and how many values the facet has in all."""
        request = replace(SearchRequest.of(query), offset=0, size=1, facets=(facet,), facet_size=FACET_ALL,
                          histogram=False)
        found = self.store.execute(request)
        rows = found.facets.get(facet, [])
        values = facet_values(facet, rows, request.selected(facet), FACET_ALL)
        self._mark_kazakh(values if facet == "official" else [])
        needle = normalize(contains.strip())
        if needle:
            values = [v for v in values if v.selected or needle in _haystack(facet, v)]
        return values, (found.facet_sizes or {}).get(facet, len(rows))

    def _mark_kazakh(self, officials: list[FacetValue]) -> None:
        kz = self.store.kazakh([v.value for v in officials]) if officials else set()
        for v in officials:
            v.kz = v.value in kz

    def coverage(self) -> dict:
        return self.store.coverage()

    def scan(self, query: Query) -> Iterator[dict]:
        """Every hit of the query in its order (all pages), for exports."""
        return self.store.scan(SearchRequest.of(query))

    def event(self, event_id: str) -> dict | None:
        return self.store.get_event(event_id)

    def release(self, release_id: str) -> dict | None:
        return self.store.get_release(release_id)

    def resolve(self, event_id: str):
        """An event, or where its id moved, or when it was removed (`Store.resolve`)."""
        return self.store.resolve(event_id)

    def resolve_release(self, release_id: str):
        return self.store.resolve_release(release_id)

    def release_versions(self, release_id: str):
        return self.store.release_versions(release_id)


def _haystack(facet: str, v: FacetValue) -> str:
    names = country_names(v.value) if facet == "country" else [v.label]
    return normalize(" | ".join(names))
