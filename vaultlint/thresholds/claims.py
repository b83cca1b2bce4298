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
>>> [(c.anchor.path, [v.first.path for v in c.values]) for c in find_conflicts([a, b])]
[('A.md', ['B.md']), ('B.md', ['A.md'])]
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Iterable, Iterator, NamedTuple

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


@dataclass(frozen=True)
class Value:
    """A number other notes state: where it is first stated, and in how
    many notes."""

    first: Claim
    notes: int


@dataclass(frozen=True)
class Conflict:
    anchor: Claim  # reported here, in its own note
    values: tuple[Value, ...]  # the first of the other numbers other notes state, in order
    count: int  # how many other numbers other notes state


def extract_claims(note: Note, options: ThresholdOptions) -> list[Claim]:
    """The note's thresholds that name an analyte and that another note
    could state differently, as claims for VL305: what is normal (a
    reference range or limit), a critical value, a hold or notify parameter
    (compared only with those that hold the same drug, when one is named:
    "hold digoxin if the apical pulse is < 60"), and a cut-off that names
    the condition it defines ("hyperkalemia: K+ > 5.0"). Other cut-offs
    answer a different question in each note (eGFR < 30 for one drug, < 45
    for another) and are not compared."""
    from .analysis import analyze_note, lexicon_for  # compiles the lexicon: only when a note is analysed
    from .lexicon import fold

    claims = []
    text = note.text
    normal = lexicon_for(options).cue_res["normative"]
    for unit in analyze_note(note, options).units:
        for located in unit.thresholds:
            t = located.threshold
            # A bare value ("Temp 98.6 °F" under "Normal values", or a result
            # in a table with a Normal column) is too loose to compare; a
            # number too large to hold is no number to compare either.
            if t.analyte is None or t.category not in _FAMILY or t.kind == "value":
                continue
            if not math.isfinite(t.low_base) or (t.high_base is not None and not math.isfinite(t.high_base)):
                continue
            condition = t.condition or (_held(text, unit.start, unit.end) if t.category == "F" else None)
            if condition is None and not (
                t.category in ("A", "D", "F")
                or (t.category == "E" and (t.kind == "range" or normal.search(fold(text[unit.start : unit.end]))))
            ):
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
                    condition=condition,
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


# What a hold parameter holds: "Hold digoxin if the apical pulse is < 60",
# "Digoxin hold parameters: HR < 60". Words that name no drug are skipped.
_NOT_HELD = (
    r"(?!(?:if|when|for|and|or|it|this|these|that|them|next|your|their|both|each|all|any|off|until|unless|"
    r"breath|treatment|therapy|doses?|medications?|meds|drugs?|feeds?|feeding|parameters?)\b)"
)
_HELD = re.compile(
    r"\b(?:hold|withhold|omit)\s+(?:the\s+)?" + _NOT_HELD + r"([a-z][a-z-]{3,})"
    r"|\b" + _NOT_HELD + r"([a-z][a-z-]{3,})\s+hold(?:ing)?\s+parameters?",
    re.IGNORECASE,
)


def _held(text: str, start: int, end: int) -> str | None:
    """The drug or treatment a hold parameter names, in lower case.

    >>> _held("Hold digoxin if the apical pulse is < 60 bpm.", 0, 45)
    'digoxin'
    >>> _held("Digoxin hold parameters: HR < 60.", 0, 33)
    'digoxin'
    >>> _held("Hold the dose if SBP < 90.", 0, 26) is None
    True
    >>> _held("Hold parameters: HR < 60.", 0, 25) is None
    True
    """
    m = _HELD.search(text, start, end)
    return (m.group(1) or m.group(2)).lower() if m else None


def find_conflicts(claims: Iterable[Claim], only: str | None = None, shown: int = 3) -> list[Conflict]:
    """Conflicts, one per note and kind of claim: in every note that states
    a number which another note states differently, at the first such claim
    (by position), naming the first ``shown`` other numbers and where they
    are first stated. So a conflict shows in each of the notes, whichever
    is checked. With ``only``, just the conflicts of that note.

    Values within the tolerance of each other are one number (see
    ``_Numbers``). The cost is linear in the claims, plus ``shown``
    and the note's own claims per conflict: a vault where a thousand notes
    state one range does not compare each note with every other."""
    groups: dict[tuple, list[Claim]] = {}
    for claim in sorted(claims, key=lambda c: (c.path, c.range.start)):
        groups.setdefault(claim.key, []).append(claim)
    conflicts = []
    for group in groups.values():
        if group[0].path != group[-1].path:  # sorted by path: more than one note
            conflicts.extend(_group_conflicts(group, only, shown))
    return conflicts


def _group_conflicts(group: list[Claim], only: str | None, shown: int) -> Iterator[Conflict]:
    numbers = _Numbers(group)
    holders = numbers.holders
    alone: dict[str, int] = {}  # numbers only one note states
    for held in holders:
        if len(held) == 1:
            (path,) = held
            alone[path] = alone.get(path, 0) + 1
    done: set[str] = set()
    for anchor in group:
        path = anchor.path
        if path in done or (only is not None and path != only):
            continue
        # Numbers stated within the tolerance of the anchor's are not other
        # numbers; only those numbers are looked at claim by claim.
        near = numbers.near(anchor)
        found: list[tuple[int, int]] = []  # (position of the first statement elsewhere, notes)
        for number in near:
            place = numbers.elsewhere(number, path, anchor)
            if place is not None:
                found.append(place)
        # Other numbers: those not near the anchor's that another note
        # states, and those near it stated elsewhere with a value outside
        # the tolerance.
        alone_near = sum(1 for n in near if holders[n].keys() == {path})
        count = len(holders) - len(near) - (alone.get(path, 0) - alone_near) + len(found)
        if not count:
            continue
        done.add(path)
        # The other numbers' first statements in other notes, in order: a
        # number this note states first is first stated elsewhere later on,
        # so numbers are read in order until `shown` were first stated elsewhere.
        elsewhere = 0
        for number, held in enumerate(holders):
            if elsewhere == shown:
                break
            if number in near or (len(held) == 1 and path in held):
                continue
            positions = iter(held.values())
            first = next(positions)
            if group[first].path == path:
                first = next(positions)
            else:
                elsewhere += 1
            found.append((first, len(held) - (path in held)))
        found.sort()
        yield Conflict(anchor, tuple(Value(group[p], notes) for p, notes in found[:shown]), count)


class _Numbers:
    """The numbers a group of claims states, in order of first statement.

    A claim states the first number whose first value is within
    the tolerance of its own. Values within the tolerance of each other lie
    at most one cell apart on a logarithmic grid, so only the neighbouring
    cells of a value are searched, and the cost stays linear in the claims.

    >>> from vaultlint.model import Range
    >>> r = Range(0, 1, 1, 1, 1, 2)
    >>> def claim(low, high): return Claim("A.md", "k", "K+", "A", "range", None, None, None, None, "amount", low, high, r, "")
    >>> claims = [claim(3.5, 5.0), claim(3.5, 5.1), claim(3.51, 5.0), claim(3.5, None), claim(3.5, 5.1)]
    >>> numbers = _Numbers(claims)
    >>> [numbers.values[c.low, c.high] for c in claims]
    [0, 1, 0, 2, 1]
    """

    def __init__(self, group: list[Claim]) -> None:
        self.firsts: list[tuple[float, float | None]] = []  # each number's first value
        # For each number, the first claim of each note stating it, by
        # position; and each distinct value stated, with its number.
        self.holders: list[dict[str, int]] = []
        self.values: dict[tuple[float, float | None], int] = {}
        self._values_of: list[list[tuple[float, float | None]]] = []
        self._memo: dict[tuple, tuple[set[str], list[tuple[int, str]]]] = {}
        self._by_value: dict[tuple[float, float | None], dict[str, int]] = {}
        self._firsts_in: dict[tuple[int, int | None], list[int]] = {}
        self._values_in: dict[tuple[int, int | None], list[tuple[float, float | None]]] = {}
        for position, claim in enumerate(group):
            self._add(position, claim)

    def _add(self, position: int, claim: Claim) -> None:
        value = (claim.low, claim.high)
        number = self.values.get(value)
        if number is None:
            cell = _cells(claim)
            near = [n for c in _around(cell) for n in self._firsts_in.get(c, ()) if _same(self.firsts[n], claim)]
            if near:
                number = min(near)
            else:
                number = len(self.firsts)
                self.firsts.append(value)
                self.holders.append({})
                self._values_of.append([])
                self._firsts_in.setdefault(cell, []).append(number)
            self.values[value] = number
            self._values_of[number].append(value)
            self._values_in.setdefault(cell, []).append(value)
            self._by_value[value] = {}
        self.holders[number].setdefault(claim.path, position)
        self._by_value[value].setdefault(claim.path, position)

    def near(self, claim: Claim) -> set[int]:
        """The numbers that state a value within the tolerance of ``claim``'s."""
        return {self.values[v] for c in _around(_cells(claim)) for v in self._values_in.get(c, ()) if _same(v, claim)}

    def elsewhere(self, number: int, path: str, anchor: Claim) -> tuple[int, int] | None:
        """Where ``number`` is first stated outside ``path`` with a value
        not within the tolerance of ``anchor``'s, and in how many notes."""
        key = (number, anchor.low, anchor.high)
        if key not in self._memo:
            # The notes, and the first two places in different notes: one
            # of these two is outside any one note.
            notes: set[str] = set()
            places: dict[str, int] = {}
            for value in self._values_of[number]:
                if not _same(value, anchor):
                    for holder, position in self._by_value[value].items():
                        notes.add(holder)
                        if position < places.get(holder, position + 1):
                            places[holder] = position
            firsts = sorted((position, holder) for holder, position in places.items())[:2]
            self._memo[key] = (notes, firsts)
        notes, firsts = self._memo[key]
        others = len(notes) - (path in notes)
        first = next((position for position, holder in firsts if holder != path), None)
        return (first, others) if others and first is not None else None


def _same(value: tuple[float, float | None], claim: Claim) -> bool:
    low, high = value
    return _close(low, claim.low) and (
        (high is None and claim.high is None) or (high is not None and claim.high is not None and _close(high, claim.high))
    )


def _cells(claim: Claim) -> tuple[int, int | None]:
    return _cell(claim.low), None if claim.high is None else _cell(claim.high)


def _around(cell: tuple[int, int | None]) -> Iterator[tuple[int, int | None]]:
    low, high = cell
    for dl in (-1, 0, 1):
        if high is None:
            yield low + dl, None
        else:
            for dh in (-1, 0, 1):
                yield low + dl, high + dh


# Two values within the tolerance of each other lie at most one cell apart:
# their logarithms differ by at most -log(1 - tolerance). Values smaller
# than _TINY share the cell 0, next to the smallest cells either side.
_CELL = -math.log1p(-_TOLERANCE)
_TINY = 1e-6


def _cell(x: float) -> int:
    if abs(x) < _TINY:
        return 0
    step = 1 + math.floor(math.log(abs(x) / _TINY) / _CELL)
    return step if x > 0 else -step


def _close(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=_TOLERANCE, abs_tol=1e-9)
