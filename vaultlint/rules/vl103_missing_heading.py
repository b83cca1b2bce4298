"""VL103 missing-heading: ``[[Note#Heading]]`` where the note has no such
heading (spec R4)."""

from __future__ import annotations

from ..model import Applicability, Fix, Heading, Link, NoteInfo, Severity
from ..resolve import (
    find_block,
    heading_link_text,
    match_anchor,
    strip_heading,
    subpath_parts,
)
from ._links import AnchorRule, name_key, resubpath, where_name


class MissingHeading(AnchorRule):
    code = "VL103"
    name = "missing-heading"
    summary = "Link to a heading that the note does not have"
    severity = Severity.WARNING
    fix = Applicability.UNSAFE
    anchor_kind = "heading"

    def explain(self, link: Link, target: NoteInfo, cutoff: float) -> tuple[str, Fix | None]:
        parts = subpath_parts(link.subpath)
        where = where_name(link, target)
        effect = "the embed shows an error instead of that section" if link.embed else "this link opens the note at the top"
        block = next((p for p in parts[1:] if p.startswith("^")), None)
        if block is not None:
            message = (
                f"A block reference must come straight after the note name (#{block}), not after a heading,"
                f" so {effect}."
            )
            if find_block(target.block_ids, block[1:]) is None:
                return message, None
            edit = resubpath(link, f"#{block}")
            return message, edit and Fix((edit,), Applicability.UNSAFE, f"Link to the block #{block}")
        whole = link.subpath[1:]
        close = _close_heading(target.headings, parts[-1], cutoff)
        if len(parts) == 1:
            message = f'{where} has no heading "{parts[0].strip()}", so {effect}.'
        elif (hashed := _close_heading(target.headings, whole, 1.0)) is not None:
            # "## C# intro" can only be reached as "#C intro" (R4.4).
            close = hashed
            message = (
                f'"#" in a link always starts a lower heading, so the heading "{close.text}" cannot be linked'
                f' as written and {effect}. Leave the "#" out: #{heading_link_text(close.text)}.'
            )
            edit = resubpath(link, f"#{heading_link_text(close.text)}")
            return message, edit and Fix((edit,), Applicability.UNSAFE, f'Link to the heading "{close.text}"')
        else:
            shown = " > ".join(p.strip() for p in parts)
            message = f'{where} has no heading path "{shown}" (each heading must sit below the one before it), so {effect}.'
        if close is None:
            return message, None
        message += f' Did you mean "{close.text}"?'
        if name_key(close.text) != name_key(parts[-1]):
            return message, None  # a similar heading may mean something else: Hypokalemia, Hyperkalemia
        text = heading_link_text(close.text)
        if match_anchor(target, f"#{text}").heading is not close:
            return message, None  # an earlier heading has the same name
        edit = resubpath(link, f"#{text}")
        return message, edit and Fix((edit,), Applicability.UNSAFE, f'Link to the heading "{close.text}"')


def _close_heading(headings: list[Heading], wanted: str, cutoff: float) -> Heading | None:
    """The one heading whose text is close to ``wanted``; None when there
    is none or several are."""
    from rapidfuzz import fuzz  # only a run with a missing heading pays for loading it

    key = strip_heading(wanted).lower()
    close: dict[str, Heading] = {}
    for heading in headings:
        text = strip_heading(heading.text).lower()
        if fuzz.ratio(key, text) >= cutoff * 100:
            close.setdefault(text, heading)
    return next(iter(close.values())) if len(close) == 1 else None


RULE = MissingHeading()
