"""Obsidian's tags: in the text, in the properties, and what they change."""

from __future__ import annotations

from conftest import findings
from vaultlint.parse import parse_note
from vaultlint.reader import decode


def tags_of(text: str) -> list[tuple[str, int, int, int]]:
    note = parse_note(decode(text.encode("utf-8"), "N.md"))
    return [(t.name, t.range.line, t.range.column, t.range.end_column) for t in note.tags]


def test_tags_in_prose_at_exact_positions():
    text = "# Potassium #cardio\n\nRevise #Lab/Values, #y1984 and #électrolytes.\n- #ecg_2 #kebab-case\n"
    assert tags_of(text) == [
        ("cardio", 1, 13, 20),
        ("Lab/Values", 3, 8, 19),
        ("y1984", 3, 21, 27),
        ("électrolytes", 3, 32, 45),
        ("ecg_2", 4, 3, 9),
        ("kebab-case", 4, 10, 21),
    ]


def test_typographic_punctuation_ends_a_tag():
    assert tags_of("See #tag’s notes, #a“b” and #list… then #done—now.\n") == [
        ("tag", 1, 5, 9),
        ("a", 1, 19, 21),
        ("list", 1, 29, 34),
        ("done", 1, 41, 46),
    ]


def test_what_is_not_a_tag():
    text = (
        "#1984 is a number. ## Not a heading tag. Issue#12 and \\#escaped.\n\n"
        "`#code` and [[Note#Heading]] and [[Note| #display]] and [x](#frag).\n\n"
        "%% #comment %% $#math$ <span title='#x'>y</span>\n\n"
        "```\n#fenced\n```\n"
    )
    assert tags_of(text) == []


def test_tags_in_properties_come_first_in_the_note_s_tag_names():
    text = "---\ntags: [clippings, \"#labs\"]\n---\nBody #cardio\n"
    note = parse_note(decode(text.encode("utf-8"), "N.md"))
    assert note.tag_names == ["clippings", "labs", "cardio"]


def test_a_clipping_tagged_in_its_text_is_covered_by_its_note_level_source(vault):
    # The Web Clipper's tag written inline counts as the property does.
    root = vault({
        "Sodium.md": "---\nsource: https://medlineplus.gov/lab-tests/sodium-blood-test/\n---\n#clippings\n\nNormal Na+ 135–145 mEq/L.\n",
        "Labs.md": "---\nsource: https://medlineplus.gov/lab-tests/sodium-blood-test/\n---\n#cardio\n\nNormal Na+ 135–145 mEq/L.\n",
    })  # fmt: skip
    found = findings(str(root), "--select", "VL301")
    assert [(f["path"], f["line"], f["severity"]) for f in found] == [("Labs.md", 6, "info")]
