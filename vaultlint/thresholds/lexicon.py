"""The threshold lexicon, compiled: units, analytes, cues and suppressors.

The words themselves live in ``lexicon.toml`` next to this module, where a
reviewer can read them without reading code; this module only turns them
into regular expressions and adds what the configuration extends.

>>> lex = load_lexicon()
>>> lex.match_unit("4,000 cells/uL", 5)
UnitMatch(unit=Unit(key='/uL', role='strong', dimension='count', factor=1.0, offset=0.0), start=6, end=14)
>>> [lex.analyte(m).key for m in lex.analyte_folded_re.finditer(fold("Na+ and WBC"))]
['sodium', 'wbc']
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from .patterns import OTHER, Prefilter, alternation, choices, first_chars

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
    # Dimensions of units that are otherwise only in the wide scope but are
    # this analyte's own values: grams of birth weight, centimetres of an
    # aneurysm, millimetres of ST elevation; and of weak units its condition
    # names stand for (degrees for "hypothermia").
    accepts: tuple[str, ...] = ()


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
    analyte forms are matched against the text itself. The long lists of
    words are compiled with :func:`patterns.alternation`, so a position is
    only tried against the words that can start there.
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
                unit_patterns.append(_per(pattern))
        for form in extra_units:
            self.units.append(Unit(form, "strong", f"extra:{form}", 1.0))
            unit_patterns.append(_literal(form))
        self._unit_matchers = _UnitMatchers(unit_patterns)
        # A unit that makes a number clinical without an analyte, anywhere a
        # value's unit can be: right after a digit (or the "k" of "150k"),
        # after at most one space. Keyed by whether the scope is wide and
        # whether the text is ASCII ([0-9] is quicker to look for than \d).
        standalone = {
            wide: alternation([(None, p) for p, u in zip(unit_patterns, self.units) if u.role == "strong" or (wide and u.role in ("wide", "context"))])[0]
            for wide in (False, True)
        }
        self.standalone_unit_re = {
            (wide, ascii): re.compile(("[0-9kK]" if ascii else "[\\dkK]") + " ?" + standalone[wide] + _AFTER)
            for wide in (False, True)
            for ascii in (False, True)
        }

        # Analytes: a match's group says which one matched (see analyte()).
        # Strict short forms must sit right before a value or comparator.
        self.analytes: dict[str, Analyte] = {}
        folded: list[tuple[str, str]] = []
        exact: list[tuple[str, str]] = []
        named: list[tuple[str, str]] = []
        conditions: list[tuple[str, str]] = []
        strict_tail = r"(?=[ +:=|]*(?:(?:is|of|level)\b[ ]?)*(?:[<>]=?|" + _alternation(data["comparators"]["prefix"]) + r")?[ ]?\d)"
        for i, entry in enumerate(data["analytes"]):
            name = f"a{i}"
            self.analytes[name] = Analyte(
                entry["key"], entry["name"], entry["kind"], bool(entry.get("monovalent", False)), bool(entry.get("timed", False)),
                tuple(entry.get("accepts", ())),
            )
            folded += [(name, _lower(form)) for form in entry.get("forms", ())]
            conditions += [(name, _lower(form)) for form in entry.get("conditions", ())]
            exact += [(name, form) for form in entry.get("exact", ())]
            named += [(name, form) for form in entry.get("named", ())]
            exact += [(name, f"{form}{strict_tail}") for form in entry.get("strict", ())]
        for i, form in enumerate(extra_analytes):
            name = f"x{i}"
            self.analytes[name] = Analyte(form.lower(), form, "lab")
            folded.append((name, _literal(form.lower())))
        self._analyte_groups: dict[str, str] = {}  # group name -> key of self.analytes
        self.analyte_folded_re = _labelled(folded, "f", self._analyte_groups)
        self.analyte_exact_re = _labelled(exact, "e", self._analyte_groups)
        # Condition names that stand for their analyte: "hypokalemia (< 3.5)".
        self.condition_re = _labelled(conditions, "c", self._analyte_groups)
        # Names of scores in general ("HEART score"): tried at every capital,
        # so only in text that holds one of ``score_words``.
        self.named_score_re = _labelled(named, "n", self._analyte_groups)
        self.score_words = ("score", "scale", "index")

        cues = data["cues"]
        words = {cls: list(cues[cls]) for cls in CUE_CLASSES + ("heading",)}
        words["normative"] += [_literal(c) for c in extra_cues]
        self.cue_res = {cls: _words(w) for cls, w in words.items()}
        # Every class of a claim unit's cues in one pass; cue_class() says which.
        self._cue_groups: dict[str, str] = {}
        self.cue_re = _labelled([(cls, _lower(w)) for cls in CUE_CLASSES for w in words[cls]], "q", self._cue_groups)
        self.collision_re = _words(cues["collisions"])

        comparators = data["comparators"]
        self.prefix_word_re = re.compile(_BEFORE + alternation([(None, _lower(p)) for p in comparators["prefix"]])[0] + r" ?$")
        # "2.5 or above", but not "below 2.5 or above 6.5": there "or above" is the next value's.
        self.postfix_word_re = re.compile(
            r" ?(?:\([^()]*\) ?)?" + alternation([(None, _lower(p)) for p in comparators["postfix"]])[0] + _AFTER + r"(?! ?(?:[<>]=? ?)?\.?\d)"
        )
        self.below_re = _words(comparators["below"])
        self.duration_words = frozenset(comparators["not_before_time"])

        self.observation_re = _words(data["observation"]["markers"])
        self.population_re = _words(data["population"]["words"])
        self.specimen_re = _words(data["population"]["specimens"])
        context = data["context"]
        self.storage_re = _words(context["storage"])
        self.equipment_re = _words(context["equipment"])
        self.statistic_re = _words(context["statistic"])
        self.case_re = _words(context["case"])
        self.lasting_re = re.compile(_BEFORE + "(?:" + "|".join(_lower(w) for w in context["lasting"]) + r") $")
        self.decision_re = _words(context["decision"])
        self.heading_noun_re = re.compile(" (?:" + "|".join(_lower(w) for w in context["heading_nouns"]) + ")" + _AFTER)
        self.suppressor_re = _words(data["suppressors"]["patterns"], dispatch=True)
        self.phrase_re = _words(list(data["suppressors"]["phrases"]) + list(extra_suppressors))

        cit = data["citations"]
        self.source_line_re = re.compile(_alternation(cit["source_lines"]))
        self.attribution_re = re.compile("|".join(f"(?:{p})" for p in cit["attributions"]))
        self.attribution_words = Prefilter(self.attribution_re.pattern)  # it is slow to search for
        self.reference_heading_re = re.compile(_alternation(cit["reference_headings"]) + r"\s*:?\s*$")
        self.callout_types = frozenset(t.lower() for t in cit["callout_types"])
        self.table_header_re = re.compile(_alternation(cit["table_headers"]) + r"\s*:?\s*$")
        self.clipping_tag_re = re.compile(_alternation(cit["clipping_tags"]) + "$")
        self.source_types = frozenset(t.lower() for t in cit["source_types"])

    def analyte(self, m: re.Match[str]) -> Analyte:
        """The analyte a match of the analyte or condition patterns names."""
        return self.analytes[self._analyte_groups[m.lastgroup]]

    def cue_class(self, m: re.Match[str]) -> str:
        """The class (one of CUE_CLASSES) of a match of ``cue_re``."""
        return self._cue_groups[m.lastgroup]

    def match_unit(self, text: str, pos: int) -> UnitMatch | None:
        """The longest unit starting at ``pos`` (after at most one space)."""
        if text.startswith(" ", pos):
            pos += 1
        found = self._unit_matchers.longest(text, pos)
        if found is None:
            return None
        index, length = found
        return UnitMatch(self.units[index], pos, pos + length)


class _UnitMatchers:
    """All unit patterns tried at one position, to pick the longest match
    ("mg/kg", not "mg"; the first listed of equally long ones).

    Each pattern sits in a lookahead with its own group, so one match call
    tries them all; and only the patterns that can start with the
    character at the position are in that call.
    """

    def __init__(self, patterns: list[str]) -> None:
        compiled: dict[tuple[int, ...], tuple[re.Pattern[str], tuple[int, ...]] | None] = {}
        self._by_char: dict[str, tuple[re.Pattern[str], tuple[int, ...]] | None] = {}
        for char, chosen in choices([first_chars(p) for p in patterns]).items():
            if chosen not in compiled:
                lookaheads = "".join(f"(?:(?=({patterns[i]}){_AFTER})|)" for i in chosen)
                compiled[chosen] = (re.compile(lookaheads), chosen) if chosen else None
            self._by_char[char] = compiled[chosen]

    def longest(self, text: str, pos: int) -> tuple[int, int] | None:
        """(index of the pattern, length) of the longest match at ``pos``."""
        char = text[pos : pos + 1]
        matcher = self._by_char.get(OTHER if char > "\x7f" else char, self._by_char[""])
        if matcher is None:
            return None
        pattern, chosen = matcher
        groups = pattern.match(text, pos).groups()
        best = max(((len(g), -i) for i, g in zip(chosen, groups) if g), default=None)
        return None if best is None else (-best[1], best[0])


def fold(text: str) -> str:
    """ASCII letters in lower case; the length never changes (unlike ``str.lower``).

    >>> fold("Normal WBC: 4.5-11.0 x 10^9/L")
    'normal wbc: 4.5-11.0 x 10^9/l'
    """
    return text.lower() if text.isascii() else text.translate(_FOLD)


_FOLD = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def _per(pattern: str) -> str:
    """A unit pattern that also reads its slash written out: "mg per dL",
    "beats per minute", "mL per kg per hour".

    >>> _per("(?i:mg ?/ ?dl)")
    '(?i:mg(?: ?/ ?| per )dl)'
    """
    return pattern.replace(" ?/ ?", "(?: ?/ ?| per )")


def _literal(form: str) -> str:
    """A configured literal form as a pattern: spaces match one space or none."""
    return r" ?".join(re.escape(part) for part in form.split())


def _alternation(patterns: list[str]) -> str:
    """Case-insensitive patterns for text as written (not hot paths)."""
    return "(?i:" + "|".join(f"(?:{p})" for p in patterns) + ")"


def _lower(pattern: str) -> str:
    """A case-insensitive pattern for folded text: letters in lower case,
    escapes such as ``\\S`` and ``\\D`` left alone."""
    return _ESCAPE_OR_UPPER.sub(_lower_match, pattern)


_ESCAPE_OR_UPPER = re.compile(r"\\.|[A-Z]")


def _lower_match(m: re.Match[str]) -> str:
    return m.group() if m.group().startswith("\\") else m.group().lower()


def _labelled(branches: list[tuple[str, str]], prefix: str, groups: dict[str, str]) -> re.Pattern[str]:
    """Whole words of ``branches`` of (label, pattern); ``groups`` learns the
    label of each group of the pattern, named with ``prefix``."""
    pattern, labels = alternation(branches, prefix)
    groups.update(labels)
    return re.compile(_BEFORE + pattern + _AFTER)


def _words(patterns: list[str], dispatch: bool = False) -> re.Pattern[str]:
    """Whole-word, case-insensitive patterns, matched against folded text.
    With ``dispatch``, for long lists searched in every claim unit, each
    position only tries the patterns that can start there (slower to
    compile, faster to search)."""
    if dispatch:
        return re.compile(_BEFORE + alternation([(None, _lower(p)) for p in patterns])[0] + _AFTER)
    return re.compile(_BEFORE + "(?:" + "|".join(f"(?:{_lower(p)})" for p in patterns) + ")" + _AFTER)


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
