"""The benchmark vault generator: deterministic, realistic, and what it plants is what vaultlint finds."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

from conftest import findings

SCRIPT = Path(__file__).resolve().parents[1] / "benchmarks" / "generate.py"
_spec = importlib.util.spec_from_file_location("benchmark_generate", SCRIPT)
generate = importlib.util.module_from_spec(_spec)
sys.modules[_spec.name] = generate  # dataclasses look their module up while the class is built
_spec.loader.exec_module(generate)

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


def test_vaultlint_reports_exactly_the_planted_broken_links(generated):
    root, manifest = generated
    reported = sorted((f["code"], f["path"], f["line"], f["column"])
                      for f in findings("--select", "VL1", str(root)))
    # The generated vault lists "Archive/" in Obsidian's Excluded files, which are not checked.
    planted = sorted((CODE_FOR[b["kind"]], b["path"], b["line"], b["column"])
                     for b in manifest["broken_links"] if not b["path"].lower().startswith("archive/"))
    assert len(planted) < len(manifest["broken_links"])
    assert reported == planted
