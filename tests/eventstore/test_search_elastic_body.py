"""The Elasticsearch side of the search primitives this desk added (prefix terms, "all of" filters,
similar terms, coverage), checked on the request bodies; the contract suite runs them on a node."""
from eventstore.query import parse
from eventstore.stores.elastic import body


def test_prefix_term_is_a_prefix_query_on_the_terms_field():
    q = body.text_clause(parse("инвест* -нефт*"))["bool"]
    assert q["must"] == [{"prefix": {"terms": {"value": "инвест"}}}]
    assert q["must_not"] == [{"prefix": {"terms": {"value": "нефт"}}}]


def test_all_of_a_facet_is_one_term_filter_per_value_and_keeps_its_own_filter_in_its_counts():
    from eventstore.query import Query
    from eventstore.search import SearchRequest

    b = body.search_body(SearchRequest.of(Query(country=("KW", "SA"), org=("МИД", "ООН"), all_of=("country",))))
    assert b["post_filter"]["bool"]["filter"] == [
        {"term": {"countries": "KW"}}, {"term": {"countries": "SA"}}, {"terms": {"orgs": ["МИД", "ООН"]}}]
    country_aggs = b["aggs"]["country"]["filter"]["bool"]["filter"]
    assert {"term": {"countries": "KW"}} in country_aggs  # "all of" narrows its own counts
    assert b["aggs"]["org"]["filter"]["bool"]["filter"] == [{"term": {"countries": "KW"}}, {"term": {"countries": "SA"}}]


def test_facet_page_asks_for_every_value():
    from dataclasses import replace

    from eventstore.query import Query
    from eventstore.search import SearchRequest

    b = body.search_body(replace(SearchRequest.of(Query()), facets=("official",), facet_size=10_000))
    assert b["aggs"]["official"]["aggs"]["values"]["terms"]["size"] == 10_000


def test_similar_terms_and_coverage_bodies():
    s = body.similar_terms_body("кувейтт", 3)["suggest"]["similar"]
    assert s["text"] == "кувейтт" and s["term"]["field"] == "terms" and s["term"]["max_edits"] == 2
    assert s["term"]["prefix_length"] == 1 and s["term"]["size"] == 3
    c = body.coverage_body()
    assert c["aggs"]["first"]["min"]["field"] == "date" and c["query"]["bool"]["filter"] == [body.EVENT]
