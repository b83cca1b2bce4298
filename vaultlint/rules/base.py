"""What a rule is.

There are three kinds, by what a rule needs to see:

* ``NoteRule`` looks at one parsed note. It runs where the note is parsed
  (possibly in a worker process) and its findings are cached with the note.
* ``LinkRule`` looks at one note's links against the vault index.
* ``VaultRule`` looks at the whole vault index at once.

Rules never read files: they are handed what the pipeline has read.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar, Iterable

from ..model import Applicability, Finding, NoteInfo, Severity

if TYPE_CHECKING:
    from ..config import Config
    from ..note import Note
    from ..vault import Vault


@dataclass(frozen=True)
class RuleContext:
    """What a rule may consult besides the note: the configuration."""

    config: "Config"


class Rule:
    code: ClassVar[str]
    name: ClassVar[str]  # kebab-case, unique
    summary: ClassVar[str]  # one line, for `vaultlint rules` and SARIF
    severity: ClassVar[Severity]
    fix: ClassVar[Applicability | None] = None  # the best fix it can offer
    # Off unless selected by code, name or family prefix ("VL4"): "ALL" and
    # the default selection leave it out.
    opt_in: ClassVar[bool] = False

    def __repr__(self) -> str:
        return f"<{self.code} {self.name}>"


class NoteRule(Rule):
    def check(self, note: "Note", ctx: RuleContext) -> Iterable[Finding]:
        raise NotImplementedError


class LinkRule(Rule):
    # Which of a note's links the rule can report on; the engine resolves
    # each link once and hands the rule only those (any others it is given
    # it must pass over): "all", "unresolved" (no file found),
    # "missing_anchor" (a "#" part found in no note the link leads to) or
    # "ambiguous" (several files tie). See _links.sort_links.
    reports_on: ClassVar[str] = "all"

    def check_links(self, info: NoteInfo, vault: "Vault", ctx: RuleContext) -> Iterable[Finding]:
        raise NotImplementedError


class VaultRule(Rule):
    """Findings must set ``path``: a vault rule reports on any note, or on
    any other file of the vault (an attachment)."""

    # Set when the rule needs ``Vault.reached``, the files links lead to.
    needs_links: ClassVar[bool] = False
    # Set when the rule reads threshold claims, the only part of the index a
    # fix of a note's text can change.
    reads_claims: ClassVar[bool] = False

    def check_vault(self, vault: "Vault", ctx: RuleContext) -> Iterable[Finding]:
        raise NotImplementedError
