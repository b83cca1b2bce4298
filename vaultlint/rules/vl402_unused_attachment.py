"""VL402 unused-attachment: an image, PDF or other file nothing embeds or links to."""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterable

from ..model import WHOLE_FILE, Finding, Severity
from ._maintenance import is_attachment
from .base import RuleContext, VaultRule

if TYPE_CHECKING:
    from ..vault import Vault


class UnusedAttachment(VaultRule):
    code = "VL402"
    name = "unused-attachment"
    summary = "Attachment (image, PDF, audio...) that no note or canvas embeds or links to"
    severity = Severity.INFO
    opt_in = True
    needs_links = True

    def check_vault(self, vault: "Vault", ctx: RuleContext) -> Iterable[Finding]:
        reached = vault.reached or set()
        for path in vault.files:
            if is_attachment(path) and path not in reached:
                yield Finding(
                    code=self.code,
                    range=WHOLE_FILE,
                    message=(
                        "No note or canvas embeds or links to this file. If it is left over from a deleted"
                        " note, move it to the trash; if a note should show it, embed it there."
                    ),
                    snippet=path,
                    path=path,
                )


RULE = UnusedAttachment()
