"""Reading settings files that a vault may have replaced with something else.

A configuration or Obsidian settings file is read only when it is a
regular file: a FIFO would block the run forever, and a device or a folder
is not what anyone meant. The file is opened without blocking and checked
on the open handle, so it cannot be swapped between the check and the read.

>>> import os, tempfile
>>> folder = tempfile.mkdtemp()
>>> fifo = os.path.join(folder, "app.json")
>>> os.mkfifo(fifo)
>>> read_regular(fifo)
Traceback (most recent call last):
...
vaultlint.regular.NotRegularFile: not a regular file
"""

from __future__ import annotations

import os
import stat
from pathlib import Path


class NotRegularFile(OSError):
    """The path exists but is a FIFO, device, socket or folder."""

    def __init__(self) -> None:
        super().__init__("not a regular file")
        self.strerror = "not a regular file"


def is_regular(path: Path | str) -> bool:
    """Whether ``path`` is a regular file (symlinks followed), without opening it."""
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except (OSError, ValueError):
        return False


def read_regular(path: Path | str) -> bytes:
    """The bytes of the regular file at ``path``; OSError otherwise."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise NotRegularFile()
        with os.fdopen(fd, "rb") as fh:
            fd = -1
            return fh.read()
    finally:
        if fd >= 0:
            os.close(fd)
