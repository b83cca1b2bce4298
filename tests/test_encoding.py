"""The encoding rules VL201-VL205 on real notes, through the CLI."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from conftest import DATA, codes_at, findings, run

SEED = (DATA / "encoding" / "leukopenia.md").read_bytes()
CLEAN = sorted((DATA / "encoding" / "clean").glob("*.md"))
VAULTLINT = str(Path(sys.executable).with_name("vaultlint"))


def vl2(root: Path, *args: str) -> list[dict]:
    return findings(str(root), "--select", "VL2", *args)


# --- VL201 mojibake -----------------------------------------------------------------


def test_seed_note_has_exactly_one_mojibake(vault):
    root = vault({"Leukopenia.md": SEED})
    items = vl2(root)
    assert codes_at(items) == [("VL201", "Leukopenia.md", 8, 136)]
    (item,) = items
    assert (item["end_line"], item["end_column"]) == (8, 139)
    assert item["message"] == '"â€™" is garbled text that should read "’" (UTF-8 read as Windows-1252).'
    assert item["fix"]["applicability"] == "safe"
    assert [(e["line"], e["column"], e["end_column"], e["content"]) for e in item["fix"]["edits"]] == [
        (8, 136, 139, "’")
    ]


def test_seed_fix_changes_only_the_garbled_bytes(vault):
    root = vault({"Leukopenia.md": SEED})
    result = run("check", str(root), "--select", "VL201", "--fix")
    assert "Fixed 1 problem" in result.output
    fixed = (root / "Leukopenia.md").read_bytes()
    garbled = "â€™".encode()
    assert SEED.count(garbled) == 1
    at = SEED.index(garbled)
    # The curly apostrophe is kept: no quote straightening.
    assert fixed == SEED[:at] + "’".encode() + SEED[at + len(garbled) :]
    assert vl2(root) == []


def test_seed_through_the_installed_command(vault):
    root = vault({"Leukopenia.md": SEED})
    out = subprocess.run(
        [VAULTLINT, "check", "--select", "VL2", "--format", "concise"], capture_output=True, text=True, cwd=root
    )
    assert out.returncode == 1
    assert out.stdout.startswith("Leukopenia.md:8:136: VL201")


def test_correct_text_in_many_languages_has_no_findings(vault):
    root = vault({path.name: path.read_bytes() for path in CLEAN})
    assert len(CLEAN) >= 18
    assert vl2(root) == []


MIXED_NOTE = """\
---
title: RÃ©sumÃ© de cours
aliases: [Ã‰dÃ¨me]
---
# MÃ©niÃ¨re’s disease

[[Solumora]]â€™s dose, then [[Other|see Ã©]].

| Drug | Temp |
|---|---|
| CafÃ©ine | 38 Â°C |

Double: it doesnÃ¢â‚¬â„¢t. Link [[CafÃ©]] here.
`CafÃ© in code` and $CafÃ©$ in math.

```
bodyâ€™s in a block
```
"""


def test_mojibake_in_frontmatter_headings_tables_after_links_and_in_targets(vault):
    root = vault({"Note.md": MIXED_NOTE})
    items = vl2(root)
    got = [(i["line"], i["column"], i["end_column"], i["fix"]["edits"][0]["content"]) for i in items]
    assert got == [
        (2, 9, 11, "é"),  # RÃ©sumÃ©, in a frontmatter value
        (2, 14, 16, "é"),
        (3, 11, 13, "É"),  # in a frontmatter list
        (3, 14, 16, "è"),
        (5, 4, 6, "é"),  # heading
        (5, 8, 10, "è"),
        (7, 13, 16, "’"),  # right after a wikilink
        (7, 41, 43, "é"),  # a link's display text
        (11, 6, 8, "é"),  # table cells
        (11, 17, 19, "°"),
        (13, 17, 25, "’"),  # read wrongly twice
        (13, 38, 40, "é"),  # a link target
    ]
    assert [i["code"] for i in items] == ["VL201"] * 12
    assert "twice" in items[10]["message"]
    assert "in this link's target" in items[11]["message"]


def test_fixing_the_note_repairs_every_stretch_and_nothing_else(vault):
    root = vault({"Note.md": MIXED_NOTE})
    run("check", str(root), "--select", "VL201", "--fix")
    fixed = (root / "Note.md").read_text(encoding="utf-8")
    assert fixed == (
        MIXED_NOTE.replace("RÃ©sumÃ©", "Résumé")
        .replace("[Ã‰dÃ¨me]", "[Édème]")
        .replace("MÃ©niÃ¨re", "Ménière")
        .replace("Solumora]]â€™s", "Solumora]]’s")
        .replace("see Ã©]]", "see é]]")
        .replace("CafÃ©ine | 38 Â°C", "Caféine | 38 °C")
        .replace("doesnÃ¢â‚¬â„¢t", "doesn’t")
        .replace("[[CafÃ©]]", "[[Café]]")
    )
    assert "`CafÃ© in code`" in fixed and "$CafÃ©$" in fixed and "bodyâ€™s in a block" in fixed


def test_a_repaired_link_target_is_resolved_again(vault):
    root = vault({"A.md": "See [[CafÃ©]] and [[Ã‰dÃ¨me#SymptÃ´mes]].\n", "Café.md": "x\n", "Édème.md": "# Symptômes\n"})
    before = findings(str(root))
    assert [(i["code"], i["column"]) for i in before] == [
        ("VL101", 5),
        ("VL201", 10),
        ("VL101", 19),
        ("VL201", 21),
        ("VL201", 24),
        ("VL201", 34),
    ]
    run("check", str(root), "--fix")
    assert (root / "A.md").read_text(encoding="utf-8") == "See [[Café]] and [[Édème#Symptômes]].\n"
    assert findings(str(root)) == []


def test_crlf_note_keeps_its_line_breaks(vault):
    root = vault({"Note.md": "line one\r\nCafÃ© two\r\n"})
    assert codes_at(vl2(root)) == [("VL201", "Note.md", 2, 4)]
    run("check", str(root), "--select", "VL201", "--fix")
    assert (root / "Note.md").read_bytes() == "line one\r\nCafé two\r\n".encode()


def test_a_lost_character_is_reported_without_a_fix(vault):
    root = vault({"Note.md": "Upgraded to â€œbb+â€? from â€œbbâ€?\n"})
    items = vl2(root)
    assert [(i["column"], i["fix"] is None) for i in items] == [(13, False), (19, True), (28, False), (33, True)]
    assert "part of the original character was lost" in items[1]["message"]


def test_repair_must_fit_a_legacy_encoded_note(vault):
    # Read as Windows-1252 (byte 0xE9); 'Ã©' repairs to 'é', which
    # Windows-1252 can store, but the garbled check mark cannot be stored.
    root = vault({"Note.md": "Caf\xe9 and Ã© and âœ”\n".encode("cp1252")})
    items = [i for i in vl2(root) if i["code"] == "VL201"]
    assert [(i["column"], i["fix"] is not None) for i in items] == [(10, True), (17, False)]


# --- VL202 not-utf8 -----------------------------------------------------------------


def test_windows_1252_note_is_rewritten_as_utf8_on_request(vault):
    text = "Temp 38 °C – “monitor” the patient’s café\n"
    root = vault({"Note.md": text.encode("cp1252")})
    (item,) = vl2(root)
    assert (item["code"], item["line"], item["column"]) == ("VL202", 1, 9)
    assert "0xB0" in item["message"] and "Windows-1252" in item["message"]
    assert item["fix"]["applicability"] == "unsafe"
    run("check", str(root), "--select", "VL2", "--fix")
    assert (root / "Note.md").read_bytes() == text.encode("cp1252")  # unsafe: not without the flag
    run("check", str(root), "--select", "VL2", "--fix", "--unsafe-fixes")
    assert (root / "Note.md").read_bytes() == text.encode("utf-8")
    assert vl2(root) == []


def test_a_note_that_is_partly_utf8_is_not_converted(vault):
    root = vault({"Note.md": "Café".encode() + b" and caf\xe9\n"})
    items = vl2(root)
    assert [(i["code"], i["column"]) for i in items] == [("VL201", 4), ("VL202", 13)]
    assert items[1]["fix"] is None
    assert "cannot be told for sure" in items[1]["message"]


def test_another_code_page_is_not_converted(vault):
    root = vault({"Note.md": "Zażółć gęślą jaźń, łóżko\n".encode("cp1250")})
    (item,) = [i for i in vl2(root) if i["code"] == "VL202"]
    assert item["fix"] is None


def test_undecodable_bytes_are_reported_at_the_first_bad_byte(vault):
    root = vault({"Note.md": b"line one\nok \x81\x8d bytes\n"})
    items = vl2(root)
    assert [(i["code"], i["line"], i["column"]) for i in items] == [("VL202", 2, 4)]
    assert "0x81" in items[0]["message"]


# --- VL203 replacement-character ------------------------------------------------------------


def test_replacement_characters_are_reported_not_fixed(vault):
    root = vault({"Note.md": "Lost \ufffd\ufffd here, `code \ufffd`, and â€\ufffd there.\n"})
    items = vl2(root)
    assert [(i["code"], i["column"], i["end_column"]) for i in items] == [
        ("VL203", 6, 8),
        ("VL201", 29, 32),  # the � belongs to garbled text, reported once
    ]
    assert items[0]["fix"] is None and "2 characters" in items[0]["message"]


# --- VL204 invisible-character ------------------------------------------------------------


def test_invisible_characters_inside_words_and_link_targets(vault):
    note = (
        "hyper\u200bkalaemia, see [[Blo\u00adod]] and [[Ur\u200bine|urine]].\n"
        "Word\u2060joiner, stray BOM\ufeff, don\x92t.\n"
    )
    root = vault({"Note.md": note})
    items = vl2(root)
    assert [(i["line"], i["column"], i["fix"]["applicability"]) for i in items] == [
        (1, 6, "safe"),  # zero-width space inside a word
        (1, 26, "safe"),  # soft hyphen in a link target
        (1, 40, "safe"),  # zero-width space in a link target
        (2, 5, "safe"),  # word joiner
        (2, 23, "safe"),  # byte order mark inside the text
        (2, 29, "unsafe"),  # C1 control: Windows-1252 read as Latin-1
    ]
    assert "U+200B ZERO WIDTH SPACE" in items[0]["message"]
    assert "link target" in items[1]["message"]
    assert items[5]["fix"]["edits"][0]["content"] == "’"
    run("check", str(root), "--select", "VL204", "--fix", "--unsafe-fixes")
    assert (root / "Note.md").read_text(encoding="utf-8") == (
        "hyperkalaemia, see [[Blood]] and [[Urine|urine]].\nWordjoiner, stray BOM, don’t.\n"
    )


def test_invisible_characters_that_text_needs_are_left_alone(vault):
    note = (
        "Emoji: 👩\u200d⚕️ 👨🏽\u200d⚕️ ❤️\n"
        "Thai: พยาบาล\u200bดูแล\u200bผู้ป่วย\n"
        "Persian: می\u200cخواهم\n"
        "Hebrew with marks: \u200fשלום\u200f 38 °C\n"
        "Soft hyphen in prose: hyper\u00adkalaemia\n"
        "Between words: one \u200b two\n"
        "`code\u200bspan` and\n"
        "```\nfenced\x0cblock\n```\n"
    )
    root = vault({"Note.md": note})
    assert vl2(root) == []


def test_allowed_characters_are_not_reported(vault):
    root = vault({"Note.md": "a\u200bb and c\u2060d\n", "vaultlint.toml": '[encoding]\nallow-characters = ["U+200B"]\n'})
    assert [(i["code"], i["column"]) for i in vl2(root)] == [("VL204", 10)]


def test_a_bad_allow_characters_entry_is_a_configuration_error(vault):
    root = vault({"Note.md": "x\n", "vaultlint.toml": '[encoding]\nallow-characters = ["zero width"]\n'})
    result = run("check", str(root))
    assert result.exit_code == 2
    assert "allow-characters" in result.output


def test_c1_controls_inside_garbled_text_are_left_to_vl201(vault):
    root = vault({"Note.md": "the bodyâ\x80\x99s own\n"})
    assert [(i["code"], i["column"], i["end_column"]) for i in vl2(root)] == [("VL201", 9, 12)]


# --- VL205 mojibake-in-name ------------------------------------------------------------------


def test_garbled_file_and_folder_names(vault):
    root = vault({"Notes/CafÃ©.md": "x\n", "PlanificaciÃ³n/Plan.md": "y\n", "Fine/Café.md": "z\n"})
    items = vl2(root)
    assert codes_at(items) == [
        ("VL205", "Notes/CafÃ©.md", 1, 1),
        ("VL205", "PlanificaciÃ³n/Plan.md", 1, 1),
    ]
    assert 'file name "CafÃ©.md" is garbled and should read "Café.md"' in items[0]["message"]
    assert 'folder name "PlanificaciÃ³n"' in items[1]["message"] and '"Planificación"' in items[1]["message"]
    assert all(i["fix"] is None for i in items)


# --- the rule pages -------------------------------------------------------------------------


def test_rule_pages_exist_and_check_clean(tmp_path):
    for code, name in [
        ("VL201", "mojibake"),
        ("VL202", "not-utf8"),
        ("VL203", "replacement-character"),
        ("VL204", "invisible-character"),
        ("VL205", "mojibake-in-name"),
    ]:
        page = run("rule", code)
        assert page.exit_code == 0
        assert page.output.startswith(f"# {code} {name}\n")
        for section in ("## What it checks", "## Why", "## Example", "## Fix", "## Options"):
            assert section in page.output, (code, section)
    pages = shutil.copytree(Path(__file__).parent.parent / "rules", tmp_path / "rules")
    assert vl2(pages) == []
