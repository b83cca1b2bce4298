"""Obsidian's own inline syntax, on top of what the Markdown parser found
in one block: wikilinks and embeds, ``%%`` comments, footnote references
and inline footnotes (spec R1, R2).

The Markdown parser gives a block's code spans, math, HTML comments and
Markdown links. Obsidian's tokenizer lets whatever starts first win, so a
``[[`` before a code span makes a wikilink that holds backticks
(``[[a `b` c]]``), while `` `[[x]]` `` stays code. One sweep over the
block in order of position decides. Each search below continues where the
previous one stopped, so a block is read a bounded number of times
whatever it holds (a 200 KB run of ``[`` included).

>>> from vaultlint.reader import decode
>>> from vaultlint.parse import parse_note
>>> note = parse_note(decode(b"[[[[X]]  ![[[[Y]]#H]]  [[a `b` c]]  `[[d]]`\\n", "N.md"))
>>> [(l.path, l.embed, l.range.column) for l in note.links]
[('[X', False, 2), ('[Y', False, 12), ('a `b` c', False, 24)]
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from typing import TYPE_CHECKING, NamedTuple

from .linktext import clean_string, decode_uri, is_internal_url, parse_alias_link, split_subpath, unescape_destination
from .model import FootnoteRef, Link, LinkKind, Range, Region, RegionKind

if TYPE_CHECKING:
    from .lines import LineIndex
    from .note import Note

# Where our own syntax may start.
_NEEDLES = ("[[", "%%", "[^", "^[")
# A compiled pattern finds a pair of characters several times quicker than
# str.find or "in" do in a text beyond Latin-1 (most notes): searches over a
# whole block or note use these.
_NEEDLE_PATTERNS = [re.compile(re.escape(needle)) for needle in _NEEDLES]
_FOOTNOTE_REF = re.compile(r"\[\^([^\]\s`#\[\^]+)\]")
_DIRECTIVE = re.compile(r"^\s*vaultlint-(disable-next-line|disable-line|disable|enable)\b(.*?)\s*$", re.S)
_SIZE = re.compile(r"^\s*(\d+)\s*(?:x\s*(\d+)\s*)?$")
# A wikilink as the plain reading takes it (see plain_wikilinks): "[[", text
# without bracket or line break, "]]". When the target is printable ASCII
# with no white space at its ends, it is split into "path", "subpath" and
# "display" as it is matched, as R1.4-R1.6 split it; else the text is "content".
_PATH = r'[!"$-Z^-{}~]'  # printable ASCII but space # [ \ ] |
_SUB = r"[!-Z^-{}~]"  # the same and "#"
_WIKILINK = re.compile(
    rf"\[\[(?:(?P<path>{_PATH}+(?: +{_PATH}+)*)?(?P<subpath>#{_SUB}*(?: +{_SUB}+)*)?(?<!\[)"
    rf"(?:\|(?P<display>[^\[\]\n]*))?\]\]|(?P<content>[^\[\]\n]+)\]\])"
)
# What the plain reading cannot handle: escapes and the other syntax of ours.
_NOT_PLAIN = [re.compile(re.escape(needle)) for needle in ("\\", "%%", "^[", "[^")]
_BRACKET = re.compile(r"\\.|[\[\]]", re.S)

_new = tuple.__new__  # a named tuple without its Python-level __new__


class _Next:
    """``text.find(needle, at, end)`` for ``at`` that only grow: each
    search starts past the last one, so all of them read the text once."""

    __slots__ = ("text", "needle", "end", "found", "searched")

    def __init__(self, text: str, needle: str, end: int) -> None:
        self.text, self.needle, self.end = text, needle, end
        self.found = -2  # not searched yet
        self.searched = -1

    def __call__(self, at: int) -> int:
        if self.found == -1 and at >= self.searched:
            return -1
        if self.found >= at and at >= self.searched:
            return self.found
        self.searched = at
        self.found = self.text.find(self.needle, at, self.end)
        return self.found


class Leaf(NamedTuple):
    """A block's inline content as the Markdown parser left it: where its
    text starts and ends, its code spans, math and HTML comments as
    (kind, start, end), its inline links as (the library's data, start,
    end, is an image), and whether it is a table cell."""

    start: int
    end: int
    code: list[tuple[RegionKind, int, int]] | tuple
    links: list[tuple[dict, int, int, bool]] | tuple
    in_table: bool


class InlineScanner:
    def __init__(self, text: str, lines: LineIndex) -> None:
        self.text = text
        self.lines = lines
        self.comments: list[tuple[int, int]] = []  # inline %% comments: content (start, end)
        # One search of the note tells which blocks hold syntax of ours.
        self.marks = _marks(text, 0, len(text), 2)

    def marked(self, start: int, end: int) -> bool:
        """Whether one of _NEEDLES starts in ``text[start:end]``: the
        blocks without one, code span or Markdown link are not read here."""
        marks = self.marks
        at = bisect_left(marks, start)
        return at < len(marks) and marks[at] < end

    def scan_all(self, leaves: list[Leaf], note: Note) -> None:
        """Read the blocks ``leaves``, in the order of the note."""
        regions = note.regions
        for leaf in leaves:
            if self.marked(leaf.start, leaf.end):
                self.scan(leaf, note, False, marked=True)
                continue
            # Nothing of Obsidian's own: the library's reading stands.
            for kind, s, e in leaf.code:
                regions.append(Region(kind, s, e))
            for link in leaf.links:
                self.markdown_link(note, *link, False)

    def scan(self, leaf: Leaf, note: Note, in_comment: bool, marked: bool = False) -> None:
        """Read the block ``leaf`` into ``note``. ``marked``: it is known to
        hold some of _NEEDLES."""
        start, end, in_table = leaf.start, leaf.end, leaf.in_table
        text = self.text
        regions = note.regions
        if not marked and not _marks(text, start, end, 2):
            # Nothing of Obsidian's own: the library's reading stands.
            for kind, s, e in leaf.code:
                regions.append(Region(kind, s, e))
            for link in leaf.links:
                self.markdown_link(note, *link, in_comment)
            return
        if not leaf.code and self.plain_wikilinks(note, leaf, in_comment):
            return
        # Everything that may start a construct, in order of position. At one
        # position a wikilink is tried before a Markdown link, as Obsidian
        # does: "[[A|B]](x)" is a wikilink, though CommonMark reads a link.
        items: list[tuple[int, int, object]] = [(s, 0, (kind, e)) for kind, s, e in leaf.code]
        items += [(at, 1, None) for at in _marks(text, start, end, 1)]
        # (An image is placed at its "[", after the "!": "![[A]](x)" is an embed.)
        items += [(link[1] + link[3], 2, link) for link in leaf.links]
        items.sort(key=_FIRST_TWO)
        closes = _Next(text, "]]", end)
        opens = _Next(text, "[[", end)
        breaks = _Next(text, "\n", end)
        percents = _Next(text, "%%", end)
        brackets: dict[int, int] | None = None
        pos = start  # everything before has been read
        dests: list[tuple[int, int]] = []  # Markdown link destinations, where no wikilink starts
        comment: tuple[int, int] | None = None  # an open inline comment: (close, end)
        for at, order, data in items:
            if comment is not None and at >= comment[0]:
                pos = max(pos, comment[1])
                comment = None
            if at < pos:
                continue
            quiet = in_comment or comment is not None
            if order == 0:
                kind, e = data
                regions.append(Region(kind, at, e))
                pos = e
                continue
            if order == 2:
                dest = self.markdown_link(note, *data, quiet)
                if dest:
                    dests.append(dest)
                continue
            two = text[at : at + 2]
            if two == "[[":
                if _escaped(text, at, pos if pos > start else 0) or any(a <= at < b for a, b in dests):
                    continue
                limit = comment[0] if comment is not None else end
                link_end = self.wikilink(note, at, pos, limit, closes, opens, breaks, quiet, in_table)
                if link_end:
                    pos = link_end
            elif two == "%%":
                if comment is not None:
                    continue
                line_end = breaks(at)
                close = percents(at + 3) if at + 3 <= end else -1
                if close < 0 or (0 <= line_end < close):
                    continue
                regions.append(Region(RegionKind.COMMENT, at, close + 2))
                self.comments.append((at + 2, close))
                comment = (close, close + 2)
                pos = at + 2
            elif two == "[^":
                m = _FOOTNOTE_REF.match(text, at, end)
                if m and not text.startswith(":", m.end()) and not _escaped(text, at, pos if pos > start else 0):
                    note.footnote_refs.append(_new(FootnoteRef, (m.group(1), self.lines.span(at, m.end()))))
                    pos = m.end()
            else:  # "^["
                if brackets is None:
                    brackets = _matching_brackets(text, start, end)
                close = brackets.get(at + 1, -1)
                if close > 0:
                    note.inline_footnotes.append(self.lines.range(at, close + 1))

    def plain_wikilinks(self, note: Note, leaf: Leaf, in_comment: bool) -> bool:
        """Most blocks with wikilinks hold nothing else of note: no code, no
        escape (in the block or just before it: a list item's text can start
        with an escaped character) and no other syntax of ours, every "[["
        opens a link whose text has no bracket or line break, and no Markdown
        link overlaps one. Then each wikilink is what one match of _WIKILINK
        reads (it is what R1.1 reads too), and each Markdown link is the
        library's. Record them and return True, or return False and record
        nothing."""
        start, end, in_table = leaf.start, leaf.end, leaf.in_table
        text = self.text
        for needle in _NOT_PLAIN:
            if needle.search(text, start, end):
                return False
        if text[start - 1 : start] == "\\":
            return False
        find = text.find
        match = _WIKILINK.match
        starts = self.lines.starts
        links = []
        line = bisect_right(starts, start)
        next_line = starts[line] if line < len(starts) else end + 1
        at = find("[[", start, end)
        while at >= 0:
            m = match(text, at, end)
            if m is None:
                return False
            path, subpath, display, content = m.groups()
            e = m.end()
            embed = at > start and text[at - 1] == "!"
            s = at - 1 if embed else at
            if s >= next_line:  # links are on one line: the next one's line is found from this one's
                line = bisect_right(starts, s, line)
                next_line = starts[line] if line < len(starts) else end + 1
            before = starts[line - 1] - 1  # column = offset - before
            if content is None and not (embed and display is not None):
                t_start = at + 2
                if path is None:
                    path = ""
                t_end = t_start + len(path)
                if subpath is None:
                    subpath = ""
                else:
                    t_end += len(subpath)
                links.append(
                    _new(
                        Link,
                        (
                            LinkKind.WIKI, embed, path, subpath, display,
                            _new(Range, (s, e, line, s - before, line, e - before)),
                            _new(Range, (t_start, t_end, line, t_start - before, line, t_end - before)),
                            text[s:e], in_comment, in_table, None,
                        ),
                    )
                )  # fmt: skip
            else:
                links.append(self.link(text[at + 2 : e - 2], s, e, e - 2, embed, line, before, in_comment, in_table))
            at = find("[[", e, end)
        if leaf.links:
            # Both lists are in the order of the note: one pass finds any
            # Markdown link that overlaps a wikilink.
            markdown = leaf.links
            i = 0
            for link in links:
                s, e = link.range.start, link.range.end
                while i < len(markdown) and markdown[i][2] <= s:
                    i += 1
                if i < len(markdown) and markdown[i][1] < e:
                    return False
            for data in markdown:
                self.markdown_link(note, *data, in_comment)
        note.links += links
        return True

    def link(self, content, s, end, close, embed, line, before, in_comment, in_table) -> Link:
        """The Link of the wikilink ``text[s:end]`` (R1.4-R1.6) on ``line``,
        whose content ends at ``close``."""
        path, subpath, display, t_start, t_end = _plain_target(content, close, embed) or _target(content, close, embed)
        return _new(
            Link,
            (
                LinkKind.WIKI, embed, path, subpath, display,
                _new(Range, (s, end, line, s - before, line, end - before)),
                _new(Range, (t_start, t_end, line, t_start - before, line, t_end - before)),
                self.text[s:end], in_comment, in_table, None,
            ),
        )  # fmt: skip

    def wikilink(self, note, at, pos, limit, closes, opens, breaks, in_comment, in_table) -> int:
        """The wikilink whose ``[[`` is at ``at`` (R1.1), if there is one:
        record it and return where it ends, else 0."""
        text = self.text
        close = closes(at + 3)
        if close < 0 or close + 2 > limit:
            return 0
        line_end = breaks(at)
        if 0 <= line_end < close:
            return 0  # links cannot span lines (R1.2)
        inner = opens(at + 2)
        if 0 <= inner and inner + 2 <= close:
            return 0  # "[[" inside the content rejects the match (R1.1)
        embed = at - 1 >= pos and text[at - 1] == "!"
        s = at - 1 if embed else at
        line = bisect_right(self.lines.starts, s)
        before = self.lines.starts[line - 1] - 1
        note.links.append(self.link(text[at + 2 : close], s, close + 2, close, embed, line, before, in_comment, in_table))
        return close + 2

    def markdown_link(self, note, data: dict, s: int, e: int, image: bool, in_comment: bool) -> tuple[int, int] | None:
        """Record the library's inline link ``data`` at ``s``..``e`` when it
        is internal (R2). Returns the span of its ``](destination ...)``."""
        text = self.text
        # The raw destination: back from the closing ")" over any title.
        j = e - 1
        if data["title"]:
            while j > s and text[j - 1] in " \t\r\n":
                j -= 1
            delim = text[j - 1]
            opener = "(" if delim == ")" else delim
            k = j - 1
            while True:
                k = text.rfind(opener, s, k)
                if k <= s or text[k - 1] != "\\":
                    break
            j = max(k, s)
        while j > s and text[j - 1] in " \t\r\n":
            j -= 1
        bracket = text.rfind("](", s, j)
        if bracket < 0:
            return None
        d_start, d_end = bracket + 2, j
        while d_start < d_end and text[d_start] in " \t\r\n":
            d_start += 1
        if text.startswith("<", d_start) and text[d_end - 1 : d_end] == ">":
            d_start, d_end = d_start + 1, d_end - 1
        dest = unescape_destination(text[d_start:d_end])
        if dest and is_internal_url(dest):
            decoded = decode_uri(dest)
            if decoded is None and image:
                decoded = dest  # an image keeps what decodeURI cannot read (R2.2)
            if decoded is not None:
                path, subpath = split_subpath(decoded)
                rng = self.lines.range
                alt = text[s + (2 if image else 1) : bracket]
                note.links.append(
                    _new(Link, (LinkKind.MARKDOWN, image, clean_string(path), subpath, alt, rng(s, e), rng(d_start, d_end),
                                text[s:e], in_comment, False, None))
                )  # fmt: skip
        return bracket, e


def _marks(text: str, start: int, end: int, step: int) -> list[int]:
    """Where one of _NEEDLES starts in ``text[start:end]``, in order. With
    ``step`` 1 overlapping ones count ("[[[[" has "[[" three times), with 2
    not (enough to tell whether a block has any).

    >>> _marks("a [[[[b]] %%", 0, 12, 1), _marks("a [[[[b]] %%", 0, 12, 2)
    ([2, 3, 4, 10], [2, 4, 10])
    """
    found: list[int] = []
    if step == 2:
        for needle in _NEEDLE_PATTERNS:
            found += [m.start() for m in needle.finditer(text, start, end)]
    else:
        find = text.find
        for needle in _NEEDLES:
            at = find(needle, start, end)
            while at >= 0:
                found.append(at)
                at = find(needle, at + 1, end)
    found.sort()
    return found


def _FIRST_TWO(item: tuple) -> tuple[int, int]:
    return item[0], item[1]


def _escaped(text: str, at: int, floor: int) -> bool:
    """Whether the character at ``at`` is escaped by a backslash run that
    starts at or after ``floor``."""
    n = 0
    while at - n - 1 >= floor and text[at - n - 1] == "\\":
        n += 1
    return n % 2 == 1


def _matching_brackets(text: str, start: int, end: int) -> dict[int, int]:
    """For each '[' in ``text[start:end]`` that is closed, where its ']' is;
    escaped brackets do not count. One pass with a stack."""
    stack: list[int] = []
    found: dict[int, int] = {}
    for m in _BRACKET.finditer(text, start, end):
        ch = m.group()
        if ch == "[":
            stack.append(m.start())
        elif ch == "]" and stack:
            found[stack.pop()] = m.start()
    return found


def parse_directive(comment: str) -> tuple[str, tuple[str, ...]] | None:
    """``vaultlint-disable-next-line VL101, VL102`` -> action and codes.

    >>> parse_directive(" vaultlint-disable VL301 ")
    ('disable', ('VL301',))
    >>> parse_directive("just a comment") is None
    True
    """
    m = _DIRECTIVE.match(comment)
    if not m:
        return None
    codes = tuple(c for c in re.split(r"[\s,]+", m.group(2)) if c)
    return m.group(1), codes


def _plain_target(content: str, close: int, embed: bool) -> tuple | None:
    """Path, subpath, display and the target's start and end of most
    wikilinks: no escape, no character needing Unicode care, no size, no
    space around the target. What ``_target`` does, without its calls;
    None for any other link."""
    if not content.isascii() or "\\" in content or (embed and "|" in content):
        return None
    bar = content.find("|")
    target, display = (content[:bar], content[bar + 1 :]) if bar > 0 else (content, None)
    path = target.strip()
    if len(path) != len(target):
        return None
    t_start = close - len(content)
    hash_at = path.find("#")
    if hash_at < 0:
        return path, "", display, t_start, t_start + len(target)
    return path[:hash_at], path[hash_at:], display, t_start, t_start + len(target)


def _target(content: str, close: int, embed: bool) -> tuple:
    """Path, subpath, display and the target's start and end of the
    wikilink whose content ``content`` ends at ``close`` (R1.4-R1.6)."""
    bar = content.find("|")
    raw_target = content[:bar] if bar > 0 else content
    path, display = parse_alias_link(content)
    if embed and display is not None:
        # "![[img.png|100x200]]": the last part is a size, not display text.
        last = display.rsplit("|", 1)
        if _SIZE.match(last[-1]):
            display = last[0] if len(last) > 1 else None
    path, subpath = split_subpath(path)
    content_start = close - len(content)
    t_start = content_start + len(raw_target) - len(raw_target.lstrip())
    t_end = max(t_start, content_start + len(raw_target.rstrip()))
    return path, subpath, display, t_start, t_end
