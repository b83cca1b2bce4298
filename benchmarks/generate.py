"""Generate a realistic nursing-school Obsidian vault for benchmarks and tests.

The same ``--notes`` and ``--seed`` always give the same bytes: everything
comes from one seeded ``random.Random`` and nothing depends on set order,
the clock or the file system.

Two shapes:

* ``dense`` (the default): every note is long and full of what vaultlint
  looks at, the worst case for its rules;
* ``real``: shaped like public Obsidian vaults (the 762-note medical vault
  and Obsidian's help vault measured with ``--measure``): sizes log-normal
  around a 2.4 KB median (200 B to 60 KB), 3 to 5 links per note, and
  clinical numbers in about 10 % of the notes.

What a dense vault holds:

* notes in nested folders whose names have spaces, about 5 KB each
  (10,000 notes make about 50 MB), with frontmatter, headings, lists,
  tables, callouts, footnotes and code blocks;
* 15 to 25 links per note of every kind Obsidian tracks: wikilinks, aliased
  and folder-qualified wikilinks, heading links ``[[N#H]]``, block links
  ``[[N#^id]]`` (the ids are defined in the targets), embeds of images, PDFs
  and note sections, Markdown links ``[t](Folder/Note%20Name.md)`` (absolute,
  relative and with a heading fragment) and frontmatter links
  ``up: "[[X]]"``;
* links inside code blocks and inline code, which must not count;
* attachments (small PNG and PDF files) and ``.obsidian/app.json``;
* about 2 % broken links (missing note or attachment, missing heading,
  missing block), about 1 % of notes with mojibake (``â€™`` for ``’``),
  and clinical threshold sentences with and without a citation.

What was planted is written to ``.benchmark-manifest.json`` in the vault
root (a dot-file, so neither Obsidian nor vaultlint sees it as a note), with
the line and column of every broken link.

Usage::

    python benchmarks/generate.py OUT --notes 10000 --seed 1 [--shape real]
    python benchmarks/generate.py --measure VAULT...   # the shape of real vaults
"""

from __future__ import annotations

import argparse
import datetime
import json
import math
import re
import shutil
import struct
import sys
import time
import zlib
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from random import Random

sys.path.insert(0, str(Path(__file__).resolve().parent))
import vocabulary as V  # noqa: E402  (a sibling module, not a package)

# Bump when the output for a given --notes/--seed changes, so cached
# benchmark vaults are rebuilt.
GENERATOR_VERSION = 4
MANIFEST_NAME = ".benchmark-manifest.json"
# The chance that a link is broken. Source citations and 'up' links never
# are, so about 2 % of all links end up broken.
BROKEN_LINK_RATE = 0.021
MOJIBAKE_RATE = 0.01
MEAN_NOTE_BYTES = 5000
MIN_NOTES = 30
# Rough sizes used to reach a note's target size: frontmatter and headings,
# one link with its phrase, one body block of prose.
FIXED_BYTES, LINK_BYTES, BLOCK_BYTES = 300, 60, 250
FIRST_DAILY_NOTE = datetime.date(2023, 8, 21)
SHAPES = ("dense", "real")
# The real shape, from the public vaults in --measure: the medical vault's
# notes have a 1.7 KB median (mean 2.9 KB), the help vault's 3.3 KB (mean
# 5.1 KB); both spread log-normally with a sigma of about 1.
REAL_MEDIAN_BYTES, REAL_SIGMA, REAL_MIN_BYTES, REAL_MAX_BYTES = 2400, 1.0, 200, 60_000
REAL_LINKS = (3, 5)
REAL_CLINICAL_RATE = 0.10  # notes with clinical numbers (thresholds)
# Kinds of note that never hold clinical numbers in either shape.
NO_CLAIMS = ("moc", "source", "daily")

MOJIBAKE = str.maketrans({"’": "â€™", "é": "Ã©", "–": "â€“"})
ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789"

# (kind of note, weight) for the notes after the fixed ones.
KINDS = (("concept", 20), ("drug", 12), ("careplan", 9), ("lecture", 14), ("clinical", 9),
         ("daily", 10), ("nclex", 13), ("clipping", 4), ("labs", 3), ("archive", 6))
# (kind of link, weight).
LINK_KINDS = (("wiki", 30), ("alias", 12), ("path", 5), ("lower", 2), ("heading", 10),
              ("heading_alias", 3), ("block", 6), ("self_heading", 3), ("embed_image", 6),
              ("embed_pdf", 2), ("embed_note", 2), ("md", 8), ("md_heading", 3),
              ("md_relative", 2), ("md_image", 2), ("source", 4))
# (kind of body block after a section's first paragraph, weight).
BLOCK_KINDS = (("paragraph", 44), ("bullets", 20), ("numbered", 8), ("callout", 10),
               ("table", 6), ("code", 4), ("lab_list", 3), ("admin", 5))
LINKABLE_BLOCKS = ("paragraph", "bullets", "numbered", "callout", "table")
DASH_LISTS = ("bullets", "lab_list")
# Clippings (with a source: property) and notes in Sources/ are sources
# themselves: their thresholds need no citation of their own.
NOTE_LEVEL_SOURCED = ("clipping", "source")


@dataclass
class PlannedNote:
    name: str
    folder: str  # '' for the vault root
    kind: str
    headings: list[str]  # level-2 section headings, in order
    block_ids: list[str]  # defined at the end of the first paragraph of sections 0, 1, ...
    target_bytes: int
    mojibake: bool = False
    title: bool = True  # starts with '# name'
    clinical: bool = True  # may hold clinical numbers (every note of a dense vault may)

    @property
    def path(self) -> str:
        return f"{self.folder}/{self.name}.md" if self.folder else f"{self.name}.md"


@dataclass
class Attachment:
    name: str
    folder: str

    @property
    def path(self) -> str:
        return f"{self.folder}/{self.name}"


@dataclass
class Planted:
    """A finding the generator put in a note on purpose, before its position is known."""

    text: str  # the exact text to find in its block
    kind: str


@dataclass
class Manifest:
    seed: int
    notes: int
    shape: str = "dense"
    attachments: int = 0
    note_bytes: int = 0
    links: int = 0
    fake_links_in_code: int = 0
    broken_links: list[dict] = field(default_factory=list)
    mojibake_notes: list[str] = field(default_factory=list)
    unsourced_claims: list[dict] = field(default_factory=list)
    sourced_claims: int = 0
    claim_notes: int = 0  # notes holding at least one threshold claim

    def to_json(self) -> dict:
        return {
            "generator_version": GENERATOR_VERSION,
            "seed": self.seed,
            "shape": self.shape,
            "notes": self.notes,
            "attachments": self.attachments,
            "note_bytes": self.note_bytes,
            "links": self.links,
            "fake_links_in_code": self.fake_links_in_code,
            "broken_links": sorted(self.broken_links, key=_position),
            "mojibake_notes": sorted(self.mojibake_notes),
            "unsourced_claims": sorted(self.unsourced_claims, key=_position),
            "sourced_claims": self.sourced_claims,
            "claim_notes": self.claim_notes,
        }


def _position(item: dict) -> tuple[str, int, int]:
    return (item["path"], item["line"], item["column"])


def _weighted(pairs: tuple[tuple[str, int], ...]) -> tuple[list[str], list[int]]:
    names = [name for name, _ in pairs]
    cumulative, total = [], 0
    for _, weight in pairs:
        total += weight
        cumulative.append(total)
    return names, cumulative


def url_path(path: str) -> str:
    """A vault path as Obsidian writes it in a Markdown link: spaces encoded."""
    return path.replace(" ", "%20")


def strip_heading(text: str) -> str:
    """Obsidian's heading normalisation, to keep planted anchors really missing."""
    out = "".join(" " if c in "!\"#$%&()*+,.:;<=>?@^`{|}~/[]\\\r\n" else c for c in text)
    return " ".join(out.split()).lower()


class VaultGenerator:
    def __init__(self, notes: int, seed: int, shape: str = "dense") -> None:
        if notes < MIN_NOTES:
            raise ValueError(f"a generated vault needs at least {MIN_NOTES} notes")
        if shape not in SHAPES:
            raise ValueError(f"unknown shape {shape!r} (use {' or '.join(SHAPES)})")
        self.rng = Random(seed)
        self.real = shape == "real"
        self.manifest = Manifest(seed=seed, notes=notes, shape=shape)
        self.count = notes
        self.plans: list[PlannedNote] = []
        self.names: set[str] = set()  # lowercased names in use (membership only)
        self.name_counters: dict[str, int] = {}
        self.attachments: list[Attachment] = []
        self.sentences: list[str] = []
        self.list_items: list[str] = []
        self.conditions = [c for _, (_, cs) in V.SYSTEMS.items() for c in cs]
        self.system_of = {c: s for s, (_, cs) in V.SYSTEMS.items() for c in cs}
        self.topics = self.conditions + list(V.DRUGS)
        self.kind_names, self.kind_weights = _weighted(KINDS)
        self.link_names, self.link_weights = _weighted(LINK_KINDS)
        self.block_names, self.block_weights = _weighted(BLOCK_KINDS)
        self.daily = 0
        self.missing_counter = 0
        self._mojibake = False  # whether the note being written gets mojibake prose

    # --- planning ---------------------------------------------------------

    def plan(self) -> None:
        self._plan_fixed()
        while len(self.plans) < self.count:
            kind = self.rng.choices(self.kind_names, cum_weights=self.kind_weights)[0]
            name, folder = self._name_for(kind)
            self._add_plan(name, folder, kind)
        generated = list(range(len(self._fixed), len(self.plans)))
        for index in self.rng.sample(generated, max(1, round(self.count * MOJIBAKE_RATE))):
            self.plans[index].mojibake = True
        if self.real:
            for plan in self.plans:
                plan.clinical = False
            eligible = [i for i in generated if self.plans[i].kind not in NO_CLAIMS]
            for index in self.rng.sample(eligible, min(len(eligible), round(self.count * REAL_CLINICAL_RATE))):
                self.plans[index].clinical = True
        self.not_sources = [p for p in self.plans if p.kind not in ("source", "clipping")]
        self.with_blocks = [p for p in self.not_sources if p.block_ids]
        self._plan_attachments()
        self._build_sentence_pool()

    def _plan_fixed(self) -> None:
        self._add_plan("Home", "", "moc")
        for system in V.SYSTEMS:
            self._add_plan(f"{system} MOC", "Maps of Content", "moc")
        for name in V.SOURCE_NOTES:
            self._add_plan(name, "Sources", "source")
        self._fixed = list(self.plans)
        self.mocs = [p for p in self.plans if p.kind == "moc"]
        self.sources = [p for p in self.plans if p.kind == "source"]

    def _unique(self, base: str) -> str:
        name = base
        while name.lower() in self.names:
            counter = self.name_counters.get(base, 1) + 1
            self.name_counters[base] = counter
            name = f"{base} {counter}"
        return name

    def _name_for(self, kind: str) -> tuple[str, str]:
        rng = self.rng
        condition = rng.choice(self.conditions)
        system = self.system_of[condition]
        if kind == "concept":
            suffix = rng.choice(("", "", " Pathophysiology", " Nursing Care", " Concept Map",
                                 " Case Study", " in Older Adults", " Study Guide"))
            return condition + suffix, f"Nursing School/{V.SYSTEMS[system][0]}"
        if kind == "drug":
            drug = rng.choice(list(V.DRUGS))
            return drug + rng.choice(("", " Drug Card")), "Nursing School/Semester 2/Pharmacology/Drug Cards"
        if kind == "careplan":
            return f"{condition} Care Plan", f"Care Plans/{system}"
        if kind == "lecture":
            semester, course = rng.choice(V.SEMESTER_COURSES)
            topic = rng.choice((condition, rng.choice(list(V.DRUGS.values())).title()))
            number = rng.randint(1, 30)
            return f"Lecture {number} - {topic}", f"Nursing School/{semester}/{course}/Lectures"
        if kind == "clinical":
            semester, course = rng.choice(V.SEMESTER_COURSES)
            week = rng.randint(1, 15)
            return f"Week {week} Clinical Reflection - {course}", f"Clinicals/{semester}/Week {week}"
        if kind == "daily":
            day = FIRST_DAILY_NOTE + datetime.timedelta(days=self.daily)
            self.daily += 1
            return day.isoformat(), f"Daily Notes/{day.year}/{V.MONTHS[day.month - 1]}"
        if kind == "nclex":
            return f"NCLEX Questions - {condition}", f"NCLEX Review/Practice Questions/{system}"
        if kind == "clipping":
            return f"{condition} - {rng.choice(('Cleveland Clinic', 'MedlinePlus', 'Mayo Clinic'))}", "Clippings"
        if kind == "labs":
            lab = rng.choice(V.LABS)
            return f"{lab[0].title()} Lab Values", "NCLEX Review/Lab Values"
        return f"{condition} - Fall 23", f"Archive/Fall 23/{system}"

    def _add_plan(self, base: str, folder: str, kind: str) -> None:
        rng = self.rng
        name = self._unique(base)
        self.names.add(name.lower())
        options = V.HEADINGS["concept" if kind == "archive" else kind]
        if self.real:
            return self._add_real_plan(name, folder, kind, options)
        count = rng.randint(min(3, len(options)), min(7, len(options)))
        headings = [options[i] for i in sorted(rng.sample(range(len(options)), count))]
        roll = rng.random()
        ids = 0 if roll < 0.5 else 1 if roll < 0.8 else 2 if roll < 0.95 else 3
        block_ids: list[str] = []
        while len(block_ids) < min(ids, len(headings)):
            block_id = "".join(rng.choices(ALPHABET, k=6))
            if block_id not in block_ids:
                block_ids.append(block_id)
        # Log-normal sizes, mean about MEAN_NOTE_BYTES: a few long notes, many short ones.
        size = rng.lognormvariate(math.log(MEAN_NOTE_BYTES) - 0.18, 0.6)
        self.plans.append(PlannedNote(name, folder, kind, headings, block_ids,
                                      int(min(30_000, max(1_500, size))), title=rng.random() < 0.7))

    def _add_real_plan(self, name: str, folder: str, kind: str, options: list[str]) -> None:
        """A note of the real shape: its size first, then as many sections
        as such a note has (about one per 700 bytes, one to seven)."""
        rng = self.rng
        size = rng.lognormvariate(math.log(REAL_MEDIAN_BYTES), REAL_SIGMA)
        size = int(min(REAL_MAX_BYTES, max(REAL_MIN_BYTES, size)))
        most = max(1, min(7, len(options), size // 700))
        count = rng.randint(max(1, most // 2), most)
        headings = [options[i] for i in sorted(rng.sample(range(len(options)), count))]
        ids = 1 if rng.random() < 0.2 else 0
        block_ids = ["".join(rng.choices(ALPHABET, k=6))] if ids else []
        self.plans.append(PlannedNote(name, folder, kind, headings, block_ids, size, title=rng.random() < 0.7))

    def _plan_attachments(self) -> None:
        rng = self.rng
        seen: set[str] = set()
        for _ in range(max(6, self.count // 8)):
            if rng.random() < 0.25:
                base, ext, folder = f"Lecture {rng.randint(1, 30)} slides", ".pdf", "Attachments/PDFs"
            else:
                base, ext, folder = f"{rng.choice(V.ATTACHMENT_STEMS)} {rng.randint(1, 99)}", ".png", "Attachments/Images"
            name, counter = base + ext, 1
            while name.lower() in seen:
                counter += 1
                name = f"{base} {counter}{ext}"
            seen.add(name.lower())
            self.attachments.append(Attachment(name, folder))
        self.images = [a for a in self.attachments if a.name.endswith(".png")]
        self.pdfs = [a for a in self.attachments if a.name.endswith(".pdf")] or self.images

    def _build_sentence_pool(self) -> None:
        """Prose is drawn from a pool built once: cheap per note, still varied."""
        rng = self.rng
        for _ in range(4000):
            self.sentences.append(self._fill(rng.choice(V.SENTENCE_PATTERNS)))
        for _ in range(1500):
            self.list_items.append(self._fill(rng.choice(V.LIST_ITEMS)))

    def _fill(self, pattern: str) -> str:
        rng = self.rng
        drug = rng.choice(list(V.DRUGS))
        values = {
            "opener": rng.choice(V.OPENERS), "intervention": rng.choice(V.INTERVENTIONS),
            "people": rng.choice(V.PEOPLE), "condition": rng.choice(self.conditions).lower(),
            "risk": rng.choice(V.RISKS), "finding": rng.choice(V.FINDINGS),
            "finding2": rng.choice(V.FINDINGS), "drug": drug, "drug_class": V.DRUGS[drug].lower(),
        }
        values.update({k.capitalize(): v[:1].upper() + v[1:] for k, v in list(values.items())})
        values["Drug"] = drug
        return pattern.format(**values)

    # --- links ------------------------------------------------------------

    def _missing_name(self) -> str:
        while True:
            topic = self.rng.choice(self.topics)
            name = f"{topic} {self.rng.choice(V.MISSING_NOTE_SUFFIXES)}"
            if name.lower() not in self.names:
                return name

    def _missing_attachment(self, ext: str) -> str:
        self.missing_counter += 1
        return f"{self.rng.choice(V.ATTACHMENT_STEMS)} missing {self.missing_counter}{ext}"

    def _missing_heading(self, target: PlannedNote) -> str:
        have = {strip_heading(h) for h in target.headings} | {strip_heading(target.name)}
        options = [h for h in V.MISSING_HEADINGS if strip_heading(h) not in have]
        return self.rng.choice(options)

    def _missing_block(self, target: PlannedNote) -> str:
        while True:
            block_id = "".join(self.rng.choices(ALPHABET, k=6))
            if block_id not in target.block_ids:
                return block_id

    def link(self, note: PlannedNote, planted: list[Planted], in_table: bool = False) -> str:
        """One link from ``note``; broken about BROKEN_LINK_RATE of the time.

        Links in tables never lead to source notes or clippings: such a link
        would cite the row's threshold, and the manifest says it is unsourced.
        """
        rng = self.rng
        kind = rng.choices(self.link_names, cum_weights=self.link_weights)[0]
        broken = rng.random() < BROKEN_LINK_RATE
        if in_table:
            kind = "wiki" if kind == "source" else kind
            target = rng.choice(self.not_sources)
        else:
            target = rng.choice(self.sources if kind == "source" else self.plans)
        if kind == "block" and not target.block_ids:
            target = rng.choice(self.with_blocks) if self.with_blocks else target
            if not target.block_ids:
                kind = "wiki"
        name, missing = target.name, None
        if kind in ("wiki", "alias", "path", "lower", "md", "md_relative", "source") and broken:
            name, missing = self._missing_name(), "missing-note"
        if kind in ("wiki", "source"):
            raw = f"[[{name}]]"
        elif kind == "alias":
            raw = f"[[{name}|{self._display(name)}]]"
        elif kind == "path":
            folder = target.folder if missing is None else rng.choice(self.not_sources).folder
            raw = f"[[{folder + '/' if folder else ''}{name}]]"
        elif kind == "lower":
            raw = f"[[{name.lower()}]]"
        elif kind in ("heading", "heading_alias", "embed_note", "self_heading"):
            owner = note if kind == "self_heading" else target
            heading = rng.choice(owner.headings)
            if broken:
                heading, missing = self._missing_heading(owner), "missing-heading"
            prefix = "" if kind == "self_heading" else owner.name
            raw = f"[[{prefix}#{heading}]]"
            if kind == "heading_alias":
                raw = f"[[{prefix}#{heading}|{heading.lower()}]]"
            elif kind == "embed_note":
                raw = "!" + raw
        elif kind == "block":
            block_id = rng.choice(target.block_ids)
            if broken:
                block_id, missing = self._missing_block(target), "missing-block"
            raw = f"[[{target.name}#^{block_id}]]"
        elif kind in ("embed_image", "embed_pdf", "md_image"):
            ext = ".pdf" if kind == "embed_pdf" else ".png"
            attachment = rng.choice(self.pdfs if kind == "embed_pdf" else self.images)
            file_name, path = attachment.name, attachment.path
            if broken:
                file_name = self._missing_attachment(ext)
                path = f"{attachment.folder}/{file_name}"
                missing = "missing-attachment"
            if kind == "md_image":
                raw = f"![{file_name[:-4]}]({url_path(path)})"
            elif kind == "embed_pdf":
                raw = f"![[{file_name}#page={rng.randint(1, 12)}]]"
            else:
                raw = f"![[{file_name}{rng.choice(('', '', '|400', '|300x200'))}]]"
        elif kind == "md_heading":
            heading = rng.choice(target.headings)
            if broken:
                heading, missing = self._missing_heading(target), "missing-heading"
            raw = f"[{heading}]({url_path(target.path)}#{url_path(heading)})"
        else:  # md, md_relative
            folder = target.folder
            path = f"{folder}/{name}.md" if folder else f"{name}.md"
            if kind == "md_relative":
                path = _relative(path, note.folder)
            raw = f"[{self._display(name)}]({url_path(path)})"
        if in_table and raw.startswith(("[[", "![[")):
            raw = raw.replace("|", "\\|")
        if missing:
            planted.append(Planted(raw, missing))
        self.manifest.links += 1
        return raw

    def _display(self, name: str) -> str:
        return self.rng.choice((name.lower(), name.split(" - ")[-1], "here", "notes", "this"))

    # --- note text --------------------------------------------------------

    def note_text(self, note: PlannedNote) -> str:
        rng = self.rng
        blocks: list[tuple[str, list[Planted], list[Planted]]] = []  # (text, broken, claims)
        footnotes: list[str] = []
        links_left = rng.randint(*REAL_LINKS) if self.real else rng.randint(15, 25)
        claims_before = len(self.manifest.unsourced_claims) + self.manifest.sourced_claims

        fm_broken: list[Planted] = []
        fm_lines, used = self._frontmatter(note, fm_broken)
        links_left = max(0, links_left - used)
        blocks.append(("\n".join(fm_lines), fm_broken, []))

        # How many body blocks make the note about its target size.
        sections = len(note.headings)
        body_blocks = round((note.target_bytes - FIXED_BYTES - LINK_BYTES * links_left) / BLOCK_BYTES)
        extra = max(0, body_blocks - sections - 1)
        per_section = [0] * sections
        for _ in range(extra):
            per_section[rng.randrange(sections)] += 1
        kinds: list[str] = ["paragraph"]  # the intro
        owner: list[int] = [-1]
        for index in range(sections):
            kinds += ["heading", "paragraph"]
            owner += [index, index]
            for _ in range(per_section[index]):
                kind = rng.choices(self.block_names, cum_weights=self.block_weights)[0]
                if not note.clinical:
                    kind = {"table": "paragraph", "lab_list": "bullets"}.get(kind, kind)
                if kind in DASH_LISTS and kinds[-1] in DASH_LISTS:
                    # Two '-' lists with only a blank line between them are
                    # one list in Markdown, and a "Source:" line after the
                    # second would cite the first.
                    kind = "paragraph"
                kinds.append(kind)
                owner.append(index)

        # Block ids go at the end of the first paragraph of sections 0, 1, ...
        first_paragraphs = [i + 1 for i, kind in enumerate(kinds) if kind == "heading"]
        id_at = dict(zip(first_paragraphs, note.block_ids))
        claims = self._claim_slots(note, kinds, set(id_at))
        if self.real and note.clinical and not claims and "table" not in kinds and "lab_list" not in kinds:
            kinds.append("table")  # a note with clinical numbers holds at least one
            owner.append(sections - 1)
        links_left -= sum(1 for c in claims.values() if c == "source_note")
        linkable = [i for i, k in enumerate(kinds) if k in LINKABLE_BLOCKS and i not in claims]
        link_counts = [0] * len(kinds)
        for _ in range(links_left if linkable else 0):
            link_counts[rng.choice(linkable)] += 1

        if note.title:
            blocks.append((f"# {note.name}", [], []))

        inline_code_at = rng.choice(linkable) if rng.random() < 0.15 else -1
        for i, kind in enumerate(kinds):
            broken: list[Planted] = []
            found: list[Planted] = []
            if kind == "heading":
                text = f"## {note.headings[owner[i]]}"
            elif i in claims:
                text = self._claim_paragraph(note, claims[i], footnotes, found, broken)
            elif kind == "paragraph":
                text = self._paragraph(note, link_counts[i], broken, inline_code=i == inline_code_at)
            elif kind in ("bullets", "numbered"):
                text = self._list(note, kind, link_counts[i], broken)
            elif kind == "callout":
                text = self._callout(note, link_counts[i], broken)
            elif kind == "table":
                text = self._table(note, link_counts[i], broken, found)
            elif kind == "code":
                text = self._code_block(note)
            elif kind == "lab_list":
                text = self._lab_list(note, found)
            else:
                text = self._prose(rng.choice(V.ADMIN_LINES if note.kind != "clinical" else V.OBSERVATIONS))
            if i in id_at:
                text += f" ^{id_at[i]}"
            blocks.append((text, broken, found))
        if note.mojibake:
            blocks.append((self._prose("Don’t skip the patient’s baseline – it’s the café rule."), [], []))
        if footnotes:
            blocks.append(("\n".join(f"[^{n}]: {t}" for n, t in enumerate(footnotes, 1)), [], []))

        text = "\n\n".join(b[0] for b in blocks) + "\n"
        self._record_positions(note, text, blocks)
        if len(self.manifest.unsourced_claims) + self.manifest.sourced_claims > claims_before:
            self.manifest.claim_notes += 1
        return text

    def _frontmatter(self, note: PlannedNote, broken: list[Planted]) -> tuple[list[str], int]:
        rng = self.rng
        lines = ["---"]
        tags = rng.sample(V.TAGS, rng.randint(1, 3))
        if note.kind == "clipping":
            lines += ["source: https://my.clevelandclinic.org/health/diseases/17706-low-white-blood-cell-count",
                      "tags:", "  - clippings"]
        else:
            lines += ["tags:"] + [f"  - {tag}" for tag in tags]
        lines.append(f"created: 2024-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}")
        used = 0
        if note.kind != "moc" or note.name != "Home":
            up = rng.choice(self.mocs) if note.kind != "moc" else self.mocs[0]
            lines.append(f'up: "[[{up.name}]]"')
            used += 1
            self.manifest.links += 1
        related = rng.randint(0, 2)
        if related:
            lines.append("related:")
            for target in rng.sample(self.plans, related):
                name = target.name
                if rng.random() < BROKEN_LINK_RATE:
                    name = self._missing_name()
                    broken.append(Planted(f"[[{name}]]", "missing-note"))
                lines.append(f'  - "[[{name}]]"')
            used += related
            self.manifest.links += related
        if note.kind == "drug":
            lines.append("type: drug-card")
        lines.append("---")
        return lines, used

    def _prose(self, text: str) -> str:
        return text.translate(MOJIBAKE) if self._mojibake else text

    def _sentences(self, k: int) -> list[str]:
        return [self._prose(s) for s in self.rng.choices(self.sentences, k=k)]

    def _paragraph(self, note: PlannedNote, links: int, broken: list[Planted], inline_code: bool = False) -> str:
        rng = self.rng
        sentences = self._sentences(rng.randint(2, 5))
        for _ in range(links):
            phrase = rng.choice(V.LINK_PHRASES).format(link=self.link(note, broken))
            sentences.insert(rng.randrange(len(sentences) + 1), phrase)
        if inline_code:
            fake = f"{rng.choice(self.conditions)} Template"
            sentences.append(f"Type `[[{fake}]]` to link a note, or `![[{fake}.png]]` to embed one.")
            self.manifest.fake_links_in_code += 2
        return " ".join(sentences)

    def _list(self, note: PlannedNote, kind: str, links: int, broken: list[Planted]) -> str:
        rng = self.rng
        items = [self._prose(s) for s in rng.choices(self.list_items, k=rng.randint(3, 7))]
        for _ in range(links):
            i = rng.randrange(len(items))
            items[i] += f" – see {self.link(note, broken)}"
        if kind == "numbered":
            return "\n".join(f"{n}. {item}" for n, item in enumerate(items, 1))
        nested = rng.random() < 0.3
        lines = []
        for n, item in enumerate(items):
            indent = "    " if nested and n % 3 == 2 else ""
            lines.append(f"{indent}- {item}")
        return "\n".join(lines)

    def _callout(self, note: PlannedNote, links: int, broken: list[Planted]) -> str:
        rng = self.rng
        sentences = self._sentences(rng.randint(1, 3))
        for _ in range(links):
            sentences.insert(rng.randrange(len(sentences) + 1),
                             rng.choice(V.LINK_PHRASES).format(link=self.link(note, broken)))
        head = f"> [!{rng.choice(V.CALLOUT_TYPES)}] {rng.choice(V.CALLOUT_TITLES)}"
        return "\n".join([head] + [f"> {s}" for s in sentences])

    def _table(self, note: PlannedNote, links: int, broken: list[Planted], claims: list[Planted]) -> str:
        """A lab-values table: every row is a threshold, sourced when the
        table has a Source column."""
        rng = self.rng
        sourced = rng.random() < 0.4
        rows = rng.sample(V.LABS, rng.randint(3, 6))
        lines = ["| Lab | Normal range | Notes |" + (" Source |" if sourced else ""), "|---|---|---|" + ("---|" if sourced else "")]
        notes = [""] * len(rows)
        for _ in range(links):
            i = rng.randrange(len(rows))
            notes[i] += ("" if not notes[i] else " ") + self.link(note, broken, in_table=True)
        for (_, abbr, low, high, unit, _, _), extra in zip(rows, notes):
            row = f"| {abbr} | {f'{low}–{high} {unit}'.strip()} | {extra} |"
            if sourced:
                source = rng.choice(("Pagana 7e", "Lewis 11e, p. 210", "MedlinePlus"))
                row += f" {source} |"
            if sourced or note.kind in NOTE_LEVEL_SOURCED:
                self.manifest.sourced_claims += 1
            else:
                claims.append(Planted(row, "unsourced-claim"))
            lines.append(row)
        return "\n".join(lines)

    def _lab_list(self, note: PlannedNote, claims: list[Planted]) -> str:
        rng = self.rng
        rows = rng.sample(V.LABS, rng.randint(2, 4))
        items = [f"- {abbr} {low}–{high} {unit}".rstrip() for _, abbr, low, high, unit, _, _ in rows]
        if rng.random() < 0.5 or note.kind in NOTE_LEVEL_SOURCED:
            self.manifest.sourced_claims += len(items)
            return "\n".join(items) + "\n\nSource: Pagana, Mosby’s Manual of Diagnostic and Laboratory Tests, 7e."
        claims.extend(Planted(item, "unsourced-claim") for item in items)
        return "\n".join(items)

    def _code_block(self, note: PlannedNote) -> str:
        rng = self.rng
        fake = f"{rng.choice(self.conditions)} Template"
        self.manifest.fake_links_in_code += 2
        if rng.random() < 0.5:
            return f'```dataview\nLIST FROM [[{fake}]]\nWHERE contains(tags, "review")\n```'
        return (f"~~~markdown\n## Template\nLinks look like [[{fake}]] or [text]({url_path(fake)}.md).\n"
                f"Potassium above 5.0 mEq/L is hyperkalemia.\n~~~")

    # --- clinical claims --------------------------------------------------

    def _claim_slots(self, note: PlannedNote, kinds: list[str], taken: set[int]) -> dict[int, str]:
        """Which paragraphs carry a threshold claim, and how it is cited ('' = not at all).

        The intro paragraph (block 0) never does, so every note keeps a
        paragraph for links; nor do paragraphs that end with a block id.
        """
        rng = self.rng
        if note.kind in NO_CLAIMS or not note.clinical:
            return {}
        most = 4 if note.kind in ("concept", "labs", "drug", "nclex", "clipping") else 1
        paragraphs = [i for i, k in enumerate(kinds) if k == "paragraph" and i and i not in taken]
        chosen = rng.sample(paragraphs, min(len(paragraphs), rng.randint(1 if self.real else 0, most)))
        citations = ("", "", "footnote", "pandoc", "author_date", "web", "source_note", "inline_footnote", "callout")
        return {i: rng.choice(citations) for i in sorted(chosen)}

    def _claim_paragraph(self, note: PlannedNote, citation: str, footnotes: list[str],
                         claims: list[Planted], broken: list[Planted]) -> str:
        rng = self.rng
        claim = self._claim()
        if citation == "footnote":
            footnotes.append(rng.choice(V.FOOTNOTE_TEXTS))
            sentence = f"{claim}.[^{len(footnotes)}]"
        elif citation == "pandoc":
            sentence = f"{claim} [@{rng.choice(V.PANDOC_KEYS)}]."
        elif citation == "author_date":
            sentence = f"{claim} {rng.choice(V.AUTHOR_DATE)}."
        elif citation == "web":
            site, url = rng.choice(V.WEB_SOURCES)
            sentence = f"{claim} ([{site}]({url}))."
        elif citation == "source_note":
            sentence = f"{claim} ([[{rng.choice(self.sources).name}]])."
            self.manifest.links += 1
        elif citation == "inline_footnote":
            sentence = f"{claim} ^[{rng.choice(V.FOOTNOTE_TEXTS)}]."
        elif citation == "callout":
            title = rng.choice(("Lewis, Med-Surg 11e p. 210", "Pagana, Mosby’s Manual, 7e"))
            return f"> [!quote] {title}\n> {claim}."
        else:
            sentence = f"{claim}."
        covered = citation or note.kind in NOTE_LEVEL_SOURCED
        if covered:
            self.manifest.sourced_claims += 1
        else:
            claims.append(Planted(sentence, "unsourced-claim"))
        before = self._sentences(rng.randint(0, 2))
        return " ".join(before + [sentence])

    def _claim(self) -> str:
        rng = self.rng
        if rng.random() < 0.3:
            return rng.choice(V.TARGETS)
        name, abbr, low, high, unit, below, above = rng.choice(V.LABS)
        unit = f" {unit}" if unit else ""
        pattern = rng.randrange(4)
        if pattern == 0:
            return f"Normal {name} is {low}–{high}{unit}"
        if pattern == 1:
            return f"A {name} below {low}{unit} indicates {below}"
        if pattern == 2:
            return f"{name[:1].upper() + name[1:]} above {high}{unit} is considered {above}"
        return f"Reference range for {abbr}: {low}–{high}{unit}"

    # --- positions --------------------------------------------------------

    def _record_positions(self, note: PlannedNote, text: str, blocks: list) -> None:
        offset = 0
        for block_text, broken, claims in blocks:
            for item, target in [(b, self.manifest.broken_links) for b in broken] + \
                                [(c, self.manifest.unsourced_claims) for c in claims]:
                at = block_text.find(item.text)
                if at < 0:
                    raise AssertionError(f"planted text not found in {note.path}: {item.text!r}")
                absolute = offset + at
                line = text.count("\n", 0, absolute) + 1
                column = absolute - (text.rfind("\n", 0, absolute) + 1) + 1
                entry = {"path": note.path, "line": line, "column": column}
                if item.kind != "unsourced-claim":
                    entry.update(kind=item.kind, link=item.text)
                target.append(entry)
            offset += len(block_text) + 2

    # --- writing ----------------------------------------------------------

    def write(self, out: Path) -> Manifest:
        self.plan()
        out.mkdir(parents=True, exist_ok=True)
        folders = {".obsidian"} | {a.folder for a in self.attachments} | {n.folder for n in self.plans if n.folder}
        for rel in sorted(folders):
            (out / rel).mkdir(parents=True, exist_ok=True)
        app = {"newLinkFormat": "shortest", "useMarkdownLinks": False,
               "attachmentFolderPath": "Attachments/Images", "userIgnoreFilters": ["Archive/"],
               "alwaysUpdateLinks": True}
        (out / ".obsidian" / "app.json").write_text(json.dumps(app, indent=2) + "\n", encoding="utf-8")
        # Creating files is slow on some file systems and releases the GIL,
        # so a few threads write while the main thread composes notes.
        with ThreadPoolExecutor(max_workers=4) as pool:
            pending = []
            for attachment in self.attachments:
                data = _png(self.rng) if attachment.name.endswith(".png") else _pdf(attachment.name)
                pending.append(pool.submit((out / attachment.path).write_bytes, data))
            self.manifest.attachments = len(self.attachments)
            for note in self.plans:
                self._mojibake = note.mojibake
                if note.mojibake:
                    self.manifest.mojibake_notes.append(note.path)
                data = self.note_text(note).encode("utf-8")
                self.manifest.note_bytes += len(data)
                pending.append(pool.submit((out / note.path).write_bytes, data))
            for future in pending:
                future.result()  # re-raise any write error
        (out / MANIFEST_NAME).write_text(json.dumps(self.manifest.to_json(), indent=1, ensure_ascii=False) + "\n",
                                         encoding="utf-8")
        return self.manifest


def _relative(path: str, from_folder: str) -> str:
    """``path`` relative to ``from_folder``, as Obsidian's relative link format writes it."""
    source = from_folder.split("/") if from_folder else []
    target = path.split("/")
    common = 0
    while common < min(len(source), len(target) - 1) and source[common] == target[common]:
        common += 1
    return "/".join([".."] * (len(source) - common) + target[common:])


def _png(rng: Random) -> bytes:
    """A valid 8x8 single-colour PNG."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    pixel = bytes(rng.randrange(256) for _ in range(3))
    raw = b"".join(b"\x00" + pixel * 8 for _ in range(8))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 8, 8, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))


def _pdf(title: str) -> bytes:
    """A minimal one-page PDF."""
    return (f"%PDF-1.4\n% {title}\n1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n"
            "2 0 obj <</Type /Pages /Kids [3 0 R] /Count 1>> endobj\n"
            "3 0 obj <</Type /Page /Parent 2 0 R /MediaBox [0 0 612 792]>> endobj\n"
            "trailer <</Root 1 0 R>>\n%%EOF\n").encode("latin-1", "replace")


def generate(out: Path, notes: int, seed: int = 1, shape: str = "dense") -> dict:
    """Write a vault of ``notes`` notes of ``shape`` to ``out`` (which must
    not exist or be empty) and return its manifest."""
    if out.exists() and any(out.iterdir()):
        raise FileExistsError(f"{out} is not empty")
    return VaultGenerator(notes, seed, shape).write(out).to_json()


_WIKILINK = re.compile(r"!?\[\[[^\]\n]+\]\]")
_MARKDOWN_LINK = re.compile(r"\]\((?![a-z]+:)[^)\s]+\)")


def measure(root: Path) -> dict:
    """The shape of an existing vault: note sizes (bytes) and links per note
    (wikilinks and Markdown links to files, roughly counted).

    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> _ = (folder / "A.md").write_text("See [[B]] and [c](C.md).")
    >>> measure(folder)["links_median"]
    2
    """
    sizes, links = [], []
    for path in sorted(root.rglob("*.md")):
        if any(part.startswith(".") for part in path.relative_to(root).parts):
            continue
        data = path.read_bytes()
        text = data.decode("utf-8", "replace")
        sizes.append(len(data))
        links.append(len(_WIKILINK.findall(text)) + len(_MARKDOWN_LINK.findall(text)))
    sizes.sort()
    links.sort()
    logs = [math.log(s) for s in sizes if s]
    mean_log = sum(logs) / len(logs)
    return {
        "notes": len(sizes), "bytes_mean": round(sum(sizes) / len(sizes)), "bytes_median": sizes[len(sizes) // 2],
        "bytes_p10": sizes[len(sizes) // 10], "bytes_p90": sizes[len(sizes) * 9 // 10],
        "log_sigma": round(math.sqrt(sum((x - mean_log) ** 2 for x in logs) / len(logs)), 2),
        "links_mean": round(sum(links) / len(links), 1), "links_median": links[len(links) // 2],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, nargs="?", help="folder to create the vault in")
    parser.add_argument("--notes", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--shape", choices=SHAPES, default="dense")
    parser.add_argument("--measure", type=Path, nargs="+", metavar="VAULT",
                        help="print the shape of these vaults instead of generating one")
    parser.add_argument("--force", action="store_true",
                        help="replace OUT if it is a vault this script generated")
    args = parser.parse_args(argv)
    if args.measure:
        for root in args.measure:
            print(root, json.dumps(measure(root)))
        return 0
    if args.out is None:
        parser.error("the folder to create the vault in is required")
    if args.force and (args.out / MANIFEST_NAME).is_file():
        shutil.rmtree(args.out)
    started = time.perf_counter()
    try:
        manifest = generate(args.out, args.notes, args.seed, args.shape)
    except (FileExistsError, ValueError) as exc:
        parser.error(str(exc))
    elapsed = time.perf_counter() - started
    print(f"{args.out}: {manifest['notes']} notes ({manifest['note_bytes'] / 1e6:.1f} MB), "
          f"{manifest['attachments']} attachments, {manifest['links']} links, "
          f"{len(manifest['broken_links'])} broken, {len(manifest['mojibake_notes'])} with mojibake, "
          f"{len(manifest['unsourced_claims'])} unsourced claims, {manifest['claim_notes']} notes with claims; "
          f"{elapsed:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
