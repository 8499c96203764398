"""CPU seconds used so far by the local cluster's web instances (gunicorn masters, their workers, and the
workers they already replaced: max_requests recycles them), for the CPU cost of a request in bench/load/run.

    python bench/load/cpu.py var/cluster     # prints one number (seconds)
"""

import os
import sys
from pathlib import Path

TICK = os.sysconf("SC_CLK_TCK")


def _fields(pid):
    return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()


def instance_cpu(master):
    """The master's own time, its children's still running, and its reaped children's (cutime, cstime)."""
    fields = _fields(master)  # fields[0] is the state: utime is [11], stime [12], cutime [13], cstime [14]
    total = sum(int(fields[i]) for i in (11, 12, 13, 14))
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                child = _fields(entry.name)
            except OSError:
                continue
            if child[1] == str(master):  # ppid
                total += int(child[11]) + int(child[12])
    return total / TICK


if __name__ == "__main__":
    state = Path(sys.argv[1])
    print(f"{sum(instance_cpu(int((state / f'web-{n}.pid').read_text())) for n in ('a', 'b')):.2f}")
