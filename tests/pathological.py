"""Notes built to be slow: long runs of the characters Markdown scanners
look for and cannot close, and ordinary prose of the same size to compare
with. Each builder returns exactly ``size`` characters.

>>> {name: len(make(200)) for name, make in CASES.items()} == {name: 200 for name in CASES}
True
"""

from __future__ import annotations

import random
from typing import Callable


def repeat(unit: str) -> Callable[[int], str]:
    return lambda size: (unit * (size // len(unit) + 1))[:size]


def lines(make_line: Callable[[int], str]) -> Callable[[int], str]:
    """Line after line from ``make_line(i)`` until there is enough."""

    def build(size: int) -> str:
        out, total, i = [], 0, 0
        while total < size:
            line = make_line(i) + "\n"
            out.append(line)
            total += len(line)
            i += 1
        return "".join(out)[:size]

    return build


WORDS = (
    "the nurse checked the patient's blood pressure and heart rate before giving the medication "
    "as ordered, then wrote the findings in the chart and told the charge nurse about the change"
).split()


def prose(size: int) -> str:
    """Paragraphs of plain sentences, with a few links and some emphasis."""
    rng = random.Random(17)

    def paragraph(i: int) -> str:
        words = [rng.choice(WORDS) for _ in range(70)]
        words[10] = f"[[Note {i % 50}]]"
        words[30] = f"*{words[30]}*"
        return " ".join(words).capitalize() + ".\n"

    return lines(paragraph)(size)


# name -> builder. Every one is pure Markdown punctuation that opens
# something (a link, a code span, emphasis, a comment, math, a tag) and
# rarely or never closes it, nested containers, or many of a construct
# that rules compare with each other.
CASES: dict[str, Callable[[int], str]] = {
    "prose": prose,
    "open brackets [": repeat("["),
    "open wikilinks [[": repeat("[["),
    "open embeds ![[": repeat("![["),
    "open footnote refs [^": repeat("[^"),
    "link openers [x](": repeat("[x]("),
    "close brackets ]": repeat("]"),
    "backticks `": repeat("`"),
    "backtick runs of growing length": lines(lambda i: "`" * (i % 400 + 1) + " a"),
    "emphasis stars *": repeat("*"),
    "emphasis runs **a _b": repeat("**a _b "),
    "emphasis mixed *_~=": repeat("*_~=="),
    "pipes |": repeat("|"),
    "table with many rows": lambda size: "| a | b |\n| - | - |\n" + repeat("| x | [[Note\\|z]] |\n")(size)[: size - 20],
    "nested quotes > > >": lines(lambda i: "> " * (i % 500 + 1) + "q"),
    "one deep quote >>>>": repeat(">"),
    "nested lists": lines(lambda i: "  " * (i % 500) + "- item"),
    "nested numbered lists": lines(lambda i: "   " * (i % 300) + "1. item"),
    "percent comments %%": repeat("%%"),
    "dollars $": repeat("$"),
    "dollar pairs $a": repeat("$a"),
    "html <": repeat("<"),
    "html tag openers <a": repeat("<a "),
    "html comment openers <!--": repeat("<!--"),
    "backslashes \\": repeat("\\"),
    "headings, each linked to": lines(lambda i: f"# Heading {i}\n[[#Heading {i}]] and [[#^b{i}]] ^b{i}"),
    "links to missing headings": lines(lambda i: f"# Heading {i}\n[[#Nope {i}]]"),
    "footnotes": lines(lambda i: f"Fact [^{i}] and [^x{i}].\n\n[^{i}]: Source {i}."),
    "clinical numbers": repeat("K 3.5 "),
    "mojibake on one long line": repeat("CafÃ© au lait, plain words here "),
    "blank lines": repeat("\n"),
}


def check_seconds(name: str, size: int, folder: str) -> float:
    """Seconds to check a vault whose one note is ``CASES[name](size)``:
    every rule, one process, no cache. Reading and starting up are left
    out; the note is written under ``folder``."""
    import time
    from pathlib import Path

    from vaultlint.config import Config
    from vaultlint.engine import Engine

    root = Path(folder)
    (root / ".obsidian").mkdir(parents=True, exist_ok=True)
    (root / "Note.md").write_text(CASES[name](size), encoding="utf-8")
    engine = Engine(root, Config(), use_cache=False, jobs=1)
    engine.run()  # once to compile what is compiled on first use
    start = time.perf_counter()
    engine.run()
    return time.perf_counter() - start


if __name__ == "__main__":
    import sys

    print(f"{check_seconds(sys.argv[1], int(sys.argv[2]), sys.argv[3]):.4f}")
