"""Whose side a named person is on: Kazakhstan's, a foreign one, or not said.

Evidence, strongest first:
1. the person's own title names the country: «посол Казахстана в Индии X», «министр торговли
   Польши X», «X, руководящий посольством Казахстана в …»;
2. a side construction the name stands in: «Казахстанскую делегацию возглавил X», «с казахстанской
   стороны участие приняли X, Y», «японскую — заместитель министра Z»;
3. a title that only Kazakhstan's side holds in our releases, named without a country: «посол по
   особым поручениям», «директор департамента МИД», a national company's chief, or any title
   of the sentence's subject («Вице-министр энергетики X провел переговоры …») when nobody else
   in the sentence is named as Kazakhstan's.
Continuity across mentions and releases is the pipeline's job (`NameBook`).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources

from eventstore.text import normalize, parses
from indexer.analysis.countries import find_countries
from indexer.analysis.orgs import LEGAL_FORM

KZ, FOREIGN = "kz", "foreign"

# Role nouns, as lemmas, that make a person an official.
ROLE_NOUNS = {
    "посол", "консул", "генконсул", "поверенный", "представитель", "министр", "замминистра",
    "заместитель", "советник", "секретарь", "сенатор", "депутат", "председатель", "спикер",
    "глава", "руководитель", "атташе", "дипломат", "директор", "президент", "премьер-министр",
    "вице-министр", "помощник", "начальник", "аким", "посланник", "уполномоченный", "координатор",
    "консультант", "эксперт", "член", "управляющий", "вице-президент", "председатель правления",
    "вице-председатель", "сопредседатель", "генсек", "мэр", "губернатор", "ректор", "президент",
    "эмиссар", "спецпредставитель", "руководящий", "возглавляющий", "генеральный",
    "профессор", "декан", "доцент", "преподаватель", "исследователь", "редактор", "основатель",
}
_ROLE_PREFIXES = ("поверенн", "генконсул", "замминистр", "вице-", "представител", "руководящ", "возглавляющ",
                  "замглав", "замакима", "замдиректор", "замгендиректор", "замруководител", "замначальник", "зампред",
                  "постпред", "зампостпред", "спецпосланник", "полпред")
_ROLE_ADJ = {"генеральный", "постоянный", "временный", "чрезвычайный", "полномочный", "специальный", "первый",
             "исполнительный", "национальный", "старший", "главный", "вице"}
# Titles of the host side by nature: a Kazakh release never calls ours by them without «Казахстана».
_FOREIGN_BY_NATURE = {"мэр", "губернатор", "король", "королева", "принц", "принцесса", "эмир", "шейх", "султан",
                      "бургомистр", "олдермен", "князь", "герцог", "лорд", "префект", "канцлер", "госсекретарь"}
# Titles only Kazakhstan's side holds in our releases even when the country is left out (a senator
# may be anyone's: «встретился с сенатором Стивом Дейнсом»).
_KZ_BY_NATURE = re.compile(
    r"посл\w* по особым поручениям|национальн\w+ координатор\w*|аким\w*|депутат\w* Мажилис\w*"
    r"|(департамент\w*|управлени\w*|комитет\w*)[\w\s-]{0,40}\bМИД\b(?!\s+[А-ЯЁ])",
    re.I,
)
_KZ_MARK = re.compile(r"(?<![\w-])(Казахстан\w*|Қазақстан\w*|РК|Республики Казахстан|казахстанск\w+|казахск\w+|Kazakh\w*|Qazaq\w*)(?![\w-])")
_SENTENCE_END = re.compile(r"[.!?;]\s+(?=[А-ЯЁA-Z«\"])|\n")
# «в Индии», «при Африканском союзе», «на Мальдивах», «по Афганистану»: where a title is held or what
# it deals with, not whose it is.
_WHERE = re.compile(r"(?<![\w-])(в|во|на|при|из|по)\s+((?:Республик\w+|Королевств\w+|Государств\w+|Объединенн\w+|Соединенн\w+)\s+)?"
                    r"([А-ЯЁA-Z][\w-]*\s*){1,4}")


@dataclass(frozen=True)
class Side:
    side: str | None  # KZ, FOREIGN or None
    role: str | None  # the title as written, e.g. «посол Казахстана в Индии»
    strong: bool = False  # named by the title itself, not inferred
    title: str | None = None  # the title next to the name, as written, whatever the side
    rule: str | None = None  # why: "side:title", "side:delegation", "side:by-nature", "side:subject"
    span: tuple[int, int] | None = None  # the words that said it (characters of the text)


@lru_cache(maxsize=1)
def kazakh_organizations() -> tuple[re.Pattern, ...]:
    """National companies, chambers and state bodies (indexer/data/kz_orgs.tsv)."""
    text = resources.files("indexer").joinpath("data", "kz_orgs.tsv").read_text("utf-8")
    names = [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]
    # The first letter as listed, the rest in any case: «КазТрансОйл» is «Казтрансойл».
    return tuple(re.compile(r"(?<![\w-])" + re.escape(n[0]) + "(?i:" + re.escape(n[1:]).replace(r"\ ", r"\s+") + r")[\w-]*")
                 for n in names)


# A quoted company named on the «Каз-» stem, as Kazakhstan's national companies are («Казмортрансфлот»).
_KAZ_COMPANY = re.compile(r"«\s*(?:Каз(?!ан|нач)|Kaz|Qaz)[\w-]+")


def _kazakh_body(phrase: str) -> bool:
    return bool(_KAZ_COMPANY.search(phrase)) or any(p.search(phrase) for p in kazakh_organizations())


def _whose(phrase: str) -> str | None:
    """KZ or FOREIGN if a title phrase names its country («посол Японии», «японский министр»)."""
    own = _WHERE.sub(" ", phrase)
    if _KZ_MARK.search(own) or _kazakh_body(own):
        return KZ
    if find_countries(own):
        return FOREIGN
    if _CHAMBER.search(own):
        return KZ  # «заместитель Председателя Сената»: a chamber with no country named is ours
    return None


_CHAMBER = re.compile(r"(?<![\w-])(Сенат|Парламент|Мажилис)\w*")


def _lemma(word: str) -> str:
    return normalize(parses(word.lower())[0].normal_form)


def _is_role(word: str) -> bool:
    low = word.lower()
    # «статс-секретарь», «экс-министр»: a compound is a title when its last part is one.
    return _lemma(word) in ROLE_NOUNS or low.startswith(_ROLE_PREFIXES) or (
        "-" in low and _lemma(low.rsplit("-", 1)[1]) in ROLE_NOUNS)


def _is_verb(word: str) -> bool:
    p = parses(word.lower())[0]
    return p.tag.POS in ("VERB", "INFN") or (p.tag.POS == "PRTS")


def _clause_start(text: str, start: int) -> int:
    cut = 0
    for m in _SENTENCE_END.finditer(text, 0, start):
        cut = m.end()
    return cut


@dataclass(frozen=True)
class Title:
    phrase: str  # from the first title word to just before the name
    head: str  # the title noun as written («послом»)
    nominative: bool
    start: int = 0  # where the phrase starts in the text
    agent: bool = False  # a genitive after a meeting noun: «переговоры вице-министра X с …»


@lru_cache(maxsize=4096)  # asked for a name's side and again for its case
def title_before(text: str, start: int, floor: int = 0) -> Title | None:
    """The title right before a name in its clause: «… генеральным консулом Казахстана в Шанхае X»."""
    lo = max(floor, _clause_start(text, start), start - 200)
    window = text[lo:start]
    words = list(re.finditer(r"[\w-]+", window))
    for k in range(len(words) - 1, -1, -1):
        w = words[k].group()
        if _is_verb(w) and not w.lower().startswith(("руководящ", "возглавляющ")):
            return None  # «X провел встречу с Y»: a title before the verb is another subject's
        if not _is_role(w):
            continue
        first = k
        while first > 0 and (_lemma(words[first - 1].group()) in _ROLE_ADJ | ROLE_NOUNS
                             or _is_role(words[first - 1].group()) or _country_adjective(words[first - 1].group())):
            first -= 1
        phrase = window[words[first].start():].strip(" ,–—-")
        # The chain's first noun governs: «заместителем министра» is in the instrumental.
        w = next((x.group() for x in words[first:k + 1] if parses(x.group().lower())[0].tag.POS == "NOUN"), w)
        head = parses(w.lower())[0]
        governor = _lemma(words[first - 1].group()) if first > 0 else ""
        # «встреча посла X»: «посла» reads as accusative too; after a meeting noun it is the genitive.
        agent = governor in _MEETINGS and any(p.tag.case in ("gent", "gen2") for p in parses(w.lower())
                                              if p.tag.POS == "NOUN")
        return Title(phrase, w, head.tag.case == "nomn", lo + words[first].start(), agent)
    return None


def _country_adjective(word: str) -> bool:
    """«казахстанского посла», «японским послом»: an adjective of a country in a title chain."""
    if not re.search(r"(ск|цк)(ий|ого|ому|им|ом|ая|ой|ую|ие|их|им|ими)$", word.lower()):
        return False
    return bool(_KZ_MARK.fullmatch(word) or find_countries(word))


def plural_title(phrase: str | None) -> bool:
    """«депутаты», «послами Казахстана в …»: a title shared by the names listed after it."""
    nouns = [p for w in re.findall(r"[\w-]+", phrase or "") for p in parses(w.lower())[:1] if p.tag.POS == "NOUN"]
    return bool(nouns) and nouns[0].tag.number == "plur"


# Nouns whose genitive names who holds them — the event's subject: «переговоры вице-министра X с Y».
_MEETINGS = {"переговоры", "встреча", "визит", "беседа", "консультация", "выступление", "поездка", "лекция",
             "участие"}  # «с участием вице-министра X»


_APPOSITION = re.compile(r"^\s*(?:,|\(|[–—-])\s*([^,()]{3,160})")


def title_after(text: str, stop: int, bound: int | None = None) -> str | None:
    """«X, руководящий посольством Казахстана в Египте,» / «X (посол Японии)»: a title after the name —
    not the title of the next name in a list («X, министр экономики Грузии Y и …»; `bound`: where
    the next name starts)."""
    m = _APPOSITION.match(text[stop:stop + 170])
    if not m or bound is not None and stop + m.start(1) <= bound < stop + m.end(1):
        return None
    words = re.findall(r"[\w-]+", m.group(1))
    if words and _is_role(words[0]) or (len(words) > 1 and _lemma(words[0]) in _ROLE_ADJ and _is_role(words[1])):
        return m.group(1).strip()
    return None


# «Казахстанскую делегацию возглавил», «с казахстанской стороны», «казахстанскую часть комиссии —»,
# «японскую — », «со стороны Японии», «делегацию Японии возглавил».
_SIDE_NOUN = r"(?i:делегаци\w*|сторон\w*|част(?:ь|и|ью)(?![\w-])|групп\w*|команд\w*)"  # «Делегацию РК» opens sentences too
_SIDE = re.compile(
    # «казахстанскую делегацию», «с японской стороны»: an adjective of a country with a side noun …
    r"(?P<adj>(?<![\w-])[а-яёА-ЯЁ]+(?:ск|цк)(?:ая|ую|ой|ое|ий|ие|их)\s+" + _SIDE_NOUN + r")"
    # … or alone before a dash or a verb of leading: «японскую — X», «турецкую возглавил X»
    r"|(?P<bare>(?<![\w-])[а-яёА-ЯЁ]+(?:ск|цк)(?:ая|ую|ой|ое|ий|ие|их))(?=\s*[–—-](?:\s|$)|\s+(?:возглав|представля))"
    # «делегацию Японии возглавил», «со стороны Турции»
    r"|(?P<gen>(?<![\w-])" + _SIDE_NOUN + r"\s+(?P<country>[А-ЯЁ][\w-]+(?:\s+[А-ЯЁ][\w-]+)?))",
)


# Kazakhstan's side with no side noun: «Казахстан на заседании представляли X и Y», «Интересы нашей
# страны отстаивал X», «группа депутатов во главе с X» (deputies with no other parliament named).
_OUR_SIDE = re.compile(
    r"(?<![\w-])(?:(?:Казахстан|Республику Казахстан|нашу страну|нашу республику"
    r"|(?:[Ии]нтересы|[Пп]озицию)\s+(?:Казахстана|РК|Республики Казахстан|нашей страны))"
    r"\b[^.;:!?]{0,60}?\b(?:представлял|представляла|представляли|отстаивал|отстаивала|отстаивали"
    r"|изложил|изложила|озвучил|озвучила)"
    r"|(?:[Гг]рупп\w*|[Дд]елегаци\w*)\s+(?:депутатов|сенаторов|парламентариев)"
    r"(?:\s+(?:Мажилиса|Сената|Парламента)(?:\s+(?:РК|Казахстана|Республики Казахстан))?)?(?!\s+[А-ЯЁA-Z]))"
)


def side_scopes(text: str) -> list[tuple[int, int, str]]:
    """(start, stop, side) spans of a text that a side construction assigns to Kazakhstan or abroad.

    A scope runs from the construction to the end of its sentence, to the next construction, or to
    the first verb that is not one of joining or leading the side: in «казахстанская делегация
    провела переговоры с X» and «делегацию РК во главе с Y принимала Z», X and Z are the hosts.
    """
    marks = []
    for m in _SIDE.finditer(text):
        if m.group("country"):
            whose = _whose_side(text[m.start("country"):m.start("country") + 80])
        else:
            words = m.group("adj") or m.group("bare")
            whose = KZ if _KZ_MARK.search(words) else FOREIGN if find_countries(words) else None
            if whose is None and m.group("bare") and marks and marks[-1][2] == KZ \
                    and _clause_start(text, marks[-1][0]) == _clause_start(text, m.start()):
                whose = FOREIGN  # «казахстанская сторона — X, европейская — Y»: the other side
        if whose is not None:
            marks.append((m.start(), m.end(), whose))
    marks += [(m.start(), m.end(), KZ) for m in _OUR_SIDE.finditer(text)]
    marks.sort()
    scopes = []
    for i, (pos, end, whose) in enumerate(marks):
        stop = len(text)
        nxt = _SENTENCE_END.search(text, pos)
        if nxt:
            stop = nxt.start()
        if i + 1 < len(marks):
            stop = min(stop, marks[i + 1][0])
        contrast = _CONTRAST.search(text, end, stop)
        if contrast:
            stop = contrast.start()  # «…возглавил X, а в работе принял участие Y»: Y is no member
        scopes.append((pos, _other_verb(text, end, stop), whose))
    return scopes


_CONTRAST = re.compile(r",\s+(?:а(?!\s+также)|но|тогда как|в то время как)\s")
# Verbs (lemmas) of joining, leading or speaking for a side: its members come after them.
_MEMBERSHIP = {"возглавить", "возглавлять", "представить", "представлять", "выступить", "выступать", "участвовать",
               "войти", "входить", "быть", "находиться", "присутствовать", "состоять", "руководить", "работать",
               "исполнять"}


def _mark_span(text: str, pos: int) -> tuple[int, int]:
    """The words of the side construction at `pos`: «казахстанской стороны», «делегацию АО «НК «КТЖ»»»."""
    ours = _OUR_SIDE.match(text, pos)
    if ours is not None:
        return pos, ours.end()  # «Казахстан на заседании представляли»
    m = _SIDE.match(text, pos)
    if m is None:
        return pos, pos
    if not m.group("country"):
        dash = re.match(r"\s*[–—-](?=\s)", text[m.end():])  # «казахстанскую –»: the dash says it too
        return pos, m.end() + (dash.end() if dash and m.group("bare") else 0)
    # To the end of what named Kazakhstan in it («стороны Казахстана», «делегация АО «НК «КТЖ»»).
    name = _SIDE_NAME_END.split(text[m.start("country"):m.start("country") + 80])[0]
    said = [x.end() for x in [_KZ_MARK.search(name), *(p.search(name) for p in kazakh_organizations())] if x]
    # Nothing in it names Kazakhstan by itself (a Kazakh legal form, a national company's other
    # spelling): the whole name is what said it.
    end = max(m.end(), m.start("country") + (min(said) if said else len(name.rstrip())))
    while text.count("«", pos, end) > text.count("»", pos, end) and "»" in text[end:m.start("country") + len(name)]:
        end = text.index("»", end) + 1  # the quoted name whole
    quoted = re.match(r"\s*«[^»]*»+", text[end:m.start("country") + len(name)])
    if quoted and LEGAL_FORM.fullmatch(text[m.start("country"):end].strip() + " "):
        end += quoted.end()  # «делегация НПП «Атамекен»»: the form and the name it stands before
    return pos, end


# Where `_whose_side` stops reading the name (and a paragraph's end).
_SIDE_NAME_END = re.compile(r"[,.;:()–—\n]|\sво главе|\sпод руководством")


def _titled_participle(p) -> bool:
    nom = p.inflect({"nomn", "sing", "masc"})
    return bool(nom) and (nom.word in ROLE_NOUNS or nom.word.startswith(_ROLE_PREFIXES))


def _other_verb(text: str, lo: int, hi: int) -> int:
    """Where the first verb between lo and hi that is not of membership starts, else hi."""
    words = list(re.finditer(r"[а-яё]+", text[lo:hi]))
    for k, w in enumerate(words):
        p = parses(w.group())[0]
        if p.tag.POS not in ("VERB", "PRTF", "GRND") or (p.tag.POS == "PRTF" and _titled_participle(p)):
            continue  # «во главе с управляющим директором»: a participle that is a title
        # «…представляла X, обсудившая с Y»: a participle or gerund of another action ends the side too.
        verb = p.inflect({"INFN"}) if p.tag.POS != "VERB" else None
        if normalize(verb.word if verb else p.normal_form) in _MEMBERSHIP or (p.tag.POS != "VERB" and verb is None):
            continue
        near = {x.group() for x in words[max(0, k - 1):k + 2]}
        if normalize(p.normal_form) in ("принять", "принимать") and "участие" in near:
            continue  # «участие приняли X и Y»
        return lo + w.start()
    return hi


def _whose_side(after: str) -> str | None:
    """The side of «делегация / со стороны <name…>»: Kazakhstan's, a country's, or any other proper
    name's (a company, a union: not Kazakhstan's); a common noun («Министерства …») says nothing alone."""
    phrase = LEGAL_FORM.sub("", re.split(r"[,.;:()–—]|\sво главе|\sпод руководством", after)[0])
    if _KZ_MARK.search(phrase) or _kazakh_body(phrase):
        return KZ
    if find_countries(phrase):
        return FOREIGN
    first = phrase.split()[0] if phrase.split() else ""
    if any(p.tag.POS == "NOUN" and not {"Geox", "Orgn", "Name", "Surn"} & set(p.tag.grammemes)
           for p in parses(first.lower())[:1]) and re.search(r"[а-яё]", first):
        # «делегация Министерства торговли и интеграции»: a ministry named without a country is
        # ours in a Kazakh release, as a bare «МИД» is.
        return KZ if _lemma(first) in ("министерство", "ведомство") else None
    return FOREIGN


def sentence_of(text: str, pos: int) -> int:
    """The start of the sentence holding `pos` (to compare two positions)."""
    return _clause_start(text, pos)


def side_of(text: str, start: int, stop: int, floor: int, scopes, bound: int | None = None) -> Side:
    """The side of the person named at text[start:stop], with the title next to the name (`bound`:
    where the next name starts)."""
    before = title_before(text, start, floor)
    after = title_after(text, stop, bound)
    return replace(_side(text, start, before, after, scopes), title=before.phrase if before else after)


def _side(text: str, start: int, before: Title | None, after: str | None, scopes) -> Side:
    spans = [(before.start, before.start + len(before.phrase))] if before else []
    if after:
        spans.append((text.find(after, start), text.find(after, start) + len(after)))
    for title, span in zip(([before.phrase] if before else []) + ([after] if after else []), spans):
        whose = _whose(title)
        if whose:
            return Side(whose, _role_nominative(title) if whose == KZ else None, strong=True, rule="side:title", span=span)
    if before is not None:
        # «посол Казахстана в Бельгии, глава миссии при Евросоюзе X»: titles listed for one person.
        comma = text[:before.start].rstrip()
        listed = title_before(text, len(comma) - 1) if comma.endswith(",") else None
        if listed is not None and listed.start + len(listed.phrase) >= len(comma) - 1 and _whose(listed.phrase) == KZ:
            return Side(KZ, _role_nominative(listed.phrase), strong=True, rule="side:title",
                        span=(listed.start, listed.start + len(listed.phrase)))
    scope = next(((a, s) for a, b, s in scopes if a <= start < b), None)
    role = _role_nominative(before.phrase) if before else None
    if scope:
        return Side(scope[1], role if scope[1] == KZ else None, strong=True, rule="side:delegation",
                    span=_mark_span(text, scope[0]))
    if before is None:
        return Side(None, None)
    head = _lemma(before.head)
    if head in _FOREIGN_BY_NATURE or any(_lemma(w) in _FOREIGN_BY_NATURE for w in re.findall(r"[\w-]+", before.phrase)):
        return Side(FOREIGN, None)  # «мэр Гааги», «председатель группы … лорд»
    if _KZ_BY_NATURE.search(before.phrase):
        return Side(KZ, role, rule="side:by-nature", span=spans[0])
    if (before.nominative or before.agent) and head not in _NOT_OFFICE and not _names_another_body(before.phrase) \
            and not _refers_to_another_body(text, before):
        return Side(KZ, role, rule="side:subject", span=spans[0])
    return Side(None, None)


# Titles that are no state office: their holders are not Kazakhstan's officials by default.
_NOT_OFFICE = {"эксперт", "член", "глава", "ректор", "профессор", "доктор", "консультант"}
_KZ_NAME = re.compile(_KZ_MARK.pattern + r"(?:\s+[A-ZА-ЯЁ][\w-]*)*")  # «Kazakh Invest»


# Nouns that stand for an organization named before: «… Евразийского банка развития … заместитель
# председателя правления банка X».
_BODY_NOUNS = {"банк", "компания", "палата", "университет", "группа", "фонд", "агентство", "корпорация",
               "организация", "секретариат", "институт", "концерн", "холдинг", "биржа", "ассоциация",
               "структура", "программа", "бюро", "офис"}


def _refers_to_another_body(text: str, title: Title) -> bool:
    """The title ends in «банка», «компании» and the event named that body before, not as ours."""
    last = re.findall(r"[\w-]+", title.phrase)[-1]
    noun = _lemma(last)
    if noun not in _BODY_NOUNS:
        return False
    # Named earlier in the event, in this sentence or before it («… Структурой «ООН-женщины». В обсуждении
    # участвовала представитель структуры X»).
    sentence = text[:title.start]
    words = list(re.finditer(r"[\w«»\"-]+", sentence))
    for k, w in enumerate(words):
        if _lemma(w.group().strip("«»\"")) != noun:
            continue
        near = " ".join(x.group() for x in words[max(1, k - 3):k + 4])
        if re.search(r"(?<![\w-])[A-ZА-ЯЁ]", near) and not (_KZ_MARK.search(near) or _kazakh_body(near)):
            return True
    return False


# State bodies a Kazakh release names without the country when they are Kazakhstan's («специальный
# представитель Президента», «комитет Сената»), and organs named by what they are («Комитета по …»).
_OWN_STATE = {"мид", "президент", "правительство", "парламент", "сенат", "мажилис", "администрация",
              "премьер-министр", "комитет", "комиссия", "департамент", "управление", "совет",
              # a mission named without a country: «руководитель Представительства при ЕС»
              "представительство", "посольство", "консульство", "генконсульство", "миссия"}
# A company written with a Kazakh legal form and no country: «председатель правления АО «КазТрансОйл»».
_KZ_COMPANY = re.compile(r"(?<![\w-])(?:АО|АҚ|НК|НАК|ТОО|ЖШС)\s*(?:«[^»]*»+|\"[^\"]*\")")


def _names_another_body(phrase: str) -> bool:
    """A title that names a body (a capitalized word after the title noun) other than Kazakhstan's —
    «депутат Бундестага», «заместитель генерального секретаря ОЭСР» — is not ours by default."""
    own = _KAZ_COMPANY.sub(" ", _KZ_COMPANY.sub(" ", _KZ_NAME.sub(" ", _WHERE.sub(" ", phrase))))
    for p in kazakh_organizations():
        own = p.sub(" ", own)
    words = re.findall(r"[\w-]+", own)[1:]
    # An adjective of one of those bodies is part of its name: «Постоянного представительства».
    return any(w[:1].isupper() and _lemma(w) not in _OWN_STATE and not _geographic(w)
               and not (k + 1 < len(words) and _lemma(words[k + 1]) in _OWN_STATE
                        and parses(w.lower())[0].tag.POS == "ADJF")
               for k, w in enumerate(words))


def _geographic(word: str) -> bool:
    """A region or department word, no body of its own: «директор департамента Азии и Тихоокеанского региона»."""
    from indexer.analysis.countries import regions

    low = word.lower()
    if _lemma(low) == "департамент" or any("Geox" in p.tag.grammemes for p in parses(low)[:2]):
        return True
    return any(_lemma(low) in key for key in regions())


@lru_cache(maxsize=65_536)
def _role_nominative(phrase: str) -> str:
    """«послом Казахстана в Эфиопии, постоянным представителем …» → the last title, in the nominative."""
    parts = [p.strip() for p in re.split(r",\s*", phrase) if p.strip()]
    for p in reversed(parts):
        first = p.split()[0].lower() if p.split() else ""
        if _lemma(first) in ROLE_NOUNS | _ROLE_ADJ or first.startswith(_ROLE_PREFIXES):
            phrase = p
            break
    words = phrase.split()
    adjs, out = [], []
    for i, w in enumerate(words):
        p = parses(w.lower())[0]
        if p.tag.POS in ("ADJF", "PRTF") and not out and not w.lower().startswith(("руководящ", "возглавляющ")):
            adjs.append(p)
            continue
        if p.tag.POS == "NOUN":
            head = p.inflect({"nomn", "sing"}) or p
            gender = head.tag.gender or "masc"
            out = [(a.inflect({"nomn", "sing", gender}) or a).word for a in adjs] + [head.word] + words[i + 1:]
        else:
            out = [(a.inflect({"nomn", "sing", "masc"}) or a).word for a in adjs] + words[i:]
        break
    return " ".join(out or words).strip(" ,.")


_PREPOSITION_CASE = {"с": "Ins", "со": "Ins", "между": "Ins", "перед": "Ins", "за": "Ins", "у": "Gen", "от": "Gen",
                     "для": "Gen", "без": "Gen", "из": "Gen", "до": "Gen", "к": "Dat", "ко": "Dat", "по": "Dat",
                     "о": "Loc", "об": "Loc", "при": "Loc"}
_NATASHA_CASE = {"nomn": "Nom", "gent": "Gen", "gen2": "Gen", "datv": "Dat", "accs": "Acc", "acc2": "Acc",
                 "ablt": "Ins", "loct": "Loc", "loc2": "Loc"}


_ACTING = re.compile(r"(?<![\w-])((?:временно\s+)?исполняющ[а-яё]+)\s+обязанност[а-яё]+\s+$", re.I)


def name_case(text: str, start: int, floor: int = 0) -> str | None:
    """The case a name must be in, from its title noun or preposition («с послом X» → Ins), or None."""
    window = text[max(floor, start - 200):start]
    words = list(re.finditer(r"[\w-]+", window))
    if not words:
        return None
    last = words[-1].group().lower()
    if last in _PREPOSITION_CASE and window[words[-1].end():].strip() == "":
        return _PREPOSITION_CASE[last]
    title = title_before(text, start, floor)
    if title is None:
        return None
    acting = _ACTING.search(text[max(floor, title.start - 40):title.start])
    if acting:  # «с исполняющим обязанности министра X»: the participle carries the name's case
        found = [p for p in parses(acting.group(1).lower()) if p.tag.POS == "PRTF" and p.tag.number == "sing"]
        options = {_NATASHA_CASE.get(p.tag.case) for p in found} - {None}
        return options.pop() if len(options) == 1 else None
    found = [p for p in parses(title.head.lower()) if p.tag.POS in ("NOUN", "PRTF")]
    # One person's title is singular («аким» is also a plural first name to the dictionary).
    found = [p for p in found if p.tag.number != "plur"] or found
    options = {_NATASHA_CASE.get(p.tag.case) for p in found} - {None}
    if options == {"Gen", "Acc"}:
        # Same endings for masculine animate nouns: the word governing the title tells them apart
        # («приняла посла … Огуру» — accusative; «встреча посла», «у посла» — genitive).
        return "Acc" if _transitive_before(text, title.start) else "Gen"
    return options.pop() if len(options) == 1 else None


def _transitive_before(text: str, pos: int) -> bool:
    """Whether the word governing the title at `pos` is a transitive verb, looking past place and time
    phrases («приняла в Астане посла», «принял 5 мая посла»); a common noun right before the title
    governs it itself («под председательством представителя»)."""
    words = re.findall(r"[\w-]+", text[_clause_start(text, pos):pos])[-6:]
    i = len(words) - 1
    while i >= 0:
        p = parses(words[i].lower())[0]
        if p.tag.POS == "PREP":
            return False  # «у посла»: the title is the preposition's
        if i > 0 and words[i][:1].isupper() and parses(words[i - 1].lower())[0].tag.POS == "PREP":
            i -= 2  # «в Астане»
            continue
        if p.tag.POS == "ADVB" or _BETWEEN.match(words[i].lower()):
            i -= 1
            continue
        return p.tag.POS in ("VERB", "INFN", "GRND", "PRTF") and "tran" in p.tag.grammemes
    return False


# Words that may stand between a subject and its verb: «Ж.Сапаров 2 октября провел», «X также отметил».
_BETWEEN = re.compile(r"^(\d{1,4}|" + "|".join(["января", "февраля", "марта", "апреля", "мая", "июня", "июля",
                      "августа", "сентября", "октября", "ноября", "декабря", "года", "также", "вчера", "сегодня",
                      "накануне", "впервые", "лично", "уже"]) + r")$")


def name_form(text: str, start: int, stop: int, floor: int = 0) -> tuple[str | None, str | None]:
    """The case and, when the sentence shows it, the gender of the name at text[start:stop].

    The case comes from the title or preposition before the name; failing that, from what follows
    it: a verb agreeing with it as the subject («А.Сейдуалиева провела») or a participle set off by a
    comma («Жанар Байгожина, руководящая посольством») — nominative, and of the verb's gender.
    """
    case = name_case(text, start, floor)
    if case not in (None, "Nom"):
        return case, None
    agreeing = _agreeing_after(text, stop)
    if agreeing is None:
        return case, None
    return "Nom", agreeing.tag.gender if agreeing.tag.gender in ("masc", "femn") else None


def _agreeing_after(text: str, stop: int):
    """The verb (or a participle after a comma) the name is the subject of, as a pymorphy parse."""
    after = text[stop:stop + 120]
    m = re.match(r"\s*,\s*([а-яё]+)", after)
    if m:
        p = next((q for q in parses(m.group(1)) if q.tag.POS == "PRTF"), None)
        return p if p is not None and p.tag.case == "nomn" and p.tag.number == "sing" else None
    for w in re.findall(r"[\w-]+|[^\w\s]", after)[:5]:
        if _BETWEEN.match(w.lower()):
            continue
        p = parses(w.lower())[0]
        ok = p.tag.POS == "VERB" and p.tag.number == "sing" and p.tag.mood == "indc" and p.tag.person in (None, "3per")
        return p if ok else None
    return None
