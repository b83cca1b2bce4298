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

from ..config import ThresholdOptions
from ..model import BlockKind, TextBlock
from ..note import Note
from .citations import Citations, cites_callout, find_citations
from .detect import Threshold, find_thresholds
from .lexicon import Lexicon, load_lexicon
from .normalize import normalize
from .sentences import split_sentences

_DIGIT = re.compile(r"\d")
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
    citations: Citations


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
    if not _DIGIT.search(prose):
        return NoteAnalysis([], Citations())
    citations = find_citations(note, lexicon, options)
    drop_starts = [a for a, _ in citations.spans]
    longest = max((b - a for a, b in citations.spans), default=0)
    scopes = _Scopes(note, lexicon)
    contexts: dict[str, str] = {}
    results = []
    for index, block in enumerate(note.blocks):
        if block.kind in _NOT_CLAIMS or scopes.in_references[index]:
            continue
        if block.kind is BlockKind.CALLOUT_TITLE and cites_callout(prose[block.start : block.end], lexicon):
            continue  # a quote or cite callout's title is its citation, not a claim
        if block.kind is BlockKind.PARAGRAPH:
            units = split_sentences(prose, block.start, block.end)
        else:
            units = [(block.start, block.end)]
        context = scopes.context(index, contexts)
        headers = scopes.headers.get(block.group, []) if block.kind is BlockKind.TABLE_ROW else []
        for start, end in units:
            if not _DIGIT.search(prose, start, end):
                continue
            lo = bisect_left(drop_starts, start - longest)
            hi = bisect_left(drop_starts, end)
            drop = [s for s in citations.spans[lo:hi] if s[1] > start]
            norm = normalize(prose, start, end, drop)
            columns = [(bisect_left(norm.origin, a), header) for (a, _), header in zip(block.cells, headers)]
            found = find_thresholds(norm.text, lexicon, context, options.scope, columns)
            if not found:
                continue
            located = tuple(Located(t, *norm.source_span(t.start, t.end)) for t in found)
            spans, groups = scopes.scope(index, start, end, options.citation_scope)
            cited = bool(citations.spans or citations.covered_groups) if spans is None else citations.covers(spans, groups)
            results.append(UnitResult(block, start, end, located, cited))
    return NoteAnalysis(results, citations)


class _Scopes:
    """Where a unit's citation may be: spans of the note and groups."""

    def __init__(self, note: Note, lexicon: Lexicon) -> None:
        self.note = note
        blocks = note.blocks
        self.section: list[int] = []
        self.heading_spans: dict[int, tuple[int, int]] = {}  # a section's heading
        self.in_references: list[bool] = []
        section = 0
        references = False
        for block in blocks:
            if block.kind is BlockKind.HEADING:
                section += 1
                self.heading_spans[section] = (block.start, block.end)
                references = bool(lexicon.reference_heading_re.match(note.prose[block.start : block.end].strip(" #")))
            self.section.append(section)
            self.in_references.append(references and block.kind is not BlockKind.HEADING)
        self.group_spans: dict[int, list[tuple[int, int]]] = {}
        self.section_spans: dict[int, list[tuple[int, int]]] = {}
        self.section_groups: dict[int, set[int]] = {}
        self.headers: dict[int, list[str]] = {}  # normalised header cells by table
        for block, sec in zip(blocks, self.section):
            if block.kind is BlockKind.FOOTNOTE_DEF:
                continue
            self.group_spans.setdefault(block.group, []).append((block.start, block.end))
            self.section_spans.setdefault(sec, []).append((block.start, block.end))
            self.section_groups.setdefault(sec, set()).add(block.group)
            if block.kind is BlockKind.TABLE_HEADER:
                self.headers[block.group] = [normalize(note.prose, a, b).text for a, b in block.cells]

    def context(self, index: int, cache: dict[str, str]) -> str:
        """The heading text whose cues count for the unit."""
        raw = self.note.blocks[index].heading
        if raw not in cache:
            cache[raw] = normalize(raw).text
        return cache[raw]

    def scope(self, index: int, start: int, end: int, scope: str) -> tuple[list[tuple[int, int]] | None, set[int]]:
        """(spans, groups) a citation must touch; spans None means the whole note."""
        block = self.note.blocks[index]
        if scope == "note":
            return None, set()
        if scope == "section":
            sec = self.section[index]
            return self.section_spans[sec], self.section_groups[sec]
        if scope == "sentence":
            return [(start, end)], {block.group}
        # A citation in the heading ("## Normal values (Pagana, 2022)") covers
        # its section like a caption.
        heading = [self.heading_spans[self.section[index]]] if self.section[index] in self.heading_spans else []
        if block.kind is BlockKind.LIST_ITEM or block.quote_depth > 0:
            return self.group_spans[block.group] + heading, {block.group}
        return [(block.start, block.end)] + heading, {block.group}
