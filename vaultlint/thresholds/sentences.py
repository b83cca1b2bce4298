"""Splitting a paragraph into sentences, the claim units of prose.

A sentence ends at ``.``, ``!`` or ``?`` (with any closing quote, bracket,
emphasis or footnote marker after it) before a capital, digit or link.
Abbreviations (``e.g.``, ``pt.``, ``p.``, ``Dr.``) and initials do not end one.

>>> text = "K above 5.0 mEq/L is high.[^1] Dr. Lee agrees (p. 3). See [[Na]]?"
>>> [text[a:b] for a, b in split_sentences(text, 0, len(text))]
['K above 5.0 mEq/L is high.[^1]', 'Dr. Lee agrees (p. 3).', 'See [[Na]]?']
"""

from __future__ import annotations

import re

_END = re.compile(r"""[.!?]+["'”’)\]*_]*(?:\[\^[^\]\s]+\]|\^\[[^\]\n]*\])*(?=\s+[^\w\s]*[A-Z0-9\[(*_"'“‘])""")
_ABBREVIATION = re.compile(
    r"(?:\b(?i:e\.g|i\.e|cf|pts?|pp?|vs|dr|mr|mrs|ms|prof|approx|al|ext|no|fig|ch|vol|ed|st|dept|inc|ltd|jr|sr|avg|resp)"
    r"|(?<![^\s(])[A-Z])\.$"  # an initial, but not the C of "38 °C."
)


def split_sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """(start, end) of each sentence of ``text[start:end]``, whitespace trimmed."""
    spans = []
    pos = start
    for m in _END.finditer(text, start, end):
        dot = m.start()
        # An abbreviation ends with a letter and a full stop.
        if text[dot] == "." and dot > start and text[dot - 1].isalpha() and _ABBREVIATION.search(text, max(start, dot - 8), dot + 1):
            continue
        spans.append((pos, m.end()))
        pos = m.end()
    spans.append((pos, end))
    trimmed = []
    for a, b in spans:
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if b > a:
            trimmed.append((a, b))
    return trimmed
