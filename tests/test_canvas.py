"""Canvas files: file nodes and the links of text nodes are checked like a
note's links, at their line and column in the canvas's JSON."""

from __future__ import annotations

import json

from conftest import findings, run

# As Obsidian writes a canvas: tabs, one node per line.
BOARD = (
    '{\n'
    '\t"nodes":[\n'
    '\t\t{"id":"t1","type":"text","text":"## Plan\\nRead [[Blood]] and [[Anemia#Causes]], then \\"[[Missing]]\\".","x":0,"y":0,"width":250,"height":60},\n'
    '\t\t{"id":"f1","type":"file","file":"Hematology/Anemia.md","x":300,"y":0,"width":400,"height":400},\n'
    '\t\t{"id":"f2","type":"file","file":"Hematology/Gone.md","subpath":"#Causes","x":0,"y":500,"width":400,"height":400},\n'
    '\t\t{"id":"f3","type":"file","file":"img/cell.png","x":0,"y":900,"width":400,"height":400},\n'
    '\t\t{"id":"l1","type":"link","url":"https://example.org/[[NotALink]]","x":0,"y":0,"width":1,"height":1}\n'
    '\t],\n'
    '\t"edges":[]\n'
    '}\n'
)


def test_canvas_links_reported_at_their_place_in_the_json(vault):
    root = vault({
        "Boards/Study.canvas": BOARD,
        "Hematology/Anemia.md": "# Causes\n",
        "Blood.md": "x\n",
    })  # fmt: skip
    found = [(f["code"], f["path"], f["line"], f["column"], f["end_column"]) for f in findings(str(root))]
    line3 = BOARD.split("\n")[2]
    missing_at = line3.index('[[Missing]]') + 1
    gone_at = BOARD.split("\n")[4].index("Hematology/Gone.md") + 1
    png_at = BOARD.split("\n")[5].index("img/cell.png") + 1
    assert found == [
        ("VL101", "Boards/Study.canvas", 3, missing_at, missing_at + len("[[Missing]]")),
        ("VL102", "Boards/Study.canvas", 5, gone_at, gone_at + len("Hematology/Gone.md")),
        ("VL102", "Boards/Study.canvas", 6, png_at, png_at + len("img/cell.png")),
    ]


def test_canvas_file_node_message_and_missing_heading(vault):
    board = json.dumps({"nodes": [
        {"id": "a", "type": "file", "file": "Anemia.md", "subpath": "#Treatment"},
        {"id": "b", "type": "file", "file": "Old/Blood.md"},
    ]}, indent="\t")  # fmt: skip
    root = vault({"Study.canvas": board, "Anemia.md": "# Causes\n", "Hematology/Blood.md": "x\n"})
    items = findings(str(root))
    lines = board.split("\n")
    at = [next(i + 1 for i, text in enumerate(lines) if name in text) for name in ('"Anemia.md"', '"Old/Blood.md"')]
    assert [(f["code"], f["line"]) for f in items] == [("VL103", at[0]), ("VL102", at[1])]
    assert "the canvas shows an error in this card instead of the file" in items[1]["message"]
    assert 'A file with this name is at "Hematology/Blood.md"' in items[1]["message"]
    assert items[1]["fix"] is None  # an edit in JSON is not offered


def test_text_node_links_after_escapes_keep_exact_columns(vault):
    # A non-ASCII escape and an astral character before the link: each is one
    # character in the text but several in the file.
    board = '{"nodes":[{"id":"a","type":"text","text":"caf\\u00e9 \\ud83d\\ude00 \\"q\\"\\n[[Nowhere]]"}]}'
    root = vault({"B.canvas": board})
    (f,) = findings(str(root))
    start = board.index("[[Nowhere]]") + 1
    assert (f["code"], f["line"], f["column"], f["end_column"]) == ("VL101", 1, start, start + 11)


def test_broken_canvas_json_is_one_finding_not_a_crash(vault):
    root = vault({"Broken.canvas": '{"nodes": [\n  {"id": "a", "type": "text", "text": "x"}\n', "A.md": "ok\n"})
    result = run("check", str(root))
    assert result.exit_code == 1
    assert "Broken.canvas:3:1: VL002 [unreadable-file] this canvas could not be read: line 3, column 1: the JSON is cut off" in result.output


def test_canvas_links_in_code_and_comments_follow_note_rules(vault):
    board = json.dumps({"nodes": [{"id": "a", "type": "text", "text": "`[[Code]]` %%[[Hidden]]%%"}]})
    root = vault({"C.canvas": board, "vaultlint.toml": '[links]\ncomment-links = "ignore"\n'})
    assert findings(str(root)) == []


def test_canvas_only_when_selected_by_path_and_not_excluded(vault):
    root = vault({
        "A/One.canvas": json.dumps({"nodes": [{"id": "a", "type": "text", "text": "[[X]]"}]}),
        "B/Two.canvas": json.dumps({"nodes": [{"id": "a", "type": "text", "text": "[[Y]]"}]}),
        "vaultlint.toml": 'exclude = ["B/"]\n',
    })  # fmt: skip
    assert [f["path"] for f in findings(str(root))] == ["A/One.canvas"]
    assert findings(str(root / "A" / "One.canvas")) != []
