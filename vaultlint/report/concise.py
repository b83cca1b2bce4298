"""``--format concise``: one line per finding, then a one-line summary.

::

    notes/Leukopenia.md:3:5: VL101 [*] No note named "Neutropnia" ...
    Found 1 problem (1 fixable with --fix).

Paths are relative to the current folder, so editors and terminals can open
them. ``[*]`` marks a finding ``--fix`` repairs with the flags given,
``[~]`` one whose fix is unsafe and needs ``--unsafe-fixes`` too.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Sequence

from ..model import Diagnostic
from .fixes import fix_counts, fix_marker
from .paths import display_paths
from .escape import one_line

if TYPE_CHECKING:
    from . import ReportContext


def line(diag: Diagnostic, path: str, unsafe_fixes: bool = False) -> str:
    marker = fix_marker(diag, unsafe_fixes)
    marker = f" {marker}" if marker else ""
    # One line per finding, even if a message ever spans several.
    message = one_line(" ".join(diag.message.split()))
    return f"{one_line(path)}:{diag.range.line}:{diag.range.column}: {diag.code}{marker} {message}"


def summary(diagnostics: Sequence[Diagnostic], files_checked: int, unsafe_fixes: bool = False) -> str:
    """
    >>> summary([], 12)
    'No problems found in 12 notes.'
    """
    if not diagnostics:
        notes = "note" if files_checked == 1 else "notes"
        return f"No problems found in {files_checked} {notes}."
    count = len(diagnostics)
    text = f"Found {count} problem{'' if count == 1 else 's'}"
    fixable, unsafe = fix_counts(diagnostics, unsafe_fixes)
    said = []
    if fixable:
        said.append(f"{fixable} fixable with --fix{' --unsafe-fixes' if unsafe_fixes else ''}")
    if unsafe:
        said.append(f"{unsafe} more with --unsafe-fixes")
    if said:
        text += f" ({', '.join(said)})"
    return text + "."


def render(diagnostics: Sequence[Diagnostic], ctx: "ReportContext") -> str:
    shown = display_paths(ctx.root)
    out = [line(d, shown(d.path), ctx.unsafe_fixes) for d in diagnostics]
    if not ctx.quiet:
        out.append(summary(diagnostics, ctx.files_checked, ctx.unsafe_fixes))
    return "".join(f"{text}\n" for text in out)
