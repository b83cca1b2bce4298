"""The version is written in three places, and README's pre-commit ``rev:``
must name the tag of that version (RELEASING.md)."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import vaultlint

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

CHECKOUT = Path(__file__).resolve().parent.parent


def test_readme_rev_names_the_tag_of_the_version_in_pyproject():
    version = tomllib.loads((CHECKOUT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    assert vaultlint.__version__ == version
    revs = re.findall(r"^\s*rev: (\S+)", (CHECKOUT / "README.md").read_text(encoding="utf-8"), re.M)
    assert revs == [f"v{version}"]
