"""VL403 empty-note: a note with nothing but properties and blank space."""

from __future__ import annotations

from typing import Iterable

from ..model import WHOLE_FILE, Finding, Severity
from ..note import Note
from .base import NoteRule, RuleContext


class EmptyNote(NoteRule):
    code = "VL403"
    name = "empty-note"
    summary = "Note with no content besides its properties (often made by clicking a link)"
    severity = Severity.INFO
    opt_in = True

    def check(self, note: Note, ctx: RuleContext) -> Iterable[Finding]:
        text = note.text
        body_start = note.frontmatter.end if note.frontmatter is not None else 0
        if text[body_start:].strip():
            return
        what = "only properties" if note.frontmatter is not None else "nothing"
        yield Finding(
            code=self.code,
            range=WHOLE_FILE,
            message=(
                f"This note has {what}: no text. Obsidian makes such notes when a link to a missing note is"
                " clicked; write it, or delete it if it is not needed."
            ),
            snippet=note.path,
        )


RULE = EmptyNote()
