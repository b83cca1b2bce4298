"""How Obsidian reads the text of a link (spec sections 2 and 3).

>>> parse_alias_link("Note\\\\|alias")
('Note', 'alias')
>>> parse_alias_link("A|B|C"), parse_alias_link("|x")
(('A', 'B|C'), ('|x', None))
>>> split_subpath("Note#A#B")
('Note', '#A#B')
>>> decode_uri("My%20File.md"), decode_uri("Q%26A.md"), decode_uri("100%.md")
('My File.md', 'Q%26A.md', None)
>>> is_internal_url("../A/Note.md"), is_internal_url("https://x.org"), is_internal_url("www.example.com")
(True, False, True)
"""

from __future__ import annotations

import html
import re
import unicodedata

_RESERVED = frozenset(";/?:@&=+$,#")
_PERCENT = re.compile(r"(?:%[0-9A-Fa-f]{2})+")
_LONE_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")
_ESCAPABLE = re.compile(r"\\([!\"#$%&'()*+,\-./:;<=>?@\[\\\]^_`{|}~])")
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


def clean_string(text: str) -> str:
    """Obsidian's cleanString: NBSP to space, trim, NFC."""
    if text.isascii():  # no NBSP, and ASCII is already NFC
        return text.strip()
    return unicodedata.normalize("NFC", text.replace("\u00a0", " ").strip())


def parse_alias_link(content: str) -> tuple[str, str | None]:
    """Split wikilink content into (target, display) at the first '|' past
    index 0; a single trailing backslash on the target is dropped (R1.4)."""
    bar = content.find("|")
    if bar > 0:
        target, display = content[:bar], content[bar + 1 :]
    else:
        target, display = content, None
    target = target.strip()
    if target.endswith("\\"):
        target = target[:-1]
    return clean_string(target), display


def split_subpath(target: str) -> tuple[str, str]:
    """Path before the first '#', and the subpath from it on."""
    hash_at = target.find("#")
    if hash_at < 0:
        return target, ""
    return target[:hash_at], target[hash_at:]


def decode_uri(url: str) -> str | None:
    """JavaScript's decodeURI: %XX sequences decoded as UTF-8, except the
    reserved characters; None where decodeURI would throw."""
    # "%20" is most of what notes encode. Decoding it first changes nothing
    # else: a space is not reserved, and an ASCII byte can neither complete
    # nor break a multi-byte UTF-8 sequence around it.
    url = url.replace("%20", " ")
    if "%" not in url:
        return url

    def repl(match: re.Match[str]) -> str:
        raw = bytes.fromhex(match.group().replace("%", ""))
        try:
            decoded = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise ValueError from None
        if _RESERVED.isdisjoint(decoded):
            return decoded
        # Reserved characters stay percent-encoded, byte for byte.
        out = []
        i = 0
        for ch in decoded:
            size = len(ch.encode("utf-8"))
            out.append(match.group()[i * 3 : (i + size) * 3] if ch in _RESERVED else ch)
            i += size
        return "".join(out)

    if _LONE_PERCENT.search(url):
        return None  # decodeURI throws on a '%' not followed by two hex digits
    try:
        return _PERCENT.sub(repl, url)
    except ValueError:
        return None


def unescape_destination(dest: str) -> str:
    """Backslash escapes and HTML entities, as a CommonMark parser resolves
    them in a link destination."""
    if "\\" in dest:
        dest = _ESCAPABLE.sub(r"\1", dest)
    if "&" in dest:
        dest = _ENTITY.sub(lambda m: html.unescape(m.group()), dest)
    return dest


def is_internal_url(url: str) -> bool:
    """R2.1: internal when it starts with ./ or ../, or has no ':' at all."""
    return url.startswith(("./", "../")) or ":" not in url
