"""Deterministic generator of benchmark releases in the seed's format (benchmarks only, never gold).

    python benchmarks/generate.py --releases 1000 --out benchmarks/out/corpus-1k [--seed 42]
    python benchmarks/generate.py --documents 100000 --store benchmarks/out/events-100k.sqlite3

`--releases` writes release files for the real indexer. `--documents` skips natasha and writes
event documents straight into a store (the generator knows every facet it put in), which is how
the 100k and 1M search stores are built in reasonable time.
"""
from __future__ import annotations

import argparse
import random
import re
import sys
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# code, nominative, genitive, prepositional, adjective (genitive plural), a city (prepositional)
COUNTRIES = [
    ("CN", "Китай", "Китая", "Китае", "китайских", "Пекине"), ("RU", "Россия", "России", "России", "российских", "Москве"),
    ("TR", "Турция", "Турции", "Турции", "турецких", "Анкаре"), ("US", "США", "США", "США", "американских", "Вашингтоне"),
    ("DE", "Германия", "Германии", "Германии", "немецких", "Берлине"), ("UZ", "Узбекистан", "Узбекистана", "Узбекистане", "узбекских", "Ташкенте"),
    ("KR", "Республика Корея", "Республики Корея", "Республике Корея", "корейских", "Сеуле"), ("JP", "Япония", "Японии", "Японии", "японских", "Токио"),
    ("IN", "Индия", "Индии", "Индии", "индийских", "Нью-Дели"), ("FR", "Франция", "Франции", "Франции", "французских", "Париже"),
    ("GB", "Великобритания", "Великобритании", "Великобритании", "британских", "Лондоне"), ("IT", "Италия", "Италии", "Италии", "итальянских", "Риме"),
    ("AE", "ОАЭ", "ОАЭ", "ОАЭ", "эмиратских", "Абу-Даби"), ("SA", "Саудовская Аравия", "Саудовской Аравии", "Саудовской Аравии", "саудовских", "Эр-Рияде"),
    ("KW", "Кувейт", "Кувейта", "Кувейте", "кувейтских", "Эль-Кувейте"), ("QA", "Катар", "Катара", "Катаре", "катарских", "Дохе"),
    ("EG", "Египет", "Египта", "Египте", "египетских", "Каире"), ("IR", "Иран", "Ирана", "Иране", "иранских", "Тегеране"),
    ("PK", "Пакистан", "Пакистана", "Пакистане", "пакистанских", "Исламабаде"), ("AZ", "Азербайджан", "Азербайджана", "Азербайджане", "азербайджанских", "Баку"),
    ("KG", "Киргизия", "Киргизии", "Киргизии", "киргизских", "Бишкеке"), ("TJ", "Таджикистан", "Таджикистана", "Таджикистане", "таджикских", "Душанбе"),
    ("TM", "Туркменистан", "Туркменистана", "Туркменистане", "туркменских", "Ашхабаде"), ("PL", "Польша", "Польши", "Польше", "польских", "Варшаве"),
    ("HU", "Венгрия", "Венгрии", "Венгрии", "венгерских", "Будапеште"), ("CZ", "Чехия", "Чехии", "Чехии", "чешских", "Праге"),
    ("SK", "Словакия", "Словакии", "Словакии", "словацких", "Братиславе"), ("AT", "Австрия", "Австрии", "Австрии", "австрийских", "Вене"),
    ("ES", "Испания", "Испании", "Испании", "испанских", "Мадриде"), ("NL", "Нидерланды", "Нидерландов", "Нидерландах", "нидерландских", "Гааге"),
    ("BE", "Бельгия", "Бельгии", "Бельгии", "бельгийских", "Брюсселе"), ("SE", "Швеция", "Швеции", "Швеции", "шведских", "Стокгольме"),
    ("FI", "Финляндия", "Финляндии", "Финляндии", "финских", "Хельсинки"), ("NO", "Норвегия", "Норвегии", "Норвегии", "норвежских", "Осло"),
    ("MY", "Малайзия", "Малайзии", "Малайзии", "малайзийских", "Куала-Лумпуре"), ("SG", "Сингапур", "Сингапура", "Сингапуре", "сингапурских", "Сингапуре"),
    ("VN", "Вьетнам", "Вьетнама", "Вьетнаме", "вьетнамских", "Ханое"), ("TH", "Таиланд", "Таиланда", "Таиланде", "тайских", "Бангкоке"),
    ("ID", "Индонезия", "Индонезии", "Индонезии", "индонезийских", "Джакарте"), ("MN", "Монголия", "Монголии", "Монголии", "монгольских", "Улан-Баторе"),
    ("AU", "Австралия", "Австралии", "Австралии", "австралийских", "Канберре"), ("CA", "Канада", "Канады", "Канаде", "канадских", "Оттаве"),
    ("BR", "Бразилия", "Бразилии", "Бразилии", "бразильских", "Бразилиа"), ("ZA", "ЮАР", "ЮАР", "ЮАР", "южноафриканских", "Претории"),
    ("ET", "Эфиопия", "Эфиопии", "Эфиопии", "эфиопских", "Аддис-Абебе"), ("NG", "Нигерия", "Нигерии", "Нигерии", "нигерийских", "Абудже"),
    ("JO", "Иордания", "Иордании", "Иордании", "иорданских", "Аммане"), ("IL", "Израиль", "Израиля", "Израиле", "израильских", "Иерусалиме"),
    ("GE", "Грузия", "Грузии", "Грузии", "грузинских", "Тбилиси"), ("AM", "Армения", "Армении", "Армении", "армянских", "Ереване"),
    ("BY", "Беларусь", "Беларуси", "Беларуси", "белорусских", "Минске"), ("UA", "Украина", "Украины", "Украине", "украинских", "Киеве"),
    ("RS", "Сербия", "Сербии", "Сербии", "сербских", "Белграде"), ("GR", "Греция", "Греции", "Греции", "греческих", "Афинах"),
    ("CH", "Швейцария", "Швейцарии", "Швейцарии", "швейцарских", "Берне"), ("OM", "Оман", "Омана", "Омане", "оманских", "Маскате"),
    ("BH", "Бахрейн", "Бахрейна", "Бахрейне", "бахрейнских", "Манаме"), ("LV", "Латвия", "Латвии", "Латвии", "латвийских", "Риге"),
    ("LT", "Литва", "Литвы", "Литве", "литовских", "Вильнюсе"), ("EE", "Эстония", "Эстонии", "Эстонии", "эстонских", "Таллине"),
]
KZ_FIRST = ["Ерлан", "Нурлан", "Асхат", "Берик", "Марат", "Серик", "Даурен", "Галым", "Кайрат", "Бауыржан", "Аскар", "Тимур",
            "Ержан", "Мурат", "Алмас", "Рустем", "Талгат", "Дамир", "Айбек", "Болат"]
KZ_SUR = ["Абенов", "Байжанов", "Сатпаев", "Омаров", "Жумабеков", "Кенжебаев", "Исабеков", "Кадыров", "Нургалиев", "Сембаев",
          "Мусабаев", "Ашимов", "Оспанов", "Бейсенбаев", "Жалгасбаев", "Курманов", "Сейтказин", "Тулегенов", "Иманбаев", "Ахметов",
          "Бекмуханов", "Жанузаков", "Смадияров", "Кабдешев", "Шокыбаев", "Сагындыков", "Досанов", "Есенов", "Калиев", "Мухамеджанов"]
FOREIGN_FIRST = ["Ахмед", "Йохан", "Пьер", "Марко", "Ли", "Хасан", "Томас", "Карл", "Давид", "Мигель", "Ян", "Петер", "Омар", "Виктор", "Стефан"]
FOREIGN_SUR = ["Шмидт", "Дюбуа", "Росси", "Ван", "Юсуф", "Новак", "Ким", "Танака", "Гарсия", "Берг", "Хоффман", "Ларсен", "Коваль", "Петерс", "Силва",
               "Мартин", "Хаддад", "Озтюрк", "Нгуен", "Сингх"]
KZ_ROLES = ["посол Казахстана в {prep}", "временный поверенный в делах Казахстана в {prep}", "генеральный консул Казахстана в {city}"]
KZ_ROLES_INS = ["послом Казахстана в {prep}", "временным поверенным в делах Казахстана в {prep}", "генеральным консулом Казахстана в {city}"]
FOREIGN_ROLES_INS = ["министром иностранных дел {gen}", "заместителем министра экономики {gen}", "председателем торговой палаты {gen}",
                     "мэром столицы {gen}", "генеральным директором департамента МИД {gen}", "министром энергетики {gen}",
                     "вице-спикером парламента {gen}", "руководителем инвестиционного агентства {gen}"]
# Topic sentences are composed from slots, so words have a realistic spread of frequencies:
# a few (сотрудничество, стороны) are in most events, sector words in a few percent.
SECTORS = ["энергетики", "нефтегазовой отрасли", "сельского хозяйства", "цифровизации", "транспорта и логистики",
           "образования", "здравоохранения", "туризма", "культуры", "горнодобывающей промышленности", "машиностроения",
           "фармацевтики", "водных ресурсов", "экологии", "информационной безопасности", "космической деятельности",
           "финансов", "строительства", "металлургии", "химической промышленности", "атомной энергетики",
           "зеленой экономики", "искусственного интеллекта", "спорта", "науки и технологий", "инвестиций",
           "таможенного администрирования", "трудовой миграции", "консульской работы", "гуманитарных связей",
           "возобновляемых источников энергии", "пищевой промышленности", "текстильной промышленности", "авиации",
           "железнодорожных перевозок", "морских перевозок", "телекоммуникаций", "банковского дела",
           "молодежной политики", "здравоохранения и фармацевтики", "геологоразведки", "животноводства",
           "переработки зерна", "ветеринарии", "биотехнологий", "электронной торговли", "кибербезопасности"]
ISSUES = ["региональной безопасности", "ситуации в Афганистане", "водно-энергетического баланса в Центральной Азии",
          "изменения климата", "продовольственной безопасности", "нераспространения ядерного оружия",
          "борьбы с международным терроризмом", "противодействия незаконному обороту наркотиков", "визового режима",
          "защиты прав соотечественников", "реформы Совета Безопасности ООН", "устойчивого развития",
          "ситуации на Ближнем Востоке", "транзита грузов через Каспийское море", "цифровой трансформации",
          "сохранения Аральского моря", "безопасности в Евразии", "ядерного разоружения", "миграционной политики",
          "защиты инвестиций", "ледниковых ресурсов", "гендерного равенства"]
MEETINGS = ["заседание межправительственной комиссии", "очередной раунд политических консультаций",
            "совместный бизнес-форум", "круглый стол с участием деловых кругов", "дни культуры",
            "заседание делового совета", "выставку отечественных товаров", "онлайн-брифинг для инвесторов",
            "форум ректоров", "туристическую выставку", "инвестиционный роуд-шоу", "заседание рабочей группы"]
FORUMS = ["Астанинском международном форуме", "Международном инвестиционном форуме в Алматы",
          "Форуме межрегионального сотрудничества", "Съезде лидеров мировых и традиционных религий",
          "Астанинском финансовом дне", "Международной конференции по Каспию", "форуме «Казахстан – ЕС»"]
REFORMS = ["ходе политической модернизации в Казахстане", "итогах референдума и конституционной реформы",
           "новых мерах по привлечению прямых иностранных инвестиций", "работе Международного финансового центра «Астана»",
           "программе приватизации государственных активов", "реформе системы государственного управления",
           "приоритетах внешней политики Казахстана", "инициативах Главы государства в сфере экологии",
           "создании новых специальных экономических зон", "развитии человеческого капитала"]
GOODS = ["пшеницы", "урана", "меди", "нефти", "удобрений", "мяса", "ферросплавов", "цинка", "хлопка", "муки",
         "подсолнечного масла", "рыбы", "сжиженного газа", "титана", "лекарственных средств", "автомобилей"]
TOPICS = [
    "Стороны обсудили перспективы сотрудничества в сфере {s1} и {s2}.",
    "Особое внимание было уделено реализации совместных проектов в области {s1}.",
    "Собеседники обменялись мнениями по вопросам {issue}.",
    "В ходе беседы были затронуты вопросы {issue} и {issue2}.",
    "Было отмечено, что товарооборот между странами по итогам {year} года составил {num} млн долларов США.",
    "{Adj} сторона выразила заинтересованность в увеличении поставок {good} из Казахстана.",
    "Посол проинформировал собеседника о {reform}.",
    "Стороны договорились провести {meeting} во втором полугодии {year2} года.",
    "Казахстанская сторона пригласила {adj} партнеров принять участие в {forum}.",
    "Стороны подписали меморандум о взаимопонимании в сфере {s1}.",
    "Собеседники отметили высокий уровень политического диалога и динамичное развитие торгово-экономических связей.",
    "Обсуждались вопросы подготовки предстоящего визита на высшем уровне.",
    "Стороны подтвердили заинтересованность в углублении взаимодействия в рамках {org}.",
    "Отдельно была отмечена роль {adj} компаний в развитии {s1} Казахстана.",
    "Были рассмотрены возможности создания совместного предприятия по производству {good}.",
    "Собеседники договорились активизировать контакты между профильными ведомствами в области {s1}.",
    "{Adj} партнерам была представлена презентация об инвестиционном потенциале регионов Казахстана.",
    "Стороны выразили поддержку инициативам друг друга в международных организациях.",
    "По итогам встречи достигнута договоренность о проработке дорожной карты по развитию {s1}.",
    "Дипломат рассказал об обучении {adj} студентов в казахстанских университетах.",
]
ORGS = ["ООН", "ШОС", "ОБСЕ", "ЕАЭС", "СВМДА", "ОТГ", "ЮНЕСКО", "СНГ", "ОИС", "ВТО", "МАГАТЭ", "ЕБРР"]
MONTHS = ["января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября", "октября", "ноября", "декабря"]


def ins(first: str, sur: str) -> str:
    """Instrumental case of a (masculine) name: «Ерланом Байжановым», «Пьером Дюбуа»."""
    f = first + ("ем" if first[-1] in "жчшщц" else "ом") if first[-1] not in "аеиоуыэюя" else first
    if sur.endswith(("ов", "ев", "ин")):
        s = sur + "ым"
    elif sur[-1] in "аеиоуыэюя":
        s = sur
    else:
        s = sur + ("ем" if sur[-1] in "жчшщц" else "ом")
    return f"{f} {s}"


def zipf(n: int, s: float = 1.0) -> list[float]:
    return [1 / (i + 1) ** s for i in range(n)]


HEADS = ["провел встречу с", "провел переговоры с", "встретился с", "провел телефонный разговор с"]
SOLO_HEADS = ["принял участие в международной конференции по вопросам {issue} в {city}",
              "выступил с лекцией о внешней политике Казахстана в университете в {city}",
              "провел брифинг для представителей деловых кругов в {city}"]


class World:
    """People and places with skewed frequencies, fixed by the seed."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.country_weights = zipf(len(COUNTRIES), 0.8)
        self.envoys = {}
        for c in COUNTRIES:
            for _ in range(rng.randint(1, 3)):  # ambassadors change over the years
                self.envoys.setdefault(c[0], []).append((rng.choice(KZ_FIRST), rng.choice(KZ_SUR), rng.randrange(3)))
        self.counterparts = {c[0]: [(rng.choice(FOREIGN_FIRST), rng.choice(FOREIGN_SUR)) for _ in range(rng.randint(3, 8))]
                             for c in COUNTRIES}
        # Words, like people, have skewed frequencies: a few sectors and issues come up far more often.
        self.sector_w, self.issue_w, self.topic_w = zipf(len(SECTORS), 0.9), zipf(len(ISSUES), 0.9), zipf(len(TOPICS), 0.5)

    def country(self):
        return self.rng.choices(COUNTRIES, self.country_weights)[0]

    def _fill(self, template: str, adj: str) -> str:
        rng = self.rng
        s1, s2 = rng.choices(SECTORS, self.sector_w, k=2)
        i1, i2 = rng.choices(ISSUES, self.issue_w, k=2)
        year = rng.randint(2017, 2025)
        return template.format(
            s1=s1, s2=s2 if s2 != s1 else "туризма", issue=i1, issue2=i2 if i2 != i1 else "изменения климата",
            year=year, year2=year + 1, num=f"{rng.randint(5, 900)},{rng.randint(1, 9)}", Adj=adj.capitalize()[:-2] + "ая",
            adj=adj, good=rng.choice(GOODS), reform=rng.choice(REFORMS), meeting=rng.choice(MEETINGS),
            forum=rng.choice(FORUMS), org=rng.choice(ORGS))

    def event(self, day: date) -> tuple[str, dict]:
        rng = self.rng
        code, nom, gen, prep, adj, city = self.country()
        envoys = self.envoys[code]
        first, sur, role_i = rng.choices(envoys, zipf(len(envoys), 1.5))[0]
        role = KZ_ROLES[role_i].format(prep=prep, city=city)
        when = f"{day.day} {MONTHS[day.month - 1]} " if rng.random() < 0.3 else ""
        opener = rng.choice(["", "Кроме того, ", "Также ", "Тем временем "]) if not when else ""
        officials = [f"{first} {sur}"]
        if rng.random() < 0.85:
            people = self.counterparts[code]
            cfirst, csur = rng.choices(people, zipf(len(people)))[0]
            crole = rng.choice(FOREIGN_ROLES_INS).format(gen=gen)
            action = f"{rng.choice(HEADS)} {crole} {ins(cfirst, csur)}"
            officials.append(f"{cfirst} {csur}")
        else:
            action = rng.choice(SOLO_HEADS).format(issue=rng.choices(ISSUES, self.issue_w)[0], city=city)
        head = f"{when}{opener}{role} {first} {sur} {action}."
        head = head[0].upper() + head[1:]
        k = rng.randint(6, 9)
        body = " ".join(self._fill(t, adj) for t in rng.sample(TOPICS, k))
        if rng.random() < 0.2:
            body += f" Стороны также обсудили взаимодействие в рамках {rng.choice(ORGS)}."
        orgs = [o for o in ORGS if re.search(rf"\b{o}\b", body)]
        facets = {"countries": [code], "officials": officials, "kz_officials": [f"{first} {sur}"],
                  "roles": {f"{first} {sur}": role}, "orgs": orgs, "date": (day if when else None)}
        return f"{head} {body}", facets


def releases(n: int, seed: int = 42):
    """(file name, text, [(event text, facets)]) for n releases over ~8 years, deterministic."""
    rng = random.Random(seed)
    world = World(rng)
    start = date(2018, 1, 1)
    for i in range(n):
        day = start + timedelta(days=int(i * 2920 / max(n, 1)) + rng.randrange(2))
        dateline = day - timedelta(days=rng.randrange(2))
        events = [world.event(dateline - timedelta(days=rng.randrange(4))) for _ in range(rng.randint(4, 8))]
        title = rng.choice(["Казахстанские дипломаты провели ряд встреч за рубежом",
                            "Дипломатическая хроника: встречи послов Казахстана",
                            "МИД Казахстана: международные контакты недели"]) + f" (выпуск {i + 1})"
        lead = (f"{rng.choice(['Астана', 'Алматы'])}. {dateline.day} {MONTHS[dateline.month - 1]}. "
                f"{rng.choice(['KAZAKHSTAN TODAY', 'Kazinform', 'Tengrinews'])} - Казахстанские дипломаты провели "
                f"ряд встреч для развития международного сотрудничества, сообщает МИД Республики Казахстан.")
        text = "\n".join([f" date {day.isoformat()} {title}", "Фото: gov.kz", lead] + [e[0] for e in events]) + "\n"
        yield f"{i:06d}.txt", text, events, day, dateline, title


def write_releases(n: int, out: Path, seed: int) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for name, text, *_ in releases(n, seed):
        (out / name).write_text(text, "utf-8")


def _docs(batch):
    """Store documents for a batch of generated releases (runs in worker processes)."""
    import hashlib

    from eventstore import schema
    from eventstore.text import text_terms

    out = []
    for name, text, events, day, dateline, title in batch:
        rid = hashlib.sha1(text.encode()).hexdigest()[:12]
        release = schema.release(release_id=rid, source=name, title=title, date=day.isoformat(), credit="gov.kz")
        docs = []
        for n, (etext, f) in enumerate(events, 1):
            when = f["date"] or dateline
            spans = [(i, i + len(p)) for p in f["officials"] for i in [etext.find(p.split()[0])] if i >= 0]
            docs.append(schema.event(
                id=schema.event_id(rid, n), release_id=rid, n=n, text=etext, date=when.isoformat(),
                release_date=day.isoformat(), release_title=title, countries=f["countries"],
                officials=f["officials"], kz_officials=f["kz_officials"], roles=f["roles"],
                kz_roles=[schema.role_pair(o, r) for o, r in f["roles"].items()],
                orgs=f["orgs"], terms=text_terms(etext, spans)))
        out.append((name, hashlib.sha256(text.encode()).hexdigest(), release, docs))
    return out


def write_documents(n_events: int, store_path: str, seed: int, workers: int = 2) -> int:
    """Fill a store with about `n_events` generated events; returns the number written."""
    from concurrent.futures import ProcessPoolExecutor

    from eventstore.stores import open_store

    n_releases = max(1, n_events // 5)
    store = open_store(store_path)
    bulk = getattr(store, "replace_sources", None)  # the SQLite store: a batch per transaction
    written, batch, batches = 0, [], []
    gen = releases(n_releases, seed)
    with ProcessPoolExecutor(workers) as pool:
        for item in gen:
            batch.append(item)
            if len(batch) == 500:
                batches.append(batch)
                batch = []
        if batch:
            batches.append(batch)
        for result in pool.map(_docs, batches):
            if bulk:
                bulk(result)
            else:
                for item in result:
                    store.replace_source(*item)
            written += sum(len(docs) for *_, docs in result)
            if written >= n_events:
                break
    store.flush()  # the merge step, as at the end of an indexer run
    store.close()
    return written



def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--releases", type=int, help="write this many release files to --out")
    parser.add_argument("--out", type=Path)
    parser.add_argument("--documents", type=int, help="write about this many events straight into --store")
    parser.add_argument("--store")
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args(argv)
    if args.releases:
        write_releases(args.releases, args.out, args.seed)
        print(f"wrote {args.releases} releases to {args.out}")
    elif args.documents:
        print(f"wrote {write_documents(args.documents, args.store, args.seed)} events to {args.store}")
    else:
        parser.error("give --releases N --out DIR or --documents N --store PATH")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main())
