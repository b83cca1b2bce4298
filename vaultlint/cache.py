"""The cache: what parsing and the rules found, so an unchanged note is
never read or parsed again and an unchanged vault is checked in a moment.

It lives in ``.vaultlint_cache/`` at the vault root (a dot-folder, so
Obsidian and vaultlint do not see it; it holds its own ``.gitignore``). The
whole file is tied to the vaultlint version and the configuration: when
either changes, it is dropped.

For each note it keeps, keyed by vault-relative path:

* the note's size and modification time, and its content hash: an entry is
  used while size and time are unchanged, or, when they changed, while the
  content hash still matches;
* what the index needs of it, pickled on its own so that it is unpickled
  only when a link into the note has to be checked;
* the findings of the note rules;
* the findings of the link rules and the notes its links lead to. These are
  reused only while no file was added, removed or renamed, no alias
  changed, and none of those notes changed its headings or block ids;
  otherwise the note's links are checked again.

Whole-vault rules are kept with a fingerprint of everything they read.

A cache file that cannot be read, or was made by something else, is
ignored and replaced.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from collections.abc import MutableMapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Iterator, Sequence

from . import __version__
from .model import Finding, NoteInfo

FOLDER = ".vaultlint_cache"
_FILE = "notes.pickle"
_MAGIC = "vaultlint-cache-5"


def fingerprint(*parts: object) -> str:
    """A stable hash of ``repr(parts)``.

    >>> fingerprint(["a.md"]) == fingerprint(["a.md"]) != fingerprint(["b.md"])
    True
    """
    return hashlib.blake2b(repr(parts).encode("utf-8"), digest_size=16).hexdigest()


def anchors_of(info: NoteInfo) -> str:
    """Fingerprint of what links into a note can point at."""
    return fingerprint([(h.level, h.text) for h in info.headings], [b.id.lower() for b in info.block_ids])


class Entry:
    """One note's cached results.

    The small fields are plain; the rest is kept pickled and unpickled on
    first use, so loading the cache of a large vault creates few objects
    and a check that needs one note's findings decodes only those."""

    def __init__(
        self,
        stat: tuple[int, int],
        digest: str,
        info: NoteInfo,
        findings: list[Finding] | None,
    ) -> None:
        self.stat = stat  # size, modification time in ns
        self.digest = digest  # of the raw bytes
        self.anchors = anchors_of(info)
        self.aliases = list(info.aliases)
        self.claims_print = fingerprint(info.claims) if info.claims else ""
        # Whether the note has suppression comments or settings.
        self.suppressions = bool(info.directives) or isinstance(info.frontmatter, dict) and "vaultlint" in info.frontmatter
        self.link_targets: tuple[str, ...] = ()  # notes its links resolve to
        self.checked = findings is not None  # whether the note rules ran
        # The claims are kept beside the note, for whole-vault rules.
        self._info = _dump(replace(info, claims=[]))
        self._data = _dump((findings, info.claims, info.line_starts))
        self._links = _dump(None)
        self._decoded: dict[str, object] = {}

    def __getstate__(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if k != "_decoded"}

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state, _decoded={})

    def _get(self, name: str):
        if name not in self._decoded:
            findings, claims, line_starts = pickle.loads(self._data)
            self._decoded.update(findings=findings, claims=claims, line_starts=line_starts)
        return self._decoded[name]

    @property
    def findings(self) -> list[Finding] | None:
        """The note rules' findings; None when they have not run."""
        return self._get("findings")

    @property
    def claims(self) -> list:
        return self._get("claims")

    @property
    def line_starts(self) -> Sequence[int]:
        """To place fix edits without the note."""
        return self._get("line_starts")

    @property
    def link_findings(self) -> list[Finding] | None:
        """The link rules' findings; None when they have not run."""
        if "links" not in self._decoded:
            self._decoded["links"] = pickle.loads(self._links)
        return self._decoded["links"]

    def set_links(self, findings: list[Finding], targets: tuple[str, ...]) -> None:
        self._links = _dump(findings)
        self._decoded["links"] = findings
        self.link_targets = targets

    def info(self) -> NoteInfo:
        info = pickle.loads(self._info)
        info.claims = self.claims
        return info


def _dump(value: object) -> bytes:
    return pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)


@dataclass
class State:
    key: str
    files: str = ""  # fingerprint of the file list
    aliases: str = ""  # fingerprint of every note's aliases
    vault: str = ""  # fingerprint of what whole-vault rules read
    vault_findings: list[Finding] = field(default_factory=list)
    entries: dict[str, Entry] = field(default_factory=dict)


class NoteCache:
    def __init__(self, root: Path, key: str) -> None:
        self.folder = root / FOLDER
        self.state = State(f"{_MAGIC}:{__version__}:{key}")
        self.dirty = False
        self._load()

    @property
    def entries(self) -> dict[str, Entry]:
        return self.state.entries

    def _load(self) -> None:
        try:
            with open(self.folder / _FILE, "rb") as fh:
                data = pickle.load(fh)
        except FileNotFoundError:
            return
        except Exception:  # noqa: BLE001 - any damage at all means: start afresh
            self.dirty = True
            return
        if isinstance(data, State) and data.key == self.state.key:
            self.state = data
        else:
            self.dirty = True

    def get(self, path: str, stat: tuple[int, int] | None) -> Entry | None:
        entry = self.entries.get(path)
        if entry is None or stat is None or entry.stat != stat:
            return None
        return entry

    def put(self, path: str, entry: Entry) -> None:
        self.entries[path] = entry
        self.dirty = True

    def prune(self, paths: set[str]) -> None:
        """Forget notes that no longer exist."""
        for gone in [p for p in self.entries if p not in paths]:
            del self.entries[gone]
            self.dirty = True

    def save(self) -> None:
        """Write the cache atomically; a cache that cannot be written is
        simply not kept."""
        if not self.dirty:
            return
        try:
            self.folder.mkdir(exist_ok=True)
            ignore = self.folder / ".gitignore"
            if not ignore.exists():
                ignore.write_text("# Made by vaultlint: this folder is a cache.\n*\n", encoding="utf-8")
            fd, tmp = tempfile.mkstemp(dir=self.folder, prefix=".notes-", suffix=".tmp")
        except OSError:
            return
        try:
            with os.fdopen(fd, "wb") as fh:
                pickle.dump(self.state, fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, self.folder / _FILE)
        except OSError:
            Path(tmp).unlink(missing_ok=True)
            return
        self.dirty = False


class NoteInfos(MutableMapping):
    """Note infos by path. Infos from the cache stay pickled until a rule
    asks for them: a warm check of an unchanged vault unpickles none."""

    def __init__(self, order: list[str]) -> None:
        self._order = order
        self._infos: dict[str, NoteInfo] = {}
        self._entries: dict[str, Entry] = {}

    def add(self, path: str, info: NoteInfo | None, entry: Entry | None) -> None:
        """Add a note by its info or, failing that, its cache entry."""
        if info is not None:
            self._infos[path] = info
        elif entry is not None:
            self._entries[path] = entry

    def __getitem__(self, path: str) -> NoteInfo:
        info = self._infos.get(path)
        if info is None:
            info = self._entries.pop(path).info()  # KeyError when absent, as a dict
            self._infos[path] = info
        return info

    def __setitem__(self, path: str, info: NoteInfo) -> None:
        self._entries.pop(path, None)
        self._infos[path] = info

    def __delitem__(self, path: str) -> None:
        if self._infos.pop(path, None) is None:
            del self._entries[path]

    def __contains__(self, path: object) -> bool:
        return path in self._infos or path in self._entries

    def __iter__(self) -> Iterator[str]:
        return (p for p in self._order if p in self)

    def __len__(self) -> int:
        return len(self._infos) + len(self._entries)
