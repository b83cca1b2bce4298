"""The YAML block at the top of a note (spec R7).

Frontmatter starts with a ``---`` line on line 1 and ends at the next line
starting with ``---``. The YAML is loaded with python-frontmatter's handler;
an error is placed at the mistake and explained (see yamlerrors.py).

>>> from vaultlint.lines import LineIndex
>>> text = "---\\ntags: [a\\n---\\nbody"
>>> fm = split_frontmatter(text, LineIndex(text))
>>> fm.data, fm.error.line, fm.error.column
(None, 2, 7)
"""

from __future__ import annotations

import datetime
import re

import yaml
from frontmatter.default_handlers import YAMLHandler
from yaml.constructor import SafeConstructor
from yaml.nodes import ScalarNode
from yaml.resolver import Resolver

from .lines import LineIndex
from .note import Frontmatter, FrontmatterError
from .yamlerrors import detail, explain

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
        data = _load_yaml(yaml_text) if yaml_text.strip() else {}
    except yaml.YAMLError as exc:
        why = explain(exc, yaml_text)
        fm.error = FrontmatterError(
            first_line + why.line,
            why.column + 1,
            f"the note's properties (YAML) cannot be read: line {first_line + why.line}: {why.text}."
            f" (YAML says: {detail(exc)})",
        )
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


def _load_yaml(text: str) -> object:
    simple = _load_simple(text)
    return _HANDLER.load(text) if simple is None else simple


# --- the common case without the YAML library ----------------------------------
#
# Most properties blocks are a few "key: value" lines and lists of values
# ("tags:" then "  - a" lines). Loading those through the YAML library costs
# more than parsing the rest of the note, so _load_simple reads them itself
# and gives up (returns None) on anything else: comments, blank lines,
# nesting, flow lists, anchors, tabs, escapes, multi-line values. What it
# does read it reads exactly as the library would: plain values and keys go
# through the library's own resolver and constructors ("2024-01-05" is a
# date, "yes" is True), quoted values are strings as written.

# Characters a quoted value may hold here: none that YAML escapes, folds or
# refuses (controls, line separators, surrogates, BOM), and not its own quote.
_QUOTABLE = r"\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff\\"
# A plain value: no indicator at its start, no ": " or " #" inside, no
# trailing space (the pattern leaves it to the line's end). Written as runs
# of one character class, which the regex engine matches fastest.
# Beyond ASCII: Latin letters with their marks, and the typographic apostrophe
# and dash (names such as "Behçet’s disease").
_LETTERS = "\u00c0-\u024f"
_PLAIN = (
    rf"[A-Za-z0-9{_LETTERS}][A-Za-z0-9{_LETTERS}'\u2019\u2013._/()+%?=&~,#-]*"
    rf"(?:(?::(?=[^ ])| +(?=[^ #]))[A-Za-z0-9{_LETTERS}'\u2019\u2013._/()+%?=&~,#-]*)*"
)
_VALUE = rf"""(?:"[^"{_QUOTABLE}]*"|'[^'{_QUOTABLE}]*'|{_PLAIN})"""
_ENTRY = re.compile(
    rf"(?:(?P<key>[A-Za-z_](?:[A-Za-z0-9_-]| (?=[A-Za-z0-9_-])){{0,99}}):|(?P<dash> *)-)(?: +(?P<value>{_VALUE}))? *\Z"
)
_RESOLVER = Resolver()
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")  # "created: 2024-01-05", in most notes
_STR = "tag:yaml.org,2002:str"


def _load_simple(text: str) -> dict | None:
    """The mapping ``text`` holds when it is made only of top-level
    ``key: value`` and ``key:`` lines and ``- value`` lines listing the
    values of the ``key:`` above them; None when it is anything else."""
    if "\r" in text:
        if text.count("\r") != text.count("\r\n"):
            return None
        text = text.replace("\r\n", "\n")
    data: dict = {}
    list_key = None  # the key of a "key:" line with no value yet
    items: list | None = None
    indent = 0
    for line in text.removesuffix("\n").split("\n"):
        m = _ENTRY.match(line)
        if m is None:
            return None
        value = m.group("value")
        key = m.group("key")
        try:
            if key is not None:
                key = _scalar(key)
                data[key] = None if value is None else _scalar(value)
                list_key = key if value is None else None
                items = None
                continue
            if list_key is None:
                return None  # a list item must follow "key:"
            if items is None:
                items = data[list_key] = []
                indent = len(m.group("dash"))
            elif len(m.group("dash")) != indent:
                return None
            items.append(None if value is None else _scalar(value))
        except (ValueError, TypeError, OverflowError, yaml.YAMLError):
            return None  # such as an impossible date: let the library report it
    return data


def _scalar(value: str) -> object:
    """A scalar of _VALUE's form, as the YAML library constructs it."""
    if value[0] in "\"'":
        return value[1:-1]
    if value[0] in "0123456789" and _DATE.fullmatch(value):
        # What the resolver and the timestamp constructor make of it, or the
        # same ValueError for an impossible date.
        return datetime.date(int(value[:4]), int(value[5:7]), int(value[8:]))
    tag = _RESOLVER.resolve(ScalarNode, value, (True, False))
    if tag == _STR:
        return value
    return SafeConstructor.yaml_constructors[tag](_CONSTRUCTOR, ScalarNode(tag, value))


# Scalar constructors read only the node they are given.
_CONSTRUCTOR = SafeConstructor()


def string_values(data: object, key: str = "") -> list[tuple[str, str]]:
    """Every string value in the YAML tree with its dotted key, in order.

    >>> string_values({"up": "[[A]]", "rel": ["[[B]]", 3], "n": {"x": "y"}})
    [('up', '[[A]]'), ('rel.0', '[[B]]'), ('n.x', 'y')]
    """
    if isinstance(data, str):
        return [(key, data)]
    if isinstance(data, dict):
        children = data.items()
    elif isinstance(data, list):
        children = enumerate(data)
    else:
        return []
    out: list[tuple[str, str]] = []
    for k, v in children:
        # Most values are strings or numbers: only lists and maps need a call.
        if isinstance(v, str):
            out.append((f"{key}.{k}" if key else str(k), v))
        elif isinstance(v, (dict, list)):
            out.extend(string_values(v, f"{key}.{k}" if key else str(k)))
    return out
