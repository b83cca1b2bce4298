"""Inline syntax inside one block: code spans, math, comments, links,
footnotes (spec R1, R2).

The scanner walks left to right and lets whatever starts first win, which
is how Obsidian decides between ``[[a `b` c]]`` (a link) and
`` `[[x]]` `` (code).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .linktext import (
    clean_string,
    decode_uri,
    is_internal_url,
    parse_alias_link,
    split_subpath,
    unescape_destination,
)
from .model import FootnoteRef, Link, LinkKind, Range, Region, RegionKind

# Every character that can start an inline construct. A character class
# scans much faster than the alternation of the constructs themselves.
SPECIAL = re.compile(r"[\\`$!\[^%<]")
# The scanner's step: the next such character and, when it opens a wikilink
# ("[[" or "![["), the whole link too: its content, up to the first "]]" on
# the line, in group 1. So the most common construct costs one search.
_STEP = re.compile(SPECIAL.pattern + r"(?:(?:(?<=!)\[|(?<=\[))\[([^\n]+?)\]\])?")
_BACKTICKS = re.compile(r"`+")
_FOOTNOTE_REF = re.compile(r"\[\^([^\]\s`#\[\^]+)\]")
_DIRECTIVE = re.compile(r"^\s*vaultlint-(disable-next-line|disable-line|disable|enable)\b(.*?)\s*$", re.S)
_SIZE = re.compile(r"^\s*(\d+)\s*(?:x\s*(\d+)\s*)?$")
_MATH_CLOSE = re.compile(r"(?<=[^\s\\])\$(?!\d)")


# Builds a named tuple without running its Python-level __new__: the same
# tuple at a fraction of the cost, for what is made once per link.
_new = tuple.__new__


@dataclass
class InlineResult:
    """What the scanner found; the block parser merges these per note."""

    links: list[Link] = field(default_factory=list)
    regions: list[Region] = field(default_factory=list)
    footnote_refs: list[FootnoteRef] = field(default_factory=list)
    inline_footnotes: list[tuple[int, int]] = field(default_factory=list)
    comments: list[tuple[int, int]] = field(default_factory=list)  # (content start, content end)


class InlineScanner:
    def __init__(self, text: str, make_range, result: InlineResult) -> None:
        self.text = text
        self.range = make_range  # (start, end) -> Range
        self.out = result
        self.in_table = False  # set while the block parser scans table cells

    def scan(self, start: int, end: int, in_comment: bool = False) -> None:
        text = self.text
        search = _STEP.search
        i = start
        skip_from = skip_to = -1  # a Markdown link's "](dest)" part, jumped over
        while i < end:
            limit = skip_from if skip_from >= i else end
            m = search(text, i, limit)
            if m is None:
                if skip_from >= i:
                    i, skip_from = skip_to, -1
                    continue
                return
            content = m.group(1)
            if content is not None and "[[" not in content:
                self._wikilink(m, content, in_comment)
                i = m.end()
                continue
            s = m.start()
            c = text[s]
            if c == "[":
                nxt = text[s + 1 : s + 2]
                tok = "[[" if nxt == "[" else "[^" if nxt == "^" else "["
            else:
                tok = _token(text, s, c)
            if not tok:
                i = s + 1
            elif c == "\\":
                i = s + 2
            elif c == "`":
                i = self._code_span(s, len(tok), limit)
            elif c == "$":
                i = self._math(s, tok, limit)
            elif tok == "%%":
                i = self._comment(s, limit)
            elif tok == "<!--":
                close = text.find("-->", s + 4, limit)
                i = limit if close < 0 else close + 3
                self.out.regions.append(Region(RegionKind.HTML, s, i))
            elif tok == "^[":
                close = _matching_bracket(text, s + 1, limit)
                if close > 0:
                    self.out.inline_footnotes.append((s, close + 1))
                i = s + 2
            elif tok == "[^":
                fm = _FOOTNOTE_REF.match(text, s, limit)
                if fm and not text.startswith(":", fm.end()):
                    self.out.footnote_refs.append(_new(FootnoteRef, (fm.group(1), self.range(s, fm.end()))))
                    i = fm.end()
                else:
                    i = s + 1
            else:  # '[', '![', or a '[[' that was not a wikilink
                link = self._markdown_link(s, tok, limit, in_comment)
                if link is None:
                    i = s + len(tok)
                else:
                    # Link text can hold more links; scan it, then jump the destination.
                    i, skip_from, skip_to = s + len(tok), link[0], link[1]

    # -- constructs ---------------------------------------------------------

    def _code_span(self, s: int, ticks: int, limit: int) -> int:
        text = self.text
        run = "`" * ticks
        j = s + ticks
        while True:
            j = text.find(run, j, limit)
            if j < 0:
                return s + ticks  # no closing run: the backticks are literal
            k = j + ticks
            if (k < limit and text[k] == "`") or text[j - 1] == "`":
                while k < limit and text[k] == "`":
                    k += 1
                j = k
                continue
            self.out.regions.append(Region(RegionKind.CODE, s, k))
            return k

    def _wikilink(self, m: re.Match[str], content: str, in_comment: bool) -> None:
        """Record the wikilink ``m`` matched, ``content`` between its brackets."""
        s = m.start()
        end = m.end()
        content_start = m.start(1)
        bar = content.find("|")
        raw_target = content[:bar] if bar > 0 else content
        path, display = parse_alias_link(content)
        embed = content_start - s == 3  # "![["
        if embed and display is not None:
            # "![[img.png|100x200]]": the last part is a size, not display text.
            last = display.rsplit("|", 1)
            if _SIZE.match(last[-1]):
                display = last[0] if len(last) > 1 else None
        path, subpath = split_subpath(path)
        t_start = content_start + len(raw_target) - len(raw_target.lstrip())
        t_end = max(t_start, content_start + len(raw_target.rstrip()))
        whole = self.range(s, end)
        # No line break can fall inside "[[...]]", so the target sits on the
        # link's line and its columns follow from the link's.
        line, col = whole[2], whole[3] - s
        target = _new(Range, (t_start, t_end, line, col + t_start, line, col + t_end))
        self.out.links.append(
            _new(Link, (LinkKind.WIKI, embed, path, subpath, display, whole, target, m.group(), in_comment, self.in_table, None))
        )

    def _math(self, s: int, tok: str, limit: int) -> int:
        text = self.text
        if tok == "$$":
            close = text.find("$$", s + 2, limit)
            if close < 0:
                return s + 2
            end = close + 2
        else:
            nxt = text[s + 1 : s + 2]
            if not nxt or nxt.isspace():
                return s + 1
            m = _MATH_CLOSE.search(text, s + 1, limit)
            if m is None or "\n\n" in text[s:m.start()]:
                return s + 1
            end = m.end()
        self.out.regions.append(Region(RegionKind.MATH, s, end))
        return end

    def _comment(self, s: int, limit: int) -> int:
        text = self.text
        line_end = text.find("\n", s, limit)
        close = text.find("%%", s + 2, limit if line_end < 0 else line_end)
        if close < 0:
            return s + 2
        self.out.regions.append(Region(RegionKind.COMMENT, s, close + 2))
        self.out.comments.append((s + 2, close))
        self.scan(s + 2, close, in_comment=True)
        return close + 2

    def _markdown_link(self, s: int, tok: str, limit: int, in_comment: bool) -> tuple[int, int] | None:
        """Parse ``[text](dest)``; record it if internal. Returns the span of
        ``](dest)`` so the caller can skip it, or None if this is no link."""
        text = self.text
        close = _matching_bracket(text, s + len(tok) - 1, limit)
        if close < 0 or not text.startswith("(", close + 1):
            return None
        parsed = _destination(text, close + 2, limit)
        if parsed is None:
            return None
        dest_start, dest_end, end, angle = parsed
        raw_dest = text[dest_start:dest_end]
        dest = unescape_destination(raw_dest)
        if dest and is_internal_url(dest):
            embed = tok == "!["
            decoded = decode_uri(dest)
            if decoded is None and embed:
                decoded = dest
            if decoded is not None:
                path, subpath = split_subpath(decoded)
                alt = text[s + len(tok) : close]
                self.out.links.append(
                    _new(
                        Link,
                        (
                            LinkKind.MARKDOWN,
                            embed,
                            clean_string(path),
                            subpath,
                            alt,
                            self.range(s, end),
                            self.range(dest_start, dest_end),
                            text[s:end],
                            in_comment,
                            False,
                            None,
                        ),
                    )
                )
        return close, end


def _token(text: str, s: int, c: str) -> str:
    """The inline token starting with character ``c`` at ``s``, or ''."""
    nxt = text[s + 1 : s + 2]
    if c == "[":
        return "[[" if nxt == "[" else "[^" if nxt == "^" else "["
    if c == "!":
        if nxt != "[":
            return ""
        return "![[" if text.startswith("[", s + 2) else "!["
    if c == "`":
        return _BACKTICKS.match(text, s).group()
    if c == "$":
        return "$$" if nxt == "$" else "$"
    if c == "\\":
        return "" if nxt in ("", "\n") else c
    if c == "^":
        return "^[" if nxt == "[" else ""
    if c == "%":
        return "%%" if nxt == "%" else ""
    return "<!--" if text.startswith("!--", s + 1) else ""


def _matching_bracket(text: str, open_at: int, limit: int) -> int:
    """Offset of the ']' closing the '[' at ``open_at`` on nesting, or -1."""
    depth = 0
    i = open_at
    search = _BRACKET_STOP.search
    while i < limit:
        m = search(text, i, limit)
        if m is None:
            return -1
        i = m.start()
        ch = m.group()
        if ch == "\\":
            i += 2
            continue
        if ch == "[":
            depth += 1
        elif ch == "]":
            depth -= 1
            if depth == 0:
                return i
        elif text.startswith("\n", i + 1):  # a blank line ends the search
            return -1
        i += 1
    return -1


# Only these characters matter to _matching_bracket and _destination; the
# runs of other characters between them are skipped in one search.
_BRACKET_STOP = re.compile(r"[\\\[\]\n]")
_DEST_STOP = re.compile(r"[\s\x00-\x1f\\()]")
_TITLE = re.compile(r"""[ \t]*(?:\n[ \t]*)?(?:"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|\((?:[^()\\]|\\.)*\))?[ \t]*(?:\n[ \t]*)?\)""")


def _destination(text: str, i: int, limit: int) -> tuple[int, int, int, bool] | None:
    """Parse a CommonMark link destination and optional title starting at
    ``i`` (just past '('). Returns (dest start, dest end, end past ')',
    angle-bracketed) or None."""
    while i < limit and text[i] in " \t":
        i += 1
    if i < limit and text[i] == "\n":
        i += 1
        while i < limit and text[i] in " \t":
            i += 1
    if text.startswith("<", i):
        j = i + 1
        while j < limit and text[j] not in "<>\n":
            j += 2 if text[j] == "\\" else 1
        if j >= limit or text[j] != ">":
            return None
        start, end_dest, j = i + 1, j, j + 1
        angle = True
    else:
        j = i
        depth = 0
        while j < limit:
            m = _DEST_STOP.search(text, j, limit)
            if m is None:
                j = limit
                break
            j = m.start()
            ch = m.group()
            if ch == "\\":
                j += 2
                continue
            if ch == "(":
                depth += 1
            elif ch == ")":
                if depth == 0:
                    break
                depth -= 1
            else:  # white space (\s is str.isspace) or a control character
                break
            j += 1
        if depth:
            return None
        start, end_dest = i, j
        angle = False
    m = _TITLE.match(text, j, limit)
    if not m:
        return None
    return start, end_dest, m.end(), angle


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
