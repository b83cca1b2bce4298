"""Generate a vault in which every note needs a fix, for timing ``--fix``.

It is ``generate.py``'s vault with one mojibake added to each note (a
sentence with ``â€™`` for ``’``, as a vault that went through Windows
software would have), so ``vaultlint check --fix`` rewrites every note.
The same ``--notes`` and ``--seed`` always give the same bytes.

Usage::

    python benchmarks/every_note_fixable.py OUT --notes 2000 [--seed 1]
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
SENTENCE = "\nThe patient\u00e2\u20ac\u2122s chart was reviewed.\n"


def _generate_module():
    spec = importlib.util.spec_from_file_location("benchmark_generate", HERE / "generate.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def generate(out: Path, notes: int, seed: int = 1) -> int:
    """Write the vault to ``out`` (which must not exist or be empty);
    returns how many notes were given a mojibake."""
    _generate_module().generate(out, notes, seed)
    count = 0
    for note in sorted(out.rglob("*.md")):
        if any(part.startswith(".") for part in note.relative_to(out).parts):
            continue
        data = note.read_bytes()
        note.write_bytes(data + SENTENCE.encode("utf-8"))
        count += 1
    return count


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="folder to create the vault in")
    parser.add_argument("--notes", type=int, default=2_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    started = time.perf_counter()
    count = generate(args.out, args.notes, args.seed)
    print(f"{args.out}: {count} notes, each with one mojibake; {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
