"""What the cache stores, as JSON text, and reading it back.

The cache is a file in the vault's folder, so it is as untrusted as the
notes: someone can commit a crafted one. Everything in it is therefore plain
data (JSON, SQLite integers and text, an array of 64-bit integers), never a
format that can build arbitrary objects, and every value read back is
checked against the shape it must have before anything uses it. A value
that does not fit raises :class:`CacheDamaged`; the caller drops the cache
and checks without it.

>>> from vaultlint.model import Edit, Fix, Applicability
>>> f = Finding("VL101", Range(0, 5, 1, 1, 1, 6), "gone", Fix((Edit(2, 3, "x"),), Applicability.SAFE, "d"))
>>> decode_findings(encode_findings([f])) == [f]
True
>>> decode_findings(encode_findings(None)) is None
True
>>> decode_findings('[["VL101", [0, 5, 1, 1, 1], "gone", null, "", null, null, null]]')
Traceback (most recent call last):
...
vaultlint.cachedata.CacheDamaged: a cached finding is not what vaultlint writes
"""

from __future__ import annotations

import json
import marshal
from array import array
from itertools import islice
from operator import lt
from collections.abc import Sequence

from .model import (
    Applicability,
    BlockId,
    Directive,
    Edit,
    Finding,
    Fix,
    Heading,
    LinkKind,
    NoteInfo,
    Range,
    _packed_links,
    Severity,
)
from .thresholds.claims import Claim


class CacheDamaged(Exception):
    """The cache holds something this version of vaultlint did not write."""


_dumps = json.JSONEncoder(ensure_ascii=False, check_circular=False, separators=(",", ":")).encode
_new = tuple.__new__


# The decoder's scanner, called directly: json.loads adds two Python calls
# and a whitespace scan to each of the tens of thousands of small values a
# warm run reads, and the cache holds no whitespace around them.
_scan = json.JSONDecoder().scan_once


def _load(text: object, what: str) -> object:
    if type(text) is not str:
        raise CacheDamaged(f"a cached {what} is not text")
    try:
        value, end = _scan(text, 0)
    except (StopIteration, ValueError, RecursionError):
        raise CacheDamaged(f"a cached {what} is not JSON") from None
    if end != len(text):
        raise CacheDamaged(f"a cached {what} is not JSON")
    return value


# Types are compared exactly (``type(v) is int``): bool is not an int here,
# as JSON's true is not a number. map(type, ...) keeps the loops in C.
_SIX_INTS = (int,) * 6


def _strings(value: object) -> list[str]:
    if type(value) is not list or value and set(map(type, value)) != {str}:
        raise TypeError
    return value


def _range(value: object) -> Range:
    if type(value) is not list or tuple(map(type, value)) != _SIX_INTS:
        raise TypeError
    return _new(Range, value)


def _opt_str(value: object) -> str | None:
    if value is not None and type(value) is not str:
        raise TypeError
    return value


def _str(value: object) -> str:
    if type(value) is not str:
        raise TypeError
    return value


def _bool(value: object) -> bool:
    if type(value) is not bool:
        raise TypeError
    return value


# -- findings ----------------------------------------------------------------------

_APPLICABILITY = {a.value: a for a in Applicability}
_SEVERITY = {int(s): s for s in Severity}


def encode_findings(findings: Sequence[Finding] | None) -> str:
    """``findings`` as JSON text that :func:`decode_findings` reads back;
    ``None`` (the rules did not run) stays distinct from no findings."""
    if findings is None:
        return "null"
    return _dumps([_plain_finding(f) for f in findings])


def _plain_finding(f: Finding) -> list:
    fix = f.fix
    if fix is not None:
        edits = [[e.start, e.end, e.replacement] for e in fix.edits]
        fix = [edits, fix.applicability.value, fix.description, fix.new_encoding]
    severity = None if f.severity is None else int(f.severity)
    return [f.code, list(f.range), f.message, fix, f.snippet, f.group, severity, f.path]


def decode_findings(text: object) -> list[Finding] | None:
    if text == "[]":  # most notes' findings of one kind
        return []
    plain = _load(text, "finding")
    if plain is None:
        return None
    try:
        if type(plain) is not list:
            raise TypeError
        return [_finding(item) for item in plain]
    except (TypeError, ValueError, KeyError):
        raise CacheDamaged("a cached finding is not what vaultlint writes") from None


_NONE = type(None)
# The types of a finding's fields: code, range, message, fix, snippet,
# group, severity, path (fix, group, severity and path may be null).
_FINDING_TYPES = {
    (str, list, str, fix, str, group, severity, path)
    for fix in (list, _NONE)
    for group in (str, _NONE)
    for severity in (int, _NONE)
    for path in (str, _NONE)
}


def _finding(item: object) -> Finding:
    if type(item) is not list or tuple(map(type, item)) not in _FINDING_TYPES:
        raise TypeError
    code, rng, message, fix, snippet, group, severity, path = item
    if tuple(map(type, rng)) != _SIX_INTS:  # its type, a list, is checked above
        raise TypeError
    if fix is not None:
        edits, applicability, description, new_encoding = fix
        if type(edits) is not list:
            raise TypeError
        fix = Fix(
            tuple(_edit(e) for e in edits), _APPLICABILITY[applicability], _str(description), _opt_str(new_encoding)
        )
    if severity is not None:
        severity = _SEVERITY[severity]
    return _new(Finding, (code, _new(Range, rng), message, fix, snippet, group, severity, path))


def _edit(value: object) -> Edit:
    start, end, replacement = value
    if type(start) is not int or type(end) is not int:
        raise TypeError
    return Edit(start, end, _str(replacement))


# -- threshold claims ---------------------------------------------------------------

_CLAIM_TEXT = {i for i, name in enumerate(Claim._fields) if name in ("path", "analyte", "analyte_name", "category", "kind", "text")}
_CLAIM_OPTIONAL = {i for i, name in enumerate(Claim._fields) if name in ("direction", "condition", "grade", "population", "dimension", "specimen")}
_CLAIM_LOW, _CLAIM_HIGH, _CLAIM_RANGE = (Claim._fields.index(n) for n in ("low", "high", "range"))


def encode_claims(claims: Sequence[Claim]) -> str:
    """Threshold claims as JSON lists (their range a list of six numbers).

    >>> c = Claim("A.md", "wbc", "WBC", "A", "range", None, None, None, None, "count", 4e3, 11e3, Range(0, 5, 1, 1, 1, 6), "4-11")
    >>> decode_claims(encode_claims([c])) == [c]
    True
    """
    return _dumps([list(c) for c in claims])


def decode_claims(text: object) -> list[Claim]:
    plain = _load(text, "threshold claim")
    try:
        if type(plain) is not list:
            raise TypeError
        return [_claim(c) for c in plain]
    except (TypeError, ValueError):
        raise CacheDamaged("a cached threshold claim is not what vaultlint writes") from None


def _claim(value: object) -> Claim:
    if type(value) is not list or len(value) != len(Claim._fields):
        raise TypeError
    for i in _CLAIM_TEXT:
        _str(value[i])
    for i in _CLAIM_OPTIONAL:
        _opt_str(value[i])
    low, high = value[_CLAIM_LOW], value[_CLAIM_HIGH]
    if type(low) not in (int, float) or (high is not None and type(high) not in (int, float)):
        raise TypeError
    value[_CLAIM_RANGE] = _range(value[_CLAIM_RANGE])
    return _new(Claim, value)


# -- what the vault index keeps of a note ------------------------------------------

_LINK_KINDS = {k.value for k in LinkKind}


def encode_info(info: NoteInfo) -> str:
    """What links into the note, its own links and its suppressions need,
    as JSON; not its line starts and claims, which are kept apart.

    Of the frontmatter only what suppressions read is kept: the codes of
    ``vaultlint: {disable: ...}`` (an empty list for every rule). The rest
    may hold any YAML value, and nothing after parsing reads it.

    >>> from vaultlint.model import Link, LinkKind, Heading, BlockId, Directive
    >>> r = Range(0, 5, 1, 1, 1, 6)
    >>> info = NoteInfo("A.md", [Link(LinkKind.WIKI, False, "B", "#x", None, r, r, "[[B#x]]")],
    ...     [Heading(1, "T", r, True)], [BlockId("id", r)], ["Alias"], {"vaultlint": {"disable": ["VL101"]}},
    ...     [Directive("disable-line", ("VL1",), r)])
    >>> back = decode_info("A.md", encode_info(info))
    >>> (list(back.links) == list(info.links), back.headings == info.headings, back.block_ids == info.block_ids)
    (True, True, True)
    >>> (back.aliases, back.frontmatter, back.directives == info.directives)
    (['Alias'], {'vaultlint': {'disable': ['VL101']}}, True)
    """
    links = [[link.kind.value, *link[1:5], list(link.range), list(link.target_range), *link[7:]] for link in info.links]
    return _dumps(
        [
            links,
            [[h.level, h.text, list(h.range), h.root] for h in info.headings],
            [[b.id, list(b.range)] for b in info.block_ids],
            list(info.aliases),
            _disabled(info.frontmatter),
            [[d.action, list(d.codes), list(d.range)] for d in info.directives],
        ]
    )


def _disabled(frontmatter: object) -> list[str] | None:
    from .suppress import _frontmatter_disabled

    codes = _frontmatter_disabled(frontmatter) if isinstance(frontmatter, dict) else None
    return None if codes is None else list(codes)


def decode_info(path: str, text: object) -> NoteInfo:
    """The note's info (links packed) from :func:`encode_info`'s text."""
    plain = _load(text, "note index")
    try:
        links, headings, block_ids, aliases, disabled, directives = plain
        if type(links) is not list or type(headings) is not list or type(block_ids) is not list:
            raise TypeError
        if type(directives) is not list:
            raise TypeError
        # Checked here, then handed to PackedLinks in the form it keeps
        # (marshal of these plain values, made here, never read from disk).
        plain_links = tuple(_link(link) for link in links)
        packed = _packed_links(marshal.dumps(plain_links), len(plain_links))
        frontmatter = None
        if disabled is not None:
            frontmatter = {"vaultlint": {"disable": _strings(disabled) or True}}
        return NoteInfo(
            path,
            links=packed,
            headings=[_heading(h) for h in headings],
            block_ids=[_block_id(b) for b in block_ids],
            aliases=_strings(aliases),
            frontmatter=frontmatter,
            directives=[_directive(d) for d in directives],
        )
    except (TypeError, ValueError):
        raise CacheDamaged("a cached note index is not what vaultlint writes") from None


# The types of a link's fields: kind, embed, path, subpath, display, range,
# target range, raw, in_comment, in_table, key (display and key may be null).
_LINK_TYPES = {
    (str, bool, str, str, display, list, list, str, bool, bool, key)
    for display in (str, _NONE)
    for key in (str, _NONE)
}


def _link(value: object) -> tuple:
    if type(value) is not list or tuple(map(type, value)) not in _LINK_TYPES:
        raise TypeError
    if value[0] not in _LINK_KINDS:
        raise ValueError
    value[5] = tuple(_range(value[5]))
    value[6] = tuple(_range(value[6]))
    return tuple(value)


def _heading(value: object) -> Heading:
    level, text, rng, root = value
    if type(level) is not int:
        raise TypeError
    return _new(Heading, (level, _str(text), _range(rng), _bool(root)))


def _block_id(value: object) -> BlockId:
    id_, rng = value
    return _new(BlockId, (_str(id_), _range(rng)))


def _directive(value: object) -> Directive:
    action, codes, rng = value
    return _new(Directive, (_str(action), tuple(_strings(codes)), _range(rng)))


# -- small columns -------------------------------------------------------------------


def encode_strings(values: Sequence[str]) -> str:
    return _dumps(list(values))


def decode_strings(text: object, what: str) -> list[str]:
    if text == "[]":  # most notes' aliases
        return []
    plain = _load(text, what)
    try:
        return _strings(plain)
    except TypeError:
        raise CacheDamaged(f"a cached {what} is not a list of names") from None


def encode_line_starts(starts: Sequence[int]) -> bytes:
    """Line starts as 64-bit integers in the machine's byte order (the
    cache is never moved to another machine that would read it)."""
    return array("q", starts).tobytes()


def decode_line_starts(data: object) -> array:
    """Line starts back as an array; they must start at 0 and rise.

    >>> list(decode_line_starts(encode_line_starts([0, 4, 9])))
    [0, 4, 9]
    """
    if type(data) is not bytes or len(data) % 8:
        raise CacheDamaged("cached line starts are not what vaultlint writes")
    starts = array("q")
    starts.frombytes(data)
    if not starts or starts[0] != 0 or not all(map(lt, starts, islice(starts, 1, None))):
        raise CacheDamaged("cached line starts are not what vaultlint writes")
    return starts
