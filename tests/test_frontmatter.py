"""Properties blocks read without the YAML library give what the library gives."""

from __future__ import annotations

import datetime

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from vaultlint.frontmatter import _load_simple, split_frontmatter
from vaultlint.lines import LineIndex

try:  # what python-frontmatter loads with
    from yaml import CSafeLoader as Loader
except ImportError:  # pragma: no cover
    from yaml import SafeLoader as Loader


def library(text: str) -> str:
    """The library's reading of ``text``, types included (True is not 1)."""
    return repr(yaml.load(text, Loader=Loader))


COMMON = [
    'tags:\n  - review\n  - exam-1\ncreated: 2024-10-20\nup: "[[Respiratory MOC]]"\nrelated:\n  - "[[A]]"\n',
    "aliases:\n- WBC\n- white cells\nsource: https://example.org/a-b?x=1#top\n",
    "title: 'Leukopenia: low WBC'\ncount: 3\nratio: 3.5\nhex: 0x1F\nflag: yes\nOff: null\nempty:\n",
    'tags:\r\n  - a\r\nup: "[[B|b]]"\r\nnote: " spaced out "\r\n',
    "when: 2024-04-24 10:20:30\nday: 2024-4-4\nnothing: null\n",
    "revision counter: 1\ntags:\n  - Addison's\n  - Behçet’s disease\n  - African–Caribbean\n",
]


@pytest.mark.parametrize("text", COMMON)
def test_common_properties_are_read_as_the_library_reads_them(text):
    data = _load_simple(text)
    assert data is not None, "this block should not need the YAML library"
    assert repr(data) == library(text)


def test_dates_and_booleans_keep_their_types():
    data = _load_simple("created: 2024-01-05\nyes: no\nn: 017\n")
    assert data == {"created": datetime.date(2024, 1, 5), True: False, "n": 15}
    assert type(data["n"]) is int


@pytest.mark.parametrize(
    "text",
    [
        "created: 2024-13-45\n",  # the library raises; its message is reported
        "tags: [a, b]\n",  # flow list
        "key: value # comment\n",
        "a:\n  b: 1\n",  # nesting
        "- a\n- b\n",  # not a mapping
        "key: 'it''s'\n",
        'key: "tab\\tescape"\n',
        "key: a: b\n",
        "tags:\n  - a\n    - b\n",
        "\tkey: v\n",
        "key: v\n\nother: w\n",
        "key : v\n",
    ],
)
def test_everything_else_is_left_to_the_library(text):
    assert _load_simple(text) is None


def test_an_impossible_date_is_still_reported_where_yaml_reports_it():
    text = "---\ntitle: x\ncreated: 2024-13-45\n---\nbody\n"
    fm = split_frontmatter(text, LineIndex(text))
    assert fm.data is None
    assert (fm.error.line, fm.error.column) == (2, 1)
    assert "month must be in 1..12" in fm.error.message


KEYS = st.sampled_from(
    ["tags", "up", "created", "yes", "No", "null", "on", "y", "a_b", "k-1", "Due", "revision counter", "OHGp 5th Ed", "a  b", "b -"]
)
VALUES = st.sampled_from(
    ["", "a", "[[X]]", '"[[X]]"', "'[[X]]'", "2024-04-24", "2024-02-30", "3.5", "3", "017", "0x1F", "1_000", "1e5",
     ".inf", "-5", "yes", "No", "OFF", "null", "~", "https://a.org/x#y", "a #c", "a#b", "a: b", "a:b", "x  y", "x ",
     "[a]", "&a x", "- x", "é", '"é ’"', "1:30", "a,b", "c++", "%20", "Yes please", '"a\\"b"', '" x "', "' y '",
     "Addison's", "Behçet’s disease", "African–Caribbean", "'a'b", "a'", "É1", "ÿes", "×2", "’s", "–x", "a ’ b"]
)


@st.composite
def blocks(draw) -> str:
    lines = []
    for _ in range(draw(st.integers(1, 5))):
        key = draw(KEYS)
        if draw(st.booleans()):
            lines.append(f"{key}: {draw(VALUES)}")
        else:
            lines.append(f"{key}:")
            indent = draw(st.sampled_from(["", "  ", "    "]))
            for _ in range(draw(st.integers(0, 3))):
                lines.append(f"{indent}- {draw(VALUES)}")
    return "\n".join(lines) + draw(st.sampled_from(["\n", ""]))


@settings(max_examples=1000, deadline=None)
@given(blocks())
def test_whatever_is_read_without_the_library_matches_it(text):
    data = _load_simple(text)
    if data is not None:
        assert repr(data) == library(text)
