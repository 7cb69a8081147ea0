"""The Elasticsearch side of the search primitives this desk added (prefix terms, "all of" filters,
similar terms, coverage), checked on the request bodies; the contract suite runs them on a node."""
from eventstore.query import parse
from eventstore.stores.elastic import body


def test_prefix_term_is_a_prefix_query_on_the_terms_field():
    q = body.text_clause(parse("инвест* -нефт*"))["bool"]
    assert q["must"] == [{"prefix": {"terms": {"value": body.token("инвест")}}}]
    assert q["must_not"] == [{"prefix": {"terms": {"value": body.token("нефт")}}}]
    assert body.token("инвестиция").startswith(body.token("инвест"))


def test_all_of_a_facet_is_one_term_filter_per_value_and_keeps_its_own_filter_in_its_counts():
    from eventstore.query import Query
    from eventstore.search import SearchRequest

    b = body.search_body(SearchRequest.of(Query(country=("KW", "SA"), org=("МИД", "ООН"), all_of=("country",))))
    assert b["post_filter"]["bool"]["filter"] == [
        {"term": {"countries": "KW"}}, {"term": {"countries": "SA"}}, {"terms": {"orgs": ["МИД", "ООН"]}}]
    country_aggs = b["aggs"]["country"]["filter"]["bool"]["filter"]
    assert {"term": {"countries": "KW"}} in country_aggs  # "all of" narrows its own counts
    assert b["aggs"]["org"]["filter"]["bool"]["filter"] == [{"term": {"countries": "KW"}}, {"term": {"countries": "SA"}}]


def test_facet_page_asks_for_every_value_and_every_facet_counts_its_values():
    from dataclasses import replace

    from eventstore.query import Query
    from eventstore.search import SearchRequest

    b = body.search_body(replace(SearchRequest.of(Query()), facets=("official",), facet_size=10_000))
    assert b["aggs"]["official"]["aggs"]["values"]["terms"]["size"] == 10_000
    assert b["aggs"]["official"]["aggs"]["distinct"] == {"cardinality": {"field": "officials", "precision_threshold": 3000}}


def test_term_counts_and_coverage_bodies():
    b = body.term_counts_body(["кувейт", "катар"])
    assert b["aggs"]["terms"]["filters"]["filters"] == {"кувейт": {"term": {"terms": body.token("кувейт")}},
                                                        "катар": {"term": {"terms": body.token("катар")}}}
    c = body.coverage_body()
    assert c["aggs"]["first"]["min"]["field"] == "date" and c["query"]["bool"]["filter"] == [body.EVENT]
