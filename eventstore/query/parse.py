"""User text → `TextQuery`. Words are ANDed, "quoted phrases", -exclusions, OR between words.

Whatever the input, the result is built only from analysed terms, never from the
user's characters, so no store ever sees FTS5 or Lucene syntax it could choke on.
"""
from __future__ import annotations

import re

from eventstore.text import query_slots, tokens
from eventstore.query.model import Term, TextQuery

MAX_CHARS = 1_000
MAX_CLAUSES = 32
MAX_SLOTS = 12
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028\u2029\ufeff]")
_QUOTES = str.maketrans({"«": '"', "»": '"', "„": '"', "“": '"', "”": '"'})


def parse(text: str) -> TextQuery:
    text = _CONTROL.sub(" ", (text or "")[:MAX_CHARS]).translate(_QUOTES)
    items: list[tuple[bool, Term] | str] = []  # (negated, term) or "OR"
    for negated, chunk, quoted in _lex(text):
        if chunk == "OR" and not quoted and not negated:
            items.append("OR")
            continue
        term = _term(chunk)
        if term:
            items.append((negated, term))
    return _combine(items)


def _lex(text: str):
    """(negated, chunk, quoted) for each phrase or whitespace-separated chunk."""
    i, n = 0, len(text)
    while i < n:
        if text[i].isspace():
            i += 1
            continue
        negated = text[i] == "-" and i + 1 < n and not text[i + 1].isspace()
        if negated:
            i += 1
        if text[i] == '"':
            end = text.find('"', i + 1)
            end = n if end < 0 else end
            yield negated, text[i + 1 : end], True
            i = end + 1
        else:
            end = i
            while end < n and not text[end].isspace() and text[end] != '"':
                end += 1
            yield negated, text[i:end], False
            i = end


def _term(chunk: str) -> Term | None:
    slots = tuple(s for t in tokens(chunk) for s in query_slots(t.text))[:MAX_SLOTS]
    return Term(slots) if slots else None


def _combine(items) -> TextQuery:
    must: list[list[Term]] = []
    must_not: list[Term] = []
    join_next = False
    for item in items:
        if item == "OR":
            join_next = bool(must)
            continue
        negated, term = item
        if negated:
            must_not.append(term)
        elif join_next:
            must[-1].append(term)
        else:
            must.append([term])
        join_next = False
    return TextQuery(
        must=tuple(tuple(c) for c in must[:MAX_CLAUSES]),
        must_not=tuple(must_not[:MAX_CLAUSES]),
    )
