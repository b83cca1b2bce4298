"""VL305: the same threshold with different numbers in two notes."""

from __future__ import annotations

import pytest

from conftest import DATA, findings


def vl305(root) -> list[dict]:
    return findings(str(root), "--select", "VL305")


def test_two_notes_with_different_wbc_ranges_give_one_finding_pointing_at_both(vault):
    root = vault({
        "CBC.md": "# CBC\n\nWBC 4,000–11,000 is the normal range.\n",
        "Leukopenia.md": "Normal WBC: 4,500–11,000.\n",
    })  # fmt: skip
    (f,) = vl305(root)
    assert (f["path"], f["line"], f["column"], f["end_column"]) == ("CBC.md", 3, 1, 17)
    assert f["severity"] == "warning"
    assert f["message"].startswith(
        'Conflicting white blood cell count reference range: "WBC 4,000–11,000" here, '
        'but "WBC: 4,500–11,000" in Leukopenia.md (line 1).'
    )


@pytest.mark.parametrize(
    "first, second, conflict",
    [
        ("Normal WBC: 4.5–11.0 × 10⁹/L", "Normal WBC: 4,500–11,000/µL", False),
        ("Normal WBC: 4.5–11.0 × 10⁹/L", "Normal WBC: 4,000–11,000/µL", True),
        ("Normal WBC: 4.5–11.0 K/uL", "Normal WBC: 4,500–11,000/mm³", False),
        ("Normal K+ 3.5–5.0 mEq/L", "Normal K+ 3.5–5.0 mmol/L", False),
        ("Normal K+ 3.5–5.0 mEq/L", "Normal K+ 3.5–5.1 mmol/L", True),
        ("Fever is 38 °C or higher.", "Fever is 100.4 °F or higher.", False),
        ("Fever is 38 °C or higher.", "Fever is 38.3 °C or higher.", True),
        # Different people, kinds of statement or conditions are not the same threshold.
        ("Normal WBC for women: 4,500–11,000/µL", "Normal WBC for men: 5,000–10,000/µL", False),
        ("Hyperkalemia: K+ > 5.0 mEq/L", "Critical value: K+ > 6.0 mEq/L", False),
        ("Leukopenia: WBC < 4,000/µL", "Leukocytosis: WBC > 11,000/µL", False),
        ("Severe neutropenia: ANC < 500/µL", "Moderate neutropenia: ANC < 1000/µL", False),
        ("Hold digoxin if apical pulse < 60 bpm.", "Hold digoxin if apical pulse < 70 bpm.", True),
        # A condition named two ways is one condition.
        ("Hypokalemia: K+ < 3.5 mEq/L", "A K+ below 3.0 mEq/L is hypokalaemic.", True),
        # A number without a unit is not compared with one that has a unit.
        ("Normal WBC: 4,000–11,000", "Normal WBC: 4.5–11.0 × 10⁹/L", False),
    ],
)
def test_comparison_after_unit_conversion(vault, first, second, conflict):
    root = vault({"A.md": first + "\n", "B.md": second + "\n"})
    assert len(vl305(root)) == (1 if conflict else 0)


def test_one_note_with_two_values_is_not_a_conflict(vault):
    root = vault({"A.md": "Normal WBC: 4,000–11,000/µL\n\nSome labs use a normal WBC of 4,500–11,000/µL.\n"})
    assert vl305(root) == []


def test_three_notes_give_one_finding_naming_the_others(vault):
    root = vault({
        "A.md": "Normal Na+ 135–145 mEq/L\n",
        "B.md": "Normal Na+ 136–145 mEq/L\n",
        "C.md": "Normal Na+ 135–145 mEq/L\n",
        "D.md": "Normal Na+ 135–148 mEq/L\n",
    })  # fmt: skip
    (f,) = vl305(root)
    assert f["path"] == "A.md"
    assert '"Na+ 136–145 mEq/L" in B.md (line 1) and "Na+ 135–148 mEq/L" in D.md (line 1)' in f["message"]


def test_cited_thresholds_are_compared_too(vault):
    root = vault({
        "A.md": "Normal Na+ 135–145 mEq/L.[^1]\n\n[^1]: Pagana 7e.\n",
        "B.md": "Normal Na+ 136–146 mEq/L (MedlinePlus, 2024).\n",
    })  # fmt: skip
    assert [f["path"] for f in vl305(root)] == ["A.md"]


def test_suppressed_on_the_line_it_points_at(vault):
    root = vault({
        "A.md": "%% vaultlint-disable-next-line VL305 %%\nNormal Na+ 135–145 mEq/L\n",
        "B.md": "Normal Na+ 136–146 mEq/L\n",
    })  # fmt: skip
    assert vl305(root) == []


def test_seed_pages_do_not_conflict(vault):
    # The student's note and the two clipped pages agree where they speak of
    # the same people: the Cleveland Clinic ranges are for men and for women.
    root = vault({
        name: (DATA / "thresholds" / name).read_bytes().decode("utf-8")
        for name in ("Leukopenia.md", "Leukopenia - Apollo.md", "Leukopenia - Cleveland Clinic.md")
    })
    assert vl305(root) == []


def test_notes_stating_the_same_other_value_are_counted_once(vault):
    root = vault({
        "A.md": "Normal WBC: 4,000–11,000/µL\n",
        "B.md": "Normal WBC: 4,500–11,000/µL\n",
        "C.md": "Normal WBC: 4.5–11.0 × 10⁹/L\n",
    })  # fmt: skip
    (f,) = vl305(root)
    assert '"WBC: 4,000–11,000/µL" here, but "WBC: 4,500–11,000/µL" in B.md (line 1) and 1 other note.' in f["message"]
