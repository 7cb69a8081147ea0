"""Body paragraphs → event texts.

Each paragraph is an event, except boilerplate (dropped) and a paragraph that plainly
continues the previous event: it opens like a continuation («В ходе беседы…»,
«Стороны также…») and brings no new actor (no new country, no new Kazakh envoy).
"""
from __future__ import annotations

import re
from typing import Callable, Iterable

from eventstore.text import parses

_BOILERPLATE = re.compile(
    r"подпис(ыв|)айтесь|telegram|телеграм|instagram|whatsapp|youtube|ютуб|facebook|vk\.com|читайте (также|нас)|"
    r"(видеозапись|запись трансляции|полная версия)\b.{0,40}\bдоступн|(размещен|опубликован|доступн)\w* на (официальном )?(сайте|портале|странице)|"
    r"следите за (нашими )?новостями|^источник\s*:|^(еще )?(больше|все|другие|последние) (новост|материал)\w*|"
    r"в (наших )?социальных сетях|^подробнее\b|^(еще |читайте |материалы |новости )?по теме\s*:|^фото\s*:|^видео\s*:|^теги\s*:|^\W*$|"
    r"все права защищены|при (использовании|цитировании) материал",
    re.I,
)
# A mid-text photo credit: «Фото предоставлено посольством …», «Фото пресс-службы МИД».
_PHOTO = re.compile(r"^\W*(фото|фотоснимо?к\w*|фотографи\w*|фотоматериал\w*|photo|источник фото|иллюстративн\w* фото|коллаж|скриншот|снимок|кадр\w* (из|с) видео)\b", re.I)
# A paragraph that restates an earlier event: reported before, not a new event.
# «Ранее BAQ.KZ сообщал», «Как писал Tengrinews», «Как ранее сообщал «Казинформ»»: a source named
# between the opener and the verb may hold dots, quotes and dashes, not a clause break.
_RECAP = re.compile(
    r"^\W*(напомним|напоминаем|об этом ранее|также ранее сообщалось"
    r"|(как|ранее)\b[^,;:!?\n]{0,50}?\b(сообщал\w*|писал\w*|передавал\w*|информировал\w*|отмечал\w*)"
    r"|справка|справочно|для справки)\b"
    # «Ранее Казахстан и МАГАТЭ продлили …»: what happened before, told as background — but not «Ранее в
    # тот же день …», «Ранее, 12 мая, …» or «Ранее в ходе визита …», which date or frame an event.
    r"|^\W*ранее\b(?!,?\s+(в\s+(тот|этот)\s+же|в\s+течение|днем|утром|вечером|\d|в\s+ходе|в\s+рамках|на\s+полях"
    r"|во\s+время|на\s+(этой|той\s+же)\s+неделе|сегодня|вчера|накануне|в\s+этот\s+день"
    r"|во?\s+(понедельник|вторник|среду|четверг|пятницу|субботу|воскресенье)))",
    re.I,
)
_CONTINUATION = re.compile(
    r"^(В ходе (встречи|беседы|переговоров|визита|консультаций|заседания|мероприятия|обсуждения|разговора|сессии|саммита|форума|конференции|совещания|пленарного)"
    r"|В рамках (встречи|беседы|визита|переговоров)"
    r"|Стороны\b|Собеседники\b|На встрече\b|Во время (встречи|беседы)"
    r"|Кроме того, (на встрече|в ходе|стороны)|Также (стороны|на встрече|в ходе)"
    r"|В завершение|По итогам (встречи|переговоров|беседы|консультаций)"
    r"|Тем(а|ой) (саммита|встречи|конференции|форума|заседания)"
    r"|(Отметим|Стоит отметить|Следует отметить|Заметим),? что"
    r"|(Он|Она|Они)\s|(Казахстанский|Казахский) (дипломат|посол)\b"
    r"|Посол (также|отметил|отметила|подчеркнул|подчеркнула|рассказал|рассказала|проинформировал|проинформировала|пригласил|пригласила)\b"
    r"|Глава (казахстанской )?(дипмиссии|делегации) (также|отметил|отметила|подчеркнул|подчеркнула))"
)
# What someone of the event before said, told without a name: «Глава Правительства отметил, что …»,
# «Глава казахстанского ведомства сообщил, что …», «Министр подчеркнул …».
_SAID = re.compile(
    r"^(Глава|Министр|Вице-министр|Посол|Аким|Председатель|Премьер-министр|Генконсул|Руководитель)"
    r"(\s+(казахстанского|нашего|внешнеполитического|этого|[А-ЯЁ][а-яё]+))?(\s+[а-яё]+)?(\s+(также|в свою очередь))?\s+"
    r"(отметил|отметила|сообщил|сообщила|подчеркнул|подчеркнула|заявил|заявила|рассказал|рассказала|добавил|добавила"
    r"|выразил|выразила|проинформировал|проинформировала|пригласил|пригласила|предложил|предложила)\b"
)
# The same people told on by a word for them: «Участники договорились …», «Чешские парламентарии
# выразили …», «Японская сторона предложила …». Not «Казахстанские дипломаты …», which opens events.
_THEY = re.compile(
    r"^(?!Казахстанск|Казахск|Отечественн)((Участники|Гости|Партнеры|Парламентарии|Делегаты|Коллеги)"
    r"|[А-ЯЁ][а-яё]+(ие|ая)\s+(участники|гости|партнеры|парламентарии|делегаты|коллеги|сторона|делегация)"
    # one of them, not named again: «Испанский дипломат подтвердил …» (a name after it is someone new)
    r"|[А-ЯЁ][а-яё]+(ий|ой|ый|ая)\s+(дипломат|посол|министр|гость|собеседник|собеседница|представитель"
    r"|представительница|коллега)(?=\s+[а-яё]))\s"
    r"(?!(из|от|во главе)\b)"
)
# A paragraph that names a Kazakh envoy afresh starts a new event even after a continuation opener.
_NEW_ENVOY = re.compile(
    r"(посол|послом|посла|генеральн\w+ консул\w*|временн\w+ поверенн\w+|постоянн\w+ представител\w+)"
    r"\s+(Республики\s+)?Казахстана\s+(в|во|при)\s",
    re.I,
)


def _new_envoy(par: str, previous: str, countries_of) -> bool:
    """A Kazakh envoy named afresh, to a country the previous event is not about («…, а посол
    Казахстана в Индии представил…» after talks in New Delhi continues them)."""
    m = _NEW_ENVOY.search(par)
    if not m:
        return False
    if countries_of is None:
        return True
    where = set(countries_of(par[m.end():m.end() + 60].split(",")[0]))
    return not where or not where <= set(countries_of(previous))


# «В ходе / В рамках / Во время / На полях / По итогам …» + a common noun in the genitive: the
# paragraph frames itself by an occasion told just before («Во время церемонии…», «В рамках сессии…»).
_FRAME = re.compile(
    r"^(В ходе|В рамках|Во время|На полях|По итогам|По окончании|По завершении|В завершение|В продолжение)"
    r"((?:\s+[а-яё-]+){1,3})"
)


def _framed(par: str) -> bool:
    m = _FRAME.match(par)
    if not m:
        return False
    words = m.group(2).split()
    for w in words:  # adjectives, then the noun
        if _genitive(w, {"NOUN"}):
            return True
        if not _genitive(w, {"ADJF", "PRTF", "NPRO"}):
            return False
    return False


def _genitive(word: str, pos: set[str]) -> bool:
    return any(p.tag.POS in pos and p.tag.case in ("gent", "gen2") for p in parses(word))


def is_boilerplate(paragraph: str) -> bool:
    """Not an event: service lines, photo credits, recaps of what was reported before."""
    par = paragraph.strip()
    if _RECAP.match(par):
        return True
    return len(par) < 200 and bool(_BOILERPLATE.search(par) or _PHOTO.match(par))


def split_groups(
    paragraphs: list[str], countries_of: Callable[[str], Iterable[str]] | None = None
) -> list[list[int]]:
    """Events as lists of paragraph indexes. `countries_of` tells which countries a text names."""
    groups: list[list[int]] = []
    for i, par in enumerate(paragraphs):
        if is_boilerplate(par):
            continue
        previous = "\n".join(paragraphs[j] for j in groups[-1]) if groups else ""
        if groups and _continues(par, previous, countries_of):
            groups[-1].append(i)
        else:
            groups.append([i])
    return groups


def split_events(paragraphs: list[str], countries_of=None) -> list[str]:
    """Event texts in order (a merged event's paragraphs joined by a newline)."""
    return ["\n".join(paragraphs[i] for i in g) for g in split_groups(paragraphs, countries_of)]


# Openers whose subject is the same parties: no new country can make them a new event.
# A remark («Отметим, что…») is commentary, never an event of its own, whatever it names.
_SAME_PARTIES = re.compile(r"^(Стороны|Собеседники|Участники|Гости|Партнеры|Парламентарии|Делегаты|Коллеги|В ходе (встречи|беседы|переговоров|разговора|консультаций|обсуждения|заседания|совещания|сессии)"
                           r"|(Отметим|Стоит отметить|Следует отметить|Заметим),? что)\b")

# A direct quote with its speaker after a dash («…», — отметил посол): what someone in the event said.
_QUOTE = re.compile(
    r"^[«\"„“][^\n]{10,}?[»\"“”]\s*,?\s*[—–-]\s*(?:[а-яё]+\s+){0,2}?"
    r"(отметил|отметила|подчеркнул|подчеркнула|заявил|заявила|сказал|сказала|добавил|добавила|указал|указала"
    r"|заключил|заключила|резюмировал|резюмировала|говорится|сообщил|сообщила|пояснил|пояснила|считает|уверен|уверена"
    r"|выразил|выразила|констатировал|констатировала|процитировал|цитирует)\b",
    re.I,
)
# An item of a list the paragraph before announced («подписаны:» / «— меморандум …»).
_LIST_ITEM = re.compile(r"^\s*([—–•·*-]|\d{1,2}[.)])\s+")
# The same occasion, told on: who else took part in it («В церемонии также принял участие …»), who
# took part in it named again («X, принимавший участие в консультациях, …»), what it gave
# («По данным консульства, …»).
_SAME_OCCASION = re.compile(
    r"^(В (?:[а-яё]+\s+){0,2}?(церемони|мероприяти|встреч|переговор|консультаци|заседани|работе|открыти|торжеств|прием|прием|форум|конференци|сессии|визит)\w*"
    r"\s+(также\s+)?(принял|приняла|приняли|участвовал|участвовала|участвовали|выступил|выступила|выступили)\b"
    r"|По (данным|информации|сведениям|словам)\s)"
    r"|^[^.]{0,120}?,\s*(принимавш|участвовавш|присутствовавш)\w*\s+(участие\s+)?(в|на)\s+"
    r"(консультаци|переговор|встреч|заседани|мероприяти|церемони|визит|сесси|форум|конференци)",
    re.I,
)


# «Кроме того, в рамках визита…», «Помимо этого, в ходе поездки…»: an additive opener before a frame.
_ADDITIVE_OPENER = r"^(Кроме того|Помимо этого|Помимо того|Также|Вместе с тем|Одновременно),?\s+"
_ADDITIVE = re.compile(_ADDITIVE_OPENER + r"(?=[а-яё])")


# «Е.Бейсенов и И.Ковачевич обсудили …»: the subject is the two sides' people by initials.
_SUBJECT = re.compile(r"^((?:[А-ЯЁ]\.\s?){1,2}[А-ЯЁ][а-яё-]+)(?:\s+и\s+((?:[А-ЯЁ]\.\s?){1,2}[А-ЯЁ][а-яё-]+))?\s+[а-яё]")


def _named_before(par: str, previous: str) -> bool:
    """After «Помимо этого,»: the same people as the event before, named there in full."""
    rest = re.sub(_ADDITIVE_OPENER, "", par)
    m = _SUBJECT.match(rest) if rest != par else None
    if not m or not m.group(2):
        return False  # one of them alone («Кроме того, А.Бейсенбаев прочитал лекцию») is a new event
    surnames = [re.sub(r"^(?:[А-ЯЁ]\.\s?)+", "", g) for g in m.groups() if g]
    return all(_named_in(n, previous) for n in surnames)


# «Казахстанский дипломат Бауыржан Сейткали провел …»: the opener names someone the event before did not.
_NAMED_DIPLOMAT = re.compile(r"^(Казахстанский|Казахский) (дипломат|посол)\s+[А-ЯЁ][а-яё-]+\s+([А-ЯЁ][а-яё-]+)")


def _new_named_diplomat(par: str, previous: str) -> bool:
    m = _NAMED_DIPLOMAT.match(par)
    return bool(m) and not _named_in(m.group(3), previous)


def _named_in(surname: str, text: str) -> bool:
    """The surname in `text` in any case: its stem without the last two letters («Сыздыковым» ~ «Сыздыков»)."""
    return bool(re.search(r"(?<![\w-])" + re.escape(surname[:max(4, len(surname) - 2)]), text))


def _continues(par: str, previous: str, countries_of) -> bool:
    if _QUOTE.match(par) or (_LIST_ITEM.match(par) and (previous.rstrip().endswith(":")
                                                       or _LIST_ITEM.match(previous.rsplit("\n", 1)[-1]))):
        return True  # a quote or a list item belongs to what it quotes or lists, whatever it names
    if _SAME_OCCASION.match(par):  # an envoy named in it took part in that occasion: no new event by itself
        return countries_of is None or set(countries_of(par)) <= set(countries_of(previous))
    rest = _ADDITIVE.sub("", par)
    rest = rest[:1].upper() + rest[1:]
    opens = (_CONTINUATION.match(par) or _CONTINUATION.match(rest) or _framed(rest) or _THEY.match(par)
             or _SAID.match(par) or _named_before(par, previous))
    if not opens or _new_envoy(par, previous, countries_of) or _new_named_diplomat(par, previous):
        return False
    # «Помимо этого, в ходе беседы стороны коснулись …» is the same talk; «Кроме того, в ходе встречи с
    # послом Японии …» names another counterpart.
    same = _SAME_PARTIES.match(par) or (rest != par and _SAME_PARTIES.match(rest) and not re.match(r"^\S+ \S+ \S+ с ", rest))
    if countries_of is None or same:
        return True
    return set(countries_of(par)) <= set(countries_of(previous))
