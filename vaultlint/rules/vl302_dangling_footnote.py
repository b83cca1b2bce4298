"""VL302 dangling-footnote: a footnote marker ``[^n]`` with no definition."""

from __future__ import annotations

from typing import Iterable

from ..model import Finding, Severity
from ..note import Note
from .base import NoteRule, RuleContext


class DanglingFootnote(NoteRule):
    code = "VL302"
    name = "dangling-footnote"
    summary = "Footnote marker [^n] with no definition"
    severity = Severity.WARNING

    def check(self, note: Note, ctx: RuleContext) -> Iterable[Finding]:
        defined = {d.label.lower() for d in note.footnote_defs}
        for ref in note.footnote_refs:
            if ref.label.lower() in defined:
                continue
            marker = f"[^{ref.label}]"
            yield Finding(
                code=self.code,
                range=ref.range,
                message=(
                    f"Footnote {marker} has no definition, so it cites nothing and Obsidian shows it as plain text. "
                    f'Add a line "{marker}: <the source>" to the note, or correct the label.'
                ),
                snippet=marker,
                group=ref.label,
            )


RULE = DanglingFootnote()
