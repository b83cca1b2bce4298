"""What the maintenance rules (VL401-VL404) share."""

from __future__ import annotations

from ..config import CONFIG_NAMES

ATTACHMENT_EXEMPT = (".md", ".canvas", ".base")


def is_attachment(path: str) -> bool:
    """A file that is shown inside notes rather than opened as a document:
    anything with an extension but notes, canvases, bases and vaultlint's
    own configuration. A file without an extension (``LICENSE``) cannot be
    linked at all (spec R3.8), so it is not one either.

    >>> is_attachment("Img/ecg.png"), is_attachment("Board.canvas"), is_attachment("A.md")
    (True, False, False)
    >>> is_attachment("LICENSE"), is_attachment("vaultlint.toml")
    (False, False)
    """
    name = file_name(path)
    if "." not in name.lstrip(".") or path in CONFIG_NAMES or path == "pyproject.toml":
        return False
    return not name.lower().endswith(ATTACHMENT_EXEMPT)


def file_name(path: str) -> str:
    return path.rsplit("/", 1)[-1]
