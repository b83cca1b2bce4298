"""The report formats, read back the way their consumers read them.

One vault, kept in a folder of a git repository as many are, with three
problems in a note whose name needs escaping ("Labs, normal values.md"):

* line 3, column 5: ``[[Neutropnia]]``, a broken link (VL101, error);
* line 3, column 24: ``[[Low WBC]]``, an alias used as a link (VL106, error,
  with a safe fix that rewrites columns 26-33);
* line 4, column 6: ``[[Leukopenia#Causes]]``, a missing heading (VL103,
  warning).
"""

from __future__ import annotations

import json
import re
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import unquote

import jsonschema
import pytest

from conftest import DATA, run, write_vault

NOTE = "Labs, normal values.md"
EXPECTED = [  # (code, line, column, end_line, end_column)
    ("VL101", 3, 5, 3, 19),
    ("VL106", 3, 24, 3, 35),
    ("VL103", 4, 6, 4, 27),
]


@pytest.fixture
def repo(tmp_path: Path, monkeypatch) -> Path:
    """A git repository whose "Study notes" folder is the vault; the
    current folder is the repository root, as in CI."""
    repo = tmp_path / "repo"
    repo.mkdir()
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    write_vault(repo / "Study notes", {
        "Leukopenia.md": "---\naliases: [Low WBC]\n---\n# Leukopenia\n\n## Definition\n",
        NOTE: "# Labs\n\nSee [[Neutropnia]] and [[Low WBC]].\nAlso [[Leukopenia#Causes]].\n",
    })
    monkeypatch.chdir(repo)
    return repo


def check(fmt: str, *args: str):
    result = run("check", "--format", fmt, *args)
    assert result.exit_code in (0, 1), result.output
    return result


def test_json_positions_and_codes(repo):
    result = check("json", "Study notes")
    assert result.exit_code == 1
    items = json.loads(result.stdout)
    assert [(f["code"], f["line"], f["column"], f["end_line"], f["end_column"]) for f in items] == EXPECTED
    assert {f["path"] for f in items} == {NOTE}
    assert {f["filename"] for f in items} == {f"Study notes/{NOTE}"}  # from the current folder
    alias = items[1]
    assert alias["severity"] == "error"
    assert alias["fix"]["applicability"] == "safe"
    assert alias["fix"]["edits"] == [
        {"line": 3, "column": 26, "end_line": 3, "end_column": 33, "content": "Leukopenia|Low WBC"}
    ]


def test_text_concise_and_junit_paths_are_relative_to_the_current_folder(repo, monkeypatch):
    where = f"Study notes/{NOTE}:3:5: VL101"
    assert check("text", "Study notes").stdout.startswith(f"{where} [unresolved-link]")
    assert check("concise", "Study notes").stdout.startswith(f"{where} ")
    assert f'file="Study notes/{NOTE}"' in check("junit", "Study notes").stdout
    monkeypatch.chdir(repo / "Study notes")
    assert check("text", ".").stdout.startswith(f"{NOTE}:3:5: VL101 [unresolved-link]")
    # SARIF stays anchored at the repository root wherever it runs.
    log = json.loads(check("sarif", ".").stdout)
    uri = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri == "Study%20notes/Labs%2C%20normal%20values.md"


def parse_workflow_command(line: str) -> tuple[str, dict[str, str], str]:
    """Split a workflow command the way the Actions runner does."""
    m = re.fullmatch(r"::(\w+) ([^:]*)::(.*)", line)
    assert m, line
    props = {}
    for part in m.group(2).split(","):
        key, value = part.split("=", 1)
        props[key] = unquote(value)  # %2C, %3A, %25 are percent-escapes
    return m.group(1), props, unquote(m.group(3))


def test_github_annotations_are_placed_in_the_repository(repo):
    result = check("github", "Study notes")
    commands = [parse_workflow_command(line) for line in result.stdout.splitlines()]
    assert [(cmd, p["title"], int(p["line"]), int(p["col"]), int(p["endLine"]), int(p["endColumn"]))
            for cmd, p, _ in commands] == [
        ("error", "VL101 unresolved-link", 3, 5, 3, 19),
        ("error", "VL106 alias-link", 3, 24, 3, 35),
        ("warning", "VL103 missing-heading", 4, 6, 4, 27),
    ]
    # Repository-relative, with the comma escaped so it does not end the property.
    assert "file=Study notes/Labs%2C normal values.md," in result.stdout
    assert {p["file"] for _, p, _ in commands} == {f"Study notes/{NOTE}"}
    assert commands[0][2].startswith('"Neutropnia" leads to no file in this vault')


def test_github_paths_are_relative_to_the_current_folder(tmp_path, monkeypatch):
    root = write_vault(tmp_path / "vault", {"A.md": "[[Gone]]\n"})
    monkeypatch.chdir(tmp_path)
    result = check("github", "vault")
    assert result.stdout.startswith("::error file=vault/A.md,line=1,endLine=1,col=1,endColumn=9,title=VL101 ")
    monkeypatch.chdir(root)
    assert check("github", ".").stdout.startswith("::error file=A.md,line=1,")


def test_whole_file_findings_have_no_position(tmp_path, monkeypatch, sarif_schema):
    write_vault(tmp_path / "vault", {"Scan.md": b"%PDF\x00\x01 binary"})
    monkeypatch.chdir(tmp_path)
    github = check("github", "vault").stdout
    assert github.startswith("::error file=vault/Scan.md,title=VL002 unreadable-file::this note could not be read")
    log = json.loads(check("sarif", "vault").stdout)
    jsonschema.validate(log, sarif_schema)
    (found,) = log["runs"][0]["results"]
    assert found["ruleId"] == "VL002"
    assert found["locations"][0]["physicalLocation"] == {
        "artifactLocation": {"uri": "Scan.md", "uriBaseId": "%SRCROOT%"},
    }


def test_github_escapes_newlines_and_percent_in_messages():
    from vaultlint.report.github import escape_data, escape_property

    assert escape_data("100%\r\nsure") == "100%25%0D%0Asure"
    assert escape_property("a,b:c%") == "a%2Cb%3Ac%25"


def test_junit_is_one_failing_case_per_finding(repo):
    result = check("junit", "Study notes")
    tree = ET.fromstring(result.stdout.encode("utf-8"))
    assert tree.tag == "testsuites"
    assert (tree.get("tests"), tree.get("failures")) == ("3", "3")
    (suite,) = tree.findall("testsuite")
    assert suite.get("name") == f"Study notes/{NOTE}"
    cases = suite.findall("testcase")
    assert [(c.find("failure").get("type"), c.get("line")) for c in cases] == [
        ("VL101", "3"), ("VL106", "3"), ("VL103", "4"),
    ]
    assert cases[2].get("name") == "VL103 missing-heading at line 4, column 6"
    assert cases[0].find("failure").text.startswith(f"Study notes/{NOTE}:3:5: VL101 ")


def test_junit_clean_run_is_one_passing_case(tmp_path, monkeypatch):
    write_vault(tmp_path / "vault", {"A.md": "# A\n", "B.md": "[[A]]\n"})
    monkeypatch.chdir(tmp_path)
    result = check("junit", "vault")
    assert result.exit_code == 0
    tree = ET.fromstring(result.stdout.encode("utf-8"))
    (case,) = tree.iter("testcase")
    assert case.get("name") == "2 notes checked, no problems found"
    assert case.find("failure") is None and tree.get("failures") == "0"


def test_junit_spells_out_characters_xml_cannot_hold():
    from vaultlint.report.junit import xml_text

    assert xml_text("bell\x07 and \x1b") == "bell<U+0007> and <U+001B>"
    assert xml_text("ümlaut\ttab") == "ümlaut\ttab"


def test_concise_is_one_line_per_finding(repo):
    result = check("concise", "Study notes")
    lines = result.stdout.splitlines()
    assert lines[0].startswith(f"Study notes/{NOTE}:3:5: VL101 \"Neutropnia\"")
    assert lines[1].startswith(f"Study notes/{NOTE}:3:24: VL106 [*] ")
    assert lines[2].startswith(f"Study notes/{NOTE}:4:6: VL103 ")
    assert lines[3] == "Found 3 problems (1 fixable with --fix)."
    assert len(lines) == 4


@pytest.fixture(scope="module")
def sarif_schema() -> dict:
    return json.loads((DATA / "sarif" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))


def test_sarif_is_valid_and_complete(repo, sarif_schema):
    result = check("sarif", "Study notes")
    log = json.loads(result.stdout)
    validator = jsonschema.validators.validator_for(sarif_schema)(sarif_schema)
    errors = sorted(validator.iter_errors(log), key=str)
    assert not errors, errors[0]
    assert log["version"] == "2.1.0"
    (run_,) = log["runs"]
    assert run_["columnKind"] == "unicodeCodePoints"
    assert run_["originalUriBaseIds"]["%SRCROOT%"]["uri"] == repo.resolve().as_uri() + "/"

    rules = run_["tool"]["driver"]["rules"]
    ids = [r["id"] for r in rules]
    assert "VL101" in ids and ids == sorted(ids)
    vl101 = rules[ids.index("VL101")]
    assert vl101["name"] == "unresolved-link"
    assert vl101["shortDescription"]["text"]
    assert vl101["fullDescription"]["text"]
    assert vl101["helpUri"] == "https://github.com/vaultlint/vaultlint/blob/main/rules/VL101.md"
    assert vl101["defaultConfiguration"] == {"level": "error"}

    results = run_["results"]
    assert [r["ruleId"] for r in results] == ["VL101", "VL106", "VL103"]
    assert [rules[r["ruleIndex"]]["id"] for r in results] == ["VL101", "VL106", "VL103"]
    assert [r["level"] for r in results] == ["error", "error", "warning"]
    locations = [r["locations"][0]["physicalLocation"] for r in results]
    assert {loc["artifactLocation"]["uri"] for loc in locations} == {"Study%20notes/Labs%2C%20normal%20values.md"}
    assert [tuple(loc["region"].values()) for loc in locations] == [e[1:] for e in EXPECTED]
    assert all(loc["artifactLocation"]["uriBaseId"] == "%SRCROOT%" for loc in locations)

    assert "fixes" not in results[0]
    (fix,) = results[1]["fixes"]
    assert fix["description"]["text"] == 'Link to "Leukopenia" and show "Low WBC"'
    (change,) = fix["artifactChanges"]
    assert change["artifactLocation"]["uri"] == "Study%20notes/Labs%2C%20normal%20values.md"
    assert change["replacements"] == [{
        "deletedRegion": {"startLine": 3, "startColumn": 26, "endLine": 3, "endColumn": 33},
        "insertedContent": {"text": "Leukopenia|Low WBC"},
    }]


def test_sarif_rule_text_comes_from_the_rule_page(repo):
    from vaultlint.pages import rule_page
    from vaultlint.report.sarif import section

    page = rule_page("VL101")
    assert page is not None and page.startswith("# VL101 unresolved-link")
    log = json.loads(check("sarif", "Study notes").stdout)
    vl101 = next(r for r in log["runs"][0]["tool"]["driver"]["rules"] if r["id"] == "VL101")
    assert vl101["help"]["markdown"] == page
    assert vl101["fullDescription"]["text"] == section(page, "What it checks")


def test_sarif_fingerprints_survive_lines_added_above(repo):
    first = json.loads(check("sarif", "Study notes").stdout)["runs"][0]["results"]
    note = repo / "Study notes" / NOTE
    note.write_text("Intro line.\n\n" + note.read_text(encoding="utf-8"), encoding="utf-8")
    second = json.loads(check("sarif", "Study notes").stdout)["runs"][0]["results"]
    assert [r["locations"][0]["physicalLocation"]["region"]["startLine"] for r in second] == [5, 5, 6]
    assert [r["partialFingerprints"] for r in second] == [r["partialFingerprints"] for r in first]
    assert len({r["partialFingerprints"]["vaultlint/v1"] for r in first}) == 3


def test_sarif_of_a_clean_vault_has_no_results(tmp_path, sarif_schema):
    root = write_vault(tmp_path / "vault", {"A.md": "# A\n"})
    log = json.loads(check("sarif", str(root)).stdout)
    jsonschema.validate(log, sarif_schema)
    assert log["runs"][0]["results"] == []


def test_section_skips_headings_inside_code_blocks():
    from vaultlint.report.sarif import section

    page = "# VL1 x\n\n## What it checks\n\nLinks.\n\n```markdown\n## Not a section\n```\n\nMore.\n\n## Why\n\nNo.\n"
    assert section(page, "What it checks") == "Links.\n\n```markdown\n## Not a section\n```\n\nMore."
    assert section(page, "Options") is None
