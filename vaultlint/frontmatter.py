"""The YAML block at the top of a note (spec R7).

Frontmatter starts with a ``---`` line on line 1 and ends at the next line
starting with ``---``. The YAML is loaded with python-frontmatter's handler;
an error keeps the line where YAML gave up.

>>> from vaultlint.lines import LineIndex
>>> text = "---\\ntags: [a\\n---\\nbody"
>>> fm = split_frontmatter(text, LineIndex(text))
>>> fm.data, fm.error.line
(None, 3)
"""

from __future__ import annotations

import re

import yaml
from frontmatter.default_handlers import YAMLHandler

from .lines import LineIndex
from .note import Frontmatter, FrontmatterError

_OPEN = re.compile(r"---[ \t]*\r?(?:\n|$)")
_CLOSE = re.compile(r"^---.*$", re.MULTILINE)
_HANDLER = YAMLHandler()


class Unterminated(Exception):
    """Frontmatter opened on line 1 and never closed."""


def split_frontmatter(text: str, lines: LineIndex) -> Frontmatter | None:
    """Find and load the frontmatter; None when the note has none.

    Raises Unterminated when the opening line has no closing line.
    """
    opening = _OPEN.match(text)
    if not opening:
        return None
    close = _CLOSE.search(text, opening.end())
    if not close:
        raise Unterminated
    body_start, body_end = opening.end(), close.start()
    end = close.end()
    if text.startswith("\r\n", end):
        end += 2
    elif text.startswith("\n", end):
        end += 1
    fm = Frontmatter(start=0, end=end, body_start=body_start, body_end=body_end, data=None)
    yaml_text = text[body_start:body_end]
    first_line = lines.line_of(body_start) + 1
    try:
        data = _HANDLER.load(yaml_text) if yaml_text.strip() else {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = first_line + (mark.line if mark else 0)
        column = (mark.column + 1) if mark else 1
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        fm.error = FrontmatterError(line, column, f"the note's properties (YAML) cannot be read: {problem}")
        return fm
    except (ValueError, TypeError, OverflowError) as exc:
        # PyYAML's constructors raise these for values such as impossible dates.
        fm.error = FrontmatterError(first_line, 1, f"the note's properties (YAML) cannot be read: {exc}")
        return fm
    if not isinstance(data, dict):
        fm.error = FrontmatterError(
            first_line, 1, "the note's properties must be 'key: value' lines, not a single value or a list"
        )
        return fm
    fm.data = data
    return fm


def string_values(data: object, key: str = "") -> list[tuple[str, str]]:
    """Every string value in the YAML tree with its dotted key, in order.

    >>> string_values({"up": "[[A]]", "rel": ["[[B]]", 3], "n": {"x": "y"}})
    [('up', '[[A]]'), ('rel.0', '[[B]]'), ('n.x', 'y')]
    """
    out: list[tuple[str, str]] = []
    if isinstance(data, str):
        out.append((key, data))
    elif isinstance(data, dict):
        for k, v in data.items():
            out.extend(string_values(v, f"{key}.{k}" if key else str(k)))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            out.extend(string_values(v, f"{key}.{i}" if key else str(i)))
    return out
