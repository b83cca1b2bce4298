"""Threshold detection as plain functions: normalisation, values and units,
suppressors, analytes, categories, sentences, citation patterns, lexicon
extensions. The CLI-level behaviour is in test_thresholds_notes.py."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vaultlint.thresholds.citations import INLINE, is_source_link
from vaultlint.thresholds.detect import find_thresholds
from vaultlint.thresholds.lexicon import load_lexicon
from vaultlint.thresholds.normalize import normalize
from vaultlint.thresholds.sentences import split_sentences

LEX = load_lexicon()


def detect(text: str, scope: str = "default", context: str = "", lexicon=LEX):
    norm = normalize(text)
    return [(t, text[slice(*norm.source_span(t.start, t.end))]) for t in find_thresholds(norm.text, lexicon, normalize(context).text, scope)]


def categories(text: str, scope: str = "default") -> list[str]:
    return [t.category for t, _ in detect(text, scope)]


# --- normalisation --------------------------------------------------------------


@pytest.mark.parametrize(
    "text, normal",
    [
        ("WBC 4.5–11.0 × 10⁹/L", "WBC 4.5-11.0 x 10^9/L"),
        ("RBC 4.2–5.4 ×10¹²/L", "RBC 4.2-5.4 x10^12/L"),
        ("Plt < 50 000/mcL", "Plt < 50 000/uL"),
        ("Na⁺ ≤ 135 mmol/L", "Na+ <= 135 mmol/L"),
        ("K =< 3.5 and Temp => 38ºC", "K <= 3.5 and Temp >= 38°C"),
        ("fever ≥ 38 ℃", "fever >= 38 °C"),
        ("SpO2 ≤ 88% → notify", "SpO2 <= 88% -> notify"),
        ("a white [[Blood]] cell count", "a white Blood cell count"),
        ("see [[Labs/CBC|the CBC]] and [CDC](https://cdc.gov)", "see the CBC and CDC"),
        ("**K⁺** >5.0[^1] ^[Lewis] #lab2 ![[chart.png|400]]", "K+ >5.0"),
        ("> [!warning] Hold\n> if HR < 60", "Hold if HR < 60"),
        ("- [x] digoxin 125 mcg", "digoxin 125 ug"),
    ],
)
def test_normalize(text, normal):
    assert normalize(text).text == normal


def test_normalize_maps_back_to_the_source():
    text = "Temp ≥ 100.4°F\n(38 °C)"
    norm = normalize(text, 5, len(text))
    assert norm.text == ">= 100.4°F (38 °C)"
    start = norm.text.index("38")
    assert norm.source_span(start, start + 5) == (16, 21)
    assert text[16:21] == "38 °C"


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(list("ab 1.,-–×⁹³µ[]()!^*_#>\n|:%/<=≥") + ["[[x|y]]", "[^1]", "https://a.b ", "mcg", "10⁹/L"])))
def test_normalize_origin_map_is_monotonic_and_in_range(pieces):
    text = "".join(pieces)
    norm = normalize(text)
    assert len(norm.origin) == len(norm.text) + 1
    body = norm.origin[:-1]
    assert all(0 <= o < len(text) for o in body)
    assert list(body) == sorted(body)
    assert "  " not in norm.text and not norm.text.startswith(" ") and not norm.text.endswith(" ")


# --- values and units -------------------------------------------------------------


def only(text: str):
    (found,) = detect(text)
    return found[0]


def test_si_and_conventional_counts_normalise_to_the_same_number():
    si = only("Normal WBC: 4.5–11.0 × 10⁹/L")
    us = only("Normal WBC: 4,500–11,000/µL")
    k = only("Normal WBC: 4.5–11.0 K/uL")
    assert (si.low_base, si.high_base) == (us.low_base, us.high_base) == (k.low_base, k.high_base) == (4500, 11000)
    assert si.unit.dimension == us.unit.dimension == "count"


def test_temperatures_compare_in_celsius():
    assert only("Fever is 100.4 °F or higher").low_base == pytest.approx(38.0)
    assert only("Fever is 38 °C or higher").low_base == 38.0


@pytest.mark.parametrize(
    "text, low, high",
    [
        ("Platelets 150k–400k", 150_000, 400_000),
        ("Platelets < 50 000/mcL: precautions", 50_000, None),
        ("A WBC of 4,0 × 10⁹/l is the lower limit", 4000, None),
        ("Normal creatinine .6 to 1.2 mg/dL", 0.6, 1.2),
        ("BP <120/80 is normal", 120, 80),
        ("Potassium level 3.5–5.0 mEq/L", 3.5, 5.0),  # "level 3" is not "ADA level 3"
    ],
)
def test_numbers(text, low, high):
    t = only(text)
    assert (t.low_base, t.high_base) == (pytest.approx(low), None if high is None else pytest.approx(high))


def test_unit_after_the_last_number_is_shared():
    first, second = (t for t, _ in detect("Notify provider if SBP > 160 or < 90 mmHg."))
    assert first.unit.key == second.unit.key == "mmHg"
    assert (first.direction, second.direction) == ("above", "below")


# --- what is never a threshold ------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Last reviewed on 10/27/2022",
        "Last updated on 21st Aug, 2025",
        "Medically reviewed by Dr. Lee, MBBS, 12 years of practice, 4.9 rating",
        "3 Years • MBBS",
        "(50+ Patients)",
        "Book a CBC test through Apollo 24|7",
        "Every day, our bodies produce about 100 billion white blood cells (leukocytes).",
        "Review labs at 0800 and at 14:30, by 1500 at the latest.",
        "Week 3, Module 2, Chapter 12: potassium and sodium",
        "Exam 2 is worth 25% of the grade.",
        "Read pp. 230–245 on potassium before lab.",
        "Room 12, bed 2; call ext. 4-5567 or (555) 123-4567.",
        "Type 2 diabetes, COVID-19 and vitamin B12 deficiency.",
        "Pain 7/10 at rest, strength 4/5, A&O x3, +2 pulses, 3+ edema.",
        "In 1972, Lundberg introduced the idea of critical values.",
        "1 in 10 adults has hypertension.",
        "Normal saline 0.9% is isotonic.",
        "Give 2 tablets now and reassess in 30 minutes.",
        "Infuse NS at 125 mL/hr.",
        "Use a 20- or 22-gauge catheter for most adults.",
        "WBCs live 12-20 days.",
        "Calcium gluconate 10 mL of 10% IV over 2-3 min.",  # "over" a duration is no comparator
        "LR: isotonic; contains K 4 mEq/L, avoid in hyperkalemia.",
        "Troponin peaks in 12-24 hours.",  # a time is the value only of PT, aPTT, ECG intervals
        "Reassess pain 30-60 min after a PRN dose.",
        "We kept his sats 88–92% per the order because of CO2 retention.",
        "Potassium chloride 20 mEq PO daily.",
        "The patient's potassium came back at 5.9 this morning.",
        "Our patient's SBP was 90–100 mmHg after the bolus.",
        "The patient's WBC was 3,000/µL today, consistent with leukopenia.",
        "Mr. J, 68 years old, BP 168/94, HR 102",
        "OK 5 minutes later.",
    ],
)
def test_not_a_threshold(text):
    assert detect(text) == []


def test_observation_with_a_comparator_or_normative_cue_is_still_a_rule():
    assert categories("Yesterday we learned: hold metoprolol if HR was < 60.") == ["F"]
    assert categories("The patient's K+ was 4.0 mEq/L, which is within normal limits.") == ["A"]


def test_short_analyte_names_need_a_value_right_after():
    assert detect("K: 3.5-5.0 mEq/L")[0][1] == "K: 3.5-5.0 mEq/L"
    assert detect("Normal K 3.5 to 5.0")[0][1] == "K 3.5 to 5.0"
    assert detect("Normal for the K-pop fan: 3.5 to 5.0") == []
    assert detect("Normal: keep 24 hr log, 3 to 5 entries") == []  # "hr" is not heart rate


def test_heading_cue_counts_for_its_section():
    assert categories("- Platelets 150–450") == ["A"]  # a range is enough
    assert detect("- Temp 98.6 °F") == []
    assert [t.category for t, _ in detect("- Temp 98.6 °F", context="Normal values")] == ["E"]
    # A heading named after a condition is a topic, not a cue.
    assert detect("- Temp 98.6 °F", context="Hyperthermia") == []
    # A bare number with no unit is not a threshold because of its heading.
    assert detect("- Check apical pulse for 1 full minute", context="Nursing considerations") == []
    assert detect("GCS 15 = normal")[0][1] == "GCS 15"  # a score needs no unit


def test_heading_can_name_the_analyte():
    (t, text), = detect("- Normal: 3.5-5.0", context="Potassium (K+)")
    assert (t.analyte.key, t.category, text) == ("potassium", "A", "3.5-5.0")
    assert [t.category for t, _ in detect("- Critical: <2.5 or >6.5", context="Potassium")] == ["D", "D"]
    # Only with a cue beside the value: the heading is a topic.
    assert detect("- Eat 2-3 bananas a day", context="Potassium") == []


def test_a_condition_name_stands_for_its_analyte_before_a_comparator():
    (t, text), = detect("Oliguria: < 400 mL/day")
    assert (t.analyte.key, t.category, text) == ("urine output", "B", "Oliguria: < 400 mL/day")
    assert [t.analyte.key for t, _ in detect("Hypokalemia (< 3.5) and tachycardia > 100")] == ["potassium", "heart rate"]
    # Not before a percentage or a range: those are statistics.
    assert detect("Anemia affects > 30% of CKD patients.") == []
    assert detect("Hypoglycemia occurs in 10-20% of patients.") == []


def test_table_columns_carry_their_header_cue():
    row = "| Potassium (K+) | 4.2 | 3.5-5.0 mEq/L | <2.5 or >6.5 |"
    norm = normalize(row)
    starts = [norm.text.index(cell) for cell in ("Potassium", "4.2", "3.5", "<2.5")]
    columns = list(zip(starts, ["Lab", "Result", "Normal range", "Critical"]))
    found = find_thresholds(norm.text, LEX, "", "default", columns)
    assert [(norm.text[t.start : t.end], t.category) for t in found] == [
        ("3.5-5.0 mEq/L", "A"),
        ("<2.5", "D"),
        (">6.5", "D"),
    ]


# --- categories ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, category",
    [
        ("Normal Na+ 135–145 mEq/L", "A"),
        ("Potassium above 5.0 mEq/L is hyperkalemia.", "B"),
        ("Neutropenia: mild 1000–1500, moderate 500–1000, severe < 500 cells/µL", "C"),
        ("Critical value: K+ ≥ 6.0 mmol/L", "D"),
        ("Normal RR 12–20 breaths/min", "E"),
        ("Hold digoxin if apical pulse < 60 bpm.", "F"),
        ("Therapeutic INR for warfarin is 2.0 to 3.0.", "G"),
        ("Braden score of 18 or less = at risk", "H"),
    ],
)
def test_category(text, category):
    assert categories(text)[0] == category


def test_wide_scope_adds_doses_rates_and_timings():
    assert categories("Max acetaminophen dose is 4 g/24 h in adults.") == []
    assert categories("Max acetaminophen dose is 4 g/24 h in adults.", "wide") == ["I"]
    assert categories("Heparin drip: start at 18 units/kg/hr.", "wide") == ["J"]
    assert categories("Recheck within 15 minutes.", "wide") == ["K"]
    assert categories("Recheck within 15 minutes.") == []


def test_grades_conditions_and_populations_are_kept_for_comparisons():
    mild, moderate, severe = (t for t, _ in detect("ANC: mild 1000–1500, moderate 500–1000, severe < 500 cells/µL"))
    assert (mild.grade, moderate.grade, severe.grade) == ("mild", "moderate", "severe")
    men, women = (t for t, _ in detect("Normal WBC for men 5,000–10,000/µL and for women 4,500–11,000/µL"))
    assert (men.population, women.population) == ("men", "women")
    assert only("Potassium above 5.0 mEq/L is hyperkalemia.").condition == "hyperkalemia"


# --- lexicon extensions -------------------------------------------------------------


def test_extra_lexicon_entries():
    assert detect("Ceruloplasmin below 20 suggests Wilson disease.") == []
    lex = load_lexicon(extra_analytes=("ceruloplasmin",))
    (t, text), = detect("Ceruloplasmin below 20 suggests Wilson disease.", lexicon=lex)
    assert (t.analyte.key, text) == ("ceruloplasmin", "Ceruloplasmin below 20")

    assert detect("Normal: 0.4 to 4.0 ukat/L") == []
    lex = load_lexicon(extra_units=("ukat/L",))
    assert detect("Normal: 0.4 to 4.0 ukat/L", lexicon=lex)[0][1] == "0.4 to 4.0 ukat/L"

    assert detect("Monitor SpO2 88% alarm") == []
    assert detect("Monitor SpO2 88% alarm", lexicon=load_lexicon(extra_cues=("alarm",)))[0][1] == "SpO2 88%"

    assert detect("Normal HR 60–100 bpm on Ward 7.") != []
    assert detect("Normal HR 60–100 bpm on Ward 7.", lexicon=load_lexicon(extra_suppressors=(r"normal hr \S+ bpm",))) == []


# --- sentences and citation patterns ------------------------------------------------


def test_sentences_keep_footnotes_and_abbreviations():
    text = "Fever is ≥ 38 °C.[^1] Hold e.g. digoxin if HR < 60. Dr. Lee said so? Yes."
    assert [text[a:b] for a, b in split_sentences(text, 0, len(text))] == [
        "Fever is ≥ 38 °C.[^1]",
        "Hold e.g. digoxin if HR < 60.",
        "Dr. Lee said so?",
        "Yes.",
    ]


@pytest.mark.parametrize(
    "text, cited",
    [
        ("(Lewis et al., 2023, p. 512)", True),
        ("(CDC, 2023)", True),
        ("(American Diabetes Association, 2024)", True),
        ("Lewis et al. (2023)", True),
        ("[@clevelandclinic2023, para. 4]", True),
        ("[see @doe99, pp. 33-35; @smith04, chap. 1]", True),
        ("as @doe99 says", True),
        ("https://medlineplus.gov/lab-tests/", True),
        ("doi:10.1200/JCO.18.00374", True),
        ("PMID 29261936", True),
        ("email nurse@example.org", False),
        ("(Fall 2024)", False),
        ("(see chapter 12)", False),
        ("call @ 0800", False),
    ],
)
def test_inline_citation_forms(text, cited):
    assert bool(INLINE.search(text)) is cited


def test_source_notes_by_name_or_folder():
    patterns = [re.compile(r"^@"), re.compile(r"^(Source|Src|Ref|Lit)\b")]
    folders = ["sources/", "clippings/"]
    assert is_source_link("@lewis2023medsurg", patterns, folders)
    assert is_source_link("Source - ASCO IDSA 2018", patterns, folders)
    assert is_source_link("Clippings/Low WBC count.md", patterns, folders)
    assert not is_source_link("Electrolytes", patterns, folders)
    assert not is_source_link("Resources/Electrolytes", patterns, folders)
