"""VL305: the same threshold with different numbers in two notes."""

from __future__ import annotations

import pytest

from conftest import DATA, findings


def vl305(root) -> list[dict]:
    return findings(str(root), "--select", "VL305")


def test_two_notes_with_different_wbc_ranges_are_reported_in_both_each_naming_the_other(vault):
    root = vault({
        "CBC.md": "# CBC\n\nWBC 4,000–11,000 is the normal range.\n",
        "Leukopenia.md": "Normal WBC: 4,500–11,000.\n",
    })  # fmt: skip
    first, second = vl305(root)
    assert (first["path"], first["line"], first["column"], first["end_column"]) == ("CBC.md", 3, 1, 17)
    assert first["severity"] == "warning"
    assert first["message"] == (
        'Conflicting white blood cell count reference range: "WBC 4,000–11,000" here, '
        'but "WBC: 4,500–11,000" in Leukopenia.md (line 1).'
    )
    assert (second["path"], second["line"], second["column"]) == ("Leukopenia.md", 1, 8)
    assert second["message"] == (
        'Conflicting white blood cell count reference range: "WBC: 4,500–11,000" here, '
        'but "WBC 4,000–11,000" in CBC.md (line 3).'
    )


def test_checking_only_the_note_that_brings_the_conflict_shows_it(vault):
    # As pre-commit runs it: only the changed note is reported on.
    root = vault({
        "CBC.md": "Normal WBC: 4,000–11,000/µL\n",
        "New.md": "Normal WBC: 4,500–11,000/µL\n",
    })  # fmt: skip
    for name, other in (("New.md", "CBC.md"), ("CBC.md", "New.md")):
        (f,) = findings(str(root / name), "--select", "VL305")
        assert f["path"] == name and f"in {other} (line 1)" in f["message"]


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
        # The same measure: specimen, population and kind of statement.
        ("Normal urine pH: 4.5–8.0", "Normal arterial pH: 7.35–7.45", False),
        ("Normal urine pH: 4.5–8.0", "Normal urinary pH: 5.0–8.0", True),
        ("Normal serum sodium 135–145 mEq/L", "Normal plasma sodium 136–146 mEq/L", True),
        ("Normal glucose in pregnancy: 60–95 mg/dL", "Normal glucose: 70–100 mg/dL", False),
        ("Normal bilirubin in neonates: below 5 mg/dL", "Normal bilirubin: below 1.2 mg/dL", False),
        ("Normal INR 0.8–1.2", "Target INR 2.0–3.0", False),
        ("Normal K+ 3.5–5.0 mEq/L", "Critical K+ below 2.5 or above 6.5 mEq/L", False),
        ("Severe neutropenia: ANC < 500/µL", "Moderate neutropenia: ANC < 1000/µL", False),
        ("Hold digoxin if apical pulse < 60 bpm.", "Hold digoxin if apical pulse < 70 bpm.", True),
        # A condition named two ways is one condition.
        ("Hypokalemia: K+ < 3.5 mEq/L", "A K+ below 3.0 mEq/L is hypokalaemic.", True),
        # A number without a unit is not compared with one that has a unit.
        ("Normal WBC: 4,000–11,000", "Normal WBC: 4.5–11.0 × 10⁹/L", False),
        # Different tests are different measures, whatever their units.
        ("Normal PSA: below 4 ng/mL", "Normal prolactin: below 25 ng/mL", False),
        ("Normal ALT: 7–56 U/L", "Normal ALP: 44–147 U/L", False),
        ("Normal CRP: below 5 mg/L", "Normal ESR: below 20 mm/hr", False),
        ("Normal LDL cholesterol: below 2.6 mmol/L", "Normal LDL cholesterol: below 3.0 mmol/L", True),
        # A cut-off that names neither the condition it defines nor what it
        # holds answers a different question in each note.
        ("Avoid metformin if eGFR < 30.", "Reduce the dose of nitrofurantoin if eGFR < 45.", False),
        ("Offer orlistat if BMI >= 28 with risk factors.", "Refer for bariatric surgery if BMI > 40.", False),
        ("Hold digoxin if apical pulse < 60 bpm.", "Hold metoprolol if apical pulse < 50 bpm.", False),
        ("Digoxin hold parameters: apical pulse < 60 bpm.", "Metoprolol hold parameters: apical pulse < 50 bpm.", False),
        ("Digoxin hold parameters: apical pulse < 60 bpm.", "Digoxin hold parameters: apical pulse < 70 bpm.", True),
        ("Notify the provider if SBP < 90 mmHg.", "Notify the provider if SBP < 100 mmHg.", True),
        ("Notify the provider if SBP < 90 mmHg.", "Hold metoprolol if SBP < 100 mmHg.", False),
        # A normal limit of a vital sign is compared like a normal range.
        ("Normal systolic BP is below 120 mmHg.", "Normal systolic BP is below 130 mmHg.", True),
        ("Normal T4: 5–12 mcg/dL", "Normal free T4: 0.8–1.8 ng/dL", False),
        ("Normal non-HDL cholesterol: below 4.0 mmol/L", "Normal LDL cholesterol: below 3.0 mmol/L", False),
        ("Normal RDW-SD: 37–46", "Normal RDW-CV: 11.5–14.5", False),
    ],
)
def test_comparison_after_unit_conversion(vault, first, second, conflict):
    root = vault({"A.md": first + "\n", "B.md": second + "\n"})
    assert [f["path"] for f in vl305(root)] == (["A.md", "B.md"] if conflict else [])


def test_one_note_with_two_values_is_not_a_conflict(vault):
    root = vault({"A.md": "Normal WBC: 4,000–11,000/µL\n\nSome labs use a normal WBC of 4,500–11,000/µL.\n"})
    assert vl305(root) == []


def test_each_note_names_the_notes_whose_numbers_differ_from_its_own(vault):
    root = vault({
        "A.md": "Normal Na+ 135–145 mEq/L\n",
        "B.md": "Normal Na+ 136–145 mEq/L\n",
        "C.md": "Normal Na+ 135–145 mEq/L\n",
        "D.md": "Normal Na+ 135–148 mEq/L\n",
    })  # fmt: skip
    found = {f["path"]: f["message"] for f in vl305(root)}
    assert sorted(found) == ["A.md", "B.md", "C.md", "D.md"]
    assert found["A.md"].endswith('"Na+ 136–145 mEq/L" in B.md (line 1) and "Na+ 135–148 mEq/L" in D.md (line 1).')
    assert found["B.md"].endswith('but "Na+ 135–145 mEq/L" in A.md (line 1) and 1 other note and "Na+ 135–148 mEq/L" in D.md (line 1).')


def test_cited_thresholds_are_compared_too(vault):
    root = vault({
        "A.md": "Normal Na+ 135–145 mEq/L.[^1]\n\n[^1]: Pagana 7e.\n",
        "B.md": "Normal Na+ 136–146 mEq/L (MedlinePlus, 2024).\n",
    })  # fmt: skip
    assert [f["path"] for f in vl305(root)] == ["A.md", "B.md"]


def test_suppressed_on_the_line_it_points_at(vault):
    root = vault({
        "A.md": "%% vaultlint-disable-next-line VL305 %%\nNormal Na+ 135–145 mEq/L\n",
        "B.md": "Normal Na+ 136–146 mEq/L\n",
    })  # fmt: skip
    assert [f["path"] for f in vl305(root)] == ["B.md"]


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
    first, *_ = vl305(root)
    assert first["message"].endswith('"WBC: 4,000–11,000/µL" here, but "WBC: 4,500–11,000/µL" in B.md (line 1) and 1 other note.')


def test_many_notes_with_one_value_are_counted_and_more_values_summed_up(vault):
    # Forty notes agree, ten state another range, and four more ranges are
    # stated once each: the message names three values and counts the rest.
    files = {f"Agree {i:02}.md": "Normal Na+ 135–145 mEq/L\n" for i in range(40)}
    files |= {f"Other {i:02}.md": "Normal Na+ 136–146 mEq/L\n" for i in range(10)}
    files |= {f"Z{i}.md": f"Normal Na+ 13{i}–150 mEq/L\n" for i in range(4)}
    found = {f["path"]: f["message"] for f in vl305(vault(files))}
    assert len(found) == 54
    assert found["Agree 00.md"] == (
        'Conflicting sodium reference range: "Na+ 135–145 mEq/L" here, but "Na+ 136–146 mEq/L" in Other 00.md (line 1)'
        ' and 9 other notes, "Na+ 130–150 mEq/L" in Z0.md (line 1), "Na+ 131–150 mEq/L" in Z1.md (line 1)'
        " and 2 other values."
    )
    assert found["Z3.md"].endswith(
        'but "Na+ 135–145 mEq/L" in Agree 00.md (line 1) and 39 other notes, "Na+ 136–146 mEq/L" in Other 00.md (line 1)'
        ' and 9 other notes, "Na+ 130–150 mEq/L" in Z0.md (line 1) and 2 other values.'
    )


def test_a_note_stating_a_value_first_names_the_next_note_that_states_it(vault):
    # A.md states 135–145 first; for A.md itself that value is not "other",
    # and for B.md it is first stated in A.md.
    root = vault({
        "A.md": "Normal Na+ 135–145 mEq/L\n\nSome labs: normal Na+ 136–146 mEq/L\n",
        "B.md": "Normal Na+ 136–146 mEq/L\n",
        "C.md": "Normal Na+ 135–145 mEq/L\n",
    })  # fmt: skip
    found = {f["path"]: (f["line"], f["message"]) for f in vl305(root)}
    assert found["A.md"] == (1, 'Conflicting sodium reference range: "Na+ 135–145 mEq/L" here, but "Na+ 136–146 mEq/L" in B.md (line 1).')
    assert found["B.md"][1].endswith('but "Na+ 135–145 mEq/L" in A.md (line 1) and 1 other note.')
    assert found["C.md"][1].endswith('but "Na+ 136–146 mEq/L" in A.md (line 3) and 1 other note.')


def test_numbers_within_the_rounding_tolerance_of_each_other_do_not_conflict(vault):
    # 135.5 is within half a percent of both 135 and 136, which are not
    # within half a percent of each other.
    root = vault({
        "A.md": "Normal Na+ 135–145 mEq/L\n",
        "B.md": "Normal Na+ 135.5–145 mEq/L\n",
        "C.md": "Normal Na+ 136–145 mEq/L\n",
    })  # fmt: skip
    found = {f["path"]: f["message"] for f in vl305(root)}
    assert sorted(found) == ["A.md", "C.md"]
    assert found["A.md"].endswith('but "Na+ 136–145 mEq/L" in C.md (line 1).')
    assert found["C.md"].endswith('but "Na+ 135–145 mEq/L" in A.md (line 1).')


def test_a_number_too_large_to_hold_is_not_compared(vault):
    root = vault({
        "A.md": "Normal Na+ 135–" + "9" * 400 + " mEq/L\n",
        "B.md": "Normal Na+ 135–145 mEq/L\n",
        "C.md": "Normal Na+ 136–146 mEq/L\n",
    })  # fmt: skip
    assert [f["path"] for f in vl305(root)] == ["B.md", "C.md"]
