"""Making the lexicon's large patterns fast without changing what they match.

Two tools, both read from a pattern's parsed form:

* :func:`alternation`: Python's regular expression engine tries the
  branches of an alternation one after another at every position. The
  lexicon's alternations have hundreds of branches (every analyte name,
  unit and cue word), and nearly all of them fail on their first character.
  Grouping the branches by the characters they can start with, and letting
  a one-character lookahead pick the group, gives the same matches several
  times faster. The groups are exact: a branch is left out of a group only
  when it cannot start with that group's character, and branches keep their
  order within a group, so the first branch that matches is the same one as
  in the plain alternation. ASCII characters get groups of their own; all
  other characters share one group.
* :class:`Prefilter`: words one of which is in every text a pattern can
  match, so most texts are turned down with a few substring tests.

>>> pattern, labels = alternation([("x", "ab|c"), ("y", "a[bc]"), (None, r"\\d+")])
>>> m = re.compile(pattern).search("-- ac 12")
>>> (m.group(), labels[m.lastgroup])
('ac', 'y')
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterable, Iterator, Sequence

try:  # the parser behind re.compile; only the first items of a pattern are read
    from re import _constants as _sre, _parser as _parse
except ImportError:  # pragma: no cover - Python 3.10
    import sre_constants as _sre  # type: ignore[no-redef]
    import sre_parse as _parse  # type: ignore[no-redef]

# Stands for every character outside ASCII in a set of first characters.
OTHER = "\x80"
_ASCII = [chr(c) for c in range(128)]
_CATEGORIES = {
    _sre.CATEGORY_DIGIT: {c for c in _ASCII if c.isdigit()} | {OTHER},
    _sre.CATEGORY_SPACE: {c for c in _ASCII if c.isspace()} | {OTHER},
    _sre.CATEGORY_WORD: {c for c in _ASCII if c.isalnum() or c == "_"} | {OTHER},
}


def first_chars(pattern: str) -> frozenset[str] | None:
    """The characters a match of ``pattern`` can start with (``OTHER`` for
    any non-ASCII one), or None when that is not known or the pattern can
    match the empty string.

    >>> sorted(first_chars("(?:blood |serum )?glucose"))
    ['b', 'g', 's']
    >>> sorted(first_chars("(?i:mg)/dL")) == ["M", "m", OTHER]  # "K" (Kelvin) is "k", ignoring case
    True
    >>> first_chars("x?") is None
    True
    """
    return _analyse(pattern)[0]


def _analyse(pattern: str) -> tuple[frozenset[str] | None, bool]:
    """(first characters as for :func:`first_chars`, whether the pattern has groups)."""
    try:
        parsed = _parse.parse(pattern)
        chars, nullable = _first_of_sequence(parsed.data, parsed.state.flags)
    except Exception:  # noqa: BLE001 - the parser is internal: when in doubt, try the branch everywhere
        return None, True
    return (None if chars is None or nullable else frozenset(chars)), parsed.state.groups > 1


def _first_of_sequence(items, flags: int) -> tuple[set[str] | None, bool]:
    """(first characters, whether the sequence can match the empty string)."""
    chars: set[str] = set()
    for op, av in items:
        first, nullable = _first_of_item(op, av, flags)
        if first is None:
            return None, False
        chars |= first
        if not nullable:
            return chars, False
    return chars, True


def _first_of_item(op, av, flags: int) -> tuple[set[str] | None, bool]:
    ignore_case = bool(flags & _sre.SRE_FLAG_IGNORECASE)
    if op is _sre.LITERAL:
        return _literal(av, ignore_case), False
    if op is _sre.IN:
        chars: set[str] = set()
        for kind, value in av:
            if kind is _sre.LITERAL:
                found = _literal(value, ignore_case)
            elif kind is _sre.RANGE:
                found = _range(value[0], value[1], ignore_case)
            elif kind is _sre.CATEGORY and value in _CATEGORIES:
                found = _CATEGORIES[value]
            else:  # a negated set or another category
                return None, False
            if found is None:
                return None, False
            chars |= found
        return chars, False
    if op is _sre.SUBPATTERN:
        _group, add, remove, items = av
        return _first_of_sequence(items, (flags | add) & ~remove)
    if op is _sre.BRANCH:
        chars = set()
        nullable = False
        for items in av[1]:
            first, empty = _first_of_sequence(items, flags)
            if first is None:
                return None, False
            chars |= first
            nullable = nullable or empty
        return chars, nullable
    if op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT) or op is getattr(_sre, "POSSESSIVE_REPEAT", None):
        low, _high, items = av
        first, empty = _first_of_sequence(items, flags)
        return first, empty or low == 0
    if op is getattr(_sre, "ATOMIC_GROUP", None):
        return _first_of_sequence(av, flags)
    if op in (_sre.AT, _sre.ASSERT, _sre.ASSERT_NOT):
        return set(), True  # zero width: the next item consumes the first character
    return None, False


def _literal(code: int, ignore_case: bool) -> set[str] | None:
    if code >= 128:
        # Ignoring case, a non-ASCII letter may match an ASCII one (the
        # Kelvin sign matches "k").
        return None if ignore_case else {OTHER}
    char = chr(code)
    return {char.lower(), char.upper(), OTHER} if ignore_case else {char}


def _range(low: int, high: int, ignore_case: bool) -> set[str] | None:
    if high >= 128 and ignore_case:
        return None
    chars = {chr(c) for c in range(low, min(high, 127) + 1)}
    if ignore_case:
        chars = {c for ch in chars for c in (ch.lower(), ch.upper())}
    return chars | {OTHER} if high >= 128 or ignore_case else chars


def choices(firsts: Sequence[frozenset[str] | None]) -> dict[str, tuple[int, ...]]:
    """For each character some branch can start with (``OTHER`` standing for
    all non-ASCII ones), and ``""`` for every other character and the end of
    the text: the indices of the branches that can match there, in order."""
    chosen = {"": tuple(i for i, f in enumerate(firsts) if f is None)}
    for char in sorted(set().union(*(f for f in firsts if f is not None)) | {OTHER}):
        chosen[char] = tuple(i for i, f in enumerate(firsts) if f is None or char in f)
    return chosen


def alternation(branches: Sequence[tuple[str | None, str]], prefix: str = "g") -> tuple[str, dict[str, str]]:
    """A pattern that matches like ``(?:b1|b2|...)`` over ``branches`` of
    (label, pattern), and the label of each of its named groups: a match's
    ``lastgroup`` names the group, so ``labels[m.lastgroup]`` says which
    label's branch matched. Unlabelled branches get no group; group names
    start with ``prefix``.

    A branch with groups of its own (a configured pattern, say) could not be
    repeated in several groups of branches; then the branches are simply
    joined."""
    analyse = lru_cache(maxsize=None)(_analyse)  # most branches expand to themselves
    if not any(analyse(pattern)[1] for _, pattern in branches):
        branches = [(label, piece) for label, pattern in branches for piece in _expand(pattern)]
    analysed = [analyse(pattern) for _, pattern in branches]
    plain = any(groups for _, groups in analysed)
    chosen = choices([None if plain else first for first, _ in analysed])
    labels: dict[str, str] = {}

    def branch(i: int, pattern: str | None = None) -> str:
        """Branch ``i`` (or ``pattern`` in its place), its label in an empty
        group at its end: a group at its start would keep the engine from
        skipping the branch on its first character."""
        label = branches[i][0]
        pattern = branches[i][1] if pattern is None else pattern
        if label is None:
            return f"(?:{pattern})"
        name = f"{prefix}{len(labels)}"
        labels[name] = label
        return f"(?:{pattern})(?P<{name}>)"

    def group(indices: Iterable[int], guard: str = "") -> str:
        return guard + "(?:" + "|".join(branch(i) for i in indices) + ")"

    unknown, other = chosen.pop(""), chosen.pop(OTHER)
    if not chosen and other == unknown:  # nothing to tell apart
        return group(unknown) if unknown else "(?!)", labels
    by_branches: dict[tuple[int, ...], list[str]] = {}
    for char, indices in chosen.items():
        by_branches.setdefault(indices, []).append(char)
    cases = []
    for indices, chars in by_branches.items():
        if len(chars) > 1:
            cases.append(group(indices, f"(?={_char_class(chars)})"))
            continue
        # Branches that start with the character itself lose it to a
        # shared prefix, in runs: then the engine skips a branch at almost
        # no cost when its next character does not match. When every branch
        # does, no lookahead is needed either.
        char = re.escape(chars[0])
        parts: list[str] = []
        run: list[str] = []
        for i in indices:
            split = _split_first(branches[i][1])
            if split and split[0] == chars[0]:
                run.append(branch(i, split[1]))
                continue
            if run:
                parts.append(char + "(?:" + "|".join(run) + ")")
                run = []
            parts.append(branch(i))
        if run:
            parts.append(char + "(?:" + "|".join(run) + ")")
        if len(parts) == 1 and run:
            cases.append(parts[0])
        else:
            cases.append(f"(?={char})(?:" + "|".join(parts) + ")")
    if other != unknown:
        cases.append(group(other, "(?=[^\\x00-\\x7f])"))
    if unknown:
        # Elsewhere, and at the end of the text, only branches whose first
        # characters are not known can match.
        cases.append(group(unknown, f"(?!{_char_class(list(chosen) + ([OTHER] if other != unknown else []))})"))
    return "(?:" + "|".join(cases) + ")", labels


def _expand(pattern: str, limit: int = 64) -> list[str]:
    """``pattern`` as alternatives tried in the same order, so that more of
    them start with a plain character: a leading group of alternatives is
    spread over what follows it (an optional one also gives the rest alone).

    >>> _expand("(?:blood |serum )?glucose"), _expand("e?gfr")
    (['blood glucose', 'serum glucose', 'glucose'], ['egfr', 'gfr'])
    >>> _expand("(?:wk|unit) ?#?[0-9]+")
    ['wk ?#?[0-9]+', 'unit ?#?[0-9]+']
    >>> [_expand(p) for p in ("(?:a|b)*c", "(?:a|b)c|d", "x(?:a|b)")]
    [['(?:a|b)*c'], ['(?:a|b)c|d'], ['x(?:a|b)']]
    """
    if _top_level_bar(pattern):
        return [pattern]
    first = _split_first(pattern[:1] + pattern[2:]) if pattern[1:2] == "?" and pattern[2:3] not in ("?", "+") else None
    if first and first[0] == pattern[0]:  # "e?gfr": "egfr", then "gfr"
        return [pattern[0] + pattern[2:]] + _expand(pattern[2:], limit)
    if not pattern.startswith("(?:"):
        return [pattern]
    close = _group_end(pattern, 0)
    if close is None:
        return [pattern]
    inner, rest = pattern[3:close], pattern[close + 1 :]
    alternatives = _top_level_parts(inner)
    if rest[:1] == "?" and rest[1:2] not in ("?", "+"):
        alternatives.append("")
        rest = rest[1:]
    elif rest[:1] in ("*", "+", "?", "{"):
        return [pattern]
    pieces = [piece for alternative in alternatives for piece in _expand(alternative + rest, limit)]
    return pieces if len(pieces) <= limit else [pattern]


def _syntax(pattern: str, start: int = 0) -> Iterator[tuple[int, str, int]]:
    """Each "(", ")" and "|" of ``pattern`` from ``start`` on that is syntax
    (not escaped, not in a character class), with the group depth after it,
    counted from ``start``."""
    depth = 0
    i = start
    in_class = False
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            i += 2
            continue
        if in_class:
            in_class = c != "]"
        elif c == "[":
            in_class = True
            i += 1
            if pattern[i : i + 1] == "^":
                i += 1
            if pattern[i : i + 1] == "]":
                i += 1
            continue
        elif c in "()|":
            depth += (c == "(") - (c == ")")
            yield i, c, depth
        i += 1


def _group_end(pattern: str, start: int) -> int | None:
    """The index of the ")" closing the group opened at ``start``."""
    return next((i for i, c, depth in _syntax(pattern, start) if c == ")" and depth == 0), None)


def _top_level_parts(pattern: str) -> list[str]:
    """``pattern`` split at each "|" outside any group or class."""
    parts = []
    last = 0
    for i, c, depth in _syntax(pattern):
        if c == "|" and depth == 0:
            parts.append(pattern[last:i])
            last = i + 1
    parts.append(pattern[last:])
    return parts


def _split_first(pattern: str) -> tuple[str, str] | None:
    """(first character, rest) when ``pattern`` is that character followed by
    the rest, read literally: not a class, group or escape sequence, no
    quantifier on it, no alternation at the top.

    >>> _split_first("wbcs?(?: count)?"), _split_first(r"na\\+"), _split_first(r"\\+x")
    (('w', 'bcs?(?: count)?'), ('n', 'a\\\\+'), ('+', 'x'))
    >>> [_split_first(p) for p in ("a?b", "(?:a|b)c", "ab|cd", "[ab]c", r"\\dx")]
    [None, None, None, None, None]
    """
    if not pattern or _top_level_bar(pattern):
        return None
    if pattern[0] == "\\":
        if len(pattern) < 2 or pattern[1].isalnum():
            return None
        char, rest = pattern[1], pattern[2:]
    elif pattern[0] in ".^$*+?{}[]|()":
        return None
    else:
        char, rest = pattern[0], pattern[1:]
    if rest[:1] in ("*", "+", "?", "{"):
        return None
    return char, rest


def _top_level_bar(pattern: str) -> bool:
    """Whether ``pattern`` has a "|" outside any group or class."""
    return len(_top_level_parts(pattern)) > 1


def _char_class(chars: Iterable[str]) -> str:
    """A pattern for one of ``chars``, ``OTHER`` standing for all non-ASCII ones."""
    chars = list(chars)
    ascii = "[" + "".join(f"\\x{ord(c):02x}" for c in chars if c != OTHER) + "]"
    if OTHER not in chars:
        return ascii
    # (Spelling out the non-ASCII range would make compiling slow.)
    return "[^\\x00-\\x7f]" if ascii == "[]" else f"{ascii}|[^\\x00-\\x7f]"


# Ignoring case, these match an ASCII letter ("ſ" matches "s").
_CASE_TWINS = re.compile("[\u0130\u0131\u017f\u212a]")
_MAX_WORDS = 64


class Prefilter:
    """A quick test that a text cannot hold a match of ``pattern``.

    >>> words = Prefilter(r"(?i:per|as per) (?:the )?[A-Z]{3,}")
    >>> sorted(words.words)
    ['per ']
    >>> [words.may_match(t) for t in ("Per the ADA", "hyperkalemia", "K per kg")]
    [True, False, True]
    """

    def __init__(self, pattern: str) -> None:
        try:
            parsed = _parse.parse(pattern)
            found = _needed(parsed.data, parsed.state.flags)
        except Exception:  # noqa: BLE001 - the parser is internal: when in doubt, always search
            found = None
        # None: no words known, every text may match.
        self.words: frozenset[str] | None = None if not found or min(map(len, found)) == 0 else _shortest(found)
        self._ascii = self.words is None or all(w.isascii() for w in self.words)

    def may_match(self, text: str) -> bool:
        """False only when ``text`` holds no match of the pattern."""
        if self.words is None:
            return True
        if not text.isascii():
            if _CASE_TWINS.search(text):
                return True
            if not self._ascii:
                folded = text.translate(_ASCII_LOWER)
                return any(w in folded for w in self.words)
        # (Lowering letters outside ASCII too never hides an ASCII word.)
        folded = text.lower()
        return any(w in folded for w in self.words)


_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def _shortest(words: set[str]) -> frozenset[str]:
    """The words that do not contain another of them (it is enough to look for those)."""
    return frozenset(w for w in words if not any(v != w and v in w for v in words))


def _exact(items, flags: int) -> set[str] | None:
    """Every string (in lower case) the sequence ``items`` can match, when
    there are only a few; None otherwise."""
    strings = {""}
    for op, av in items:
        found = _exact_item(op, av, flags)
        if found is None:
            return None
        strings = {a + b for a in strings for b in found}
        if len(strings) > _MAX_WORDS:
            return None
    return strings


def _exact_item(op, av, flags: int) -> set[str] | None:
    ignore_case = bool(flags & _sre.SRE_FLAG_IGNORECASE)
    if op is _sre.LITERAL:
        return _exact_char(av, ignore_case)
    if op is _sre.IN:
        chars: set[str] = set()
        for kind, value in av:
            found = _exact_char(value, ignore_case) if kind is _sre.LITERAL else None
            if found is None:
                return None
            chars |= found
        return chars
    if op is _sre.SUBPATTERN:
        _group, add, remove, items = av
        return _exact(items, (flags | add) & ~remove)
    if op is _sre.BRANCH:
        strings: set[str] = set()
        for items in av[1]:
            found = _exact(items, flags)
            if found is None:
                return None
            strings |= found
        return strings if len(strings) <= _MAX_WORDS else None
    if op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT) and (av[0], av[1]) == (0, 1):
        found = _exact(av[2], flags)
        return None if found is None else found | {""}
    if op in (_sre.AT, _sre.ASSERT, _sre.ASSERT_NOT):
        return {""}  # zero width
    return None


def _exact_char(code: int, ignore_case: bool) -> set[str] | None:
    if code >= 128:
        return None if ignore_case else {chr(code)}
    return {chr(code).lower()}  # the text is lowered too before looking


def _needed(items, flags: int) -> set[str] | None:
    """Strings (in lower case) one of which every match of the sequence
    ``items`` contains; None when none are known."""
    best: set[str] | None = None
    run: set[str] | None = {""}

    def consider(found: set[str] | None) -> None:
        nonlocal best
        if found and min(map(len, found)) > (min(map(len, best)) if best else 0):
            best = found

    for op, av in items:
        found = _exact_item(op, av, flags)
        if found is not None and run is not None:
            joined = {a + b for a in run for b in found}
            if len(joined) <= _MAX_WORDS:
                run = joined
                continue
        consider(run)
        run = found  # a new run starts here, if this item is exact
        if found is None:
            consider(_needed_item(op, av, flags))
            run = {""}
    consider(run)
    return best


def _needed_item(op, av, flags: int) -> set[str] | None:
    if op is _sre.SUBPATTERN:
        _group, add, remove, items = av
        return _needed(items, (flags | add) & ~remove)
    if op is _sre.BRANCH:
        words: set[str] = set()
        for items in av[1]:
            found = _needed(items, flags)
            if not found:
                return None
            words |= found
        return words
    if op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT) and av[0] >= 1:
        return _needed(av[2], flags)
    return None
