"""Request arguments → `Query`, the same for every page and its JSON and CSV twins.

Only formats are read here (numbers, dates, repeated values); whether the values make a
valid search is `Query`'s business, and both kinds of problem become `BadParameter` (400).
"""
from __future__ import annotations

from datetime import date

from eventstore.query import InvalidQuery, Query
from eventstore.query.parse import MAX_CHARS
from eventstore.schema import FACETS

# Every parameter a search URL may carry, in the order links write them.
NAMES = ("q", *FACETS, "date_from", "date_to", "sort", "per_page", "page")


class BadParameter(ValueError):
    pass


def query_from_args(args, *, per_page_default: int = 20) -> Query:
    q = args.get("q", "")[:MAX_CHARS]
    try:
        return Query(
            text=q,
            **{facet: _values(args, facet, upper=(facet == "country")) for facet in FACETS},
            date_from=_date(args, "date_from"),
            date_to=_date(args, "date_to"),
            sort=args.get("sort") or ("relevance" if q.strip() else "date_desc"),
            page=_int(args, "page", 1, "номер страницы"),
            per_page=_int(args, "per_page", per_page_default, "размер страницы"),
        )
    except InvalidQuery as e:
        raise BadParameter(str(e)) from None


def _values(args, name: str, upper: bool = False) -> tuple[str, ...]:
    values = []
    for v in args.getlist(name):
        v = v.strip()[:200]
        if v:
            v = v.upper() if upper else v
            if v not in values:
                values.append(v)
    return tuple(values)


def _date(args, name: str) -> date | None:
    raw = (args.get(name) or "").strip()
    if not raw:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise BadParameter(f"Неверная дата в «{name}»: ожидается ГГГГ-ММ-ДД, получено «{raw[:40]}».") from None


def _int(args, name: str, default: int, what: str) -> int:
    raw = (args.get(name) or "").strip()
    if not raw:
        return default
    if not raw.isdigit() or int(raw) < 1 or len(raw) > 9:
        raise BadParameter(f"Неверный {what} «{raw[:40]}»: ожидается целое число от 1.")
    return int(raw)


def check_page(query: Query, total: int) -> None:
    last = max(1, -(-total // query.per_page))
    if query.page > last:
        raise BadParameter(f"Страницы {query.page} нет: всего страниц {last}.")
SORT_LABELS = {"relevance": "по релевантности", "date_desc": "сначала новые", "date_asc": "сначала старые"}
