"""Runs a command and prints its peak resident set and wall time as one JSON line.

`python3 maxrss.py CMD ARGS…` → {"status": 0, "maxrss_kb": 12345, "wall_ms": 12.3}

The peak is the child's own `ru_maxrss` from `wait4` (kilobytes on Linux): exactly that
process, whatever ran before it. Its output goes to /dev/null. Used by `benches/headless.rs`.
"""

import json
import os
import subprocess
import sys
import time


def main():
    start = time.perf_counter()
    child = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    print(json.dumps({"status": child.returncode, "maxrss_kb": usage.ru_maxrss, "wall_ms": wall * 1000}))


if __name__ == "__main__":
    main()
