"""VL105 ambiguous-link: several files are equally good targets (spec R3.4)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterable

from ..model import Applicability, Finding, Fix, NoteInfo, Severity
from ._links import comment_severity, links_to_check, retarget
from .base import LinkRule, RuleContext

if TYPE_CHECKING:
    from ..vault import Vault


class AmbiguousLink(LinkRule):
    code = "VL105"
    name = "ambiguous-link"
    summary = "Link that several files match equally well"
    severity = Severity.WARNING
    fix = Applicability.UNSAFE
    reports_on = "ambiguous"

    def check_links(self, info: NoteInfo, vault: "Vault", ctx: RuleContext) -> Iterable[Finding]:
        for link in links_to_check(info, ctx):
            res = vault.resolve(link.path, info.path)
            if not res.ambiguous:
                continue
            listed = ", ".join(f'"{p}"' for p in res.ties)
            message = (
                f'"{link.path}" matches {len(res.ties)} files equally well: {listed}.'
                f' Obsidian currently opens "{res.target}", but how it chooses has changed between versions;'
                " write the folder in the link to pick one."
            )
            edit = retarget(link, res.target, info, vault)
            fix = edit and Fix((edit,), Applicability.UNSAFE, f"Link to {res.target}, the file Obsidian opens now")
            yield Finding(
                code=self.code,
                range=link.range,
                message=message,
                fix=fix,
                snippet=link.raw,
                group=link.path,
                severity=comment_severity(link, self.severity),
            )


RULE = AmbiguousLink()
