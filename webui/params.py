"""Request arguments → `Query`, the same for every page and its JSON, CSV and XLSX twins.

Only formats are read here (numbers, dates, repeated values, country names → codes); whether the
values make a valid search is `Query`'s business, and both kinds of problem become `BadParameter`
(400). A parameter the page does not know is a 400 too, naming the valid ones: `countries=KW`
silently returning everything would be worse than an error.
"""
from __future__ import annotations

from datetime import date
from difflib import get_close_matches

from eventstore.countries import code as country_code
from eventstore.query import InvalidQuery, Query
from eventstore.query.parse import MAX_CHARS
from eventstore.schema import FACETS

# Every parameter a search URL may carry, in the order links write them.
NAMES = ("q", *FACETS, "all", "date_from", "date_to", "sort", "per_page", "page")
EXPORT_NAMES = (*NAMES, "headers")  # headers=ru|en: column names of CSV/XLSX
FACET_NAMES = (*NAMES, "contains")  # the full list of one facet, filtered by a few letters
MAX_TEXT = 4 * MAX_CHARS  # kept for the parser to say it cut the rest
SORT_LABELS = {"relevance": "по релевантности", "date_desc": "сначала новые", "date_asc": "сначала старые"}


class BadParameter(ValueError):
    def __init__(self, message: str, name: str | None = None):
        super().__init__(message)
        self.name = name  # the parameter at fault, when there is one


def check_names(args, allowed=NAMES) -> None:
    unknown = [k for k in dict.fromkeys(args.keys()) if k not in allowed]
    if unknown:
        name = unknown[0]
        close = get_close_matches(name.lower(), allowed, n=1, cutoff=0.6)
        hint = f" Возможно, вы имели в виду «{close[0]}»." if close else ""
        raise BadParameter(f"Неизвестный параметр «{name[:40]}».{hint} Допустимые параметры: {', '.join(allowed)}.",
                           name)


def query_from_args(args, *, per_page_default: int = 20, allowed=NAMES) -> Query:
    check_names(args, allowed)
    q = args.get("q", "")[:MAX_TEXT]
    try:
        return Query(
            text=q,
            **{facet: _values(args, facet) for facet in FACETS},
            all_of=_values(args, "all"),
            date_from=_date(args, "date_from"),
            date_to=_date(args, "date_to"),
            sort=args.get("sort") or ("relevance" if q.strip() else "date_desc"),
            page=_int(args, "page", 1, "номер страницы"),
            per_page=_int(args, "per_page", per_page_default, "размер страницы"),
        )
    except InvalidQuery as e:
        name = "date_range" if "Дата «с»" in str(e) else None
        raise BadParameter(str(e), name) from None


def _values(args, name: str) -> tuple[str, ...]:
    values = []
    for v in args.getlist(name):
        v = v.strip()[:200]
        if v and name == "country":
            v = _country(v)
        if v and v not in values:
            values.append(v)
    return tuple(values)


def _country(value: str) -> str:
    """A code in any case or a country's name (`Кувейт`, `Kuwait`, `США`) → its ISO code."""
    found = country_code(value)
    if found is None:
        raise BadParameter(f"Неизвестная страна «{value[:40]}»: укажите код ISO (KW) или название "
                           "(Кувейт, Kuwait).", "country")
    return found


def _date(args, name: str) -> date | None:
    raw = (args.get(name) or "").strip()
    if not raw:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise BadParameter(f"Неверная дата в «{name}»: ожидается ГГГГ-ММ-ДД, получено «{raw[:40]}».", name) from None


def _int(args, name: str, default: int, what: str) -> int:
    raw = (args.get(name) or "").strip()
    if not raw:
        return default
    # ASCII digits only: str.isdigit() also accepts «²» and «①», which int() refuses.
    if not (raw.isascii() and raw.isdigit()) or len(raw) > 9 or int(raw) < 1:
        raise BadParameter(f"Неверный {what} «{raw[:40]}»: ожидается целое число от 1.", name)
    return int(raw)


def check_page(query: Query, total: int) -> None:
    last = max(1, -(-total // query.per_page))
    if query.page > last:
        raise BadParameter(f"Страницы {query.page} нет: всего страниц {last}.", "page")


def export_headers(args, default: str) -> str:
    value = (args.get("headers") or default).strip()
    if value not in ("ru", "en"):
        raise BadParameter(f"Неверное значение «headers»: ru (русские названия столбцов) или en, получено «{value[:20]}».",
                           "headers")
    return value
