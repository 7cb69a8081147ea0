import pickle

from conftest import RELEASES, SAMPLE
from indexer.analysis import ner
from eventstore.text import tokens, tokens_between
from indexer.split import split_groups
from indexer.analysis.officials import NameBook
from indexer.release import parse_release, read_release


def test_seed_facets(analyzer, seed):
    _, docs = analyzer.analyze(read_release(seed)).documents(NameBook())
    assert [d["n"] for d in docs] == list(range(1, 11))
    countries = [d["countries"] for d in docs]
    assert countries[:4] == [["ZA"], ["SK"], ["CN"], ["IN"]]
    assert sorted(countries[4]) == ["MY", "TR"]
    assert countries[5:] == [["KW"], ["FR"], ["JO"], ["ET"], ["SE"]]
    india = docs[3]
    assert india["officials"][0] == "Азамат Ескараев"
    assert india["kz_officials"] == ["Азамат Ескараев"]
    assert india["roles"]["Азамат Ескараев"] == "посол Казахстана в Индии"
    assert "Kuwait Oil Company" in docs[5]["orgs"]
    assert docs[8]["date"] == "2025-02-14" and docs[0]["date"] == "2026-02-17"
    assert all(d["release_date"] == "2026-02-18" for d in docs)
    assert all(d["id"] == f"{d['release_id']}-{d['n']}" for d in docs)


def test_initials_resolve_within_a_release_and_across_releases(analyzer):
    first = (" date 2026-02-10 Встречи\nАстана. 9 февраля. KT - Лид.\n"
             "Посол Казахстана в Индии Азамат Ескараев провел встречу с министром.\n").encode()
    later = (" date 2026-03-10 Встречи\nАстана. 9 марта. KT - Лид.\n"
             "Посол А.Ескараев выступил в Мумбаи перед студентами.\n").encode()
    book = NameBook()
    analyzer.analyze(parse_release(first, "a")).documents(book)
    _, docs = analyzer.analyze(parse_release(later, "b")).documents(book)
    assert docs[0]["officials"] == ["Азамат Ескараев"]
    assert docs[0]["countries"] == ["IN"]


def test_analysis_is_picklable_for_worker_processes(analyzer):
    analysis = analyzer.analyze(read_release(SAMPLE))
    again = pickle.loads(pickle.dumps(analysis))
    assert again.documents(NameBook()) == analysis.documents(NameBook())


def test_event_tokens_taken_from_natashas_pass_equal_a_fresh_tokenization(analyzer):
    # The analyzer reuses natasha's tokens of the whole release instead of tokenizing each event again.
    for path in sorted(RELEASES.glob("*.txt")):
        pars = read_release(path).paragraphs
        body = "\n".join(pars)
        starts = [sum(len(p) + 1 for p in pars[:i]) for i in range(len(pars))]
        raw = ner.parse(body).tokens
        for group in split_groups(pars):
            lo, hi = starts[group[0]], starts[group[-1]] + len(pars[group[-1]])
            assert tokens_between(raw, lo, hi) == tokens(body[lo:hi]), path.name


def test_a_kazakh_official_stays_one_by_surname_initials_and_in_later_releases(analyzer):
    first = (" date 2026-04-08 Встречи\nАстана. 7 апреля. KT - Лид.\n"
             "Посол Казахстана в Малайзии Асель Жунусова вручила копии верительных грамот министру Анвару Ибрагиму.\n"
             "В тот же день Жунусова посетила Малайский университет и выступила перед студентами.\n").encode()
    later = (" date 2026-05-12 Встречи\nАстана. 11 мая. KT - Лид.\n"
             "В Куала-Лумпуре А.Жунусова провела брифинг для местных журналистов о реформах.\n").encode()
    book = NameBook()
    _, docs = analyzer.analyze(parse_release(first, "a")).documents(book)
    assert docs[1]["kz_officials"] == ["Асель Жунусова"]
    assert docs[1]["roles"] == {"Асель Жунусова": "посол Казахстана в Малайзии"}
    _, docs = analyzer.analyze(parse_release(later, "b")).documents(book)
    assert docs[0]["kz_officials"] == ["Асель Жунусова"]
    assert docs[0]["roles"]["Асель Жунусова"] == "посол Казахстана в Малайзии"


def test_people_named_in_monuments_and_prizes_are_not_participants_and_particles_join(analyzer):
    data = (" date 2026-04-08 Встречи\nАстана. 7 апреля. KT - Лид.\n"
            "Посол Казахстана в Марокко Ерболат Сыздыков возложил цветы к памятнику Абаю и вручил премию имени "
            "Мухтара Ауэзова, а затем встретился с советником Юсуфом бин Али Аль-Хашими.\n").encode()
    _, docs = analyzer.analyze(parse_release(data, "a")).documents(NameBook())
    assert docs[0]["officials"] == ["Ерболат Сыздыков", "Юсуф бин Али Аль-Хашими"]


def test_officials_listed_with_a_kazakh_envoy_are_ours_but_not_a_host_institutions_head(analyzer):
    data = (" date 2026-04-08 Встречи\nАстана. 7 апреля. KT - Лид.\n"
            "На форуме в Милане выступили посол Казахстана в Италии Ержан Сейтов и вице-министр энергетики "
            "Алмас Бекенов.\n"
            "В открытии выставки участвовали посол Казахстана в Италии Ержан Сейтов и ректор университета "
            "Паоло Бруни.\n").encode()
    _, docs = analyzer.analyze(parse_release(data, "a")).documents(NameBook())
    assert docs[0]["kz_officials"] == ["Ержан Сейтов", "Алмас Бекенов"]
    assert docs[1]["kz_officials"] == ["Ержан Сейтов"]


def test_a_plural_title_covers_every_name_listed_after_it(analyzer):
    data = (" date 2026-04-08 Встречи\nАстана. 7 апреля. KT - Лид.\n"
            "Сенат на ассамблее в Улан-Баторе представляли сенаторы Ахмет Жумаев и Гульнар Омарова, "
            "а также министр Монголии Батбаяр Ганбат.\n"
            "В Праге посол Казахстана в Чехии Марат Ахметов и Петр Новак открыли выставку.\n").encode()
    _, docs = analyzer.analyze(parse_release(data, "a")).documents(NameBook())
    assert docs[0]["kz_officials"] == ["Ахмет Жумаев", "Гульнар Омарова"]
    assert docs[1]["kz_officials"] == ["Марат Ахметов"]  # a singular title is its own name's only


def test_kazakh_roles_without_the_country_in_new_constructions(analyzer):
    data = (" date 2026-04-08 Встречи\nАстана. 7 апреля. KT - Лид.\n"
            # a participation genitive names the subject; the next title in a list is the next name's
            "В Лиссабоне прошел семинар по логистике с участием вице-министра транспорта Армана Тулегенова "
            "и государственного секретаря Португалии Жоана Мотты.\n"
            "В дискуссии выступили министр энергетики Болат Сагинтаев, министр промышленности Армении "
            "Ашот Геворкян и посол Франции Пьер Леруа.\n"
            # a mission named without the country; a quoted «Каз-» company
            "Руководитель Постоянного представительства при ОБСЕ Динара Оспанова провела встречу с "
            "директором Бюро ОБСЕ Ханной Виртанен.\n"
            "Генеральный директор «Казгеологии» Тимур Ахметжанов провел переговоры с главой корпорации "
            "Рио Тинто Марком Эллисом.\n"
            # «, а …» ends the delegation: the organization's officer is no member
            "Казахстанскую делегацию возглавил посол Нурлан Ерланов, а с докладом выступил директор "
            "Секретариата ОИС Фарид Ахмади.\n").encode()
    _, docs = analyzer.analyze(parse_release(data, "a")).documents(NameBook())
    assert [d["kz_officials"] for d in docs] == [
        ["Арман Тулегенов"], ["Болат Сагинтаев"], ["Динара Оспанова"], ["Тимур Ахметжанов"], ["Нурлан Ерланов"]]


def test_a_full_name_written_shorter_later_is_the_same_person(analyzer):
    first = (" date 2026-04-08 Встречи\nАстана. 7 апреля. KT - Лид.\n"
             "Вице-министр принял советника эмира Катара Мансура бин Джасима Аль-Тани.\n").encode()
    later = (" date 2026-05-12 Встречи\nАстана. 11 мая. KT - Лид.\n"
             "В Дохе посол Казахстана встретился с советником эмира Мансуром Аль-Тани.\n"
             "Затем Аль-Тани посетил выставку.\n").encode()
    book = NameBook()
    analyzer.analyze(parse_release(first, "a")).documents(book)
    _, docs = analyzer.analyze(parse_release(later, "b")).documents(book)
    assert docs[0]["officials"][-1] == docs[1]["officials"][-1] == "Мансур бин Джасим Аль-Тани"


def test_a_country_an_organizations_name_is_about_is_no_country_of_the_event(analyzer):
    data = (" date 2026-04-08 Встречи\nАстана. 7 апреля. KT - Лид.\n"
            "В Сеуле посол Казахстана встретился с руководством Корейского общества дружбы с Монголией "
            "и странами Центральной Азии.\n"
            "Посол Казахстана в Монголии Ерлан Сапаров провел встречу в Улан-Баторе.\n"
            "В Осаке генконсул принял президента Японской ассоциации по сотрудничеству с Турцией Кэндзи Сато.\n"
            ).encode()
    _, docs = analyzer.analyze(parse_release(data, "a")).documents(NameBook())
    assert [d["countries"] for d in docs] == [["KR"], ["MN"], ["JP"]]


def test_names_next_to_place_words_initials_at_a_paragraphs_end_and_academic_titles(analyzer):
    first = (" date 2026-04-08 Встречи\nАстана. 7 апреля. KT - Лид.\n"
             "Постоянный представитель при ОБСЕ Дамир Сулейменов выступил на сессии в Вене.\n").encode()
    later = (" date 2026-05-12 Встречи\nАстана. 11 мая. KT - Лид.\n"
             # the region's name after «провинции»; a three-part Korean name in the instrumental
             "Аким Павлодарской области принял губернатора провинции Синьцзян Ма Лунь Хэ.\n"
             "Посол Казахстана в Республике Корея встретился с директором агентства Ли Сун Хо и вице-министром "
             "Пак Мин Уном.\n"
             # «Surname I.» where the paragraph ends; an apostrophe inside a name keeps its capital
             "На форуме выступили посол Казахстана в США и постоянный представитель Сулейменов Д.\n"
             "Посол провел встречу с советником Шейлой Энн О'Коннор.\n"
             # a professor of a university takes part, named after the university's name
             "Лекцию прочитали посол Казахстана в Италии Ерлан Бекбосынов и профессор Болонского "
             "университета Лучия Морелли.\n").encode()
    book = NameBook()
    analyzer.analyze(parse_release(first, "a")).documents(book)
    _, docs = analyzer.analyze(parse_release(later, "b")).documents(book)
    assert [d["officials"] for d in docs] == [
        ["Ма Лунь Хэ"], ["Ли Сун Хо", "Пак Мин Ун"], ["Дамир Сулейменов"], ["Шейла Энн О'Коннор"],
        ["Ерлан Бекбосынов", "Лучия Морелли"]]
    assert docs[2]["kz_officials"] == ["Дамир Сулейменов"]


def test_diplomatic_title_words_acting_titles_chambers_and_a_side_ended_by_a_participle(analyzer):
    docs = _docs(analyzer,
            # capitalized title words are no name; a name declined alike in every word keeps its first word
            "Вице-министр принял Чрезвычайного и Полномочного Посла Таиланда Сомчая Витаяна Чайпорна.",
            # «исполняющим обязанности»: the name is in the participle's case
            "Посол провел переговоры с исполняющим обязанности министра иностранных дел Ирака доктором "
            "Фуадом Хусейном.",
            # a chamber named with no country is Kazakhstan's
            "Заместитель Председателя Сената Арман Жуматаев принял делегацию парламента Португалии.",
            # a participle of another action ends the Kazakh side: the counterpart is not ours
            "Казахстанскую делегацию возглавлял посол по особым поручениям Ерлан Ахметов, обсудивший с "
            "генеральным секретарем ОЭС Халилом Ибрагимом вопросы транзита.", book=NameBook())
    assert [d["officials"] for d in docs] == [
        ["Сомчай Витаян Чайпорн"], ["Фуад Хусейн"], ["Арман Жуматаев"], ["Ерлан Ахметов", "Халил Ибрагим"]]
    assert [d["kz_officials"] for d in docs] == [[], [], ["Арман Жуматаев"], ["Ерлан Ахметов"]]


def test_a_surname_after_initials_in_the_same_release_is_that_person_among_namesakes(analyzer):
    book = _book_of(analyzer, "Посол Казахстана в Армении Болат Иманбаев вручил верительные грамоты.",
                    "Посол по особым поручениям Данияр Иманбаев провел брифинг.")
    docs = _docs(analyzer,
            "В Ханое посол Д.Иманбаев встретился с министром промышленности.",
            "Кроме того, Иманбаев посетил порт Хайфон.", book=book)
    assert [d["officials"] for d in docs] == [["Данияр Иманбаев"], ["Данияр Иманбаев"]]


def test_kazakhstans_side_without_a_side_noun_and_titles_listed_for_one_person(analyzer):
    docs = _docs(analyzer,
            # «Казахстан … представляли X и Y» with no titles at all
            "На конференции в Женеве Казахстан представляли Асем Нурпеисова и Талгат Жумабек.",
            # a group of deputies with no other parliament named is ours; a participle ends it
            "Группа депутатов во главе с Маратом Сыздыковым встретилась с послом Чили Пабло Рохасом.",
            "Группа депутатов Бундестага во главе с Уве Бергом посетила Астану.",
            # two titles of one person, the first with the country
            "Посол Казахстана в Австрии, постоянный представитель при ОБСЕ Ерлан Бектасов провел брифинг.",
            # «представитель структуры» is the body named before, not ours
            "Посол провел встречу в офисе Программы развития ООН. В беседе участвовал представитель "
            "программы Марко Беллини.", book=NameBook())
    assert [d["kz_officials"] for d in docs] == [
        ["Асем Нурпеисова", "Талгат Жумабек"], ["Марат Сыздыков"], [], ["Ерлан Бектасов"], []]


def test_one_syllable_east_asian_family_names_are_kept(analyzer):
    docs = _docs(analyzer,
            "Вице-министр встретился с директором департамента министерства торговли Ко Мин Сэком.",
            "Аким области принял делегацию во главе с губернатором провинции Юй Цзяньхуа.", book=NameBook())
    assert [d["officials"] for d in docs] == [["Ко Мин Сэк"], ["Юй Цзяньхуа"]]


def test_a_later_mention_in_the_release_tells_which_namesake_an_earlier_one_was(analyzer):
    book = _book_of(analyzer, "Посол Казахстана в Греции Азат Омаров вручил верительные грамоты.",
                    "Министр энергетики Айдар Омаров принял делегацию компании Equinor.")
    docs = _docs(analyzer,
            "Сегодня в министерстве А.Омаров провел совещание с инвесторами из Норвегии.",
            "Вечером министр энергетики Омаров встретился с послом Норвегии.", book=book)
    assert [d["officials"][0] for d in docs] == ["Айдар Омаров", "Айдар Омаров"]


def _docs(analyzer, *paragraphs: str, book: NameBook, name: str = "a") -> list[dict]:
    """The event documents of a release made of these paragraphs (one is one event)."""
    data = (" date 2026-04-08 Встречи\nАстана. 7 апреля. KT - Лид.\n" + "\n".join(paragraphs) + "\n").encode()
    return analyzer.analyze(parse_release(data, name)).documents(book)[1]


def _book_of(analyzer, *texts: str) -> NameBook:
    """The names a run learns from earlier one-paragraph releases, in order."""
    book = NameBook()
    for n, text in enumerate(texts):
        _docs(analyzer, text, book=book, name=str(n))
    return book
