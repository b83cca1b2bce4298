"""vaultlint: lint and repair Obsidian vaults.

Broken links, encoding corruption and unsourced clinical thresholds, found
at exact positions and, where it is safe, repaired.
"""

__version__ = "0.1.0"
