"""Shared test helpers: real vaults in temporary folders, the real CLI."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from vaultlint.cli import main

DATA = Path(__file__).parent / "data"
BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"
# The installed command: beside this Python when its environment is not activated.
VAULTLINT = shutil.which("vaultlint") or str(Path(sys.executable).with_name("vaultlint"))


def benchmark_script(name: str):
    """The benchmark script ``benchmarks/NAME.py`` as a module (the
    benchmarks are scripts, not part of the package)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location(f"benchmark_{name}", BENCHMARKS / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while a class is built
    spec.loader.exec_module(module)
    return module


def write_vault(root: Path, files: dict[str, str | bytes], obsidian: bool = True) -> Path:
    """Create a vault: ``files`` maps vault-relative paths to content."""
    root.mkdir(parents=True, exist_ok=True)
    if obsidian:
        (root / ".obsidian").mkdir(exist_ok=True)
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8", newline="")
    return root


@pytest.fixture
def vault(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """``vault({...})`` writes a vault under tmp_path and returns its root.

    The test then runs in the vault's folder, as a student does, so reports
    show paths as the vault names them (they are relative to the current
    folder)."""

    def make(files: dict[str, str | bytes], obsidian: bool = True) -> Path:
        root = write_vault(tmp_path / "vault", files, obsidian)
        monkeypatch.chdir(root)
        return root

    return make


def run(*args: str, input: str | None = None):
    """Run the CLI in-process; returns click's Result."""
    return CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)


def findings(*args: str) -> list[dict]:
    """Run ``vaultlint check --format json ARGS`` and return the findings."""
    result = run("check", "--format", "json", *args)
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.stdout)


def codes_at(items: list[dict]) -> list[tuple[str, str, int, int]]:
    """(code, path, line, column) of each finding, in report order."""
    return [(f["code"], f["path"], f["line"], f["column"]) for f in items]
