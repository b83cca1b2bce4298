"""VL202 not-utf8: a note whose bytes are not valid UTF-8."""

from __future__ import annotations

import re
import unicodedata
from typing import Iterable

from ..model import Applicability, Finding, Fix, Severity
from .base import NoteRule, RuleContext

# A well-formed UTF-8 sequence of two to four bytes.
_UTF8_SEQUENCE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xef][\x80-\xbf]{2}"
    rb"|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}|\xf4[\x80-\x8f][\x80-\xbf]{2}"
)
# Letters Windows-1252 has but Western European languages other than
# Icelandic and Faroese rarely use; Turkish in Windows-1254 reads as them.
_UNUSUAL_LETTERS = re.compile("[ýÝþÞðÐ]")
# In Western European text most letters are plain ASCII.
_MOST_ACCENTED = 0.35


def reads_as_windows_1252(text: str) -> bool:
    """Whether ``text``, a note decoded as Windows-1252, is plainly that and
    not another encoding, so rewriting it as UTF-8 keeps every character.

    >>> reads_as_windows_1252("Le café crème à l’hôpital – 38 °C")
    True
    >>> reads_as_windows_1252("Café".encode("utf-8").decode("cp1252") + " and caf\\xe9")  # part UTF-8 already
    False
    >>> reads_as_windows_1252("Zażółć gęślą".encode("cp1250").decode("cp1252"))  # Polish
    False
    >>> reads_as_windows_1252("Медсестра".encode("cp1251").decode("cp1252"))  # Russian
    False
    """
    if _UTF8_SEQUENCE.search(text.encode("cp1252")):
        return False
    from ftfy.badness import is_bad  # only for notes that are not UTF-8, so not imported before

    if is_bad(text) or _UNUSUAL_LETTERS.search(text) or _symbol_in_word(text):
        return False
    letters = [c for c in text if c.isalpha()]
    accented = sum(1 for c in letters if not c.isascii())
    return accented <= _MOST_ACCENTED * len(letters)


def _symbol_in_word(text: str) -> bool:
    """A symbol, number sign or inverted mark between two letters
    ('Za¿ó³æ' is Polish in Windows-1250): a sign that the bytes belong to
    another code page. Apostrophes and dashes are at home there."""
    for i in range(1, len(text) - 1):
        char = text[i]
        if char.isascii() or not text[i - 1].isalpha() or not text[i + 1].isalpha():
            continue
        if unicodedata.category(char)[0] in "SN" or char in "¿¡":
            return True
    return False


class NotUtf8(NoteRule):
    code = "VL202"
    name = "not-utf8"
    summary = "The note is not saved as UTF-8, so Obsidian shows some of its characters as �."
    severity = Severity.ERROR
    fix = Applicability.UNSAFE

    def check(self, note, ctx: RuleContext) -> Iterable[Finding]:
        source = note.source
        if source.encoding.startswith("utf-16"):
            yield self.utf16(note)
            return
        bad = source.bad_byte
        if bad is None:
            return
        where = f"byte 0x{bad.value:02X} here is not valid UTF-8"
        fix = None
        if source.encoding == "cp1252" and reads_as_windows_1252(note.text):
            message = (
                f"This note is not saved as UTF-8 ({where}); it reads as Windows-1252, "
                "so Obsidian shows its accented letters and symbols as �."
            )
            fix = Fix((), Applicability.UNSAFE, "save the note as UTF-8 (read as Windows-1252)", new_encoding="utf-8")
        else:
            message = (
                f"This note is not saved as UTF-8 ({where}), and its encoding cannot be told for sure, "
                "so it is not converted: open it in an editor that lets you pick the encoding and save it as UTF-8."
            )
        yield Finding(
            code=self.code,
            range=note.range(bad.offset, min(bad.offset + 1, len(note.text))),
            message=message,
            fix=fix,
            snippet=f"0x{bad.value:02X}",
        )


    def utf16(self, note) -> Finding:
        """A note saved as UTF-16 (it starts with UTF-16's byte order mark).
        Obsidian reads such a note as garbage; every character it holds can
        be written as UTF-8, but git, other tools and the reader of a diff
        see every byte change, so the conversion is an unsafe fix."""
        name = note.source.encoding.upper().replace("-LE", " little-endian").replace("-BE", " big-endian")
        return Finding(
            code=self.code,
            range=note.range(0, min(1, len(note.text))),
            message=(
                f"This note is saved as {name} (Windows calls it \"Unicode\"), not UTF-8, "
                "so Obsidian shows it as garbled characters."
            ),
            fix=Fix((), Applicability.UNSAFE, "save the note as UTF-8 (read as UTF-16)", new_encoding="utf-8"),
            snippet=note.source.encoding,
        )


RULE = NotUtf8()
