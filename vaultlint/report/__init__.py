"""Output formats. Each turns the run's diagnostics into one string.

A formatter is ``render(diagnostics, ctx) -> str``; ``FORMATS`` names them
for ``--format``.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Sequence

from ..model import Diagnostic
from ..rules import Registry


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



class _Formats(Mapping):
    """Formatters by name; a format's module is imported when it is used,
    so a run pays only for the one it prints."""

    _modules = {"text": "text", "json": "json_format", "concise": "concise", "sarif": "sarif",
                "github": "github", "junit": "junit"}

    def __getitem__(self, name: str) -> Formatter:
        return importlib.import_module(f"{__name__}.{self._modules[name]}").render

    def __iter__(self) -> Iterator[str]:
        return iter(self._modules)

    def __len__(self) -> int:
        return len(self._modules)


FORMATS: Mapping[str, Formatter] = _Formats()
