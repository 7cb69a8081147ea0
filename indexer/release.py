"""A release file → `Release`: header, photo credit, dateline lead, body paragraphs.

Format: ` date YYYY-MM-DD Title`, `Фото: …`, `Город. D месяца. AGENCY - lead…`, paragraphs.
Anything that is not such a file raises `ReleaseError` with a one-line reason.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from indexer.decode import DecodeError, check_russian, decode

MAX_LINE = 20_000
# Releases are published after the fact: a header date further ahead than a time-zone slip
# or a scheduled publication is a typo («2999»); Kazakhstan's diplomacy starts in 1991.
MAX_AHEAD = timedelta(days=7)
EARLIEST = date(1991, 1, 1)
MONTHS = {
    "января": 1, "февраля": 2, "марта": 3, "апреля": 4, "мая": 5, "июня": 6,
    "июля": 7, "августа": 8, "сентября": 9, "октября": 10, "ноября": 11, "декабря": 12,
}
_HEADER = re.compile(r"^\s*date\s+(\S+)\s*(.*)$")
_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_CREDIT = re.compile(r"^\s*(Фото|Фотография|Photo|Источник фото)\s*(:|[-–—]\s)\s*", re.I)  # «Фото: …», «Фото – …»
# A line giving the release's address on the publisher's site: «Источник: https://…», or the address alone.
# Only http(s): the address becomes a link on the release page.
_SOURCE_URL = re.compile(
    r"^(?:(?:источник|оригинал|ссылка|подробнее|источник информации)\s*:?\s*)?(?P<url>https?://[^\s<>\"']+)\s*$", re.I)
_DATELINE = re.compile(
    r"^(?P<city>[A-ZА-ЯЁ][^.\n]{0,40}?)\.\s+(?P<day>\d{1,2})\s+(?P<month>[а-яё]+)\.?\s+"
    r"(?P<agency>[^\n]{2,60}?)\s+[-–—]\s+(?P<text>.+)$"
)


class ReleaseError(ValueError):
    """A file that is not a release; str() is one line: «name: reason»."""

    def __init__(self, source: str, reason: str):
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason


@dataclass
class Release:
    release_id: str
    source: str
    date: date  # the header date
    title: str
    credit: str | None
    dateline: str | None  # «Астана. 17 февраля. KAZAKHSTAN TODAY»
    dateline_date: date | None
    lead: str | None  # the lead text after the dateline
    paragraphs: list[str] = field(default_factory=list)  # body, before event splitting
    original_url: str | None = None  # the publisher's address of the release, when a line gives it


def read_release(path: str | Path) -> Release:
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as e:
        raise ReleaseError(str(path), f"cannot read ({e.strerror})") from None
    return parse_release(data, str(path))


def parse_release(data: bytes, source: str, today: date | None = None) -> Release:
    if not data.strip():
        raise ReleaseError(source, "empty file")
    try:
        text = decode(data, require_russian=False)
    except DecodeError as e:
        raise ReleaseError(source, str(e)) from None
    lines = text.split("\n")
    for i, line in enumerate(lines, 1):
        if len(line) > MAX_LINE:
            raise ReleaseError(source, f"line {i} is too long ({len(line)} characters)")
    lines = [ln.strip() for ln in lines if ln.strip()]
    if not lines:
        raise ReleaseError(source, "empty file")
    header = _HEADER.match(lines[0])
    if not header:
        raise ReleaseError(source, "no header line ' date YYYY-MM-DD Title'")
    day = _parse_iso(source, header.group(1))
    if day > (today or date.today()) + MAX_AHEAD:
        raise ReleaseError(source, f"header date {day.isoformat()} is in the future")
    if day < EARLIEST:
        raise ReleaseError(source, f"header date {day.isoformat()} is before {EARLIEST.year}")
    title = header.group(2).strip()
    if not title:
        raise ReleaseError(source, "header has no title")
    try:
        check_russian(text)
    except DecodeError as e:
        raise ReleaseError(source, str(e)) from None

    credit = url = None
    body: list[str] = []
    for line in lines[1:]:
        if m := _CREDIT.match(line):
            credit = credit or line[m.end():].strip()
        elif m := _SOURCE_URL.match(line):
            url = url or m.group("url")
        else:
            body.append(line)
    dateline = dateline_date = lead = None
    if len(body) > 1 and len(body[0]) < 150 and not _is_dateline(body[0]) and _is_dateline(body[1]):
        # Line 2 is the picture credit whatever its wording («Коллаж: …», «Иллюстративное фото»).
        credit, body = credit or body[0].strip(), body[1:]
    if body and _is_dateline(body[0]):
        m = _DATELINE.match(body[0])
        dateline = f"{m.group('city')}. {m.group('day')} {m.group('month')}. {m.group('agency')}"
        dateline_date = _dateline_date(day, int(m.group("day")), MONTHS[m.group("month").lower()])
        lead = m.group("text").strip()
        body = body[1:]
    if not body:
        raise ReleaseError(source, "no event paragraphs after the lead")
    identity = "\n".join([day.isoformat(), title, lead or body[0]])
    release_id = hashlib.sha1(identity.encode("utf-8")).hexdigest()[:12]
    return Release(release_id, source, day, title, credit, dateline, dateline_date, lead, body, url)


def _parse_iso(source: str, value: str) -> date:
    m = _ISO.match(value)
    if not m:
        raise ReleaseError(source, f"header date {value[:20]!r} is not YYYY-MM-DD")
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        raise ReleaseError(source, f"impossible date {value}") from None


def _is_dateline(line: str) -> bool:
    m = _DATELINE.match(line)
    return bool(m) and m.group("month").lower() in MONTHS


def _dateline_date(header: date, day: int, month: int) -> date | None:
    """The dateline's day in the header's year (the year before for a December dateline in January)."""
    year = header.year - 1 if month > header.month + 6 else header.year
    try:
        return date(year, month, day)
    except ValueError:
        return None
