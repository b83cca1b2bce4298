"""VL305 conflicting-threshold: two notes give different numbers for the
same threshold (WBC normal 4,000-11,000 in one, 4,500-11,000 in another)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterable

from ..model import Finding, Severity
from ..thresholds.claims import Claim, find_conflicts
from ..thresholds.detect import CATEGORIES
from .base import RuleContext, VaultRule

if TYPE_CHECKING:
    from ..vault import Vault

_SHOWN = 3  # other places named in one message


class ConflictingThreshold(VaultRule):
    code = "VL305"
    name = "conflicting-threshold"
    summary = "The same clinical threshold with different numbers in two notes"
    severity = Severity.WARNING

    def check_vault(self, vault: "Vault", ctx: RuleContext) -> Iterable[Finding]:
        claims = [c for note_claims in vault.claims.values() for c in note_claims if isinstance(c, Claim)]
        for conflict in find_conflicts(claims):
            anchor = conflict.anchor
            places = [f'"{o.text}" in {o.path} (line {o.range.line})' for o in conflict.others[:_SHOWN]]
            more = len(conflict.others) - _SHOWN
            if more > 0:
                places.append(f"{more} more")
            what = f"{anchor.analyte_name} {CATEGORIES[anchor.category]}"
            yield Finding(
                code=self.code,
                range=anchor.range,
                message=(
                    f'Conflicting {what}: "{anchor.text}" here, but {_join(places)}. '
                    "Labs and guidelines differ; check which source each note follows, cite it in both, "
                    "and say which one applies (lab, population or guideline year)."
                ),
                snippet=anchor.text,
                group=anchor.analyte,
                path=anchor.path,
            )


def _join(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


RULE = ConflictingThreshold()
