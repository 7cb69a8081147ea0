import shutil

import pytest

from conftest import SAMPLE
from indexer.release import ReleaseError, parse_release, read_release

GOOD = (
    " date 2026-02-18 Встречи дипломатов\n"
    "Фото: gov.kz\n"
    "Астана. 17 февраля. KAZAKHSTAN TODAY - Дипломаты провели встречи.\n"
    "Посол Казахстана в Индии провел встречу.\n"
)


def test_parses_header_credit_dateline_and_body():
    r = parse_release(GOOD.encode(), "x.txt")
    assert (r.date.isoformat(), r.title, r.credit) == ("2026-02-18", "Встречи дипломатов", "gov.kz")
    assert r.dateline == "Астана. 17 февраля. KAZAKHSTAN TODAY"
    assert r.dateline_date.isoformat() == "2026-02-17"
    assert r.lead == "Дипломаты провели встречи."
    assert r.paragraphs == ["Посол Казахстана в Индии провел встречу."]


def test_december_dateline_in_a_january_release_is_last_year():
    r = parse_release(GOOD.replace("2026-02-18", "2026-01-02").replace("17 февраля", "31 декабря").encode(), "x")
    assert r.dateline_date.isoformat() == "2025-12-31"


@pytest.mark.parametrize(
    "data, reason",
    [
        (b"", "empty file"),
        (b"   \n\n", "empty file"),
        (b"Just some text\nwithout header\n", "no header"),
        (b" date 2026-02-18 News\nAstana. Ambassador met the minister.\n", "not plausible Russian"),
        (GOOD.replace("2026-02-18", "2026-02-30").encode(), "impossible date 2026-02-30"),
        (GOOD.replace("2026-02-18", "18.02.2026").encode(), "not YYYY-MM-DD"),
        (GOOD.replace("Встречи дипломатов", "").encode(), "no title"),
        (b"\x00\x01\x02binary\x00", "binary"),
        ((GOOD + "а" * 100_000 + "\n").encode(), "line 5 is too long"),
        (" date 2026-02-18 Заголовок\nФото: gov.kz\nАстана. 17 февраля. KT - лид.\n".encode(), "no event paragraphs"),
    ],
)
def test_bad_files_are_rejected_with_name_and_reason(data, reason):
    with pytest.raises(ReleaseError) as err:
        parse_release(data, "incoming/bad.txt")
    message = str(err.value)
    assert message.startswith("incoming/bad.txt: ")
    assert reason in message
    assert "\n" not in message


def test_unreadable_path_is_a_release_error(tmp_path):
    with pytest.raises(ReleaseError, match="cannot read"):
        read_release(tmp_path / "missing.txt")


def test_release_id_is_stable_and_does_not_depend_on_the_path(tmp_path):
    copy = tmp_path / "elsewhere" / "renamed.txt"
    copy.parent.mkdir()
    shutil.copy(SAMPLE, copy)
    assert read_release(SAMPLE).release_id == read_release(copy).release_id == read_release(SAMPLE).release_id


def test_encodings_give_the_same_release(tmp_path):
    text = SAMPLE.read_text("utf-8")
    variants = {
        "utf8.txt": text.encode("utf-8"),
        "bom.txt": b"\xef\xbb\xbf" + text.encode("utf-8"),
        "cp1251.txt": text.encode("cp1251"),
        "crlf.txt": text.replace("\n", "\r\n").encode("utf-8"),
    }
    base = read_release(SAMPLE)
    for name, data in variants.items():
        (tmp_path / name).write_bytes(data)
        r = read_release(tmp_path / name)
        assert (r.release_id, r.paragraphs) == (base.release_id, base.paragraphs), name


def test_windows_1251_file_reads_like_utf8(tmp_path):
    text = GOOD
    (tmp_path / "a.txt").write_bytes(text.encode("cp1251"))
    (tmp_path / "b.txt").write_bytes(text.encode("utf-8"))
    a, b = read_release(tmp_path / "a.txt"), read_release(tmp_path / "b.txt")
    assert (a.release_id, a.paragraphs) == (b.release_id, b.paragraphs)


@pytest.mark.parametrize("header, reason", [("2999-05-01", "in the future"), ("9999-12-31", "in the future"),
                                            ("0001-01-05", "before 1991"), ("1970-01-01", "before 1991")])
def test_header_dates_out_of_any_plausible_range_are_rejected(header, reason):
    data = GOOD.replace("2026-02-18", header).replace("17 февраля", "30 декабря").encode()
    with pytest.raises(ReleaseError, match=reason):
        parse_release(data, "x.txt")


def test_a_header_a_few_days_ahead_is_a_scheduled_release():
    from datetime import date

    r = parse_release(GOOD.encode(), "x.txt", today=date(2026, 2, 15))
    assert r.date.isoformat() == "2026-02-18"
    with pytest.raises(ReleaseError, match="in the future"):
        parse_release(GOOD.encode(), "x.txt", today=date(2026, 1, 15))


@pytest.mark.parametrize("line", [
    "Источник: https://www.gov.kz/memleket/entities/mfa/press/news/details/12345?lang=ru",
    "https://www.gov.kz/memleket/entities/mfa/press/news/details/12345?lang=ru",
    "Подробнее: https://www.gov.kz/memleket/entities/mfa/press/news/details/12345?lang=ru",
])
def test_a_source_address_line_is_the_releases_original_not_an_event(line):
    r = parse_release((GOOD + line + "\n").encode(), "x.txt")
    assert r.original_url == "https://www.gov.kz/memleket/entities/mfa/press/news/details/12345?lang=ru"
    assert r.paragraphs == ["Посол Казахстана в Индии провел встречу."]


@pytest.mark.parametrize("line", [
    "Источник: javascript:alert(1)",
    "Посол рассказал о сайте https://example.kz для инвесторов.",  # an address inside a sentence stays text
])
def test_other_lines_with_addresses_are_no_original(line):
    r = parse_release((GOOD + line + "\n").encode(), "x.txt")
    assert r.original_url is None
    assert line in r.paragraphs


def test_the_original_address_reaches_the_release_page(tmp_path):
    from eventstore.stores.sqlite.store import SqliteStore
    from indexer.analysis.pipeline import get_analyzer
    from indexer.analysis.officials import NameBook

    r = parse_release((GOOD + "Источник: https://www.gov.kz/press/1\n").encode(), "x.txt")
    release_doc, _ = get_analyzer().analyze(r).documents(NameBook())
    assert release_doc["original_url"] == "https://www.gov.kz/press/1"


@pytest.mark.parametrize("credit", ["Фото – пресс-служба акимата", "Коллаж: редакция", "Иллюстративное фото"])
def test_a_picture_credit_in_any_wording_is_no_event_and_the_dateline_is_found(credit):
    data = (f" date 2026-04-08 Встречи\n{credit}\nШымкент. 7 апреля. Пресс-служба акимата области - Лид.\n"
            "Аким области принял делегацию.\n").encode()
    r = parse_release(data, "a")
    assert r.dateline == "Шымкент. 7 апреля. Пресс-служба акимата области"
    assert r.paragraphs == ["Аким области принял делегацию."]
    assert r.credit and r.credit in credit
