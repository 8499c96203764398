#!/usr/bin/env python
"""Fill a database with a realistic network of FAKE data, fast, for bench/measure.py.

    python bench/generate.py                 # full scale into bench/bench.sqlite3
    python bench/generate.py --scale 0.1     # a tenth, for a quick run
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tremplin_bench python bench/generate.py

Full scale (--scale 1): 20 sites, 50,000 people, 60,000 referrals, 5,000 sessions with 40,000
enrolments, 20,000 devices, 200,000 activity records. Rows go in with bulk_create in batches through
the app's models, respecting every database constraint. The script migrates the database first and
refuses to touch one that holds data it did not write (or that it already filled) unless --force.

Known rows for measure.py (see bench/fixtures.py): the mediator and network admin accounts, the
person "Hélène Lefèvre" (phone 06 12 34 56 78, voucher code MEDA-4T7K) at the busiest site.
"""

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _setup import BENCH_EMAIL_DOMAIN, BENCH_SITE_PREFIX, database_label, setup_django

FULL = {
    "people": 50_000,
    "referrals": 60_000,
    "sessions": 5_000,
    "enrollments": 40_000,
    "devices": 20_000,
    "activities": 200_000,
}


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=float, default=1.0, help="fraction of the full volume (default 1)")
    parser.add_argument("--seed", type=int, default=20261126)
    parser.add_argument("--batch-size", type=int, default=2000)
    parser.add_argument("--force", action="store_true", help="add to a database that holds other data")
    return parser.parse_args()


def refuse_foreign_data(force):
    """Stop if the bench already filled this database; stop on anyone else's data unless --force."""
    from django.db import connection
    from fixtures import ADMIN_EMAIL

    from tremplin.accounts.models import User
    from tremplin.network.models import Site
    from tremplin.people.models import Beneficiary

    if "people_beneficiary" not in connection.introspection.table_names():
        return  # a fresh database: nothing to protect
    if User.objects.filter(email=ADMIN_EMAIL).exists():
        sys.exit("This database was already filled by the bench: drop it (or delete the file) and start again.")
    foreign_sites = Site.objects.exclude(name__startswith=BENCH_SITE_PREFIX).count()
    foreign_users = User.objects.exclude(email__endswith="@" + BENCH_EMAIL_DOMAIN).count()
    foreign_people = Beneficiary.objects.count()
    if (foreign_sites or foreign_users or foreign_people) and not force:
        sys.exit(
            f"Refusing to write: the database holds data the bench did not write ({foreign_sites} sites, "
            f"{foreign_users} users, {foreign_people} people). Use a fresh database, or --force to add to it."
        )


def main():
    args = parse_args()
    connection = setup_django()
    from django.core.management import call_command

    print(f"Database: {database_label(connection)}")
    refuse_foreign_data(args.force)
    call_command("migrate", verbosity=0)

    from builders import Builder

    volumes = {name: max(1, round(count * args.scale)) for name, count in FULL.items()}
    builder = Builder(seed=args.seed, batch_size=args.batch_size, volumes=volumes)
    started = time.perf_counter()
    for step in builder.steps():
        step_started = time.perf_counter()
        label, count = step()
        print(f"  {label:<28} {count:>9,} rows  {time.perf_counter() - step_started:6.1f} s", flush=True)
    # Activities went in with bulk_create (no model signals): build the statistics aggregates from them.
    step_started = time.perf_counter()
    from tremplin.stats.aggregates_sync import rebuild

    rows = rebuild()
    print(f"  {'statistics aggregates':<28} {rows:>9,} rows  {time.perf_counter() - step_started:6.1f} s", flush=True)
    # Referrals, contact attempts, diagnostics, enrolments and sales went in the same way: without this the
    # stored journeys (and their month counts) stayed empty and the funnel showed every step at 0 — and read
    # nothing, which made it look faster than it is (docs/performance.md, "Fourth pass").
    step_started = time.perf_counter()
    from tremplin.stats.journeys_sync import rebuild as rebuild_journeys

    rows = rebuild_journeys()
    print(f"  {'referral journeys':<28} {rows:>9,} rows  {time.perf_counter() - step_started:6.1f} s", flush=True)
    # Planner statistics for the rows just loaded: PostgreSQL's autovacuum would get there later, SQLite
    # never does by itself (migrate's ANALYZE ran on empty tables). PostgreSQL: VACUUM too, as autovacuum
    # would after a load: rows bulk-inserted into a GIN index wait in its pending list, which every search
    # reads in full until a vacuum merges it (the name search: 90–124 ms instead of 15–49 ms at 50,000
    # people, docs/performance.md "Name search per site").
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    print(f"Done in {time.perf_counter() - started:.1f} s (scale {args.scale}).")


if __name__ == "__main__":
    main()
