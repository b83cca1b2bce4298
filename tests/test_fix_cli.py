"""check --fix, --unsafe-fixes and --diff through the real command line."""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import codes_at, findings, run, write_vault

from vaultlint.config import Config
from vaultlint.engine import Engine
from vaultlint.fix import fix_notes

RENAL = "# Renal failure\n\n## Labs\n"


def fixed(root: Path, *args: str):
    """Run ``check --fix --format json``: (exit code, findings, stderr)."""
    result = run("check", "--fix", "--format", "json", *args, str(root))
    return result.exit_code, json.loads(result.stdout), result.stderr


def test_crlf_bom_and_missing_final_newline_are_kept(vault):
    root = vault(
        {
            "A&P II/Renal failure.md": RENAL,
            # Two moved-note links and one link that goes nowhere, on one line.
            "Cardio/HF.md": "\ufeff# HF\r\n\r\nSee [[A & P II/Renal failure]], [[A & P II/Renal failure#Labs]] and [[Nowhere]].\r\nend",
        }
    )
    code, remaining, err = fixed(root)
    assert (root / "Cardio/HF.md").read_bytes() == (
        b"\xef\xbb\xbf# HF\r\n\r\nSee [[Renal failure]], [[Renal failure#Labs]] and [[Nowhere]].\r\nend"
    )
    assert code == 1
    assert err == "Fixed 2 problems in 1 note:\n  Cardio/HF.md (2 fixes)\n"
    # Only what is left is reported, at its place in the fixed text.
    assert codes_at(remaining) == [("VL101", "Cardio/HF.md", 3, 51)]


def test_exit_code_one_when_a_note_changed_even_if_nothing_remains(vault):
    root = vault({"A&P II/Renal failure.md": RENAL, "HF.md": "[[A & P II/Renal failure]]\n"})
    code, remaining, _ = fixed(root)
    assert (code, remaining) == (1, [])
    # Run again, as pre-commit does after a fixing hook: nothing to change.
    before = (root / "HF.md").read_bytes()
    assert fixed(root) == (0, [], "")
    assert (root / "HF.md").read_bytes() == before == b"[[Renal failure]]\n"


def test_fix_only_touches_the_notes_it_is_given(vault):
    root = vault({"A&P II/Renal failure.md": RENAL, "A.md": "[[A & P II/Renal failure]]\n", "B.md": "[[A & P II/Renal failure]]\n"})
    code, remaining, err = fixed(root / "A.md")
    assert code == 1 and remaining == []
    assert (root / "A.md").read_text() == "[[Renal failure]]\n"
    assert (root / "B.md").read_text() == "[[A & P II/Renal failure]]\n"


def test_unsafe_fixes_only_with_the_flag_and_overlapping_fixes_take_turns(vault):
    # The link is ambiguous (VL105, unsafe fix: write the folder) and its
    # heading is written with a dash for a space (VL103, unsafe fix: change
    # the #part to the same heading as it is written). The two
    # edits overlap, so the earlier-starting VL105 goes first and VL103 is
    # applied on the next pass, against the rewritten link.
    files = {"Home.md": "See [[Sub/Drugs#Adult-dosage]].\n", "A/Sub/Drugs.md": "# Drugs\n\n## Adult dosage\n", "B/Sub/Drugs.md": ""}
    root = vault(files)
    code, remaining, err = fixed(root)
    assert (root / "Home.md").read_text() == files["Home.md"]
    assert sorted(f["code"] for f in remaining) == ["VL103", "VL105"]
    assert err == ""
    code, remaining, err = fixed(root, "--unsafe-fixes")
    assert (root / "Home.md").read_text() == "See [[A/Sub/Drugs#Adult dosage]].\n"
    assert (code, remaining) == (1, [])
    assert err == "Fixed 2 problems in 1 note:\n  Home.md (2 fixes)\n"


def test_two_notes_fixed_listed_in_path_order(vault):
    root = vault(
        {
            "A&P II/Renal failure.md": RENAL,
            "Zeta.md": "[[A & P II/Renal failure]]\n",
            "Alpha.md": "[[A & P II/Renal failure]] [[A & P II/Renal failure#Labs]]\n",
        }
    )
    _, _, err = fixed(root)
    assert err == "Fixed 3 problems in 2 notes:\n  Alpha.md (2 fixes)\n  Zeta.md (1 fix)\n"


def test_permissions_and_cp1252_encoding_are_kept(vault):
    root = vault({"A&P II/Renal failure.md": RENAL, "Caf\u00e9.md": "Caf\u00e9: [[A & P II/Renal failure]]\n".encode("cp1252")})
    os.chmod(root / "Caf\u00e9.md", 0o640)
    fixed(root)
    assert (root / "Caf\u00e9.md").read_bytes() == b"Caf\xe9: [[Renal failure]]\n"
    assert stat.S_IMODE((root / "Caf\u00e9.md").stat().st_mode) == 0o640


def test_read_only_note_is_reported_not_written(vault):
    root = vault({"A&P II/Renal failure.md": RENAL, "HF.md": "[[A & P II/Renal failure]]\n"})
    os.chmod(root / "HF.md", 0o444)
    code, remaining, err = fixed(root)
    assert (root / "HF.md").read_bytes() == b"[[A & P II/Renal failure]]\n"
    assert stat.S_IMODE((root / "HF.md").stat().st_mode) == 0o444
    assert err == "Could not fix 1 note:\n  HF.md: read-only\n"
    assert code == 1
    assert codes_at(remaining) == [("VL101", "HF.md", 1, 1)]


def test_read_only_note_is_left_out_of_the_diff_and_said_so(vault):
    root = vault({"A&P II/Renal failure.md": RENAL, "HF.md": "[[A & P II/Renal failure]]\n"})
    os.chmod(root / "HF.md", 0o444)
    result = run("check", "--diff", str(root))
    assert (result.exit_code, result.stdout_bytes) == (0, b"")
    assert result.stderr == "Could not fix 1 note:\n  HF.md: read-only\n"


def test_symlink_out_of_the_vault_is_not_written(tmp_path, monkeypatch):
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "Shared.md").write_text("[[A & P II/Renal failure]]\n")
    # Checked only when the setting allows it; even then, never written through.
    root = write_vault(tmp_path / "vault", {"A&P II/Renal failure.md": RENAL,
                                            "vaultlint.toml": "follow-outside-symlinks = true\n"})
    monkeypatch.chdir(root)
    (root / "Shared.md").symlink_to(outside / "Shared.md")
    code, remaining, err = fixed(root)
    assert (outside / "Shared.md").read_text() == "[[A & P II/Renal failure]]\n"
    assert (root / "Shared.md").is_symlink()
    assert err == f"Could not fix 1 note:\n  Shared.md: symlink that leads out of the vault (to {outside.resolve() / 'Shared.md'})\n"
    assert codes_at(remaining) == [("VL101", "Shared.md", 1, 1)]


def test_note_changed_during_the_run_is_not_written(vault):
    root = vault({"A&P II/Renal failure.md": RENAL, "HF.md": "[[A & P II/Renal failure]]\n"})
    engine = Engine(root, Config())
    result = engine.run()
    # Someone saves the note in Obsidian between the check and the write.
    (root / "HF.md").write_text("[[A & P II/Renal failure]]\ntyped meanwhile\n")
    outcome = fix_notes(engine, result, unsafe=False, write=True)
    assert (root / "HF.md").read_text() == "[[A & P II/Renal failure]]\ntyped meanwhile\n"
    assert outcome.changed == []
    assert outcome.skipped == [("HF.md", "changed on disk since it was read; run again")]
    assert [(d.code, d.path) for d in outcome.diagnostics] == [("VL101", "HF.md")]


def test_diff_prints_the_change_and_writes_nothing(vault):
    root = vault({"A&P II/Renal failure.md": RENAL, "Cardio/HF.md": "# HF\r\nSee [[A & P II/Renal failure]]."})
    result = run("check", "--diff", str(root))
    assert result.exit_code == 1
    assert result.stdout_bytes == (
        b"diff --git a/Cardio/HF.md b/Cardio/HF.md\n"
        b"--- a/Cardio/HF.md\n"
        b"+++ b/Cardio/HF.md\n"
        b"@@ -1,2 +1,2 @@\n"
        b" # HF\r\n"
        b"-See [[A & P II/Renal failure]].\n"
        b"\\ No newline at end of file\n"
        b"+See [[Renal failure]].\n"
        b"\\ No newline at end of file\n"
    )
    assert (root / "Cardio/HF.md").read_bytes() == b"# HF\r\nSee [[A & P II/Renal failure]]."


def test_diff_of_a_clean_vault_is_empty_with_exit_zero(vault):
    root = vault({"A&P II/Renal failure.md": RENAL, "HF.md": "[[Renal failure]]\n"})
    result = run("check", "--diff", str(root))
    assert (result.exit_code, result.stdout_bytes) == (0, b"")


GIT_APPLY_VAULT: dict[str, str | bytes] = {
    "A&P II/Renal failure.md": RENAL,
    "Cardio/Heart failure.md": "\ufeff# HF\r\n\r\nSee [[A & P II/Renal failure]]\r\nand [[A & P II/Renal failure#Labs]]\r\n",
    "Caf\u00e9 notes.md": "no final newline [[A & P II/Renal failure]]",
    "Legacy.md": "Caf\u00e9 [[A & P II/Renal failure]]\n".encode("cp1252"),
    "Home.md": "See [[Sub/Drugs#Dosage]].\n",
    "A/Sub/Drugs.md": "# Drugs\n\n## Dosages\n",
    "B/Sub/Drugs.md": "",
    "Clean.md": "[[Renal failure]]\n",
}


def snapshot(root: Path) -> dict[str, bytes]:
    """Every visible file's bytes (dot-folders such as .git and the cache left out)."""
    files = (p.relative_to(root) for p in sorted(root.rglob("*")) if p.is_file())
    return {rel.as_posix(): (root / rel).read_bytes() for rel in files if not any(s.startswith(".") for s in rel.parts)}


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
@pytest.mark.parametrize("unsafe", [(), ("--unsafe-fixes",)])
def test_git_apply_of_the_diff_gives_what_fix_writes(tmp_path, unsafe):
    by_fix = write_vault(tmp_path / "by-fix", GIT_APPLY_VAULT)
    by_diff = write_vault(tmp_path / "by-diff", GIT_APPLY_VAULT)
    original = snapshot(by_fix)
    assert run("check", "--fix", *unsafe, str(by_fix)).exit_code == 1
    diff = run("check", "--diff", *unsafe, str(by_diff))
    assert diff.exit_code == 1
    patch = tmp_path / "fix.diff"
    patch.write_bytes(diff.stdout_bytes)
    subprocess.run(["git", "init", "-q"], cwd=by_diff, check=True)
    subprocess.run(["git", "apply", str(patch)], cwd=by_diff, check=True)
    assert snapshot(by_diff) == snapshot(by_fix) != original
    changed = {p for p in original if original[p] != snapshot(by_fix)[p]}
    expected = {"Cardio/Heart failure.md", "Caf\u00e9 notes.md", "Legacy.md"}
    assert changed == (expected | {"Home.md"} if unsafe else expected)


def test_remaining_findings_after_fix_match_a_fresh_check(vault):
    root = vault(
        {
            "A&P II/Renal failure.md": RENAL,
            "HF.md": "[[A & P II/Renal failure]] [[Nowhere]]\n[[Renal failure#Lab]]\n",
        }
    )
    _, remaining, _ = fixed(root)
    assert remaining == findings(str(root))
    assert codes_at(remaining) == [("VL101", "HF.md", 1, 19), ("VL103", "HF.md", 2, 1)]


# --- encoding fixes ---------------------------------------------------------


def test_mojibake_is_repaired_and_nothing_else_changes(vault):
    root = vault({"Sepsis.md": "The body\u00e2\u20ac\u2122s response \u2014 caf\u00c3\u00a9 au lait.\r\n"})
    code, remaining, err = fixed(root)
    assert (root / "Sepsis.md").read_bytes() == "The body\u2019s response \u2014 caf\u00e9 au lait.\r\n".encode()
    assert (code, remaining) == (1, [])
    assert err == "Fixed 2 problems in 1 note:\n  Sepsis.md (2 fixes)\n"


def test_legacy_encoding_is_changed_only_by_the_unsafe_not_utf8_fix(vault):
    legacy = "Caf\u00e9 cr\u00e8me, see [[A & P II/Renal failure]]\r\n".encode("cp1252")
    root = vault({"A&P II/Renal failure.md": RENAL, "Legacy.md": legacy})
    code, remaining, err = fixed(root)
    # The safe link fix is written in the note's own encoding.
    assert (root / "Legacy.md").read_bytes() == "Caf\u00e9 cr\u00e8me, see [[Renal failure]]\r\n".encode("cp1252")
    assert codes_at(remaining) == [("VL202", "Legacy.md", 1, 4)]
    code, remaining, err = fixed(root, "--unsafe-fixes")
    assert (root / "Legacy.md").read_bytes() == "Caf\u00e9 cr\u00e8me, see [[Renal failure]]\r\n".encode("utf-8")
    assert (code, remaining) == (1, [])
    assert err == "Fixed 1 problem in 1 note:\n  Legacy.md (1 fix)\n"


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_installed_command_diff_piped_to_git_apply(tmp_path):
    files = {"A&P II/Renal failure.md": RENAL, "Cardio/Heart failure.md": "\ufeffSee [[A & P II/Renal failure]]\r\nend"}
    by_fix = write_vault(tmp_path / "by-fix", files)
    by_diff = write_vault(tmp_path / "by-diff", files)
    assert run("check", "--fix", str(by_fix)).exit_code == 1
    # A real pipe, not the test runner's capture: the diff's bytes must reach stdout untouched.
    diff = subprocess.run([sys.executable, "-m", "vaultlint", "check", "--diff", str(by_diff)], capture_output=True)
    assert diff.returncode == 1
    subprocess.run(["git", "init", "-q"], cwd=by_diff, check=True)
    subprocess.run(["git", "apply", "-"], cwd=by_diff, input=diff.stdout, check=True)
    assert snapshot(by_diff) == snapshot(by_fix)
    assert (by_fix / "Cardio/Heart failure.md").read_bytes() == b"\xef\xbb\xbfSee [[Renal failure]]\r\nend"
