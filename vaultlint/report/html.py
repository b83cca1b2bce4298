"""The vault health report: one self-contained HTML file.

Everything is in the file: styles inline, charts drawn as CSS bars, no
script, no font or image from the network, so it opens the same from a
USB stick, an e-mail attachment or a browser with scripts off. Long lists
fold into ``<details>``, which needs no script either. Every string from
the vault is escaped; rule pages are rendered from the same Markdown that
``vaultlint rule`` prints, with mistune, raw HTML in them escaped.

>>> from vaultlint.rules import registry
>>> "<script" in render_html([], HealthContext("Vault", registry(), 0, 0))
False
"""

from __future__ import annotations

import html
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Iterable, Sequence

from ..model import Diagnostic, Severity
from ..pages import rule_page
from ..rules import Registry

# Rules whose findings the report lists by note or file in sections of their own.
BROKEN = ("VL101", "VL102", "VL106")
ENCODING_PREFIX = "VL2"
THRESHOLDS = ("VL301", "VL305")
MAINTENANCE = {
    "VL401": "Orphan notes",
    "VL402": "Unused attachments",
    "VL403": "Empty notes",
    "VL404": "Duplicate names",
}
# How many notes a broken target lists before folding the rest into a count.
NOTES_PER_TARGET = 25

STYLE = """
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 0 auto; max-width: 70em;
       padding: 1em 2em 4em; color: #1d2329; background: #fff; }
h1 { margin-bottom: .2em; } h2 { border-bottom: 1px solid #d8dee4; padding-bottom: .2em; margin-top: 2em; }
nav ul { columns: 3; list-style: none; padding: 0; }
table { border-collapse: collapse; width: 100%; margin: .5em 0 1em; }
th, td { text-align: left; padding: .25em .6em; border-bottom: 1px solid #eef1f4; vertical-align: top; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.bar { background: #eef1f4; height: .9em; min-width: 8em; }
.bar span { display: block; height: 100%; background: #3b6fb6; }
.error .bar span, .bar span.error { background: #c0392b; }
.warning .bar span, .bar span.warning { background: #d68910; }
.info .bar span, .bar span.info { background: #5d8aa8; }
.totals { display: flex; gap: 1em; flex-wrap: wrap; padding: 0; list-style: none; }
.totals li { border: 1px solid #d8dee4; border-radius: 6px; padding: .5em 1em; }
.totals b { display: block; font-size: 1.6em; }
code, pre { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: .92em; }
pre { background: #f6f8fa; padding: .6em; overflow-x: auto; }
details { margin: .3em 0; } summary { cursor: pointer; }
ul.paths { margin: .2em 0 .6em; }
.muted { color: #57606a; }
article.rule { border-top: 1px solid #d8dee4; margin-top: 1.5em; }
"""


@dataclass(frozen=True)
class HealthContext:
    vault_name: str
    registry: Registry
    notes: int  # notes in the vault
    files: int  # files of every kind


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _bar(count: int, largest: int, css: str = "") -> str:
    width = 100 * count / largest if largest else 0
    cls = f' class="{css}"' if css else ""
    return f'<div class="bar" aria-hidden="true"><span{cls} style="width:{width:.1f}%"></span></div>'


def _where(d: Diagnostic) -> str:
    return f"{d.path}:{d.range.line}:{d.range.column}"


def _folder(path: str) -> str:
    return path.rsplit("/", 1)[0] if "/" in path else "(vault root)"


def _paths_list(paths: Iterable[str], limit: int | None = None) -> str:
    paths = list(paths)
    shown = paths if limit is None else paths[:limit]
    items = "".join(f"<li><code>{_e(p)}</code></li>" for p in shown)
    more = f'<li class="muted">and {len(paths) - len(shown)} more</li>' if len(paths) > len(shown) else ""
    return f'<ul class="paths">{items}{more}</ul>'


def _section(anchor: str, title: str, body: str) -> str:
    return f'<section id="{anchor}">\n<h2>{_e(title)}</h2>\n{body}\n</section>\n'


def _by_rule(diagnostics: Sequence[Diagnostic], reg: Registry) -> str:
    counts = Counter(d.code for d in diagnostics)
    if not counts:
        return "<p>No findings.</p>"
    largest = max(counts.values())
    rows = []
    for code, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
        rule = reg.by_code[code]
        severity = str(next(d.severity for d in diagnostics if d.code == code))
        rows.append(
            f'<tr class="{severity}"><td><a href="#rule-{code}">{code}</a></td><td>{_e(rule.name)}</td>'
            f"<td>{severity}</td><td class=\"n\">{n}</td><td>{_bar(n, largest)}</td></tr>"
        )
    head = '<tr><th>Code</th><th>Rule</th><th>Severity</th><th class="n">Findings</th><th>Share</th></tr>'
    return f"<table><thead>{head}</thead><tbody>{''.join(rows)}</tbody></table>"


def _by_folder(diagnostics: Sequence[Diagnostic]) -> str:
    counts: dict[str, Counter] = defaultdict(Counter)
    for d in diagnostics:
        counts[_folder(d.path)][d.severity] += 1
    if not counts:
        return "<p>No findings.</p>"
    totals = {folder: sum(c.values()) for folder, c in counts.items()}
    largest = max(totals.values())
    rows = []
    for folder, total in sorted(totals.items(), key=lambda kv: (-kv[1], kv[0])):
        by = counts[folder]
        split = ", ".join(f"{by[s]} {s}" for s in (Severity.ERROR, Severity.WARNING, Severity.INFO) if by[s])
        worst = str(max(by))
        rows.append(
            f'<tr><td><code>{_e(folder)}</code></td><td class="n">{total}</td><td>{_e(split)}</td>'
            f"<td>{_bar(total, largest, worst)}</td></tr>"
        )
    head = '<tr><th>Folder</th><th class="n">Findings</th><th>By severity</th><th>Share</th></tr>'
    return f"<table><thead>{head}</thead><tbody>{''.join(rows)}</tbody></table>"


def _broken(diagnostics: Sequence[Diagnostic]) -> str:
    by_target: dict[str, list[str]] = defaultdict(list)
    for d in diagnostics:
        if d.code in BROKEN:
            by_target[d.group or d.snippet].append(d.path)
    if not by_target:
        return "<p>No broken links.</p>"
    parts = [f"<p>{len(by_target)} missing targets, linked {sum(map(len, by_target.values()))} times.</p>"]
    rows = []
    for target, notes in sorted(by_target.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        using = sorted(set(notes))
        rows.append(
            f'<tr><td><code>{_e(target)}</code></td><td class="n">{len(notes)}</td>'
            f"<td><details><summary>{len(using)} note{'s' if len(using) != 1 else ''}</summary>"
            f"{_paths_list(using, NOTES_PER_TARGET)}</details></td></tr>"
        )
    head = '<tr><th>Missing target</th><th class="n">Links</th><th>Notes using it</th></tr>'
    parts.append(f"<table><thead>{head}</thead><tbody>{''.join(rows)}</tbody></table>")
    return "\n".join(parts)


def _listed_files(diagnostics: Sequence[Diagnostic], code: str, selected: bool) -> str:
    if not selected:
        return f'<p class="muted">Not checked ({code} was not selected).</p>'
    paths = sorted({d.path for d in diagnostics if d.code == code})
    if not paths:
        return "<p>None.</p>"
    return f"<details><summary>{len(paths)} file{'s' if len(paths) != 1 else ''}</summary>{_paths_list(paths)}</details>"


def _by_note(diagnostics: Sequence[Diagnostic], wanted) -> str:
    by_note: dict[str, list[Diagnostic]] = defaultdict(list)
    for d in diagnostics:
        if wanted(d.code):
            by_note[d.path].append(d)
    if not by_note:
        return "<p>None found.</p>"
    rows = []
    for path, found in sorted(by_note.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        items = "".join(
            f"<li><code>{d.range.line}:{d.range.column}</code> {d.code} {_e(d.message)}</li>" for d in found
        )
        rows.append(
            f'<tr><td><code>{_e(path)}</code></td><td class="n">{len(found)}</td>'
            f"<td><details><summary>show</summary><ul>{items}</ul></details></td></tr>"
        )
    head = '<tr><th>Note</th><th class="n">Findings</th><th>Where</th></tr>'
    return f"<table><thead>{head}</thead><tbody>{''.join(rows)}</tbody></table>"


def _rule_pages(reg: Registry) -> str:
    import mistune

    # escape=True: a page's raw HTML is shown as text, never inserted.
    markdown = mistune.create_markdown(escape=True, plugins=["table", "strikethrough"])
    out = []
    for rule in reg.rules:
        page = rule_page(rule.code) or f"# {rule.code} {rule.name}\n\n{rule.summary}\n"
        body = markdown(page)
        # The page's own title becomes a sub-heading under this section.
        body = body.replace("<h2>", "<h4>").replace("</h2>", "</h4>").replace("<h1>", "<h3>").replace("</h1>", "</h3>")
        out.append(f'<article class="rule" id="rule-{rule.code}">\n{body}</article>')
    return "\n".join(out)


def render_html(diagnostics: Sequence[Diagnostic], ctx: HealthContext, selected: Iterable[str] = ()) -> str:
    """The whole report page."""
    selected = set(selected)
    severities = Counter(d.severity for d in diagnostics)
    title = f"Vault health: {ctx.vault_name}"
    totals = "".join(
        f"<li><b>{n}</b>{_e(label)}</li>"
        for n, label in (
            (ctx.notes, "notes"),
            (ctx.files, "files"),
            (severities[Severity.ERROR], "errors"),
            (severities[Severity.WARNING], "warnings"),
            (severities[Severity.INFO], "info"),
        )
    )
    sections = [
        ("by-rule", "Findings by rule", _by_rule(diagnostics, ctx.registry)),
        ("by-folder", "Findings by folder", _by_folder(diagnostics)),
        ("broken", "Broken links by target", _broken(diagnostics)),
        *(
            (f"{code.lower()}", label, _listed_files(diagnostics, code, code in selected))
            for code, label in MAINTENANCE.items()
        ),
        ("encoding", "Encoding damage", _by_note(diagnostics, lambda c: c.startswith(ENCODING_PREFIX))),
        ("thresholds", "Unsourced and conflicting thresholds", _by_note(diagnostics, lambda c: c in THRESHOLDS)),
        ("rules", "Rules", _rule_pages(ctx.registry)),
    ]
    nav = "".join(f'<li><a href="#{anchor}">{_e(name)}</a></li>' for anchor, name, _ in sections)
    body = "".join(_section(anchor, name, content) for anchor, name, content in sections)
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{_e(title)}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n"
        f"<header><h1>{_e(title)}</h1>\n"
        f'<ul class="totals">{totals}</ul>\n<nav><ul>{nav}</ul></nav></header>\n<main>\n{body}</main>\n'
        "</body>\n</html>\n"
    )
