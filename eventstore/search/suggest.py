"""What to try when a search finds little: a spelling fix ("did you mean"), a word's beginning
(`нефть` → `нефт*` also finds «нефтяной»), or the query without its rarest word — each with
the number of events it finds under the same filters, and only if it finds more.
"""
from __future__ import annotations

import re
from dataclasses import replace

from eventstore.query.model import Query, Term, TextQuery
from eventstore.search.result import Suggestion

FEW = 3  # a result with fewer events gets suggestions
MAX_SUGGESTIONS = 4
MAX_WORDS = 4  # words of the query tried (each costs a few counts)
_ENDING = re.compile(r"[аеёиоуыэюяйь]+$")


def suggestions(searcher, query: Query, text: TextQuery, total: int) -> list[Suggestion]:
    if total >= FEW or not text.must:
        return []
    out: list[Suggestion] = []
    seen = {text.normalized()}

    def offer(new: TextQuery, kind: str, word: str) -> None:
        candidate = new.normalized()
        if candidate in seen or not new.must:
            return
        seen.add(candidate)
        n = searcher.count(replace(query, text=candidate, page=1))
        if n > total:
            out.append(Suggestion(candidate, n, kind, word))

    words = [(i, clause[0]) for i, clause in enumerate(text.must)
             if len(clause) == 1 and not clause[0].prefix and not clause[0].is_phrase][:MAX_WORDS]
    for i, term in words:
        if searcher.count(Query(text=term.word)) == 0:
            for alternative in term.slots[0]:
                similar = searcher.store.similar_terms(alternative, 1)
                if similar:
                    offer(_with(text, i, Term(((similar[0][0],),), word=similar[0][0])), "spelling", term.word)
                    break
    for i, term in words:
        stem = _ENDING.sub("", term.slots[0][0])
        if len(stem) >= 4:
            offer(_with(text, i, Term(((stem,),), prefix=True, word=stem + "*")), "prefix", term.word)
    if len(text.must) > 1:
        drops = []
        for i, clause in enumerate(text.must[:MAX_WORDS]):
            before = len(out)
            offer(replace(text, must=text.must[:i] + text.must[i + 1:]), "drop", " OR ".join(t.word for t in clause))
            drops += out[before:]
            del out[before:]
        out += sorted(drops, key=lambda s: -s.total)
    return out[:MAX_SUGGESTIONS]


def _with(text: TextQuery, i: int, term: Term) -> TextQuery:
    return replace(text, must=text.must[:i] + ((term,),) + text.must[i + 1:])
