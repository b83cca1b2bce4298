"""Running the pipeline: discover, read, parse, index, check, suppress.

>>> import tempfile, pathlib
>>> root = pathlib.Path(tempfile.mkdtemp())
>>> _ = (root / "A.md").write_text("---\\ntags: [x\\n---\\n")
>>> result = Engine(root, Config()).run()
>>> [(d.code, d.path, d.range.line) for d in result.diagnostics]
[('VL001', 'A.md', 2)]
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field, replace
from pathlib import Path
from collections.abc import Mapping
from typing import Callable, Iterable, Iterator

from .cache import CacheDamaged, Entry, NoteCache, NoteInfos, cache_folder, fingerprint
from .config import Config, ConfigError
from .discover import VaultFiles, walk
from .git import find_repo, head_files
from .lines import LineIndex
from .model import WHOLE_FILE, Diagnostic, Finding, NoteInfo, PackedLinks, Severity
from .note import Note
from .reader import ReadError, Source, decode, read_note
from .regular import read_regular
from .rules import LinkRule, NoteRule, Registry, Rule, RuleContext, VaultRule, registry as default_registry
from .rules._links import sort_links
from .scope import Scope
from .suppress import Suppressions
from .vault import Lookahead, Vault

UNREADABLE = "VL002"
_new = tuple.__new__


@dataclass
class NoteResult:
    """One note after reading, parsing and its note rules."""

    path: str
    info: NoteInfo | None
    source: Source | None
    findings: list[Finding] = field(default_factory=list)  # never changed in place: may be the cache's own
    digest: str = ""
    checked: bool = False  # whether the note rules ran (rather than came from the cache)
    entry: Entry | None = None  # the cache's entry, when the note was unchanged
    new_entry: Entry | None = None  # what to cache of a note just parsed


CHUNK = 64  # notes handed to a worker process at a time

# The engine of a worker process, made once by the pool's initializer.
_worker_engine: "Engine | None" = None


def _start_worker(root: Path, config: Config, keep_sources: bool, use_cache: bool) -> None:
    global _worker_engine
    _worker_engine = Engine(root, config, keep_sources=keep_sources, use_cache=use_cache)


def _process_chunk(chunk: list) -> list[NoteResult]:
    files = VaultFiles([], [], {p: disk for p, _, _, disk in chunk if disk})
    return [_worker_engine.process(files, path, check, entry) for path, check, entry, _ in chunk]


@dataclass
class RunResult:
    diagnostics: list[Diagnostic]
    sources: dict[str, Source]  # the checked notes that could be read
    vault: Vault
    files_checked: int  # notes
    paths: list[Path] | None = None  # what the run was asked to report on
    canvases_checked: int = 0
    skipped: str = ""  # what was not checked and why, in a sentence
    checked: frozenset[str] = frozenset()  # the notes and canvases counted above


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
    # Below this many notes to parse, starting worker processes costs more than it saves.
    parallel_min_notes = 200

    def __init__(
        self,
        root: Path,
        config: Config,
        registry: Registry | None = None,
        *,
        use_cache: bool = False,
        jobs: int = 1,
        keep_sources: bool = True,
    ) -> None:
        """``use_cache``: keep parse results in the vault's cache folder.
        ``jobs``: processes to parse with. ``keep_sources``: keep the text
        of checked notes in the result (fixing needs it)."""
        self.root = root
        self.config = config
        self.use_cache = use_cache
        self.jobs = max(1, jobs)
        self.keep_sources = keep_sources
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
        # Per active rule: its name, the severity the settings give it, its own.
        self._labels = {code: (rule.name, self.severities.get(code), rule.severity) for code, rule in self.active.items()}
        for pattern, codes in config.per_file_ignores.items():
            for code in codes:
                if not self.registry.matching(code):
                    raise ConfigError(f"per-file-ignores: '{code}' (for {pattern!r}) matches no rule code, prefix or name")
        self.vault: Vault | None = None
        self._lookahead: Lookahead | None = None
        self.scope = Scope()
        self._cache: NoteCache | None = None  # the last run's
        self._vault_found: dict[str | None, list[Finding]] = {}  # the last run's vault rule findings, by note
        self._claim_keys: dict[tuple, set[str]] | None = None  # the notes holding claims of each key

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
        return self.scope.keep(notes)

    def canvas_targets(self, files: VaultFiles, paths: list[Path] | None) -> list[str]:
        """The canvas files to report on, chosen as notes are."""
        canvases = [f for f in files.files if f.lower().endswith(".canvas") and self._requested(f, paths)]
        return [c for c in canvases if self.scope.reason(c) is None]

    def check_canvas(self, files: VaultFiles, path: str) -> list[Diagnostic]:
        """The link rules' findings for one canvas file, placed in its JSON.

        A canvas is small and seldom changes, so it is read every run rather
        than cached. Its findings carry no fix: an edit would have to be
        written with JSON's escapes."""
        try:
            source = read_note(files.disk_path(self.root, path), path, self.config.max_file_size)
        except ReadError as exc:
            reason = f"this canvas could not be read: {exc}"
            findings = [Finding(UNREADABLE, WHOLE_FILE, reason, snippet=str(exc))]
            return self.finish(path, findings, None, None)
        from .canvas import parse_canvas  # it loads the Markdown parser, which a warm run never needs

        canvas = parse_canvas(source.text)
        if canvas.error is not None:
            reason = f"this canvas could not be read: {canvas.error}"
            findings = [Finding(UNREADABLE, canvas.error_range or WHOLE_FILE, reason, snippet=canvas.error)]
            return self.finish(path, findings, None, None)
        info = NoteInfo(path, links=canvas.links)
        findings = [
            f._replace(fix=None) for rule in self.link_rules for f in rule.check_links(info, self.vault, self.ctx)
        ]
        diagnostics = self.finish(path, findings, None, None)
        diagnostics.sort(key=lambda d: d.sort_key)
        return diagnostics

    def process(self, files: VaultFiles, path: str, check: bool, cached: Entry | None = None) -> NoteResult:
        """Read and parse one note; run the note rules when ``check``.

        ``cached`` is the cache's entry for a note whose size or time
        changed: if its content did not, the entry is reused unparsed."""
        try:
            source = read_note(files.disk_path(self.root, path), path, self.config.max_file_size)
        except ReadError as exc:
            finding = Finding(UNREADABLE, WHOLE_FILE, f"this note could not be read: {exc}", snippet=str(exc))
            return NoteResult(path, None, None, [finding])
        kept = source if check and self.keep_sources else None
        if cached is not None and cached.digest == source.digest and (cached.checked or not check):
            findings = cached.findings or [] if check else []
            return NoteResult(path, None, kept, findings, source.digest, entry=cached)
        note = self.parse(source)
        findings = self.check_note(note) if check else None
        info = self.info(note)
        # Made here, in the worker, the entry's serialisation is off the main process.
        entry = Entry((0, 0), source.digest, info, findings) if self.use_cache else None
        return NoteResult(path, info, kept, findings or [], source.digest, findings is not None, new_entry=entry)

    def info(self, note: Note) -> NoteInfo:
        """What the vault index keeps of a note, with its threshold claims
        when VL305 compares them across the vault."""
        info = note.info()
        info.links = PackedLinks(info.links)
        if "VL305" in self.active:
            from .thresholds.claims import extract_claims

            info.claims = extract_claims(note, self.config.thresholds)
        return info

    def parse(self, source: Source) -> Note:
        from .parse import parse_note  # a run where every note is cached never loads the parser

        return parse_note(source, frontmatter_markdown_links=self.config.links.frontmatter_markdown_links)

    def check_note(self, note: Note) -> list[Finding]:
        findings: list[Finding] = []
        for rule in self.note_rules:
            findings.extend(rule.check(note, self.ctx))
        return findings

    def run(self, paths: list[Path] | None = None, progress: Callable[[int, int], None] | None = None) -> RunResult:
        """Check the vault, reporting on the notes under ``paths`` (all by
        default). ``progress(n, total)`` is told each time n more of the
        vault's ``total`` notes have been read.

        A cache found damaged on the way is deleted (with a line on standard
        error) and the vault checked again, making a new one."""
        try:
            return self._run(paths, progress)
        except CacheDamaged as exc:
            self.drop_cache(exc)
            return self._run(paths, progress)

    def drop_cache(self, exc: CacheDamaged) -> None:
        """Delete the damaged cache read by the last run."""
        if self._cache is not None:
            self._cache.drop(str(exc))
            self._cache = None

    @property
    def cache_folder(self) -> tuple[Path, bool]:
        """Where the cache is, and whether the user chose the place."""
        return cache_folder(self.root, self.config.cache_dir, self.config.origin)

    def _run(self, paths: list[Path] | None, progress: Callable[[int, int], None] | None) -> RunResult:
        files = walk(self.root, self.config.follow_outside_symlinks)
        if files.leftovers:
            from .fix import remove_leftovers

            remove_leftovers(self.root, files.leftovers)
        app = read_app_config(self.root)
        self.scope = Scope.for_vault(self.root, self.config, app)
        report = self.targets(files, paths)
        committed = self.committed_files()
        if self.use_cache:
            folder, chosen = self.cache_folder
            key = self.cache_key() if committed is None else fingerprint(self.cache_key(), sorted(committed))
            cache = self._cache = NoteCache(folder, key, chosen=chosen)
        else:
            cache = None
        if cache is not None and len(report) > len(files.notes) // 8:
            cache.read_results()  # one query for all, not one per reported note
        total = len(files.notes)
        step = (lambda n: progress(n, total)) if progress else (lambda n: None)
        suggesting = any(rule.reports_on == "unresolved" for rule in self.link_rules)
        self._lookahead = Lookahead(files.files, self.config.links.suggest_cutoff) if suggesting else None
        results, moved_anchors = self.collect(files, set(report), cache, step)

        infos = NoteInfos(files.notes)
        aliases: dict[str, list[str]] = {}
        claims = _Claims()
        claim_prints: dict[str, str] = {}
        for path, res in results.items():
            holder = res.info if res.info is not None else res.entry
            if holder is None:
                continue  # unreadable
            infos.add(path, info=res.info, entry=res.entry)
            aliases[path] = holder.aliases
            if res.info is None:
                print_ = res.entry.claims_print
            elif res.new_entry is not None:
                print_ = res.new_entry.claims_print
            else:
                print_ = fingerprint(res.info.claims) if res.info.claims else ""
            if print_:
                claim_prints[path] = print_
                claims.holders[path] = res.info.claims if res.info is not None else res.entry
        self.vault = Vault(self.root, files.files, infos, app, aliases, claims, committed)
        self.vault.renames = self.recorded_renames(files.files)
        if self._lookahead is not None:
            self._lookahead.hand_over(self.vault)

        state = cache.state if cache else None
        files_print = fingerprint(files.files, sorted(self.vault.renames.items())) if self.vault.renames else fingerprint(files.files)
        aliases_print = fingerprint(sorted((p, a) for p, a in aliases.items() if a))
        same_index = state is not None and (state.files, state.aliases) == (files_print, aliases_print)
        per_note: dict[str, list[Finding]] = {p: list(results[p].findings) for p in report}
        if any(getattr(rule, "needs_links", False) for rule in self.vault_rules):
            self.vault.reached = self.reached_files(infos, files)
        for path in report:
            res = results[path]
            entry = cache.entries.get(path) if cache else None
            if res.info is None and res.entry is None:
                continue  # unreadable
            if (
                same_index
                and res.info is None
                and entry is not None
                and entry.link_findings is not None
                and (not moved_anchors or moved_anchors.isdisjoint(entry.link_targets))
            ):
                per_note[path].extend(entry.link_findings)
                continue
            found, targets = self.check_links(path)
            per_note[path].extend(found)
            if entry is not None:
                cache.put_links(path, found, targets)
            # Links into the note need its headings and blocks, not its own
            # links: dropping them keeps the index of a large vault small.
            infos[path] = replace(infos[path], links=[])
            if res.info is not None:
                res.info = infos[path]

        vault_print = fingerprint(files_print, aliases_print, sorted(claim_prints.items()))
        if self.vault.reached is not None:
            vault_print = fingerprint(vault_print, sorted(self.vault.reached))
        if state is not None and state.vault == vault_print:
            vault_findings = state.vault_findings
        else:
            vault_findings = [f for rule in self.vault_rules for f in rule.check_vault(self.vault, self.ctx)]
        other_files: list[Diagnostic] = []
        self._vault_found = {}
        self._claim_keys = None
        for finding in vault_findings:
            self._vault_found.setdefault(finding.path, []).append(finding)
            if finding.path in per_note:
                per_note[finding.path].append(finding)
            elif finding.path not in results and self._requested(finding.path, paths) and (
                self.scope.reason(finding.path) is None
            ):
                # An attachment: no note, so no suppression comments to honour.
                other_files.append(self.diagnostic(finding.path, finding, None))
        if cache is not None:
            cache.set_state(files_print, aliases_print, vault_print, vault_findings)
            cache.save()

        diagnostics: list[Diagnostic] = other_files
        for path in report:
            res = results[path]
            info = res.info
            if info is None and res.entry is not None:
                entry = res.entry
                if not per_note[path] and not entry.suppressions:
                    continue  # nothing found, and no suppression comment to check
                # Decode the note only when its suppressions are needed; the
                # positions of fix edits need no more than its line starts.
                if entry.suppressions:
                    info = infos[path]
                elif any(f.fix for f in per_note[path]):
                    info = NoteInfo(path, line_starts=entry.line_starts)
                else:
                    info = NoteInfo(path)
            diagnostics.extend(self.finish(path, per_note[path], info, res.source))
        canvases = self.canvas_targets(files, paths)
        for path in canvases:
            diagnostics.extend(self.check_canvas(files, path))
        if UNREADABLE in self.active:
            for path, reason in files.problems:
                if self._requested(path, paths):
                    diagnostics.append(self.diagnostic(path, Finding(UNREADABLE, WHOLE_FILE, reason, snippet=reason), None))
        diagnostics.sort(key=Diagnostic.sort_key.fget)  # one call per diagnostic, not two
        sources = {p: results[p].source for p in report if results[p].source is not None}
        return RunResult(
            diagnostics, sources, self.vault, len(report), paths, len(canvases), self.scope.summary(),
            frozenset(report) | frozenset(canvases),
        )

    def reached_files(self, infos: Mapping[str, NoteInfo], files: VaultFiles) -> set[str]:
        """Every file a link in some other note or in a canvas leads to
        (all tied files of an ambiguous link, since Obsidian's choice among
        them is not certain)."""
        reached: set[str] = set()
        linked = [(path, infos[path].links) for path in infos]
        for path in files.files:
            if path.lower().endswith(".canvas"):
                try:
                    source = read_note(files.disk_path(self.root, path), path, self.config.max_file_size)
                except ReadError:
                    continue  # reported as unreadable when canvases are checked
                from .canvas import parse_canvas

                linked.append((path, parse_canvas(source.text).links))
        for path, links in linked:
            for link in links:
                if link.path:
                    reached.update(t for t in self.vault.resolve(link.path, path).ties if t != path)
        return reached

    def recorded_renames(self, files: list[str]) -> dict[str, str]:
        """Renames git recorded (staged, or in the last commit) whose new
        path is in the vault and old path is not: VL101 and VL102 repair
        links to the old name with them. Empty outside a repository."""
        if not ({"VL101", "VL102"} & self.active.keys()):
            return {}
        from . import git

        repo = git.find_repo(self.root)
        if repo is None:
            return {}
        present = set(files)
        return {
            old: new for old, new in git.renames(repo).combined().items() if new in present and old not in present
        }

    def check_links(self, path: str) -> tuple[list[Finding], tuple[str, ...]]:
        """The link rules' findings for one note, and (for the cache) the
        notes its links lead to: those whose headings and blocks the
        findings depend on.

        Each link is resolved once (``sort_links``), and each rule is handed
        only the links it can report on (``LinkRule.reports_on``): most
        links lead where they should, and no rule looks at them again."""
        info = self.vault.notes[path]
        keep_all = any(rule.reports_on == "all" for rule in self.link_rules)
        wanted, targets = sort_links(info, self.vault, keep_all)
        views: dict[str, NoteInfo] = {}
        found: list[Finding] = []
        for rule in self.link_rules:
            kind = rule.reports_on
            if not wanted[kind] and kind != "all":
                continue
            view = views.get(kind)
            if view is None:
                view = views[kind] = replace(info, links=wanted[kind])
            found.extend(rule.check_links(view, self.vault, self.ctx))
        if not self.use_cache:
            return found, ()
        return found, tuple(sorted(t for t in targets if t.lower().endswith(".md")))

    def collect(
        self, files: VaultFiles, report_set: set[str], cache: NoteCache | None, progress: Callable[[int], None]
    ) -> tuple[dict[str, NoteResult], set[str]]:
        """Every note's NoteResult, from the cache where it is still good,
        and the notes whose headings or block ids changed since it was made."""
        results: dict[str, NoteResult] = {}
        todo: list[tuple[str, bool, Entry | None]] = []
        for path in files.notes:
            check = path in report_set
            entry = cache.get(path, files.stats.get(path)) if cache else None
            usable = entry is not None and (entry.checked or not check)
            if usable and not (check and self.keep_sources):
                results[path] = NoteResult(path, None, None, entry.findings or [] if check else [], entry.digest, entry=entry)
                progress(1)
            else:
                # Fixing needs the text of checked notes: reading is cheap, parsing is not.
                todo.append((path, check, cache.entries.get(path) if cache else None))
        moved_anchors: set[str] = set()
        for res in self._process_all(files, todo, progress):
            results[res.path] = res
            stat = files.stats.get(res.path)
            if cache is None or stat is None:
                continue
            old = cache.entries.get(res.path)
            if res.entry is not None:
                # A worker sends back a copy: keep the cache's own entry.
                res.entry = cache.entries[res.path]
                if res.entry.stat != cache.trusted(stat):
                    cache.put_stat(res.path, cache.trusted(stat))
            elif res.info is not None:
                new = res.new_entry
                new.stat = cache.trusted(stat)
                if old is None or old.anchors != new.anchors:
                    moved_anchors.add(res.path)
                cache.put(res.path, new)
            elif old is not None:
                cache.remove(res.path)
                moved_anchors.add(res.path)
        if cache is not None:
            cache.prune(set(files.notes))
        return results, moved_anchors

    def _process_all(self, files: VaultFiles, todo: list, progress: Callable[[int], None]) -> Iterator[NoteResult]:
        """Process notes, across processes when there are enough of them;
        results come back in the order given either way."""
        if self.jobs > 1 and len(todo) >= self.parallel_min_notes:
            from .workers import worker_pool  # only runs that parse many notes start workers

            chunks = [todo[i : i + CHUNK] for i in range(0, len(todo), CHUNK)]
            names = files.disk_names
            work = [([(p, c, e, names.get(p)) for p, c, e in chunk]) for chunk in chunks]
            self.warm_up()
            initargs = (self.root, self.config, self.keep_sources, self.use_cache)
            with worker_pool(self.jobs, _start_worker, initargs) as pool:
                for batch in pool.map(_process_chunk, work):
                    yield from batch
                    progress(len(batch))
                    if self._lookahead is not None:
                        self._lookahead.see(res.info for res in batch if res.checked)
            return
        for path, check, entry in todo:
            yield self.process(files, path, check, entry)
            progress(1)

    def committed_files(self) -> frozenset[str] | None:
        """The vault's files in the last commit, read only when the
        unresolved-link policy compares against it."""
        if self.config.links.report_unresolved != "since-commit" or "VL101" not in self.active:
            return None
        repo = find_repo(self.root)
        return head_files(repo) if repo is not None else None

    def cache_key(self) -> str:
        """What cached results depend on besides the note: settings. Not
        whether fixes are wanted: ``check`` and ``check --fix`` share a cache."""
        return fingerprint(self.config, sorted(self.active))

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
        against the index of the last run.

        Of a note, whole-vault rules read its threshold claims; the rest
        they read (names, other notes' links) a fix of this note does not
        change. While its claims are the same, their findings for the note
        are the last run's; otherwise they run again over the vault with the
        note's new claims: only the rules that read claims, and only over
        the claims that share a key with the note's (no other claim can
        conflict with them), so fixing every note of a vault stays linear."""
        assert self.vault is not None, "run() builds the index first"
        path = source.path
        note = self.parse(source)
        info = self.info(note)
        findings = self.check_note(note)
        for rule in self.link_rules:
            findings.extend(rule.check_links(info, self.vault, self.ctx))
        if self.vault_rules:
            if path not in self.vault.claims and not info.claims or self.vault.claims.get(path) == info.claims:
                findings.extend(self._vault_found.get(path, []))
            else:
                claims_free = {rule.code for rule in self.vault_rules if not rule.reads_claims}
                findings.extend(f for f in self._vault_found.get(path, []) if f.code in claims_free)
                vault = replace(self.vault, note_claims=self._claims_near(path, info.claims), claims_for=path)
                for rule in self.vault_rules:
                    if rule.reads_claims:
                        findings.extend(f for f in rule.check_vault(vault, self.ctx) if f.path == path)
        diagnostics = self.finish(path, findings, info, source)
        diagnostics.sort(key=lambda d: d.sort_key)
        return diagnostics

    def _claims_near(self, path: str, new: list) -> dict[str, list]:
        """Every note's claims that share a key with ``new``, the note
        ``path``'s new claims, and those in place of its old ones."""
        from .thresholds.claims import Claim

        if self._claim_keys is None:
            self._claim_keys = {}
            for holder, claims in self.vault.claims.items():
                for claim in claims:
                    if isinstance(claim, Claim):
                        self._claim_keys.setdefault(claim.key, set()).add(holder)
        keys = {claim.key for claim in new if isinstance(claim, Claim)}
        near = {p for key in keys for p in self._claim_keys.get(key, ())} - {path}
        found = {p: self.vault.claims[p] for p in near}
        if new:
            found[path] = new
        return found

    def load_index(self) -> None:
        """Read every note's index and claims from the cache now, rather
        than when first asked for."""
        assert self.vault is not None, "run() builds the index first"
        for path in list(self.vault.notes):
            self.vault.notes[path]
        claims = self.vault.claims
        for path in list(claims):
            claims[path]

    def warm_up(self) -> None:
        """Build in this process what every note's check needs once (the
        threshold lexicon, compiled patterns), so that worker processes
        forked from it share it instead of each building it again."""
        source = decode("# Warm-up\n\nNormal WBC: 4,000\u201311,000/\u00b5L [[Warm-up]].\n".encode(), "Warm-up.md")
        note = self.parse(source)
        self.check_note(note)
        self.info(note)

    # -- findings to diagnostics ---------------------------------------------------------

    def finish(self, path: str, findings: list[Finding], info: NoteInfo | None, source: Source | None) -> list[Diagnostic]:
        """Suppressions, selection and severities; findings become diagnostics."""
        suppress = None
        if info is not None and (info.directives or info.frontmatter or self.config.per_file_ignores):
            suppress = Suppressions(info, self.registry, self.config.per_file_ignores)
        if suppress and "VL003" in self.active:
            findings = [*findings, *suppress.unknown]
        if suppress and not suppress.spans:
            suppress = None
        lines: LineIndex | None = None  # made at the first fix: most notes have none
        placing = source is not None or info is not None
        out = []
        labels = self._labels
        for f in findings:
            label = labels.get(f.code)
            if label is None:
                continue
            name, configured, default = label
            if suppress and f.code != "VL003" and suppress.suppressed(f, name):
                continue
            if f.fix is not None and placing:
                if lines is None:
                    lines = LineIndex(source.text) if source is not None else LineIndex("", info.line_starts)
                out.append(self.diagnostic(path, f, lines))
            else:
                # What ``diagnostic`` makes when no edit needs placing, made
                # inline: a warm check of a large vault makes tens of thousands.
                severity = configured or f.severity or default
                out.append(_new(Diagnostic, (f.code, name, severity, f.path or path, f.range, f.message, f.fix, f.snippet, f.group, ())))
        return out

    def diagnostic(self, path: str, f: Finding, lines: LineIndex | None) -> Diagnostic:
        rule = self.registry.by_code[f.code]
        severity = self.severities.get(f.code) or f.severity or rule.severity
        edit_ranges = ()
        if f.fix is not None and lines is not None:
            edit_ranges = tuple(lines.range(e.start, e.end) for e in f.fix.edits)
        return Diagnostic(
            f.code, rule.name, severity, f.path or path, f.range, f.message, f.fix, f.snippet, f.group, edit_ranges
        )


class _Claims(Mapping):
    """Threshold claims by note, read from a note's info or cache entry only
    when a whole-vault rule asks (an entry keeps them encoded)."""

    def __init__(self) -> None:
        self.holders: dict[str, list | Entry] = {}

    def __getitem__(self, path: str) -> list:
        held = self.holders[path]
        return held if isinstance(held, list) else held.claims

    def __iter__(self) -> Iterator[str]:
        return iter(self.holders)

    def __len__(self) -> int:
        return len(self.holders)


def read_app_config(root: Path) -> dict:
    """``.obsidian/app.json``; {} when missing or unreadable (Obsidian then
    uses its defaults)."""
    try:
        data = json.loads(read_regular(root / ".obsidian" / "app.json"))
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

