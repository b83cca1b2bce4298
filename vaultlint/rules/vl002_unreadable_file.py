"""VL002 unreadable-file: a note that could not be read at all.

The reader reports this one (rules never read files); it lives here so it
can be selected, ignored and documented like any other rule.
"""

from __future__ import annotations

from ..model import Severity
from .base import Rule


class UnreadableFile(Rule):
    code = "VL002"
    name = "unreadable-file"
    summary = "A note or folder could not be read (permissions, binary content, size, a symlink loop)."
    severity = Severity.ERROR


RULE = UnreadableFile()
