"""Bringing stored events to the curation file as it is now, without the NLP where the store allows.

The store remembers the digest of the file its events were curated with (meta `curation`). When
it differs, every stored event is curated again from what the analysis said (`apply.curate`) and
only the events that change are written. The digest is saved last, so a run killed midway leaves
it old: the next run scans again, finds the events already written unchanged, and finishes.
A store that does not keep the term stream (Elasticsearch) has the files of changed events
re-analysed instead (`forced`).
"""
from __future__ import annotations

from dataclasses import dataclass, field

from indexer.curation.apply import curate
from indexer.curation.format import NONE, Curation

META = "curation"


@dataclass
class Reapplied:
    events: int = 0  # stored events rewritten
    forced: set[str] = field(default_factory=set)  # files to re-index (stores without the term stream)


def outdated(store, cur: Curation) -> bool:
    return (store.get_meta(META) or NONE.digest) != cur.digest


def reapply(store, cur: Curation) -> Reapplied:
    """Stored events curated by `cur` (nothing to do when the store is already)."""
    done = Reapplied()
    if not outdated(store, cur):
        return done
    for batch in store.event_documents():
        changed, sources = [], []
        for source, doc in batch:
            if not store.keeps_terms:
                doc.setdefault("terms", [])
            new = curate(doc, cur)
            if new != doc if store.keeps_terms else _without_terms(new) != _without_terms(doc):
                changed.append(new)
                sources.append(source)
                done.forced.add(source)
        if changed and store.keeps_terms:
            by_file: dict[str, list[dict]] = {}
            for doc, source in zip(changed, sources):
                by_file.setdefault(source, []).append(doc)
            for docs in by_file.values():  # one write per file, as indexing does
                store.rewrite_events(docs)
            done.events += len(changed)
    if store.keeps_terms:
        done.forced = set()
    return done


def _without_terms(doc: dict) -> dict:
    return {k: v for k, v in doc.items() if k != "terms"}


def remember(store, cur: Curation) -> None:
    if outdated(store, cur):
        store.set_meta(META, cur.digest)
