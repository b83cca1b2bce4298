"""Applying fixes without damaging a note.

A fix is a set of explicit edits carried by a diagnostic. For each note the
fixes that may be applied (safe ones, and unsafe ones when asked) are chosen
so that no two touch the same text, applied together, and the note is
checked again in memory; this repeats until no applicable fix is left or
``MAX_PASSES`` is reached. Fixes that collided in one pass get their turn in
the next, if their problem is still there.

Only then is anything written, and only when all of these hold:

* the file's real path (symlinks resolved) is inside the vault;
* the bytes on disk are still the ones that were read (same digest);
* the note as read turns back into exactly those bytes, so nothing outside
  the edits can change (a note decoded with replacement characters cannot
  be written back faithfully and is left alone);
* the fixed text can be encoded in the note's encoding;
* the note is not read-only.

Writing goes to a temporary file in the same folder, which is flushed,
fsync-ed, given the original's permission bits and renamed over the note.
The BOM, line endings and the presence of a final newline are kept because
edits only ever replace the characters they name.

>>> apply_edits("take 1 tab bid", [Edit(5, 6, "2"), Edit(11, 14, "twice a day")])
'take 2 tab twice a day'
"""

from __future__ import annotations

import difflib
import hashlib
import os
import stat
import tempfile
import unicodedata
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable, Sequence

from .model import Applicability, Diagnostic, Edit, Fix
from .reader import Source, encode
from .report.escape import one_line
from .workers import can_fork, worker_pool

if TYPE_CHECKING:
    from .engine import Engine, RunResult

# Each pass can only unblock fixes that collided in the one before, so a
# handful is plenty; the bound stops two fixes that undo each other.
MAX_PASSES = 10


@dataclass(frozen=True)
class ChangedNote:
    """A note that was fixed (or, without writing, would be)."""

    path: str  # vault-relative
    before: str  # the text as read
    after: str  # the text after fixing
    fixes: int  # how many fixes were applied, over all passes
    before_bytes: bytes  # the file as it was on disk
    after_bytes: bytes  # the file as written
    # The file's path as stored on disk, relative to the vault, when it is
    # spelt differently from ``path`` (a decomposed name, a symlink).
    disk_path: str = ""


@dataclass
class FixOutcome:
    changed: list[ChangedNote] = field(default_factory=list)
    # (path, one-line reason) of notes that had fixes but were not written.
    skipped: list[tuple[str, str]] = field(default_factory=list)
    # What is left to report for every checked note once fixing is done.
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def fixes(self) -> int:
        return sum(note.fixes for note in self.changed)


class NotWritten(Exception):
    """A note that must not be written; the message says why, in a line."""


# --- choosing and applying edits ------------------------------------------


def is_applicable(fix: Fix | None, unsafe: bool) -> bool:
    if fix is None:
        return False
    return fix.applicability is Applicability.SAFE or unsafe


def _sorted_edits(fix: Fix, length: int) -> list[Edit] | None:
    """The fix's edits in text order, or None when they are malformed
    (outside the text, backwards, or overlapping each other)."""
    edits = sorted(fix.edits, key=lambda e: (e.start, e.end))
    end = 0
    for edit in edits:
        if not 0 <= edit.start <= edit.end <= length or edit.start < end:
            return None
        end = edit.end
    return edits


def _collides(edit: Edit, taken: Iterable[Edit]) -> bool:
    # Edits that merely touch also collide: two insertions at one offset, or
    # an insertion at the edge of a replacement, have no single right order.
    return any(edit.start <= other.end and other.start <= edit.end for other in taken)


def _position(diag: Diagnostic) -> tuple:
    fix = diag.fix
    assert fix is not None
    edits = sorted((e.start, e.end, e.replacement) for e in fix.edits)
    first = edits[0][:2] if edits else (diag.range.start, diag.range.start)
    return (*first, diag.code, diag.range.start, diag.message, tuple(edits))


def select_fixes(diagnostics: Sequence[Diagnostic], source: Source, unsafe: bool) -> list[Fix]:
    """The fixes to apply together to ``source`` in one pass.

    Candidates are taken in order of position, then code; a fix is dropped
    when any of its edits collides with an edit already taken, when its
    edits are malformed, or when it would change nothing. Of several
    encoding changes only the first is taken.

    >>> from vaultlint.model import Range, Severity
    >>> from vaultlint.reader import decode
    >>> def diag(code, start, end, new):
    ...     fix = Fix((Edit(start, end, new),), Applicability.SAFE, "")
    ...     return Diagnostic(code, "", Severity.ERROR, "n.md", Range(start, end, 1, 1, 1, 1), "", fix)
    >>> src = decode(b"abcdef")
    >>> [f.edits[0].replacement for f in select_fixes(
    ...     [diag("VL2", 2, 4, "X"), diag("VL1", 3, 5, "Y"), diag("VL1", 0, 1, "Z")], src, False)]
    ['Z', 'X']
    """
    text = source.text
    taken: list[Edit] = []
    chosen: list[Fix] = []
    encoding: str | None = None
    candidates = [d for d in diagnostics if is_applicable(d.fix, unsafe)]
    for diag in sorted(candidates, key=_position):
        fix = diag.fix
        assert fix is not None
        edits = _sorted_edits(fix, len(text))
        if edits is None or any(_collides(edit, taken) for edit in edits):
            continue
        recodes = fix.new_encoding is not None and fix.new_encoding != source.encoding
        if recodes and encoding not in (None, fix.new_encoding):
            continue
        if not recodes and all(text[e.start : e.end] == e.replacement for e in edits):
            continue
        if recodes:
            encoding = fix.new_encoding
        taken.extend(edits)
        chosen.append(fix)
    return chosen


def apply_edits(text: str, edits: Iterable[Edit]) -> str:
    """``text`` with non-overlapping ``edits`` applied (in any order)."""
    pieces: list[str] = []
    pos = 0
    for edit in sorted(edits, key=lambda e: (e.start, e.end)):
        pieces.append(text[pos : edit.start])
        pieces.append(edit.replacement)
        pos = edit.end
    pieces.append(text[pos:])
    return "".join(pieces)


def apply_fixes(source: Source, fixes: Sequence[Fix]) -> Source:
    """The in-memory note after ``fixes`` (chosen by select_fixes)."""
    text = apply_edits(source.text, [e for fix in fixes for e in fix.edits])
    encoding = next((f.new_encoding for f in fixes if f.new_encoding), None)
    if encoding is None or encoding == source.encoding:
        return replace(source, text=text)
    # The bad byte belonged to the old encoding's reading of the file.
    return replace(source, text=text, encoding=encoding, bad_byte=None)


def fix_source(
    engine: "Engine", source: Source, diagnostics: list[Diagnostic], unsafe: bool
) -> tuple[Source, int, list[Diagnostic]]:
    """Fix one note in memory: (fixed source, fixes applied, what remains)."""
    count = 0
    for _ in range(MAX_PASSES):
        fixes = select_fixes(diagnostics, source, unsafe)
        if not fixes:
            break
        source = apply_fixes(source, fixes)
        count += len(fixes)
        diagnostics = engine.recheck(source)
    return source, count, diagnostics


# --- writing ----------------------------------------------------------------


def digest(data: bytes) -> str:
    """The digest the reader keeps of a note's bytes (Source.digest)."""
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def resolve_in_vault(root: Path, relpath: str) -> Path:
    """The real path of the note at ``relpath``; NotWritten if it is not a
    regular file inside the vault once every symlink is followed."""
    parts = relpath.split("/")
    if Path(relpath).is_absolute() or ".." in parts:
        raise NotWritten("path outside the vault")
    real_root = root.resolve()
    path = disk_path(root, parts)
    try:
        real = path.resolve(strict=True)
    except (OSError, RuntimeError):  # RuntimeError: a symlink loop on Python < 3.13
        raise NotWritten("file disappeared or cannot be reached") from None
    if not real.is_relative_to(real_root):
        # The path itself stays inside, so a symlink on the way leads out.
        raise NotWritten(f"symlink that leads out of the vault (to {real})")
    if not real.is_file():
        raise NotWritten("not a regular file")
    return real


def disk_path(root: Path, parts: list[str]) -> Path:
    """The file on disk for a vault path, whose parts are NFC: a name
    stored decomposed (as macOS may store "é") is found by comparing the
    folder's names in NFC."""
    path = root
    for part in parts:
        candidate = path / part
        if not os.path.lexists(candidate):
            try:
                names = os.listdir(path)
            except OSError:
                names = []
            candidate = path / next((n for n in names if unicodedata.normalize("NFC", n) == part), part)
        path = candidate
    return path


def is_read_only(path: Path) -> bool:
    """No write permission for us, or no write bit for anyone: a note the
    owner marked read-only is left alone even when we could write it."""
    mode = path.stat().st_mode
    return not os.access(path, os.W_OK) or not mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)


def write_atomic(path: Path, data: bytes, expected_digest: str, sync_folder: bool = True) -> None:
    """Replace the file at ``path`` with ``data`` in one step.

    The new bytes go to a temporary file in the same folder (a dot-file,
    so Obsidian never shows it, named as :func:`discover.is_temporary` knows), which is fsync-ed and given the original's
    owner and permission bits; just before the rename the original is read
    again, and NotWritten is raised (leaving it untouched) if it no longer
    has ``expected_digest``. The folder is then fsync-ed, making the rename
    durable, unless ``sync_folder`` is false: a caller writing many notes
    syncs each folder once, after the last of its notes.
    """
    original = path.stat()
    # A short name of a fixed form, whatever the note's name: one that is
    # left behind by a killed run is recognised, and removed, by the next.
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=TEMPORARY_PREFIX, suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        _keep_owner(tmp, original)
        os.chmod(tmp, stat.S_IMODE(original.st_mode))
        if digest(path.read_bytes()) != expected_digest:
            raise NotWritten("changed on disk since it was read; run again")
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
    if sync_folder:
        _fsync_folder(path.parent)


TEMPORARY_PREFIX = ".vaultlint-"


def remove_leftovers(root: Path, paths: list[str]) -> None:
    """Remove temporary files of ours left by a run that was killed while
    writing a note (only regular files: a link is never followed)."""
    for rel in paths:
        path = root / rel
        try:
            if stat.S_ISREG(os.lstat(path).st_mode):
                os.unlink(path)
        except OSError:
            pass  # gone already, or not ours to remove


def _keep_owner(tmp: str, original: os.stat_result) -> None:
    # A note written by someone else (or by root for a user) must stay
    # theirs, or they could lose the right to edit it.
    made = os.stat(tmp)
    if (made.st_uid, made.st_gid) == (original.st_uid, original.st_gid):
        return
    try:
        os.chown(tmp, original.st_uid, original.st_gid)
    except (PermissionError, AttributeError):  # AttributeError: no chown on Windows
        raise NotWritten("owned by another user, and the new file could not be given to them") from None


def _fsync_folder(folder: Path) -> None:
    # Makes the rename itself durable; folders cannot be opened on Windows.
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def prepare_write(root: Path, original: Source, fixed: Source) -> tuple[Path, bytes, bytes]:
    """Check that the fixed note may be written: (real path, bytes on
    disk, bytes to write), or NotWritten with the reason."""
    path = resolve_in_vault(root, original.path)
    try:
        before = path.read_bytes()
    except OSError as exc:
        raise NotWritten(f"cannot read it again: {exc.strerror or exc}") from None
    if digest(before) != original.digest:
        raise NotWritten("changed on disk since it was read; run again")
    try:
        faithful = encode(original.text, original) == before
    except UnicodeEncodeError:
        faithful = False
    if not faithful:
        raise NotWritten(
            f"its bytes are not valid {original.encoding}, so writing it would change more than the fixes"
        )
    try:
        after = encode(fixed.text, original, fixed.encoding)
    except UnicodeEncodeError as exc:
        char = exc.object[exc.start]
        raise NotWritten(f"the fix adds {char!r}, which cannot be written in {fixed.encoding}") from None
    if is_read_only(path):
        raise NotWritten("read-only")
    return path, before, after


# --- the whole run ------------------------------------------------------------

# A note to write: as read, as fixed, the fixes applied, what remains to report.
_Planned = tuple[Source, Source, int, list[Diagnostic]]
_CHUNK = 32  # notes fixed by a worker process at a time


def fix_notes(engine: "Engine", result: "RunResult", *, unsafe: bool, write: bool) -> FixOutcome:
    """Fix every checked note that has applicable fixes.

    With ``write`` false nothing is written, but every check is made, so
    ``changed`` is exactly what a writing run would change. A note that is
    not written keeps its diagnostics and is listed in ``skipped``.

    Every note is fixed in memory before the first is written, so a cache
    found damaged meanwhile (rechecking reads it) costs a new run, not a
    half-fixed vault.
    """
    from .cache import CacheDamaged

    try:
        planned = _fix_in_memory(engine, result, unsafe)
    except CacheDamaged as exc:
        engine.drop_cache(exc)
        result = engine.run(result.paths)
        planned = _fix_in_memory(engine, result, unsafe)
    outcome = FixOutcome()
    replaced: dict[str, list[Diagnostic]] = {}
    for (original, fixed, count, remaining), done in zip(planned, _write_all(engine.root, planned, write)):
        path = original.path
        if isinstance(done, str):
            outcome.skipped.append((path, done))
            continue
        before, after, real = done
        disk = real.relative_to(engine.root.resolve()).as_posix()
        outcome.changed.append(
            ChangedNote(path, original.text, fixed.text, count, before, after, "" if disk == path else disk)
        )
        replaced[path] = remaining
    kept = [d for d in result.diagnostics if d.path not in replaced]
    fresh = [d for diags in replaced.values() for d in diags]
    outcome.diagnostics = sorted(kept + fresh, key=lambda d: d.sort_key)
    return outcome


# Notes written at once. Writing is mostly waiting for the disk (each note
# is fsync-ed before it replaces the old one), and the file system commits
# several at a time.
WRITERS = 8


def _write_all(root: Path, planned: list[_Planned], write: bool) -> list[tuple[bytes, bytes, Path] | str]:
    """For each planned note, in order: (bytes before, bytes after, real
    path) once written (or found writable when ``write`` is false), or why not."""

    # Each note's rename is made durable by syncing its folder once all of
    # the folder's notes are renamed: one sync a folder, not one a note.
    written: set[Path] = set()

    def one(item: _Planned) -> tuple[bytes, bytes, Path] | str:
        original, fixed = item[0], item[1]
        try:
            real, before, after = prepare_write(root, original, fixed)
            if write:
                write_atomic(real, after, original.digest, sync_folder=False)
                written.add(real.parent)
        except NotWritten as exc:
            return str(exc)
        except OSError as exc:
            return f"write error: {exc.strerror or exc}"
        return before, after, real

    try:
        if not write or len(planned) < 2 * WRITERS:
            return [one(item) for item in planned]
        pool = ThreadPoolExecutor(WRITERS, thread_name_prefix="vaultlint-write")
        try:
            return list(pool.map(one, planned))
        finally:
            # Interrupted, the notes not yet started are left as they are; the
            # ones being written finish (or remove their temporary file).
            pool.shutdown(wait=True, cancel_futures=True)
    finally:
        for folder in sorted(written):
            _fsync_folder(folder)


def _fix_in_memory(engine: "Engine", result: "RunResult", unsafe: bool) -> list[_Planned]:
    """(original, fixed, fixes applied, what remains) of each note a fix
    changes, in path order.

    Only notes with a fix to apply are fixed and checked again, each against
    the vault's index, so the work grows with the notes fixed, not with
    their number times the vault's. Many of them are spread over worker
    processes forked with the index (where fork exists)."""
    by_path: dict[str, list[Diagnostic]] = defaultdict(list)
    for diag in result.diagnostics:
        by_path[diag.path].append(diag)
    todo = [
        (result.sources[path], by_path[path])
        for path in sorted(result.sources)
        if any(is_applicable(d.fix, unsafe) for d in by_path.get(path, ()))
    ]
    if engine.jobs > 1 and len(todo) >= engine.parallel_min_notes and can_fork():
        # What workers read of the index must be in memory before they are
        # forked: the cache's database connection is not theirs to use.
        engine.load_index()
        engine.warm_up()
        chunks = [todo[i : i + _CHUNK] for i in range(0, len(todo), _CHUNK)]
        with worker_pool(engine.jobs, _start_fixing, (engine, unsafe, chunks)) as pool:
            # A worker sends back the fixed note, not the original: this process has it.
            return [
                (result.sources[path], *rest)
                for batch in pool.map(_fix_chunk, range(len(chunks)), chunksize=1)
                for path, *rest in batch
            ]
    return [planned for original, diags in todo if (planned := _fix_one(engine, original, diags, unsafe))]


# What a fixing worker process works on, inherited from the main process
# by fork (never pickled): the engine with its index, and the notes.
_fixing: tuple["Engine", bool, list] | None = None


def _fix_one(engine: "Engine", original: Source, diagnostics: list[Diagnostic], unsafe: bool) -> _Planned | None:
    fixed, count, remaining = fix_source(engine, original, diagnostics, unsafe)
    if fixed.text == original.text and fixed.encoding == original.encoding:
        return None
    return original, fixed, count, remaining


def _start_fixing(engine: "Engine", unsafe: bool, chunks: list) -> None:
    global _fixing
    _fixing = (engine, unsafe, chunks)


def _fix_chunk(index: int) -> list[tuple]:
    """The chunk's planned notes, each with its path in place of the original."""
    engine, unsafe, chunks = _fixing
    planned = (_fix_one(engine, original, diags, unsafe) for original, diags in chunks[index])
    return [(p[0].path, *p[1:]) for p in planned if p]


# --- reporting ------------------------------------------------------------------


def _quote(path: str) -> str:
    """A path as git writes it in a diff header: C-quoted only when it has
    characters git quotes (apart from non-ASCII, which git also reads raw)."""
    if not any(c in '"\\' or ord(c) < 0x20 or ord(c) == 0x7F for c in path):
        return path
    escapes = {'"': '\\"', "\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"}
    inner = "".join(escapes.get(c, f"\\{ord(c):03o}" if ord(c) < 0x20 or ord(c) == 0x7F else c) for c in path)
    return f'"{inner}"'


def _note_diff(note: ChangedNote) -> bytes:
    name = note.disk_path or note.path
    a = _quote("a/" + name).encode("utf-8", "surrogateescape")
    b = _quote("b/" + name).encode("utf-8", "surrogateescape")
    out = [b"diff --git " + a + b" " + b + b"\n"]
    # Like git, end the ---/+++ names with a tab when they hold a space:
    # patch reads a name up to the first space otherwise.
    tab = b"\t" if " " in name else b""
    hunks = difflib.diff_bytes(
        difflib.unified_diff,
        _lines(note.before_bytes),
        _lines(note.after_bytes),
        fromfile=a + tab,
        tofile=b + tab,
        lineterm=b"\n",
    )
    for line in hunks:
        out.append(line)
        if not line.endswith(b"\n"):
            out.append(b"\n\\ No newline at end of file\n")
    return b"".join(out)


def _lines(data: bytes) -> list[bytes]:
    # Split at \n only, as git does: a \r stays part of its line, so CRLF
    # lines are diffed and applied byte for byte.
    lines = data.split(b"\n")
    tail = lines.pop()
    out = [line + b"\n" for line in lines]
    if tail:
        out.append(tail)
    return out


def unified_diff(outcome: FixOutcome) -> bytes:
    """A git-style diff of every change, in path order, as raw bytes.

    Bytes rather than text because that is what ``git apply`` compares: a
    note kept in Windows-1252 is diffed in Windows-1252, and a BOM or CRLF
    appears as it is in the file. Paths carry ``a/`` and ``b/`` prefixes
    and are relative to the vault root, so the diff applies there with
    ``git apply`` or ``patch -p1``.
    """
    return b"".join(_note_diff(note) for note in outcome.changed)


# GNU patch writes beside each file a temporary one named after it plus 8
# bytes, so it cannot patch a file whose name is longer than this.
PATCH_NAME_LIMIT = 247


def patch_limits(outcome: FixOutcome) -> str:
    """A line for each note in the diff that ``patch -p1`` cannot apply
    (``git apply`` can); empty when there is none.

    >>> print(patch_limits(FixOutcome(changed=[ChangedNote("L" * 250 + ".md", "", "", 1, b"", b"")])))
    patch -p1 cannot apply the change to LLLLLLLLLLLLLLLLLLLL....md: its name is over 247 bytes; use git apply.
    """
    lines = []
    for note in outcome.changed:
        name = (note.disk_path or note.path).rpartition("/")[2]
        if len(name.encode("utf-8", "surrogateescape")) > PATCH_NAME_LIMIT:
            lines.append(f"patch -p1 cannot apply the change to {one_line(name[:20])}...{one_line(name[-3:])}: "
                         f"its name is over {PATCH_NAME_LIMIT} bytes; use git apply.")
    return "\n".join(lines)


def _plural(n: int, word: str, plural: str | None = None) -> str:
    return f"{n} {word if n == 1 else plural or word + 's'}"


def summary(outcome: FixOutcome, show: Callable[[str], str] = str) -> str:
    """What --fix did, for people: the notes changed and the ones left alone.
    ``show`` turns a vault path into the path to print.

    >>> from vaultlint.fix import ChangedNote, FixOutcome
    >>> print(summary(FixOutcome(
    ...     changed=[ChangedNote("Cardio/Heart failure.md", "", "", 2, b"", b"")],
    ...     skipped=[("Renal.md", "read-only")])))
    Fixed 2 problems in 1 note:
      Cardio/Heart failure.md (2 fixes)
    Could not fix 1 note:
      Renal.md: read-only
    """
    lines: list[str] = []
    if outcome.changed:
        lines.append(f"Fixed {_plural(outcome.fixes, 'problem')} in {_plural(len(outcome.changed), 'note')}:")
        lines.extend(f"  {one_line(show(note.path))} ({_plural(note.fixes, 'fix', 'fixes')})" for note in outcome.changed)
    if outcome.skipped:
        lines.append(skipped_summary(outcome, show))
    return "\n".join(lines)


def skipped_summary(outcome: FixOutcome, show: Callable[[str], str] = str) -> str:
    """The notes that had fixes but could not be written, and why; with
    --diff, the notes left out of the diff."""
    if not outcome.skipped:
        return ""
    lines = [f"Could not fix {_plural(len(outcome.skipped), 'note')}:"]
    lines.extend(f"  {one_line(show(path))}: {one_line(reason)}" for path, reason in outcome.skipped)
    return "\n".join(lines)
