"""--fix checks again only the notes it changes, with the last run's index,
and gives the same answers whether it works in one process or several."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import benchmark_script, run

from vaultlint.config import Config
from vaultlint.engine import Engine
from vaultlint.fix import fix_notes



@pytest.fixture(scope="module")
def fixable(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("scale") / "vault"
    assert benchmark_script("every_note_fixable").generate(root, 60, seed=3) == 60
    return root


def _outcome(root: Path, jobs: int, write: bool):
    # The generated vault lists Archive/ in Obsidian's Excluded files: check those notes too.
    engine = Engine(root, Config(check_excluded_files=True), jobs=jobs, keep_sources=True)
    engine.parallel_min_notes = 1
    outcome = fix_notes(engine, engine.run(), unsafe=False, write=write)
    return [(c.path, c.after_bytes, c.fixes) for c in outcome.changed], outcome.diagnostics, outcome.skipped


def test_fixing_in_worker_processes_gives_what_one_process_gives(fixable, tmp_path):
    serial = _outcome(fixable, jobs=1, write=False)
    parallel = _outcome(fixable, jobs=2, write=False)
    assert len(serial[0]) == 60
    assert parallel == serial
    # Written, in parallel, the notes hold exactly what was planned.
    root = tmp_path / "copy"
    shutil.copytree(fixable, root)
    written = _outcome(root, jobs=2, write=True)
    assert written[0] == serial[0]
    assert {path: (root / path).read_bytes() for path, _, _ in serial[0]} == {p: b for p, b, _ in serial[0]}


def test_what_remains_after_a_fix_is_placed_in_the_fixed_text(vault):
    # The mojibake fix makes the line two characters shorter before the
    # potassium range, which conflicts with another note's (VL305).
    root = vault({
        "A.md": "It\u00e2\u20ac\u2122s true: Normal K+ 3.5\u20135.0 mEq/L\n",
        "B.md": "Normal K+ 3.5\u20135.1 mmol/L\n",
    })  # fmt: skip
    result = run("check", "--fix", "--format", "json", "--no-cache", str(root))
    reported = [(f["code"], f["path"], f["line"], f["column"]) for f in json.loads(result.stdout)]
    assert ("VL305", "A.md", 1, 19) in reported
    again = run("check", "--format", "json", "--no-cache", str(root))
    assert reported == [(f["code"], f["path"], f["line"], f["column"]) for f in json.loads(again.stdout)]
