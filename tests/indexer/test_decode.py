import codecs

import pytest

from indexer.decode import DecodeError, decode

TEXT = " date 2026-02-18 Встречи\nАстана. 17 февраля. KAZAKHSTAN TODAY - Ёлки и ели.\n"


def test_utf8_plain_and_with_bom_decode_the_same():
    assert decode(TEXT.encode("utf-8")) == decode(codecs.BOM_UTF8 + TEXT.encode("utf-8")) == TEXT


def test_windows_1251_is_detected():
    assert decode(TEXT.encode("cp1251")) == TEXT


def test_crlf_and_cr_become_lf_and_trailing_spaces_go():
    raw = TEXT.replace("\n", "  \r\n").encode("cp1251")
    assert decode(raw) == TEXT


def test_binary_is_refused():
    with pytest.raises(DecodeError, match="binary"):
        decode(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")


def test_random_bytes_are_refused_not_guessed():
    noise = bytes(range(128, 256)) * 20
    with pytest.raises(DecodeError):
        decode(noise)


def test_bom_with_invalid_utf8_is_refused():
    with pytest.raises(DecodeError, match="utf-8"):
        decode(codecs.BOM_UTF8 + "Привет".encode("cp1251"))


RUSSIAN = (" date 2026-03-02 Переговоры в столице\nАлматы. 1 марта. KAZINFORM - Посол провел встречу с министром.\n"
           "Стороны обсудили развитие торговли, транспорта и образования, а также подготовку визита. Яблоня цвела.\n")


@pytest.mark.parametrize("codec", ["utf-16", "utf-32", "utf-8-sig"])
def test_unicode_with_a_byte_order_mark_decodes(codec):
    assert decode(RUSSIAN.encode(codec)) == RUSSIAN


def test_big_endian_utf16_with_its_mark_decodes():
    assert decode(codecs.BOM_UTF16_BE + RUSSIAN.encode("utf-16-be")) == RUSSIAN


@pytest.mark.parametrize("codec", ["cp1251", "koi8_r", "mac_cyrillic", "cp866"])
def test_each_cyrillic_code_page_is_told_apart(codec):
    assert decode(RUSSIAN.encode(codec)) == RUSSIAN


@pytest.mark.parametrize("written, misread", [("koi8_r", "cp1251"), ("mac_cyrillic", "cp1251"),
                                              ("cp1251", "mac_cyrillic"), ("utf-8", "cp1251"), ("utf-8", "latin-1")])
def test_mojibake_saved_as_utf8_is_refused(written, misread):
    garbled = RUSSIAN.encode(written).decode(misread, errors="replace").encode("utf-8")
    with pytest.raises(DecodeError, match="not plausible Russian|control characters"):
        decode(garbled)


def test_latin1_text_in_another_language_is_refused():
    french = "Le ministre a reçu l'ambassadeur à Genève; ils ont évoqué la coopération économique.\n" * 3
    with pytest.raises(DecodeError, match="not plausible Russian"):
        decode(french.encode("latin-1"))
