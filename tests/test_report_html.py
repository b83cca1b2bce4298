"""`vaultlint report --html`: one self-contained, valid HTML page."""

from __future__ import annotations

from pathlib import Path

import html5lib
from click.testing import CliRunner

from vaultlint.cli import main

NS = {"h": "http://www.w3.org/1999/xhtml"}

VAULT = {
    ".obsidian/app.json": "{}",
    "Home.md": "# Home\n[[Cardio/Heart]] [[Missing topic]] ![[ecg.png]]\n",
    "Cardio/Heart.md": "# Heart\nSee [[Missing topic]] and [[<script>alert(1)</script>]].\nCafÃ© au lait.\n",
    "Cardio/Alone.md": "# Alone\nNormal potassium is 3.5-5.0 mEq/L.\n",
    "Empty.md": "---\ntags: [x]\n---\n",
    "ecg.png": b"png",
    "old scan.png": b"png",
    "Renal/Heart.md": "[[Home]]\n",
}


def make(root: Path) -> Path:
    for name, content in VAULT.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return root


def report(tmp_path: Path):
    root = make(tmp_path / "vault")
    out = tmp_path / "health.html"
    result = CliRunner().invoke(main, ["report", "--no-cache", "--html", str(out), str(root)])
    assert result.exit_code == 0, result.output
    data = out.read_bytes()
    # strict: any HTML parse error (a bad tag, a stray character, no doctype) raises.
    tree = html5lib.HTMLParser(strict=True, namespaceHTMLElements=True).parse(data)
    return data.decode("utf-8"), tree


def section(tree, anchor: str):
    found = tree.findall(f".//h:section[@id='{anchor}']", NS)
    assert len(found) == 1, anchor
    return found[0]


def texts(element) -> str:
    return " ".join("".join(e.itertext()) for e in [element])


def test_report_is_valid_and_self_contained(tmp_path: Path) -> None:
    text, tree = report(tmp_path)
    assert "<script" not in text  # including the note's own <script> text, which is escaped
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    # Nothing is loaded from anywhere: no src attributes, stylesheets or imports.
    for tag in ("script", "img", "link", "iframe", "object"):
        assert not tree.findall(f".//h:{tag}", NS), tag
    assert "@import" not in text and "url(" not in text
    ids = [e.get("id") for e in tree.iter() if e.get("id")]
    assert len(ids) == len(set(ids))


def test_report_sections(tmp_path: Path) -> None:
    _, tree = report(tmp_path)
    broken = section(tree, "broken")
    rows = broken.findall(".//h:tbody/h:tr", NS)
    first = ["".join(td.itertext()) for td in rows[0].findall("h:td", NS)]
    assert first[0] == "Missing topic" and first[1] == "2"
    assert "Cardio/Heart.md" in first[2] and "Home.md" in first[2]
    assert "Cardio/Alone.md" in texts(section(tree, "vl401"))
    assert "Renal/Heart.md" in texts(section(tree, "vl401"))  # only links out
    assert texts(section(tree, "vl402")).count("old scan.png") == 1
    assert "ecg.png" not in texts(section(tree, "vl402"))
    assert "Empty.md" in texts(section(tree, "vl403"))
    assert "Cardio/Heart.md" in texts(section(tree, "vl404")) and "Renal/Heart.md" in texts(section(tree, "vl404"))
    assert "VL201" in texts(section(tree, "encoding"))
    assert "Cardio/Alone.md" in texts(section(tree, "thresholds"))
    by_rule = section(tree, "by-rule")
    codes = ["".join(tr.find("h:td", NS).itertext()) for tr in by_rule.findall(".//h:tbody/h:tr", NS)]
    assert set(codes) >= {"VL101", "VL201", "VL301", "VL401", "VL402", "VL403", "VL404"}


def test_rule_pages_rendered_from_the_same_markdown(tmp_path: Path) -> None:
    _, tree = report(tmp_path)
    page = CliRunner().invoke(main, ["rule", "VL401"]).output
    article = tree.find(".//h:article[@id='rule-VL401']", NS)
    heading = "".join(article.find("h:h3", NS).itertext())
    assert heading == page.splitlines()[0].lstrip("# ")
    assert "No other note" not in heading
    pre = "".join(article.find(".//h:pre", NS).itertext())
    assert pre in page


def test_report_refuses_a_note_as_output(tmp_path: Path) -> None:
    root = make(tmp_path / "vault")
    result = CliRunner().invoke(main, ["report", "--html", str(root / "Home.md"), str(root)])
    assert result.exit_code == 2
    assert result.output.startswith("vaultlint: error:") and result.output.count("\n") == 1
    assert (root / "Home.md").read_text(encoding="utf-8") == VAULT["Home.md"]
