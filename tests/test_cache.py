"""The cache and parallel checking give the same answers as a plain run."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import sqlite3
import time
from pathlib import Path

import pytest

from conftest import benchmark_script, codes_at, run
from vaultlint.cache import FILE, FOLDER, RACY_NS, NoteCache
from vaultlint.config import Config
from vaultlint.engine import Engine

CACHE_FILE = Path(FOLDER) / FILE
OLD = 1_600_000_000_000_000_000  # September 2020, in ns


def check(root: Path, *args: str) -> list[dict]:
    result = run("check", "--format", "json", str(root), *args)
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("cache") / "vault"
    benchmark_script("generate").generate(root, 120, seed=11)
    return root


def test_cache_is_written_and_git_ignored(vault):
    root = vault({"A.md": "[[Missing]]\n"})
    check(root)
    assert (root / CACHE_FILE).is_file()
    assert (root / FOLDER / ".gitignore").read_text().splitlines()[-1] == "*"
    check(root, "--no-cache")  # still works, and leaves the cache alone
    shutil.rmtree(root / FOLDER)
    check(root, "--no-cache")
    assert not (root / FOLDER).exists()


def test_changed_headings_recheck_the_notes_that_link_to_them(vault):
    root = vault({"A.md": "See [[B#Dosage]] and [[B#^warn]].\n", "B.md": "# Dosage\n\nText ^warn\n", "C.md": "ok\n"})
    assert check(root) == []
    a_stat = (root / "A.md").stat()
    (root / "B.md").write_text("# Dose\n\nText\n")
    items = check(root)
    assert codes_at(items) == [("VL103", "A.md", 1, 5), ("VL104", "A.md", 1, 22)]
    assert (root / "A.md").stat().st_mtime_ns == a_stat.st_mtime_ns  # A itself never changed
    (root / "B.md").write_text("# Dosage\n\nText ^warn\n")
    assert check(root) == []


def test_new_note_resolves_links_in_unchanged_notes(vault):
    root = vault({"A.md": "[[Later]]\n"})
    assert codes_at(check(root)) == [("VL101", "A.md", 1, 1)]
    (root / "Later.md").write_text("now written\n")
    assert check(root) == []


def test_configuration_change_invalidates_everything(vault):
    root = vault({"A.md": "Max acetaminophen dose is 4 g/24 h in adults.\n"})
    assert check(root, "--select", "VL301") == []
    (root / "vaultlint.toml").write_text('[thresholds]\nscope = "wide"\n')
    assert codes_at(check(root, "--select", "VL301")) == [("VL301", "A.md", 1, 27)]


def _foreign_database(path: Path) -> None:
    path.unlink()
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE meta (name TEXT PRIMARY KEY, value BLOB)")
        db.execute("INSERT INTO meta VALUES ('key', 'some other program')")
    db.close()


def _other_schema(path: Path) -> None:
    path.unlink()
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE notes (title TEXT)")
    db.close()


def _truncated(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


@pytest.mark.parametrize(
    "damage",
    [
        lambda p: p.write_bytes(b"not a database at all" * 100),
        lambda p: p.write_bytes(b""),
        _truncated,
        _foreign_database,
        _other_schema,
    ],
    ids=["garbage", "empty", "truncated", "foreign", "other-schema"],
)
def test_corrupt_or_foreign_cache_is_rebuilt(vault, damage):
    root = vault({"A.md": "[[Missing]]\n", "B.md": "# B\n"})
    first = check(root)
    damage(root / CACHE_FILE)
    assert check(root) == first
    rebuilt = NoteCache(root / FOLDER, Engine(root, Config(), use_cache=True, keep_sources=False).cache_key())
    assert sorted(rebuilt.entries) == ["A.md", "B.md"]


def test_same_results_with_and_without_cache(generated):
    plain = check(generated, "--no-cache", "--jobs", "1")
    assert len(plain) > 50
    cold = check(generated)
    warm = check(generated)
    assert cold == plain
    assert warm == plain


def test_same_results_after_a_change_with_a_warm_cache(generated, tmp_path):
    root = tmp_path / "copy"
    shutil.copytree(generated, root)
    check(root)
    note = sorted(root.rglob("*.md"))[5]
    note.write_text(note.read_text(encoding="utf-8") + "\nAdded [[Nowhere at all]].\n", encoding="utf-8")
    assert check(root) == check(root, "--no-cache")
    assert any(f["message"].startswith('"Nowhere at all"') for f in check(root))


def test_parallel_results_match_and_keep_their_order(generated):
    sequential = Engine(generated, Config(), jobs=1).run()
    engine = Engine(generated, Config(), jobs=2)
    engine.parallel_min_notes = 1
    parallel = engine.run()
    assert parallel.diagnostics == sequential.diagnostics
    assert list(parallel.sources) == list(sequential.sources)


def _rows(root: Path) -> dict[str, int]:
    with contextlib.closing(sqlite3.connect(root / CACHE_FILE)) as db:
        return dict(db.execute("SELECT path, rowid FROM notes"))


def test_only_the_changed_note_is_written_again(vault):
    root = vault({"A.md": "[[B]]\n", "B.md": "# B\n", "C.md": "[[Missing]]\n"})
    check(root)
    before = _rows(root)
    (root / "C.md").write_text("[[Missing]] and more\n")
    assert codes_at(check(root, str(root / "C.md"))) == [("VL101", "C.md", 1, 1)]
    after = _rows(root)
    assert sorted(after) == ["A.md", "B.md", "C.md"]
    assert {p: after[p] == before[p] for p in after} == {"A.md": True, "B.md": True, "C.md": False}


def test_a_cache_locked_by_another_run_is_left_alone(vault):
    root = vault({"A.md": "[[Missing]]\n", "B.md": "# B\n"})
    first = check(root)
    (root / "A.md").write_text("[[Missing]] [[B]]\n")
    with contextlib.closing(sqlite3.connect(root / CACHE_FILE, isolation_level=None)) as db:
        db.execute("BEGIN EXCLUSIVE")  # another run writing, for longer than vaultlint waits
        assert codes_at(check(root)) == codes_at(first)
        db.execute("ROLLBACK")
    assert codes_at(check(root)) == codes_at(first)


def test_entries_written_in_batches_while_checking(generated, tmp_path, monkeypatch):
    root = tmp_path / "copy"
    shutil.copytree(generated, root)
    plain = check(root, "--no-cache")
    monkeypatch.setattr(NoteCache, "batch", 7)  # write every seventh new note's row as it comes
    assert check(root) == plain
    assert len(_rows(root)) == len(list(root.rglob("*.md")))
    assert check(root) == plain


def test_check_and_fix_share_the_cache(vault):
    root = vault({"A.md": "[[B]]\n", "B.md": "# B\n", "C.md": "It\u00e2\u20ac\u2122s [[Missing]]\n"})
    check(root)
    for note in ("A.md", "B.md"):
        os.utime(root / note, ns=(OLD, OLD))
    check(root)
    time.sleep(RACY_NS / 1e9 + 0.1)
    check(root)
    before = _rows(root)
    # Fixing C changes only C's row: A's and B's entries were reused, not made again.
    result = run("check", "--fix", str(root))
    assert result.exit_code == 1
    assert (root / "C.md").read_text(encoding="utf-8") == "It\u2019s [[Missing]]\n"
    after = _rows(root)
    assert {p: after.get(p) == before[p] for p in before} == {"A.md": True, "B.md": True, "C.md": True}
    assert codes_at(check(root)) == [("VL101", "C.md", 1, 6)]
    assert {p: _rows(root)[p] == before[p] for p in before} == {"A.md": True, "B.md": True, "C.md": False}
    run("check", "--diff", str(root))
    assert _rows(root)["A.md"] == before["A.md"]


def test_suggestions_looked_up_while_workers_parse_match_a_plain_run(vault):
    files = {f"Notes/Note {i}.md": f"# Note {i}\nSee [[Leukaemia]], [[Note {i + 1}]] and ![[scan.pgn]].\n"
             for i in range(40)}
    files["Hematology/Leukemia.md"] = "# Leukemia\n"
    files["Images/scan.png"] = b"\x89PNG\r\n\x1a\n"
    root = vault(files)
    sequential = Engine(root, Config(), jobs=1).run()
    engine = Engine(root, Config(), jobs=2)
    engine.parallel_min_notes = 1
    parallel = engine.run()
    assert parallel.diagnostics == sequential.diagnostics
    leukaemia = [d for d in parallel.diagnostics if d.code == "VL101" and d.snippet == "[[Leukaemia]]"]
    assert len(leukaemia) == 40
    assert leukaemia[0].message.endswith('Did you mean "Leukemia" (Hematology/Leukemia.md)?')


def _findings_text(db_path: Path) -> str:
    with contextlib.closing(sqlite3.connect(db_path)) as db:
        (text,) = db.execute("SELECT findings FROM results WHERE path = 'A.md'").fetchone()
    return text


def test_entries_made_by_another_build_of_the_same_version_are_not_trusted(vault):
    # A cache made by another build (its rules or lexicon differ) differs
    # from this build's only in the hash of the code in its key.
    root = vault({"A.md": "The body\u00e2\u20ac\u2122s defence.\n"})
    (first,) = check(root)
    db_path = root / FOLDER / FILE
    with contextlib.closing(sqlite3.connect(db_path)) as db, db:
        (key,) = db.execute("SELECT value FROM meta WHERE name = 'key'").fetchone()
        parts = key.split(":")
        assert len(parts[2]) == 32  # the code's hash, after the format and the version
        findings = _findings_text(db_path).replace("garbled", "Stale")
        db.execute("UPDATE results SET findings = ? WHERE path = 'A.md'", (findings,))
    assert "Stale" in _findings_text(db_path)
    # Same key: the (edited) entry is trusted, as a warm run does.
    assert [f["message"] for f in check(root)] == [first["message"].replace("garbled", "Stale")]
    with contextlib.closing(sqlite3.connect(db_path)) as db, db:
        db.execute("UPDATE meta SET value = ? WHERE name = 'key'", (":".join([*parts[:2], "0" * 32, *parts[3:]]),))
    assert [f["message"] for f in check(root)] == [first["message"]]
