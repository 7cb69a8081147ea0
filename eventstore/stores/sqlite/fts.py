"""`TextQuery` → boolean expressions over analysed terms, shared by both stores' builders."""
from __future__ import annotations

from itertools import islice, product

from eventstore.query.model import Term

MAX_PHRASES = 16


def phrases(term: Term) -> list[list[str]]:
    """The term as alternative term sequences (a phrase with alternatives expands, capped)."""
    return [list(p) for p in islice(product(*term.slots), MAX_PHRASES)]


def fts5_term(term: Term) -> str:
    """One Term as an FTS5 expression: only quoted strings of our own terms (`"нефт" *` for a prefix)."""
    if term.prefix:
        return quote(term.slots[0][0]) + " *"
    options = [quote(" ".join(p)) for p in phrases(term)]
    return options[0] if len(options) == 1 else "(" + " OR ".join(options) + ")"


def fts5_expression(must, must_not) -> tuple[str | None, str | None]:
    """(positive expression, negative expression) — either may be None."""
    positive = " AND ".join("(" + " OR ".join(fts5_term(t) for t in clause) + ")" for clause in must)
    negative = " OR ".join(fts5_term(t) for t in must_not)
    return positive or None, negative or None


def quote(s: str) -> str:
    """An FTS5 string: the words as one phrase, double quotes doubled."""
    return '"' + s.replace('"', '""') + '"'
