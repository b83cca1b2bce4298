"""The cache: what parsing and the rules found, so an unchanged note is
never read or parsed again and an unchanged vault is checked in a moment.

It lives in ``.vaultlint_cache/`` at the vault root (a dot-folder, so
Obsidian and vaultlint do not see it; it holds its own ``.gitignore``), as
one SQLite database with rows per note. A database rather than one
serialised file because a check of one changed note must not read and
rewrite what the cache holds for ten thousand others: a run reads what
decides whether each note's entry is still good, the rest only of the notes
it needs, and writes only the rows that changed. The database is tied to
the vaultlint version and its code, the Markdown parser's version, the
Python version and the configuration: when any changes, it is emptied.

For each note it keeps, keyed by vault-relative path:

* the note's file status (size, modification and status-change times,
  inode) and its content hash: an entry is used while the status is
  unchanged, or, when it changed, while the content hash still matches. A
  status recorded within :data:`RACY_NS` of its note's last change is not
  kept, so that note is hashed again by the next run (a change in the same
  clock tick would not show in its times);
* what the index needs of it (read only when a link into the note has to be
  checked) and its threshold claims (read only for whole-vault rules);
* the findings of the note rules;
* the findings of the link rules and the notes its links lead to. These are
  reused only while no file was added, removed or renamed, no alias
  changed, and none of those notes changed its headings or block ids;
  otherwise the note's links are checked again.

Whole-vault rules are kept with a fingerprint of everything they read.

Everything is stored as plain data and checked when read back (see
:mod:`vaultlint.cachedata`). A cache made by another version or
configuration is replaced quietly; one that is damaged is replaced with a
line on standard error; one locked by another run, or that cannot be
written, is left alone. The folder and the files in it are never followed
as symbolic links.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import sqlite3
import stat as stat_mode
import sys
import time
from collections.abc import Iterator, MutableMapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pyromark

from . import __version__
from .cachedata import (
    CacheDamaged,
    decode_claims,
    decode_findings,
    decode_info,
    decode_line_starts,
    decode_strings,
    encode_claims,
    encode_findings,
    encode_info,
    encode_line_starts,
    encode_strings,
)
from .config import ConfigError
from .model import Finding, NoteInfo

FOLDER = ".vaultlint_cache"
FILE = "cache.sqlite"
_MAGIC = "vaultlint-cache-12"

# A table for each way a note's row is read: "notes" whole by every run,
# "results" for the notes reported on, "indexes" for the notes whose links
# or claims must be looked at again, "targets" for the notes whose cached
# link findings may depend on a note whose headings or block ids changed.
# Reading a table does not read the others.
# Every column holds an integer, text (JSON where it is structured) or, for
# line starts, an array of 64-bit integers: data, never code.
_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS notes (
    path TEXT PRIMARY KEY, stat TEXT, digest TEXT, anchors TEXT,
    aliases TEXT, claims_print TEXT, suppressions INTEGER, checked INTEGER
);
CREATE TABLE IF NOT EXISTS results (path TEXT PRIMARY KEY, findings TEXT, line_starts BLOB, link_findings TEXT);
CREATE TABLE IF NOT EXISTS indexes (path TEXT PRIMARY KEY, info TEXT, claims TEXT);
CREATE TABLE IF NOT EXISTS targets (path TEXT PRIMARY KEY, link_targets TEXT);
"""
_TABLES = ("notes", "results", "indexes", "targets")
_SMALL = "stat, digest, anchors, aliases, claims_print, suppressions, checked"
_RESULTS = "findings, line_starts, link_findings"
_NO_TARGETS = encode_strings(())
_TABLE_OF = {_RESULTS: "results", "info": "indexes", "claims": "indexes", "link_targets": "targets"}


def fingerprint(*parts: object) -> str:
    """A stable hash of ``repr(parts)``.

    >>> fingerprint(["a.md"]) == fingerprint(["a.md"]) != fingerprint(["b.md"])
    True
    """
    return hashlib.blake2b(repr(parts).encode("utf-8"), digest_size=16).hexdigest()


def code_digest() -> str:
    """A hash of vaultlint's own code and data files. What a note's entry
    holds depends on every rule and on the threshold lexicon, which change
    between builds of one version (a checkout, a patched install): an entry
    made by any other build is not trusted. Reading them costs a few
    milliseconds."""
    package = Path(__file__).parent
    digest = hashlib.blake2b(digest_size=16)
    for path in sorted(package.rglob("*")):
        if path.suffix in (".py", ".toml") and "__pycache__" not in path.parts:
            digest.update(path.relative_to(package).as_posix().encode() + b"\0")
            digest.update(path.read_bytes())
    return digest.hexdigest()


def anchors_of(info: NoteInfo) -> str:
    """Fingerprint of what links into a note can point at."""
    return fingerprint([(h.level, h.text) for h in info.headings], [b.id.lower() for b in info.block_ids])


def _damaged(what: str) -> CacheDamaged:
    return CacheDamaged(f"{what} is not what vaultlint writes")


def _encode_stat(values: Sequence[int]) -> str:
    return "[" + ",".join(str(int(v)) for v in values) + "]"


def _decode_stat(text: object) -> tuple[int, ...]:
    if type(text) is not str or not text.startswith("[") or not text.endswith("]"):
        raise _damaged("a cached file status")
    try:
        return tuple(map(int, text[1:-1].split(","))) if text != "[]" else ()
    except ValueError:
        raise _damaged("a cached file status") from None


# The types of a row of "notes" after its path: file status, digest,
# anchors, aliases, claims fingerprint, suppressions, checked.
_ROW_TYPES = (str, str, str, str, str, int, int)


class Entry:
    """One note's cached results.

    The small fields are plain. The rules' findings and the line starts are
    read from the database when first asked for (a check of one note needs
    them for that note only), and decoded then; the note's index and claims
    likewise, or kept encoded for a new entry until its row is written."""

    __slots__ = (
        "stat", "digest", "anchors", "aliases", "claims_print", "suppressions", "checked", "_targets",
        "_path", "_store", "_results", "_info", "_claims", "_decoded",
    )  # fmt: skip

    def __init__(self, stat: tuple[int, ...], digest: str, info: NoteInfo, findings: list[Finding] | None) -> None:
        self.stat = stat  # what says the file is unchanged: size, times, inode
        self.digest = digest  # of the raw bytes
        self.anchors = anchors_of(info)
        self.aliases = list(info.aliases)
        self.claims_print = fingerprint(info.claims) if info.claims else ""
        # Whether the note has suppression comments or settings.
        self.suppressions = bool(info.directives) or isinstance(info.frontmatter, dict) and "vaultlint" in info.frontmatter
        self.checked = findings is not None  # whether the note rules ran
        self._targets = _NO_TARGETS  # the notes its links resolve to, encoded
        self._path = info.path
        self._store: NoteCache | None = None  # where the columns not held here are
        # Encoded findings, line starts and link findings, once read.
        self._results: list | None = [
            encode_findings(findings), encode_line_starts(info.line_starts), encode_findings(None)
        ]
        # The claims are kept beside the note, for whole-vault rules, and the
        # line starts with the findings they place.
        self._info: str | None = encode_info(info)
        self._claims: str | None = encode_claims(info.claims)
        self._decoded: dict[str, object] = {}

    def __getstate__(self) -> dict:
        # Sent to worker processes, which only compare digests and read findings.
        self._read_results()
        return {name: getattr(self, name) for name in self.__slots__ if name not in ("_decoded", "_store")}

    def __setstate__(self, state: dict) -> None:
        for name, value in state.items():
            setattr(self, name, value)
        self._decoded = {}
        self._store = None

    @classmethod
    def from_row(cls, store: NoteCache, path: str, row: tuple) -> Entry:
        """An entry from its row in "notes", every column checked."""
        entry = cls.__new__(cls)
        if type(path) is not str or tuple(map(type, row)) != _ROW_TYPES:
            raise _damaged("a cached note")
        (stat, entry.digest, entry.anchors, aliases, entry.claims_print, suppressions, checked) = row
        entry.stat = _decode_stat(stat)
        entry.aliases = decode_strings(aliases, "list of aliases")
        entry.suppressions = bool(suppressions)
        entry.checked = bool(checked)
        entry._path = path
        entry._store = store
        entry._results = entry._info = entry._claims = entry._targets = None
        entry._decoded = {}
        return entry

    def rows(self) -> tuple[tuple, tuple, tuple, tuple]:
        """The note's rows in the tables "notes", "results", "indexes" and "targets"."""
        path = self._path
        return (
            (path, _encode_stat(self.stat), self.digest, self.anchors, encode_strings(self.aliases),
             self.claims_print, int(self.suppressions), int(self.checked)),
            (path, *self._read_results()),
            (path, self._blob("info"), self._blob("claims")),
            (path, self.encoded_targets()),
        )  # fmt: skip

    def _read_results(self) -> list:
        if self._results is None:
            self._results = list(self._store.columns(self._path, _RESULTS))
        return self._results

    def _blob(self, name: str) -> str:
        held = self._info if name == "info" else self._claims
        if held is None:
            held = self._store.columns(self._path, name)[0]
        return held

    def _decoded_findings(self, name: str, index: int) -> list[Finding] | None:
        if name not in self._decoded:
            self._decoded[name] = decode_findings(self._read_results()[index])
        return self._decoded[name]

    @property
    def findings(self) -> list[Finding] | None:
        """The note rules' findings; None when they have not run."""
        return self._decoded_findings("findings", 0)

    @property
    def link_findings(self) -> list[Finding] | None:
        """The link rules' findings; None when they have not run."""
        return self._decoded_findings("links", 2)

    @property
    def line_starts(self) -> Sequence[int]:
        """To place fix edits without the note."""
        return decode_line_starts(self._read_results()[1])

    @property
    def claims(self) -> list:
        if "claims" not in self._decoded:
            self._decoded["claims"] = decode_claims(self._blob("claims"))
        return self._decoded["claims"]

    def stored_in(self, store: NoteCache) -> None:
        """The entry's row was written to ``store``: its large columns can go."""
        self._info = self._claims = None
        self._store = store

    def set_links(self, findings: list[Finding], targets: tuple[str, ...]) -> None:
        self._read_results()[2] = encode_findings(findings)
        self._decoded["links"] = findings
        self._targets = encode_strings(targets)

    @property
    def link_targets(self) -> tuple[str, ...]:
        """The notes its links resolve to (decoded only when asked: most
        runs change no note's headings, and never ask)."""
        return tuple(decode_strings(self.encoded_targets(), "list of link targets"))

    def encoded_targets(self) -> str:
        if self._targets is None:
            self._targets = self._store.columns(self._path, "link_targets")[0]
        return self._targets

    def encoded_links(self) -> str:
        return self._read_results()[2]

    def info(self) -> NoteInfo:
        info = decode_info(self._path, self._blob("info"))
        info.claims = self.claims
        info.line_starts = self.line_starts
        return info


@dataclass
class State:
    """What the cache keeps about the vault as a whole."""

    files: str = ""  # fingerprint of the file list
    aliases: str = ""  # fingerprint of every note's aliases
    vault: str = ""  # fingerprint of what whole-vault rules read
    vault_findings: list[Finding] = field(default_factory=list)


ENVIRONMENT = "VAULTLINT_CACHE_DIR"


def user_cache_root() -> Path:
    """The folder this machine keeps per-user caches in: ``%LOCALAPPDATA%``
    on Windows, ``~/Library/Caches`` on macOS, else ``$XDG_CACHE_HOME`` or
    ``~/.cache``."""
    if sys.platform == "win32" and os.environ.get("LOCALAPPDATA"):
        return Path(os.environ["LOCALAPPDATA"])
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches"
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    return Path(xdg) if os.path.isabs(xdg) else Path.home() / ".cache"


def _within(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def cache_folder(root: Path, chosen: str = "", origin: str | None = None) -> tuple[Path, bool]:
    """Where the cache of the vault at ``root`` lives, and whether that place
    was chosen (by ``VAULTLINT_CACHE_DIR``, else the ``cache-dir`` setting
    ``chosen``, relative to its file ``origin``) rather than the default
    ``.vaultlint_cache`` folder in the vault.

    In a chosen folder each vault has a folder of its own, named after the
    vault and a hash of its path, so that vaults can share one.

    A configuration file comes with the vault, so it is not trusted to
    choose where vaultlint writes: its ``cache-dir`` must lie inside the
    vault or inside the user's cache folder (:func:`user_cache_root`, or
    ``~/.cache``), else :class:`ConfigError`. The environment variable is
    set by the person running vaultlint and may name any folder.

    >>> cache_folder(Path("/notes/Nursing"))
    (PosixPath('/notes/Nursing/.vaultlint_cache'), False)
    >>> folder, chosen = cache_folder(Path("/notes/Nursing"), "~/.cache/vaultlint")
    >>> (folder.parent == Path.home() / ".cache" / "vaultlint", folder.name.startswith("Nursing-"), chosen)
    (True, True, True)
    >>> cache_folder(Path("/notes/Nursing"), "/etc/vl")
    Traceback (most recent call last):
    ...
    vaultlint.config.ConfigError: cache-dir = "/etc/vl" is outside the vault and the user's cache folder; set VAULTLINT_CACHE_DIR to keep the cache anywhere else
    """
    place = os.environ.get(ENVIRONMENT, "")
    base = Path.cwd()
    if not place and chosen:
        place = chosen
        base = Path(origin).parent if origin else root
        # resolve(): a folder in the vault may be a symbolic link leading out.
        where = (base / Path(place).expanduser()).resolve()
        allowed = (root, user_cache_root(), Path.home() / ".cache")
        if not any(_within(where, folder.resolve()) for folder in allowed):
            raise ConfigError(
                f'cache-dir = "{chosen}" is outside the vault and the user\'s cache folder; '
                f"set {ENVIRONMENT} to keep the cache anywhere else"
            )
    if not place:
        return root / FOLDER, False
    name = "".join(c if c.isalnum() or c in "._-" else "_" for c in root.name) or "vault"
    tag = hashlib.blake2b(str(root.resolve()).encode("utf-8", "surrogateescape"), digest_size=6).hexdigest()
    return base / Path(place).expanduser() / f"{name}-{tag}", True


def _sqlite_trouble(exc: sqlite3.Error) -> str:
    """What an SQLite error means for the cache: "busy" (another run holds
    it), "unwritable" (permissions, a full disk) or "damaged"."""
    name = getattr(exc, "sqlite_errorname", "")  # Python 3.11+
    text = str(exc).lower()
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")) or "locked" in text or "busy" in text:
        return "busy"
    if name.startswith(("SQLITE_READONLY", "SQLITE_FULL", "SQLITE_CANTOPEN", "SQLITE_IOERR", "SQLITE_PERM")) or any(
        words in text for words in ("readonly", "read-only", "disk is full", "disk i/o", "unable to open")
    ):
        return "unwritable"
    return "damaged"


def notice(message: str) -> None:
    """One line on standard error about the cache."""
    sys.stderr.write(f"vaultlint: {message}\n")


# SQLite's own files beside the database, which it may open or delete.
_SIDE_FILES = ("-journal", "-wal", "-shm")


class NoteCache:
    """The cache of one vault for one configuration, in ``folder``.

    Reading starts a transaction that lasts until :meth:`save`, so that
    what is read later on demand matches what was read first even if
    another run writes meanwhile. New entries are written as they come, in
    the same transaction, and their large columns are then dropped from
    memory: a cold check of a large vault never holds them all at once.

    Any read may raise :class:`CacheDamaged`; the engine then calls
    :meth:`drop` and checks again without it."""

    # New entries kept in memory before they are written.
    batch = 256

    def __init__(self, folder: Path, key: str, *, chosen: bool = False) -> None:
        """``chosen``: ``folder`` is in a place the user chose, which may
        be made with its parents; otherwise only ``folder`` itself is made."""
        self.folder = folder
        self.chosen = chosen
        self.key = f"{_MAGIC}:{__version__}:{code_digest()}:pyromark-{pyromark.__version__}:{sys.version_info[:2]}:{key}"
        self.state = State()
        self.entries: dict[str, Entry] = {}
        self._changed: set[str] = set()  # rows to write whole
        self._links_changed: set[str] = set()  # rows whose link columns to write
        self._stat_changed: set[str] = set()  # rows whose file status to write
        self._removed: set[str] = set()  # rows to delete
        self._state_changed = False
        self._db: sqlite3.Connection | None = None
        self._reset = False  # start a new database before writing
        self._failed = False  # writing failed: keep nothing of this run
        # Notes changed since this moment, less the coarsest timestamp
        # granularity, may change again unseen within the same tick.
        self._racy_after = time.time_ns() - RACY_NS
        problem = _unsafe_folder(folder)
        if problem:
            notice(f"{problem}; checking without the cache")
            self._failed = True
            return
        try:
            self._load()
        except _Outdated:
            self._start_again("outdated", "")
        except sqlite3.Error as exc:
            self._start_again(_sqlite_trouble(exc), str(exc))
        except CacheDamaged as exc:
            self._start_again("damaged", str(exc))

    def _start_again(self, trouble: str, reason: str) -> None:
        self._close()
        self.entries = {}
        self.state = State()
        if trouble in ("busy", "unwritable"):
            # Another run is writing it (leave it to that run), or it cannot be written.
            self._failed = True
        else:
            if reason:
                notice(f"the cache in {self.folder} could not be read ({reason}); it is made again")
            self._reset = True

    @property
    def path(self) -> Path:
        return self.folder / FILE

    def _load(self) -> None:
        path = self.path
        if not _regular(path):
            return
        for suffix in _SIDE_FILES:
            _clear_odd(Path(f"{path}{suffix}"))
        self._db = sqlite3.connect(path, timeout=2.0, isolation_level=None)
        self._db.execute("BEGIN")
        meta = dict(self._db.execute("SELECT name, value FROM meta"))
        key = meta.get("key")
        if key != self.key:
            if isinstance(key, str) and key.startswith("vaultlint-cache-"):
                raise _Outdated
            raise CacheDamaged("it was not made by vaultlint")
        names = ("files", "aliases", "vault")
        if not all(type(meta.get(n)) is str for n in names):
            raise _damaged("the cache's summary")
        self.state = State(*(meta[n] for n in names), decode_findings(meta.get("vault_findings")) or [])
        rows = self._db.execute(f"SELECT path, {_SMALL} FROM notes")
        self.entries = {row[0]: Entry.from_row(self, row[0], row[1:]) for row in rows}

    def columns(self, path: str, columns: str) -> tuple:
        """``columns`` (comma-separated) of ``path``'s row."""
        try:
            row = self._db.execute(f"SELECT {columns} FROM {_TABLE_OF[columns]} WHERE path = ?", (path,)).fetchone()
        except sqlite3.Error as exc:
            raise CacheDamaged(str(exc)) from None
        if row is None:
            raise CacheDamaged(f"{path} is missing from it")
        return row

    def read_results(self) -> None:
        """Read every entry's findings at once: quicker than one by one
        when most notes are reported on."""
        if self._db is None:
            return
        try:
            for path, *results in self._db.execute(f"SELECT path, {_RESULTS} FROM results"):
                entry = self.entries.get(path)
                if entry is not None and entry._results is None:
                    entry._results = results
        except sqlite3.Error as exc:
            raise CacheDamaged(str(exc)) from None

    def get(self, path: str, stat: tuple[int, ...] | None) -> Entry | None:
        """The entry of ``path`` if its file status is still ``stat``."""
        entry = self.entries.get(path)
        if entry is None or stat is None or entry.stat != stat:
            return None
        return entry

    def trusted(self, stat: tuple[int, ...]) -> tuple[int, ...]:
        """What to keep of a note's file status: all of it, or nothing when
        the note changed too recently for its times to tell a later change
        (git's "racy" case), so that the next run reads and hashes it."""
        if max(stat[1:3], default=self._racy_after) >= self._racy_after:
            return ()
        return stat

    def put_stat(self, path: str, stat: tuple[int, ...]) -> None:
        """Keep the new file status of ``path``, whose content is unchanged."""
        self.entries[path].stat = stat
        self._stat_changed.add(path)

    def put(self, path: str, entry: Entry) -> None:
        """Keep ``entry`` (new, or one whose file status changed) for ``path``."""
        self.entries[path] = entry
        self._changed.add(path)
        self._removed.discard(path)
        if len(self._changed) >= self.batch:
            self._flush()

    def put_links(self, path: str, findings: list[Finding], targets: tuple[str, ...]) -> None:
        """Keep the link rules' findings for ``path``."""
        self.entries[path].set_links(findings, targets)
        self._links_changed.add(path)

    def remove(self, path: str) -> None:
        if self.entries.pop(path, None) is not None:
            self._removed.add(path)
            self._changed.discard(path)
            self._links_changed.discard(path)
            self._stat_changed.discard(path)

    def prune(self, paths: set[str]) -> None:
        """Forget notes that no longer exist."""
        for gone in [p for p in self.entries if p not in paths]:
            self.remove(gone)

    def set_state(self, files: str, aliases: str, vault: str, vault_findings: list[Finding]) -> None:
        if (self.state.files, self.state.aliases, self.state.vault) != (files, aliases, vault):
            self.state = State(files, aliases, vault, vault_findings)
            self._state_changed = True

    def save(self) -> None:
        """Write what changed and end the transaction. The database stays
        open: entries read later still come from it."""
        dirty = bool(
            self._changed or self._links_changed or self._stat_changed or self._removed or self._state_changed
            or self._reset
        )  # fmt: skip
        if dirty:
            self._flush()
        if self._failed or self._db is None:
            return
        try:
            if dirty:
                state = self.state
                self._db.executemany(
                    "INSERT OR REPLACE INTO meta VALUES (?, ?)",
                    [
                        ("key", self.key), ("files", state.files), ("aliases", state.aliases), ("vault", state.vault),
                        ("vault_findings", encode_findings(state.vault_findings)),
                    ],
                )  # fmt: skip
            if self._db.in_transaction:
                self._db.execute("COMMIT")
            self._state_changed = False
        except sqlite3.Error as exc:
            self._write_failed(exc)

    def _flush(self) -> None:
        """Write the rows that changed so far, without committing."""
        if self._failed:
            return
        try:
            if self._reset or self._db is None:
                self._close()
                self._create()
            db = self._db
            if not db.in_transaction:
                db.execute("BEGIN")
            removed = [(p,) for p in sorted(self._removed)]
            for table in _TABLES:
                db.executemany(f"DELETE FROM {table} WHERE path = ?", removed)
            changed = sorted(self._changed)
            rows = [self.entries[p].rows() for p in changed]
            for table, table_rows in zip(_TABLES, zip(*rows)):
                width = len(table_rows[0])
                db.executemany(f"INSERT OR REPLACE INTO {table} VALUES ({', '.join('?' * width)})", table_rows)
            links = [(self.entries[p], p) for p in sorted(self._links_changed - self._changed)]
            db.executemany("UPDATE results SET link_findings = ? WHERE path = ?", [(e.encoded_links(), p) for e, p in links])
            db.executemany("UPDATE targets SET link_targets = ? WHERE path = ?", [(e.encoded_targets(), p) for e, p in links])
            stats = [(_encode_stat(self.entries[p].stat), p) for p in sorted(self._stat_changed - self._changed)]
            db.executemany("UPDATE notes SET stat = ? WHERE path = ?", stats)
        except OSError:
            self._fail()
            return
        except sqlite3.Error as exc:
            self._write_failed(exc)
            return
        for path in changed:
            self.entries[path].stored_in(self)
        self._changed.clear()
        self._links_changed.clear()
        self._stat_changed.clear()
        self._removed.clear()

    def _write_failed(self, exc: sqlite3.Error) -> None:
        self._fail()
        if _sqlite_trouble(exc) == "damaged":
            raise CacheDamaged(str(exc))

    def _fail(self) -> None:
        """A cache that cannot be written is not kept."""
        self._failed = True
        if self._db is not None and self._db.in_transaction:
            with contextlib.suppress(sqlite3.Error):
                self._db.execute("ROLLBACK")

    def drop(self, reason: str) -> None:
        """Delete a damaged database (the next cache is made from scratch),
        saying so in one line."""
        self._close()
        self._failed = True
        notice(f"the cache in {self.folder} could not be read ({reason}); it is made again")
        if _unsafe_folder(self.folder) is None:
            for suffix in ("", *_SIDE_FILES):
                with contextlib.suppress(OSError):
                    os.unlink(f"{self.path}{suffix}")

    def _create(self) -> None:
        """A new, empty database in place of whatever was there."""
        if self.chosen:
            self.folder.parent.mkdir(parents=True, exist_ok=True)
        _make_folder(self.folder)
        path = self.path
        for suffix in ("", *_SIDE_FILES):
            with contextlib.suppress(FileNotFoundError):
                os.unlink(f"{path}{suffix}")  # a symlink is removed, never followed
        # Made here, so that SQLite opens a file of ours, not whatever a link points to.
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW, 0o644))
        self._db = sqlite3.connect(path, timeout=2.0, isolation_level=None)
        # In the run's one transaction: made in autocommit, each table would
        # cost a sync of its own.
        self._db.executescript("BEGIN;" + _SCHEMA)
        self._reset = False
        # Only entries made in this run exist when there was no usable cache.
        self._changed.update(self.entries)

    def _close(self) -> None:
        if self._db is not None:
            with contextlib.suppress(sqlite3.Error):
                self._db.close()
            self._db = None


class _Outdated(CacheDamaged):
    """A cache made by another version or configuration: replaced quietly."""


_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
# FAT keeps modification times to 2 s; every other file system more finely.
RACY_NS = 2_000_000_000
_IGNORE = "# Made by vaultlint: this folder is a cache.\n*\n"


def _regular(path: Path) -> bool:
    """Whether ``path`` is a regular file, not followed if it is a link."""
    try:
        return stat_mode.S_ISREG(os.lstat(path).st_mode)
    except OSError:
        return False


def _clear_odd(path: Path) -> None:
    """Remove ``path`` if it is there but not a regular file (a link that
    SQLite would follow): only the link goes, never what it points to."""
    try:
        mode = os.lstat(path).st_mode
    except OSError:
        return
    if not stat_mode.S_ISREG(mode):
        with contextlib.suppress(OSError):
            os.unlink(path)


def _unsafe_folder(folder: Path) -> str | None:
    """Why the cache may not live in ``folder``, or None: it must be a
    folder, not a symbolic link to one (which could lead out of the vault),
    and nothing of ours in it may be a folder."""
    try:
        mode = os.lstat(folder).st_mode
    except FileNotFoundError:
        return None
    except OSError as exc:
        return f"{folder} cannot be read ({exc.strerror})"
    if stat_mode.S_ISLNK(mode):
        return f"{folder} is a symbolic link, which vaultlint does not follow"
    if not stat_mode.S_ISDIR(mode):
        return f"{folder} is not a folder"
    for name in (FILE, ".gitignore"):
        with contextlib.suppress(OSError):
            if stat_mode.S_ISDIR(os.lstat(folder / name).st_mode):
                return f"{folder / name} is a folder"
    return None


def _make_folder(folder: Path) -> None:
    """The cache folder with its .gitignore, made without following links."""
    with contextlib.suppress(FileExistsError):
        os.mkdir(folder)
    if _unsafe_folder(folder):
        raise OSError(f"{folder} is not a folder of vaultlint's")
    ignore = folder / ".gitignore"
    if _regular(ignore):
        return
    _clear_odd(ignore)
    try:
        fd = os.open(ignore, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW, 0o644)
    except FileExistsError:
        return
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(_IGNORE)


class NoteInfos(MutableMapping):
    """Note infos by path. Infos from the cache stay in the database until a
    rule asks for them: a warm check of an unchanged vault reads none."""

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
