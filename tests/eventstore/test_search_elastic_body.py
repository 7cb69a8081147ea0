"""The Elasticsearch side of the search primitives this desk added (prefix terms, "all of" filters,
similar terms, coverage), checked on the request bodies; the contract suite runs them on a node."""
from eventstore.query import parse
from eventstore.stores.elastic import body


def test_prefix_term_is_a_prefix_query_on_the_terms_field():
    q = body.text_clause(parse("инвест* -нефт*"))["bool"]
    assert q["must"] == [{"prefix": {"terms": {"value": "инвест"}}}]
    assert q["must_not"] == [{"prefix": {"terms": {"value": "нефт"}}}]
