"""The vault index: every file Obsidian can see and what is known of each note.

The lookups link rules need are built on first use and kept for the run:

>>> v = Vault(Path("."), ["Note.md", "A/Note.md"])
>>> v.resolve("Note", "A/Source.md").target
'Note.md'
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from .model import NoteInfo
from .resolve import FileTable, Resolution, Suggester, link_format


@dataclass
class Vault:
    root: Path
    # Every file Obsidian sees (dot-paths left out), vault-relative, '/'-separated, NFC.
    files: list[str]
    # What the parser kept of each Markdown note that could be read, by path.
    notes: dict[str, NoteInfo] = field(default_factory=dict)
    # .obsidian/app.json, or {} when there is none or it cannot be read.
    app: dict = field(default_factory=dict)

    @cached_property
    def table(self) -> FileTable:
        """Obsidian's file-name lookup table."""
        return FileTable(self.files)

    def resolve(self, linkpath: str, source: str) -> Resolution:
        """Where a link path written in note ``source`` leads (spec R3.2)."""
        return self.table.resolve(linkpath, source)

    @cached_property
    def suggester(self) -> Suggester:
        return Suggester(self.files)

    @cached_property
    def aliases(self) -> dict[str, list[str]]:
        """Lowercased NFC alias -> the notes that declare it."""
        out: dict[str, list[str]] = {}
        for path, info in self.notes.items():
            for alias in info.aliases:
                key = unicodedata.normalize("NFC", alias.strip()).lower()
                if key and path not in out.setdefault(key, []):
                    out[key].append(path)
        return out

    @cached_property
    def link_format(self) -> str:
        """How fixes write link paths: app.json's ``newLinkFormat``."""
        return link_format(self.app)
