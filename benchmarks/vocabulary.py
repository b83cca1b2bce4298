"""Words and sentence patterns for generated nursing-school vaults.

Plain data only; ``generate.py`` decides how they are combined. The clinical
figures are the kind a student copies into notes (see the thresholds spec);
they exist to exercise the linter, not to teach anyone.
"""

from __future__ import annotations

# Body system -> (folder under "Nursing School", conditions).
SYSTEMS: dict[str, tuple[str, tuple[str, ...]]] = {
    "Cardiovascular": (
        "Semester 2/Med-Surg I/Cardiovascular",
        ("Heart Failure", "Myocardial Infarction", "Atrial Fibrillation", "Hypertension",
         "Deep Vein Thrombosis", "Peripheral Artery Disease", "Cardiogenic Shock", "Endocarditis"),
    ),
    "Respiratory": (
        "Semester 2/Med-Surg I/Respiratory",
        ("COPD", "Asthma", "Pneumonia", "Pulmonary Embolism", "ARDS", "Pneumothorax",
         "Tuberculosis", "Cystic Fibrosis"),
    ),
    "Renal": (
        "Semester 3/Med-Surg II/Renal and Electrolytes",
        ("Acute Kidney Injury", "Chronic Kidney Disease", "Hyperkalemia", "Hypokalemia",
         "Hyponatremia", "Hypernatremia", "Urinary Tract Infection", "Pyelonephritis"),
    ),
    "Endocrine": (
        "Semester 3/Med-Surg II/Endocrine",
        ("Diabetes Mellitus Type 1", "Diabetes Mellitus Type 2", "Diabetic Ketoacidosis",
         "Hypoglycemia", "Hypothyroidism", "Hyperthyroidism", "Addison's Disease", "SIADH"),
    ),
    "Hematology": (
        "Semester 3/Med-Surg II/Hematology",
        ("Leukopenia", "Neutropenia", "Iron Deficiency Anemia", "Sickle Cell Disease",
         "Thrombocytopenia", "Leukemia", "Febrile Neutropenia", "Hemophilia"),
    ),
    "Neurology": (
        "Semester 4/Med-Surg III/Neurology",
        ("Stroke", "Seizure Disorders", "Guillain-Barré Syndrome", "Multiple Sclerosis",
         "Parkinson's Disease", "Increased Intracranial Pressure", "Meningitis", "Delirium"),
    ),
    "Gastrointestinal": (
        "Semester 3/Med-Surg II/Gastrointestinal",
        ("Cirrhosis", "Pancreatitis", "GERD", "Peptic Ulcer Disease", "Crohn's Disease",
         "Ulcerative Colitis", "Bowel Obstruction", "Appendicitis"),
    ),
    "Maternal Newborn": (
        "Semester 3/Maternal Newborn",
        ("Preeclampsia", "Postpartum Hemorrhage", "Gestational Diabetes", "Placenta Previa",
         "Neonatal Jaundice", "Preterm Labor"),
    ),
    "Pediatrics": (
        "Semester 3/Pediatrics",
        ("Bronchiolitis", "Kawasaki Disease", "Croup", "Dehydration in Children",
         "Febrile Seizures", "Otitis Media"),
    ),
    "Mental Health": (
        "Semester 4/Mental Health",
        ("Major Depressive Disorder", "Schizophrenia", "Bipolar Disorder", "Alcohol Withdrawal",
         "Generalized Anxiety Disorder", "Eating Disorders"),
    ),
}

# Drug -> class.
DRUGS: dict[str, str] = {
    "Furosemide": "Loop diuretic", "Digoxin": "Cardiac glycoside", "Metoprolol": "Beta blocker",
    "Lisinopril": "ACE inhibitor", "Warfarin": "Anticoagulant", "Heparin": "Anticoagulant",
    "Enoxaparin": "Low-molecular-weight heparin", "Insulin Glargine": "Long-acting insulin",
    "Insulin Lispro": "Rapid-acting insulin", "Metformin": "Biguanide",
    "Levothyroxine": "Thyroid hormone", "Prednisone": "Corticosteroid",
    "Vancomycin": "Glycopeptide antibiotic", "Gentamicin": "Aminoglycoside",
    "Ceftriaxone": "Cephalosporin", "Morphine": "Opioid analgesic", "Naloxone": "Opioid antagonist",
    "Ondansetron": "Antiemetic", "Pantoprazole": "Proton pump inhibitor",
    "Potassium Chloride": "Electrolyte replacement", "Magnesium Sulfate": "Electrolyte replacement",
    "Oxytocin": "Uterotonic", "Lithium": "Mood stabilizer", "Haloperidol": "Antipsychotic",
    "Lorazepam": "Benzodiazepine", "Phenytoin": "Anticonvulsant", "Levetiracetam": "Anticonvulsant",
    "Albuterol": "Bronchodilator", "Amiodarone": "Antiarrhythmic", "Diltiazem": "Calcium channel blocker",
    "Nitroglycerin": "Nitrate", "Aspirin": "Antiplatelet", "Clopidogrel": "Antiplatelet",
    "Atorvastatin": "Statin", "Spironolactone": "Potassium-sparing diuretic",
    "Acetaminophen": "Analgesic", "Ketorolac": "NSAID", "Epinephrine": "Catecholamine",
    "Norepinephrine": "Vasopressor", "Filgrastim": "Colony-stimulating factor",
    "Epoetin Alfa": "Erythropoiesis-stimulating agent", "Allopurinol": "Xanthine oxidase inhibitor",
    "Lactulose": "Osmotic laxative", "Phytonadione": "Vitamin K", "Sertraline": "SSRI",
    "Clozapine": "Atypical antipsychotic", "Donepezil": "Cholinesterase inhibitor",
    "Carbidopa-Levodopa": "Antiparkinson agent", "Ferrous Sulfate": "Iron supplement",
    "Cyanocobalamin": "Vitamin B12",
}

# (name, abbreviation, low, high, unit, condition below, condition above).
LABS: tuple[tuple[str, str, str, str, str, str, str], ...] = (
    ("white blood cell count", "WBC", "4,500", "11,000", "cells/µL", "leukopenia", "leukocytosis"),
    ("hemoglobin", "Hgb", "12", "16", "g/dL", "anemia", "polycythemia"),
    ("platelet count", "Plt", "150,000", "450,000", "/µL", "thrombocytopenia", "thrombocytosis"),
    ("sodium", "Na+", "135", "145", "mEq/L", "hyponatremia", "hypernatremia"),
    ("potassium", "K+", "3.5", "5.0", "mEq/L", "hypokalemia", "hyperkalemia"),
    ("calcium", "Ca", "8.5", "10.5", "mg/dL", "hypocalcemia", "hypercalcemia"),
    ("magnesium", "Mg", "1.5", "2.5", "mg/dL", "hypomagnesemia", "hypermagnesemia"),
    ("blood glucose", "BG", "70", "100", "mg/dL", "hypoglycemia", "hyperglycemia"),
    ("serum creatinine", "Cr", "0.6", "1.2", "mg/dL", "low muscle mass", "kidney injury"),
    ("BUN", "BUN", "7", "20", "mg/dL", "overhydration", "azotemia"),
    ("arterial pH", "pH", "7.35", "7.45", "", "acidosis", "alkalosis"),
    ("PaCO2", "PaCO2", "35", "45", "mmHg", "respiratory alkalosis", "respiratory acidosis"),
    ("bicarbonate", "HCO3", "22", "26", "mEq/L", "metabolic acidosis", "metabolic alkalosis"),
    ("serum lactate", "lactate", "0.5", "2.0", "mmol/L", "nothing significant", "hypoperfusion"),
    ("serum albumin", "albumin", "3.5", "5.0", "g/dL", "hypoalbuminemia", "dehydration"),
    ("heart rate", "HR", "60", "100", "bpm", "bradycardia", "tachycardia"),
    ("respiratory rate", "RR", "12", "20", "breaths/min", "bradypnea", "tachypnea"),
    ("mean arterial pressure", "MAP", "65", "110", "mmHg", "hypoperfusion", "hypertensive urgency"),
)

# Therapeutic targets: (sentence, ) – already complete threshold statements.
TARGETS: tuple[str, ...] = (
    "Therapeutic INR for warfarin is 2.0 to 3.0",
    "Titrate heparin to keep aPTT 60–80 seconds",
    "Therapeutic lithium level is 0.6–1.2 mEq/L",
    "Therapeutic digoxin level is 0.5–2.0 ng/mL",
    "Hold digoxin if apical pulse < 60 bpm",
    "Hold metoprolol for HR < 60 or SBP < 100 mmHg",
    "Notify the provider if SBP > 160 or < 90 mmHg",
    "Urine output less than 0.5 mL/kg/hr for 6 hours meets AKI criteria",
    "Fever is 38 °C (100.4 °F) or higher",
    "HbA1c ≥ 6.5% is diagnostic of diabetes",
    "Hgb less than 7 g/dL is the usual transfusion trigger",
    "ANC below 500/mm3 is severe neutropenia",
    "Critical value: K+ ≥ 6.0 mmol/L",
    "SpO2 ≤ 88% in a patient with COPD → notify RT",
)

# Citation forms that count as a source for the block they sit in.
PANDOC_KEYS = ("lewis2023medsurg", "hinkle2021brunner", "pagana2021mosby", "potter2022fundamentals",
               "vallerand2023davis", "ignatavicius2024medsurg")
AUTHOR_DATE = ("(Lewis et al., 2023, p. 512)", "(Hinkle & Cheever, 2021, p. 1450)",
               "(Pagana & Pagana, 2021, p. 88)", "(Potter et al., 2022, p. 604)")
WEB_SOURCES = (
    ("MedlinePlus", "https://medlineplus.gov/lab-tests/complete-blood-count-cbc/"),
    ("Cleveland Clinic", "https://my.clevelandclinic.org/health/diseases/17706-low-white-blood-cell-count"),
    ("CDC", "https://www.cdc.gov/port-health/php/definitions-symptoms-reportable-illness/index.html"),
    ("StatPearls", "https://www.ncbi.nlm.nih.gov/books/NBK470284/"),
)
FOOTNOTE_TEXTS = (
    "Lewis, *Medical-Surgical Nursing*, 11e, p. 210.",
    "Hinkle & Cheever, *Brunner & Suddarth’s Textbook of Medical-Surgical Nursing*, 15e, p. 1450.",
    "Pagana, *Mosby’s Manual of Diagnostic and Laboratory Tests*, 7e.",
    "Vallerand, *Davis’s Drug Guide for Nurses*, 18e.",
    "https://medlineplus.gov/lab-tests/",
)
# Notes in Sources/: what source-note wikilinks point at.
SOURCE_NOTES = ("Source - Cleveland Clinic WBC", "Source - MedlinePlus CBC", "Source - ASCO IDSA 2018",
                "Source - Pagana 7e", "@lewis2023medsurg", "@hinkle2021brunner")

# Section headings by kind of note (in reading order).
HEADINGS: dict[str, tuple[str, ...]] = {
    "concept": ("Overview", "Pathophysiology", "Risk Factors", "Signs & Symptoms", "Diagnostics",
                "Lab Values", "Medications", "Nursing Interventions", "Patient Education",
                "Complications", "Priority Nursing Diagnoses", "Questions for Lecture"),
    "drug": ("Class", "Mechanism of Action", "Indications", "Contraindications", "Side Effects",
             "Nursing Considerations", "Patient Teaching", "Monitoring", "Interactions"),
    "careplan": ("Assessment Data", "Nursing Diagnosis", "Goals", "Interventions", "Rationales",
                 "Evaluation"),
    "lecture": ("Objectives", "Key Points", "Lecture Notes", "Muddy Points", "Review Questions",
                "Summary"),
    "clinical": ("Patient Summary", "Assessment", "Medications Given", "What Went Well",
                 "What I Would Change", "Learning Goals"),
    "daily": ("Tasks", "Notes", "Reading", "Reflection"),
    "nclex": ("Question", "Answer", "Rationale", "Test-Taking Strategy", "Related Concepts"),
    "clipping": ("Summary", "Highlights", "Key Numbers", "Questions"),
    "labs": ("Reference Ranges", "Critical Values", "Nursing Implications", "Memory Tricks",
             "Practice Questions"),
    "moc": ("Conditions", "Medications", "Labs", "Care Plans", "Lectures"),
    "source": ("Citation", "Notes"),
}
# Headings no note ever has: the targets of planted missing-heading links.
MISSING_HEADINGS = ("Old Lecture Notes", "Instructor Comments", "Extra Credit", "Scratch Work",
                    "Exam Review (old)")
MISSING_NOTE_SUFFIXES = ("Draft", "Old Notes", "Review Sheet", "Summary v2", "Flashcards")

SEMESTER_COURSES = (
    ("Semester 1", "Fundamentals of Nursing"), ("Semester 1", "Health Assessment"),
    ("Semester 2", "Med-Surg I"), ("Semester 2", "Pharmacology"), ("Semester 3", "Med-Surg II"),
    ("Semester 3", "Maternal Newborn"), ("Semester 4", "Mental Health"),
    ("Semester 4", "Critical Care"),
)
MONTHS = ("01 January", "02 February", "03 March", "04 April", "05 May", "06 June", "07 July",
          "08 August", "09 September", "10 October", "11 November", "12 December")

TAGS = ("nursing", "med-surg", "pharm", "labs", "nclex", "clinical", "care-plan", "lecture",
        "review", "exam-1", "exam-2", "final", "priority", "safety")

# Pieces of ordinary study-note prose. Sentences are built from these with
# no digits, so the only numbers in a note are the ones planted on purpose.
INTERVENTIONS = (
    "assess lung sounds", "monitor intake and output", "weigh the patient daily",
    "elevate the head of the bed", "check capillary refill", "reposition the patient",
    "encourage incentive spirometry", "monitor for bleeding", "implement fall precautions",
    "maintain strict aseptic technique", "assess the IV site", "teach energy conservation",
    "reinforce the low-sodium diet", "check the apical pulse", "monitor telemetry",
    "assess for peripheral edema", "document the patient’s response", "use a pain scale",
    "perform a focused neuro check", "verify the patient’s identity", "offer small frequent meals",
    "keep suction at the bedside", "monitor urine color and clarity", "promote early ambulation",
)
FINDINGS = (
    "crackles in the bases", "jugular venous distension", "pitting edema", "fatigue",
    "shortness of breath", "confusion", "petechiae", "dry mucous membranes", "tachypnea",
    "a productive cough", "flank pain", "tremors", "pallor", "jaundice", "decreased urine output",
    "a flat affect", "chest pain that radiates to the jaw", "polyuria and polydipsia",
    "nausea and vomiting", "muscle weakness", "a positive Homans’ sign", "night sweats",
)
RISKS = (
    "infection", "falls", "bleeding", "skin breakdown", "fluid volume overload", "aspiration",
    "hypoglycemia", "dehydration", "impaired gas exchange", "decreased cardiac output",
    "injury", "ineffective coping", "knowledge deficit", "impaired mobility",
)
PEOPLE = ("the patient", "the family", "older adults", "children", "the nurse", "the charge nurse",
          "pregnant patients", "the caregiver", "the client")
OPENERS = ("Remember that", "Key point:", "In clinical,", "For the exam,", "Instructor emphasized that",
           "Per lecture,", "Note to self:", "Important:", "As a priority,", "Don’t forget that")
SENTENCE_PATTERNS = (
    "{opener} {intervention} for {people} with {condition}.",
    "Patients with {condition} are at risk for {risk}, so {intervention}.",
    "{Finding} may indicate worsening {condition}.",
    "The nurse should {intervention} and report {finding} promptly.",
    "{Drug} is a {drug_class}; teach {people} to report {finding}.",
    "{opener} {drug} can cause {finding}, so {intervention}.",
    "Prioritize airway, breathing and circulation when {condition} presents acutely.",
    "Educate {people} about {condition} and the signs of {risk} before discharge.",
    "{opener} the priority nursing diagnosis is risk for {risk}.",
    "Compare {finding} with the baseline documented in the patient’s chart.",
    "{Condition} often presents with {finding} and {finding2}.",
    "The care plan for {condition} focuses on preventing {risk}.",
    "Ask {people} whether {finding} started before or after the new {drug} dose.",
    "Café-au-lait spots are unrelated here; focus on {finding} instead.",
    "{opener} always {intervention} before giving {drug}.",
    "Instructor’s tip – cluster care so {people} can rest.",
)
LIST_ITEMS = (
    "{Finding}", "Risk for {risk}", "{Intervention}", "{Drug} ({drug_class})", "Monitor for {finding}",
    "Teach {people} about {condition}", "Report {finding} to the provider",
    "**{Condition}**: watch for {finding}",
)
ADMIN_LINES = (
    "Exam 2 covers chapters 12–14.", "Read pp. 230–245 before lab.", "Clinical hours: 120 hours required by week 15.",
    "Module 3, Week 4: Hematology (pp. 101–140)", "Fall 24 cohort study group meets in room 12.",
    "Quiz 5 is open book.",
)
OBSERVATIONS = (
    "The patient’s WBC was 12,000 this morning.", "HR 88, BP 128/76, RR 18, SpO2 97% RA",
    "Pain 7/10 at rest.", "Our patient’s SBP was 90–100 mmHg after the bolus.",
    "Potassium levels were higher than last week.",
)
CALLOUT_TYPES = ("note", "tip", "warning", "important", "info", "question", "example")
CALLOUT_TITLES = ("Priority", "Safety alert", "Remember", "Exam tip", "Clinical pearl", "Ask the instructor")
LINK_PHRASES = ("See {link} for details.", "This connects to {link}.", "Review {link} before clinical.",
                "Compare with {link}.", "Related: {link}.", "Also covered in {link}.",
                "{link} explains the mechanism.", "Linked concept: {link}.")
ATTACHMENT_STEMS = ("ECG strip", "wound stage", "lung sounds chart", "fluid shift diagram",
                    "IV pump setup", "insulin chart", "dermatome map", "RAAS diagram",
                    "lecture slide", "concept map")
