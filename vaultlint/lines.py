"""Turning character offsets into 1-based lines and columns.

A line ends at ``\\n``; a ``\\r`` before it belongs to the line break, so
CRLF notes get the same columns as LF ones.

>>> idx = LineIndex("ab\\r\\ncd\\n")
>>> idx.position(3), idx.position(4)
((2, 1), (2, 1))
>>> idx.range(4, 6)
Range(start=4, end=6, line=2, column=1, end_line=2, end_column=3)
"""

from __future__ import annotations

from bisect import bisect_right
from itertools import accumulate, count, repeat
from operator import add, sub
from typing import Sequence

from .model import Range

_new = tuple.__new__


class LineIndex:
    def __init__(self, text: str, starts: Sequence[int] | None = None) -> None:
        """``starts`` (from an earlier index of the same text) spares the
        scan; with it the text may be left empty, and offsets inside a CRLF
        break are then not recognised."""
        self.text = text
        self.has_cr = "\r" in text
        # range() takes its short way for offsets up to here: none when a
        # "\r" could put an offset inside a CRLF break.
        self._plain_end = -1 if self.has_cr else len(text)
        if starts is None:
            # Line i + 1 starts past the lengths of lines 0..i and i + 1
            # line breaks; map and accumulate do the sums without a Python loop.
            starts = [0]
            starts += map(add, accumulate(map(len, text.split("\n")[:-1])), count(1))
        self.starts = starts

    def line_of(self, offset: int) -> int:
        """0-based line number of ``offset``."""
        return bisect_right(self.starts, offset) - 1

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of ``offset``; an offset inside a CRLF
        break is placed at the start of the next line."""
        text = self.text
        offset = max(0, min(offset, len(text))) if text else max(0, offset)
        line = bisect_right(self.starts, offset) - 1
        col = offset - self.starts[line]
        if col and text and text[offset - 1] == "\r" and text[offset : offset + 1] == "\n":
            return line + 2, 1  # between "\r" and "\n": the break belongs to the line
        return line + 1, col + 1

    def line_end(self, line: int) -> int:
        """Offset just past the content of 0-based ``line`` (before \\r\\n)."""
        end = self.starts[line + 1] - 1 if line + 1 < len(self.starts) else len(self.text)
        if end > self.starts[line] and self.text[end - 1 : end] == "\r" and end < len(self.text):
            end -= 1
        elif line + 1 >= len(self.starts) and self.text.endswith("\r"):
            end -= 1
        return end

    def range(self, start: int, end: int) -> Range:
        """The Range from ``start`` to ``end``, as ``position`` places them.

        The parser asks for a few ranges per link, so the common case, two
        ordered offsets inside a note without any ``\\r``, is done here with
        one bisect and no clamping. Without a ``\\r`` no offset can fall
        inside a CRLF break, and an end on the start's own line (every link
        and heading) needs only a comparison with the next line's start.
        """
        if not 0 <= start <= end <= self._plain_end:
            line, col = self.position(start)
            end_line, end_col = self.position(end)
            return Range(start, end, line, col, end_line, end_col)
        starts = self.starts
        line = bisect_right(starts, start)  # 1-based: starts[line - 1] <= start
        if line == len(starts) or end < starts[line]:
            end_line = line
        else:
            end_line = bisect_right(starts, end, line)
        # tuple.__new__ skips Range's Python-level __new__: same tuple, less work.
        return _new(Range, (start, end, line, start - starts[line - 1] + 1, end_line, end - starts[end_line - 1] + 1))

    def span(self, start: int, end: int) -> Range:
        """The Range of ``start``..``end`` when both are on one line and
        neither falls inside a CRLF break (a wikilink, a heading's text):
        what ``range`` gives, with one bisect and no checks."""
        starts = self.starts
        line = bisect_right(starts, start)
        before = starts[line - 1] - 1  # column = offset - before
        return _new(Range, (start, end, line, start - before, line, end - before))

    def line_ends(self) -> list[int]:
        """``line_end`` of every line, in order."""
        if not self.has_cr:
            # Each line ends where the next one starts, less its "\n".
            ends = list(map(sub, self.starts[1:], repeat(1)))
            ends.append(len(self.text))
            return ends
        return [self.line_end(line) for line in range(len(self.starts))]

    def line_text(self, line: int) -> str:
        """The content of 1-based ``line`` without its line break."""
        return self.text[self.starts[line - 1] : self.line_end(line - 1)]
