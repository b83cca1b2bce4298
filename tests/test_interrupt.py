"""A run that is killed leaves no process and no temporary file behind."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest

from conftest import VAULTLINT, benchmark_script, run

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads processes from /proc")



@pytest.fixture(scope="module")
def fixable(tmp_path_factory) -> Path:
    """A generated vault of 500 notes, each with a mojibake to fix."""
    root = tmp_path_factory.mktemp("interrupt") / "vault"
    assert benchmark_script("every_note_fixable").generate(root, 500, seed=5) == 500
    return root


def _parent_of(pid: int) -> int | None:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = stat[stat.rindex(")") + 2 :].split()
    return None if fields[0] == "Z" else int(fields[1])  # a zombie has ended


def _children(pid: int) -> list[int]:
    return [int(p.name) for p in Path("/proc").iterdir() if p.name.isdigit() and _parent_of(int(p.name)) == pid]


def _alive(pids: list[int]) -> list[int]:
    return [pid for pid in pids if _parent_of(pid) is not None]


# Upper bounds only, generous for a loaded machine: each wait polls and
# returns as soon as its condition holds.
WAIT = 60


def _start(args: list[str], cwd: Path, workers: int = 2) -> tuple[subprocess.Popen, list[int]]:
    """Start the installed command, in a process group of its own, and wait
    until that many of its workers exist."""
    proc = subprocess.Popen(
        [VAULTLINT, *args], cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True
    )
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        found = _children(proc.pid)
        if len(found) >= workers:
            return proc, found
        assert proc.poll() is None, proc.stderr.read().decode()
        time.sleep(0.005)
    proc.kill()
    raise AssertionError("the workers never started")


def _ended(proc: subprocess.Popen) -> bytes:
    """Wait for the process to end; what it wrote to stderr."""
    try:
        return proc.communicate(timeout=WAIT)[1]
    except subprocess.TimeoutExpired:
        proc.kill()
        raise


def _gone_soon(pids: list[int], seconds: float = WAIT) -> list[int]:
    deadline = time.monotonic() + seconds
    while _alive(pids) and time.monotonic() < deadline:
        time.sleep(0.05)
    return _alive(pids)


def _temporary_files(root: Path) -> list[Path]:
    return [p for p in root.rglob(".vaultlint-*.tmp")]


@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGTERM, signal.SIGINT, signal.SIGHUP], ids=lambda s: s.name)
def test_workers_end_with_the_main_process_however_it_is_stopped(fixable, how):
    proc, workers = _start(["check", "--no-cache", "--jobs", "2", "."], fixable)
    proc.send_signal(how)
    stderr = _ended(proc)
    assert proc.returncode == (-9 if how == signal.SIGKILL else 1 if how == signal.SIGINT else 128 + how)
    assert _gone_soon(workers) == []
    if how != signal.SIGKILL:
        assert b"Traceback" not in stderr


@pytest.mark.parametrize("how", [signal.SIGTERM, signal.SIGINT, signal.SIGHUP], ids=lambda s: s.name)
def test_a_signal_while_workers_start_prints_no_traceback(fixable, how):
    """Sent to the whole process group (as Ctrl-C in a terminal) as soon as
    the first worker is forked, before it has set its own handlers."""
    for _ in range(3):
        proc, workers = _start(["check", "--no-cache", "--jobs", "2", "."], fixable, workers=1)
        os.killpg(proc.pid, how)
        stderr = _ended(proc)
        assert proc.returncode == (1 if how == signal.SIGINT else 128 + how)
        assert _gone_soon(workers) == []
        assert b"Traceback" not in stderr, stderr.decode()


def test_a_fix_stopped_midway_leaves_no_temporary_file_or_process(fixable, tmp_path):
    root = tmp_path / "vault"
    shutil.copytree(fixable, root)
    for delay in (0.5, 1.5, 3.0):
        proc, workers = _start(["check", "--fix", "--no-cache", "--jobs", "2", "."], root)
        time.sleep(delay)
        proc.send_signal(signal.SIGTERM)
        assert b"Traceback" not in _ended(proc)
        assert _gone_soon(workers) == []
        assert _temporary_files(root) == []


def test_temporary_files_of_a_killed_run_are_removed_by_the_next(vault, tmp_path):
    root = vault({"A.md": "[[Missing]]\n", "Sub/B.md": "# B\n"})
    leftovers = [root / ".vaultlint-a1b2c3d4.tmp", root / "Sub" / ".vaultlint-zz_09xyq.tmp"]
    for path in leftovers:
        path.write_text("half a note")
    outside = tmp_path / "outside.txt"
    outside.write_text("keep")
    (root / ".vaultlint-linklink.tmp").symlink_to(outside)  # a link is not ours to remove
    kept = [root / ".vaultlint-notours.tmp.bak", root / "Sub" / ".A.md.tmp"]
    for path in kept:
        path.write_text("someone else's")
    result = run("check", str(root))
    assert result.exit_code == 1
    assert [p.exists() for p in leftovers] == [False, False]
    assert all(p.exists() for p in kept)
    assert (root / ".vaultlint-linklink.tmp").is_symlink() and outside.read_text() == "keep"
