"""The unresolved-link policy: which links to notes not written yet
(placeholders) VL101 reports."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from conftest import findings, write_vault

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")

HOME = "Read [[Anemia]], [[Blood]] and [[Pharm/Heparin]].\n"


def git(cwd, *args):
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True,
                   env={"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@e", "GIT_COMMITTER_NAME": "t",
                        "GIT_COMMITTER_EMAIL": "t@e", "PATH": "/usr/bin:/bin", "HOME": str(cwd)})


@pytest.fixture
def repo(tmp_path):
    """A repository whose vault is in a subfolder; Anemia and Heparin were
    committed, Blood was never written."""
    root = tmp_path / "repo"
    vault = write_vault(root / "notes", {"Home.md": HOME, "Anemia.md": "# Anemia\n", "Pharm/Heparin.md": "x\n"})
    (root / "README.md").write_text("# Course notes\n")
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "notes")
    return root, vault


def policy(vault, text):
    (vault / "vaultlint.toml").write_text("[links]\n" + text)


def unresolved(vault) -> list[tuple[int, str]]:
    return [(f["column"], f["message"].split('"')[1])
            for f in findings(str(vault)) if f["code"] == "VL101"]


def test_all_is_the_default(repo):
    _, vault = repo
    (vault / "Anemia.md").unlink()
    assert unresolved(vault) == [(6, "Anemia"), (18, "Blood")]


def test_since_commit_reports_only_links_broken_since_the_last_commit(repo):
    _, vault = repo
    policy(vault, 'report-unresolved = "since-commit"\n')
    assert unresolved(vault) == []  # Blood was never there: a placeholder
    (vault / "Anemia.md").rename(vault / "Anaemia.md")  # renamed, not yet committed
    (vault / "Pharm" / "Heparin.md").unlink()
    found = [f for f in findings(str(vault)) if f["code"] == "VL101"]
    assert [(f["line"], f["column"]) for f in found] == [(1, 6), (1, 32)]
    assert 'Did you mean "Anaemia"' in found[0]["message"]


def test_since_commit_after_the_rename_is_committed(repo):
    root, vault = repo
    policy(vault, 'report-unresolved = "since-commit"\n')
    (vault / "Anemia.md").rename(vault / "Anaemia.md")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "rename")
    # Anemia is no longer in the last commit: the link is now a placeholder too.
    assert unresolved(vault) == []


def test_since_commit_outside_git_reports_every_link(tmp_path):
    vault = write_vault(tmp_path / "v", {"Home.md": HOME, "vaultlint.toml": '[links]\nreport-unresolved = "since-commit"\n'})
    assert [f["column"] for f in findings(str(vault))] == [6, 18, 32]


def test_unlisted_reports_all_but_the_listed_placeholders(repo):
    _, vault = repo
    (vault / "Anemia.md").unlink()
    policy(vault, 'report-unresolved = "unlisted"\nplaceholder-notes = ["blood", "Vitamins.md"]\n')
    assert unresolved(vault) == [(6, "Anemia")]


def test_unknown_policy_is_a_configuration_error(repo):
    from conftest import run

    _, vault = repo
    policy(vault, 'report-unresolved = "never"\n')
    result = run("check", str(vault))
    assert result.exit_code == 2
    assert "links.report-unresolved must be one of all, since-commit, unlisted" in result.stderr
