"""VL404 duplicate-name: the same file name in several folders."""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterable

from ..model import WHOLE_FILE, Finding, Severity
from ._maintenance import file_name
from .base import RuleContext, VaultRule

if TYPE_CHECKING:
    from ..vault import Vault


class DuplicateName(VaultRule):
    code = "VL404"
    name = "duplicate-name"
    summary = "File name used in several folders (a link by name alone reaches only one of them)"
    severity = Severity.INFO
    opt_in = True

    def check_vault(self, vault: "Vault", ctx: RuleContext) -> Iterable[Finding]:
        for paths in vault.table.by_name.values():
            if len(paths) < 2:
                continue
            for path in paths:
                others = [p for p in paths if p != path]
                listed = ", ".join(f'"{p}"' for p in others[:3]) + (f" and {len(others) - 3} more" if len(others) > 3 else "")
                name = file_name(path)
                shown = name[:-3] if name.lower().endswith(".md") else name
                yield Finding(
                    code=self.code,
                    range=WHOLE_FILE,
                    message=(
                        f'{listed} {"has" if len(others) == 1 else "have"} the same name, so a link written'
                        f" [[{shown}]] reaches only one of them, depending on where the link is; write links"
                        " to these with their folder, or rename one."
                    ),
                    snippet=name.lower(),
                    group=name.lower(),
                    path=path,
                )


RULE = DuplicateName()
