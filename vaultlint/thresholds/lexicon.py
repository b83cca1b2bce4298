"""The threshold lexicon, compiled: units, analytes, cues and suppressors.

The words themselves live in ``lexicon.toml`` next to this module, where a
reviewer can read them without reading code; this module only turns them
into regular expressions and adds what the configuration extends.

>>> lex = load_lexicon()
>>> lex.match_unit("4,000 cells/uL", 5)
UnitMatch(unit=Unit(key='/uL', role='strong', dimension='count', factor=1.0, offset=0.0), start=6, end=14)
>>> [lex.analytes[m.lastgroup].key for m in lex.analyte_folded_re.finditer(fold("Na+ and WBC"))]
['sodium', 'wbc']
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

# Lexicon patterns never match inside a word or number: "K" is not in "OK",
# "mg" is not in "mgmt", "5" is not in "B12".
_BEFORE = r"(?<![A-Za-z0-9])"
_AFTER = r"(?![A-Za-z0-9])"

UNIT_ROLES = ("strong", "weak", "context", "wide")  # see lexicon.toml
# Cue classes in the order detect.py picks a category from them.
CUE_CLASSES = ("action", "critical", "therapeutic", "severity", "normative", "definitional", "condition", "wide")


@dataclass(frozen=True)
class Unit:
    key: str  # how the unit is shown, e.g. "mEq/L"
    role: str  # one of UNIT_ROLES
    dimension: str  # values in one dimension compare after conversion
    factor: float
    offset: float = 0.0

    def to_base(self, value: float) -> float:
        """The value in its dimension's base unit (cells/uL, mg/dL, °C, ...)."""
        return (value + self.offset) * self.factor


@dataclass(frozen=True)
class Analyte:
    key: str
    name: str  # shown in messages
    kind: str  # lab, vital, score or drug level
    monovalent: bool = False  # mEq/L and mmol/L are the same number
    timed: bool = False  # measured in seconds (PT, aPTT)


@dataclass(frozen=True)
class UnitMatch:
    unit: Unit
    start: int
    end: int


class Lexicon:
    """Compiled patterns; build one with :func:`load_lexicon`.

    Case-insensitive patterns are compiled in lower case and matched
    against :func:`fold` of the text, which is several times faster than
    Python's case-insensitive matching; units and the case-sensitive
    analyte forms are matched against the text itself.
    """

    def __init__(self, data: dict, extra_units=(), extra_analytes=(), extra_cues=(), extra_suppressors=()) -> None:
        self.units: list[Unit] = []
        unit_patterns: list[str] = []
        for entry in data["units"]:
            unit = Unit(entry["key"], entry["role"], entry["dimension"], float(entry["factor"]), float(entry.get("offset", 0)))
            if unit.role not in UNIT_ROLES:
                raise ValueError(f"lexicon unit {unit.key!r}: unknown role {unit.role!r}")
            for pattern in entry["patterns"]:
                self.units.append(unit)
                unit_patterns.append(pattern)
        for form in extra_units:
            self.units.append(Unit(form, "strong", f"extra:{form}", 1.0))
            unit_patterns.append(_literal(form))
        # Every unit pattern is tried in one match call, each in a lookahead
        # with its own group, so the longest can be picked ("mg/kg", not "mg").
        self.unit_re = re.compile("".join(f"(?:(?=({p}){_AFTER})|)" for p in unit_patterns))

        # Analytes: named groups say which one matched. Strict short forms
        # must sit right before a value or comparator.
        self.analytes: dict[str, Analyte] = {}
        folded: list[str] = []
        exact: list[str] = []
        conditions: list[str] = []
        strict_tail = r"(?=[ +:=|]*(?:(?:is|of|level)\b[ ]?)*(?:[<>]=?|" + _alternation(data["comparators"]["prefix"]) + r")?[ ]?\d)"
        for i, entry in enumerate(data["analytes"]):
            name = f"a{i}"
            self.analytes[name] = Analyte(
                entry["key"], entry["name"], entry["kind"], bool(entry.get("monovalent", False)), bool(entry.get("timed", False))
            )
            if entry.get("forms"):
                folded.append(f"(?P<{name}>{_lower_alternation(entry['forms'])})")
            if entry.get("conditions"):
                conditions.append(f"(?P<{name}>{_lower_alternation(entry['conditions'])})")
            case_forms = list(entry.get("exact", ())) + [f"{f}{strict_tail}" for f in entry.get("strict", ())]
            if case_forms:
                exact.append(f"(?P<{name}_>{'|'.join(case_forms)})")
        for i, form in enumerate(extra_analytes):
            name = f"x{i}"
            self.analytes[name] = Analyte(form.lower(), form, "lab")
            folded.append(f"(?P<{name}>{_literal(form.lower())})")
        self.analyte_folded_re = re.compile(_BEFORE + "(?:" + "|".join(folded) + ")" + _AFTER)
        self.analyte_exact_re = re.compile(_BEFORE + "(?:" + "|".join(exact) + ")" + _AFTER)
        # Condition names that stand for their analyte: "hypokalemia (< 3.5)".
        self.condition_re = re.compile(_BEFORE + "(?:" + "|".join(conditions) + ")" + _AFTER)

        cues = data["cues"]
        words = {cls: list(cues[cls]) for cls in CUE_CLASSES + ("heading",)}
        words["normative"] += [_literal(c) for c in extra_cues]
        self.cue_res = {cls: _words(w) for cls, w in words.items()}
        # Every class of a claim unit's cues in one pass; the group says which.
        self.cue_re = re.compile(
            _BEFORE + "(?:" + "|".join(f"(?P<{cls}>{_lower_alternation(words[cls])})" for cls in CUE_CLASSES) + ")" + _AFTER
        )
        self.collision_re = _words(cues["collisions"])

        comparators = data["comparators"]
        self.prefix_word_re = re.compile(_BEFORE + _lower_alternation(comparators["prefix"]) + r" ?$")
        self.postfix_word_re = re.compile(r" ?(?:\([^()]*\) ?)?" + _lower_alternation(comparators["postfix"]) + _AFTER)
        self.below_re = _words(comparators["below"])
        self.duration_words = frozenset(comparators["not_before_time"])

        self.observation_re = _words(data["observation"]["markers"])
        self.population_re = _words(data["population"]["words"])
        self.suppressor_re = _words(data["suppressors"]["patterns"])
        self.phrase_re = _words(list(data["suppressors"]["phrases"]) + list(extra_suppressors))

        cit = data["citations"]
        self.source_line_re = re.compile(_alternation(cit["source_lines"]))
        self.attribution_re = re.compile("|".join(f"(?:{p})" for p in cit["attributions"]))
        self.reference_heading_re = re.compile(_alternation(cit["reference_headings"]) + r"\s*:?\s*$")
        self.callout_types = frozenset(t.lower() for t in cit["callout_types"])
        self.table_header_re = re.compile(_alternation(cit["table_headers"]) + r"\s*:?\s*$")
        self.clipping_tag_re = re.compile(_alternation(cit["clipping_tags"]) + "$")
        self.source_types = frozenset(t.lower() for t in cit["source_types"])

    def match_unit(self, text: str, pos: int) -> UnitMatch | None:
        """The longest unit starting at ``pos`` (after at most one space)."""
        if text.startswith(" ", pos):
            pos += 1
        m = self.unit_re.match(text, pos)
        best = max(((len(g), -i) for i, g in enumerate(m.groups()) if g), default=None)
        if best is None:
            return None
        length, index = best
        return UnitMatch(self.units[-index], pos, pos + length)


def fold(text: str) -> str:
    """ASCII letters in lower case; the length never changes (unlike ``str.lower``).

    >>> fold("Normal WBC: 4.5-11.0 x 10^9/L")
    'normal wbc: 4.5-11.0 x 10^9/l'
    """
    return text.translate(_FOLD)


_FOLD = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def _literal(form: str) -> str:
    """A configured literal form as a pattern: spaces match one space or none."""
    return r" ?".join(re.escape(part) for part in form.split())


def _alternation(patterns: list[str]) -> str:
    """Case-insensitive patterns for text as written (not hot paths)."""
    return "(?i:" + "|".join(f"(?:{p})" for p in patterns) + ")"


def _lower_alternation(patterns: list[str]) -> str:
    """Case-insensitive patterns for folded text: letters in lower case,
    escapes such as ``\\S`` and ``\\D`` left alone."""
    return "(?:" + "|".join(f"(?:{_ESCAPE_OR_UPPER.sub(_lower, p)})" for p in patterns) + ")"


_ESCAPE_OR_UPPER = re.compile(r"\\.|[A-Z]")


def _lower(m: re.Match[str]) -> str:
    return m.group() if m.group().startswith("\\") else m.group().lower()


def _words(patterns: list[str]) -> re.Pattern[str]:
    """Whole-word, case-insensitive patterns, matched against folded text."""
    return re.compile(_BEFORE + _lower_alternation(patterns) + _AFTER)


@lru_cache(maxsize=1)
def _data() -> dict:
    with resources.files(__package__).joinpath("lexicon.toml").open("rb") as fh:
        return tomllib.load(fh)


@lru_cache(maxsize=8)
def load_lexicon(
    extra_units: tuple[str, ...] = (),
    extra_analytes: tuple[str, ...] = (),
    extra_cues: tuple[str, ...] = (),
    extra_suppressors: tuple[str, ...] = (),
) -> Lexicon:
    """The compiled lexicon, extended with configured forms (cached: the
    same extras give the same object)."""
    return Lexicon(_data(), extra_units, extra_analytes, extra_cues, extra_suppressors)
