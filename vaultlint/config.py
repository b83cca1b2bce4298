"""Configuration: ``vaultlint.toml`` or ``[tool.vaultlint]`` in ``pyproject.toml``.

Keys are kebab-case in the file and snake_case here. Every key is checked;
an unknown or mistyped one is an error that names it:

>>> Config.from_mapping({"select": ["VL1"], "thresholds": {"scope": "wide"}}).thresholds.scope
'wide'
>>> Config.from_mapping({"selct": ["VL1"]})
Traceback (most recent call last):
...
vaultlint.config.ConfigError: unknown key 'selct' (known: ...)
"""

from __future__ import annotations

import dataclasses
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, get_args, get_origin, get_type_hints

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

import pathspec

from .model import Severity
from .regular import is_regular, read_regular

CONFIG_NAMES = ("vaultlint.toml", ".vaultlint.toml")


class ConfigError(Exception):
    """A configuration problem, reported in one line with exit code 2."""


UNRESOLVED_POLICIES = ("all", "since-commit", "unlisted")


@dataclass
class LinkOptions:
    # Links inside %% comments are indexed by Obsidian's parser but hidden in
    # reading view: a student comments a link out to switch it off, so they
    # are ignored unless set to "report" (as warnings at most).
    comment_links: str = "ignore"
    # Check links in frontmatter values written as Markdown links (Obsidian 1.11+).
    frontmatter_markdown_links: bool = False
    # How close (0 to 1) a note name must be to be offered as "did you mean".
    suggest_cutoff: float = 0.75
    # Which unresolved links VL101 reports; the others are placeholders for
    # notes not written yet. "all"; "since-commit": only links that led to
    # a file in the last commit (its note was renamed or deleted since);
    # "unlisted": all but links to the names in placeholder-notes.
    report_unresolved: str = "all"
    placeholder_notes: list[str] = field(default_factory=list)

    def validate(self) -> None:
        if self.report_unresolved not in UNRESOLVED_POLICIES:
            raise ConfigError(f"links.report-unresolved must be one of {', '.join(UNRESOLVED_POLICIES)}")
        if self.comment_links not in ("report", "ignore"):
            raise ConfigError("links.comment-links must be 'report' or 'ignore'")
        if not 0 < self.suggest_cutoff <= 1:
            raise ConfigError("links.suggest-cutoff must be between 0 and 1")


@dataclass
class EncodingOptions:
    # Characters that are never reported as invisible, each written as the
    # character itself or as "U+200B".
    allow_characters: list[str] = field(default_factory=list)

    def validate(self) -> None:
        for item in self.allow_characters:
            code = re.fullmatch(r"[Uu]\+([0-9A-Fa-f]{4,6})", item)
            if len(item) != 1 and not (code and int(code.group(1), 16) <= 0x10FFFF):
                raise ConfigError(f"encoding.allow-characters: {item!r} is neither one character nor U+XXXX")

    def allowed(self) -> frozenset[str]:
        """The allowed characters themselves."""
        return frozenset(item if len(item) == 1 else chr(int(item[2:], 16)) for item in self.allow_characters)


@dataclass
class ThresholdOptions:
    scope: str = "default"  # "default" (categories A-H) or "wide"
    citation_scope: str = "block"  # sentence | block | section | note
    note_level_sources_cover: str = "clippings"  # clippings | always | never
    source_note_patterns: list[str] = field(default_factory=lambda: [r"^@", r"^(Source|Src|Ref|Lit)\b"])
    source_folders: list[str] = field(default_factory=lambda: ["Sources/", "Clippings/"])
    frontmatter_source_keys: list[str] = field(
        default_factory=lambda: [
            "source", "sources", "url", "reference", "references",
            "citation", "citations", "cite", "citekey",
        ]
    )
    extra_units: list[str] = field(default_factory=list)
    extra_analytes: list[str] = field(default_factory=list)
    extra_cues: list[str] = field(default_factory=list)
    extra_suppressors: list[str] = field(default_factory=list)

    def validate(self) -> None:
        choices = {
            "scope": ("default", "wide"),
            "citation_scope": ("sentence", "block", "section", "note"),
            "note_level_sources_cover": ("clippings", "always", "never"),
        }
        for key, allowed in choices.items():
            if getattr(self, key) not in allowed:
                name = key.replace("_", "-")
                raise ConfigError(f"thresholds.{name} must be one of {', '.join(allowed)}")
        for key in ("source_note_patterns", "extra_suppressors"):
            for pattern in getattr(self, key):
                try:
                    re.compile(pattern)
                except re.error as exc:
                    name = key.replace("_", "-")
                    raise ConfigError(f"thresholds.{name}: {pattern!r} is not a valid regular expression ({exc})") from None


@dataclass
class MaintenanceOptions:
    # Notes nothing needs to link to (VL401 orphan-note): vault paths or
    # glob patterns, as in `exclude`.
    entry_points: list[str] = field(default_factory=lambda: ["Home.md", "index.md", "README.md"])


@dataclass
class Config:
    select: list[str] = field(default_factory=lambda: ["ALL"])
    extend_select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    # The lowest severity that makes the run fail (exit code 1).
    fail_on: str = "warning"
    # Gitignore patterns (vault-relative) of notes that are indexed but not checked.
    exclude: list[str] = field(default_factory=list)
    # Gitignore patterns: when set, only the notes they match are checked.
    include: list[str] = field(default_factory=list)
    # Notes in the template folders of Obsidian's Templates and Templater
    # plugins, and in Obsidian's "Excluded files", are indexed but checked
    # only when these are true.
    check_templates: bool = False
    check_excluded_files: bool = False
    # Glob pattern -> codes to ignore in matching notes.
    per_file_ignores: dict[str, list[str]] = field(default_factory=dict)
    # Code or name -> severity.
    severity: dict[str, str] = field(default_factory=dict)
    # Notes larger than this are reported (VL002) instead of checked.
    max_file_size: int = 64_000_000
    # Follow symbolic links that lead out of the vault (Obsidian does; off
    # by default because a cloned vault could point them anywhere).
    follow_outside_symlinks: bool = False
    # Where to keep the cache, instead of the vault's .vaultlint_cache folder
    # (relative paths from the configuration file's folder); VAULTLINT_CACHE_DIR
    # in the environment overrides it.
    cache_dir: str = ""
    links: LinkOptions = field(default_factory=LinkOptions)
    encoding: EncodingOptions = field(default_factory=EncodingOptions)
    thresholds: ThresholdOptions = field(default_factory=ThresholdOptions)
    maintenance: MaintenanceOptions = field(default_factory=MaintenanceOptions)
    # Where the configuration came from, for messages; not a key.
    origin: str | None = field(default=None, compare=False)

    @classmethod
    def from_mapping(cls, data: dict[str, Any], origin: str | None = None) -> "Config":
        config = _build(cls, data, "")
        config.origin = origin
        config.validate()
        return config

    def validate(self) -> None:
        try:
            Severity.parse(self.fail_on)
            for value in self.severity.values():
                Severity.parse(value)
        except ValueError as exc:
            raise ConfigError(str(exc)) from None
        if not 0 < self.max_file_size <= MAX_FILE_SIZE_LIMIT:
            raise ConfigError(f"max-file-size must be between 1 and {MAX_FILE_SIZE_LIMIT} bytes (1 GiB)")
        for key in ("exclude", "include"):
            for pattern in getattr(self, key):
                try:
                    pathspec.GitIgnoreSpec.from_lines([pattern])
                except (ValueError, TypeError) as exc:
                    raise ConfigError(f"{key}: {pattern!r} is not a valid gitignore pattern ({exc})") from None
        for pattern in self.per_file_ignores:
            problem = glob_problem(pattern)
            if problem:
                raise ConfigError(f"per-file-ignores: {pattern!r} {problem}")
        self.links.validate()
        self.encoding.validate()
        self.thresholds.validate()


# Far above any note; a bound keeps the number usable as a read size.
MAX_FILE_SIZE_LIMIT = 1 << 30


def glob_problem(pattern: str) -> str:
    """Why ``pattern`` cannot be a vault-relative glob ('' when it can).

    >>> glob_problem("Clippings/**"), glob_problem("Drafts/[ab.md"), glob_problem("../Other")
    ('', "has a '[' that is never closed", "leads out of the vault with '..'")
    """
    if not pattern.strip():
        return "is empty"
    if "\\" in pattern:
        return "uses '\\' between folders: write '/'"
    if ".." in pattern.split("/"):
        return "leads out of the vault with '..'"
    i = 0
    while i < len(pattern):
        if pattern[i] == "[":
            # fnmatch reads an unclosed '[' as a literal; nobody means that.
            close = pattern.find("]", i + 2 if pattern[i + 1 : i + 2] in ("!", "]") else i + 1)
            if close < 0:
                return "has a '[' that is never closed"
            i = close
        i += 1
    return ""


def _build(cls: type, data: Any, prefix: str) -> Any:
    if not isinstance(data, dict):
        raise ConfigError(f"{prefix.rstrip('.') or 'configuration'} must be a table")
    hints = get_type_hints(cls)
    fields = {f.name: f for f in dataclasses.fields(cls) if f.name != "origin"}
    values: dict[str, Any] = {}
    for raw_key, value in data.items():
        key = raw_key.replace("-", "_")
        if key not in fields:
            known = ", ".join(sorted(f.replace("_", "-") for f in fields))
            raise ConfigError(f"unknown key '{prefix}{raw_key}' (known: {known})")
        hint = hints[key]
        if dataclasses.is_dataclass(hint):
            values[key] = _build(hint, value, f"{prefix}{raw_key}.")
        else:
            values[key] = _check_type(value, hint, f"{prefix}{raw_key}")
    return cls(**values)


def _check_type(value: Any, hint: Any, name: str) -> Any:
    origin = get_origin(hint)
    if origin is list:
        (item,) = get_args(hint)
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, item) for v in value):
            raise ConfigError(f"{name} must be a list of {item.__name__}s")
        return value
    if origin is dict:
        if not isinstance(value, dict):
            raise ConfigError(f"{name} must be a table")
        _, item = get_args(hint)
        return {k: _check_type(v, item, f"{name}.{k}") for k, v in value.items()}
    if hint is float and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    if hint is int and isinstance(value, bool) or not isinstance(value, hint):
        raise ConfigError(f"{name} must be {'an' if hint is int else 'a'} {hint.__name__}")
    return value


def find_config_file(root: Path) -> Path | None:
    """The configuration file that applies at ``root``, if any. Only
    regular files count: a FIFO or folder of that name is passed over."""
    for name in CONFIG_NAMES:
        if is_regular(root / name):
            return root / name
    pyproject = root / "pyproject.toml"
    if is_regular(pyproject) and "vaultlint" in _load_toml(pyproject).get("tool", {}):
        return pyproject
    return None


def _load_toml(path: Path) -> dict[str, Any]:
    """The TOML document at ``path``; every problem is a one-line ConfigError.
    A UTF-8 byte order mark (Notepad writes one) is accepted."""
    try:
        data = read_regular(path)
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror or exc}") from None
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise ConfigError(
            f"{path}: not valid UTF-8 (byte 0x{data[exc.start]:02X} on line {line}); save it as UTF-8"
        ) from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None


def load_config(path: Path) -> Config:
    data = _load_toml(path)
    if path.name == "pyproject.toml":
        data = data.get("tool", {}).get("vaultlint", {})
    try:
        return Config.from_mapping(data, origin=str(path))
    except ConfigError as exc:
        raise ConfigError(f"{path}: {exc}") from None
