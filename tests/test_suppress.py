"""Suppressions in comments, frontmatter and configuration."""

from __future__ import annotations

from conftest import codes_at, findings


def test_disable_next_line_and_line(vault):
    root = vault({"A.md": (
        "%% vaultlint-disable-next-line VL101 %%\n[[One]]\n[[Two]]\n"
        "[[Three]] %% vaultlint-disable-line unresolved-link %%\n"
    )})
    assert codes_at(findings(str(root))) == [("VL101", "A.md", 3, 1)]


def test_disable_enable_block(vault):
    root = vault({"A.md": (
        "[[Before]]\n%% vaultlint-disable VL1 %%\n[[Inside]]\n\n[[Also inside]]\n%% vaultlint-enable %%\n[[After]]\n"
    )})
    assert codes_at(findings(str(root))) == [("VL101", "A.md", 1, 1), ("VL101", "A.md", 7, 1)]


def test_disable_without_enable_runs_to_the_end(vault):
    root = vault({"A.md": "[[Before]]\n%% vaultlint-disable %%\n[[x]]\n\n[[y]]\n"})
    assert codes_at(findings(str(root))) == [("VL101", "A.md", 1, 1)]


def test_disable_only_named_rules(vault):
    root = vault({"A.md": "%% vaultlint-disable-next-line VL001 %%\n[[Still reported]]\n"})
    assert codes_at(findings(str(root))) == [("VL101", "A.md", 2, 1)]


def test_frontmatter_disable(vault):
    root = vault({
        "A.md": "---\nvaultlint: {disable: [VL101]}\n---\n[[x]]\n",
        "B.md": "---\nvaultlint:\n  disable: all\n---\n[[x]]\n",
        "C.md": "---\nvaultlint: {disable: [VL102]}\n---\n[[x]]\n",
    })
    assert codes_at(findings(str(root))) == [("VL101", "C.md", 4, 1)]


def test_per_file_ignores(vault):
    root = vault({
        "vaultlint.toml": '[per-file-ignores]\n"Templates/" = ["VL101"]\n"**/Draft*.md" = ["unresolved-link"]\n',
        "Templates/T.md": "[[{{title}}]]\n",
        "Notes/Draft 1.md": "[[x]]\n",
        "Notes/Real.md": "[[x]]\n",
    })
    assert codes_at(findings(str(root))) == [("VL101", "Notes/Real.md", 1, 1)]


def test_unknown_code_in_suppression(vault):
    root = vault({
        "A.md": "%% vaultlint-disable-next-line VL999 %%\n[[x]]\n",
        "B.md": "---\nvaultlint: {disable: [no-such-rule]}\n---\nok\n",
    })
    items = findings(str(root))
    assert codes_at(items) == [("VL003", "A.md", 1, 1), ("VL101", "A.md", 2, 1), ("VL003", "B.md", 1, 1)]
    assert items[0]["message"] == "'VL999' is not a vaultlint rule code or name, so this suppression does nothing"
    assert items[0]["severity"] == "warning"
