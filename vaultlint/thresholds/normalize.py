"""Normalising a claim unit before matching, with a map back to the note.

Notes write the same thing many ways (``4.5–11.0 × 10⁹/L``, ``4.5-11.0
x10^9/L``); the lexicon is written against one spelling (spec §2.2). The
normalised copy keeps, for every character, the offset it came from, so a
match in the copy becomes a finding at the right line and column.

Markup a reader does not see as prose is dropped: link targets (the display
text stays), embeds, footnote markers, inline footnotes, block ids, tags,
URLs, Pandoc citations, emphasis markers, list bullets and quote markers.
NFKC is deliberately not used: it turns ``10⁹`` into ``109``.

>>> n = normalize("**K⁺** ≥ 6.0 mmol/L → call [[Dr Smith|MD]]")
>>> n.text
'K+ >= 6.0 mmol/L -> call MD'
>>> n.source_span(3, 5)
(7, 8)
>>> normalize("Plt < 50 000/mcL").text
'Plt < 50 000/uL'
"""

from __future__ import annotations

import re
from typing import Iterable

_SUPERSCRIPTS = {
    "⁰": "0", "¹": "1", "²": "2", "³": "3", "⁴": "4",
    "⁵": "5", "⁶": "6", "⁷": "7", "⁸": "8", "⁹": "9",
}
_CHARS = {
    "\u00b5": "u", "\u03bc": "u",  # micro sign, Greek mu
    "×": "x", "⁺": "+", "⁻": "-",
    "–": "-", "—": "-", "‑": "-", "−": "-", "‐": "-", "‒": "-",
    "≤": "<=", "≦": "<=", "⩽": "<=", "≥": ">=", "≧": ">=", "⩾": ">=",
    "º": "°", "℃": "°C", "℉": "°F",
    "→": "->", "⇒": "->", "⟶": "->",
    "‘": "'", "’": "'", "“": '"', "”": '"',
    "\u00a0": " ", "\u2009": " ", "\u202f": " ", "\u2007": " ", "\t": " ", "\r": " ", "\n": " ",
}

# Markup, in the order tried at each position. Groups named ``keep`` hold the
# text a reader sees; everything else in the match is dropped.
_MARKUP = re.compile(
    r"""
      !\[\[[^\]\n]*\]\]                             # embed
    | !\[[^\]\n]*\]\([^)\n]*\)                      # image
    | \[\[(?:[^\]|\n]*\|)?(?P<keep>[^\]|\n]*)\]\]  # wikilink: its display text
    | \[(?P<keep2>[^\]\n]*)\]\([^)\n]*\)            # markdown link: its text
    | \[![^\]\s]+\][+-]?                            # callout type
    | \[\^[^\]\s]+\]                                # footnote marker
    | \^\[[^\]\n]*\]                                # inline footnote
    | \[[^\[\]\n]*@[^\[\]\n]*\]                     # Pandoc citation
    | (?:https?://|www\.)[^\s)\]>]+                 # URL
    | (?<![^\s(])\#[^\s\#\d][^\s\#]*                # tag
    | (?<=\s)\^[A-Za-z0-9-]+(?=[ \t]*(?:\r?\n|$))   # block id
    | \*\*|__|==|~~                                 # emphasis
    | (?<![\w*])[*_](?=[^\s*_])                     # opening * or _
    | (?<=[^\s*_])[*_](?![\w*])                     # closing * or _
    | (?<=[0-9/ ])mc(?=(?:L|l|g|mol)(?![A-Za-z]))   # mcL, mcg: "u"
    | </?(?P<tag>[A-Za-z][A-Za-z0-9]*)(?:\s[^<>\n]*)?/?>  # inline HTML tag
    """,
    re.VERBOSE,
)
# Container markers at a line start: quote markers, then (first line only) a
# list bullet, task box or heading marker. On the first line a ">" before a
# number is a comparator ("- >= 50 mmol/L"): a block starts past its markers.
_LINE_START = re.compile(r"[ \t]*(?:>[ \t]?)*[ \t]*")
_FIRST_LINE_START = re.compile(r"[ \t]*(?:>(?![ \t]*[=<>.\d])[ \t]?)*[ \t]*")
_FIRST_LINE = re.compile(r"(?:[-*+]|\d{1,9}[.)])[ \t]+(?:\[.\][ \t]+)?|#{1,6}[ \t]+")
_ASCII_CMP = re.compile(r"=<|=>")
_MARKUP_FIRST = frozenset("![^hw#*_=~m<")
# Inline tags that sit inside a word ("SpO<sub>2</sub>"): dropped without a trace.
_BREAK_TAGS = frozenset({"br", "p", "li", "div", "tr", "td", "th", "hr"})
_INLINE_TAGS = frozenset({"sub", "sup", "b", "i", "em", "strong", "span", "mark", "u", "small", "font", "a"})
# Characters replaced by one other (not a space) can be mapped in a run.
_ONE_FOR_ONE = str.maketrans({k: v for k, v in _CHARS.items() if len(v) == 1 and not v.isspace()})
# A run of characters that need no attention but that mapping, copied in one
# step: words with single spaces between them, and one space before them
# unless that would double or lead with a space. (Written as runs of a
# character class rather than one character at a time: it is much faster.)
_PLAIN_WORD = (
    "(?:[^\\s![^hw#*_=~m<" + "".join(_SUPERSCRIPTS) + "".join(k for k in _CHARS if ord(k) not in _ONE_FOR_ONE) + "]+"
    r"|h(?!ttps?://)|w(?!ww\.)|m(?!c(?:L|l|g|mol)(?![A-Za-z])))+"
)
_PLAIN = re.compile(f" ?{_PLAIN_WORD}(?: {_PLAIN_WORD})*")
_SPACE_RUN = re.compile(" +")
# Link text that is copied as it is: nothing to map, no spaces to collapse.
_PLAIN_KEEP_WORD = "[^\\s" + "".join(_CHARS) + "]+"
_PLAIN_KEEP = re.compile(f"{_PLAIN_KEEP_WORD}(?: {_PLAIN_KEEP_WORD})*")


class Normalized:
    """A normalised text, and where each of its characters comes from.

    The map back to the source is only worked out when asked for: most
    claim units are turned down on their text alone.
    """

    __slots__ = ("text", "_pieces", "_start", "_origin")

    def __init__(self, text: str, pieces: list[tuple[int, int, bool]], start: int) -> None:
        self.text = text
        # (source offset, length, copied): a copied piece of the text is the
        # source from that offset on; every character of another comes from it.
        self._pieces = pieces
        self._start = start
        self._origin: tuple[int, ...] | None = None

    @property
    def origin(self) -> tuple[int, ...]:
        """origin[i]: source offset of text[i]; one extra at the end."""
        if self._origin is None:
            origin: list[int] = []
            for at, length, copied in self._pieces:
                origin.extend(range(at, at + length) if copied else [at] * length)
            origin.append(origin[-1] + 1 if origin else self._start)
            self._origin = tuple(origin)
        return self._origin

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        """The source offsets of ``text[start:end]`` (end exclusive)."""
        if end <= start:
            return self.origin[start], self.origin[start]
        return self.origin[start], self.origin[end - 1] + 1


def normalize(source: str, start: int = 0, end: int | None = None, drop: Iterable[tuple[int, int]] = ()) -> Normalized:
    """Normalise ``source[start:end]``; offsets in the result's origin map are
    offsets into ``source``. ``drop`` lists extra spans to leave out (for
    example citations already found), each replaced by one space."""
    end = len(source) if end is None else end
    parts: list[str] = []
    pieces: list[tuple[int, int, bool]] = []
    last = " "  # the last character written; no space is written first or twice
    drops = sorted((a, b) for a, b in drop if b > start and a < end)
    d = 0

    def emit(text: str, at: int) -> None:
        nonlocal last
        for ch in text:
            if ch == " " and last == " ":
                continue
            parts.append(ch)
            pieces.append((at, 1, False))
            last = ch

    def copy(a: int, b: int, text: str) -> None:
        nonlocal last
        parts.append(text)
        pieces.append((a, b - a, True))
        last = text[-1]

    i = start
    line_start = True
    first_line = True
    while i < end:
        while d < len(drops) and drops[d][1] <= i:
            d += 1
        if d < len(drops) and drops[d][0] <= i:
            emit(" ", i)
            i = drops[d][1]
            continue
        if line_start:
            line_start = False
            m = (_FIRST_LINE_START if first_line else _LINE_START).match(source, i, end)
            i = m.end()
            if first_line:
                m = _FIRST_LINE.match(source, i, end)
                if m:
                    i = m.end()
            first_line = False
            continue
        m = _PLAIN.match(source, i, drops[d][0] if d < len(drops) else end)
        if m:
            if source[i] == " " and last == " ":
                i += 1
            run = source[i : m.end()]
            copy(i, m.end(), run if run.isascii() else run.translate(_ONE_FOR_ONE))
            i = m.end()
            continue
        ch = source[i]
        if ch == " ":  # before a space or markup: a run of spaces (table padding) is one space
            emit(" ", i)
            i = _SPACE_RUN.match(source, i, drops[d][0] if d < len(drops) else end).end()
            continue
        if ch in _MARKUP_FIRST:
            m = _MARKUP.match(source, i, end)
            if m:
                text = m.group(0)
                if text == "mc":
                    emit("u", i)
                elif m.group("keep") is not None or m.group("keep2") is not None:
                    keep = "keep" if m.group("keep") is not None else "keep2"
                    a, b = m.span(keep)
                    if _PLAIN_KEEP.fullmatch(source, a, b):
                        copy(a, b, source[a:b])
                    else:
                        for k in range(a, b):
                            emit(_CHARS.get(source[k], source[k]), k)
                elif m.group("tag") is not None:
                    # A line break in a table cell separates like a new line
                    # of a list: a value before it is not about a word after it.
                    tag = m.group("tag").lower()
                    if tag in _BREAK_TAGS:
                        emit("; ", i)
                    elif tag not in _INLINE_TAGS:
                        emit(" ", i)
                elif text[0] not in "*_=~":  # emphasis just disappears
                    emit(" ", i)
                i = m.end()
                continue
            m = _ASCII_CMP.match(source, i, end)
            if m:
                emit(m.group(0)[::-1], i)
                i = m.end()
                continue
        if ch in _SUPERSCRIPTS:
            if i == start or source[i - 1] not in _SUPERSCRIPTS:
                emit("^", i)
            emit(_SUPERSCRIPTS[ch], i)
        elif ch == "\n":
            emit(" ", i)
            line_start = True
        else:
            emit(_CHARS.get(ch, ch), i)
        i += 1
    if parts and last == " ":
        parts.pop()
        pieces.pop()
    return Normalized("".join(parts), pieces, start)
