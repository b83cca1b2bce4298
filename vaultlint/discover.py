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
