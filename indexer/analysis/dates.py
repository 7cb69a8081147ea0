"""The event's own date: the first date in the text that says when it happened, else the dateline's.

A release reports what already happened, so a date is the event's only if it is not a plan
(ahead of the dateline, «намеченный на»), not a deadline or an occasion («до 1 марта», «День …»)
and not the date of another thing mentioned («соглашение, подписанное 2 апреля»). Relative
words («накануне», «вчера», «сегодня») and weekdays («в минувшую пятницу»: the last one before)
count from the dateline; «днем ранее», «в тот же день», «на следующий день» from the event told
just before.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from eventstore.text import parses
from indexer.release import MONTHS

_MONTH = "(?:" + "|".join(MONTHS) + ")"
# «14 февраля», «14-15 февраля 2025 года», «с 8 по 11 апреля», «с 30 октября по 2 ноября»,
# «30 октября – 2 ноября»: the first day (and its month: the range's own, or the one after the range).
_DATE = re.compile(
    r"(?<![\d.])(?:(?P<from>с|со)\s+)?(?P<day>\d{1,2})(?:-?(?:го|е|ого))?"
    r"(?:\s+(?P<month1>" + _MONTH + r"))?"
    r"(?P<to>\s*(?:[-–—]|по|до|и)\s*\d{1,2}(?=\s+" + _MONTH + r"))?"
    r"\s+(?P<month>" + _MONTH + r")(?:\s+(?P<year>\d{4})\s*(?:года|г\.)?)?",
    re.I,
)
_RELATIVE = re.compile(r"(?<![\w-])(?P<word>накануне|вчера|сегодня|позавчера)(?![\w-])", re.I)
_RELATIVE_DAYS = {"накануне": -1, "вчера": -1, "сегодня": 0, "позавчера": -2}
# «в четверг», «в минувшую пятницу», «во вторник»; «в следующий вторник» is a plan.
_WEEKDAYS = {"понедельник": 0, "вторник": 1, "среду": 2, "четверг": 3, "пятницу": 4, "субботу": 5, "воскресенье": 6}
_WEEKDAY = re.compile(
    r"(?<![\w-])во?\s+(?:(?P<which>минувш\w+|прошл\w+|прошедш\w+|эт\w+|следующ\w+|предстоящ\w+|ближайш\w+|будущ\w+)\s+)?"
    r"(?P<day>" + "|".join(_WEEKDAYS) + r")(?![\w-])",
    re.I,
)
_PLANNED_AFTER = re.compile(r"^[^.;]{0,40}?\b(состоится|пройд[её]т|начн[её]тся|планиру\w*|намечен\w*|будет|будут|ожида\w*)\b", re.I)
# Days after the event told just before (or the dateline, for a release's first event).
_CHAINED = re.compile(
    r"(?<![\w-])(?P<cue>дн[её]м\s+ранее|за\s+день\s+до\s+этого|в\s+(?:тот|этот)\s+же\s+день|тем\s+же\s+дн[её]м"
    r"|на\s+следующий\s+день|на\s+другой\s+день|дн[её]м\s+позже|днем\s+позднее|днём\s+позднее)(?![\w-])",
    re.I,
)


def _chained_days(cue: str) -> int:
    cue = cue.lower().replace("ё", "е")
    if "ранее" in cue or "до этого" in cue:
        return -1
    return 0 if "же" in cue else 1
# Words right before a date that make it a deadline, an occasion or a plan, not the event's day.
_NOT_EVENT_BEFORE = re.compile(
    r"(учрежд\w*|объявлен\w*|провозглаш\w*|отмеча\w*|празднуем\w*|\bдо|\bк|\bко|\bпосле|\bначиная с"
    r"|годовщин\w*|\bна|\bот|намечен\w*|запланирован\w*|назначен\w*|предстоящ\w*|планиру\w*|перенесен\w*"
    r"|ожида\w*|пройд[её]т|состоится|начн[её]тся)\s*$",
    re.I,
)
_NOT_EVENT_AFTER = re.compile(r"^\s*(\d{4}\s*(года|г\.)?\s*)?[-–—]?\s*(Всемирн|Международн|День|Дня|Днем|Днём)", re.I)
# Participles that date another thing: a document «одобренный 2 апреля», a treaty «подписанное в 1997 году».
_OTHER_THING = {
    "одобрить", "принять", "подписать", "утвердить", "учредить", "создать", "основать", "ратифицировать",
    "заключить", "опубликовать", "издать", "внести", "вступить", "зарегистрировать", "открыть", "назначить",
    "избрать", "родиться", "объявить", "запустить", "построить", "установить",
}
# An occasion looked back on («подвели итоги саммита, состоявшегося 31 августа», «реализация решений
# форума, прошедшего …»): its date is not the event's. Taking part in it, representing the country at it
# or chairing it is the event, dated by the participle («на заседании, прошедшем 16 мая, представлял …»).
_OTHER_OCCASION = re.compile(r"(состоявш|прошедш|проведенн|завершивш)(его|ему|им|ем|ей|ую|их|ими)(ся)?")
_LOOKED_BACK = re.compile(r"итог|решени|договоренност|реализаци|выполнени|результат|развити|поручени", re.I)
# A dated event may come this far after the release's dateline (time zones, late datelines).
_SLACK = timedelta(days=1)


@dataclass(frozen=True)
class Found:
    at: int  # character offset in the text
    day: date
    stop: int = 0  # where the date's words end
    rule: str = "date:text"  # "date:relative", "date:weekday", "date:chained"; "date:dateline", "date:release"
    # when the text has none


def event_date(text: str, release_date: date, fallback: date | None, previous: date | None = None) -> date:
    """The event's date; `fallback` (the dateline's) when the text gives none of its own; `previous`:
    the date of the event told just before, which «днем ранее» and «в тот же день» count from."""
    return date_found(text, release_date, fallback, previous).day


def date_found(text: str, release_date: date, fallback: date | None, previous: date | None = None) -> Found:
    """`event_date` with the words it was read from (an empty span when it came from the header)."""
    today = fallback or release_date
    candidates = [*_explicit(text, today), *_relative(text, today), *_weekdays(text, today),
                  *_chained(text, previous or today)]
    candidates.sort(key=lambda f: f.at)
    return candidates[0] if candidates else Found(0, today, 0, "date:dateline" if fallback else "date:release")


def _explicit(text: str, today: date):
    for m in _DATE.finditer(text):
        before = text[max(0, m.start() - 30) : m.start()]
        if m.group("from") and not m.group("to"):
            continue  # «с 1 января»: from when something applies
        if not m.group("from") and _NOT_EVENT_BEFORE.search(before):
            continue
        if _NOT_EVENT_AFTER.match(text[m.end() : m.end() + 30]) or _of_other_thing(text[max(0, m.start() - 60) : m.start()]):
            continue
        month = MONTHS[(m.group("month1") or m.group("month")).lower()]
        day = _dated(int(m.group("day")), month, m.group("year"), today)
        if day is not None and day - today <= _SLACK:
            yield Found(m.start(), day, m.start() + len(m.group().rstrip()))


def _dated(day: int, month: int, year: str | None, today: date) -> date | None:
    """The date itself; without a year, the one nearest to the dateline (a January release's
    «30 декабря» is last year's, its «3 марта» this year's, so a plan)."""
    try:
        if year:
            return date(int(year), month, day)
        options = []
        for y in (today.year - 1, today.year, today.year + 1):
            if 1 <= y <= 9999:
                try:
                    options.append(date(y, month, day))
                except ValueError:
                    pass  # 29 февраля
        return min(options, key=lambda d: abs((d - today).days)) if options else None
    except ValueError:
        return None


def _of_other_thing(before: str) -> bool:
    """A participle of making a document or a body just before the date («принятым 14 февраля»), maybe
    with its agent between («одобренном парламентом Казахстана 18 декабря»)."""
    clause = re.split(r"[,;:()]", before)[-1]
    words = re.findall(r"[а-яё]+", clause.lower())[-4:]
    if words and _OTHER_OCCASION.fullmatch(words[-1].replace("ё", "е")):
        # In an oblique case only: «саммит, состоявшийся 14 февраля» is the event told.
        return bool(_LOOKED_BACK.search(re.split(r"[.!?]\s", before)[-1]))
    for w in reversed(words):
        for p in parses(w)[:2]:
            if p.tag.POS in ("PRTF", "PRTS", "VERB") and p.normal_form and _verb_lemma(p) in _OTHER_THING:
                return True
    return False


def _verb_lemma(parse) -> str:
    """The infinitive of a participle («одобренный» → «одобрить»)."""
    inf = parse.inflect({"INFN"})
    return (inf.word if inf else parse.normal_form).replace("ё", "е")


def _relative(text: str, today: date):
    for m in _RELATIVE.finditer(text):
        if m.group("word").lower() == "накануне" and _eve_of_something(text[m.end() : m.end() + 40]):
            continue  # «накануне визита»: the eve of that visit, not the day before the release
        try:
            yield Found(m.start(), today + timedelta(days=_RELATIVE_DAYS[m.group("word").lower()]), m.end(), "date:relative")
        except OverflowError:
            continue


def _weekdays(text: str, today: date):
    for m in _WEEKDAY.finditer(text):
        which = (m.group("which") or "").lower()
        if which.startswith(("следующ", "предстоящ", "ближайш", "будущ")) or _PLANNED_AFTER.match(text[m.end():]):
            continue  # a plan
        back = (today.weekday() - _WEEKDAYS[m.group("day").lower()]) % 7
        if back == 0 and which.startswith(("минувш", "прошл", "прошедш")):
            back = 7  # «в минувшую пятницу» of a Friday's release: a week ago
        try:
            yield Found(m.start(), today - timedelta(days=back), m.end(), "date:weekday")
        except OverflowError:
            continue


def _chained(text: str, previous: date):
    for m in _CHAINED.finditer(text):
        try:
            yield Found(m.start(), previous + timedelta(days=_chained_days(m.group("cue"))), m.end(), "date:chained")
        except OverflowError:
            continue


def _eve_of_something(after: str) -> bool:
    """«накануне визита / саммита / Дня независимости»: a genitive noun (phrase) follows."""
    words = re.findall(r"[а-яё]+|[,.;:]", after.lower())[:3]
    for w in words:
        if not w.isalpha():
            return False
        best = parses(w)[0]
        if best.tag.POS == "NOUN" and best.tag.case == "gent" and len(w) > 2:
            return True
        if best.tag.POS not in ("ADJF", "PRTF"):
            return False  # a preposition, a verb, an adverb: «накануне в Астане», «накануне состоялась»
    return False
