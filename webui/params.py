"""Request arguments → `Query`, the same for the page, the API and the CSV export.

Every problem a user can fix becomes `BadParameter` with a Russian message (→ 400).
"""
from __future__ import annotations

from datetime import date

from indexer.search.query import MAX_PER_PAGE, SORTS, InvalidQuery, Query

MAX_Q = 1_000
MAX_VALUES = 20
SORT_LABELS = {"relevance": "по релевантности", "date_desc": "сначала новые", "date_asc": "сначала старые"}


class BadParameter(ValueError):
    pass


def query_from_args(args, *, per_page_default: int = 20) -> Query:
    q = args.get("q", "")
    if len(q) > MAX_Q:
        q = q[:MAX_Q]
    sort = args.get("sort") or ("relevance" if q.strip() else "date_desc")
    if sort not in SORTS:
        raise BadParameter(f"Неизвестная сортировка «{sort}»: допустимо {', '.join(SORTS)}.")
    try:
        return Query(
            text=q,
            country=_values(args, "country", upper=True),
            official=_values(args, "official"),
            org=_values(args, "org"),
            date_from=_date(args, "date_from"),
            date_to=_date(args, "date_to"),
            sort=sort,
            page=_int(args, "page", 1, "номер страницы"),
            per_page=_int(args, "per_page", per_page_default, "размер страницы", high=MAX_PER_PAGE),
        )
    except InvalidQuery as e:
        msg = str(e)
        if "date_from is after" in msg:
            raise BadParameter("Дата «с» позже даты «по».") from None
        raise BadParameter(msg) from None


def _values(args, name: str, upper: bool = False) -> tuple[str, ...]:
    values = []
    for v in args.getlist(name):
        v = v.strip()[:200]
        if v:
            v = v.upper() if upper else v
            if v not in values:
                values.append(v)
    if len(values) > MAX_VALUES:
        raise BadParameter(f"Слишком много значений фильтра «{name}» (не больше {MAX_VALUES}).")
    return tuple(values)


def _date(args, name: str) -> date | None:
    raw = (args.get(name) or "").strip()
    if not raw:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise BadParameter(f"Неверная дата в «{name}»: ожидается ГГГГ-ММ-ДД, получено «{raw[:40]}».") from None


def _int(args, name: str, default: int, what: str, high: int | None = None) -> int:
    raw = (args.get(name) or "").strip()
    if not raw:
        return default
    if not raw.isdigit() or int(raw) < 1 or len(raw) > 9:
        raise BadParameter(f"Неверный {what} «{raw[:40]}»: ожидается целое число от 1.")
    value = int(raw)
    if high is not None and value > high:
        raise BadParameter(f"Неверный {what} «{value}»: не больше {high}.")
    return value


def check_page(query: Query, total: int) -> None:
    last = max(1, -(-total // query.per_page))
    if query.page > last:
        raise BadParameter(f"Страницы {query.page} нет: всего страниц {last}.")
