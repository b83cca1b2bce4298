"""VL106 alias-link: ``[[Alias]]`` written with a note's alias instead of
its name (spec R6)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterable

from ..model import Applicability, Edit, Finding, Fix, LinkKind, NoteInfo, Severity
from ._links import alias_owner, comment_severity, links_to_check, note_name, raw_target, retarget
from .base import LinkRule, RuleContext

if TYPE_CHECKING:
    from ..vault import Vault


class AliasLink(LinkRule):
    code = "VL106"
    name = "alias-link"
    summary = "Link written with a note's alias, which Obsidian does not resolve"
    severity = Severity.ERROR
    fix = Applicability.SAFE
    reports_on = "unresolved"

    def check_links(self, info: NoteInfo, vault: "Vault", ctx: RuleContext) -> Iterable[Finding]:
        for link in links_to_check(info, ctx):
            if vault.resolve(link.path, info.path).target is not None:
                continue
            owner = alias_owner(link, vault)
            if owner is None:
                continue
            name = note_name(owner)
            alias = raw_target(link).split("#", 1)[0].rstrip("\\")
            fix = None
            edit = retarget(link, owner, info, vault)
            if edit is not None:
                if link.display is None and link.kind is not LinkKind.MARKDOWN:
                    # Keep the text the reader sees: [[Real Note|Alias]]; in a
                    # table a bare '|' would split the cell (R1.7).
                    bar = "\\|" if link.in_table else "|"
                    edit = Edit(edit.start, edit.end, f"{edit.replacement}{bar}{alias}")
                fix = Fix((edit,), Applicability.SAFE, f'Link to "{name}" and show "{alias}"')
            yield Finding(
                code=self.code,
                range=link.range,
                message=(
                    f'"{link.path}" is an alias of the note "{name}", not a note name, so Obsidian'
                    f' shows this link as unresolved. Link to the note and show the alias: [[{name}|{alias}]].'
                ),
                fix=fix,
                snippet=link.raw,
                group=link.path,
                severity=comment_severity(link, self.severity),
            )


RULE = AliasLink()
