"""Snippets: the original words that matched, in <mark>, everything else HTML-escaped."""
from __future__ import annotations

import re
from html import escape

from eventstore.text import Token, query_slots

# Words as the indexer's razdel tokens see them (hyphenated compounds whole), found by one regex:
# snippets run for every hit of every page, and razdel was most of their cost.
_WORD = re.compile(r"\w+(?:[-‐‑]\w+)*")


def _words(text: str) -> list[Token]:
    return [Token(m.group(), m.start(), m.end()) for m in _WORD.finditer(text)]

WIDTH = 280


def _matches(toks: list[Token], terms: frozenset[str], prefixes: tuple[str, ...]) -> list[Token]:
    if not terms and not prefixes:
        return []
    return [t for t in toks if any(a in terms or a.startswith(prefixes) for slot in query_slots(t.text) for a in slot)]


def match_spans(text: str, terms: frozenset[str], prefixes: tuple[str, ...] = ()) -> list[tuple[int, int]]:
    """(start, stop) of the query's words in `text`, for pages that mark more than them."""
    return [(t.start, t.stop) for t in _matches(_words(text), terms, prefixes)]


def highlight(text: str, terms: frozenset[str], prefixes: tuple[str, ...] = ()) -> str:
    """Safe HTML: the whole text with the query's words in <mark> (event and release pages)."""
    out, pos = [], 0
    for t in _matches(_words(text), terms, prefixes):
        out.append(escape(text[pos : t.start]))
        out.append(f"<mark>{escape(text[t.start : t.stop])}</mark>")
        pos = t.stop
    out.append(escape(text[pos:]))
    return "".join(out)


def snippet(text: str, terms: frozenset[str], width: int = WIDTH, prefixes: tuple[str, ...] = ()) -> str:
    """Safe HTML: a window of `text` around its first match, matched tokens marked."""
    toks = _words(text)
    hits = _matches(toks, terms, prefixes)
    if hits:
        start = max(0, hits[0].start - width // 4)
    else:
        start = 0
    if start > 0:
        # Begin at a word boundary.
        start = next((t.start for t in toks if t.start >= start), start)
    stop = min(len(text), start + width)
    if stop < len(text):
        stop = max((t.stop for t in toks if t.stop <= stop), default=stop)
    out, pos = [], start
    for t in hits:
        if t.start < start or t.stop > stop:
            continue
        out.append(escape(text[pos : t.start]))
        out.append(f"<mark>{escape(text[t.start : t.stop])}</mark>")
        pos = t.stop
    out.append(escape(text[pos:stop]))
    html = "".join(out).replace("\n", " ")
    return ("…" if start > 0 else "") + html + ("…" if stop < len(text) else "")
