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
    """The vault that ``start`` (a file or folder) belongs to.

    The search goes up from ``start`` and stops at the first folder with
    ``.obsidian/``, a vaultlint configuration or ``.git``: a folder above a
    repository is someone else's, and its ``pyproject.toml`` is not read.
    """
    start = start.resolve()
    here = start if start.is_dir() else start.parent
    for folder in (here, *here.parents):
        if (folder / ".obsidian").is_dir() or find_config_file(folder):
            return folder
        if os.path.lexists(folder / ".git"):
            break
    if start.is_dir():
        return start
    cwd = Path.cwd().resolve()
    return cwd if cwd in start.parents else here


def walk(root: Path, follow_outside: bool = False) -> VaultFiles:
    """Every visible file below ``root``.

    Symbolic links are judged by where they lead (see :func:`symlink_problem`):
    one that is not followed is left out and listed in ``problems`` with the
    reason. ``follow_outside`` follows links to folders and files outside
    the vault (the ``follow-outside-symlinks`` setting).
    """
    files: list[str] = []
    disk_names: dict[str, str] = {}
    problems: list[tuple[str, str]] = []
    stats: dict[str, tuple[int, int, int, int]] = {}
    seen_dirs: set[tuple[int, int]] = set()
    real_root = Path(os.path.realpath(root))
    followed: list[Path] = []  # the outside folders symlinks led to
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
            nfc = unicodedata.normalize("NFC", disk_rel)
            if entry.is_symlink():
                target, problem = symlink_problem(Path(entry.path), real_root, follow_outside, followed)
                if problem:
                    problems.append((nfc, problem))
                    if target.is_file() and not target.is_relative_to(real_root):
                        # Obsidian sees the file, so links to it resolve; its text is not read.
                        files.append(nfc)
                        unread.add(nfc)
                    continue
            try:
                is_dir = entry.is_dir()  # follows symlinks
            except OSError:
                is_dir = False
            if is_dir:
                visit(Path(entry.path), disk_rel)
                continue
            if nfc != disk_rel:
                disk_names[nfc] = disk_rel
            files.append(nfc)
            if is_note(nfc):
                try:
                    st = entry.stat()
                    stats[nfc] = (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)
                except OSError:
                    pass  # reading it will say what is wrong

    unread: set[str] = set()
    visit(root, "")
    files.sort()
    notes = [f for f in files if is_note(f) and f not in unread]
    return VaultFiles(files, notes, disk_names, problems, stats, leftovers)



def symlink_problem(
    link: Path, real_root: Path, follow_outside: bool, followed: list[Path]
) -> tuple[Path, str]:
    """Where the symbolic link ``link`` leads, and why it is not followed
    ('' when it is).

    Never followed: a dangling link, a loop, a link to the vault itself or
    a folder holding it (that would take in the whole vault again, or the
    whole disk), a link to another folder of the vault (Obsidian ignores
    those, so files would be counted twice). A link that leads outside the
    vault is followed only with ``follow_outside``, and then only when its
    folder does not overlap one already taken in. Obsidian follows such
    links, but a vault cloned from someone else could point them at any
    file of the machine, and what vaultlint reads ends up in its report.

    >>> import tempfile
    >>> root = Path(os.path.realpath(tempfile.mkdtemp()))
    >>> (root / "up").symlink_to("..")
    >>> symlink_problem(root / "up", root, True, [])[1]
    'symbolic link to a folder that holds the vault (..): not followed'
    """
    written = os.readlink(link)
    try:
        target = Path(os.path.realpath(link, strict=True))
    except FileNotFoundError:
        return link, f"dangling symbolic link: its target {written} does not exist"
    except OSError as exc:  # ELOOP: a chain of links that never ends
        return link, f"symbolic link that cannot be followed ({written}): {exc.strerror or exc}"
    if target == real_root:
        return target, f"symbolic link loop: leads back to the vault folder ({written}), not followed"
    if real_root.is_relative_to(target):
        return target, f"symbolic link to a folder that holds the vault ({written}): not followed"
    if target.is_relative_to(real_root):
        if target.is_dir():
            return target, (f"symbolic link to another folder of this vault ({written}): "
                            "not followed, as Obsidian ignores it")
        return target, ""
    if not follow_outside:
        return target, (f"symbolic link to {target}, outside the vault: not followed "
                        "(set follow-outside-symlinks = true to check it)")
    if target.is_dir():
        if any(target.is_relative_to(f) or f.is_relative_to(target) for f in followed):
            return target, f"symbolic link to {target}, which overlaps another linked folder: not followed"
        followed.append(target)
    return target, ""


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
