"""The Searcher: one search, the same way on every store.

parse the text → `SearchRequest` → the store's primitives (`Store.execute`: match, counts per
facet, histogram, page) → labels, Kazakh flags, snippets → `Result`.
"""
from __future__ import annotations

from typing import Iterator

from eventstore.query.model import Query
from eventstore.query.parse import parse
from eventstore.search.facets import facet_values, months
from eventstore.search.request import SearchRequest
from eventstore.search.result import Hit, Result
from eventstore.search.snippets import snippet
from eventstore.search.timer import Timer


class Searcher:
    def __init__(self, store):
        self.store = store

    def search(self, query: Query, timer: Timer | None = None) -> Result:
        text = parse(query.text)
        request = SearchRequest.of(query, text)
        found = self.store.execute(request, timer)
        facets = {f: facet_values(f, found.facets.get(f, []), request.selected(f), request.facet_size)
                  for f in request.facets}
        facets["date"] = months(found.months)
        officials = facets.get("official", [])
        kz = self.store.kazakh([v.value for v in officials]) if officials else set()
        for v in officials:
            v.kz = v.value in kz
        terms, prefixes = text.highlight_terms(), text.highlight_prefixes()
        hits = [Hit(doc, snippet(doc["text"], terms, prefixes=prefixes), score) for doc, score in found.rows]
        if timer:
            timer.lap("snippets")
        empty = bool(query.text.strip()) and text.is_empty and not query.filters() and not (query.date_from or query.date_to)
        return Result(found.total, hits, facets, query.page, query.per_page, empty_query=empty)

    def scan(self, query: Query) -> Iterator[dict]:
        """Every hit of the query in its order (all pages), for exports."""
        return self.store.scan(SearchRequest.of(query))

    def event(self, event_id: str) -> dict | None:
        return self.store.get_event(event_id)

    def release(self, release_id: str) -> dict | None:
        return self.store.get_release(release_id)
