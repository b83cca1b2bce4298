"""How reports mark and count fixable findings, the way ruff does: ``[*]``
for what ``--fix`` repairs with the flags given, ``[~]`` for an unsafe fix
that needs ``--unsafe-fixes`` as well."""

from __future__ import annotations

from typing import Sequence

from ..model import Applicability, Diagnostic


def fix_marker(diag: Diagnostic, unsafe_fixes: bool) -> str:
    """``[*]`` for a fix --fix applies with the flags given, ``[~]`` for an
    unsafe fix it applies only with --unsafe-fixes, '' for none.

    >>> from vaultlint.model import Fix, Range, Severity
    >>> d = Diagnostic("VL103", "missing-heading", Severity.WARNING, "A.md", Range(0, 1, 1, 1, 1, 2), "m",
    ...                Fix((), Applicability.UNSAFE, "guess"))
    >>> fix_marker(d, False), fix_marker(d, True), fix_marker(d._replace(fix=None), True)
    ('[~]', '[*]', '')
    """
    if diag.fix is None:
        return ""
    return "[*]" if unsafe_fixes or diag.fix.applicability is Applicability.SAFE else "[~]"


def fix_counts(diagnostics: Sequence[Diagnostic], unsafe_fixes: bool) -> tuple[int, int]:
    """How many findings --fix would repair with the flags given, and how
    many more it would with --unsafe-fixes added."""
    marks = [fix_marker(d, unsafe_fixes) for d in diagnostics]
    return marks.count("[*]"), marks.count("[~]")
