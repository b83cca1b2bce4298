"""What git knows about a vault: the last committed files and recorded renames.

Everything here runs ``git`` as a subprocess with an argument list (never a
shell), reads NUL-separated output (``-z``) so names with spaces, quotes,
newlines or non-ASCII characters come through unchanged, and answers
"nothing known" when git is missing, the folder is not a repository, or git
fails: callers treat git as optional information, never as a requirement.

Paths going in and out are relative to the vault root and '/'-separated,
NFC-normalised like the rest of the index, whether the vault is the
repository's top folder or a folder inside it. Files outside the vault are
left out.

>>> parse_name_status_z(b"R100\\x00Old.md\\x00New/Old.md\\x00M\\x00a.md\\x00")
[('Old.md', 'New/Old.md')]
"""

from __future__ import annotations

import os
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

# Limits what a pathological repository can cost us; git answers these
# queries in well under a second on large vaults.
_TIMEOUT = 60


class GitError(Exception):
    """A git command failed in a way the user should hear about (``git mv``)."""


@dataclass(frozen=True)
class Repo:
    """A vault inside a git work tree.

    ``prefix`` is the vault's folder relative to the repository top, '' when
    the vault is the top, otherwise ending in '/'.
    """

    top: Path
    prefix: str

    def to_vault(self, repo_path: str) -> str | None:
        """A repository path as a vault path, or None when outside the vault.

        >>> Repo(Path("/r"), "Notes/").to_vault("Notes/A/b.md")
        'A/b.md'
        >>> Repo(Path("/r"), "Notes/").to_vault("other.md") is None
        True
        """
        if not repo_path.startswith(self.prefix):
            return None
        return unicodedata.normalize("NFC", repo_path[len(self.prefix) :])

    def to_repo(self, vault_path: str) -> str:
        return self.prefix + vault_path


def _git() -> str | None:
    import shutil  # with subprocess, loaded only when git is run: most checks never run it

    return shutil.which("git")


def _run(args: list[str], cwd: Path) -> bytes | None:
    """Run ``git args`` in ``cwd``; its stdout, or None when it failed."""
    git = _git()
    if git is None:
        return None
    env = dict(os.environ)
    # A repository's own config must not make us page, prompt, or translate.
    env.update({"GIT_PAGER": "cat", "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C"})
    import subprocess

    try:
        done = subprocess.run(
            [git, "-c", "core.quotepath=off", *args],
            cwd=cwd,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
            timeout=_TIMEOUT,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    if done.returncode != 0:
        return None
    return done.stdout


def find_repo(vault_root: Path) -> Repo | None:
    """The git work tree the vault is in, or None (no git, not a repository,
    or the vault is inside the ``.git`` folder itself).

    git is asked only when some folder from the vault up holds a ``.git``
    (a folder, or a file for a worktree or submodule) or the environment
    names a repository: a vault outside any repository, checked on every
    run, starts no process."""
    if not _maybe_in_repo(Path(vault_root)):
        return None
    out = _run(["rev-parse", "--show-toplevel", "--show-prefix"], Path(vault_root))
    if out is None:
        return None
    lines = out.decode("utf-8", "surrogateescape").split("\n")
    if len(lines) < 2 or not lines[0]:
        return None
    return Repo(Path(lines[0]), lines[1])


def _maybe_in_repo(folder: Path) -> bool:
    if os.environ.get("GIT_DIR") or os.environ.get("GIT_WORK_TREE"):
        return True
    folder = Path(os.path.abspath(folder))
    return any(os.path.lexists(place / ".git") for place in (folder, *folder.parents))


def _split_z(out: bytes) -> list[str]:
    return [part.decode("utf-8", "surrogateescape") for part in out.split(b"\0") if part]


def parse_name_status_z(out: bytes) -> list[tuple[str, str]]:
    """The (old, new) renames in ``git diff --name-status -z`` output.

    Other statuses carry one path, renames and copies two; only renames are
    kept (a copy leaves the old file where it was).
    """
    parts = _split_z(out)
    renames: list[tuple[str, str]] = []
    i = 0
    while i < len(parts):
        status = parts[i]
        if status[:1] in ("R", "C"):
            if i + 2 >= len(parts):
                break  # truncated output: nothing more to trust
            if status[0] == "R":
                renames.append((parts[i + 1], parts[i + 2]))
            i += 3
        else:
            i += 2
    return renames


def head_files(repo: Repo) -> frozenset[str] | None:
    """Vault paths of the files in the last commit (HEAD's tree).

    None when there is no commit yet or git cannot tell.
    """
    out = _run(["ls-tree", "-r", "-z", "--name-only", "--full-tree", "HEAD"], repo.top)
    if out is None:
        return None
    files = (repo.to_vault(path) for path in _split_z(out))
    return frozenset(path for path in files if path)


def _renames(repo: Repo, args: list[str]) -> list[tuple[str, str]]:
    out = _run(["diff", "--name-status", "-z", "-M", "--no-ext-diff", "--no-color", *args], repo.top)
    if out is None:
        return []
    renames = []
    for old, new in parse_name_status_z(out):
        old_v, new_v = repo.to_vault(old), repo.to_vault(new)
        if old_v and new_v:
            renames.append((old_v, new_v))
    return renames


@dataclass(frozen=True)
class Renames:
    """Renames git has recorded, as ``{old vault path: new vault path}``.

    ``staged``: between HEAD and the index (``git mv``, or a deletion and an
    addition that git pairs up once both are staged). ``committed``: in the
    last commit (HEAD against its first parent).
    """

    staged: dict[str, str] = field(default_factory=dict)
    committed: dict[str, str] = field(default_factory=dict)

    def combined(self) -> dict[str, str]:
        """One map, with chains followed (A→B committed, B→C staged: A→C).

        >>> Renames({"B.md": "C.md"}, {"A.md": "B.md"}).combined() == {"A.md": "C.md", "B.md": "C.md"}
        True
        """
        result = dict(self.committed)
        for old, new in result.items():
            result[old] = self.staged.get(new, new)
        for old, new in self.staged.items():
            result.setdefault(old, new)
        return result


def renames(repo: Repo) -> Renames:
    """What was renamed in the staging area and in the last commit."""
    staged = dict(_renames(repo, ["--cached", "HEAD"]))
    has_parent = _run(["rev-parse", "--verify", "-q", "HEAD^"], repo.top) is not None
    committed = dict(_renames(repo, ["HEAD^", "HEAD"])) if has_parent else {}
    return Renames(staged=staged, committed=committed)


def is_tracked(repo: Repo, vault_path: str) -> bool:
    """Whether git tracks this file, or any file under this folder."""
    out = _run(["ls-files", "-z", "--", f":(literal){repo.to_repo(vault_path)}"], repo.top)
    return bool(out)


def move(repo: Repo, source: str, dest: str) -> None:
    """``git mv`` one vault path to another; GitError with git's message on failure."""
    git = _git()
    if git is None:
        raise GitError("git is not installed")
    import subprocess

    try:
        done = subprocess.run(
            [git, "mv", "--", repo.to_repo(source), repo.to_repo(dest)],
            cwd=repo.top,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            timeout=_TIMEOUT,
            check=False,
            env=dict(os.environ, LC_ALL="C"),
        )
    except (OSError, subprocess.SubprocessError) as exc:
        raise GitError(str(exc)) from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitError(message[-1] if message else "git mv failed")
