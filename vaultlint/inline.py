"""Inline syntax inside one block: code spans, math, comments, links,
footnotes (spec R1, R2).

The scanner walks left to right and lets whatever starts first win, which
is how Obsidian decides between ``[[a `b` c]]`` (a link) and
`` `[[x]]` `` (code).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

from .linktext import (
    clean_string,
    decode_uri,
    is_internal_url,
    parse_alias_link,
    split_subpath,
    unescape_destination,
)
from .lines import LineIndex
from .model import FootnoteRef, Link, LinkKind, Range, Region, RegionKind

# Every character that can start an inline construct. A character class
# scans much faster than the alternation of the constructs themselves.
SPECIAL = re.compile(r"[\\`$!\[^%<]")
# The scanner's step is a search for the next such character. When it opens
# a link ("[", "![", "[[" or "![["), the same search matches the whole link
# where it can:
# - a wikilink, up to the first "]]" on the line. Most are plain: an ASCII
#   target (path and "#subpath") with no space at its ends and no backslash,
#   then maybe "|display" without brackets. Those are split into the groups
#   "path", "subpath" and "display" as they are matched; any other
#   wikilink's text is in group "content", for the general rules.
# - a plain Markdown link "[text](dest)": text without brackets or any
#   character that starts inline syntax, a destination without spaces,
#   parentheses, escapes, entities or "<". Other Markdown links are
#   read by _markdown_link.
_PLAIN_PATH = r'[!"$-Z^-{}~]+(?: +[!"$-Z^-{}~]+)*'  # printable ASCII but space #[\]|
_PLAIN_SUBPATH = r"#[!-Z^-{}~]*(?: +[!-Z^-{}~]+)*"  # the same, with '#'
_STEP = re.compile(
    SPECIAL.pattern
    + r"(?:(?:(?<=!)\[|(?<=\[))"
    + r"(?:\["
    + rf"(?:(?P<path>{_PLAIN_PATH})(?P<subpath>{_PLAIN_SUBPATH})?(?:\|(?P<display>[^\[\]\n]*))?\]\]"
    + r"|(?P<content>[^\n]+?)\]\])"
    + r"|(?P<text>[^\\`$!\[\]^%<\n]*)\]\((?P<dest>[^\s\x00-\x1f\\()<&]+)\)))?"
)
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
    def __init__(self, text: str, lines: LineIndex, result: InlineResult) -> None:
        self.text = text
        self.range = lines.range
        self.span = lines.span  # for a stretch within one line
        self.starts = lines.starts
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
            found = m.lastgroup
            if found is not None:
                if found == "dest":
                    self._plain_markdown_link(m, in_comment)
                    i = m.end()  # its text holds no inline syntax
                    continue
                if self._wikilink(m, in_comment):
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
                    self.out.footnote_refs.append(_new(FootnoteRef, (fm.group(1), self.span(s, fm.end()))))
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

    def _wikilink(self, m: re.Match[str], in_comment: bool) -> bool:
        """Record the wikilink _STEP matched in ``m``; False if it is none."""
        raw, path, subpath, display, content = m.group(0, "path", "subpath", "display", "content")
        if content is not None and "[[" in content:
            return False
        s, end = m.span()
        embed = raw[0] == "!"
        # No line break can fall inside "[[...]]": the link and its target
        # sit on one line, which one bisect finds.
        line = bisect_right(self.starts, s)
        before = self.starts[line - 1] - 1  # column = offset - before
        if path is not None and not (embed and display is not None):
            # A plain link (see _STEP): its parts are as the lookahead found them.
            t_start = s + 3 if embed else s + 2
            t_end = t_start + len(path)
            if subpath is None:
                subpath = ""
            else:
                t_end += len(subpath)
        else:
            content_start = s + 3 if embed else s + 2
            content = raw[content_start - s : -2]
            path, subpath, display, t_start, t_end = self._link_parts(content, content_start, embed)
        self.out.links.append(
            _new(
                Link,
                (
                    LinkKind.WIKI,
                    embed,
                    path,
                    subpath,
                    display,
                    _new(Range, (s, end, line, s - before, line, end - before)),
                    _new(Range, (t_start, t_end, line, t_start - before, line, t_end - before)),
                    raw,
                    in_comment,
                    self.in_table,
                    None,
                ),
            )
        )
        return True

    @staticmethod
    def _link_parts(content: str, content_start: int, embed: bool) -> tuple[str, str, str | None, int, int]:
        """Path, subpath, display text and the raw target's bounds of any wikilink."""
        bar = content.find("|")
        raw_target = content[:bar] if bar > 0 else content
        path, display = parse_alias_link(content)
        if embed and display is not None:
            # "![[img.png|100x200]]": the last part is a size, not display text.
            last = display.rsplit("|", 1)
            if _SIZE.match(last[-1]):
                display = last[0] if len(last) > 1 else None
        path, subpath = split_subpath(path)
        t_start = content_start + len(raw_target) - len(raw_target.lstrip())
        t_end = max(t_start, content_start + len(raw_target.rstrip()))
        return path, subpath, display, t_start, t_end

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

    def _plain_markdown_link(self, m: re.Match[str], in_comment: bool) -> None:
        """Record the Markdown link _STEP matched in ``m`` (see there), as
        _markdown_link would: ``(dest)`` is the whole destination."""
        raw, alt, dest = m.group(0, "text", "dest")
        if not is_internal_url(dest):
            return
        s, end = m.span()
        dest_start = end - 1 - len(dest)
        # The link is on one line: one bisect places all four offsets.
        line = bisect_right(self.starts, s)
        before = self.starts[line - 1] - 1  # column = offset - before
        self._add_markdown_link(
            dest,
            raw[0] == "!",
            alt,
            raw,
            _new(Range, (s, end, line, s - before, line, end - before)),
            _new(Range, (dest_start, end - 1, line, dest_start - before, line, end - 1 - before)),
            in_comment,
        )

    def _add_markdown_link(
        self, dest: str, embed: bool, alt: str, raw: str, whole: Range, target: Range, in_comment: bool
    ) -> None:
        """Record a Markdown link to internal ``dest``. Where decodeURI would
        throw, an embed keeps ``dest`` as written and a link is not recorded."""
        decoded = decode_uri(dest)
        if decoded is None:
            if not embed:
                return
            decoded = dest
        path, subpath = split_subpath(decoded)
        link = (LinkKind.MARKDOWN, embed, clean_string(path), subpath, alt, whole, target, raw, in_comment, False, None)
        self.out.links.append(_new(Link, link))

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
            self._add_markdown_link(
                dest, tok == "![", text[s + len(tok) : close], text[s:end],
                self.range(s, end), self.range(dest_start, dest_end), in_comment,
            )  # fmt: skip
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
