"""Parsing a note: frontmatter, block structure, then Obsidian's syntax.

Block structure and CommonMark inline syntax (code spans, math, HTML,
Markdown links, tables, footnote definitions) come from pulldown-cmark, a
CommonMark parser, through its Python bindings ``pyromark``. Only what
Obsidian adds or reads differently is done here (``obsidian.py``):
wikilinks and embeds, ``%%`` comments, block ids, footnote references
(reported even without a definition), inline footnotes and callouts.

>>> from vaultlint.reader import decode
>>> note = parse_note(decode("# Title\\n\\nSee [[Blood]] and `[[code]]`.\\n".encode(), "N.md"))
>>> [(l.path, l.range.line, l.range.column) for l in note.links]
[('Blood', 3, 5)]
>>> [h.text for h in note.headings]
['Title']
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable
from operator import attrgetter

import pyromark

from . import frontmatter as fm_stage
from .lines import LineIndex
from .linktext import decode_uri, parse_alias_link, split_subpath, unescape_destination
from .model import (
    BlockId,
    BlockKind,
    Directive,
    FootnoteDef,
    Heading,
    Link,
    LinkKind,
    Region,
    RegionKind,
    TextBlock,
)
from .note import Frontmatter, FrontmatterError, Note
from .obsidian import InlineScanner, parse_directive
from .reader import Source

_OPTIONS = (
    pyromark.Options.ENABLE_TABLES
    | pyromark.Options.ENABLE_FOOTNOTES
    | pyromark.Options.ENABLE_MATH
    | pyromark.Options.ENABLE_TASKLISTS
    | pyromark.Options.ENABLE_STRIKETHROUGH
)
try:  # adjacent text merged into one event: far fewer events (pyromark 0.10 on)
    pyromark.events_with_range("", merge_text=True)
    _MERGE_TEXT = {"merge_text": True}
except TypeError:
    _MERGE_TEXT = {}
# Obsidian's block comment: a line whose content starts with "%%", to the
# next "%%" or the end of the note.
_COMMENT_LINE = re.compile(r"^[ \t]*(?:>[ \t]?)*(%%)", re.M)
_NOT_LINE_BREAK = re.compile(r"[^\r\n]+")
_CALLOUT = re.compile(r"\[!([^\]\s]+)\]([+-]?)[ \t]*(.*)")
# "^id" at the end of a block, after white space or another inline element (R5.2).
_BLOCK_ID = re.compile(r"(?:(?<=\s)|(?<=^)|(?<=[\]\)`*_=~>]))\^([A-Za-z0-9-]+)[ \t]*$", re.M)
_HEADING_LEVELS = {"H1": 1, "H2": 2, "H3": 3, "H4": 4, "H5": 5, "H6": 6}


def parse_note(source: Source, *, frontmatter_markdown_links: bool = False) -> Note:
    """Parse a note's text into a Note; never raises on odd input."""
    text = source.text
    from .lines import LineIndex

    lines = LineIndex(text)
    note = Note(source=source, lines=lines)
    try:
        fm = fm_stage.split_frontmatter(text, lines)
    except fm_stage.Unterminated:
        fm = Frontmatter(0, 0, 0, 0, None, FrontmatterError(1, 1, "the properties block opened with '---' on line 1 is never closed with a '---' line"))
    hidden: list[tuple[int, int]] = []  # what the Markdown parser must not see
    if fm is not None:
        note.frontmatter = fm
        if fm.end:
            note.regions.append(Region(RegionKind.FRONTMATTER, 0, fm.end))
            hidden.append((0, fm.end))
            if fm.data:
                note.links.extend(_frontmatter_links(note, fm, frontmatter_markdown_links))
    _Walker(note, hidden).run()
    return note


# --- frontmatter links (R7) --------------------------------------------------


def _frontmatter_links(note: Note, fm: Frontmatter, markdown_links: bool) -> list[Link]:
    text = note.text
    links: list[Link] = []
    cursor = fm.body_start
    make_range = note.lines.range
    for key, value in fm_stage.string_values(fm.data):
        if "[" not in value:
            continue  # neither "[[...]]" nor "[...](...)"
        value_stripped = value.strip()
        is_wiki = value_stripped.startswith("[[") and value_stripped.endswith("]]") and len(value_stripped) > 4
        md = _MD_VALUE.match(value_stripped) if markdown_links and not is_wiki else None
        if not is_wiki and not md:
            continue
        at = text.find(value_stripped, cursor, fm.body_end)
        if at < 0:
            at = text.find(value_stripped[:2], cursor, fm.body_end)
            at = cursor if at < 0 else at
            length = 0
        else:
            length = len(value_stripped)
            cursor = at + length
        if is_wiki:
            content = value_stripped[2:-2]
            path, display = parse_alias_link(content)
            path, subpath = split_subpath(path)
        else:
            decoded = decode_uri(unescape_destination(md.group(2)))
            if decoded is None:
                continue
            path, subpath = split_subpath(decoded)
            display = md.group(1)
        target_start = at + 2 if is_wiki and length else at
        target_end = target_start + (len(content.split("|")[0]) if is_wiki and length else 0)
        whole, target = make_range(at, at + length), make_range(target_start, target_end)
        links.append(
            _new(Link, (LinkKind.FRONTMATTER, False, path, subpath, display, whole, target, value_stripped, False, False, key))
        )
    return links


_MD_VALUE = re.compile(r"\[([^\]]*)\]\(([^()\s]+)\)$")


# --- the Markdown parser's events ---------------------------------------------


def markdown_events(text: str, options: pyromark.Options = _OPTIONS) -> Iterable:
    """pulldown-cmark's events for ``text``, as (event, range) pairs, with
    character offsets.

    The library counts offsets in UTF-8 bytes. Most notes are shown to it
    with every character beyond ASCII replaced by ``?``: the same length in
    characters, so its offsets are character offsets of ``text``. No such
    character takes part in CommonMark's block structure or in its code
    spans, links and HTML; what is read out of the text (link destinations,
    labels, heading text) is taken from the note itself, at those offsets.
    Only the labels of reference links and footnotes are compared by the
    library (``[ä]`` must not use the definition ``[ö]: x``), and they need
    a definition, which has ``]:``: a note with both is shown as it is, and
    the offsets are converted.

    >>> [(e, r["start"], r["end"]) for e, r in markdown_events("é *x*")][2]
    ({'Start': 'Emphasis'}, 2, 5)
    >>> [(r["start"], r["end"]) for e, r in markdown_events("[ä]: x\\n\\n[é *ö*]") if "Start" in e]
    [(8, 15), (11, 14)]
    """
    if text.isascii():
        return pyromark.events_with_range(text, options=options, **_MERGE_TEXT)
    if "]:" not in text:
        return pyromark.events_with_range(text.encode("ascii", "replace").decode("ascii"), options=options, **_MERGE_TEXT)
    events = list(pyromark.events_with_range(text, options=options, **_MERGE_TEXT))
    # Byte offset -> character offset, for the offsets used, in order: each
    # step decodes only the bytes since the previous one.
    data = text.encode()
    chars: dict[int, int] = {0: 0}
    last = char = 0
    for offset in sorted({o for _, r in events for o in (r["start"], r["end"])}):
        char += len(data[last:offset].decode())
        chars[offset] = char
        last = offset
    return [(ev, {"start": chars[r["start"]], "end": chars[r["end"]]}) for ev, r in events]


def _blank(text: str, spans: list[tuple[int, int]]) -> str:
    """``text`` with ``spans`` turned to spaces, line breaks kept, so the
    character offsets stay those of ``text``."""
    parts = []
    at = 0
    for start, end in spans:
        parts.append(text[at:start])
        parts.append(_NOT_LINE_BREAK.sub(_spaces, text[start:end]))
        at = end
    parts.append(text[at:])
    return "".join(parts)


def _spaces(match: re.Match) -> str:
    return " " * (match.end() - match.start())


def _name(event: object) -> str:
    """'Paragraph' for {'Start': 'Paragraph'} and {'Start': {'Heading': ...}}."""
    inner = next(iter(event.values()))
    return inner if isinstance(inner, str) else next(iter(inner))


class _Leaf:
    """A block with inline content being read: where its text starts and
    ends, and the library's inline spans inside it."""

    __slots__ = ("kind", "start", "end", "code", "links", "level", "fixed")

    def __init__(self, kind: str, level: int = 0) -> None:
        self.kind = kind
        self.level = level
        self.fixed = False  # start and end are the block's own, not its content's
        self.start = -1
        self.end = -1
        # Both stay empty tuples until something is added (most blocks have neither).
        self.code: list[tuple[RegionKind, int, int]] | tuple = ()  # code spans, math, inline HTML comments
        self.links: list[tuple[dict, int, int, bool]] | tuple = ()  # Markdown links: data, start, end, image


    def add_code(self, kind: RegionKind, start: int, end: int) -> None:
        if self.code:
            self.code.append((kind, start, end))
        else:
            self.code = [(kind, start, end)]

    def add_link(self, data: dict, start: int, end: int, image: bool) -> None:
        if self.links:
            self.links.append((data, start, end, image))
        else:
            self.links = [(data, start, end, image)]


class _Walker:
    """One pass over the library's events, building the note model."""

    def __init__(self, note: Note, hidden: list[tuple[int, int]]) -> None:
        self.note = note
        self.text = note.text
        self.lines = note.lines
        self.hidden = hidden
        self.scanner = InlineScanner(self.text, note.lines)
        self.stack: list[str] = []  # open containers: BlockQuote, List, Item, FootnoteDefinition, Table
        # Per open Item: the parent of a block in it (its own LIST_ITEM block once
        # read, else the enclosing item's), or -1.
        self.items: list[int] = []
        self.item_fresh: list[bool] = []  # per open Item: no block seen in it yet
        self.quote_depth = 0
        self.callout: str | None = None
        self.group = -1
        self.heading = ""
        self.leaf: _Leaf | None = None
        self.footnote: list = []  # [label, start, first block index or -1] of an open definition
        self.table_header = -1
        self.blocks_seen = 0  # leaf blocks so far, for the first-block block id rule
        self.comments: list[tuple[int, int]] = []  # %% block comments: (start, end)
        self.quote_fresh = False  # in a top-level quote whose first paragraph is still to come
        self.row: list = []  # the table row being read: name, start, end, cells
        self.leaves: list[tuple[_Leaf, bool]] = []  # blocks with inline content, and whether a table cell
        self.starts = {
            "Paragraph": self.start_leaf, "Heading": self.start_heading, "TableCell": self.start_cell,
            "Link": self.start_link, "Image": self.start_image, "List": self.start_list,
            "Table": self.start_table, "TableHead": self.start_row, "TableRow": self.start_row,
            "CodeBlock": self.start_raw, "HtmlBlock": self.start_raw,
            "BlockQuote": self.start_quote, "Item": self.start_item, "FootnoteDefinition": self.start_footnote,
        }  # fmt: skip
        self.ends = {
            "Paragraph": self.end_paragraph, "Heading": self.end_heading, "TableCell": self.end_cell,
            "TableHead": self.end_row, "TableRow": self.end_row, "List": self.end_container,
            "Table": self.end_container, "CodeBlock": self.end_container, "HtmlBlock": self.end_container,
            "BlockQuote": self.end_quote, "Item": self.end_item,
            "FootnoteDefinition": self.end_footnote,
        }  # fmt: skip

    # -- driver ----------------------------------------------------------------------

    def run(self) -> None:
        text = self.text
        # The properties block is Obsidian's (frontmatter.py), blanked here.
        # The library's own metadata blocks are not used: it also takes a
        # "---" line later in the note, after a blank line, for one.
        source = _blank(text, self.hidden) if self.hidden else text
        events = markdown_events(source)
        if "%%" in text:
            events = list(events)
            comments = self.block_comments(source, events)
            if comments:
                self.comments = comments
                events = markdown_events(_blank(source, comments))
        for start, end in self.comments:
            self.note.regions.append(Region(RegionKind.COMMENT, start, end))
            inner_end = end - 2 if text.startswith("%%", end - 2) and end - 2 >= start + 2 else end
            self.comment_body(start + 2, inner_end)
        self.walk(events)
        self.finish()

    def walk(self, events) -> None:
        """Read the events. Most are the text and emphasis inside a
        paragraph, whose extent is already known: those are passed over first."""
        starts, ends, inline = self.starts, self.ends, self.inline
        for ev, r in events:
            if type(ev) is not dict:
                if ev == "Rule":
                    self.end_implicit_leaf()
            elif "Text" in ev:
                leaf = self.leaf
                if leaf is None or not leaf.fixed:
                    inline(r["start"], r["end"])
            elif "Start" in ev:
                data = ev["Start"]
                if type(data) is str:
                    handler = starts.get(data)
                    if handler is not None:
                        handler(data, r["start"], r["end"])
                    else:  # emphasis and the like
                        leaf = self.leaf
                        if leaf is None or not leaf.fixed:
                            inline(r["start"], r["end"])
                else:
                    for name in data:
                        handler = starts.get(name)
                        if handler is None:
                            inline(r["start"], r["end"])
                        else:
                            handler(data[name], r["start"], r["end"])
            elif "End" in ev:
                data = ev["End"]
                for name in (data,) if type(data) is str else data:
                    handler = ends.get(name)
                    if handler is not None:
                        handler(r["start"], r["end"])
            else:
                leaf = inline(r["start"], r["end"])
                if leaf is not None and "FootnoteReference" not in ev and "TaskListMarker" not in ev:
                    self.inline_span(leaf, ev, r["start"], r["end"])

    def block_comments(self, source: str, events: list) -> list[tuple[int, int]]:
        """Obsidian's ``%%`` block comments: a line starting with ``%%``
        (outside code and HTML), to the next ``%%`` or the end of the note."""
        code = [
            (r["start"], r["end"]) for ev, r in events
            if type(ev) is dict and (ev.get("Start") == "HtmlBlock" or "CodeBlock" in (ev.get("Start") or ()))
        ]  # fmt: skip
        found: list[tuple[int, int]] = []
        after = self.hidden[0][1] if self.hidden else 0  # not in the properties
        ci = 0
        for m in _COMMENT_LINE.finditer(source):
            start = m.start(1)
            if start < after:
                continue
            while ci < len(code) and code[ci][1] <= start:
                ci += 1
            if ci < len(code) and code[ci][0] <= start and not any(a <= code[ci][0] < b for a, b in found):
                continue
            close = source.find("%%", start + 2)
            end = len(source) if close < 0 else close + 2
            found.append((start, end))
            after = end
        return found

    def comment_body(self, start: int, end: int) -> None:
        """Links inside a block comment are indexed too (R1.10); its text is
        read as inline Markdown on its own."""
        body = self.text[start:end]
        leaf = _Leaf("Comment")
        leaf.start, leaf.end = start, end
        for ev, r in markdown_events(body):
            if type(ev) is dict:
                self.inline_span(leaf, ev, r["start"] + start, r["end"] + start)
        self.scanner.scan(leaf, self.note, in_comment=True, in_table=False)

    # -- events --------------------------------------------------------------------------

    def inline(self, s: int, e: int) -> _Leaf | None:
        """Inline content at ``s``..``e``: the block it is in grows to hold it."""
        leaf = self.leaf
        if leaf is None:
            if self.stack and self.stack[-1] in _RAW:
                return None  # the text of a code or HTML block
            leaf = self.implicit_leaf()
        if not leaf.fixed:
            if leaf.start < 0:
                leaf.start = s
            if e > leaf.end:
                leaf.end = e
        return leaf

    def inline_span(self, leaf: _Leaf, ev: dict, s: int, e: int) -> None:
        kind = next(iter(ev))
        if kind == "Code":
            leaf.add_code(RegionKind.CODE, s, e)
        elif kind in ("InlineMath", "DisplayMath"):
            leaf.add_code(RegionKind.MATH, s, e)
        elif kind == "InlineHtml":
            if self.text.startswith("<!--", s):
                leaf.add_code(RegionKind.HTML, s, e)
        elif kind == "Start":
            name = _name(ev)
            if name in ("Link", "Image") and ev["Start"][name]["link_type"] == "Inline":
                leaf.add_link(ev["Start"][name], s, e, name == "Image")

    def implicit_leaf(self) -> _Leaf:
        """Inline content directly in a list item (a tight list)."""
        self.leaf = _Leaf("Item")
        return self.leaf

    def end_implicit_leaf(self) -> None:
        if self.leaf is not None and self.leaf.kind == "Item":
            leaf, self.leaf = self.leaf, None
            self.text_block(leaf)

    # Each kind of block's start and end, as the library reports them. The
    # inline spans with data (links and images) are read as starts too.

    def start_leaf(self, data, s: int, e: int) -> None:
        self.end_implicit_leaf()
        if not self.stack:
            self.group += 1
        leaf = self.leaf = _Leaf("Paragraph")
        leaf.start, leaf.end, leaf.fixed = s, _trim_break(self.text, s, e), True

    def start_heading(self, data, s: int, e: int) -> None:
        self.end_implicit_leaf()
        if not self.stack:
            self.group += 1
        self.leaf = _Leaf("Heading", _HEADING_LEVELS[data["level"]])

    def start_cell(self, data, s: int, e: int) -> None:
        leaf = self.leaf = _Leaf("TableCell")
        leaf.start, leaf.end, leaf.fixed = s, e, True

    def start_link(self, data, s: int, e: int) -> None:
        leaf = self.inline(s, e)
        if leaf is not None and data["link_type"] == "Inline":
            leaf.add_link(data, s, e, False)

    def start_image(self, data, s: int, e: int) -> None:
        leaf = self.inline(s, e)
        if leaf is not None and data["link_type"] == "Inline":
            leaf.add_link(data, s, e, True)

    def start_container(self, name, s: int, e: int) -> None:
        self.end_implicit_leaf()
        if not self.stack:
            self.group += 1
        self.stack.append(name)

    def start_list(self, data, s: int, e: int) -> None:
        self.start_container("List", s, e)

    def start_table(self, name, s: int, e: int) -> None:
        self.start_container("Table", s, e)
        self.table_header = -1

    def start_row(self, name, s: int, e: int) -> None:
        self.row = [name, s, e, []]

    def start_raw(self, data, s: int, e: int) -> None:
        """Code and HTML blocks: their text is not read."""
        self.end_implicit_leaf()
        self.blocks_seen += 1
        self.mark_item_used()
        kind = RegionKind.HTML if data == "HtmlBlock" else RegionKind.CODE
        self.note.regions.append(Region(kind, s, _trim_break(self.text, s, e)))
        self.stack.append("CodeBlock")

    def start_quote(self, data, s: int, e: int) -> None:
        self.start_container("BlockQuote", s, e)
        if self.quote_depth == 0:
            self.callout = None
        self.quote_depth += 1
        self.quote_fresh = self.quote_depth == 1

    def start_item(self, data, s: int, e: int) -> None:
        self.end_implicit_leaf()
        self.stack.append("Item")
        self.items.append(self.items[-1] if self.items else -1)
        self.item_fresh.append(True)

    def start_footnote(self, data, s: int, e: int) -> None:
        self.start_container("FootnoteDefinition", s, e)
        # The label as written (the library saw characters beyond ASCII as "?").
        self.footnote = [self.text[s + 2 : self.text.find("]", s + 2)], s, -1]

    def end_paragraph(self, s: int, e: int) -> None:
        leaf, self.leaf = self.leaf, None
        self.text_block(leaf)

    def end_heading(self, s: int, e: int) -> None:
        leaf, self.leaf = self.leaf, None
        self.add_heading(leaf, s, e)

    def end_cell(self, s: int, e: int) -> None:
        leaf, self.leaf = self.leaf, None
        self.row[3].append(leaf)

    def end_row(self, s: int, e: int) -> None:
        self.table_row(*self.row)

    def end_container(self, s: int, e: int) -> None:
        self.end_implicit_leaf()
        self.stack.pop()

    def end_quote(self, s: int, e: int) -> None:
        self.end_container(s, e)
        self.quote_depth -= 1
        if self.quote_depth == 0:
            self.callout = None

    def end_item(self, s: int, e: int) -> None:
        self.end_container(s, e)
        self.items.pop()
        self.item_fresh.pop()

    def end_footnote(self, s: int, e: int) -> None:
        self.end_container(s, e)
        self.finish_footnote(s, e)

    # -- blocks ----------------------------------------------------------------------------

    def mark_item_used(self) -> None:
        if self.item_fresh:
            self.item_fresh[-1] = False

    def parent_item(self) -> int:
        """The text block of the innermost open list item this block is in."""
        return self.items[-1] if self.items else -1

    def append_block(self, kind: BlockKind, start: int, end: int, cells: tuple = (), parent: int = -1, header: int = -1) -> int:
        blocks = self.note.blocks
        line = bisect_right(self.lines.starts, start)
        blocks.append(_new(TextBlock, (kind, start, end, line, self.group, self.heading, self.quote_depth, self.callout, cells, parent, header)))
        return len(blocks) - 1

    def text_block(self, leaf: _Leaf) -> None:
        """A paragraph, or the text of a list item or footnote definition."""
        self.blocks_seen += 1
        item_fresh = self.item_fresh
        start = leaf.start
        if start < 0:
            if item_fresh:
                item_fresh[-1] = False
            return
        end = _trim_break(self.text, start, leaf.end)
        items = self.items
        kind = BlockKind.PARAGRAPH
        parent = items[-1] if items else -1
        if item_fresh and item_fresh[-1]:
            kind = BlockKind.LIST_ITEM
            parent = items[-2] if len(items) > 1 else -1
        elif self.footnote and self.footnote[2] < 0 and self.stack and self.stack[-1] == "FootnoteDefinition":
            kind = BlockKind.FOOTNOTE_DEF
            start = self.footnote[1]
        if item_fresh:
            item_fresh[-1] = False
        if self.quote_fresh and kind is BlockKind.PARAGRAPH:
            self.quote_fresh = False
            start = self.callout_title(leaf, start, end)
            if start >= end:
                self.leaves.append((leaf, False))
                return
        # append_block, written out: most blocks of a note pass here.
        blocks = self.note.blocks
        line = bisect_right(self.lines.starts, start)
        blocks.append(_new(TextBlock, (kind, start, end, line, self.group, self.heading, self.quote_depth, self.callout, (), parent, -1)))
        if kind is BlockKind.LIST_ITEM:
            items[-1] = len(blocks) - 1
        elif kind is BlockKind.FOOTNOTE_DEF:
            self.footnote[2] = len(blocks) - 1
        self.leaves.append((leaf, False))
        if self.text.rfind("^", leaf.start, end) >= 0:  # most blocks have no block id
            self.block_id(leaf.start, end, single_block=self.blocks_seen <= 1)

    def callout_title(self, leaf: _Leaf, start: int, end: int) -> int:
        """A callout's ``[!type] title`` line becomes its own block; returns
        where the paragraph's own text starts."""
        text = self.text
        line_end = text.find("\n", start, end)
        line_end = end if line_end < 0 else _trim_break(text, start, line_end + 1)
        m = _CALLOUT.match(text, start, line_end)
        if not m:
            return start
        self.callout = m.group(3).strip()
        self.append_block(BlockKind.CALLOUT_TITLE, start, line_end)
        if line_end >= end:
            return end
        # The body starts on the next line, after its quote markers.
        nxt = text.find("\n", line_end) + 1
        while nxt < end and text[nxt] in " \t>":
            nxt += 1
        return nxt

    def block_id(self, start: int, end: int, single_block: bool) -> None:
        text = self.text
        caret = text.rfind("^", start, end)
        if caret < 0:
            return
        line_start = text.rfind("\n", start, end) + 1 or start
        line_start = max(line_start, start)
        if caret < line_start:
            return
        m = _BLOCK_ID.match(text, caret, end)
        if not m:
            return
        # A lone "^id" as the very first block has nothing to label (R5.2).
        if single_block and m.start() == start:
            return
        self.note.block_ids.append(BlockId(m.group(1), self.lines.span(m.start(), m.end())))

    def add_heading(self, leaf: _Leaf, s: int, e: int) -> None:
        level = leaf.level
        text = self.text
        if leaf.start < 0:  # an empty heading: its place is just after the marks
            at = s
            while text[at] == " ":
                at += 1
            while text[at] == "#":
                at += 1
            leaf.start = leaf.end = at
        start, end = leaf.start, leaf.end
        title = text[start:end].strip()
        root = not self.stack
        where = self.lines.range(start, end)
        self.note.headings.append(Heading(level, title, where, root))
        self.heading = title
        self.blocks_seen += 1
        self.mark_item_used()
        self.append_block(BlockKind.HEADING, start, end, parent=self.parent_item())
        self.leaves.append((leaf, False))

    def table_row(self, name: str, s: int, e: int, cells: list[_Leaf]) -> None:
        self.blocks_seen += 1
        end = _trim_break(self.text, s, e)
        spans = tuple((c.start, c.end) for c in cells)
        if name == "TableHead":
            self.table_header = self.append_block(BlockKind.TABLE_HEADER, s, end, cells=spans, parent=self.parent_item())
        else:
            self.append_block(BlockKind.TABLE_ROW, s, end, cells=spans, parent=self.parent_item(), header=self.table_header)
        for cell in cells:
            self.leaves.append((cell, True))

    def finish_footnote(self, s: int, e: int) -> None:
        label, start, index = self.footnote
        self.footnote = []
        text = self.text
        marker_end = text.find("]:", start, e) + 2
        if index < 0:
            index = self.append_block(BlockKind.FOOTNOTE_DEF, start, marker_end, parent=self.parent_item())
        block = self.note.blocks[index]
        body = text[marker_end : block.end].strip()
        self.note.footnote_defs.append(
            FootnoteDef(label, body, self.lines.range(start, marker_end), block.start, block.end)
        )

    def finish(self) -> None:
        self.end_implicit_leaf()
        note = self.note
        self.scanner.scan_all(self.leaves, note)
        note.regions.sort(key=_REGION_START)
        note.links.sort(key=_LINK_START)
        note.footnote_refs.sort(key=_LINK_START)
        text = self.text
        for start, end in sorted(self.scanner.comments + [(s + 2, e - 2 if text.startswith("%%", e - 2) and e - 2 >= s + 2 else e) for s, e in self.comments]):
            parsed = parse_directive(text[start:end])
            if parsed:
                action, codes = parsed
                note.directives.append(Directive(action, codes, self.lines.range(start - 2, end + 2)))


_RAW = frozenset(("CodeBlock",))
_new = tuple.__new__
_REGION_START = attrgetter("start")
_LINK_START = attrgetter("range.start")


def _trim_break(text: str, start: int, end: int) -> int:
    """``end`` moved back over a final line break."""
    if end > start and text[end - 1] == "\n":
        end -= 1
    if end > start and text[end - 1] == "\r":
        end -= 1
    return end
