"""Obsidian's inline tags: ``#cardio``, ``#lab/values``, ``#y1984``.

A tag is a ``#`` at the start of a line or after a space, then letters,
digits, ``_``, ``-``, ``/`` (for nested tags) and other characters that are
neither punctuation (ASCII's, and Unicode's General and Supplemental
Punctuation blocks: ``’``, ``“``, ``…``) nor space, as Obsidian's own pattern
reads them; it holds at least one character that is not a digit, so
``#1984`` is not a tag. Tags are case-insensitive.

>>> [(name, start) for name, start, _ in find_tags("Revise #Cardio/ECG and #1984, #y1984.\\n#drugs_2 ## x")]
[('Cardio/ECG', 7), ('y1984', 30), ('drugs_2', 38)]
"""

from __future__ import annotations

import re
from typing import Iterator

# Runs of anything but space and punctuation other than - / _.
_TAG = re.compile(r"(?<!\S)#([^\s!-,.:-@\[-\^`{-~\u2000-\u206f\u2e00-\u2e7f]+)")


def find_tags(text: str) -> Iterator[tuple[str, int, int]]:
    """Each tag in ``text`` as (name without '#', start of '#', end)."""
    for m in _TAG.finditer(text):
        name = m.group(1)
        if not name.isdigit():
            yield name, m.start(), m.end()
