"""Finding clinical thresholds in one claim unit (spec §0 and §7, steps 4-5).

A threshold is a conjunction: a number, with a clinical unit or an analyte,
vital or score nearby, with a comparator, a range, or a cue word in the unit
or in its heading; and not a patient observation. Everything here works on
normalised text (see ``normalize.py``) and knows nothing about notes.

>>> from vaultlint.thresholds.lexicon import load_lexicon
>>> lex = load_lexicon()
>>> [t.category for t in find_thresholds("Potassium above 5.0 mEq/L is hyperkalemia.", lex)]
['B']
>>> find_thresholds("The patient's WBC was 12,000 this morning.", lex)
[]
>>> t = find_thresholds("Normal WBC: 4.5-11.0 x 10^9/L", lex)[0]
>>> (t.kind, t.analyte.key, t.low_base, t.high_base, t.unit.dimension)
('range', 'wbc', 4500.0, 11000.0, 'count')
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import Callable, Sequence

from .lexicon import CUE_CLASSES, Analyte, Lexicon, Unit, fold

CATEGORIES = {
    "A": "reference range",
    "B": "diagnostic cut-off",
    "C": "severity grade",
    "D": "critical value",
    "E": "vital-sign limit",
    "F": "hold or notify parameter",
    "G": "therapeutic target",
    "H": "score cut-off",
    "I": "dose",
    "J": "infusion rate",
    "K": "timing",
    "L": "equipment size",
}

# Thousands with commas or spaces, a decimal point or comma, a "k" suffix.
# Never inside a word or a name: not the 12 of "B12", the 19 of "COVID-19",
# the 2 of "SpO2", the 10 of "x10^9".
_NUMBER_BODY = (
    r"(?:\d{1,3}(?:,\d{3})+(?![\d,])(?:\.\d+)?|\d{1,3}(?: \d{3})+(?![\d.,])|\d+(?:[.,]\d+)?|\.\d+)"
    r"(?:[kK](?![A-Za-z]))?"
    r"(?!\d|(?:st|nd|rd|th)\b)"
)
_NUMBER = re.compile(r"(?<![\w.,^/])(?<![A-Za-z]-)" + _NUMBER_BODY)
_RANGE_END = re.compile(_NUMBER_BODY)  # "150k-400k": the second number may follow a letter
_SLASH = re.compile(r" ?/ ?(\d{1,3})(?![\d/]|[.,]\d)")
_RANGE_SEP = re.compile(r" ?(?:-|to|through|thru) ?(?=\.?\d)", re.I)
_AND_SEP = re.compile(r" and (?=\.?\d)", re.I)
_BETWEEN = re.compile(r"(?i:between|from) $")
_SYMBOL_BEFORE = re.compile(r"(?:<=|>=|(?<!-)<|(?<![-=])>) ?$")
_WORD = re.compile(r"[A-Za-z]+|\d+(?:[.,]\d+)*")
_DIGIT = re.compile(r"\d")
_SENTENCE_BREAK = re.compile(r"[.!?]\s")
# A value with no unit borrows the unit of the next one: "SBP > 160 or < 90 mmHg".
# A duration that may define a condition with no analyte of its own:
# "diarrhoea lasting more than 14 days is defined as persistent".
_DURATION = re.compile(
    r"(?<![a-z])(?:lasting|lasts|persist\w*|for|duration of) (?:more|longer|less|fewer) than [0-9.]+ ?(?:days?|weeks?|months?|years?)(?![a-z])"
)
_UNIT_TAIL = re.compile(r"(?:/[A-Za-z0-9](?:[\w^]|\.(?=\w))*)+")
_GRADE_LIST = re.compile(
    r"(?:, | or | and |; )(?:and |or )?(?i:mild|moderate|severe|minor|major|critical|very severe|life-threatening|grade \w+|stage \w+)?"
    r" ?(?:[<>]=? ?|(?i:below|above|under|over|(?:less|more|greater) than|at least) )?[0-9.,]+(?: ?- ?[0-9.,]+)? ?%?"
)
# After a value, another criterion: "< 30 + unexplained breast lump".
_JOINED = re.compile(r" ?[+&](?! ?[0-9<>/])")
# After a value, words that keep a condition named next from being its
# analyte: ">= 1 of anaemia, thrombocytosis, ..." counts criteria.
_CONDITION_JOINED = re.compile(r" ?(?:[+&:]|of\b|with\b|and\b)(?! ?[0-9<>])")
_SCORE_WORD = re.compile(r"(?<![a-z])(?:scores?|scored|points?)(?![a-z])")
# A relative clause between an analyte and its value is skipped when
# counting words: "Serum magnesium, which the lab measures daily, has ...".
_RELATIVE_CLAUSE = re.compile(r", (?:which|who|that|where|when|as)\b[^,.;:]*,")
# Where _RELATIVE_CLAUSE can match, overlapping ones included (one may start
# at the comma that ends another); and sentence breaks no clause can hold.
_CLAUSE_STARTS = re.compile(r"(?=, (?:which|who|that|where|when|as)\b[^,.;:]*,)")
_PERIOD_BREAK = re.compile(r"\.\s")
_SHARED_UNIT_GAP = re.compile(r"^ ?(?:,|or|and|/)? ?(?:[<>]=?)? ?$")

_ANALYTE_BEFORE = 6  # words between an analyte and its value
_ANALYTE_AFTER = 3
# A heading named after a condition ("Hyperkalemia", "Diagnosis") is a topic,
# and case studies sit under such headings; only these cues carry over.
_HEADING_CLASSES = ("action", "critical", "therapeutic", "normative")
_WIDE_CATEGORIES = {
    "time": "K", "flow": "J", "drops": "J", "oxygen-flow": "J", "infusion-rate": "J", "size": "L",
}  # fmt: skip


@dataclass(frozen=True)
class Value:
    """A number, pair or range with its unit and comparator, in normalised text."""

    start: int  # the comparator if there is one, else the first digit
    end: int  # past the unit or the postfix comparator
    number_start: int
    low: float
    high: float | None  # the upper end of a range, or the diastolic of a pair
    unit: Unit | None
    comparator: str | None  # the comparator text, e.g. "<" or "lower than"
    is_range: bool
    is_pair: bool  # "120/80"


@dataclass(frozen=True)
class Threshold:
    """One threshold found in a unit; offsets are into the normalised text."""

    start: int
    end: int
    category: str  # a key of CATEGORIES
    kind: str  # "range", "cut-off" or "value" (no comparator: "Normal HR 60")
    direction: str | None  # "below" or "above" for a cut-off
    analyte: Analyte | None
    unit: Unit | None
    low_base: float  # in the unit's base (cells/uL, mg/dL, °C, ...)
    high_base: float | None
    condition: str | None  # "hyperkalemia", "leukopenia": what the cut-off defines
    grade: str | None  # "mild", "severe", "stage 2"
    population: str | None  # "women", "children"
    specimen: str | None = None  # "urine", "arterial"; None for blood

    @property
    def category_name(self) -> str:
        return CATEGORIES[self.category]


# What a heading (or a table's header cell) says to the units under it:
# its cue classes ("normative", "critical", ...) and the analyte it names.
Heading = tuple[frozenset[str], Analyte | None]
NO_HEADING: Heading = (frozenset(), None)


def find_thresholds(
    text: str, lexicon: Lexicon, context: str = "", scope: str = "default", columns: Sequence[tuple[int, str]] = ()
) -> list[Threshold]:
    """Thresholds in the normalised claim unit ``text``, in order.

    ``context`` is text whose cue words count for the unit too: its heading.
    For a table row, ``columns`` gives where each cell starts in ``text`` and
    its header, whose cue words count for the values in that column ("Normal",
    "Critical", but not "Result"). ``scope`` is "default" (categories A-H)
    or "wide" (adds doses, rates, timings and sizes).
    """
    cells = tuple((start, heading_of(header, lexicon)) for start, header in columns)
    heading = heading_of(context, lexicon)
    if heading[1] is None and not any(h[1] for _, h in cells) and not could_hold(text, lexicon, scope == "wide"):
        return []
    return list(thresholds_in(text, lexicon, heading, scope == "wide", cells))


@lru_cache(maxsize=4096)  # headings and header cells repeat from unit to unit and note to note
def heading_of(context: str, lexicon: Lexicon) -> Heading:
    """What the normalised heading ``context`` says to the units under it."""
    if not context:
        return NO_HEADING
    # "## Potassium" over "- Normal: 3.5-5.0": the heading names the analyte.
    return _context_classes(context, lexicon), _first_analyte(context, lexicon)


# Study notes repeat themselves (a table of normal values copied from note
# to note, the same hold parameters on every drug card), so the thresholds
# of a unit are remembered by its text.
@lru_cache(maxsize=16384)
def thresholds_in(
    text: str, lexicon: Lexicon, heading: Heading, wide: bool, columns: tuple[tuple[int, Heading], ...], case: bool = False
) -> tuple[Threshold, ...]:
    """:func:`find_thresholds` with the heading already read, and for each
    column (by where it starts in ``text``) what its header says. ``case``:
    an earlier sentence of the block describes a patient, so values with no
    comparator or cue of their own are that patient's.

    The caller has seen :func:`could_hold` say yes, unless the heading or a
    column names the analyte."""
    if not _DIGIT.search(text):
        return ()
    numbers = list(_NUMBER.finditer(text))
    if not numbers:
        return ()
    folded = fold(text)  # for the case-insensitive patterns
    # A value is a threshold only with an analyte (in the unit, or named by
    # its heading) or with a unit that is clinical on its own. Most units
    # with a number have neither, and that is quicker to see than their values.
    # A statement of how often an outcome happens is a statistic, whatever
    # threshold defines the outcome.
    if lexicon.statistic_re.search(folded):
        return ()
    # The big alternations are only searched near numbers: a unit of prose
    # can be long, and a number's context is a few words either side.
    suppressed = [m.span() for m in _near(lexicon.suppressor_re, folded, [m.span() for m in numbers], 40, 30)]
    suppressed += [m.span() for m in lexicon.phrase_re.finditer(folded)]
    values = _values(text, folded, numbers, lexicon, suppressed)
    if not values:
        return ()
    unit = _Unit(text, folded, values, lexicon, heading, columns, wide, case)
    return tuple(t for t in (unit.threshold(v) for v in values) if t is not None)


def could_hold(text: str, lexicon: Lexicon, wide: bool) -> bool:
    """Whether the normalised ``text`` (a block, or a claim unit) can hold a
    threshold with no analyte from its heading or table header: a number,
    and a clinical unit or an analyte named somewhere in it. A quick test
    that errs on the side of yes: :func:`thresholds_in` decides.

    >>> from vaultlint.thresholds.lexicon import load_lexicon
    >>> lex = load_lexicon()
    >>> [could_hold(t, lex, False) for t in ("Exam 2 is worth 25%.", "K 3.5-5.0", "Keep above 65 mmHg")]
    [False, True, True]
    """
    return _NUMBER.search(text) is not None and _could_hold(text, fold(text), lexicon, wide)


def _could_hold(text: str, folded: str, lexicon: Lexicon, wide: bool) -> bool:
    return bool(
        lexicon.standalone_unit_re[wide, text.isascii()].search(text)
        or _names_analyte(text, folded, lexicon)
        or _DURATION.search(folded)
    )


class _Unit:
    """What one claim unit says around its values: analytes, cue words,
    observation markers, populations, and its heading and columns.

    Each is looked for only when a value needs it: most units are turned
    down on their values and analytes alone.
    """

    def __init__(self, text, folded, values, lexicon: Lexicon, heading, columns, wide: bool, case: bool = False) -> None:
        self.text, self.folded, self.values, self.lexicon, self.wide, self.case = text, folded, values, lexicon, wide, case
        # The cue classes of the heading and the analyte it names; the cue
        # classes of the header of each column, by where the column starts.
        self.heading_classes, self.heading_analyte = heading
        self.columns = columns
        # In a table row the analyte names the row, however many cells away.
        self.reach = len(text) if columns else _ANALYTE_BEFORE
        self.window = len(text) if columns else 120

    @cached_property
    def around(self) -> list[tuple[int, int]]:
        return [(v.start, v.end) for v in self.values]

    @cached_property
    def analytes(self) -> list[tuple[int, int, Analyte]]:
        lexicon, folded, around, window = self.lexicon, self.folded, self.around, self.window
        analytes: list[tuple[int, int, Analyte]] = []
        found = _near(lexicon.analyte_folded_re, folded, around, window, 40) + _near(lexicon.analyte_exact_re, self.text, around, window, 40)
        if _says_score(folded, lexicon):
            found += _near(lexicon.named_score_re, self.text, around, window, 40)
        for m in sorted(found, key=lambda m: (m.start(), -m.end())):
            if not analytes or m.start() >= analytes[-1][1]:  # "Serum Na+", not "Serum Na" and "Na+"
                analytes.append((m.start(), m.end(), lexicon.analyte(m)))
        return analytes

    @cached_property
    def gaps(self) -> "_Gaps":
        return _Gaps(self.text)

    def _gaps(self) -> "_Gaps":
        # Most values take the first analyte before them, or have none:
        # the gaps are read only when a search goes past one.
        return self.gaps

    @cached_property
    def conditions(self) -> list[tuple[int, int, Analyte]]:
        lexicon = self.lexicon
        return [(m.start(), m.end(), lexicon.analyte(m)) for m in _near(lexicon.condition_re, self.folded, self.around, self.window, 40)]

    @cached_property
    def cue_text(self) -> str:
        return _blank(self.folded, self.lexicon.collision_re)

    @cached_property
    def cues(self) -> dict[str, list[tuple[int, int]]]:
        lexicon = self.lexicon
        cues: dict[str, list[tuple[int, int]]] = {cls: [] for cls in CUE_CLASSES}
        for m in lexicon.cue_re.finditer(self.cue_text):
            cues[lexicon.cue_class(m)].append(m.span())
        if not self.wide:
            cues.pop("wide")
        return cues

    @cached_property
    def classes(self) -> set[str]:
        return {cls for cls, spans in self.cues.items() if spans}

    @cached_property
    def observation(self) -> bool:
        # A patient's own value ("was", "this morning") is a threshold only with
        # a comparator or a normative cue ("... which is normal") (spec §2.6).
        # So is every value of a case description, sentence after sentence.
        return (self.case or self.lexicon.observation_re.search(self.folded) is not None) and "normative" not in self.classes

    @cached_property
    def storage(self) -> bool:
        return self.lexicon.storage_re.search(self.folded) is not None

    @cached_property
    def equipment(self) -> bool:
        return self.lexicon.equipment_re.search(self.folded) is not None

    @cached_property
    def decision(self) -> bool:
        return self.lexicon.decision_re.search(self.folded) is not None or bool(self.classes & {"definitional", "critical"})

    @cached_property
    def populations(self) -> list[tuple[int, int]]:
        return [m.span() for m in self.lexicon.population_re.finditer(self.folded)]

    @cached_property
    def specimens(self) -> list[tuple[int, int]]:
        return [m.span() for m in self.lexicon.specimen_re.finditer(self.folded)]

    def threshold(self, value: Value) -> Threshold | None:
        """The value as a threshold, or None when it is not one."""
        role = value.unit.role if value.unit else None
        has_cmp = value.comparator is not None
        dimension = value.unit.dimension if value.unit else None
        column = _column(self.columns, value.number_start)
        context_classes = self.heading_classes | column[0]
        analyte, a_span = _analyte_for(self.text, value, self.analytes, self.reach, self._gaps)
        if analyte is None and has_cmp and (role != "weak" or dimension == "temperature"):
            # "Hypokalaemia (< 3.5)", "falls below 4,000, you may have
            # leukopenia"; but in "< 60 + iron deficiency anaemia" the number
            # is an age, in ">= 1 of anaemia, ..." a count of criteria. A
            # percentage or a weight is too common to stand for a condition's
            # analyte; a temperature is a condition's only with its own
            # ("hypothermia is below 35 °C").
            analyte, a_span = _analyte_for(self.text, value, self.conditions, self.reach, self._gaps)
            if a_span is not None and a_span[0] >= value.end and _CONDITION_JOINED.match(self.text, value.end):
                analyte, a_span = None, None
            if role == "weak" and analyte is not None and dimension not in analyte.accepts:
                analyte, a_span = None, None
        if analyte is None and (has_cmp or value.is_range):
            # The column's header ("Target SpO2"), a parent list item or the
            # heading names the analyte, when a cue says these are thresholds
            # (or, for a score, the unit says "score").
            context = column[1] or self.heading_analyte
            if context is not None and (
                (self.classes | context_classes) - {"condition"}
                or (context.kind == "score" and _SCORE_WORD.search(self.folded))
            ):
                analyte = context
        if role == "wide" and analyte is not None and dimension in analyte.accepts:
            role = "weak"  # grams of birth weight, centimetres of an aneurysm
        if dimension == "time" and not (analyte and analyte.timed):
            if has_cmp and "definitional" in self.classes and self.lexicon.lasting_re.search(self.folded, 0, value.start):
                # "Fever lasting more than 3 weeks defines fever of unknown origin"
                role = "strong"
            analyte, a_span = None, None  # "troponin peaks in 12-24 hours": a timing
        if role == "wide" and not self.wide:
            return None
        if analyte is not None and analyte.kind == "size" and not (self.decision and has_cmp):
            if not self.wide:
                return None  # a size decides care only with a decision cue (B')
            analyte, a_span, role = None, None, value.unit.role if value.unit else None
        if analyte is not None and analyte.kind == "risk" and "severity" not in self.classes | context_classes:
            return None  # a risk is a threshold as a tier ("High risk: above 20%")
        if dimension == "temperature" and self.storage:
            return None  # the temperature of a vial or a fridge
        if analyte is None and self.equipment and not self.wide:
            return None  # a setting of equipment ("wall suction 80-120 mmHg")
        if analyte is None and "equipment" in context_classes and not self.wide:
            return None
        if role in ("weak", "context", None) and analyte is None and not (self.wide and role == "context"):
            return None
        if value.unit is None and not has_cmp and not value.is_range and _is_year(value):
            return None
        if not (has_cmp or value.is_range):
            # A bare value ("Temp 98.6 °F" under "Normal values") needs a unit
            # (or, for a score, a cue beside it: "GCS 15 = normal") and a cue
            # other than a condition name ("LR contains K 4 mEq/L, avoid in
            # hyperkalemia" is no threshold).
            cues = (self.classes | context_classes) - {"condition"}
            score = analyte is not None and analyte.kind == "score" and self.classes - {"condition"}
            if not cues or (value.unit is None and not score):
                return None
        if self.observation and not has_cmp:
            return None
        if a_span is not None and "|" in self.text[min(a_span[1], value.start) : max(a_span[0], value.end)]:
            a_span = None  # the analyte is in another table cell: quote the value
        return Threshold(
            start=value.start if a_span is None else min(value.start, a_span[0]),
            end=value.end if a_span is None else max(value.end, a_span[1]),
            category=_category(value, analyte, self.classes or context_classes, role),
            kind="range" if value.is_range else "cut-off" if has_cmp else "value",
            direction=_direction(value, self.lexicon) if has_cmp else None,
            analyte=analyte,
            unit=value.unit,
            low_base=_base(value.low, value.unit),
            high_base=None if value.high is None else _base(value.high, value.unit),
            condition=_condition(self.cue_text, self.cues["condition"]),
            grade=_nearest_word(self.cue_text, self.cues["severity"], value),
            population=_people(_nearest_word(self.folded, self.populations, value)),
            specimen=_specimen(_nearest_word(self.folded, self.specimens, value)),
        )


# --- values -------------------------------------------------------------------


def _values(text: str, folded: str, numbers: list[re.Match[str]], lexicon: Lexicon, suppressed: list[tuple[int, int]]) -> list[Value]:
    values: list[Value] = []
    consumed = 0
    for m in numbers:
        if m.start() < consumed or _inside(m.start(), suppressed):
            continue
        value = _value_at(text, folded, m, lexicon, suppressed)
        consumed = m.end() if value is None else value.end
        if value is not None:
            values.append(value)
    # Borrow a unit from the next value when only a comparator or "or" lies between.
    for i, value in enumerate(values[:-1]):
        nxt = values[i + 1]
        if value.unit is None and nxt.unit is not None and _SHARED_UNIT_GAP.match(text[value.end : nxt.number_start]):
            values[i] = _with_unit(value, nxt.unit)
    return values


def _value_at(text: str, folded: str, m: re.Match[str], lexicon: Lexicon, suppressed) -> Value | None:
    low = _parse_number(m.group())
    pos = m.end()
    high = None
    is_pair = False
    slash = _SLASH.match(text, pos)
    if slash and "." not in m.group() and "," not in m.group():
        second = float(slash.group(1))
        if low <= 31 and second <= 31:
            return None  # a date, a pain or strength score, a fraction
        high, is_pair, pos = second, True, slash.end()
    unit, pos = _unit_at(text, pos, lexicon)
    before = text[max(0, m.start() - 40) : m.start()]
    is_range = False
    if not is_pair:
        sep = _RANGE_SEP.match(text, pos) or (_BETWEEN.search(before) and _AND_SEP.match(text, pos))
        second = _RANGE_END.match(text, sep.end()) if sep else None
        if second and not _inside(second.start(), suppressed):
            upper = _parse_number(second.group())
            if upper > low:
                high, is_range, pos = upper, True, second.end()
                after, end = _unit_at(text, pos, lexicon)
                if end > pos:
                    unit, pos = after, end
    start = m.start()
    comparator = None
    symbol = _SYMBOL_BEFORE.search(before)
    words = lexicon.prefix_word_re.search(folded, max(0, m.start() - 40), m.start())
    if symbol:
        comparator, start = symbol.group().strip(), m.start() - len(symbol.group())
    elif words:
        comparator, start = words.group().strip(), m.start() - len(words.group())
    if comparator in lexicon.duration_words and unit is not None and unit.dimension == "time":
        comparator, start = None, m.start()
    postfix = lexicon.postfix_word_re.match(folded, pos)
    if postfix and not is_range:
        comparator = comparator or " ".join(postfix.group().split()[-2:])  # "or higher"
        pos = postfix.end()
    elif is_range and _BETWEEN.search(before):
        start = m.start() - len(_BETWEEN.search(before).group())
    return Value(start, pos, m.start(), low, high, unit, comparator, is_range, is_pair)


def _unit_at(text: str, pos: int, lexicon: Lexicon) -> tuple[Unit | None, int]:
    """The unit written at ``pos`` (after at most one space) and where it
    ends; ``pos`` itself when there is none."""
    found = lexicon.match_unit(text, pos)
    if found is None:
        return None, pos
    tail = _UNIT_TAIL.match(text, found.end)
    if tail:
        # The unit goes on ("L/min/m^2" read as far as "L/min"): it is
        # another unit, one the lexicon does not know; quote it whole.
        return None, tail.end()
    return found.unit, found.end


def _parse_number(raw: str) -> float:
    """A written number as a float: commas before three digits group
    thousands, any other comma is a decimal comma.

    >>> [_parse_number(s) for s in ("4,000", "4,0", "50 000", ".5", "150k")]
    [4000.0, 4.0, 50000.0, 0.5, 150000.0]
    """
    factor = 1.0
    if raw[-1] in "kK":
        raw, factor = raw[:-1], 1000.0
    raw = raw.replace(" ", "")
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?", raw):
        raw = raw.replace(",", "")
    else:
        raw = raw.replace(",", ".")
    return float(raw) * factor


def _with_unit(value: Value, unit: Unit) -> Value:
    return Value(value.start, value.end, value.number_start, value.low, value.high, unit, value.comparator, value.is_range, value.is_pair)


def _is_year(value: Value) -> bool:
    return value.low.is_integer() and 1900 <= value.low <= 2099 and (value.high is None or 1900 <= value.high <= 2099)


def _base(number: float, unit: Unit | None) -> float:
    return number if unit is None else round(unit.to_base(number), 9)


def _inside(pos: int, spans: list[tuple[int, int]]) -> bool:
    return any(a <= pos < b for a, b in spans)


def _near(pattern: re.Pattern[str], text: str, anchors: list[tuple[int, int]], before: int, after: int) -> list[re.Match[str]]:
    """Matches of ``pattern`` in windows around the anchors. A window ends at
    a space, so a match is never cut off in the middle of a word."""
    matches: list[re.Match[str]] = []
    window_end = 0
    for start, end in anchors:
        lo = max(start - before, window_end)
        hi = text.find(" ", min(end + after, len(text)))
        hi = len(text) if hi < 0 else hi
        if hi <= lo:
            continue
        for m in pattern.finditer(text, lo, hi):
            if not matches or m.start() >= matches[-1].end():
                matches.append(m)
        window_end = hi
    return matches


# --- context ------------------------------------------------------------------


class _Gaps:
    """What bounds the text between an analyte and a value in one unit, so
    that the search for a value's analyte stops at the first analyte from
    which no earlier one can qualify, instead of trying every analyte of
    the unit (which made a unit of n analytes and values cost n * n * n).

    Every gap ending at a value contains the shorter ones as its end, so
    what rules out one gap rules out all longer ones: a ". " (which no
    relative clause can hold, so _RELATIVE_CLAUSE never removes it), or
    more than ``reach`` words that no relative clause can remove. Cutting a
    clause out ("3, which ..., 5" to "3,5") can also join two numbers into
    one word; every clause that can do so is counted against the words.
    """

    def __init__(self, text: str) -> None:
        self.breaks = [m.start() for m in _PERIOD_BREAK.finditer(text)]
        clauses = [(m.start(), text.index(",", m.start() + 1) + 1) for m in _CLAUSE_STARTS.finditer(text)]
        self.joining_ends = [
            end for start, end in clauses if start and text[start - 1].isdigit() and end < len(text) and text[end].isdigit()
        ]
        self.word_starts: list[int] = []
        self.word_ends: list[int] = []
        self.free_before = [0]  # words outside every clause, before each word
        k = 0
        for m in _WORD.finditer(text):
            start, end = m.span()
            while k < len(clauses) and clauses[k][1] <= start:
                k += 1
            inside = k < len(clauses) and clauses[k][0] <= start and end <= clauses[k][1]
            self.word_starts.append(start)
            self.word_ends.append(end)
            self.free_before.append(self.free_before[-1] + (not inside))

    def hopeless(self, start: int, end: int, reach: int) -> bool:
        """Whether neither ``text[start:end]`` nor any longer gap ending at
        ``end`` can be within ``reach`` words of one sentence."""
        i = bisect.bisect_left(self.breaks, start)
        if i < len(self.breaks) and self.breaks[i] + 2 <= end:
            return True
        first = bisect.bisect_left(self.word_starts, start)
        last = bisect.bisect_right(self.word_ends, end)
        free = self.free_before[last] - self.free_before[first] if last > first else 0
        return free - bisect.bisect_right(self.joining_ends, end) > reach


def _analyte_for(
    text: str, value: Value, analytes, reach: int, gaps: Callable[[], _Gaps]
) -> tuple[Analyte | None, tuple[int, int] | None]:
    """The analyte a value belongs to: the nearest one before it within
    ``reach`` words of the same sentence, else one just after it.
    ``analytes`` are in order and do not overlap."""
    before = bisect.bisect_right(analytes, value.start, key=lambda a: a[1])  # those ending before the value
    for k in range(before - 1, -1, -1):
        start, end, analyte = analytes[k]
        gap = text[end : value.start]
        if ", " in gap:
            gap = _RELATIVE_CLAUSE.sub(",", gap)
        if len(_WORD.findall(gap)) <= reach and not _SENTENCE_BREAK.search(gap):
            return analyte, (start, end)
        if gaps().hopeless(end, value.start, reach):
            break
    after = bisect.bisect_left(analytes, value.end, key=lambda a: a[0])
    if after < len(analytes):
        start, end, analyte = analytes[after]
        # Grades in one line share the analyte named after the last one:
        # "mild 3%, moderate 6%, severe 9% of body weight".
        gap = text[value.end : start]
        if len(gap) > 12:  # room for another grade and its value
            gap = _GRADE_LIST.sub(" ", gap)
        # "< 30 + unexplained breast lump +/- pain": what follows a "+"
        # is another criterion, and the number an age or a count.
        if (
            len(_WORD.findall(gap)) <= _ANALYTE_AFTER
            and not _SENTENCE_BREAK.search(gap)
            and ";" not in gap
            and not _JOINED.match(text, value.end)
        ):
            return analyte, (start, end)
    return None, None


def _names_analyte(text: str, folded: str, lexicon: Lexicon) -> bool:
    """Whether an analyte or a condition standing for one is named anywhere
    in the unit (``_Unit`` only looks near its values)."""
    return bool(
        lexicon.analyte_folded_re.search(folded)
        or lexicon.condition_re.search(folded)
        or lexicon.analyte_exact_re.search(text)
        or (_says_score(folded, lexicon) and lexicon.named_score_re.search(text))
    )


def _says_score(folded: str, lexicon: Lexicon) -> bool:
    return any(word in folded for word in lexicon.score_words)


def _first_analyte(text: str, lexicon: Lexicon) -> Analyte | None:
    folded = fold(text)
    m = lexicon.analyte_folded_re.search(folded) or lexicon.analyte_exact_re.search(text)
    if m is None and _says_score(folded, lexicon):
        m = lexicon.named_score_re.search(text)
    return lexicon.analyte(m) if m else None


def _column(columns: Sequence[tuple[int, Heading]], pos: int) -> Heading:
    """What the header of the table column at ``pos`` says."""
    found = NO_HEADING
    for start, header in columns:
        if start > pos:
            break
        found = header
    return found


def _context_classes(context: str, lexicon: Lexicon) -> frozenset[str]:
    """The cue classes a heading (or a parent list item, or a header cell)
    passes on. A cue word that is part of a name ("Toxic megacolon", "Normal
    pressure hydrocephalus", "Critical care") passes on nothing.

    >>> from vaultlint.thresholds.lexicon import load_lexicon
    >>> lex = load_lexicon()
    >>> [sorted(_context_classes(h, lex)) for h in ("Toxic megacolon", "Normal values", "Target SpO2", "Wall suction")]
    [[], ['normative'], ['therapeutic'], ['equipment']]
    """
    context = _blank(fold(context), lexicon.collision_re)
    classes = set()
    for m in lexicon.cue_re.finditer(context):
        cls = lexicon.cue_class(m)
        if cls not in _HEADING_CLASSES:
            continue
        after = m.end()
        if (
            cls != "action"
            and after < len(context) - 1
            and context[after] == " "
            and context[after + 1].isalpha()
            and not lexicon.heading_noun_re.match(context, after)
            and not lexicon.analyte_folded_re.match(context, after + 1)
        ):
            continue  # part of a name
        classes.add(cls)
    if lexicon.cue_res["heading"].search(context):
        classes.add("normative")
    if lexicon.equipment_re.search(context):
        classes.add("equipment")
    return frozenset(classes)


def _blank(text: str, pattern: re.Pattern[str]) -> str:
    return pattern.sub(lambda m: " " * len(m.group()), text)


def _category(value: Value, analyte: Analyte | None, classes: set[str], role: str | None) -> str:
    unit = value.unit
    if unit is not None and (role == "wide" or (role == "context" and analyte is None)):
        return _WIDE_CATEGORIES.get(unit.dimension, "I")
    kind = analyte.kind if analyte else None
    for cls, letter in (("action", "F"), ("critical", "D"), ("therapeutic", "G"), ("severity", "C")):
        if cls in classes:
            return letter
    if kind == "score":
        return "H"
    defines = bool(classes & {"definitional", "condition"})
    # "Below 4,000 is considered leukopenic, but the normal range varies":
    # a cut-off that defines a condition is a diagnostic cut-off.
    if defines and value.comparator is not None:
        return "B"
    if "normative" in classes:
        return "E" if kind == "vital" else "A"
    if defines:
        return "B"
    if kind == "vital":
        return "E"
    return "A" if value.is_range else "B"


def _direction(value: Value, lexicon: Lexicon) -> str:
    cmp = value.comparator or ""
    if cmp.startswith("<") or lexicon.below_re.search(fold(cmp)):
        return "below"
    return "above"


def _condition(text: str, spans: list[tuple[int, int]]) -> str | None:
    """The first condition named in the unit, in one spelling.

    >>> _condition("is leukopenic or leukaemic", [(3, 13), (17, 26)])
    'leukopenia'
    """
    if not spans:
        return None
    word = text[spans[0][0] : spans[0][1]].lower().replace("ae", "e")
    return re.sub(r"i[ac]$", "ia", word)


def _nearest_word(text: str, spans: list[tuple[int, int]], value: Value) -> str | None:
    """The word of ``spans`` closest to the value, preferring one before it."""
    best = None
    best_gap = None
    for start, end in spans:
        if end <= value.start:
            gap = len(_WORD.findall(text[end : value.start]))
        elif start >= value.end:
            gap = len(_WORD.findall(text[value.end : start])) + 0.5
        else:
            continue
        if best_gap is None or gap < best_gap:
            best, best_gap = text[start:end].lower(), gap
    return best


_PEOPLE = {"male": "men", "female": "women", "child": "children", "newborn": "neonate", "paediatric": "children", "pediatric": "children"}
_SPECIMENS = {"urinary": "urine", "abg": "arterial", "vbg": "venous", "cerebrospinal": "csf", "faecal": "stool", "fecal": "stool"}


def _people(word: str | None) -> str | None:
    """One name for a population however it is written.

    >>> [_people(w) for w in ("neonates", "newborn", "pregnant", "pregnancy", "females", "adults")]
    ['neonate', 'neonate', 'pregnancy', 'pregnancy', 'women', 'adult']
    """
    if word is None:
        return None
    if word.startswith("pregnan"):
        return "pregnancy"
    if word.endswith("s"):
        word = word[:-1]
    return _PEOPLE.get(word, word)


def _specimen(word: str | None) -> str | None:
    return None if word is None else _SPECIMENS.get(word, word)
