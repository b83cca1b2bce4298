"""Which of a vault's notes are checked, and why the others are not.

Every file is indexed (links into it resolve); a note is checked unless:

- it is in a template folder: the core Templates plugin's ``folder``
  (``.obsidian/templates.json``) or Templater's ``templates_folder``
  (``.obsidian/plugins/templater-obsidian/data.json``). Templates hold
  placeholders (``{{date}}``, ``<% tp.file.title %>``), not notes;
- it is in Obsidian's "Excluded files" (``userIgnoreFilters`` in
  ``.obsidian/app.json``);
- the configuration's ``exclude`` matches it, or ``include`` is set and
  does not. Both are lists of gitignore patterns.

The first two are checked again when the configuration says so
(``check-templates``, ``check-excluded-files``).

Obsidian's filters are trimmed; ``/.../`` is a case-insensitive regular
expression searched in the vault path, anything else a case-insensitive
prefix of it:

>>> f = ObsidianFilters(["Archive/", " /\\\\.draft\\\\.md$/ ", "  "])
>>> [f.matches(p) for p in ["archive/Old.md", "Archive2/x.md", "A/b.DRAFT.md", "Notes/A.md"]]
[True, False, True, False]

``exclude`` and ``include`` follow gitignore: a folder pattern without an
inner slash matches at any depth, ``*`` stays within one folder:

>>> spec = gitignore(["Templates/", "Drafts/*.md"])
>>> [spec.match_file(p) for p in ["Templates/a.md", "Course/Templates/a.md", "Drafts/a.md", "Drafts/old/a.md"]]
[True, True, True, False]
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pathspec

from .config import Config

TEMPLATE = "template"
OBSIDIAN_EXCLUDED = "obsidian-excluded"
EXCLUDED = "excluded"
NOT_INCLUDED = "not-included"

TEMPLATES_JSON = ".obsidian/templates.json"
TEMPLATER_JSON = ".obsidian/plugins/templater-obsidian/data.json"


def gitignore(patterns: list[str]) -> pathspec.PathSpec:
    return pathspec.GitIgnoreSpec.from_lines(patterns)


class ObsidianFilters:
    """``userIgnoreFilters`` as Obsidian applies them.

    A vault's settings are untrusted, and a pattern such as ``/(a+)+$/``
    makes a backtracking engine (Python's ``re``) take exponential time on
    a long folder name. Patterns therefore run on RE2, whose matching time
    is linear in the path. RE2 has no lookarounds or backreferences: a
    pattern using them is not applied, and ``unusable`` names it with the
    reason (the notes it would exclude are checked).
    """

    def __init__(self, filters: list[str]) -> None:
        self.prefixes: list[str] = []
        self.patterns: list = []  # re2 patterns
        self.unusable: list[str] = []  # one line each
        for item in filters:
            item = item.strip() if isinstance(item, str) else ""
            if len(item) > 2 and item.startswith("/") and item.endswith("/"):
                self._add_pattern(item)
            elif item:
                self.prefixes.append(item.lower())

    def _add_pattern(self, item: str) -> None:
        import re2  # only a vault with a /regex/ filter pays for loading it

        options = re2.Options()
        options.case_sensitive = False
        options.log_errors = False  # RE2 would print the error on stderr itself
        try:
            self.patterns.append(re2.compile(item[1:-1], options))
            return
        except re2.error as exc:
            reason = exc.args[0].decode("utf-8", "replace") if exc.args and isinstance(exc.args[0], bytes) else str(exc)
        try:
            re.compile(item[1:-1])
        except re.error:
            return  # not a regular expression at all: Obsidian cannot use it either
        self.unusable.append(
            f"Obsidian's Excluded files pattern {item} is not applied: {reason} (vaultlint runs only patterns"
            " it can match in time linear in the path, without lookarounds or backreferences)."
        )

    def __bool__(self) -> bool:
        return bool(self.prefixes or self.patterns)

    def matches(self, path: str) -> bool:
        lowered = path.lower()
        return lowered.startswith(tuple(self.prefixes)) or any(p.search(path) for p in self.patterns)


def _read_json(path: Path) -> dict:
    try:
        with open(path, encoding="utf-8") as fh:
            data = json.load(fh)
    except (OSError, ValueError, RecursionError):
        return {}
    return data if isinstance(data, dict) else {}


def template_folders(root: Path) -> list[str]:
    """The template folders the vault's settings name, vault-relative.

    A folder that is the vault root itself is left out: it would make
    every note a template."""
    folders = []
    for rel, key in ((TEMPLATES_JSON, "folder"), (TEMPLATER_JSON, "templates_folder")):
        value = _read_json(root / rel).get(key)
        if isinstance(value, str):
            folder = value.strip().strip("/")
            if folder and folder != "." and folder not in folders:
                folders.append(folder)
    return folders


@dataclass
class Scope:
    """Decides which notes are checked; counts what it skipped, by reason."""

    templates: list[str] = field(default_factory=list)
    obsidian: ObsidianFilters = field(default_factory=lambda: ObsidianFilters([]))
    exclude: pathspec.PathSpec | None = None
    include: pathspec.PathSpec | None = None
    skipped: Counter = field(default_factory=Counter)

    @classmethod
    def for_vault(cls, root: Path, config: Config, app: dict) -> "Scope":
        filters = app.get("userIgnoreFilters")
        return cls(
            templates=[] if config.check_templates else template_folders(root),
            obsidian=ObsidianFilters(filters if isinstance(filters, list) and not config.check_excluded_files else []),
            exclude=gitignore(config.exclude) if config.exclude else None,
            include=gitignore(config.include) if config.include else None,
        )

    def reason(self, path: str) -> str | None:
        """Why the note at ``path`` is not checked, or None when it is."""
        if self.exclude is not None and self.exclude.match_file(path):
            return EXCLUDED
        if self.include is not None and not self.include.match_file(path):
            return NOT_INCLUDED
        if any(path.startswith(folder + "/") for folder in self.templates):
            return TEMPLATE
        if self.obsidian and self.obsidian.matches(path):
            return OBSIDIAN_EXCLUDED
        return None

    def keep(self, paths: list[str]) -> list[str]:
        """The paths to check; the others are counted in ``skipped``."""
        kept = []
        for path in paths:
            why = self.reason(path)
            if why is None:
                kept.append(path)
            else:
                self.skipped[why] += 1
        return kept

    def summary(self) -> str:
        """One sentence on what was skipped and why, or ''.

        >>> s = Scope(templates=["Templates"])
        >>> s.skipped.update({TEMPLATE: 3, OBSIDIAN_EXCLUDED: 1})
        >>> s.summary()
        'Skipped 4 notes: 3 in the template folder (Templates), 1 in Obsidian\\'s "Excluded files".'
        """
        total = sum(self.skipped.values())
        if not total:
            return ""
        folders = ", ".join(self.templates)
        plural = "s" if len(self.templates) != 1 else ""
        said = {
            TEMPLATE: f"in the template folder{plural} ({folders})",
            OBSIDIAN_EXCLUDED: "in Obsidian's \"Excluded files\"",
            EXCLUDED: "matched by exclude",
            NOT_INCLUDED: "not matched by include",
        }
        parts = [f"{self.skipped[why]} {text}" for why, text in said.items() if self.skipped[why]]
        return f"Skipped {total} note{'s' if total != 1 else ''}: {', '.join(parts)}."
