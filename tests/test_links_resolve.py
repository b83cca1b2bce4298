"""The resolver and anchor matching on their own, on the file list of the
spec's fixture vault V (section 10.1) as Obsidian sees it: dot-paths are
left out by discovery, so they are not in the list."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from vaultlint.linktext import decode_uri
from vaultlint.model import BlockId, Heading, NoteInfo, Range
from vaultlint.resolve import (
    FileTable,
    Suggester,
    encode_destination,
    heading_link_text,
    link_path,
    match_anchor,
    strip_heading,
)
from vaultlint.vault import Vault

V_FILES = [
    "Home.md", "Note.md", "A/Note.md", "A/Source.md", "A/Plan.md", "A/Sub/Deep.md",
    "A/Sub/Plan.md", "B/Source.md", "Zzz/Plan.md", "Zzz/x.md", "C1/Dup.md", "C2/Dup.md",
    "Img/photo.png", "assets/photo.png", "Docs/Guide.pdf", "Boards/Board.canvas",
    "Data/table.csv", "LICENSE", "xb/Topic.md", "Archive/Old Stuff.md", "Café.md",
    "Q&A.md", "v1.2.md", "My File.md", "C# notes.md", "Alias.md", "Headings.md", "Blocks.md",
]  # fmt: skip

TABLE = FileTable(V_FILES)


@pytest.mark.parametrize(
    "case, source, linkpath, expected",
    [
        (1, "Home.md", "Note", "Note.md"),
        (2, "A/Source.md", "Note", "Note.md"),
        (3, "A/Source.md", "A/Note", "A/Note.md"),
        (4, "Zzz/x.md", "Plan", "Zzz/Plan.md"),
        (5, "B/Source.md", "Plan", "A/Plan.md"),
        (6, "A/Sub/Deep.md", "Plan", "A/Sub/Plan.md"),
        (7, "Home.md", "Dup", "C1/Dup.md"),
        (8, "Home.md", "note", "Note.md"),
        (8, "Home.md", "NOTE.MD", "Note.md"),
        (9, "Home.md", "Deep", "A/Sub/Deep.md"),
        (10, "Home.md", "Sub/Deep", "A/Sub/Deep.md"),
        (10, "Home.md", "X/Deep", None),
        (11, "Home.md", "/Note", "Note.md"),
        (11, "Home.md", "/Deep", None),
        (12, "A/Sub/Deep.md", "../Note", "A/Note.md"),
        (12, "A/Sub/Deep.md", "../../Note", "Note.md"),
        (13, "A/Source.md", "./Note", "A/Note.md"),
        (14, "B/Source.md", "../A/Note.md", "A/Note.md"),
        (15, "Home.md", "photo", None),
        (15, "Home.md", "photo.png", "Img/photo.png"),
        (16, "Home.md", "Guide.pdf", "Docs/Guide.pdf"),
        (17, "Home.md", "Board", None),
        (17, "Home.md", "Board.canvas", "Boards/Board.canvas"),
        (18, "Home.md", "table.csv", "Data/table.csv"),
        (19, "Home.md", "LICENSE", None),
        (20, "Home.md", "Folder", None),
        (21, "Home.md", "Old", None),
        (21, "Home.md", "Secret", None),
        (21, "Home.md", ".obsidian/app.json", None),
        (22, "Home.md", "Old Stuff", "Archive/Old Stuff.md"),
        (24, "Home.md", "Alias Name", None),
        (24, "Home.md", "Alias", "Alias.md"),
        (25, "Home.md", "v1.2", "v1.2.md"),
        (26, "Home.md", "C", None),
        (27, "Home.md", "Q&A.md", "Q&A.md"),
        (27, "Home.md", "Q%26A.md", None),
        (28, "Home.md", "My File.md", "My File.md"),
        (28, "Home.md", "My File", "My File.md"),
        (30, "Home.md", "b/Topic.md", "xb/Topic.md"),
        (30, "Home.md", "b/Topic", "xb/Topic.md"),
        (38, "Home.md", "", "Home.md"),
        (42, "Home.md", "Note^abc", None),
    ],
)
def test_spec_resolution_rows(case, source, linkpath, expected):
    assert TABLE.resolve(linkpath, source).target == expected, f"spec case {case}"


def test_nfc_on_both_sides():
    # Case 23: the file is stored NFD on disk, the link typed NFC.
    table = FileTable([unicodedata.normalize("NFD", "Café.md")])
    assert table.resolve("Café", "Home.md").target == "Café.md"
    assert table.resolve(unicodedata.normalize("NFD", "café"), "Home.md").target == "Café.md"


def test_ties_are_reported_only_for_equal_best_candidates():
    assert TABLE.resolve("Dup", "Home.md").ties == ("C1/Dup.md", "C2/Dup.md")
    assert TABLE.resolve("Dup", "Home.md").ambiguous
    # B/Source.md -> Plan: A/Plan.md is strictly shorter than Zzz/Plan.md.
    assert not TABLE.resolve("Plan", "B/Source.md").ambiguous
    # A root-level exact match is never ambiguous.
    assert not TABLE.resolve("Note", "A/Source.md").ambiguous


def test_same_folder_prefix_needs_a_slash():
    # "proj" must not count as the folder of "project/..." (R3.4).
    table = FileTable(["project/N.md", "proj2/N.md", "pr/N.md"])
    assert table.resolve("N", "proj/x.md").target == "pr/N.md"
    assert table.resolve("N", "project/x.md").target == "project/N.md"


def test_subtree_of_source_folder_before_shorter_elsewhere():
    table = FileTable(["Z/N.md", "Long folder name/sub/N.md"])
    assert table.resolve("N", "Long folder name/x.md").target == "Long folder name/sub/N.md"


def test_backslash_is_not_a_separator():
    assert FileTable(["Folder/Note.md"]).resolve("Folder\\Note", "Home.md").target is None


def test_name_with_dot_tries_literal_then_md():
    table = FileTable(["Report.pdf.md"])
    assert table.resolve("Report.pdf", "Home.md").target == "Report.pdf.md"
    table = FileTable(["Report.pdf.md", "x/Report.pdf"])
    assert table.resolve("Report.pdf", "Home.md").target == "x/Report.pdf"


def test_relative_above_root_stays_at_root():
    assert FileTable(["Note.md", "A/Note.md"]).resolve("../../../Note", "A/x.md").target == "Note.md"


def test_vault_builds_its_table_once():
    vault = Vault(Path("."), V_FILES)
    assert vault.table is vault.table
    assert vault.resolve("Deep", "Home.md").target == "A/Sub/Deep.md"


# --- anchors -------------------------------------------------------------

R = Range(0, 0, 1, 1, 1, 1)

# Headings.md of section 10.1, root-level headings only (the quoted and the
# fenced ones are not root headings).
HEADINGS = NoteInfo(
    path="Headings.md",
    headings=[
        Heading(level, text, R, True)
        for level, text in [
            (1, "Hello, World!"), (1, "Setext Title"), (1, "Parent"), (2, "Child"),
            (1, "Other"), (2, "Child2"), (2, "C# intro"), (3, "`hasTag()`"), (2, "Local"),
        ]
    ],
)  # fmt: skip

BLOCKS = NoteInfo(
    path="Blocks.md",
    block_ids=[BlockId(i, R) for i in ["para1", "list-item", "nested", "table-id", "after-embed", "quote-id"]],
)


@pytest.mark.parametrize(
    "case, subpath, found",
    [
        (46, "#Hello World", True),
        (46, "#hello, world", True),
        (46, "#HELLO WORLD!!", True),
        (47, "#Setext Title", True),
        (48, "#Parent#Child", True),
        (48, "#Child#Parent", False),
        (48, "#Parent#Child2", True),
        (49, "#Quoted", False),
        (49, "#In Code", False),
        (50, "#C# intro", False),
        (50, "#C intro", True),
        (51, "#hasTag", True),
        (52, "#Local", True),
        (52, "#Nope", False),
        (53, "#Nope", False),
    ],
)
def test_spec_heading_rows(case, subpath, found):
    anchor = match_anchor(HEADINGS, subpath)
    assert anchor.kind == "heading" and anchor.found is found, f"spec case {case}"


@pytest.mark.parametrize(
    "case, subpath, found",
    [
        (54, "#^para1", True),
        (54, "#^PARA1", True),
        (54, "#^list-item", True),
        (54, "#^nested", True),
        (54, "#^table-id", True),
        (54, "#^quote-id", True),
        (55, "#^after-embed", True),
        (56, "#^glued", False),
        (56, "#^under_score", False),
    ],
)
def test_spec_block_rows(case, subpath, found):
    anchor = match_anchor(BLOCKS, subpath)
    assert anchor.kind == "block" and anchor.found is found, f"spec case {case}"


def test_block_reference_must_stand_alone():
    # Case 57: "#Parent#^para1" is a heading path and fails.
    info = NoteInfo(path="N.md", headings=HEADINGS.headings, block_ids=BLOCKS.block_ids)
    anchor = match_anchor(info, "#Parent#^para1")
    assert anchor.kind == "heading" and not anchor.found


def test_empty_subpath_is_no_anchor():
    assert match_anchor(HEADINGS, "") is None
    assert match_anchor(HEADINGS, "#") is None
    assert match_anchor(HEADINGS, "##") is None
    assert match_anchor(HEADINGS, "##Local").found  # empty segments dropped


def test_missing_block_falls_back_to_a_heading_of_that_name():
    anchor = match_anchor(HEADINGS, "#^local")
    assert anchor.kind == "block" and anchor.found and anchor.block is None
    assert anchor.heading.text == "Local"


def test_first_duplicate_heading_wins_and_parent_path_reaches_later_one():
    info = NoteInfo(
        path="N.md",
        headings=[Heading(1, "A", R, True), Heading(2, "X", R, True), Heading(1, "B", R, True), Heading(2, "X", R, True)],
    )
    assert match_anchor(info, "#X").heading is info.headings[1]
    assert match_anchor(info, "#B#X").heading is info.headings[3]


def test_later_block_definition_overwrites():
    info = NoteInfo(path="N.md", block_ids=[BlockId("dup", R), BlockId("DUP", Range(5, 9, 2, 1, 2, 5))])
    assert match_anchor(info, "#^dup").block.range.line == 2


def test_strip_heading_keeps_dash_underscore_and_apostrophe():
    assert strip_heading("_x_ y") != strip_heading("x y")
    assert strip_heading("Don't  stop — now") == "Don't stop — now"
    assert heading_link_text("C# intro | part ^2") == "C intro part 2"


# --- writing links -------------------------------------------------------


@pytest.mark.parametrize(
    "fmt, markdown, source, target, expected",
    [
        ("shortest", False, "Home.md", "A/Sub/Deep.md", "Deep"),
        ("shortest", False, "Home.md", "A/Note.md", "A/Note"),  # the name alone means Note.md
        ("shortest", False, "A/Source.md", "Note.md", "Note"),
        ("shortest", True, "Home.md", "My File.md", "My File.md"),
        ("shortest", False, "Home.md", "Img/photo.png", "Img/photo.png"),  # two photo.png files
        ("absolute", False, "Home.md", "A/Sub/Deep.md", "A/Sub/Deep"),
        ("absolute", True, "Home.md", "A/Sub/Deep.md", "A/Sub/Deep.md"),
        ("relative", False, "A/Sub/Deep.md", "A/Note.md", "../Note"),
        ("relative", True, "A/Source.md", "A/Sub/Deep.md", "Sub/Deep.md"),
        ("relative", False, "Home.md", "A/Sub/Deep.md", "A/Sub/Deep"),
    ],
)
def test_link_path_follows_new_link_format(fmt, markdown, source, target, expected):
    assert link_path(TABLE, target, source, fmt, markdown) == expected


def test_relative_link_that_a_root_file_would_catch_falls_back_to_vault_path():
    # From A/x.md, "B/y" would mean the root-level B/y.md (R2.6).
    table = FileTable(["A/x.md", "A/B/y.md", "B/y.md"])
    assert link_path(table, "A/B/y.md", "A/x.md", "relative", False) == "A/B/y"


def test_unlinkable_names_get_no_link_text():
    assert link_path(TABLE, "C# notes.md", "Home.md", "shortest", False) is None


def test_destination_encoding_round_trips_through_the_resolver():
    for path in ["My File.md", "Q&A.md", "100% (draft).md", "Café.md"]:
        assert decode_uri(encode_destination(path)) == path


# --- suggestions ---------------------------------------------------------


def test_suggester_names_close_note_and_extensionless_files():
    s = Suggester(V_FILES)
    assert s.closest("Hedings", 0.75) == "Headings.md"
    assert s.closest("Zebra", 0.75) is None
    assert s.needing_extension("photo") == ["Img/photo.png", "assets/photo.png"]
    assert s.needing_extension("photo.png") == []


_name = st.text(alphabet="abé ", min_size=0, max_size=7)  # few letters: many ties


@settings(max_examples=300, deadline=None)
@given(st.lists(_name, min_size=1, max_size=40), _name, st.sampled_from([0.5, 0.75, 0.9]))
@example(["abab", "a"], "ab", 0.5)  # a tie between lengths: the shorter name comes first
def test_closest_is_rapidfuzz_best_match_over_every_name(names, query, cutoff):
    """Comparing names a length at a time finds what one extractOne over all
    of them finds, ties included (the first in the suggester's order)."""
    from rapidfuzz import fuzz, process

    files = [f"Dir/{n}.md" for n in names] + [f"{n}.png" for n in names[:3]]
    order: dict[str, str] = {}  # name as compared -> first file, in the suggester's order
    for path in sorted(files, key=lambda p: (len(p), p)):
        name = path.rsplit("/", 1)[-1]
        order.setdefault((name[:-3] if name.lower().endswith(".md") else name).lower(), path)
    best = process.extractOne(query.lower(), list(order), scorer=fuzz.ratio, score_cutoff=cutoff * 100, processor=None)
    assert Suggester(files).closest(query, cutoff) == (order[best[0]] if best else None)


# --- properties ----------------------------------------------------------

_segment = st.sampled_from(["A", "a", "B", "Sub", "sub", "x y", "Café", "v1.2", "Note", "note"])
_name = st.sampled_from(["Note.md", "note.md", "Plan.md", "x y.md", "v1.2.md", "v1.2", "img.png", "Deep.md"])
_path = st.builds(lambda dirs, name: "/".join([*dirs, name]), st.lists(_segment, max_size=3), _name)


@settings(max_examples=60, deadline=None)
@given(st.lists(_path, min_size=1, max_size=12, unique_by=str.lower), st.data())
def test_written_links_lead_back_to_their_file(files, data):
    table = FileTable(files)
    target = data.draw(st.sampled_from(files))
    source = data.draw(st.sampled_from(files))
    fmt = data.draw(st.sampled_from(["shortest", "relative", "absolute"]))
    for markdown in (False, True):
        text = link_path(table, target, source, fmt, markdown)
        if text is None:
            # Only a name with a dot that another file is literally called
            # ("v1.2" beside "v1.2.md") cannot be written as a wikilink.
            assert not markdown and table.named(target.rsplit("/", 1)[-1][:-3])
            continue
        assert table.resolve(text, source).target == target
        if markdown:
            assert table.resolve(decode_uri(encode_destination(text)), source).target == target


@settings(max_examples=60, deadline=None)
@given(st.lists(_path, min_size=1, max_size=12, unique_by=str.lower), st.data())
def test_resolution_is_one_of_the_files_named_like_the_link(files, data):
    table = FileTable(files)
    source = data.draw(st.sampled_from(files))
    link = data.draw(st.sampled_from(files)).rsplit(".", 1)[0] if data.draw(st.booleans()) else data.draw(_path)
    res = table.resolve(link, source)
    if res.target is None:
        assert res.ties == ()
        return
    assert res.target in files and res.target == res.ties[0]
    assert set(res.ties) <= set(res.files)
    assert all(len(t) == len(res.target) for t in res.ties)
