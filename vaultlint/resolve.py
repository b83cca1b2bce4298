"""Finding the file a link points to, and the heading or block it names,
the way Obsidian does (spec sections 4 to 6).

A ``FileTable`` is the lookup table Obsidian keeps (``uniqueFileLookup``):
lowercased file names, extension included, each mapping to the files of
that name. ``FileTable.resolve`` is ``getLinkpathDest`` (R3.2):

>>> table = FileTable(["Note.md", "A/Note.md", "A/Plan.md", "Zzz/Plan.md", "Img/photo.png"])
>>> table.resolve("Note", "A/Source.md").target      # a root-level file wins (R3.3)
'Note.md'
>>> table.resolve("plan", "Zzz/x.md").target         # then the source's own folder
'Zzz/Plan.md'
>>> table.resolve("photo", "Home.md").target is None  # other types need their extension
True
>>> table.resolve("photo.png", "Home.md").target
'Img/photo.png'

Anchors are matched with ``stripHeading`` and case-insensitively:

>>> strip_heading("Hello, World!") == strip_heading("Hello World")
True
"""

from __future__ import annotations

import bisect

import re
import unicodedata
from dataclasses import dataclass
from typing import Sequence
from urllib.parse import quote

from .model import BlockId, Heading, NoteInfo

# --- headings ------------------------------------------------------------

_HEADING_PUNCT = re.compile(r"[!\"#$%&()*+,.:;<=>?@^`{|}~/\[\]\\\r\n]")
_HEADING_FOR_LINK = re.compile(r"%%|\[\[|\]\]|[:#|^\\\r\n]")


def strip_heading(text: str) -> str:
    """Obsidian's ``stripHeading``: punctuation to spaces, runs of
    whitespace to one space, trimmed (R4.3). Compare the results lowercased.

    >>> strip_heading("`hasTag()`"), strip_heading("See [[Other]]"), strip_heading("_x_ y")
    ('hasTag', 'See Other', '_x_ y')
    """
    return " ".join(_HEADING_PUNCT.sub(" ", text).split())


def heading_link_text(text: str) -> str:
    """The heading as Obsidian writes it into a link (``stripHeadingForLink``):
    only the characters a link cannot hold are dropped.

    >>> heading_link_text("Dosage: adults #1")
    'Dosage adults 1'
    """
    return " ".join(_HEADING_FOR_LINK.sub(" ", text).split())


def subpath_parts(subpath: str) -> list[str]:
    """The segments of ``#A#B``; empty ones are dropped, so ``#`` is none."""
    return [part for part in subpath.split("#") if part]


def is_block_subpath(subpath: str) -> bool:
    """True for ``#^id``: a block reference is the only segment (R5.4)."""
    parts = subpath_parts(subpath)
    return len(parts) == 1 and parts[0].startswith("^")


class AnchorIndex:
    """A note's headings and block ids keyed for lookups, so that checking
    n links into a note with n anchors costs n, not n * n.

    >>> from vaultlint.model import Range
    >>> r = Range(0, 0, 1, 1, 1, 1)
    >>> index = AnchorIndex([Heading(1, "A", r, True), Heading(2, "B", r, True), Heading(1, "b", r, True)], [])
    >>> index.find_heading(["A", "B"]).text, index.find_heading(["b"]).text, index.find_heading(["B", "A"])
    ('B', 'B', None)
    """

    def __init__(self, headings: Sequence[Heading], block_ids: Sequence[BlockId]) -> None:
        self.headings = headings
        self.block_ids = block_ids
        # stripped, lowercased heading text -> its positions, in order
        self.positions: dict[str, list[int]] = {}
        for i, heading in enumerate(headings):
            self.positions.setdefault(strip_heading(heading.text).lower(), []).append(i)
        # Later definitions overwrite earlier ones (R5.5).
        self.blocks = {block.id.lower(): block for block in block_ids}

    def find_heading(self, parts: Sequence[str]) -> Heading | None:
        """The heading a ``#A#B`` path lands on (see :func:`find_heading`)."""
        if not parts:
            return None
        level, after = 0, -1
        heading = None
        for part in parts:
            candidates = self.positions.get(strip_heading(part).lower(), [])
            start = bisect.bisect_right(candidates, after)
            found = next((i for i in candidates[start:] if self.headings[i].level > level), None)
            if found is None:
                return None
            heading = self.headings[found]
            level, after = heading.level, found
        return heading

    def find_block(self, block_id: str) -> BlockId | None:
        return self.blocks.get(block_id.lower())


def find_heading(headings: Sequence[Heading], parts: Sequence[str]) -> Heading | None:
    """The heading a ``#A#B`` path lands on, or None (R4.4).

    One greedy pass in document order: each segment must match a later
    heading of a deeper level than the previous match. ``headings`` are the
    note's root-level headings.

    >>> from vaultlint.model import Range
    >>> r = Range(0, 0, 1, 1, 1, 1)
    >>> hs = [Heading(1, t, r, True) if t[0] != "_" else Heading(2, t[1:], r, True)
    ...       for t in ["Parent", "_Child", "Other", "_Child2"]]
    >>> find_heading(hs, ["Parent", "Child2"]).text
    'Child2'
    >>> find_heading(hs, ["Child", "Parent"]) is None
    True
    """
    return AnchorIndex(headings, ()).find_heading(parts)


def find_block(block_ids: Sequence[BlockId], block_id: str) -> BlockId | None:
    """The block with this id (``^`` not included), case-insensitively (R5.3).

    Later definitions overwrite earlier ones, as in Obsidian (R5.5).
    """
    wanted = block_id.lower()
    found = None
    for block in block_ids:
        if block.id.lower() == wanted:
            found = block
    return found


@dataclass(frozen=True, slots=True)
class Anchor:
    """What a subpath lands on in one note.

    ``kind`` is "heading" or "block"; ``heading`` is set when the subpath
    reaches a heading, including a ``#^id`` that found no block and fell
    back to a heading of that name (the R5.4 quirk).
    """

    kind: str
    found: bool
    heading: Heading | None = None
    block: BlockId | None = None


def match_anchor(info: NoteInfo, subpath: str, index: AnchorIndex | None = None) -> Anchor | None:
    """Follow ``subpath`` inside ``info`` as ``resolveSubpath`` does;
    ``index``, the note's AnchorIndex, makes it quicker.

    None when there is no anchor to check (``''``, ``#`` or ``##``).
    """
    parts = subpath_parts(subpath)
    if not parts:
        return None
    if index is None:
        index = AnchorIndex(info.headings, info.block_ids)
    if len(parts) == 1 and parts[0].startswith("^"):
        block = index.find_block(parts[0][1:])
        if block is not None:
            return Anchor("block", True, block=block)
        heading = index.find_heading(parts)
        return Anchor("block", heading is not None, heading=heading)
    heading = index.find_heading(parts)
    return Anchor("heading", heading is not None, heading=heading)


# --- files ---------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Resolution:
    """The files a link path resolves to, best first (``getLinkpathDest``).

    ``ties`` holds the files that are as good as the first one: more than
    one means Obsidian's choice between them is arbitrary (R3.4).
    """

    files: tuple[str, ...]
    ties: tuple[str, ...]

    @property
    def target(self) -> str | None:
        return self.files[0] if self.files else None

    @property
    def ambiguous(self) -> bool:
        return len(self.ties) > 1


_UNRESOLVED = Resolution((), ())


class FileTable:
    """Every file Obsidian can link to, by lowercased name (R3.1, R3.2).

    Built once per vault; resolving a link is a dictionary lookup plus a
    scan of the files that share its name.
    """

    def __init__(self, files: Sequence[str]) -> None:
        by_name: dict[str, list[str]] = {}
        for path in files:
            path = unicodedata.normalize("NFC", path)
            by_name.setdefault(path.rsplit("/", 1)[-1].lower(), []).append(path)
        for paths in by_name.values():
            # Shortest path first; equal lengths alphabetically (1.12.7).
            paths.sort(key=lambda p: (len(p), p))
        self.by_name = by_name

    def named(self, name: str) -> list[str]:
        """Files called ``name`` (extension included), in any case."""
        return self.by_name.get(name.lower(), [])

    def resolve(self, linkpath: str, source: str) -> Resolution:
        """Where a link path written in note ``source`` leads (R3.2).

        ``linkpath`` is the cleaned path before the first ``#``; ``''``
        is the source note itself.
        """
        if linkpath == "":
            return Resolution((source,), (source,))
        n = unicodedata.normalize("NFC", linkpath).lower()
        name = n.rsplit("/", 1)[-1]
        cands = self.by_name.get(name, []) if "." in name else []
        if not cands:
            n += ".md"
            name += ".md"
            cands = self.by_name.get(name, [])
        if not cands:
            return _UNRESOLVED
        if name == n and len(cands) == 1:
            return Resolution((cands[0],), (cands[0],))
        folder = source.rsplit("/", 1)[0].lower() if "/" in source else ""
        if n.startswith(("./", "../")):
            n = _join_relative(folder, n)
            exact = _exact(cands, n)
            if exact:
                return exact
        rooted = n.startswith("/")
        if rooted:
            n = n[1:]
        exact = _exact(cands, n)
        if exact or rooted:
            return exact or _UNRESOLVED
        hits = [c for c in cands if c.lower().endswith(n)]
        prefix = folder + "/"
        same = [c for c in hits if c.lower().startswith(prefix)]
        other = [c for c in hits if not c.lower().startswith(prefix)]
        if not hits:
            return _UNRESOLVED
        best = same or other
        ties = tuple(c for c in best if len(c) == len(best[0]))
        return Resolution(tuple(same + other), ties)


    def same_from_anywhere(self, linkpath: str) -> bool:
        """Whether ``linkpath`` leads to the same files from every note: it
        is neither empty nor relative, and at most one file has its name,
        so the source's folder cannot decide between files.

        >>> t = FileTable(["A/Note.md", "B/Note.md", "A/Plan.md"])
        >>> t.same_from_anywhere("Plan"), t.same_from_anywhere("Note"), t.same_from_anywhere("./Plan")
        (True, False, False)
        """
        if not linkpath or linkpath.startswith(("./", "../")):
            return False
        name = unicodedata.normalize("NFC", linkpath).lower().rsplit("/", 1)[-1]
        cands = self.by_name.get(name, []) if "." in name else []
        return len(cands or self.by_name.get(name + ".md", [])) <= 1


def _exact(cands: list[str], n: str) -> Resolution | None:
    for c in cands:
        if c.lower() == n:
            return Resolution((c,), (c,))
    return None


def _join_relative(folder: str, n: str) -> str:
    """Apply leading ``./`` and ``../`` segments to ``folder``; going above
    the vault root stays at the root.

    >>> _join_relative("a/sub", "../note.md"), _join_relative("a/sub", "./../../note.md")
    ('a/note.md', 'note.md')
    """
    parts = folder.split("/") if folder else []
    while True:
        if n.startswith("./"):
            n = n[2:]
        elif n.startswith("../"):
            n = n[3:]
            if parts:
                parts.pop()
        else:
            break
    return "/".join(parts + [n])


# --- writing links -------------------------------------------------------

LINK_FORMATS = ("shortest", "relative", "absolute")

# Characters a Markdown link destination cannot hold as they are: Obsidian
# percent-encodes spaces; parentheses, angle brackets, backslashes and '%'
# would end or change the destination.
_URL_SAFE = "/!$&'*+,;=:@^[]{}~-_.?"


def link_path(table: FileTable, target: str, source: str, fmt: str, markdown: bool) -> str | None:
    """The path part of a link from ``source`` to ``target``, written as
    Obsidian writes it (``fileToLinktext``, R3.10), not yet encoded.

    ``fmt`` is app.json's ``newLinkFormat``. Wikilinks leave out ``.md``;
    Markdown links keep it. The result is checked to lead back to
    ``target``; when the short form would not (the relative form can be
    caught by a root-level file of the same path), the vault path is used.
    None when no link text can reach the file (a name with ``#``, ``|``,
    ``[[`` or ``]]`` cannot be written in a link).

    >>> t = FileTable(["Note.md", "A/Note.md", "A/Sub/Deep.md"])
    >>> link_path(t, "A/Note.md", "Home.md", "shortest", False)
    'A/Note'
    >>> link_path(t, "A/Sub/Deep.md", "A/Note.md", "relative", True)
    'Sub/Deep.md'
    >>> link_path(t, "Note.md", "A/Sub/Deep.md", "relative", False)
    '../../Note'
    """
    full = target[:-3] if not markdown and target.lower().endswith(".md") else target
    if "#" in full or "|" in full or "[[" in full or "]]" in full:
        return None
    source_dir = source.rsplit("/", 1)[0] if "/" in source else ""
    if fmt == "relative":
        text = _relative(source_dir, full)
    elif fmt == "absolute":
        text = full
    else:
        text = full.rsplit("/", 1)[-1]
        if table.resolve(text, source).files != (target,):
            text = full
    if table.resolve(text, source).target != target:
        text = full
        if table.resolve(text, source).target != target:
            return None  # e.g. "v1.2" when both "v1.2" and "v1.2.md" exist
    return text


def _relative(source_dir: str, path: str) -> str:
    """``path`` relative to the folder ``source_dir``, without a ``./``
    prefix for files below it.

    >>> _relative("A/B", "A/C/x"), _relative("", "A/x"), _relative("A", "A/B/x")
    ('../C/x', 'A/x', 'B/x')
    """
    here = source_dir.split("/") if source_dir else []
    there = path.split("/")
    common = 0
    while common < len(here) and common < len(there) - 1 and here[common] == there[common]:
        common += 1
    return "/".join([".."] * (len(here) - common) + there[common:])


def encode_destination(path: str, angle: bool = False) -> str:
    """A path written as a Markdown link destination.

    >>> encode_destination("My File (2).md"), encode_destination("My File.md", angle=True)
    ('My%20File%20%282%29.md', 'My File.md')
    """
    if angle:
        return path.replace("<", "%3C").replace(">", "%3E")
    return quote(path, safe=_URL_SAFE)


def link_format(app: dict) -> str:
    """app.json's ``newLinkFormat``, with Obsidian's default for a missing
    or unknown value.

    ``useMarkdownLinks`` is deliberately not read: it decides the syntax of
    new links, and a fix only rewrites the target of an existing link, which
    keeps its syntax, as Obsidian does when it updates links after a move.

    >>> link_format({}), link_format({"newLinkFormat": "relative"})
    ('shortest', 'relative')
    """
    fmt = app.get("newLinkFormat")
    return fmt if fmt in LINK_FORMATS else "shortest"


# --- suggestions ---------------------------------------------------------


class Suggester:
    """Finds existing files whose names are close to a missing link's name.

    Notes are compared by name without ``.md``, other files by their full
    name. Answers are cached per name, since a missing note is often linked
    hundreds of times.
    """

    def __init__(self, files: Sequence[str]) -> None:
        by_key: dict[str, list[str]] = {}
        by_stem: dict[str, list[str]] = {}
        for path in sorted(files, key=lambda p: (len(p), p)):
            name = path.rsplit("/", 1)[-1]
            if name.lower().endswith(".md"):
                by_key.setdefault(name[:-3].lower(), []).append(path)
            else:
                by_key.setdefault(name.lower(), []).append(path)
                if "." in name:
                    by_stem.setdefault(name.rsplit(".", 1)[0].lower(), []).append(path)
        self._by_key = by_key
        self._by_stem = by_stem
        # Names grouped by length, each group in the order of by_key, and
        # each name's place in that order, for closest().
        self._by_length: dict[int, list[str]] = {}
        for key in by_key:
            self._by_length.setdefault(len(key), []).append(key)
        self._rank = {key: i for i, key in enumerate(by_key)}
        self._cache: dict[tuple[str, float], str | None] = {}

    def needing_extension(self, linkpath: str) -> list[str]:
        """Files other than notes that ``linkpath`` names without their
        extension (``[[photo]]`` for ``photo.png``, R3.8)."""
        name = linkpath.rsplit("/", 1)[-1]
        if "." in name:
            return []
        return self._by_stem.get(name.lower(), [])

    def closest(self, linkpath: str, cutoff: float) -> str | None:
        """The file whose name is most like the last segment of
        ``linkpath`` (similarity at least ``cutoff``, 0 to 1), or None.

        >>> Suggester(["Anatomy/Leukemia.md", "Blood.png"]).closest("Leukaemia", 0.75)
        'Anatomy/Leukemia.md'
        """
        name = linkpath.rsplit("/", 1)[-1].lower()
        if name.endswith(".md"):
            name = name[:-3]
        key = (name, cutoff)
        if key not in self._cache:
            best = self._most_like(name, cutoff * 100)
            self._cache[key] = self._by_key[best][0] if best is not None else None
        return self._cache[key]

    def _most_like(self, name: str, cutoff: float) -> str | None:
        """The name with the highest ``fuzz.ratio`` to ``name``, at least
        ``cutoff``; of equals, the first. That is, rapidfuzz's ``extractOne``
        over every name, without comparing most of them: two names of
        lengths a and b score at most 200 * min(a, b) / (a + b), so names
        are compared a length at a time, the most promising lengths first,
        until no length left can beat what was found. In a vault of 50,000
        notes this is several times quicker."""
        from rapidfuzz import fuzz, process  # only a run with a missing name pays for loading it

        n = len(name)
        bounds = sorted(((200 * min(n, m) / (n + m) if n + m else 100.0, m) for m in self._by_length), reverse=True)
        best: tuple[float, int, str] | None = None  # score, place in order, name
        for bound, length in bounds:
            floor = cutoff if best is None else best[0]
            if bound + 1e-6 < floor:  # the margin covers rounding in either computation
                break
            found = process.extractOne(name, self._by_length[length], scorer=fuzz.ratio, score_cutoff=floor, processor=None)
            if found is None:
                continue
            match, score, _ = found
            if best is None or score > best[0] or (score == best[0] and self._rank[match] < best[1]):
                best = (score, self._rank[match], match)
        return best[2] if best is not None else None
