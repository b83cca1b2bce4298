"""Worker processes that never outlive the run.

A check of a large vault parses notes in a pool of worker processes. The
pool's own machinery stops them when the main process ends normally or by
an exception, but not when it is killed (a CI job's timeout sends SIGKILL or
SIGTERM, some terminals close with SIGHUP): forked workers hold the other
ends of their pipes themselves, so they would wait for work forever.
Each worker therefore watches its parent and exits as soon as it is gone:

* on Linux the kernel is asked to kill it with its parent (``prctl`` with
  ``PR_SET_PDEATHSIG``);
* everywhere, a thread checks every :data:`POLL` seconds that its parent is
  still the process that started it (on POSIX its parent process id changes
  when the parent dies; on Windows it waits on the parent's process handle).

Ctrl-C, SIGTERM and SIGHUP are left to the main process, which cancels the
work not yet started instead of waiting for all of it; each worker ends
after its current batch. A worker is forked with these signals blocked and
unblocks them once it ignores them, so a signal that lands while it starts
can neither run the main process's handlers in it nor print a traceback.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager

POLL = 0.2  # seconds between checks that the parent is alive
_STOP_SIGNALS = frozenset(getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name))
_PR_SET_PDEATHSIG = 1


def can_fork() -> bool:
    """Whether workers can be forked, sharing this process's memory."""
    return "fork" in multiprocessing.get_all_start_methods()


def _pool_context() -> multiprocessing.context.BaseContext:
    """Fork where there is fork: workers start at once, with what is imported."""
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else None)


def _start(parent: int, initializer: Callable[..., None], initargs: tuple) -> None:
    """Runs first in each worker: watch the parent, leave signals to it."""
    try:
        # A terminal's Ctrl-C or hang-up, or a CI job's stop, reaches the
        # whole process group: the main process handles it and stops the
        # pool. A worker killed by it instead would break the pool, whose
        # thread then fails on the cancelled work (Python 3.11) with a
        # traceback. Workers end with the main process in any case.
        for signum in _STOP_SIGNALS:
            signal.signal(signum, signal.SIG_IGN)
        if hasattr(signal, "pthread_sigmask"):
            signal.pthread_sigmask(signal.SIG_UNBLOCK, _STOP_SIGNALS)
        _die_with_parent(parent)
        initializer(*initargs)
    except (KeyboardInterrupt, SystemExit):
        # Interrupted before its handlers were set (a started, not forked,
        # worker): the pool would log the exception with a traceback.
        os._exit(1)


def _die_with_parent(parent: int) -> None:
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):
            pass  # the thread below still watches
    if os.name == "posix":
        if os.getppid() != parent:  # died before the watch began
            os._exit(1)

        def watch() -> None:
            while os.getppid() == parent:
                threading.Event().wait(POLL)
            os._exit(1)

    else:
        handle = multiprocessing.parent_process()
        if handle is None:
            return

        def watch() -> None:
            handle.join()  # returns when the parent process has ended
            os._exit(1)

    threading.Thread(target=watch, name="vaultlint-parent-watch", daemon=True).start()


@contextmanager
def worker_pool(jobs: int, initializer: Callable[..., None], initargs: tuple) -> Iterator[ProcessPoolExecutor]:
    """A process pool whose workers die with this process; leaving the
    block by an exception (Ctrl-C included) cancels the work not started."""
    pool = ProcessPoolExecutor(
        jobs, mp_context=_pool_context(), initializer=_start, initargs=(os.getpid(), initializer, initargs)
    )
    try:
        with _signals_blocked():
            pool.submit(os.getpid)  # forks the workers now, while they inherit the blocked signals
        yield pool
    except BaseException:
        _stop(pool)
        raise
    else:
        pool.shutdown(wait=True)


@contextmanager
def _signals_blocked() -> Iterator[None]:
    """Hold SIGINT, SIGTERM and SIGHUP in this thread: one sent meanwhile is
    delivered when the block ends."""
    if not hasattr(signal, "pthread_sigmask"):  # Windows: workers are started, not forked
        yield
        return
    old = signal.pthread_sigmask(signal.SIG_BLOCK, _STOP_SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


def _stop(pool: ProcessPoolExecutor) -> None:
    """Cancel the work not started, rather than waiting for all of it.

    Each worker finishes the batch it holds (a fraction of a second) and
    exits. Terminating them instead can cut a result half-way into the pipe
    it is written to, and the pool's reading thread then waits for the rest
    for ever, so the process never exits."""
    pool.shutdown(wait=False, cancel_futures=True)
