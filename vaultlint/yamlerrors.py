"""PyYAML's errors explained in words a student understands.

PyYAML (and libyaml, its C loader, in other words) says where it gave up, in terms of its grammar ("while parsing a
flow sequence ... expected ',' or ']', but got '<stream end>'"), often lines
after the mistake. :func:`explain` names the mistake and the line it is on,
and keeps PyYAML's own text as detail:

>>> import yaml
>>> def why(text):
...     try:
...         yaml.safe_load(text)
...     except yaml.YAMLError as exc:
...         return explain(exc, text)
>>> why("title: Anemia\\ntags: [blood, cbc\\n")
Explanation(line=1, column=6, text='a list was opened with `[` and never closed')
>>> why("date: {{date}}\\n").text
'a value starts with `{`, which YAML reads as a group of properties: put the value in quotes, like "{{date}}"'

Lines and columns are 0-based within the YAML text, as PyYAML's marks are.
"""

from __future__ import annotations

import re
from typing import NamedTuple

import yaml


class Explanation(NamedTuple):
    line: int
    column: int
    text: str


def detail(exc: yaml.YAMLError) -> str:
    """PyYAML's own words, on one line."""
    parts = [getattr(exc, "context", None), getattr(exc, "problem", None)]
    said = ", ".join(p for p in parts if p)
    return said or str(exc).splitlines()[0]


def _mark(exc: yaml.YAMLError, which: str) -> tuple[int, int] | None:
    mark = getattr(exc, which, None)
    return (mark.line, mark.column) if mark is not None else None


_CANNOT_START = re.compile(r"found character '(.)' that cannot start any token")


def explain(exc: yaml.YAMLError, text: str) -> Explanation:
    """Where the mistake in the YAML ``text`` is and what it is."""
    context = getattr(exc, "context", None) or ""
    problem = getattr(exc, "problem", None) or ""
    at = _mark(exc, "problem_mark") or _mark(exc, "context_mark") or (0, 0)
    opened = _mark(exc, "context_mark") or at
    # PyYAML's C loader keeps no copy of the text in its marks.
    buffer = text
    line_text = buffer.split("\n")[at[0]] if buffer and at[0] < buffer.count("\n") + 1 else ""

    if "flow sequence" in context:
        return Explanation(*opened, "a list was opened with `[` and never closed")
    if "flow mapping" in context:
        return Explanation(*opened, "a group of properties was opened with `{` and never closed")
    if "quoted scalar" in context and "end of stream" in problem:
        quote = buffer[_offset(buffer, opened)] if buffer else '"'
        return Explanation(*opened, f"a text in quotes was opened with `{quote}` and never closed")
    if "quoted scalar" in context and ("escape" in problem or "hexdecimal" in problem):
        return Explanation(
            *at,
            'a backslash inside "double quotes" starts a special code: write it twice (\\\\), '
            "or use 'single quotes'",
        )
    if "cannot start any token" in problem:
        # libyaml's message leaves the character out: read it from the text.
        char = _CANNOT_START.search(problem)
        char = char.group(1) if char else line_text[at[1] : at[1] + 1]
        if char == "\t":
            return Explanation(*at, "a tab is used to indent; YAML allows only spaces")
        return Explanation(*at, f"a value starts with `{char}`, which YAML keeps for itself: put the value in quotes")
    if "alias" in context:
        return Explanation(
            *opened, "a value starts with `*`, which YAML reads as a reference to another value: put the value in quotes"
        )
    if "unhashable key" in problem:
        return Explanation(
            *opened,
            "a value starts with `{`, which YAML reads as a group of properties: put the value in quotes, "
            f'like "{_value_at(buffer, opened)}"',
        )
    if "mapping values are not allowed" in problem:
        before = line_text[: at[1]]
        if ": " in before or before.rstrip().endswith(":"):
            return Explanation(
                *at,
                'the value holds ": " (a colon and a space), which YAML reads as the start of another '
                "property: put the whole value in quotes",
            )
        return Explanation(
            *at,
            "this property is indented differently from the line above, or the line above is not a "
            "`name: value` line",
        )
    if "could not find expected ':'" in problem:
        line = opened[0] if "simple key" in context else at[0]
        return Explanation(line, 0, "this line is not a `name: value` property: it has no `:` after a name")
    if "expected <block end>" in problem or "did not find expected key" in problem:
        if at[1] > 0 and line_text[: at[1]].rstrip().endswith(("'", '"')):
            return Explanation(
                *at,
                "text goes on after a closing quote: to write ' inside 'single quotes' write it twice (''), "
                'or put the value in "double quotes"',
            )
        return Explanation(
            at[0], at[1], "this line is indented differently from the lines above: list items and properties must line up"
        )
    return Explanation(*at, "YAML cannot read this line")


def _offset(buffer: str, where: tuple[int, int]) -> int:
    lines = buffer.split("\n")
    return sum(len(line) + 1 for line in lines[: where[0]]) + where[1]


def _value_at(buffer: str, where: tuple[int, int]) -> str:
    """The rest of the line from ``where``, for quoting back in a message."""
    start = _offset(buffer, where)
    end = buffer.find("\n", start)
    return buffer[start : end if end >= 0 else len(buffer)].rstrip().replace('"', '\\"')
