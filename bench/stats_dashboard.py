#!/usr/bin/env python
"""Time the statistics dashboard against the raw SQL aggregate of the same figures, on a bench database.

    python bench/generate.py                               # once: 200,000 activities, 50,000 people
    python bench/stats_dashboard.py                        # bench/bench.sqlite3
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tremplin_bench python bench/stats_dashboard.py
    python bench/stats_dashboard.py --top-up 1000000       # first add activities up to 1,000,000 rows

For one year of the whole network and its previous year, in the same run on the same database. The year is
the last 12 whole calendar months (ending with the last finished month, or this month on its last day: what
the page's presets give, every month read from the stored data); `--period days` measures the 365 days ending
today instead (whole months only on the last day of a month: its edge days are read from the records):
- "raw SQL": hand-written SQL computing the activity and people figures (counts, sums, the Coop breakdowns,
  distinct people, new vs already followed, age and communes), both periods — the floor any code can reach;
- "activities + people": stats.figures.dashboard() limited to the same two blocks (same figures) — the
  ratio to raw SQL is the target (≤ 2×);
- "whole dashboard": every block (funnel, partners, workshops, till, inventory, skills as well);
- the number of queries of the whole dashboard for a month, a year and two years (must be equal).
--top-up N copies existing activity rows (new uuid, same site, person, participants count, date shifted
inside the last two years) until the table holds N rows; collective participants are not copied.
"""

import argparse
import os
import statistics
import sys
import time
import uuid
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _setup import database_label, setup_django


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=7, help="timed runs of each measure (default 7)")
    parser.add_argument("--top-up", type=int, default=0, help="add activities until the table holds this many")
    parser.add_argument(
        "--period",
        choices=("months", "days"),
        default="months",
        help="the year measured: the last 12 whole months (default) or the 365 days ending today",
    )
    return parser.parse_args()


def top_up(target):
    import random

    from tremplin.activities.models import Activity

    rng = random.Random(20261130)
    count = Activity.objects.count()
    fields = [
        "site_id",
        "recorded_by_id",
        "kind",
        "duration",
        "thematiques",
        "equipment",
        "autonomy",
        "level",
        "title",
        "place",
        "beneficiary_id",
        "participant_count",
    ]
    today = date.today()
    while count < target:
        batch = []
        for row in Activity.objects.order_by("pk").values(*fields)[: min(20_000, target - count)]:
            batch.append(Activity(uuid=uuid.uuid4(), date=today - timedelta(days=rng.randrange(730)), **row))
        Activity.objects.bulk_create(batch, batch_size=5000)
        count += len(batch)
        print(f"  activities: {count:,}", flush=True)
    # bulk_create sends no model signal: rebuild the statistics aggregates of the activity block.
    from tremplin.stats.aggregates_sync import rebuild

    started = time.perf_counter()
    rows = rebuild()
    print(f"  statistics aggregates rebuilt: {rows:,} rows in {time.perf_counter() - started:.1f} s", flush=True)


RAW = {
    "totals": """
        SELECT COUNT(*), SUM(participant_count), SUM(duration),
               SUM(CASE WHEN kind = 'individuel' THEN 1 ELSE 0 END),
               SUM(CASE WHEN kind = 'collectif' THEN 1 ELSE 0 END),
               SUM(CASE WHEN kind = 'collectif' THEN participant_count ELSE 0 END),
               SUM(CASE WHEN duration < 30 THEN 1 ELSE 0 END),
               SUM(CASE WHEN duration < 30 THEN participant_count END),
               SUM(CASE WHEN duration >= 30 AND duration < 60 THEN 1 ELSE 0 END),
               SUM(CASE WHEN duration >= 30 AND duration < 60 THEN participant_count END),
               SUM(CASE WHEN duration >= 60 AND duration < 120 THEN 1 ELSE 0 END),
               SUM(CASE WHEN duration >= 60 AND duration < 120 THEN participant_count END),
               SUM(CASE WHEN duration >= 120 THEN 1 ELSE 0 END),
               SUM(CASE WHEN duration >= 120 THEN participant_count END),
               SUM(CASE WHEN place = 'lieu_activite' THEN 1 ELSE 0 END),
               SUM(CASE WHEN place = 'lieu_activite' THEN participant_count END),
               SUM(CASE WHEN place = 'domicile' THEN 1 ELSE 0 END),
               SUM(CASE WHEN place = 'domicile' THEN participant_count END),
               SUM(CASE WHEN place = 'a_distance' THEN 1 ELSE 0 END),
               SUM(CASE WHEN place = 'a_distance' THEN participant_count END),
               SUM(CASE WHEN place = 'autre' THEN 1 ELSE 0 END),
               SUM(CASE WHEN place = 'autre' THEN participant_count END),
               SUM(CASE WHEN kind = 'individuel' AND autonomy = 'entierement_accompagne' THEN 1 ELSE 0 END),
               SUM(CASE WHEN kind = 'individuel' AND autonomy = 'partiellement_autonome' THEN 1 ELSE 0 END),
               SUM(CASE WHEN kind = 'individuel' AND autonomy = 'autonome' THEN 1 ELSE 0 END),
               SUM(CASE WHEN kind = 'individuel' AND autonomy = '' THEN 1 ELSE 0 END),
               SUM(CASE WHEN beneficiary_id IS NOT NULL THEN 1 ELSE 0 END)
        FROM activities_activity WHERE date >= %(start)s AND date <= %(end)s""",
    "thematiques": """SELECT thematiques, COUNT(*), SUM(participant_count) FROM activities_activity
        WHERE date >= %(start)s AND date <= %(end)s GROUP BY thematiques""",
    "equipment": """SELECT equipment, COUNT(*), SUM(participant_count) FROM activities_activity
        WHERE date >= %(start)s AND date <= %(end)s GROUP BY equipment""",
    "named_participants": """SELECT COUNT(*) FROM activities_activity_participants p
        JOIN activities_activity a ON a.id = p.activity_id WHERE a.date >= %(start)s AND a.date <= %(end)s""",
    "people": """
        WITH helped AS (
            SELECT beneficiary_id AS id FROM activities_activity
             WHERE date >= %(start)s AND date <= %(end)s AND beneficiary_id IS NOT NULL
            UNION
            SELECT p.beneficiary_id FROM activities_activity_participants p
              JOIN activities_activity a ON a.id = p.activity_id WHERE a.date >= %(start)s AND a.date <= %(end)s
        )
        SELECT COUNT(*), SUM(CASE WHEN EXISTS (
                   SELECT 1 FROM activities_activity e WHERE e.beneficiary_id = h.id AND e.date < %(start)s
               ) OR EXISTS (
                   SELECT 1 FROM activities_activity_participants p JOIN activities_activity e ON e.id = p.activity_id
                    WHERE p.beneficiary_id = h.id AND e.date < %(start)s
               ) THEN 1 ELSE 0 END) FROM helped h""",
    "birth_years": """
        SELECT b.birth_year, COUNT(*) FROM people_beneficiary b WHERE b.id IN (
            SELECT beneficiary_id FROM activities_activity
             WHERE date >= %(start)s AND date <= %(end)s AND beneficiary_id IS NOT NULL
            UNION
            SELECT p.beneficiary_id FROM activities_activity_participants p
              JOIN activities_activity a ON a.id = p.activity_id WHERE a.date >= %(start)s AND a.date <= %(end)s)
        GROUP BY b.birth_year""",
    "communes": """
        SELECT b.commune, COUNT(*) FROM people_beneficiary b WHERE b.commune <> '' AND b.id IN (
            SELECT beneficiary_id FROM activities_activity
             WHERE date >= %(start)s AND date <= %(end)s AND beneficiary_id IS NOT NULL
            UNION
            SELECT p.beneficiary_id FROM activities_activity_participants p
              JOIN activities_activity a ON a.id = p.activity_id WHERE a.date >= %(start)s AND a.date <= %(end)s)
        GROUP BY b.commune""",
}


def month_sql(vendor):
    month = "date_trunc('month', date)" if vendor == "postgresql" else "strftime('%%Y-%%m', date)"
    # A fixed expression chosen by database vendor, no user input.
    sql = "SELECT {month}, COUNT(*), SUM(participant_count) FROM activities_activity "
    sql += "WHERE date >= %(start)s AND date <= %(end)s GROUP BY 1"
    return sql.replace("{month}", month)


def raw_sql(connection, period):
    results = {}
    queries = dict(RAW, months=month_sql(connection.vendor))
    with connection.cursor() as cursor:
        for current in (period, period.previous()):
            params = {"start": current.start, "end": current.end}
            for name, sql in queries.items():
                if name == "months" and current is not period:
                    continue
                cursor.execute(sql, params)
                results[(name, current.start)] = cursor.fetchall()
    return results


def load_average():
    try:
        return " / ".join(f"{value:.1f}" for value in os.getloadavg())
    except OSError:
        return "unknown"


def timed(function, runs):
    function()  # warm-up (caches, query plans)
    timings = []
    for _run in range(runs):
        started = time.perf_counter()
        function()
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings), max(timings)


def count_queries(function):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        function()
    return len(captured.captured_queries)


def main():
    args = parse_args()
    connection = setup_django()
    from django.utils import timezone

    from tremplin.activities.models import Activity
    from tremplin.people.models import Beneficiary
    from tremplin.stats import figures
    from tremplin.stats.figures.activities import activity_block, activity_over_time
    from tremplin.stats.filters import Filters
    from tremplin.stats.periods import Period
    from tremplin.stats.scope import StatsScope

    if args.top_up:
        top_up(args.top_up)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
    from tremplin.stats.aggregates_sync import differences, refresh

    refresh()  # a database migrated with activities already in it: its months were marked dirty
    today = timezone.localdate()
    year = Period(today - timedelta(days=364), today)
    if args.period == "months":
        from tremplin.stats.periods import _add_months, _month_end

        last = today if today == _month_end(today) else today.replace(day=1) - timedelta(days=1)
        year = Period(_add_months(last.replace(day=1), -11), last)
    print(
        f"Year measured: {year.start} to {year.end} ({args.period}); previous: {year.previous().start} to "
        f"{year.previous().end}"
    )
    started = time.perf_counter()
    wrong = differences(today - timedelta(days=729), today)
    print(
        f"Aggregates checked against the records over two years in {time.perf_counter() - started:.1f} s: "
        f"{len(wrong)} differences"
    )
    if wrong:
        sys.exit("The statistics aggregates differ from the records: run manage.py rebuild_stats_aggregates.")
    from tremplin.stats import journeys_sync, presence_sync

    started = time.perf_counter()
    wrong = (
        presence_sync.differences(today - timedelta(days=729), today)
        + journeys_sync.differences()
        + journeys_sync.month_differences()
    )
    print(
        f"Presence rows, first accompaniments, referral journeys and month counts checked against the raw tables in "
        f"{time.perf_counter() - started:.1f} s: {len(wrong)} differences"
    )
    if wrong:
        sys.exit("The stored people or journey data differ from the raw tables: run rebuild_stats_aggregates.")
    # The same length of year ending mid-month: its first and last half-months are read from the records.
    shifted = Period(year.start - timedelta(days=15), year.end - timedelta(days=15))
    scope = StatsScope.network()
    in_year = Activity.objects.filter(date__gte=year.start, date__lte=year.end).count()
    print(f"Database: {database_label(connection)}")
    print(
        f"Activities: {Activity.objects.count():,} in all, {in_year:,} in the year measured; "
        f"people: {Beneficiary.objects.count():,}"
    )

    two_blocks = (figures.activity_figures, figures.people_figures)
    # Same figures both ways: the raw SQL must agree with the two blocks on the headline numbers.
    board = figures.dashboard(scope, year, Filters(), blocks=two_blocks)
    raw = raw_sql(connection, year)
    totals = raw[("totals", year.start)][0]
    assert board.block("activities").figure("activities").value == totals[0], "activities differ from raw SQL"
    assert board.block("activities").figure("accompaniments").value == (totals[1] or 0), "accompaniments differ"
    assert board.block("people").figure("helped").value == raw[("people", year.start)][0][0], "people differ"

    from tremplin.stats.figures.common import without_jit

    def raw_without_jit():
        with without_jit():
            raw_sql(connection, year)

    rows = []
    print(f"Load average at start: {load_average()}")
    # The raw SQL both with the server's JIT setting and with JIT off (as dashboard() runs): the ratio is
    # taken against the faster of the two, the floor.
    raw_default_ms = timed(lambda: raw_sql(connection, year), args.runs)
    rows.append(("raw SQL (activities + people, 2 periods), server's JIT setting", *raw_default_ms))
    raw_off_ms = timed(raw_without_jit, args.runs)
    rows.append(("raw SQL (activities + people, 2 periods), JIT off", *raw_off_ms))
    raw_ms = min(raw_default_ms, raw_off_ms)
    two_ms = timed(lambda: figures.dashboard(scope, year, Filters(), blocks=two_blocks), args.runs)
    rows.append(("dashboard(): activities + people", *two_ms))
    shifted_ms = timed(lambda: figures.dashboard(scope, shifted, Filters(), blocks=two_blocks), args.runs)
    rows.append(("dashboard(): activities + people, year ending mid-month", *shifted_ms))
    activities_ms = timed(lambda: figures.dashboard(scope, year, Filters(), blocks=two_blocks[:1]), args.runs)
    rows.append(("dashboard(): activities only", *activities_ms))
    # The lead's 1.1 s (23:30 UTC, after midnight in Paris): the 365 days ending today cut two months at each
    # end of both years, read from the records.
    days = Period(today - timedelta(days=364), today)
    rows.append(
        (
            f"dashboard(): activities only, the 365 days ending today ({days.start} to {days.end})",
            *timed(lambda: figures.dashboard(scope, days, Filters(), blocks=two_blocks[:1]), args.runs),
        )
    )
    people_ms = timed(lambda: figures.dashboard(scope, year, Filters(), blocks=two_blocks[1:]), args.runs)
    rows.append(("dashboard(): people only", *people_ms))
    # The people block before s20 (distinct people of every presence row), same run: the flat path switched off.
    from tremplin.stats.figures import people_months

    flat_path = people_months.grouped_people
    people_months.grouped_people = lambda *args, **kwargs: None
    try:
        rows.append(
            (
                "dashboard(): people only, without the months' previous month (before s20)",
                *timed(lambda: figures.dashboard(scope, year, Filters(), blocks=two_blocks[1:]), args.runs),
            )
        )
    finally:
        people_months.grouped_people = flat_path

    def activities_from_records():
        with without_jit():
            for current in (year, year.previous()):
                activity_block(scope, current, Filters(), use_aggregates=False)
            activity_over_time(scope, year, Filters(), use_aggregates=False)

    rows.append(("the same from the records only (no aggregates)", *timed(activities_from_records, args.runs)))
    all_ms = timed(lambda: figures.dashboard(scope, year, Filters()), args.runs)
    rows.append(("dashboard(): every block", *all_ms))
    funnel_ms = timed(
        lambda: figures.dashboard(scope, year, Filters(), blocks=(figures.funnel_figures, figures.partner_figures)),
        args.runs,
    )
    rows.append(("dashboard(): funnel + partners (counts and medians in SQL)", *funnel_ms))
    # Before 30 November (evening) the dashboard ran with the server's JIT setting: same code, switch disabled.
    import contextlib
    import importlib

    # The module, not the function of the same name that the package exports.
    dashboard_module = importlib.import_module("tremplin.stats.figures.dashboard")

    dashboard_module.without_jit = contextlib.nullcontext
    try:
        rows.append(
            (
                "dashboard(): every block, server's JIT setting",
                *timed(lambda: figures.dashboard(scope, year, Filters()), args.runs),
            )
        )
    finally:
        dashboard_module.without_jit = without_jit
    print(f"Load average at end: {load_average()}")
    print()
    print("| measure | median ms | max ms |")
    print("|---|---:|---:|")
    for label, median, worst in rows:
        print(f"| {label} | {median:,.0f} | {worst:,.0f} |")
    print(f"\nRatio activities + people / raw SQL: {two_ms[0] / raw_ms[0]:.2f}×")
    counts = {
        label: count_queries(lambda p=p: figures.dashboard(scope, p, Filters()))
        for label, p in (
            ("1 month", Period(today.replace(day=1), today)),
            ("1 year", year),
            ("2 years", Period(today - timedelta(days=729), today)),
        )
    }
    print("Queries of the whole dashboard: " + ", ".join(f"{k}: {v}" for k, v in counts.items()))
    if len(set(counts.values())) != 1:
        sys.exit("Query count depends on the period.")


if __name__ == "__main__":
    main()
