import pytest

from indexer.analysis.orgs import canonical_org


@pytest.mark.parametrize(
    "span, name",
    [
        ("Министерства иностранных дел", "МИД Казахстана"),
        ("МИД", "МИД Казахстана"),
        ("МИД РК", "МИД Казахстана"),
        ("Министерством иностранных дел Республики Казахстан", "МИД Казахстана"),
        ("МИД Турции", "МИД Турции"),
        ("Министерства иностранных дел Королевства Иордания", "МИД Иордании"),
        ("Министерством иностранных дел Южно-Африканской Республики", "МИД Южно-Африканской Республики"),
        ("МИД КНР", "МИД Китая"),
        ("МИД США", "МИД США"),
        ("Африканском союзе", "Африканский союз"),
        ("Африканского союза (АС)", "Африканский союз"),
        ("Kuwait Oil Company", "Kuwait Oil Company"),
        ("Вице-председателя Сената", "Сенат"),
        ("Институтом перспектив и безопасности Европы (IPSE)", "Институт перспектив и безопасности Европы"),
        ("Европейским союзом", "ЕС"),
        ("Шанхайской организации сотрудничества", "ШОС"),
        # legal forms, one spelling, organs, long ministry names, the text's own genitive
        ("АО «НАК «Казатомпром»", "Казатомпром"),
        ("АО «НК «Казахстан темир жолы»", "Қазақстан темір жолы"),
        ("Казмунайгаза", "КазМунайГаз"),
        ("НПП «Атамекен»", "Атамекен"),
        ("Секретариата ШОС", "ШОС"),
        ("Постоянного совета ОБСЕ", "ОБСЕ"),
        ("Исполнительного комитета СНГ", "СНГ"),
        ("ООН по промышленному развитию", "ООН"),
        ("Министерства иностранных дел и торговли Венгрии", "МИД Венгрии"),
        ("Федерального министерства иностранных дел Австрии", "МИД Австрии"),
        ("МИД Бангладеш", "МИД Бангладеш"),
        ("МИД Филиппин", "МИД Филиппин"),
        ("Департамента здравоохранения Австралии", "Департамент здравоохранения Австралии"),
        ("Европейского парламента", "ЕС"),
    ],
)
def test_orgs_are_canonical(span, name):
    assert canonical_org(span) == name


def test_a_foreign_ministry_is_never_kazakhstans():
    names = {canonical_org(s) for s in ("МИД Швеции", "МИД Индии", "Министерства иностранных дел Вьетнама", "МИД")}
    assert names == {"МИД Швеции", "МИД Индии", "МИД Вьетнама", "МИД Казахстана"}


@pytest.mark.parametrize("span", ["Межправительственной комиссии", "Рабочей группы", "Комиссия", "Секретариат",
                                  "Департамента Азии и Африки", "торговой палаты Дубая", "Юго-Восточной Азии",
                                  "Казахстанская делегация"])
def test_generic_organs_descriptions_and_regions_are_no_organizations(span):
    assert canonical_org(span) is None


def test_organizations_of_the_table_are_found_even_when_natasha_misses_them(analyzer):
    from indexer.analysis.officials import NameBook
    from indexer.release import parse_release

    data = (" date 2026-04-08 Встречи\nАстана. 7 апреля. KT - Лид.\n"
            "Депутат Мажилиса Ержан Касенов обсудил в Аддис-Абебе сотрудничество Казахстана с Африканским "
            "союзом и посетил Институт истории имени Мелеса Зенауи.\n").encode()
    _, docs = analyzer.analyze(parse_release(data, "a")).documents(NameBook())
    orgs = docs[0]["orgs"]
    assert "Мажилис" in orgs and "Африканский союз" in orgs
    assert orgs.index("Мажилис") < orgs.index("Африканский союз")


@pytest.mark.parametrize(
    "span, name",
    [
        # a foreign ministry by any long name: department, secretariat, «иностранных и … дел»
        ("Федерального департамента иностранных дел Австрии", "МИД Австрии"),
        ("Секретариатом иностранных дел Перу", "МИД Перу"),
        ("Министерства иностранных и европейских дел Хорватии", "МИД Хорватии"),
        ("Министерство иностранных дел, торговли и развития Канады", "МИД Канады"),
        # a Cyrillic abbreviation given in parentheses is the name; a Latin one is a company's own
        ("Организации по безопасности полетов (ОБП)", "ОБП"),
        ("Международного союза электросвязи (МСЭ)", "МСЭ"),
        ("Банка развития Азии (BDA)", "Банк развития Азии"),
        # a name in quotes and a name written in mixed case stay as written
        ("АО «Морские терминалы Грузии»", "Морские терминалы Грузии"),
        ("ТОО «КазАзотПром»", "КазАзотПром"),
        ("ТюрКСОЙ", "ТюрКСОЙ"),
        # a body our table knows as Kazakhstan's, followed by a country, is that country's
        ("Сената Чехии", "Сенат Чехии"),
        ("Сената", "Сенат"),
    ],
)
def test_long_names_abbreviations_and_quoted_names(span, name):
    assert canonical_org(span) == name


@pytest.mark.parametrize("span", ["АЭС «Аккую»", "ГЭС «Рогун»"])
def test_plants_are_places_not_organizations(span):
    assert canonical_org(span) is None


@pytest.mark.parametrize("span, name", [
    ("Гейдельбергского университета", "Гейдельбергский университет"),
    ("Кембриджского университета", "Кембриджский университет"),
    ("Гумбольдта университетом", "Гумбольдт университет"),  # a name before the noun is no adjective
    ("Газпрома", "Газпром"),  # a lone word is the head noun
    ("Лукойлом", "Лукойл"),
])
def test_the_head_noun_in_the_nominative_and_a_name_before_it_as_it_is(span, name):
    assert canonical_org(span) == name


@pytest.mark.parametrize("span", [
    "Президиума", "Коллегией",  # organs named by what they are
    "Департамента стран Ближнего Востока и СНГ",  # a ministry's department, not the organization
    "Карагандинского металлургического комбината", "Тенгизского месторождения",  # places of work
    "Межправительственной рабочей группы Казахстан – Вьетнам",  # an organ named by the states it joins
    "Центральная Азия – Европейский союз", "Казахстан + Европа",  # dialogue formats
])
def test_organs_departments_facilities_and_formats_are_no_organizations(span):
    assert canonical_org(span) is None


def test_a_state_bodys_own_country_still_names_it():
    assert canonical_org("Совета по инвестициям Египта") == "Совет по инвестициям Египта"
