"""The hook manifest and the GitHub Action, checked without a network.

The manifest is read by pre-commit's own loader. The action's check step is
run by bash exactly as a runner runs it (``bash -e -o pipefail``), with the
inputs in the environment the way the step passes them and the installed
``vaultlint`` standing in for the one the install step makes.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
import yaml
from pre_commit.clientlib import load_manifest

from conftest import DATA, write_vault

CHECKOUT = Path(__file__).resolve().parent.parent
# The installed command, beside the Python running the tests.
VAULTLINT = shutil.which("vaultlint", path=str(Path(sys.executable).parent))


def test_manifest_offers_one_hook_for_notes_and_canvases():
    # One hook that checks, and fixes with args: [--fix], as ruff's does: two
    # hooks enabled together printed every finding twice.
    (hook,) = load_manifest(str(CHECKOUT / ".pre-commit-hooks.yaml"))
    assert (hook["id"], hook["entry"], hook["language"]) == ("vaultlint", "vaultlint check", "python")
    assert hook["types"] == ["text"]
    files = re.compile(hook["files"])
    assert files.search("Notes/A.md") and files.search("Board.canvas")
    assert not files.search("tools/export.py") and not files.search("notes.md.bak")
    # One run over all the staged notes, so the vault is indexed once.
    assert hook["require_serial"] is True
    assert hook["pass_filenames"] is True


@pytest.fixture(scope="module")
def action() -> dict:
    return yaml.safe_load((CHECKOUT / "action.yml").read_text(encoding="utf-8"))


def test_action_is_a_composite_action_with_a_sarif_output(action):
    assert action["runs"]["using"] == "composite"
    assert set(action["inputs"]) == {"path", "baseline", "args", "sarif-file", "annotations", "version",
                                     "python-version"}
    assert action["outputs"]["sarif-file"]["value"] == "${{ steps.check.outputs.sarif-file }}"
    steps = action["runs"]["steps"]
    assert steps[0]["uses"].startswith("actions/setup-python@")
    assert "${{" not in steps[1]["run"] and "${{" not in steps[2]["run"], \
        "inputs must reach scripts through env, not be pasted into them"


def run_check_step(action: dict, repo: Path, **inputs: str) -> tuple[subprocess.CompletedProcess, dict]:
    step = next(s for s in action["runs"]["steps"] if s.get("id") == "check")
    defaults = {name: spec.get("default", "") for name, spec in action["inputs"].items()}
    values = {**defaults, **{k.replace("_", "-"): v for k, v in inputs.items()}}
    output_file = repo.parent / "github_output"
    output_file.write_text("", encoding="utf-8")
    env = {
        **os.environ,
        "VAULTLINT": VAULTLINT,
        "GITHUB_OUTPUT": str(output_file),
    }
    for var, expr in step["env"].items():
        name = expr.removeprefix("${{ inputs.").removesuffix(" }}")
        env[var] = values[name]
    result = subprocess.run(["bash", "--noprofile", "--norc", "-e", "-o", "pipefail", "-c", step["run"]],
                            cwd=repo, env=env, capture_output=True, text=True, timeout=120)
    outputs = dict(line.split("=", 1) for line in output_file.read_text(encoding="utf-8").splitlines())
    return result, outputs


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    repo = tmp_path / "repo"
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    write_vault(repo / "notes", {
        "Leukopenia.md": "# Leukopenia\n\nSee [[Neutropnia]].\n",
        "Neutropenia.md": "# Neutropenia\n",
    })
    return repo


def test_action_writes_sarif_annotates_and_fails_on_findings(action, repo):
    result, outputs = run_check_step(action, repo, path="notes")
    assert result.returncode == 1, result.stderr
    assert outputs == {"sarif-file": "vaultlint.sarif"}
    log = json.loads((repo / "vaultlint.sarif").read_text(encoding="utf-8"))
    schema = json.loads((DATA / "sarif" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    jsonschema.validate(log, schema)
    (found,) = log["runs"][0]["results"]
    assert found["ruleId"] == "VL101"
    assert found["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "notes/Leukopenia.md"
    assert result.stdout.startswith(
        "::error file=notes/Leukopenia.md,line=3,endLine=3,col=5,endColumn=19,title=VL101 unresolved-link::")


def test_action_with_a_baseline_passes_on_old_findings(action, repo):
    subprocess.run([VAULTLINT, "check", "--write-baseline", "baseline.json", "notes"], cwd=repo,
                   check=True, capture_output=True)
    result, _ = run_check_step(action, repo, path="notes", baseline="baseline.json", annotations="false",
                               args="--select VL1 --fail-on error")
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    assert json.loads((repo / "vaultlint.sarif").read_text(encoding="utf-8"))["runs"][0]["results"] == []
