"""The parsed note: the one object note rules look at."""

from __future__ import annotations

import re
from array import array
from dataclasses import dataclass, field
from functools import cached_property

from .lines import LineIndex
from .model import (
    BlockId,
    Directive,
    FootnoteDef,
    FootnoteRef,
    Heading,
    Link,
    NoteInfo,
    Range,
    Region,
    RegionKind,
    Tag,
    TextBlock,
)
from .reader import Source
from .tags import find_tags


@dataclass(frozen=True)
class FrontmatterError:
    line: int
    column: int
    message: str


@dataclass
class Frontmatter:
    start: int  # offset of the opening '---'
    end: int  # offset just past the closing '---' line
    body_start: int  # offset of the YAML text
    body_end: int
    data: dict | None  # None when the YAML is invalid or not a mapping
    error: FrontmatterError | None = None


@dataclass
class Note:
    source: Source
    lines: LineIndex
    frontmatter: Frontmatter | None = None
    links: list[Link] = field(default_factory=list)
    headings: list[Heading] = field(default_factory=list)
    block_ids: list[BlockId] = field(default_factory=list)
    footnote_refs: list[FootnoteRef] = field(default_factory=list)
    footnote_defs: list[FootnoteDef] = field(default_factory=list)
    inline_footnotes: list[Range] = field(default_factory=list)
    blocks: list[TextBlock] = field(default_factory=list)
    regions: list[Region] = field(default_factory=list)
    directives: list[Directive] = field(default_factory=list)
    # Results that more than one rule derives from the note, computed once:
    # keyed by who computes them and with which options.
    derived: dict = field(default_factory=dict, repr=False, compare=False)

    @property
    def path(self) -> str:
        return self.source.path

    @property
    def text(self) -> str:
        return self.source.text

    def range(self, start: int, end: int) -> Range:
        return self.lines.range(start, end)

    def masked(self, *kinds: RegionKind) -> str:
        """The text with the given regions blanked to spaces (line breaks
        kept), so offsets into it are offsets into the note.

        With no kinds, every region is blanked.
        """
        wanted = set(kinds) or set(RegionKind)
        chars = None
        text = self.text
        for region in self.regions:
            if region.kind not in wanted:
                continue
            if chars is None:
                chars = list(text)
            for i in range(region.start, region.end):
                if chars[i] not in "\r\n":
                    chars[i] = " "
        return text if chars is None else "".join(chars)

    @cached_property
    def prose(self) -> str:
        """The text as a reader sees it: frontmatter, code, math, comments
        and HTML blanked. Claim and citation rules read blocks from here."""
        return self.masked()

    @cached_property
    def tags(self) -> list[Tag]:
        """The tags written in the text (``#cardio``), as Obsidian reads
        them: not in code, math, comments, HTML, the properties block or a
        link. Found when first asked for: few rules need them."""
        tags = []
        links = iter(sorted(link.range[:2] for link in self.links if link.key is None))
        link_start, link_end = next(links, (len(self.text), len(self.text)))
        for name, start, end in find_tags(self.prose):
            while link_end <= start:
                link_start, link_end = next(links, (len(self.text), len(self.text)))
            if not link_start <= start < link_end:
                tags.append(Tag(name, self.range(start, end)))
        return tags

    @property
    def tag_names(self) -> list[str]:
        """The tags of the note: those of its ``tags`` property, then those
        in its text, without '#'."""
        data = self.frontmatter.data if self.frontmatter else None
        names = []
        for key, value in (data or {}).items():
            if isinstance(key, str) and key.lower() in ("tags", "tag"):
                values = value if isinstance(value, list) else re.split(r"[,\s]+", value) if isinstance(value, str) else []
                names.extend(v.strip().lstrip("#") for v in values if isinstance(v, str) and v.strip().lstrip("#"))
        return names + [tag.name for tag in self.tags]

    @cached_property
    def aliases(self) -> list[str]:
        data = self.frontmatter.data if self.frontmatter else None
        if not data:
            return []
        for key, value in data.items():
            if isinstance(key, str) and key.lower() in ("aliases", "alias"):
                if isinstance(value, str):
                    return [value]
                if isinstance(value, list):
                    return [v for v in value if isinstance(v, str)]
        return []

    def info(self) -> NoteInfo:
        data = self.frontmatter.data if self.frontmatter else None
        return NoteInfo(
            path=self.path,
            links=self.links,
            headings=[h for h in self.headings if h.root],
            block_ids=self.block_ids,
            aliases=self.aliases,
            frontmatter=data,
            directives=self.directives,
            # An array of machine integers is a tenth the size of a list of ints.
            line_starts=array("l", self.lines.starts),
        )
