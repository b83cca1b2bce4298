"""What counts as a citation, and where each one applies (spec §3).

In-text citations are spans of the note: a footnote marker whose
definition exists and is not empty, an inline footnote, a Pandoc citation,
a link or bare URL, a DOI or PMID, an author-date parenthetical, a wikilink
to a source note, a ``Source:`` line, a table's Source cell. Some cover more
than their own span: a ``Source:`` line right after a list or table covers
it, and a quote or cite callout's title covers the callout. Note-level
sources (frontmatter ``source:``, a References section) are judged apart.

>>> [text for text, _ in ((m.group(), m.span()) for m in INLINE.finditer(
...     "K (Lewis et al., 2023, p. 512) [@doe99] doi:10.1200/JCO.18.00374 @smith04 a@b.org"))]
['(Lewis et al., 2023, p. 512)', '[@doe99]', '10.1200/JCO.18.00374', '@smith04']
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field
from functools import cached_property

from ..config import ThresholdOptions
from ..model import BlockKind, LinkKind, TextBlock
from ..note import Note
from .lexicon import Lexicon

_NAME = r"(?!(?:Fall|Spring|Summer|Winter|Autumn|Week|Exam|Module|Chapter)\b)[A-Z][\w'’.\-]*(?: (?:[A-Z&][\w'’.\-]*|of|and|for|the|de|van|von|der))*"
_AUTHORS = _NAME + r"(?: (?:&|and) " + _NAME + r")?(?:,? et al\.?)?"
_YEAR = r"(?:19|20)\d\d[a-z]?"
INLINE = re.compile(
    r"\((?:(?:see|e\.g\.,?|cf\.) )?" + _AUTHORS + r",? " + _YEAR + r"(?:,[^()]*)?(?:;[^()]*)?\)"  # (Lewis et al., 2023)
    r"|" + _AUTHORS + r" \(" + _YEAR + r"(?:,[^()]*)?\)"  # Lewis et al. (2023)
    r"|\[[^\[\]\n]*?-?@[\w{][^\[\]\n]*\]"  # [@doe99, p. 33]
    r"|(?<![\w@.])@(?=[\w:.#$%&+?<>~/-]*[A-Za-z])[A-Za-z0-9_][\w:.#$%&+?<>~/-]*[\w]"  # @doe99
    r"|https?://[^\s)\]>]+|www\.[\w-]+\.[^\s)\]>]+"  # links and bare URLs
    r"|10\.\d{4,9}/[^\s)\]>]+"  # DOI
    r"|\bPMID:? ?\d{5,9}\b|\bISBN(?:-1[03])?:? ?[\dX][\dX -]{8,16}[\dX]"
)
# Every inline citation form contains one of these (the year of an
# author-date citation follows a space or its bracket); most blocks contain
# none, and the full pattern is slow on long prose. (Each branch starts
# with a character, so the search skips ahead quickly.)
_HINT = re.compile(r"@|https?://|www\.|10\.\d{4}|PMID|ISBN| 19\d\d| 20\d\d|\(19\d\d|\(20\d\d")
_CALLOUT = re.compile(r"\s*(?:>\s*)*\[!([^\]\s]+)\][+-]?[ \t]*(\S.*)?")


@dataclass
class Citations:
    """The citations of one note."""

    spans: list[tuple[int, int]] = field(default_factory=list)
    # Groups (lists, tables, callouts) a structural citation covers as a whole.
    covered_groups: set[int] = field(default_factory=set)
    # Frontmatter source keys or a References section.
    note_level: bool = False
    # A clipping or source note: note-level sources cover it.
    source_note: bool = False


def find_citations(note: Note, lexicon: Lexicon, options: ThresholdOptions) -> Citations:
    """Every citation of the note, and whether it has note-level sources."""
    return NoteCitations(note, lexicon, options).all


class NoteCitations:
    """The citations of one note, looked for a block at a time as claims ask.

    Most blocks of a note state no threshold, so their citations are never
    needed: a claim needs the citations inside it (they are not part of the
    claim's text) and, if it states a threshold, whether one lies within its
    citation scope. Every citation lies inside one block (blocks do not
    overlap) or is a footnote marker or link found by the parser.
    """

    def __init__(self, note: Note, lexicon: Lexicon, options: ThresholdOptions) -> None:
        self.note, self.lexicon, self.options = note, lexicon, options
        self.prose = note.prose
        self.blocks = note.blocks
        self._block_starts = [b.start for b in self.blocks]
        self._in_block: dict[int, list[tuple[int, int]]] = {}
        self._source_first_line: dict[int, bool] = {}
        self._covered: dict[int, bool] = {}
        self._source_links: dict[int, bool] = {}
        self._headers: dict[int, list[bool]] = {}

    @cached_property
    def all(self) -> Citations:
        """Everything at once (what the note-level answers need)."""
        spans = list(self._markers)
        spans += [(a, b) for a, b, i in self._links if self._cites(i)]
        for i in range(len(self.blocks)):
            spans += self.in_block(i)
        groups = {b.group for b in self.blocks}
        return Citations(sorted(spans), {g for g in sorted(groups) if self.covered(g)}, self.note_level, self.source_note)

    @property
    def spans(self) -> list[tuple[int, int]]:
        return self.all.spans

    @property
    def covered_groups(self) -> set[int]:
        return self.all.covered_groups

    @cached_property
    def note_level(self) -> bool:
        """Frontmatter source keys or a References section."""
        return _frontmatter_source(self._frontmatter, self.options) or _references_section(self.note, self.lexicon)

    @cached_property
    def source_note(self) -> bool:
        """A clipping or source note: note-level sources cover it."""
        return _is_source_note(self.note, self.lexicon, self._folders)

    @cached_property
    def _frontmatter(self) -> dict:
        fm = self.note.frontmatter
        return fm.data if fm and isinstance(fm.data, dict) else {}

    @cached_property
    def _folders(self) -> list[str]:
        return [f.strip("/").lower() + "/" for f in self.options.source_folders if f.strip("/")]

    @cached_property
    def _footnotes(self) -> tuple[list[int], list[tuple[int, int]]]:
        """The starts and spans of the footnote definitions."""
        spans = [(b.start, b.end) for b in self.blocks if b.kind is BlockKind.FOOTNOTE_DEF]
        return [a for a, _ in spans], spans

    def _in_footnote(self, pos: int) -> bool:
        # A citation inside a footnote definition only counts through its marker.
        return _inside(pos, *self._footnotes)

    @cached_property
    def _markers(self) -> list[tuple[int, int]]:
        """Footnote markers with a definition and inline footnotes, sorted."""
        note, prose = self.note, self.prose
        defined = {d.label.lower() for d in note.footnote_defs if d.text.strip()}
        spans = [(r.range.start, r.range.end) for r in note.footnote_refs if r.label.lower() in defined]
        spans += [(r.start, r.end) for r in note.inline_footnotes if prose[r.start + 2 : r.end - 1].strip()]
        return sorted(s for s in spans if not self._in_footnote(s[0]))

    @cached_property
    def _marker_reach(self) -> tuple[list[tuple[int, int]], list[int], int]:
        """The markers, their starts, and the length of the longest."""
        markers = self._markers
        return markers, [a for a, _ in markers], max((b - a for a, b in markers), default=0)

    @cached_property
    def _links(self) -> list[tuple[int, int, int]]:
        """(start, end, index) of the links in the text, by start; whether
        one names a source note is only worked out when asked."""
        return sorted(
            (link.range.start, link.range.end, i)
            for i, link in enumerate(self.note.links)
            if link.kind is not LinkKind.FRONTMATTER and not link.in_comment
        )

    @cached_property
    def _link_reach(self) -> tuple[list[int], int]:
        """The starts of the links, and the length of the longest."""
        return [a for a, _, _ in self._links], max((b - a for a, b, _ in self._links), default=0)

    @cached_property
    def _source_note_patterns(self) -> list[re.Pattern[str]]:
        return [re.compile(p) for p in self.options.source_note_patterns]

    def _cites(self, index: int) -> bool:
        """Whether link ``index`` of the note is a citation: a link to a source note."""
        found = self._source_links.get(index)
        if found is None:
            link = self.note.links[index]
            found = self._source_links[index] = is_source_link(
                link.path, self._source_note_patterns, self._folders
            ) and not self._in_footnote(link.range.start)
        return found

    def _parsed_overlapping(self, start: int, end: int) -> list[tuple[int, int]]:
        """Footnote markers, inline footnotes and links to source notes that overlap ``start``-``end``."""
        markers, marker_starts, marker_longest = self._marker_reach
        # Only a marker starting less than the longest one's length before
        # ``start`` can reach it: a note with many footnotes is read once per
        # claim near them, not from its top.
        i, j = bisect_left(marker_starts, start - marker_longest), bisect_left(marker_starts, end)
        found = [s for s in markers[i:j] if s[1] > start]
        starts, longest = self._link_reach
        i = bisect_left(starts, end)  # the links starting before ``end``
        while i > 0 and starts[i - 1] >= start - longest:
            i -= 1
            a, b, index = self._links[i]
            if b > start and self._cites(index):
                found.append((a, b))
        return found

    def in_block(self, index: int) -> list[tuple[int, int]]:
        """The citations written in block ``index``: inline citations,
        attributions, a table's Source cell, ``Source:`` lines."""
        found = self._in_block.get(index)
        if found is None:
            found = self._in_block[index] = self._find_in_block(index)
        return found

    def _find_in_block(self, index: int) -> list[tuple[int, int]]:
        block = self.blocks[index]
        if block.kind is BlockKind.FOOTNOTE_DEF:
            return []
        prose, lexicon = self.prose, self.lexicon
        text = prose[block.start : block.end]
        spans = []
        if _HINT.search(text):
            for m in INLINE.finditer(text):
                spans.append((block.start + m.start(), block.start + m.end()))
        if lexicon.attribution_words.may_match(text):
            for m in lexicon.attribution_re.finditer(text):
                spans.append((block.start + m.start(), block.start + m.end()))
        if block.kind is BlockKind.TABLE_ROW:
            for (a, b), source in zip(block.cells, self._source_columns(index)):  # a filled cell in a Source column
                if source and prose[a:b].strip():
                    spans.append((a, b))
        if block.kind in (BlockKind.PARAGRAPH, BlockKind.LIST_ITEM):
            offset = block.start
            for line in text.splitlines(keepends=True):
                if lexicon.source_line_re.match(line.lstrip(" \t>*_-")):
                    spans.append((offset, offset + len(line.rstrip())))
                    if offset == block.start:
                        self._source_first_line[index] = True
                offset += len(line)
        return spans

    def _source_columns(self, index: int) -> list[bool]:
        """For each column of table row ``index``, whether its header names a
        source column. The header is the last one of the row's group before it."""
        group = self.blocks[index].group
        for i in range(index - 1, -1, -1):
            header = self.blocks[i]
            if header.group == group and header.kind is BlockKind.TABLE_HEADER:
                found = self._headers.get(i)
                if found is None:
                    match = self.lexicon.table_header_re.match
                    found = self._headers[i] = [bool(match(self.prose[a:b].strip())) for a, b in header.cells]
                return found
        return []

    def _starts_with_source_line(self, index: int) -> bool:
        """Whether block ``index`` is a paragraph or list item whose first line is a ``Source:`` line."""
        self.in_block(index)
        return self._source_first_line.get(index, False)

    def overlapping(self, index: int, start: int, end: int) -> list[tuple[int, int]]:
        """The citations that overlap ``start``-``end`` inside block ``index``.
        (Footnote markers and links are looked up for the span alone: in a
        long paragraph only a sentence or two asks.)"""
        found = [s for s in self.in_block(index) if s[0] < end and s[1] > start]
        return found + self._parsed_overlapping(start, end)

    def _touches(self, start: int, end: int) -> bool:
        """Whether any citation overlaps ``start``-``end``."""
        if self._parsed_overlapping(start, end):
            return True
        i = max(bisect_left(self._block_starts, start + 1) - 1, 0)
        while i < len(self.blocks) and self.blocks[i].start < end:
            if any(a < end and b > start for a, b in self.in_block(i)):
                return True
            i += 1
        return False

    def covered(self, group: int) -> bool:
        """Whether a structural citation covers list, table or callout ``group``
        as a whole: a quote callout's title, a ``Source:`` line right after it
        (or standing alone right before it, unless it comes right after
        another list or table, whose source line it then is), a cited lead-in
        ("Normal values (Pagana, 2022):") right before it."""
        found = self._covered.get(group)
        if found is None:
            found = self._covered[group] = self._find_covered(group)
        return found

    def _find_covered(self, group: int) -> bool:
        blocks, prose, lexicon = self.blocks, self.prose, self.lexicon
        for i, block in enumerate(blocks):
            if block.group != group:
                continue
            if block.kind is BlockKind.CALLOUT_TITLE and cites_callout(prose[block.start : block.end], lexicon):
                return True
            after = blocks[i + 1] if i + 1 < len(blocks) else None
            if (
                after is not None
                and after.kind in (BlockKind.PARAGRAPH, BlockKind.LIST_ITEM)
                and _list_or_table_beside(block, after)
                and self._starts_with_source_line(i + 1)
            ):
                return True
            before = blocks[i - 1] if i else None
            if before is not None and before.kind is BlockKind.PARAGRAPH and _list_or_table_beside(block, before):
                above = blocks[i - 2] if i >= 2 else None
                if self._starts_with_source_line(i - 1) and not _list_or_table_beside(above, before):
                    return True
                if prose[before.start : before.end].rstrip().endswith(":") and self._touches(before.start, before.end):
                    return True
        return False

    def covers(self, spans: list[tuple[int, int]], groups: set[int]) -> bool:
        """Whether a citation touches one of ``spans`` or covers one of ``groups``."""
        return any(self.covered(g) for g in groups) or any(self._touches(s, e) for s, e in spans)


def cites_callout(title: str, lexicon: Lexicon) -> bool:
    """Whether a callout title line names the source of its callout: a quote
    or cite callout with text after its type.

    >>> from vaultlint.thresholds.lexicon import load_lexicon
    >>> lex = load_lexicon()
    >>> [cites_callout(t, lex) for t in ("> [!quote] Lewis, 11e", "[!cite]-", "> [!note] Lewis, 11e")]
    [True, False, False]
    """
    m = _CALLOUT.match(title)
    return bool(m and m.group(1).lower() in lexicon.callout_types and m.group(2))


def _list_or_table_beside(block: TextBlock | None, neighbour: TextBlock | None) -> bool:
    """Whether ``block`` belongs to a list or table, and not to the group of
    ``neighbour``, the block right next to it."""
    return (
        block is not None
        and neighbour is not None
        and block.group != neighbour.group
        and block.kind in (BlockKind.LIST_ITEM, BlockKind.TABLE_ROW, BlockKind.TABLE_HEADER)
    )


def _inside(pos: int, starts: list[int], spans: list[tuple[int, int]]) -> bool:
    i = bisect_left(starts, pos + 1) - 1
    return i >= 0 and spans[i][0] <= pos < spans[i][1]


def is_source_link(path: str, patterns: list[re.Pattern[str]], folders: list[str]) -> bool:
    """Whether a link target is a source note: its name matches a configured
    pattern or it sits in a source folder.

    >>> pats = [re.compile(r"^@"), re.compile(r"^(Source|Src|Ref|Lit)\\b")]
    >>> [is_source_link(p, pats, ["sources/"]) for p in ("@lewis2023", "Source - CDC", "Sources/Pagana", "Electrolytes")]
    [True, True, True, False]
    """
    if not path:
        return False
    name = path.rsplit("/", 1)[-1]
    if name.lower().endswith(".md"):
        name = name[:-3]
    if any(p.search(name) for p in patterns):
        return True
    lowered = "/" + path.lower()
    return any("/" + folder in lowered for folder in folders)


def _frontmatter_source(data: dict, options: ThresholdOptions) -> bool:
    keys = {k.lower() for k in options.frontmatter_source_keys}
    for key, value in data.items():
        if isinstance(key, str) and key.lower() in keys and _non_empty(value):
            return True
    return False


def _non_empty(value) -> bool:
    if isinstance(value, str):
        return bool(value.strip())
    if isinstance(value, (list, tuple)):
        return any(_non_empty(v) for v in value)
    return value is not None and value != ""


def _references_section(note: Note, lexicon: Lexicon) -> bool:
    """A "References" (or Sources, Bibliography) heading with something under it."""
    blocks = note.blocks
    for i, block in enumerate(blocks):
        if block.kind is BlockKind.HEADING and lexicon.reference_heading_re.match(note.prose[block.start : block.end].strip(" #")):
            if i + 1 < len(blocks) and blocks[i + 1].kind is not BlockKind.HEADING:
                return True
    return False


def _is_source_note(note: Note, lexicon: Lexicon, folders: list[str]) -> bool:
    """A clipping or source note: tagged as one (in its properties or its
    text), typed as one, or in a source folder."""
    lowered = "/" + note.path.lower()
    if any("/" + folder in lowered for folder in folders):
        return True
    if any(lexicon.clipping_tag_re.match(tag) for tag in note.tag_names):
        return True
    data = note.frontmatter.data if note.frontmatter and isinstance(note.frontmatter.data, dict) else {}
    for key, value in data.items():
        if not isinstance(key, str):
            continue
        if key.lower() in ("type", "category", "kind"):
            kinds = value if isinstance(value, list) else [value]
            if any(isinstance(k, str) and k.strip().strip("[]").lower() in lexicon.source_types for k in kinds):
                return True
    return False
