"""VL101 unresolved-link: a link whose file does not exist (spec R3)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterable

from ..model import Applicability, Finding, NoteInfo, Severity
from ._links import (
    COMMENTED,
    alias_owner,
    comment_severity,
    is_multi_link,
    is_placeholder,
    links_to_check,
    missing_hint,
    renamed_hint,
    shown_path,
)
from .base import LinkRule, RuleContext

if TYPE_CHECKING:
    from ..vault import Vault


class UnresolvedLink(LinkRule):
    code = "VL101"
    name = "unresolved-link"
    summary = "Link to a note or file that does not exist (Obsidian shows it as unresolved)"
    severity = Severity.ERROR
    fix = Applicability.SAFE
    reports_on = "unresolved"

    def check_links(self, info: NoteInfo, vault: "Vault", ctx: RuleContext) -> Iterable[Finding]:
        cutoff = ctx.config.links.suggest_cutoff
        for link in links_to_check(info, ctx):
            if link.embed or vault.resolve(link.path, info.path).target is not None:
                continue
            if alias_owner(link, vault) or is_multi_link(link):
                continue  # VL106 and VL107 explain these better
            if is_placeholder(link, info, vault, ctx):
                continue
            hint, fix = renamed_hint(link, info, vault) or missing_hint(link, info, vault, cutoff)
            if link.in_comment:
                message = f'"{link.path}" leads to no file in this vault.{COMMENTED}{hint}'
            else:
                message = f'"{link.path}" leads to no file in this vault, so Obsidian shows this link as unresolved.{hint}'
            yield Finding(
                code=self.code,
                range=link.range,
                message=message,
                fix=fix,
                snippet=link.raw,
                group=shown_path(link.path),
                severity=comment_severity(link, self.severity),
            )


RULE = UnresolvedLink()
