"""Moving a note, an attachment or a folder with every link kept pointing
at the same file.

The plan is made before anything changes. Every file that moves gets its
new path; every link in the vault is resolved twice, in the vault as it is
(from where its note is now) and in the vault as it will be (from where its
note will be), and a link whose file would change, or that would become
ambiguous, gets its target rewritten to the file it led to before. Only
the target text is replaced: display text, ``#heading`` and ``#^block``
parts, a table's ``\\|`` and the link's syntax stay as written. The
rewritten notes are parsed again and every link checked once more; only
a plan that passes is carried out.

A link that goes nowhere before the move is left alone, and so is a link
to the note itself (``[[#Heading]]``).

>>> new_path("A/Sub/x.md", {"A/Sub": "B"}, folder=True)
'B/x.md'
"""

from __future__ import annotations

import json
import os
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from . import git
from .canvas import parse_canvas
from .config import Config
from .discover import VaultFiles, is_hidden, is_note, walk
from .fix import (
    ChangedNote,
    NotWritten,
    _note_diff,
    _quote,
    apply_edits,
    disk_path,
    prepare_write,
    resolve_in_vault,
    write_atomic,
)
from .model import Edit, Link, LinkKind, Range
from .parse import parse_note
from .reader import ReadError, Source, read_note
from .resolve import FileTable, encode_destination, link_path, link_format
from .rules._links import fragment_at, raw_target


class MoveError(Exception):
    """A move that cannot be made; the message says why, in one line.
    Nothing has been changed when it is raised."""


@dataclass
class MovePlan:
    root: Path
    source: str  # vault path of what moves ('' never: the root cannot move)
    dest: str
    folder: bool
    moves: dict[str, str]  # every visible file that moves: old path -> new path
    changed: list[ChangedNote] = field(default_factory=list)  # paths are the paths before the move
    links: int = 0  # links rewritten
    unreadable: list[tuple[str, str]] = field(default_factory=list)  # notes whose links could not be read
    sources: dict[str, Source] = field(default_factory=dict)

    @property
    def notes_touched(self) -> int:
        return len(self.changed)


def new_path(path: str, moves: dict[str, str], folder: bool) -> str:
    """Where ``path`` ends up when ``moves`` (one entry) is applied."""
    (old, new), = moves.items()
    if path == old:
        return new
    if folder and path.startswith(old + "/"):
        return new + path[len(old) :]
    return path


def _vault_path(root: Path, path: Path) -> str | None:
    """``path`` (as given on the command line) as an NFC vault path, or None
    when it is outside the vault. Symlinks on the way are not followed, so
    a path is judged by where it is written, not where it leads."""
    absolute = Path(os.path.abspath(path))
    try:
        rel = absolute.relative_to(root)
    except ValueError:
        try:
            rel = Path(os.path.realpath(absolute.parent)).relative_to(root.resolve()) / absolute.name
        except ValueError:
            return None
    text = rel.as_posix()
    return "" if text == "." else unicodedata.normalize("NFC", text)


def _extension(path: str) -> str:
    name = path.rsplit("/", 1)[-1]
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def decide(root: Path, files: VaultFiles, source_arg: Path, dest_arg: Path, into: bool = False) -> tuple[str, str, bool]:
    """The vault paths to move from and to, and whether it is a folder;
    MoveError for every move that must not happen. ``into``: the
    destination is a folder to move into, existing or not (written with a
    trailing slash)."""
    source = _vault_path(root, source_arg)
    if source is None:
        raise MoveError(f"{source_arg} is outside the vault at {root}")
    if source == "":
        raise MoveError("the vault itself cannot be moved")
    # The name as stored: macOS may keep "é" decomposed while it is typed composed.
    on_disk = source_arg if os.path.lexists(source_arg) else disk_path(root, source.split("/"))
    if not os.path.lexists(on_disk):
        raise MoveError(f"{source_arg}: no such file or folder")
    if is_hidden(source):
        raise MoveError(f"{source_arg} is hidden from Obsidian (a name starting with '.'); move it with your file manager")
    folder = os.path.isdir(on_disk) and not os.path.islink(on_disk)
    dest = _vault_path(root, dest_arg)
    if dest is None:
        raise MoveError(f"{dest_arg} is outside the vault at {root}")
    if into or (os.path.isdir(dest_arg) and not os.path.islink(dest_arg)):
        dest = f"{dest}/{source.rsplit('/', 1)[-1]}" if dest else source.rsplit("/", 1)[-1]
    if dest == "" or dest == source:
        raise MoveError(f"{source} is already there")
    existing = root / dest
    while not os.path.lexists(existing) and existing != root:
        existing = existing.parent
    if not Path(os.path.realpath(existing)).is_relative_to(root.resolve()):
        raise MoveError(f"{dest} leads out of the vault through a symbolic link")
    if is_hidden(dest):
        raise MoveError(f"{dest} is hidden from Obsidian (a name starting with '.'); links could not reach it")
    if folder and (dest + "/").startswith(source + "/"):
        raise MoveError(f"cannot move the folder {source} into itself ({dest})")
    if not folder and _extension(source) != _extension(dest):
        raise MoveError(f"{dest} has another extension than {source}; keep the extension (.{_extension(source) or 'none'})")
    if os.path.lexists(root / dest) and not _same_file(on_disk, root / dest):
        raise MoveError(f"{dest} already exists")
    lowered = dest.lower()
    for other in files.files:
        low = other.lower()
        if (low == lowered and other != source) or (folder and low.startswith(lowered + "/") and not other.startswith(source + "/")):
            raise MoveError(f"{dest} would collide with {other} (names differ only in case)")
    parent = (root / dest).parent
    while parent != root and not parent.exists():
        parent = parent.parent
    if parent.exists() and not parent.is_dir():
        raise MoveError(f"{dest}: {parent.relative_to(root).as_posix()} is a file, not a folder")
    return source, dest, folder


def _same_file(a: Path, b: Path) -> bool:
    # A rename that changes only the case of a name, on a file system that ignores case.
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


# --- which notes can be affected ---------------------------------------------------

_WORD = re.compile(r"[a-z0-9]+")


# Past this many names, checking each note for each is slower than parsing it.
MAX_TOKENS = 64


def _token(path: str) -> str | None:
    """The longest ASCII word in a file name (without .md): every link
    that names the file, however it is written, contains it, unless
    percent-encoded or written with character references (which a '%' or
    '&#' in the note gives away)."""
    name = path.rsplit("/", 1)[-1].lower()
    if name.endswith(".md"):
        name = name[:-3]
    words = _WORD.findall(name)
    return max(words, key=len) if words else None


def _needs_reading(text: str, tokens: list[str] | None) -> bool:
    if tokens is None or "%" in text or "&#" in text:
        return True
    lowered = text.lower() if text.isascii() else unicodedata.normalize("NFC", text).lower()
    return any(t in lowered for t in tokens)


# --- rewriting one link ---------------------------------------------------------------


def _keeps(link: Link, table: FileTable, source: str, want: str, was_ambiguous: bool) -> bool:
    res = table.resolve(link.path, source)
    return res.target == want and (was_ambiguous or not res.ambiguous)


def _leads(table: FileTable, text: str, source: str, want: str, bare: bool) -> bool:
    res = table.resolve(text, source)
    if bare:
        return res.files == (want,)
    return res.target == want and not res.ambiguous


_ENCODED_NON_ASCII = re.compile(r"%[89A-Fa-f][0-9A-Fa-f]")


def _encode_like(path: str, written: str, angle: bool) -> str:
    """``path`` as a Markdown link destination, encoded the way ``written``
    (the destination it replaces) was: spaces and the like always
    percent-encoded (in ``<...>`` nothing is), letters such as "é" only if
    ``written`` had them encoded too, as Obsidian writes them raw.

    >>> _encode_like("Café au lait.md", "Old%20name.md", False), _encode_like("Café.md", "Caf%C3%A9.md", False)
    ('Café%20au%20lait.md', 'Caf%C3%A9.md')
    """
    if angle or _ENCODED_NON_ASCII.search(written):
        return encode_destination(path, angle=angle)
    return "".join(c if ord(c) > 127 and c.isprintable() and not c.isspace() else encode_destination(c) for c in path)


def link_text_for(link: Link, want: str, source: str, table: FileTable, fmt: str) -> str | None:
    """The new target text of ``link`` (written in note ``source``, after
    the move) so it leads to ``want``; None when no text can.

    A bare name stays a bare name when it names exactly one file; otherwise
    the path is written in the vault's newLinkFormat, and as a full vault
    path when that would be ambiguous.
    """
    raw = raw_target(link)
    if not raw and link.path:
        return None
    markdown = link.kind is LinkKind.MARKDOWN
    hash_at = fragment_at(raw) if markdown else raw.find("#")
    rest = raw[hash_at:] if hash_at >= 0 else ("\\" if raw.endswith("\\") and link.kind is not LinkKind.MARKDOWN else "")
    written = link.path
    keep_md = written.lower().endswith(".md") or (markdown and "." in written.rsplit("/", 1)[-1] and not want.lower().endswith(".md"))
    is_md = want.lower().endswith(".md")

    def shape(path: str) -> str:
        return path if not is_md or keep_md else path[:-3]

    candidates: list[tuple[str, bool]] = []
    name_only = (shape(want.rsplit("/", 1)[-1]), True)
    if "/" not in written:
        candidates.append(name_only)
    formatted = link_path(table, want, source, fmt, markdown=True)
    if formatted is not None:
        candidates.append((shape(formatted), False))
    # A path with '#' cannot be written in a link, but the name alone may do.
    candidates += [name_only, (shape(want), False)]
    for text, bare in candidates:
        if "#" in text or not _leads(table, text, source, want, bare):
            continue
        if markdown:
            angle = link.target_range.start > link.range.start and link.raw[link.target_range.start - link.range.start - 1] == "<"
            return _encode_like(text, raw, angle) + rest
        if "|" in text or "[[" in text or "]]" in text:
            return None
        if link.kind is LinkKind.FRONTMATTER and any(c in text for c in "\"'\\"):
            return None  # would need YAML escaping
        return text + rest
    return None


# --- the plan -------------------------------------------------------------------


def plan_move(root: Path, config: Config, source_arg: Path, dest_arg: Path, progress=None, into: bool = False) -> MovePlan:
    """Everything the move would change, checked; MoveError when it cannot
    be made without breaking a link."""
    files = walk(root)
    source, dest, folder = decide(root, files, source_arg, dest_arg, into)
    moved_files = [f for f in files.files if f == source or (folder and f.startswith(source + "/"))]
    moves = {f: new_path(f, {source: dest}, folder) for f in moved_files}
    plan = MovePlan(root, source, dest, folder, moves)
    if not moved_files and not folder:
        raise MoveError(f"{source} is not a file Obsidian sees")
    before = FileTable(files.files)
    after = FileTable([moves.get(f, f) for f in files.files])
    fmt = link_format(_app(root))

    names = [*moves, *moves.values()]
    tokens: list[str] | None = []
    for name in names:
        token = _token(name)
        if token is None:
            tokens = None
            break
        tokens.append(token)
    if tokens is not None:
        tokens = sorted(set(tokens))
        if len(tokens) > MAX_TOKENS:
            tokens = None

    fm_md = config.links.frontmatter_markdown_links
    for path in files.notes:
        if progress:
            progress(1, len(files.notes))
        try:
            src = read_note(files.disk_path(root, path), path, config.max_file_size)
        except ReadError as exc:
            plan.unreadable.append((path, str(exc)))
            continue
        if path not in moves and not _needs_reading(src.text, tokens):
            continue
        note = parse_note(src, frontmatter_markdown_links=fm_md)
        where = moves.get(path, path)
        edits: list[Edit] = []
        expected: list[str | None] = []
        for link in note.links:
            if link.path == "":
                expected.append(None)
                continue
            res = before.resolve(link.path, path)
            if res.target is None:
                expected.append(None)
                continue
            want = moves.get(res.target, res.target)
            expected.append(want)
            if _keeps(link, after, where, want, res.ambiguous):
                continue
            text = link_text_for(link, want, where, after, fmt)
            if text is None:
                raise MoveError(
                    f"{path}:{link.range.line}:{link.range.column}: the link {link.raw!r} cannot be rewritten to reach {want}"
                )
            edits.append(Edit(link.target_range.start, link.target_range.end, text))
            plan.links += 1
        if not edits:
            continue
        text = apply_edits(src.text, edits)
        fixed = Source(**{**src.__dict__, "text": text, "path": where})
        _verify(fixed, note.links, expected, before, after, path, where, fm_md)
        try:
            _, before_bytes, after_bytes = prepare_write(root, src, fixed)
        except NotWritten as exc:
            raise MoveError(f"{path}: its links cannot be rewritten: {exc}") from None
        plan.changed.append(ChangedNote(path, src.text, text, len(edits), before_bytes, after_bytes))
        plan.sources[path] = src
    for path in files.files:
        if path.lower().endswith(".canvas"):
            _plan_canvas(plan, config, files, path, before, after, fmt)
    return plan


def _plan_canvas(plan: MovePlan, config: Config, files: VaultFiles, path: str, before: FileTable, after: FileTable, fmt: str) -> None:
    """The edits one canvas needs: a file card names its file by its full
    path, so a moved file's card gets the new path; the links in text
    cards are rewritten as a note's are, written with JSON's escapes."""
    try:
        src = read_note(files.disk_path(plan.root, path), path, config.max_file_size)
    except ReadError as exc:
        plan.unreadable.append((path, str(exc)))
        return
    canvas = parse_canvas(src.text)
    if canvas.error is not None:
        plan.unreadable.append((path, canvas.error))
        return
    where = plan.moves.get(path, path)
    cards = {node.range for node in canvas.file_nodes}
    edits: list[Edit] = []
    expected: list[str | None] = []
    for link in canvas.links:
        res = before.resolve(link.path, path) if link.path else None
        if res is None or res.target is None:
            expected.append(None)
            continue
        want = plan.moves.get(res.target, res.target)
        expected.append(want)
        if link.range in cards:
            if link.path != want:
                edits.append(Edit(link.target_range.start, link.target_range.end, json.dumps(want, ensure_ascii=False)[1:-1]))
                plan.links += 1
            continue
        if _keeps(link, after, where, want, res.ambiguous):
            continue
        # The link as its card's Markdown holds it: JSON escapes undone.
        written = json.loads('"' + src.text[link.target_range.start : link.target_range.end] + '"')
        whole = Range(0, len(written), 1, 1, 1, len(written) + 1)
        text = link_text_for(link._replace(raw=written, range=whole, target_range=whole), want, where, after, fmt)
        if text is None:
            raise MoveError(f"{path}:{link.range.line}:{link.range.column}: the link {link.raw!r} cannot be rewritten to reach {want}")
        edits.append(Edit(link.target_range.start, link.target_range.end, json.dumps(text, ensure_ascii=False)[1:-1]))
        plan.links += 1
    if not edits:
        return
    text = apply_edits(src.text, edits)
    again = parse_canvas(text)
    got = [after.resolve(link.path, where).target if want else None for link, want in zip(again.links, expected)]
    if again.error is not None or len(again.links) != len(expected) or got != expected:
        raise MoveError(f"{path}: rewriting its links would change what the canvas shows; nothing was moved")
    fixed = Source(**{**src.__dict__, "text": text, "path": where})
    try:
        _, before_bytes, after_bytes = prepare_write(plan.root, src, fixed)
    except NotWritten as exc:
        raise MoveError(f"{path}: its links cannot be rewritten: {exc}") from None
    plan.changed.append(ChangedNote(path, src.text, text, len(edits), before_bytes, after_bytes))
    plan.sources[path] = src


def _verify(fixed: Source, old_links, expected, before, after, path, where, fm_md) -> None:
    """Parse the rewritten note and check each link reaches what it did."""
    note = parse_note(fixed, frontmatter_markdown_links=fm_md)
    if len(note.links) != len(old_links):
        raise MoveError(f"{path}: rewriting its links would change how the note is read; nothing was moved")
    for link, want in zip(note.links, expected):
        if want is None:
            continue
        got = after.resolve(link.path, where).target
        if got != want:
            raise MoveError(f"{path}:{link.range.line}: the link {link.raw!r} would not reach {want}; nothing was moved")


def _app(root: Path) -> dict:
    from .engine import read_app_config

    return read_app_config(root)


# --- carrying it out --------------------------------------------------------------


def diff(plan: MovePlan) -> bytes:
    """The move as a git-style diff: renames, then each rewritten note."""
    out: list[bytes] = []
    changed = {c.path: c for c in plan.changed}
    for old, new in sorted(plan.moves.items()):
        a = _quote("a/" + old).encode("utf-8")
        b = _quote("b/" + new).encode("utf-8")
        out.append(b"diff --git " + a + b" " + b + b"\n")
        out.append(b"similarity index 100%\n" if old not in changed else b"")
        out.append(b"rename from " + _quote(old).encode("utf-8") + b"\nrename to " + _quote(new).encode("utf-8") + b"\n")
        note = changed.pop(old, None)
        if note is not None:
            body = _note_diff(ChangedNote(new, note.before, note.after, note.fixes, note.before_bytes, note.after_bytes))
            # Keep the hunks, with the old name in the --- line.
            lines = body.split(b"\n", 1)[1].split(b"\n", 2)
            old_line = b"--- " + _quote("a/" + old).encode("utf-8")
            out.append(old_line + b"\n" + lines[1] + b"\n" + lines[2])
    for path in sorted(changed):
        out.append(_note_diff(changed[path]))
    return b"".join(out)


def carry_out(plan: MovePlan) -> str:
    """Move the files (``git mv`` inside a repository that tracks them),
    then write the rewritten notes. Returns how the move was made: "with
    git mv" or ""."""
    root = plan.root
    src_disk = disk_path(root, plan.source.split("/"))  # the name as stored, NFD or not
    dest_disk = root / plan.dest
    # Check every note can still be written before anything moves.
    for note in plan.changed:
        real = resolve_in_vault(root, note.path)
        if not os.access(real, os.W_OK):
            raise MoveError(f"{note.path}: read-only; nothing was moved")
    dest_disk.parent.mkdir(parents=True, exist_ok=True)
    how = ""
    repo = git.find_repo(root)
    if repo is not None and git.is_tracked(repo, src_disk.relative_to(root).as_posix()):
        try:
            git.move(repo, src_disk.relative_to(root).as_posix(), plan.dest)
        except git.GitError as exc:
            raise MoveError(f"git mv failed: {exc}") from None
        how = "with git mv"
    else:
        try:
            os.rename(src_disk, dest_disk)
        except OSError as exc:
            raise MoveError(f"cannot move {plan.source}: {exc.strerror or exc}") from None
    problems = []
    for note in plan.changed:
        where = plan.moves.get(note.path, note.path)
        try:
            real = resolve_in_vault(root, where)
            write_atomic(real, note.after_bytes, plan.sources[note.path].digest)
        except (NotWritten, OSError) as exc:
            problems.append(f"{where}: {exc}")
    if problems:
        raise MoveError(f"moved {plan.source}, but {len(problems)} note(s) could not be rewritten: " + "; ".join(problems))
    return how


def summary(plan: MovePlan, how: str | None) -> str:
    what = "folder" if plan.folder else "note" if is_note(plan.source) else "file"
    details = ["dry run" if how is None else how]
    if plan.folder:
        details.append(f"{len(plan.moves)} file{'s' if len(plan.moves) != 1 else ''}")
    detail = ", ".join(d for d in details if d)
    links = plan.links
    lines = [
        f"{'Would move' if how is None else 'Moved'} {what} {plan.source} -> {plan.dest}"
        f"{f' ({detail})' if detail else ''}; "
        f"{'would rewrite' if how is None else 'rewrote'} {links} link{'s' if links != 1 else ''} "
        f"in {plan.notes_touched} file{'s' if plan.notes_touched != 1 else ''}."
    ]
    for path, reason in plan.unreadable:
        lines.append(f"  not read, its links were not updated: {path}: {reason}")
    return "\n".join(lines)
