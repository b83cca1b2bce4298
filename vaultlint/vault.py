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
from .model import NoteInfo
from .resolve import AnchorIndex, FileTable, Resolution, Suggester, link_format


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
    _resolved: dict[tuple[str, str], Resolution] = field(default_factory=dict, init=False, repr=False)
    _anchors: dict[str, AnchorIndex] = field(default_factory=dict, init=False, repr=False)

    @cached_property
    def table(self) -> FileTable:
        """Obsidian's file-name lookup table."""
        return FileTable(self.files)

    def resolve(self, linkpath: str, source: str) -> Resolution:
        """Where a link path written in note ``source`` leads (spec R3.2).

        Several rules ask about every link; the answer depends on the
        source only through its folder (or the note itself for ''), so it
        is remembered by that."""
        where = source if not linkpath else source.rpartition("/")[0]
        key = (linkpath, where)
        found = self._resolved.get(key)
        if found is None:
            found = self._resolved[key] = self.table.resolve(linkpath, source)
        return found

    def anchor_index(self, info: NoteInfo) -> AnchorIndex:
        """The headings and block ids of the note ``info``, keyed for
        lookups; made once per note and run."""
        index = self._anchors.get(info.path)
        if index is None or index.headings is not info.headings or index.block_ids is not info.block_ids:
            index = self._anchors[info.path] = AnchorIndex(info.headings, info.block_ids)
        return index

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
