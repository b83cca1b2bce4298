"""A run imports only what it needs: ftfy when a line may hold mojibake,
rapidfuzz when a missing name needs a suggestion, the Markdown parser,
PyYAML and the threshold lexicon when a note must be parsed."""

from __future__ import annotations

import ast
import subprocess
import sys

from conftest import write_vault

# Runs the command in a fresh interpreter and prints the heavy modules it loaded.
PROBE = (
    "import sys\n"
    "from vaultlint.cli import main\n"
    "try:\n"
    "    main(['check', '--quiet', *sys.argv[1:]])\n"
    "except SystemExit:\n"
    "    pass\n"
    "heavy = ('ftfy', 'rapidfuzz', 'yaml', 'pyromark', 'vaultlint.parse', 'multiprocessing',\n"
    "         'vaultlint.thresholds.analysis')\n"
    "print(sorted(m for m in heavy if m in sys.modules))\n"
)


def loaded(*args: str) -> list[str]:
    out = subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True, text=True, check=True)
    return ast.literal_eval(out.stdout.strip().splitlines()[-1])


def test_clean_notes_load_neither_ftfy_nor_rapidfuzz(tmp_path):
    vault = write_vault(tmp_path / "v", {"A.md": "The patient’s notes – see [[B]].\n", "B.md": "# B\n"})
    assert loaded(str(vault)) == ["pyromark", "vaultlint.parse", "vaultlint.thresholds.analysis", "yaml"]


def test_mojibake_and_a_missing_name_load_what_they_need(tmp_path):
    vault = write_vault(tmp_path / "v", {"A.md": "The patientâ€™s notes – see [[Bee]].\n", "B.md": "# B\n"})
    assert loaded(str(vault)) == [
        "ftfy", "pyromark", "rapidfuzz", "vaultlint.parse", "vaultlint.thresholds.analysis", "yaml"
    ]


def test_warm_check_parses_nothing(tmp_path):
    vault = write_vault(tmp_path / "v", {"A.md": "---\ntags: [a]\n---\nSee [[B]].\n", "B.md": "# B\n"})
    loaded(str(vault))  # fills the cache
    # pyromark only for its version, part of the cache's key; no threshold lexicon
    assert loaded(str(vault)) == ["pyromark"]
