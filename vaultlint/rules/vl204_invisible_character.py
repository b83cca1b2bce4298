"""VL204 invisible-character: zero-width and control characters where they
do harm.

Which characters, and where:

* control characters (C0 other than tab and line breaks, DEL, and the C1
  range U+0080-U+009F): anywhere. C1 controls are Windows-1252 text read as
  Latin-1 (``\\x92`` for ``’``); the fix puts back the Windows-1252
  character.
* a byte order mark (U+FEFF) inside the text: anywhere.
* zero-width space, word joiner, invisible math operators: inside a word, or
  in a link target. Thai, Lao, Khmer, Myanmar, Tibetan and CJK text, which
  does not separate words with spaces, uses zero-width spaces to mark word
  breaks, so they are allowed between such letters.
* zero-width joiner and non-joiner, and bidirectional marks: between two
  ASCII letters or digits, or in a link target. Emoji sequences, Arabic,
  Persian and Indic scripts and right-to-left text need them.
* soft hyphen: in a link target only; in prose it is a hyphenation hint.

A character listed in ``[encoding] allow-characters`` is never reported.
"""

from __future__ import annotations

import re
import unicodedata
from itertools import groupby
from typing import Iterable

from ..mojibake import find_mojibake
from ..model import Applicability, Edit, Finding, Fix, Severity
from ._encoding import checked_text, link_at, visible
from .base import NoteRule, RuleContext

CONTROL = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"
ALWAYS = CONTROL + "\ufeff"
IN_WORDS = "\u200b\u2060-\u2064\u180e"
BETWEEN_ASCII = "\u200c\u200d\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069"
IN_TARGETS = "\u00ad"
# One character, not a run: a lone character class lets the regex engine
# scan fast, which keeps a clean note cheap.
INVISIBLE = re.compile(f"[{ALWAYS}{IN_WORDS}{BETWEEN_ASCII}{IN_TARGETS}]")
_INVISIBLE_RUN = re.compile(f"{INVISIBLE.pattern}+")
_CONTROL = re.compile(f"[{CONTROL}]")
_C1 = re.compile("[\x80-\x9f]")
_ALWAYS = re.compile(f"[{ALWAYS}]")
_IN_WORDS = re.compile(f"[{IN_WORDS}]")
_BETWEEN_ASCII = re.compile(f"[{BETWEEN_ASCII}]")

# Scripts written without spaces between words, where a zero-width space
# marks a word break.
_SPACELESS = re.compile(
    "[\u0e00-\u0eff\u0f00-\u0fff\u1000-\u109f\u1780-\u17ff\u2e80-\u9fff\uf900-\ufaff\U00020000-\U0003ffff]"
)


class InvisibleCharacter(NoteRule):
    code = "VL204"
    name = "invisible-character"
    summary = "Zero-width or control characters inside words or link targets, which break search and links."
    severity = Severity.WARNING
    fix = Applicability.SAFE

    def check(self, note, ctx: RuleContext) -> Iterable[Finding]:
        if not INVISIBLE.search(note.text):
            return  # the common case, decided without blanking code first
        text = checked_text(note)
        match = _INVISIBLE_RUN.search(text)
        allowed = ctx.config.encoding.allowed()
        # C1 controls inside garbled text ('â\x80\x99') belong to VL201.
        garbled = [(m.start, m.end) for m in find_mojibake(text)] if _C1.search(text) else []
        while match:
            for start, end in _reported(text, match.start(), match.end(), note, allowed):
                if not any(s <= start and end <= e for s, e in garbled):
                    yield self._finding(note, text, start, end)
            match = _INVISIBLE_RUN.search(text, match.end())

    def _finding(self, note, text: str, start: int, end: int) -> Finding:
        chars = text[start:end]
        names = ", ".join(_describe(c) for c in dict.fromkeys(chars))
        link = link_at(note, start, end)
        if link is not None:
            target = visible(text[link.target_range.start : link.target_range.end], names=False)
            message = (
                f'Invisible {names} in the link target "{target}": Obsidian looks for a file whose name '
                "holds it, so the link may not resolve."
            )
        elif _CONTROL.search(chars):
            message = (
                f'Control character {names} in "{visible(_context(text, start, end), names=False)}": it is not text, '
                "and is usually left over from a copy or an encoding conversion."
            )
        elif "\ufeff" in chars:
            message = (
                f'Invisible {names} in "{visible(_context(text, start, end), names=False)}": a byte order mark belongs '
                "only at the very start of a file, and there Obsidian hides it."
            )
        else:
            message = (
                f'Invisible {names} inside "{visible(_context(text, start, end), names=False)}": search, links and '
                "spell-check see two words where you see one."
            )
        return Finding(
            code=self.code,
            range=note.range(start, end),
            message=message,
            fix=_fix(chars, start, end),
            snippet=chars,
            group=names,
        )


def _reported(text: str, start: int, end: int, note, allowed: frozenset[str]) -> Iterable[tuple[int, int]]:
    """The stretches of the invisible run ``start``..``end`` to report:
    consecutive characters that are reported, split where the fix differs
    (deleting format characters is safe, changing controls is not)."""
    before = text[start - 1] if start else ""
    after = text[end] if end < len(text) else ""
    in_target = link_at(note, start, end) is not None
    in_word = before.isalnum() and after.isalnum() and not (_SPACELESS.match(before) and _SPACELESS.match(after))
    between_ascii = in_word and before.isascii() and after.isascii()

    def reported(char: str) -> bool:
        if char in allowed:
            return False
        if _ALWAYS.match(char):
            return True
        if _IN_WORDS.match(char):
            return in_word or in_target
        if _BETWEEN_ASCII.match(char):
            return between_ascii or in_target
        return in_target  # the soft hyphen

    pos = start
    for (report, _), chars in groupby(text[start:end], key=lambda c: (reported(c), bool(_CONTROL.match(c)))):
        length = len(list(chars))
        if report:
            yield pos, pos + length
        pos += length


def _fix(chars: str, start: int, end: int) -> Fix:
    if not _CONTROL.search(chars):
        return Fix((Edit(start, end, ""),), Applicability.SAFE, "remove the invisible characters")
    # A C1 control is a Windows-1252 character read as Latin-1; the bytes
    # Windows-1252 leaves undefined, and the other controls, carry nothing.
    replacement = "".join(_windows_1252(c) for c in chars)
    what = f'replace with "{replacement}"' if replacement else "remove the control characters"
    return Fix((Edit(start, end, replacement),), Applicability.UNSAFE, what)


def _windows_1252(char: str) -> str:
    if not _C1.match(char):
        return ""
    try:
        return char.encode("latin-1").decode("cp1252")
    except UnicodeDecodeError:
        return ""


def _describe(char: str) -> str:
    """'U+200B ZERO WIDTH SPACE'; for a C1 control also what it stood for."""
    described = f"U+{ord(char):04X} {unicodedata.name(char, '')}".rstrip()
    meant = _windows_1252(char)
    return f'{described} (a Windows-1252 "{meant}" read as Latin-1)' if meant else described


def _context(text: str, start: int, end: int) -> str:
    """The word around ``start``..``end``, at most 20 characters each side."""
    left = start
    while left > 0 and start - left < 20 and not text[left - 1].isspace():
        left -= 1
    right = end
    while right < len(text) and right - end < 20 and not text[right].isspace():
        right += 1
    return text[left:right]


RULE = InvisibleCharacter()
