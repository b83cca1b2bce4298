"""Locating and repairing mojibake (vaultlint.mojibake) on plain strings."""

from __future__ import annotations

import ftfy
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import DATA
from vaultlint.mojibake import find_mojibake, ftfy_config, repair

CLEAN = sorted((DATA / "encoding" / "clean").glob("*.md"))


def spans(text: str) -> list[tuple[str, str]]:
    return [(m.garbled, m.repair) for m in find_mojibake(text)]


def garble(text: str, times: int = 1, encoding: str = "windows-1252") -> str:
    """``text`` saved as UTF-8 and read back as ``encoding``, ``times`` over."""
    for _ in range(times):
        text = text.encode("utf-8").decode("sloppy-" + encoding if encoding.startswith("windows") else encoding)
    return text


def test_seed_apostrophe_is_one_span_with_its_offsets():
    text = "when the immune system attacks the bodyâ€™s own tissues"
    (m,) = find_mojibake(text)
    assert (m.start, m.end, m.garbled, m.repair) == (39, 42, "â€™", "’")
    assert m.how == "UTF-8 read as Windows-1252"
    assert not m.lossy


@pytest.mark.parametrize(
    "text, expected",
    [
        ("CafÃ©", [("Ã©", "é")]),
        ("Â°F", [("Â°", "°")]),
        ("doesnÃ¢â‚¬â„¢t", [("Ã¢â‚¬â„¢", "’")]),
        ("doesnÃƒÂ¢Ã¢â€šÂ¬Ã¢â€žÂ¢t", [("ÃƒÂ¢Ã¢â€šÂ¬Ã¢â€žÂ¢", "’")]),
        ("[[Solumora]]â€™s dose", [("â€™", "’")]),
        ("| CafÃ© | 38 Â°C |", [("Ã©", "é"), ("Â°", "°")]),
        ("title: RÃ©sumÃ© de cours", [("Ã©", "é"), ("Ã©", "é")]),
        # UTF-8 read as Latin-1: the quote's middle byte is a C1 control.
        ("bodyâ\x80\x99s", [("â\x80\x99", "’")]),
        # A no-break space whose byte A0 became a plain space.
        ("voilÃ le travail", [("Ã", "à")]),
        ("Ecuador’s â€œpurelyâ€\x9d", [("â€œ", "“"), ("â€\x9d", "”")]),
    ],
)
def test_garbled_stretches_are_found_exactly(text, expected):
    assert spans(text) == expected


def test_offsets_count_characters_across_lines():
    text = "first line\r\nCafÃ© on line two\nand Â°C"
    found = find_mojibake(text)
    assert [(text[m.start : m.end], m.start) for m in found] == [("Ã©", 15), ("Â°", 34)]


def test_repair_keeps_curly_quotes_ligatures_width_and_unicode_form():
    # ftfy.fix_text would straighten the quotes, split the ligature, narrow
    # the wide letters and compose the decomposed é.
    text = "â€œCafÃ©â€\x9d ‘x’ ﬁrst ＡＢＣ Cafe\u0301"
    assert repair(text) == "“Café” ‘x’ ﬁrst ＡＢＣ Cafe\u0301"
    assert ftfy.fix_text(text) != repair(text)


def test_other_encodings_and_lost_bytes():
    assert spans(garble("Привет, мир", encoding="windows-1251"))[0][1] == "Привет"
    assert spans("Le Schtroumpf r√©gime")[0] == ("√©", "é")  # Mac OS Roman
    (lossy,) = [m for m in find_mojibake("upgraded to â€œbb+â€? from") if m.lossy]
    assert (lossy.garbled, lossy.repair) == ("â€?", "\ufffd")


def test_correct_text_in_many_languages_has_no_findings():
    assert CLEAN, "the multilingual corpus is missing"
    for path in CLEAN:
        text = path.read_text(encoding="utf-8")
        assert find_mojibake(text) == [], path.name


def test_a_lone_c1_control_is_left_to_the_invisible_character_rule():
    assert find_mojibake("don\x92t and \x93quoted\x94") == []
    assert find_mojibake("beaucoup parlé\x85 Tu sais") == []


def test_a_run_ftfy_leaves_garbled_in_its_line_is_repaired_on_its_own():
    # ftfy's pass over the line only turns the C1 controls into Windows-1252
    # punctuation ('Ã…', 'ÏƒÎ·...'), leaving mojibake behind.
    line = "Ø Ã\x85 œ and the ζωτικά Ï\x83Î·Î¼ÎµÎ¯Î±"
    assert ftfy.fix_text(line, ftfy_config()) == "Ø Ã… œ and the ζωτικά ÏƒÎ·Î¼ÎµÎ¯Î±"
    assert spans(line) == [("Ã\x85", "Å"), ("Ï\x83Î·Î¼ÎµÎ¯Î±", "σημεία")]


@pytest.mark.parametrize("times", [1, 2])
def test_every_garbled_word_of_the_corpus_is_found_where_ftfy_repairs_it(times):
    """Garble one word at a time in every line of the corpus: wherever
    ftfy's own line repair restores the line, the stretches found are
    exactly the garbled word's non-ASCII characters and repair to them."""
    checked = 0
    for path in CLEAN:
        for line in path.read_text(encoding="utf-8").splitlines():
            for word in sorted({w for w in line.split() if not w.isascii()})[:4]:
                bad = line.replace(word, garble(word, times), 1)
                if ftfy.fix_text(bad, ftfy_config()) != line:
                    continue
                checked += 1
                assert repair(bad) == line
                start = line.index(word)
                for m in find_mojibake(bad):
                    assert start <= m.start and m.end <= start + len(garble(word, times))
    assert checked > 150


@settings(max_examples=60, deadline=None)
@given(
    prefix=st.sampled_from(["", "The ", "[[Note]]", "| ", "- ", "title: "]),
    word=st.sampled_from(["café", "body’s", "38 °C", "Ménière’s", "“quoted”", "naïve", "µmol/L", "Größe", "–"]),
    suffix=st.sampled_from(["", " tissues", "]] and", " |", "."]),
    times=st.integers(1, 2),
)
def test_garbled_word_in_context(prefix, word, suffix, times):
    bad = prefix + garble(word, times) + suffix
    if ftfy.fix_text(bad, ftfy_config()) == bad:
        return  # ftfy cannot tell this one apart from real text either
    assert repair(bad) == prefix + word + suffix
    assert all(len(prefix) <= m.start and m.end <= len(bad) - len(suffix) for m in find_mojibake(bad))


def test_sieve_built_without_ftfy_matches_ftfy_encodings():
    """The sieve names ftfy's encodings and reads its "sloppy" codecs itself,
    so that ftfy is imported only for notes with a candidate."""
    import ftfy.bad_codecs  # noqa: F401  (registers the sloppy codecs)
    from ftfy.chardata import CHARMAP_ENCODINGS

    from vaultlint import mojibake

    assert mojibake.CHARMAP_ENCODINGS == tuple(CHARMAP_ENCODINGS)
    for encoding in CHARMAP_ENCODINGS:
        assert mojibake._byte_chars(encoding, 0x80, 0xFF) == bytes(range(0x80, 0x100)).decode(encoding), encoding

