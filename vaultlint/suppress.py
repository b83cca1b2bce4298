"""Suppressions: comments in the note, its frontmatter, and the configuration.

In a note (Obsidian comments do not show in reading view)::

    %% vaultlint-disable-next-line VL101 %%
    %% vaultlint-disable VL301 %% ... %% vaultlint-enable %%
    some text %% vaultlint-disable-line VL201 %%

In its frontmatter: ``vaultlint: {disable: [VL301]}``. In the
configuration: ``per-file-ignores``. Codes may be codes, prefixes or rule
names; none means every rule.
"""

from __future__ import annotations

from dataclasses import dataclass
from fnmatch import fnmatchcase

from .model import Directive, Finding, NoteInfo, Range
from .rules import Registry

UNKNOWN_CODE = "VL003"
_END = 1 << 30  # "to the end of the note"


@dataclass(frozen=True)
class _Span:
    first_line: int
    last_line: int  # inclusive; a very large number for "to the end"
    codes: tuple[str, ...]


def path_matches(path: str, pattern: str) -> bool:
    """Glob match on vault-relative paths; a pattern ending in '/' (or a
    bare folder name) covers the folder's whole subtree.

    >>> path_matches("Clippings/a.md", "Clippings/"), path_matches("x/T.md", "**/T.md")
    (True, True)
    """
    pattern = pattern.strip().lstrip("/")
    if pattern.endswith("/"):
        return path.startswith(pattern)
    if fnmatchcase(path, pattern):
        return True
    if pattern.startswith("**/") and fnmatchcase(path, pattern[3:]):
        return True
    return path.startswith(pattern + "/")


class Suppressions:
    """Which findings in one note are switched off, and by what."""

    def __init__(self, info: NoteInfo, registry: Registry, per_file: dict[str, list[str]]) -> None:
        self.registry = registry
        self.spans: list[_Span] = []
        self.unknown: list[Finding] = []
        self._from_directives(info.directives)
        note_codes: list[str] = []
        disabled = _frontmatter_disabled(info.frontmatter)
        if disabled == ():
            self.spans.append(_Span(1, _END, ()))
        elif disabled:
            note_codes.extend(self._known(disabled, None))
        for pattern, codes in per_file.items():
            if path_matches(info.path, pattern):
                note_codes.extend(codes)
        if note_codes:
            self.spans.append(_Span(1, _END, tuple(note_codes)))

    def _known(self, codes: tuple[str, ...] | list[str], where: Range | None) -> tuple[str, ...]:
        known = []
        for code in codes:
            if self.registry.matching(code):
                known.append(code)
            else:
                self.unknown.append(
                    Finding(
                        UNKNOWN_CODE,
                        where or Range(0, 0, 1, 1, 1, 1),
                        f"'{code}' is not a vaultlint rule code or name, so this suppression does nothing",
                        snippet=code,
                    )
                )
        return tuple(known)

    def _from_directives(self, directives: list[Directive]) -> None:
        open_disables: list[tuple[int, tuple[str, ...]]] = []
        for d in directives:
            codes = self._known(d.codes, d.range)
            if d.codes and not codes:
                continue
            if d.action == "disable-next-line":
                self.spans.append(_Span(d.range.end_line + 1, d.range.end_line + 1, codes))
            elif d.action == "disable-line":
                self.spans.append(_Span(d.range.line, d.range.end_line, codes))
            elif d.action == "disable":
                open_disables.append((d.range.line, codes))
            elif d.action == "enable":
                still_open = []
                for start, dcodes in open_disables:
                    if not codes or set(dcodes) & set(codes) or not dcodes:
                        self.spans.append(_Span(start, d.range.line, dcodes))
                    else:
                        still_open.append((start, dcodes))
                open_disables = still_open
        for start, dcodes in open_disables:
            self.spans.append(_Span(start, _END, dcodes))

    def suppressed(self, finding: Finding, name: str) -> bool:
        line = finding.range.line
        for span in self.spans:
            if span.first_line <= line <= span.last_line and (
                not span.codes or any(_selects(c, finding.code, name) for c in span.codes)
            ):
                return True
        return False


def _selects(selector: str, code: str, name: str) -> bool:
    sel = selector.strip()
    return code.startswith(sel.upper()) or sel.lower() == name


def _frontmatter_disabled(data: dict | None) -> tuple[str, ...] | None:
    """Codes from ``vaultlint: {disable: [...]}``; () means every rule."""
    if not data:
        return None
    settings = data.get("vaultlint")
    if not isinstance(settings, dict) or "disable" not in settings:
        return None
    value = settings["disable"]
    if value in (True, "all", "ALL"):
        return ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        return None
    return tuple(str(v) for v in value)
