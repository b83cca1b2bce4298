"""VL305 conflicting-threshold: two notes give different numbers for the
same threshold (WBC normal 4,000-11,000 in one, 4,500-11,000 in another).

Reported in each of the notes, naming the others: checking either note on
its own (as a pre-commit hook does) shows the conflict, because the engine
keeps every note's claims in the vault index."""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterable

from ..model import Finding, Severity
from ..thresholds.claims import Claim, find_conflicts
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
        for conflict in find_conflicts(claims, only=vault.claims_for):
            anchor = conflict.anchor
            values = _by_value(conflict.others)
            places = [_place(same) for same in values[:_SHOWN]]
            if len(values) > _SHOWN:
                places.append(f"{len(values) - _SHOWN} other values")
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


def _by_value(claims: tuple[Claim, ...]) -> list[list[Claim]]:
    """The claims grouped by the numbers they state, in order."""
    groups: list[list[Claim]] = []
    for claim in claims:
        for group in groups:
            if group[0].same_values(claim):
                group.append(claim)
                break
        else:
            groups.append([claim])
    return groups


def _place(same: list[Claim]) -> str:
    """Where one value is stated: its first place, and how many notes more."""
    first = same[0]
    notes = len({c.path for c in same}) - 1
    more = f" and {notes} other note{'s' if notes > 1 else ''}" if notes else ""
    return f'"{first.text}" in {first.path} (line {first.range.line}){more}'


def _join(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


RULE = ConflictingThreshold()
