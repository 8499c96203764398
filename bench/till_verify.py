#!/usr/bin/env python
"""Run the cash journal's verifier over the bench journal: tickets per second and peak memory.

    python bench/till_verify.py                      # bench/till.sqlite3 (filled by till_cash_in.py)
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tremplin_till_journal python bench/till_verify.py
    python bench/till_verify.py --tracemalloc        # also the peak of Python allocations (slower)

Memory: the process's peak resident size before and after the run (resource.getrusage), and with
--tracemalloc the peak of Python allocations during the run. Constant memory shows as the same figures
for 100,000 and 1,000,000 tickets.
"""

import argparse
import resource
import time
import tracemalloc

from till_common import setup, spaced


def peak_rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tracemalloc", action="store_true", help="measure Python allocations (slower)")
    args = parser.parse_args()
    label = setup()
    from tremplin.till.services.verify import verify_journal

    print(f"Base : {label}")
    before = peak_rss_mb()
    if args.tracemalloc:
        tracemalloc.start()
    started = time.perf_counter()
    report = verify_journal(actor=None)
    elapsed = time.perf_counter() - started
    traced = tracemalloc.get_traced_memory()[1] / 1024 / 1024 if args.tracemalloc else None
    print("\n".join(report.lines()[:5]))
    print(
        f"{spaced(report.tickets)} tickets, {spaced(report.closures)} clôtures, {spaced(report.events)} événements "
        f"en {elapsed:.1f} s : {spaced(round(report.tickets / elapsed))} tickets/s"
    )
    print(f"Mémoire résidente maximale : {before:.0f} Mo avant, {peak_rss_mb():.0f} Mo après la vérification")
    if traced is not None:
        print(f"Pic des allocations Python pendant la vérification (tracemalloc) : {traced:.1f} Mo")


if __name__ == "__main__":
    main()
