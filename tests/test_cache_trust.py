"""The cache is untrusted input: it holds data only, and whatever is wrong
with it, the run gives the findings of a run without it."""

from __future__ import annotations

import contextlib
import json
import os
import pickle
import sqlite3
import subprocess
import time
from pathlib import Path

import pytest

from conftest import VAULTLINT, run
from vaultlint.cache import FILE, FOLDER, RACY_NS

CACHE = Path(FOLDER) / FILE

# A vault that fills every column of every table: findings with fixes, link
# findings and targets, aliases, headings, block ids, threshold claims and a
# conflict between them, suppression comments and settings.
NOTES = {
    "A.md": "# A\n\nSee [[B#Potassium]], [[B#^blk]], [[Kalium]] and [[Nowhere]].\nIt\u00e2\u20ac\u2122s here.\n",
    "B.md": (
        "---\naliases: [Kalium]\nvaultlint: {disable: [VL999]}\n---\n# Potassium\n\n"
        "Normal K+ 3.5\u20135.0 mEq/L\n\nA block. ^blk\n"
        "%% vaultlint-disable-next-line VL101 %%\n[[Gone]]\n"
    ),
    "C.md": "# C\n\nNormal K+ 3.5\u20135.1 mmol/L\n\n[[A]] and [[A#Missing heading]]\n",
}


class _Payload:
    """Unpickling this creates ``marker``: what a crafted cache would do."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):
        return (open, (str(self.marker), "w"))


def _check(root: Path, *args: str):
    result = subprocess.run(
        [VAULTLINT, "check", "--format", "json", *args, str(root)], capture_output=True, text=True, cwd=root
    )
    assert result.returncode in (0, 1), result.stderr
    assert "Traceback" not in result.stderr
    return json.loads(result.stdout), result.stderr


def _columns(db: sqlite3.Connection) -> list[tuple[str, str]]:
    tables = [name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
    return [(t, col[1]) for t in tables for col in db.execute(f"PRAGMA table_info({t})")]


def _cache_columns(root: Path) -> list[tuple[str, str]]:
    with contextlib.closing(sqlite3.connect(root / CACHE)) as db:
        return _columns(db)


@pytest.fixture(scope="module")
def planted(tmp_path_factory):
    """A vault, its findings without a cache, and a warm cache to damage."""
    root = tmp_path_factory.mktemp("trust") / "vault"
    (root / ".obsidian").mkdir(parents=True)
    for name, text in NOTES.items():
        (root / name).write_text(text, encoding="utf-8")
    for note in root.glob("*.md"):  # old enough that size and time are trusted
        os.utime(note, ns=(1_600_000_000_000_000_000, 1_600_000_000_000_000_000))
    plain, _ = _check(root, "--no-cache")
    assert {f["code"] for f in plain} >= {"VL101", "VL103", "VL201", "VL305", "VL003"}
    _check(root)
    return root, plain, (root / CACHE).read_bytes()


def _every_column():
    with contextlib.closing(sqlite3.connect(":memory:")) as db:
        from vaultlint import cache

        db.executescript(cache._SCHEMA)
        return _columns(db)


COLUMNS = _every_column()


def test_every_table_and_column_is_covered(planted):
    root, _, _ = planted
    assert _cache_columns(root) == COLUMNS
    assert len(COLUMNS) == 19


@pytest.mark.parametrize("table, column", COLUMNS, ids=[f"{t}.{c}" for t, c in COLUMNS])
@pytest.mark.parametrize("kind", ["pickle", "wrong-shape"])
def test_a_crafted_value_in_any_column_runs_nothing(planted, tmp_path, table, column, kind):
    root, plain, warm = planted
    marker = tmp_path / "pwned"
    (root / CACHE).write_bytes(warm)
    if kind == "pickle":
        value = pickle.dumps(_Payload(marker))
    else:  # JSON that parses, with the wrong shape
        value = '[["VL101", [0, 1], "x", [[["a", 1, "b"]], "safe", "", null], "", null, 9, null]]'
    with contextlib.closing(sqlite3.connect(root / CACHE)) as db:
        # Every row; a key column, which must stay unique, in one row.
        only_one = f" WHERE rowid = (SELECT min(rowid) FROM {table})" if column in ("path", "name") else ""
        db.execute(f"UPDATE {table} SET {column} = ?{only_one}", (value,))
        db.commit()
    # The installed command in a process of its own for the first run: a
    # traceback or code run at start-up would show there as it would to a user.
    first, err = _check(root) if column in ("info", "findings") else _in_process(root)
    assert first == plain
    assert not marker.exists()
    assert len(err.splitlines()) <= 1
    # A note whose headings change makes the run read other notes' index
    # and link targets too.
    b = root / "B.md"
    text = b.read_text(encoding="utf-8")
    b.write_text(text.replace("# Potassium", "# Kalium"), encoding="utf-8")
    try:
        changed, _ = _in_process(root)
        assert changed == _in_process(root, "--no-cache")[0]
        assert not marker.exists()
    finally:
        b.write_text(text, encoding="utf-8")
        os.utime(b, ns=(1_600_000_000_000_000_000, 1_600_000_000_000_000_000))
    # Whatever was found wrong was replaced: the next run reads a good cache.
    again, err = _in_process(root)
    assert again == plain
    assert err == ""


# -- damage ----------------------------------------------------------------------------


def _in_process(root: Path, *args: str):
    # From the vault's folder, as _check runs, so each finding's "filename" matches.
    cwd = os.getcwd()
    os.chdir(root)
    try:
        result = run("check", "--format", "json", *args, str(root))
    finally:
        os.chdir(cwd)
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.stdout), result.stderr


def _page_count(path: Path) -> int:
    with contextlib.closing(sqlite3.connect(path)) as db:
        return db.execute("PRAGMA page_count").fetchone()[0], db.execute("PRAGMA page_size").fetchone()[0]


def _corrupt_page(number: int):
    def damage(path: Path) -> None:
        count, size = _page_count(path)
        page = min(number, count)
        with open(path, "r+b") as fh:
            fh.seek((page - 1) * size + 100)
            fh.write(os.urandom(size // 2))

    return damage


def _sql(statement: str):
    def damage(path: Path) -> None:
        with contextlib.closing(sqlite3.connect(path)) as db:
            db.execute(statement)
            db.commit()

    return damage


DAMAGE = {
    **{f"page-{n}": _corrupt_page(n) for n in range(1, 9)},
    **{f"drop-{t}": _sql(f"DROP TABLE {t}") for t in ("meta", "notes", "results", "indexes")},
    **{f"row-missing-{t}": _sql(f"DELETE FROM {t} WHERE path = 'B.md'") for t in ("notes", "results", "indexes")},
    "meta-missing": _sql("DELETE FROM meta WHERE name = 'vault'"),
    "line-starts-short": _sql("UPDATE results SET line_starts = x'0000000000000000ff'"),
    "line-starts-falling": _sql("UPDATE results SET line_starts = x'00000000000000000500000000000000' || x'0300000000000000'"),
    "findings-not-json": _sql("UPDATE results SET findings = '[[\"VL101\", '"),
    "info-wrong-kind": _sql("UPDATE indexes SET info = '[[[\"hyperlink\"]], [], [], [], null, []]'"),
    "claims-number-as-text": _sql("UPDATE indexes SET claims = '[[\"B.md\"]]'"),
    "stat-text": _sql("UPDATE notes SET stat = 'yesterday'"),
}


@pytest.mark.parametrize("damage", list(DAMAGE.values()), ids=list(DAMAGE))
def test_a_damaged_cache_is_made_again_and_the_next_run_is_warm(planted, damage):
    root, plain, warm = planted
    (root / CACHE).write_bytes(warm)
    damage(root / CACHE)
    found, err = _in_process(root)
    assert found == plain
    assert len(err.splitlines()) <= 1
    assert not err or err.startswith("vaultlint: the cache in ") and "it is made again" in err
    # Reading every note's index: a note whose headings change.
    b = root / "B.md"
    text = b.read_text(encoding="utf-8")
    b.write_text(text.replace("# Potassium", "# Kalium"), encoding="utf-8")
    try:
        changed, err2 = _in_process(root)
        assert changed == _in_process(root, "--no-cache")[0]
        assert len((err + err2).splitlines()) <= 1
    finally:
        b.write_text(text, encoding="utf-8")
    assert _in_process(root)[0] == plain
    # Warm: nothing changed, so nothing is written and nothing is said.
    before = (root / CACHE).read_bytes()
    again, err = _in_process(root)
    assert (again, err) == (plain, "")
    assert (root / CACHE).read_bytes() == before
    with contextlib.closing(sqlite3.connect(root / CACHE)) as db:
        assert db.execute("SELECT count(*) FROM notes").fetchone() == (3,)


# -- no stale results ------------------------------------------------------------------

OLD = 1_600_000_000_000_000_000  # September 2020, in ns


def _same_length_edit(note: Path, old: str, new: str) -> None:
    """Edit without changing size or modification time, as ``touch -r``
    after an edit, rsync and some sync tools leave a file."""
    assert len(old.encode()) == len(new.encode())
    before = note.stat()
    note.write_text(note.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    os.utime(note, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = note.stat()
    assert (after.st_size, after.st_mtime_ns) == (before.st_size, before.st_mtime_ns)


def _entries(root: Path) -> dict[str, list[int]]:
    with contextlib.closing(sqlite3.connect(root / CACHE)) as db:
        return {p: json.loads(s) for p, s in db.execute("SELECT path, stat FROM notes")}


def test_a_note_changed_within_the_same_moment_as_the_check_is_read_again(vault):
    root = vault({"A.md": "[[B]]\n", "B.md": "# B\n"})
    assert _in_process(root)[0] == []
    # Written just now: its times cannot tell a later change, so they are not kept.
    assert _entries(root) == {"A.md": [], "B.md": []}
    _same_length_edit(root / "A.md", "[[B]]", "[[C]]")
    found, _ = _in_process(root)
    assert [(f["code"], f["line"], f["column"]) for f in found] == [("VL101", 1, 1)]


def test_an_edit_that_keeps_size_and_time_is_seen_by_its_status_change_time(vault):
    root = vault({"A.md": "[[B]]\n", "B.md": "# B\n"})
    for note in ("A.md", "B.md"):
        os.utime(root / note, ns=(OLD, OLD))
    assert _in_process(root)[0] == []
    assert _entries(root) == {"A.md": [], "B.md": []}  # status changed just now
    time.sleep(RACY_NS / 1e9 + 0.1)
    assert _in_process(root)[0] == []  # read and hashed again; now old enough to trust
    stats = _entries(root)
    assert stats["A.md"][:2] == [6, OLD] and len(stats["A.md"]) == 4  # trusted: kept whole
    _same_length_edit(root / "A.md", "[[B]]", "[[C]]")
    found, _ = _in_process(root)
    assert [(f["code"], f["line"], f["column"]) for f in found] == [("VL101", 1, 1)]


def test_touch_r_after_a_same_length_edit_with_the_real_command(vault, tmp_path):
    root = vault({"A.md": "[[B]]\n", "B.md": "# B\n"})
    reference = tmp_path / "reference"
    reference.write_text("")
    os.utime(reference, ns=(OLD, OLD))
    subprocess.run(["touch", "-r", str(reference), str(root / "A.md"), str(root / "B.md")], check=True)
    assert _check(root)[0] == []
    time.sleep(RACY_NS / 1e9 + 0.1)
    assert _check(root)[0] == []
    assert len(_entries(root)["A.md"]) == 4
    (root / "A.md").write_text("[[C]]\n")
    subprocess.run(["touch", "-r", str(reference), str(root / "A.md")], check=True)
    found, _ = _check(root)
    assert [(f["code"], f["line"], f["column"]) for f in found] == [("VL101", 1, 1)]


# -- never through a symbolic link, never outside the vault -----------------------------


def _tree(folder: Path) -> dict[str, bytes | str]:
    """Every entry under ``folder``: a file's bytes, or where a link points."""
    out: dict[str, bytes | str] = {}
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder).as_posix()
        out[rel] = os.readlink(path) if path.is_symlink() else path.read_bytes() if path.is_file() else "dir"
    return out


@pytest.fixture
def outside(tmp_path):
    """A folder outside the vault, holding files named like the cache's."""
    folder = tmp_path / "outside"
    folder.mkdir()
    (folder / FILE).write_bytes(b"someone else's file")
    (folder / "notes.txt").write_text("keep me")
    return folder


def test_a_cache_folder_that_is_a_symlink_is_not_followed(vault, outside):
    root = vault({"A.md": "[[Missing]]\n"})
    (root / FOLDER).symlink_to(outside, target_is_directory=True)
    before = _tree(outside)
    found, err = _in_process(root)
    assert [(f["code"], f["path"]) for f in found] == [("VL101", "A.md")]
    assert err == f"vaultlint: {root / FOLDER} is a symbolic link, which vaultlint does not follow; checking without the cache\n"
    assert _tree(outside) == before
    assert (root / FOLDER).is_symlink()


@pytest.mark.parametrize("name", [".gitignore", FILE, FILE + "-journal"])
def test_a_symlink_inside_the_cache_folder_is_never_followed(vault, outside, name):
    root = vault({"A.md": "[[Missing]]\n"})
    (root / FOLDER).mkdir()
    target = outside / ("made-through-link" if name == ".gitignore" else FILE)  # dangling, or a file
    (root / FOLDER / name).symlink_to(target)
    before = _tree(outside)
    found, _ = _in_process(root)
    assert [(f["code"], f["path"]) for f in found] == [("VL101", "A.md")]
    assert _tree(outside) == before
    # The link itself was replaced by a file of the cache's own, and the cache works.
    assert not (root / FOLDER / FILE).is_symlink() and (root / FOLDER / FILE).is_file()
    assert (root / FOLDER / ".gitignore").read_text() == "# Made by vaultlint: this folder is a cache.\n*\n"
    assert _in_process(root) == (found, "")


def test_the_cache_can_live_in_the_user_cache_folder_by_setting(vault, tmp_path, monkeypatch):
    monkeypatch.delenv("VAULTLINT_CACHE_DIR", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    root = vault({"A.md": "[[Missing]]\n", "vaultlint.toml": 'cache-dir = "~/.cache/vaultlint"\n'})
    found, _ = _in_process(root)
    assert [(f["code"], f["path"]) for f in found] == [("VL101", "A.md")]
    assert not (root / FOLDER).exists()
    (folder,) = (tmp_path / "home" / ".cache" / "vaultlint").iterdir()
    assert folder.name.startswith("vault-") and (folder / FILE).is_file()
    before = (folder / FILE).read_bytes()
    assert _in_process(root) == (found, "")
    assert (folder / FILE).read_bytes() == before  # warm: read, nothing to write


@pytest.mark.parametrize("setting", ["../caches", "/", "linked/cache"])
def test_a_vault_configuration_cannot_put_the_cache_elsewhere(vault, tmp_path, monkeypatch, setting):
    monkeypatch.delenv("VAULTLINT_CACHE_DIR", raising=False)
    root = vault({"A.md": "[[Missing]]\n", "vaultlint.toml": f'cache-dir = "{setting}"\n'})
    (root / "linked").symlink_to(tmp_path, target_is_directory=True)
    before = sorted(p.name for p in tmp_path.iterdir())
    result = subprocess.run([VAULTLINT, "check", str(root)], capture_output=True, text=True)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr == (
        f'vaultlint: error: cache-dir = "{setting}" is outside the vault and the user\'s cache folder; '
        "set VAULTLINT_CACHE_DIR to keep the cache anywhere else\n"
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == before


def test_the_environment_chooses_the_cache_folder_over_the_setting(vault, tmp_path, monkeypatch):
    root = vault({"A.md": "[[Missing]]\n", "vaultlint.toml": 'cache-dir = "../caches"\n'})
    monkeypatch.setenv("VAULTLINT_CACHE_DIR", str(tmp_path / "from env" / "deeper"))
    found, _ = _in_process(root)
    assert [f["code"] for f in found] == ["VL101"]
    assert not (root / FOLDER).exists() and not (tmp_path / "caches").exists()
    (folder,) = (tmp_path / "from env" / "deeper").iterdir()
    assert (folder / FILE).is_file() and (folder / ".gitignore").is_file()
