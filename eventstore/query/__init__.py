"""Search requests as objects: `Query` (what the user asked), `parse` (its text → analysed terms)."""
from eventstore.query.model import MAX_PER_PAGE, SORTS, InvalidQuery, Query, Term, TextQuery
from eventstore.query.parse import parse

__all__ = ["MAX_PER_PAGE", "SORTS", "InvalidQuery", "Query", "Term", "TextQuery", "parse"]
