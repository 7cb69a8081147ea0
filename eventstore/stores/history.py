"""What a store keeps of its documents' past, so that a published link always answers.

An event or release id, once indexed, answers with its document while it is live; when an edit
retired it, with where it moved (`Redirect.to`: 301) or when it was removed (`to` None: 410). The
text a release had before an edit is kept as a `Version`. The indexer decides all of this
(`indexer/identity.py`); the stores keep the records next to the documents, write them in the
same write as the file's documents, and carry them over a rebuild (`history`, `add_history`).
"""
from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime, timezone
from typing import Callable

MAX_HOPS = 20  # an id replaced again and again: links are followed to the last one


@dataclass(frozen=True)
class Redirect:
    id: str  # the retired event or release id
    kind: str  # "event" | "release"
    release_id: str  # the release it belonged to
    to: str | None  # the id that took its place (301); None: removed (410)
    at: str  # when it was retired (ISO, UTC)

    def record(self) -> dict:
        return {"type": "redirect", **asdict(self)}


@dataclass(frozen=True)
class Version:
    release_id: str
    hash: str  # the content hash of the file this text was indexed from: one version per file state
    at: str  # when this text was replaced ("edited") or its file deleted ("removed")
    reason: str  # "edited" | "removed"
    release: dict  # the release document as it was, with "events": [{"id", "n", "date", "text"}]

    def record(self) -> dict:
        return {"type": "version", **asdict(self)}


@dataclass(frozen=True)
class Held:
    """A release as the store holds it for one file: what an edit of that file is matched against."""

    source: str
    hash: str
    release: dict  # the release document with "events" (public event documents, in order)

    @property
    def release_id(self) -> str:
        return self.release["release_id"]


@dataclass(frozen=True)
class Revision:
    """What one file's write changes besides its own documents."""

    redirects: tuple[Redirect, ...] = ()
    versions: tuple[Version, ...] = ()
    # The state this write replaces. When it belongs to another file (a renamed file took its release
    # over), that file's documents are removed in the same write. Elasticsearch also keeps it as the
    # write's journal until the write is complete (a killed write is redone from it).
    previous: Held | None = None

    @property
    def taken_from(self) -> str | None:
        """The other file whose release this write takes over (a rename), if any."""
        return self.previous.source if self.previous else None


def from_record(record: dict) -> Redirect | Version:
    fields = {k: v for k, v in record.items() if k != "type"}
    return Redirect(**fields) if record["type"] == "redirect" else Version(**fields)


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def snapshot(release: dict) -> dict:
    """A release document with its events reduced to what an earlier version shows."""
    doc = {k: v for k, v in release.items() if k != "events"}
    doc["events"] = [{k: e.get(k) for k in ("id", "n", "date", "text")} for e in release.get("events", [])]
    return doc


def resolve(doc_id: str, kind: str, live: Callable[[str], dict | None],
            redirect: Callable[[str], Redirect | None]) -> tuple[str, object] | None:
    """(kind, document) for a live id; ("moved", id) for one retired in favour of a live id (followed
    through later replacements); ("gone", Redirect) for one removed — or replaced by ids that are
    gone too; None for an id the store never had."""
    current, last = doc_id, None
    for _ in range(MAX_HOPS):
        doc = live(current)
        if doc is not None:
            return (kind, doc) if last is None else ("moved", current)
        found = redirect(current)
        if found is None or found.kind != kind:
            return None if last is None else ("gone", last)
        last = found
        if found.to is None:
            return "gone", found
        current = found.to
    return "gone", last
