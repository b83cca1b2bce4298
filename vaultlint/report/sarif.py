"""``--format sarif``: a SARIF 2.1.0 log, for code scanning (GitHub and others).

The log has one run. Its driver lists every rule with its code, name, one-line
summary, the "What it checks" section of its page as the full description,
the whole page as help, and a link to the page in the repository. Each result
has its rule, level, message and region, a fingerprint that survives edits
elsewhere in the note (the same key a baseline uses) and, when the rule
offers one, its fix as replacements.

Columns count Unicode code points, as vaultlint's do, which the run states
with ``columnKind``. Artifact URIs are relative to the repository root
(``%SRCROOT%``) so a code-scanning upload places them without configuration.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from typing import TYPE_CHECKING, Sequence
from urllib.parse import quote

from .. import REPOSITORY_URL, __version__, baseline
from ..model import WHOLE_FILE, Diagnostic, Range, Severity
from ..pages import rule_page
from ..rules import Rule
from .paths import repository_path, repository_root

if TYPE_CHECKING:
    from . import ReportContext

SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
SRCROOT = "%SRCROOT%"


def rule_url(code: str) -> str:
    """The rule's page in the repository.

    >>> rule_url("VL101")
    'https://github.com/vaultlint/vaultlint/blob/main/rules/VL101.md'
    """
    return f"{REPOSITORY_URL}/blob/main/rules/{code}.md"


def section(page: str, title: str) -> str | None:
    """The body of the page's section whose heading is ``title`` (any case).

    Headings inside fenced code blocks are examples, not sections.

    >>> section("# VL1 x\\n\\n## What it checks\\n\\nLinks.\\n\\n## Why\\n\\nBecause.\\n", "what it checks")
    'Links.'
    """
    body: list[str] | None = None
    level = 0
    fence = ""
    for line in page.splitlines():
        stripped = line.strip()
        if fence:
            if stripped.startswith(fence):
                fence = ""
        elif stripped.startswith(("```", "~~~")):
            fence = stripped[:3]
        elif heading := re.match(r"(#{1,6})\s+(.*?)\s*#*\s*$", line):
            depth = len(heading.group(1))
            if body is not None and depth <= level:
                break
            if body is None and heading.group(2).lower() == title.lower():
                body, level = [], depth
                continue
        if body is not None:
            body.append(line)
    return "\n".join(body).strip() if body is not None else None


def rule_descriptor(rule: Rule, page: str | None) -> dict:
    descriptor: dict = {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": (page and section(page, "What it checks")) or rule.summary},
        "helpUri": rule_url(rule.code),
        "defaultConfiguration": {"level": LEVELS[rule.severity]},
    }
    if page:
        descriptor["help"] = {"text": page, "markdown": page}
    return descriptor


def region(r: Range) -> dict:
    return {"startLine": r.line, "startColumn": r.column, "endLine": r.end_line, "endColumn": r.end_column}


def fingerprint(diag: Diagnostic, occurrence: int) -> str:
    code, path, snippet = baseline.key(diag)
    data = "\0".join((code, path, snippet, str(occurrence)))
    return hashlib.sha256(data.encode("utf-8", "surrogateescape")).hexdigest()[:32]


def result(diag: Diagnostic, rule_index: int | None, uri: str, occurrence: int) -> dict:
    location = {"artifactLocation": {"uri": uri, "uriBaseId": SRCROOT}}
    physical: dict = {"physicalLocation": location}
    if diag.range != WHOLE_FILE:
        location["region"] = region(diag.range)
    out: dict = {"ruleId": diag.code}
    if rule_index is not None:
        out["ruleIndex"] = rule_index
    out.update(
        level=LEVELS[diag.severity],
        message={"text": diag.message},
        locations=[physical],
        partialFingerprints={"vaultlint/v1": fingerprint(diag, occurrence)},
    )
    # A fix that only re-encodes the note has no text edits SARIF could show.
    if diag.fix is not None and diag.fix.edits:
        replacements = [
            {"deletedRegion": region(r), "insertedContent": {"text": e.replacement}}
            for e, r in zip(diag.fix.edits, diag.edit_ranges)
        ]
        out["fixes"] = [{
            "description": {"text": diag.fix.description},
            "artifactChanges": [{"artifactLocation": dict(location["artifactLocation"]),
                                 "replacements": replacements}],
            "properties": {"applicability": str(diag.fix.applicability)},
        }]
    return out


def render(diagnostics: Sequence[Diagnostic], ctx: "ReportContext") -> str:
    rules = list(ctx.registry.rules)
    index = {rule.code: i for i, rule in enumerate(rules)}
    repo = repository_root(ctx.root)
    seen: Counter = Counter()
    results = []
    for diag in diagnostics:
        k = baseline.key(diag)
        seen[k] += 1
        uri = quote(repository_path(ctx.root, repo, diag.path), safe="/", errors="surrogateescape")
        results.append(result(diag, index.get(diag.code), uri, seen[k]))
    log = {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "vaultlint",
                "version": __version__,
                "semanticVersion": __version__,
                "informationUri": REPOSITORY_URL,
                "rules": [rule_descriptor(rule, rule_page(rule.code)) for rule in rules],
            }},
            "originalUriBaseIds": {SRCROOT: {"uri": repo.as_uri() + "/"}},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    }
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"
