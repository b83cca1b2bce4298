"""What the link rules (VL101-VL107) share: which links to look at, how to
name files in messages, and how to rewrite a link's target.

A link that goes nowhere gets exactly one report: VL102 for an embed,
VL106 for a link written with an alias, VL107 for a property string
holding several links, VL101 for the rest.
"""

from __future__ import annotations

import re
import unicodedata
from typing import TYPE_CHECKING, Callable, ClassVar, Iterable, Iterator

from ..model import (
    Applicability,
    Edit,
    Finding,
    Fix,
    Link,
    LinkKind,
    NoteInfo,
    PackedLinks,
    Severity,
)
from ..resolve import encode_destination, link_path, subpath_parts
from .base import LinkRule

if TYPE_CHECKING:
    from ..vault import Vault
    from .base import RuleContext


def links_to_check(info: NoteInfo, ctx: "RuleContext") -> Iterator[Link]:
    """The note's links, without those in ``%%`` comments when the
    ``comment-links`` option is "ignore"."""
    skip_comments = ctx.config.links.comment_links == "ignore"
    for link in info.links:
        if not (skip_comments and link.in_comment):
            yield link


COMMENTED = (
    " The link is inside a %% comment: it is hidden in reading view, but Obsidian still counts it,"
    " so it appears in the graph and in backlinks."
)


def comment_severity(link: Link, severity: Severity) -> Severity:
    """Links in ``%%`` comments are hidden in reading view but still
    indexed by Obsidian (spec R1.10, uncertain), so they are reported as
    warnings at most."""
    return min(severity, Severity.WARNING) if link.in_comment else severity


def is_placeholder(link: Link, info: NoteInfo, vault: "Vault", ctx: "RuleContext") -> bool:
    """Whether an unresolved link is a placeholder for a note not written
    yet, by the ``report-unresolved`` policy, and so not reported.

    "since-commit": a link that also led nowhere in the last commit (when
    git can tell). "unlisted": a link to a name in ``placeholder-notes``,
    compared as links are, in any case and without ``.md``."""
    options = ctx.config.links
    if options.report_unresolved == "since-commit":
        committed = vault.committed
        return committed is not None and committed.resolve(link.path, info.path).target is None
    if options.report_unresolved == "unlisted":
        name = unicodedata.normalize("NFC", shown_path(link.path)).lower()
        return name in {unicodedata.normalize("NFC", shown_path(p.strip())).lower() for p in options.placeholder_notes}
    return False


def is_multi_link(link: Link) -> bool:
    """A property string holding several links, ``"[[A]], [[B]]"``, that
    Obsidian reads as one link to ``A]], [[B`` (R7.2); VL107 reports it."""
    return link.kind is LinkKind.FRONTMATTER and "]]" in link.path and "[[" in link.path


def alias_owner(link: Link, vault: "Vault") -> str | None:
    """The one note that has the link's text as an alias, if exactly one
    does (R6.1); only for plain names, not paths."""
    if link.embed or "/" in link.path or not link.path:
        return None
    owners = vault.aliases.get(link.path.lower(), [])
    return owners[0] if len(owners) == 1 else None


def note_name(path: str) -> str:
    """How a file is named in messages: a note without ``.md``.

    >>> note_name("Pharm/Drugs.md"), note_name("Img/photo.png")
    ('Drugs', 'photo.png')
    """
    name = path.rsplit("/", 1)[-1]
    return name[:-3] if name.lower().endswith(".md") else name


def shown_path(linkpath: str) -> str:
    """The link's path as the user wrote it, for messages and grouping."""
    return linkpath[:-3] if linkpath.lower().endswith(".md") else linkpath


def raw_target(link: Link) -> str:
    """The target text exactly as it is in the note."""
    start = link.target_range.start - link.range.start
    return link.raw[start : start + link.target_range.end - link.target_range.start]


_REFERENCE_OR_HASH = re.compile(r"&#[xX]?[0-9a-fA-F]+;|#")


def fragment_at(destination: str) -> int:
    """Where a Markdown link destination's ``#fragment`` starts, or -1: the
    first '#' that is not part of a character reference such as ``&#75;``.

    >>> fragment_at("A&#75;.md#Heading"), fragment_at("A&#75;.md")
    (9, -1)
    """
    for match in _REFERENCE_OR_HASH.finditer(destination):
        if match.group() == "#":
            return match.start()
    return -1


def _hash_at(link: Link, raw: str) -> int:
    """Where the heading or block part of ``raw``, the link's target text,
    starts, or -1. A Markdown link's '#' may be part of a character
    reference (``&#75;``), which is part of the path."""
    return fragment_at(raw) if link.kind is LinkKind.MARKDOWN else raw.find("#")


def _angle(link: Link) -> bool:
    start = link.target_range.start - link.range.start
    return link.kind is LinkKind.MARKDOWN and start > 0 and link.raw[start - 1] == "<"


def retarget(link: Link, target: str, info: NoteInfo, vault: "Vault") -> Edit | None:
    """An edit pointing ``link`` at the file ``target``, in the vault's
    newLinkFormat; the heading or block part, the display text and a
    table's ``\\|`` escape are kept. None when the link cannot be written.
    """
    raw = raw_target(link)
    if not raw and link.path:
        return None  # the parser could not place the target text
    markdown = link.kind is LinkKind.MARKDOWN
    text = link_path(vault.table, target, info.path, vault.link_format, markdown)
    if text is None:
        return None
    if markdown:
        text = encode_destination(text, angle=_angle(link))
    elif link.kind is LinkKind.FRONTMATTER and any(c in text for c in "\"'\\"):
        return None  # would need YAML escaping
    hash_at = _hash_at(link, raw)
    rest = raw[hash_at:] if hash_at >= 0 else ("\\" if raw.endswith("\\") else "")
    return Edit(link.target_range.start, link.target_range.end, text + rest)


def resubpath(link: Link, subpath: str) -> Edit | None:
    """An edit replacing the link's ``#...`` part with ``subpath``."""
    raw = raw_target(link)
    hash_at = _hash_at(link, raw)
    if hash_at < 0:
        return None
    if link.kind is LinkKind.MARKDOWN:
        subpath = "#" + encode_destination(subpath[1:], angle=_angle(link))
    elif raw.endswith("\\") and link.kind is LinkKind.WIKI:
        subpath += "\\"
    return Edit(link.target_range.start + hash_at, link.target_range.end, subpath)


def renamed_hint(link: Link, info: NoteInfo, vault: "Vault") -> tuple[str, Fix | None] | None:
    """When git recorded that the file this link reached was renamed: the
    message's second half and a safe fix pointing the link at the new
    place. None otherwise. The rename map comes from the engine; this
    never asks git itself."""
    new = vault.renamed_target(link.path, info.path)
    if new is None:
        return None
    edit = retarget(link, new, info, vault)
    fix = edit and Fix((edit,), Applicability.SAFE, f"Point the link at {new}, where git recorded the file was moved")
    return f' Git recorded that this file was renamed to "{new}".', fix


def same_name_files(link: Link, vault: "Vault") -> list[str]:
    """Files that have the link's file name, in any folder."""
    name = link.path.rsplit("/", 1)[-1]
    if not name:
        return []
    found = vault.table.named(name) if "." in name else []
    return found or vault.table.named(name + ".md")


def name_key(name: str) -> str:
    """``name`` without case, spacing, punctuation or diacritics: two
    names with the same key are the same name written differently.

    >>> name_key("Café au lait"), name_key("cafe-AU-LAIT"), name_key("Hyperkalemia") == name_key("Hypokalemia")
    ('cafeaulait', 'cafeaulait', False)
    """
    return "".join(c for c in unicodedata.normalize("NFKD", name) if c.isalnum()).lower()


def same_path(linkpath: str, target: str) -> bool:
    """Whether the file ``target`` is what ``linkpath`` names, up to case,
    spacing, punctuation and diacritics, folder by folder: the only kind of
    guess a fix may write. ``linkpath`` may leave out leading folders.

    >>> same_path("A & P II/Electrolytes", "A&P II/Electrolytes.md")
    True
    >>> same_path("A & P II/Electrolytes", "Chemistry/Electrolytes.md")
    False
    """
    wanted = [name_key(part) for part in shown_path(linkpath).split("/")]
    have = [name_key(part) for part in shown_path(target).split("/")]
    return len(wanted) <= len(have) and have[len(have) - len(wanted) :] == wanted


def missing_hint(link: Link, info: NoteInfo, vault: "Vault", cutoff: float) -> tuple[str, Fix | None]:
    """The second half of a "goes nowhere" message, and a fix if one is
    certain. In order: a file name with "#" in it, a file without an
    extension, the same file name in another folder, a name several files
    share, an image or PDF linked without its extension, a close name.

    A fix changes which file a link means only to a file whose path is the
    link's, written differently (``same_path``). Anything merely similar,
    such as a note with the same name in another folder, which may be the
    moved note or another note altogether, is named in the message only."""
    whole = vault.resolve(link.path + link.subpath, info.path).target if link.subpath else None
    if whole:
        return (
            f' The file "{whole}" exists, but "#" in a link always starts a heading, so it cannot be'
            " linked by this name; rename the file without the #.",
            None,
        )
    bare = vault.table.named(link.path.rsplit("/", 1)[-1])
    if bare and "." not in link.path.rsplit("/", 1)[-1]:
        return (
            f' The file "{bare[0]}" exists, but a file without an extension cannot be linked from Obsidian.',
            None,
        )
    same = same_name_files(link, vault)
    if len(same) == 1:
        # The link's folder is wrong but its file name is unique: the note
        # was moved, a folder on its path renamed, or it is another note.
        if same_path(link.path, same[0]):
            fix = _retarget_fix(link, same[0], info, vault, Applicability.SAFE)
            return f' A file with this name is at "{same[0]}".', fix
        return (
            f' A file with this name is at "{same[0]}"; if that is the note this link means (it may have been'
            " moved), point the link there.",
            None,
        )
    if same:
        listed = ", ".join(f'"{p}"' for p in same[:3]) + (", ..." if len(same) > 3 else "")
        return f" Files with this name are at {listed}; write the folder that holds the right one.", None
    typed = vault.suggester.needing_extension(link.path)
    if typed:
        return (
            f' Links to files that are not notes must include the extension, for example "{note_name(typed[0])}".',
            None,
        )
    close = vault.suggester.closest(link.path, cutoff)
    if close:
        # Unsafe: another file may have the same name written another way.
        fix = _retarget_fix(link, close, info, vault, Applicability.UNSAFE) if same_path(link.path, close) else None
        return f' Did you mean "{note_name(close)}" ({close})?', fix
    return "", None


def _retarget_fix(link: Link, target: str, info: NoteInfo, vault: "Vault", applicability: Applicability) -> Fix | None:
    """The fix pointing ``link`` at ``target``, a file ``same_path`` says
    the link names."""
    edit = retarget(link, target, info, vault)
    return edit and Fix((edit,), applicability, f"Point the link at {target}")


def anchor_notes(link: Link, info: NoteInfo, vault: "Vault") -> list[NoteInfo]:
    """The notes a link's ``#heading`` or ``#^block`` is looked up in.

    Empty when there is nothing to check: no anchor, an unresolved link, or
    a target that is not a note (``#page=3`` on a PDF, R4.5). When several
    files tie for the link, all of them: the anchor is accepted if any has
    it, since Obsidian's choice between them is not certain (spec §11.2).
    """
    return _anchor_notes(link.path, link.subpath, info, vault)


def _anchor_notes(path: str, subpath: str, info: NoteInfo, vault: "Vault") -> list[NoteInfo]:
    if not subpath_parts(subpath):
        return []
    res = vault.resolve(path, info.path)
    if res.target is None or not res.target.lower().endswith(".md"):
        return []
    notes = [info if tie == info.path else vault.notes.get(tie) for tie in res.ties]
    return [n for n in notes if n is not None]


def sort_links(info: NoteInfo, vault: "Vault", keep_all: bool) -> tuple[dict[str, list[Link]], set[str]]:
    """A note's links by what the link rules can report on (``reports_on``),
    each link resolved once, and the files they lead to.

    "unresolved": no file found; "missing_anchor": a "#" part that matches
    nothing in any note the link leads to; "ambiguous": several files tie;
    "all" (only when ``keep_all``). Packed links are made into Link objects
    only when they are in a group: most links lead where they should.
    """
    packed = isinstance(info.links, PackedLinks)
    rows: Iterable[tuple] = info.links.rows() if packed else info.links
    make: Callable[[tuple], Link] = PackedLinks.link if packed else (lambda row: row)  # type: ignore[assignment]
    groups: dict[str, list[Link]] = {"all": [], "unresolved": [], "missing_anchor": [], "ambiguous": []}
    every, unresolved, missing, ambiguous = groups["all"], groups["unresolved"], groups["missing_anchor"], groups["ambiguous"]
    targets: set[str] = set()
    source, resolve, anchor = info.path, vault.resolve, vault.anchor
    for row in rows:
        link = make(row) if keep_all else None
        if keep_all:
            every.append(link)
        path, subpath = row[2], row[3]
        res = resolve(path, source)
        if res.target is None:
            unresolved.append(link or make(row))
            continue
        targets.update(res.files)
        if len(res.ties) > 1:
            link = link or make(row)
            ambiguous.append(link)
        if subpath:
            notes = _anchor_notes(path, subpath, info, vault)
            if notes and not any(anchor(note, subpath).found for note in notes):
                missing.append(link or make(row))
    return groups, targets


def where_name(link: Link, target: NoteInfo) -> str:
    """How the target note is named in anchor messages."""
    return "This note" if link.path == "" else f'"{note_name(target.path)}"'


class AnchorRule(LinkRule):
    """A link whose note exists but whose ``#anchor`` matches nothing there:
    VL103 for headings, VL104 for blocks. When several notes tie for the
    target, the anchor counts as found if any of them has it (spec 11.2)."""

    anchor_kind: ClassVar[str]  # "heading" or "block", as match_anchor names them
    reports_on = "missing_anchor"

    def check_links(self, info: NoteInfo, vault: "Vault", ctx: "RuleContext") -> Iterable[Finding]:
        cutoff = ctx.config.links.suggest_cutoff
        for link in links_to_check(info, ctx):
            targets = anchor_notes(link, info, vault)
            if not targets:
                continue
            anchors = [vault.anchor(t, link.subpath) for t in targets]
            if anchors[0].kind != self.anchor_kind or any(a.found for a in anchors):
                continue
            message, fix = self.explain(link, targets[0], cutoff)
            if link.in_comment:
                message += COMMENTED
            # A missing section makes an embed show an error box (R4, 0.12.2).
            severity = Severity.ERROR if link.embed else self.severity
            yield Finding(
                code=self.code,
                range=link.range,
                message=message,
                fix=fix,
                snippet=link.raw,
                severity=comment_severity(link, severity),
            )

    def explain(self, link: Link, target: NoteInfo, cutoff: float) -> tuple[str, Fix | None]:
        """The message, and a fix when exactly one anchor is close."""
        raise NotImplementedError
