"""The threshold lexicon, compiled: units, analytes, cues and suppressors.

The words themselves live in ``lexicon.toml`` next to this module, where a
reviewer can read them without reading code; this module only turns them
into regular expressions and adds what the configuration extends.

>>> lex = load_lexicon()
>>> lex.match_unit("4,000 cells/uL", 6).unit.key
'/uL'
>>> [lex.analytes[m.lastgroup].key for m in lex.analyte_re.finditer("Na+ and WBC")]
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

UNIT_ROLES = ("strong", "weak", "dose", "timing", "size")


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


@dataclass(frozen=True)
class UnitMatch:
    unit: Unit
    start: int
    end: int


class Lexicon:
    """Compiled patterns; build one with :func:`load_lexicon`."""

    def __init__(self, data: dict, extra_units=(), extra_analytes=(), extra_cues=(), extra_suppressors=()) -> None:
        self.units: list[tuple[re.Pattern[str], Unit]] = []
        for entry in data["units"]:
            unit = Unit(entry["key"], entry["role"], entry["dimension"], float(entry["factor"]), float(entry.get("offset", 0)))
            for pattern in entry["patterns"]:
                self.units.append((re.compile(pattern + _AFTER), unit))
        for i, form in enumerate(extra_units):
            unit = Unit(form, "strong", f"extra:{form}", 1.0)
            self.units.append((re.compile(_literal(form) + _AFTER), unit))

        # One alternation with a named group per analyte; the group name says
        # which analyte matched. Strict short forms must sit right before a
        # value or comparator.
        self.analytes: dict[str, Analyte] = {}
        alternatives: list[str] = []
        strict_tail = r"(?=[ +:=]*(?:(?:is|of|level)\b[ ]?)*(?:[<>]=?|" + "|".join(data["comparators"]["prefix"]) + r")?[ ]?\d)"
        for i, entry in enumerate(data["analytes"]):
            name = f"a{i}"
            self.analytes[name] = Analyte(entry["key"], entry["name"], entry["kind"], bool(entry.get("monovalent", False)))
            forms = [f"(?i:{f})" for f in entry.get("forms", ())]
            forms += entry.get("exact", [])
            forms += [f"{f}{strict_tail}" for f in entry.get("strict", ())]
            alternatives.append(f"(?P<{name}>{'|'.join(forms)})")
        for i, form in enumerate(extra_analytes):
            name = f"x{i}"
            self.analytes[name] = Analyte(form.lower(), form, "lab")
            alternatives.append(f"(?P<{name}>(?i:{_literal(form)}))")
        self.analyte_re = re.compile(_BEFORE + "(?:" + "|".join(alternatives) + ")" + _AFTER)

        cues = data["cues"]
        self.cue_res: dict[str, re.Pattern[str]] = {}
        for cls in ("action", "critical", "therapeutic", "severity", "normative", "definitional", "condition", "wide", "heading"):
            words = list(cues[cls])
            if cls == "normative":
                words += [_literal(c) for c in extra_cues]
            self.cue_res[cls] = _words(words)
        self.collision_re = _words(cues["collisions"])

        comparators = data["comparators"]
        self.prefix_word_re = re.compile(
            _BEFORE + "(?i:" + "|".join(f"(?:{p})" for p in comparators["prefix"]) + r") ?$"
        )
        self.postfix_word_re = re.compile(r"(?i: ?(?:\([^()]*\) ?)?(?:" + "|".join(comparators["postfix"]) + "))" + _AFTER)
        self.below_re = _words(comparators["below"])

        self.observation_re = _words(data["observation"]["markers"])
        self.population_re = _words(data["population"]["words"])
        self.suppressor_re = _words(list(data["suppressors"]["patterns"]) + list(extra_suppressors))

        cit = data["citations"]
        self.source_line_re = re.compile(r"(?i:" + "|".join(f"(?:{p})" for p in cit["source_lines"]) + ")")
        self.reference_heading_re = re.compile(r"(?i:(?:" + "|".join(cit["reference_headings"]) + r"))\s*:?\s*$")
        self.callout_types = frozenset(t.lower() for t in cit["callout_types"])
        self.table_header_re = re.compile(r"(?i:(?:" + "|".join(cit["table_headers"]) + r"))\s*:?\s*$")
        self.clipping_tag_re = re.compile(r"(?i:(?:" + "|".join(cit["clipping_tags"]) + r"))$")
        self.source_types = frozenset(t.lower() for t in cit["source_types"])

    def match_unit(self, text: str, pos: int) -> UnitMatch | None:
        """The longest unit starting at ``pos`` (after at most one space)."""
        if text.startswith(" ", pos):
            pos += 1
        best: UnitMatch | None = None
        for pattern, unit in self.units:
            m = pattern.match(text, pos)
            if m and m.end() > pos and (best is None or m.end() > best.end):
                best = UnitMatch(unit, m.start(), m.end())
        return best


def _literal(form: str) -> str:
    """A configured literal form as a pattern: spaces match one space or none."""
    return r" ?".join(re.escape(part) for part in form.split())


def _words(patterns: list[str]) -> re.Pattern[str]:
    return re.compile(_BEFORE + "(?i:" + "|".join(f"(?:{p})" for p in patterns) + ")" + _AFTER)


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
