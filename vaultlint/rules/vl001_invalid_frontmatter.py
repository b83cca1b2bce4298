"""VL001 invalid-frontmatter: the properties block cannot be read."""

from __future__ import annotations

from typing import Iterable

from ..model import Finding, Severity
from .base import NoteRule, RuleContext


class InvalidFrontmatter(NoteRule):
    code = "VL001"
    name = "invalid-frontmatter"
    summary = "The note's properties (YAML frontmatter) cannot be read, so Obsidian ignores them."
    severity = Severity.ERROR

    def check(self, note, ctx: RuleContext) -> Iterable[Finding]:
        fm = note.frontmatter
        if fm is None or fm.error is None:
            return
        err = fm.error
        start = note.lines.starts[err.line - 1] + err.column - 1 if err.line <= len(note.lines.starts) else 0
        end = note.lines.line_end(err.line - 1) if err.line <= len(note.lines.starts) else 0
        yield Finding(self.code, note.range(start, max(start, end)), err.message, snippet=err.message)


RULE = InvalidFrontmatter()
