"""Baselines: adopt vaultlint in a vault that already has problems.

``vaultlint check --write-baseline FILE`` records the findings of today;
``vaultlint check --baseline FILE`` then reports only findings that are not
in it, so a vault with hundreds of old problems can fail CI on new ones.

A finding is recorded by its key: rule code, note path and the offending
text (``Diagnostic.snippet``), never its line number, so adding or removing
lines elsewhere in the note does not turn an old problem into a new one.
The same key may occur several times (the same broken link written twice);
the baseline keeps a count, and only occurrences beyond it are new.

>>> from vaultlint.model import Range, Severity
>>> def diag(line, snippet):
...     r = Range(0, 1, line, 1, line, 2)
...     return Diagnostic("VL101", "unresolved-link", Severity.ERROR, "a.md", r, "m", snippet=snippet)
>>> old = Baseline.from_diagnostics([diag(3, "[[Gone]]")])
>>> [d.range.line for d in old.new_diagnostics([diag(9, "[[Gone]]"), diag(12, "[[Gone]]")])]
[12]
"""

from __future__ import annotations

import json
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Sequence

from .config import ConfigError
from .model import Diagnostic
from .outputs import write_output
from .regular import read_regular

FORMAT_VERSION = 1

Key = tuple[str, str, str]


class BaselineError(ConfigError):
    """A baseline file that cannot be read: like a configuration error, it
    is reported in one line with exit code 2."""


def key(diag: Diagnostic) -> Key:
    """What identifies a finding across edits: code, path and offending text.

    The path is NFC-normalised because macOS and Linux may spell the same
    accented note name differently.
    """
    return (diag.code, unicodedata.normalize("NFC", diag.path), diag.snippet)


@dataclass
class Baseline:
    counts: Counter[Key] = field(default_factory=Counter)

    @classmethod
    def from_diagnostics(cls, diagnostics: Iterable[Diagnostic]) -> "Baseline":
        return cls(Counter(key(d) for d in diagnostics))

    def new_diagnostics(self, diagnostics: Sequence[Diagnostic]) -> list[Diagnostic]:
        """The diagnostics the baseline does not cover, in the given order.

        When a key occurs more often than recorded, the first occurrences in
        report order are taken as the old ones.
        """
        remaining = Counter(self.counts)
        new = []
        for diag in sorted(diagnostics, key=lambda d: d.sort_key):
            k = key(diag)
            if remaining[k] > 0:
                remaining[k] -= 1
            else:
                new.append(diag)
        keep = {id(d) for d in new}
        return [d for d in diagnostics if id(d) in keep]

    def gone(self, diagnostics: Sequence[Diagnostic]) -> int:
        """How many recorded findings no longer occur (fixed since)."""
        left = Counter(self.counts)
        left.subtract(Counter(key(d) for d in diagnostics))
        return sum(n for n in left.values() if n > 0)

    def to_json(self) -> str:
        findings = [
            {"code": code, "path": path, "snippet": snippet, "count": n}
            for (code, path, snippet), n in sorted(self.counts.items())
        ]
        data = {"version": FORMAT_VERSION, "findings": findings}
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"

    @classmethod
    def from_json(cls, text: str) -> "Baseline":
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise BaselineError(f"not valid JSON: {exc}") from None
        if not isinstance(data, dict) or data.get("version") != FORMAT_VERSION:
            raise BaselineError(f"not a vaultlint baseline (expected version {FORMAT_VERSION})")
        findings = data.get("findings")
        if not isinstance(findings, list):
            raise BaselineError("not a vaultlint baseline ('findings' is not a list)")
        counts: Counter[Key] = Counter()
        for item in findings:
            try:
                k = (item["code"], unicodedata.normalize("NFC", item["path"]), item["snippet"])
                n = item.get("count", 1)
            except (KeyError, TypeError):
                raise BaselineError(f"malformed entry {item!r}") from None
            if not all(isinstance(part, str) for part in k) or type(n) is not int or n < 1:
                raise BaselineError(f"malformed entry {item!r}")
            counts[k] += n
        return cls(counts)


def load(path: Path) -> Baseline:
    try:
        text = read_regular(path).decode("utf-8")
    except OSError as exc:
        raise BaselineError(f"{path}: cannot read: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise BaselineError(f"{path}: not a vaultlint baseline (not UTF-8 text)") from None
    try:
        return Baseline.from_json(text)
    except BaselineError as exc:
        raise BaselineError(f"{path}: {exc}") from None


def record(path: Path, diagnostics: Sequence[Diagnostic], vault_root: Path) -> str:
    """Write the baseline of ``diagnostics`` to ``path``; says what it did."""
    text = Baseline.from_diagnostics(diagnostics).to_json()
    write_output(path, vault_root, "--write-baseline", text, newline="\n")
    n = len(diagnostics)
    return (f"Recorded {n} finding{'' if n == 1 else 's'} in {path}; "
            f"check with --baseline {path} to report only new ones.")


def apply(path: Path, diagnostics: Sequence[Diagnostic]) -> tuple[list[Diagnostic], str]:
    """The diagnostics not in the baseline at ``path``, and a note on what
    was left out (empty when nothing was)."""
    baseline = load(path)
    new = baseline.new_diagnostics(diagnostics)
    notes = []
    if len(new) < len(diagnostics):
        old = len(diagnostics) - len(new)
        notes.append(f"{old} finding{'' if old == 1 else 's'} in the baseline not shown.")
    gone = baseline.gone(diagnostics)
    if gone:
        notes.append(f"{gone} baseline finding{'s are' if gone != 1 else ' is'} fixed: "
                     f"run with --write-baseline {path} to drop {'them' if gone != 1 else 'it'}.")
    return new, " ".join(notes)
