"""The one interface both stores implement: the indexer writes, the Searcher reads.

Documents are plain dicts with the fields of `eventstore.schema`. Reading is a few
primitives; everything shared (query parsing, the multi-select rule, labels, snippets)
happens above the stores, in `eventstore.search`.
"""
from __future__ import annotations

import contextlib
from abc import ABC, abstractmethod
from typing import Iterable, Iterator

from eventstore.search.aggregates import Span, TermStats
from eventstore.search.request import Found, SearchRequest
from eventstore.stores import history
from eventstore.stores.history import Held, Redirect, Revision, Version


class StoreError(Exception):
    """The store cannot do what was asked (bad file, read-only folder…)."""


class StoreUnavailable(StoreError):
    """The store cannot be reached (server down, file missing): try again later."""


class Locked(Exception):
    """Another indexer run holds the store's run lock."""


class StoreCorrupt(StoreUnavailable):
    """The store's data is damaged: searches answer 503 and the indexer stops until it is rebuilt."""

    HINT = "store corrupt: rebuild with `python -m indexer reindex --source DIR`"


class Store(ABC):
    # --- read primitives (the Searcher) ---
    @abstractmethod
    def execute(self, request: SearchRequest, timer=None) -> Found:
        """Match, total, facet counts under `request.scope(facet)`, months under
        `request.scope("date")`, and the asked page in `request.sort` order — in one go."""

    @abstractmethod
    def scan(self, request: SearchRequest) -> Iterator[dict]:
        """Every hit of the request (all pages) in its sort order, for exports."""

    @abstractmethod
    def kazakh(self, officials: list[str]) -> set[str]:
        """Which of these officials are Kazakhstan's (in any indexed event)."""

    @abstractmethod
    def get_event(self, event_id: str) -> dict | None: ...

    def coverage(self) -> dict:
        """What the store holds, for the freshness line: {"events", "releases", "first_date",
        "last_date" (ISO dates of the events), "indexed_at" (when a file was last indexed)}."""
        raise NotImplementedError

    def term_counts(self, terms: list[str]) -> dict[str, int]:
        """How many events hold each of these exact index terms; terms no event holds are left out
        (the Searcher's spelling suggestions ask for a word's one-letter variants)."""
        raise NotImplementedError

    @abstractmethod
    def get_release(self, release_id: str) -> dict | None:
        """The release document with `events`: its public event documents in order."""

    # --- dossier and feed primitives (answers: eventstore.search.aggregates) ---
    @abstractmethod
    def spans(self, request: SearchRequest, facets: tuple[str, ...], size: int,
              only: dict[str, str] | None = None) -> dict[str, list[Span]]:
        """For each value set in `facets` (names of `schema.VALUE_FIELDS`: a facet, "kz_official",
        "kz_role"): its values in the request's events — every filter applies, the set's own too —
        with how many events and their first and last date, most events first (then by value),
        at most `size`; `only` keeps a set's values that begin with the given prefix."""

    @abstractmethod
    def term_stats(self, request: SearchRequest, size: int, min_count: int = 1,
                   exclude: frozenset[str] = frozenset()) -> TermStats:
        """Topic terms (`search.topics.is_topic`) of the request's events with their document
        frequency there (at least `min_count`) and in the whole store, none of `exclude`: at least
        the `size` most significant for the request (a store may give more, and may sample)."""

    @abstractmethod
    def indexed_at(self, release_ids: list[str]) -> dict[str, str]:
        """When the file holding each release was (last) indexed: release id → ISO timestamp (UTC)."""

    # --- permalinks: ids retired by edits, earlier versions (eventstore/stores/history.py) ---
    @abstractmethod
    def redirect(self, doc_id: str) -> Redirect | None:
        """The record of a retired event or release id: where it moved, or when it was removed."""

    def resolve(self, event_id: str) -> tuple[str, object] | None:
        """("event", public doc) | ("moved", live event id) | ("gone", Redirect) | None (never known)."""
        return history.resolve(event_id, "event", self.get_event, self.redirect)

    def resolve_release(self, release_id: str) -> tuple[str, object] | None:
        """("release", doc with events) | ("moved", live release id) | ("gone", Redirect) | None."""
        return history.resolve(release_id, "release", self.get_release, self.redirect)

    @abstractmethod
    def release_versions(self, release_id: str) -> list[Version]:
        """Earlier texts of a release, newest first."""

    # --- write side (indexer) ---
    @abstractmethod
    def replace_source(self, source: str, content_hash: str, release: dict, events: list[dict],
                       revision: Revision | None = None) -> None:
        """Atomically put a release file's documents in place of what it had before, with the
        revision's redirects and versions, and without the documents of the file it takes over."""

    # Whether `event_documents` gives the term stream (then `rewrite_events` works): stores that do
    # not keep it (Elasticsearch leaves it out of `_source`) have a changed document re-analysed.
    keeps_terms = True

    def event_documents(self, batch: int = 1000) -> Iterator[list[tuple[str, dict]]]:
        """Every event as the indexer wrote it (all fields; `terms` only if `keeps_terms`), with the
        source file holding it, in batches. Events written while it runs may be left out."""
        raise NotImplementedError

    def rewrite_events(self, docs: list[dict]) -> None:
        """Put these documents in place of the stored events with the same ids, in one write (the
        curation of events already indexed: release, file and history stay as they are)."""
        raise NotImplementedError

    @abstractmethod
    def delete_source(self, source: str, revision: Revision | None = None) -> None:
        """Remove a file's documents (and write the revision's records: the removed ids, the last text)."""

    @abstractmethod
    def held(self, source: str) -> Held | None:
        """The release a file holds, as its last complete write left it (what an edit is matched against)."""

    @abstractmethod
    def retired_ids(self, release_id: str) -> list[str]:
        """Every event id of this release that was retired (moved or removed): never issued again."""

    @abstractmethod
    def history(self) -> Iterator[Redirect | Version]:
        """Every redirect and version record (a rebuild copies them into the new store)."""

    @abstractmethod
    def add_history(self, records: Iterable[Redirect | Version]) -> None: ...

    @abstractmethod
    def sources(self) -> dict[str, str]:
        """Indexed source files → the content hash they were indexed at."""

    @abstractmethod
    def source_of_release(self, release_id: str) -> str | None:
        """Which source file holds this release (to refuse a second copy of it)."""

    @abstractmethod
    def known_officials(self) -> list[str]:
        """Canonical names of every indexed official (for resolving initials)."""

    @abstractmethod
    def known_roles(self) -> list[tuple[str, str, str]]:
        """(name, role, date) for every Kazakh official's role as indexed events give it."""

    @abstractmethod
    def note_rejected(self, source: str, content_hash: str, reason: str) -> None: ...

    @abstractmethod
    def forget_rejected(self, source: str) -> None: ...

    @abstractmethod
    def rejected(self) -> dict[str, dict]:
        """source → {"hash", "reason", "at"} for files that were rejected."""

    @abstractmethod
    def set_meta(self, key: str, value: str) -> None: ...

    @abstractmethod
    def get_meta(self, key: str) -> str | None: ...

    @abstractmethod
    def stats(self) -> dict:
        """{"events": int, "releases": int, ...} for `indexer status`."""

    # --- full rebuild (`indexer reindex`): searches keep hitting the old data ---
    @abstractmethod
    def begin_rebuild(self) -> "Store":
        """A new, empty store to fill (SQLite: a sibling file; ES: a new versioned index)."""

    @abstractmethod
    def finish_rebuild(self, new: "Store") -> None:
        """Atomically make `new` the live store (file rename / alias swap)."""

    def run_lock(self):
        """A lock held for a whole indexer run, for stores that several hosts may write (a context
        manager; raises `Locked` when another run holds it). Local stores need none: the indexer's
        lock file next to them suffices."""
        return contextlib.nullcontext()

    def flush(self) -> None:
        """Make everything written so far visible to readers (once per run; SQLite commits per file)."""

    def abort_rebuild(self, new: "Store") -> None:
        """A rebuild failed or was stopped: drop what `begin_rebuild` made (the live store is untouched)."""
        new.close()

    def close(self) -> None:
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
