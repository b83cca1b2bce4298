"""Run a command and record its wall time, CPU time and peak memory.

``run.py`` measures each command through this small process rather than
directly: on Linux a child's ``ru_maxrss`` starts from the memory of the
process that spawned it, so measuring from the runner (which may have just
generated a vault) would inflate it. Spawned from here, the floor is this
script's own few megabytes.

Usage::

    python benchmarks/spawn.py RESULT.json COMMAND [ARGS...]

The command inherits the working folder and output streams; its exit code
is passed on. RESULT.json gets ``wall``, ``cpu`` (user + system of the
command and every process it waited for) and ``maxrss`` (bytes, the largest
single process among them).
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import time


def main(argv: list[str]) -> int:
    result_file, command = argv[0], argv[1:]
    start = time.perf_counter()
    code = subprocess.call(command)
    wall = time.perf_counter() - start
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    scale = 1 if sys.platform == "darwin" else 1024  # kilobytes on Linux
    with open(result_file, "w", encoding="utf-8") as fh:
        json.dump({"wall": wall, "cpu": usage.ru_utime + usage.ru_stime,
                   "maxrss": usage.ru_maxrss * scale, "exit": code}, fh)
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
