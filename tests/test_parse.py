"""Parsing with exact positions: links, headings, blocks, regions."""

from __future__ import annotations

import pytest

from conftest import DATA, codes_at, findings
from vaultlint.model import BlockKind, LinkKind, RegionKind
from vaultlint.parse import parse_note
from vaultlint.reader import decode

SEED = (DATA / "core" / "Leukopenia.md").read_text(encoding="utf-8")

# (line, column, target) of every link in the seed note, read off the file.
SEED_LINKS = [
    (1, 60, "Blood"), (1, 96, "Blood"), (1, 185, "Blood"),
    (5, 47, "Leukemia"), (5, 91, "aplastic anemia"), (5, 161, "Blood"),
    (6, 58, "hepatitis"), (6, 116, "Blood"),
    (7, 29, "Boxes/Temple College Nursing Program/LVN Program/Fall 24/Pharmacology/Drugs/Drugs"),
    (7, 163, "Immunosuppressants"), (7, 203, "Blood"),
    (8, 170, "Blood"),
    (9, 60, "Vitamins"), (9, 77, "minerals"), (9, 112, "B12"), (9, 169, "Blood"),
    (10, 43, "Liver"),
    (15, 3, "Fever"), (16, 3, "Mouth"),
    (21, 56, "Blood"), (21, 134, "Blood"), (21, 159, "Blood"), (21, 221, "Blood"),
    (27, 114, "B12"),
]


def parse(text: str, path: str = "N.md"):
    return parse_note(decode(text.encode("utf-8"), path))


def links_of(text: str) -> list[tuple[int, int, str]]:
    return [(l.range.line, l.range.column, l.path) for l in parse(text).links]


def test_seed_note_links_at_exact_positions():
    found = links_of(SEED)
    assert found == SEED_LINKS
    assert len(found) == 24
    assert sum(1 for *_, target in found if target == "Blood") == 12


def test_seed_note_links_ignore_code_added_around_them():
    """Code blocks and spans added to the note hold no links, and the real
    links move down by exactly the lines added."""
    prefix = "```\n[[Blood]] in a fence\n```\n\n    [[Blood]] indented code\n\n`[[Blood]]` $[[Blood]]$ <!-- [[Blood]] -->\n\n"
    suffix = "\n\n~~~md\n[[Blood]]\n~~~\n\n$$\n[[Blood]]\n$$\n"
    found = links_of(prefix + SEED + suffix)
    shift = prefix.count("\n")
    assert found == [(line + shift, col, target) for line, col, target in SEED_LINKS]


def test_seed_note_through_the_cli(vault):
    root = vault({"Leukopenia.md": SEED})
    items = [f for f in findings(str(root), "--select", "VL101") if f["code"] == "VL101"]
    assert [(f["line"], f["column"]) for f in items] == [(l, c) for l, c, _ in SEED_LINKS]


def test_wikilink_display_text_embed_size_and_subpath():
    note = parse("![[photo.png|100x200]] [[Note#A#B|shown]] [[Note\\|alias]]\n")
    embed, link, escaped = note.links
    assert (embed.embed, embed.path, embed.display) == (True, "photo.png", None)
    assert (link.path, link.subpath, link.display) == ("Note", "#A#B", "shown")
    assert (escaped.path, escaped.display) == ("Note", "alias")
    assert (link.target_range.column, link.target_range.end_column) == (26, 34)


def test_links_that_are_not_links():
    text = "[[]] [[a\nb]] \\[[x]] [[a [[b]] c]] [f](My File.md)\n"
    assert [l.path for l in parse(text).links] == ["b"]


def test_markdown_links_decode_like_obsidian():
    note = parse("[a](My%20File.md) [b](<My File.md>) [c](Q%26A.md) [d](https://x.org) [e](100%.md) [g](www.example.com)\n")
    assert [l.path for l in note.links] == ["My File.md", "My File.md", "Q%26A.md", "www.example.com"]
    assert all(l.kind is LinkKind.MARKDOWN for l in note.links)


def test_table_cells_split_before_links():
    note = parse("| a | b |\n|---|---|\n| [[Note\\|n]] | [[Note|n]] |\n")
    assert [(l.path, l.range.line, l.range.column) for l in note.links] == [("Note", 3, 3)]
    kinds = [b.kind for b in note.blocks]
    assert kinds == [BlockKind.TABLE_HEADER, BlockKind.TABLE_ROW]


def test_links_in_comments_are_marked():
    note = parse("%%[[Hidden]]%%\n\n%%\n[[Block comment]]\n%%\n")
    assert [(l.path, l.in_comment) for l in note.links] == [("Hidden", True), ("Block comment", True)]


def test_html_block_hides_links_until_blank_line():
    note = parse("<div>\n[[Missing]]\n</div>\n\n[[Shown]]\n")
    assert [l.path for l in note.links] == ["Shown"]


def test_frontmatter_links_with_positions():
    note = parse('---\nup: "[[Up]]"\nrel: ["[[A]]", "[[B]]"]\nx: "see [[C]]"\n---\nbody\n')
    assert [(l.path, l.key, l.range.line, l.range.column) for l in note.links] == [
        ("Up", "up", 2, 6), ("A", "rel.0", 3, 8), ("B", "rel.1", 3, 17),
    ]


def test_headings_root_only_and_setext():
    note = parse("# Hello, World!\n\nSetext\n===\n\n> ## Quoted\n\n- item\n\n```\n## Code\n```\n## C# intro ##\n")
    assert [(h.level, h.text, h.root, h.range.line) for h in note.headings] == [
        (1, "Hello, World!", True, 1), (1, "Setext", True, 3), (2, "Quoted", False, 6), (2, "C# intro", True, 13),
    ]


def test_block_ids_follow_obsidian_rules():
    text = (
        "^first-block-is-dropped\n\nFirst paragraph ^para1\n\n- item one ^list-item\n- item two\n  - nested ^nested\n\n"
        "| a | b |\n|---|---|\n| 1 | 2 |\n\n^table-id\n\n![[photo.png]]^after-embed\n\nword^glued\n\nUnder ^under_score\n"
    )
    assert [b.id for b in parse(text).block_ids] == ["para1", "list-item", "nested", "table-id", "after-embed"]


def test_footnotes_and_inline_footnotes():
    note = parse("Fever[^1] and ^[inline] and [^2].\n\n[^1]: Lewis 2023.\n[^3]:\n")
    assert [(r.label, r.range.column) for r in note.footnote_refs] == [("1", 6), ("2", 29)]
    assert [(d.label, d.text) for d in note.footnote_defs] == [("1", "Lewis 2023."), ("3", "")]
    assert [r.column for r in note.inline_footnotes] == [15]


def test_regions_are_blanked_in_prose_with_offsets_kept():
    text = "a `code` $x$ %%c%% <!-- h --> b\n"
    note = parse(text)
    assert note.prose == "a" + " " * (len(text) - 3) + "b\n"
    assert {r.kind for r in note.regions} == {RegionKind.CODE, RegionKind.MATH, RegionKind.COMMENT, RegionKind.HTML}


def test_blocks_group_lists_and_callouts():
    note = parse("Intro.\n\n- one\n- two\n\n> [!quote] Lewis 2023\n> Fever is 38 °C.\n")
    got = [(b.kind, b.group, b.callout) for b in note.blocks]
    assert got == [
        (BlockKind.PARAGRAPH, 0, None),
        (BlockKind.LIST_ITEM, 1, None),
        (BlockKind.LIST_ITEM, 1, None),
        (BlockKind.CALLOUT_TITLE, 2, "Lewis 2023"),
        (BlockKind.PARAGRAPH, 2, "Lewis 2023"),
    ]


def test_a_new_kind_of_list_marker_starts_a_new_list():
    note = parse("- a\n- b\n  1. nested\n- c\n1. d\n2) e\n2) f\n* g\n+ h\n")
    assert [(note.prose[b.start : b.end], b.group) for b in note.blocks] == [
        ("a", 0), ("b", 0), ("nested", 0), ("c", 0), ("d", 1), ("e", 2), ("f", 2), ("g", 3), ("h", 4),
    ]  # fmt: skip


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_columns_are_the_same_for_crlf(newline):
    text = newline.join(["# T", "", "see [[Blood]] here", ""])
    assert links_of(text) == [(3, 5, "Blood")]


def test_columns_count_characters_not_bytes():
    assert links_of("Café – µg [[Blood]]\n") == [(1, 11, "Blood")]


def test_only_the_given_notes_are_reported(vault):
    root = vault({"A.md": "[[Missing A]] [[B#Head]]\n", "B.md": "# Head\n[[Missing B]]\n"})
    items = findings(str(root / "A.md"))
    assert codes_at(items) == [("VL101", "A.md", 1, 1)]


# --- block structure from the CommonMark parser: shapes the old parser misread ---


def test_heading_directly_after_a_list_item_is_a_root_heading(vault):
    text = "- Low potassium\n## Hypokalemia\n- High potassium\n## Hyperkalemia\n\nSee [[#Hypokalemia]].\n"
    note = parse(text)
    assert [(h.text, h.root, h.range.line) for h in note.headings] == [("Hypokalemia", True, 2), ("Hyperkalemia", True, 4)]
    assert [b.kind for b in note.blocks][:2] == [BlockKind.LIST_ITEM, BlockKind.HEADING]
    root = vault({"Electrolytes.md": text})
    assert findings(str(root)) == []


def test_thematic_break_after_a_list_ends_it_before_a_heading():
    note = parse("- one\n- two\n___\n# After\n")
    assert [(h.text, h.root, h.range.line) for h in note.headings] == [("After", True, 4)]
    assert [(b.kind, b.group) for b in note.blocks] == [
        (BlockKind.LIST_ITEM, 0), (BlockKind.LIST_ITEM, 0), (BlockKind.HEADING, 1),
    ]  # fmt: skip


def test_fence_in_a_list_item_with_a_blank_line_inside_ends_at_its_closer():
    text = "- item\n  ```\n  [[In code]]\n\n  more code\n  ```\n\nAfter [[Real]].\n\n## Later\n"
    note = parse(text)
    assert links_of(text) == [(8, 7, "Real")]
    assert [(h.text, h.root) for h in note.headings] == [("Later", True)]
    code = [r for r in note.regions if r.kind is RegionKind.CODE]
    assert len(code) == 1 and text[code[0].start : code[0].end].endswith("```")


def test_fence_and_html_block_directly_after_a_list_hide_their_links():
    text = "- item\n~~~\n[[Fenced]]\n~~~\n- item\n<div>\n[[In div]]\n</div>\n\n[[Shown]]\n"
    assert links_of(text) == [(10, 1, "Shown")]


def test_wikilink_after_rejected_brackets_is_read_one_character_on():
    # R1.1: "[[[[X]]" is rejected at the first "[[" (its text holds "[[") and
    # matched at the second: a link to "[X", starting at column 2.
    note = parse("[[[[X]]\n![[[[X]]#H]]\n")
    got = [(l.path, l.subpath, l.embed, l.range.line, l.range.column, l.range.end_column) for l in note.links]
    assert got == [("[X", "", False, 1, 2, 8), ("[X", "", False, 2, 3, 9)]


def test_list_nesting_and_table_structure_in_the_model():
    note = parse("- a\n  - b\n    - c\n- d\n\n| Drug | Dose |\n|---|---|\n| Aspirin | 81 mg |\n")
    items = [(note.text[b.start : b.end], b.parent) for b in note.blocks if b.kind is BlockKind.LIST_ITEM]
    assert items == [("a", -1), ("b", 0), ("c", 1), ("d", -1)]
    header, row = [b for b in note.blocks if b.kind in (BlockKind.TABLE_HEADER, BlockKind.TABLE_ROW)]
    assert row.header == note.blocks.index(header)
    assert [note.text[s:e].strip() for s, e in header.cells] == ["Drug", "Dose"]
    assert [note.text[s:e].strip() for s, e in row.cells] == ["Aspirin", "81 mg"]


@pytest.mark.parametrize("unit", ["[", "[[", "![[", "[^", "^[", "%%", "`", "[a](", "<!--", "$"])
def test_a_long_paragraph_of_one_opener_is_read_in_linear_time(unit):
    text = unit * (200_000 // len(unit)) + "\n"
    note = parse(text)
    assert note.links == [] and note.headings == []


def test_rules_of_dashes_after_the_properties_are_not_properties():
    # A "---" line after a blank line, later in a note, is a thematic break
    # (and "text\n---" a heading), never a second properties block.
    text = "---\ntags: [a]\n---\n# Top\n\n---\n# Obstructive\n## Asthma\n\n---\n# Restrictive\n[[Note#Asthma]]\n"
    note = parse(text)
    assert [h.text for h in note.headings] == ["Top", "Obstructive", "Asthma", "Restrictive"]
    assert [l.path for l in note.links] == ["Note"]


def test_a_wikilink_wins_over_the_markdown_link_that_commonmark_reads_at_its_place():
    # CommonMark reads "[[A|B]](x)" as a link with text "[A|B]"; Obsidian
    # tries the wikilink first, and the "(x)" is text.
    note = parse("See [[Settings folder|folder]](`.obsidian`) and ![[photo.png]](x) and [a](Real.md).\n")
    assert [(l.kind, l.path, l.embed, l.range.column) for l in note.links] == [
        (LinkKind.WIKI, "Settings folder", False, 5),
        (LinkKind.WIKI, "photo.png", True, 49),
        (LinkKind.MARKDOWN, "Real.md", False, 71),
    ]


def test_reference_labels_differing_beyond_ascii_do_not_match():
    # "[ö]" has no definition, so the outer brackets make a link to Note.md;
    # "[ä]" is a reference link, and a link cannot hold another one.
    note = parse("[ä]: x\n\nSé [x [ö]](Note.md) and [y [ä]](Other.md)\n")
    assert [(l.path, l.range.line, l.range.column, l.range.end_column) for l in note.links] == [("Note.md", 3, 4, 20)]


def test_footnote_labels_differing_beyond_ascii_keep_their_places():
    note = parse("Dose[^é] and [[Drug]].\n\n[^ü]: a [[Source]]\n")
    assert [(l.path, l.range.line, l.range.column) for l in note.links] == [("Drug", 1, 14), ("Source", 3, 9)]
    assert [(d.label, d.range.column) for d in note.footnote_defs] == [("ü", 1)]


@pytest.mark.parametrize("text", ["Intro\n\n#", "> ##", "#"])
def test_an_empty_heading_at_the_very_end_of_the_note_is_read(text, tmp_path):
    # The heading's place is just after its marks, here the end of the note.
    note = parse(text)
    assert [(h.text, h.range.start, h.range.end) for h in note.headings] == [("", len(text), len(text))]
    (tmp_path / "A.md").write_text(text, encoding="utf-8")
    assert findings("--no-cache", str(tmp_path)) == []


def test_a_footnote_definition_inside_another_is_read(tmp_path):
    text = "Text[^1][^2][^3]\n\n[^1]: * [^2]: inner\n"
    note = parse(text)
    assert [(d.label, d.range.line, d.range.column) for d in note.footnote_defs] == [("2", 3, 9), ("1", 3, 1)]
    (tmp_path / "A.md").write_text(text, encoding="utf-8")
    dangling = [f for f in findings("--no-cache", str(tmp_path)) if f["code"] == "VL302"]
    assert [(f["line"], f["column"]) for f in dangling] == [(1, 13)]


@pytest.mark.parametrize("text", ["- \\[[Note]]\n", "- \\[[Note]] and [x](y.md)\n", "1. \\[[Note]] [[Real]]\n", "# \\[[Note]]\n"])
def test_an_escaped_wikilink_at_the_start_of_a_list_item_or_heading_is_no_link(text):
    # The text of an item or heading starts at the escaped "[", after the backslash.
    assert [l.path for l in parse(text).links] == [p for p in ("y.md", "Real") if p in text]
