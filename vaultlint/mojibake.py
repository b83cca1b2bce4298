"""Mojibake: UTF-8 text that was read back in a single-byte encoding.

When ``body’s`` is saved as UTF-8, the apostrophe becomes the three bytes
``E2 80 99``; a program that reads them as Windows-1252 shows three
characters instead, ``bodyâ€™s``. Read wrongly twice, it grows to
``bodyÃ¢â‚¬â„¢s``. This module finds each garbled stretch at its exact offsets
and works out what it should say, changing nothing else:

>>> [(m.start, m.end, m.garbled, m.repair) for m in find_mojibake("the bodyâ€™s cells")]
[(8, 11, 'â€™', '’')]
>>> find_mojibake("Café, 38 °C, 10⁹/L, µmol/L, Ελληνικά, 日本語")
[]

Deciding what is mojibake is ftfy's job, and it is good at it: it knows the
encodings involved and has a tuned heuristic (``ftfy.badness``) for telling
garbled text from real text in any language. ftfy repairs whole lines,
though, and also straightens quotes, splits ligatures and normalises
Unicode. What this module adds is locating and minimal repair:

1. **Candidates.** Every mojibake of a non-ASCII character begins with a
   character that a UTF-8 lead byte becomes in one of the encodings ftfy
   handles, followed by one a continuation byte becomes (``â`` then ``€``).
   One compiled regex search for such a pair (``CANDIDATE``) is all a clean
   note costs; a pair it finds must also start a whole sequence in one
   encoding (``_sequence()``).
2. **Decision.** Each line with a candidate goes to ftfy exactly as
   ``ftfy.fix_text`` would see it, but with every fix other than the
   encoding repair switched off (``ftfy_config()``). If ftfy leaves the line
   alone, so do we: ftfy's detection is the bar. In a line ftfy did change,
   a stretch its pass left garbled is put to ftfy once more on its own.
3. **Locating.** The line is cut into *runs*, stretches shaped like UTF-8
   read as a single-byte encoding, and the text between them, which an
   encoding repair never changes. Matching that text up with ftfy's output
   gives each run's repair exactly.
4. **Minimal edits.** A run's repair is split and trimmed to the
   characters that actually change, and only when ftfy agrees the trimmed
   piece repairs to the same thing.

A C1 control character on its own (Windows-1252 text read as Latin-1, such
as ``\\x92`` for ``’``) is left to the invisible-character rule.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from types import SimpleNamespace

# ftfy takes a while to import and most runs meet no candidate: it is
# imported by _ftfy() when the sieve lets a line through, not before.

# ftfy's single-byte encodings in the order it tries them
# (``ftfy.chardata.CHARMAP_ENCODINGS``; a test checks they are the same),
# named here so that the sieve is built without importing ftfy.
CHARMAP_ENCODINGS = (
    "latin-1", "sloppy-windows-1252", "sloppy-windows-1251", "sloppy-windows-1250", "sloppy-windows-1253",
    "sloppy-windows-1254", "sloppy-windows-1257", "iso-8859-2", "macroman", "cp437",
)


@cache
def _ftfy() -> SimpleNamespace:
    """ftfy, and its settings for the encoding repair and nothing else: no
    HTML unescaping, quote straightening, ligature or width changes,
    line-break or Unicode normalisation, and no removal of control
    characters."""
    import ftfy
    from ftfy.badness import is_bad
    from ftfy.chardata import UTF8_DETECTOR_RE

    config = ftfy.TextFixerConfig(
        unescape_html=False,
        remove_terminal_escapes=False,
        fix_latin_ligatures=False,
        fix_character_width=False,
        uncurl_quotes=False,
        fix_line_breaks=False,
        fix_surrogates=False,
        remove_control_chars=False,
        normalization=None,
        explain=False,
    )
    return SimpleNamespace(
        fix_encoding=ftfy.fix_encoding, fix_encoding_and_explain=ftfy.fix_encoding_and_explain,
        apply_plan=ftfy.apply_plan, is_bad=is_bad, utf8_detector=UTF8_DETECTOR_RE,
        config=config, explain_config=config._replace(explain=True),
    )


def ftfy_config():
    """ftfy's settings for its encoding repair alone (a ``ftfy.TextFixerConfig``)."""
    return _ftfy().config

# Names people know the encodings by, for messages.
ENCODING_NAMES = {
    "latin-1": "Latin-1",
    "sloppy-windows-1252": "Windows-1252",
    "sloppy-windows-1251": "Windows-1251 (Cyrillic)",
    "sloppy-windows-1250": "Windows-1250 (Central European)",
    "sloppy-windows-1253": "Windows-1253 (Greek)",
    "sloppy-windows-1254": "Windows-1254 (Turkish)",
    "sloppy-windows-1257": "Windows-1257 (Baltic)",
    "iso-8859-2": "ISO-8859-2",
    "macroman": "Mac OS Roman",
    "cp437": "DOS code page 437",
}


# Lead bytes after which ftfy accepts a space for byte A0, or '?' for a lost
# byte, in a two-byte sequence (see ftfy.chardata.ALTERED_UTF8_RE and
# LOSSY_UTF8_RE). Like ftfy, not in Mac OS Roman, where D0 is an en dash.
SPACED_LEADS = (0xC2, 0xC3, 0xC5, 0xCE, 0xD0, 0xD9)
LOST_LEADS = (0xC2, 0xC3)


def _decode(data: bytes, encoding: str) -> str:
    """``data`` read as ``encoding``. ftfy's "sloppy" codecs read a byte that
    the standard codec leaves undefined as Latin-1 does; that is done here
    without loading them.

    >>> _decode(bytes([0x80, 0x81, 0x82]), "sloppy-windows-1252")
    '€\x81‚'
    """
    if encoding.startswith("sloppy-"):
        standard = encoding[len("sloppy-") :]
        return "".join(bytes((b,)).decode(standard, "ignore") or chr(b) for b in data)
    return data.decode(encoding)


def _byte_chars(encoding: str, first: int, last: int) -> str:
    """What bytes ``first``..``last`` become when read as ``encoding``."""
    return _decode(bytes(range(first, last + 1)), encoding)


def _charset(chars: str) -> str:
    return "[" + "".join(re.escape(c) for c in sorted(set(chars))) + "]"


def _sequences(encoding: str) -> list[tuple[str, str]]:
    """Patterns for one UTF-8 sequence read as ``encoding``: a lead byte's
    character, then the continuation bytes' characters, as (lead, rest)
    pairs.

    A continuation may also be damaged the ways ftfy knows how to undo: a
    C1 control (that byte read as Latin-1 instead), U+FFFD or '?' (the byte
    was lost), or a space (byte A0, a no-break space, became a plain space).
    Like ftfy, a space or '?' stands in for at most one byte of a sequence,
    and after only the few lead bytes where that is plausible.
    """
    cont = _charset(_byte_chars(encoding, 0x80, 0xBF) + _byte_chars("latin-1", 0x80, 0x9F) + "\ufffd")
    lead2 = _charset(_byte_chars(encoding, 0xC0, 0xDF))  # C0, C1: Java's modified UTF-8
    lead3 = _charset(_byte_chars(encoding, 0xE0, 0xEF))
    lead4 = _charset(_byte_chars(encoding, 0xF0, 0xF4))
    lost2 = _charset(_decode(bytes(LOST_LEADS), encoding))
    sequences = [
        (lead2, cont),
        (lost2, "\\?"),
        (lead3, f"(?:{cont}{{2}}|[ ?]{cont}|{cont}[ ?])"),
        (lead4, f"(?:{cont}{{3}}|[ ?]{cont}{{2}}|{cont}[ ?]{cont}|{cont}{{2}}[ ?])"),
    ]
    if encoding != "macroman":
        sequences.append((_charset(_decode(bytes(SPACED_LEADS), encoding)), " "))
    return sequences


def _candidate_pattern() -> re.Pattern[str]:
    """A lead byte's character followed by what could continue it, under any
    of the encodings: a quick, loose first sieve.

    The pattern opens with a single character class so that the regex
    engine skips fast over text that cannot start a sequence; that is what
    keeps a clean note cheap. Pairs it lets through are checked against each
    encoding by ``_sequence()``.
    """
    leads = _charset("".join(_byte_chars(e, 0xC0, 0xF4) for e in CHARMAP_ENCODINGS))
    conts = _charset("".join(_byte_chars(e, 0x80, 0xBF) for e in CHARMAP_ENCODINGS) + "\ufffd")
    spaced = _charset("".join(_decode(bytes(SPACED_LEADS), e) for e in CHARMAP_ENCODINGS if e != "macroman"))
    long_leads = _charset("".join(_byte_chars(e, 0xE0, 0xF4) for e in CHARMAP_ENCODINGS))
    return re.compile(f"{leads}(?:{conts}|(?<={spaced})[ ?]|(?<={long_leads})[ ?]{conts})")


CANDIDATE = _candidate_pattern()


# The two patterns below are large; most notes never pass the sieve, so
# they are compiled on first use rather than on every start.
@cache
def _sequence() -> re.Pattern[str]:
    """The start of a UTF-8 sequence read as one of the encodings. 'çã' in
    'ação' passes the sieve but is no such start: it pairs a Latin-1 lead
    with a Mac OS Roman continuation."""
    return re.compile("|".join(lead + rest for e in CHARMAP_ENCODINGS for lead, rest in _sequences(e)))


@cache
def _run_patterns() -> tuple[re.Pattern[str], ...]:
    """Runs of sequences that start where a candidate does: one pattern per
    encoding, and ftfy's own pattern for mojibake embedded in otherwise
    correct text, which may mix encodings within one stretch."""
    return (
        *(re.compile(f"(?:{'|'.join(lead + rest for lead, rest in _sequences(e))})+") for e in CHARMAP_ENCODINGS),
        _ftfy().utf8_detector,
    )
_C1 = re.compile("[\x80-\x9f]")
_C1_RUN = re.compile("[\x80-\x9f]+")
_TIMES = {1: "", 2: ", twice", 3: ", three times"}


@dataclass(frozen=True)
class Mojibake:
    """One garbled stretch: ``text[start:end]`` should read ``repair``."""

    start: int
    end: int
    garbled: str
    repair: str
    # How it happened, for messages, e.g. "UTF-8 read as Windows-1252, twice";
    # empty when ftfy does not say.
    how: str = ""

    @property
    def lossy(self) -> bool:
        """Part of the original character was lost: the repair can only
        mark where it was (with U+FFFD), not bring it back."""
        return "\ufffd" in self.repair and self.repair.count("\ufffd") >= self.garbled.count("\ufffd")


def find_mojibake(text: str) -> list[Mojibake]:
    """Every garbled stretch of ``text``, in order.

    Lines are judged independently, as ftfy does; a line break is never part
    of a stretch.

    >>> [(m.garbled, m.repair, m.how) for m in find_mojibake("CafÃ© and Ã¢â‚¬Å“quotesÃ¢â‚¬Â\\x9d")]
    [('Ã©', 'é', 'UTF-8 read as Windows-1252'), ('Ã¢â‚¬Å“', '“', 'UTF-8 read as Windows-1252, twice'), ('Ã¢â‚¬Â\\x9d', '”', 'UTF-8 read as Windows-1252, twice')]
    """
    found: list[Mojibake] = []
    match = CANDIDATE.search(text)
    while match:
        if not _sequence().match(text, match.start()):
            match = CANDIDATE.search(text, match.start() + 1)
            continue
        line_start = text.rfind("\n", 0, match.start()) + 1
        line_end = text.find("\n", match.end())
        if line_end == -1:
            line_end = len(text)
        content_end = line_end - 1 if line_end > line_start and text[line_end - 1] == "\r" else line_end
        found.extend(_line_mojibake(text[line_start:content_end], line_start))
        match = CANDIDATE.search(text, line_end)
    return found


def repair(text: str) -> str:
    """``text`` with every garbled stretch repaired and nothing else changed.

    >>> repair("PlanificaciÃ³n/CafÃ©.md")
    'Planificación/Café.md'
    """
    out, pos = [], 0
    for m in find_mojibake(text):
        out += [text[pos : m.start], m.repair]
        pos = m.end
    return "".join(out) + text[pos:]


def _line_mojibake(line: str, offset: int) -> list[Mojibake]:
    if not _ftfy().is_bad(line):
        return []
    fixed, plan = _ftfy().fix_encoding_and_explain(line, _ftfy().explain_config)
    if fixed == line:
        return []
    plan = plan or []
    runs = _runs(line)
    repairs = _align(line, runs, fixed, [_hint(line[s:e], plan) for s, e in runs])
    if repairs is None:
        # ftfy changed text outside every run: no shape of mojibake we know
        # accounts for it, so report the changed stretch as a whole.
        head = _common_prefix(line, fixed)
        tail = _common_prefix(line[head:][::-1], fixed[head:][::-1])
        pieces = [(head, len(line) - tail, fixed[head : len(fixed) - tail])]
    else:
        repairs = [_second_look(line[s:e], r) for (s, e), r in zip(runs, repairs)]
        pieces = [p for (s, e), r in zip(runs, repairs) if line[s:e] != r for p in _split(line, s, e, r)]
    line_how = _describe(plan)
    found = []
    for start, end, new in pieces:
        start, end, new = _trim(line, start, end, new)
        garbled = line[start:end]
        if _C1_RUN.fullmatch(garbled):
            continue
        found.append(Mojibake(offset + start, offset + end, garbled, new, _how(garbled, line_how)))
    return found


def _runs(line: str) -> list[tuple[int, int]]:
    """Stretches of ``line`` shaped like mojibake under any encoding, and of
    C1 controls, merged where they overlap or touch.

    >>> _runs("CafÃ© at 38 Â°C, ok\\x85")
    [(3, 5), (12, 14), (19, 20)]
    """
    spans = [m.span() for m in _C1_RUN.finditer(line)]
    patterns = _run_patterns()
    # Where each pattern's last run ended. A run is not looked for again
    # from inside the last one of its pattern: from there it would only
    # find the rest of that run, and over a long garbled line, trying from
    # every position inside it made this quadratic.
    reach = [0] * len(patterns)
    candidate = CANDIDATE.search(line)
    while candidate:
        start = candidate.start()
        for i, pattern in enumerate(patterns):
            if start >= reach[i] and (m := pattern.match(line, start)):
                spans.append(m.span())
                reach[i] = m.end()
        candidate = CANDIDATE.search(line, start + 1)
    spans.sort()
    merged: list[list[int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(s, e) for s, e in merged]


def _second_look(run: str, repaired: str) -> str:
    """The repair of a run that ftfy's pass over the whole line left
    garbled, by ftfy on the run alone.

    In a line that mixes correct text with several kinds of damage, ftfy
    sometimes only turns the C1 controls of a run into Windows-1252
    punctuation ('Ï\\x83Î·' to 'ÏƒÎ·') where the run alone plainly decodes
    ('ση'). This is asked only in lines ftfy already found garbled.

    >>> _second_look("Ï\\x83Î·", "ÏƒÎ·"), _second_look("é\\x85", "é…")
    ('ση', 'é…')
    """
    if repaired not in (run, _C1_RUN.sub(_windows_1252, run)):
        return repaired
    alone = _ftfy().fix_encoding(run, _ftfy().config)
    return alone if alone != _C1_RUN.sub(_windows_1252, run) else repaired


def _windows_1252(c1: re.Match[str]) -> str:
    """C1 controls as ftfy reads them: as Windows-1252, where it has them."""
    return c1.group().encode("latin-1").decode("sloppy-windows-1252")


def _hint(run: str, plan: list) -> str:
    """What ``run`` likely became: the steps ftfy took for the whole line
    applied to the run alone when they were plain re-decodings, otherwise
    ftfy's repair of the run alone."""
    if plan and not any(action == "apply" for action, _ in plan):
        try:
            return _ftfy().apply_plan(run, plan)
        except UnicodeError:
            pass
    return _ftfy().fix_encoding(run, _ftfy().config)


def _align(line: str, runs: list[tuple[int, int]], fixed: str, hints: list[str]) -> list[str] | None:
    """What each run became in ``fixed``, given that the text between runs
    is unchanged; None when ``fixed`` cannot be read that way.

    A repair is never longer than its run. For each run its hint is tried
    first, then the run unchanged, then shorter repairs before longer ones;
    a depth-first search with a memo of dead ends keeps this linear in
    practice.

    >>> _align("xÃ©y Ã©", [(1, 3), (5, 7)], "xéy é", ["", ""])
    ['é', 'é']
    """
    if not runs:
        return [] if fixed == line else None
    gaps = [line[: runs[0][0]]]
    gaps += [line[end : runs[i + 1][0] if i + 1 < len(runs) else len(line)] for i, (_, end) in enumerate(runs)]
    if not fixed.startswith(gaps[0]):
        return None

    def ends(i: int, pos: int):
        """Where run ``i``'s repair can end if it starts at ``pos``."""
        gap, last = gaps[i + 1], i + 1 == len(runs)
        preferred = [pos + len(h) for h in (hints[i], line[runs[i][0] : runs[i][1]]) if fixed.startswith(h, pos)]
        longest = min(pos + runs[i][1] - runs[i][0], len(fixed))
        for end in dict.fromkeys([*preferred, *range(pos, longest + 1)]):
            if fixed.startswith(gap, end) and (not last or end + len(gap) == len(fixed)):
                yield end

    dead: set[tuple[int, int]] = set()
    # stack[i] = (where run i's repair starts, the choices left for its end)
    stack = [(len(gaps[0]), ends(0, len(gaps[0])))]
    chosen: list[int] = []
    while stack:
        i = len(stack) - 1
        pos, choices = stack[-1]
        end = next(choices, None)
        if end is None:
            dead.add((i, pos))
            stack.pop()
            if chosen:
                chosen.pop()
            continue
        nxt = end + len(gaps[i + 1])
        if i + 1 == len(runs):
            starts = [p for p, _ in stack]
            return [fixed[s:e] for s, e in zip(starts, [*chosen, end])]
        if (i + 1, nxt) not in dead:
            chosen.append(end)
            stack.append((nxt, ends(i + 1, nxt)))
    return None


_ASCII_STRETCH = re.compile("[\x00-\x7f]+")


def _split(line: str, start: int, end: int, new: str) -> list[tuple[int, int, str]]:
    """Cut a run and its repair apart where they hold the same plain ASCII.

    Runs of different encodings can merge across a space (``Ù‰ Ø§`` is
    Arabic read as Windows-1252, but ``‰ Ø`` is also shaped like Mac OS
    Roman), yet the space itself is unchanged text. ASCII never comes out of
    decoding a multi-byte sequence, so when the run and its repair hold the
    same ASCII stretches in the same order, they pair up.

    >>> _split("Ø¹Ù„Ù‰ Ø§Ù„", 0, 12, "على ال")
    [(0, 6, 'على'), (7, 11, 'ال')]
    """
    old = line[start:end]
    old_anchors = list(_ASCII_STRETCH.finditer(old))
    new_anchors = list(_ASCII_STRETCH.finditer(new))
    if not old_anchors or [m.group() for m in old_anchors] != [m.group() for m in new_anchors]:
        return [(start, end, new)]
    pieces = []
    old_pos = new_pos = 0
    for a, b in [*zip(old_anchors, new_anchors), (None, None)]:
        old_stop = a.start() if a else len(old)
        new_stop = b.start() if b else len(new)
        if old[old_pos:old_stop] != new[new_pos:new_stop]:
            pieces.append((start + old_pos, start + old_stop, new[new_pos:new_stop]))
        if a:
            old_pos, new_pos = a.end(), b.end()
    return pieces


def _trim(line: str, start: int, end: int, new: str) -> tuple[int, int, str]:
    """Narrow a repair to what changes.

    Plain ASCII at either end that the repair keeps is context, not
    mojibake (the space in ``Ã `` → ``à ``). Other shared characters are
    dropped only when ftfy repairs the remaining piece on its own to the
    same result: in ``é\\x85`` → ``é…`` the ``é`` is correct text, but in
    ``Â°`` → ``°`` the ``°`` is part of the garbled pair.
    """
    old = line[start:end]
    head = _common_prefix(old, new, ascii_only=True)
    tail = _common_prefix(old[head:][::-1], new[head:][::-1], ascii_only=True)
    start, end, old, new = start + head, end - tail, old[head : len(old) - tail], new[head : len(new) - tail]
    head = _common_prefix(old, new)
    tail = _common_prefix(old[head:][::-1], new[head:][::-1])
    for h, t in ((head, tail), (head, 0), (0, tail)):
        if (h or t) and len(new) - h - t > 0:
            piece, piece_new = old[h : len(old) - t], new[h : len(new) - t]
            if _ftfy().fix_encoding(piece, _ftfy().config) == piece_new:
                return start + h, end - t, piece_new
    return start, end, new


def _common_prefix(a: str, b: str, ascii_only: bool = False) -> int:
    """How many leading characters ``a`` and ``b`` share."""
    n = 0
    for x, y in zip(a, b):
        if x != y or (ascii_only and not x.isascii()):
            break
        n += 1
    return n


def _how(garbled: str, line_how: str) -> str:
    """How ``garbled`` came about: ftfy's explanation of repairing it alone,
    or of repairing its whole line when that was one consistent decoding."""
    _, plan = _ftfy().fix_encoding_and_explain(garbled, _ftfy().explain_config)
    how = _describe(plan or []) or line_how
    # Latin-1 and Windows-1252 read bytes A0-FF alike; ftfy tries Latin-1
    # first, but without C1 controls in sight Windows-1252 is the likely one.
    if how.startswith("UTF-8 read as Latin-1") and not _C1.search(garbled):
        how = how.replace("Latin-1", "Windows-1252", 1)
    return how


def _describe(plan: list) -> str:
    """What ftfy's list of steps says happened, such as "UTF-8 read as
    Windows-1252, twice"; empty when the steps are not just re-decodings in
    one encoding."""
    encodings = [p for action, p in plan if action == "encode"]
    if not encodings or any(action == "apply" for action, _ in plan) or len(set(encodings)) > 1:
        return ""
    name = ENCODING_NAMES.get(encodings[0], encodings[0])
    return f"UTF-8 read as {name}{_TIMES.get(len(encodings), f', {len(encodings)} times')}"
