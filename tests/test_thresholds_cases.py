"""The labelled threshold cases of the spec, each as a note through the CLI.

Every default-scope case must come out right (spec §0.6); the two wide-scope
cases are flagged with ``scope = "wide"`` and left alone by default. For each
flagged case the test names where the finding points: the start of the
threshold text (its analyte or comparator), one finding per claim unit.
"""

from __future__ import annotations

import json

import pytest

from conftest import DATA, findings

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


def vl301(root, *args: str) -> list[tuple[int, int]]:
    return [(f["line"], f["column"]) for f in findings(str(root), "--select", "VL301", *args)]


def by_scope(scope: str) -> list:
    return [pytest.param(c, id=c["id"]) for c in CASES if c["scope"] == scope]


def test_every_case_is_here():
    assert len(CASES) == 78
    assert {c["id"] for c in CASES if c["label"] == "flag"} == set(WHERE)


@pytest.mark.parametrize("case", by_scope("default"))
def test_default_scope_case(case, vault):
    root = vault({"Case.md": case["text"] + "\n"})
    expected = WHERE[case["id"]] if case["label"] == "flag" else []
    assert vl301(root) == expected, case["why"]


@pytest.mark.parametrize("case", by_scope("wide"))
def test_wide_scope_case(case, vault, tmp_path):
    root = vault({"Case.md": case["text"] + "\n"})
    config = tmp_path / "wide.toml"
    config.write_text('[thresholds]\nscope = "wide"\n')
    assert vl301(root, "--config", str(config)) == WHERE[case["id"]]
    assert vl301(root, "--isolated") == []  # doses and rates are opt-in
