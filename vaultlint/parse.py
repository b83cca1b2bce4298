"""Parsing a note: frontmatter, block structure, then inline syntax.

The block pass is a line scanner in the spirit of CommonMark with GFM
tables and Obsidian's additions (callouts, ``%%`` comments, ``$$`` math,
block ids). It records exact offsets for everything it finds; the inline
pass (``inline.py``) runs over the text of each prose block.

>>> from vaultlint.reader import decode
>>> note = parse_note(decode("# Title\\n\\nSee [[Blood]] and `[[code]]`.\\n".encode(), "N.md"))
>>> [(l.path, l.range.line, l.range.column) for l in note.links]
[('Blood', 3, 5)]
>>> [h.text for h in note.headings]
['Title']
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import accumulate, count
from operator import add, attrgetter

from . import frontmatter as fm_stage
from .inline import SPECIAL, InlineResult, InlineScanner, parse_directive
from .lines import LineIndex
from .linktext import parse_alias_link, split_subpath
from .model import (
    BlockId,
    BlockKind,
    Directive,
    FootnoteDef,
    Link,
    LinkKind,
    Range,
    Region,
    RegionKind,
    TextBlock,
    Heading,
)
from .note import Frontmatter, FrontmatterError, Note
from .reader import Source

_QUOTE = re.compile(r"[ ]{0,3}>[ ]?")
_QUOTES = re.compile(r"(?:[ ]{0,3}>[ ]?)+")
_LIST_ITEM = re.compile(r"([ \t]*)([-*+]|\d{1,9}[.)])([ \t]+|$)")
# A list item as a line handler takes it: not a thematic break such as
# "- - -" or "* * *" (the break, then white space only).
_LIST_MARKER = re.compile(
    r"(?P<indent>[ \t]*)(?!(?P<rule>[-*])[ \t]*(?:(?P=rule)[ \t]*){2,}\s*$)(?P<marker>[-*+]|\d{1,9}[.)])(?P<space>[ \t]+|$)"
)
_FENCE = re.compile(r"(`{3,}|~{3,})(.*)$")
_ATX = re.compile(r"(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")
_SETEXT = re.compile(r"(=+|-+)[ \t]*$")
_THEMATIC = re.compile(r"([-*_])[ \t]*(?:\1[ \t]*){2,}$")
_TABLE_DELIM = re.compile(r"\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$")
_FOOTNOTE_DEF = re.compile(r"\[\^([^\]\s`#\[\^]+)\]:[ \t]?")
_CALLOUT = re.compile(r"\[!([^\]\s]+)\]([+-]?)[ \t]*(.*)$")
# "^id" at the end of a block, after white space or another inline element (R5.2).
_BLOCK_ID = re.compile(r"(?:(?<=\s)|(?<=^)|(?<=[\]\)`*_=~>]))\^([A-Za-z0-9-]+)[ \t]*$", re.M)
_HTML_OPEN = re.compile(
    r"<(?:(script|pre|style|textarea)(?:\s|>|$)|(!--)|(\?)|(![A-Za-z])|(!\[CDATA\[)"
    r"|(/?(?:address|article|aside|base|basefont|blockquote|body|caption|center|col|colgroup|dd|details"
    r"|dialog|dir|div|dl|dt|fieldset|figcaption|figure|footer|form|frame|frameset|h[1-6]|head|header|hr"
    r"|html|iframe|legend|li|link|main|menu|menuitem|nav|noframes|ol|optgroup|option|p|param|search"
    r"|section|summary|table|tbody|td|tfoot|th|thead|title|tr|track|ul)(?:\s|/?>|$))"
    r"|(/?[A-Za-z][A-Za-z0-9-]*(?:\s+[A-Za-z_:][\w.:-]*(?:\s*=\s*(?:[^\s\"'=<>`]+|'[^']*'|\"[^\"]*\"))?)*\s*/?>\s*$))",
    re.I,
)
# Lines after a prose line that continue its paragraph without a look at
# them: each starts with an ASCII letter, which can start no block.
_PROSE_LINES = re.compile(r"(?:\r?\n[A-Za-z][^\n]*)*")
_PROSE_NEXT = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz\n"  # "\n" for CRLF
_SPACES = re.compile(r"[ \t]*")
# A backslash escape is skipped whole, so an escaped '\|' splits no cell.
_CELL_BORDER = re.compile(r"\\.|\|", re.S)
_HTML_CLOSERS = {1: re.compile(r"</(?:script|pre|style|textarea)>", re.I), 2: "-->", 3: "?>", 4: ">", 5: "]]>"}


def parse_note(source: Source, *, frontmatter_markdown_links: bool = False) -> Note:
    """Parse a note's text into a Note; never raises on odd input."""
    text = source.text
    lines = LineIndex(text)
    note = Note(source=source, lines=lines)
    body_line = 0
    try:
        fm = fm_stage.split_frontmatter(text, lines)
    except fm_stage.Unterminated:
        fm = Frontmatter(0, 0, 0, 0, None, FrontmatterError(1, 1, "the properties block opened with '---' on line 1 is never closed with a '---' line"))
    if fm is not None:
        note.frontmatter = fm
        if fm.end:
            note.regions.append(Region(RegionKind.FRONTMATTER, 0, fm.end))
            body_line = lines.line_of(fm.end) if fm.end < len(text) else len(lines.starts)
            if fm.data:
                note.links.extend(_frontmatter_links(note, fm, frontmatter_markdown_links))
    _BlockParser(note).run(body_line)
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
            kind = LinkKind.FRONTMATTER
        else:
            from .linktext import decode_uri, unescape_destination

            decoded = decode_uri(unescape_destination(md.group(2)))
            if decoded is None:
                continue
            path, subpath = split_subpath(decoded)
            display = md.group(1)
            kind = LinkKind.FRONTMATTER
        target_start = at + 2 if is_wiki and length else at
        target_end = target_start + (len(content.split("|")[0]) if is_wiki and length else 0)
        whole, target = make_range(at, at + length), make_range(target_start, target_end)
        links.append(_new(Link, (kind, False, path, subpath, display, whole, target, value_stripped, False, False, key)))
    return links


_MD_VALUE = re.compile(r"\[([^\]]*)\]\(([^()\s]+)\)$")


# --- blocks -------------------------------------------------------------------


@dataclass(slots=True)
class _Para:
    """An open paragraph (or list item text, or footnote definition)."""

    kind: BlockKind
    start: int  # offset of its first character
    end: int  # offset past its last line's content
    line: int  # 1-based line of its start
    first_line: int  # 0-based
    last_line: int  # 0-based
    quote_depth: int
    in_list: bool


class _BlockParser:
    """One pass over a note's lines.

    Most lines of a note are prose, list items and blank lines, so those
    take the shortest way through ``run`` and ``line``; everything else goes
    through the general container and leaf handling. Patterns are matched
    against the note text with ``pos``/``endpos`` rather than on slices of
    it; ``endpos`` makes ``$`` match at the end of the line's content, as it
    would at the end of a slice.
    """

    def __init__(self, note: Note) -> None:
        self.note = note
        self.text = note.text
        self.lines = note.lines
        self.starts = note.lines.starts
        self.ends = note.lines.line_ends()
        self.range = note.lines.range
        self.inline = InlineResult()
        self.scanner = InlineScanner(self.text, note.lines, self.inline)
        self.para: _Para | None = None
        self.list_stack: list[int] = []  # content indents of open list items
        self.list_quote = 0  # quote depth the open list lives in
        self.list_kind = ""  # marker kind of the open outermost list: "-", "+", "*", "." or ")"
        self.group = -1
        self.heading = ""
        self.quote_depth = 0
        self.callout: str | None = None
        self.code_blocks = 0  # fenced code and math blocks so far
        self.table: list[int] | None = None  # header cell count when in a table
        self.prev_blank = True

    # -- helpers ---------------------------------------------------------------

    def add_region(self, kind: RegionKind, start: int, end: int) -> None:
        self.note.regions.append(Region(kind, start, end))

    def close_para(self) -> None:
        p = self.para
        if p is None:
            return
        self.para = None
        start = p.start
        end = p.end
        # emit_text_block, for a block without cells.
        self.note.blocks.append(
            _new(TextBlock, (p.kind, start, end, p.line, self.group, self.heading, self.quote_depth, self.callout, ()))
        )
        self.scanner.scan(start, end)
        # A block id can only be a "^" on the block's last line; most blocks
        # have none at all, which one search of the whole block tells.
        caret = self.text.rfind("^", start, end)
        if caret >= 0:
            seg_start = max(self.starts[p.last_line], p.start)
            if caret >= seg_start:
                self.block_id_at_end(p, seg_start, caret)
        if p.kind is BlockKind.FOOTNOTE_DEF:
            self.finish_footnote(p)

    def emit_text_block(self, kind: BlockKind, start: int, end: int, line: int, cells=()) -> None:
        self.note.blocks.append(
            _new(TextBlock, (kind, start, end, line, self.group, self.heading, self.quote_depth, self.callout, cells))
        )
        if not cells:
            self.scanner.scan(start, end)
        elif SPECIAL.search(self.text, start, end):  # one search for the row, not one per cell
            self.scanner.in_table = True
            for cs, ce in cells:
                self.scanner.scan(cs, ce)
            self.scanner.in_table = False

    def block_id_at_end(self, p: _Para, seg_start: int, caret: int) -> None:
        """Record the block id at the last "^" (``caret``) of ``p``, if it is one."""
        m = _BLOCK_ID.match(self.text, caret, p.end)
        if not m:
            return
        # A lone "^id" as the very first block has nothing to label (R5.2).
        blocks_seen = len(self.note.blocks) + self.code_blocks
        if p.first_line == p.last_line and m.start() == seg_start and blocks_seen <= 1:
            return
        self.note.block_ids.append(_new(BlockId, (m.group(1), self.lines.span(m.start(), m.end()))))

    def finish_footnote(self, p: _Para) -> None:
        m = _FOOTNOTE_DEF.match(self.text, p.start)
        if not m:
            return
        body = self.text[m.end() : p.end].strip()
        self.note.footnote_defs.append(
            FootnoteDef(m.group(1), body, self.range(p.start, m.end() - (1 if self.text[m.end()-1:m.end()] in " \t" else 0)), p.start, p.end)
        )

    # -- the line loop ---------------------------------------------------------

    def run(self, first_line: int) -> None:
        text = self.text
        starts = self.starts
        ends = self.ends
        n = len(starts)
        li = first_line
        while li < n:
            s = starts[li]
            e = ends[li]
            if s == e:
                self.blank(0)  # an empty line cannot hold a quote marker
                li += 1
            elif text[s].isalpha() and not self.quote_depth and not self.list_stack and self.table is None:
                # Most lines of most notes are prose outside any container: a
                # line starting with a letter can only be paragraph text there.
                li = self.prose(li, s, e)
            elif text[s] in "-*+0123456789" and not self.quote_depth:
                li = self.top_list_item(li, s, e)
            elif text[s] == "#" and not self.quote_depth and not self.list_stack:
                li = self.top_heading(li, s, e)
            else:
                li = self.line(li, s, e)
        self.close_para()
        self.finish()

    def finish(self) -> None:
        note = self.note
        note.links.extend(self.inline.links)
        note.regions.extend(self.inline.regions)
        note.regions.sort(key=_REGION_START)
        note.links.sort(key=_LINK_START)
        note.footnote_refs.extend(self.inline.footnote_refs)
        note.inline_footnotes.extend(self.range(a, b) for a, b in self.inline.inline_footnotes)
        for start, end in sorted(self.inline.comments):
            parsed = parse_directive(self.text[start:end])
            if parsed:
                action, codes = parsed
                note.directives.append(Directive(action, codes, self.range(start - 2, end + 2)))

    def line(self, li: int, s: int, e: int) -> int:
        """Handle line ``li`` (content ``text[s:e]``, not empty); return the next line."""
        text = self.text
        # Container: blockquote markers ("   >" at the most, so the line
        # must start with a space or ">"), one ">" to each level.
        depth = 0
        cs = s
        if text[s] in " >":
            m = _QUOTES.match(text, s, e)
            if m:
                depth = m.group().count(">")
                cs = m.end()
        c = text[cs] if cs < e else ""  # the first character of the content
        if not c or (c.isspace() and text[cs:e].isspace()):
            self.blank(depth)
            return li + 1

        # A change of quote depth ends what was open, unless it is a lazy
        # continuation of a paragraph.
        if depth != self.quote_depth:
            content = text[cs:e]
            if depth < self.quote_depth and self.para and self.para.kind is BlockKind.PARAGRAPH and not self.prev_blank and not _starts_block(content):
                self.extend_para(li, e)
                return li + 1
            self.close_para()
            self.table = None
            if depth > self.quote_depth and self.quote_depth == 0:
                self.list_stack = []
                self.group += 1
                self.callout = None
                m = _CALLOUT.match(content.lstrip())
                if m:
                    self.quote_depth = depth
                    self.callout = m.group(3).strip()
                    off = cs + (len(content) - len(content.lstrip()))
                    self.emit_text_block(BlockKind.CALLOUT_TITLE, off, e, li + 1)
                    self.prev_blank = False
                    return li + 1
            elif depth == 0:
                self.callout = None
            self.quote_depth = depth

        indent = len(_SPACES.match(text, cs, e).group().expandtabs(4)) if c in " \t" else 0
        # Lists: which open item (if any) this line belongs to. A marker
        # needs indentation or a marker character first.
        item = None
        if (indent or c in "-*+" or c.isdecimal()) and (depth == self.list_quote or not self.list_stack):
            item = _LIST_MARKER.match(text, cs, e)
            if item and self.para is not None and not self.may_interrupt(item):
                item = None
        container = 0
        if item:
            # The marker's indentation is the line's: group 1 is all of it.
            if self.list_stack and indent >= self.list_stack[-1] + 4 and not self.prev_blank and self.para:
                item = None  # deeply indented text continues the paragraph
            else:
                return self.list_item(li, e, item, indent, depth)
        if self.list_stack:
            if indent >= self.list_stack[-1]:
                container = self.list_stack[-1]
            elif self.para and not self.prev_blank and self.para.in_list:
                self.extend_para(li, e)  # lazy continuation
                return li + 1
            else:
                while self.list_stack and indent < self.list_stack[-1]:
                    self.list_stack.pop()
                self.close_para()
                if self.list_stack:
                    container = self.list_stack[-1]
        body = _offset_of_indent(text, cs, e, container) if container else cs
        return self.leaf(li, body, e, indent - container, depth)

    def may_interrupt(self, item: re.Match[str]) -> bool:
        """Whether list ``item`` may start where a block is open: an ordered list can
        interrupt a paragraph only when it starts at 1, and no list can with
        an empty first item."""
        if self.para.kind is not BlockKind.PARAGRAPH or self.list_stack:
            return True
        marker, space = item.group("marker", "space")
        return bool(space) and not (marker[0].isdigit() and marker[:-1] != "1")

    def top_list_item(self, li: int, s: int, e: int) -> int:
        """A line outside quotes that starts with a list marker character.

        What ``line`` does with it when it is a list item, without the
        container handling: no quote markers, no indentation, and so no way
        to be text deeply indented under an open item."""
        item = _LIST_MARKER.match(self.text, s, e) if self.list_quote == 0 or not self.list_stack else None
        if item is None or (self.para is not None and not self.may_interrupt(item)):
            return self.line(li, s, e)
        return self.list_item(li, e, item, 0, 0)

    def top_heading(self, li: int, s: int, e: int) -> int:
        """A line starting with "#" outside any container: what ``line``
        and ``leaf`` do with it when it is a heading."""
        m = _ATX.match(self.text, s, e)
        if m is None:
            return self.line(li, s, e)
        if self.para is not None:
            self.close_para()
        self.heading_block(li, s, e, m)
        return li + 1

    def prose(self, li: int, s: int, e: int) -> int:
        """A line of prose outside any container, and the lines after it that
        start with an ASCII letter: they can only continue its paragraph."""
        para = self.para
        if para is None or self.prev_blank:
            if para is not None:
                self.close_para()
            self.group += 1
            para = self.para = _Para(BlockKind.PARAGRAPH, s, e, li + 1, li, li, 0, False)
            self.prev_blank = False
        # (The character after the line break says whether a search can pay.)
        if self.text[e + 1 : e + 2] in _PROSE_NEXT:
            m = _PROSE_LINES.match(self.text, e)
            if m.end() > e:
                li += self.text.count("\n", e, m.end())
                e = self.ends[li]
        para.end = e
        para.last_line = li
        return li + 1

    def blank(self, depth: int) -> None:
        if self.para is not None:
            self.close_para()
        self.table = None
        self.prev_blank = True
        if depth == 0 and self.quote_depth:
            self.quote_depth = 0
            self.callout = None

    def extend_para(self, li: int, e: int) -> None:
        self.para.end = e
        self.para.last_line = li
        self.prev_blank = False

    def list_item(self, li: int, e: int, item: re.Match[str], ind: int, depth: int) -> int:
        """A list marker at ``item`` indented ``ind`` columns."""
        if self.para is not None:
            self.close_para()
        self.table = None
        stack = self.list_stack
        had_list = bool(stack)
        while stack and ind < stack[-1]:
            stack.pop()
        marker, space = item.group("marker", "space")
        # Bullets "-", "+", "*" and numbers ending "." or ")" are five kinds of list.
        kind = marker[-1]
        if not had_list:
            if self.quote_depth == 0:
                self.group += 1
            self.list_quote = depth
        elif not stack and kind != self.list_kind and self.quote_depth == 0:
            self.group += 1  # another kind of marker starts a new list (CommonMark 5.3)
        if not stack:
            self.list_kind = kind
        spaces = len(space.expandtabs(4))
        stack.append(ind + len(marker) + (spaces if 1 <= spaces <= 4 else 1))
        text_start = item.end()
        if text_start >= e:
            self.prev_blank = False
            return li + 1
        # An item can open with a fence or a heading; treat the rest as a leaf.
        if self.text[text_start] in "`~#$%" and (
            _FENCE.match(self.text, text_start, e) or self.text.startswith(("#", "$$", "%%"), text_start, e)
        ):
            return self.leaf(li, text_start, e, 0, depth)
        self.para = _Para(BlockKind.LIST_ITEM, text_start, e, li + 1, li, li, self.quote_depth, True)
        self.prev_blank = False
        return li + 1

    def leaf(self, li: int, b: int, e: int, rel: int, depth: int) -> int:
        """The line's content starts at ``b`` after containers, indented ``rel``."""
        text = self.text
        in_para = self.para is not None and not self.prev_blank
        if rel >= 4:
            if in_para:
                self.extend_para(li, e)
            else:
                self.add_region(RegionKind.CODE, b, e)
                self.prev_blank = False
            return li + 1
        if rel:
            b = _offset_of_indent(text, b, e, rel)
        first = text[b : b + 1]

        if first in "`~":
            m = _FENCE.match(text, b, e)
            if m and not (first == "`" and "`" in m.group(2)):
                self.close_para()
                return self.fence(li, b, m.group(1), depth)
        if first == "$" and text.startswith("$$", b, e):
            self.close_para()
            return self.until(li, b, b + 2, "$$", RegionKind.MATH)
        if first == "%" and text.startswith("%%", b, e):
            self.close_para()
            return self.comment_block(li, b)
        if first == "<":
            kind = _html_kind(text, b, e)
            if kind and (kind != 7 or not in_para):
                self.close_para()
                return self.html_block(li, b, kind)
        if first == "#":
            m = _ATX.match(text, b, e)
            if m:
                self.close_para()
                self.heading_block(li, b, e, m)
                return li + 1
        if in_para and self.para.kind is BlockKind.PARAGRAPH and first in "=-" and _SETEXT.match(text, b, e) and not self.para.in_list:
            p = self.para
            self.para = None
            title = text[p.start : p.end].strip()
            level = 1 if first == "=" else 2
            self.add_heading(level, title, p.start, p.end, p.line, self.range(p.start, p.end))
            self.prev_blank = False
            return li + 1
        if first in "-*_" and _THEMATIC.match(text, b, e):
            self.close_para()
            self.prev_blank = False
            return li + 1
        if text.find("|", b, e) >= 0:
            if self.table is not None:
                self.table_row(li, b, e, BlockKind.TABLE_ROW)
                return li + 1
            if in_para and self.para.kind is BlockKind.PARAGRAPH and _TABLE_DELIM.match(text, b, e):
                header_line = self.para.last_line
                hs = max(self.starts[header_line], self.para.start)
                header_cells = _split_cells(text, hs, self.ends[header_line])
                if len(header_cells) == len(_split_cells(text, b, e)):
                    p = self.para
                    self.para = None
                    if header_line > p.first_line:
                        prev_end = self.ends[header_line - 1]
                        self.close_para_span(p, prev_end, header_line - 1)
                    if self.quote_depth == 0 and not self.list_stack:
                        self.group += 1
                    self.table = [len(header_cells)]
                    self.emit_text_block(BlockKind.TABLE_HEADER, hs, self.ends[header_line], header_line + 1, tuple(header_cells))
                    self.prev_blank = False
                    return li + 1
        elif self.table is not None:
            self.table = None
        if first == "[":
            m = _FOOTNOTE_DEF.match(text, b, e)
            if m:
                self.close_para()
                if self.quote_depth == 0 and not self.list_stack:
                    self.group += 1
                self.para = _Para(BlockKind.FOOTNOTE_DEF, b, e, li + 1, li, li, self.quote_depth, False)
                self.prev_blank = False
                return li + 1
        if in_para:
            self.extend_para(li, e)
            return li + 1
        self.close_para()
        if self.quote_depth == 0 and not self.list_stack:
            self.group += 1
        self.para = _Para(BlockKind.PARAGRAPH, b, e, li + 1, li, li, self.quote_depth, bool(self.list_stack))
        self.prev_blank = False
        return li + 1

    def close_para_span(self, p: _Para, end: int, last_line: int) -> None:
        self.para = _Para(p.kind, p.start, end, p.line, p.first_line, last_line, p.quote_depth, p.in_list)
        self.close_para()

    def table_row(self, li: int, b: int, e: int, kind: BlockKind) -> None:
        cells = _split_cells(self.text, b, e)
        self.emit_text_block(kind, b, e, li + 1, tuple(cells))
        self.prev_blank = False

    def heading_block(self, li: int, b: int, e: int, m: re.Match[str]) -> None:
        level = len(m.group(1))
        if m.group(2) is not None:
            ts, te = m.start(2), m.end(2)
        else:
            ts = te = m.end(1)
        title = self.text[ts:te].strip()
        self.add_heading(level, title, ts, te, li + 1, self.lines.span(ts, te))
        self.prev_blank = False

    def add_heading(self, level: int, title: str, start: int, end: int, line: int, where: Range) -> None:
        root = self.quote_depth == 0 and not self.list_stack
        self.note.headings.append(_new(Heading, (level, title, where, root)))
        self.heading = title
        if root:
            self.group += 1
        self.emit_text_block(BlockKind.HEADING, start, end, line)

    # -- multi-line leaves -----------------------------------------------------------

    def fence(self, li: int, b: int, marker: str, depth: int) -> int:
        text = self.text
        starts = self.starts
        ends = self.ends
        n = len(starts)
        char, size = marker[0], len(marker)
        j = li + 1
        end = None
        while j < n:
            e = ends[j]
            line = text[starts[j] : e]
            if depth:
                for _ in range(depth):
                    m = _QUOTE.match(line)
                    if not m:
                        break
                    line = line[m.end():]
            stripped = line.strip()
            if stripped.startswith(char * size) and stripped.strip(char) == "":
                end = e
                j += 1
                break
            j += 1
        if end is None:
            end = len(text)
        self.add_region(RegionKind.CODE, b, end)
        self.prev_blank = False
        self.code_blocks += 1
        return j

    def until(self, li: int, b: int, search_from: int, closer: str, kind: RegionKind) -> int:
        """A block from ``b`` to the line holding ``closer`` (or the end)."""
        close = self.text.find(closer, search_from)
        end = len(self.text) if close < 0 else close + len(closer)
        self.add_region(kind, b, end)
        self.prev_blank = False
        self.code_blocks += 1
        return self.lines.line_of(end) + 1 if close >= 0 else len(self.starts)

    def comment_block(self, li: int, b: int) -> int:
        close = self.text.find("%%", b + 2)
        end = len(self.text) if close < 0 else close + 2
        inner_end = len(self.text) if close < 0 else close
        self.add_region(RegionKind.COMMENT, b, end)
        self.inline.comments.append((b + 2, inner_end))
        # Obsidian's parser reads links inside comments too (R1.10).
        self.scanner.scan(b + 2, inner_end, in_comment=True)
        self.prev_blank = False
        return self.lines.line_of(end) + 1 if close >= 0 else len(self.starts)

    def html_block(self, li: int, b: int, kind: int) -> int:
        if kind <= 5:
            closer = _HTML_CLOSERS[kind]
            if isinstance(closer, str):
                close = self.text.find(closer, b + (4 if kind == 2 else 1))
                end = -1 if close < 0 else close + len(closer)
            else:
                m = closer.search(self.text, b)
                end = -1 if m is None else m.end()
            if end < 0:
                end = len(self.text)
                nxt = len(self.starts)
            else:
                nxt = self.lines.line_of(end) + 1
                end = self.ends[nxt - 1]
            self.add_region(RegionKind.HTML, b, end)
            self.prev_blank = False
            return nxt
        # Types 6 and 7 run to the next blank line.
        j = li + 1
        n = len(self.starts)
        while j < n:
            if not self.text[self.starts[j] : self.ends[j]].strip():
                break
            j += 1
        self.add_region(RegionKind.HTML, b, self.ends[j - 1])
        self.prev_blank = False
        return j


# Builds a named tuple without running its Python-level __new__: the same
# tuple at a fraction of the cost, for what is made once per block.
_new = tuple.__new__
_REGION_START = attrgetter("start")
_LINK_START = attrgetter("range.start")


def _starts_block(content: str) -> bool:
    body = content.lstrip()
    return body.startswith(("#", "```", "~~~", "$$", "%%", "<", "|")) or bool(_LIST_ITEM.match(content))


def _offset_of_indent(text: str, start: int, end: int, columns: int) -> int:
    """Where ``columns`` of indent from ``start`` end (at most ``end``)."""
    n = 0
    i = start
    while i < end and n < columns and text[i] in " \t":
        n += 1 if text[i] == " " else 4 - n % 4
        i += 1
    return i


def _html_kind(text: str, start: int, end: int) -> int:
    m = _HTML_OPEN.match(text, start, end)
    if not m:
        return 0
    for kind in range(1, 8):
        if m.group(kind) is not None:
            return kind
    return 0


def _split_cells(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Cells of a table row, split at unescaped '|' before any inline
    parsing (R1.7); outer pipes are dropped."""
    if text.find("\\", start, end) < 0:
        # No escapes: the borders are where str.split cuts the row, the
        # k-th '|' past the k pieces before it and k other borders.
        pieces = text[start:end].split("|")
        bars = list(map(add, accumulate(map(len, pieces[:-1])), count(start)))
        cells = list(zip([start, *[bar + 1 for bar in bars]], [*bars, end]))
    else:
        cells = []
        cell_start = start
        for m in _CELL_BORDER.finditer(text, start, end):
            if m.end() - m.start() == 1:  # a '|', not a backslash and what it escapes
                cells.append((cell_start, m.start()))
                cell_start = m.end()
        cells.append((cell_start, end))
    if cells and not text[cells[0][0] : cells[0][1]].strip():
        cells.pop(0)
    if cells and not text[cells[-1][0] : cells[-1][1]].strip() and text[start:end].rstrip().endswith("|"):
        cells.pop()
    return cells
