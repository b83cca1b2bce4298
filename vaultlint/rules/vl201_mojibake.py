"""VL201 mojibake: garbled characters from text read in the wrong encoding."""

from __future__ import annotations

from typing import Iterable

from ..mojibake import CANDIDATE, Mojibake, find_mojibake
from ..model import Applicability, Edit, Finding, Fix, Severity
from ._encoding import checked_text, link_at, visible
from .base import NoteRule, RuleContext


class MojibakeRule(NoteRule):
    code = "VL201"
    name = "mojibake"
    summary = "Garbled characters from text read in the wrong encoding, such as bodyâ€™s for body’s."
    severity = Severity.WARNING
    fix = Applicability.SAFE

    def check(self, note, ctx: RuleContext) -> Iterable[Finding]:
        if not CANDIDATE.search(note.text):
            return  # the common case, decided without blanking code first
        for m in find_mojibake(checked_text(note)):
            if note.text[m.start : m.end] != m.garbled:
                continue  # the stretch reaches into blanked code or math
            yield Finding(
                code=self.code,
                range=note.range(m.start, m.end),
                message=_message(m, in_link=link_at(note, m.start, m.end) is not None),
                fix=_fix(m, note.source.encoding),
                snippet=m.garbled,
                group=f"{m.garbled} → {m.repair}",
            )


def _message(m: Mojibake, in_link: bool) -> str:
    how = f" ({m.how})" if m.how else ""
    where = " in this link's target" if in_link else ""
    if m.lossy:
        return (
            f'"{visible(m.garbled)}"{where} is garbled text{how}, and part of the original character was lost '
            "along the way: retype the character that belongs here."
        )
    return f'"{visible(m.garbled)}"{where} is garbled text that should read "{visible(m.repair)}"{how}.'


def _fix(m: Mojibake, encoding: str) -> Fix | None:
    """Replace the stretch with its repair, and nothing else. A lost
    character cannot be repaired; a note kept in a legacy encoding only gets
    repairs that encoding can store."""
    if m.lossy:
        return None
    try:
        m.repair.encode(encoding)
    except UnicodeEncodeError:
        return None
    return Fix(
        (Edit(m.start, m.end, m.repair),),
        Applicability.SAFE,
        f'replace "{visible(m.garbled)}" with "{visible(m.repair)}"',
    )


RULE = MojibakeRule()
