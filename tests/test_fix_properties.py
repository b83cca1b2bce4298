"""Properties of fixing, on generated notes with injected problems.

Each generated note is prose with links and garbled words mixed in: some
fine, some with a problem that has a safe fix, some with a problem that has
none. The
generator knows what each piece must become, so the expected note is built
independently of the fix engine.
"""

from __future__ import annotations

import json
import os
import random
import tempfile
from pathlib import Path

from conftest import run, write_vault
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vaultlint.config import Config
from vaultlint.engine import Engine
from vaultlint.fix import select_fixes
from vaultlint.model import Applicability, Diagnostic, Edit, Fix, Range, Severity
from vaultlint.reader import decode

TARGETS = {
    "A&P II/Renal failure.md": "# Renal failure\n\n## Labs\n",
    "Archive/Sepsis.md": "---\naliases: [Septic shock]\n---\n# Sepsis\n",
}

# (as written, as fixed, fixes it takes, code still reported after fixing)
PIECES = [
    ("[[Renal failure]]", "[[Renal failure]]", 0, None),
    ("[[A & P II/Renal failure]]", "[[Renal failure]]", 1, None),  # VL101, moved note
    ("[[A & P II/Renal failure#Labs|labs]]", "[[Renal failure#Labs|labs]]", 1, None),  # VL101, moved note
    ("[[Septic shock]]", "[[Sepsis|Septic shock]]", 1, None),  # VL106, alias
    ("[[Nowhere at all]]", "[[Nowhere at all]]", 0, "VL101"),  # no fix
    ("the body\u00e2\u20ac\u2122s", "the body\u2019s", 1, None),  # VL201, mojibake
    ("caf\u00c3\u00a9 [[A & P II/Renal failure]]", "caf\u00e9 [[Renal failure]]", 2, None),  # VL201 and VL101
    ("zero\u200bwidth", "zerowidth", 1, None),  # VL204, invisible character
]

prose = st.text(alphabet="abcdefghijklmnopqrstuvwxyz ", max_size=25)
piece = st.sampled_from(range(len(PIECES)))
notes = st.fixed_dictionaries(
    {
        "parts": st.lists(st.tuples(prose, piece, st.booleans()), min_size=1, max_size=8),
        "newline": st.sampled_from(["\n", "\r\n"]),
        "bom": st.booleans(),
        "final_newline": st.booleans(),
    }
)


def build(spec: dict, column: int) -> str:
    """The note as written (column 0) or as it must be after fixing (1)."""
    out = []
    for words, index, line_break in spec["parts"]:
        out.append(f"{words} {PIECES[index][column]}")
        out.append(spec["newline"] if line_break else " ")
    text = "".join(out[:-1])
    return text + spec["newline"] if spec["final_newline"] else text


def as_bytes(spec: dict, text: str) -> bytes:
    return ("\ufeff" if spec["bom"] else "").encode() + text.encode()


def splice(text: str, edits: list[Edit]) -> str:
    """``text`` with non-overlapping edits applied, written out here so the
    test does not lean on the engine's own code."""
    for edit in sorted(edits, key=lambda e: e.start, reverse=True):
        text = text[: edit.start] + edit.replacement + text[edit.end :]
    return text


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(notes)
def test_fixing_is_exact_idempotent_and_leaves_no_fixed_problem(spec):
    before, expected = build(spec, 0), build(spec, 1)
    with tempfile.TemporaryDirectory() as tmp:
        root = write_vault(Path(tmp) / "vault", {**TARGETS, "Note.md": as_bytes(spec, before)})
        named = [
            e
            for d in Engine(root, Config()).run().diagnostics
            if d.path == "Note.md" and d.fix and d.fix.applicability is Applicability.SAFE
            for e in d.fix.edits
        ]

        first = run("check", "--fix", "--format", "json", str(root))
        after = (root / "Note.md").read_bytes()
        # Exactly the named spans changed, into what each problem needed;
        # BOM, line endings and final newline as they were.
        assert after == as_bytes(spec, splice(before, named)) == as_bytes(spec, expected)
        n = sum(PIECES[i][2] for _, i, _ in spec["parts"])
        s, es = ("", "") if n == 1 else ("s", "es")
        # The summary names the note as seen from the current folder.
        shown = os.path.relpath(root / "Note.md")
        assert first.stderr == (f"Fixed {n} problem{s} in 1 note:\n  {shown} ({n} fix{es})\n" if n else "")
        # Nothing fixed is reported again, only what has no fix.
        left = [f["code"] for f in json.loads(first.stdout) if f["path"] == "Note.md"]
        assert left == [PIECES[i][3] for _, i, _ in spec["parts"] if PIECES[i][3]]
        assert first.exit_code == (1 if left or n else 0)

        second = run("check", "--fix", "--format", "json", str(root))
        assert (root / "Note.md").read_bytes() == after
        assert second.stderr == ""
        assert [f["code"] for f in json.loads(second.stdout) if f["path"] == "Note.md"] == left


edits = st.lists(
    st.tuples(st.integers(0, 12), st.integers(0, 4), st.sampled_from(["", "x", "yz"]), st.sampled_from(["VL1", "VL2"])),
    max_size=8,
)


def as_diagnostics(specs: list[tuple[int, int, str, str]]) -> list[Diagnostic]:
    out = []
    for start, length, replacement, code in specs:
        r = Range(start, start + length, 1, start + 1, 1, start + length + 1)
        fix = Fix((Edit(start, start + length, replacement),), Applicability.SAFE, "")
        out.append(Diagnostic(code, "x", Severity.ERROR, "n.md", r, "m", fix))
    return out


@settings(max_examples=100, deadline=None)
@given(edits, st.randoms(use_true_random=False))
def test_selection_is_deterministic_and_never_overlaps(specs, rnd: random.Random):
    source = decode(b"abcdefghijkl")
    diagnostics = as_diagnostics(specs)
    chosen = select_fixes(diagnostics, source, unsafe=False)
    shuffled = list(diagnostics)
    rnd.shuffle(shuffled)
    assert select_fixes(shuffled, source, unsafe=False) == chosen
    taken = sorted((e.start, e.end) for f in chosen for e in f.edits)
    assert all(a_end < b_start for (_, a_end), (b_start, _) in zip(taken, taken[1:]))
    # Every fix left out is malformed, a no-op, or collides with one taken.
    for d in diagnostics:
        e = d.fix.edits[0]
        if d.fix in chosen or e.end > 12 or source.text[e.start : e.end] == e.replacement:
            continue
        assert any(e.start <= t_end and t_start <= e.end for t_start, t_end in taken)
