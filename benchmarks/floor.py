"""The floor: the least work any vault linter must do.

Walk the vault as Obsidian sees it (every path segment starting with a dot
is skipped), read each Markdown note, decode it and run one regular
expression, the wikilink pattern, over it. A single Python process doing
only this sets the pace vaultlint is compared with in ``run.py``.

Usage::

    python benchmarks/floor.py VAULT
"""

from __future__ import annotations

import os
import re
import sys

WIKILINK = re.compile(r"!?\[\[([^\n]+?)\]\]")


def scan(root: str) -> tuple[int, int, int]:
    """(notes, bytes, wikilinks) found under ``root``."""
    notes = size = links = 0
    for folder, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in files:
            if name.startswith(".") or not name.endswith(".md"):
                continue
            with open(os.path.join(folder, name), "rb") as fh:
                data = fh.read()
            notes += 1
            size += len(data)
            links += len(WIKILINK.findall(data.decode("utf-8", errors="replace")))
    return notes, size, links


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: floor.py VAULT", file=sys.stderr)
        return 2
    notes, size, links = scan(argv[0])
    print(f"{notes} notes, {size} bytes, {links} wikilinks")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
