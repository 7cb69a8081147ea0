"""Exercise a running es-node with the Python client: what works, what is missing.

    .venv/bin/python es-node/check.py http://127.0.0.1:9201                  # single node
    .venv/bin/python es-node/check.py http://127.0.0.1:9211 --shards 3 --replicas 1 --keep
    .venv/bin/python es-node/check.py http://127.0.0.1:9211 --kept           # after a restart

Needs the `elasticsearch` client (the project's venv has it); esnode.py itself does not.
Every check prints one line; an API that is expected to be missing (delete_by_query without
the reindex module, ...) counts as ok when it fails the expected way. Exit 1 on any surprise.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path

from elasticsearch import ApiError, Elasticsearch, NotFoundError, helpers

PREFIX = "esnode-check"
KEPT = f"{PREFIX}-kept"
DOCS = 240
COUNTRIES = ["kz", "ru", "cn", "us", "tr", "de"]

results: list[tuple[bool, str]] = []


def check(ok: bool, what: str, detail: object = "") -> bool:
    results.append((ok, what))
    print(f"{'ok  ' if ok else 'FAIL'} {what}" + (f": {detail}" if detail != "" else ""), flush=True)
    return ok


def error_of(call) -> str | None:
    """None if `call` succeeds, else 'status type: reason' of the Elasticsearch error."""
    try:
        call()
    except ApiError as e:
        info = e.info if isinstance(e.info, dict) else {}
        err = info.get("error", info)
        if isinstance(err, dict):
            return f"{e.meta.status} {err.get('type')}: {err.get('reason')}"
        return f"{e.meta.status} {err}"
    return None


# ---------------------------------------------------------------- analysis

TOKENIZERS = ("standard whitespace keyword letter lowercase classic ngram edge_ngram pattern simple_pattern "
              "simple_pattern_split char_group uax_url_email path_hierarchy thai").split()
FILTERS = ("lowercase uppercase stop shingle asciifolding trim unique length truncate word_delimiter "
           "word_delimiter_graph stemmer porter_stem snowball kstem synonym synonym_graph elision cjk_width "
           "decimal_digit reverse ngram edge_ngram keyword_marker apostrophe limit fingerprint classic "
           "pattern_replace russian_stem").split()
CHAR_FILTERS = "html_strip mapping pattern_replace".split()
ANALYZERS = "standard default simple whitespace keyword stop english russian pattern fingerprint".split()
SAMPLE = "The Quick-Brown fox, Астана Қазақстан 2024 café"


def analysis(es: Elasticsearch) -> None:
    def works(**kw) -> bool:
        return error_of(lambda: es.indices.analyze(text=SAMPLE, **kw)) is None

    have = {
        "tokenizers": [t for t in TOKENIZERS if works(tokenizer=t)],
        "token filters": [f for f in FILTERS if works(tokenizer="standard", filter=[f])],
        "char filters": [c for c in CHAR_FILTERS if works(tokenizer="standard", char_filter=[c])],
        "analyzers (pre-built, by name)": [a for a in ANALYZERS if works(analyzer=a)],
    }
    for kind, names in have.items():
        print(f"     {kind}: {', '.join(names) or '-'}")
    configurable = {
        "stop with a list": {"type": "stop", "stopwords": ["the", "fox"]},
        "stop _russian_": {"type": "stop", "stopwords": "_russian_"},
        "shingle 2": {"type": "shingle", "max_shingle_size": 2},
    }
    for what, f in configurable.items():
        check(works(tokenizer="standard", filter=[f]), f"filter {what}")
    check("standard" in have["tokenizers"] and "lowercase" in have["token filters"],
          "standard tokenizer + lowercase filter exist")
    check("whitespace" not in have["tokenizers"], "whitespace TOKENIZER is missing (analysis-common)")
    check("whitespace" in have["analyzers (pre-built, by name)"], "whitespace ANALYZER (pre-built) exists")


# ---------------------------------------------------------------- data

def docs(n: int = DOCS):
    start = dt.date(2023, 1, 1)
    for i in range(n):
        country = COUNTRIES[i % len(COUNTRIES)]
        day = start + dt.timedelta(days=3 * i)
        yield {
            "_id": f"event:{i:04d}",
            "id": f"{i:04d}",
            "kind": "event",
            "country": country,
            "date": day.isoformat(),
            "n": i,
            # lemmatized lower-case terms, as the indexer writes them
            "terms": ["министр", "иностранный", "дело", "казахстан", "встреча", f"с-{country}", f"n{i % 10}"],
            "title": f"Minister of Foreign Affairs met the ambassador of {country.upper()} number {i % 10}",
            "tag": country.upper(),
        }


SETTINGS = {
    "analysis": {
        # Only components that exist without analysis-common.
        "filter": {"few_stops": {"type": "stop", "stopwords": ["the", "of"]}},
        "analyzer": {"title_text": {"type": "custom", "tokenizer": "standard", "filter": ["lowercase", "few_stops"]}},
    }
}
MAPPINGS = {
    "dynamic": "strict",
    "properties": {
        "id": {"type": "keyword"},
        "kind": {"type": "keyword"},
        "country": {"type": "keyword"},
        "tag": {"type": "keyword", "normalizer": "lowercase"},
        "date": {"type": "date", "format": "strict_date"},
        "n": {"type": "integer"},
        # The project's pre-analysed terms field, with the pre-built whitespace analyzer. The terms
        # are sent as a JSON array: gap 0 lets a phrase run from one array element into the next.
        "terms": {"type": "text", "analyzer": "whitespace", "index_options": "positions", "position_increment_gap": 0},
        "title": {"type": "text", "analyzer": "title_text"},
    },
}


def create(es: Elasticsearch, name: str, shards: int, replicas: int, **extra) -> None:
    es.indices.create(index=name, settings={"number_of_shards": shards, "number_of_replicas": replicas, **SETTINGS},
                      mappings=MAPPINGS, **extra)


# ---------------------------------------------------------------- checks

def searches(es: Elasticsearch, index: str) -> None:
    r = es.search(index=index, query={"match_phrase": {"title": "foreign affairs met"}}, size=0, track_total_hits=True)
    check(r["hits"]["total"]["value"] == DOCS, "match_phrase on standard+lowercase+stop field", r["hits"]["total"])
    r = es.search(index=index, query={"match_phrase": {"terms": {"query": "дело казахстан встреча"}}}, size=0)
    check(r["hits"]["total"]["value"] == DOCS, "match_phrase on whitespace-analysed terms", r["hits"]["total"])
    r = es.search(index=index, query={"match_phrase": {"terms": {"query": "встреча с-kz", "analyzer": "whitespace"}}}, size=0)
    check(r["hits"]["total"]["value"] == DOCS // len(COUNTRIES), "match_phrase with analyzer=whitespace, hyphen kept",
          r["hits"]["total"])
    r = es.search(index=index, query={"term": {"tag": "KZ"}}, size=0)
    check(r["hits"]["total"]["value"] == DOCS // len(COUNTRIES), "keyword with lowercase normalizer", r["hits"]["total"])

    body = {
        "query": {"bool": {"filter": [{"term": {"kind": "event"}}]}},
        "post_filter": {"terms": {"country": ["kz"]}},
        "aggs": {
            "countries": {"terms": {"field": "country", "size": 100}},
            "recent": {"filter": {"range": {"date": {"gte": "2024-01-01"}}},
                       "aggs": {"months": {"date_histogram": {"field": "date", "calendar_interval": "month",
                                                              "format": "yyyy-MM", "min_doc_count": 1}}}},
        },
        "sort": [{"date": "desc"}, {"id": "desc"}],
        "size": 5,
        "track_total_hits": True,
    }
    r = es.search(index=index, **body)
    buckets = {b["key"]: b["doc_count"] for b in r["aggregations"]["countries"]["buckets"]}
    months = r["aggregations"]["recent"]["months"]["buckets"]
    check(len(buckets) == len(COUNTRIES) and sum(buckets.values()) == DOCS, "terms aggregation (ignores post_filter)", buckets)
    check(r["hits"]["total"]["value"] == DOCS // len(COUNTRIES) and all(h["_source"]["country"] == "kz" for h in r["hits"]["hits"]),
          "post_filter narrows hits only", r["hits"]["total"])
    check(bool(months) and months[0]["key_as_string"].startswith("2024-"), "filter + date_histogram aggregation",
          f"{len(months)} months, first {months[0]['key_as_string'] if months else None}")

    after, seen = None, 0
    while True:
        comp = {"size": 4, "sources": [{"country": {"terms": {"field": "country"}}},
                                       {"year": {"date_histogram": {"field": "date", "calendar_interval": "year"}}}]}
        if after:
            comp["after"] = after
        r = es.search(index=index, size=0, aggs={"c": {"composite": comp}})
        seen += sum(b["doc_count"] for b in r["aggregations"]["c"]["buckets"])
        after = r["aggregations"]["c"].get("after_key")
        if not r["aggregations"]["c"]["buckets"]:
            break
    check(seen == DOCS, "composite aggregation paged with after_key", f"{seen} docs")

    pit = es.open_point_in_time(index=index, keep_alive="1m")["id"]
    ids, after = [], None
    while True:
        kw = {"search_after": after} if after else {}
        r = es.search(pit={"id": pit, "keep_alive": "1m"}, sort=[{"date": "asc"}, {"id": "asc"}], size=50, **kw)
        hits = r["hits"]["hits"]
        if not hits:
            break
        pit = r["pit_id"]
        ids += [h["_id"] for h in hits]
        after = hits[-1]["sort"]
    closed = es.close_point_in_time(id=pit)
    check(len(ids) == DOCS == len(set(ids)) and closed["succeeded"], "point-in-time + search_after, then close",
          f"{len(ids)} hits")

    scanned = sum(1 for _ in helpers.scan(es, index=index, query={"query": {"term": {"kind": "event"}}}, size=100))
    check(scanned == DOCS, "scroll (helpers.scan)", scanned)
    r = es.mget(index=index, ids=["event:0000", "event:0001", "nope"])
    check([d["found"] for d in r["docs"]] == [True, True, False], "mget")
    check(es.count(index=index)["count"] == DOCS, "count")


def array_phrases(es: Elasticsearch) -> None:
    """Without position_increment_gap 0, array elements are 100 positions apart: no phrase spans two."""
    name = f"{PREFIX}-gap"
    es.indices.create(index=name, mappings={"properties": {"terms": {"type": "text", "analyzer": "whitespace"}}})
    es.index(index=name, id="array", document={"terms": ["посол", "казахстан"]})
    es.index(index=name, id="string", document={"terms": "посол казахстан"}, refresh=True)
    r = es.search(index=name, query={"match_phrase": {"terms": "посол казахстан"}})
    found = sorted(h["_id"] for h in r["hits"]["hits"])
    check(found == ["string"], "default position_increment_gap (100): a phrase does NOT span array elements", found)
    es.indices.delete(index=name)


def aliases(es: Elasticsearch, shards: int, replicas: int) -> None:
    v1, v2, alias = f"{PREFIX}-v1", f"{PREFIX}-v2", f"{PREFIX}-alias"
    create(es, v1, shards, replicas, aliases={alias: {}})
    create(es, v2, shards, replicas)
    es.index(index=v2, id="only-in-v2", document={"id": "x", "kind": "event"}, refresh=True)
    check(es.indices.exists_alias(name=alias).body, "alias created with the index")
    es.indices.update_aliases(actions=[{"remove": {"index": v1, "alias": alias}}, {"add": {"index": v2, "alias": alias}}])
    now = list(es.indices.get_alias(name=alias).keys())
    hit = es.search(index=alias, query={"ids": {"values": ["only-in-v2"]}})["hits"]["total"]["value"]
    check(now == [v2] and hit == 1, "update_aliases swap (remove+add in one call)", now)
    es.indices.delete(index=[v1, v2])


def missing_apis(es: Elasticsearch, index: str) -> None:
    try:
        es.get(index=index, id="no-such-id")
        check(False, "get of a missing id is 404")
    except NotFoundError as e:
        check(e.meta.status == 404 and e.body.get("found") is False, "get of a missing id is 404", e.meta.status)

    err = error_of(lambda: es.delete_by_query(index=index, query={"term": {"country": "kz"}}, refresh=True,
                                              conflicts="proceed"))
    check(err is not None, "delete_by_query is MISSING (reindex module)", err)
    err = error_of(lambda: es.update_by_query(index=index, query={"match_all": {}}))
    check(err is not None, "update_by_query is MISSING (reindex module)", err)
    err = error_of(lambda: es.reindex(source={"index": index}, dest={"index": f"{PREFIX}-copy"}))
    check(err is not None, "reindex is MISSING (reindex module)", err)
    err = error_of(lambda: es.search(index=index, size=1, script_fields={"x": {"script": "doc['n'].value * 2"}}))
    check(err is not None, "painless scripts are MISSING (lang-painless module)", err)
    err = error_of(lambda: es.info())
    check(err is not None, "GET / (info) is MISSING (rest-root module)", err)
    check(es.ping() is False, "HEAD / (ping) answers False (rest-root module)")
    # The remedy the project can use for delete_by_query: find ids, bulk-delete them.
    ids = [h["_id"] for h in helpers.scan(es, index=index, query={"query": {"term": {"country": "kz"}}}, _source=False)]
    ok, _ = helpers.bulk(es, ({"_op_type": "delete", "_index": index, "_id": i} for i in ids), refresh=True)
    left = es.count(index=index, query={"term": {"country": "kz"}})["count"]
    check(ok == len(ids) and left == 0, "scan + bulk delete instead of delete_by_query", f"{ok} deleted")

    project = Path(__file__).resolve().parent.parent / "mappings" / "events.json"
    if project.exists():
        body = json.loads(project.read_text())
        err = error_of(lambda: es.indices.create(index=f"{PREFIX}-project", **body))
        print(f"     project mapping {project.name}: {'created' if err is None else err}")
        if err is None:
            es.indices.delete(index=f"{PREFIX}-project")


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("url")
    p.add_argument("--shards", type=int, default=1)
    p.add_argument("--replicas", type=int, default=0)
    p.add_argument("--keep", action="store_true", help=f"leave index {KEPT} behind (to check it survives a restart)")
    p.add_argument("--kept", action="store_true", help=f"only check that {KEPT} is still there, green and whole")
    args = p.parse_args()
    es = Elasticsearch(args.url, request_timeout=60)

    if args.kept:
        h = es.cluster.health(index=KEPT, wait_for_status="green", timeout="60s")
        n = es.count(index=KEPT)["count"]
        check(h["status"] == "green" and n == DOCS, f"{KEPT} survived the restart", f"{h['status']}, {n} docs")
    else:
        # By name: wildcard deletes are refused (action.destructive_requires_name, as in production).
        for old in es.indices.get(index=f"{PREFIX}-*"):
            es.indices.delete(index=old)
        analysis(es)
        index = KEPT if args.keep else f"{PREFIX}-docs"
        create(es, index, args.shards, args.replicas)
        ok, errors = helpers.bulk(es, ({"_index": index, **d} for d in docs()), refresh=True, raise_on_error=False)
        check(ok == DOCS and not errors, "bulk index", f"{ok} docs")
        h = es.cluster.health(index=index, wait_for_status="green", timeout="60s")
        check(h["status"] == "green", f"index with {args.shards} primaries / {args.replicas} replicas is green",
              f"{h['active_shards']} active shards on {h['number_of_nodes']} nodes")
        searches(es, index)
        array_phrases(es)
        aliases(es, args.shards, args.replicas)
        if args.keep:
            print(f"     kept {index}; not running the delete checks on it")
        else:
            missing_apis(es, index)
            es.indices.delete(index=index)

    bad = [w for ok, w in results if not ok]
    print(f"check: {len(results) - len(bad)} ok, {len(bad)} unexpected" + (f" ({'; '.join(bad)})" if bad else ""))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
