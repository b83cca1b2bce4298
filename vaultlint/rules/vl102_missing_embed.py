"""VL102 missing-embed: an embed whose file does not exist (spec R1.6, R2.7)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterable

from ..model import Applicability, Finding, NoteInfo, Severity
from ._links import COMMENTED, comment_severity, links_to_check, missing_hint, renamed_hint, shown_path
from .base import LinkRule, RuleContext

if TYPE_CHECKING:
    from ..vault import Vault


class MissingEmbed(LinkRule):
    code = "VL102"
    name = "missing-embed"
    summary = "Embedded note or file does not exist (the note shows an error box instead)"
    severity = Severity.ERROR
    fix = Applicability.SAFE
    reports_on = "unresolved"

    def check_links(self, info: NoteInfo, vault: "Vault", ctx: RuleContext) -> Iterable[Finding]:
        cutoff = ctx.config.links.suggest_cutoff
        for link in links_to_check(info, ctx):
            if not link.embed or vault.resolve(link.path, info.path).target is not None:
                continue
            hint, fix = renamed_hint(link, info, vault) or missing_hint(link, info, vault, cutoff)
            if link.in_comment:
                shows = "." + COMMENTED
            elif info.path.lower().endswith(".canvas"):
                shows = ", so the canvas shows an error in this card instead of the file."
            else:
                shows = ", so the note shows an error here instead of the embedded content."
            yield Finding(
                code=self.code,
                range=link.range,
                message=f'"{link.path}" leads to no file in this vault{shows}{hint}',
                fix=fix,
                snippet=link.raw,
                group=shown_path(link.path),
                severity=comment_severity(link, self.severity),
            )


RULE = MissingEmbed()
