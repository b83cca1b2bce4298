"""VL301 unsourced-threshold: a clinical threshold with no citation near it.

One finding per claim unit (sentence, list item, table row), at its first
threshold. Note-level sources (frontmatter ``source:``, a References
section) cover clippings and source notes; in other notes they lower the
finding to info (spec §3.2).
"""

from __future__ import annotations

import re
from typing import Iterable

from ..model import BlockKind, Finding, Severity
from ..note import Note
from ..thresholds.analysis import UnitResult, analyze_note
from .base import NoteRule, RuleContext

_SPACES = re.compile(r"\s+")


class UnsourcedThreshold(NoteRule):
    code = "VL301"
    name = "unsourced-threshold"
    summary = "Clinical threshold (reference range, cut-off, hold parameter, ...) with no citation"
    severity = Severity.WARNING

    def check(self, note: Note, ctx: RuleContext) -> Iterable[Finding]:
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
            if note_level:
                message = (
                    f"Clinical threshold sourced only at note level: {what}. A note-level source covers "
                    "clippings and source notes only; add a footnote [^1] or a [@citekey] next to this claim."
                )
                severity = Severity.INFO
            else:
                message = (
                    f"Clinical threshold without a citation: {what}. Thresholds differ between labs and "
                    "guidelines, so say where this one comes from: add a footnote [^1] whose definition names "
                    f"the source, a [@citekey], or a link to a source note {where(unit, options.citation_scope)}."
                )
                severity = None
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


def where(unit: UnitResult, scope: str) -> str:
    """Where a citation would count, in words."""
    block = unit.block
    if scope == "note":
        return "anywhere in the note"
    if scope == "section":
        return "under the same heading"
    if scope == "sentence":
        return "in the same sentence"
    if block.quote_depth > 0:
        return "in the same callout or quote"
    if block.kind is BlockKind.LIST_ITEM:
        return 'in the same list (or a "Source:" line right after it)'
    if block.kind is BlockKind.TABLE_ROW:
        return 'in the same row (or a "Source:" line right after the table)'
    return "in the same paragraph"


RULE = UnsourcedThreshold()
