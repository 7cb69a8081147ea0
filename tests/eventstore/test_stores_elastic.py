"""Elasticsearch store without a cluster: the request bodies we build, and the real client
talking over HTTP to a small local server that records requests and answers like Elasticsearch."""
from __future__ import annotations

import json
import threading
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from eventstore.query import Query, parse
from eventstore.search import Searcher, SearchRequest
from eventstore.stores import StoreUnavailable, open_store
from eventstore.stores.elastic import body
from eventstore.stores.elastic.mapping import mapping
from eventstore.stores.elastic.store import split_url


def test_mapping_file_is_the_one_source():
    m = mapping()
    props = m["mappings"]["properties"]
    assert props["terms"]["analyzer"] == "terms"
    assert m["settings"]["analysis"]["analyzer"]["terms"]["tokenizer"] == "whitespace"
    for facet in ("countries", "officials", "kz_officials", "orgs"):
        assert props[facet]["type"] == "keyword"
    assert props["date"]["type"] == "date"


def test_url_gives_host_and_alias():
    assert split_url("http://es:9200") == ("http://es:9200", "events")
    assert split_url("https://es.example:443/newsroom/") == ("https://es.example:443", "newsroom")


def test_words_phrases_alternatives_and_exclusions():
    q = body.text_clause(parse('Сагиновой "посол Казахстана" -Индии'))["bool"]
    assert q["filter"] == [{"term": {"kind": "event"}}]
    surname, phrase = q["must"]
    assert surname == {"bool": {"should": [{"term": {"terms": "сагиновый"}}, {"term": {"terms": "сагинов"}}],
                                "minimum_should_match": 1}}
    assert phrase == {"match_phrase": {"terms": {"query": "посол казахстан", "analyzer": "terms"}}}
    assert q["must_not"] == [{"term": {"terms": "индия"}}]


def test_browse_is_match_all_sorted_newest_first():
    b = body.search_body(SearchRequest.of(Query()))
    assert b["query"]["bool"]["must"] == [{"match_all": {}}]
    assert b["sort"] == [{"date": "desc"}, {"id": "desc"}]
    assert b["track_total_hits"] is True and b["_source"] == {"excludes": ["terms"]}


def test_multi_select_uses_post_filter_and_per_facet_aggregation_filters():
    q = Query(text="посол", country=("IN", "KW"), org=("МИД",), date_from=date(2026, 2, 1), page=3, per_page=10)
    b = body.search_body(SearchRequest.of(q))
    assert b["post_filter"]["bool"]["filter"] == [
        {"terms": {"countries": ["IN", "KW"]}},
        {"terms": {"orgs": ["МИД"]}},
        {"range": {"date": {"gte": "2026-02-01"}}},
    ]
    country_filters = b["aggs"]["country"]["filter"]["bool"]["filter"]
    assert {"terms": {"countries": ["IN", "KW"]}} not in country_filters
    assert {"terms": {"orgs": ["МИД"]}} in country_filters
    assert {"range": {"date": {"gte": "2026-02-01"}}} not in b["aggs"]["date"]["filter"]["bool"]["filter"]
    assert b["aggs"]["date"]["aggs"]["months"]["date_histogram"]["calendar_interval"] == "month"
    assert (b["from"], b["size"]) == (20, 10)
    assert b["sort"][0] == "_score"


def test_scan_folds_filters_into_the_query():
    q = Query(country=("IN",), sort="date_asc")
    b = body.scan_body(SearchRequest.of(q))
    assert {"terms": {"countries": ["IN"]}} in b["query"]["bool"]["filter"]
    assert b["sort"] == [{"date": "asc"}, {"id": "asc"}]


def test_user_text_never_reaches_elasticsearch_raw():
    hostile = 'title:(x) OR * AND "a" ^2 ~ \\ {"script": 1}'
    dumped = json.dumps(body.search_body(SearchRequest.of(Query(text=hostile))), ensure_ascii=False)
    assert "query_string" not in dumped and "script" not in dumped.replace('"script"', "") and "title:" not in dumped


class FakeElasticsearch(BaseHTTPRequestHandler):
    """Answers the few calls the store makes, the way Elasticsearch 8 does; records them."""

    requests: list = []
    has_alias = False

    def log_message(self, *args):
        pass

    def _send(self, status: int, payload=None):
        data = json.dumps(payload or {}).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("X-Elastic-Product", "Elasticsearch")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    def _handle(self):
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        self.requests.append((self.command, self.path, json.loads(raw) if raw.strip().startswith(b"{") else raw))
        if self.path.startswith("/_alias/"):
            return self._send(200 if self.has_alias else 404)
        if self.command == "PUT":
            type(self).has_alias = True
            return self._send(200, {"acknowledged": True, "index": self.path.strip("/")})
        if self.path.endswith("/_search"):
            bucket = {"buckets": [{"key": "IN", "doc_count": 2}]}
            return self._send(200, {
                "hits": {"total": {"value": 1}, "hits": [{"_score": 1.0, "_source": {
                    "id": "r-1", "release_id": "r", "n": 1, "text": "Посол в Индии", "date": "2026-02-17",
                    "countries": ["IN"], "officials": ["Азамат Ескараев"], "kz_officials": ["Азамат Ескараев"]}}]},
                "aggregations": {
                    "country": {"values": bucket}, "official": {"values": {"buckets": [{"key": "Азамат Ескараев", "doc_count": 1}]}},
                    "org": {"values": {"buckets": []}}, "kz": {"buckets": [{"key": "Азамат Ескараев", "doc_count": 1}]},
                    "date": {"months": {"buckets": [{"key_as_string": "2026-02", "doc_count": 1}]}}}})
        return self._send(404, {"error": "not faked"})

    do_GET = do_POST = do_PUT = do_HEAD = do_DELETE = _handle


@pytest.fixture
def fake_es():
    FakeElasticsearch.requests = []
    FakeElasticsearch.has_alias = False
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeElasticsearch)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_real_client_creates_the_versioned_index_behind_the_alias(fake_es):
    open_store(fake_es + "/newsroom")
    put = [r for r in FakeElasticsearch.requests if r[0] == "PUT"]
    assert len(put) == 1
    method, path, sent = put[0]
    assert path.startswith("/newsroom-v")
    assert sent["aliases"] == {"newsroom": {}}
    assert sent["mappings"] == mapping()["mappings"] and sent["settings"] == mapping()["settings"]


def test_real_client_search_round_trip(fake_es):
    store = open_store(fake_es, readonly=True)
    res = Searcher(store).search(Query(text="послом", country=("IN",)))
    method, path, sent = next(r for r in FakeElasticsearch.requests if r[1].endswith("/_search"))
    assert path == "/events/_search"
    assert sent["post_filter"] == {"bool": {"filter": [{"terms": {"countries": ["IN"]}}]}}
    assert res.total == 1 and res.hits[0].snippet_html == "<mark>Посол</mark> в Индии"
    assert res.facets["country"][0].label == "Индия" and res.facets["country"][0].selected
    assert res.facets["official"][0].kz is True
    assert res.facets["date"][0].label == "февраль 2026"


def test_unreachable_cluster_is_a_clear_store_unavailable():
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with pytest.raises(StoreUnavailable, match="unreachable"):
        open_store(f"http://127.0.0.1:{port}")
