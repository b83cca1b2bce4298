"""Plain data shared by every stage of the pipeline.

Offsets are character offsets into a note's decoded text (after any BOM).
What the parser makes many of per note (ranges, links, blocks, findings) are
named tuples: immutable like frozen dataclasses, and several times cheaper
to create.
Lines and columns are 1-based and count characters, the way an editor does:

>>> r = Range(4, 9, 2, 3, 2, 8)
>>> (r.line, r.column)
(2, 3)
"""

from __future__ import annotations

import enum
import marshal
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple


class Severity(enum.IntEnum):
    """How serious a finding is; higher is worse, so severities compare."""

    INFO = 1
    WARNING = 2
    ERROR = 3

    @classmethod
    def parse(cls, text: str) -> "Severity":
        try:
            return cls[text.strip().upper()]
        except KeyError:
            raise ValueError(f"unknown severity {text!r} (use error, warning or info)") from None

    def __str__(self) -> str:
        return self.name.lower()


class Range(NamedTuple):
    """A stretch of a note: offsets plus the matching 1-based positions.

    ``end``, ``end_line`` and ``end_column`` are exclusive, as in SARIF.
    A named tuple because notes hold many of them and they are made often.
    """

    start: int
    end: int
    line: int
    column: int
    end_line: int
    end_column: int


WHOLE_FILE = Range(0, 0, 1, 1, 1, 1)


@dataclass(frozen=True)
class Edit:
    """Replace ``text[start:end]`` with ``replacement``."""

    start: int
    end: int
    replacement: str


class Applicability(str, enum.Enum):
    SAFE = "safe"
    UNSAFE = "unsafe"

    def __str__(self) -> str:
        return self.value


@dataclass(frozen=True)
class Fix:
    """A repair a rule proposes: explicit edits applied together or not at all."""

    edits: tuple[Edit, ...]
    applicability: Applicability
    description: str
    # Set only by the not-utf8 fix: write the note back in this encoding.
    new_encoding: str | None = None


class Finding(NamedTuple):
    """What a rule reports, before the engine attaches path and severity."""

    code: str
    range: Range
    message: str
    fix: Fix | None = None
    # The offending text, used to match findings against a baseline.
    snippet: str = ""
    # Groups findings for --statistics (for links: the unresolved target).
    group: str | None = None
    severity: Severity | None = None  # overrides the rule's default when set
    path: str | None = None  # set by vault rules that report on another note


class Diagnostic(NamedTuple):
    """A finding placed in the vault: what reports print and fixes apply.
    A named tuple: a warm check of a large vault makes a hundred thousand."""

    code: str
    name: str
    severity: Severity
    path: str  # vault-relative, '/'-separated
    range: Range
    message: str
    fix: Fix | None = None
    snippet: str = ""
    group: str | None = None
    # Where each of fix.edits sits, in the same order.
    edit_ranges: tuple[Range, ...] = ()

    @property
    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.path, self.range.line, self.range.column, self.code)


# --- parse results --------------------------------------------------------


class LinkKind(str, enum.Enum):
    WIKI = "wikilink"
    MARKDOWN = "markdown"
    FRONTMATTER = "frontmatter"


class Link(NamedTuple):
    """One internal link as Obsidian's metadata cache would record it."""

    kind: LinkKind
    embed: bool
    path: str  # cleaned link path, before the first '#'; '' means this note
    subpath: str  # from the first '#' on, or ''
    display: str | None
    range: Range  # the whole link, brackets included
    target_range: Range  # the raw target text (path and subpath) inside the link
    raw: str
    in_comment: bool = False
    in_table: bool = False  # in a table cell, where a wikilink's '|' must be written '\|'
    key: str | None = None  # frontmatter key for frontmatter links


class Heading(NamedTuple):
    level: int
    text: str  # raw source between the markers, trimmed (R4.2)
    range: Range
    root: bool  # only root-level headings can be linked to


class BlockId(NamedTuple):
    id: str  # as written; lookups lowercase it
    range: Range


class Tag(NamedTuple):
    name: str  # as written, without the '#'; tags compare case-insensitively
    range: Range  # '#' included


class FootnoteRef(NamedTuple):
    label: str
    range: Range


class FootnoteDef(NamedTuple):
    label: str
    text: str  # the definition's text, continuation lines included, trimmed
    range: Range  # the '[^label]:' marker
    block_start: int = 0
    block_end: int = 0


class BlockKind(str, enum.Enum):
    PARAGRAPH = "paragraph"
    HEADING = "heading"
    LIST_ITEM = "list_item"
    TABLE_HEADER = "table_header"
    TABLE_ROW = "table_row"
    CALLOUT_TITLE = "callout_title"
    FOOTNOTE_DEF = "footnote_def"


class TextBlock(NamedTuple):
    """A piece of prose: the unit that claims and citations are judged in.

    ``start``/``end`` bound it in the note text; read it through
    ``Note.prose`` so code, math, comments and markup are already blanked.
    ``group`` is the index of the top-level block it belongs to (a whole
    list, table, blockquote or callout share one group); ``heading`` is the
    text of the nearest heading above it.

    Lists: each item's own text is a ``LIST_ITEM`` block (its first
    paragraph); further paragraphs of the item are ``PARAGRAPH`` blocks.
    ``parent`` is the index, in ``Note.blocks``, of the ``LIST_ITEM`` block
    of the list item this block sits in: for a nested item, its parent item;
    for an item's second paragraph (or a table or heading inside an item),
    that item. It is -1 outside lists and for top-level items (and when the
    enclosing item has no text of its own, as in ``-`` followed by a nested
    list).

    Tables: the header row is a ``TABLE_HEADER`` block and each body row a
    ``TABLE_ROW`` block; both carry their ``cells`` as (start, end) offsets,
    left to right, with the spaces around a cell's text included and the
    ``|`` borders excluded, so ``cells[0]`` is the first column. A row's
    ``header`` is the index of its table's ``TABLE_HEADER`` block in
    ``Note.blocks`` (-1 for blocks that are not table rows).

    >>> from vaultlint.parse import parse_note
    >>> from vaultlint.reader import decode
    >>> note = parse_note(decode(b"- a\\n  - b\\n\\n| H | I |\\n|---|---|\\n| 1 | 2 |\\n", "N.md"))
    >>> [(b.kind.value, b.parent, b.header) for b in note.blocks]
    [('list_item', -1, -1), ('list_item', 0, -1), ('table_header', -1, -1), ('table_row', -1, 2)]
    >>> [note.text[s:e].strip() for s, e in note.blocks[3].cells]
    ['1', '2']
    """

    kind: BlockKind
    start: int
    end: int
    line: int
    group: int
    heading: str
    quote_depth: int = 0
    callout: str | None = None  # callout title text when inside a callout
    cells: tuple[tuple[int, int], ...] = ()  # table cells as (start, end)
    parent: int = -1  # index of the enclosing list item's LIST_ITEM block
    header: int = -1  # for a table row: index of its table's TABLE_HEADER block


class RegionKind(str, enum.Enum):
    FRONTMATTER = "frontmatter"
    CODE = "code"  # fenced, indented and inline code
    MATH = "math"
    COMMENT = "comment"  # Obsidian %% %% comments
    HTML = "html"  # HTML comments and HTML blocks


class Region(NamedTuple):
    kind: RegionKind
    start: int
    end: int


class Directive(NamedTuple):
    """A suppression comment: ``%% vaultlint-disable-next-line VL101 %%``."""

    action: str  # 'disable-next-line', 'disable', 'enable', 'disable-line'
    codes: tuple[str, ...]  # empty means every rule
    range: Range


_LINK_KINDS = {kind.value: kind for kind in LinkKind}


class PackedLinks(Sequence):
    """A note's links kept as bytes until they are read.

    The vault index holds every note's links until they have been checked;
    as objects they are most of what a large vault's index weighs, packed
    about a fifth. Every read unpacks them again: read them once.

    >>> r = Range(0, 5, 1, 1, 1, 6)
    >>> links = [Link(LinkKind.WIKI, False, "A", "", None, r, r, "[[A]]")]
    >>> packed = PackedLinks(links)
    >>> (packed.unpack() == links, len(packed), packed == links)
    (True, 1, True)
    """

    __slots__ = ("_data", "_count")

    def __init__(self, links: Iterable[Link]) -> None:
        plain = tuple(
            (link.kind.value, *link[1:5], tuple(link.range), tuple(link.target_range), *link[7:]) for link in links
        )
        self._data = marshal.dumps(plain)
        self._count = len(plain)

    def unpack(self) -> list[Link]:
        new, kinds = tuple.__new__, _LINK_KINDS
        return [
            new(Link, (kinds[kind], embed, path, subpath, display, new(Range, rng), new(Range, target), *rest))
            for kind, embed, path, subpath, display, rng, target, *rest in marshal.loads(self._data)
        ]

    def rows(self) -> tuple[tuple, ...]:
        """The links as plain tuples, cheaper than ``unpack``: items 1 to 4
        (embed, path, subpath, display) are a Link's; ``link`` makes the
        Link of one.

        >>> r = Range(0, 5, 1, 1, 1, 6)
        >>> packed = PackedLinks([Link(LinkKind.WIKI, False, "A", "#B", None, r, r, "[[A#B]]")])
        >>> row = packed.rows()[0]
        >>> row[2:4], PackedLinks.link(row) == packed.unpack()[0]
        (('A', '#B'), True)
        """
        return marshal.loads(self._data)

    @staticmethod
    def link(row: tuple) -> Link:
        new = tuple.__new__
        kind, embed, path, subpath, display, rng, target, *rest = row
        return new(Link, (_LINK_KINDS[kind], embed, path, subpath, display, new(Range, rng), new(Range, target), *rest))

    def __getitem__(self, index):
        return self.unpack()[index]

    def __len__(self) -> int:
        return self._count

    def __iter__(self) -> Iterator[Link]:
        return iter(self.unpack())

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Sequence) and self.unpack() == list(other)

    def __reduce__(self):
        return (_packed_links, (self._data, self._count))


def _packed_links(data: bytes, count: int) -> PackedLinks:
    packed = PackedLinks.__new__(PackedLinks)
    packed._data, packed._count = data, count
    return packed


@dataclass
class NoteInfo:
    """What the vault index keeps of a note: enough to resolve links and
    anchors into it, and to run whole-vault rules, without its text."""

    path: str
    links: Sequence[Link] = field(default_factory=list)  # a list, or PackedLinks in the vault index
    headings: list[Heading] = field(default_factory=list)
    block_ids: list[BlockId] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)
    frontmatter: dict | None = None
    directives: list[Directive] = field(default_factory=list)
    # Offsets where each line starts, to place fix edits without the text.
    line_starts: Sequence[int] = field(default_factory=list)
    claims: list = field(default_factory=list)  # threshold claims, for VL305
