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


def display_path(vault_root: Path, path: str) -> str:
    """A vault-relative path as seen from the current folder, '/'-separated;
    absolute when there is no relative way (another drive on Windows)."""
    try:
        shown = os.path.relpath(vault_root / path)
    except ValueError:
        shown = str(Path(vault_root / path).resolve())
    return shown.replace(os.sep, "/")


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
