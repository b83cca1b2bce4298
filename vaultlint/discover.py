"""Finding the vault and the files in it.

The vault root is the nearest folder, from the path given upwards, that
holds ``.obsidian/`` or a vaultlint configuration; otherwise the folder
given. Any path with a segment starting with '.' is invisible to Obsidian
and so is neither a note nor a link target.
"""

from __future__ import annotations

import os
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from .config import find_config_file


@dataclass
class VaultFiles:
    files: list[str]  # every visible file, vault-relative, '/'-separated, NFC, sorted
    notes: list[str]  # the Markdown notes among them
    # Real (on-disk) relative path of each file whose name is not NFC on disk.
    disk_names: dict[str, str] = field(default_factory=dict)
    # (path, reason) for folders that could not be walked.
    problems: list[tuple[str, str]] = field(default_factory=list)
    # What tells the cache a note is unchanged: size, modification and
    # status-change times in ns, inode number.
    stats: dict[str, tuple[int, int, int, int]] = field(default_factory=dict)
    # Temporary files left by a fixing run that was killed (on-disk paths).
    leftovers: list[str] = field(default_factory=list)

    def disk_path(self, root: Path, relpath: str) -> Path:
        return root / self.disk_names.get(relpath, relpath)


def is_hidden(relpath: str) -> bool:
    return any(part.startswith(".") for part in relpath.split("/"))


# The temporary files --fix writes a note to before renaming it over the note.
TEMPORARY = re.compile(r"\.vaultlint-[a-z0-9_]{8}\.tmp")


def is_temporary(name: str) -> bool:
    """Whether a file name is one of ours for a note being written.

    >>> is_temporary(".vaultlint-a1b2c3d4.tmp"), is_temporary(".vaultlint-a1.tmp")
    (True, False)
    """
    return TEMPORARY.fullmatch(name) is not None


def is_note(relpath: str) -> bool:
    return relpath.lower().endswith(".md")


def find_vault_root(start: Path) -> Path:
    """The vault that ``start`` (a file or folder) belongs to."""
    start = start.resolve()
    here = start if start.is_dir() else start.parent
    for folder in (here, *here.parents):
        if (folder / ".obsidian").is_dir() or find_config_file(folder):
            return folder
    if start.is_dir():
        return start
    cwd = Path.cwd().resolve()
    return cwd if cwd in start.parents else here


def walk(root: Path) -> VaultFiles:
    """Every visible file below ``root``, following folder symlinks once."""
    files: list[str] = []
    disk_names: dict[str, str] = {}
    problems: list[tuple[str, str]] = []
    stats: dict[str, tuple[int, int, int, int]] = {}
    seen_dirs: set[tuple[int, int]] = set()
    leftovers: list[str] = []

    def visit(folder: Path, rel: str) -> None:
        try:
            st = folder.stat()
        except OSError as exc:
            problems.append((rel or ".", f"folder cannot be read: {exc.strerror}"))
            return
        key = (st.st_dev, st.st_ino)
        if key in seen_dirs:
            problems.append((rel, "symbolic link loop: this folder is already part of the vault, not followed"))
            return
        seen_dirs.add(key)
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as exc:
            problems.append((rel or ".", f"folder cannot be read: {exc.strerror}"))
            return
        for entry in entries:
            if entry.name.startswith("."):
                if is_temporary(entry.name):
                    leftovers.append(f"{rel}/{entry.name}" if rel else entry.name)
                continue
            disk_rel = f"{rel}/{entry.name}" if rel else entry.name
            try:
                is_dir = entry.is_dir()  # follows symlinks
            except OSError:
                is_dir = False
            if is_dir:
                visit(Path(entry.path), disk_rel)
                continue
            nfc = unicodedata.normalize("NFC", disk_rel)
            if nfc != disk_rel:
                disk_names[nfc] = disk_rel
            files.append(nfc)
            if is_note(nfc):
                try:
                    st = entry.stat()
                    stats[nfc] = (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)
                except OSError:
                    pass  # reading it will say what is wrong

    visit(root, "")
    files.sort()
    notes = [f for f in files if is_note(f)]
    return VaultFiles(files, notes, disk_names, problems, stats, leftovers)


def is_checkable(relpath: str) -> bool:
    """A note or a canvas: the files vaultlint reports on."""
    return relpath.lower().endswith((".md", ".canvas"))


def has_vault_marker(folder: Path) -> bool:
    return (folder / ".obsidian").is_dir() or find_config_file(folder) is not None


def vault_folders_below(folder: Path, depth: int = 2) -> list[Path]:
    """Folders up to ``depth`` levels below ``folder`` marked as vaults;
    dot-folders are not looked in."""
    found: list[Path] = []
    try:
        entries = sorted(e.name for e in os.scandir(folder) if not e.name.startswith(".") and e.is_dir())
    except OSError:
        return found
    for name in entries:
        sub = folder / name
        if has_vault_marker(sub):
            found.append(sub)
        elif depth > 1:
            found.extend(vault_folders_below(sub, depth - 1))
    return found


def choose_vault(targets: list[Path]) -> tuple[Path, list[Path]]:
    """The vault to check for the paths given, and those of them to check.

    pre-commit passes every staged file of a repository, which may hold a
    vault in a folder beside a README or scripts. The vault is that of the
    first path inside a folder marked as a vault (``.obsidian/`` or a
    configuration), else that of the first path. Files outside it, and
    files that are neither notes nor canvases, are left out without a word;
    folders are kept.

    Given only files in no marked vault, where a marked vault sits in a
    folder below (a README beside the vault folder of a repository), there
    is nothing to check."""
    roots = [find_vault_root(t) for t in targets]
    marked = [r for r in roots if has_vault_marker(r)]
    if not marked and not any(t.is_dir() for t in targets):
        below = vault_folders_below(roots[0])
        if below:
            return below[0], []
    root = marked[0] if marked else roots[0]
    kept = []
    for target in targets:
        absolute = Path(os.path.abspath(target))
        inside = any(p == root or root in p.parents for p in (absolute, absolute.resolve()))
        if inside and (absolute.is_dir() or is_checkable(absolute.name)):
            kept.append(target)
    return root, kept
