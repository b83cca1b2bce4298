"""The ``vaultlint`` command.

Exit codes: 0 when nothing at or above the failing severity was found,
1 when something was (or when --fix changed a note), 2 for usage and
configuration errors.
"""

from __future__ import annotations

import gc
import os
import signal
import sys
from collections import Counter
from pathlib import Path
from typing import Sequence

import click

from . import __version__
from .config import Config, ConfigError, find_config_file, load_config
from .discover import choose_vault, find_vault_root
from .engine import Engine
from .model import Diagnostic, Severity
from .outputs import check_output, write_output
from .pages import rule_page
from .report import FORMATS, ReportContext
from .report.paths import display_paths
from .rules import registry

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


def _split(values: Sequence[str]) -> list[str]:
    return [v.strip() for value in values for v in value.split(",") if v.strip()]


def _use_color(stream) -> bool:
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return hasattr(stream, "isatty") and stream.isatty()


class _Group(click.Group):
    """Turns configuration errors into one line and exit code 2."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except ConfigError as exc:
            click.echo(f"vaultlint: error: {exc}", err=True)
            ctx.exit(EXIT_ERROR)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="vaultlint")
def main() -> None:
    """Lint and repair Obsidian vaults: broken links, encoding corruption
    and unsourced clinical thresholds."""


def load_settings(root: Path, config_file: Path | None, isolated: bool) -> Config:
    if isolated:
        return Config()
    path = config_file or find_config_file(root)
    return load_config(path) if path else Config()


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--select", multiple=True, help="Rules to check: codes, prefixes (VL1) or names; comma-separated.")
@click.option("--extend-select", multiple=True, help="Rules to check in addition to the selected ones.")
@click.option("--ignore", multiple=True, help="Rules not to check: codes, prefixes or names.")
@click.option("--config", "config_file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Read this configuration file instead of looking for one.")
@click.option("--isolated", is_flag=True, help="Ignore every configuration file.")
@click.option("--format", "output_format", type=click.Choice(sorted(FORMATS)), default="text", show_default=True,
              help="How to print the findings.")
@click.option("--output-file", "-o", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the report to this file instead of standard output.")
@click.option("--statistics", is_flag=True, help="Count findings by rule, and broken links by target.")
@click.option("--quiet", "-q", is_flag=True, help="Print findings only, no summary or progress.")
@click.option("--exit-zero", is_flag=True, help="Exit with 0 even when problems are found.")
@click.option("--fail-on", type=click.Choice(["error", "warning", "info"]),
              help="The lowest severity that makes the run fail [default: warning].")
@click.option("--fix", is_flag=True, help="Apply safe fixes and report what remains.")
@click.option("--unsafe-fixes", is_flag=True, help="With --fix or --diff, also apply unsafe fixes.")
@click.option("--diff", is_flag=True, help="Print the changes --fix would make as a unified diff; write nothing.")
@click.option("--no-cache", is_flag=True, help="Neither read nor write the cache in the vault's .vaultlint_cache folder.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), help="Processes to check with [default: one per CPU].")
@click.option("--baseline", "baseline_file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Report only findings not recorded in this baseline file.")
@click.option("--write-baseline", type=click.Path(dir_okay=False, path_type=Path),
              help="Record the current findings in this file (for --baseline) and exit with 0.")
def check(
    paths: tuple[Path, ...],
    select: tuple[str, ...],
    extend_select: tuple[str, ...],
    ignore: tuple[str, ...],
    config_file: Path | None,
    isolated: bool,
    output_format: str,
    output_file: Path | None,
    statistics: bool,
    quiet: bool,
    exit_zero: bool,
    fail_on: str | None,
    fix: bool,
    unsafe_fixes: bool,
    diff: bool,
    baseline_file: Path | None,
    write_baseline: Path | None,
    no_cache: bool,
    jobs: int | None,
) -> None:
    """Check the notes in PATHS (default: the current folder).

    Given single notes, as pre-commit does, the whole vault is still indexed
    so links resolve, but only those notes are reported on."""
    targets = list(paths) or [Path(".")]
    for p in targets:
        if not p.exists():
            raise ConfigError(f"{p}: no such file or folder")
    root, targets = choose_vault(targets)
    if not targets:
        sys.exit(EXIT_OK)  # only files that are not notes of this vault (pre-commit passes every staged file)
    config = load_settings(root, config_file, isolated)
    if select:
        config.select = _split(select)
    if extend_select:
        config.extend_select = [*config.extend_select, *_split(extend_select)]
    if ignore:
        config.ignore = [*config.ignore, *_split(ignore)]
    if fail_on:
        config.fail_on = fail_on
    engine = Engine(
        root, config, use_cache=not no_cache, jobs=jobs or os.cpu_count() or 1, keep_sources=fix or diff
    )
    if not engine.active:
        raise ConfigError("no rule is selected, so nothing would be checked (see --select, --ignore and select)")
    _check_outputs(root, output_file=None if diff else output_file, write_baseline=None if diff else write_baseline)

    result = _run_with_progress(engine, targets, quiet)
    for problem in engine.scope.obsidian.unusable:
        click.echo(f"vaultlint: warning: {problem}", err=True)
    if result.files_checked == 0 and not result.canvases_checked and not _other_files(engine, result, targets):
        _nothing_checked(targets)
    diagnostics = result.diagnostics
    fixed: tuple[tuple[str, int], ...] = ()
    changed_any = False
    if fix or diff:
        from .fix import fix_notes, patch_limits, skipped_summary, summary as fix_summary, unified_diff

        outcome = fix_notes(engine, result, unsafe=unsafe_fixes, write=fix and not diff)
        diagnostics = outcome.diagnostics
        changed_any = bool(outcome.changed)
        if diff:
            click.echo(unified_diff(outcome), nl=False)
            if outcome.skipped:
                click.echo(skipped_summary(outcome), err=True)
            if patch_limits(outcome):
                click.echo(patch_limits(outcome), err=True)
            sys.exit(EXIT_FINDINGS if changed_any else EXIT_OK)
        fixed = tuple((c.path, c.fixes) for c in outcome.changed)
        if not quiet:
            message = fix_summary(outcome, display_paths(root))
            if message:
                click.echo(message, err=True)

    if write_baseline:
        from .baseline import record

        click.echo(record(write_baseline, diagnostics, root), err=True)
        sys.exit(EXIT_OK)
    if baseline_file:
        from .baseline import apply

        diagnostics, note = apply(baseline_file, diagnostics)
        if note and not quiet:
            click.echo(note, err=True)

    out_stream = sys.stdout
    ctx = ReportContext(
        root=root,
        registry=engine.registry,
        files_checked=result.files_checked,
        canvases_checked=result.canvases_checked,
        color=output_file is None and output_format == "text" and _use_color(out_stream),
        fixed=fixed,
        skipped=result.skipped,
        checked=result.checked,
        unsafe_fixes=unsafe_fixes,
        quiet=quiet,
    )
    if statistics and output_format == "text":
        report = render_statistics(diagnostics)
    else:
        report = FORMATS[output_format](diagnostics, ctx)
    if output_file:
        write_output(output_file, root, "--output-file", report)
    else:
        click.echo(report, nl=False)

    failing = Severity.parse(config.fail_on)
    failed = any(d.severity >= failing for d in diagnostics) or changed_any
    sys.exit(EXIT_FINDINGS if failed and not exit_zero else EXIT_OK)


def _check_outputs(root: Path, output_file: Path | None, write_baseline: Path | None) -> None:
    """Before the run: the files it will write can and may be written."""
    if output_file:
        check_output(output_file, root, "--output-file")
    if write_baseline:
        check_output(write_baseline, root, "--write-baseline")


def _other_files(engine: Engine, result, targets: list[Path]) -> bool:
    """Whether the paths given hold files other than notes that are not
    excluded (attachments, which some rules check)."""
    return any(engine._requested(f, targets) and engine.scope.reason(f) is None for f in result.vault.files)


def _nothing_checked(targets: list[Path]) -> None:
    """A run that checked no note must not pass as a clean one (exit 2).

    Only notes named one by one, as a pre-commit hook passes them, may all
    be left out (excluded, templates): that commit has nothing to check,
    and the report says what was skipped."""
    if all(p.is_file() for p in targets):
        return
    raise ConfigError(
        "no note was checked: the folder holds no Markdown note or canvas, or every one is excluded (see exclude)"
    )


def _run_with_progress(engine: Engine, targets: list[Path], quiet: bool):
    """A progress bar on stderr for long runs at a terminal."""
    err = sys.stderr
    if quiet or not (hasattr(err, "isatty") and err.isatty()):
        return engine.run(targets)
    with click.progressbar(length=1, label="Checking", file=err, show_pos=True) as bar:

        def advance(n: int, total: int) -> None:
            bar.length = total
            bar.update(n)

        return engine.run(targets, progress=advance)


def render_statistics(diagnostics: Sequence[Diagnostic]) -> str:
    """Counts by rule, then unresolved targets by how often they are linked."""
    if not diagnostics:
        return "No problems found.\n"
    by_rule = Counter((d.code, d.name) for d in diagnostics)
    width = len(str(max(by_rule.values())))
    lines = [f"{n:>{width}}  {code}  {name}" for (code, name), n in sorted(by_rule.items(), key=lambda kv: (-kv[1], kv[0]))]
    groups = Counter((d.code, d.group) for d in diagnostics if d.group)
    if groups:
        lines.append("")
        lines.append("By target:")
        w = len(str(max(groups.values())))
        for (code, group), n in sorted(groups.items(), key=lambda kv: (-kv[1], kv[0])):
            lines.append(f"{n:>{w}}  {code}  {group}")
    return "\n".join(lines) + "\n"


@main.command("rule")
@click.argument("code")
def rule_command(code: str) -> None:
    """Print the documentation page of rule CODE (a code or a name)."""
    rule = registry().get(code)
    if rule is None:
        raise ConfigError(f"no rule named '{code}' (see 'vaultlint rules')")
    page = rule_page(rule.code)
    if page is None:
        page = f"# {rule.code} {rule.name}\n\n{rule.summary}\n"
    click.echo(page, nl=not page.endswith("\n"))


@main.command("rules")
def rules_command() -> None:
    """List every rule with its default severity and whether it can fix;
    opt-in rules (checked only when selected) are marked."""
    reg = registry()
    name_width = max(len(r.name) for r in reg.rules)
    for rule in reg.rules:
        fix = f"fix: {rule.fix}" if rule.fix else ""
        summary = f"{rule.summary} (opt-in: --select {rule.code})" if rule.opt_in else rule.summary
        click.echo(f"{rule.code}  {rule.name:<{name_width}}  {str(rule.severity):<7}  {fix:<11}  {summary}".rstrip())


@main.command("init")
@click.argument("folder", default=".", type=click.Path(exists=True, file_okay=False, path_type=Path))
def init_command(folder: Path) -> None:
    """Write a commented vaultlint.toml at the root of the vault holding FOLDER
    (default: the current folder) and print the pre-commit entry. An existing
    configuration is never replaced (exit code 1)."""
    from .init import init, report

    result = init(folder)
    click.echo(report(result), nl=False)
    sys.exit(0 if result.created else 1)


@main.command("report")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--html", "html_file", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="Write the vault's health report to this HTML file.")
@click.option("--config", "config_file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Read this configuration file instead of looking for one.")
@click.option("--isolated", is_flag=True, help="Ignore every configuration file.")
@click.option("--no-cache", is_flag=True, help="Neither read nor write the cache in the vault's .vaultlint_cache folder.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), help="Processes to check with [default: one per CPU].")
@click.option("--quiet", "-q", is_flag=True, help="No summary or progress.")
def report_command(
    paths: tuple[Path, ...], html_file: Path, config_file: Path | None, isolated: bool, no_cache: bool,
    jobs: int | None, quiet: bool,
) -> None:
    """Check the vault (or PATHS in it) and write its health as one
    self-contained HTML page: findings by rule and folder, broken links by
    target, orphans, unused attachments, empty notes, duplicate names,
    encoding damage, unsourced thresholds, and every rule's page. The
    maintenance rules (VL4) are included."""
    from .report.html import HealthContext, render_html

    targets = list(paths) or [Path(".")]
    for p in targets:
        if not p.exists():
            raise ConfigError(f"{p}: no such file or folder")
    if html_file.suffix.lower() == ".md":
        raise ConfigError(f"{html_file}: the report is HTML; refusing to write it over a note")
    root = find_vault_root(targets[0])
    config = load_settings(root, config_file, isolated)
    config.extend_select = [*config.extend_select, "VL4"]
    engine = Engine(root, config, use_cache=not no_cache, jobs=jobs or os.cpu_count() or 1, keep_sources=False)
    result = _run_with_progress(engine, targets, quiet)
    ctx = HealthContext(root.name, engine.registry, len(result.vault.notes), len(result.vault.files))
    page = render_html(result.diagnostics, ctx, engine.active)
    try:
        html_file.write_text(page, encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"{html_file}: cannot write: {exc.strerror or exc}") from None
    if not quiet:
        size = len(page.encode("utf-8"))
        click.echo(f"Wrote {html_file} ({size / 1024:.0f} KB, {len(result.diagnostics)} findings).", err=True)
    sys.exit(EXIT_OK)


@main.command("mv")
@click.argument("source", type=click.Path(path_type=Path))
@click.argument("dest")
@click.option("--dry-run", is_flag=True, help="Print the changes as a diff; move and write nothing.")
@click.option("--config", "config_file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Read this configuration file instead of looking for one.")
@click.option("--isolated", is_flag=True, help="Ignore every configuration file.")
@click.option("--quiet", "-q", is_flag=True, help="No summary or progress.")
def mv_command(source: Path, dest: str, dry_run: bool, config_file: Path | None, isolated: bool, quiet: bool) -> None:
    """Move the note, attachment or folder SOURCE to DEST and rewrite every
    link in the vault that reaches what moved, so it still does. DEST may be
    an existing folder to move into, or end with "/" to make one. Inside a git repository the move is a
    ``git mv``."""
    from .move import MoveError, carry_out, diff, plan_move, summary

    start = source
    while not start.exists() and start != start.parent:
        start = start.parent
    root = find_vault_root(start if start.exists() else Path("."))
    config = load_settings(root, config_file, isolated)
    try:
        plan = _with_progress("Reading", quiet, lambda progress: plan_move(
            root, config, source, Path(dest), progress, into=dest.endswith(("/", os.sep))
        ))
        if dry_run:
            sys.stdout.buffer.write(diff(plan))
            sys.stdout.flush()
            how = None
        else:
            how = carry_out(plan)
    except MoveError as exc:
        click.echo(f"vaultlint: error: {exc}", err=True)
        sys.exit(EXIT_ERROR)
    if not quiet:
        click.echo(summary(plan, how), err=True)
    sys.exit(EXIT_OK)


def _with_progress(label: str, quiet: bool, work):
    """``work(progress)`` with a progress bar on stderr at a terminal, as ``check`` shows."""
    err = sys.stderr
    if quiet or not (hasattr(err, "isatty") and err.isatty()):
        return work(None)
    with click.progressbar(length=1, label=label, file=err, show_pos=True) as bar:

        def advance(n: int, total: int) -> None:
            bar.length = total
            bar.update(n)

        return work(advance)


def run() -> None:
    """The ``vaultlint`` command as installed: :func:`main` in a process of its own."""
    # A check keeps many objects alive (the vault's index, the cached
    # findings) and makes few reference cycles, so the default collector,
    # which walks every live object again and again as they are made, costs
    # a warm check of a large vault a third of its time. Collect rarely, and
    # never look at what was imported.
    gc.freeze()
    gc.set_threshold(50_000, 20, 100)
    # Stopped by a CI timeout or a closed terminal, end as after Ctrl-C: the
    # worker processes are stopped and no temporary file is left behind.
    for signum in _STOP_SIGNALS:
        signal.signal(signum, _stopped)
    main()


_STOP_SIGNALS = [getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name)]


def _stopped(signum: int, frame: object) -> None:
    # A second signal while the first one's clean-up runs (at worst while
    # the interpreter waits for the pool's threads) ends the process at
    # once; raised there, it would print a traceback. A temporary file left
    # by it is removed by the next run.
    for other in _STOP_SIGNALS:
        signal.signal(other, _stopped_again)
    if signum == signal.SIGINT:
        raise KeyboardInterrupt
    raise SystemExit(128 + signum)


def _stopped_again(signum: int, frame: object) -> None:
    os._exit(128 + signum)

