"""VL304 unused-footnote: a footnote definition that no marker points to."""

from __future__ import annotations

from typing import Iterable

from ..model import Finding, Severity
from ..note import Note
from .base import NoteRule, RuleContext


class UnusedFootnote(NoteRule):
    code = "VL304"
    name = "unused-footnote"
    summary = "Footnote definition that is never referenced"
    severity = Severity.WARNING

    def check(self, note: Note, ctx: RuleContext) -> Iterable[Finding]:
        used = {r.label.lower() for r in note.footnote_refs}
        for definition in note.footnote_defs:
            if definition.label.lower() in used:
                continue
            marker = f"[^{definition.label}]"
            yield Finding(
                code=self.code,
                range=definition.range,
                message=(
                    f"Footnote {marker} is defined but no {marker} marker points to it, so it supports no claim. "
                    f"Put {marker} right after the claim it is the source for, or delete the definition if it is left over."
                ),
                snippet=marker + ":",
                group=definition.label,
            )


RULE = UnusedFootnote()
