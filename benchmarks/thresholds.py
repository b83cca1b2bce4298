"""Time the clinical-threshold analysis alone, per 1,000 notes.

Reads and parses every note of a vault first (not timed), then times
``analyze_note`` over all of them, best of ``--repeat`` runs, in one process:

    python benchmarks/thresholds.py VAULT [--repeat 3] [--limit N]

Prints the notes analysed, the claim units found and the CPU seconds per 1,000
notes. The parse and read stages are timed by ``run.py``; this isolates the
part of a cold check that the threshold rules cost.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from vaultlint.config import Config
from vaultlint.parse import parse_note
from vaultlint.reader import ReadError, read_note
from vaultlint.thresholds import detect
from vaultlint.thresholds import analysis
from vaultlint.thresholds.analysis import lexicon_for


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("vault", type=Path)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--limit", type=int, default=0)
    args = parser.parse_args()
    paths = sorted(p for p in args.vault.rglob("*.md") if not any(part.startswith(".") for part in p.relative_to(args.vault).parts))
    if args.limit:
        paths = paths[: args.limit]
    sources = []
    for p in paths:
        try:
            sources.append(read_note(p, p.relative_to(args.vault).as_posix(), 50_000_000))
        except ReadError:
            continue
    options = Config().thresholds
    lexicon_for(options)  # compiled once, as before the workers fork
    best = None
    units = 0
    for _ in range(args.repeat):
        notes = [parse_note(s) for s in sources]
        for module in (analysis, detect):  # start every run with empty memos
            for value in vars(module).values():
                if hasattr(value, "cache_clear") and value.__module__ == module.__name__:
                    value.cache_clear()
        start = time.process_time()
        units = sum(len(analysis.analyze_note(n, options).units) for n in notes)
        elapsed = time.process_time() - start
        best = elapsed if best is None else min(best, elapsed)
    print(f"notes {len(notes)}  claim units {units}  total {best:.3f} s  per 1,000 notes {best / len(notes) * 1000:.3f} s")


if __name__ == "__main__":
    main()
