"""VL104 missing-block: ``[[Note#^id]]`` where the note defines no block
with that id (spec R5)."""

from __future__ import annotations

import re

from ..model import Applicability, Fix, Link, NoteInfo, Severity
from ..resolve import subpath_parts
from ._links import AnchorRule, name_key, resubpath, where_name

_VALID_ID = re.compile(r"[A-Za-z0-9-]+")


class MissingBlock(AnchorRule):
    code = "VL104"
    name = "missing-block"
    summary = "Link to a block id (#^id) that the note does not define"
    severity = Severity.WARNING
    fix = Applicability.UNSAFE
    anchor_kind = "block"

    # A "#^id" with no block falls back to a heading called "id" (R5.4);
    # Obsidian then lands there, so match_anchor calls it found.
    def explain(self, link: Link, target: NoteInfo, cutoff: float) -> tuple[str, Fix | None]:
        block_id = subpath_parts(link.subpath)[0][1:]
        effect = "the embed shows an error instead of that block" if link.embed else "this link opens the note at the top"
        message = f'{where_name(link, target)} has no block "^{block_id}", so {effect}.'
        if not _VALID_ID.fullmatch(block_id):
            message += " Block ids may only use Latin letters, digits and dashes."
        from rapidfuzz import fuzz  # only a run with a missing block pays for loading it

        ids = {b.id.lower(): b.id for b in target.block_ids}
        close = [i for key, i in ids.items() if fuzz.ratio(block_id.lower(), key) >= cutoff * 100]
        if len(close) != 1:
            return message, None
        message += f' Did you mean "^{close[0]}"?'
        if name_key(close[0]) != name_key(block_id):
            return message, None  # only the same id written differently is rewritten
        edit = resubpath(link, f"#^{close[0]}")
        return message, edit and Fix((edit,), Applicability.UNSAFE, f"Link to the block ^{close[0]}")


RULE = MissingBlock()
