#!/usr/bin/env python
"""Time the busiest pages on a database filled by bench/generate.py, and count their queries.

    python bench/measure.py                      # bench/bench.sqlite3, 15 runs per page
    python bench/measure.py --runs 30 --markdown
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tremplin_bench python bench/measure.py

Each page is fetched through Django's test client (the whole stack: middleware, view, template), logged
in as the mediator of the busiest site and as the network admin. One untimed run counts the queries
(and checks the status and, for searches, that the expected person is found); then `--runs` timed runs
give the median and the 95th percentile. "404" means the role may not use the page (by design).

Before measuring, the calendar is topped up so that every size shows the same sessions on the pages that list them
(bench/calendar_floor.py; `BENCH_NO_CALENDAR_FLOOR=1` to measure a database as generated).
"""

import argparse
import math
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _setup import database_label, setup_django


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=15, help="timed runs per page (default 15)")
    parser.add_argument("--markdown", action="store_true", help="print a Markdown table")
    parser.add_argument("--only", default="", help="run only the cases whose label contains this text")
    parser.add_argument("--queries", action="store_true", help="list every query of each page with its time")
    parser.add_argument("--explain", action="store_true", help="PostgreSQL: EXPLAIN ANALYZE the slowest queries")
    parser.add_argument("--json", default="", help="also write every timing to this file (bench/scaling.py reads it)")
    parser.add_argument("--quiet", action="store_true", help="print nothing but errors (with --json)")
    return parser.parse_args(argv)


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


class Case:
    def __init__(self, label, url, *, search=None, expect=None, max_runs=None):
        self.label = label
        self.url = url
        self.search = search  # a query POSTed to the people search before the timed GETs
        self.expect = expect  # text the page must contain (the person searched for)
        self.max_runs = max_runs  # a page of several seconds: fewer timed runs, so a round ends in time


def deep_page(count):
    """90 % down the list: the OFFSET a user reaches by paging far (or a crawler does)."""
    return max(1, int(math.ceil(count / 25) * 0.9))


def deep_url(url, rows, page):
    """The address of page `page` of `rows` (the list's queryset, in its order) as the list's links give it:
    a keyset link past the numbered pages (`?apres=<id of the row before>`, issue #14) when the code has
    them, else the page number (the code before keyset pagination, for the "before" measurements)."""
    from tremplin.core import pagination

    separator = "&" if "?" in url else "?"
    skipped = (page - 1) * 25
    before = rows.values_list("pk", flat=True)[skipped - 1 : skipped] if skipped else []
    if not hasattr(pagination, "AFTER") or not before:
        # A page past the end of a short list gives its last page (both before and after).
        return f"{url}{separator}page={page}"
    return f"{url}{separator}{pagination.AFTER}={before[0]}"


BARE_LABEL = "bare logged-in view"


def cases_for(fixtures, user):
    """Every page measured, for `user`; the first is the bare view (the fixed cost, see _bare_urls.py)."""
    from _bare_urls import BARE_PATH
    from django.urls import reverse
    from fixtures import HELENE_VOUCHER_TYPED

    from tremplin.activities.models import Activity
    from tremplin.people.services import search_beneficiaries
    from tremplin.public.queries import site_slug
    from tremplin.referrals.views_staff import received

    people = reverse("people:list")
    activity_rows = Activity.objects.visible_to(user).order_by("-date", "-pk")
    activities_deep = deep_page(activity_rows.count())
    people_rows = search_beneficiaries(user, "")
    people_deep = deep_page(people_rows.count())
    inbox = reverse("referrals:inbox") + "?status=all"
    inbox_rows = received(user).order_by("received_at", "pk")
    helene = fixtures["helene"]
    person_marker = str(helene.pk)
    site = fixtures["site"]
    register = fixtures["register"]
    return [
        Case(BARE_LABEL, BARE_PATH),
        Case("people search: name typo", people, search="helene lefevre", expect=person_marker),
        Case("people search: name typo 2", people, search="hélène lefebvre", expect=person_marker),
        Case("people search: phone", people, search="06 12 34 56 78", expect=person_marker),
        Case("people search: voucher code", people, search=HELENE_VOUCHER_TYPED, expect=person_marker),
        Case("people list page 1", people, search=""),
        Case("people list deep page", deep_url(people, people_rows, people_deep), search=""),
        Case("referral inbox (open)", reverse("referrals:inbox")),
        Case("referral inbox (all, page 40)", deep_url(inbox, inbox_rows, 40)),
        Case("workshops agenda (this week)", reverse("workshops:agenda") + f"?espace={site.pk}"),
        Case("device list page 1", reverse("inventory:device_list")),
        Case("device list filtered", reverse("inventory:device_list") + "?status=available&category=laptop"),
        Case("device list text search", reverse("inventory:device_list") + "?q=thinkpad"),
        Case("activities list page 1", reverse("activities:list")),
        Case("activities list deep page", deep_url(reverse("activities:list"), activity_rows, activities_deep)),
        Case("stock dashboard", reverse("inventory:dashboard")),
        Case("person detail", reverse("people:detail", args=[helene.pk])),
        Case("person timeline", reverse("people:timeline", args=[helene.pk])),
        Case("till: sale screen", reverse("till:sell", args=[register.pk])),
        Case("till: cash journal", reverse("till:journal") + f"?caisse={register.pk}"),
        Case("statistics dashboard", reverse("stats:dashboard"), max_runs=2),
        Case("public: home", reverse("public:sites") + "?ou=69007"),
        Case("public: site page", reverse("public:site", args=[site_slug(site)])),
        Case("public: agenda", reverse("public:agenda")),
    ]


def load_fixtures():
    import calendar_floor
    from django.db import connection
    from django.utils import timezone
    from fixtures import ADMIN_EMAIL, HELENE, MEDIATOR_EMAIL

    from tremplin.accounts.models import User
    from tremplin.people.models import Beneficiary

    if "accounts_user" not in connection.introspection.table_names():
        sys.exit("No bench data in this database: fill it first with bench/generate.py.")
    mediator = User.objects.filter(email=MEDIATOR_EMAIL).first()
    admin = User.objects.filter(email=ADMIN_EMAIL).first()
    if mediator is None or admin is None:
        sys.exit("No bench data in this database: fill it first with bench/generate.py.")
    helene = Beneficiary.objects.get(phone=HELENE["phone"])
    people = Beneficiary.objects.visible_to(mediator).active().count()
    fill_site_time_zones()
    site = mediator.active_memberships[0].site
    if not os.environ.get("BENCH_NO_CALENDAR_FLOOR"):  # both sizes show the same sessions (calendar_floor.py)
        calendar_floor.top_up(site, timezone.now())
    return {
        "users": [("mediator", mediator), ("network admin", admin)],
        "helene": helene,
        "site": site,
        "register": bench_register(site, mediator, tickets=people * TICKETS_PER_PERSON),
        "people_visible": people,
    }


def fill_site_time_zones():
    """Databases generated before the builder set it: the time zone Site.save() would have given each site."""
    from tremplin.network.models import Site
    from tremplin.network.timezones import time_zone_for_postal_code

    for site in Site.objects.filter(time_zone=""):
        Site.objects.filter(pk=site.pk).update(time_zone=time_zone_for_postal_code(site.postal_code))


# The busiest site's till journal: about 1.5 tickets per person it follows (~20,000 at --scale 2).
TICKETS_PER_PERSON = 1.5


def bench_register(site, user, tickets):
    """The busiest site's register, its journal filled to `tickets` sealed tickets in closed days, and a
    session open today so that the sale screen shows (written once per database, then reused)."""
    from till_common import fill_journal

    from tremplin.till.models import Register
    from tremplin.till.services import sessions

    register, _ = Register.objects.get_or_create(site=site, code="BM", defaults={"name": "[bench] Caisse"})
    fill_journal(register, user, round(tickets), log=lambda line: None)
    if sessions.open_session_of(register) is None:
        sessions.open_session(register, user, 0)
    return register


def client_for(user):
    from django.test import Client

    client = Client()
    client.force_login(user, backend="allauth.account.auth_backends.AuthenticationBackend")
    return client


class QueryRecorder:
    """Counts and times queries through an execute wrapper (it survives the reconnects between requests)."""

    def __init__(self):
        self.queries = []

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.queries.append({"sql": sql, "params": params, "time": time.perf_counter() - started})


def measure(client, case, runs):
    from django.db import connection

    if case.search is not None:
        client.post(case.url.split("?")[0], {"q": case.search})
    recorder = QueryRecorder()
    with connection.execute_wrapper(recorder):
        response = client.get(case.url)
    result = {"status": response.status_code, "queries": len(recorder.queries), "found": ""}
    if response.status_code != 200:
        return result
    if case.expect is not None:
        result["found"] = "yes" if case.expect in response.content.decode() else "NO"
    timings = []
    for _ in range(min(runs, case.max_runs or runs)):
        started = time.perf_counter()
        client.get(case.url)
        timings.append((time.perf_counter() - started) * 1000)
    result["timings"] = timings
    result["median"] = statistics.median(timings)
    result["p95"] = percentile(timings, 0.95)
    result["slowest_sql"] = max(recorder.queries, key=lambda q: q["time"])
    result["all_queries"] = recorder.queries
    return result


def print_table(rows, markdown):
    header = ["page", "as", "ms median", "ms p95", "queries", "found"]
    lines = []
    for label, who, result in rows:
        if result["status"] != 200:
            lines.append([label, who, f"{result['status']} (role not allowed)", "", str(result["queries"]), ""])
            continue
        lines.append(
            [label, who, f"{result['median']:.1f}", f"{result['p95']:.1f}", str(result["queries"]), result["found"]]
        )
    if markdown:
        print("| " + " | ".join(header) + " |")
        print("|" + "|".join(["---"] * 2 + ["---:"] * 3 + ["---"]) + "|")
        for line in lines:
            print("| " + " | ".join(line) + " |")
        return
    widths = [max(len(str(row[i])) for row in [header, *lines]) for i in range(len(header))]
    for row in [header, *lines]:
        print(
            "  ".join(
                str(cell).ljust(width) if i < 2 else str(cell).rjust(width)
                for i, (cell, width) in enumerate(zip(row, widths, strict=True))
            )
        )


def prepare():
    """Set Django up on the bench database, with the bare view mounted; the known rows."""
    connection = setup_django()
    import logging

    from django.conf import settings

    logging.getLogger("django.request").setLevel(logging.ERROR)  # the expected 404s of the admin
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    settings.ROOT_URLCONF = "_bare_urls"
    return connection, load_fixtures()


def run_cases(fixtures, runs, only="", on_result=None):
    """Measure every case for each user: a list of (label, who, result)."""
    rows = []
    for who, user in fixtures["users"]:
        client = client_for(user)
        for case in cases_for(fixtures, user):
            if only and only not in case.label and case.label != BARE_LABEL:
                continue
            result = measure(client, case, runs)
            if on_result:
                on_result(case, who, result)
            rows.append((case.label, who, result))
    return rows


def write_json(path, connection, fixtures, rows):
    import json

    payload = {
        "database": database_label(connection),
        "vendor": connection.vendor,
        "people_visible": fixtures["people_visible"],
        "rows": [
            {
                "page": label,
                "as": who,
                "status": result["status"],
                "queries": result["queries"],
                "found": result["found"],
                "timings": result.get("timings", []),
            }
            for label, who, result in rows
        ],
    }
    Path(path).write_text(json.dumps(payload))


def main(argv=None):
    args = parse_args(argv)
    connection, fixtures = prepare()
    if args.quiet:
        rows = run_cases(fixtures, args.runs, args.only)
        write_json(args.json, connection, fixtures, rows)
        return
    print(
        f"Database: {database_label(connection)}; {args.runs} timed runs per page; "
        f"the mediator sees {fixtures['people_visible']:,} people."
    )
    slowest = []

    def report(case, who, result):
        if args.queries and "all_queries" in result:
            print(f"\n{case.label} ({who}):")
            for query in result["all_queries"]:
                print(f"  {query['time'] * 1000:8.1f} ms  {short_sql(query['sql'])[:300]}")
        if "slowest_sql" in result:
            slowest.append((result["slowest_sql"]["time"], case.label, who, result["slowest_sql"]))

    rows = run_cases(fixtures, args.runs, args.only, report)
    if args.json:
        write_json(args.json, connection, fixtures, rows)
    print_table(rows, args.markdown)
    print("\nSlowest single queries (as captured on the counting run):")
    worst = sorted(slowest, key=lambda row: row[0], reverse=True)[:5]
    for seconds, label, who, query in worst:
        print(
            f"  {seconds * 1000:8.1f} ms  {label} ({who}): {short_sql(query['sql'])}  params={query['params']!r:.200}"
        )
    if args.explain and connection.vendor == "postgresql":
        for _seconds, label, who, query in worst[:3]:
            print(f"\nEXPLAIN ANALYZE — {label} ({who}):\n{query['sql']}\n  params={query['params']!r}")
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + query["sql"], query["params"])
                for (line,) in cursor.fetchall():
                    print("   ", line)


def short_sql(sql):
    """The part of a SELECT that explains its cost: FROM … WHERE … ORDER BY … LIMIT."""
    head, found, tail = sql.partition(" FROM ")
    return (head[:40] + " …" + found + tail)[:500] if found else sql[:500]


if __name__ == "__main__":
    main()
