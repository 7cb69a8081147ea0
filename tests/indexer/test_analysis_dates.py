from datetime import date

from indexer.analysis.dates import event_date

RELEASE, DATELINE = date(2026, 2, 18), date(2026, 2, 17)


def test_no_date_in_text_means_the_dateline_date():
    assert event_date("Посол провел встречу.", RELEASE, DATELINE) == DATELINE


def test_range_gives_its_first_day_and_the_texts_year_wins():
    assert event_date("саммит, состоявшийся в Аддис-Абебе 14-15 февраля 2025 года", RELEASE, DATELINE) == date(2025, 2, 14)


def test_yearless_date_takes_the_release_year_or_the_year_before():
    assert event_date("3 февраля в Абудже прошли консультации", RELEASE, DATELINE) == date(2026, 2, 3)
    assert event_date("28 декабря прошла встреча", RELEASE, DATELINE) == date(2025, 12, 28)


def test_commemorative_dates_and_deadlines_are_not_event_dates():
    text = "мероприятие, посвященное учреждению 15 декабря Всемирным днем тюркских языков"
    assert event_date(text, RELEASE, DATELINE) == DATELINE
    assert event_date("подготовка к 1 марта", RELEASE, DATELINE) == DATELINE
