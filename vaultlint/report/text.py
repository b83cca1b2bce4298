"""``--format text``: one line a finding, then a summary.

    Notes/Leukopenia.md:1:60: VL101 [unresolved-link] ...
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Callable, Collection, Sequence

import click

from ..model import Diagnostic, Severity
from .escape import one_line
from .fixes import fix_counts, fix_marker
from .paths import display_paths

if TYPE_CHECKING:
    from . import ReportContext

_COLORS = {Severity.ERROR: "red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}


def line(diag: Diagnostic, color: bool, path: str | None = None, unsafe_fixes: bool = False) -> str:
    """One finding; ``path`` is how to show its note (default: vault-relative)."""
    r = diag.range
    where = f"{one_line(path or diag.path)}:{r.line}:{r.column}:"
    code = f"{diag.code} [{diag.name}]"
    marker = fix_marker(diag, unsafe_fixes)
    fixable = f" {marker}" if marker else ""
    if color:
        where = click.style(where, bold=True)
        code = click.style(code, fg=_COLORS[diag.severity], bold=True)
    return f"{where} {code} {one_line(diag.message)}{fixable}"


def summary(
    diagnostics: Sequence[Diagnostic],
    files_checked: int,
    unsafe_fixes: bool = False,
    canvases: int = 0,
    checked: Collection[str] | None = None,
) -> str:
    """The closing lines: what was found in how many notes, what is fixable.
    Findings on paths not in ``checked`` (when given: the notes and
    canvases checked) are counted as other files, not as notes.

    >>> summary([], 20, canvases=2)
    'All checks passed (20 notes and 2 canvases checked).'
    """
    notes = "note" if files_checked == 1 else "notes"
    of = f"{files_checked} {notes}"
    if canvases:
        boards = f"{canvases} canvas{'es' if canvases != 1 else ''}"
        if not diagnostics:
            return f"All checks passed ({of} and {boards} checked)."
        of = f"{files_checked + canvases} files ({of}, {boards})"
    if not diagnostics:
        return f"All checks passed ({of} checked)."
    by_severity = Counter(d.severity for d in diagnostics)
    parts = [f"{by_severity[s]} {s}" + ("s" if by_severity[s] != 1 and s is not Severity.INFO else "")
             for s in (Severity.ERROR, Severity.WARNING, Severity.INFO) if by_severity[s]]
    paths = {d.path for d in diagnostics}
    affected = len(paths) if checked is None else len(paths.intersection(checked))
    others = len(paths) - affected
    total = len(diagnostics)
    text = f"Found {total} problem{'s' if total != 1 else ''} ({', '.join(parts)}) "
    other_files = f"{others} other file{'s' if others != 1 else ''}"
    if not others:
        text += f"in {affected} of {of}."
    elif affected:
        text += f"in {affected} of {of} and {other_files}."
    else:
        text += f"in {other_files}; {of} checked."
    fixable, unsafe = fix_counts(diagnostics, unsafe_fixes)
    if fixable:
        text += f"\n[*] {fixable} fixable with --fix{' --unsafe-fixes' if unsafe_fixes else ''}."
    if unsafe:
        text += f"\n[~] {unsafe} more fixable with --fix --unsafe-fixes (unsafe fixes: check the change)."
    return text


def render(diagnostics: Sequence[Diagnostic], ctx: "ReportContext") -> str:
    shown = display_paths(ctx.root)
    if ctx.color:
        out = [line(d, True, shown(d.path), ctx.unsafe_fixes) for d in diagnostics]
    else:
        out = _plain_lines(diagnostics, shown, ctx.unsafe_fixes)
    if not ctx.quiet:
        out.append(summary(diagnostics, ctx.files_checked, ctx.unsafe_fixes, ctx.canvases_checked, ctx.checked))
        if ctx.skipped:
            out.append(ctx.skipped)
    return "\n".join(out) + "\n" if out else ""


def _plain_lines(diagnostics: Sequence[Diagnostic], shown: Callable[[str], str], unsafe_fixes: bool) -> list[str]:
    """``line`` without colour for each of ``diagnostics``, each path made
    safe once rather than once per finding (a note's findings are together).

    >>> from vaultlint.model import Range
    >>> d = Diagnostic("VL101", "unresolved-link", Severity.WARNING, "A\\n.md", Range(0, 1, 2, 3, 2, 4), "gone")
    >>> _plain_lines([d, d], str, False) == [line(d, False, "A\\n.md")] * 2
    True
    """
    out = []
    path = where = None
    for diag in diagnostics:
        if diag.path != path:
            path = diag.path
            where = one_line(shown(path) or path)
        r = diag.range
        marker = fix_marker(diag, unsafe_fixes) if diag.fix is not None else ""
        fixable = f" {marker}" if marker else ""
        out.append(f"{where}:{r.line}:{r.column}: {diag.code} [{diag.name}] {one_line(diag.message)}{fixable}")
    return out
