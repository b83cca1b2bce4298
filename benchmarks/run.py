"""Measure vaultlint on generated vaults against the floor and the targets.

For each ``--shape`` (``dense``, ``real``) and ``--notes`` size the runner
generates a vault (or reuses the one in ``benchmarks/.vaults/``) and runs,
each as a separate process:

* the floor (``floor.py``: read every note, run one regular expression);
* ``cold``: ``vaultlint check VAULT`` with the vault's cache folder deleted
  first, all rules;
* ``links``: the same with the link rules only (``--select VL1``), cold;
* ``no-cache``: ``vaultlint check --no-cache VAULT`` (with ``--no-cache-row``);
* ``warm``: the same check again with nothing changed (the cache is filled
  by an unmeasured run first);
* ``changed``: one note's text is edited, then ``vaultlint check NOTE`` is run
  from the vault root, as pre-commit runs it. The note is restored afterwards;
* ``heading``: a full check with a warm cache after one heading of that note
  was renamed, so the notes linking to it must be checked again;
* ``fix-check`` and ``fix``: on a copy of the vault where every note has one
  more problem with a safe fix (a mojibake apostrophe), a cold check, then a
  cold ``check --fix`` on a fresh copy: fixing every note against checking it.

Each is measured ``--repeat`` times and the median is reported: wall time,
CPU time (user + system of the process and every child it waited for), peak
memory, notes per second, MB per second and the ratio to
the floor measured in the same run. Peak memory is reported two ways: the
largest single process (``ru_maxrss``, which is the maximum over the process
and its children, not their sum) and the sum over the process tree, sampled
every 20 ms from /proc on Linux (proportional set size: memory a forked
worker shares with its parent is counted once). The memory target is
checked against the larger.
Commands are started through ``spawn.py`` so that these figures cover the
command alone.

The OS file cache is warm for every run, the floor included: "cold" means
vaultlint has no cache of its own.

Usage::

    python benchmarks/run.py [--shape dense real] [--notes 1000 10000 50000] [--repeat 3] [--json results.json]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import every_note_fixable  # noqa: E402  (sibling modules, not a package)
import generate  # noqa: E402

CACHE_DIR = ".vaultlint_cache"  # vaultlint's cache folder in the vault root
TARGET_NOTES = 10_000
SCALE_NOTES = 50_000
SHAPES = generate.SHAPES
# The line every note of the fix vault gets, as every_note_fixable.py adds
# it: one mojibake apostrophe, which VL201 fixes safely.
FIX_LINE = every_note_fixable.SENTENCE


@dataclass
class Sample:
    wall: float  # seconds
    cpu: float  # user + system seconds, the process and its waited-for children
    rss_process: int  # bytes, the largest single process
    rss_tree: int | None  # bytes, the largest sampled sum over the process tree


@dataclass
class Result:
    shape: str
    run: str
    notes: int
    bytes: int
    walls: list[float]
    wall: float  # median
    cpu: float  # median
    rss_process: int  # max over the repeats
    rss_tree: int | None
    notes_per_s: float
    mb_per_s: float
    ratio_to_floor: float | None = None

    @property
    def peak(self) -> int:
        return max(self.rss_process, self.rss_tree or 0)


@dataclass
class Target:
    name: str
    value: float
    limit: float
    unit: str

    @property
    def passed(self) -> bool:
        return self.value <= self.limit


@dataclass
class Report:
    machine: dict
    results: list[Result] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)


# --- measuring one process ---------------------------------------------------


def _tree_rss(pid: int) -> int:
    """Memory of the descendants of ``pid`` (not ``pid`` itself), in bytes:
    the proportional set size, where a page shared by n processes (a
    forked worker and its parent) counts 1/n in each, so the sum is what
    the tree really holds. Resident size where that is not available."""
    total, page = 0, os.sysconf("SC_PAGE_SIZE")
    stack = _children(pid)
    while stack:
        current = stack.pop()
        try:
            total += _pss(current)
        except OSError:
            try:
                with open(f"/proc/{current}/statm") as fh:
                    total += int(fh.read().split()[1]) * page
            except (OSError, ValueError, IndexError):
                continue  # it ended between two reads
        stack.extend(_children(current))
    return total


def _pss(pid: int) -> int:
    with open(f"/proc/{pid}/smaps_rollup") as fh:
        for line in fh:
            if line.startswith("Pss:"):
                return int(line.split()[1]) * 1024
    raise OSError("no Pss line")


def _children(pid: int) -> list[int]:
    found: list[int] = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as fh:
                found.extend(int(child) for child in fh.read().split())
    except (OSError, ValueError):
        pass
    return found


class _TreeSampler(threading.Thread):
    """Samples the memory of a process tree until stopped (Linux only)."""

    def __init__(self, pid: int, interval: float = 0.02) -> None:
        super().__init__(daemon=True)
        self.pid, self.interval = pid, interval
        self.peak = 0
        self.stopped = threading.Event()
        self.enabled = os.path.exists(f"/proc/{os.getpid()}/task/{os.getpid()}/children")

    def run(self) -> None:
        while self.enabled and not self.stopped.is_set():
            self.peak = max(self.peak, _tree_rss(self.pid))
            self.stopped.wait(self.interval)


def measure(cmd: list[str], cwd: Path) -> Sample:
    """Run ``cmd`` through spawn.py and measure it; exit codes 0 and 1
    (findings) are success."""
    with tempfile.TemporaryDirectory() as tmp:
        result_file = Path(tmp, "result.json")
        err_file = Path(tmp, "stderr")
        with open(err_file, "wb") as err:
            proc = subprocess.Popen([sys.executable, str(HERE / "spawn.py"), str(result_file), *cmd],
                                    cwd=cwd, stdout=subprocess.DEVNULL, stderr=err)
            sampler = _TreeSampler(proc.pid)
            sampler.start()
            proc.wait()
            sampler.stopped.set()
            sampler.join()
        if proc.returncode not in (0, 1):
            message = err_file.read_text("utf-8", "replace").strip()[-2000:]
            raise RuntimeError(f"{shlex.join(cmd)} exited with {proc.returncode}:\n{message}")
        data = json.loads(result_file.read_text("utf-8"))
    return Sample(data["wall"], data["cpu"], data["maxrss"], sampler.peak if sampler.enabled else None)


def summarise(shape: str, run: str, notes: int, size: int, samples: list[Sample]) -> Result:
    wall = statistics.median(s.wall for s in samples)
    trees = [s.rss_tree for s in samples if s.rss_tree is not None]
    return Result(
        shape=shape, run=run, notes=notes, bytes=size, walls=[round(s.wall, 4) for s in samples], wall=wall,
        cpu=statistics.median(s.cpu for s in samples), rss_process=max(s.rss_process for s in samples),
        rss_tree=max(trees) if trees else None, notes_per_s=notes / wall, mb_per_s=size / wall / 1e6,
    )


# --- vaults -------------------------------------------------------------------


def _generator_stamp(notes: int, seed: int, shape: str) -> str:
    digest = hashlib.sha256()
    for name in ("generate.py", "vocabulary.py"):
        digest.update((HERE / name).read_bytes())
    return f"{digest.hexdigest()} notes={notes} seed={seed} shape={shape}\n"


def ensure_vault(vaults: Path, notes: int, seed: int, shape: str = "dense") -> Path:
    """The generated vault for ``notes``/``seed``/``shape``, rebuilt when the generator changed."""
    vault = vaults / f"{shape}-{notes}-seed-{seed}"
    stamp_file = vaults / f"{vault.name}.stamp"
    stamp = _generator_stamp(notes, seed, shape)
    if vault.is_dir() and stamp_file.is_file() and stamp_file.read_text() == stamp:
        return vault
    if vault.exists():
        if not (vault / generate.MANIFEST_NAME).is_file():
            raise SystemExit(f"{vault} exists but was not generated by generate.py; remove it")
        shutil.rmtree(vault)
    vaults.mkdir(parents=True, exist_ok=True)
    print(f"generating {notes} {shape} notes in {vault} ...", flush=True)
    started = time.perf_counter()
    generate.generate(vault, notes, seed, shape)
    print(f"  done in {time.perf_counter() - started:.1f} s", flush=True)
    stamp_file.write_text(stamp)
    return vault


def note_paths(vault: Path) -> list[Path]:
    """Every note vaultlint and Obsidian see, sorted."""
    found = []
    for folder, dirs, files in os.walk(vault):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        found += [Path(folder, f) for f in files if f.endswith(".md") and not f.startswith(".")]
    return sorted(found)


def drop_cache(vault: Path) -> None:
    shutil.rmtree(vault / CACHE_DIR, ignore_errors=True)


def make_fix_vault(vault: Path, copy: Path) -> None:
    """``copy`` made afresh from ``vault`` (without its cache), with one more
    safely fixable problem at the end of every note."""
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(vault, copy, ignore=shutil.ignore_patterns(CACHE_DIR))
    for path in note_paths(copy):
        with open(path, "a", encoding="utf-8", newline="") as fh:
            fh.write(FIX_LINE)


# --- the benchmark --------------------------------------------------------------


def bench_size(vaultlint: list[str], vault: Path, shape: str, repeat: int, no_cache: bool,
               fix_rows: bool = True) -> list[Result]:
    notes = note_paths(vault)
    count, size = len(notes), sum(p.stat().st_size for p in notes)
    check = vaultlint + ["check", "--quiet"]
    results = []

    def run(name: str, cmd: list[str], cwd: Path = vault, before=None, after=None) -> Result:
        samples = []
        for i in range(repeat):
            if before:
                before(i)
            try:
                samples.append(measure(cmd, cwd))
            finally:
                if after:
                    after(i)
        result = summarise(shape, name, count, size, samples)
        results.append(result)
        print(f"  {name:<9} {_row(result)}", flush=True)
        return result

    print(f"{shape}: {count} notes, {size / 1e6:.1f} MB: {vault} (load average {os.getloadavg()[0]:.1f})",
          flush=True)
    floor_cmd = [sys.executable, str(HERE / "floor.py"), str(vault)]
    measure(floor_cmd, vault)  # unmeasured: fills the OS file cache
    floor = run("floor", floor_cmd)
    run("cold", check + [str(vault)], before=lambda i: drop_cache(vault))
    run("links", check + ["--select", "VL1", str(vault)], before=lambda i: drop_cache(vault))
    if no_cache:
        run("no-cache", check + ["--no-cache", str(vault)])
    drop_cache(vault)
    measure(check + [str(vault)], vault)  # unmeasured: fills vaultlint's cache
    run("warm", check + [str(vault)])

    # One edited note, checked on its own from the vault root as pre-commit does.
    changed = notes[len(notes) // 2]
    original, stat = changed.read_bytes(), changed.stat()

    def edit(i: int) -> None:
        changed.write_bytes(original + f"\nEdited for benchmark run {i}.\n".encode())

    def restore(i: int) -> None:
        changed.write_bytes(original)
        os.utime(changed, ns=(stat.st_atime_ns, stat.st_mtime_ns))

    run("changed", check + [changed.relative_to(vault).as_posix()], before=edit, after=restore)

    # The same note with its first section heading renamed, then a full
    # check: the notes that link to that heading must be checked again.
    heading = original.find(b"\n## ")

    def rename(i: int) -> None:
        changed.write_bytes(original[: heading + 4] + f"Renamed {i} ".encode() + original[heading + 4 :])

    if heading >= 0:
        measure(check + [str(vault)], vault)  # unmeasured: the cache again as the full check left it
        run("heading", check + [str(vault)], before=rename, after=restore)

    if fix_rows:
        copy = vault.with_name(vault.name + "-fix")
        try:
            run("fix-check", check + [str(copy)], cwd=vault.parent, before=lambda i: make_fix_vault(vault, copy))
            run("fix", check + ["--fix", str(copy)], cwd=vault.parent, before=lambda i: make_fix_vault(vault, copy))
        finally:
            shutil.rmtree(copy, ignore_errors=True)
    for result in results:
        result.ratio_to_floor = result.wall / floor.wall
    return results


def targets(results: list[Result]) -> list[Target]:
    """The targets, for the shapes and sizes that were measured: times as
    ratios to the floor of the same run, at 10,000 notes."""
    by = {(r.shape, r.notes, r.run): r for r in results}
    found: list[Target] = []
    for shape in SHAPES:
        sizes = sorted({r.notes for r in results if r.shape == shape})
        base = next((n for n in sizes if abs(n - TARGET_NOTES) <= TARGET_NOTES // 100), None)
        big = next((n for n in sizes if abs(n - SCALE_NOTES) <= SCALE_NOTES // 100), None)

        def ratio(run: str, limit: float, what: str, notes: int | None = base) -> None:
            result = by.get((shape, notes, run))
            if result is not None and result.ratio_to_floor is not None:
                found.append(Target(f"{shape} {notes:,}: {what} / floor", result.ratio_to_floor, limit, "x"))

        def peak(notes: int | None, limit: float) -> None:
            if notes is not None:
                value = max(r.peak for r in results if r.shape == shape and r.notes == notes and r.run != "floor")
                found.append(Target(f"{shape} {notes:,}: peak memory", value / 1e6, limit, "MB"))

        if shape == "dense":
            ratio("cold", 15.0, "cold, all rules")
        else:
            ratio("cold", 4.0, "cold, all rules")
            ratio("links", 2.0, "cold, link rules only")
        ratio("warm", 1.0, "warm, nothing changed")
        ratio("changed", 1.0, "one changed note, warm (pre-commit)")
        fix, fix_check = by.get((shape, base, "fix")), by.get((shape, base, "fix-check"))
        if fix and fix_check:
            found.append(Target(f"{shape} {base:,}: fix every note / check them", fix.wall / fix_check.wall, 1.25, "x"))
        peak(base, 300.0)
        peak(big, 1000.0)
        if base is not None and big is not None:
            found.append(Target(f"{shape}: cold {big:,} notes / cold {base:,} notes",
                                by[(shape, big, "cold")].wall / by[(shape, base, "cold")].wall, 5.5, "x"))
    return found


# --- output -------------------------------------------------------------------------


def _mb(value: int | None) -> str:
    return "-" if value is None else f"{value / 1e6:.0f}"


def _row(r: Result) -> str:
    ratio = "" if r.ratio_to_floor is None else f"{r.ratio_to_floor:.2f}"
    return (f"{r.wall:8.3f} {r.cpu:8.3f} {_mb(r.rss_process):>7} {_mb(r.rss_tree):>7} "
            f"{r.notes_per_s:10.0f} {r.mb_per_s:7.1f} {ratio:>8}")


def print_report(report: Report) -> None:
    m = report.machine
    print()
    print(f"vaultlint {m['vaultlint']} | Python {m['python']} | {m['cpus']} CPUs | {m['platform']} | "
          f"median of {m['repeat']} runs")
    print(f"{'shape':<6} {'notes':>7} {'run':<9} {'wall s':>8} {'cpu s':>8} {'RSS MB':>7} {'tree MB':>7} "
          f"{'notes/s':>10} {'MB/s':>7} {'x floor':>8}")
    for r in report.results:
        print(f"{r.shape:<6} {r.notes:>7} {r.run:<9} {_row(r)}")
    if report.targets:
        print()
        for t in report.targets:
            print(f"{'PASS' if t.passed else 'FAIL'}  {t.name}: {t.value:.2f} {t.unit} (target <= {t.limit:g} {t.unit})")
    if m["load"] > 0.5:
        print(f"\nNote: the load average was {m['load']:.1f} when the run started; other work on the machine "
              "inflates wall times (CPU times much less).")
    if m["cpus"] != 2:
        print(f"\nNote: the targets are set for a 2-core machine; this one has {m['cpus']}.")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--notes", type=int, nargs="+", default=[1_000, 10_000], help="vault sizes to measure")
    parser.add_argument("--shape", nargs="+", choices=SHAPES, default=list(SHAPES),
                        help="kinds of generated vault: dense (every note long and full), real (public vaults' shape)")
    parser.add_argument("--no-fix-rows", action="store_true", help="leave out the fix-check and fix runs")
    parser.add_argument("--no-cache-row", action="store_true", help="also measure a check with --no-cache")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=3, help="measured runs of each kind (the median is reported)")
    parser.add_argument("--vaults", type=Path, default=HERE / ".vaults", help="where generated vaults are kept")
    parser.add_argument("--vaultlint", default=None, help="the command to run (default: vaultlint beside this Python)")
    parser.add_argument("--json", type=Path, help="also write the results to this file")
    parser.add_argument("--strict", action="store_true", help="exit with 1 when a target is missed")
    args = parser.parse_args(argv)

    command = args.vaultlint or str(Path(sys.executable).with_name("vaultlint"))
    vaultlint = shlex.split(command)
    if not shutil.which(vaultlint[0]):
        parser.error(f"cannot run {vaultlint[0]!r}; pass --vaultlint")
    version = subprocess.run(vaultlint + ["--version"], capture_output=True, text=True).stdout.strip()
    helptext = subprocess.run(vaultlint + ["check", "--help"], capture_output=True, text=True).stdout
    report = Report(machine={
        "vaultlint": version.split()[-1] if version else "?", "python": platform.python_version(),
        "cpus": os.cpu_count(), "platform": platform.platform(), "repeat": args.repeat,
        "seed": args.seed, "command": command, "load": os.getloadavg()[0],
    })
    for shape in args.shape:
        for notes in args.notes:
            vault = ensure_vault(args.vaults, notes, args.seed, shape)
            report.results += bench_size(vaultlint, vault, shape, args.repeat,
                                         args.no_cache_row and "--no-cache" in helptext, not args.no_fix_rows)
    report.targets = targets(report.results)
    print_report(report)
    if args.json:
        data = {"machine": report.machine,
                "results": [asdict(r) | {"peak": r.peak} for r in report.results],
                "targets": [asdict(t) | {"passed": t.passed} for t in report.targets]}
        args.json.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    return 1 if args.strict and not all(t.passed for t in report.targets) else 0


if __name__ == "__main__":
    sys.exit(main())
