"""The diff --diff prints: exact bytes, applicable with git apply."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from vaultlint.fix import ChangedNote, FixOutcome, summary, unified_diff

CASES = {
    "Cardio/Heart failure.md": (b"# HF\nsee [[Old]]\nlast", b"# HF\nsee [[New]]\nlast"),
    "Caf\u00e9 \"quoted\".md": ("\ufeffa\r\nb\r\nc\r\n".encode(), "\ufeffa\r\nB\r\nc\r\n".encode()),
    "legacy.md": ("caf\u00e9\n".encode("cp1252"), "caf\u00e9\n".encode()),
    "gains newline.md": (b"a\nb", b"a\nb\n"),
}


def outcome(cases: dict[str, tuple[bytes, bytes]]) -> FixOutcome:
    return FixOutcome(changed=[ChangedNote(p, "", "", 1, a, b) for p, (a, b) in sorted(cases.items())])


def test_diff_text():
    diff = unified_diff(outcome({"Cardio/Heart failure.md": CASES["Cardio/Heart failure.md"]}))
    assert diff == (
        b"diff --git a/Cardio/Heart failure.md b/Cardio/Heart failure.md\n"
        b"--- a/Cardio/Heart failure.md\t\n"  # the tab git writes after a name with a space
        b"+++ b/Cardio/Heart failure.md\t\n"
        b"@@ -1,3 +1,3 @@\n"
        b" # HF\n"
        b"-see [[Old]]\n"
        b"+see [[New]]\n"
        b" last\n"
        b"\\ No newline at end of file\n"
    )


def test_crlf_lines_and_bom_are_in_the_diff_as_in_the_file():
    diff = unified_diff(outcome({"Caf\u00e9 \"quoted\".md": CASES["Caf\u00e9 \"quoted\".md"]}))
    assert b'--- "a/Caf\xc3\xa9 \\"quoted\\".md"\t\n' in diff
    assert b"\n \xef\xbb\xbfa\r\n-b\r\n+B\r\n c\r\n" in diff


def test_nothing_changed_gives_empty_diff():
    assert unified_diff(FixOutcome()) == b""


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_git_apply_reproduces_every_change(tmp_path):
    for rel, (before, _) in CASES.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_bytes(before)
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    patch = tmp_path.parent / "fix.diff"
    patch.write_bytes(unified_diff(outcome(CASES)))
    subprocess.run(["git", "apply", str(patch)], cwd=tmp_path, check=True)
    for rel, (_, after) in CASES.items():
        assert (tmp_path / rel).read_bytes() == after, rel


def test_summary_lists_changed_and_skipped_notes():
    result = FixOutcome(
        changed=[ChangedNote("A.md", "", "", 1, b"", b""), ChangedNote("B/C.md", "", "", 3, b"", b"")],
        skipped=[("D.md", "changed on disk since it was read; run again")],
    )
    assert summary(result) == (
        "Fixed 4 problems in 2 notes:\n"
        "  A.md (1 fix)\n"
        "  B/C.md (3 fixes)\n"
        "Could not fix 1 note:\n"
        "  D.md: changed on disk since it was read; run again"
    )


def test_summary_of_nothing_is_empty():
    assert summary(FixOutcome()) == ""
