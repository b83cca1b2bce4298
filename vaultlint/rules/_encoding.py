"""What the encoding rules (VL201-VL205) share: the text they look at, how
they show characters nobody can see, and where link targets are."""

from __future__ import annotations

import unicodedata
from typing import TYPE_CHECKING

from ..model import RegionKind

if TYPE_CHECKING:
    from ..model import Link
    from ..note import Note

# Code and math are left as they are: a code sample may show garbled text
# on purpose, and neither is prose a reader sees.
SKIPPED_REGIONS = (RegionKind.CODE, RegionKind.MATH)


def checked_text(note: "Note") -> str:
    """The note's text with code and math blanked (offsets kept).
    Frontmatter stays: its values are text too."""
    return note.masked(*SKIPPED_REGIONS)


def visible(text: str, names: bool = True) -> str:
    """``text`` for a message, with characters that cannot be seen spelled
    out (by code point only when ``names`` is false).

    >>> visible("Â\\xa0x\\u200by")
    'Â<U+00A0 NO-BREAK SPACE>x<U+200B ZERO WIDTH SPACE>y'
    >>> visible("don\\x92t"), visible("x\\u200by", names=False)
    ('don<U+0092>t', 'x<U+200B>y')
    """
    out = []
    for char in text:
        if char != " " and unicodedata.category(char) in ("Cc", "Cf", "Zs", "Zl", "Zp"):
            name = unicodedata.name(char, "") if names else ""
            out.append(f"<U+{ord(char):04X}{' ' + name if name else ''}>")
        else:
            out.append(char)
    return "".join(out)


def link_at(note: "Note", start: int, end: int) -> "Link | None":
    """The link whose target holds ``start``..``end``, if any."""
    for link in note.links:
        if link.target_range.start <= start and end <= link.target_range.end:
            return link
    return None
