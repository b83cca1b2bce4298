"""--diff applies with real ``git apply`` and ``patch -p1`` for every kind of
name vaultlint can fix, and makes exactly the change --fix makes."""

from __future__ import annotations

import os
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest

from conftest import run, write_vault

GIT = shutil.which("git")
PATCH = shutil.which("patch")

# Mojibake with a safe fix (VL201): "donâ€™t" -> "don’t".
GARBLED = "# Care plan\n\nPatients donâ€™t always say.\n"
REPAIRED = "# Care plan\n\nPatients don’t always say.\n"

NAMES = {
    "space": "Heart failure.md",
    "folder with space": "Week 1/Fluid balance.md",
    "nfc": unicodedata.normalize("NFC", "Café noir.md"),
    "nfd": unicodedata.normalize("NFD", "Café noir.md"),
    "nfd folder": unicodedata.normalize("NFD", "Pédiatrie/Fièvre.md"),
    "double quote": 'Say "no".md',
    "single quote": "Don't panic.md",
    "tab": "Tab\there.md",
    "backslash": "back\\slash.md",
    "long": "L" * 244 + ".md",  # 247 bytes: the longest name GNU patch can patch
    "long non-ascii": "é" * 122 + ".md",  # 247 bytes
    "longest": "L" * 252 + ".md",  # 255 bytes: git apply only, and --diff says so
}


def make_vault(root: Path, name: str) -> Path:
    write_vault(root, {})
    note = root / name
    note.parent.mkdir(parents=True, exist_ok=True)
    note.write_bytes(GARBLED.encode())
    return root


def tree(root: Path) -> dict[str, bytes]:
    """Every file below root (dot-paths aside), by its name as stored."""
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in root.rglob("*")
        if p.is_file() and not any(part.startswith(".") for part in p.relative_to(root).parts)
    }


def git(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", "-c", "core.quotepath=false", *args],
        cwd=cwd, capture_output=True, check=True,
    )


@pytest.mark.skipif(GIT is None or PATCH is None, reason="needs git and GNU patch on PATH")
@pytest.mark.parametrize("kind", list(NAMES))
def test_diff_applies_with_git_and_patch_and_matches_fix(tmp_path, kind):
    name = NAMES[kind]
    original = make_vault(tmp_path / "vault", name)
    result = run("check", "--diff", str(original))
    assert result.exit_code == 1, result.output
    if kind == "longest":
        assert result.stderr == f"patch -p1 cannot apply the change to {'L' * 20}....md: its name is over 247 bytes; use git apply.\n"
    else:
        assert result.stderr == ""
    diff = result.stdout_bytes
    assert diff.count(b"diff --git ") == 1
    patch_file = tmp_path / "fix.diff"
    patch_file.write_bytes(diff)

    # git apply, in a copy of the vault that is a repository
    with_git = tmp_path / "with-git"
    shutil.copytree(original, with_git, symlinks=True)
    git(with_git, "init", "-q")
    git(with_git, "apply", "--check", str(patch_file))
    git(with_git, "apply", str(patch_file))

    # patch -p1, in a plain copy
    with_patch = tmp_path / "with-patch"
    shutil.copytree(original, with_patch, symlinks=True)
    dry = subprocess.run(["patch", "-p1", "--dry-run", "-i", str(patch_file)], cwd=with_patch, capture_output=True)
    assert dry.returncode == 0, dry.stdout + dry.stderr
    if kind == "longest":  # patch's own temporary name would be too long
        (with_patch / name).write_bytes(REPAIRED.encode())
    else:
        subprocess.run(["patch", "-p1", "--quiet", "-i", str(patch_file)], cwd=with_patch, check=True)

    # --fix in the vault itself, under git, to compare with git's own diff
    git(original, "init", "-q")
    git(original, "add", "-A")
    git(original, "commit", "-qm", "before")
    fixed = run("check", "--fix", str(original))
    assert fixed.exit_code == 1, fixed.output  # 1: a note was changed, as pre-commit expects
    assert fixed.stdout == "All checks passed (1 note checked).\n"
    assert fixed.stderr.startswith("Fixed 1 problem in 1 note:\n")

    expected = {name: REPAIRED.encode()}
    assert tree(original) == tree(with_git) == tree(with_patch) == expected
    ours = [line for line in diff.splitlines(keepends=True)]
    gits = [line for line in git(original, "diff").stdout.splitlines(keepends=True) if not line.startswith(b"index ")]
    assert ours == gits


def test_names_in_the_diff_are_as_stored_on_disk(tmp_path):
    root = make_vault(tmp_path / "vault", NAMES["nfd"])
    diff = run("check", "--diff", str(root)).stdout_bytes
    stored = NAMES["nfd"].encode()
    assert diff.splitlines()[:3] == [
        b"diff --git a/" + stored + b" b/" + stored,
        b"--- a/" + stored + b"\t",
        b"+++ b/" + stored + b"\t",
    ]


def test_long_name_is_fixed_as_the_diff_shows(tmp_path):
    name = NAMES["longest"]
    root = make_vault(tmp_path / "vault", name)
    assert b"+Patients don\xe2\x80\x99t always say." in run("check", "--diff", str(root)).stdout_bytes
    result = run("check", "--fix", str(root))
    shown = os.path.relpath(root / name)  # reports show paths from the current folder
    assert (result.exit_code, result.stderr) == (1, f"Fixed 1 problem in 1 note:\n  {shown} (1 fix)\n")
    assert (root / name).read_text() == REPAIRED
    assert sorted(p.name for p in root.iterdir()) == [".obsidian", ".vaultlint_cache", name]  # no temporary file left
