import pytest

from indexer.analysis.officials import NameBook, canonical


@pytest.mark.parametrize(
    "span, name",
    [
        ("Азаматом Ескараевым", "Азамат Ескараев"),
        ("Азамат Ескараев", "Азамат Ескараев"),
        ("Жанной Сагиновой", "Жанна Сагинова"),
        ("Жанна Сагинова", "Жанна Сагинова"),
        ("Еркин Ахинжанов", "Еркин Ахинжанов"),
        ("Ахмадом Аль-Эйданом", "Ахмад Аль-Эйдан"),
        ("Дайфаллой Аль-Файезом", "Дайфалла Аль-Файез"),
        ("Торбьёрном Сольстрёмом", "Торбьёрн Сольстрём"),
        ("Давутом Гюлем", "Давут Гюль"),
        ("Рустем Курманов", "Рустем Курманов"),
        ("Нурлан Сабитович Аккошкаров", "Нурлан Аккошкаров"),
        ("Драганом Петровичем", "Драган Петрович"),
    ],
)
def test_names_go_to_the_nominative(span, name):
    assert canonical(span) == (name, False)


def test_initials_are_partial_names():
    assert canonical("А.Ескараев") == ("А. Ескараев", True)
    assert canonical("Ескараевым") == ("Ескараев", True)


def test_name_book_resolves_initials_and_surnames_only_when_unambiguous():
    book = NameBook(["Азамат Ескараев", "Жанна Сагинова", "Арман Исетов", "Болат Исетов"])
    assert book.resolve("А. Ескараев") == "Азамат Ескараев"
    assert book.resolve("Ескараев") == "Азамат Ескараев"
    assert book.resolve("Сагинова") == "Жанна Сагинова"
    assert book.resolve("Б. Ескараев") is None
    assert book.resolve("Исетов") is None  # two people share the surname
    assert book.resolve("А. Исетов") == "Арман Исетов"


def test_name_book_keeps_each_kazakh_role_with_its_date():
    book = NameBook()
    book.add_roles({"Дана Жаксыбекова": "заместитель министра"}, "2025-03-01")
    book.add_roles({"Дана Жаксыбекова": "посол Казахстана в Турции"}, "2026-01-10")
    assert book.kz_role("Дана Жаксыбекова", "2025-06-01") == "заместитель министра"
    assert book.kz_role("Дана Жаксыбекова", "2026-02-01") == "посол Казахстана в Турции"
    assert book.kz_role("Дана Жаксыбекова", "2024-01-01") == "заместитель министра"
    assert book.kz_role("Кто-то Другой", "2026-02-01") is None


@pytest.mark.parametrize(
    "span, case, name",
    [
        ("Марека Ружички", "Gen", "Марек Ружичка"),  # masculine genitive in -а, surname in -ы
        ("Лии Ковальчук", "Gen", "Лия Ковальчук"),
        ("Ван Линем", "Ins", "Ван Линь"),
        ("Сергеем Ли", "Ins", "Сергей Ли"),
        ("Марко Бьянки", "Ins", "Марко Бьянки"),  # indeclinable: no instrumental ending
        ("Амарой Нджоку", "Ins", "Амара Нджоку"),
        ("Омаром ибн Саидом Аль-Захраном", "Ins", "Омар ибн Саид Аль-Захран"),
        ("Светланы Игоревны Муратовой", "Gen", "Светлана Муратова"),
        ("Нурбека Сапарова", "Gen", "Нурбек Сапаров"),
    ],
)
def test_the_sentences_case_puts_names_in_the_nominative(span, case, name):
    assert canonical(span, case)[0] == name


def test_initials_after_the_surname_resolve():
    book = NameBook(["Асхат Темирханов"])
    assert canonical("Темирханов А.")[1] is True
    assert book.resolve("Темирханов А.") == "Асхат Темирханов"


def test_namesakes_are_told_apart_by_the_gender_of_the_surname():
    book = NameBook(["Динара Оспанова", "Ерлан Оспанов"])
    assert book.resolve("Оспанов") == "Ерлан Оспанов"
    assert book.resolve("Оспанова") == "Динара Оспанова"
    assert book.resolve("Е. Оспанов") == "Ерлан Оспанов"


def test_namesakes_are_told_apart_by_the_role_they_are_known_in():
    book = NameBook(["Кайрат Ибраев", "Ильяс Ибраев"])
    book.add_roles({"Кайрат Ибраев": "посол Казахстана в Аргентине"}, "2025-02-01")
    book.add_roles({"Ильяс Ибраев": "председатель правления АО «Казатомпром»"}, "2025-05-01")
    assert book.resolve("Ибраев", "председателем правления Казатомпрома") == "Ильяс Ибраев"
    assert book.resolve("Ибраев", "посол в Аргентине") == "Кайрат Ибраев"
    assert book.resolve("Ибраев", "депутат") is None  # nothing tells them apart
    assert book.resolve("Ибраев") is None


@pytest.mark.parametrize(
    "span, case, gender, name",
    [
        ("Хансом-Петером Мюллером", "Ins", None, "Ханс-Петер Мюллер"),  # each hyphen part declines
        ("Абдель-Каримом Мансуром", "Ins", None, "Абдель-Карим Мансур"),
        ("Бьёрн Экстрём", "Nom", None, "Бьёрн Экстрём"),  # -ём of a nominative, not an instrumental
        ("Салмана бин Турки Аль-Харби", "Gen", None, "Салман бин Турки Аль-Харби"),  # a man's -и name
        ("Таро Накамуру", "Acc", None, "Таро Накамура"),
        ("Д. Абенова", "Nom", "femn", "Д. Абенова"),
        ("Амирой Салах", "Ins", None, "Амира Салах"),
        ("Розой Аллами", "Ins", None, "Роза Аллами"),  # no plural of a first name
        ("Лусией де лас Мерседес", "Ins", None, "Лусия де лас Мерседес"),
        ("Марте Хансен", "Dat", None, "Марта Хансен"),  # a woman's -а name in the dative
        ("Лийне Тамму", "Dat", None, "Лийна Тамму"),
        ("Карлу Мюллеру", "Dat", None, "Карл Мюллер"),
        ("Нурбеком Асылбек уулу", "Ins", None, "Нурбек Асылбек уулу"),  # particles stay as written
        ("Яном ван ден Бергом", "Ins", None, "Ян ван ден Берг"),
        # A Turkic patronymic before the surname goes with its father's name; at the end it is the surname.
        ("Рауфом Ильхам оглы Мамедовым", "Ins", None, "Рауф Мамедов"),
        ("Севиндж Тофиг кызы Алиевой", "Ins", "femn", "Севиндж Алиева"),
        ("Гульнарой Токтогул кызы", "Ins", "femn", "Гульнара Токтогул кызы"),
    ],
)
def test_agreement_in_the_sentence_and_in_the_name_fixes_its_form(span, case, gender, name):
    assert canonical(span, case, gender)[0] == name


def test_namesakes_are_told_apart_by_a_title_written_short():
    book = NameBook(["Ерлан Касымов", "Ербол Касымов"])
    book.add_roles({"Ерлан Касымов": "первый заместитель министра иностранных дел"}, "2026-01-10")
    book.add_roles({"Ербол Касымов": "посол Казахстана в Японии"}, "2026-02-10")
    assert book.resolve("Касымов", "замглавы МИД") == "Ерлан Касымов"
    assert book.resolve("Е. Касымов", "постпред при ООН") is None  # no known role shares a word
    assert book.resolve("Касымов", "генконсул в Осаке") is None
    assert book.resolve("Касымов", "посол в Японии") == "Ербол Касымов"
