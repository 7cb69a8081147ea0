"""The document schema is the one list of fields: documents, the ES mapping and the API follow it."""
import pytest

from eventstore import schema
from eventstore.stores.elastic.mapping import mapping


def test_event_fills_every_field_and_refuses_unknown_ones():
    doc = schema.event(id="r-1", text="посол")
    assert list(doc) == [f.name for f in schema.EVENT]
    assert doc["countries"] == [] and doc["roles"] == {} and doc["date"] is None
    with pytest.raises(TypeError, match="colour"):
        schema.event(id="r-1", colour="red")


def test_public_view_drops_the_lemma_stream():
    doc = schema.event(id="r-1", terms=["посол"])
    assert "terms" not in schema.public(doc) and list(schema.public(doc)) == list(schema.PUBLIC)


def test_facets_come_from_the_schema():
    assert schema.FACETS == {"country": "countries", "official": "officials", "org": "orgs"}


def test_the_elasticsearch_mapping_covers_every_field_with_its_kind():
    props = mapping()["mappings"]["properties"]
    expected = {"keyword": "keyword", "keywords": "keyword", "date": "date", "int": "integer", "text": "text",
                "map": "object", "records": "object", "terms": "text"}
    for field in schema.EVENT:
        assert props[field.name]["type"] == expected[field.kind], field.name
    assert props["terms"]["analyzer"] == "terms" and props["text"]["index"] is False
