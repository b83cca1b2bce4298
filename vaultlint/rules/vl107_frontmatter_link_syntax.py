"""VL107 frontmatter-link-syntax: property values that look like links but
that Obsidian does not read as the links they seem to be (spec R7.2)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Iterable

from ..model import Applicability, Edit, Finding, Fix, Severity
from .base import NoteRule, RuleContext

if TYPE_CHECKING:
    from ..note import Note

_LINK = re.compile(r"\[\[(.+?)\]\]")
# Text that may hold either problem: a "[[" not right after a quote, or two
# links on one line. Most properties have neither, and scanning YAML is slow.
_SUSPECT = re.compile(r"(?<![\"'])\[\[|\]\][^\n]*\[\[")
_SEPARATORS = re.compile(r"[\s,;]*")


class FrontmatterLinkSyntax(NoteRule):
    code = "VL107"
    name = "frontmatter-link-syntax"
    summary = "Property link that Obsidian cannot read: unquoted [[x]], or several links in one text"
    severity = Severity.WARNING
    fix = Applicability.SAFE

    def check(self, note: "Note", ctx: RuleContext) -> Iterable[Finding]:
        fm = note.frontmatter
        if fm is None or fm.data is None:
            return  # no properties, or YAML that VL001 reports
        base = fm.body_start
        yaml_text = note.text[base : fm.body_end]
        if not _SUSPECT.search(yaml_text):
            return
        import yaml  # only for the few notes that pass the check above

        # The C scanner when PyYAML has it: same tokens and character offsets.
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        try:
            tokens = list(yaml.scan(yaml_text, Loader=loader))
        except yaml.YAMLError:
            return
        flow: list[type] = []  # the open [ ... ] and { ... } around each token
        for i, tok in enumerate(tokens):
            if isinstance(tok, (yaml.FlowSequenceStartToken, yaml.FlowMappingStartToken)):
                flow.append(type(tok))
                unquoted = _unquoted_link(tokens, i)
                if unquoted is not None:
                    yield self._unquoted(note, base, yaml_text, *unquoted)
            elif isinstance(tok, (yaml.FlowSequenceEndToken, yaml.FlowMappingEndToken)):
                flow.pop()
            elif isinstance(tok, yaml.ScalarToken) and tok.style in ('"', "'"):
                if i and isinstance(tokens[i - 1], yaml.KeyToken):
                    continue
                value = tok.value.strip()
                if value.startswith("[[") and value.endswith("]]") and len(_LINK.findall(value)) > 1:
                    in_list = bool(flow) and flow[-1] is yaml.FlowSequenceStartToken
                    yield self._several(note, base, tokens, i, in_list)

    def _unquoted(self, note: "Note", base: int, yaml_text: str, start: int, end: int) -> Finding:
        raw = yaml_text[start:end]
        return Finding(
            code=self.code,
            range=note.range(base + start, base + end),
            message=(
                f"{raw} is not a link here: without quotes, YAML reads [[...]] as a list inside a list."
                f" Put it in quotes: {_quote(raw)}."
            ),
            fix=Fix((Edit(base + start, base + end, _quote(raw)),), Applicability.SAFE, "Put the link in quotes"),
            snippet=raw,
        )

    def _several(self, note: "Note", base: int, tokens: list, i: int, in_list: bool) -> Finding:
        tok = tokens[i]
        start, end = base + tok.start_mark.index, base + tok.end_mark.index
        value = tok.value.strip()
        links = [f"[[{m}]]" for m in _LINK.findall(value)]
        fix = None
        if _SEPARATORS.fullmatch(_LINK.sub("", value)):
            items = [_quote(link) for link in links]
            replacement = _as_list(note, items, tokens, i, in_list)
            if replacement is not None:
                fix = Fix((Edit(start, end, replacement),), Applicability.UNSAFE, "Write the links as a list")
        return Finding(
            code=self.code,
            range=note.range(start, end),
            message=(
                f"This property holds the links {', '.join(links)} in one text, which Obsidian reads as a"
                f' single link to "{value[2:-2]}" that goes nowhere. Write them as a list, one quoted link per item.'
            ),
            fix=fix,
            snippet=note.text[start:end],
        )


def _unquoted_link(tokens: list, i: int) -> tuple[int, int] | None:
    """``[[x]]`` unquoted: two adjacent '[', one plain scalar, two adjacent
    ']'. Returns the span in the YAML text."""
    import yaml

    window = tokens[i : i + 5]
    kinds = (
        yaml.FlowSequenceStartToken,
        yaml.FlowSequenceStartToken,
        yaml.ScalarToken,
        yaml.FlowSequenceEndToken,
        yaml.FlowSequenceEndToken,
    )
    if len(window) < 5 or not all(isinstance(t, k) for t, k in zip(window, kinds)):
        return None
    first, second, scalar, third, fourth = window
    if scalar.style:  # quoted; a plain scalar's style is None, or '' from the C scanner
        return None
    adjacent = (
        first.end_mark.index == second.start_mark.index
        and third.end_mark.index == fourth.start_mark.index
    )
    return (first.start_mark.index, fourth.end_mark.index) if adjacent else None


def _as_list(note: "Note", items: list[str], tokens: list, i: int, in_list: bool) -> str | None:
    """The links as YAML list items, in the place of the one string."""
    import yaml

    previous = tokens[i - 1] if i else None
    if in_list:
        return ", ".join(items)  # already inside [ ... ]: more items
    if isinstance(previous, yaml.ValueToken):
        return "[" + ", ".join(items) + "]"
    if isinstance(previous, yaml.BlockEntryToken):
        fm = note.frontmatter
        dash = fm.body_start + previous.start_mark.index
        line_start = note.text.rfind("\n", 0, dash) + 1
        indent = note.text[line_start:dash]
        if indent.strip():
            return None
        return f"{note.source.newline}{indent}- ".join(items)
    return None


def _quote(text: str) -> str:
    """``text`` as a YAML quoted string.

    >>> _quote("[[A|b]]"), _quote('[[Say "hi"]]')
    ('"[[A|b]]"', '\\'[[Say "hi"]]\\'')
    """
    if '"' not in text and "\\" not in text:
        return f'"{text}"'
    return "'" + text.replace("'", "''") + "'"


RULE = FrontmatterLinkSyntax()
