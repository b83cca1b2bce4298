"""The vault index: every file Obsidian can see and what is known of each note.

The lookups link rules need are built on first use and kept for the run:

>>> v = Vault(Path("."), ["Note.md", "A/Note.md"])
>>> v.resolve("Note", "A/Source.md").target
'Note.md'
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from .discover import is_hidden
from .model import NoteInfo, PackedLinks
from .resolve import Anchor, AnchorIndex, FileTable, Resolution, Suggester, link_format, match_anchor


@dataclass
class Vault:
    root: Path
    # Every file Obsidian sees (dot-paths left out), vault-relative, '/'-separated, NFC.
    files: list[str]
    # What the parser kept of each Markdown note that could be read, by path.
    notes: dict[str, NoteInfo] = field(default_factory=dict)
    # .obsidian/app.json, or {} when there is none or it cannot be read.
    app: dict = field(default_factory=dict)
    # Each note's aliases and threshold claims, when the engine has them
    # without unpickling the notes (from its cache); otherwise read from notes.
    note_aliases: dict[str, list[str]] | None = None
    note_claims: Mapping[str, list] | None = None
    # The files of the last commit, when the configuration needs them
    # (report-unresolved = "since-commit"); None when git cannot tell.
    committed_files: frozenset[str] | None = None
    # Renames git has recorded (staged or in the last commit), old path ->
    # new path, for files that are now at the new path and gone from the old.
    renames: dict[str, str] = field(default_factory=dict)
    # Files some link in another note leads to (self-links left out); built
    # by the engine only when a rule needs it (Rule.needs_links).
    reached: set[str] | None = None
    # When one note is checked again after a fix: rules that read claims
    # need report only the conflicts this note holds.
    claims_for: str | None = None
    # Answers remembered for the run: resolutions by folder, then link path
    # (by link path alone when the folder cannot matter), anchor matches by
    # note (with the heading and block lists they were found in, and their
    # index), then subpath. Nested rather than keyed by pairs: a large vault has tens of
    # thousands of them.
    _resolved: dict[str, dict[str, Resolution]] = field(default_factory=dict, init=False, repr=False)
    _resolved_anywhere: dict[str, Resolution] = field(default_factory=dict, init=False, repr=False)
    _anchors: dict[str, tuple[list, list, dict[str, Anchor | None], AnchorIndex]] = field(
        default_factory=dict, init=False, repr=False
    )

    @cached_property
    def table(self) -> FileTable:
        """Obsidian's file-name lookup table."""
        return FileTable(self.files)

    def resolve(self, linkpath: str, source: str) -> Resolution:
        """Where a link path written in note ``source`` leads (spec R3.2).

        The answer is remembered: by link path alone when it is the same
        from every note (most are), otherwise by the source's folder (or
        the note itself for ''), the only part of the source it depends on."""
        found = self._resolved_anywhere.get(linkpath)
        if found is not None:
            return found
        where = source if not linkpath else source.rpartition("/")[0]
        here = self._resolved.get(where)
        found = here.get(linkpath) if here is not None else None
        if found is None:
            found = self.table.resolve(linkpath, source)
            if self.table.same_from_anywhere(linkpath):
                self._resolved_anywhere[linkpath] = found
            else:
                self._resolved.setdefault(where, {})[linkpath] = found
        return found

    def anchor(self, info: NoteInfo, subpath: str) -> Anchor | None:
        """``match_anchor(info, subpath)``, remembered per note and subpath:
        many links name the same heading, and two rules look at each. An
        answer is reused while the note has the same heading and block lists
        (a note checked again has new ones)."""
        known = self._known_anchors(info)
        answers = known[2]
        if subpath not in answers:
            answers[subpath] = match_anchor(info, subpath, known[3])
        return answers[subpath]

    def anchor_index(self, info: NoteInfo) -> AnchorIndex:
        """The headings and block ids of the note ``info``, keyed for
        lookups; made once per note and run."""
        return self._known_anchors(info)[3]

    def _known_anchors(self, info: NoteInfo) -> tuple[list, list, dict[str, Anchor | None], AnchorIndex]:
        known = self._anchors.get(info.path)
        if known is None or known[0] is not info.headings or known[1] is not info.block_ids:
            index = AnchorIndex(info.headings, info.block_ids)  # one pass over the note's anchors
            known = self._anchors[info.path] = (info.headings, info.block_ids, {}, index)
        return known

    @cached_property
    def committed(self) -> FileTable | None:
        """The file-name lookup table as it was in the last commit."""
        if self.committed_files is None:
            return None
        return FileTable([f for f in self.committed_files if not is_hidden(f)])

    @cached_property
    def before_renames(self) -> FileTable:
        """The lookup table as it was before the recorded renames."""
        moved = set(self.renames.values())
        return FileTable([f for f in self.files if f not in moved] + list(self.renames))

    @cached_property
    def renamed_from(self) -> dict[str, str]:
        return {new: old for old, new in self.renames.items()}

    def renamed_target(self, linkpath: str, source: str) -> str | None:
        """Where the file a link path reached before a recorded rename is
        now, or None when the link did not reach a renamed file.

        The link is resolved as it was, from where its note was:

        >>> v = Vault(Path("."), ["New/Drugs list.md", "Home.md"], renames={"Drugs.md": "New/Drugs list.md"})
        >>> v.renamed_target("drugs", "Home.md"), v.renamed_target("Other", "Home.md")
        ('New/Drugs list.md', None)
        """
        if not self.renames:
            return None
        was = self.renamed_from.get(source, source)
        target = self.before_renames.resolve(linkpath, was).target
        return self.renames.get(target) if target is not None else None

    @cached_property
    def suggester(self) -> Suggester:
        return Suggester(self.files)

    @cached_property
    def aliases(self) -> dict[str, list[str]]:
        """Lowercased NFC alias -> the notes that declare it."""
        out: dict[str, list[str]] = {}
        lists = self.note_aliases
        if lists is None:
            lists = {path: info.aliases for path, info in self.notes.items()}
        for path, aliases in lists.items():
            for alias in aliases:
                key = unicodedata.normalize("NFC", alias.strip()).lower()
                if key and path not in out.setdefault(key, []):
                    out[key].append(path)
        return out

    @property
    def claims(self) -> Mapping[str, list]:
        """Each note's threshold claims, by path."""
        if self.note_claims is not None:
            return self.note_claims
        return {path: info.claims for path, info in self.notes.items()}

    @cached_property
    def link_format(self) -> str:
        """How fixes write link paths: app.json's ``newLinkFormat``."""
        return link_format(self.app)


class Lookahead:
    """Link work that can be done before the vault index is complete: while
    worker processes parse notes, the main process finds "did you mean"
    answers for links to names no file has, so that the link phase, which
    runs alone once every note is parsed, only looks them up.

    Its file table and suggester are made on first use and then given to
    the vault (``hand_over``); the answers are the suggester's own.
    """

    def __init__(self, files: list[str], cutoff: float) -> None:
        self.files = files
        self.cutoff = cutoff
        self._seen: set[str] = set()
        self._table: FileTable | None = None
        self._suggester: Suggester | None = None

    def see(self, infos) -> None:
        """Look at the links of these note infos."""
        for info in infos:
            if info is None:
                continue
            rows = info.links.rows() if isinstance(info.links, PackedLinks) else info.links
            for row in rows:
                path = row[2]
                if path in self._seen:
                    continue
                self._seen.add(path)
                if self._table is None:
                    self._table = FileTable(self.files)
                if self._table.same_from_anywhere(path) and self._table.resolve(path, info.path).target is None:
                    if self._suggester is None:
                        self._suggester = Suggester(self.files)
                    self._suggester.closest(path, self.cutoff)

    def hand_over(self, vault: Vault) -> None:
        """Give ``vault`` what was made here, in place of its own."""
        if self._table is not None:
            vault.table = self._table  # type: ignore[misc]  # a cached_property, set ahead
        if self._suggester is not None:
            vault.suggester = self._suggester  # type: ignore[misc]
