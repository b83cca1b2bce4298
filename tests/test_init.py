"""``vaultlint init``: a commented configuration and the pre-commit entry."""

from __future__ import annotations

import dataclasses
import re
import subprocess
import sys
from pathlib import Path

import yaml
from pre_commit.clientlib import load_config as load_pre_commit_config

from conftest import run, write_vault

from vaultlint.config import Config, load_config

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

# "# key = value", '# "glob" = [...]' and "# [table]" lines; prose never has " = ".
SETTING = re.compile(r'^# (?=[A-Za-z"][^ ]* = |\[[a-z-]+\]$)')


def uncommented(text: str) -> str:
    """The template with every commented-out setting switched on."""
    return "\n".join(SETTING.sub("", line) for line in text.splitlines()) + "\n"


def entry_of(output: str) -> str:
    return output[output.index("repos:"):]


def test_writes_a_commented_config_that_means_the_defaults(vault):
    root = vault({"A.md": "# A\n"})
    result = run("init", str(root))
    assert result.exit_code == 0
    path = root / "vaultlint.toml"
    assert result.stdout.startswith(f"Wrote {path}: every setting is listed there")
    assert load_config(path) == Config()
    # A run picks it up without complaint.
    assert run("check", str(root)).exit_code == 0


def test_every_setting_is_listed_with_its_default(vault):
    root = vault({"A.md": "# A\n"})
    run("init", str(root))
    text = uncommented((root / "vaultlint.toml").read_text(encoding="utf-8"))
    data = tomllib.loads(text)
    # The two tables show an example instead of their (empty) default.
    assert data.pop("per-file-ignores") == {"Clippings/**": ["VL3"]}
    assert data.pop("severity") == {"VL102": "warning"}
    assert Config.from_mapping(data) == Config()

    def keys(cls) -> set[str]:
        return {f.name.replace("_", "-") for f in dataclasses.fields(cls) if f.name != "origin"}

    listed = set(data) | {"per-file-ignores", "severity"}
    assert listed == keys(Config), "vaultlint/init.py's template must list every option"
    for section in ("links", "encoding", "thresholds"):
        option_class = type(getattr(Config(), section))
        assert set(data[section]) == keys(option_class), f"[{section}] must list every option"


def test_never_overwrites_an_existing_configuration(vault):
    root = vault({"A.md": "# A\n", "vaultlint.toml": 'ignore = ["VL3"]\n'})
    result = run("init", str(root))
    assert result.exit_code == 1
    assert f"{root / 'vaultlint.toml'} already configures vaultlint; it was left unchanged." in result.stdout
    assert (root / "vaultlint.toml").read_text(encoding="utf-8") == 'ignore = ["VL3"]\n'
    assert "  - repo: https://github.com/vaultlint/vaultlint" in result.stdout


def test_a_pyproject_table_counts_as_a_configuration(vault):
    root = vault({"A.md": "# A\n", "pyproject.toml": "[tool.vaultlint]\nfail-on = 'error'\n"})
    assert run("init", str(root)).exit_code == 1
    assert not (root / "vaultlint.toml").exists()


def test_from_a_subfolder_the_config_goes_to_the_vault_root(vault):
    root = vault({"Labs/CBC.md": "# CBC\n"})
    assert run("init", str(root / "Labs")).exit_code == 0
    assert (root / "vaultlint.toml").is_file()
    assert not (root / "Labs" / "vaultlint.toml").exists()


def test_pre_commit_entry_is_a_valid_pre_commit_config(vault, tmp_path: Path):
    root = vault({"A.md": "# A\n"})
    entry = entry_of(run("init", str(root)).stdout)
    config_file = tmp_path / ".pre-commit-config.yaml"
    config_file.write_text(entry, encoding="utf-8")
    config = load_pre_commit_config(str(config_file))
    (repo,) = config["repos"]
    assert repo["repo"] == "https://github.com/vaultlint/vaultlint"
    assert repo["rev"] == "v0.1.0"
    assert [h["id"] for h in repo["hooks"]] == ["vaultlint"]
    # Fixing is offered commented out; switched on, it is valid too.
    config_file.write_text(entry.replace("# args: [--fix]", "args: [--fix]"), encoding="utf-8")
    (hook,) = load_pre_commit_config(str(config_file))["repos"][0]["hooks"]
    assert (hook["id"], hook["args"]) == ("vaultlint", ["--fix"])


def test_a_vault_inside_a_repository_gets_a_files_pattern(tmp_path: Path):
    repo = tmp_path / "repo"
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    write_vault(repo / "Nursing notes", {"A.md": "# A\n"})
    (repo / "README.md").write_text("# My notes\n", encoding="utf-8")
    entry = entry_of(run("init", str(repo / "Nursing notes")).stdout)
    (hook,) = yaml.safe_load(entry)["repos"][0]["hooks"]
    pattern = re.compile(hook["files"])
    assert pattern.search("Nursing notes/A.md")
    assert pattern.search("Nursing notes/Boards/Plan.canvas")
    assert not pattern.search("Nursing notes/tools/export.py")
    assert not pattern.search("README.md")
    assert not pattern.search("Nursing notes old/A.md")
