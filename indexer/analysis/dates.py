"""The event's own date: an explicit date in the paragraph, else the release's dateline date."""
from __future__ import annotations

import re
from datetime import date, timedelta

from indexer.release import MONTHS

_DATE = re.compile(
    r"(?<![\d.])(?P<day>\d{1,2})(?:\s*[-–—]\s*\d{1,2})?\s+(?P<month>" + "|".join(MONTHS) + r")"
    r"(?:\s+(?P<year>\d{4})\s*(?:года|г\.)?)?",
    re.I,
)
# A date that names an occasion or a deadline, not when the event took place.
_NOT_EVENT_BEFORE = re.compile(
    r"(учрежд\w*|объявлен\w*|провозглаш\w*|отмеча\w*|празднуем\w*|\bдо|\bк|\bко|\bпосле|\bначиная с|\bс|годовщин\w*)\s*$",
    re.I,
)
_NOT_EVENT_AFTER = re.compile(r"^\s*(\d{4}\s*(года|г\.)?\s*)?[-–—]?\s*(Всемирн|Международн|День|Дня|Днем|Днём)", re.I)
# Events are reported soon after they happen; a yearless date far after the release is last year's.
_MAX_AHEAD = timedelta(days=60)


def event_date(text: str, release_date: date, fallback: date | None) -> date:
    for m in _DATE.finditer(text):
        if _NOT_EVENT_BEFORE.search(text[max(0, m.start() - 25) : m.start()]):
            continue
        if _NOT_EVENT_AFTER.match(text[m.end() : m.end() + 30]):
            continue
        day, month = int(m.group("day")), MONTHS[m.group("month").lower()]
        year = int(m.group("year")) if m.group("year") else release_date.year
        try:
            found = date(year, month, day)
        except ValueError:
            continue
        if not m.group("year") and found > release_date + _MAX_AHEAD:
            found = found.replace(year=year - 1)
        return found
    return fallback or release_date
