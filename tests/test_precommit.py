"""The pre-commit hooks, run by the real pre-commit against this checkout.

pre-commit installs vaultlint from a git repository into an environment of
its own (a pip install, which needs the package index), so this is the
slowest test of the suite; it installs twice, at the same time, once for
``try-repo`` and once for a ``.pre-commit-config.yaml`` as a vault would
have. If the install
fails for want of a network it is skipped, except in CI (``CI`` set), where
it must run.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import run, write_vault

CHECKOUT = Path(__file__).resolve().parent.parent
# What pip needs to build vaultlint, plus the hook manifest.
PACKAGE_FILES = ["pyproject.toml", "README.md", ".pre-commit-hooks.yaml", "vaultlint", "rules"]
GIT = ["git", "-c", "user.name=vaultlint tests", "-c", "user.email=tests@example.invalid",
       "-c", "commit.gpgsign=false", "-c", "init.defaultBranch=main"]


def git(cwd: Path, *args: str) -> str:
    return subprocess.run([*GIT, *args], cwd=cwd, check=True, capture_output=True, text=True).stdout


def hook_repository(dest: Path) -> tuple[Path, str]:
    """A git repository holding this checkout's working tree, committed as is
    (uncommitted edits included), and its commit."""
    dest.mkdir()
    for name in PACKAGE_FILES:
        src = CHECKOUT / name
        if src.is_dir():
            shutil.copytree(src, dest / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            shutil.copy2(src, dest / name)
    git(dest, "init", "-q")
    git(dest, "add", "-A")
    git(dest, "commit", "-q", "-m", "vaultlint under test")
    return dest, git(dest, "rev-parse", "HEAD").strip()


# What pip prints when it cannot reach the package index.
OFFLINE = ("NewConnectionError", "Temporary failure in name resolution", "Network is unreachable",
           "No matching distribution found")


def start_pre_commit(vault_repo: Path, home: Path, *args: str) -> subprocess.Popen:
    git(vault_repo, "add", "-A")  # pre-commit looks at what git tracks
    env = {**os.environ, "PRE_COMMIT_HOME": str(home), "PRE_COMMIT_COLOR": "never"}
    return subprocess.Popen([sys.executable, "-m", "pre_commit", *args], cwd=vault_repo, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def finish(process: subprocess.Popen) -> tuple[int, str]:
    """pre-commit's exit code and output, once it has finished."""
    output, _ = process.communicate(timeout=600)
    if "An unexpected error has occurred" in output and any(sign in output for sign in OFFLINE):
        if os.environ.get("CI"):
            pytest.fail(f"pre-commit could not install vaultlint:\n{output}")
        pytest.skip("pre-commit could not install vaultlint (no package index?)")
    return process.returncode, output


def pre_commit(vault_repo: Path, home: Path, *args: str) -> tuple[int, str]:
    return finish(start_pre_commit(vault_repo, home, *args))


MOJIBAKE = "# Immunity\n\nThe body\u00e2\u20ac\u2122s white cells fight infection.\n"
REPAIRED = "# Immunity\n\nThe body\u2019s white cells fight infection.\n"


def test_hook_fails_on_a_broken_link_fixes_mojibake_and_passes_once_repaired(tmp_path: Path):
    hooks, rev = hook_repository(tmp_path / "vaultlint")
    # A repository with the vault in a folder, a README and a script beside it.
    repo = tmp_path / "course"
    vault = write_vault(repo / "notes", {
        ".obsidian/app.json": "{}\n",
        "Leukopenia.md": "# Leukopenia\n\nLow neutrophils, see [[Neutropnia]].\n",
        "Neutropenia.md": "# Neutropenia\n",
        "Immunity.md": MOJIBAKE,
    })
    (repo / "README.md").write_text("# Course notes\n\nSee [[Nothing here]].\n", encoding="utf-8")
    (repo / "tools").mkdir()
    (repo / "tools" / "export.py").write_text("print('[[x]]')\n", encoding="utf-8")
    git(repo, "init", "-q")
    home = tmp_path / "pre-commit-home"

    # The entry `vaultlint init` prints, pointed at the checkout, with fixing
    # switched on. Its environment installs while try-repo installs its own.
    init = run("init", str(vault))
    assert init.exit_code == 0
    entry = init.stdout[init.stdout.index("repos:"):]
    entry = entry.replace("https://github.com/vaultlint/vaultlint", str(hooks))
    entry = entry.replace("rev: v0.1.0", f"rev: {rev}").replace("# args: [--fix]", "args: [--fix]")
    (repo / ".pre-commit-config.yaml").write_text(entry, encoding="utf-8")
    installing = start_pre_commit(repo, home, "install-hooks")

    # 1. The hook as shipped, tried straight from the checkout: the README at
    # the repository root is passed too, and skipped without a word. Paths
    # are relative to where pre-commit runs, so a click opens the note.
    code, output = pre_commit(repo, home, "try-repo", str(hooks), "vaultlint", "--all-files")
    assert code == 1, output
    assert "vaultlint....." in output and "Failed" in output
    assert 'notes/Leukopenia.md:3:22: VL101 [unresolved-link] "Neutropnia"' in output
    assert "notes/Immunity.md:3:9: VL201" in output
    assert "Nothing here" not in output and "README" not in output

    # 2. With args: [--fix] the one hook repairs the mojibake, says so, and
    # prints what is left once.
    code, output = finish(installing)
    assert code == 0, output
    code, output = pre_commit(repo, home, "run", "--all-files")
    assert code == 1, output
    assert "files were modified by this hook" in output
    assert "Fixed 1 problem in 1 note:\n  notes/Immunity.md (1 fix)" in output
    assert (vault / "Immunity.md").read_text(encoding="utf-8") == REPAIRED
    # The broken link has no safe fix: it is still reported, once.
    assert output.count("notes/Leukopenia.md:3:22: VL101") == 1

    # 3. Once the link is repaired the hook passes.
    note = vault / "Leukopenia.md"
    note.write_text(note.read_text(encoding="utf-8").replace("Neutropnia", "Neutropenia"), encoding="utf-8")
    code, output = pre_commit(repo, home, "run", "--all-files")
    assert code == 0, output
    assert output.count("Passed") == 1

    # 4. Given only the changed note, as on a commit, the link into a note
    # that was not passed still resolves: the whole vault is indexed.
    code, output = pre_commit(repo, home, "run", "vaultlint", "--files", "notes/Leukopenia.md", "README.md")
    assert code == 0, output
    assert "Passed" in output
    note.write_text(note.read_text(encoding="utf-8") + "See [[Agranulocytosis]].\n", encoding="utf-8")
    code, output = pre_commit(repo, home, "run", "vaultlint", "--files", "notes/Leukopenia.md")
    assert code == 1, output
    assert "notes/Leukopenia.md:4:5: VL101" in output
