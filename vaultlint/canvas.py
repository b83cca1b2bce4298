"""Canvas files (``.canvas``, JSON Canvas 1.0): where their links are.

A canvas is a JSON object whose ``nodes`` are cards. A ``file`` node shows
a vault file named by its full path (``"file": "Pharm/Drugs.md"``, with an
optional ``"subpath": "#Dosage"``); a ``text`` node holds Markdown, and its
links are rendered and followed like a note's. Both are turned into
:class:`~vaultlint.model.Link` records placed in the ``.canvas`` file
itself, so a finding points at the right line and column of the JSON:

>>> text = '{"nodes": [\\n  {"id": "a", "type": "text", "text": "See [[Blood]]"},\\n' \\
...        '  {"id": "b", "type": "file", "file": "Labs/CBC.md", "subpath": "#WBC"}\\n]}'
>>> canvas = parse_canvas(text)
>>> [(l.path, l.subpath, l.embed, l.range.line, l.range.column) for l in canvas.links]
[('Blood', '', False, 2, 44), ('Labs/CBC.md', '#WBC', True, 3, 40)]
>>> [(n.file, n.range.column) for n in canvas.file_nodes]
[('Labs/CBC.md', 40)]

A file node is an embed: the card shows the file, or an error when it is
missing. Its range is the path inside the quotes; :func:`json_string_edit`
rewrites it with JSON's escapes (for a note that moved):

>>> json_string_edit(canvas.file_nodes[0].range, 'Labs/"Old" CBC.md').replacement
'Labs/\\\\"Old\\\\" CBC.md'

Text that is not a canvas gives an error and no links, never an exception;
an empty file or ``{}`` is an empty canvas:

>>> parse_canvas('{"nodes": [').error
'line 1, column 12: the JSON is cut off (Expecting value)'
>>> parse_canvas('{}'), parse_canvas('')
(Canvas(file_nodes=[], links=[], error=None, error_range=None), Canvas(file_nodes=[], links=[], error=None, error_range=None))
"""

from __future__ import annotations

import json
import json.scanner
from dataclasses import dataclass, field

from .lines import LineIndex
from .model import Edit, Link, LinkKind, Range
from .parse import parse_note
from .reader import Source


@dataclass(frozen=True)
class FileNode:
    """A card showing a vault file."""

    id: str
    file: str  # the vault path as written in the canvas
    subpath: str  # "#Heading", "#^block" or ""
    range: Range  # the path's text inside its JSON quotes


@dataclass
class Canvas:
    file_nodes: list[FileNode] = field(default_factory=list)
    # File nodes and the links of text nodes, in the order they are written.
    links: list[Link] = field(default_factory=list)
    # Why the file could not be read as a canvas; the links are then empty.
    error: str | None = None
    error_range: Range | None = None


class _Placed(str):
    """A JSON string value that remembers where its text is in the source:
    ``start`` and ``end`` bound what is between the quotes."""

    start: int
    end: int


def _placed_string(s: str, idx: int, strict: bool) -> tuple[str, int]:
    value, end = json.decoder.scanstring(s, idx, strict)
    placed = _Placed(value)
    placed.start, placed.end = idx, end - 1
    return placed, end


def _load(text: str):
    """``json.loads`` with every string value a :class:`_Placed`.

    The pure-Python scanner is the one that lets a string parser be
    swapped in; canvases are small enough for it."""
    decoder = json.JSONDecoder()
    decoder.parse_string = _placed_string
    decoder.scan_once = json.scanner.py_make_scanner(decoder)
    return decoder.decode(text)


def source_offsets(source: str, start: int, end: int) -> list[int]:
    """Where each character of the decoded JSON string ``source[start:end]``
    starts in ``source``, and one more entry for ``end``.

    An escape (``\\n``, ``\\"``, ``\\u00e9``, a ``\\ud83d\\ude00`` pair) is
    one decoded character spanning its whole source text.

    >>> source_offsets(r'"a\\nb\\u00e9"', 1, 11)
    [1, 2, 4, 5, 11]
    """
    offsets: list[int] = []
    i = start
    while i < end:
        offsets.append(i)
        if source[i] != "\\":
            i += 1
        elif source[i + 1] != "u":
            i += 2
        elif (
            0xD800 <= int(source[i + 2 : i + 6], 16) < 0xDC00
            and source[i + 6 : i + 8] == "\\u"
            and 0xDC00 <= int(source[i + 8 : i + 12], 16) < 0xE000
        ):
            i += 12  # a surrogate pair decodes to one character
        else:
            i += 6
    offsets.append(end)
    return offsets


def json_string_edit(where: Range, value: str) -> Edit:
    """An edit replacing a JSON string's content with ``value``, escaped."""
    return Edit(where.start, where.end, json.dumps(value, ensure_ascii=False)[1:-1])


def parse_canvas(text: str) -> Canvas:
    """The links of a canvas file's text; never raises on odd input."""
    lines = LineIndex(text)
    if not text.strip():
        return Canvas()  # Obsidian opens an empty file as an empty canvas
    try:
        data = _load(text)
    except json.JSONDecodeError as exc:
        at = lines.range(exc.pos, min(exc.pos + 1, len(text)))
        what = "the JSON is cut off" if exc.pos >= len(text.rstrip()) else "this is not valid JSON"
        return Canvas(error=f"line {exc.lineno}, column {exc.colno}: {what} ({exc.msg})", error_range=at)
    except RecursionError:
        return Canvas(error="the JSON is nested too deeply to be read", error_range=lines.range(0, 0))
    if not isinstance(data, dict):
        return Canvas(error="this JSON is not a canvas: it is not an object", error_range=lines.range(0, 0))
    nodes = data.get("nodes")
    canvas = Canvas()
    if not isinstance(nodes, list):
        return canvas  # "{}" is how Obsidian saves a canvas with no cards
    for node in nodes:
        if not isinstance(node, dict):
            continue
        kind = node.get("type")
        if kind == "file" and isinstance(node.get("file"), _Placed):
            _file_node(node, lines, canvas)
        elif kind == "text" and isinstance(node.get("text"), _Placed):
            canvas.links.extend(_text_links(node["text"], text, lines))
    return canvas


def _file_node(node: dict, lines: LineIndex, canvas: Canvas) -> None:
    path: _Placed = node["file"]
    subpath = node.get("subpath")
    subpath = str(subpath) if isinstance(subpath, str) and subpath.startswith("#") else ""
    where = lines.range(path.start, path.end)
    canvas.file_nodes.append(FileNode(str(node.get("id", "")), str(path), subpath, where))
    raw = lines.text[path.start : path.end]
    canvas.links.append(Link(LinkKind.WIKI, True, str(path), subpath, None, where, where, raw))


def _text_links(value: _Placed, text: str, lines: LineIndex) -> list[Link]:
    """The links of a text node's Markdown, moved to their place in the JSON."""
    note = parse_note(Source(path="", text=str(value), encoding="utf-8", bom=False, newline="\n"))
    body_links = [link for link in note.links if link.kind is not LinkKind.FRONTMATTER]
    if not body_links:
        return []
    offsets = source_offsets(text, value.start, value.end)

    def place(r: Range) -> Range:
        return lines.range(offsets[r.start], offsets[r.end])

    return [link._replace(range=place(link.range), target_range=place(link.target_range)) for link in body_links]
