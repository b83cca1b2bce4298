"""``vaultlint init``: start a vault's configuration.

Writes a ``vaultlint.toml`` in which every setting is present but commented
out at its default, with a line on what it does, so a newcomer edits a file
instead of looking up key names. It never replaces a configuration that is
already there (``vaultlint.toml``, ``.vaultlint.toml`` or a
``[tool.vaultlint]`` table in ``pyproject.toml``). It also gives the entry to
paste into ``.pre-commit-config.yaml``.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from . import REPOSITORY_URL, __version__
from .config import CONFIG_NAMES, find_config_file
from .discover import find_vault_root
from .engine import read_app_config
from .report.paths import repository_root
from .scope import template_folders

CONFIG_TEMPLATE = """\
# vaultlint configuration for this vault.
#
# Every setting is shown commented out with its default value: remove the
# "# " in front of a setting to change it. `vaultlint rules` lists the rules
# and `vaultlint rule VL101` explains one.

# Rules to run: codes ("VL101"), code prefixes ("VL1" for all link rules),
# rule names ("unresolved-link") or "ALL".
# select = ["ALL"]

# Rules to run on top of `select`.
# extend-select = []

# Rules never to run, written like `select`.
# ignore = []

# The lowest severity that makes `vaultlint check` fail: "error", "warning"
# or "info".
# fail-on = "warning"

# Notes that are indexed (links to them still resolve) but not checked:
# patterns relative to the vault, written as in .gitignore ("Drafts/" is
# a folder at any depth, "/Drafts/" only the top one, "Drafts/*.md" only
# the notes directly in it).
# exclude = []

# When set, only the notes these patterns match are checked.
# include = []

# Template folders are indexed (links into them resolve) but not checked:
# their notes hold placeholders like {{date}} or <% tp.file.title %>, not
# notes. They are the folders set for Obsidian's Templates plugin
# (.obsidian/templates.json) and for Templater. @TEMPLATES@
# check-templates = false

# Notes in Obsidian's "Excluded files" (Settings, Files and links) are
# indexed but not checked. @EXCLUDED@
# check-excluded-files = false

# Notes larger than this many bytes are reported instead of checked.
# max-file-size = 64000000

# Symbolic links that lead out of the vault are reported, not followed:
# Obsidian follows them, but in a vault from someone else they could point
# at any file of this computer.
# follow-outside-symlinks = false

# Where to keep the cache; empty means .vaultlint_cache in the vault. A
# vault synced by iCloud or Dropbox would sync it too: give a folder outside,
# such as "~/.cache/vaultlint" (relative paths start from this file's
# folder). The VAULTLINT_CACHE_DIR environment variable wins over it.
# cache-dir = ""

# Rules to skip in some notes: glob pattern = list of codes.
# [per-file-ignores]
# "Clippings/**" = ["VL3"]

# Change a rule's severity: code or name = "error", "warning" or "info".
# [severity]
# VL102 = "warning"

[links]
# Links inside %% comments %% are hidden in reading view but Obsidian still
# tracks them (graph, backlinks). A link commented out is usually switched
# off on purpose, so they are ignored; "report" checks them too.
# comment-links = "ignore"

# Also check Markdown links written in frontmatter properties
# (Obsidian 1.11 and later understand them).
# frontmatter-markdown-links = false

# Which unresolved links to report. A link written before its note exists
# ([[Blood]]) is a placeholder in Obsidian. "all" reports every one;
# "since-commit" only links that led to a file in the last git commit (the
# note was renamed or deleted since); "unlisted" all but links to the names
# in placeholder-notes.
# report-unresolved = "all"
# placeholder-notes = []

# How close (0 to 1) a note name must be to a broken link's target to be
# offered as "did you mean".
# suggest-cutoff = 0.75

[maintenance]
# Notes that need no link to them, for orphan-note (VL401): vault paths or
# glob patterns.
# entry-points = ["Home.md", "index.md", "README.md"]

[encoding]
# Invisible characters never to report, for example "\\u200d" (the joiner
# inside some emoji).
# allow-characters = []

[thresholds]
# Which clinical numbers need a source: "default" (reference ranges,
# cut-offs, targets, drug levels, score cut-offs) or "wide" (also doses,
# rates, timings and equipment sizes).
# scope = "default"

# Where a citation must be to cover a number: "sentence", "block" (the same
# paragraph, list, table row or callout), "section" or "note".
# citation-scope = "block"

# When a source in the note's properties covers the whole note: "clippings"
# (only clippings and source notes), "always" or "never".
# note-level-sources-cover = "clippings"

# Links to notes whose names match these regular expressions count as
# citations.
# source-note-patterns = ["^@", "^(Source|Src|Ref|Lit)\\\\b"]

# Links to notes in these folders count as citations.
# source-folders = ["Sources/", "Clippings/"]

# Properties that name a note's source.
# frontmatter-source-keys = ["source", "sources", "url", "reference", "references", "citation", "citations", "cite", "citekey"]

# More units, analytes (lab tests, vital signs) and threshold cue words, on
# top of the built-in lists, written as plain text.
# extra-units = []
# extra-analytes = []
# extra-cues = []

# More phrases after which a number is not a threshold: regular
# expressions, matched as whole words in any case.
# extra-suppressors = []
"""


def config_text(root: Path) -> str:
    """The configuration file for the vault at ``root``, saying which of its
    folders are template folders and which notes Obsidian excludes."""
    folders = template_folders(root)
    if folders:
        names = ", ".join(json.dumps(f + "/", ensure_ascii=False) for f in folders)
        templates = f"\n# In this vault: {names}."
    else:
        templates = "\n# This vault has none set."
    filters = read_app_config(root).get("userIgnoreFilters")
    filters = [f.strip() for f in filters if isinstance(f, str) and f.strip()] if isinstance(filters, list) else []
    if filters:
        excluded = "\n# In this vault: " + ", ".join(json.dumps(f, ensure_ascii=False) for f in filters) + "."
    else:
        excluded = "\n# This vault has none set."
    return CONFIG_TEMPLATE.replace(" @TEMPLATES@", templates).replace(" @EXCLUDED@", excluded)


@dataclass(frozen=True)
class InitResult:
    root: Path  # the vault root
    config: Path  # the configuration that applies now
    created: bool  # False when one was already there and left alone


def init(folder: Path) -> InitResult:
    """Write ``vaultlint.toml`` at the root of the vault holding ``folder``,
    unless a configuration already applies there."""
    root = find_vault_root(folder)
    existing = find_config_file(root)
    if existing is not None:
        return InitResult(root, existing, created=False)
    path = root / CONFIG_NAMES[0]
    # "x" mode: never clobber a file that appears between the check and here.
    with open(path, "x", encoding="utf-8", newline="\n") as fh:
        fh.write(config_text(root))
    return InitResult(root, path, created=True)


def pre_commit_entry(vault_root: Path) -> str:
    """The ``.pre-commit-config.yaml`` lines that run vaultlint on the vault.

    A vault in a folder of its repository gets a ``files`` pattern, so notes
    elsewhere in the repository (a README) are not taken for vault notes.
    """
    folder = vault_root.resolve().relative_to(repository_root(vault_root)).as_posix()
    # A YAML single-quoted string keeps the regex's backslashes as they are.
    files = "'^" + re.escape(folder).replace("'", "''") + r"/.*\.(md|canvas)$'" if folder != "." else None
    lines = [
        "repos:",
        f"  - repo: {REPOSITORY_URL}",
        f"    rev: v{__version__}",
        "    hooks:",
        "      - id: vaultlint",
    ]
    if files:
        lines.append(f"        files: {files}")
    lines.append("        # Uncomment to repair what can be repaired safely (such as mojibake) first:")
    lines.append("        # args: [--fix]")
    return "\n".join(lines) + "\n"


def report(result: InitResult) -> str:
    """What ``vaultlint init`` prints."""
    if result.created:
        head = f"Wrote {result.config}: every setting is listed there, commented out at its default."
    else:
        head = f"{result.config} already configures vaultlint; it was left unchanged."
    return (
        f"{head}\n\n"
        "To check notes before each commit, add this to .pre-commit-config.yaml\n"
        "(if the file already has a `repos:` list, add the entry under it):\n\n"
        f"{pre_commit_entry(result.root)}"
    )
