"""VL003 unknown-code-in-suppression: a suppression names no rule.

Reported by the suppression stage, which is where the names are read.
"""

from __future__ import annotations

from ..model import Severity
from .base import Rule


class UnknownCodeInSuppression(Rule):
    code = "VL003"
    name = "unknown-code-in-suppression"
    summary = "A vaultlint-disable comment or frontmatter setting names a rule that does not exist."
    severity = Severity.WARNING


RULE = UnknownCodeInSuppression()
