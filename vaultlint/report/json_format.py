"""``--format json``: a JSON list of findings.

Each finding is an object with ``code``, ``name``, ``severity``, ``path``
(vault-relative, '/'-separated), ``filename`` (the same note relative to
the current folder), ``line``, ``column``, ``end_line``,
``end_column`` (1-based; the end is exclusive), ``message`` and ``fix``:
null, or ``{"applicability": "safe"|"unsafe", "message": ..., "edits":
[{"line", "column", "end_line", "end_column", "content"}]}``, plus
``"encoding"`` when the fix rewrites the note in another encoding.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Sequence

from ..model import Diagnostic
from .paths import display_paths

if TYPE_CHECKING:
    from . import ReportContext


def finding_dict(diag: Diagnostic, filename: str | None = None) -> dict:
    r = diag.range
    return {
        "code": diag.code,
        "name": diag.name,
        "severity": str(diag.severity),
        "path": diag.path,
        "filename": filename if filename is not None else diag.path,
        "line": r.line,
        "column": r.column,
        "end_line": r.end_line,
        "end_column": r.end_column,
        "message": diag.message,
        "fix": fix_dict(diag),
    }


def fix_dict(diag: Diagnostic) -> dict | None:
    fix = diag.fix
    if fix is None:
        return None
    out: dict = {
        "applicability": str(fix.applicability),
        "message": fix.description,
        "edits": [
            {
                "line": r.line,
                "column": r.column,
                "end_line": r.end_line,
                "end_column": r.end_column,
                "content": e.replacement,
            }
            for e, r in zip(fix.edits, diag.edit_ranges)
        ],
    }
    if fix.new_encoding:
        out["encoding"] = fix.new_encoding
    return out


def render(diagnostics: Sequence[Diagnostic], ctx: "ReportContext") -> str:
    shown = display_paths(ctx.root)
    found = [finding_dict(d, shown(d.path)) for d in diagnostics]
    return json.dumps(found, indent=2, ensure_ascii=False) + "\n"
