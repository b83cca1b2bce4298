"""Running the pipeline: discover, read, parse, index, check, suppress.

>>> import tempfile, pathlib
>>> root = pathlib.Path(tempfile.mkdtemp())
>>> _ = (root / "A.md").write_text("---\\ntags: [x\\n---\\n")
>>> result = Engine(root, Config()).run()
>>> [(d.code, d.path, d.range.line) for d in result.diagnostics]
[('VL001', 'A.md', 3)]
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from .config import Config, ConfigError
from .discover import VaultFiles, walk
from .lines import LineIndex
from .model import WHOLE_FILE, Diagnostic, Finding, NoteInfo, Severity
from .note import Note
from .parse import parse_note
from .reader import ReadError, Source, read_note
from .rules import LinkRule, NoteRule, Registry, Rule, RuleContext, VaultRule, registry as default_registry
from .suppress import Suppressions, path_matches
from .thresholds import extract_claims
from .vault import Vault

UNREADABLE = "VL002"


@dataclass
class NoteResult:
    """One note after reading, parsing and its note rules."""

    path: str
    info: NoteInfo | None
    source: Source | None
    findings: list[Finding] = field(default_factory=list)


@dataclass
class RunResult:
    diagnostics: list[Diagnostic]
    sources: dict[str, Source]  # the checked notes that could be read
    vault: Vault
    files_checked: int


def select_rules(registry: Registry, select: Iterable[str], ignore: Iterable[str]) -> dict[str, Rule]:
    """The active rules: those selected and not ignored, by code, prefix or name."""
    chosen: dict[str, Rule] = {}
    for sel in select:
        found = registry.matching(sel)
        if not found:
            raise ConfigError(f"'{sel}' matches no rule code, prefix or name")
        for rule in found:
            chosen[rule.code] = rule
    for sel in ignore:
        found = registry.matching(sel)
        if not found:
            raise ConfigError(f"'{sel}' matches no rule code, prefix or name")
        for rule in found:
            chosen.pop(rule.code, None)
    return chosen


class Engine:
    def __init__(self, root: Path, config: Config, registry: Registry | None = None) -> None:
        self.root = root
        self.config = config
        self.registry = registry or default_registry()
        self.active = select_rules(self.registry, [*config.select, *config.extend_select], config.ignore)
        self.ctx = RuleContext(config)
        self.note_rules = [r for r in self.active.values() if isinstance(r, NoteRule)]
        self.link_rules = [r for r in self.active.values() if isinstance(r, LinkRule)]
        self.vault_rules = [r for r in self.active.values() if isinstance(r, VaultRule)]
        self.severities: dict[str, Severity] = {}
        for key, value in config.severity.items():
            rules = self.registry.matching(key)
            if not rules:
                raise ConfigError(f"severity: '{key}' matches no rule code, prefix or name")
            for rule in rules:
                self.severities[rule.code] = Severity.parse(value)
        self.vault: Vault | None = None

    # -- stages ------------------------------------------------------------------

    def targets(self, files: VaultFiles, paths: list[Path] | None) -> list[str]:
        """The notes to report on: all of them, or those under ``paths``."""
        notes = files.notes
        if paths:
            wanted: set[str] = set()
            for p in paths:
                rel = _relative(self.root, p)
                if rel is None:
                    raise ConfigError(f"{p} is outside the vault at {self.root}")
                if rel == "":
                    wanted.update(notes)
                    continue
                prefix = rel + "/"
                wanted.update(n for n in notes if n == rel or n.startswith(prefix))
            notes = sorted(wanted)
        return [n for n in notes if not any(path_matches(n, pat) for pat in self.config.exclude)]

    def process(self, files: VaultFiles, path: str, check: bool) -> NoteResult:
        """Read and parse one note; run the note rules when ``check``."""
        try:
            source = read_note(files.disk_path(self.root, path), path, self.config.max_file_size)
        except ReadError as exc:
            finding = Finding(UNREADABLE, WHOLE_FILE, f"this note could not be read: {exc}", snippet=str(exc))
            return NoteResult(path, None, None, [finding])
        note = self.parse(source)
        findings = self.check_note(note) if check else []
        return NoteResult(path, self.info(note), source if check else None, findings)

    def info(self, note: Note) -> NoteInfo:
        """What the vault index keeps of a note, with its threshold claims
        when VL305 compares them across the vault."""
        info = note.info()
        if "VL305" in self.active:
            info.claims = extract_claims(note, self.config.thresholds)
        return info

    def parse(self, source: Source) -> Note:
        return parse_note(source, frontmatter_markdown_links=self.config.links.frontmatter_markdown_links)

    def check_note(self, note: Note) -> list[Finding]:
        findings: list[Finding] = []
        for rule in self.note_rules:
            findings.extend(rule.check(note, self.ctx))
        return findings

    def run(self, paths: list[Path] | None = None, progress: Callable[[int], None] | None = None) -> RunResult:
        files = walk(self.root)
        report = self.targets(files, paths)
        report_set = set(report)
        results: dict[str, NoteResult] = {}
        for path in files.notes:
            results[path] = self.process(files, path, path in report_set)
            if progress:
                progress(1)
        self.vault = Vault(
            self.root,
            files.files,
            {p: r.info for p, r in results.items() if r.info is not None},
            read_app_config(self.root),
        )
        per_note: dict[str, list[Finding]] = {p: list(results[p].findings) for p in report}
        for path in report:
            info = results[path].info
            if info is not None:
                for rule in self.link_rules:
                    per_note[path].extend(rule.check_links(info, self.vault, self.ctx))
        for rule in self.vault_rules:
            for finding in rule.check_vault(self.vault, self.ctx):
                if finding.path in per_note:
                    per_note[finding.path].append(finding)
        diagnostics: list[Diagnostic] = []
        for path in report:
            res = results[path]
            diagnostics.extend(self.finish(path, per_note[path], res.info, res.source))
        if UNREADABLE in self.active:
            for path, reason in files.problems:
                if self._requested(path, paths):
                    diagnostics.append(self.diagnostic(path, Finding(UNREADABLE, WHOLE_FILE, reason, snippet=reason), None))
        diagnostics.sort(key=lambda d: d.sort_key)
        sources = {p: results[p].source for p in report if results[p].source is not None}
        return RunResult(diagnostics, sources, self.vault, len(report))

    def _requested(self, path: str, paths: list[Path] | None) -> bool:
        if not paths:
            return True
        for p in paths:
            rel = _relative(self.root, p)
            if rel is not None and (rel == "" or path == rel or path.startswith(rel + "/")):
                return True
        return False

    def recheck(self, source: Source) -> list[Diagnostic]:
        """The diagnostics of one note whose text may have changed in memory,
        against the index of the last run."""
        assert self.vault is not None, "run() builds the index first"
        note = self.parse(source)
        info = self.info(note)
        findings = self.check_note(note)
        for rule in self.link_rules:
            findings.extend(rule.check_links(info, self.vault, self.ctx))
        previous = self.vault.notes.get(source.path)
        self.vault.notes[source.path] = info
        try:
            for rule in self.vault_rules:
                findings.extend(f for f in rule.check_vault(self.vault, self.ctx) if f.path == source.path)
        finally:
            if previous is not None:
                self.vault.notes[source.path] = previous
        diagnostics = self.finish(source.path, findings, info, source)
        diagnostics.sort(key=lambda d: d.sort_key)
        return diagnostics

    # -- findings to diagnostics ---------------------------------------------------------

    def finish(self, path: str, findings: list[Finding], info: NoteInfo | None, source: Source | None) -> list[Diagnostic]:
        """Suppressions, selection and severities; findings become diagnostics."""
        suppress = Suppressions(info, self.registry, self.config.per_file_ignores) if info else None
        if suppress and "VL003" in self.active:
            findings = [*findings, *suppress.unknown]
        lines = LineIndex(source.text) if source is not None and any(f.fix for f in findings) else None
        out = []
        for f in findings:
            rule = self.active.get(f.code)
            if rule is None:
                continue
            if suppress and f.code != "VL003" and suppress.suppressed(f, rule.name):
                continue
            out.append(self.diagnostic(path, f, lines))
        return out

    def diagnostic(self, path: str, f: Finding, lines: LineIndex | None) -> Diagnostic:
        rule = self.registry.by_code[f.code]
        severity = self.severities.get(f.code) or f.severity or rule.severity
        edit_ranges = ()
        if f.fix is not None and lines is not None:
            edit_ranges = tuple(lines.range(e.start, e.end) for e in f.fix.edits)
        return Diagnostic(
            code=f.code,
            name=rule.name,
            severity=severity,
            path=f.path or path,
            range=f.range,
            message=f.message,
            fix=f.fix,
            snippet=f.snippet,
            group=f.group,
            edit_ranges=edit_ranges,
        )


def read_app_config(root: Path) -> dict:
    """``.obsidian/app.json``; {} when missing or unreadable (Obsidian then
    uses its defaults)."""
    try:
        with open(root / ".obsidian" / "app.json", encoding="utf-8") as fh:
            data = json.load(fh)
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _relative(root: Path, path: Path) -> str | None:
    """``path`` relative to ``root`` as a vault path; None when outside."""
    absolute = Path(os.path.abspath(path))
    try:
        rel = absolute.relative_to(root)
    except ValueError:
        try:
            rel = absolute.resolve().relative_to(root.resolve())
        except ValueError:
            return None
    text = rel.as_posix()
    return "" if text == "." else text

