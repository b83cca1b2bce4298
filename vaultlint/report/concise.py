"""``--format concise``: one line per finding, then a one-line summary.

::

    notes/Leukopenia.md:3:5: VL101 [*] No note named "Neutropnia" ...
    Found 1 problem (1 fixable with --fix).

Paths are relative to the current folder, so editors and terminals can open
them. ``[*]`` marks a finding ``--fix`` repairs (a safe fix).
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Sequence

from ..model import Applicability, Diagnostic
from .escape import one_line

if TYPE_CHECKING:
    from . import ReportContext


def fixable(diag: Diagnostic) -> bool:
    return diag.fix is not None and diag.fix.applicability is Applicability.SAFE


def line(diag: Diagnostic, path: str) -> str:
    marker = " [*]" if fixable(diag) else ""
    # One line per finding, even if a message ever spans several.
    message = one_line(" ".join(diag.message.split()))
    return f"{one_line(path)}:{diag.range.line}:{diag.range.column}: {diag.code}{marker} {message}"


def summary(diagnostics: Sequence[Diagnostic], files_checked: int) -> str:
    """
    >>> summary([], 12)
    'No problems found in 12 notes.'
    """
    if not diagnostics:
        notes = "note" if files_checked == 1 else "notes"
        return f"No problems found in {files_checked} {notes}."
    count = len(diagnostics)
    text = f"Found {count} problem{'' if count == 1 else 's'}"
    n_fixable = sum(fixable(d) for d in diagnostics)
    if n_fixable:
        text += f" ({n_fixable} fixable with --fix)"
    return text + "."


def render(diagnostics: Sequence[Diagnostic], ctx: "ReportContext") -> str:
    out = [line(d, os.path.relpath(ctx.root / d.path).replace(os.sep, "/")) for d in diagnostics]
    out.append(summary(diagnostics, ctx.files_checked))
    return "\n".join(out) + "\n"
