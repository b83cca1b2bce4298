"""Choosing which fixes go together and applying their edits."""

from __future__ import annotations

from vaultlint.fix import apply_edits, apply_fixes, select_fixes
from vaultlint.lines import LineIndex
from vaultlint.model import Applicability, Diagnostic, Edit, Fix, Severity
from vaultlint.reader import decode

SAFE, UNSAFE = Applicability.SAFE, Applicability.UNSAFE


def diag(text: str, code: str, *edits: tuple[int, int, str], applicability=SAFE, encoding=None) -> Diagnostic:
    fix = Fix(tuple(Edit(*e) for e in edits), applicability, f"fix {code}", encoding)
    start = min((e[0] for e in edits), default=0)
    end = max((e[1] for e in edits), default=0)
    return Diagnostic(code, "x", Severity.ERROR, "n.md", LineIndex(text).range(start, end), "problem", fix)


def replacements(fixes: list[Fix]) -> list[str]:
    return [e.replacement for f in fixes for e in f.edits]


def test_apply_edits_in_any_order():
    assert apply_edits("0123456789", [Edit(8, 9, "E"), Edit(0, 0, "<"), Edit(2, 5, "")]) == "<01567E9"


def test_apply_no_edits_returns_text():
    assert apply_edits("abc\r\n", []) == "abc\r\n"


def test_overlapping_fix_is_dropped_earlier_position_wins():
    text = "see [[Old name]] and [[Other]]"
    first = diag(text, "VL201", (6, 14, "New name"))
    overlapping = diag(text, "VL101", (4, 16, "[[Elsewhere]]"))
    apart = diag(text, "VL101", (23, 28, "Others"))
    chosen = select_fixes([first, overlapping, apart], decode(text.encode()), unsafe=False)
    # The link fix starts first, so it is kept; the narrower edit inside it waits.
    assert replacements(chosen) == ["[[Elsewhere]]", "Others"]


def test_same_position_broken_by_code_not_by_input_order():
    text = "abcdef"
    a = diag(text, "VL205", (1, 3, "A"))
    b = diag(text, "VL104", (1, 3, "B"))
    for order in ([a, b], [b, a]):
        assert replacements(select_fixes(order, decode(b"abcdef"), unsafe=False)) == ["B"]


def test_touching_edits_collide_and_two_insertions_at_one_offset_collide():
    text = "abcdef"
    src = decode(text.encode())
    assert replacements(select_fixes([diag(text, "VL1", (0, 2, "X")), diag(text, "VL2", (2, 4, "Y"))], src, False)) == [
        "X"
    ]
    assert replacements(select_fixes([diag(text, "VL1", (3, 3, "X")), diag(text, "VL2", (3, 3, "Y"))], src, False)) == [
        "X"
    ]


def test_collision_checked_per_edit_not_per_fix_span():
    text = "0123456789"
    wide = diag(text, "VL1", (0, 1, "a"), (8, 9, "b"))
    inside = diag(text, "VL2", (4, 5, "c"))
    assert replacements(select_fixes([wide, inside], decode(text.encode()), False)) == ["a", "b", "c"]


def test_unsafe_only_when_asked():
    text = "abcdef"
    unsafe = diag(text, "VL1", (0, 1, "X"), applicability=UNSAFE)
    safe = diag(text, "VL2", (4, 5, "Y"))
    src = decode(text.encode())
    assert replacements(select_fixes([unsafe, safe], src, unsafe=False)) == ["Y"]
    assert replacements(select_fixes([unsafe, safe], src, unsafe=True)) == ["X", "Y"]


def test_malformed_and_noop_fixes_are_ignored():
    text = "abcdef"
    src = decode(text.encode())
    past_end = diag(text, "VL1", (5, 9, "X"))
    backwards = Diagnostic("VL2", "x", Severity.ERROR, "n.md", LineIndex(text).range(0, 0), "m",
                           Fix((Edit(3, 2, "X"),), SAFE, ""))
    self_overlap = diag(text, "VL3", (0, 3, "X"), (2, 4, "Y"))
    noop = diag(text, "VL4", (1, 3, "bc"))
    assert select_fixes([past_end, backwards, self_overlap, noop], src, unsafe=True) == []


def test_diagnostics_without_fix_are_ignored():
    text = "abc"
    plain = Diagnostic("VL1", "x", Severity.ERROR, "n.md", LineIndex(text).range(0, 1), "m")
    assert select_fixes([plain], decode(b"abc"), unsafe=True) == []


def test_encoding_fix_changes_encoding_and_clears_bad_byte():
    src = decode("café\r\n".encode("cp1252"))
    assert (src.encoding, src.bad_byte is not None) == ("cp1252", True)
    to_utf8 = diag(src.text, "VL200", encoding="utf-8")
    fixes = select_fixes([to_utf8], src, unsafe=False)
    fixed = apply_fixes(src, fixes)
    assert (fixed.text, fixed.encoding, fixed.bad_byte) == ("café\r\n", "utf-8", None)
    # Once the note is UTF-8 the same fix would change nothing.
    assert select_fixes([to_utf8], fixed, unsafe=False) == []


def test_only_one_encoding_change_per_pass():
    src = decode("café".encode("cp1252"))
    first = diag(src.text, "VL200", encoding="utf-8")
    second = diag(src.text, "VL209", encoding="utf-16")
    assert [f.new_encoding for f in select_fixes([second, first], src, False)] == ["utf-8"]


def test_apply_fixes_keeps_crlf_bom_and_missing_final_newline():
    raw = "\ufeffline one\r\nsee [[Old]]".encode()
    src = decode(raw)
    fix = diag(src.text, "VL101", (16, 19, "New"))
    fixed = apply_fixes(src, select_fixes([fix], src, False))
    assert fixed.text == "line one\r\nsee [[New]]"
    assert fixed.bom and fixed.encoding == "utf-8"
