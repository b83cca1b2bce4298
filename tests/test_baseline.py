"""Baselines: record today's findings, then fail only on new ones."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import run

from vaultlint.baseline import Baseline
from vaultlint.model import Diagnostic, Range, Severity

NOTE = "# Leukopenia\n\nA low WBC, see [[Neutropnia]].\n"


def check_json(*args: str):
    result = run("check", "--format", "json", *args)
    return result.exit_code, json.loads(result.stdout) if result.stdout.strip() else None


def test_old_problem_moved_down_is_not_new_but_a_new_one_fails(vault, tmp_path: Path):
    root = vault({"Leukopenia.md": NOTE, "Labs/CBC.md": "# CBC\n"})
    baseline = tmp_path / "baseline.json"

    result = run("check", "--write-baseline", str(baseline), str(root))
    assert result.exit_code == 0
    assert "Recorded 1 finding in" in result.stderr

    note = root / "Leukopenia.md"
    note.write_text("---\ntags: [haematology]\n---\nIntro.\n\n" + NOTE, encoding="utf-8")
    code, items = check_json("--baseline", str(baseline), str(root))
    assert (code, items) == (0, [])

    note.write_text(note.read_text(encoding="utf-8") + "Compare [[Agranulocytosis]].\n", encoding="utf-8")
    code, items = check_json("--baseline", str(baseline), str(root))
    assert code == 1
    assert [(f["code"], f["path"], f["line"], f["column"]) for f in items] == [
        ("VL101", "Leukopenia.md", 9, 9),
    ]

    # Without the baseline both are reported, the old one at its new line.
    code, items = check_json(str(root))
    assert [(f["line"], f["column"]) for f in items] == [(8, 16), (9, 9)]


def test_baseline_file_keys_on_rule_path_and_text(vault, tmp_path: Path):
    root = vault({"Notes/Leukopenia.md": NOTE + "Again [[Neutropnia]].\n"})
    baseline = tmp_path / "baseline.json"
    assert run("check", "--write-baseline", str(baseline), str(root)).exit_code == 0
    assert json.loads(baseline.read_text(encoding="utf-8")) == {
        "version": 1,
        "findings": [
            {"code": "VL101", "path": "Notes/Leukopenia.md", "snippet": "[[Neutropnia]]", "count": 2},
        ],
    }


def test_more_copies_of_a_recorded_problem_are_new(vault, tmp_path: Path):
    root = vault({"Leukopenia.md": NOTE})
    baseline = tmp_path / "baseline.json"
    run("check", "--write-baseline", str(baseline), str(root))
    (root / "Leukopenia.md").write_text(NOTE + "Also [[Neutropnia]].\n", encoding="utf-8")
    code, items = check_json("--baseline", str(baseline), str(root))
    assert code == 1
    assert [(f["line"], f["column"]) for f in items] == [(4, 6)]


def test_fixed_problems_are_mentioned(vault, tmp_path: Path):
    root = vault({"Leukopenia.md": NOTE})
    baseline = tmp_path / "baseline.json"
    run("check", "--write-baseline", str(baseline), str(root))
    (root / "Leukopenia.md").write_text(NOTE.replace("Neutropnia", "Leukopenia"), encoding="utf-8")
    result = run("check", "--baseline", str(baseline), str(root))
    assert result.exit_code == 0
    assert f"1 baseline finding is fixed: run with --write-baseline {baseline} to drop it." in result.stderr


def test_unreadable_baseline_is_a_usage_error(vault, tmp_path: Path):
    root = vault({"Leukopenia.md": NOTE})
    bad = tmp_path / "baseline.json"
    bad.write_text('{"findings": []}', encoding="utf-8")
    result = run("check", "--baseline", str(bad), str(root))
    assert result.exit_code == 2
    assert "not a vaultlint baseline (expected version 1)" in result.stderr


def diag(path: str, line: int, snippet: str, code: str = "VL101") -> Diagnostic:
    return Diagnostic(code, "unresolved-link", Severity.ERROR, path, Range(0, 1, line, 1, line, 2), "m",
                      snippet=snippet)


def test_matching_ignores_lines_and_counts_duplicates():
    recorded = Baseline.from_diagnostics([diag("a.md", 3, "[[X]]"), diag("a.md", 8, "[[X]]")])
    now = [diag("a.md", 1, "[[X]]"), diag("a.md", 5, "[[Y]]"), diag("a.md", 30, "[[X]]"),
           diag("a.md", 40, "[[X]]"), diag("b.md", 3, "[[X]]"), diag("a.md", 3, "[[X]]", code="VL102")]
    assert [(d.path, d.range.line, d.code) for d in recorded.new_diagnostics(now)] == [
        ("a.md", 5, "VL101"), ("a.md", 40, "VL101"), ("b.md", 3, "VL101"), ("a.md", 3, "VL102"),
    ]
    assert recorded.gone(now) == 0
    assert recorded.gone([diag("a.md", 3, "[[X]]")]) == 1


def test_paths_match_in_either_unicode_spelling():
    nfd = "Pa\u0302te\u0301.md"  # as macOS may spell "Pâté.md"
    recorded = Baseline.from_json(Baseline.from_diagnostics([diag(nfd, 1, "[[X]]")]).to_json())
    assert recorded.new_diagnostics([diag("P\u00e2t\u00e9.md", 2, "[[X]]")]) == []
