"""`vaultlint mv`: every link that reached a file before reaches it after.

Each test snapshots the vault, moves something with the real command, and
compares the two states through the resolver and the parser (which file
each link leads to), not by comparing text; and checks that outside link
targets not one character changed.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from vaultlint.canvas import parse_canvas
from vaultlint.cli import main
from vaultlint.discover import walk
from vaultlint.parse import parse_note
from vaultlint.reader import read_note
from vaultlint.resolve import FileTable


def write(root: Path, files: dict[str, str | bytes]) -> None:
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_bytes(content.encode("utf-8"))


def snapshot(root: Path) -> dict:
    """Every note's links: which file each leads to (None: nowhere) and
    the note's text with each link target cut out."""
    files = walk(root)
    table = FileTable(files.files)
    state = {}
    for path in files.files:
        if path.endswith(".md"):
            source = read_note(files.disk_path(root, path), path, 10**7)
            links = parse_note(source).links
        elif path.endswith(".canvas"):
            source = read_note(files.disk_path(root, path), path, 10**7)
            links = parse_canvas(source.text).links
        else:
            continue
        targets, pieces, at = [], [], 0
        text = source.text
        for link in links:
            res = table.resolve(link.path, path)
            targets.append((res.target, res.ambiguous, link.kind, link.embed, link.subpath, link.display))
            pieces.append(text[at : link.target_range.start])
            at = link.target_range.end
        pieces.append(text[at:])
        state[path] = (targets, pieces)
    return state


def all_bytes(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def assert_same_links(before: dict, after: dict, moves: dict[str, str]) -> None:
    assert sorted(moves.get(p, p) for p in before) == sorted(after)
    for path, (targets, pieces) in before.items():
        new_targets, new_pieces = after[moves.get(path, path)]
        assert new_pieces == pieces, path  # nothing but link targets changed
        expected = [
            (moves.get(t, t) if t else None, amb, kind, embed, sub, disp) if t else (None, amb, kind, embed, sub, disp)
            for t, amb, kind, embed, sub, disp in targets
        ]
        # A link that went nowhere may now lead somewhere; every other link
        # leads to the same file, and none has become ambiguous.
        for (want, amb, *rest), (got, new_amb, *new_rest) in zip(expected, new_targets):
            assert new_rest == rest, path
            if want is not None:
                assert got == want, (path, rest)
                assert amb or not new_amb, (path, rest)


def mv(*args: str):
    return CliRunner().invoke(main, ["mv", *args])


EVERY_KIND = {
    ".obsidian/app.json": "{}",
    "Home.md": (
        "---\nup: \"[[Cardiac Output]]\"\nrelated:\n  - \"[[Heart/Cardiac Output#Preload|CO]]\"\n---\n"
        "# Home\n\n"
        "Bare [[Cardiac Output]], path [[Heart/Cardiac Output]], heading [[Cardiac Output#Preload]],\n"
        "block [[Cardiac Output#^def]], display [[Cardiac Output|CO]], both [[Cardiac Output#Preload|pre]].\n"
        "Embed ![[Cardiac Output#Preload]] and image ![[ecg strip.png|200]] and ![[Heart/ecg strip.png]].\n"
        "Markdown [co](Heart/Cardiac%20Output.md#Preload) and <angle> [co](<Heart/Cardiac Output.md>) and\n"
        "image ![ecg](Heart/ecg%20strip.png) and [rel](./Heart/Cardiac%20Output.md).\n\n"
        "| drug | note |\n|---|---|\n| digoxin | [[Cardiac Output\\|CO]] |\n\n"
        "%% hidden [[Cardiac Output]] %%\n"
        "Broken [[Nowhere]] and self [[#Home]] and other [[Renal/Kidney]].\n"
        "`[[Cardiac Output]]` in code stays.\n"
    ),
    "Heart/Cardiac Output.md": (
        "# Cardiac Output\n\nDefinition. ^def\n\n## Preload\n\n"
        "See [[Kidney]], [[../Renal/Kidney|kidney]], [k](../Renal/Kidney.md), ![[ecg strip.png]], [[#Preload]].\n"
    ),
    "Heart/ecg strip.png": b"\x89PNG\r\n\x1a\nfake",
    "Heart/Valves.md": "Valves link [[Cardiac Output]] and [o](Cardiac%20Output.md) and [[./ecg strip.png]].\n",
    "Renal/Kidney.md": "Kidney. Back to [[Cardiac Output#Preload]] and [up](../Heart/Cardiac%20Output.md).\r\nCRLF kept.\r\n",
    "Renal/Plan.md": "plan\n",
    "Boards/Cardio map.canvas": json.dumps(
        {
            "nodes": [
                {"id": "1", "type": "file", "file": "Heart/Cardiac Output.md", "subpath": "#Preload", "x": 0, "y": 0},
                {"id": "2", "type": "file", "file": "Heart/ecg strip.png", "x": 0, "y": 0},
                {"id": "3", "type": "text", "text": "See [[Cardiac Output#^def|\"CO\"]]\nand [k](Renal/Kidney.md)", "x": 0, "y": 0},
            ],
            "edges": [],
        },
        indent="\t",
    ),
}


@pytest.fixture
def vault(tmp_path: Path) -> Path:
    root = tmp_path / "vault"
    write(root, EVERY_KIND)
    return root


def test_move_a_note(vault: Path) -> None:
    before = snapshot(vault)
    result = mv(str(vault / "Heart/Cardiac Output.md"), str(vault / "Physiology/CO basics.md"))
    assert result.exit_code == 0, result.output
    assert "Moved note Heart/Cardiac Output.md -> Physiology/CO basics.md" in result.output
    assert not (vault / "Heart/Cardiac Output.md").exists()
    after = snapshot(vault)
    assert_same_links(before, after, {"Heart/Cardiac Output.md": "Physiology/CO basics.md"})
    home = (vault / "Home.md").read_text(encoding="utf-8")
    # newLinkFormat "shortest": the name alone where it names one file;
    # anchors, display text and the angle-bracket form kept.
    assert "Bare [[CO basics]], path [[CO basics]], heading [[CO basics#Preload]]," in home
    assert "[co](CO%20basics.md#Preload) and <angle> [co](<CO basics.md>)" in home
    assert "| digoxin | [[CO basics\\|CO]] |" in home
    assert "`[[Cardiac Output]]` in code stays." in home
    assert 'up: "[[CO basics]]"' in home
    kidney = (vault / "Renal/Kidney.md").read_bytes()
    assert kidney == b"Kidney. Back to [[CO basics#Preload]] and [up](CO%20basics.md).\r\nCRLF kept.\r\n"
    board = json.loads((vault / "Boards/Cardio map.canvas").read_text(encoding="utf-8"))
    assert board["nodes"][0]["file"] == "Physiology/CO basics.md" and board["nodes"][0]["subpath"] == "#Preload"
    assert board["nodes"][2]["text"] == 'See [[CO basics#^def|"CO"]]\nand [k](Renal/Kidney.md)'


def test_move_an_attachment(vault: Path) -> None:
    before = snapshot(vault)
    result = mv(str(vault / "Heart/ecg strip.png"), str(vault / "Attachments") + "/")
    assert result.exit_code == 0, result.output
    assert (vault / "Attachments/ecg strip.png").is_file()
    assert_same_links(before, snapshot(vault), {"Heart/ecg strip.png": "Attachments/ecg strip.png"})
    valves = (vault / "Heart/Valves.md").read_text(encoding="utf-8")
    assert "[[ecg strip.png]]" in valves  # the relative form was not needed


def test_move_a_folder(vault: Path) -> None:
    before = snapshot(vault)
    result = mv(str(vault / "Heart"), str(vault / "Systems/Cardio"))
    assert result.exit_code == 0, result.output
    moves = {f"Heart/{n}": f"Systems/Cardio/{n}" for n in ("Cardiac Output.md", "ecg strip.png", "Valves.md")}
    assert_same_links(before, snapshot(vault), moves)
    board = json.loads((vault / "Boards/Cardio map.canvas").read_text(encoding="utf-8"))
    assert [n.get("file") for n in board["nodes"]] == ["Systems/Cardio/Cardiac Output.md", "Systems/Cardio/ecg strip.png", None]
    moved = (vault / "Systems/Cardio/Cardiac Output.md").read_text(encoding="utf-8")
    # Relative links from inside the moved folder are rewritten too.
    assert "[[Kidney]], [[Kidney|kidney]], [k](Kidney.md)" in moved


def test_links_that_become_ambiguous_are_written_as_paths(vault: Path) -> None:
    write(vault, {"Archive/Old/Plan.md": "another plan\n", "Daily.md": "Today [[Plan]] and [[Plan#x]].\n"})
    before = snapshot(vault)
    # [[Plan]] picks the shortest path, Renal/Plan.md; Wards/Plan.md would tie with it.
    result = mv(str(vault / "Archive/Old/Plan.md"), str(vault / "Wards/Plan.md"))
    assert result.exit_code == 0, result.output
    assert_same_links(before, snapshot(vault), {"Archive/Old/Plan.md": "Wards/Plan.md"})
    assert (vault / "Daily.md").read_text(encoding="utf-8") == "Today [[Renal/Plan]] and [[Renal/Plan#x]].\n"


def test_root_file_would_capture_bare_links(vault: Path) -> None:
    write(vault, {"Notes/Plan.md": "another plan\n", "Notes/Daily.md": "Here [[Plan]].\n"})
    before = snapshot(vault)
    # A root-level Plan.md wins every bare [[Plan]]: the link to the other Plan gets its path.
    result = mv(str(vault / "Renal/Plan.md"), str(vault / "Plan.md"))
    assert result.exit_code == 0, result.output
    assert_same_links(before, snapshot(vault), {"Renal/Plan.md": "Plan.md"})
    assert (vault / "Notes/Daily.md").read_text(encoding="utf-8") == "Here [[Notes/Plan]].\n"


def test_relative_link_format(vault: Path) -> None:
    write(vault, {".obsidian/app.json": '{"newLinkFormat": "relative"}'})
    before = snapshot(vault)
    assert mv(str(vault / "Renal/Kidney.md"), str(vault / "Organs/Renal/Kidney.md")).exit_code == 0
    assert_same_links(before, snapshot(vault), {"Renal/Kidney.md": "Organs/Renal/Kidney.md"})
    kidney = (vault / "Organs/Renal/Kidney.md").read_text(encoding="utf-8")
    assert "[up](../../Heart/Cardiac%20Output.md)" in kidney
    co = (vault / "Heart/Cardiac Output.md").read_text(encoding="utf-8")
    # Still reaches the file by the path-suffix rule, so left as written.
    assert "See [[Kidney]], [[../Renal/Kidney|kidney]], [k](../Renal/Kidney.md)" in co


@pytest.mark.parametrize(
    "source, dest, message",
    [
        ("Heart/Cardiac Output.md", "Renal/Kidney.md", "Renal/Kidney.md already exists"),
        ("Heart", "Heart/Inner", "into itself"),
        ("Heart/Valves.md", "../outside.md", "outside the vault"),
        ("Heart/Valves.md", "Heart/Valves.txt", "another extension"),
        ("Missing.md", "Other.md", "no such file or folder"),
        ("Heart/Valves.md", ".trash/Valves.md", "hidden from Obsidian"),
        ("Heart/Valves.md", "Renal/Plan.md/x.md", "is a file, not a folder"),
    ],
)
def test_refused_moves_change_nothing(vault: Path, source: str, dest: str, message: str) -> None:
    before = all_bytes(vault.parent)
    result = mv(str(vault / source), str(vault / dest))
    assert result.exit_code == 2
    assert message in result.output
    assert result.output.count("\n") == 1 and result.output.startswith("vaultlint: error: ")
    assert all_bytes(vault.parent) == before


def test_link_that_cannot_be_written_refuses_the_move(vault: Path) -> None:
    # A path with '#' cannot be written in a link; [[Heart/Cardiac Output]]
    # would need one once another note shares the name.
    write(vault, {"Other/Cardiac Output.md": "x\n"})
    before = all_bytes(vault)
    result = mv(str(vault / "Heart"), str(vault / "C# notes"))
    assert result.exit_code == 2
    assert "cannot be rewritten" in result.output
    assert all_bytes(vault) == before


def test_dry_run_prints_diff_and_changes_nothing(vault: Path) -> None:
    before = all_bytes(vault)
    result = mv("--dry-run", str(vault / "Renal/Kidney.md"), str(vault / "Renal/Nephron.md"))
    assert result.exit_code == 0
    assert all_bytes(vault) == before
    assert "rename from Renal/Kidney.md\nrename to Renal/Nephron.md\n" in result.output
    assert "-See [[Kidney]], [[../Renal/Kidney|kidney]]" in result.output
    assert "+See [[Nephron]], [[Nephron|kidney]]" in result.output
    assert "Would move note Renal/Kidney.md -> Renal/Nephron.md (dry run); would rewrite 5 links in 3 files." in result.output


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_move_in_git_repository_is_a_git_mv(vault: Path) -> None:
    run = lambda *a: subprocess.run(["git", "-c", "user.name=T", "-c", "user.email=t@e.org", *a], cwd=vault, check=True, capture_output=True)
    run("init", "-q")
    run("add", "-A")
    run("commit", "-q", "-m", "start")
    before = snapshot(vault)
    result = CliRunner().invoke(main, ["mv", str(vault / "Heart/Valves.md"), str(vault / "Heart/Heart valves.md")])
    assert result.exit_code == 0, result.output
    assert "(with git mv)" in result.output
    status = subprocess.run(["git", "status", "--porcelain"], cwd=vault, capture_output=True, text=True).stdout
    assert 'R  Heart/Valves.md -> "Heart/Heart valves.md"' in status
    assert_same_links(before, snapshot(vault), {"Heart/Valves.md": "Heart/Heart valves.md"})


REAL_SHAPED = {
    ".obsidian/app.json": '{"newLinkFormat": "shortest", "useMarkdownLinks": true}',
    "00 Home.md": (
        "# Home\n"
        "- [Q&A](Pharmacology/Q&A%20-%20Drugs%20%26%20Doses.md)\n"
        "- [Fluids & electrolytes](Renal%20&%20Fluids/Fluids%20&%20electrolytes.md#Potassium)\n"
        "- [[Fluids & electrolytes#Potassium|K+]]\n"
        "- ![chart](Renal%20%26%20Fluids/attachments/K%2B%20chart.png)\n"
        "- [[C# notes]] is not a link to the file of that name.\n"
    ),
    "Pharmacology/Q&A - Drugs & Doses.md": "Q&A. See [lytes](../Renal%20&%20Fluids/Fluids%20&%20electrolytes.md).\n",
    "Renal & Fluids/Fluids & electrolytes.md": "# Potassium\nSee ![[K+ chart.png]] and [[Q&A - Drugs & Doses]].\n",
    "Renal & Fluids/attachments/K+ chart.png": b"png",
    "C# notes.md": "sharp\n",
}


def test_real_vault_shaped_names(tmp_path: Path) -> None:
    root = tmp_path / "My Vault & Notes"
    write(root, REAL_SHAPED)
    before = snapshot(root)
    result = mv(str(root / "Renal & Fluids"), str(root / "Systems/Renal #2 & Fluids"))
    assert result.exit_code == 0, result.output
    moves = {
        "Renal & Fluids/Fluids & electrolytes.md": "Systems/Renal #2 & Fluids/Fluids & electrolytes.md",
        "Renal & Fluids/attachments/K+ chart.png": "Systems/Renal #2 & Fluids/attachments/K+ chart.png",
    }
    # Markdown links may hold '#' percent-encoded; the wikilink stays bare.
    assert_same_links(before, snapshot(root), moves)
    home = (root / "00 Home.md").read_text(encoding="utf-8")
    assert "[Fluids & electrolytes](Fluids%20&%20electrolytes.md#Potassium)" in home
    assert "[[Fluids & electrolytes#Potassium|K+]]" in home
    assert "[Q&A](Pharmacology/Q&A%20-%20Drugs%20%26%20Doses.md)" in home  # untouched, still unresolved
    # No link can reach a file with '#' in its name: refused, nothing changed.
    unchanged = all_bytes(root)
    result = mv(str(root / "Pharmacology/Q&A - Drugs & Doses.md"), str(root / "Q&A #1.md"))
    assert result.exit_code == 2 and "cannot be rewritten to reach Q&A #1.md" in result.output
    assert all_bytes(root) == unchanged


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_dry_run_diff_applies_with_git_apply(tmp_path: Path) -> None:
    one, two = tmp_path / "one", tmp_path / "two"
    write(one, EVERY_KIND)
    write(two, EVERY_KIND)
    diff = mv("--dry-run", str(one / "Heart"), str(one / "Systems/Cardio (2)")).stdout_bytes
    subprocess.run(["git", "init", "-q"], cwd=one, check=True)
    subprocess.run(["git", "apply", "-"], cwd=one, input=diff, check=True, capture_output=True)
    assert mv(str(two / "Heart"), str(two / "Systems/Cardio (2)")).exit_code == 0
    shutil.rmtree(one / ".git")
    assert all_bytes(one) == all_bytes(two)


def test_links_hidden_from_a_text_search_are_still_found(vault: Path) -> None:
    # '&#75;' is 'K' and '%4B' too: neither spells the name a quick text
    # search would look for, so such notes are always parsed.
    write(vault, {"Refs.md": "[a](Renal/&#75;idney.md) and [b](Renal/%4Bidney.md)\n"})
    before = snapshot(vault)
    assert before["Refs.md"][0][0][0] == "Renal/Kidney.md" and before["Refs.md"][0][1][0] == "Renal/Kidney.md"
    assert mv(str(vault / "Renal/Kidney.md"), str(vault / "Organs/Nephron.md")).exit_code == 0
    assert_same_links(before, snapshot(vault), {"Renal/Kidney.md": "Organs/Nephron.md"})
    assert (vault / "Refs.md").read_text(encoding="utf-8") == "[a](Nephron.md) and [b](Nephron.md)\n"


def test_name_stored_decomposed_and_non_ascii_kept_as_written(tmp_path: Path) -> None:
    import unicodedata

    root = tmp_path / "v"
    write(root, {".obsidian/app.json": "{}", "Home.md": "[[Café]] [c](A/Café.md) [d](A/Caf%C3%A9.md)\n"})
    (root / "A").mkdir()
    (root / unicodedata.normalize("NFD", "A/Café.md")).write_text("# Café\n", encoding="utf-8")
    before = snapshot(root)
    result = mv(str(root / "A/Café.md"), str(root / "B/Café au lait.md"))  # typed composed
    assert result.exit_code == 0, result.output
    assert_same_links(before, snapshot(root), {"A/Café.md": "B/Café au lait.md"})
    assert (root / "Home.md").read_text(encoding="utf-8") == (
        "[[Café au lait]] [c](Café%20au%20lait.md) [d](Caf%C3%A9%20au%20lait.md)\n"
    )


def test_destination_through_a_symlink_out_of_the_vault_is_refused(vault: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (vault / "Linked").symlink_to(outside, target_is_directory=True)
    before = all_bytes(vault)
    result = mv(str(vault / "Heart/Valves.md"), str(vault / "Linked/Valves.md"))
    assert result.exit_code == 2
    assert "leads out of the vault through a symbolic link" in result.output
    assert all_bytes(vault) == before and not any(outside.iterdir())
