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
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from itertools import accumulate
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
from .obsidian import InlineScanner, Leaf, parse_directive
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
# Compiled, as they find these pairs several times quicker than "in" does
# in a text beyond Latin-1.
_TWO_PERCENT = re.compile("%%")
_DEFINITION = re.compile(r"\]:")
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
    if not _DEFINITION.search(text):
        return pyromark.events_with_range(text.encode("ascii", "replace").decode("ascii"), options=options, **_MERGE_TEXT)
    # A byte offset less the UTF-8 continuation bytes before it is the
    # character offset: one pass over the bytes counts them all.
    continuations = [0]
    continuations += accumulate(text.encode().translate(_CONTINUATION))
    events = list(pyromark.events_with_range(text, options=options, **_MERGE_TEXT))
    for _, r in events:
        r["start"] -= continuations[r["start"]]
        r["end"] -= continuations[r["end"]]
    return events


_CONTINUATION = bytes(1 if 0x80 <= byte < 0xC0 else 0 for byte in range(256))  # UTF-8's continuation bytes


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


class _Walker:
    """One pass over the library's events, building the note model.

    ``walk`` follows the block whose inline content is being read, the
    *leaf*: a paragraph, a heading, a table cell, or the text directly in a
    list item (a tight list). It keeps where the leaf's text starts and
    ends, and the library's code spans, math, HTML comments and Markdown
    links in it. A paragraph's and a table cell's extent are the library's,
    so the many events inside them are passed over; a heading's and a list
    item's text grows with each inline event in it. The other methods
    record blocks: a leaf that ends becomes a text block, and a ``Leaf``
    for the Obsidian layer (``finish``).
    """

    def __init__(self, note: Note, hidden: list[tuple[int, int]]) -> None:
        self.note = note
        self.text = note.text
        self.lines = note.lines
        self.hidden = hidden
        self.scanner = InlineScanner(self.text, note.lines)
        self.marks = self.scanner.marks
        self.stack: list[str] = []  # open containers: BlockQuote, List, Item, FootnoteDefinition, Table
        # Per open Item: the parent of a block in it (its own LIST_ITEM block once
        # read, else the enclosing item's), or -1.
        self.items: list[int] = []
        self.item_fresh: list[bool] = []  # per open Item: no block seen in it yet
        self.quote_depth = 0
        self.callout: str | None = None
        self.group = -1
        self.heading = ""
        # Per open footnote definition (one can hold another, in a list item):
        # [label, start, index of its first block or -1].
        self.footnotes: list[list] = []
        self.table_header = -1
        self.blocks_seen = 0  # leaf blocks so far, for the first-block block id rule
        self.comments: list[tuple[int, int]] = []  # %% block comments: (start, end)
        self.quote_fresh = False  # in a top-level quote whose first paragraph is still to come
        self.row: list = []  # the table row being read: name, start, end, cells
        # The blocks' inline content for the Obsidian layer, in the order of the
        # note: only blocks with a code span, math, an HTML comment or a
        # Markdown link, or with some of Obsidian's own syntax (most have none).
        self.leaves: list[Leaf] = []

    # -- driver ----------------------------------------------------------------------

    def run(self) -> None:
        text = self.text
        # The properties block is Obsidian's (frontmatter.py), blanked here.
        # The library's own metadata blocks are not used: it also takes a
        # "---" line later in the note, after a blank line, for one.
        source = _blank(text, self.hidden) if self.hidden else text
        events = markdown_events(source)
        if _TWO_PERCENT.search(text):
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
        """Read the events, most of which are inline content: first the
        text inside a paragraph or table cell, passed over, then the starts
        and ends of blocks, then what a leaf's text grows with."""
        text = self.text
        stack, items, item_fresh = self.stack, self.items, self.item_fresh
        leaf: str | None = None  # "Paragraph", "Heading", "TableCell", "Item" or None
        fixed = False  # the leaf's extent is its block's, not its content's
        start = end = level = -1
        # Both stay empty tuples until something is added (most leaves have neither).
        code: list[tuple[RegionKind, int, int]] | tuple = ()  # code spans, math, inline HTML comments
        links: list[tuple[dict, int, int, bool]] | tuple = ()  # Markdown links: data, start, end, image
        for ev, r in events:
            if type(ev) is str:  # Rule, SoftBreak, HardBreak
                if ev == "Rule" and leaf == "Item":
                    self.text_block(start, end, code, links)
                    leaf, code, links = None, (), ()
                continue
            if "Text" in ev:
                if fixed:
                    continue
                name = "Text"
            elif "Start" in ev:
                data = ev["Start"]
                if type(data) is str:
                    name = data
                else:
                    name, data = next(iter(data.items()))
                if name in _BLOCKS:
                    # Any block ends the text directly in a list item.
                    if leaf == "Item":
                        self.text_block(start, end, code, links)
                        leaf, code, links = None, (), ()
                    s, e = r["start"], r["end"]
                    if name == "Paragraph":
                        if not stack:
                            self.group += 1
                        leaf, fixed, start, end = name, True, s, _trim_break(text, s, e)
                    elif name == "TableCell":
                        leaf, fixed, start, end = name, True, s, e
                    elif name == "Item":
                        stack.append(name)
                        items.append(items[-1] if items else -1)
                        item_fresh.append(True)
                    elif name == "Heading":
                        if not stack:
                            self.group += 1
                        leaf, start, end, level = name, -1, -1, _HEADING_LEVELS[data["level"]]
                    else:
                        _STARTS[name](self, data, s, e)
                    continue
                if fixed and name != "Link" and name != "Image":
                    continue  # emphasis and the like in a paragraph or cell
            elif "End" in ev:
                data = ev["End"]
                name = data if type(data) is str else next(iter(data))
                if name in _BLOCKS:
                    if leaf == "Item":
                        self.text_block(start, end, code, links)
                        leaf, code, links = None, (), ()
                    if name == "Item":
                        stack.pop()
                        items.pop()
                        item_fresh.pop()
                        continue
                    if name == "Paragraph":
                        self.text_block(start, end, code, links)
                    elif name == "TableCell":
                        self.row[3].append(_new(Leaf, (start, end, code, links, True)))
                    elif name == "Heading":
                        self.add_heading(r["start"], level, start, end, code, links)
                    else:
                        _ENDS[name](self, r["start"], r["end"])
                        continue
                    leaf, fixed, code, links = None, False, (), ()
                continue
            else:  # code, math, HTML, footnote references, task list markers
                name, data = next(iter(ev.items()))
            # Inline content: the leaf it is in grows to hold it.
            s, e = r["start"], r["end"]
            if leaf is None:
                if stack and stack[-1] == "CodeBlock":
                    continue  # the text of a code or HTML block
                leaf, start, end = "Item", s, e
            elif not fixed:
                if start < 0:
                    start = s
                if e > end:
                    end = e
            if name in _SPANS:
                if type(code) is tuple:
                    code, links = [], []
                _add_span(text, name, data, s, e, code, links)
        if leaf == "Item":
            self.text_block(start, end, code, links)

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
        read as inline Markdown on its own, as a leaf."""
        text = self.text
        code: list[tuple[RegionKind, int, int]] = []
        links: list[tuple[dict, int, int, bool]] = []
        for ev, r in markdown_events(text[start:end]):
            if type(ev) is dict:
                name, data = next(iter(ev.items()))
                if name == "Start" and type(data) is dict:
                    name, data = next(iter(data.items()))
                if name in _SPANS:
                    _add_span(text, name, data, r["start"] + start, r["end"] + start, code, links)
        self.scanner.scan(_new(Leaf, (start, end, code, links, False)), self.note, in_comment=True)

    # The starts and ends of the other blocks, which walk hands on: lists,
    # tables and their rows, code and HTML blocks, quotes, footnote definitions.

    def start_container(self, name, s: int, e: int) -> None:
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

    def start_footnote(self, data, s: int, e: int) -> None:
        self.start_container("FootnoteDefinition", s, e)
        # The label as written (the library saw characters beyond ASCII as "?").
        self.footnotes.append([self.text[s + 2 : self.text.find("]", s + 2)], s, -1])

    def end_row(self, s: int, e: int) -> None:
        self.table_row(*self.row)

    def end_container(self, s: int, e: int) -> None:
        self.stack.pop()

    def end_quote(self, s: int, e: int) -> None:
        self.end_container(s, e)
        self.quote_depth -= 1
        if self.quote_depth == 0:
            self.callout = None

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

    def text_block(self, start: int, leaf_end: int, code: list | tuple, links: list | tuple) -> None:
        """A paragraph, or the text of a list item or footnote definition:
        the leaf ``start``..``leaf_end`` with its inline spans."""
        text = self.text
        leaf_start = start
        end = leaf_end
        if text[end - 1] in "\r\n":  # a list item's text can end in a line break
            end = _trim_break(text, start, end)
        marks = self.marks
        at = bisect_left(marks, start)
        if code or links or (at < len(marks) and marks[at] < leaf_end):  # InlineScanner.marked, written out
            self.leaves.append(_new(Leaf, (start, leaf_end, code, links, False)))
        self.blocks_seen += 1
        items = self.items
        item_fresh = self.item_fresh
        kind = _PARAGRAPH
        parent = items[-1] if items else -1
        if item_fresh and item_fresh[-1]:
            kind = _LIST_ITEM
            parent = items[-2] if len(items) > 1 else -1
        elif self.footnotes and self.footnotes[-1][2] < 0 and self.stack and self.stack[-1] == "FootnoteDefinition":
            kind = _FOOTNOTE_DEF
            start = self.footnotes[-1][1]
        if item_fresh:
            item_fresh[-1] = False
        if self.quote_fresh and kind is _PARAGRAPH:
            self.quote_fresh = False
            start = self.callout_title(start, end)
            if start >= end:
                return
        # append_block, written out: most blocks of a note pass here.
        blocks = self.note.blocks
        line = bisect_right(self.lines.starts, start)
        blocks.append(_new(TextBlock, (kind, start, end, line, self.group, self.heading, self.quote_depth, self.callout, (), parent, -1)))
        if kind is _LIST_ITEM:
            items[-1] = len(blocks) - 1
        elif kind is _FOOTNOTE_DEF:
            self.footnotes[-1][2] = len(blocks) - 1
        if text.rfind("^", leaf_start, end) >= 0:  # most blocks have no block id
            self.block_id(leaf_start, end, single_block=self.blocks_seen <= 1)

    def callout_title(self, start: int, end: int) -> int:
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

    def add_heading(self, s: int, level: int, start: int, end: int, code: list | tuple, links: list | tuple) -> None:
        """The heading whose block starts at ``s``: the leaf ``start``..``end``
        (-1 when empty) with its inline spans."""
        text = self.text
        if start < 0:  # an empty heading: its place is just after the marks
            at = s
            while at < len(text) and text[at] == " ":
                at += 1
            while at < len(text) and text[at] == "#":
                at += 1
            start = end = at
        if code or links or self.scanner.marked(start, end):
            self.leaves.append(_new(Leaf, (start, end, code, links, False)))
        title = text[start:end].strip()
        root = not self.stack
        where = self.lines.range(start, end)
        self.note.headings.append(_new(Heading, (level, title, where, root)))
        self.heading = title
        self.blocks_seen += 1
        self.mark_item_used()
        self.append_block(BlockKind.HEADING, start, end, parent=self.parent_item())

    def table_row(self, name: str, s: int, e: int, cells: list[Leaf]) -> None:
        self.blocks_seen += 1
        end = _trim_break(self.text, s, e)
        spans = tuple((c.start, c.end) for c in cells)
        if name == "TableHead":
            self.table_header = self.append_block(BlockKind.TABLE_HEADER, s, end, cells=spans, parent=self.parent_item())
        else:
            self.append_block(BlockKind.TABLE_ROW, s, end, cells=spans, parent=self.parent_item(), header=self.table_header)
        marked = self.scanner.marked
        row_marked = marked(s, end)  # most rows hold none of Obsidian's syntax
        self.leaves += [cell for cell in cells if cell.code or cell.links or (row_marked and marked(cell.start, cell.end))]

    def finish_footnote(self, s: int, e: int) -> None:
        label, start, index = self.footnotes.pop()
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


# The library's blocks (every other start and end is inline), and the
# methods for the starts and ends that walk does not read itself.
_BLOCKS = frozenset((
    "Paragraph", "Heading", "TableCell", "Item", "List", "Table", "TableHead", "TableRow",
    "CodeBlock", "HtmlBlock", "BlockQuote", "FootnoteDefinition",
))  # fmt: skip
_STARTS = {
    "List": _Walker.start_list, "Table": _Walker.start_table,
    "TableHead": _Walker.start_row, "TableRow": _Walker.start_row, "CodeBlock": _Walker.start_raw,
    "HtmlBlock": _Walker.start_raw, "BlockQuote": _Walker.start_quote, "FootnoteDefinition": _Walker.start_footnote,
}  # fmt: skip
_ENDS = {
    "List": _Walker.end_container, "Table": _Walker.end_container,
    "TableHead": _Walker.end_row, "TableRow": _Walker.end_row, "CodeBlock": _Walker.end_container,
    "HtmlBlock": _Walker.end_container, "BlockQuote": _Walker.end_quote, "FootnoteDefinition": _Walker.end_footnote,
}  # fmt: skip
# The inline elements kept: code, math and HTML comments, inline links.
_SPANS = frozenset(("Code", "InlineMath", "DisplayMath", "InlineHtml", "Link", "Image"))
_CODE_KINDS = {"Code": RegionKind.CODE, "InlineMath": RegionKind.MATH, "DisplayMath": RegionKind.MATH}


def _add_span(text: str, name: str, data, s: int, e: int, code: list, links: list) -> None:
    """The library's inline element ``name`` (one of _SPANS, with its
    ``data``) at ``s``..``e``: a code span, math or an HTML comment goes to
    ``code``, an inline link or image to ``links``."""
    if name == "Link" or name == "Image":
        if data["link_type"] == "Inline":
            links.append((data, s, e, name == "Image"))
    elif name != "InlineHtml":
        code.append((_CODE_KINDS[name], s, e))
    elif text.startswith("<!--", s):
        code.append((RegionKind.HTML, s, e))


_PARAGRAPH, _LIST_ITEM, _FOOTNOTE_DEF = BlockKind.PARAGRAPH, BlockKind.LIST_ITEM, BlockKind.FOOTNOTE_DEF


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
