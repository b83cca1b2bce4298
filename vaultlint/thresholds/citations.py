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
# Every inline citation form contains one of these; most blocks contain none,
# and the full pattern is slow on long prose.
_HINT = re.compile(r"@|https?://|www\.|10\.\d{4}|PMID|ISBN|(?:19|20)\d\d")
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
    _starts: list[int] | None = field(default=None, repr=False)
    _longest: int = field(default=0, repr=False)

    def covers(self, spans: list[tuple[int, int]], groups: set[int]) -> bool:
        """Whether a citation touches one of ``spans`` or covers one of ``groups``."""
        if groups & self.covered_groups:
            return True
        if self._starts is None:
            self._starts = [a for a, _ in self.spans]
            self._longest = max((b - a for a, b in self.spans), default=0)
        for s, e in spans:
            i = bisect_left(self._starts, e)  # citations starting before e
            while i > 0 and self._starts[i - 1] >= s - self._longest:
                i -= 1
                if self.spans[i][1] > s:
                    return True
        return False


def find_citations(note: Note, lexicon: Lexicon, options: ThresholdOptions) -> Citations:
    """Every citation of the note, and whether it has note-level sources."""
    prose = note.prose
    found = Citations()
    spans = found.spans
    defined = {d.label.lower() for d in note.footnote_defs if d.text.strip()}
    spans += [(r.range.start, r.range.end) for r in note.footnote_refs if r.label.lower() in defined]
    spans += [(r.start, r.end) for r in note.inline_footnotes if prose[r.start + 2 : r.end - 1].strip()]
    patterns = [re.compile(p) for p in options.source_note_patterns]
    folders = [f.strip("/").lower() + "/" for f in options.source_folders if f.strip("/")]
    for link in note.links:
        if link.kind is not LinkKind.FRONTMATTER and not link.in_comment and is_source_link(link.path, patterns, folders):
            spans.append((link.range.start, link.range.end))

    blocks = note.blocks
    footnote_blocks = [(b.start, b.end) for b in blocks if b.kind is BlockKind.FOOTNOTE_DEF]
    headers: dict[int, list[str]] = {}
    lead_ins: list[tuple[int, int, int]] = []  # (start, end, group of the list or table it introduces)
    for i, block in enumerate(blocks):
        if block.kind is BlockKind.FOOTNOTE_DEF:
            continue
        text = prose[block.start : block.end]
        previous = blocks[i - 1] if i else None
        following = blocks[i + 1] if i + 1 < len(blocks) else None
        if _HINT.search(text):
            for m in INLINE.finditer(text):
                spans.append((block.start + m.start(), block.start + m.end()))
        for m in lexicon.attribution_re.finditer(text):
            spans.append((block.start + m.start(), block.start + m.end()))
        # "Normal values (Pagana, 2022):" introduces the list or table below it.
        if block.kind is BlockKind.PARAGRAPH and text.rstrip().endswith(":") and _list_or_table_beside(following, block):
            lead_ins.append((block.start, block.end, following.group))
        if block.kind is BlockKind.CALLOUT_TITLE:
            if cites_callout(text, lexicon):
                found.covered_groups.add(block.group)
        elif block.kind is BlockKind.TABLE_HEADER:
            headers[block.group] = [prose[a:b].strip() for a, b in block.cells]
        elif block.kind is BlockKind.TABLE_ROW:
            names = headers.get(block.group, [])
            for (a, b), name in zip(block.cells, names):  # a filled cell in a Source column
                if lexicon.table_header_re.match(name) and prose[a:b].strip():
                    spans.append((a, b))
        if block.kind in (BlockKind.PARAGRAPH, BlockKind.LIST_ITEM):
            offset = block.start
            for line in text.splitlines(keepends=True):
                if lexicon.source_line_re.match(line.lstrip(" \t>*_-")):
                    spans.append((offset, offset + len(line.rstrip())))
                    # A "Source:" line right after a list or table covers it, and
                    # so does one standing alone right before it.
                    if offset == block.start and _list_or_table_beside(previous, block):
                        found.covered_groups.add(previous.group)
                    if block.kind is BlockKind.PARAGRAPH and offset == block.start and _list_or_table_beside(following, block):
                        found.covered_groups.add(following.group)
                offset += len(line)
    # A citation inside a footnote definition only counts through its marker.
    footnote_starts = [a for a, _ in footnote_blocks]
    found.spans = sorted(s for s in spans if not _inside(s[0], footnote_starts, footnote_blocks))
    for start, end, group in lead_ins:
        if any(a < end and start < b for a, b in found.spans):
            found.covered_groups.add(group)

    data = note.frontmatter.data if note.frontmatter and isinstance(note.frontmatter.data, dict) else {}
    found.note_level = _frontmatter_source(data, options) or _references_section(note, lexicon)
    found.source_note = _is_source_note(note.path, data, lexicon, folders)
    return found


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


def _is_source_note(path: str, data: dict, lexicon: Lexicon, folders: list[str]) -> bool:
    """A clipping or source note: tagged as one, typed as one, or in a source folder."""
    lowered = "/" + path.lower()
    if any("/" + folder in lowered for folder in folders):
        return True
    for key, value in data.items():
        if not isinstance(key, str):
            continue
        if key.lower() in ("tags", "tag"):
            tags = value if isinstance(value, list) else re.split(r"[,\s]+", value) if isinstance(value, str) else []
            if any(isinstance(t, str) and lexicon.clipping_tag_re.match(t.strip().lstrip("#")) for t in tags):
                return True
        if key.lower() in ("type", "category", "kind"):
            kinds = value if isinstance(value, list) else [value]
            if any(isinstance(k, str) and k.strip().strip("[]").lower() in lexicon.source_types for k in kinds):
                return True
    return False
