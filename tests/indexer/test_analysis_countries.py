import pytest

from eventstore.countries import label
from indexer.analysis.countries import find_countries


@pytest.mark.parametrize(
    "text, codes",
    [
        ("посол Казахстана в Южно-Африканской Республике", ["ZA"]),
        ("послание президента ЮАР", ["ZA"]),
        ("встреча в Кувейте и обсуждение с Кувейтом", ["KW"]),
        ("вопросы казахско-индийского взаимодействия", ["IN"]),
        ("ознакомила словацких предпринимателей", ["SK"]),
        ("шведская делегация", ["SE"]),
        ("посетил город Кейптаун", ["ZA"]),
        ("генконсульство в Шанхае", ["CN"]),
        ("саммит в Аддис-Абебе", ["ET"]),
        ("в Объединённых Арабских Эмиратах", ["AE"]),
        ("в Объединенных Арабских Эмиратах", ["AE"]),
        ("посольство Турции в Малайзии", ["TR", "MY"]),
        ("в Соединённом Королевстве и США", ["GB", "US"]),
    ],
)
def test_names_cases_adjectives_and_cities(text, codes):
    assert find_countries(text) == codes


def test_kazakhstan_is_never_a_value():
    assert find_countries("Казахстан, Республика Казахстан, казахстанского рынка, в Казахстане") == []


def test_regions_unions_and_lowercase_homonyms_are_not_countries():
    assert find_countries("Центральной Азии, Европы, ЕС, Африканского союза; того же") == []
    assert find_countries("говорил на английском языке") == []


def test_person_spans_are_skipped():
    text = "встретился с Софией Петровой"
    assert find_countries(text) == ["BG"]  # the capital of Bulgaria, unless we know it is a name
    assert find_countries(text, [(13, len(text))]) == []


def test_labels_come_from_cldr_in_russian():
    assert label("IN") == "Индия"
    assert label("ZA") == "Южно-Африканская Республика"


def test_host_cities_and_ports_in_oblique_forms_count():
    assert find_countries("Форум прошел в Тяньцзине при участии министров.") == ["CN"]
    assert find_countries("Контейнерный терминал в порту Гданьск принял первый поезд.") == ["PL"]


def test_parts_of_other_states_and_mfa_departments_are_not_countries():
    assert find_countries("Соединенного Королевства Великобритании и Северной Ирландии") == ["GB"]
    assert find_countries("Директор департамента стран Азии МИД провел брифинг.") == []


def test_each_part_of_a_compound_adjective_is_a_country():
    assert find_countries("На российско-китайской границе открыт новый пункт пропуска.") == ["RU", "CN"]


def test_regions_seas_and_oceans_named_after_a_country_word_are_not_countries():
    assert find_countries("Обсуждались связи с государствами Северной Америки и Карибского бассейна.") == []
    assert find_countries("Судно вышло в Индийский океан, затем в Аравийское море.") == []
    assert find_countries("Визит в Индию открыл маршрут через Индийский океан.") == ["IN"]


def test_cities_along_a_route_name_their_countries():
    assert find_countries("Грузы пойдут по линии Нукус – Герат – Кветта.") == ["UZ", "AF", "PK"]
    assert find_countries("Паром из Бендер-Энзели прибыл в Курык.") == ["IR"]


def test_a_port_named_by_two_joined_city_names_counts():
    assert find_countries("Первый состав прибыл в порт Антверпен-Брюгге.") == ["BE"]
    assert find_countries("Груз отправлен через порт Гданьск-Гдыня.") == ["PL"]
    assert find_countries("В Усть-Каменогорске прошла выставка.") == []


def test_the_un_headquarters_city_names_its_country():
    assert find_countries("Сессия Генеральной Ассамблеи ООН прошла в Нью-Йорке.") == ["US"]
    assert find_countries("Делегация прибыла в Нью-Йорк на заседание Совета Безопасности.") == ["US"]
