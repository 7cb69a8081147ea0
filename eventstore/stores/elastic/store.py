"""The production store: Elasticsearch 8, one versioned index behind an alias.

Events, releases, indexed sources, rejected files and run metadata live in the same
index (field `kind`), so a rebuild into a new index and one alias swap moves all of it.
A file is "done" when its `source` document is written — last, after its events.
"""
from __future__ import annotations

import time
from datetime import datetime, timezone
from typing import Iterator
from urllib.parse import urlsplit

from eventstore.schema import public
from eventstore.search.request import Found, SearchRequest
from eventstore.stores.base import Store, StoreError, StoreUnavailable
from eventstore.stores.elastic import body
from eventstore.stores.elastic.mapping import mapping

DEFAULT_ALIAS = "events"


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def split_url(url: str) -> tuple[str, str]:
    """http://host:9200/myalias → ("http://host:9200", "myalias"); no path → the default alias."""
    parts = urlsplit(url)
    alias = parts.path.strip("/") or DEFAULT_ALIAS
    return f"{parts.scheme}://{parts.netloc}", alias


class ElasticStore(Store):
    def __init__(self, url: str, readonly: bool = False, *, index: str | None = None, client=None):
        from elasticsearch import Elasticsearch

        self.url = url
        host, self.alias = split_url(url)
        self.readonly = readonly
        self.es = client or Elasticsearch(host, request_timeout=15, retry_on_timeout=True, max_retries=2)
        self.index = index or self.alias  # writes go to the alias unless we are filling a new index
        if not readonly and index is None:
            self._call(self._ensure_alias)

    # --- errors: unreachable → StoreUnavailable, anything else → StoreError ---
    def _call(self, fn, *args, **kwargs):
        from elasticsearch import ApiError, ConnectionError, ConnectionTimeout, TransportError

        try:
            return fn(*args, **kwargs)
        except (ConnectionError, ConnectionTimeout) as e:
            raise StoreUnavailable(f"Elasticsearch at {self.url} is unreachable: {e.__class__.__name__}") from None
        except ApiError as e:
            if getattr(e, "status_code", None) in (502, 503, 504):
                raise StoreUnavailable(f"Elasticsearch at {self.url} is unavailable ({e.status_code})") from None
            raise StoreError(f"Elasticsearch error: {e}") from None
        except TransportError as e:
            raise StoreUnavailable(f"Elasticsearch at {self.url}: {e}") from None

    def _ensure_alias(self) -> None:
        if not self.es.indices.exists_alias(name=self.alias):
            name = self._new_index_name()
            self.es.indices.create(index=name, aliases={self.alias: {}}, **mapping())

    def _new_index_name(self) -> str:
        return f"{self.alias}-v{time.strftime('%Y%m%d%H%M%S')}{int(time.time() * 1000) % 1000:03d}"

    # --- read side ---
    def execute(self, request: SearchRequest, timer=None) -> Found:
        resp = self._call(self.es.search, index=self.alias, **body.search_body(request))
        aggs = resp["aggregations"]
        facets = {f: [(b["key"], b["doc_count"]) for b in aggs[f]["values"]["buckets"]] for f in request.facets}
        months = [(b["key_as_string"], b["doc_count"]) for b in aggs["date"]["months"]["buckets"]] if request.histogram else []
        rows = [(public(h["_source"]), h.get("_score")) for h in resp["hits"]["hits"]]
        return Found(resp["hits"]["total"]["value"], rows, facets, months)

    def kazakh(self, officials: list[str]) -> set[str]:
        resp = self._call(self.es.search, index=self.alias, **body.kazakh_body(officials))
        return {b["key"] for b in resp["aggregations"]["kz"]["buckets"]}

    def scan(self, request: SearchRequest) -> Iterator[dict]:
        from elasticsearch import helpers

        hits = helpers.scan(self.es, index=self.alias, query=body.scan_body(request), preserve_order=True)
        while True:
            hit = self._call(next, hits, None)
            if hit is None:
                return
            yield public(hit["_source"])

    def _get(self, doc_id: str) -> dict | None:
        from elasticsearch import NotFoundError

        try:
            return self._call(self.es.get, index=self.alias, id=doc_id)["_source"]
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
        resp = self._call(
            self.es.search, index=self.alias, size=1000, sort=[{"n": "asc"}],
            query={"bool": {"filter": [body.EVENT, {"term": {"release_id": release_id}}]}},
            source={"excludes": ["terms"]},
        )
        release["events"] = [public(h["_source"]) for h in resp["hits"]["hits"]]
        return release

    # --- write side ---
    def replace_source(self, source: str, content_hash: str, release: dict, events: list[dict]) -> None:
        from elasticsearch import helpers

        self._delete_source_docs(source)
        actions = [{"_index": self.index, "_id": f"release:{release['release_id']}",
                    "_source": {"kind": "release", "source": source, "release_id": release["release_id"], "payload": release}}]
        for doc in events:
            actions.append({"_index": self.index, "_id": f"event:{doc['id']}",
                            "_source": {"kind": "event", "source": source, **doc}})
        errors = []
        for ok, item in self._call(lambda: list(helpers.streaming_bulk(
                self.es, actions, raise_on_error=False, raise_on_exception=False, max_retries=2))):
            if not ok:
                errors.append(item)
        if errors:
            first = next(iter(errors[0].values()))
            raise StoreError(f"{source}: {len(errors)} documents were not indexed, e.g. {first.get('_id')}: {first.get('error')}")
        # Written last: only now does the file count as indexed.
        self._call(self.es.index, index=self.index, id=f"source:{source}", refresh="wait_for",
                   document={"kind": "source", "source": source, "hash": content_hash,
                             "release_id": release["release_id"], "at": _now()})
        self._call(self.es.options(ignore_status=404).delete, index=self.index, id=f"rejected:{source}")

    def _delete_source_docs(self, source: str) -> None:
        self._call(self.es.delete_by_query, index=self.index, refresh=True, conflicts="proceed",
                   query={"bool": {"filter": [{"term": {"source": source}},
                                              {"terms": {"kind": ["event", "release", "source"]}}]}})

    def delete_source(self, source: str) -> None:
        self._delete_source_docs(source)
        self.forget_rejected(source)

    def _all(self, kind: str) -> Iterator[dict]:
        from elasticsearch import helpers

        yield from helpers.scan(self.es, index=self.index, query={"query": {"term": {"kind": kind}}})

    def sources(self) -> dict[str, str]:
        return self._call(lambda: {h["_source"]["source"]: h["_source"]["hash"] for h in self._all("source")})

    def source_of_release(self, release_id: str) -> str | None:
        resp = self._call(self.es.search, index=self.index, size=1,
                          query={"bool": {"filter": [{"term": {"kind": "source"}}, {"term": {"release_id": release_id}}]}})
        hits = resp["hits"]["hits"]
        return hits[0]["_source"]["source"] if hits else None

    def known_officials(self) -> list[str]:
        resp = self._call(self.es.search, index=self.index, size=0, query=body.EVENT,
                          aggs={"o": {"terms": {"field": "officials", "size": 65_000}}})
        return [b["key"] for b in resp["aggregations"]["o"]["buckets"]]

    def note_rejected(self, source: str, content_hash: str, reason: str) -> None:
        self._call(self.es.index, index=self.index, id=f"rejected:{source}", refresh="wait_for",
                   document={"kind": "rejected", "source": source, "hash": content_hash,
                             "payload": {"reason": reason}, "at": _now()})

    def forget_rejected(self, source: str) -> None:
        self._call(self.es.options(ignore_status=404).delete, index=self.index, id=f"rejected:{source}")

    def rejected(self) -> dict[str, dict]:
        return self._call(lambda: {
            h["_source"]["source"]: {"hash": h["_source"]["hash"], "reason": h["_source"]["payload"]["reason"],
                                     "at": h["_source"]["at"]}
            for h in self._all("rejected")})

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
        name = self._new_index_name()
        self._call(self.es.indices.create, index=name, **mapping())
        return ElasticStore(self.url, index=name, client=self.es)

    def finish_rebuild(self, new: Store) -> None:
        assert isinstance(new, ElasticStore)
        self._call(self.es.indices.refresh, index=new.index)
        old = []
        if self._call(self.es.indices.exists_alias, name=self.alias):
            old = list(self._call(self.es.indices.get_alias, name=self.alias).keys())
        actions = [{"remove": {"index": i, "alias": self.alias}} for i in old]
        actions.append({"add": {"index": new.index, "alias": self.alias}})
        self._call(self.es.indices.update_aliases, actions=actions)
        for i in old:
            if i != new.index:
                self._call(self.es.options(ignore_status=404).indices.delete, index=i)
