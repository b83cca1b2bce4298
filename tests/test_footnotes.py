"""VL302-VL304: footnote markers and definitions."""

from __future__ import annotations

from conftest import codes_at, findings

NOTE = (
    "Fever is 38 °C or higher.[^3]\n"  # no definition
    "Loop diuretics waste potassium.[^k] And [^K] again.\n"  # labels ignore case
    "\n"
    "[^1]: Lewis, Medical-Surgical Nursing, 11e.\n"  # never referenced
    "[^k]: Pagana 7e, p. 412.\n"
    "[^2]:\n"  # empty and never referenced
)


def test_footnote_rules(vault):
    root = vault({"Fever.md": NOTE})
    assert codes_at(findings(str(root), "--select", "VL302,VL303,VL304")) == [
        ("VL302", "Fever.md", 1, 26),
        ("VL304", "Fever.md", 4, 1),
        ("VL303", "Fever.md", 6, 1),
        ("VL304", "Fever.md", 6, 1),
    ]


def test_messages(vault):
    root = vault({"Fever.md": NOTE})
    by_code: dict[str, dict] = {}
    for f in findings(str(root), "--select", "VL302,VL303,VL304"):
        by_code.setdefault(f["code"], f)
    assert by_code["VL302"]["message"] == (
        "Footnote [^3] has no definition, so it cites nothing and Obsidian shows it as plain text. "
        'Add a line "[^3]: <the source>" to the note, or correct the label.'
    )
    assert by_code["VL302"]["end_column"] == 30
    assert by_code["VL303"]["message"].startswith("Footnote definition [^2] is empty")
    assert by_code["VL304"]["message"].startswith("Footnote [^1] is defined but no [^1] marker points to it")


def test_footnotes_in_code_are_not_footnotes(vault):
    root = vault({"A.md": "Use `[^1]` for a footnote.\n\n```\n[^2]: example\n```\n"})
    assert findings(str(root), "--select", "VL302,VL303,VL304") == []


def test_well_formed_footnotes_pass(vault):
    root = vault({"A.md": "Fever is 38 °C or higher.[^cdc] Inline ^[Lewis 11e] too.\n\n[^cdc]: CDC, 2023.\n"})
    assert findings(str(root), "--select", "VL3") == []
