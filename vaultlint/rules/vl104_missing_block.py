"""VL104 missing-block: ``[[Note#^id]]`` where the note defines no block
with that id (spec R5)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Iterable

from rapidfuzz import fuzz

from ..model import Applicability, Finding, Fix, Link, NoteInfo, Severity
from ..resolve import match_anchor, subpath_parts
from ._links import anchor_notes, comment_severity, links_to_check, resubpath, where_name
from .base import LinkRule, RuleContext

if TYPE_CHECKING:
    from ..vault import Vault

_VALID_ID = re.compile(r"[A-Za-z0-9-]+")


class MissingBlock(LinkRule):
    code = "VL104"
    name = "missing-block"
    summary = "Link to a block id (#^id) that the note does not define"
    severity = Severity.WARNING
    fix = Applicability.UNSAFE

    def check_links(self, info: NoteInfo, vault: "Vault", ctx: RuleContext) -> Iterable[Finding]:
        cutoff = ctx.config.links.suggest_cutoff
        for link in links_to_check(info, ctx):
            targets = anchor_notes(link, info, vault)
            if not targets:
                continue
            # A "#^id" with no block falls back to a heading called "id"
            # (R5.4); Obsidian then lands there, so that is not reported.
            anchors = [match_anchor(t, link.subpath) for t in targets]
            if anchors[0].kind != "block" or any(a.found for a in anchors):
                continue
            message, fix = self._explain(link, targets[0], cutoff)
            severity = Severity.ERROR if link.embed else self.severity
            yield Finding(
                code=self.code,
                range=link.range,
                message=message,
                fix=fix,
                snippet=link.raw,
                severity=comment_severity(link, severity),
            )

    def _explain(self, link: Link, target: NoteInfo, cutoff: float) -> tuple[str, Fix | None]:
        block_id = subpath_parts(link.subpath)[0][1:]
        effect = "the embed shows an error instead of that block" if link.embed else "this link opens the note at the top"
        message = f'{where_name(link, target)} has no block "^{block_id}", so {effect}.'
        if not _VALID_ID.fullmatch(block_id):
            message += " Block ids may only use Latin letters, digits and dashes."
        ids = {b.id.lower(): b.id for b in target.block_ids}
        close = [i for key, i in ids.items() if fuzz.ratio(block_id.lower(), key) >= cutoff * 100]
        if len(close) != 1:
            return message, None
        message += f' Did you mean "^{close[0]}"?'
        edit = resubpath(link, f"#^{close[0]}")
        return message, edit and Fix((edit,), Applicability.UNSAFE, f"Link to the block ^{close[0]}")


RULE = MissingBlock()
