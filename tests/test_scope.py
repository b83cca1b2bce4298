"""Which notes are checked: template folders, Obsidian's "Excluded files",
and the configuration's gitignore-style ``exclude`` and ``include``."""

from __future__ import annotations

import json

import pytest

from conftest import findings, run

# Real template content, as the core Templates plugin and Templater use it.
CORE_TEMPLATE = "---\ndate: {{date}}\ntags: [{{tags}]\n---\n# {{title}}\nSee [[{{title}} MOC]].\n"
TEMPLATER = (
    "---\ncreated: <% tp.date.now() %>\n---\n"
    "Up: [[<% tp.file.folder() %>]]\n"
    '<%* tR += "[[" + tp.file.title + "]]" %>\n'
)


def template_vault(vault, **settings):
    return vault({
        ".obsidian/templates.json": json.dumps({"folder": "Meta/Templates"}),
        ".obsidian/plugins/templater-obsidian/data.json": json.dumps({"templates_folder": "Templater/"}),
        "Meta/Templates/Daily.md": CORE_TEMPLATE,
        "Templater/Lecture.md": TEMPLATER,
        "Home.md": "Use [[Daily]] and [[Lecture]]; see [[Blood]].\n",
        **settings,
    })  # fmt: skip


def test_template_folders_are_indexed_but_not_checked(vault):
    root = template_vault(vault)
    result = run("check", str(root))
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    # Only Home.md's one broken link; links into the templates resolve.
    assert lines[0].startswith('Home.md:1:36: VL101 [unresolved-link] "Blood"')
    assert lines[1] == "Found 1 problem (1 error) in 1 of 1 note."
    assert lines[2] == "Skipped 2 notes: 2 in the template folders (Meta/Templates, Templater)."


def test_template_folders_are_checked_when_the_configuration_says_so(vault):
    root = template_vault(vault, **{"vaultlint.toml": "check-templates = true\n"})
    paths = {(f["path"], f["code"]) for f in findings(str(root))}
    assert ("Meta/Templates/Daily.md", "VL001") in paths  # tags: [{{tags}] is not valid YAML
    assert ("Templater/Lecture.md", "VL101") in paths


def test_staged_template_is_skipped_too(vault):
    root = template_vault(vault)
    result = run("check", str(root / "Meta" / "Templates" / "Daily.md"))
    assert result.exit_code == 0
    assert result.stdout == "All checks passed (0 notes checked).\nSkipped 1 note: 1 in the template folders (Meta/Templates, Templater).\n"


def test_obsidian_excluded_files_are_skipped_and_counted(vault):
    root = vault({
        ".obsidian/app.json": json.dumps({"userIgnoreFilters": ["Archive/", " /draft/ ", "/[unclosed/"]}),
        "Archive/Old.md": "[[Gone]]\n",
        "archive/lower.md": "[[Gone]]\n",  # a prefix matches in any case
        "Notes/My DRAFT plan.md": "[[Gone]]\n",  # a /regex/ is searched, in any case
        "Archived.md": "[[Gone]]\n",  # not under "Archive/"
        "Home.md": "[[Old]]\n",  # links into excluded files resolve
    })  # fmt: skip
    result = run("check", str(root))
    assert [line.split(":")[0] for line in result.stdout.splitlines()[:-2]] == ["Archived.md"]
    assert result.stdout.splitlines()[-1] == "Skipped 3 notes: 3 in Obsidian's \"Excluded files\"."
    (root / "vaultlint.toml").write_text("check-excluded-files = true\n")
    assert len(findings(str(root))) == 4


def test_quiet_prints_no_skipped_line(vault):
    root = template_vault(vault)
    result = run("check", "-q", str(root))
    assert len(result.stdout.splitlines()) == 1


def test_init_names_the_vaults_template_folders_and_excluded_files(vault):
    root = template_vault(vault, **{".obsidian/app.json": json.dumps({"userIgnoreFilters": ["Archive/"]})})
    assert run("init", str(root)).exit_code == 0
    text = (root / "vaultlint.toml").read_text()
    assert '# In this vault: "Meta/Templates/", "Templater/".\n# check-templates = false\n' in text
    assert '# In this vault: "Archive/".\n# check-excluded-files = false\n' in text
    assert "indexed (links into them resolve) but not checked" in text


# --- exclude and include: gitignore patterns, one test per form ------------

NOTES = ["Templates/a.md", "Course/Templates/b.md", "Drafts/c.md", "Drafts/old/d.md", "e.tmp.md", "Sub/f.tmp.md", "g.md"]


def checked(vault, config: str) -> list[str]:
    root = vault({**{p: "[[Nowhere]]\n" for p in NOTES}, "vaultlint.toml": config})
    return sorted(f["path"] for f in findings(str(root)))


@pytest.mark.parametrize(
    ("config", "skipped"),
    [
        ('exclude = ["Templates/"]', {"Templates/a.md", "Course/Templates/b.md"}),  # folder, any depth
        ('exclude = ["**/Templates/"]', {"Templates/a.md", "Course/Templates/b.md"}),  # explicit any depth
        ('exclude = ["/Templates/"]', {"Templates/a.md"}),  # anchored at the vault root
        ('exclude = ["Drafts/*.md"]', {"Drafts/c.md"}),  # * does not cross folders
        ('exclude = ["Drafts/**"]', {"Drafts/c.md", "Drafts/old/d.md"}),  # ** does
        ('exclude = ["*.tmp.md"]', {"e.tmp.md", "Sub/f.tmp.md"}),  # a name, at any depth
        ('exclude = ["Drafts/", "!Drafts/old/"]', {"Drafts/c.md"}),  # ! brings back, gitignore-style (a file under a re-included folder)
        ('exclude = ["Dr?fts/c.md"]', {"Drafts/c.md"}),  # ? is one character
        ('exclude = ["[DE]*/c.md"]', {"Drafts/c.md"}),  # character class
    ],
)
def test_exclude_pattern_forms(vault, config, skipped):
    assert checked(vault, config + "\n") == sorted(set(NOTES) - skipped)


def test_include_limits_checking_and_exclude_wins(vault):
    config = 'include = ["Drafts/"]\nexclude = ["Drafts/old/"]\n'
    assert checked(vault, config) == ["Drafts/c.md"]


def test_invalid_pattern_is_a_configuration_error(vault):
    root = vault({"a.md": "x\n", "vaultlint.toml": 'include = ["Notes/", "!"]\n'})
    result = run("check", str(root))
    assert result.exit_code == 2
    assert result.stderr.startswith("vaultlint: error: ")
    assert "include: '!' is not a valid gitignore pattern" in result.stderr
