from indexer.analysis.countries import find_countries
from indexer.split import is_boilerplate, split_events
from indexer.release import read_release


def test_seed_has_ten_events_with_the_cape_town_follow_up_merged(seed):
    events = split_events(read_release(seed).paragraphs, find_countries)
    assert len(events) == 10
    assert events[0].startswith("В частности, посол Казахстана в Южно-Африканской")
    assert "\nВ ходе беседы с премьер-министром провинции Западный Кейп" in events[0]
    assert events[4].startswith("Также на площадке посольства Турции в Малайзии")


def test_boilerplate_is_dropped():
    assert is_boilerplate("Подписывайтесь на наш Telegram-канал")
    assert is_boilerplate("Читайте также: Казахстан и Монголия обсудили транзит")
    assert is_boilerplate("Фото: пресс-служба МИД")
    assert not is_boilerplate("Посол Казахстана в Индии провел встречу с министром.")


def test_continuation_without_new_actor_merges_but_a_new_envoy_does_not():
    pars = [
        "Посол Казахстана в Катаре провел встречу с министром.",
        "В ходе встречи стороны обсудили инвестиции.",
        "Кроме того, посол Казахстана в Индии провел переговоры.",
        "Стороны также обсудили транзит через Афганистан.",
    ]
    events = split_events(pars, find_countries)
    assert events == [pars[0] + "\n" + pars[1], pars[2] + "\n" + pars[3]]


def test_weak_opener_with_a_new_country_starts_a_new_event():
    pars = ["Посол Казахстана в Катаре провел встречу.", "В рамках визита в Японию министр посетил Токио."]
    assert len(split_events(pars, find_countries)) == 2


def test_recaps_and_mid_text_photo_credits_are_not_events():
    pars = [
        "Посол Казахстана в Египте провел встречу с министром торговли.",
        "Фотография предоставлена пресс-службой посольства Казахстана в Египте",
        "Напомним, в прошлом месяце министры двух стран подписали меморандум о транзите.",
        "Как ранее сообщалось, Казахстан и Египет договорились о прямом авиасообщении.",
        "Ранее в МИД Казахстана сообщали о подготовке визита египетской делегации.",
        "Генеральный консул Казахстана в Дубае принял участие в выставке.",
    ]
    assert split_events(pars, find_countries) == [pars[0], pars[5]]


def test_a_paragraph_that_only_mentions_a_photo_is_still_an_event():
    par = "Фотовыставка о Казахстане открылась в Риме при участии посла Казахстана в Италии."
    assert not is_boilerplate(par)


def test_a_paragraph_framed_by_the_occasion_just_told_continues_it():
    pars = [
        "В Сеуле прошел форум министров транспорта, в котором участвовал вице-министр транспорта.",
        "На полях форума стороны подписали дорожную карту по контейнерным перевозкам.",
        "Посол Казахстана в Египте провел встречу с министром туризма.",
        "По окончании двусторонней встречи дипломат посетил выставку казахстанских ремесленников.",
        "Во время приема выступил также руководитель местной ассоциации предпринимателей.",
    ]
    assert split_events(pars, find_countries) == [pars[0] + "\n" + pars[1], "\n".join(pars[2:])]


def test_a_frame_by_a_name_or_a_year_is_not_a_continuation():
    pars = [
        "Посол Казахстана в Египте провел встречу с министром туризма.",
        "В рамках Года туризма посол Казахстана в Японии открыл фотовыставку.",
        "По итогам 2025 года товарооборот с Японией вырос на треть.",
    ]
    assert len(split_events(pars, find_countries)) == 3


def test_recaps_naming_their_source_are_not_events():
    for par in ("Ранее Kazinform.kz сообщал о подготовке визита министра в Каир.",
                "Как писала «Деловая неделя», в мае стороны подписали меморандум.",
                "Ранее агентство Trend передавало, что переговоры перенесены.",
                "Как отмечалось ранее, стороны готовят соглашение о транзите.",
                "Справочно: дипломатические отношения установлены в 1992 году."):
        assert is_boilerplate(par), par
    assert not is_boilerplate("Как отметил министр, переговоры прошли конструктивно.")


def test_a_remark_on_the_event_just_told_continues_it():
    pars = ["Посол Казахстана в Литве провел встречу с министром транспорта Литвы.",
            "Отметим, что в прошлом году грузооборот через порт Клайпеда вырос вдвое.",
            "Стоит отметить, что в марте министр посетил также Ригу и Таллин."]
    assert split_events(pars, find_countries) == ["\n".join(pars)]


def test_an_additive_opener_before_a_frame_continues_the_visit():
    pars = [
        "Министр энергетики провел в Каире переговоры с министром нефти Египта.",
        "Помимо этого, в ходе поездки министр осмотрел нефтеперерабатывающий завод в Александрии.",
        "Кроме того, во время визита делегация посетила Суэцкий канал.",
        "Кроме того, 3 мая посол Казахстана в Иордании вручил верительные грамоты.",
    ]
    events = split_events(pars, find_countries)
    assert events == ["\n".join(pars[:3]), pars[3]]


def test_an_envoy_to_the_country_of_the_visit_continues_it():
    pars = [
        "Делегация Kazakh Invest провела в Ханое встречи с вьетнамскими компаниями.",
        "В ходе поездки также подписано соглашение с компанией VinFast, а посол Казахстана во Вьетнаме "
        "представил проекты Туркестанской области.",
        "В ходе визита посол Казахстана в Таиланде провел встречу с министром торговли.",
    ]
    events = split_events(pars, find_countries)
    assert events == [pars[0] + "\n" + pars[1], pars[2]]


def test_calls_to_read_more_elsewhere_are_not_events():
    for par in ("Больше материалов о визите — на нашем портале и в Facebook.",
                "Еще больше новостей из регионов – в приложении агентства.",
                "Все новости МИД читайте в наших социальных сетях.",
                "Подробнее – на сайте посольства."):
        assert is_boilerplate(par), par
    assert not is_boilerplate("Больше всего внимания стороны уделили транзиту через Каспий.")


def test_a_quote_with_its_speaker_continues_the_event_whatever_it_names():
    pars = [
        "Посол Казахстана в Бразилии Айдар Сейтжанов встретился с министром сельского хозяйства Бразилии.",
        "«Бразилия и Аргентина видят в Казахстане ворота в Евразию», — подчеркнул бразильский министр.",
        "Генеральный консул Казахстана в Милане провел прием для итальянских предпринимателей.",
    ]
    assert len(split_events(pars, find_countries)) == 2


def test_a_quoted_name_opening_a_paragraph_is_no_quote():
    pars = ["Посол Казахстана в Перу вручил верительные грамоты.",
            "«Казавиаспас» и чилийская авиакомпания подписали соглашение о подготовке пилотов."]
    assert len(split_events(pars, find_countries)) == 2


def test_the_items_of_a_list_belong_to_the_paragraph_that_announced_it():
    pars = [
        "В ходе визита делегации Казахстана в Катар подписаны следующие документы:",
        "— соглашение с катарским фондом QIA о совместных инвестициях;",
        "— меморандум с компанией из Омана о строительстве терминала;",
        "1) протокол о сотрудничестве в области образования.",
        "Посол Казахстана в Египте принял участие в открытии выставки в Каире.",
    ]
    assert [len(e.split("\n")) for e in split_events(pars, find_countries)] == [4, 1]


def test_more_of_the_same_occasion_continues_it():
    pars = [
        "В Вене открылась конференция по ядерной безопасности под эгидой МАГАТЭ.",
        "В работе конференции также приняли участие представители Казахстана и Австрии.",
        "Постоянный представитель Казахстана при МАГАТЭ Нурлан Сейткали, участвовавший в заседании, выступил с речью.",
        "По информации постпредства, в конференции участвовали делегации 60 стран.",
        "В Сеуле посол Казахстана провел встречу с мэром города.",
    ]
    assert [len(e.split("\n")) for e in split_events(pars, find_countries)] == [4, 1]


def test_talks_told_on_keep_their_parties_whatever_they_name():
    pars = ["Вице-министр иностранных дел провел в Баку консультации с коллегой из Азербайджана.",
            "В ходе консультаций стороны обсудили подготовку саммита в Бишкеке и транзит через Грузию."]
    assert len(split_events(pars, find_countries)) == 1


def test_the_same_people_told_on_continue_an_event_whatever_place_they_name():
    pars = [
        "В Ашхабаде прошло заседание рабочей группы по Транскаспийскому маршруту с участием Азербайджана и Грузии.",
        "Участники условились сократить сроки оформления грузов, идущих через порт Поти и далее в Европу.",
        "Помимо этого, в ходе заседания стороны затронули поставки через иранский порт Бандар-Аббас.",
        "Кроме того, в ходе встречи с послом Японии министр обсудил инвестиции.",
    ]
    events = split_events(pars, find_countries)
    assert events == ["\n".join(pars[:3]), pars[3]]


def test_a_group_of_the_counterparts_continues_but_a_kazakh_group_opens_an_event():
    pars = [
        "Председатель Мажилиса принял делегацию парламента Словении.",
        "Словенские парламентарии предложили провести неделю культуры Словении в Астане.",
        "Казахстанские дипломаты приняли участие в открытии выставки в Любляне.",
    ]
    assert split_events(pars, find_countries) == [pars[0] + "\n" + pars[1], pars[2]]


def test_background_opened_by_earlier_is_a_recap_but_a_dated_or_same_day_earlier_is_an_event():
    assert is_boilerplate("Ранее Казахстан и Армения договорились открыть прямой авиарейс.")
    assert not is_boilerplate("Ранее в тот же день посол провел встречу с министром туризма.")
    assert not is_boilerplate("Ранее, 14 марта, вице-министр посетил порт Роттердам.")
    assert not is_boilerplate("Ранее в рамках визита делегация посетила технопарк.")
    assert not is_boilerplate("Ранее на этой неделе генконсул встретился с губернатором.")
    assert not is_boilerplate("Ранее в среду посол вручил верительные грамоты.")


def test_links_to_related_news_are_boilerplate():
    assert is_boilerplate("По теме: Казахстан и Оман подписали меморандум")
    assert is_boilerplate("Еще по теме: Посол встретился с ректором университета")


def test_picture_credits_in_other_words_are_no_events():
    for line in ("Иллюстративное фото: открытые источники", "Коллаж: редакция", "Скриншот трансляции МИД",
                 "Кадр из видео пресс-службы Сената"):
        assert is_boilerplate(line), line


def test_the_same_people_by_initials_after_an_additive_opener_continue_the_event():
    pars = [
        "В Вильнюсе прошли консультации: казахстанскую делегацию возглавил вице-министр Данияр Сыздыков, "
        "литовскую — заместитель министра Рута Каралене.",
        "Кроме того, Д.Сыздыков и Р.Каралене обсудили транзит через порт Клайпеда.",
        "Кроме того, А.Мусин провел встречу с мэром Каунаса.",
    ]
    assert split_events(pars, find_countries) == [pars[0] + "\n" + pars[1], pars[2]]
    assert is_boilerplate("Полная видеозапись брифинга доступна на сайте министерства.")
    assert is_boilerplate("Смотрите трансляцию на YouTube-канале посольства")
    one = ["7 мая в Риге посол Казахстана Алмас Нуржанов встретился с министром экономики Латвии.",
           "Кроме того, А.Нуржанов выступил с лекцией в Латвийском университете."]
    assert split_events(one, find_countries) == one


def test_a_kazakh_diplomat_named_afresh_opens_an_event_but_named_before_continues():
    pars = ["Посол Казахстана в США Ерлан Жаксыбеков встретился с сенатором.",
            "Казахстанский дипломат Асель Нурланова провела встречу с губернатором штата Огайо.",
            "Казахстанский дипломат Нурланова также посетила университет штата."]
    assert split_events(pars, find_countries) == [pars[0], pars[1] + "\n" + pars[2]]
    guest = ["Посол Казахстана в Португалии провел встречу с государственным секретарем МИД Португалии.",
             "Португальский дипломат сообщил о планах открыть прямой авиарейс Лиссабон — Астана.",
             "Португальский посол Жоау Силва вручил верительные грамоты в Ватикане."]
    assert split_events(guest, find_countries) == [guest[0] + "\n" + guest[1], guest[2]]


def test_what_someone_of_the_event_said_continues_it_and_more_credit_and_link_lines():
    pars = ["Министр энергетики принял в Астане делегацию компании из Норвегии.",
            "Глава казахстанского ведомства отметил, что норвежские технологии востребованы на шельфе.",
            "Министр энергетики провел переговоры с вице-министром Турции."]
    assert split_events(pars, find_countries) == [pars[0] + "\n" + pars[1], pars[2]]
    assert is_boilerplate("Фотоснимок предоставлен пресс-службой министерства")
    assert is_boilerplate("Стенограмма брифинга опубликована на официальном сайте МИД.")
