"""The cache is untrusted input: it holds data only, and whatever is wrong
with it, the run gives the findings of a run without it."""

from __future__ import annotations

import contextlib
import json
import os
import pickle
import sqlite3
import subprocess
from pathlib import Path

import pytest

from conftest import VAULTLINT, run
from vaultlint.cache import FILE, FOLDER

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
    assert len(COLUMNS) == 18


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
    first, err = _check(root)
    assert first == plain
    assert not marker.exists()
    assert len(err.splitlines()) <= 1
    # A note whose headings change makes the run read other notes' index
    # and link targets too.
    b = root / "B.md"
    text = b.read_text(encoding="utf-8")
    b.write_text(text.replace("# Potassium", "# Kalium"), encoding="utf-8")
    try:
        changed, _ = _check(root)
        assert changed == _check(root, "--no-cache")[0]
        assert not marker.exists()
    finally:
        b.write_text(text, encoding="utf-8")
        os.utime(b, ns=(1_600_000_000_000_000_000, 1_600_000_000_000_000_000))
    # Whatever was found wrong was replaced: the next run reads a good cache.
    again, err = _check(root)
    assert again == plain
    assert err == ""


# -- damage ----------------------------------------------------------------------------


def _in_process(root: Path, *args: str):
    result = run("check", "--format", "json", *args, str(root))
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
