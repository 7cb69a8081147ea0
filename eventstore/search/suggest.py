"""What to try when a search finds little: a spelling fix ("did you mean": the most frequent indexed
word one letter away, found with the stores' `term_counts`), a word's beginning
(`нефть` → `нефт*` also finds «нефтяной»), or the query without its rarest word — each with
the number of events it finds under the same filters, and only if it finds more.
"""
from __future__ import annotations

import re
from dataclasses import replace

from eventstore.query.model import Query, Term, TextQuery
from eventstore.search.result import Suggestion
from eventstore.text import normalize

FEW = 3  # a result with fewer events gets suggestions
MAX_SUGGESTIONS = 4
MAX_WORDS = 4  # words of the query tried (each costs a few counts)
MAX_WORD = 30  # letters of a word given a spelling fix (its one-letter variants: ~70 per letter)
_ENDING = re.compile(r"[аеёиоуыэюяйь]+$")
_CYRILLIC = re.compile(r"[а-я]")
_RU = "абвгдежзийклмнопрстуфхцчшщъыьэюя"
_LATIN = "abcdefghijklmnopqrstuvwxyz0123456789"


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
            # The word as typed first: the lemma of a misspelt word is a guess («кувейтт» → «кувейтта»).
            for alternative in dict.fromkeys((normalize(term.word), *term.slots[0])):
                fixed = similar(searcher.store, alternative)
                if fixed:
                    offer(_with(text, i, Term(((fixed,),), word=fixed)), "spelling", term.word)
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


def similar(store, term: str) -> str | None:
    """The most frequent indexed term one edit away (a letter missing, extra, wrong or swapped)."""
    if not 4 <= len(term) <= MAX_WORD:
        return None
    counts = store.term_counts(sorted(one_edit(term)))
    return min(counts, key=lambda t: (-counts[t], t)) if counts else None


def one_edit(word: str) -> set[str]:
    letters = _RU if _CYRILLIC.search(word) else _LATIN
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    out = {a + b[1:] for a, b in splits if b}
    out |= {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    out |= {a + c + b[1:] for a, b in splits if b for c in letters}
    out |= {a + c + b for a, b in splits for c in letters}
    return out - {word}


def _with(text: TextQuery, i: int, term: Term) -> TextQuery:
    return replace(text, must=text.must[:i] + ((term,),) + text.must[i + 1:])
