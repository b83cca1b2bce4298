"""What pre-commit passes: every staged file of the repository. Files that
are not notes of the vault are skipped without a word, never an error."""

from __future__ import annotations

import subprocess

import pytest

from conftest import VAULTLINT, write_vault


@pytest.fixture
def repo(tmp_path, monkeypatch):
    root = tmp_path / "course"
    write_vault(root / "notes", {"Home.md": "See [[Anemia]].\n", "Anemia.md": "# Anemia\n", "Boards/B.canvas": "{}"})
    (root / "README.md").write_text("# Course\n\n[[Not a vault link]]\n")
    (root / "tools").mkdir()
    (root / "tools" / "export.py").write_text("print('[[x]]')\n")
    (root / "notes" / "export.py").write_text("print('[[y]]')\n")
    monkeypatch.chdir(root)
    return root


def vaultlint(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([VAULTLINT, "check", "--no-cache", *args], capture_output=True, text=True, timeout=120)


def test_readme_and_scripts_beside_the_vault_are_skipped(repo):
    done = vaultlint("README.md", "tools/export.py", "notes/export.py", "notes/Home.md", "notes/Boards/B.canvas")
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout == "All checks passed (1 note and 1 canvas checked).\n"


def test_the_vault_is_found_whatever_order_the_files_come_in(repo):
    (repo / "notes" / "Home.md").write_text("See [[Anaemia]].\n")
    done = vaultlint("notes/Home.md", "README.md")
    assert done.returncode == 1
    assert done.stdout.startswith('notes/Home.md:1:5: VL101 [unresolved-link] "Anaemia"')
    assert vaultlint("README.md", "notes/Home.md").stdout == done.stdout


def test_only_files_that_are_not_notes_is_a_silent_pass(repo):
    done = vaultlint("tools/export.py", "notes/export.py")
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")


def test_the_files_pattern_init_prints_keeps_the_readme_away(repo):
    import re

    from conftest import run

    subprocess.run(["git", "init", "-q"], check=True)
    entry = run("init", "notes").stdout
    pattern = re.compile(re.search(r"files: '(.*)'", entry).group(1))
    staged = ["README.md", "tools/export.py", "notes/Home.md", "notes/Boards/B.canvas", "notes/export.py"]
    assert [p for p in staged if pattern.search(p)] == ["notes/Home.md", "notes/Boards/B.canvas"]


def test_a_readme_alone_beside_a_vault_folder_is_skipped(repo):
    # pre-commit with the shipped pattern passes a README staged on its own.
    done = vaultlint("README.md")
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")
    # Where no vault is marked at all, a Markdown file is a note as before.
    (repo / "notes" / ".obsidian").rmdir()
    assert vaultlint("README.md").stdout.startswith('README.md:3:1: VL101 [unresolved-link] "Not a vault link"')
