"""What a search asks for: the `Query` the web layer builds, validated here and nowhere else.

The free text is parsed (see `parse.py`) into a `TextQuery` of analysed terms, so stores
never see the user's raw characters.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from eventstore.schema import FACETS

SORTS = ("relevance", "date_desc", "date_asc")
MAX_PER_PAGE = 100
MAX_VALUES = 20  # selected values per facet
# The deepest hit a page may show, in every store (Elasticsearch refuses from + size past 10 000);
# exports read every hit regardless.
MAX_WINDOW = 10_000


class InvalidQuery(ValueError):
    """A parameter a user can fix (bad date order, page size…); the message says which, in Russian."""


@dataclass(frozen=True)
class Term:
    """One query word or quoted phrase: term positions, each with its alternatives.

    One position = a single word; several = a phrase matched in order. A `prefix` term has one
    position holding the beginning of a word (`нефт*`: every term starting with «нефт»).
    """

    slots: tuple[tuple[str, ...], ...]
    prefix: bool = False
    word: str = field(default="", compare=False)  # as the user wrote it, for the normalized query

    @property
    def is_phrase(self) -> bool:
        return len(self.slots) > 1


@dataclass(frozen=True)
class TextQuery:
    """Parsed free text: every clause must match (a clause = terms joined by OR);
    no `must_not` term may match."""

    must: tuple[tuple[Term, ...], ...] = ()
    must_not: tuple[Term, ...] = ()
    # What the parser cut or ignored, in Russian, for the page to say (not part of the search).
    notes: tuple[str, ...] = field(default=(), compare=False)

    @property
    def is_empty(self) -> bool:
        return not self.must and not self.must_not

    def highlight_terms(self) -> frozenset[str]:
        """Every term a positive clause may match (what snippets mark)."""
        return frozenset(t for clause in self.must for term in clause if not term.prefix
                         for slot in term.slots for t in slot)

    def highlight_prefixes(self) -> tuple[str, ...]:
        """Beginnings of words a positive prefix term matches (`нефт*` → «нефт»)."""
        return tuple(term.slots[0][0] for clause in self.must for term in clause if term.prefix)

    def normalized(self) -> str:
        """The query as it was understood: `посол Кувейт OR Катар -Индия нефт*`."""
        parts = [" OR ".join(t.word for t in clause) for clause in self.must]
        return " ".join(parts + ["-" + t.word for t in self.must_not])


@dataclass(frozen=True)
class Query:
    text: str = ""
    country: tuple[str, ...] = ()
    official: tuple[str, ...] = ()
    org: tuple[str, ...] = ()
    # Facets whose ticked values must all be in an event («Кувейт и Саудовская Аравия»); else any of them.
    all_of: tuple[str, ...] = ()
    date_from: date | None = None
    date_to: date | None = None
    sort: str = "relevance"
    page: int = 1
    per_page: int = 20

    def __post_init__(self) -> None:
        if self.sort not in SORTS:
            raise InvalidQuery(f"Неизвестная сортировка «{self.sort}»: допустимо {', '.join(SORTS)}.")
        if not 1 <= self.per_page <= MAX_PER_PAGE:
            raise InvalidQuery(f"Неверный размер страницы «{self.per_page}»: от 1, не больше {MAX_PER_PAGE}.")
        if self.page < 1:
            raise InvalidQuery(f"Неверный номер страницы «{self.page}»: ожидается целое число от 1.")
        if self.page * self.per_page > MAX_WINDOW:
            raise InvalidQuery(f"Страницы {self.page} нет: страницы показывают первые 10 000 событий — "
                               f"уточните запрос или выгрузите все результаты (CSV).")
        if self.date_from and self.date_to and self.date_from > self.date_to:
            raise InvalidQuery("Дата «с» позже даты «по».")
        for facet in self.all_of:
            if facet not in FACETS:
                raise InvalidQuery(f"Неизвестный фильтр «{facet}» в «all»: допустимо {', '.join(FACETS)}.")
        for facet in FACETS:
            if len(getattr(self, facet)) > MAX_VALUES:
                raise InvalidQuery(f"Слишком много значений фильтра «{facet}» (не больше {MAX_VALUES}).")

    def filters(self) -> dict[str, tuple[str, ...]]:
        """Selected facet values, by facet name (empty facets left out)."""
        return {f: getattr(self, f) for f in FACETS if getattr(self, f)}

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.per_page
