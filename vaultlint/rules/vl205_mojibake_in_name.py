"""VL205 mojibake-in-name: a garbled file or folder name.

Reported on each note whose path holds the garbled name, so a garbled
folder is reported once per note inside it (``--statistics`` counts them
as one group). There is no fix: renaming files is left to the user, since
links to them change too.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterable

from ..mojibake import find_mojibake
from ..model import WHOLE_FILE, Finding, Severity
from ._encoding import visible
from .base import RuleContext, VaultRule

if TYPE_CHECKING:
    from ..vault import Vault


class MojibakeInName(VaultRule):
    code = "VL205"
    name = "mojibake-in-name"
    summary = "A file or folder name with garbled characters from an encoding mix-up, such as CafÃ©.md."
    severity = Severity.WARNING

    def check_vault(self, vault: "Vault", ctx: RuleContext) -> Iterable[Finding]:
        for path in vault.notes:
            parts = path.split("/")
            for depth, part in enumerate(parts):
                found = find_mojibake(part)
                if not found:
                    continue
                repaired, pos = [], 0
                for m in found:
                    repaired += [part[pos : m.start], m.repair]
                    pos = m.end
                repaired.append(part[pos:])
                kind = "file" if depth == len(parts) - 1 else "folder"
                how = f" ({found[0].how})" if found[0].how else ""
                yield Finding(
                    code=self.code,
                    range=WHOLE_FILE,
                    message=(
                        f'The {kind} name "{visible(part)}" is garbled and should read "{visible("".join(repaired))}"'
                        f"{how}. Rename it in Obsidian, which updates the links to it."
                    ),
                    snippet=part,
                    group="/".join(parts[: depth + 1]),
                    path=path,
                )


RULE = MojibakeInName()
