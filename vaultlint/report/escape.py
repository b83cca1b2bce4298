"""Names and messages made safe for a line of a terminal or a log.

A file name may hold any character but '/' and NUL. In a report meant to
be read one finding a line, a newline in a name would split a finding in
two, a carriage return or an escape sequence could overwrite or recolour
what the terminal shows, and a bidirectional override could make a name
read backwards. Such characters are written as Python escapes instead.

>>> one_line("Week 1/Bad\\nname.md")
'Week 1/Bad\\\\nname.md'
>>> one_line("evil\\x1b[2J\\u202egnp.md"), one_line("Café\\tnotes.md")
('evil\\\\x1b[2J\\\\u202egnp.md', 'Café\\\\tnotes.md')
"""

from __future__ import annotations

import re

# C0 and C1 controls, DEL, line and paragraph separators, bidirectional
# embeddings, overrides and isolates.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(match: re.Match) -> str:
    char = match.group()
    if char in _NAMED:
        return _NAMED[char]
    return f"\\x{ord(char):02x}" if ord(char) < 0x100 else f"\\u{ord(char):04x}"


def one_line(text: str) -> str:
    """``text`` with every character that could break or disguise a line escaped."""
    # Every character matched is a control, format or line/paragraph
    # separator, none of which is printable: most text needs no scan.
    return text if text.isprintable() else _UNSAFE.sub(_escape, text)
