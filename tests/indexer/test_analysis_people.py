"""Which spans are people: natasha's persons, and the ones it calls places or glues to other words."""
from indexer.analysis.ner import Entity
from indexer.analysis.officials import NameBook
from indexer.analysis.people import find_people, prepare
from indexer.release import parse_release


def people(text, *spans):
    """find_people over entities given as (type, text, cases) in text order."""
    ents, pos = [], 0
    for kind, span, cases in spans:
        start = text.index(span, pos)
        ents.append(Entity(kind, start, start + len(span), span, cases))
        pos = start + len(span)
    return [(p.entity.text, p.tentative) for p in find_people(prepare(ents, text, 0), text, 0)[0]]


def test_a_place_after_a_title_is_the_holders_name_when_no_table_knows_it():
    text = "Посол встретился в Джакарте с советником МИД по делам региона Радживом Шармой."
    assert people(text, ("LOC", "Джакарте", ("Loc",)), ("LOC", "Радживом Шармой", ("Gen", "Dat"))) == [
        ("Радживом Шармой", False)]
    text = "Переговоры провел аким Шымкента Ерлан Мусин, а вице-министр Абенова выступила с докладом."
    assert people(text, ("LOC", "Шымкента", ("Gen",)), ("PER", "Ерлан Мусин", ("Nom", "Nom")),
                  ("LOC", "Абенова", ("Nom",))) == [("Ерлан Мусин", False), ("Абенова", False)]


def test_a_name_swallowed_by_an_organization_is_taken_back():
    text = "Управляющий директор Самрук-Казына А.Нуртаев провел встречу."
    assert people(text, ("ORG", "Самрук-Казына А.Нуртаев", ("Gen", "Nom", None, "Nom"))) == [("А.Нуртаев", False)]


def test_a_word_glued_before_a_name_is_cut_off_and_a_monument_is_no_participant():
    text = "Посол встретился с директором по делам Европы Жаном Дюпоном."
    assert people(text, ("PER", "Европы Жаном Дюпоном", ("Gen", "Ins", "Ins"))) == [("Жаном Дюпоном", False)]
    text = "Делегация возложила цветы к Мемориалу Ахмета Байтурсынова в Париже."
    assert people(text, ("PER", "Мемориалу Ахмета Байтурсынова", ("Dat", "Gen", "Gen"))) == []


def test_the_head_of_an_institution_is_a_participant_a_person_it_is_named_after_is_not():
    text = "Выступил руководитель Центра исследований Каирского университета Ахмед Карими."
    assert people(text, ("PER", "Ахмед Карими", ("Nom", "Nom"))) == [("Ахмед Карими", False)]
    text = "Посол посетил Университет имени Мухтара Ауэзова."
    assert people(text, ("PER", "Мухтара Ауэзова", ("Gen", "Gen"))) == []


def test_a_place_named_like_a_person_is_not_one():
    text = "Посол, аккредитованный также при Святом Престоле, прибыл в Рим."
    assert people(text, ("PER", "Святом Престоле", ("Loc", "Loc"))) == []


def _officials(analyzer, book, paragraph):
    """Officials of a one-event release analysed with `book` (which then knows its names)."""
    data = f" date 2026-04-10 Встречи\nАстана. 9 апреля. KT - Лид.\n{paragraph}\n".encode()
    return analyzer.analyze(parse_release(data, paragraph[:20])).documents(book)[1][0]["officials"]


def test_a_bare_surname_no_tagger_saw_is_a_person_only_when_the_surname_is_known(analyzer):
    later = "В Оттаве прошел форум. В состав делегации вошли также Калиева и Тургунбеков."
    assert not any("Калиев" in o for o in _officials(analyzer, NameBook(), later))
    book = NameBook()
    _officials(analyzer, book, "Посол Казахстана в Канаде Динара Калиева провела встречу с министром торговли Канады.")
    assert "Динара Калиева" in _officials(analyzer, book, later)


def test_a_bare_surname_inside_another_name_is_no_one(analyzer):
    book = NameBook()
    _officials(analyzer, book, "Посол Казахстана в Японии Айдар Назарбаев провел встречу с министром Японии.")
    assert not any("Назарбаев" in o for o in _officials(
        analyzer, book, "Студенты Назарбаев Университета и лауреаты премии имени Назарбаева посетили Токио."))
    assert "Айдар Назарбаев" in _officials(analyzer, book, "Посол провел прием. Вчера Назарбаев посетил Осаку.")


def test_name_particles_in_lower_case_belong_to_the_name():
    text = "Посол встретился с министром юстиции Кыргызстана Нурбеком Асылбек уулу."
    assert people(text, ("PER", "Нурбеком Асылбек уулу", ("Ins", "Nom", "Nom"))) == [("Нурбеком Асылбек уулу", False)]
    text = "Гостя принял директор порта Питер ван ден Хеувел."
    assert people(text, ("PER", "Питер ван ден Хеувел", ("Nom", None, None, "Nom"))) == [("Питер ван ден Хеувел", False)]
    text = "Египетскую сторону представлял советник Юсеф бин Салем ас-Сабри."
    assert people(text, ("PER", "Юсеф бин Салем ас-Сабри", ("Nom", None, "Nom", "Nom"))) == [
        ("Юсеф бин Салем ас-Сабри", False)]


def test_forms_of_address_are_cut_off_the_name():
    text = "Г-н Ковальчик подтвердил интерес польских компаний."
    assert people(text, ("PER", "Г-н Ковальчик", ("Nom", "Nom"))) == [("Ковальчик", False)]
    text = "Делегацию принял министр Датук Сери Хафиз Рахман."
    assert people(text, ("PER", "Датук Сери Хафиз Рахман", ("Nom", "Nom", "Nom", "Nom"))) == [("Хафиз Рахман", False)]


def test_a_name_split_in_two_by_the_tagger_is_one_person():
    text = "Посол провел встречу с министром Анной Лусией Мендес да Силва."
    assert people(text, ("PER", "Анной Лусией", ("Ins", "Ins")), ("PER", "Мендес да Силва", ("Ins", None, "Nom"))) == [
        ("Анной Лусией Мендес да Силва", False)]
    text = "Посол встретился с министром Анной Лусией и Мендес да Силва."
    assert len(people(text, ("PER", "Анной Лусией", ("Ins", "Ins")), ("PER", "Мендес да Силва", ("Ins", None, "Nom")))) == 2


def test_a_name_a_place_ran_on_into_is_taken_back():
    text = "Переговоры провел заместитель министра экономики Французской Республики Пьером Дюбуа."
    assert people(text, ("LOC", "Французской Республики Пьером Дюбуа", ("Gen", "Gen", "Ins", "Ins"))) == [
        ("Пьером Дюбуа", False)]
    text = "Делегация посетила Республику Корея Пусан."
    assert people(text, ("LOC", "Республику Корея", ("Acc", "Nom"))) == []


def test_a_kazakh_body_glued_before_a_surname_is_cut_off():
    text = "В делегацию вошли депутат Мажилиса Сарсенбаевой и эксперт."
    assert people(text, ("PER", "Мажилиса Сарсенбаевой", ("Gen", "Gen"))) == [("Сарсенбаевой", False)]


def test_a_surname_after_a_form_of_address_is_a_known_person(analyzer):
    book = NameBook()
    _officials(analyzer, book, "Посол Бельгии в Казахстане Люк де Смет посетил Шымкент.")
    later = "Жамбылскую область с поездкой посетил посол Бельгии г-н де Смет."
    assert "Люк де Смет" in _officials(analyzer, book, later)
    assert not any("Смет" in o for o in _officials(analyzer, NameBook(), later))  # nobody known by it


def test_a_name_ending_in_son_or_daughter_of_is_taken_whole():
    text = "Вице-министр провел встречу с советником президента Кыргызстана Мирланом Чынгыз уулу."
    assert people(text, ("LOC", "Кыргызстана", ("Gen",)), ("PER", "Мирланом Чынгыз", ("Ins", "Nom"))) == [
        ("Мирланом Чынгыз уулу", False)]
    text = "Меморандум подписали с кыргызской стороны глава компании Кыргызалтын Эрмек Жолдош уулу."
    assert people(text, ("ORG", "Кыргызалтын Эрмек Жолдош уулу", ("Nom", "Nom", "Nom", None))) == [
        ("Эрмек Жолдош уулу", False)]
    text = "Нашу сторону представлял посол Ержан Касымов, кыргызскую – вице-министр Гульзат Асан кызы."
    assert people(text, ("PER", "Ержан Касымов", ("Nom", "Nom")), ("LOC", "Гульзат Асан кызы", ("Nom",) * 3)) == [
        ("Ержан Касымов", False), ("Гульзат Асан кызы", False)]


def test_a_person_a_thing_is_dedicated_to_takes_no_part_a_titled_one_does():
    text = "Посол открыл в библиотеке вечер, посвященный жизни и творчеству Льва Толстого."
    assert people(text, ("PER", "Льва Толстого", ("Gen", "Gen"))) == []
    text = "В Осло открылась выставка, посвященная экспедициям Фритьофа Нансена."
    assert people(text, ("LOC", "Осло", ("Loc",)), ("PER", "Фритьофа Нансена", ("Gen", "Gen"))) == []
    text = "Прошел брифинг, посвященный визиту министра Хироси Танаки."
    assert people(text, ("PER", "Хироси Танаки", ("Gen", "Gen"))) == [("Хироси Танаки", False)]
