"""The production store: Elasticsearch 8, one versioned index behind an alias.

Events, releases, indexed sources, rejected files and run metadata live in the same index
(field `kind`), so a rebuild into a new index and one alias swap moves all of it.

Writes: a file's history records go first (retired ids, the earlier version, and a `pending`
journal holding the state being replaced), then its new documents (stable ids overwrite their
old versions), then its stale documents are deleted, then its `source` document marks it done —
so a reader never sees a file half-gone, and a run killed at any point is completed by the next
one, matched against the journal's state rather than the half-overwritten documents. The index is
refreshed once per run (`flush`), not per file. A rebuild streams every file into a new index
with refresh off, then restores the settings and swaps the alias.
"""
from __future__ import annotations

import hashlib
import time
from datetime import datetime, timezone
from typing import Iterator

from eventstore.schema import ROLE_SEPARATOR, public
from eventstore.search.request import Found, SearchRequest
from eventstore.stores.base import Store, StoreError, StoreUnavailable
from eventstore.stores.elastic import aggregates, body
from eventstore.stores.elastic.connection import Connection, split_url
from eventstore.stores.elastic.mapping import MAPPING_VERSION, index_settings, mapping
from eventstore.stores.elastic.lease import Lease
from eventstore.stores.faults import crash_point, pause_point
from eventstore.stores.history import Held, Redirect, Revision, Version

BULK_ACTIONS = 2_000  # documents per bulk request while rebuilding
PIT_KEEP_ALIVE = "2m"
_BUILDING_GRACE = 3600  # seconds before an unfinished rebuild index of a dead run is swept


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _version(doc: dict) -> Version:
    return Version(doc["release_id"], doc["hash"], doc["at"], doc["payload"]["reason"], doc["payload"]["release"])


def _key(text: str) -> str:
    """A short, fixed-length document id part for any file path (ids are limited to 512 bytes)."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


class ElasticStore(Store):
    def __init__(self, url: str, readonly: bool = False, *, index: str | None = None, conn: Connection | None = None):
        self.host, self.alias, self.options = split_url(url)
        self.setting = url
        self.readonly = readonly
        self.conn = conn or Connection(url, readonly=readonly)
        self.es = self.conn.es
        self.url = self.conn.safe_url
        self.index = index or self.alias  # writes go to the alias unless we are filling a new index
        self.rebuilding = index is not None
        self._buffer: list[dict] = []
        self._version_checked = self.rebuilding
        # Files this writer knows to be indexed / rejected (filled by `sources()` / `rejected()`, which a
        # run reads first): a file in neither has no stale documents to look for, saving two requests.
        self._indexed: set[str] | None = None
        self._rejected: set[str] | None = None
        if not readonly and index is None:
            self._call(self._ensure_alias)

    def _call(self, fn, *args, **kwargs):
        return self.conn.call(fn, *args, **kwargs)

    # --- the index behind the alias ---
    def _ensure_alias(self) -> None:
        if self.es.indices.exists_alias(name=self.alias):
            return
        from elasticsearch import BadRequestError

        # A fixed first name: two writers starting at once create it once (the second gets "exists").
        try:
            self.es.indices.create(index=f"{self.alias}-v000001", aliases={self.alias: {"is_write_index": True}},
                                   **mapping(self.options))
        except BadRequestError as e:
            if getattr(e, "error", "") != "resource_already_exists_exception":
                raise

    def _check_version(self) -> None:
        """Refuse to write into an index made for another mapping: `reindex` rebuilds it."""
        if self._version_checked:
            return
        found = self._call(self.es.indices.get_mapping, index=self.alias)
        for name, m in found.body.items():
            version = (m["mappings"].get("_meta") or {}).get("version")
            if version != MAPPING_VERSION:
                raise StoreError(f"index {name} has mapping version {version}, this indexer writes version "
                                 f"{MAPPING_VERSION}: rebuild it with `python -m indexer reindex --source DIR`")
        self._version_checked = True

    def _new_index_name(self) -> str:
        return f"{self.alias}-v{time.strftime('%Y%m%d%H%M%S')}{int(time.time() * 1000) % 1000:03d}"

    # --- read primitives ---
    def execute(self, request: SearchRequest, timer=None) -> Found:
        extra = {"search_type": "dfs_query_then_fetch"} if request.by_relevance else {}
        resp = self._call(self.es.search, index=self.alias, **body.search_body(request), **extra)
        aggs = resp["aggregations"] if "aggregations" in resp else {}  # a bare count asks for none
        facets = {f: body.facet_counts(aggs[f], request.selected(f)) for f in request.facets}
        months = [(b["key_as_string"], b["doc_count"]) for b in aggs["date"]["months"]["buckets"]] if request.histogram else []
        rows = [(public(h["_source"]), h.get("_score")) for h in resp["hits"]["hits"]]
        if timer:
            timer.lap("search")
        sizes = {f: aggs[f]["distinct"]["value"] for f in request.facets}
        return Found(resp["hits"]["total"]["value"], rows, facets, months, sizes)

    def coverage(self) -> dict:
        count = lambda kind: self._call(self.es.count, index=self.alias, query={"term": {"kind": kind}})["count"]  # noqa: E731
        aggs = self._call(self.es.search, index=self.alias, **body.coverage_body())["aggregations"]
        at = self._call(self.es.search, index=self.alias, **body.indexed_at_body())["aggregations"]["at"]
        return {"events": count("event"), "releases": count("release"),
                "first_date": aggs["first"].get("value_as_string"), "last_date": aggs["last"].get("value_as_string"),
                "indexed_at": at.get("value_as_string")}

    def term_counts(self, terms: list[str]) -> dict[str, int]:
        if not terms:
            return {}
        resp = self._call(self.es.search, index=self.alias, **body.term_counts_body(terms))
        buckets = resp["aggregations"]["terms"]["buckets"]
        return {t: b["doc_count"] for t, b in buckets.items() if b["doc_count"]}

    def kazakh(self, officials: list[str]) -> set[str]:
        resp = self._call(self.es.search, index=self.alias, **body.kazakh_body(officials))
        return {b["key"] for b in resp["aggregations"]["kz"]["buckets"]}

    def scan(self, request: SearchRequest) -> Iterator[dict]:
        """Every hit in order, through a point in time and `search_after` (a consistent snapshot)."""
        pit = self._call(self.es.open_point_in_time, index=self.alias, keep_alive=PIT_KEEP_ALIVE)["id"]
        try:
            after = None
            while True:
                resp = self._call(self.es.search, **body.scan_page(request, pit, PIT_KEEP_ALIVE, after))
                hits = resp["hits"]["hits"]
                if not hits:
                    return
                pit = resp.get("pit_id", pit)
                for h in hits:
                    yield public(h["_source"])
                after = hits[-1]["sort"]
        finally:
            try:
                self.es.close_point_in_time(id=pit)
            except Exception:  # the snapshot expires by itself; never hide the real error
                pass

    def _get(self, doc_id: str) -> dict | None:
        from elasticsearch import NotFoundError

        try:
            return self._call(self.es.get, index=self.index, id=doc_id)["_source"]
        except NotFoundError:
            return None

    def get_event(self, event_id: str) -> dict | None:
        doc = self._get(f"event:{event_id}")
        return public(doc) if doc else None

    def get_release(self, release_id: str) -> dict | None:
        doc = self._get(f"release:{release_id}")
        if not doc:
            return None
        release = doc["payload"]
        resp = self._call(self.es.search, index=self.alias, **body.release_events(release_id))
        release["events"] = [public(h["_source"]) for h in resp["hits"]["hits"]]
        return release

    # --- dossier and feed primitives (eventstore/stores/elastic/aggregates.py) ---
    def spans(self, request: SearchRequest, facets: tuple[str, ...], size: int, only: dict | None = None) -> dict:
        resp = self._call(self.es.search, index=self.alias, **aggregates.spans_body(request, facets, size, only or {}))
        return aggregates.spans(resp, facets)

    def term_stats(self, request: SearchRequest, size: int, min_count: int = 1, exclude: frozenset[str] = frozenset()):
        resp = self._call(self.es.search, index=self.alias, **aggregates.term_stats_body(request, size, min_count, exclude))
        terms = [b["key"] for b in resp["aggregations"]["topics"]["buckets"]]
        background = self._call(self.es.search, index=self.alias, **aggregates.background_body(terms)) if terms else None
        return aggregates.term_stats(resp, background)

    def indexed_at(self, release_ids: list[str]) -> dict[str, str]:
        out: dict[str, str] = {}
        ids = list(dict.fromkeys(release_ids))
        for start in range(0, len(ids), 1_000):
            body_ = aggregates.indexed_at_body(ids[start : start + 1_000])
            out.update(aggregates.indexed_at(self._call(self.es.search, index=self.alias, **body_)))
        return out

    # --- permalinks: documents of kinds "redirect", "version" and "pending" in the same index ---
    def redirect(self, doc_id: str) -> Redirect | None:
        doc = self._get(f"redirect:{doc_id}")
        if not doc:
            return None
        return Redirect(doc["id"], doc["payload"]["kind"], doc["release_id"], doc["payload"]["to"], doc["at"])

    def release_versions(self, release_id: str) -> list[Version]:
        resp = self._call(self.es.search, index=self.index, size=1_000, sort=[{"at": "desc"}],
                          query={"bool": {"filter": [{"term": {"kind": "version"}}, {"term": {"release_id": release_id}}]}})
        return [_version(h["_source"]) for h in resp["hits"]["hits"]]

    def held(self, source: str) -> Held | None:
        """The release as the file's last complete write left it: the journal of an interrupted write
        (`pending`) holds it when that write had begun to overwrite its documents."""
        done = self._get(f"source:{_key(source)}")
        if not done:
            return None
        rid, digest = done["release_id"], done["hash"]
        pending = self._get(f"pending:{rid}")
        if pending:
            p = pending["payload"]
            if p["from"] == {"source": source, "hash": digest} and not self._completed(p["to"], rid):
                return Held(source, digest, p["release"])
        release = self.get_release(rid)
        if release is None or release.get("source") != source:
            return None  # taken over by a renamed file
        return Held(source, digest, release)

    def _completed(self, to: dict, release_id: str) -> bool:
        done = self._get(f"source:{_key(to['source'])}")
        return bool(done) and done["hash"] == to["hash"] and done["release_id"] == release_id

    def retired_ids(self, release_id: str) -> list[str]:
        query = {"query": {"bool": {"filter": [{"term": {"kind": "redirect"}}, {"term": {"release_id": release_id}}]}}}
        return [h["_source"]["id"] for h in self._scan(query) if h["_source"]["payload"]["kind"] == "event"]

    def _scan(self, query: dict) -> Iterator[dict]:
        """Every hit of a query (a scroll), each page fetched through `_call` (errors mapped as for any request)."""
        from elasticsearch import helpers

        hits = helpers.scan(self.es, index=self.index, query=query)
        while (h := self._call(next, hits, None)) is not None:
            yield h

    def history(self) -> Iterator[Redirect | Version]:
        for h in self._scan({"query": {"terms": {"kind": ["redirect", "version"]}}}):
            doc = h["_source"]
            if doc["kind"] == "version":
                yield _version(doc)
            else:
                yield Redirect(doc["id"], doc["payload"]["kind"], doc["release_id"], doc["payload"]["to"], doc["at"])

    def add_history(self, records) -> None:
        actions = self._history_actions(records)
        if self.rebuilding:
            self._buffer += actions
        else:
            for start in range(0, len(actions), BULK_ACTIONS):
                self._send(actions[start : start + BULK_ACTIONS], "history")

    def _history_actions(self, records) -> list[dict]:
        out = []
        for r in records:
            if isinstance(r, Redirect):
                out.append(self._action(f"redirect:{r.id}", {"kind": "redirect", "id": r.id, "release_id": r.release_id,
                                                             "at": r.at, "payload": {"kind": r.kind, "to": r.to}}))
            else:
                out.append(self._action(f"version:{r.release_id}:{r.hash}", {
                    "kind": "version", "release_id": r.release_id, "hash": r.hash, "at": r.at,
                    "payload": {"reason": r.reason, "release": r.release}}))
        return out

    # --- write side ---
    def replace_source(self, source: str, content_hash: str, release: dict, events: list[dict],
                       revision: Revision | None = None) -> None:
        self._check_version()
        rid = release["release_id"]
        actions = [self._action(f"release:{rid}", {"kind": "release", "source": source, "release_id": rid,
                                                    "payload": release})]
        actions += [self._action(f"event:{doc['id']}", {"kind": "event", "source": source, **body.indexed(doc)})
                    for doc in events]
        done = self._action(f"source:{_key(source)}", {"kind": "source", "source": source, "hash": content_hash,
                                                        "release_id": rid, "at": _now()})
        revision = revision or Revision()
        records = self._history_actions((*revision.redirects, *revision.versions))
        if self.rebuilding:  # a fresh index nobody reads yet: stream, nothing stale to delete
            self._buffer += records + actions + [done]
            if len(self._buffer) >= BULK_ACTIONS:
                self._send(self._buffer, source)
                self._buffer = []
            return
        previous, taken_from = revision.previous, revision.taken_from
        if previous is not None:  # the journal: until `done`, a rerun matches against this state
            records.append(self._action(f"pending:{previous.release_id}", {
                "kind": "pending", "release_id": previous.release_id, "at": _now(), "payload": {
                    "from": {"source": previous.source, "hash": previous.hash},
                    "to": {"source": source, "hash": content_hash}, "release": previous.release}}))
        self._send(records, source)
        self._send(actions, source)
        pause_point("es_after_events")
        crash_point("es_after_events")
        keep = {a["_id"] for a in actions}
        for holder in dict.fromkeys(s for s in (source, taken_from) if s):
            if self._indexed is None or holder in self._indexed:
                stale = [h["_id"] for h in self._by_source(holder, ("event", "release")) if h["_id"] not in keep]
                self._send([{"_op_type": "delete", "_index": self.index, "_id": i} for i in stale], source)
        self._send([done], source)  # only now does the file count as indexed
        cleanup = [f"pending:{previous.release_id}"] if previous is not None else []
        if taken_from not in (None, source):
            cleanup.append(f"source:{_key(taken_from)}")
            if self._indexed is not None:
                self._indexed.discard(taken_from)
        self._send([{"_op_type": "delete", "_index": self.index, "_id": i} for i in cleanup], source)
        if self._indexed is not None:
            self._indexed.add(source)
        if self._rejected is None or source in self._rejected:
            self.forget_rejected(source)

    def _action(self, doc_id: str, doc: dict) -> dict:
        return {"_index": self.index, "_id": doc_id, "_source": doc}

    def _send(self, actions: list[dict], source: str) -> None:
        from elasticsearch import helpers

        if not actions:
            return
        extra = {} if self.rebuilding else {"require_alias": True}
        errors = self._call(lambda: [item for ok, item in helpers.streaming_bulk(
            self.es, actions, raise_on_error=False, raise_on_exception=False, max_retries=2,
            chunk_size=500, **extra) if not ok])
        failed = [e for e in errors if not (next(iter(e)) == "delete" and next(iter(e.values())).get("status") == 404)]
        if failed:
            first = next(iter(failed[0].values()))
            reason = first.get("error") or first.get("exception")
            if first.get("status") in (429, 502, 503, 504) or first.get("exception") is not None:
                raise StoreUnavailable(f"{source}: Elasticsearch refused the writes: {reason}")
            raise StoreError(f"{source}: {len(failed)} documents were not indexed, e.g. {first.get('_id')}: {reason}")

    def _by_source(self, source: str, kinds: tuple[str, ...]) -> list[dict]:
        from elasticsearch import helpers

        query = {"query": {"bool": {"filter": [{"term": {"source": source}}, {"terms": {"kind": list(kinds)}}]}},
                 "_source": False}
        return self._call(lambda: list(helpers.scan(self.es, index=self.index, query=query)))

    keeps_terms = False  # `_source` leaves the lemma stream out (mappings/events.json)

    def event_documents(self, batch: int = 1000) -> Iterator[list[tuple[str, dict]]]:
        out = []
        for h in self._scan({"query": {"term": {"kind": "event"}}}):
            doc = h["_source"]
            out.append((doc.pop("source"), {k: v for k, v in doc.items() if k not in ("kind", "topics")}))
            if len(out) >= batch:
                yield out
                out = []
        if out:
            yield out

    def delete_source(self, source: str, revision: Revision | None = None) -> None:
        self._check_version()
        if revision is not None:  # first: a reader never meets an id without its record
            self._send(self._history_actions((*revision.redirects, *revision.versions)), source)
        gone = [h["_id"] for h in self._by_source(source, ("event", "release", "source"))]
        self._send([{"_op_type": "delete", "_index": self.index, "_id": i} for i in gone], source)
        if self._indexed is not None:
            self._indexed.discard(source)
        self.forget_rejected(source)

    def run_lock(self):
        return Lease(self.conn, self.alias)

    def flush(self) -> None:
        """Send what is buffered and make this run's writes visible to searches (once per run)."""
        if self._buffer:
            self._send(self._buffer, "rebuild")
            self._buffer = []
        self._call(self.es.indices.refresh, index=self.index)

    def _all(self, kind: str) -> Iterator[dict]:
        from elasticsearch import helpers

        yield from helpers.scan(self.es, index=self.index, query={"query": {"term": {"kind": kind}}})

    def sources(self) -> dict[str, str]:
        self._call(self.es.indices.refresh, index=self.index)  # a killed run's last files are in the translog
        found = self._call(lambda: {h["_source"]["source"]: h["_source"]["hash"] for h in self._all("source")})
        self._indexed = set(found)
        return found

    def source_of_release(self, release_id: str) -> str | None:
        """Also by a content id an edited release had since (a release redirect names it)."""
        doc = self._get(f"release:{release_id}")  # a realtime get: sees this run's unrefreshed writes
        if doc is None:
            alias = self.redirect(release_id)
            doc = self._get(f"release:{alias.to}") if alias and alias.kind == "release" and alias.to else None
        return doc["source"] if doc else None

    def known_officials(self) -> list[str]:
        out, after = [], None
        while True:
            resp = self._call(self.es.search, index=self.index, **body.all_values("officials", after))
            agg = resp["aggregations"]["values"]
            out += [b["key"]["value"] for b in agg["buckets"]]
            after = agg.get("after_key")
            if not agg["buckets"] or after is None:
                return out

    def known_roles(self) -> list[tuple[str, str, str]]:
        out, after = [], None
        while True:
            resp = self._call(self.es.search, index=self.index, **body.roles_by_day(after))
            agg = resp["aggregations"]["pairs"]
            out += [(*b["key"]["role"].split(ROLE_SEPARATOR, 1), b["key"]["day"]) for b in agg["buckets"]]
            after = agg.get("after_key")
            if not agg["buckets"] or after is None:
                return out

    def note_rejected(self, source: str, content_hash: str, reason: str) -> None:
        if self._rejected is not None:
            self._rejected.add(source)
        self._call(self.es.index, index=self.index, id=f"rejected:{_key(source)}",
                   document={"kind": "rejected", "source": source, "hash": content_hash,
                             "payload": {"reason": reason}, "at": _now()})

    def forget_rejected(self, source: str) -> None:
        self._call(self.es.options(ignore_status=404).delete, index=self.index, id=f"rejected:{_key(source)}")

    def rejected(self) -> dict[str, dict]:
        self._call(self.es.indices.refresh, index=self.index)
        found = self._call(lambda: {
            h["_source"]["source"]: {"hash": h["_source"]["hash"], "reason": h["_source"]["payload"]["reason"],
                                     "at": h["_source"]["at"]}
            for h in self._all("rejected")})
        self._rejected = set(found)
        return found

    def set_meta(self, key: str, value: str) -> None:
        self._call(self.es.index, index=self.index, id=f"meta:{key}",
                   document={"kind": "meta", "source": key, "payload": {"value": value}})

    def get_meta(self, key: str) -> str | None:
        doc = self._get(f"meta:{key}")
        return doc["payload"]["value"] if doc else None

    def stats(self) -> dict:
        count = lambda kind: self._call(self.es.count, index=self.index, query={"term": {"kind": kind}})["count"]  # noqa: E731
        return {"store": self.url, "index": self.index, "events": count("event"), "releases": count("release"),
                "sources": count("source"), "rejected": count("rejected")}

    # --- rebuild: fill a new index, then swap the alias in one atomic call ---
    def begin_rebuild(self) -> "ElasticStore":
        self.sweep()
        name = self._new_index_name()
        fast = mapping(self.options, building=True)
        self._call(self.es.indices.create, index=name, **fast)
        return ElasticStore(self.setting, index=name, conn=self.conn)

    def finish_rebuild(self, new: Store) -> None:
        assert isinstance(new, ElasticStore)
        try:
            new.flush()
            self._call(self.es.indices.put_settings, index=new.index, settings=index_settings(self.options))
            self._call(self.es.indices.put_mapping, index=new.index, meta={"version": MAPPING_VERSION})
            self._call(self.es.indices.refresh, index=new.index)
            self._call(self.es.cluster.health, index=new.index, wait_for_status="yellow", timeout="60s")
            old = []
            if self._call(self.es.indices.exists_alias, name=self.alias):
                old = list(self._call(self.es.indices.get_alias, name=self.alias).keys())
            actions = [{"remove": {"index": i, "alias": self.alias}} for i in old if i != new.index]
            actions.append({"add": {"index": new.index, "alias": self.alias, "is_write_index": True}})
            self._call(self.es.indices.update_aliases, actions=actions)
        except BaseException:
            self.abort_rebuild(new)
            raise
        self.sweep()

    def abort_rebuild(self, new: "ElasticStore") -> None:
        """A failed rebuild leaves nothing behind."""
        try:
            self.es.options(ignore_status=404).indices.delete(index=new.index)
        except Exception:
            pass

    def sweep(self) -> None:
        """Delete this alias's old indices: ones no longer behind it that no export still reads
        (no open search contexts), and unfinished rebuilds of runs that died long ago."""
        found = self._call(self.es.indices.get, index=f"{self.alias}-v*", ignore_unavailable=True, allow_no_indices=True)
        for name, info in found.body.items():
            if self.alias in info.get("aliases", {}):
                continue
            meta = info.get("mappings", {}).get("_meta") or {}
            if meta.get("building"):
                created = int(info["settings"]["index"]["creation_date"]) / 1000
                if time.time() - created < _BUILDING_GRACE:
                    continue  # another rebuild may be filling it right now
            stats = self._call(self.es.indices.stats, index=name, metric="search")
            if stats["_all"]["total"]["search"].get("open_contexts", 0):
                continue  # an export's point in time still reads it: the next sweep takes it
            self._call(self.es.options(ignore_status=404).indices.delete, index=name)
