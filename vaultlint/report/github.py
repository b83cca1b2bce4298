"""``--format github``: GitHub Actions workflow commands.

One line per finding, which the Actions runner turns into an annotation on
the file in the pull request::

    ::error file=notes/Leukopenia.md,line=3,endLine=3,col=5,endColumn=19,title=VL101 unresolved-link::...

Errors become ``::error``, warnings ``::warning`` and infos ``::notice``.
Paths are relative to the current folder, the repository root when a
workflow runs it, which is what annotations need.
GitHub accepts columns only for a finding on a single line, so a finding
spanning lines carries lines only, and one about the whole file (a note that
cannot be read) names just the file.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Sequence

from ..model import WHOLE_FILE, Diagnostic, Severity
from .paths import display_paths

if TYPE_CHECKING:
    from . import ReportContext

COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(text: str) -> str:
    """Escape a message the way the runner unescapes it.

    >>> escape_data("50% of\\nnotes")
    '50%25 of%0Anotes'
    """
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a property value, where ':' and ',' are separators too.

    >>> escape_property("Labs, normal: values.md")
    'Labs%2C normal%3A values.md'
    """
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(diag: Diagnostic, file: str) -> str:
    r = diag.range
    props: list[tuple[str, object]] = [("file", file)]
    if r != WHOLE_FILE:
        props += [("line", r.line), ("endLine", r.end_line)]
        if r.line == r.end_line:
            props += [("col", r.column), ("endColumn", r.end_column)]
    props.append(("title", f"{diag.code} {diag.name}"))
    joined = ",".join(f"{name}={escape_property(str(value))}" for name, value in props)
    return f"::{COMMANDS[diag.severity]} {joined}::{escape_data(diag.message)}"


def render(diagnostics: Sequence[Diagnostic], ctx: "ReportContext") -> str:
    shown = display_paths(ctx.root)
    lines = [command(d, shown(d.path)) for d in diagnostics]
    return "".join(line + "\n" for line in lines)
