"""VL401-VL404: orphan notes, unused attachments, empty notes, duplicate names."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from vaultlint.cli import main

VAULT = {
    ".obsidian/app.json": "{}",
    "Home.md": "# Home\n[[Cardio/Heart]] ![[ecg.png]] [pdf](Docs/Lecture%201.pdf#page=3)\n",
    "Cardio/Heart.md": "---\nrelated: \"[[Valves]]\"\n---\n# Heart\nSelf link [[Heart]] and [[#Heart]].\n",
    "Cardio/Valves.md": "# Valves\n",
    "Cardio/Lonely.md": "# Lonely\nLinks out to [[Heart]] but nothing links here.\n",
    "Cardio/Only self.md": "# Self\n[[Only self]]\n",
    "Renal/Heart.md": "Second note named Heart, linked from a %% comment %%.\n",
    "Renal/Index.md": "%% [[Renal/Heart]] %%\n[[Stub]] [[Props only]]\n",
    "Stub.md": "",
    "Props only.md": "---\ntags: [x]\n---\n\n  \n",
    "ecg.png": b"png",
    "Img/ecg.png": b"another png, same name",
    "Docs/Lecture 1.pdf": b"%PDF",
    "Docs/Unused scan.pdf": b"%PDF",
    "Boards/Map.canvas": (
        '{"nodes": [{"id": "a", "type": "file", "file": "Docs/On canvas.pdf"},'
        ' {"id": "b", "type": "text", "text": "[[On canvas]]"}]}'
    ),
    "Docs/On canvas.pdf": b"%PDF",
    "Cardio/On canvas.md": "Shown on a canvas only.\n",
    "LICENSE": "text",
}


def make(root: Path, files: dict) -> Path:
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return root


def findings(root: Path, *args: str, where: Path | None = None) -> list[tuple[str, str, int]]:
    result = CliRunner().invoke(main, ["check", "--no-cache", "--format", "json", *args, str(where or root)])
    assert result.exit_code in (0, 1), result.output
    return sorted((d["code"], d["path"], d["line"]) for d in json.loads(result.output))


def codes(found, code: str) -> list[str]:
    return [path for c, path, _ in found if c == code]


def test_off_by_default_and_with_all(tmp_path: Path) -> None:
    root = make(tmp_path, VAULT)
    assert not [f for f in findings(root) if f[0].startswith("VL4")]
    assert not [f for f in findings(root, "--select", "ALL") if f[0].startswith("VL4")]


def test_orphan_note(tmp_path: Path) -> None:
    root = make(tmp_path, VAULT)
    found = findings(root, "--select", "VL401")
    # Home is an entry point; Heart and Valves are linked (Valves from a
    # property); Renal/Heart from a comment; a link to itself does not count.
    assert codes(found, "VL401") == ["Cardio/Lonely.md", "Cardio/Only self.md", "Renal/Index.md"]
    assert found[0][2] == 1


def test_orphan_entry_points_are_configurable(tmp_path: Path) -> None:
    root = make(tmp_path, VAULT)
    (root / "vaultlint.toml").write_text('[maintenance]\nentry-points = ["Cardio/L*.md"]\n', encoding="utf-8")
    assert codes(findings(root, "--select", "orphan-note"), "VL401") == ["Cardio/Only self.md", "Home.md", "Renal/Index.md"]


def test_unused_attachment(tmp_path: Path) -> None:
    root = make(tmp_path, VAULT)
    # ![[ecg.png]] from the root reaches the root-level ecg.png only; the
    # canvas, the note files and LICENSE are not attachments.
    assert codes(findings(root, "--select", "VL402"), "VL402") == ["Docs/Unused scan.pdf", "Img/ecg.png"]


def test_unused_attachment_only_under_given_paths(tmp_path: Path) -> None:
    root = make(tmp_path, VAULT)
    assert codes(findings(root, "--select", "VL402", where=root / "Docs"), "VL402") == ["Docs/Unused scan.pdf"]


def test_empty_note(tmp_path: Path) -> None:
    root = make(tmp_path, VAULT)
    assert codes(findings(root, "--select", "VL403"), "VL403") == ["Props only.md", "Stub.md"]


def test_duplicate_name(tmp_path: Path) -> None:
    root = make(tmp_path, VAULT)
    found = codes(findings(root, "--select", "VL404"), "VL404")
    assert found == ["Cardio/Heart.md", "Img/ecg.png", "Renal/Heart.md", "ecg.png"]
    text = CliRunner().invoke(main, ["check", "--no-cache", "--select", "VL404", str(root)]).output
    assert 'Cardio/Heart.md:1:1: VL404 [duplicate-name] "Renal/Heart.md" has the same name, so a link written [[Heart]]' in text


def test_family_prefix_selects_all_four(tmp_path: Path) -> None:
    root = make(tmp_path, VAULT)
    assert {c for c, _, _ in findings(root, "--select", "VL4")} == {"VL401", "VL402", "VL403", "VL404"}


def test_orphan_findings_follow_new_links_with_cache(tmp_path: Path) -> None:
    root = make(tmp_path, VAULT)
    run = lambda: CliRunner().invoke(main, ["check", "--select", "VL401", str(root)]).output
    assert "Cardio/Lonely.md" in run()
    (root / "Home.md").write_text("# Home\n[[Lonely]] [[Only self]]\n", encoding="utf-8")
    assert "Cardio/Lonely.md" not in run()


def test_rules_listing_marks_opt_in_rules() -> None:
    listing = CliRunner().invoke(main, ["rules"]).output.splitlines()
    orphan = next(line for line in listing if line.startswith("VL401"))
    assert orphan.split()[:3] == ["VL401", "orphan-note", "info"]
    assert orphan.endswith("(opt-in: --select VL401)")
    assert not any("opt-in" in line for line in listing if line.startswith("VL101"))
