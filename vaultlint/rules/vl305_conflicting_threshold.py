"""VL305 conflicting-threshold: two notes give different numbers for the
same threshold (WBC normal 4,000-11,000 in one, 4,500-11,000 in another).

Reported in each of the notes, naming the others: checking either note on
its own (as a pre-commit hook does) shows the conflict, because the engine
keeps every note's claims in the vault index."""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterable

from ..model import Finding, Severity
from ..thresholds.claims import Claim, Value, find_conflicts
from .base import RuleContext, VaultRule

if TYPE_CHECKING:
    from ..vault import Vault

_SHOWN = 3  # other values named in one message


class ConflictingThreshold(VaultRule):
    code = "VL305"
    name = "conflicting-threshold"
    summary = "The same clinical threshold with different numbers in two notes"
    severity = Severity.WARNING
    reads_claims = True

    def check_vault(self, vault: "Vault", ctx: RuleContext) -> Iterable[Finding]:
        from ..thresholds.detect import CATEGORIES  # the lexicon's module: only when vault rules run

        claims = [c for note_claims in vault.claims.values() for c in note_claims if isinstance(c, Claim)]
        for conflict in find_conflicts(claims, only=vault.claims_for, shown=_SHOWN):
            anchor = conflict.anchor
            places = [_place(value) for value in conflict.values]
            if conflict.count > _SHOWN:
                places.append(f"{conflict.count - _SHOWN} other values")
            what = f"{anchor.analyte_name} {CATEGORIES[anchor.category]}"
            # One sentence: what and where. What to do is on the rule page.
            yield Finding(
                code=self.code,
                range=anchor.range,
                message=f'Conflicting {what}: "{anchor.text}" here, but {_join(places)}.',
                snippet=anchor.text,
                group=anchor.analyte,
                path=anchor.path,
            )


def _place(value: Value) -> str:
    """Where one value is stated: its first place, and how many notes more."""
    first, more = value.first, value.notes - 1
    also = f" and {more} other note{'s' if more > 1 else ''}" if more else ""
    return f'"{first.text}" in {first.path} (line {first.range.line}){also}'


def _join(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


RULE = ConflictingThreshold()
