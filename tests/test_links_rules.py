"""The link rules' messages, severities and fixes beyond the spec's cases."""

from __future__ import annotations

import json

from conftest import findings, run


def only(items: list[dict], code: str) -> dict:
    found = [f for f in items if f["code"] == code]
    assert len(found) == 1, items
    return found[0]


def edit(finding: dict) -> tuple[int, int, int, str]:
    (e,) = finding["fix"]["edits"]
    return e["line"], e["column"], e["end_column"], e["content"]


# --- VL101 / VL102: what goes nowhere, and the moved-note fix ------------


def test_did_you_mean_names_the_closest_note(vault):
    root = vault({"Home.md": "See [[Leukaemia]].\n", "Hematology/Leukemia.md": "x\n"})
    f = only(findings(str(root)), "VL101")
    assert (f["line"], f["column"], f["end_column"]) == (1, 5, 18)
    assert f["message"].endswith('Did you mean "Leukemia" (Hematology/Leukemia.md)?')
    assert f["fix"] is None  # a guess is named, never applied


def test_suggest_cutoff_option(vault, tmp_path):
    root = vault({"Home.md": "See [[Leukaemia]].\n", "Leukemia.md": "x\n"})
    config = tmp_path / "strict.toml"
    config.write_text("[links]\nsuggest-cutoff = 0.99\n")
    f = only(findings(str(root), "--config", str(config)), "VL101")
    assert "Did you mean" not in f["message"]


def test_same_path_written_differently_keeps_encoding_and_heading(vault):
    # "Old Folder" and "Old-Folder" differ only in punctuation: the same
    # path, so the fix is safe.
    root = vault({
        "Home.md": "Read [dose](Old%20Folder/Drug%20List.md#Adult%20dose) now.\n",
        "Old-Folder/Drug List.md": "# Adult dose\n",
    })  # fmt: skip
    f = only(findings(str(root)), "VL101")
    assert edit(f) == (1, 13, 53, "Drug%20List.md#Adult%20dose")
    run("check", str(root), "--fix")
    assert (root / "Home.md").read_text() == "Read [dose](Drug%20List.md#Adult%20dose) now.\n"
    assert findings(str(root)) == []


def test_character_reference_in_the_path_is_not_a_heading(vault):
    # "&#32;" is a space written as a character reference: its '#' is part
    # of the path, and the heading part starts at the next '#'.
    root = vault({
        "Home.md": "Read [dose](Old&#32;Folder/Drug&#32;List.md#Adult%20dose) now.\n",
        "Old-Folder/Drug List.md": "# Adult dose\n",
    })  # fmt: skip
    f = only(findings(str(root)), "VL101")
    assert edit(f) == (1, 13, 57, "Drug%20List.md#Adult%20dose")
    run("check", str(root), "--fix")
    assert (root / "Home.md").read_text() == "Read [dose](Drug%20List.md#Adult%20dose) now.\n"


def test_heading_fix_after_a_character_reference_keeps_the_path(vault):
    root = vault({"Home.md": "[d](Dr&#117;gs.md#adult_dosage)\n", "Drugs.md": "# Adult dosage\n"})
    f = only(findings(str(root)), "VL103")
    assert edit(f) == (1, 18, 31, "#Adult%20dosage")
    run("check", str(root), "--fix", "--unsafe-fixes")
    assert (root / "Home.md").read_text() == "[d](Dr&#117;gs.md#Adult%20dosage)\n"


def test_angle_bracket_destination_is_rewritten_without_encoding(vault):
    root = vault({"Home.md": "[d](<Old Folder/Drug List.md>)\n", "Old-Folder/Drug List.md": "x\n"})
    assert edit(only(findings(str(root)), "VL101"))[3] == "Drug List.md"


def test_same_path_in_relative_format_keeps_table_escape(vault):
    root = vault({
        ".obsidian/app.json": json.dumps({"newLinkFormat": "relative"}),
        "Course/Week 1/Home.md": "| Drug | Note |\n|---|---|\n| A | [[Pharm notes/Drugs\\|drugs]] |\n",
        "Course/Pharm-notes/Drugs.md": "x\n",
    })  # fmt: skip
    f = only(findings(str(root)), "VL101")
    assert edit(f)[3] == "../Pharm-notes/Drugs\\"
    run("check", str(root), "--fix")
    text = (root / "Course/Week 1/Home.md").read_text()
    assert "| A | [[../Pharm-notes/Drugs\\|drugs]] |" in text
    assert findings(str(root)) == []


def test_no_fix_when_the_name_exists_twice(vault):
    root = vault({"Home.md": "[[Gone/Drugs]]\n", "A/Drugs.md": "", "B/Drugs.md": ""})
    f = only(findings(str(root)), "VL101")
    assert f["fix"] is None
    assert '"A/Drugs.md", "B/Drugs.md"' in f["message"]


def test_same_name_in_another_folder_is_named_never_written(vault):
    # "Electrolytes" in another folder may be another note: named only,
    # by no fix, safe or unsafe.
    root = vault({"Home.md": "[[A & P II/Electrolytes]]\n", "Chemistry/Electrolytes.md": "x\n"})
    f = only(findings(str(root)), "VL101")
    assert f["fix"] is None
    assert 'A file with this name is at "Chemistry/Electrolytes.md"; if that is the note' in f["message"]
    result = run("check", str(root), "--diff", "--unsafe-fixes")
    assert "+++" not in result.output and (root / "Home.md").read_text() == "[[A & P II/Electrolytes]]\n"


def test_close_name_with_the_same_letters_has_an_unsafe_fix(vault):
    root = vault({"Home.md": "[[Acid base balance]]\n", "Acid-Base Balance.md": "x\n"})
    f = only(findings(str(root)), "VL101")
    assert f["fix"]["applicability"] == "unsafe"
    assert edit(f)[3] == "Acid-Base Balance"


def test_missing_embed_is_its_own_rule_with_the_same_fix(vault):
    root = vault({"Home.md": "![[Old Img/cell.png]]\n[[Nothing]]\n", "Old-Img/cell.png": b"\x89PNG"})
    items = findings(str(root))
    assert [(f["code"], f["line"]) for f in items] == [("VL102", 1), ("VL101", 2)]
    f = items[0]
    assert f["severity"] == "error" and "error here instead of the embedded content" in f["message"]
    assert edit(f)[3] == "cell.png"


def test_links_in_excluded_folders_resolve(vault):
    root = vault({
        ".obsidian/app.json": json.dumps({"userIgnoreFilters": ["Templates/", "/^Arch/"]}),
        "Home.md": "[[Daily]] [[Old Plan]]\n",
        "Templates/Daily.md": "",
        "Archive/Old Plan.md": "",
    })  # fmt: skip
    assert findings(str(root)) == []


def test_severity_setting_wins_over_comment_downgrade(vault, tmp_path):
    root = vault({"Home.md": "%% [[Todo]] %%\n", "vaultlint.toml": '[links]\ncomment-links = "report"\n'})
    assert only(findings(str(root)), "VL101")["severity"] == "warning"
    config = tmp_path / "sev.toml"
    config.write_text('[links]\ncomment-links = "report"\n[severity]\nVL101 = "info"\n')
    assert only(findings(str(root), "--config", str(config)), "VL101")["severity"] == "info"


# --- VL103 / VL104: anchors ----------------------------------------------


def test_similar_heading_is_named_but_never_written(vault):
    # A close heading may mean something else (Hypokalemia, Hyperkalemia):
    # it is a suggestion, not a fix.
    root = vault({"Home.md": "[[Drugs#Adult dosage]]\n", "Drugs.md": "# Adult dosages\n# Side effects\n"})
    f = only(findings(str(root)), "VL103")
    assert f["severity"] == "warning"
    assert f["message"] == (
        '"Drugs" has no heading "Adult dosage", so this link opens the note at the top.'
        ' Did you mean "Adult dosages"?'
    )
    assert f["fix"] is None


def test_clinical_opposite_is_never_written_by_any_fix(vault):
    # Hypokalemia is missing and Hyperkalemia exists: close in spelling,
    # opposite in meaning. The message may name it; no fix may write it.
    text = "# Potassium\n\n## Hyperkalemia\n\nSee [[#Hypokalemia]] for low levels.\n"
    root = vault({"Electrolytes.md": text})
    f = only(findings(str(root)), "VL103")
    assert (f["line"], f["column"]) == (5, 5)
    assert f["message"].endswith('Did you mean "Hyperkalemia"?') and f["fix"] is None
    result = run("check", str(root), "--diff", "--unsafe-fixes")
    assert "+++" not in result.output and "Hyperkalemia]]" not in result.output
    run("check", str(root), "--fix", "--unsafe-fixes")
    assert (root / "Electrolytes.md").read_text() == text


def test_same_heading_written_differently_has_an_unsafe_fix(vault):
    root = vault({"Home.md": "[[Drugs#adult_dosage]]\n", "Drugs.md": "# Adult dosage\n# Side effects\n"})
    f = only(findings(str(root)), "VL103")
    assert f["message"].endswith('Did you mean "Adult dosage"?')
    assert f["fix"]["applicability"] == "unsafe"
    assert edit(f) == (1, 8, 21, "#Adult dosage")
    run("check", str(root), "--fix")
    assert "[[Drugs#adult_dosage]]" in (root / "Home.md").read_text()  # unsafe: not applied
    run("check", str(root), "--fix", "--unsafe-fixes")
    assert (root / "Home.md").read_text() == "[[Drugs#Adult dosage]]\n"


def test_two_close_headings_give_no_suggestion(vault):
    root = vault({"Home.md": "[[Drugs#Dose]]\n", "Drugs.md": "# Doses\n# Dosed\n"})
    f = only(findings(str(root)), "VL103")
    assert "Did you mean" not in f["message"] and f["fix"] is None


def test_missing_section_in_an_embed_is_an_error(vault):
    root = vault({"Home.md": "![[Drugs#Nope]]\n", "Drugs.md": "# Dose\n"})
    f = only(findings(str(root)), "VL103")
    assert f["severity"] == "error" and "the embed shows an error" in f["message"]


def test_heading_with_markup_and_link_matches_like_obsidian(vault):
    root = vault({
        "Home.md": "[[Drugs#See Other]] [[Drugs#Bold code]]\n",
        "Drugs.md": "## See [[Other]]\n## **Bold** `code`\n",
        "Other.md": "",
    })  # fmt: skip
    assert findings(str(root)) == []


def test_anchors_on_files_that_are_not_notes_are_not_checked(vault):
    root = vault({"Home.md": "![[scan.pdf#page=3]] ![[Board.canvas#node]]\n", "scan.pdf": b"%PDF", "Board.canvas": "{}"})
    assert findings(str(root)) == []


def test_block_typo_is_named_not_written(vault):
    root = vault({"Home.md": "[[Labs#^cbc-range]]\n", "Labs.md": "WBC 4,000 to 11,000 ^cbc-ranges\n"})
    f = only(findings(str(root)), "VL104")
    assert 'Did you mean "^cbc-ranges"?' in f["message"]
    assert f["fix"] is None


def test_same_block_id_written_differently_has_a_fix(vault):
    root = vault({"Home.md": "[[Labs#^cbcrange]]\n", "Labs.md": "WBC 4,000 to 11,000 ^cbc-range\n"})
    f = only(findings(str(root)), "VL104")
    assert (f["fix"]["applicability"], edit(f)[3]) == ("unsafe", "#^cbc-range")


def test_missing_block_falls_back_to_a_heading_like_obsidian(vault):
    # R5.4: "#^intro" with no block lands on a heading "Intro".
    root = vault({"Home.md": "[[Labs#^intro]]\n", "Labs.md": "# Intro\ntext\n"})
    assert findings(str(root)) == []


# --- VL105 ---------------------------------------------------------------


def test_ambiguous_fix_uses_the_file_obsidian_opens(vault):
    root = vault({"Home.md": "[[Sub/Drugs|d]]\n", "A/Sub/Drugs.md": "", "B/Sub/Drugs.md": ""})
    f = only(findings(str(root)), "VL105")
    assert edit(f)[3] == "A/Sub/Drugs"
    assert '"A/Sub/Drugs.md", "B/Sub/Drugs.md"' in f["message"]


# --- VL106 ---------------------------------------------------------------


def test_alias_link_variants(vault):
    root = vault({
        "Home.md": (
            "---\nsee: \"[[WBC]]\"\n---\n"
            "[[WBC#Range]] [[wbc|white cells]]\n"
            "| Test | Link |\n|---|---|\n| count | [[WBC]] |\n"
        ),
        "Labs/White Blood Cells.md": "---\naliases: [WBC]\n---\n# Range\n",
    })  # fmt: skip
    items = findings(str(root))
    assert [(f["code"], f["line"], f["column"]) for f in items] == [
        ("VL106", 2, 7), ("VL106", 4, 1), ("VL106", 4, 15), ("VL106", 7, 11),
    ]  # fmt: skip
    assert [edit(f)[3] for f in items] == [
        "White Blood Cells|WBC",
        "White Blood Cells#Range|WBC",
        "White Blood Cells",
        "White Blood Cells\\|WBC",  # a bare '|' would split the table cell
    ]
    assert all(f["fix"]["applicability"] == "safe" and f["severity"] == "error" for f in items)
    run("check", str(root), "--fix")
    assert findings(str(root)) == []
    assert "| count | [[White Blood Cells\\|WBC]] |" in (root / "Home.md").read_text()


def test_alias_of_two_notes_is_an_unresolved_link(vault):
    root = vault({
        "Home.md": "[[BP]]\n",
        "Blood pressure.md": "---\naliases: [BP]\n---\n",
        "Bipolar disorder.md": "---\naliases: [BP]\n---\n",
    })  # fmt: skip
    assert [f["code"] for f in findings(str(root))] == ["VL101"]


# --- VL107 ---------------------------------------------------------------


def test_several_links_in_a_block_list_item(vault):
    text = "---\nrelated:\n  - \"[[Anemia]], [[Leukemia]]\"\n  - \"[[Fever]]\"\n---\n"
    root = vault({"Home.md": text, "Anemia.md": "", "Leukemia.md": "", "Fever.md": ""})
    f = only(findings(str(root)), "VL107")
    assert (f["line"], f["column"]) == (3, 5)
    assert edit(f) == (3, 5, 31, '"[[Anemia]]"\n  - "[[Leukemia]]"')
    run("check", str(root), "--fix", "--unsafe-fixes")
    assert (root / "Home.md").read_text() == (
        '---\nrelated:\n  - "[[Anemia]]"\n  - "[[Leukemia]]"\n  - "[[Fever]]"\n---\n'
    )
    assert findings(str(root)) == []


def test_several_links_inside_a_flow_list_and_in_prose_order(vault):
    text = "---\nrel: ['[[A]] [[B]]', \"[[C]]\"]\nnote: \"[[A]] and then [[B]]\"\n---\n"
    root = vault({"Home.md": text, "A.md": "", "B.md": "", "C.md": ""})
    items = [f for f in findings(str(root)) if f["code"] == "VL107"]
    assert [(f["line"], f["column"]) for f in items] == [(2, 7), (3, 7)]
    assert edit(items[0])[3] == '"[[A]]", "[[B]]"'
    assert items[1]["fix"] is None  # words between the links: no safe way to split


def test_unquoted_link_in_a_block_list(vault):
    text = "---\nup:\n  - [[Hematology]]\n  - [[Labs|lab values]]\n---\n"
    root = vault({"Home.md": text, "Hematology.md": "", "Labs.md": ""})
    items = findings(str(root))
    assert [(f["code"], f["line"], f["column"]) for f in items] == [("VL107", 3, 5), ("VL107", 4, 5)]
    run("check", str(root), "--fix")
    assert (root / "Home.md").read_text() == '---\nup:\n  - "[[Hematology]]"\n  - "[[Labs|lab values]]"\n---\n'
    assert findings(str(root)) == []


def test_invalid_yaml_is_left_to_vl001(vault):
    root = vault({"Home.md": "---\nup: [[A]], [[B]]\n---\n"})
    assert [f["code"] for f in findings(str(root))] == ["VL001"]


# --- rule pages ----------------------------------------------------------


def test_link_rule_pages():
    from vaultlint.rules import registry

    for code in ["VL101", "VL102", "VL103", "VL104", "VL105", "VL106", "VL107"]:
        page = run("rule", code).output
        assert page.startswith(f"# {code} {registry().get(code).name}\n")
        for section in ["## What it checks", "## Why", "## Example", "## Fix", "## Options"]:
            assert section in page, (code, section)


def test_commented_out_links_are_ignored_by_default_and_explained_when_reported(vault, tmp_path):
    note = "Intro\n%% ![[Old chart.png]] [[Draft#Dose]] %%\n"
    root = vault({"Home.md": note, "Draft.md": "# Notes\n"})
    assert findings(str(root)) == []
    config = tmp_path / "report.toml"
    config.write_text('[links]\ncomment-links = "report"\n')
    items = findings(str(root), "--config", str(config))
    assert [(f["code"], f["line"], f["column"], f["severity"]) for f in items] == [
        ("VL102", 2, 4, "warning"),
        ("VL103", 2, 23, "warning"),
    ]
    assert items[0]["message"] == (
        '"Old chart.png" leads to no file in this vault. The link is inside a %% comment: it is hidden in'
        " reading view, but Obsidian still counts it, so it appears in the graph and in backlinks."
    )
    assert "error" not in items[0]["message"]
    assert items[1]["message"].endswith("so it appears in the graph and in backlinks.")
