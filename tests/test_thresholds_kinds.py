"""VL301 on the kinds of threshold seen in real notes, and the kinds of
number that are not thresholds, each kind with several sentences.

The first sentence of each kind is the example the kind was reported with;
the others are more of the same, written to look for the kind rather than
the sentence. Every sentence is a note of its own in one vault, checked once
through the CLI; for a threshold the test names where each finding points
and the text it quotes (the message's quotation, unit as written).
"""

from __future__ import annotations

import re

import pytest

from conftest import findings, write_vault

# kind -> [(note text, [(line, column, quoted text), ...])]
THRESHOLDS = {
    'analytes': [
        ('An ejection fraction below 40% defines reduced-EF heart failure.', [(1, 4, 'ejection fraction below 40%')]),
        ('Discontinue prophylaxis once the CD4 count is above 200.', [(1, 34, 'CD4 count is above 200')]),
        ('A FeNa below 1% suggests a prerenal cause.', [(1, 3, 'FeNa below 1%')]),
        ('An ESR over 100 is a red flag for infection.', [(1, 4, 'ESR over 100')]),
        ('Blasts of 20% or more in the marrow define acute leukaemia.', [(1, 1, 'Blasts of 20% or more')]),
        ('Treat when the intraocular pressure is above 21.', [(1, 16, 'intraocular pressure is above 21')]),
        ('Factor VIII levels below 1% define severe haemophilia.', [(1, 1, 'Factor VIII levels below 1%')]),
        ('A serum osmolality above 295 is high.', [(1, 3, 'serum osmolality above 295')]),
        ('Ferritin below 30 suggests iron deficiency.', [(1, 1, 'Ferritin below 30')]),
        ('The anion gap is normally 8 to 12.', [(1, 5, 'anion gap is normally 8 to 12')]),
        ('A rubella antibody titre below 10 means the woman is not immune.', [(1, 11, 'antibody titre below 10')]),
        ('A urine specific gravity above 1.030 suggests dehydration.', [(1, 9, 'specific gravity above 1.030')]),
        # Lipids, spirometry, and others that had no name in the lexicon.
        ('Offer a statin if LDL-C stays above 2.6 after lifestyle changes.', [(1, 19, 'LDL-C stays above 2.6')]),
        ('An FEV1/FVC below 0.7 after a bronchodilator confirms obstruction.', [(1, 4, 'FEV1/FVC below 0.7')]),
        ('Refer if the ACR is 70 mg/mmol or more.', [(1, 14, 'ACR is 70 mg/mmol or more')]),
        ('An ABPI below 0.5 means critical limb ischaemia.', [(1, 4, 'ABPI below 0.5')]),
        ('A FeNO above 50 ppb supports asthma in adults.', [(1, 3, 'FeNO above 50 ppb')]),
        ('Keep the serum urate below 300 on treatment.', [(1, 10, 'serum urate below 300')]),
    ],
    'plural_cues': [
        ('Blood pressure targets for people with diabetes are below 130/80.', [(1, 1, 'Blood pressure targets for people with diabetes are below 130/80')]),
        ('Goals: HbA1c below 7% for most adults.', [(1, 8, 'HbA1c below 7%')]),
        ('Glucose targets in the ICU are 140 to 180.', [(1, 1, 'Glucose targets in the ICU are 140 to 180')]),
    ],
    'nested_list': [
        ('## Hematocrit\n- Reference ranges:\n  - Adult women: 36% to 46%', [(3, 18, '36% to 46%')]),
        ('## INR\n- Therapeutic goals:\n  - Mechanical mitral valve: 2.5 to 3.5', [(3, 30, '2.5 to 3.5')]),
        ('## Potassium\n- Critical values:\n  - below 2.5 or above 6.5', [(3, 5, 'below 2.5')]),
    ],
    'relative_clause': [
        ('Serum magnesium, which the lab on most wards measures twice daily, has a normal value of 1.5 to 2.5.', [(1, 7, 'magnesium, which the lab on most wards measures twice daily, has a normal value…')]),
        ('Ammonia, which rises in liver failure and is drawn on ice, is normally below 35.', [(1, 1, 'Ammonia, which rises in liver failure and is drawn on ice, is normally below 35')]),
        ('The anion gap, which many students find confusing at first, is normally 8 to 12.', [(1, 5, 'anion gap, which many students find confusing at first, is normally 8 to 12')]),
    ],
    'percent_tiers': [
        ('Mild deficiency: 20-50% of normal enzyme activity.', [(1, 18, '20-50% of normal enzyme activity')]),
        ('High risk: estimated 10-year risk above 20%.', [(1, 12, 'estimated 10-year risk above 20%')]),
        ('Low risk: a 10-year risk below 10%.', [(1, 13, '10-year risk below 10%')]),
        ('Severe deficiency: below 10% of normal enzyme activity.', [(1, 20, 'below 10% of normal enzyme activity')]),
    ],
    'sizes': [
        ('Refer for repair when an abdominal aortic aneurysm is larger than 5.5 cm.', [(1, 26, 'abdominal aortic aneurysm is larger than 5.5 cm')]),
        ('A thyroid nodule over 1 cm is biopsied.', [(1, 11, 'nodule over 1 cm')]),
        ('An endometrial thickness above 4 mm in postmenopausal bleeding indicates biopsy.', [(1, 4, 'endometrial thickness above 4 mm')]),
    ],
    'units_written_out': [
        ('Neonatal jaundice becomes visible once bilirubin reaches 5 mg per dL.', [(1, 40, 'bilirubin reaches 5 mg per dL')]),
        ('A resting rate above 100 beats per minute is tachycardia.', [(1, 16, 'above 100 beats per minute is tachycardia')]),
        ('Tachypnoea in adults is more than 20 breaths per minute.', [(1, 1, 'Tachypnoea in adults is more than 20 breaths per minute')]),
        ('A urine albumin-to-creatinine ratio above 30 mg/g indicates albuminuria.', [(1, 3, 'urine albumin-to-creatinine ratio above 30 mg/g')]),
        ('Microalbuminuria is an albumin-to-creatinine ratio of 3 to 30 mg/mmol.', [(1, 24, 'albumin-to-creatinine ratio of 3 to 30 mg/mmol')]),
        ('Treat hypothyroidism when TSH is above 10 milli-international units/mL.', [(1, 27, 'TSH is above 10 milli-international units/mL')]),
        ('Low birth weight is a birth weight under 2500 grams.', [(1, 23, 'birth weight under 2500 grams')]),
    ],
    'ecg': [
        ('ST elevation of at least 2 mm in two contiguous leads (V2-V3) meets the criteria.', [(1, 1, 'ST elevation of at least 2 mm')]),
        ('Q waves deeper than 2 mm in leads II, III and aVF suggest an old infarction.', [(1, 1, 'Q waves deeper than 2 mm')]),
        ('ST depression of 0.5 mV or more in V4-V6 indicates ischaemia.', [(1, 1, 'ST depression of 0.5 mV or more')]),
    ],
    'scores': [
        ('A CURB-65 of 2 or more calls for hospital admission.', [(1, 3, 'CURB-65 of 2 or more')]),
        ('ABCD2 ≥ 4 means high stroke risk.', [(1, 1, 'ABCD2 ≥ 4')]),
        ('## Bishop score\n- A score of 8 or more is favourable.', [(2, 14, '8 or more')]),
        ('A Wells score above 6 means a high probability of PE.', [(1, 3, 'Wells score above 6')]),
        ('A CHA2DS2-VASc score of 2 or more calls for anticoagulation.', [(1, 3, 'CHA2DS2-VASc score of 2 or more')]),
    ],
    'durations_rates': [
        ('Fever lasting more than 3 weeks defines fever of unknown origin.', [(1, 15, 'more than 3 weeks')]),
        ('A bilirubin rise faster than 0.5 mg/dL per hour calls for review.', [(1, 3, 'bilirubin rise faster than 0.5 mg/dL')]),
        ('Diarrhoea lasting more than 14 days is defined as persistent diarrhoea.', [(1, 19, 'more than 14 days')]),
        ('An increase in creatinine of at least 0.3 mg/dL within 48 hours defines AKI.', [(1, 16, 'creatinine of at least 0.3 mg/dL')]),
    ],
    'tables': [
        ('| Population | Target SpO2 |\n| --- | --- |\n| COPD | 88-92% |', [(3, 10, '88-92%')]),
        ('| Drug | Therapeutic level |\n| --- | --- |\n| Lithium | 0.6-1.2 |', [(3, 13, '0.6-1.2')]),
        ('## Target INR\n| Indication | Range |\n| --- | --- |\n| Atrial fibrillation | 2-3 |', [(4, 25, '2-3')]),
    ],
    'grades_in_one_line': [
        ('Dehydration: mild 3%, moderate 6%, severe 9% of body weight.', [(1, 19, '3%, moderate 6%, severe 9% of body weight')]),
        ('Anaemia: mild Hb 10-11, moderate 8-9.9, severe below 8.', [(1, 15, 'Hb 10-11')]),
        ('Burns: minor below 10%, moderate 10-20%, major above 20% of total body surface area.', [(1, 14, 'below 10%, moderate 10-20%, major above 20% of total body surface area')]),
    ],
    'sentences_in_a_list_item': [
        ("- Assess the patient's response hourly. An adequate urine output is 0.5 to 1 mL/kg/hr.", [(1, 53, 'urine output is 0.5 to 1 mL/kg/hr')]),
        ('- Check the drip at the start of the shift. Keep the MAP above 65 mmHg.', [(1, 54, 'MAP above 65 mmHg')]),
        ('- Document what the patient says. A pain score above 4 calls for a review of analgesia.', [(1, 37, 'pain score above 4')]),
    ],
    'html_is_not_a_comparator': [
        ('PaCO<sub>2</sub> above 45 mmHg is hypercapnia.', [(1, 1, 'PaCO<sub>2</sub> above 45 mmHg')]),
        ('SpO<sub>2</sub> below 90% is hypoxaemia.', [(1, 1, 'SpO<sub>2</sub> below 90%')]),
        ('HCO<sub>3</sub><sup>-</sup> below 22 mEq/L is acidosis.', [(1, 1, 'HCO<sub>3</sub><sup>-</sup> below 22 mEq/L')]),
    ],
    'unit_as_written': [
        ('Normal urine specific gravity is 1.005 - 1.030.', [(1, 14, 'specific gravity is 1.005 - 1.030')]),
        ('A normal BMI is 18.5-24.9 kg/m².', [(1, 10, 'BMI is 18.5-24.9 kg/m²')]),
        ('A normal cardiac index is 2.5-4.0 L/min/m².', [(1, 10, 'cardiac index is 2.5-4.0 L/min/m²')]),
    ],
}  # fmt: skip

# kind -> [note text]: no VL301 finding
NOT_THRESHOLDS = {
    'object_temperatures': [
        'Store insulin vials at 2 °C to 8 °C.',
        'Autoclaves sterilise instruments at 121 °C for 15 minutes.',
        'Keep vaccines in the fridge between 2 and 8 °C.',
    ],
    'equipment_settings': [
        '| Patient | Wall suction |\n| --- | --- |\n| Adult | 100-150 mmHg |\n| Child | 80-100 mmHg |',
        'Set the wall suction to 80-120 mmHg for a child.',
        'Set the PEEP to 5 cmH2O on the ventilator.',
    ],
    'age_bands': [
        'Calcium intake for women 19 to 50 years is 1000 mg a day.',
        'Vitamin D intake for adults 19-70 years is 600 IU a day.',
        'Iron needs for girls aged 14 to 18 years are 15 mg daily.',
        'Refer women < 30 + unexplained breast lump +/- pain.',
        'Hip pain usually starts between 3-9 (peak 5-7) years of age.',
    ],
    'rating_scale_spans': [
        'Ask the patient to rate the pain from 0 to 10.',
        'Use a 0-5 faces scale for young children.',
        'Ask the patient to rate nausea on a scale of 1 to 10.',
    ],
    'amounts_given': [
        'Giving more than 40 gm of glucose as a bolus can cause rebound.',
        'Do not give more than 500 mcg of digoxin as a loading dose.',
        'Give up to 10 units of insulin before meals.',
        'Never give more than 4 gms of paracetamol in total.',
    ],
    'disease_names_and_cases': [
        '## Toxic megacolon\nA 45-year-old man presents with bloody diarrhoea. His heart rate is 120 and his temperature 39 °C. The WBC is 18,000.',
        '## Normal pressure hydrocephalus\nA 70-year-old woman was admitted with falls. Her MMSE is 22. The opening pressure is 15 cmH2O.',
        '## Critical care\nMr K, 60, arrived from a nursing home. Temperature 39.2 °C, heart rate 118, lactate 4.1 mmol/L.',
    ],
    'drug_rates': [
        'Give 10-20 mL over 2-5 min.',
        'Push 1 mg over 1 minute.',
        'Infuse 500 mL over 30-60 minutes.',
    ],
    'scale_anchors': [
        'Pain scale: 0 = no pain, 10 = worst pain imaginable.',
        'Answer each item from 1 = never to 5 = always.',
        'Nausea: 0 = none, 3 = worst possible.',
        '0 kg = absence of weight.',
    ],
    'schedules': [
        'Measure the fundal height after 20 weeks.',
        'Screen for gestational diabetes at 24-28 weeks.',
        'Give the second dose 4 to 6 weeks later.',
        'Check TSH and renal function at least 6 monthly.',
    ],
    'outcome_statistics': [
        'A fever of 38.5 °C or more occurs in about 10% of children after this vaccine.',
        'About 5% of healthy people have an ALT above the upper limit of normal.',
        'Up to 20% of patients on this drug develop a potassium above 5.5 mEq/L.',
        'Example: BP 120 vs 140 mmHg, a difference of 20 mmHg.',
        '- complications: bruising, infection, chronic testicular pain (affects between 5-30% men)',
        'Offer aspirin if:\n- ≥ 1 high risk factors\n- ≥ 2 moderate risk factors',
    ],
    'html_code_css_math': [
        'CO<sub>2</sub> is carried in the blood as bicarbonate.',
        'Breathing 100% O<sub>2</sub> washes out nitrogen<sup>2</sup>.',
        'Use `if x < 5: alert(x)` in the template.',
        '<span style="width: 100px; height: 20px">box</span>',
        '$$ P < 0.05 $$ is significant.',
        '```css\n.callout { padding: 12px; margin-top: 4px; max-width: 800px; }\n```',
        '<div style="width: 40%; margin: 10px">K 3.5-5.0</div>',
    ],
    'no_clinical_vocabulary': [
        '.callout { padding: 12px; margin-top: 4px; max-width: 800px; }',
        'Set the sidebar width to at least 300 px and the font to 16 px.',
        'Keep the cache below 500 MB and the timeout above 30 s.',
        # Words that are also the names of clinical tests ("AUDIT", "PCT").
        'Audit 3 found that more than 12 invoices were late.',
        'After the audit, fewer than 4 pull requests were open.',
        'The discount pct must be 0 or more and below 100.',
        # A temperature with nothing clinical near it is a thing's.
        'Under load the processor reaches 95-100 °C and slows down.',
        'El procesador llega a ~95-100 °C y baja la frecuencia.',
    ],
}  # fmt: skip

_QUOTED = re.compile(r'^Clinical threshold without a citation: "(.*)" \([a-z -]+\)\.$')


def _name(kind: str, i: int) -> str:
    return f"{kind} {i}.md"


@pytest.fixture(scope="module")
def found(tmp_path_factory) -> dict[str, list[tuple[int, int, str]]]:
    notes = {_name(k, i): text + "\n" for k, items in THRESHOLDS.items() for i, (text, _) in enumerate(items)}
    notes.update({_name(k, i): text + "\n" for k, items in NOT_THRESHOLDS.items() for i, text in enumerate(items)})
    root = write_vault(tmp_path_factory.mktemp("kinds"), notes)
    by_note: dict[str, list[tuple[int, int, str]]] = {name: [] for name in notes}
    for f in findings(str(root), "--isolated", "--select", "VL301"):
        quoted = _QUOTED.match(f["message"])
        assert quoted, f["message"]  # one short sentence
        by_note[f["path"]].append((f["line"], f["column"], quoted.group(1)))
    return by_note


@pytest.mark.parametrize(
    "kind, index", [pytest.param(k, i, id=f"{k}-{i}") for k, items in THRESHOLDS.items() for i in range(len(items))]
)
def test_threshold_is_found(found, kind, index):
    _text, expected = THRESHOLDS[kind][index]
    assert found[_name(kind, index)] == expected


@pytest.mark.parametrize(
    "kind, index", [pytest.param(k, i, id=f"{k}-{i}") for k, items in NOT_THRESHOLDS.items() for i in range(len(items))]
)
def test_not_a_threshold(found, kind, index):
    assert found[_name(kind, index)] == []


def test_every_kind_has_at_least_three_sentences():
    assert all(len(items) >= 3 for items in (*THRESHOLDS.values(), *NOT_THRESHOLDS.values()))


def test_a_size_without_a_decision_cue_is_only_in_the_wide_scope(tmp_path):
    root = write_vault(tmp_path, {"Aorta.md": "An abdominal aortic aneurysm is larger than 3 cm.\n"})
    assert findings(str(root), "--isolated", "--select", "VL301") == []
    wide = tmp_path / "wide.toml"
    wide.write_text('[thresholds]\nscope = "wide"\n')
    (f,) = findings(str(root), "--config", str(wide), "--select", "VL301")
    assert (f["line"], f["column"], f["message"]) == (
        1, 33, 'Clinical threshold without a citation: "larger than 3 cm" (equipment size).'
    )
