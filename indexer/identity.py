"""Ids that survive edits: which stored release a file's new documents continue, and which events.

The analysis names a release by a hash of its header date, title and lead (`release.py`) and an
event by its position. Journalists cite both, so before a file's documents are stored
`Lineage.assign` gives them the ids of what they continue:

Release. A file continues the release it held before — unless its text became another release
(header changed and less than `RELEASE_MATCH` of the words in common). A file new to the store
continues a release whose file disappeared in this run (`--prune`, or any `reindex`): the one with
the same content id, else the most similar one at or above `RELEASE_MATCH` (a renamed or moved file,
maybe edited too). A file whose content id names a release that was removed earlier continues that
release's last text (a deleted file put back). Otherwise it is a new release named by its content id.
The release keeps its first id for good; its later content ids redirect to it.

Events, against the events the release had (`match`):
- the same text (same words in the same order) → the same id, first to first;
- then the most similar texts, token-set Jaccard ≥ `EVENT_MATCH`, nearer positions first → the same id
  (a typo fixed, a sentence added; the corpus's most similar different events of a release score 0.25);
- an old event left over whose place — between the same matched neighbours — is taken by exactly as
  many new events as there are left-over old ones there was REPLACED (reworded beyond recognition):
  its id redirects (301) to the new event's id;
- any other old event was REMOVED: its id answers 410;
- every new event without a match gets a new id `<release id>-<k>`, k one more than any number this
  release ever issued (live or retired), so an id never names two events. `n` stays the position.

An edit that changes any text keeps the earlier text as a `Version`; a removed file's last text is
kept too (so that putting the file back revives its ids).
"""
from __future__ import annotations

import re
from collections import defaultdict, deque
from dataclasses import dataclass, field

from eventstore import schema
from eventstore.stores.history import Held, Redirect, Revision, Version, now, snapshot

EVENT_MATCH = 0.5
RELEASE_MATCH = 0.5
WINDOW = 200  # in releases with thousands of changed events, only events this close in position are compared
_WORD = re.compile(r"\w+")
_SERIAL = re.compile(r"-(\d+)$")


class Duplicate(Exception):
    """The file holds a release another file already holds (its message is the rejection reason)."""


def words(text: str) -> list[str]:
    return _WORD.findall(text.lower().replace("ё", "е"))


def jaccard(a: frozenset | set, b: frozenset | set) -> float:
    union = len(a | b)
    return len(a & b) / union if union else 1.0


def match(old: list[str], new: list[str]) -> tuple[dict[int, int], dict[int, int]]:
    """Event texts before and after an edit → ({new index: old index} kept, {new index: old index} replaced)."""
    kept: dict[int, int] = {}
    same: dict[tuple, deque] = defaultdict(deque)
    for j, text in enumerate(old):
        same[tuple(words(text))].append(j)
    for i, text in enumerate(new):
        waiting = same.get(tuple(words(text)))
        if waiting:
            kept[i] = waiting.popleft()
    used = set(kept.values())
    free_old = [j for j in range(len(old)) if j not in used]
    free_new = [i for i in range(len(new)) if i not in kept]
    if free_old and free_new:
        sets_old = {j: frozenset(words(old[j])) for j in free_old}
        wide = len(free_old) * len(free_new) <= WINDOW * WINDOW * 4
        candidates = []
        for i in free_new:
            mine = frozenset(words(new[i]))
            for j in free_old:
                if wide or abs(i - j) <= WINDOW:
                    score = jaccard(mine, sets_old[j])
                    if score >= EVENT_MATCH:
                        candidates.append((-score, abs(i - j), j, i))
        for _, _, j, i in sorted(candidates):
            if i not in kept and j not in used:
                kept[i] = j
                used.add(j)
    return kept, _replaced(kept, used, len(old), len(new))


def _replaced(kept: dict[int, int], used: set[int], n_old: int, n_new: int) -> dict[int, int]:
    """Runs of unmatched new events paired with the unmatched old events between the same neighbours,
    when there are as many of each."""
    out: dict[int, int] = {}
    i = 0
    while i < n_new:
        if i in kept:
            i += 1
            continue
        start = i
        while i < n_new and i not in kept:
            i += 1
        low = kept[start - 1] if start > 0 else -1
        high = kept[i] if i < n_new else n_old
        gap = [j for j in range(low + 1, high) if j not in used]
        if low < high and len(gap) == i - start:
            out.update(zip(range(start, i), gap))
    return out


def serial(event_id: str) -> int:
    """The number an event id was issued with (`<release id>-<k>`), 0 for another form."""
    m = _SERIAL.search(event_id)
    return int(m.group(1)) if m else 0


def release_words(release: dict, events: list[dict]) -> frozenset[str]:
    parts = [release.get("title") or "", release.get("lead") or ""] + [e.get("text") or "" for e in events]
    return frozenset(words("\n".join(parts)))


def _header(release: dict) -> tuple:
    return release.get("date"), release.get("title"), release.get("lead")


def _text(release: dict, events: list[dict]) -> tuple:
    """What a reader sees of a release: a change here makes the earlier text a version."""
    fields = tuple(release.get(k) for k in ("date", "title", "dateline", "lead", "credit", "original_url"))
    return fields + tuple((e.get("date"), e.get("text")) for e in events)


def same_release(old: dict, release: dict, events: list[dict]) -> bool:
    """Is the new text the same release as `old` (a release document with its events)?"""
    return _header(old) == _header(release) or \
        jaccard(release_words(old, old.get("events", [])), release_words(release, events)) >= RELEASE_MATCH


@dataclass
class Lineage:
    """One run's identity decisions. `store` is written; `past` is where stored releases are read
    (the same store, or the live one while `reindex` fills a new one)."""

    store: object
    past: object
    present: set[str]
    missing: list[str] = field(default_factory=list)  # indexed files gone from the folder, removed at the end
    claimed: set[str] = field(default_factory=set)  # missing files whose release a renamed file took over
    _pool: dict | None = None

    def available(self, source: str | None) -> bool:
        """A missing file whose release may still be taken over by a renamed file."""
        return source in self.missing and source not in self.claimed

    def holder(self, release_id: str) -> str | None:
        """The file holding this release (or a release this content id names since an edit)."""
        found = self.store.source_of_release(release_id)
        if found is None and self.past is not self.store:  # a rebuild: the old store's files count too
            found = self.past.source_of_release(release_id)
            if found not in self.present and not self.available(found):
                found = None
        return found

    def assign(self, source: str, release: dict, events: list[dict]) -> Revision:
        """Give `release` and `events` (the analysis's documents, changed in place) their lasting ids and
        return what else the write changes. Raises `Duplicate` for a second copy of a held release."""
        content_id = release["release_id"]
        holder = self.holder(content_id)
        if holder not in (None, source) and not self.available(holder):
            raise Duplicate(f"duplicate of {holder} (same release {content_id})")
        at = now()
        own = self.past.held(source)
        records: list = []
        base, previous = None, None
        if own is not None and same_release(own.release, release, events):
            base, previous = own.release, own
        elif own is not None:  # the file now holds another release: the one it held is removed
            records += removal(own, at)
        if base is None and self.available(holder):
            previous = self.past.held(holder)
            base = previous.release if previous else None
        if base is None:
            previous = self._most_similar(release, events)
            base = previous.release if previous else None
        if previous is not None and previous.source != source:
            self.claimed.add(previous.source)
        restored = self._removed(content_id) if base is None else None
        if restored is not None:
            base = restored.release
        rid = base["release_id"] if base else content_id
        old = base.get("events", []) if base else []
        kept, replaced = match([e["text"] for e in old], [e["text"] for e in events])
        issued = max((serial(i) for i in [e["id"] for e in old] + self.past.retired_ids(rid)), default=0)
        for i, doc in enumerate(events):
            if i in kept:
                doc["id"] = old[kept[i]]["id"]
            else:
                issued += 1
                doc["id"] = schema.event_id(rid, issued)
            doc["release_id"] = rid
        release["release_id"] = rid
        moved = {old[j]["id"]: events[i]["id"] for i, j in replaced.items()}
        for j in sorted(set(range(len(old))) - set(kept.values())):
            records.append(Redirect(old[j]["id"], "event", rid, moved.get(old[j]["id"]), at))
        if content_id != rid:
            alias = self.past.redirect(content_id)
            if alias is None or alias.to != rid:
                records.append(Redirect(content_id, "release", rid, rid, at))
        if base is not None and _text(base, old) != _text(release, events):
            state = previous.hash if previous else restored.hash
            records.append(Version(rid, state, at, "edited", snapshot(base)))
        return Revision(redirects=tuple(r for r in records if isinstance(r, Redirect)),
                        versions=tuple(r for r in records if isinstance(r, Version)), previous=previous)

    def _most_similar(self, release: dict, events: list[dict]) -> Held | None:
        """The release of a missing file that this text continues (a renamed, maybe edited, file)."""
        if not self.missing:
            return None
        if self._pool is None:
            self._pool = {}
            for name in self.missing:
                held = self.past.held(name)
                if held is not None:
                    self._pool[name] = (held, release_words(held.release, held.release.get("events", [])))
        mine, best, best_score = release_words(release, events), None, RELEASE_MATCH
        for name, (held, theirs) in sorted(self._pool.items()):
            if name in self.claimed:
                continue
            score = 1.0 if _header(held.release) == _header(release) else jaccard(mine, theirs)
            if score >= best_score and (best is None or score > best_score):
                best, best_score = held, score
        return best

    def _removed(self, release_id: str) -> Version | None:
        """The last text of a release removed earlier under this id (its file is back)."""
        found = self.past.redirect(release_id)
        if found is None or found.kind != "release" or found.to is not None:
            return None
        return next((v for v in self.past.release_versions(release_id) if v.reason == "removed"), None)


def removal(held: Held, at: str | None = None) -> list[Redirect | Version]:
    """The records of a release whose file is gone: every id answers 410, the last text is kept."""
    at = at or now()
    rid = held.release_id
    out: list[Redirect | Version] = [Redirect(e["id"], "event", rid, None, at) for e in held.release.get("events", [])]
    out.append(Redirect(rid, "release", rid, None, at))
    out.append(Version(rid, held.hash, at, "removed", snapshot(held.release)))
    return out


def removal_revision(held: Held) -> Revision:
    records = removal(held)
    return Revision(redirects=tuple(r for r in records if isinstance(r, Redirect)),
                    versions=tuple(r for r in records if isinstance(r, Version)))
