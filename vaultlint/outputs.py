"""Where ``--output-file`` and ``--write-baseline`` may write.

They are the only files vaultlint writes outside the vault, at a path the
user gives, so they are checked before the run starts (a missing folder
is a one-line error then, not after minutes of checking) and again just
before writing:

* a symbolic link is written through only when it leads inside the
  current folder (a link planted in a cloned repository must not turn
  ``-o report.txt`` into a write anywhere on the machine);
* a note of the vault is never overwritten by a report;
* the folder must exist, and the file (or the folder) be writable.
"""

from __future__ import annotations

import os
from pathlib import Path

from .config import ConfigError


class OutputError(ConfigError):
    """An output file that will not be written: one line, exit code 2."""


def _inside(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def check_output(path: Path, vault_root: Path, option: str) -> None:
    """Raise OutputError, naming ``option``, when ``path`` must not or
    cannot be written."""
    where = f"{option} {path}"
    real = os.path.realpath(path)
    if os.path.islink(path) and not _inside(real, os.path.realpath(os.getcwd())):
        raise OutputError(f"{where}: is a symbolic link to {real}, outside the current folder; not written through it")
    if _inside(real, os.path.realpath(vault_root)) and real.lower().endswith(".md"):
        raise OutputError(f"{where}: is a note of the vault; write the report somewhere else")
    if os.path.isdir(real):
        raise OutputError(f"{where}: is a folder")
    folder = os.path.dirname(real) or "."
    if not os.path.isdir(folder):
        raise OutputError(f"{where}: the folder {os.path.dirname(os.path.abspath(path))} does not exist")
    if os.path.exists(real):
        if not os.access(real, os.W_OK):
            raise OutputError(f"{where}: permission denied")
    elif not os.access(folder, os.W_OK):
        raise OutputError(f"{where}: cannot create a file in {folder} (permission denied)")


def write_output(path: Path, vault_root: Path, option: str, text: str, newline: str | None = None) -> None:
    """Write ``text`` as UTF-8 after checking ``path`` again."""
    check_output(path, vault_root, option)
    try:
        with open(path, "w", encoding="utf-8", newline=newline) as fh:
            fh.write(text)
    except OSError as exc:
        raise OutputError(f"{option} {path}: cannot write: {exc.strerror or exc}") from None
