"""VL203 replacement-character: U+FFFD, a character that was already lost."""

from __future__ import annotations

import re
from typing import Iterable

from ..mojibake import find_mojibake
from ..model import Finding, Severity
from ._encoding import checked_text
from .base import NoteRule, RuleContext

_REPLACEMENTS = re.compile("\ufffd+")


class ReplacementCharacter(NoteRule):
    code = "VL203"
    name = "replacement-character"
    summary = "The replacement character �: a character here was lost in an encoding conversion."
    severity = Severity.WARNING

    def check(self, note, ctx: RuleContext) -> Iterable[Finding]:
        if note.source.bad_byte is not None or "\ufffd" not in note.text:
            return  # nothing to report, or the bytes were not UTF-8 (VL202 reports the note)
        text = checked_text(note)
        # A � inside garbled text ('â€�') is part of a VL201 finding.
        garbled = [(m.start, m.end) for m in find_mojibake(text)]
        for match in _REPLACEMENTS.finditer(text):
            start, end = match.span()
            if any(s < end and start < e for s, e in garbled):
                continue
            count = end - start
            what = "a character" if count == 1 else f"{count} characters"
            yield Finding(
                code=self.code,
                range=note.range(start, end),
                message=(
                    f"The replacement character � stands for {what} lost when this text was converted "
                    "between encodings; the original cannot be recovered from the note, so retype it from the source."
                ),
                snippet=match.group(),
            )


RULE = ReplacementCharacter()
