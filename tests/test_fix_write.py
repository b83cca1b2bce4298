"""Writing a fixed note: only inside the vault, only if unchanged on disk,
atomically, with its encoding, BOM, line endings and permissions kept."""

from __future__ import annotations

import os
import stat
from dataclasses import replace
from pathlib import Path

import pytest

from vaultlint.fix import NotWritten, prepare_write, resolve_in_vault, write_atomic
from vaultlint.reader import read_note


def note(root: Path, rel: str, data: bytes):
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return read_note(path, rel, 1_000_000)


def edited(source, old: str, new: str):
    assert old in source.text
    return replace(source, text=source.text.replace(old, new, 1))


def write(root: Path, source, fixed) -> bytes:
    path, _, after = prepare_write(root, source, fixed)
    write_atomic(path, after, source.digest)
    return path.read_bytes()


def test_crlf_bom_and_missing_final_newline_survive(tmp_path):
    src = note(tmp_path, "Cardio/HF.md", b"\xef\xbb\xbf# HF\r\nSee [[Old]]\r\nlast line")
    assert write(tmp_path, src, edited(src, "Old", "New")) == b"\xef\xbb\xbf# HF\r\nSee [[New]]\r\nlast line"


def test_cp1252_note_stays_cp1252(tmp_path):
    src = note(tmp_path, "n.md", "Caf\u00e9 [[Old]]\n".encode("cp1252"))
    assert src.encoding == "cp1252"
    assert write(tmp_path, src, edited(src, "Old", "New")) == b"Caf\xe9 [[New]]\n"


def test_encoding_change_only_when_the_fix_asks(tmp_path):
    src = note(tmp_path, "n.md", "Caf\u00e9\n".encode("cp1252"))
    fixed = replace(src, encoding="utf-8", bad_byte=None)
    assert write(tmp_path, src, fixed) == "Caf\u00e9\n".encode()


def test_permission_bits_are_kept(tmp_path):
    src = note(tmp_path, "n.md", b"[[Old]]\n")
    os.chmod(tmp_path / "n.md", 0o640)
    write(tmp_path, src, edited(src, "Old", "New"))
    assert stat.S_IMODE((tmp_path / "n.md").stat().st_mode) == 0o640


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="only root can give a file away")
def test_owner_is_kept(tmp_path):
    src = note(tmp_path, "n.md", b"[[Old]]\n")
    os.chown(tmp_path / "n.md", 1234, 5678)
    write(tmp_path, src, edited(src, "Old", "New"))
    st = (tmp_path / "n.md").stat()
    assert (st.st_uid, st.st_gid) == (1234, 5678)


def test_no_temporary_file_is_left_behind(tmp_path):
    src = note(tmp_path, "n.md", b"[[Old]]\n")
    write(tmp_path, src, edited(src, "Old", "New"))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["n.md"]


def test_read_only_note_is_not_written_nor_made_writable(tmp_path):
    src = note(tmp_path, "n.md", b"[[Old]]\n")
    os.chmod(tmp_path / "n.md", 0o444)
    with pytest.raises(NotWritten, match="read-only"):
        prepare_write(tmp_path, src, edited(src, "Old", "New"))
    assert (tmp_path / "n.md").read_bytes() == b"[[Old]]\n"
    assert stat.S_IMODE((tmp_path / "n.md").stat().st_mode) == 0o444


def test_note_changed_after_reading_is_not_written(tmp_path):
    src = note(tmp_path, "n.md", b"[[Old]]\n")
    (tmp_path / "n.md").write_bytes(b"[[Old]]\nnew line typed meanwhile\n")
    with pytest.raises(NotWritten, match="changed on disk"):
        prepare_write(tmp_path, src, edited(src, "Old", "New"))
    assert (tmp_path / "n.md").read_bytes() == b"[[Old]]\nnew line typed meanwhile\n"


def test_note_changed_between_check_and_rename_is_not_replaced(tmp_path):
    src = note(tmp_path, "n.md", b"[[Old]]\n")
    path, _, after = prepare_write(tmp_path, src, edited(src, "Old", "New"))
    path.write_bytes(b"typed meanwhile\n")
    with pytest.raises(NotWritten, match="changed on disk"):
        write_atomic(path, after, src.digest)
    assert path.read_bytes() == b"typed meanwhile\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["n.md"]


def test_symlink_out_of_the_vault_is_refused(tmp_path):
    root, outside = tmp_path / "vault", tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "target.md").write_bytes(b"[[Old]]\n")
    root.mkdir()
    (root / "link.md").symlink_to(outside / "target.md")
    src = read_note(root / "link.md", "link.md", 1_000_000)
    with pytest.raises(NotWritten, match="symlink that leads out of the vault"):
        prepare_write(root, src, edited(src, "Old", "New"))
    assert (outside / "target.md").read_bytes() == b"[[Old]]\n"


def test_folder_symlink_out_of_the_vault_is_refused(tmp_path):
    root, outside = tmp_path / "vault", tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "n.md").write_bytes(b"x\n")
    root.mkdir()
    (root / "Shared").symlink_to(outside, target_is_directory=True)
    with pytest.raises(NotWritten, match="symlink that leads out of the vault"):
        resolve_in_vault(root, "Shared/n.md")


def test_symlink_inside_the_vault_writes_its_target_and_stays_a_link(tmp_path):
    note(tmp_path, "real.md", b"[[Old]]\n")
    (tmp_path / "alias.md").symlink_to("real.md")
    linked = read_note(tmp_path / "alias.md", "alias.md", 1_000_000)
    write(tmp_path, linked, edited(linked, "Old", "New"))
    assert (tmp_path / "alias.md").is_symlink()
    assert (tmp_path / "real.md").read_bytes() == b"[[New]]\n"


@pytest.mark.parametrize("rel", ["../n.md", "/etc/n.md", "a/../../n.md"])
def test_paths_outside_the_vault_are_refused(tmp_path, rel):
    with pytest.raises(NotWritten, match="path outside the vault"):
        resolve_in_vault(tmp_path / "vault", rel)


def test_unreadable_bytes_make_the_note_unwritable(tmp_path):
    # 0x81 is neither UTF-8 nor Windows-1252: the text holds U+FFFD in its
    # place, and writing it back would destroy the original byte.
    src = note(tmp_path, "n.md", b"[[Old]] \x81\n")
    assert "\ufffd" in src.text
    with pytest.raises(NotWritten, match="not valid utf-8"):
        prepare_write(tmp_path, src, edited(src, "Old", "New"))
    assert (tmp_path / "n.md").read_bytes() == b"[[Old]] \x81\n"


def test_fix_that_cannot_be_encoded_is_refused(tmp_path):
    src = note(tmp_path, "n.md", "Caf\u00e9 [[Old]]\n".encode("cp1252"))
    with pytest.raises(NotWritten, match="cannot be written in cp1252"):
        prepare_write(tmp_path, src, edited(src, "Old", "Na\u2192K"))


def test_name_stored_decomposed_is_found_and_kept(tmp_path):
    # macOS may store "Café" as "Cafe" + U+0301; vault paths are NFC.
    decomposed = "Cafe\u0301/Re\u0301nal.md"
    src = note(tmp_path, decomposed, b"[[Old]]\n")
    src = replace(src, path="Caf\u00e9/R\u00e9nal.md")
    assert write(tmp_path, src, edited(src, "Old", "New")) == b"[[New]]\n"
    assert [p.name for p in (tmp_path / "Cafe\u0301").iterdir()] == ["Re\u0301nal.md"]
