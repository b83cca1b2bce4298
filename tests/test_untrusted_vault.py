"""A vault from a stranger: symlinks, settings files, configuration errors,
and the files vaultlint writes outside the vault."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from conftest import VAULTLINT, codes_at, findings, run, write_vault

SECRET = "PASSWORD-OUTSIDE-THE-VAULT [[Secret link]]\n"


def vl002(items: list[dict]) -> dict[str, str]:
    return {f["path"]: f["message"] for f in items if f["code"] == "VL002"}


# --- symlinks -------------------------------------------------------------------


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A folder beside the vault with a note nobody meant to lint."""
    folder = tmp_path / "private"
    folder.mkdir()
    (folder / "Diary.md").write_text(SECRET)
    return folder


def test_symlink_to_the_vault_or_an_ancestor_is_not_followed(tmp_path):
    root = write_vault(tmp_path / "home" / "vault", {"A.md": "[[Nowhere]]\n"})
    (tmp_path / "home" / "Other.md").write_text(SECRET)
    (root / "up").symlink_to("..")
    (root / "self").symlink_to(".")
    (root / "disk").symlink_to("/")
    (root / "Sub").mkdir()
    (root / "Sub" / "back").symlink_to("..")
    result = run("check", "--format", "json", str(root))
    items = json.loads(result.stdout)
    assert codes_at(items) == [
        ("VL101", "A.md", 1, 1),
        ("VL002", "Sub/back", 1, 1),
        ("VL002", "disk", 1, 1),
        ("VL002", "self", 1, 1),
        ("VL002", "up", 1, 1),
    ]
    assert vl002(items) == {
        "Sub/back": "symbolic link loop: leads back to the vault folder (..), not followed",
        "disk": "symbolic link to a folder that holds the vault (/): not followed",
        "self": "symbolic link loop: leads back to the vault folder (.), not followed",
        "up": "symbolic link to a folder that holds the vault (..): not followed",
    }
    assert "PASSWORD" not in result.stdout


def test_symlink_out_of_the_vault_is_reported_not_followed(tmp_path, outside):
    root = write_vault(tmp_path / "vault", {"A.md": "[[Diary]] [[Shared/Diary]]\n"})
    (root / "Diary.md").symlink_to(outside / "Diary.md")
    (root / "Shared").symlink_to(outside)
    result = run("check", "--format", "json", str(root))
    items = json.loads(result.stdout)
    real = os.path.realpath(outside)
    assert vl002(items) == {
        "Diary.md": f"symbolic link to {real}/Diary.md, outside the vault: not followed "
        "(set follow-outside-symlinks = true to check it)",
        "Shared": f"symbolic link to {real}, outside the vault: not followed "
        "(set follow-outside-symlinks = true to check it)",
    }
    # The linked file is still a name Obsidian sees: [[Diary]] resolves, its text is not read.
    assert codes_at(items) == [("VL101", "A.md", 1, 11), ("VL002", "Diary.md", 1, 1), ("VL002", "Shared", 1, 1)]
    assert "PASSWORD" not in result.stdout and "Secret" not in result.stdout


def test_the_setting_follows_symlinks_out_of_the_vault(tmp_path, outside):
    root = write_vault(tmp_path / "vault", {"A.md": "[[Diary]]\n", "vaultlint.toml": "follow-outside-symlinks = true\n"})
    (root / "Shared").symlink_to(outside)
    (root / "Again").symlink_to(outside)
    items = findings(str(root))
    assert codes_at(items) == [("VL101", "Again/Diary.md", 1, 28), ("VL002", "Shared", 1, 1)]
    assert vl002(items) == {"Shared": f"symbolic link to {os.path.realpath(outside)}, which overlaps another linked folder: not followed"}
    # Even followed, an ancestor of the vault never is.
    (root / "up").symlink_to("..")
    assert vl002(findings(str(root)))["up"] == "symbolic link to a folder that holds the vault (..): not followed"


def test_symlink_to_another_folder_of_the_vault_is_ignored_as_obsidian_does(vault):
    root = vault({"Cardio/HF.md": "# HF\n", "A.md": "[[Cardio/HF]] [[Heart/HF]]\n"})
    (root / "Heart").symlink_to("Cardio")
    (root / "Linked.md").symlink_to("Cardio/HF.md")  # a file symlink inside the vault is read
    items = findings(str(root))
    assert codes_at(items) == [("VL101", "A.md", 1, 15), ("VL002", "Heart", 1, 1)]
    assert vl002(items)["Heart"] == "symbolic link to another folder of this vault (Cardio): not followed, as Obsidian ignores it"


def test_dangling_symlink_is_reported_as_such(vault):
    root = vault({"A.md": "ok\n"})
    (root / "Gone.md").symlink_to("Deleted note.md")
    (root / "Chain.md").symlink_to("Chain.md")
    items = findings(str(root))
    assert codes_at(items) == [("VL002", "Chain.md", 1, 1), ("VL002", "Gone.md", 1, 1)]
    assert vl002(items)["Gone.md"] == "dangling symbolic link: its target Deleted note.md does not exist"
    assert vl002(items)["Chain.md"].startswith("symbolic link that cannot be followed (Chain.md): ")


def test_summary_counts_symlinks_as_other_files_not_notes(tmp_path):
    root = write_vault(tmp_path / "vault", {"A.md": "[[Nowhere]]\n", "B.md": "ok\n"})
    (root / "up").symlink_to("..")
    (root / "Gone.md").symlink_to("Deleted note.md")
    lines = run("check", str(root)).output.splitlines()
    assert lines[-1] == "Found 3 problems (3 errors) in 1 of 2 notes and 2 other files."
    (root / "A.md").write_text("ok\n")
    lines = run("check", str(root)).output.splitlines()
    assert lines[-1] == "Found 2 problems (2 errors) in 2 other files; 2 notes checked."


# --- Obsidian's "Excluded files" ------------------------------------------------


def test_backtracking_excluded_files_pattern_on_a_long_folder_name_finishes(tmp_path):
    # With Python's re, /(a+)+$/ against 'aaa...a/Note.md' takes 2**n steps.
    folder = "a" * 200
    root = write_vault(tmp_path / "vault", {
        ".obsidian/app.json": json.dumps({"userIgnoreFilters": ["/(a+)+$/", "/(a+)+b/"]}),
        f"{folder}/Note.md": "[[Gone]]\n",
        f"{folder}b.md": "[[Gone]]\n",  # excluded by the second pattern
    })  # fmt: skip
    proc = subprocess.run(
        [VAULTLINT, "check", "--no-cache", "--format", "json", str(root)],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert proc.returncode == 1, proc.stderr
    assert [(f["code"], f["path"]) for f in json.loads(proc.stdout)] == [("VL101", f"{folder}/Note.md")]
    assert proc.stderr == ""


def test_excluded_files_pattern_with_a_lookahead_is_reported_once_and_not_applied(vault):
    root = vault({
        ".obsidian/app.json": json.dumps({"userIgnoreFilters": ["/^(?=Draft)/", "/[unclosed/"]}),
        "Draft plan.md": "[[Gone]]\n",
        "Other.md": "[[Gone]]\n",
    })  # fmt: skip
    result = run("check", str(root))
    warnings = [line for line in result.stderr.splitlines() if "Excluded files" in line]
    assert warnings == [
        "vaultlint: warning: Obsidian's Excluded files pattern /^(?=Draft)/ is not applied: invalid perl operator: (?="
        " (vaultlint runs only patterns it can match in time linear in the path, without lookarounds or"
        " backreferences)."
    ]
    assert [line.split(":")[0] for line in result.stdout.splitlines()[:2]] == ["Draft plan.md", "Other.md"]


def test_symlink_walk_is_bounded_through_the_installed_command(tmp_path):
    root = write_vault(tmp_path / "vault", {"A.md": "ok\n"})
    (root / "disk").symlink_to("/")
    proc = subprocess.run([VAULTLINT, "check", "."], capture_output=True, text=True, timeout=60, cwd=root)
    assert proc.returncode == 1
    assert proc.stdout.splitlines()[0] == "disk:1:1: VL002 [unreadable-file] symbolic link to a folder that holds the vault (/): not followed"
    assert proc.stderr == ""


# --- settings files that are not regular files ------------------------------------


def _run_with_timeout(args: list[str], seconds: float = 60):
    proc = subprocess.run([VAULTLINT, *args], capture_output=True, text=True, timeout=seconds)
    return proc.returncode, proc.stdout, proc.stderr


def test_fifo_as_app_json_does_not_block(vault):
    root = vault({"A.md": "[[Nowhere]]\n"})
    os.mkfifo(root / ".obsidian" / "app.json")
    code, out, err = _run_with_timeout(["check", "--format", "concise", str(root)])
    assert (code, err) == (1, "")
    assert out.splitlines()[0].endswith("A.md:1:1: VL101 \"Nowhere\" leads to no file in this vault, so Obsidian shows this link as unresolved.")


@pytest.mark.parametrize("name", ["vaultlint.toml", ".vaultlint.toml", "pyproject.toml"])
def test_fifo_as_configuration_is_passed_over(vault, name):
    root = vault({"A.md": "ok\n"})
    os.mkfifo(root / name)
    assert _run_with_timeout(["check", str(root)]) == (0, "All checks passed (1 note checked).\n", "")


def test_fifo_given_with_config_option_is_an_error(vault):
    root = vault({"A.md": "ok\n"})
    os.mkfifo(root / "my.toml")
    code, out, err = _run_with_timeout(["check", "--config", str(root / "my.toml"), str(root)])
    assert (code, out, err) == (2, "", f"vaultlint: error: {root / 'my.toml'}: cannot read: not a regular file\n")


# --- configuration errors: one line, exit 2 -----------------------------------


def config_error(root: Path) -> str:
    result = run("check", str(root))
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


def test_huge_max_file_size(vault):
    root = vault({"A.md": "ok\n", "vaultlint.toml": "max-file-size = 99999999999999999999\n"})
    assert config_error(root) == (
        f"vaultlint: error: {root / 'vaultlint.toml'}: max-file-size must be between 1 and 1073741824 bytes (1 GiB)"
    )


def test_configuration_not_utf8(vault):
    root = vault({"A.md": "ok\n", "vaultlint.toml": b'select = ["VL1"]\n# caf\xe9\n'})
    assert config_error(root) == (
        f"vaultlint: error: {root / 'vaultlint.toml'}: not valid UTF-8 (byte 0xE9 on line 2); save it as UTF-8"
    )


def test_configuration_with_a_bom_is_read(vault):
    root = vault({"A.md": "[[Nowhere]]\n", "vaultlint.toml": b'\xef\xbb\xbfignore = ["VL101"]\n'})
    assert run("check", str(root)).stdout == "All checks passed (1 note checked).\n"


@pytest.mark.parametrize(
    "table, message",
    [
        ('"Clippings/**" = ["VL999"]', "per-file-ignores: 'VL999' (for 'Clippings/**') matches no rule code, prefix or name"),
        ('"Clippings/[ab" = ["VL3"]', "per-file-ignores: 'Clippings/[ab' has a '[' that is never closed"),
        ('"Clippings\\\\*.md" = ["VL3"]', "per-file-ignores: 'Clippings\\\\*.md' uses '\\' between folders: write '/'"),
        ('"../*.md" = ["VL3"]', "per-file-ignores: '../*.md' leads out of the vault with '..'"),
    ],
)
def test_bad_per_file_ignores(vault, table, message):
    root = vault({"A.md": "ok\n", "vaultlint.toml": f"[per-file-ignores]\n{table}\n"})
    error = config_error(root)
    assert error.startswith("vaultlint: error: ") and error.endswith(message)


def test_broken_pyproject_above_the_repository_is_not_read(tmp_path):
    (tmp_path / "pyproject.toml").write_text("this is [not toml\n")
    repo = tmp_path / "notes-repo"
    (repo / ".git").mkdir(parents=True)
    (repo / "Week 1").mkdir()
    (repo / "Week 1" / "A.md").write_text("[[Nowhere]]\n")
    result = run("check", "--format", "concise", str(repo / "Week 1"))
    assert result.exit_code == 1
    assert result.stderr == ""
    # Inside the repository the same file is configuration, and its error is reported.
    (repo / "pyproject.toml").write_text("this is [not toml\n")
    assert config_error(repo / "Week 1").startswith(f"vaultlint: error: {repo / 'pyproject.toml'}: invalid TOML: ")


def test_broken_pyproject_above_an_obsidian_vault_is_not_read(tmp_path):
    (tmp_path / "pyproject.toml").write_bytes(b"\xff\xfe broken")
    root = write_vault(tmp_path / "vault", {"A.md": "ok\n"})
    assert run("check", str(root)).exit_code == 0


@pytest.mark.parametrize(
    "config, message",
    [
        ('exclude = ["**"]', "no note was checked: the folder holds no Markdown note or canvas, or every one is excluded (see exclude)"),
        ("select = []", "no rule is selected, so nothing would be checked (see --select, --ignore and select)"),
        ('ignore = ["VL"]', "no rule is selected, so nothing would be checked (see --select, --ignore and select)"),
    ],
)
def test_a_run_that_checks_nothing_fails(vault, config, message):
    root = vault({"A.md": "[[Nowhere]]\n", "vaultlint.toml": config + "\n"})
    assert config_error(root) == f"vaultlint: error: {message}"


def test_empty_folder_fails_but_excluded_files_from_a_hook_pass(vault):
    root = vault({"Template.md": "[[{{title}}]]\n", "Drafts/Old.md": "[[{{date}}]]\n", "Docs/scan.pdf": b"%PDF",
                  "vaultlint.toml": 'exclude = ["Template.md", "Drafts/"]\n'})
    (root / "Empty").mkdir()
    assert config_error(root / "Empty").startswith("vaultlint: error: no note was checked")
    assert config_error(root / "Drafts").startswith("vaultlint: error: no note was checked")
    # pre-commit passes the staged files one by one: none to check is a pass.
    result = run("check", str(root / "Template.md"), str(root / "Drafts" / "Old.md"))
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout.startswith("All checks passed (0 notes checked).\n")
    # A folder of attachments is checked (VL402 reports unused ones).
    result = run("check", "--select", "VL402", str(root / "Docs"))
    assert result.exit_code == 0  # VL402 is information only
    assert result.stdout.startswith("Docs/scan.pdf:1:1: VL402 [unused-attachment] ")


# --- --output-file and --write-baseline -----------------------------------------


@pytest.fixture
def in_tmp(tmp_path, monkeypatch):
    """Run in the folder above the vault (call after making the vault,
    which moves into it)."""
    return lambda: monkeypatch.chdir(tmp_path) or tmp_path


@pytest.mark.parametrize("option", ["--output-file", "--write-baseline"])
def test_output_into_a_missing_folder_fails_before_the_run(vault, in_tmp, option):
    root = vault({"A.md": "[[Nowhere]]\n"})
    in_tmp = in_tmp()
    result = run("check", option, "no/such/folder/out.txt", str(root))
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == f"vaultlint: error: {option} no/such/folder/out.txt: the folder {in_tmp}/no/such/folder does not exist\n"
    assert not (root / ".vaultlint_cache").exists()  # refused before anything ran


@pytest.mark.parametrize("option", ["--output-file", "--write-baseline"])
def test_output_through_a_symlink_out_of_the_current_folder_is_refused(vault, in_tmp, tmp_path_factory, option):
    root = vault({"A.md": "[[Nowhere]]\n"})
    in_tmp = in_tmp()
    elsewhere = tmp_path_factory.mktemp("elsewhere")
    (elsewhere / "victim.txt").write_text("keep me\n")
    (in_tmp / "report.txt").symlink_to(elsewhere / "victim.txt")
    (in_tmp / "planted.txt").symlink_to(elsewhere / "created.txt")  # dangling: would create a file there
    for name, target in (("report.txt", "victim.txt"), ("planted.txt", "created.txt")):
        result = run("check", option, name, str(root))
        assert result.exit_code == 2
        assert result.stderr == (
            f"vaultlint: error: {option} {name}: is a symbolic link to {os.path.realpath(elsewhere)}/{target}, "
            "outside the current folder; not written through it\n"
        )
    assert (elsewhere / "victim.txt").read_text() == "keep me\n"
    assert not (elsewhere / "created.txt").exists()


def test_output_through_a_symlink_inside_the_current_folder_is_written(vault, in_tmp):
    root = vault({"A.md": "[[Nowhere]]\n"})
    in_tmp = in_tmp()
    (in_tmp / "reports").mkdir()
    (in_tmp / "latest.txt").symlink_to("reports/2026-12-06.txt")
    result = run("check", "--format", "concise", "-o", "latest.txt", str(root))
    assert result.exit_code == 1
    assert (in_tmp / "reports" / "2026-12-06.txt").read_text().endswith("Found 1 problem.\n")


def test_output_refuses_to_overwrite_a_note(vault, monkeypatch):
    root = vault({"A.md": "[[Nowhere]]\n"})
    monkeypatch.chdir(root)
    for name in ("A.md", "Report.md"):
        result = run("check", "-o", name)
        assert (result.exit_code, result.stderr) == (2, f"vaultlint: error: --output-file {name}: is a note of the vault; write the report somewhere else\n")
    assert (root / "A.md").read_text() == "[[Nowhere]]\n"
    assert not (root / "Report.md").exists()
    assert run("check", "-o", "report.txt").exit_code == 1  # any other file in the vault is fine


@pytest.mark.parametrize(
    "content, message",
    [
        (b'{"version": 1, "findings": null}', "not a vaultlint baseline ('findings' is not a list)"),
        (b'{"version": 1}', "not a vaultlint baseline ('findings' is not a list)"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff", "not a vaultlint baseline (not UTF-8 text)"),
        (b'{"version": 1, "findings": [["VL101", "A.md"]]}', "malformed entry ['VL101', 'A.md']"),
        (b'{"version": 1, "findings": [{"code": "VL101", "path": "A.md", "snippet": "x", "count": true}]}',
         "malformed entry {'code': 'VL101', 'path': 'A.md', 'snippet': 'x', 'count': True}"),
    ],
)
def test_baseline_that_was_not_written_by_vaultlint(vault, tmp_path, content, message):
    root = vault({"A.md": "[[Nowhere]]\n"})
    baseline = tmp_path / "baseline.json"
    baseline.write_bytes(content)
    result = run("check", "--baseline", str(baseline), str(root))
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == f"vaultlint: error: {baseline}: {message}\n"


def test_fifo_as_baseline_is_an_error(vault, tmp_path):
    root = vault({"A.md": "[[Nowhere]]\n"})
    os.mkfifo(tmp_path / "baseline.json")
    code, out, err = _run_with_timeout(["check", "--baseline", str(tmp_path / "baseline.json"), str(root)])
    assert (code, out, err) == (2, "", f"vaultlint: error: {tmp_path / 'baseline.json'}: cannot read: not a regular file\n")


# --- names in reports, UTF-16 notes -------------------------------------------------


def test_control_characters_in_names_are_escaped_in_text_and_concise(vault):
    root = vault({"Bad\nname.md": "[[Nowhere]]\n", "evil\x1b[2Jx.md": "[[Gone]]\n", "Tab\there.md": "[[Lost]]\n"})
    text = run("check", "--format", "text", str(root)).stdout.splitlines()
    assert text[:3] == [
        'Bad\\nname.md:1:1: VL101 [unresolved-link] "Nowhere" leads to no file in this vault, so Obsidian shows this link as unresolved.',
        'Tab\\there.md:1:1: VL101 [unresolved-link] "Lost" leads to no file in this vault, so Obsidian shows this link as unresolved.',
        'evil\\x1b[2Jx.md:1:1: VL101 [unresolved-link] "Gone" leads to no file in this vault, so Obsidian shows this link as unresolved.',
    ]
    assert len(text) == 4  # three findings and the summary, one line each
    concise = run("check", "--format", "concise", str(root)).stdout.splitlines()
    assert len(concise) == 4
    assert concise[0].startswith('Bad\\nname.md:1:1: VL101 "Nowhere" leads to no file in this vault, so Obsidian shows this link as unresolved.')
    assert "\x1b" not in "".join(concise) and "\t" not in "".join(concise)
    # JSON keeps the name exact (it escapes it itself).
    assert [f["path"] for f in findings(str(root))] == ["Bad\nname.md", "Tab\there.md", "evil\x1b[2Jx.md"]


UTF16_TEXT = "\ufeff# Potassium\r\nLow: see [[Hypokalemia]]\r\n"


@pytest.mark.parametrize("codec, name", [("utf-16-le", "UTF-16 little-endian"), ("utf-16-be", "UTF-16 big-endian")])
def test_utf16_note_is_not_utf8_with_an_unsafe_conversion(vault, codec, name):
    root = vault({"Hypokalemia.md": "# Hypokalemia\n", "K.md": UTF16_TEXT.encode(codec)})
    items = findings(str(root))
    assert codes_at(items) == [("VL202", "K.md", 1, 1)]  # its link was read and resolves
    assert items[0]["message"] == (
        f'This note is saved as {name} (Windows calls it "Unicode"), not UTF-8, so Obsidian shows it as garbled characters.'
    )
    assert items[0]["fix"]["applicability"] == "unsafe"
    assert run("check", "--fix", str(root)).exit_code == 1
    assert (root / "K.md").read_bytes() == UTF16_TEXT.encode(codec)  # safe fixes only: untouched
    result = run("check", "--fix", "--unsafe-fixes", str(root))
    assert result.stderr == "Fixed 1 problem in 1 note:\n  K.md (1 fix)\n"
    assert (root / "K.md").read_bytes() == b"# Potassium\r\nLow: see [[Hypokalemia]]\r\n"


def test_damaged_utf16_and_binary_are_still_told_apart(vault):
    root = vault({"Half.md": b"\xff\xfeA\x00\x00\xd8", "Image.md": b"\x89PNG\x00\x00"})
    items = findings(str(root))
    assert [(f["path"], f["message"]) for f in items] == [
        ("Half.md", "this note could not be read: starts as UTF-16 but is not valid UTF-16 (damaged or binary)"),
        ("Image.md", "this note could not be read: binary content (NUL bytes): this is not a text note"),
    ]
