"""The labelled threshold cases of the spec, each as a note through the CLI.

Every default-scope case must come out right (spec §0.6); the two wide-scope
cases are flagged with ``scope = "wide"`` and left alone by default. For each
flagged case the test names where the finding points: the start of the
threshold text (its analyte or comparator), one finding per claim unit.
"""

from __future__ import annotations

import json

import pytest

from conftest import DATA, findings, write_vault

CASES = json.loads((DATA / "thresholds" / "thresholds.json").read_text(encoding="utf-8"))

# (line, column) of every VL301 finding for each flagged case.
WHERE = {
    "P01": [(1, 3)], "P02": [(1, 10)], "P03": [(1, 1)], "P04": [(1, 17)], "P05": [(1, 1)],
    "P06": [(1, 1)], "P07": [(1, 8)], "P08": [(2, 3), (3, 3)], "P09": [(1, 3)], "P10": [(1, 15)],
    "P11": [(1, 20)], "P12": [(1, 15)], "P13": [(1, 8)], "P14": [(1, 1)], "P15": [(1, 17)],
    "P16": [(1, 1)], "P17": [(1, 1)], "P18": [(1, 13)], "P19": [(1, 1)], "P20": [(1, 21)],
    "P21": [(1, 3)], "P22": [(1, 1)], "P23": [(1, 1)], "P24": [(1, 1)], "P25": [(1, 13)],
    "P26": [(1, 1)], "P27": [(1, 3)], "P28": [(1, 1)], "P29": [(1, 1)], "P30": [(1, 1)],
    "P31": [(1, 1)], "P32": [(1, 1)], "P33": [(3, 9), (4, 9)], "P34": [(1, 14)], "P35": [(1, 27)],
    "P36": [(1, 24)], "P37": [(1, 25)],
}  # fmt: skip


def vl301(root, *args: str) -> dict[str, list[tuple[int, int]]]:
    """(line, column) of each VL301 finding, by note name."""
    found: dict[str, list[tuple[int, int]]] = {}
    for f in findings(str(root), "--select", "VL301", *args):
        found.setdefault(f["path"].removesuffix(".md"), []).append((f["line"], f["column"]))
    return found


@pytest.fixture(scope="module")
def cases_vault(tmp_path_factory):
    """Every case as its own note (named by its id) in one vault, checked once
    in the default scope and once in the wide one."""
    root = write_vault(tmp_path_factory.mktemp("cases"), {f"{c['id']}.md": c["text"] + "\n" for c in CASES})
    wide = root.parent / "wide.toml"
    wide.write_text('[thresholds]\nscope = "wide"\n')
    return vl301(root, "--isolated"), vl301(root, "--config", str(wide))


def by_scope(scope: str) -> list:
    return [pytest.param(c, id=c["id"]) for c in CASES if c["scope"] == scope]


def test_every_case_is_here():
    assert len(CASES) == 78
    assert {c["id"] for c in CASES if c["label"] == "flag"} == set(WHERE)


@pytest.mark.parametrize("case", by_scope("default"))
def test_default_scope_case(case, cases_vault):
    default, _ = cases_vault
    expected = WHERE[case["id"]] if case["label"] == "flag" else []
    assert default.get(case["id"], []) == expected, case["why"]


@pytest.mark.parametrize("case", by_scope("wide"))
def test_wide_scope_case(case, cases_vault):
    default, wide = cases_vault
    assert wide.get(case["id"], []) == WHERE[case["id"]]
    assert default.get(case["id"], []) == []  # doses and rates are opt-in
