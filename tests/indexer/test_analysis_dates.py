from datetime import date

import pytest

from indexer.analysis.dates import event_date

RELEASE, DATELINE = date(2026, 2, 18), date(2026, 2, 17)


def when(text, release=RELEASE, dateline=DATELINE):
    return event_date(text, release, dateline)


def test_no_date_in_text_means_the_dateline_date():
    assert when("Посол провел встречу.") == DATELINE


def test_range_gives_its_first_day_and_the_texts_year_wins():
    assert when("саммит, состоявшийся в Аддис-Абебе 14-15 февраля 2025 года") == date(2025, 2, 14)


@pytest.mark.parametrize("text, day", [
    ("В Дакаре 9–10 февраля прошел форум.", date(2026, 2, 9)),
    ("9 - 11 февраля делегация находилась в Лусаке.", date(2026, 2, 9)),
    ("С 4 по 6 февраля в Куала-Лумпуре работала выставка.", date(2026, 2, 4)),
    ("Со 2 по 5 февраля проходила неделя культуры.", date(2026, 2, 2)),
    ("с 29 января по 1 февраля в Каире прошел семинар", date(2026, 1, 29)),
    ("Форум, прошедший 30 января – 2 февраля, собрал экспертов.", date(2026, 1, 30)),
    ("12 и 13 февраля в Ханое прошли консультации.", date(2026, 2, 12)),
])
def test_every_written_form_of_a_range_gives_its_first_day(text, day):
    assert when(text) == day


def test_yearless_date_is_the_one_nearest_the_dateline():
    assert when("3 февраля в Абудже прошли консультации") == date(2026, 2, 3)
    assert when("28 декабря прошла встреча") == date(2025, 12, 28)
    january = date(2026, 1, 9)
    assert when("30 декабря посол вручил верительные грамоты.", january, january) == date(2025, 12, 30)


def test_commemorative_dates_and_deadlines_are_not_event_dates():
    text = "мероприятие, посвященное учреждению 15 декабря Всемирным днем тюркских языков"
    assert when(text) == DATELINE
    assert when("подготовка к 1 марта") == DATELINE
    assert when("С 1 января действует безвизовый режим.") == DATELINE


@pytest.mark.parametrize("text", [
    "Посол обсудил подготовку визита министра, намеченного на 3 марта.",
    "Стороны договорились провести следующий раунд 25 февраля в Бишкеке.",
    "Заседание комиссии состоится 12 марта 2026 года.",
    "Премьер-министр посетит Сеул 2 марта.",
])
def test_future_dates_are_plans_not_the_event_date(text):
    assert when(text) == DATELINE


@pytest.mark.parametrize("text", [
    "Стороны обсудили реализацию дорожной карты, утвержденной 5 февраля правительствами.",
    "Посол рассказал о законе, принятом 11 февраля парламентом.",
    "Обсуждалось соглашение от 9 февраля о торговле.",
])
def test_a_past_date_of_another_thing_is_not_the_event_date(text):
    assert when(text) == DATELINE


@pytest.mark.parametrize("text, day", [
    ("Накануне в Астане прошли консультации.", date(2026, 2, 16)),
    ("Вчера посол провел встречу.", date(2026, 2, 16)),
    ("Сегодня в Ташкенте открылся форум.", DATELINE),
    ("Посол накануне принял участие в приеме.", date(2026, 2, 16)),
])
def test_relative_days_count_from_the_dateline(text, day):
    assert when(text) == day


def test_the_eve_of_something_is_not_the_day_before():
    assert when("Накануне визита президента посол дал интервью.") == DATELINE


def test_extreme_years_do_not_crash():
    far = date(9999, 12, 30)
    assert when("31 декабря прошла встреча", far, far) == date(9999, 12, 31)
    assert when("Вчера прошла встреча", far, far) == date(9999, 12, 29)
    first = date(1, 1, 2)
    assert when("Накануне, 31 декабря, прошла встреча.", first, first) == date(1, 1, 1)


def test_a_documents_date_stays_its_own_with_the_agent_between():
    assert when("Посол рассказал о кодексе, принятом Сенатом Республики Казахстан 3 февраля.") == DATELINE
    assert when("Министр представил закон, подписанный Президентом 5 февраля, а 9 февраля провел брифинг.") == date(
        DATELINE.year, 2, 9)


# A Wednesday's dateline: 2025-10-15.
WEDNESDAY = date(2025, 10, 15)


@pytest.mark.parametrize("text, day", [
    ("Во вторник посол провел встречу с министром.", date(2025, 10, 14)),
    ("В прошлый понедельник делегация прибыла в Каир.", date(2025, 10, 13)),
    ("Как стало известно, в минувшее воскресенье консул посетил выставку.", date(2025, 10, 12)),
    ("В прошедшую субботу в Осло прошел прием.", date(2025, 10, 11)),
    ("В среду министр принял верительные грамоты.", WEDNESDAY),  # the dateline's own weekday: that day
    ("В минувшую среду министр принял посла.", date(2025, 10, 8)),  # «минувшую»: a week before
    ("В четверг в Вене открылась сессия.", date(2025, 10, 9)),  # the last Thursday before
])
def test_weekdays_are_the_last_such_day_up_to_the_dateline(text, day):
    assert event_date(text, WEDNESDAY, WEDNESDAY) == day


@pytest.mark.parametrize("text", [
    "В следующий вторник посол вручит копии верительных грамот.",
    "В пятницу состоится заседание межправкомиссии.",
    "В субботу в Дохе пройдет форум инвесторов.",
])
def test_a_weekday_of_a_plan_is_not_the_event_date(text):
    assert event_date(text, WEDNESDAY, WEDNESDAY) == WEDNESDAY


@pytest.mark.parametrize("text, day", [
    ("Днём ранее замминистра провел консультации в Риге.", date(2025, 10, 9)),
    ("В тот же день делегация встретилась с губернатором провинции.", date(2025, 10, 10)),
    ("На следующий день стороны подписали меморандум.", date(2025, 10, 11)),
    ("Тем же днем посол дал интервью местному телеканалу.", date(2025, 10, 10)),
])
def test_chained_words_count_from_the_event_told_before(text, day):
    assert event_date(text, WEDNESDAY, WEDNESDAY, previous=date(2025, 10, 10)) == day


def test_a_chained_word_in_a_releases_first_event_counts_from_the_dateline():
    assert event_date("Днем ранее посол встретился с мэром.", WEDNESDAY, WEDNESDAY) == date(2025, 10, 14)


def test_the_first_cue_in_the_text_wins():
    text = "12 октября посол посетил порт, а во вторник провел встречу в министерстве."
    assert event_date(text, WEDNESDAY, WEDNESDAY) == date(2025, 10, 12)


def test_an_occasion_dated_by_a_participle_is_another_things_date_unless_the_event_took_part_in_it():
    assert when("Министры обсудили итоги форума в Баку, прошедшего 9 февраля, и наметили новые шаги.") == DATELINE
    assert when("Стороны вернулись к решениям саммита, состоявшегося 3–4 февраля в Душанбе.") == DATELINE
    assert when("Посол принял участие в конференции, состоявшейся 12 февраля в Берлине.") == date(2026, 2, 12)
    assert when("12 февраля в Берлине состоялась конференция.") == date(2026, 2, 12)
    assert when("Казахстан на сессии комитета, прошедшей 10–11 февраля в Женеве, представлял посол.") == date(2026, 2, 10)
