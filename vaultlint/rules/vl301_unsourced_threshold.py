"""VL301 unsourced-threshold: a clinical threshold with no citation near it.

One finding per claim unit (sentence, table row), at its first threshold;
the message says what was found, and the rule page how to cite it. Note-level sources (frontmatter ``source:``, a References
section) cover clippings and source notes; in other notes they lower the
finding to info (spec §3.2).
"""

from __future__ import annotations

import re
from typing import Iterable

from ..model import Finding, Severity
from ..note import Note
from .base import NoteRule, RuleContext

_SPACES = re.compile(r"\s+")


class UnsourcedThreshold(NoteRule):
    code = "VL301"
    name = "unsourced-threshold"
    summary = "Clinical threshold (reference range, cut-off, hold parameter, ...) with no citation"
    severity = Severity.WARNING

    def check(self, note: Note, ctx: RuleContext) -> Iterable[Finding]:
        from ..thresholds.analysis import analyze_note  # compiles the lexicon: only when a note is analysed

        options = ctx.config.thresholds
        analysis = analyze_note(note, options)
        cites = analysis.citations
        note_level = cites.note_level and options.note_level_sources_cover != "never"
        covers_note = note_level and (
            options.note_level_sources_cover == "always"
            or cites.source_note
            or options.citation_scope == "note"
        )
        for unit in analysis.units:
            if unit.cited or covers_note:
                continue
            # Point at a range or cut-off rather than a bare value: in a row
            # "| Na | 131 | 135-145 |" under "Normal" it is the range.
            first = next((t for t in unit.thresholds if t.threshold.kind != "value"), unit.thresholds[0])
            snippet = quote(note.text[first.start : first.end])
            what = f'"{snippet}" ({first.threshold.category_name})'
            # One sentence: what and where. How to cite is on the rule page.
            if note_level:
                message, severity = f"Clinical threshold sourced only at note level: {what}.", Severity.INFO
            else:
                message, severity = f"Clinical threshold without a citation: {what}.", None
            yield Finding(
                code=self.code,
                range=note.range(first.start, first.end),
                message=message,
                snippet=snippet,
                group=first.threshold.category_name,
                severity=severity,
            )


def quote(text: str, limit: int = 80) -> str:
    """The threshold text on one line, shortened for a message."""
    text = _SPACES.sub(" ", text).strip()
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


RULE = UnsourcedThreshold()
