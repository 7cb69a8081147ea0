"""Elasticsearch-specific behaviour, on a real node: mapping version, lookups, deep pages and exports,
facets past the top buckets, ids, concurrent writers, rebuilds, write atomicity, errors and timeouts."""
from __future__ import annotations

import json
import socket
import threading
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from conftest import drop_alias, es_alias, es_indices, fill_store, make_event, make_release
from eventstore.query import InvalidQuery, Query, parse
from eventstore.search import Searcher, SearchRequest
from eventstore.stores import StoreError, StoreUnavailable, open_store
from eventstore.stores.elastic import body
from eventstore.stores.elastic.connection import safe, split_url
from eventstore.stores.elastic.mapping import MAPPING_VERSION, mapping


@pytest.fixture
def es(es_node):
    """A writable store on a fresh alias of the session's node; dropped afterwards."""
    url, _ = es_node
    store = open_store(es_alias(url))
    yield store
    drop_alias(store)


def reader(store):
    return open_store(store.setting, readonly=True)


def put(store, source, rid, texts, **fields):
    events = [make_event(rid, n, t, **fields) for n, t in enumerate(texts, 1)]
    store.replace_source(source, f"h-{rid}-{len(texts)}", make_release(rid), events)
    return events


# --- the request bodies (no node needed) ---

def test_url_gives_host_alias_and_options_and_hides_the_password():
    assert split_url("http://es:9200") == ("http://es:9200", "events", {})
    assert split_url("https://u:pw@es.example:443/newsroom/?shards=3") == ("https://u:pw@es.example:443", "newsroom", {"shards": "3"})
    assert safe("https://u:secret@es.example:9200/x") == "https://u:***@es.example:9200/x"


def test_terms_are_one_token_each_whatever_their_characters():
    doc = body.indexed(make_event("r", 1, "казахско-индийского форума 北京"))
    tokens = doc["terms"].split()
    assert len(tokens) == len(make_event("r", 1, "казахско-индийского форума 北京")["terms"])
    assert all(t.isalnum() and t.isascii() for t in tokens)


def test_date_order_and_relevance_share_the_tie_break():
    assert body.sort(SearchRequest.of(Query(sort="date_asc"))) == [{"date": "asc"}, {"release_id": "asc"}, {"n": "asc"}]
    assert body.sort(SearchRequest.of(Query(text="посол")))[1:] == [{"date": "desc"}, {"release_id": "desc"}, {"n": "desc"}]


def test_deep_pages_are_refused_by_the_query_for_every_store():
    with pytest.raises(InvalidQuery, match="10 000"):
        Query(page=101, per_page=100)
    Query(page=100, per_page=100)


# --- a real node ---

def test_phrases_and_hyphenated_words_match(es):
    put(es, "a.txt", "aaaaaaaaaaaa", ["Посол Казахстана провёл казахско-индийские консультации",
                                      "Казахстана посол и индийские партнёры"])
    es.flush()
    s = Searcher(reader(es))
    assert s.search(Query(text='"посол Казахстана"')).total == 1
    assert s.search(Query(text="казахско-индийских")).total == 1
    assert s.search(Query(text="индийский")).total == 2


def test_missing_documents_are_none_and_status_works_on_a_fresh_index(es):
    r = reader(es)
    assert r.get_event("no-such-id") is None and r.get_release("nope") is None
    assert es.get_meta("last_run") is None
    assert es.stats()["events"] == 0 and es.rejected() == {} and es.sources() == {}


def test_a_missing_index_is_store_unavailable(es_node):
    url, _ = es_node
    r = open_store(es_alias(url), readonly=True)  # nobody has indexed into it yet
    with pytest.raises(StoreUnavailable, match="run `python -m indexer run`"):
        Searcher(r).search(Query())


def test_an_index_of_another_mapping_version_is_refused_until_reindex(es, tmp_path):
    old = mapping()
    old["mappings"]["_meta"]["version"] = MAPPING_VERSION - 1
    index = f"{es.alias}-v000000"
    drop_alias(es)
    es.es.indices.create(index=index, aliases={es.alias: {"is_write_index": True}}, **old)
    writer = open_store(es.setting)
    with pytest.raises(StoreError, match="reindex"):
        writer.replace_source("a.txt", "h", make_release("r1"), [make_event("r1", 1, "посол")])
    new = writer.begin_rebuild()
    new.replace_source("a.txt", "h", make_release("r1"), [make_event("r1", 1, "посол")])
    writer.finish_rebuild(new)
    open_store(es.setting).replace_source("b.txt", "h", make_release("r2"), [make_event("r2", 1, "посол")])


def test_rejections_under_load_are_store_unavailable(es):
    put(es, "a.txt", "r1", ["посол"])
    es.es.indices.put_settings(index=f"{es.alias}-v*", settings={"index.blocks.read_only_allow_delete": True})
    try:
        with pytest.raises(StoreUnavailable):  # Elasticsearch answers 429 for this block
            put(es, "b.txt", "r2", ["посол"])
    finally:
        es.es.indices.put_settings(index=f"{es.alias}-v*", settings={"index.blocks.read_only_allow_delete": None})


def test_export_reads_every_hit_in_order_from_a_point_in_time(es):
    for i in range(12):
        put(es, f"{i:02d}.txt", f"{i:012x}", [f"посол встреча {j}" for j in range(110)],
            date=f"2026-02-{i % 9 + 1:02d}")
    es.flush()
    r = reader(es)
    for sort in ("date_desc", "date_asc", "relevance"):
        q = Query(text="посол", sort=sort, per_page=100)
        got = [d["id"] for d in Searcher(r).scan(q)]
        assert len(got) == len(set(got)) == 1320
        first = [h.doc["id"] for h in Searcher(r).search(q).hits]
        assert got[:100] == first
    dates = [d["date"] for d in Searcher(r).scan(Query(sort="date_asc"))]
    assert dates == sorted(dates)


def test_an_export_keeps_reading_its_snapshot_across_a_rebuild(es):
    for i in range(3):
        put(es, f"{i}.txt", f"{i:012x}", [f"посол {j}" for j in range(400)])
    es.flush()
    rows = Searcher(reader(es)).scan(Query())
    first = [next(rows) for _ in range(10)]
    new = es.begin_rebuild()
    new.replace_source("x.txt", "h", make_release("ffffffffffff"), [make_event("ffffffffffff", 1, "посол")])
    es.finish_rebuild(new)
    rest = list(rows)
    assert len(first) + len(rest) == 1200  # the old snapshot, whole
    assert Searcher(reader(es)).search(Query()).total == 1
    es.sweep()  # the export has closed its point in time: the old index can go now
    assert es_indices(es) == [new.index]


def test_selected_values_outside_the_top_buckets_keep_their_true_counts(es):
    for i in range(30):
        put(es, f"{i}.txt", f"{i:012x}", ["посол"] * (30 - i), countries=[f"C{i:02d}"])
    es.flush()
    request = SearchRequest.of(Query(country=("C29",)), facet_size=5)
    found = reader(es).execute(request)
    counts = dict(found.facets["country"])
    assert counts["C29"] == 1 and counts["C00"] == 30 and len(counts) == 6


def test_kazakh_flag_and_known_officials_do_not_depend_on_the_matches(es):
    put(es, "a.txt", "r1", ["посол Кувейта"], officials=["Азамат Ескараев", "Али Хамад"], kz_officials=["Азамат Ескараев"])
    put(es, "b.txt", "r2", ["визит в Катар"], officials=["Азамат Ескараев"], kz_officials=["Азамат Ескараев"])
    es.flush()
    res = Searcher(reader(es)).search(Query(text="Катар"))
    assert {v.value: v.kz for v in res.facets["official"]} == {"Азамат Ескараев": True}
    assert sorted(es.known_officials()) == ["Азамат Ескараев", "Али Хамад"]


def test_ids_stay_short_whatever_the_file_path(es):
    long_path = "/".join(["очень-длинная-папка"] * 60) + "/релиз.txt"
    put(es, long_path, "r1", ["посол"])
    es.note_rejected(long_path + ".bad", "h", "no header")
    assert es.sources() == {long_path: "h-r1-1"}
    assert list(es.rejected()) == [long_path + ".bad"]
    es.delete_source(long_path)
    es.forget_rejected(long_path + ".bad")
    es.flush()
    assert es.sources() == {} and es.rejected() == {}


def test_two_writers_starting_at_once_make_one_index(es_node):
    url, _ = es_node
    setting = es_alias(url)
    stores, errors = [], []

    def start():
        try:
            stores.append(open_store(setting))
        except Exception as e:  # pragma: no cover - the assertion below reports it
            errors.append(e)

    threads = [threading.Thread(target=start) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors and len(stores) == 4
    assert len(stores[0].es.indices.get_alias(name=stores[0].alias)) == 1
    drop_alias(stores[0])


def test_writes_never_create_an_index_behind_a_missing_alias(es):
    put(es, "a.txt", "r1", ["посол"])
    drop_alias(es)
    with pytest.raises(StoreError):
        put(es, "b.txt", "r2", ["посол"])
    assert not es.es.indices.exists(index=es.alias)


def test_a_replaced_file_is_never_half_gone_and_shows_after_the_run(es):
    put(es, "a.txt", "r1", ["посол Кувейт", "посол Катар", "посол Оман"])
    es.flush()
    es.es.indices.put_settings(index=f"{es.alias}-v*", settings={"refresh_interval": "-1"})
    put(es, "a.txt", "r1", ["посол Кувейт", "посол Индия"])
    s = Searcher(reader(es))
    assert s.search(Query(text="посол")).total == 3  # the old file, whole, until the run ends
    es.flush()
    assert s.search(Query(text="посол")).total == 2
    assert s.search(Query(text="Оман")).total == 0 and s.search(Query(text="Индия")).total == 1


def test_a_rebuild_runs_without_refresh_and_restores_the_settings(es):
    new = es.begin_rebuild()
    settings = es.es.indices.get_settings(index=new.index)[new.index]["settings"]["index"]
    assert settings["refresh_interval"] == "-1"
    put(new, "a.txt", "r1", ["посол"])
    es.finish_rebuild(new)
    settings = es.es.indices.get_settings(index=new.index)[new.index]["settings"]["index"]
    assert settings["refresh_interval"] == "1s"
    assert Searcher(reader(es)).search(Query(text="посол")).total == 1


def test_a_failed_rebuild_leaves_no_index_and_dead_ones_are_swept(es, monkeypatch):
    new = es.begin_rebuild()
    put(new, "a.txt", "r1", ["посол"])
    new.es.indices.close(index=new.index)  # finishing must fail now
    with pytest.raises(StoreError):
        es.finish_rebuild(new)
    assert not es.es.indices.exists(index=new.index)
    dead = es.begin_rebuild()  # a run that dies here leaves a "building" index
    from eventstore.stores.elastic import store as elastic_store

    monkeypatch.setattr(elastic_store, "_BUILDING_GRACE", 0)
    es.sweep()
    assert not es.es.indices.exists(index=dead.index)


# --- misbehaving and unreachable servers ---

class Misbehaving(BaseHTTPRequestHandler):
    """Answers every request with an HTTP 500, or as something that is not Elasticsearch."""

    mode = "500"

    def log_message(self, *args):
        pass

    def _answer(self):
        data = json.dumps({"error": "boom"}).encode()
        self.send_response(500 if self.mode == "500" else 200)
        if self.mode == "500":
            self.send_header("X-Elastic-Product", "Elasticsearch")
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    do_GET = do_POST = do_PUT = do_HEAD = _answer


@pytest.mark.parametrize("mode", ["500", "not-elasticsearch"])
def test_a_misbehaving_server_is_unavailable_not_an_error(mode):
    Misbehaving.mode = mode
    server = ThreadingHTTPServer(("127.0.0.1", 0), Misbehaving)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        r = open_store(f"http://127.0.0.1:{server.server_address[1]}/events", readonly=True)
        with pytest.raises(StoreUnavailable):
            Searcher(r).search(Query())
    finally:
        server.shutdown()


def test_a_hung_server_fails_fast_after_a_few_tries():
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)  # accepts connections, never answers
    accepted = []
    stop = threading.Event()

    def accept():
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                accepted.append(listener.accept()[0])
            except OSError:
                pass

    threading.Thread(target=accept, daemon=True).start()
    try:
        r = open_store(f"http://127.0.0.1:{listener.getsockname()[1]}/events", readonly=True)
        for _ in range(3):
            with pytest.raises(StoreUnavailable):
                r.get_event("x")
        tried = len(accepted)
        with pytest.raises(StoreUnavailable, match="did not answer recently"):
            r.get_event("x")
        assert len(accepted) == tried  # the breaker answered without touching the server
    finally:
        stop.set()
        for c in accepted:
            c.close()
        listener.close()


def test_credentials_are_never_printed():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with pytest.raises(StoreUnavailable) as e:
        open_store(f"http://admin:topsecret@127.0.0.1:{port}/events")
    assert "topsecret" not in str(e.value) and "***" in str(e.value)


def test_the_sample_corpus_passes_through_the_parse_unchanged(es, corpus_docs):
    fill_store(es, corpus_docs)
    assert reader(es).stats()["events"] == sum(len(e) for *_, e in corpus_docs)
    hostile = '"; DROP' + " посол " * 3
    assert Searcher(reader(es)).search(Query(text=hostile)).total >= 0
    assert parse(hostile).must


def test_one_run_at_a_time_across_hosts_and_a_dead_holder_never_blocks(es):
    from eventstore.stores import Locked
    from eventstore.stores.elastic.lease import Lease

    with es.run_lock():
        other = open_store(es.setting)
        with pytest.raises(Locked, match="another indexer run"):
            with other.run_lock():
                pass
    with es.run_lock():  # released: free again
        pass
    # A holder on this host whose process is gone: taken over at once.
    es.es.index(index=f"{es.alias}-lock", id="run", refresh=True,
                document={"host": Lease(es.conn, es.alias).holder["host"], "pid": 2**22 + 7, "until": "2999-01-01T00:00:00+00:00"})
    with es.run_lock():
        pass
    # A holder elsewhere whose lease ran out: taken over too; one still valid blocks.
    es.es.index(index=f"{es.alias}-lock", id="run", refresh=True,
                document={"host": "another-host", "pid": 1, "until": "2001-01-01T00:00:00+00:00"})
    with es.run_lock():
        pass
    es.es.index(index=f"{es.alias}-lock", id="run", refresh=True,
                document={"host": "another-host", "pid": 1, "until": "2999-01-01T00:00:00+00:00"})
    with pytest.raises(Locked, match="another-host"):
        with es.run_lock():
            pass
    es.es.indices.delete(index=f"{es.alias}-lock")
