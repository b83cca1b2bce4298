"""The seed note (tests/data/links/Leukopenia.md) in the vault it was
written in, and what happens when one of its notes is moved."""

from __future__ import annotations

import json
import re
from collections import Counter

from conftest import DATA, findings, run

SEED = (DATA / "links" / "Leukopenia.md").read_bytes()
DRUGS = "Boxes/Temple College Nursing Program/LVN Program/Fall 24/Pharmacology/Drugs/Drugs.md"
DRUGS_LINK = "[[Boxes/Temple College Nursing Program/LVN Program/Fall 24/Pharmacology/Drugs/Drugs|Drugs]]"
MISSING = ["Blood", "hepatitis", "Immunosuppressants", "Vitamins", "minerals", "B12", "Liver", "Fever", "Mouth"]


def seed_vault(vault, drugs_at: str = DRUGS, app: dict | None = None):
    files = {
        "Leukopenia.md": SEED,
        drugs_at: "# Drugs\n",
        "Leukemia.md": "# Leukemia\n",
        "Aplastic Anemia.md": "# Aplastic anemia\n",
    }
    if app is not None:
        files[".obsidian/app.json"] = json.dumps(app)
    return vault(files)


def link_positions(text: str, target: str) -> list[tuple[int, int]]:
    """1-based (line, column) of every ``[[target...`` in ``text``."""
    out = []
    for number, line in enumerate(text.splitlines(), 1):
        out += [(number, m.start() + 1) for m in re.finditer(re.escape("[[" + target), line)]
    return out


def test_seed_reports_missing_notes_and_resolves_the_rest(vault):
    root = seed_vault(vault)
    items = findings(str(root), "--select", "VL1")
    assert {f["code"] for f in items} == {"VL101"}
    counted = Counter(f["message"].split('"')[1] for f in items)
    assert counted == Counter({"Blood": 12, "B12": 2, **{name: 1 for name in MISSING[1:] if name != "B12"}})
    text = SEED.decode("utf-8")
    blood = [(f["line"], f["column"]) for f in items if f["message"].startswith('"Blood"')]
    assert blood == link_positions(text, "Blood]]")
    assert all(f["severity"] == "error" and f["fix"] is None for f in items)
    # [[Leukemia]], [[aplastic anemia]] (another case) and the full-path link resolve.
    reported = {f["message"].split('"')[1] for f in items}
    assert not reported & {"Leukemia", "aplastic anemia", DRUGS[:-3]}


def test_seed_statistics_group_links_by_missing_note(vault):
    root = seed_vault(vault)
    result = run("check", str(root), "--select", "VL1", "--statistics")
    assert result.exit_code == 1
    by_target = result.output.split("By target:")[1]
    assert re.search(r"^12\s+VL101\s+Blood$", by_target, re.M)
    assert re.search(r"^ ?2\s+VL101\s+B12$", by_target, re.M)
    assert len(by_target.strip().splitlines()) == len(MISSING)


def test_moving_drugs_names_the_note_but_writes_nothing(vault):
    # Pharmacology/Drugs.md has the link's file name but not its folders:
    # it may be the moved note or another one, so it is only named.
    root = seed_vault(vault, drugs_at="Pharmacology/Drugs.md")
    items = findings(str(root), "--select", "VL101")
    (line, column), = link_positions(SEED.decode("utf-8"), "Boxes/")
    moved = [f for f in items if (f["line"], f["column"]) == (line, column)]
    assert len(moved) == 1
    assert '"Pharmacology/Drugs.md"' in moved[0]["message"]
    assert moved[0]["fix"] is None
    run("check", str(root), "--select", "VL101", "--fix", "--unsafe-fixes")
    assert (root / "Leukopenia.md").read_bytes() == SEED


def test_renamed_folder_fix_rewrites_the_link_in_the_vault_link_format(vault):
    # A folder renamed from "LVN Program" to "LVN-Program": the same path
    # written differently, so the safe fix points the link there.
    app = {"newLinkFormat": "absolute", "useMarkdownLinks": True}
    renamed = DRUGS.replace("LVN Program", "LVN-Program")
    root = seed_vault(vault, drugs_at=renamed, app=app)
    item = [f for f in findings(str(root), "--select", "VL101") if f["fix"]]
    assert len(item) == 1 and item[0]["fix"]["applicability"] == "safe"
    run("check", str(root), "--select", "VL101", "--fix")
    text = (root / "Leukopenia.md").read_text(encoding="utf-8")
    # The path is absolute; the link stays a wikilink, as Obsidian keeps it.
    assert f"[[{renamed[:-3]}|Drugs]]" in text and DRUGS_LINK not in text


def test_six_hundred_links_to_one_unwritten_note_read_as_one_line(vault):
    notes = {f"Day {i:03}.md": "Review [[Blood]] today.\n" * 6 for i in range(100)}
    root = vault(notes)
    result = run("check", str(root), "--select", "VL101", "--statistics")
    assert result.output.split("By target:")[1].strip() == "600  VL101  Blood"
