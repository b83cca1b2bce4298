"""vaultlint: lint and repair Obsidian vaults.

Broken links, encoding corruption and unsourced clinical thresholds, found
at exact positions and, where it is safe, repaired.
"""

__version__ = "0.1.0"

# Where the project lives; rule pages and the pre-commit entry link here.
REPOSITORY_URL = "https://github.com/vaultlint/vaultlint"
