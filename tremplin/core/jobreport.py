"""What a scheduled job tells the jobs page: a few named counts, never personal data.

A management command run as a scheduled job (tremplin/ops/jobs.py `run_job`) calls `report(sent=3, failed=0)`;
the counts are stored with the run, and the jobs page turns them into a short French sentence (translated when
shown, in the reader's language). Run by hand, `report()` does nothing: the command's own printed output is
what the person at the terminal reads.

Core holds it because the commands live in every room, and a lower room cannot import the operations room.
"""

from contextlib import contextmanager
from contextvars import ContextVar

_counts = ContextVar("tremplin_job_counts", default=None)


def report(**counts):
    """Add these counts (non-negative integers) to the current job run; ignored outside a scheduled run."""
    current = _counts.get()
    if current is None:
        return
    for name, value in counts.items():
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise TypeError(f"job report: {name} must be a count")  # a count, so never a name or an address
        current[name] = current.get(name, 0) + value


@contextmanager
def collecting():
    """Collect what `report()` receives while the block runs; yields the dict of counts."""
    counts = {}
    token = _counts.set(counts)
    try:
        yield counts
    finally:
        _counts.reset(token)
