"""Bad input: a diagnostic or a one-line error, never a traceback, and the
rest of the vault is still checked."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path


from conftest import VAULTLINT, codes_at, findings, run
from vaultlint.config import Config
from vaultlint.engine import Engine

GOOD = {"Good.md": "[[Missing]]\n"}
GOOD_FINDING = ("VL101", "Good.md", 1, 1)


def check(root: Path) -> list[dict]:
    return findings(str(root))


def test_invalid_yaml_is_reported_at_its_line(vault):
    root = vault({**GOOD, "Bad.md": "---\ntitle: ok\ntags: [a, b\n---\nbody\n"})
    items = check(root)
    # At the "[" that is never closed, not where YAML gave up.
    assert codes_at(items) == [("VL001", "Bad.md", 3, 7), GOOD_FINDING]
    assert "cannot be read: line 3: a list was opened with `[` and never closed." in items[0]["message"]


def test_unterminated_frontmatter(vault):
    root = vault({**GOOD, "Open.md": "---\ntitle: never closed\n\nbody [[Missing]]\n"})
    items = check(root)
    assert codes_at(items) == [GOOD_FINDING, ("VL001", "Open.md", 1, 1), ("VL101", "Open.md", 4, 6)]
    assert "never closed" in items[1]["message"]


def test_frontmatter_that_is_not_a_mapping(vault):
    root = vault({"List.md": "---\n- a\n- b\n---\nbody\n"})
    assert codes_at(check(root)) == [("VL001", "List.md", 2, 1)]


def test_binary_file_named_md(vault):
    root = vault({**GOOD, "Scan.md": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))})
    items = check(root)
    assert codes_at(items) == [GOOD_FINDING, ("VL002", "Scan.md", 1, 1)]
    assert "binary content" in items[1]["message"]


def test_invalid_utf8_is_still_checked(vault):
    root = vault({**GOOD, "Latin.md": "caf\u00e9 [[Gone]]\n".encode("cp1252")})
    items = [f for f in check(root) if f["code"] == "VL101"]
    assert codes_at(items) == [GOOD_FINDING, ("VL101", "Latin.md", 1, 6)]


def test_empty_note(vault):
    root = vault({**GOOD, "Empty.md": ""})
    assert codes_at(check(root)) == [GOOD_FINDING]


def test_huge_note_is_checked(vault):
    paragraph = (
        "White blood cells defend the body against infection; a low count is called leukopenia. "
        "Nurses watch for fever, chills and sore throat, and teach hand hygiene. See [[Good]].\n\n"
    )
    big = paragraph * (20_000_000 // len(paragraph)) + "Last line [[Nowhere]]\n"
    assert len(big) >= 19_900_000
    root = vault({**GOOD, "Big.md": big})
    items = findings(str(root), "--select", "VL1")
    last_line = big.count("\n")
    assert codes_at(items) == [("VL101", "Big.md", last_line, 11), GOOD_FINDING]


def test_note_over_the_size_limit(vault):
    root = vault({**GOOD, "Big.md": "x" * 2000, "vaultlint.toml": "max-file-size = 1000\n"})
    items = check(root)
    assert codes_at(items) == [("VL002", "Big.md", 1, 1), GOOD_FINDING]
    assert "max-file-size" in items[0]["message"]


def test_one_megabyte_single_line(vault):
    line = "word [[Good]] " * 75_000 + "[[Nowhere]]"
    root = vault({**GOOD, "Line.md": line})
    items = findings(str(root), "--select", "VL101")
    assert codes_at(items) == [GOOD_FINDING, ("VL101", "Line.md", 1, len(line) - 10)]


def test_unreadable_file(vault):
    root = vault(GOOD)
    if os.geteuid() == 0:
        # Permissions do not stop root; this file cannot be read by anyone.
        # It is outside the vault, so the setting that follows such links is needed.
        (root / "Locked.md").symlink_to("/proc/self/mem")
        (root / "vaultlint.toml").write_text("follow-outside-symlinks = true\n")
    else:
        (root / "Locked.md").write_text("secret")
        (root / "Locked.md").chmod(0)
    items = check(root)
    assert codes_at(items) == [GOOD_FINDING, ("VL002", "Locked.md", 1, 1)]
    assert items[1]["message"].startswith("this note could not be read: ")


def test_symlink_loop(vault):
    root = vault(GOOD)
    (root / "Loop").mkdir()
    (root / "Loop" / "back").symlink_to("..")
    items = check(root)
    assert codes_at(items) == [GOOD_FINDING, ("VL002", "Loop/back", 1, 1)]
    assert "loop" in items[1]["message"]


def test_note_deleted_during_the_run(vault):
    root = vault({"A.md": "[[Missing]]\n", "B.md": "[[Gone]]\n"})

    def delete_b(done: int, total: int) -> None:
        (root / "B.md").unlink(missing_ok=True)

    result = Engine(root, Config()).run(progress=delete_b)
    got = [(d.code, d.path, d.message) for d in result.diagnostics]
    assert got[0][:2] == ("VL101", "A.md")
    assert got[1] == ("VL002", "B.md", "this note could not be read: file disappeared while the vault was being checked")


def test_missing_path_is_a_one_line_error(tmp_path):
    result = run("check", str(tmp_path / "nope"))
    assert result.exit_code == 2
    assert result.output.strip().splitlines() == [f"vaultlint: error: {tmp_path / 'nope'}: no such file or folder"]


def test_bad_inputs_through_the_installed_command(vault):
    """The installed command, as a user runs it: no traceback anywhere."""
    root = vault(
        {
            **GOOD,
            "Bad.md": "---\ntags: [a\n---\n",
            "Scan.md": b"\x00\x01\x02",
            "Latin.md": "caf\u00e9\n".encode("cp1252"),
        }
    )
    proc = subprocess.run([VAULTLINT, "check", str(root)], capture_output=True, text=True)
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr + proc.stdout
    assert "Bad.md:2:7: VL001 [invalid-frontmatter]" in proc.stdout
    assert "Scan.md:1:1: VL002 [unreadable-file]" in proc.stdout
    assert "Good.md:1:1: VL101 [unresolved-link]" in proc.stdout
