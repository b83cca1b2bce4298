"""Threshold claims kept in the vault index, and conflicts between notes.

``extract_claims`` runs where a note is parsed; its small, picklable
records go into ``NoteInfo.claims``. ``find_conflicts`` then compares them
across the vault (VL305): the same analyte, the same kind of statement
(a range, or a cut-off in one direction, defining the same thing for the
same people) with different numbers in two notes, after unit conversion
(4.5 ×10⁹/L is 4,500/µL; 38 °C is 100.4 °F).

>>> from vaultlint.model import Range
>>> r = Range(0, 1, 1, 1, 1, 2)
>>> a = Claim("A.md", "wbc", "white blood cell count", "A", "range", None, None, None, None, "count", 4000, 11000, r, "WBC 4,000-11,000")
>>> b = Claim("B.md", "wbc", "white blood cell count", "A", "range", None, None, None, None, "count", 4500, 11000, r, "WBC 4,500-11,000")
>>> [(c.anchor.path, [o.path for o in c.others]) for c in find_conflicts([a, b])]
[('A.md', ['B.md']), ('B.md', ['A.md'])]
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Iterable, NamedTuple

from ..config import ThresholdOptions
from ..model import Range
from ..note import Note

# Written values are rounded (3.9 mmol/L, 100.4 °F); smaller differences
# than this are the same number.
_TOLERANCE = 0.005
# Categories whose numbers answer the same question.
_FAMILY = {"A": "reference", "E": "reference", "B": "cut-off", "C": "grade", "D": "critical", "F": "action", "G": "therapeutic", "H": "score"}


class Claim(NamedTuple):
    """One stated threshold with its analyte, as VL305 compares them. A
    named tuple: a vault holds tens of thousands, read back from the cache."""

    path: str
    analyte: str  # lexicon key, e.g. "wbc"
    analyte_name: str  # for messages
    category: str  # A-H
    kind: str  # "range" or "cut-off"
    direction: str | None  # "below"/"above" for a cut-off
    condition: str | None
    grade: str | None
    population: str | None
    dimension: str | None  # None: written without a unit
    low: float  # in the dimension's base unit
    high: float | None
    range: Range
    text: str  # as written in the note
    specimen: str | None = None  # "urine", "arterial"; None for blood

    @property
    def key(self) -> tuple:
        """Claims with equal keys state the same kind of number: the same
        analyte in the same specimen, for the same people, the same kind of
        statement (a reference range is not a critical value or a target)."""
        return (
            self.analyte, self.specimen, _FAMILY.get(self.category, self.category), self.kind, self.direction,
            self.condition, self.grade, self.population, self.dimension,
        )

    def same_values(self, other: "Claim") -> bool:
        return _close(self.low, other.low) and (
            (self.high is None and other.high is None)
            or (self.high is not None and other.high is not None and _close(self.high, other.high))
        )


@dataclass(frozen=True)
class Conflict:
    anchor: Claim  # reported here, in its own note
    others: tuple[Claim, ...]  # in other notes, with different numbers


def extract_claims(note: Note, options: ThresholdOptions) -> list[Claim]:
    """The note's thresholds that name an analyte, as claims for VL305."""
    from .analysis import analyze_note  # compiles the lexicon: only when a note is analysed

    claims = []
    text = note.text
    for unit in analyze_note(note, options).units:
        for located in unit.thresholds:
            t = located.threshold
            # A bare value ("Temp 98.6 °F" under "Normal values", or a result
            # in a table with a Normal column) is too loose to compare.
            if t.analyte is None or t.category not in _FAMILY or t.kind == "value":
                continue
            dimension = t.unit.dimension if t.unit else None
            if dimension == "equivalents" and t.analyte.monovalent:
                dimension = "amount"  # 1 mEq/L of Na+ is 1 mmol/L
            claims.append(
                Claim(
                    path=note.path,
                    analyte=t.analyte.key,
                    analyte_name=t.analyte.name,
                    category=t.category,
                    kind=t.kind,
                    direction=t.direction,
                    condition=t.condition,
                    grade=t.grade,
                    population=t.population,
                    dimension=dimension,
                    low=t.low_base,
                    high=t.high_base,
                    range=note.range(located.start, located.end),
                    text=" ".join(text[located.start : located.end].split()),
                    specimen=t.specimen,
                )
            )
    return claims


def find_conflicts(claims: Iterable[Claim], only: str | None = None) -> list[Conflict]:
    """Conflicts, one per note and kind of claim: in every note that states
    a number which another note states differently, at the first such claim
    (by position), naming the claims of the other notes whose numbers differ
    from it. So a conflict shows in each of the notes, whichever is checked.
    With ``only``, just the conflicts of that note, at a cost linear in the
    claims given."""
    groups: dict[tuple, list[Claim]] = {}
    for claim in sorted(claims, key=lambda c: (c.path, c.range.start)):
        groups.setdefault(claim.key, []).append(claim)
    conflicts = []
    for group in groups.values():
        if len({c.path for c in group}) < 2:
            continue
        reported: set[str] = set()
        for anchor in group:
            if anchor.path in reported or (only is not None and anchor.path != only):
                continue
            others: list[Claim] = []
            for claim in group:
                if claim.path == anchor.path or anchor.same_values(claim):
                    continue
                if any(o.path == claim.path and o.same_values(claim) for o in others):
                    continue
                others.append(claim)
            if others:
                reported.add(anchor.path)
                conflicts.append(Conflict(anchor, tuple(others)))
    return conflicts


def _close(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=_TOLERANCE, abs_tol=1e-9)
