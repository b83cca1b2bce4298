"""Every case of section 10 of the link spec, through the real CLI, on the
fixture vault V it describes (spec section 10.1).

The notes of V whose content the spec leaves open each start with a heading
naming their own path (``# is A/Note.md``). A case that resolves to a note
is also written with that heading as anchor (``[[Note#is Note.md]]``): the
link is then clean only if it reached exactly that file, since any other
file lacks the heading and VL103 would report it.
"""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest

from conftest import findings, run, write_vault

HEADINGS_MD = """\
# Hello, World!

text

Setext Title
============

# Parent
## Child
# Other
## Child2

> ## Quoted

```
## In Code
```

## C# intro
### `hasTag()`
## Local
"""

BLOCKS_MD = """\
First paragraph ^para1

- item one ^list-item
- item two
  - nested ^nested

| a | b |
|---|---|
| 1 | 2 |

^table-id

![[photo.png]]^after-embed

word^glued

Under ^under_score

> quote line ^quote-id
"""

HOME_FRONTMATTER = """\
---
up: "[[Missing]]"
down: [[Missing]]
rel: ["[[Note]]", "[[Gone]]"]
x: "see [[Gone]]"
y: "[[A]], [[B]]"
---
"""


class Note:
    """A note's text built from cases, remembering the lines of each."""

    def __init__(self, head: str = "") -> None:
        self.text = head
        self.lines: dict[str, tuple[int, int]] = {}

    def add(self, key: str, text: str) -> None:
        first = self.text.count("\n") + 1
        self.text += text + "\n\n"
        self.lines[key] = (first, first + text.count("\n"))


def anchored(path: str) -> str:
    return f"# is {path}\n"


# (source note, case key, text): the key is "<case>" or "<case><letter>".
CASES: list[tuple[str, str, str]] = [
    ("Home.md", "1", "[[Note]]"),
    ("Home.md", "1t", "[[Note#is Note.md]]"),
    ("A/Source.md", "2", "[[Note]]"),
    ("A/Source.md", "2t", "[[Note#is Note.md]]"),
    ("A/Source.md", "3t", "[[A/Note#is A/Note.md]]"),
    ("Zzz/x.md", "4t", "[[Plan#is Zzz/Plan.md]]"),
    ("B/Source.md", "5t", "[[Plan#is A/Plan.md]]"),
    ("A/Sub/Deep.md", "6t", "[[Plan#is A/Sub/Plan.md]]"),
    ("Home.md", "7", "[[Dup]]"),
    ("Home.md", "7t", "[[Dup#is C2/Dup.md]]"),
    ("Home.md", "8", "[[note]], [[NOTE.MD]]"),
    ("Home.md", "8t", "[[note#is Note.md]], [[NOTE.MD#is Note.md]]"),
    ("Home.md", "9t", "[[Deep#is A/Sub/Deep.md]]"),
    ("Home.md", "10a", "[[Sub/Deep#is A/Sub/Deep.md]]"),
    ("Home.md", "10b", "[[X/Deep]]"),
    ("Home.md", "11a", "[[/Note#is Note.md]]"),
    ("Home.md", "11b", "[[/Deep]]"),
    ("A/Sub/Deep.md", "12t", "[[../Note#is A/Note.md]] [[../../Note#is Note.md]]"),
    ("A/Source.md", "13t", "[[./Note#is A/Note.md]]"),
    ("B/Source.md", "14t", "[x](../A/Note.md#is%20A/Note.md)"),
    ("Home.md", "15a", "[[photo]]"),
    ("Home.md", "15b", "![[photo.png]]"),
    ("Home.md", "16", "![[Guide.pdf#page=3]]"),
    ("Home.md", "17a", "[[Board]]"),
    ("Home.md", "17b", "[[Board.canvas]]"),
    ("Home.md", "18", "[[table.csv]]"),
    ("Home.md", "19", "[[LICENSE]]"),
    ("Home.md", "20", "[[Folder]]"),
    ("Home.md", "21", "[[Old]], [[Secret]], [[.obsidian/app.json]]"),
    ("Home.md", "22t", "[[Old Stuff#is Archive/Old Stuff.md]]"),
    ("Home.md", "23t", "[[Café#is Café.md]]"),
    ("Home.md", "24a", "[[Alias Name]]"),
    ("Home.md", "24b", "[[Alias|Alias Name]]"),
    ("Home.md", "25t", "[[v1.2#is v1.2.md]]"),
    ("Home.md", "26", "[[C# notes]]"),
    ("Home.md", "27a", "[q](Q&A.md#is%20Q&A.md)"),
    ("Home.md", "27b", "[q](Q%26A.md)"),
    ("Home.md", "28t", "[f](My%20File.md#is%20My%20File.md), [f](<My File.md#is My File.md>), [f](My%20File)"),
    ("Home.md", "29", "[f](My File.md)"),
    ("Home.md", "30t", "[b](b/Topic.md#is%20xb/Topic.md) or [[b/Topic#is xb/Topic.md]]"),
    ("Home.md", "31", "[x](https://ex.com), [x](obsidian://open?vault=V), [x](mailto:a@b.c)"),
    ("Home.md", "32", "[x](www.example.com)"),
    ("Home.md", "33", "[x](100%.md)"),
    ("Home.md", "34a", "`[[Missing]]`"),
    ("Home.md", "34b", "```\n[[Missing]]\n```"),
    ("Home.md", "34c", "$[[Missing]]$"),
    ("Home.md", "34d", "$$\n[[Missing]]\n$$"),
    ("Home.md", "34e", "<!-- [[Missing]] -->"),
    ("Home.md", "35", "<div>\n[[Missing]]\n</div>"),
    ("Home.md", "36", "%%[[Missing]]%%"),
    ("Home.md", "37", "[[Missing\nThing]]"),
    ("Home.md", "38", "[[]] / [[ ]]"),
    ("Home.md", "38t", "[[ #is Home.md]]"),
    ("Home.md", "39", "| Row | Link |\n|---|---|\n| T1 | [[Note\\|n]] |\n| T2 | [[Missing\\|x]] |\n| T3 | [[Note|n]] |"),
    ("Home.md", "40", "\\[[Missing]]"),
    ("Home.md", "41", "[[Missing#Heading]]"),
    ("Home.md", "42", "[[Note^abc]]"),
    ("Home.md", "46", "[[Headings#Hello World]], [[Headings#hello, world]], [[Headings#HELLO WORLD!!]]"),
    ("Home.md", "47", "[[Headings#Setext Title]]"),
    ("Home.md", "48a", "[[Headings#Parent#Child]]"),
    ("Home.md", "48b", "[[Headings#Child#Parent]]"),
    ("Home.md", "48c", "[[Headings#Parent#Child2]]"),
    ("Home.md", "49a", "[[Headings#Quoted]]"),
    ("Home.md", "49b", "[[Headings#In Code]]"),
    ("Home.md", "50a", "[[Headings#C# intro]]"),
    ("Home.md", "50b", "[[Headings#C intro]]"),
    ("Home.md", "51", "[[Headings#hasTag]]"),
    ("Headings.md", "52a", "[[#Local]]"),
    ("Headings.md", "52b", "[[#Nope]]"),
    ("Headings.md", "52c", "[x](#Local)"),
    ("Home.md", "53", "[[Headings#Nope]]"),
    ("Home.md", "54", "[[Blocks#^para1]], [[Blocks#^PARA1]], [[Blocks#^list-item]], [[Blocks#^nested]], "
                      "[[Blocks#^table-id]], [[Blocks#^quote-id]]"),
    ("Home.md", "55", "[[Blocks#^after-embed]]"),
    ("Home.md", "56a", "[[Blocks#^glued]]"),
    ("Home.md", "56b", "[[Blocks#^under_score]]"),
    ("Home.md", "57", "[[Blocks#Parent#^para1]]"),
    ("Home.md", "58", "![[Note|300]] ![[photo.png|100x200]]"),
]  # fmt: skip

V_PLAIN_NOTES = [
    "Note.md", "A/Note.md", "A/Plan.md", "A/Sub/Plan.md", "Zzz/Plan.md", "C1/Dup.md", "C2/Dup.md",
    "xb/Topic.md", "Archive/Old Stuff.md", ".trash/Old.md", ".hidden/Secret.md", "Q&A.md", "v1.2.md",
    "My File.md", "C# notes.md",
]  # fmt: skip


def build_v() -> tuple[dict[str, str | bytes], dict[str, Note]]:
    notes = {
        "Home.md": Note(HOME_FRONTMATTER + anchored("Home.md") + "\n"),
        "A/Source.md": Note(anchored("A/Source.md") + "\n"),
        "B/Source.md": Note(anchored("B/Source.md") + "\n"),
        "Zzz/x.md": Note(anchored("Zzz/x.md") + "\n"),
        "A/Sub/Deep.md": Note(anchored("A/Sub/Deep.md") + "\n"),
        "Headings.md": Note(HEADINGS_MD + "\n"),
    }
    for source, key, text in CASES:
        notes[source].add(key, text)
    files: dict[str, str | bytes] = {path: note.text for path, note in notes.items()}
    for path in V_PLAIN_NOTES:
        files[path] = anchored(path)
    files[unicodedata.normalize("NFD", "Café.md")] = anchored("Café.md")
    files.update({
        "Img/photo.png": b"\x89PNG", "assets/photo.png": b"\x89PNG", "Docs/Guide.pdf": b"%PDF-1.4",
        "Boards/Board.canvas": "{}", "Data/table.csv": "a,b\n", "LICENSE": "MIT\n",
        ".obsidian/app.json": json.dumps({"userIgnoreFilters": ["Archive/"]}),
        "Alias.md": "---\naliases:\n  - Alias Name\n---\nbody",
        "Blocks.md": BLOCKS_MD,
    })  # fmt: skip
    return files, notes


@pytest.fixture(scope="module")
def v(tmp_path_factory) -> Path:
    files, _ = build_v()
    root = write_vault(tmp_path_factory.mktemp("v") / "V", files)
    (root / "Folder").mkdir()
    return root


@pytest.fixture(scope="module")
def report(v) -> list[dict]:
    return findings(str(v))


_, NOTES = build_v()


def at(report: list[dict], key: str) -> list[str]:
    """The codes reported on the lines of one case, in order."""
    path = next(source for source, k, _ in CASES if k == key)
    first, last = NOTES[path].lines[key]
    return [f["code"] for f in report if f["path"] == path and first <= f["line"] <= last]


def one(report: list[dict], key: str, code: str) -> dict:
    """The single finding with ``code`` on the lines of one case."""
    path = next(source for source, k, _ in CASES if k == key)
    first, last = NOTES[path].lines[key]
    found = [f for f in report if f["code"] == code and f["path"] == path and first <= f["line"] <= last]
    assert len(found) == 1, found
    return found[0]


CLEAN = [
    "1", "1t", "2", "2t", "3t", "4t", "5t", "6t", "8", "8t", "9t", "10a", "11a", "12t", "13t", "14t",
    "15b", "16", "17b", "18", "22t", "23t", "24b", "25t", "27a", "28t", "29", "30t", "31", "33",
    "34a", "34b", "34c", "34d", "34e", "35", "37", "38", "38t", "40", "46", "47", "48a", "48c", "50b",
    "51", "52a", "52c", "54", "55", "58",
]  # fmt: skip


@pytest.mark.parametrize("key", CLEAN)
def test_case_has_no_finding(report, key):
    assert at(report, key) == []


@pytest.mark.parametrize(
    "key, codes",
    [
        ("10b", ["VL101"]),
        ("11b", ["VL101"]),
        ("15a", ["VL101"]),
        ("17a", ["VL101"]),
        ("19", ["VL101"]),
        ("20", ["VL101"]),
        ("21", ["VL101", "VL101", "VL101"]),
        ("26", ["VL101"]),
        ("27b", ["VL101"]),
        ("32", ["VL101"]),
        ("41", ["VL101"]),  # the file is missing; the anchor is never checked
        ("42", ["VL101"]),
        ("48b", ["VL103"]),
        ("49a", ["VL103"]),
        ("49b", ["VL103"]),
        ("50a", ["VL103"]),
        ("52b", ["VL103"]),
        ("53", ["VL103"]),
        ("56a", ["VL104"]),
        ("56b", ["VL104"]),
        ("57", ["VL103"]),
    ],
)
def test_case_is_reported(report, key, codes):
    assert at(report, key) == codes


def test_nothing_is_reported_outside_the_cases(report):
    reported = {(f["path"], f["line"]) for f in report}
    case_lines = set()
    for source, key, _ in CASES:
        first, last = NOTES[source].lines[key]
        case_lines.update((source, line) for line in range(first, last + 1))
    frontmatter = {("Home.md", line) for line in range(1, 8)}
    assert reported <= case_lines | frontmatter


def test_case_7_ambiguous_names_both_files(report):
    f = one(report, "7", "VL105")
    assert f["severity"] == "warning"
    assert '"C1/Dup.md", "C2/Dup.md"' in f["message"]
    assert f["fix"]["applicability"] == "unsafe"
    assert f["fix"]["edits"][0]["content"] == "C1/Dup"


def test_case_7t_anchor_accepted_when_any_tied_file_has_it(report):
    # The heading is only in C2/Dup.md; Obsidian 1.12 opens C1, older builds
    # may open C2 (spec §11.2), so the anchor is not reported.
    assert at(report, "7t") == ["VL105"]


def test_case_10b_same_name_elsewhere_is_named_not_written(report):
    # "X/Deep" and "A/Sub/Deep.md" share only the file name: A/Sub/Deep.md may
    # be the moved note or another one, so it is a suggestion, not a fix.
    f = one(report, "10b", "VL101")
    assert f["severity"] == "error"
    assert (f["line"], f["column"]) == (NOTES["Home.md"].lines["10b"][0], 1)
    assert '"A/Sub/Deep.md"' in f["message"]
    assert f["fix"] is None


def test_case_15a_names_the_extension(report):
    f = one(report, "15a", "VL101")
    assert "must include the extension" in f["message"] and '"photo.png"' in f["message"]


def test_case_24_alias_link(report):
    f = one(report, "24a", "VL106")
    assert f["severity"] == "error"
    assert f["fix"]["applicability"] == "safe"
    assert f["fix"]["edits"][0]["content"] == "Alias|Alias Name"
    assert (f["fix"]["edits"][0]["column"], f["fix"]["edits"][0]["end_column"]) == (3, 13)


def test_case_26_explains_the_hash(report):
    f = one(report, "26", "VL101")
    assert '"C# notes.md" exists' in f["message"]


def test_case_36_comment_links_are_ignored_by_default(report):
    assert at(report, "36") == []
    assert at(report, "32") == ["VL101"]


def test_case_36_comment_link_reported_as_warning_when_asked(v, tmp_path):
    config = tmp_path / "vaultlint.toml"
    config.write_text('[links]\ncomment-links = "report"\n')
    items = findings(str(v / "Home.md"), "--config", str(config))
    f = one(items, "36", "VL101")
    assert f["severity"] == "warning"
    assert f["message"] == (
        '"Missing" leads to no file in this vault. The link is inside a %% comment: it is hidden in reading'
        " view, but Obsidian still counts it, so it appears in the graph and in backlinks."
    )
    assert f["column"] == 3  # the link inside the %% marks


def test_case_39_table_rows(report):
    first, _ = NOTES["Home.md"].lines["39"]
    rows = [(f["code"], f["line"] - first) for f in report if first <= f["line"] <= first + 4 and f["path"] == "Home.md"]
    assert rows == [("VL101", 3)]  # T2 only; T1 resolves, T3 is no link


def test_cases_43_to_45_frontmatter(report):
    fm = [(f["code"], f["line"], f["column"]) for f in report if f["path"] == "Home.md" and f["line"] <= 7]
    assert fm == [
        ("VL101", 2, 6),  # up: "[[Missing]]"
        ("VL107", 3, 7),  # down: [[Missing]] is a nested list, not a link
        ("VL101", 4, 20),  # rel: "[[Gone]]" (and "[[Note]]" resolves)
        ("VL107", 6, 4),  # y: "[[A]], [[B]]" is one link to "A]], [[B"
    ]
    assert not any(f["line"] == 5 for f in report if f["path"] == "Home.md")  # x: "see [[Gone]]"


def test_case_44_unquoted_link_fix_quotes_it(report):
    f = next(f for f in report if f["code"] == "VL107" and f["line"] == 3 and f["path"] == "Home.md")
    assert f["fix"]["applicability"] == "safe"
    assert f["fix"]["edits"][0]["content"] == '"[[Missing]]"'


def test_case_45_several_links_fix_writes_a_list(report):
    f = next(f for f in report if f["code"] == "VL107" and f["line"] == 6 and f["path"] == "Home.md")
    assert "A]], [[B" in f["message"]
    assert f["fix"]["applicability"] == "unsafe"
    assert f["fix"]["edits"][0]["content"] == '["[[A]]", "[[B]]"]'


def test_case_48b_explains_the_heading_path(report):
    f = one(report, "48b", "VL103")
    assert f["severity"] == "warning"
    assert '"Child > Parent"' in f["message"]


def test_case_57_block_after_heading_fix(report):
    f = one(report, "57", "VL103")
    assert "straight after the note name" in f["message"]
    assert f["fix"]["applicability"] == "unsafe"
    assert f["fix"]["edits"][0]["content"] == "#^para1"


def test_case_56b_explains_allowed_characters(report):
    f = one(report, "56b", "VL104")
    assert "Latin letters, digits and dashes" in f["message"]


def test_whole_v_fixes_leave_only_unfixable_findings(v, tmp_path):
    # --diff shows the safe fixes without writing. Cases 10b and 11b name
    # A/Sub/Deep.md only as a suggestion: no fix points a link at it.
    result = run("check", str(v), "--diff", "--unsafe-fixes")
    assert "+[[Alias|Alias Name]]" in result.output
    assert "[[X/Deep]]" not in result.output and "[[/Deep]]" not in result.output
    assert (v / "Home.md").read_text(encoding="utf-8").count("[[X/Deep]]") == 1
