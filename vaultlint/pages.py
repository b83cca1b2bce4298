"""Rule reference pages: ``rules/VLxxx.md`` in a checkout, shipped in the
wheel as ``vaultlint/rule_pages/``."""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def rule_page(code: str) -> str | None:
    """The Markdown page of rule ``code``, or None when there is none."""
    name = f"{code.upper()}.md"
    shipped = resources.files("vaultlint").joinpath("rule_pages", name)
    if shipped.is_file():
        return shipped.read_text(encoding="utf-8")
    # Running from a checkout (or an editable install): the top-level folder.
    local = Path(__file__).resolve().parent.parent / "rules" / name
    if local.is_file():
        return local.read_text(encoding="utf-8")
    return None
