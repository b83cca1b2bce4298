"""``--format junit``: JUnit XML, for CI systems that show test reports.

Each note with findings is a ``<testsuite>`` named by its path; each finding
is a failed ``<testcase>`` whose ``<failure>`` carries the rule code as
``type`` and the position and message as text. A clean run is a single
passing test case, so the report is never empty.
"""

from __future__ import annotations

import itertools
import re
import xml.etree.ElementTree as ET
from typing import TYPE_CHECKING, Sequence

from ..model import Diagnostic
from .paths import display_path

if TYPE_CHECKING:
    from . import ReportContext


# Characters XML 1.0 cannot carry even escaped: most C0 controls, lone
# surrogates (undecodable file names) and U+FFFE/U+FFFF.
NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(text: str) -> str:
    """Spell out characters XML cannot hold, so the report stays well formed.

    >>> xml_text("bell\x07 here")
    'bell<U+0007> here'
    """
    return NOT_XML.sub(lambda m: f"<U+{ord(m.group()):04X}>", text)


def render(diagnostics: Sequence[Diagnostic], ctx: "ReportContext") -> str:
    root = ET.Element("testsuites", name="vaultlint", tests=str(max(len(diagnostics), 1)),
                      failures=str(len(diagnostics)), errors="0")
    by_path = itertools.groupby(sorted(diagnostics, key=lambda d: d.sort_key), key=lambda d: d.path)
    for path, group in by_path:
        found = list(group)
        shown = xml_text(display_path(ctx.root, path))
        suite = ET.SubElement(root, "testsuite", name=shown, tests=str(len(found)),
                              failures=str(len(found)), errors="0", skipped="0")
        for diag in found:
            r = diag.range
            message = xml_text(diag.message)
            case = ET.SubElement(suite, "testcase", classname=shown,
                                 name=f"{diag.code} {diag.name} at line {r.line}, column {r.column}",
                                 file=shown, line=str(r.line))
            failure = ET.SubElement(case, "failure", type=diag.code, message=message)
            failure.text = f"{shown}:{r.line}:{r.column}: {diag.code} {message}"
    if not diagnostics:
        suite = ET.SubElement(root, "testsuite", name="vaultlint", tests="1", failures="0",
                              errors="0", skipped="0")
        notes = "note" if ctx.files_checked == 1 else "notes"
        ET.SubElement(suite, "testcase", classname="vaultlint",
                      name=f"{ctx.files_checked} {notes} checked, no problems found")
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
