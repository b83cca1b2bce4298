"""vaultlint.git against real repositories made in temporary folders."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from vaultlint import git

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def run_git(cwd: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=T", "-c", "user.email=t@example.org", "-c", "commit.gpgsign=false", *args],
        cwd=cwd,
        check=True,
        capture_output=True,
    )


def make_repo(top: Path, files: dict[str, str]) -> None:
    top.mkdir(parents=True, exist_ok=True)
    run_git(top, "init", "-q")
    for name, text in files.items():
        path = top / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    run_git(top, "add", "-A")
    run_git(top, "commit", "-q", "-m", "first")


def test_not_a_repository(tmp_path: Path) -> None:
    assert git.find_repo(tmp_path) is None


def test_missing_folder_is_not_a_repository(tmp_path: Path) -> None:
    assert git.find_repo(tmp_path / "absent") is None


def test_head_files_with_odd_names(tmp_path: Path) -> None:
    names = {"Q&A.md": "a", "C# notes.md": "b", "Café.md": "c", "sub dir/x\ty.md": "d", "-rf.md": "e"}
    make_repo(tmp_path, names)
    repo = git.find_repo(tmp_path)
    assert repo is not None and repo.prefix == ""
    assert git.head_files(repo) == frozenset(names)


def test_vault_inside_repository_keeps_only_its_files(tmp_path: Path) -> None:
    make_repo(tmp_path, {"README.md": "r", "Notes/A.md": "a", "Notes/Sub/B.md": "b"})
    repo = git.find_repo(tmp_path / "Notes")
    assert repo is not None and repo.prefix == "Notes/"
    assert git.head_files(repo) == frozenset({"A.md", "Sub/B.md"})


def test_no_commit_yet(tmp_path: Path) -> None:
    run_git(tmp_path, "init", "-q")
    repo = git.find_repo(tmp_path)
    assert repo is not None
    assert git.head_files(repo) is None
    assert git.renames(repo) == git.Renames()


def test_staged_and_committed_renames(tmp_path: Path) -> None:
    body = "a note long enough for git to pair the rename\n" * 5
    make_repo(tmp_path, {"Old.md": body, "Keep.md": "k", "Two.md": body + "two\n"})
    (tmp_path / "Folder").mkdir()
    run_git(tmp_path, "mv", "Old.md", "Folder/New name.md")
    run_git(tmp_path, "commit", "-q", "-m", "move")
    run_git(tmp_path, "mv", "Two.md", "Q&A.md")
    repo = git.find_repo(tmp_path)
    found = git.renames(repo)
    assert found.committed == {"Old.md": "Folder/New name.md"}
    assert found.staged == {"Two.md": "Q&A.md"}


def test_chained_renames_follow_to_the_end(tmp_path: Path) -> None:
    body = "the same body through both moves\n" * 5
    make_repo(tmp_path, {"A.md": body})
    run_git(tmp_path, "mv", "A.md", "B.md")
    run_git(tmp_path, "commit", "-q", "-m", "move")
    run_git(tmp_path, "mv", "B.md", "C.md")
    found = git.renames(git.find_repo(tmp_path))
    assert found.combined() == {"A.md": "C.md", "B.md": "C.md"}


def test_unstaged_move_is_not_recorded(tmp_path: Path) -> None:
    body = "moved in a file manager, not staged\n" * 5
    make_repo(tmp_path, {"A.md": body})
    (tmp_path / "A.md").rename(tmp_path / "B.md")
    found = git.renames(git.find_repo(tmp_path))
    assert found.combined() == {}


def test_git_mv_and_tracked(tmp_path: Path) -> None:
    make_repo(tmp_path, {"A [1].md": "a", "Dir/B.md": "b"})
    repo = git.find_repo(tmp_path)
    assert git.is_tracked(repo, "A [1].md")
    assert git.is_tracked(repo, "Dir")
    assert not git.is_tracked(repo, "Nope.md")
    git.move(repo, "A [1].md", "Dir/A [1].md")
    assert (tmp_path / "Dir" / "A [1].md").is_file()
    assert git.renames(repo).staged == {"A [1].md": "Dir/A [1].md"}


def test_git_mv_failure_is_one_line(tmp_path: Path) -> None:
    make_repo(tmp_path, {"A.md": "a"})
    repo = git.find_repo(tmp_path)
    with pytest.raises(git.GitError) as info:
        git.move(repo, "Missing.md", "B.md")
    assert "\n" not in str(info.value) and str(info.value)


# --- VL101/VL102 repair links after a rename git recorded -----------------

from click.testing import CliRunner  # noqa: E402

from vaultlint.cli import main  # noqa: E402

RENAME_VAULT = {
    "Home.md": "See [[Drugs]], [[Drugs#Dosing|dosing]] and [list](Drugs.md).\n![[ecg.png]]\n",
    "Drugs.md": "# Dosing\nA list of drugs long enough for git to pair the rename.\n" * 3,
    "ecg.png": "not really a png but enough bytes to pair the rename\n" * 3,
}


def check(root: Path, *args: str):
    return CliRunner().invoke(main, ["check", "--no-cache", "--select", "VL101,VL102", *args, str(root)])


def test_staged_rename_gives_a_safe_fix(tmp_path: Path) -> None:
    make_repo(tmp_path, RENAME_VAULT)
    (tmp_path / "Pharm").mkdir()
    run_git(tmp_path, "mv", "Drugs.md", "Pharm/Medication list.md")
    run_git(tmp_path, "mv", "ecg.png", "Pharm/ECG strip.png")
    result = check(tmp_path)
    assert result.exit_code == 1
    assert 'Home.md:1:5: VL101 [unresolved-link] "Drugs" leads to no file in this vault' in result.output
    assert 'Git recorded that this file was renamed to "Pharm/Medication list.md".' in result.output
    assert 'Home.md:2:1: VL102' in result.output and '"Pharm/ECG strip.png"' in result.output
    fixed = check(tmp_path, "--fix")
    assert fixed.exit_code == 1  # notes were changed
    assert (tmp_path / "Home.md").read_text(encoding="utf-8") == (
        "See [[Medication list]], [[Medication list#Dosing|dosing]] and [list](Medication%20list.md).\n"
        "![[ECG strip.png]]\n"
    )
    assert check(tmp_path).exit_code == 0


def test_committed_rename_gives_a_safe_fix(tmp_path: Path) -> None:
    make_repo(tmp_path, RENAME_VAULT)
    run_git(tmp_path, "mv", "Drugs.md", "Medications.md")
    run_git(tmp_path, "commit", "-q", "-m", "rename")
    result = check(tmp_path, "--fix")
    assert result.exit_code == 1 and "Fixed 3 problems in 1 note" in result.output
    assert (tmp_path / "Home.md").read_text(encoding="utf-8").startswith("See [[Medications]], [[Medications#Dosing|dosing]]")


def test_rename_not_recorded_is_only_a_message(tmp_path: Path) -> None:
    make_repo(tmp_path, RENAME_VAULT)
    (tmp_path / "Drugs.md").rename(tmp_path / "Medications.md")  # a file manager, not git
    result = check(tmp_path, "--fix")
    assert "Git recorded" not in result.output
    assert (tmp_path / "Home.md").read_text(encoding="utf-8") == RENAME_VAULT["Home.md"]


def test_rename_found_after_staging_even_with_a_cache(tmp_path: Path) -> None:
    make_repo(tmp_path, RENAME_VAULT)
    (tmp_path / "Drugs.md").rename(tmp_path / "Medications.md")
    first = CliRunner().invoke(main, ["check", "--select", "VL101", str(tmp_path)])
    assert "Git recorded" not in first.output
    run_git(tmp_path, "add", "-A")
    second = CliRunner().invoke(main, ["check", "--select", "VL101", str(tmp_path)])
    assert 'Git recorded that this file was renamed to "Medications.md".' in second.output
