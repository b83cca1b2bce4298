"""Applying threshold detection to a parsed note.

A note's claim units are its sentences, list items, table rows and callout
titles (headings, header rows and footnote definitions are not claims; a
References section is not either). Each unit is normalised, searched for
thresholds with its heading (and table header) as context, and checked for
a citation within the configured citation scope (spec §3.2):

* ``sentence``: the unit itself;
* ``block`` (default): its paragraph or table row, or its whole list,
  callout or blockquote;
* ``section``: everything under the same heading;
* ``note``: anywhere in the note.

Structural citations (a ``Source:`` line after a list or table, a quote
callout's title) cover their list, table or callout in every scope; in the
block scope a citation in the section's heading counts too.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import cached_property, lru_cache

from ..config import ThresholdOptions
from ..model import BlockKind, TextBlock
from ..note import Note
from .citations import Citations, NoteCitations, cites_callout
from .detect import Heading, Threshold, could_hold, heading_of, thresholds_in
from .lexicon import Lexicon, fold, load_lexicon
from .normalize import normalize
from .sentences import split_sentences

_DIGIT = re.compile(r"\d")
_NUMBER_START = re.compile(r"(?<![A-Za-z0-9])\d")
_ASCII_DIGIT = re.compile(r"[0-9]")
_ASCII_NUMBER_START = re.compile(r"(?<![A-Za-z0-9])[0-9]")
_FOOTNOTE_MARKER = re.compile(r"\[\^[^\]\s]+\]")
# Where a block may hold more than one sentence (see sentences.py).
_SENTENCE_END = re.compile(r"[.!?]\S*\s")
_NOT_CLAIMS = (BlockKind.HEADING, BlockKind.TABLE_HEADER, BlockKind.FOOTNOTE_DEF)


@dataclass(frozen=True)
class Located:
    """A threshold placed in the note: ``start``/``end`` are note offsets."""

    threshold: Threshold
    start: int
    end: int


@dataclass(frozen=True)
class UnitResult:
    block: TextBlock
    start: int
    end: int
    thresholds: tuple[Located, ...]
    cited: bool  # a citation within the citation scope


@dataclass(frozen=True)
class NoteAnalysis:
    units: list[UnitResult]  # only units that state a threshold
    citations: Citations | NoteCitations


def lexicon_for(options: ThresholdOptions) -> Lexicon:
    return load_lexicon(
        tuple(options.extra_units), tuple(options.extra_analytes), tuple(options.extra_cues), tuple(options.extra_suppressors)
    )


def analyze_note(note: Note, options: ThresholdOptions) -> NoteAnalysis:
    """The note's threshold claims and citations; VL301 and the claims
    VL305 compares both need this, so it is worked out once per note."""
    key = ("thresholds", id(options))
    found = note.derived.get(key)
    if found is None:
        found = note.derived[key] = _analyze(note, options)
    return found


def _analyze(note: Note, options: ThresholdOptions) -> NoteAnalysis:
    lexicon = lexicon_for(options)
    prose = note.prose
    digit, number_start = _digit_patterns(prose)
    if not digit.search(prose):
        return NoteAnalysis([], Citations())
    citations = NoteCitations(note, lexicon, options)
    scopes = _Scopes(note, lexicon)
    wide = options.scope == "wide"
    results = []
    # Most blocks hold no digit, and so no threshold. One search finds the
    # note's next digit and the blocks before it are passed over: the note
    # is read once, not once per block.
    searched, next_digit = 0, -1  # no digit in prose[searched:next_digit]
    for index, block in enumerate(note.blocks):
        if not searched <= block.start <= next_digit:
            m = digit.search(prose, block.start)
            searched, next_digit = block.start, m.start() if m else len(prose)
        if next_digit >= block.end or block.kind in _NOT_CLAIMS or scopes.in_references[index]:
            continue
        if block.kind is BlockKind.CALLOUT_TITLE and cites_callout(prose[block.start : block.end], lexicon):
            continue  # a quote or cite callout's title is its citation, not a claim
        headers = scopes.headers(block.group) if block.kind is BlockKind.TABLE_ROW else []
        # Sentences are judged one by one, in a list item too; once one
        # describes a patient, the values after it are that patient's.
        if block.kind in (BlockKind.PARAGRAPH, BlockKind.LIST_ITEM) and _SENTENCE_END.search(prose, block.start, block.end):
            units = split_sentences(prose, block.start, block.end)
        else:
            units = [(block.start, block.end)]
        context = None
        case, read = False, 0
        for k, (start, end) in enumerate(units):
            if len(units) > 1 and not digit.search(prose, start, end):
                continue
            # A digit right after a letter or digit ("SpO2", "B12") never
            # starts a number once the claim is normalised: normalising puts
            # nothing between them (see ``_NUMBER`` in detect.py for what a
            # number may follow). Nor does it after a citation left out.
            drop = None
            if not (digit.match(prose, start) or number_start.search(prose, start, end)):
                drop = citations.overlapping(index, start, end)
                if not any(digit.match(prose, b, end) for _, b in drop):
                    continue
            norm = normalize(prose, start, end, drop or ())
            # Most units with a number name no analyte and no clinical unit
            # (none is named by their heading, list or column either); that
            # is quicker to see than where their citations are. Leaving a
            # citation out never adds either, unless it stands between a
            # number and its unit ("4.0 (Lewis, 2023) mmol/L"): a unit with a
            # parenthesis is looked at with its citations left out.
            context = context or scopes.context(index)
            gate = context[1] is None and not any(h[1] for h in headers)
            if gate and drop is None and prose.find("(", start, end) < 0:
                if not could_hold(norm.text, lexicon, wide):
                    continue
                gate = False
            if drop is None:
                drop = citations.overlapping(index, start, end)
                # Footnote markers are left out by normalising anyway.
                if any(not _FOOTNOTE_MARKER.fullmatch(prose, a, b) for a, b in drop):
                    norm = normalize(prose, start, end, drop)
                    gate = context[1] is None and not any(h[1] for h in headers)
            if gate and not could_hold(norm.text, lexicon, wide):
                continue
            # Whether an earlier sentence describes a patient: each sentence
            # is read once, and only as far as a unit that needs to know.
            while read < k and not case:
                case = lexicon.case_re.search(fold(prose[units[read][0] : units[read][1]])) is not None
                read += 1
            columns = tuple((bisect_left(norm.origin, a), header) for (a, _), header in zip(block.cells, headers))
            found = thresholds_in(norm.text, lexicon, context, wide, columns, case)
            if not found:
                continue
            located = tuple(Located(t, *norm.source_span(t.start, t.end)) for t in found)
            results.append(UnitResult(block, start, end, located, scopes.cited(index, start, end, options.citation_scope, citations)))
    return NoteAnalysis(results, citations)


@lru_cache(maxsize=4096)  # the same headings come back in note after note
def _heading(raw: str, lexicon: Lexicon) -> Heading:
    """What a heading as written says to the units under it."""
    return heading_of(normalize(raw).text, lexicon)


def _digit_patterns(prose: str) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """A digit, and a digit that does not follow an ASCII letter or digit:
    spelled [0-9] in ASCII text, where it is quicker to look for than \\d."""
    if prose.isascii():
        return _ASCII_DIGIT, _ASCII_NUMBER_START
    return _DIGIT, _NUMBER_START


class _Scopes:
    """Where a unit's citation may be: spans of the note and groups."""

    def __init__(self, note: Note, lexicon: Lexicon) -> None:
        self.note = note
        self.section: list[int] = []
        self.heading_spans: dict[int, tuple[int, int]] = {}  # a section's heading
        self.in_references: list[bool] = []
        section = 0
        references = False
        for block in note.blocks:
            if block.kind is BlockKind.HEADING:
                section += 1
                self.heading_spans[section] = (block.start, block.end)
                references = bool(lexicon.reference_heading_re.match(note.prose[block.start : block.end].strip(" #")))
            self.section.append(section)
            self.in_references.append(references and block.kind is not BlockKind.HEADING)
        self.lexicon = lexicon
        self._headers: dict[int, list[Heading]] = {}
        self._contexts: dict[int, Heading] = {}
        self._cited: dict[tuple, bool] = {}

    @cached_property
    def _group_spans(self) -> dict[int, list[tuple[int, int]]]:
        """The spans of each group."""
        group_spans: dict[int, list[tuple[int, int]]] = {}
        for block in self.note.blocks:
            if block.kind is not BlockKind.FOOTNOTE_DEF:
                group_spans.setdefault(block.group, []).append((block.start, block.end))
        return group_spans

    @cached_property
    def _section_spans(self) -> tuple[dict[int, list[tuple[int, int]]], dict[int, set[int]]]:
        """The spans of each section, and its groups."""
        section_spans: dict[int, list[tuple[int, int]]] = {}
        section_groups: dict[int, set[int]] = {}
        for block, sec in zip(self.note.blocks, self.section):
            if block.kind is BlockKind.FOOTNOTE_DEF:
                continue
            section_spans.setdefault(sec, []).append((block.start, block.end))
            section_groups.setdefault(sec, set()).add(block.group)
        return section_spans, section_groups

    def context(self, index: int) -> Heading:
        """What the heading above block ``index`` and the list items it is
        nested in say to it: their cue classes, and the analyte named
        nearest (``## Hematocrit`` / ``- Reference ranges:`` / ``  - Adult
        women: 36% to 46%``)."""
        found = self._contexts.get(index)
        if found is None:
            block = self.note.blocks[index]
            parent = block.parent
            if parent < 0:
                found = _heading(block.heading, self.lexicon)
            else:
                up = self.context(parent)
                own = _heading(self.note.prose[self.note.blocks[parent].start : self.note.blocks[parent].end], self.lexicon)
                found = (up[0] | own[0], own[1] or up[1])
            self._contexts[index] = found
        return found

    def headers(self, group: int) -> list[Heading]:
        """What each header cell of table ``group`` says to its column."""
        found = self._headers.get(group)
        if found is None:
            found = []
            for block in self.note.blocks:
                if block.group == group and block.kind is BlockKind.TABLE_HEADER:
                    found = [heading_of(normalize(self.note.prose, a, b).text, self.lexicon) for a, b in block.cells]
            self._headers[group] = found
        return found

    def cited(self, index: int, start: int, end: int, scope: str, citations: Citations | NoteCitations) -> bool:
        """Whether a citation within ``scope`` covers the unit ``start``-``end``
        of block ``index``. Every unit of a list shares one answer in the block
        scope: it is worked out once, so a long list is not read once per item."""
        key = self._scope_key(index, start, end, scope)
        found = self._cited.get(key)
        if found is None:
            spans, groups = self.scope(index, start, end, scope)
            found = bool(citations.spans or citations.covered_groups) if spans is None else citations.covers(spans, groups)
            self._cited[key] = found
        return found

    def _scope_key(self, index: int, start: int, end: int, scope: str) -> tuple:
        """Units with equal keys have the same spans and groups in ``scope``."""
        if scope == "note":
            return ("note",)
        if scope == "section":
            return ("section", self.section[index])
        if scope == "sentence":
            return ("sentence", start, end)
        block = self.note.blocks[index]
        if block.kind is BlockKind.LIST_ITEM or block.quote_depth > 0:
            return ("group", block.group, self.section[index])
        return ("block", index)

    def scope(self, index: int, start: int, end: int, scope: str) -> tuple[list[tuple[int, int]] | None, set[int]]:
        """(spans, groups) a citation must touch; spans None means the whole note."""
        block = self.note.blocks[index]
        if scope == "note":
            return None, set()
        if scope == "section":
            section_spans, section_groups = self._section_spans
            sec = self.section[index]
            return section_spans[sec], section_groups[sec]
        if scope == "sentence":
            return [(start, end)], {block.group}
        # A citation in the heading ("## Normal values (Pagana, 2022)") covers
        # its section like a caption.
        heading = [self.heading_spans[self.section[index]]] if self.section[index] in self.heading_spans else []
        if block.kind is BlockKind.LIST_ITEM or block.quote_depth > 0:
            return self._group_spans[block.group] + heading, {block.group}
        return [(block.start, block.end)] + heading, {block.group}
