"""Bytes of a release file → text. UTF-8 (with or without BOM) or Windows-1251, LF or CRLF."""
from __future__ import annotations

import codecs
import re
import unicodedata

from charset_normalizer import from_bytes

MAX_BYTES = 5_000_000
_LETTER = re.compile(r"[A-Za-zА-Яа-яЁё]")


class DecodeError(ValueError):
    pass


def _plausible(text: str) -> bool:
    """Mostly letters of Russian/English text, no stray control characters."""
    if not text.strip():
        return True
    letters = len(_LETTER.findall(text))
    visible = sum(1 for ch in text if not ch.isspace())
    controls = sum(1 for ch in text if unicodedata.category(ch) == "Cc" and ch not in "\n\r\t")
    return controls == 0 and letters >= 0.5 * visible


def decode(data: bytes) -> str:
    """Decode and normalize line ends, Unicode form, trailing spaces; raise DecodeError."""
    if len(data) > MAX_BYTES:
        raise DecodeError(f"file too large ({len(data)} bytes)")
    if b"\x00" in data:
        raise DecodeError("binary file (NUL bytes)")
    if data.startswith(codecs.BOM_UTF8):
        text = _strict(data[len(codecs.BOM_UTF8):], "utf-8")
    else:
        text = _detect(data)
    if not _plausible(text):
        raise DecodeError("not text: cannot detect a Russian text encoding")
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    return "\n".join(line.rstrip() for line in text.split("\n"))


def _strict(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as e:
        raise DecodeError(f"invalid {encoding} at byte {e.start}") from None


def _detect(data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    # Not UTF-8: a Cyrillic 8-bit code page. Ask charset-normalizer, but only among
    # the encodings Russian newsrooms actually send, and verify the result.
    best = from_bytes(data, cp_isolation=["cp1251", "koi8_r"]).best()
    encoding = best.encoding if best else "cp1251"
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        raise DecodeError("cannot detect encoding (neither UTF-8 nor Windows-1251)") from None
    cyr = len(re.findall(r"[А-Яа-яЁё]", text))
    lower = len(re.findall(r"[а-яё]", text))
    # In real Russian text most Cyrillic letters are lower case; a wrong code page flips that.
    if cyr and lower < 0.6 * cyr:
        raise DecodeError(f"cannot detect encoding (decoded as {encoding} looks wrong)")
    return text
