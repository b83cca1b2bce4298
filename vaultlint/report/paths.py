"""Paths for reports read outside the vault folder.

Diagnostics carry vault-relative paths. Reports people and tools open files
from (text, concise, GitHub, JUnit, the --fix summary) show paths relative
to the current folder, as pre-commit, editors and terminals expect. Code
scanning places findings by their path in the repository, and the vault is
often a folder inside it, so SARIF re-anchors paths at the repository root
(the nearest folder above the vault holding ``.git``); a vault outside any
repository is its own root.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Callable


def display_path(vault_root: Path, path: str) -> str:
    """A vault-relative path as seen from the current folder, '/'-separated;
    absolute when there is no relative way (another drive on Windows)."""
    try:
        shown = os.path.relpath(vault_root / path)
    except ValueError:
        shown = str(Path(vault_root / path).resolve())
    return shown.replace(os.sep, "/")


def display_paths(vault_root: Path) -> Callable[[str], str]:
    """:func:`display_path` for many paths of one vault: each folder is made
    relative to the current folder once, and each path shown once, not once
    per finding.

    >>> shown = display_paths(Path.cwd() / "Vault")
    >>> shown("Notes/A.md"), shown("B.md"), shown("Notes/C.md")
    ('Vault/Notes/A.md', 'Vault/B.md', 'Vault/Notes/C.md')
    """
    folders: dict[str, str | None] = {}  # None: no relative way there
    paths: dict[str, str] = {}

    def shown(path: str) -> str:
        known = paths.get(path)
        if known is None:
            known = paths[path] = _shown(path)
        return known

    def _shown(path: str) -> str:
        folder, _, name = path.rpartition("/")
        if name in ("", os.curdir, os.pardir):
            return display_path(vault_root, path)
        if folder not in folders:
            try:
                folders[folder] = os.path.relpath(vault_root / folder)
            except ValueError:
                folders[folder] = None
        where = folders[folder]
        if where is None:
            return display_path(vault_root, path)
        return (name if where == os.curdir else os.path.join(where, name)).replace(os.sep, "/")

    return shown


def repository_root(vault_root: Path) -> Path:
    """The absolute root of the git repository holding the vault."""
    root = vault_root.resolve()
    for folder in (root, *root.parents):
        # A file named .git marks a worktree or submodule.
        if (folder / ".git").exists():
            return folder
    return root


def repository_path(vault_root: Path, repo_root: Path, path: str) -> str:
    """A vault-relative note path, made '/'-separated relative to ``repo_root``."""
    return (vault_root.resolve() / path).relative_to(repo_root).as_posix()
