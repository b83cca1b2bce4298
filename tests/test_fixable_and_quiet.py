"""The [*] marker and fixable counts follow the flags given, unsafe fixes
are marked [~], and -q prints the findings and nothing else."""

from __future__ import annotations

from conftest import run

NOTES = {
    "Home.md": "The body\u00e2\u20ac\u2122s cells.\n[[Drugs#adult_dosage]]\n[[Nowhere]]\n",
    "Drugs.md": "# Adult dosage\n",
}


def test_markers_and_counts_without_unsafe_fixes(vault):
    root = vault(NOTES)
    out = run("check", str(root)).stdout.splitlines()
    assert out[0].startswith("Home.md:1:9: VL201 [mojibake]") and out[0].endswith(" [*]")
    assert out[1].startswith("Home.md:2:1: VL103 [missing-heading]") and out[1].endswith(" [~]")
    assert out[2].startswith("Home.md:3:1: VL101") and not out[2].endswith("]")
    assert out[4:] == [
        "[*] 1 fixable with --fix.",
        "[~] 1 more fixable with --fix --unsafe-fixes (unsafe fixes: check the change).",
    ]
    concise = run("check", "--format", "concise", str(root)).stdout.splitlines()
    assert concise[1].startswith("Home.md:2:1: VL103 [~] ")
    assert concise[-1] == "Found 3 problems (1 fixable with --fix, 1 more with --unsafe-fixes)."


def test_with_unsafe_fixes_every_fix_counts(vault):
    root = vault(NOTES)
    out = run("check", "--unsafe-fixes", str(root)).stdout.splitlines()
    assert out[1].endswith(" [*]")
    assert out[4:] == ["[*] 2 fixable with --fix --unsafe-fixes."]
    concise = run("check", "--unsafe-fixes", "--format", "concise", str(root)).stdout.splitlines()
    assert concise[-1] == "Found 3 problems (2 fixable with --fix --unsafe-fixes)."


def test_after_fix_the_unsafe_fix_left_is_marked_as_such(vault):
    root = vault(NOTES)
    result = run("check", "--fix", str(root))
    out = result.stdout.splitlines()
    assert [line.split(" ")[1] for line in out[:2]] == ["VL103", "VL101"]
    assert out[0].endswith(" [~]")
    assert out[-1] == "[~] 1 more fixable with --fix --unsafe-fixes (unsafe fixes: check the change)."
    assert result.stderr == "Fixed 1 problem in 1 note:\n  Home.md (1 fix)\n"


def test_quiet_prints_findings_only(vault):
    root = vault(NOTES)
    for fmt in ("text", "concise"):
        quiet = run("check", "-q", "--format", fmt, str(root))
        assert [line.split(":")[:2] for line in quiet.stdout.splitlines()] == [["Home.md", "1"], ["Home.md", "2"], ["Home.md", "3"]]
        assert quiet.stderr == ""
    fixed = run("check", "-q", "--fix", str(root))
    assert (fixed.exit_code, fixed.stderr) == (1, "")  # no "Fixed ..." summary
    assert len(fixed.stdout.splitlines()) == 2
    assert run("check", "-q", str(root)).stdout.count("\n") == 2


def test_quiet_leaves_statistics_as_they_are(vault):
    root = vault(NOTES)
    assert run("check", "-q", "--statistics", str(root)).stdout == run("check", "--statistics", str(root)).stdout
