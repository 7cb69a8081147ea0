"""The production store: Elasticsearch 8, one versioned index behind an alias."""
from eventstore.stores.elastic.store import ElasticStore

__all__ = ["ElasticStore"]
