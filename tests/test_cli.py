"""The command line: selection, configuration, reports, exit codes."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from conftest import VAULTLINT, codes_at, findings, run

ROOT = Path(__file__).resolve().parent.parent

NOTES = {
    "A.md": "---\ntags: [a\n---\n",
    "B.md": "See [[Missing]] and [[Missing]].\n",
    "Sub/C.md": "%% vaultlint-disable-next-line VL101 %%\n[[Hidden problem]]\n[[Shown problem]]\n",
}


def test_text_report_and_summary(vault):
    root = vault(NOTES)
    result = run("check", str(root))
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[0].startswith(
        "A.md:2:7: VL001 [invalid-frontmatter] the note's properties (YAML) cannot be read:"
        " line 2: a list was opened with `[` and never closed. (YAML says: while parsing a flow sequence, "
    )
    assert lines[1].startswith('B.md:1:5: VL101 [unresolved-link] "Missing"')
    assert lines[3].startswith('Sub/C.md:3:1: VL101 [unresolved-link] "Shown problem"')
    assert lines[4] == "Found 4 problems (4 errors) in 3 of 3 notes."
    assert "\x1b[" not in result.stdout  # no colour when not a terminal


def test_json_report_fields(vault):
    root = vault(NOTES)
    first = findings(str(root))[0]
    assert first.pop("message").startswith(
        "the note's properties (YAML) cannot be read: line 2: a list was opened with `[` and never closed."
    )
    assert first == {
        "code": "VL001",
        "name": "invalid-frontmatter",
        "severity": "error",
        "path": "A.md",
        "filename": "A.md",
        "line": 2,
        "column": 7,
        "end_line": 2,
        "end_column": 9,
        "fix": None,
    }


@pytest.mark.parametrize(
    "args, expected",
    [
        (["--select", "VL001"], ["VL001"]),
        (["--select", "VL1"], ["VL101", "VL101", "VL101"]),
        (["--select", "unresolved-link"], ["VL101", "VL101", "VL101"]),
        (["--ignore", "VL1"], ["VL001"]),
        (["--select", "VL001", "--extend-select", "VL101"], ["VL001", "VL101", "VL101", "VL101"]),
        (["--select", "VL001,unresolved-link", "--ignore", "VL101"], ["VL001"]),
    ],
)
def test_select_ignore_by_code_prefix_and_name(vault, args, expected):
    root = vault(NOTES)
    assert [f["code"] for f in findings(str(root), *args)] == expected


def test_unknown_selector_is_a_usage_error(vault):
    root = vault(NOTES)
    result = run("check", str(root), "--select", "VL999")
    assert result.exit_code == 2
    assert result.output == "vaultlint: error: 'VL999' matches no rule code, prefix or name\n"


def test_config_file_at_vault_root(vault):
    root = vault({**NOTES, "vaultlint.toml": 'ignore = ["VL001"]\n[severity]\nVL101 = "info"\n'})
    items = findings(str(root))
    assert [(f["code"], f["severity"]) for f in items] == [("VL101", "info")] * 3
    # Only info left, below the default fail-on of "warning".
    assert run("check", str(root)).exit_code == 0
    assert run("check", str(root), "--fail-on", "info").exit_code == 1


def test_pyproject_tool_section(vault):
    root = vault({**NOTES, "pyproject.toml": '[tool.vaultlint]\nselect = ["VL001"]\n'}, obsidian=False)
    assert codes_at(findings(str(root))) == [("VL001", "A.md", 2, 7)]


def test_bad_config_key_is_named(vault):
    root = vault({**NOTES, "vaultlint.toml": '[links]\ncomment-link = "report"\n'})
    result = run("check", str(root))
    assert result.exit_code == 2
    assert "unknown key 'links.comment-link'" in result.output
    assert "vaultlint.toml" in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_bad_config_type_is_named(vault):
    root = vault({**NOTES, "vaultlint.toml": "select = 3\n"})
    result = run("check", str(root))
    assert (result.exit_code, result.output.strip()) == (2, f"vaultlint: error: {root / 'vaultlint.toml'}: select must be a list of strs")


def test_config_option_and_isolated(vault, tmp_path):
    root = vault({**NOTES, "vaultlint.toml": 'select = ["VL001"]\n'})
    other = tmp_path / "other.toml"
    other.write_text('select = ["VL101"]\n')
    assert {f["code"] for f in findings(str(root))} == {"VL001"}
    assert {f["code"] for f in findings(str(root), "--config", str(other))} == {"VL101"}
    assert {f["code"] for f in findings(str(root), "--isolated")} == {"VL001", "VL101"}


def test_vault_root_found_from_a_subfolder(vault):
    root = vault({**NOTES, "Sub/D.md": "[[C]] [[B]]\n"})
    items = findings(str(root / "Sub"))
    assert codes_at(items) == [("VL101", "Sub/C.md", 3, 1)]


def test_dot_folders_are_not_notes(vault):
    root = vault({"A.md": "ok\n", ".trash/Old.md": "[[Missing]]\n", "Sub/.hidden.md": "[[Missing]]\n"})
    assert findings(str(root)) == []


def test_exit_zero_quiet_and_output_file(vault, tmp_path):
    root = vault(NOTES)
    out = tmp_path / "report.json"
    result = run("check", str(root), "--exit-zero", "--format", "json", "--output-file", str(out))
    assert (result.exit_code, result.stdout) == (0, "")
    assert len(json.loads(out.read_text())) == 4
    quiet = run("check", str(root), "--quiet")
    assert len(quiet.stdout.splitlines()) == 4
    assert "Found" not in quiet.stdout


def test_clean_vault_exits_zero(vault):
    root = vault({"A.md": "# A\n\n[[B]]\n", "B.md": "# B\n"})
    result = run("check", str(root))
    assert (result.exit_code, result.stdout) == (0, "All checks passed (2 notes checked).\n")


def test_statistics_group_links_by_target(vault):
    root = vault({f"N{i}.md": "[[Never written]] [[Other]]\n" for i in range(30)})
    result = run("check", str(root), "--statistics")
    assert result.stdout.splitlines() == [
        "60  VL101  unresolved-link",
        "",
        "By target:",
        "30  VL101  Never written",
        "30  VL101  Other",
    ]


def test_rule_and_rules_commands():
    page = run("rule", "VL001")
    assert page.exit_code == 0
    assert page.stdout.startswith("# VL001 invalid-frontmatter\n")
    assert "## Example" in page.stdout
    by_name = run("rule", "invalid-frontmatter")
    assert by_name.stdout == page.stdout
    assert run("rule", "VL999").exit_code == 2
    listing = run("rules").stdout.splitlines()
    assert listing[0].split()[:3] == ["VL001", "invalid-frontmatter", "error"]


def test_example_vault_and_rule_reference_with_the_installed_command():
    example = subprocess.run([VAULTLINT, "check", str(ROOT / "examples" / "nursing-vault")], capture_output=True, text=True)
    assert example.returncode == 1
    assert "Hematology/Leukopenia.md:1:60: VL101 [unresolved-link]" in example.stdout
    reference = subprocess.run([VAULTLINT, "check", str(ROOT / "rules")], capture_output=True, text=True)
    assert reference.returncode == 0, reference.stdout
    assert reference.stdout.startswith("All checks passed")
    page = subprocess.run([VAULTLINT, "rule", "VL001"], capture_output=True, text=True)
    assert page.stdout.startswith("# VL001 invalid-frontmatter")


def test_python_dash_m(vault):
    root = vault({"A.md": "ok\n"})
    proc = subprocess.run([str(Path(VAULTLINT).with_name("python")), "-m", "vaultlint", "check", str(root)],
                          capture_output=True, text=True)
    assert (proc.returncode, proc.stdout) == (0, "All checks passed (1 note checked).\n")
