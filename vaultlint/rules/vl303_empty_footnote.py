"""VL303 empty-footnote: a footnote definition with no text."""

from __future__ import annotations

from typing import Iterable

from ..model import Finding, Severity
from ..note import Note
from .base import NoteRule, RuleContext


class EmptyFootnote(NoteRule):
    code = "VL303"
    name = "empty-footnote"
    summary = "Footnote definition [^n]: with no text"
    severity = Severity.WARNING

    def check(self, note: Note, ctx: RuleContext) -> Iterable[Finding]:
        for definition in note.footnote_defs:
            if definition.text.strip():
                continue
            marker = f"[^{definition.label}]"
            yield Finding(
                code=self.code,
                range=definition.range,
                message=(
                    f"Footnote definition {marker} is empty, so the claims that point to it have no source. "
                    f'Write the source after "{marker}:".'
                ),
                snippet=marker + ":",
                group=definition.label,
            )


RULE = EmptyFootnote()
