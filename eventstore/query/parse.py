"""User text → `TextQuery`: the query language people know from Google, Aleph and Kibana.

- words are ANDed (`AND`, `И`, `and`, `и`, `&` may be written, they change nothing);
- `"quoted phrase"` (or «…») matches the words in this order;
- `-word`, `NOT word`, `НЕ word` exclude;
- `OR`, `ИЛИ`, `or`, `или`, `|` between words: either of them; OR binds tighter than AND, so
  `посол Кувейт OR Катар` = посол AND (Кувейт OR Катар); parentheses are allowed and ignored;
- `нефт*` matches every word whose normal form starts with «нефт» (at least 3 letters).

Whatever the input, the result is built only from analysed terms, never from the user's
characters, so no store ever sees FTS5 or Lucene syntax it could choke on. What was cut or
ignored is said in `TextQuery.notes`, so the page can tell the user.
"""
from __future__ import annotations

import re

from eventstore.query.model import Term, TextQuery
from eventstore.query.families import family
from eventstore.text import normalize, parses, query_slots, tokens

MAX_CHARS = 1_000
MAX_CLAUSES = 32
MAX_SLOTS = 12
MIN_PREFIX = 3
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028\u2029\ufeff]")
_QUOTES = str.maketrans({"«": '"', "»": '"', "„": '"', "“": '"', "”": '"'})
_BRACKETS = "()[]{}"
_NOT_TERM = re.compile(r"[^\w-]|_")
# Operators: OR and AND in any case (Kibana reads them so, and «или» is never worth searching);
# NOT only in capitals, because «не» and «not» are words a phrase may need.
_OR = {"or", "или", "|", "||"}
_AND = {"and", "и", "&", "&&"}
_NOT = {"NOT", "НЕ"}


def parse(text: str) -> TextQuery:
    text = text or ""
    notes: list[str] = []
    if len(text) > MAX_CHARS:
        notes.append(f"Запрос длиннее {MAX_CHARS} символов: учтены первые {MAX_CHARS}.")
        text = text[:MAX_CHARS]
    text = _CONTROL.sub(" ", text).translate(_QUOTES)
    items: list[tuple[bool, Term] | str] = []  # (negated, term), "OR" or "NOT"
    stops: list[int] = []  # items that are function words («с», «по», «о»)
    for negated, chunk, quoted in _lex(text):
        if not quoted:
            chunk = chunk.strip(_BRACKETS)
            if not chunk:
                continue
            if not negated:
                if chunk.lower() in _OR:
                    items.append("OR")
                    continue
                if chunk.lower() in _AND:
                    continue
                if chunk in _NOT:
                    items.append("NOT")
                    continue
        term = _term(chunk, quoted, notes)
        if term:
            items.append((negated, term))
            if not quoted and not negated and _function_word(chunk):
                stops.append(len(items) - 1)
        elif chunk.strip():
            notes.append(f"Пропущено «{chunk[:40]}»: в нём нет букв или цифр.")
    return _combine(_without_function_words(items, stops, notes), notes)


# Parts of speech a search box ignores, as Google does: «встречи с Кувейтом по нефти» asks for
# встреча, Кувейт, нефть; requiring «по» would drop every event that happens not to hold it.
_FUNCTION_POS = {"PREP", "CONJ", "PRCL", "INTJ"}
_FUNCTION_LEMMAS = {"весь", "все", "который", "этот", "тот", "такой", "свой", "сам", "также", "его", "ее", "их"}


def _function_word(chunk: str) -> bool:
    toks = tokens(chunk)
    if len(toks) != 1 or chunk.endswith("*"):
        return False
    word = normalize(toks[0].text)
    if word in ("не", "ни", "нет"):
        return False  # a negation changes what is asked
    best = parses(word)[0]
    return best.tag.POS in _FUNCTION_POS or normalize(best.normal_form) in _FUNCTION_LEMMAS


def _without_function_words(items: list, stops: list[int], notes: list[str]) -> list:
    """The query without its prepositions, conjunctions and particles, when other words remain and
    the word is not joined by OR (a quoted word is always kept)."""
    beside_or = {i for i in stops if "OR" in (items[i - 1] if i else None, items[i + 1] if i + 1 < len(items) else None)}
    drop = [i for i in stops if i not in beside_or]
    if not drop or all(isinstance(x, str) or i in drop for i, x in enumerate(items)):
        return items
    words = ", ".join(f"«{items[i][1].word}»" for i in drop)
    notes.append(f"Служебные слова {words} не учитываются; чтобы искать их, возьмите фразу в кавычки."
                 if len(drop) > 1 else f"Служебное слово {words} не учитывается; чтобы искать его, возьмите фразу в кавычки.")
    return [x for i, x in enumerate(items) if i not in drop]


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


def _term(chunk: str, quoted: bool, notes: list[str]) -> Term | None:
    if not quoted and chunk.endswith("*"):
        prefix = _prefix(chunk.rstrip("*"))
        if prefix and len(prefix.replace("-", "")) >= MIN_PREFIX:
            return Term(((prefix,),), prefix=True, word=chunk.rstrip("*") + "*")
        if prefix:
            notes.append(f"«{chunk[:40]}»: для поиска по началу слова нужно не меньше {MIN_PREFIX} букв — "
                         "искали слово целиком.")
    slots = tuple(s for t in tokens(chunk) for s in query_slots(t.text))
    if not quoted and len(slots) == 1:  # a word finds its family («нефть» → «нефтяной»); a phrase is as typed
        slots = (tuple(dict.fromkeys(a for alt in slots[0] for a in (alt, *family(alt)))),)
    if len(slots) > MAX_SLOTS:
        notes.append(f"Фраза «{chunk[:40]}…» длиннее {MAX_SLOTS} слов: учтены первые {MAX_SLOTS}.")
        slots = slots[:MAX_SLOTS]
    if not slots:
        return None
    words = [t.text for t in tokens(chunk)]
    return Term(slots, word=f'"{" ".join(words)}"' if len(words) > 1 or quoted else words[0])


def _prefix(stem: str) -> str | None:
    """«Нефт» → «нефт»: one word's beginning, lower case, ё = е, as the index writes terms."""
    toks = tokens(stem)
    if len(toks) != 1:
        return None
    return re.sub(r"-{2,}", "-", _NOT_TERM.sub("-", normalize(toks[0].text))).strip("-") or None


def _combine(items, notes: list[str]) -> TextQuery:
    must: list[list[Term]] = []
    must_not: list[Term] = []
    join_next = negate_next = last_negated = False
    for i, item in enumerate(items):
        if item == "OR":
            if not (must or must_not) or i == len(items) - 1 or items[i - 1] in ("OR", "NOT"):
                notes.append("Оператор OR (ИЛИ) без слова с одной стороны пропущен.")
                continue
            # «-Индия OR Китай» / «NOT (Индия OR Китай)»: both are excluded.
            join_next, negate_next = not last_negated, last_negated
            continue
        if item == "NOT":
            if i == len(items) - 1:
                notes.append("Оператор NOT (НЕ) в конце запроса пропущен: после него нет слова.")
            negate_next = True
            continue
        negated, term = item
        negated = negated or negate_next
        if negated:
            must_not.append(term)
        elif join_next and must:
            must[-1].append(term)
        else:
            must.append([term])
        join_next = negate_next = False
        last_negated = negated
    if len(must) > MAX_CLAUSES or len(must_not) > MAX_CLAUSES:
        notes.append(f"Слишком много слов: учтены первые {MAX_CLAUSES}.")
    return TextQuery(
        must=tuple(tuple(c) for c in must[:MAX_CLAUSES]),
        must_not=tuple(must_not[:MAX_CLAUSES]),
        notes=tuple(dict.fromkeys(notes)),
    )
