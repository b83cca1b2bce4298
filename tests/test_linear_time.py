"""Every scan is linear in a note's length: a 200 KB note built to be slow
(tests/pathological.py) is checked within a small multiple of the time for
200 KB of ordinary prose.

Each note is checked in a process of its own, killed at its time limit, so
a quadratic scan fails the test instead of hanging it. The bound is
generous because the machines that run this are shared: at most
``RATIO`` times the prose time plus ``SLACK`` seconds, and never more than
``CEILING`` seconds.
"""

from __future__ import annotations

import random
import subprocess
import sys
from pathlib import Path

import pytest

import pathological
from vaultlint.model import BlockId, Heading, Range
from vaultlint.resolve import AnchorIndex, strip_heading

SIZE = 200_000
RATIO = 10
SLACK = 2.0  # seconds: covers scheduling noise, which does not scale with the prose time
CEILING = 20.0
SCRIPT = Path(pathological.__file__)

def seconds(name: str, tmp_path: Path, limit: float) -> float:
    """Time to check the note ``name``; ``limit`` + 1 when it took longer."""
    try:
        proc = subprocess.run(
            [sys.executable, str(SCRIPT), name, str(SIZE), str(tmp_path / "vault")],
            capture_output=True, text=True, timeout=limit + 5,  # + start-up, which is not timed
        )
    except subprocess.TimeoutExpired:
        return limit + 1
    assert proc.returncode == 0, proc.stderr
    return float(proc.stdout.split()[-1])


@pytest.fixture(scope="module")
def prose_seconds(tmp_path_factory) -> float:
    """The best of three, so one slow moment does not loosen every bound."""
    return min(seconds("prose", tmp_path_factory.mktemp("prose"), CEILING) for _ in range(3))


@pytest.mark.parametrize(
    "name",
    [name for name in pathological.CASES if name != "prose"],
)
def test_pathological_note_is_checked_in_linear_time(name, prose_seconds, tmp_path):
    limit = min(RATIO * prose_seconds + SLACK, CEILING)
    took = seconds(name, tmp_path, limit)
    if took > limit:  # one retry: a shared machine can stall for a moment
        took = min(took, seconds(name, tmp_path, limit))
    assert took <= limit, f"{name}: {took:.2f} s for {SIZE} characters; prose takes {prose_seconds:.2f} s"


def test_prose_itself_is_fast(prose_seconds):
    assert prose_seconds < CEILING / RATIO


def _greedy(headings: list[Heading], parts: list[str]) -> Heading | None:
    """R4.4 as written: one pass in order, each segment a later and deeper heading."""
    wanted = [strip_heading(p).lower() for p in parts]
    level, index = 0, 0
    for heading in headings:
        if heading.level > level and strip_heading(heading.text).lower() == wanted[index]:
            level, index = heading.level, index + 1
            if index == len(wanted):
                return heading
    return None


def test_anchor_index_answers_as_the_plain_pass_does():
    rng = random.Random(4)
    r = Range(0, 0, 1, 1, 1, 1)
    texts = ["Labs", "labs", "Labs!", "Dosage", "Dosage: adults", "A", "B", "b "]
    for _ in range(3000):
        headings = [Heading(rng.randint(1, 4), rng.choice(texts), r, True) for _ in range(rng.randint(0, 12))]
        blocks = [BlockId(rng.choice(["a1", "A1", "b2"]), r) for _ in range(rng.randint(0, 3))]
        index = AnchorIndex(headings, blocks)
        parts = [rng.choice(texts) for _ in range(rng.randint(1, 3))]
        assert index.find_heading(parts) is _greedy(headings, parts), (headings, parts)
        wanted = rng.choice(["a1", "A1", "b2", "c3"])
        last = [b for b in blocks if b.id.lower() == wanted.lower()]
        assert index.find_block(wanted) is (last[-1] if last else None)
