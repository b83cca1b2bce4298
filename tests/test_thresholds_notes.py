"""VL301 on whole notes through the CLI: the seed note and the clipped pages,
citation forms and scopes, note-level sources, and the options."""

from __future__ import annotations

import pytest

from conftest import DATA, findings

SEEDS = DATA / "thresholds"
CLIPPER = "---\nsource: {url}\ntags: [clippings]\n---\n"


def seed(name: str) -> str:
    return (SEEDS / name).read_bytes().decode("utf-8")


def vl301(root, *args: str) -> list[dict]:
    return findings(str(root), "--select", "VL301", *args)


def where(items: list[dict]) -> list[tuple[str, int, int]]:
    return [(f["path"], f["line"], f["column"]) for f in items]


def config(tmp_path, text: str) -> str:
    path = tmp_path / "vaultlint.test.toml"
    path.write_text("[thresholds]\n" + text + "\n")
    return str(path)


# --- the seed note and the clipped pages -------------------------------------------


def test_seed_note_threshold_is_flagged_at_its_position(vault):
    root = vault({"Leukopenia.md": seed("Leukopenia.md")})
    (f,) = vl301(root)
    assert (f["line"], f["column"], f["end_line"], f["end_column"]) == (21, 153, 21, 217)
    assert f["severity"] == "warning"
    assert f["message"] == (
        'Clinical threshold without a citation: "white [[Blood]] cell count lower than 4,000 cells per microliter" '
        "(diagnostic cut-off)."
    )


def test_seed_note_with_a_sourced_footnote_is_not_flagged(vault):
    text = seed("Leukopenia.md").replace("the normal range can vary.", "the normal range can vary.[^1]")
    text += "\n\n[^1]: Mayo Clinic, Low white blood cell count: Definition.\n"
    root = vault({"Leukopenia.md": text})
    assert vl301(root) == []


def test_seed_note_with_a_footnote_that_has_no_definition_is_still_flagged(vault):
    text = seed("Leukopenia.md").replace("the normal range can vary.", "the normal range can vary.[^1]")
    root = vault({"Leukopenia.md": text})
    assert where(vl301(root)) == [("Leukopenia.md", 21, 153)]


def test_clipped_pages_saved_as_notes_are_flagged_and_boilerplate_is_not(vault):
    root = vault({
        "Leukopenia - Apollo.md": seed("Leukopenia - Apollo.md"),
        "Leukopenia - Cleveland Clinic.md": seed("Leukopenia - Cleveland Clinic.md"),
    })  # fmt: skip
    found = vl301(root)
    # Only the ranges and cut-offs: no doctor listings ("3 Years • MBBS"),
    # review dates or "100 billion white blood cells".
    assert where(found) == [
        ("Leukopenia - Apollo.md", 11, 10),
        ("Leukopenia - Apollo.md", 11, 97),
        ("Leukopenia - Cleveland Clinic.md", 9, 3),
        ("Leukopenia - Cleveland Clinic.md", 9, 271),
    ]
    assert [f["message"].split('"')[1] for f in found] == [
        "WBC count ranges between 4,000 and 11,000 cells per microliter",
        "falls below 4,000, you may have leukopenia",
        "white blood cell count that’s less than 4,000 cells per microliter",
        "5,000 to 10,000 cells per microliter",
    ]


def test_clipped_pages_with_web_clipper_properties_are_not_flagged(vault, tmp_path):
    root = vault({
        "Clippings/Leukopenia - Apollo.md": CLIPPER.format(url="https://www.apollo247.com/health-topics/leukopenia")
        + seed("Leukopenia - Apollo.md"),
        "Leukopenia - Cleveland Clinic.md": CLIPPER.format(url="https://my.clevelandclinic.org/health/diseases/17706-low-white-blood-cell-count")
        + seed("Leukopenia - Cleveland Clinic.md"),
    })  # fmt: skip
    assert vl301(root) == []
    # With the properties ignored, and doses and timings included, still only
    # the thresholds (four lines down) are reported: boilerplate stays silent.
    wide = vl301(root, "--config", config(tmp_path, 'scope = "wide"\nnote-level-sources-cover = "never"'))
    assert sorted((f["path"], f["line"]) for f in wide) == [
        ("Clippings/Leukopenia - Apollo.md", 15),
        ("Clippings/Leukopenia - Apollo.md", 15),
        ("Leukopenia - Cleveland Clinic.md", 13),
        ("Leukopenia - Cleveland Clinic.md", 13),
    ]


# --- note-level sources ----------------------------------------------------------------


def test_note_level_source_outside_clippings_gives_info(vault):
    root = vault({"Labs.md": "---\nsource: Lewis, Med-Surg 11e\n---\nNormal Na+ 135–145 mEq/L.\n"})
    (f,) = vl301(root)
    assert (f["line"], f["column"], f["severity"]) == (4, 8, "info")
    assert f["message"].startswith('Clinical threshold sourced only at note level: "Na+ 135–145 mEq/L" (reference range).')


def test_references_section_is_a_note_level_source(vault):
    root = vault({"Labs.md": "Normal Na+ 135–145 mEq/L.\n\n## References\n- Pagana, Mosby's Manual, 7e.\n"})
    assert [(f["line"], f["severity"]) for f in vl301(root)] == [(1, "info")]


@pytest.mark.parametrize(
    "path, properties",
    [
        ("Clippings/Sodium.md", "source: https://medlineplus.gov/lab-tests/sodium-blood-test/\n"),
        ("Sodium.md", "url: https://medlineplus.gov/lab-tests/sodium-blood-test/\ntags: clippings\n"),
        ("Sodium.md", "citation: Pagana 7e\ntype: source\n"),
        ("Sources/Pagana.md", "source: Pagana, Mosby's Manual, 7e\n"),
    ],
)
def test_note_level_source_covers_clippings_and_source_notes(vault, path, properties):
    root = vault({path: f"---\n{properties}---\nNormal Na+ 135–145 mEq/L.\n"})
    assert vl301(root) == []


def test_clipping_without_a_source_is_flagged(vault):
    root = vault({"Clippings/Sodium.md": "---\ntags: [clippings]\n---\nNormal Na+ 135–145 mEq/L.\n"})
    assert [(f["line"], f["severity"]) for f in vl301(root)] == [(4, "warning")]


def test_note_level_sources_cover_option(vault, tmp_path):
    root = vault({
        "Labs.md": "---\nsource: Lewis, Med-Surg 11e\n---\nNormal Na+ 135–145 mEq/L.\n",
        "Clippings/Na.md": "---\nsource: https://medlineplus.gov\ntags: [clippings]\n---\nNormal Na+ 135–145 mEq/L.\n",
    })  # fmt: skip
    assert vl301(root, "--config", config(tmp_path, 'note-level-sources-cover = "always"')) == []
    never = vl301(root, "--config", config(tmp_path, 'note-level-sources-cover = "never"'))
    assert [(f["path"], f["severity"]) for f in never] == [("Clippings/Na.md", "warning"), ("Labs.md", "warning")]


# --- citation forms in the block -----------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Normal Na+ 135–145 mEq/L (Pagana, 2022).",
        "Normal Na+ 135–145 mEq/L per [[Sources/Pagana 7e]].",
        "Normal Na+ 135–145 mEq/L ([MedlinePlus](https://medlineplus.gov/lab-tests/sodium-blood-test/)).",
        "Normal Na+ 135–145 mEq/L, doi:10.1000/xyz123.",
        "Normal Na+ 135–145 mEq/L.\nSource: Pagana, Mosby's Manual, 7e.",
        "Normal Na+ 135–145 mEq/L. Hyponatremia is below that.[^na]\n\n[^na]: Pagana 7e, p. 412.",
        "> [!cite] Pagana, Mosby's Manual, 7e\n> Normal Na+ 135–145 mEq/L.",
        "| Lab | Normal |\n|---|---|\n| Na+ | 135–145 mEq/L |\n| K+ | 3.5–5.0 mEq/L |\n\nSource: Pagana, Mosby's Manual, 7e.",
        "- Na+ 135–145 mEq/L\n- K+ 3.5–5.0 mEq/L [@pagana2022]",
        "## Electrolytes (Pagana, 2022)\n\n- Na+ 135–145 mEq/L\n\nNormal K+ 3.5–5.0 mEq/L.",
        "Normal values from Pagana (2022):\n- Na+ 135–145 mEq/L\n- K+ 3.5–5.0 mEq/L",
        "Source: Pagana, Mosby's Manual, 7e.\n\n| Lab | Normal |\n|---|---|\n| Na+ | 135–145 mEq/L |",
        "According to the ADA, HbA1c ≥ 6.5% is diagnostic of diabetes.",
        "Hold metoprolol for HR < 60 per ACLS.",
    ],
)
def test_citation_in_the_block_covers_it(vault, text):
    assert vl301(vault({"Labs.md": text + "\n"})) == []


@pytest.mark.parametrize(
    "text, expected",
    [
        # A note callout's title is not a citation.
        ("> [!note] Pagana, Mosby's Manual, 7e\n> Normal Na+ 135–145 mEq/L.", [(2, 10)]),
        # A Source column only covers its own row.
        ("| Lab | Normal | Source |\n|---|---|---|\n| Na+ | 135–145 mEq/L | Pagana 7e |\n| K+ | 3.5–5.0 mEq/L | |", [(4, 8)]),
        # An empty footnote is no source.
        ("Normal Na+ 135–145 mEq/L.[^1]\n\n[^1]:", [(1, 8)]),
        # A Source line under a paragraph does not reach the list above it.
        ("- K+ 3.5–5.0 mEq/L\n\nSodium is an electrolyte.\nSource: Pagana 7e.", [(1, 3)]),
        # A Source line right after a list is that list's: not the table below too.
        ("- K+ 3.5–5.0 mEq/L\n\nSource: Pagana 7e.\n\n| Lab | Normal |\n|---|---|\n| Na+ | 135–145 mEq/L |", [(7, 9)]),
        # A bullet list and an ordered list right after it are two lists.
        ("- K+ 3.5–5.0 mEq/L\n1. Na+ 135–145 mEq/L\n\nSource: Pagana 7e.", [(1, 3)]),
        ("1. Na+ 135–145 mEq/L\n- K+ 3.5–5.0 mEq/L\n\nSource: Pagana 7e.", [(1, 4)]),
        # Orders and units are not sources.
        ("Notify the MD per protocol if SBP > 160 mmHg.", [(1, 31)]),
        ("Hold insulin per ICU policy if BG < 70.", [(1, 32)]),
    ],
)
def test_what_does_not_cover(vault, text, expected):
    assert [(f["line"], f["column"]) for f in vl301(vault({"Labs.md": text + "\n"}))] == expected


def test_message_is_one_short_sentence_and_the_advice_is_on_the_rule_page(vault):
    root = vault({"Labs.md": "- K+ 3.5–5.0 mEq/L\n\n| Lab | Normal |\n|---|---|\n| Na+ | 135–145 mEq/L |\n"})
    messages = [f["message"] for f in vl301(root)]
    assert messages == [
        'Clinical threshold without a citation: "K+ 3.5–5.0 mEq/L" (reference range).',
        'Clinical threshold without a citation: "135–145 mEq/L" (reference range).',
    ]
    from conftest import run

    page = run("rule", "VL301").output
    assert "## How to cite" in page and "a footnote `[^1]`" in page


def test_table_column_headers_are_cues_for_their_column(vault):
    root = vault({"Case.md": "| Lab | Result | Normal |\n|---|---|---|\n| Na | 131 | 135-145 |\n| K | 5.4 | 3.5–5.0 mEq/L |\n"})
    found = vl301(root)
    # The Result column is the patient's; the Normal column holds the thresholds.
    assert [(f["line"], f["column"], f["end_column"]) for f in found] == [(3, 14, 21), (4, 13, 26)]
    assert '"135-145" (reference range)' in found[0]["message"]


def test_one_finding_per_claim_unit(vault):
    root = vault({"Labs.md": "Normal ABG: pH 7.35–7.45, PaCO2 35–45 mmHg, HCO3 22–26 mEq/L. Hold if HR < 60.\n"})
    assert [(f["line"], f["column"]) for f in vl301(root)] == [(1, 13), (1, 71)]


def test_suppression_comment(vault):
    root = vault({"Labs.md": "%% vaultlint-disable-next-line VL301 %%\nNormal Na+ 135–145 mEq/L.\nNormal K+ 3.5–5.0 mEq/L.\n"})
    assert [f["line"] for f in vl301(root)] == [3]


# --- citation scope and source-note options ------------------------------------------------


SCOPED = (
    "## Potassium\n\n"
    "Potassium above 5.0 mEq/L is hyperkalemia. Loop diuretics waste potassium.[^1]\n\n"
    "Below 3.5 mEq/L is hypokalemia.\n\n"
    "## Sodium\n\n"
    "Normal Na+ is 135–145 mEq/L.\n\n"
    "[^1]: Lewis, Medical-Surgical Nursing, 11e, p. 300.\n"
)


@pytest.mark.parametrize(
    "scope, lines",
    [
        ("sentence", [3, 5, 9]),
        ("block", [5, 9]),
        ("section", [9]),
        ("note", []),
    ],
)
def test_citation_scope(vault, tmp_path, scope, lines):
    root = vault({"Potassium.md": SCOPED})
    found = vl301(root, "--config", config(tmp_path, f'citation-scope = "{scope}"'))
    assert [f["line"] for f in found] == lines


def test_sentence_scope_needs_a_citation_in_each_sentence(vault, tmp_path):
    root = vault({"Potassium.md": SCOPED})
    found = vl301(root, "--config", config(tmp_path, 'citation-scope = "sentence"'))
    assert len(found) > len(vl301(root))


def test_source_note_patterns_and_folders(vault, tmp_path):
    root = vault({"K.md": "Potassium above 5.0 mEq/L is hyperkalemia ([[Pagana 7e]]).\n", "Pagana 7e.md": "x\n"})
    assert len(vl301(root)) == 1  # a link to an ordinary note is no citation
    assert vl301(root, "--config", config(tmp_path, "source-note-patterns = ['^Pagana']")) == []
    root = vault({"K.md": "Potassium above 5.0 mEq/L is hyperkalemia ([[Books/Pagana 7e]]).\n"})
    assert len(vl301(root)) == 1
    assert vl301(root, "--config", config(tmp_path, "source-folders = ['Books/']")) == []


def test_lexicon_options(vault, tmp_path):
    root = vault({"Iron.md": "Ceruloplasmin below 20 suggests Wilson disease.\n"})
    assert vl301(root) == []
    (f,) = vl301(root, "--config", config(tmp_path, "extra-analytes = ['ceruloplasmin']"))
    assert (f["line"], f["column"]) == (1, 1)


def test_bad_options_are_reported(vault, tmp_path):
    from conftest import run

    root = vault({"A.md": "x\n"})
    result = run("check", str(root), "--config", config(tmp_path, 'citation-scope = "paragraph"'))
    assert result.exit_code == 2
    assert "thresholds.citation-scope must be one of sentence, block, section, note" in result.output
    result = run("check", str(root), "--config", config(tmp_path, "source-note-patterns = ['(unclosed']"))
    assert result.exit_code == 2
    assert "thresholds.source-note-patterns" in result.output
