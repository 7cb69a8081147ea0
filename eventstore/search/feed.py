"""What a feed of a search lists: its newest events, each with when its release file was indexed.

The same `Query` as the search page, always newest first and from the first page: a feed reader
polls the URL and shows each entry id it has not seen, so the newest events must come first.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

from eventstore.query.model import Query
from eventstore.search.request import SearchRequest

FEED_SIZE = 50  # entries when the URL does not say (`per_page`, up to MAX_PER_PAGE)


@dataclass
class FeedEntry:
    doc: dict  # the public event document
    indexed_at: str | None  # ISO timestamp of its file's indexing, None if the store does not know


@dataclass
class Feed:
    total: int  # events the search finds (the feed holds the newest of them)
    entries: list[FeedEntry]

    @property
    def updated(self) -> str | None:
        """The latest indexing time of its entries."""
        return max((e.indexed_at for e in self.entries if e.indexed_at), default=None)


def newest(store, query: Query) -> Feed:
    request = SearchRequest.of(replace(query, sort="date_desc", page=1), facets=(), histogram=False)
    found = store.execute(request)
    docs = [doc for doc, _ in found.rows]
    at = store.indexed_at([d["release_id"] for d in docs]) if docs else {}
    return Feed(found.total, [FeedEntry(d, at.get(d["release_id"])) for d in docs])
