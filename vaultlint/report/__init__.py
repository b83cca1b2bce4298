"""Output formats. Each turns the run's diagnostics into one string.

A formatter is ``render(diagnostics, ctx) -> str``; ``FORMATS`` names them
for ``--format``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Sequence

from ..model import Diagnostic
from ..rules import Registry
from . import concise, github, json_format, junit, sarif, text


@dataclass(frozen=True)
class ReportContext:
    root: Path  # the vault root; diagnostic paths are relative to it
    registry: Registry
    files_checked: int  # notes
    canvases_checked: int = 0
    color: bool = False
    show_fixes: bool = True
    # Paths of notes --fix changed, and how many fixes each got.
    fixed: tuple[tuple[str, int], ...] = ()
    # Whether --unsafe-fixes was given: unsafe fixes then count as fixable.
    unsafe_fixes: bool = False
    # Findings only: no summary (text and concise).
    quiet: bool = False
    # What was not checked and why, in a sentence ('' when nothing was skipped).
    skipped: str = ""


Formatter = Callable[[Sequence[Diagnostic], ReportContext], str]

FORMATS: dict[str, Formatter] = {
    "text": text.render,
    "json": json_format.render,
    "concise": concise.render,
    "sarif": sarif.render,
    "github": github.render,
    "junit": junit.render,
}
