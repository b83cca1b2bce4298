"""``--format text``: one line a finding, then a summary.

    Notes/Leukopenia.md:1:60: VL101 [unresolved-link] ...
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Sequence

import click

from ..model import Diagnostic, Severity
from .escape import one_line

if TYPE_CHECKING:
    from . import ReportContext

_COLORS = {Severity.ERROR: "red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}


def line(diag: Diagnostic, color: bool) -> str:
    r = diag.range
    where = f"{one_line(diag.path)}:{r.line}:{r.column}:"
    code = f"{diag.code} [{diag.name}]"
    fixable = " [*]" if diag.fix is not None else ""
    if color:
        where = click.style(where, bold=True)
        code = click.style(code, fg=_COLORS[diag.severity], bold=True)
    return f"{where} {code} {one_line(diag.message)}{fixable}"


def summary(diagnostics: Sequence[Diagnostic], files_checked: int) -> str:
    notes = "note" if files_checked == 1 else "notes"
    if not diagnostics:
        return f"All checks passed ({files_checked} {notes} checked)."
    by_severity = Counter(d.severity for d in diagnostics)
    parts = [f"{by_severity[s]} {s}" + ("s" if by_severity[s] != 1 and s is not Severity.INFO else "")
             for s in (Severity.ERROR, Severity.WARNING, Severity.INFO) if by_severity[s]]
    affected = len({d.path for d in diagnostics})
    total = len(diagnostics)
    text = (f"Found {total} problem{'s' if total != 1 else ''} ({', '.join(parts)}) "
            f"in {affected} of {files_checked} {notes}.")
    safe = sum(1 for d in diagnostics if d.fix is not None and d.fix.applicability.value == "safe")
    unsafe = sum(1 for d in diagnostics if d.fix is not None) - safe
    if safe:
        text += f"\n[*] {safe} fixable with --fix."
    if unsafe:
        text += f"\n{unsafe} more fixable with --unsafe-fixes."
    return text


def render(diagnostics: Sequence[Diagnostic], ctx: "ReportContext") -> str:
    out = [line(d, ctx.color) for d in diagnostics]
    out.append(summary(diagnostics, ctx.files_checked))
    return "\n".join(out) + "\n"
