"""Paths for reports read outside the vault folder.

Diagnostics carry vault-relative paths. Code scanning and GitHub annotations
place findings by their path in the repository, and the vault is often a
folder inside it, so those reports re-anchor paths at the repository root
(the nearest folder above the vault holding ``.git``); a vault outside any
repository is its own root.
"""

from __future__ import annotations

from pathlib import Path


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
