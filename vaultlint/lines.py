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

from .model import Range


class LineIndex:
    def __init__(self, text: str, starts: list[int] | None = None) -> None:
        """``starts`` (from an earlier index of the same text) spares the
        scan; with it the text may be left empty, and offsets inside a CRLF
        break are then not recognised."""
        self.text = text
        if starts is not None:
            self.starts = starts
            return
        starts = [0]
        find = text.find
        pos = find("\n")
        while pos != -1:
            starts.append(pos + 1)
            pos = find("\n", pos + 1)
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
        line, col = self.position(start)
        end_line, end_col = self.position(end)
        return Range(start, end, line, col, end_line, end_col)

    def line_text(self, line: int) -> str:
        """The content of 1-based ``line`` without its line break."""
        return self.text[self.starts[line - 1] : self.line_end(line - 1)]
