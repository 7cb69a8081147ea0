"""Answering a `Query` on any store: `Searcher` above the stores' primitives."""
from eventstore.search.request import Found, Scope, SearchRequest
from eventstore.search.result import FacetValue, Hit, Result
from eventstore.search.searcher import Searcher
from eventstore.search.timer import Timer

__all__ = ["FacetValue", "Found", "Hit", "Result", "Scope", "SearchRequest", "Searcher", "Timer"]
