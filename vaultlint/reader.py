"""Reading a note: bytes to text, remembering how to write it back.

A note is decoded as UTF-8 (a BOM is noted and dropped). When the bytes are
not valid UTF-8 the note is still read, so the rest of the checks can run:
as Windows-1252 when every byte maps, otherwise as UTF-8 with U+FFFD for the
bad bytes. The first bad byte is kept for the not-utf8 rule.

>>> s = decode(b"\\xef\\xbb\\xbfCaf\\xc3\\xa9\\r\\n")
>>> s.text, s.bom, s.newline, s.encoding
('Café\\r\\n', True, '\\r\\n', 'utf-8')
>>> bad = decode(b"ok\\ncaf\\xe9")
>>> bad.text, bad.encoding, bad.bad_byte
('ok\\ncafé', 'cp1252', BadByte(offset=6, value=233))
"""

from __future__ import annotations

import hashlib
import os
import stat
from dataclasses import dataclass
from pathlib import Path

BOM = b"\xef\xbb\xbf"
# A note saved as UTF-16 (Windows Notepad's "Unicode") starts with one of
# these; without it UTF-16 cannot be told from binary content.
UTF16_BOMS = {"utf-16-le": b"\xff\xfe", "utf-16-be": b"\xfe\xff"}


class ReadError(Exception):
    """A note that cannot be read at all; the message says why, in a line."""


@dataclass(frozen=True)
class BadByte:
    offset: int  # character offset in the decoded text where the bad byte sits
    value: int


@dataclass(frozen=True)
class Source:
    """A note's text and what is needed to write it back unchanged."""

    path: str  # vault-relative, '/'-separated, NFC
    text: str
    encoding: str  # 'utf-8', the fallback used to decode, or 'utf-16-le'/'utf-16-be'
    bom: bool  # a byte order mark: UTF-8's, or UTF-16's for a UTF-16 note
    newline: str  # the note's dominant line break: '\n', '\r\n' or '\r'
    bad_byte: BadByte | None = None
    digest: str = ""  # of the raw bytes
    mtime_ns: int = 0
    size: int = 0


def detect_newline(text: str) -> str:
    crlf = text.count("\r\n")
    lf = text.count("\n") - crlf
    if crlf > lf:
        return "\r\n"
    if lf == 0 and "\r" in text:
        return "\r"
    return "\n"


def decode(data: bytes, path: str = "") -> Source:
    bom = data.startswith(BOM)
    body = data[len(BOM) :] if bom else data
    bad: BadByte | None = None
    encoding = "utf-8"
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        prefix = body[: exc.start].decode("utf-8", errors="replace")
        bad = BadByte(len(prefix), body[exc.start])
        try:
            text = body.decode("cp1252")
            encoding = "cp1252"
        except UnicodeDecodeError:
            text = body.decode("utf-8", errors="replace")
    return Source(
        path=path,
        text=text,
        encoding=encoding,
        bom=bom,
        newline=detect_newline(text),
        bad_byte=bad,
        digest=hashlib.blake2b(data, digest_size=16).hexdigest(),
        size=len(data),
    )


def decode_utf16(data: bytes, path: str = "") -> Source | None:
    """A note saved as UTF-16 with its byte order mark; None when ``data``
    does not start with one (or starts with UTF-32's).

    >>> s = decode_utf16("\\ufeffCafé\\r\\n".encode("utf-16-le"))
    >>> s.text, s.encoding, s.bom, s.newline
    ('Café\\r\\n', 'utf-16-le', True, '\\r\\n')
    """
    encoding = next((name for name, mark in UTF16_BOMS.items() if data.startswith(mark)), None)
    if encoding is None or data.startswith(b"\xff\xfe\x00\x00"):
        return None
    try:
        text = data[2:].decode(encoding)
    except UnicodeDecodeError:
        raise ReadError("starts as UTF-16 but is not valid UTF-16 (damaged or binary)") from None
    digest = hashlib.blake2b(data, digest_size=16).hexdigest()
    return Source(path, text, encoding, True, detect_newline(text), digest=digest, size=len(data))


def looks_binary(data: bytes) -> bool:
    """NUL bytes never occur in text notes but are common in binary files."""
    return b"\x00" in data[:8192]


def read_note(abspath: Path, relpath: str, max_bytes: int) -> Source:
    """Read and decode one note; raise ReadError with a one-line reason."""
    try:
        st = os.stat(abspath)
        if not stat.S_ISREG(st.st_mode):
            raise ReadError("not a regular file")
        if st.st_size > max_bytes:
            raise ReadError(
                f"file is {st.st_size / 1e6:.1f} MB, over the {max_bytes / 1e6:.0f} MB limit (max-file-size)"
            )
        with open(abspath, "rb") as fh:
            data = fh.read(max_bytes + 1)
    except FileNotFoundError:
        raise ReadError("file disappeared while the vault was being checked") from None
    except PermissionError:
        raise ReadError("permission denied") from None
    except OSError as exc:
        raise ReadError(exc.strerror or str(exc)) from None
    if len(data) > max_bytes:
        raise ReadError(f"file grew past the {max_bytes / 1e6:.0f} MB limit while being read")
    source = decode_utf16(data, relpath)
    if source is None:
        if looks_binary(data):
            raise ReadError("binary content (NUL bytes): this is not a text note")
        source = decode(data, relpath)
    return Source(**{**source.__dict__, "mtime_ns": st.st_mtime_ns})


def encode(text: str, source: Source, encoding: str | None = None) -> bytes:
    """Bytes for ``text`` written back the way ``source`` was stored, or
    in ``encoding``. A UTF-16 note's byte order mark is kept only while it
    stays UTF-16: converted, it needs none."""
    encoding = encoding or source.encoding
    data = text.encode(encoding)
    if not source.bom:
        return data
    if source.encoding in UTF16_BOMS:
        return UTF16_BOMS[encoding] + data if encoding == source.encoding else data
    return BOM + data
