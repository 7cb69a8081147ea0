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
