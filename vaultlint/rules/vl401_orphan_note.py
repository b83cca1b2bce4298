"""VL401 orphan-note: a note no other note or canvas links to."""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterable

from ..model import WHOLE_FILE, Finding, Severity
from ..suppress import path_matches
from .base import RuleContext, VaultRule

if TYPE_CHECKING:
    from ..vault import Vault


class OrphanNote(VaultRule):
    code = "VL401"
    name = "orphan-note"
    summary = "Note that no other note links to (it can only be found by searching)"
    severity = Severity.INFO
    opt_in = True
    needs_links = True

    def check_vault(self, vault: "Vault", ctx: RuleContext) -> Iterable[Finding]:
        reached = vault.reached or set()
        entry_points = ctx.config.maintenance.entry_points
        for path in vault.notes:
            if path in reached or any(path_matches(path, pattern) for pattern in entry_points):
                continue
            yield Finding(
                code=self.code,
                range=WHOLE_FILE,
                message=(
                    "No other note links to this note, so it does not show up in backlinks or next to"
                    " related notes in the graph; link it from a note on the same topic."
                ),
                snippet=path,
                path=path,
            )


RULE = OrphanNote()
