"""Bytes of a release file → text: UTF-8, UTF-16/32 with a BOM, or a Cyrillic 8-bit code page.

Whatever the encoding, the result must read as Russian: a Cyrillic code page applied to the
wrong bytes decodes "successfully" into nonsense, and nonsense must never be indexed.
"""
from __future__ import annotations

import codecs
import re
import unicodedata

MAX_BYTES = 5_000_000
# Longest BOM first: UTF-32-LE's BOM starts with UTF-16-LE's.
_BOMS = [
    (codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"),
]
# The code pages Russian newsrooms send; the one that reads most like Russian wins.
CODE_PAGES = ("cp1251", "koi8_r", "mac_cyrillic", "cp866")
_WORD = re.compile(r"[^\W\d_]+")
_LOWER_RU = re.compile(r"[а-яё]{3,}")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
# How a Russian word is written: lower case, Capitalized, or an ALL-CAPS abbreviation.
_WELL_FORMED = re.compile(r"[А-ЯЁ]?[а-яё]+|[А-ЯЁ]+")
_SAMPLE_WORDS = 2_000


class DecodeError(ValueError):
    pass


def decode(data: bytes, require_russian: bool = True) -> str:
    """Decode and normalize line ends, Unicode form, trailing spaces; raise DecodeError.

    `require_russian=False` leaves the Russian check to the caller (`check_russian`), so that a
    file which is no release at all can be told so first.
    """
    if len(data) > MAX_BYTES:
        raise DecodeError(f"file too large ({len(data)} bytes)")
    text = _from_bom(data)
    if text is None:
        if b"\x00" in data:
            raise DecodeError("binary file (NUL bytes)")
        text = _utf8_or_code_page(data)
    if _controls(text):
        raise DecodeError("not text: control characters")
    if require_russian:
        check_russian(text)
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    return "\n".join(line.rstrip() for line in text.split("\n"))


def _from_bom(data: bytes) -> str | None:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _strict(data[len(bom):], encoding)
    return None


def _strict(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as e:
        raise DecodeError(f"invalid {encoding} at byte {e.start}") from None


def _utf8_or_code_page(data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    texts = [data.decode(cp, errors="replace") for cp in CODE_PAGES]
    return max(texts, key=lambda t: russian(t).score)


def _controls(text: str) -> bool:
    return any(unicodedata.category(ch) == "Cc" and ch not in "\n\r\t" for ch in text)


def check_russian(text: str) -> None:
    if not russian(text).plausible:
        raise DecodeError("not plausible Russian text (wrong encoding or another language)")


class Russianness:
    """How much a text reads as Russian: its lower-case Cyrillic words, known to the dictionary or not."""

    def __init__(self, text: str):
        words = _WORD.findall(text[:200_000])[:_SAMPLE_WORDS]
        self.words = len(words)
        letters = sum(len(w) for w in words)
        self.cyrillic = sum(1 for w in words for ch in w if "а" <= ch.lower() <= "я" or ch in "ёЁ")
        self.share = self.cyrillic / letters if letters else 1.0
        from eventstore.text import morph

        lower = [w for w in words if _LOWER_RU.fullmatch(w)]
        self.known = sum(1 for w in lower if morph().word_is_known(w))
        # Mixed case inside a word («маЯ»), letters of other Cyrillic alphabets («Ђосол»):
        # what a wrong code page makes of capitals.
        malformed = sum(1 for w in words if _CYRILLIC.search(w) and not _WELL_FORMED.fullmatch(w))
        self.unknown = len(lower) - self.known + malformed

    @property
    def score(self) -> int:
        return self.known - self.unknown

    @property
    def plausible(self) -> bool:
        """Mostly Cyrillic, and most ordinary words are Russian words.

        A wrong code page scrambles letters into words no dictionary knows (KOI8-R read as
        Windows-1251 flips case, MacCyrillic mangles capitals and «я», Latin-1 yields Latin
        words with stray Cyrillic); a text with no Russian words at all is not a release.
        """
        if not self.words:
            return True  # blank: the release reader says what is missing
        return self.share >= 0.5 and self.known >= 0.75 * (self.known + self.unknown) and self.known > 0


def russian(text: str) -> Russianness:
    return Russianness(text)
