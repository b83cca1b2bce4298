"""Invalid properties explained in words a student understands, at the
mistake's line and column, with PyYAML's text kept as detail."""

from __future__ import annotations

import pytest

from conftest import findings

CASES = [
    # (properties, line, column, explanation)
    ("title: Anemia\ntags: [blood, cbc\n", 3, 7, "a list was opened with `[` and never closed"),
    ("meta: {source: ATI\n", 2, 7, "a group of properties was opened with `{` and never closed"),
    ('title: "Heart failure\n', 2, 8, 'a text in quotes was opened with `"` and never closed'),
    ('path: "C:\\new\\x1"\n', 2, 16, 'a backslash inside "double quotes" starts a special code'),
    ("tags:\n\t- cardio\n", 3, 1, "a tab is used to indent; YAML allows only spaces"),
    ("author: @nurse_jo\n", 2, 9, "a value starts with `@`, which YAML keeps for itself: put the value in quotes"),
    ("rating: *****\n", 2, 9, "a value starts with `*`, which YAML reads as a reference to another value"),
    ("date: {{date}}\n", 2, 7, 'a value starts with `{`, which YAML reads as a group of properties: put the value in quotes, like "{{date}}"'),
    ("title: Shock: types and causes\n", 2, 13, 'the value holds ": " (a colon and a space)'),
    ("tags:\n  - a\n - b\n", 4, 2, "this line is indented differently from the lines above"),
    ("key: 'it's'\n", 2, 10, "text goes on after a closing quote: to write ' inside 'single quotes' write it twice"),
]


@pytest.mark.parametrize(("props", "line", "column", "explanation"), CASES)
def test_invalid_properties_are_explained(vault, props, line, column, explanation):
    root = vault({"Note.md": f"---\n{props}---\n# Body\n"})
    (f,) = findings(str(root))
    assert (f["code"], f["line"], f["column"]) == ("VL001", line, column)
    message = f["message"]
    assert message.startswith(f"the note's properties (YAML) cannot be read: line {line}: {explanation}")
    assert "(YAML says: " in message  # PyYAML's own words, as detail


def test_unclosed_list_points_at_the_bracket_not_the_closing_line(vault):
    root = vault({"A.md": "---\ntags: [x\n---\n"})
    (f,) = findings(str(root))
    assert f["message"].startswith(
        "the note's properties (YAML) cannot be read: line 2: a list was opened with `[` and never closed."
        " (YAML says: while parsing a flow sequence, "
    )
    assert (f["line"], f["column"], f["end_column"]) == (2, 7, 9)
