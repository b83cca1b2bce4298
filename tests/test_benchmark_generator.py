"""The benchmark vault generator: deterministic, realistic, and what it plants is what vaultlint finds."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import benchmark_script, findings

generate = benchmark_script("generate")

NOTES = 60
# Which rule reports each kind of planted broken link.
CODE_FOR = {"missing-note": "VL101", "missing-attachment": "VL102",
            "missing-heading": "VL103", "missing-block": "VL104"}


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> tuple[Path, dict]:
    root = tmp_path_factory.mktemp("bench") / "vault"
    manifest = generate.generate(root, NOTES, seed=7)
    return root, manifest


def test_same_seed_gives_identical_trees(generated, tmp_path):
    root, _ = generated
    again = tmp_path / "again"
    generate.generate(again, NOTES, seed=7)
    first, second = tree(root), tree(again)
    assert list(first) == list(second)
    assert first == second


def test_another_seed_gives_another_vault(generated, tmp_path):
    root, _ = generated
    other = tmp_path / "other"
    generate.generate(other, NOTES, seed=8)
    assert tree(root) != tree(other)


def test_vault_shape(generated):
    root, manifest = generated
    notes = [p for p in root.rglob("*.md") if not any(part.startswith(".") for part in p.relative_to(root).parts)]
    assert len(notes) == manifest["notes"] == NOTES
    assert json.loads((root / ".obsidian" / "app.json").read_text())["newLinkFormat"] == "shortest"
    assert any(" " in p.parent.name for p in notes) and any(len(p.relative_to(root).parts) >= 4 for p in notes)
    pngs = list(root.rglob("*.png"))
    assert pngs and all(p.read_bytes().startswith(b"\x89PNG\r\n\x1a\n") for p in pngs)
    assert list(root.rglob("*.pdf"))[0].read_bytes().startswith(b"%PDF-")
    assert 15 <= manifest["links"] / NOTES <= 25
    assert 3_000 <= manifest["note_bytes"] / NOTES <= 7_000
    assert manifest["fake_links_in_code"] > 0
    assert manifest["unsourced_claims"] and manifest["sourced_claims"] > 0


def test_broken_links_and_mojibake_within_bounds(generated):
    root, manifest = generated
    assert 0.01 <= len(manifest["broken_links"]) / manifest["links"] <= 0.03
    assert {b["kind"] for b in manifest["broken_links"]} <= set(CODE_FOR)
    assert len(manifest["mojibake_notes"]) == round(NOTES * 0.01)
    garbled = sorted(p.relative_to(root).as_posix() for p in root.rglob("*.md")
                     if "â€™" in p.read_text("utf-8") or "Ã©" in p.read_text("utf-8"))
    assert garbled == manifest["mojibake_notes"]


def test_larger_vault_has_every_kind_of_broken_link(tmp_path):
    manifest = generate.generate(tmp_path / "vault", 400, seed=3)
    kinds = [b["kind"] for b in manifest["broken_links"]]
    assert set(kinds) == set(CODE_FOR)
    assert 0.015 <= len(kinds) / manifest["links"] <= 0.025
    assert len(manifest["mojibake_notes"]) == 4


def test_manifest_positions_point_at_the_planted_links(generated):
    root, manifest = generated
    for broken in manifest["broken_links"]:
        lines = (root / broken["path"]).read_text("utf-8").split("\n")
        line = lines[broken["line"] - 1]
        assert line[broken["column"] - 1:].startswith(broken["link"]), broken


def _reported_and_planted(root, manifest) -> tuple[list, list]:
    """VL1 findings, and the broken links the generator planted outside
    "Archive/" (listed in Obsidian's Excluded files, so not checked)."""
    reported = sorted((f["code"], f["path"], f["line"], f["column"])
                      for f in findings("--select", "VL1", str(root)))
    planted = sorted((CODE_FOR[b["kind"]], b["path"], b["line"], b["column"])
                     for b in manifest["broken_links"] if not b["path"].lower().startswith("archive/"))
    assert len(planted) < len(manifest["broken_links"])
    return reported, planted


def test_vaultlint_reports_exactly_the_planted_broken_links(generated):
    reported, planted = _reported_and_planted(*generated)
    assert reported == planted


# --- the real-vault shape ------------------------------------------------------

REAL_NOTES = 400


@pytest.fixture(scope="module")
def real(tmp_path_factory) -> tuple[Path, dict]:
    root = tmp_path_factory.mktemp("bench-real") / "vault"
    manifest = generate.generate(root, REAL_NOTES, seed=5, shape="real")
    return root, manifest


def test_real_shape_is_deterministic(real, tmp_path):
    root, _ = real
    again = tmp_path / "again"
    generate.generate(again, REAL_NOTES, seed=5, shape="real")
    assert tree(root) == tree(again)


def test_real_shape_has_public_vault_sizes_and_few_links(real):
    root, manifest = real
    assert manifest["shape"] == "real"
    shape = generate.measure(root)
    assert shape["notes"] == REAL_NOTES
    # The two public vaults measured: medians 1.7 and 3.3 KB, means 2.9 and 5.1 KB.
    assert 1_500 <= shape["bytes_median"] <= 3_500
    assert 2_500 <= shape["bytes_mean"] <= 5_000
    assert shape["bytes_p90"] >= 2.5 * shape["bytes_median"]  # a long tail, as real notes have
    assert 3 <= manifest["links"] / REAL_NOTES <= 5.5


def test_real_shape_has_clinical_numbers_in_a_tenth_of_the_notes(real):
    root, manifest = real
    assert 0.07 <= manifest["claim_notes"] / REAL_NOTES <= 0.13
    # The manifest places a claim's sentence or row; VL301 its number, on the same line.
    reported = sorted((f["path"], f["line"]) for f in findings("--select", "VL301", str(root)))
    planted = sorted((c["path"], c["line"]) for c in manifest["unsourced_claims"]
                     if not c["path"].lower().startswith("archive/"))  # userIgnoreFilters: not reported on
    assert reported == planted and planted


def test_real_shape_reports_exactly_the_planted_broken_links(real):
    reported, planted = _reported_and_planted(*real)
    assert reported == planted and planted


def test_unknown_shape_is_refused(tmp_path):
    with pytest.raises(ValueError, match="unknown shape"):
        generate.generate(tmp_path / "vault", 100, shape="sparse")


def test_measure_reads_sizes_and_links(tmp_path):
    (tmp_path / ".obsidian").mkdir()
    (tmp_path / ".obsidian" / "hidden.md").write_text("[[Not counted]]")
    (tmp_path / "A.md").write_text("[[B]] ![[c.png]] [d](D.md) [web](https://example.org)")
    (tmp_path / "B.md").write_text("x" * 99)
    shape = generate.measure(tmp_path)
    assert shape["notes"] == 2
    assert shape["links_mean"] == 1.5  # 3 links in A, none in B
    assert shape["bytes_median"] == 99
