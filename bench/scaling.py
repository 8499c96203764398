#!/usr/bin/env python
"""Does every page stay flat as the data grows? One command: generate two sizes, measure, judge.

    python bench/scaling.py                                   # SQLite, --small 0.02 and --big 2
    python bench/scaling.py --big 0.5 --rounds 2 --runs 7     # quicker, on a loaded machine
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tremplin_scaling python bench/scaling.py

For each size a database of its own is filled by bench/generate.py (SQLite: bench/scaling-<scale>.sqlite3;
PostgreSQL: the database named in DATABASE_URL with `_s<scale>` appended, created if missing). A database
already filled at that size is reused (after `migrate` to the code being measured, and on SQLite `ANALYZE` when
a migration ran); `--fresh` drops and refills it. Then `--rounds` rounds alternate the
sizes (small, big, small, big…), each round running bench/measure.py's pages (`--runs` timed requests per
page) in a fresh process, so that a burst of load on the machine hits both sizes alike.

The table gives, per page and role, the median over every timed request of every round at each size, the
ratio big ÷ small, and the big size as a multiple of the bare logged-in view at the big size (the fixed
cost of session + user + memberships, bench/_bare_urls.py). A page meets the target when the ratio is at
most 1.3 and the multiple at most 10 (issue #14). Exit status 1 when a page misses it, 2 on a setup error.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

BENCH_DIR = Path(__file__).resolve().parent
MAX_RATIO = 1.3
MAX_TIMES_BARE = 10


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--small", type=float, default=0.02, help="scale of the small database (default 0.02)")
    parser.add_argument("--big", type=float, default=2.0, help="scale of the big database (default 2)")
    parser.add_argument(
        "--rounds",
        type=int,
        default=4,
        help="measuring rounds per size, interleaved (default 4; 0: only fill the databases)",
    )
    parser.add_argument("--runs", type=int, default=15, help="timed requests per page per round (default 15)")
    parser.add_argument("--only", default="", help="measure only the pages whose label contains this text")
    parser.add_argument("--fresh", action="store_true", help="drop and refill both databases")
    parser.add_argument("--markdown", action="store_true", help="print the table in Markdown")
    return parser.parse_args(argv)


def scale_tag(scale):
    return f"{scale:g}".replace(".", "_")


def database_url(scale):
    """The DATABASE_URL of the database of this size."""
    base = os.environ.get("DATABASE_URL", "")
    if not base.startswith("postgres"):
        return f"sqlite:///{BENCH_DIR / f'scaling-{scale_tag(scale)}.sqlite3'}"
    parts = urlsplit(base)
    name = parts.path.lstrip("/") or "tremplin_scaling"
    return urlunsplit(parts._replace(path=f"/{name}_s{scale_tag(scale)}"))


def _postgres_admin(url):
    import psycopg

    parts = urlsplit(url)
    admin = urlunsplit(parts._replace(path="/postgres"))
    return psycopg.connect(admin, autocommit=True), parts.path.lstrip("/")


def reset_database(url):
    if url.startswith("sqlite"):
        path = Path(url.removeprefix("sqlite:///"))
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return
    connection, name = _postgres_admin(url)
    with connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')


def ensure_database(url):
    """Create the PostgreSQL database if missing; True when it already holds the bench's data."""
    if url.startswith("postgres"):
        connection, name = _postgres_admin(url)
        with connection:
            exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
            if not exists:
                connection.execute(f'CREATE DATABASE "{name}"')
                return False
    elif not Path(url.removeprefix("sqlite:///")).exists():
        return False
    probe = (
        "import sys; sys.path.insert(0, 'bench'); from _setup import setup_django; setup_django(); "
        "from django.db import connection; from fixtures import ADMIN_EMAIL; "
        "tables = connection.introspection.table_names(); "
        "from tremplin.accounts.models import User; "
        "print('filled' if 'accounts_user' in tables and User.objects.filter(email=ADMIN_EMAIL).exists() else 'empty')"
    )
    out = subprocess.run(  # noqa: S603 — our own interpreter and script
        [sys.executable, "-c", probe], env=_env(url), cwd=BENCH_DIR.parent, capture_output=True, text=True
    )
    return out.stdout.strip().endswith("filled")


def _env(url):
    return {**os.environ, "DATABASE_URL": url}


def generate(scale, url, fresh):
    if fresh:
        reset_database(url)
    if ensure_database(url):
        print(f"  scale {scale:g}: reusing {url} (migrated to the current code)", flush=True)
        migrate(url)
        return 0.0
    print(f"  scale {scale:g}: generating into {url}", flush=True)
    started = time.perf_counter()
    subprocess.run(  # noqa: S603 — our own interpreter and script
        [sys.executable, str(BENCH_DIR / "generate.py"), "--scale", str(scale)],
        env=_env(url),
        cwd=BENCH_DIR.parent,
        check=True,
    )
    return time.perf_counter() - started


def migrate(url):
    """Bring a reused database to the code being measured; on SQLite, statistics for any new index."""
    script = (
        "import sys; sys.path.insert(0, 'bench'); from _setup import setup_django; connection = setup_django(); "
        "from django.core.management import call_command; "
        "from django.db.migrations.executor import MigrationExecutor; executor = MigrationExecutor(connection); "
        "pending = executor.migration_plan(executor.loader.graph.leaf_nodes()); "
        "call_command('migrate', verbosity=0); "
        "pending and connection.vendor == 'sqlite' and connection.cursor().execute('ANALYZE')"
    )
    subprocess.run([sys.executable, "-c", script], env=_env(url), cwd=BENCH_DIR.parent, check=True)  # noqa: S603


def measure_round(url, runs, only):
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as handle:
        path = handle.name
    try:
        command = [sys.executable, str(BENCH_DIR / "measure.py"), "--quiet", "--json", path, "--runs", str(runs)]
        if only:
            command += ["--only", only]
        subprocess.run(command, env=_env(url), cwd=BENCH_DIR.parent, check=True)  # noqa: S603
        return json.loads(Path(path).read_text())
    finally:
        Path(path).unlink(missing_ok=True)


def load_average():
    try:
        return os.getloadavg()[0]
    except OSError:
        return float("nan")


def collect(rounds_by_size):
    """{(page, as): {size: {"timings": [...], "status": int, "found": str, "queries": int}}}, in page order."""
    table = {}
    for size, rounds in rounds_by_size.items():
        for payload in rounds:
            for row in payload["rows"]:
                cell = table.setdefault((row["page"], row["as"]), {}).setdefault(
                    size, {"timings": [], "status": row["status"], "found": row["found"], "queries": row["queries"]}
                )
                cell["timings"].extend(row["timings"])
                if row["found"] == "NO":
                    cell["found"] = "NO"
    return table


def verdicts(table, bare_label):
    """Rows of the report: page, role, medians, ratio, multiple of the bare view, verdict."""
    rows = []
    for (page, who), sizes in table.items():
        small, big = sizes.get("small"), sizes.get("big")
        if not small or not big or small["status"] != 200 or big["status"] != 200:
            status = (big or small or {}).get("status")
            rows.append({"page": page, "as": who, "skipped": f"{status} (role not allowed)"})
            continue
        bare = table[(bare_label, who)]["big"]
        small_ms = statistics.median(small["timings"])
        big_ms = statistics.median(big["timings"])
        bare_ms = statistics.median(bare["timings"])
        ratio = big_ms / small_ms
        times_bare = big_ms / bare_ms
        ok = ratio <= MAX_RATIO and times_bare <= MAX_TIMES_BARE
        if "NO" in (small["found"], big["found"]):
            ok = False
        rows.append(
            {
                "page": page,
                "as": who,
                "small_ms": small_ms,
                "big_ms": big_ms,
                "ratio": ratio,
                "times_bare": times_bare,
                "queries": f"{small['queries']}/{big['queries']}",
                "found": "/".join(filter(None, (small["found"], big["found"]))),
                "ok": ok,
                "anchor": page == bare_label,
            }
        )
    return rows


def print_report(rows, markdown):
    header = ["page", "as", "small ms", "big ms", "big ÷ small", "big × bare", "queries", "found", "verdict"]
    lines = []
    for row in rows:
        if "skipped" in row:
            lines.append([row["page"], row["as"], "", "", "", "", "", "", row["skipped"]])
            continue
        verdict = "anchor" if row["anchor"] else ("ok" if row["ok"] else "MISS")
        lines.append(
            [
                row["page"],
                row["as"],
                f"{row['small_ms']:.1f}",
                f"{row['big_ms']:.1f}",
                f"{row['ratio']:.2f}",
                f"{row['times_bare']:.1f}",
                row["queries"],
                row["found"],
                verdict,
            ]
        )
    if markdown:
        print("| " + " | ".join(header) + " |")
        print("|---|---|" + "|".join(["---:"] * 5) + "|---|---|")
        for line in lines:
            print("| " + " | ".join(line) + " |")
        return
    widths = [max(len(str(line[i])) for line in [header, *lines]) for i in range(len(header))]
    for line in [header, *lines]:
        print(
            "  ".join(
                str(cell).ljust(width) if i < 2 or i > 6 else str(cell).rjust(width)
                for i, (cell, width) in enumerate(zip(line, widths, strict=True))
            )
        )


def main(argv=None):
    args = parse_args(argv)
    sys.path.insert(0, str(BENCH_DIR))
    from measure import BARE_LABEL

    started = time.perf_counter()
    urls = {"small": database_url(args.small), "big": database_url(args.big)}
    print(f"Load average at start: {load_average():.1f}")
    try:
        for size, scale in (("small", args.small), ("big", args.big)):
            seconds = generate(scale, urls[size], args.fresh)
            if seconds:
                print(f"  scale {scale:g} generated in {seconds:.0f} s", flush=True)
    except (subprocess.CalledProcessError, ImportError, OSError) as error:
        print(f"Setup failed: {error}", file=sys.stderr)
        return 2
    if args.rounds == 0:  # --rounds 0: fill (or migrate) the two databases, measure nothing
        print(f"Databases ready in {time.perf_counter() - started:.0f} s: {urls['small']}, {urls['big']}")
        return 0
    measuring = time.perf_counter()
    rounds = {"small": [], "big": []}
    loads = []
    for number in range(1, args.rounds + 1):
        for size in ("small", "big"):
            payload = measure_round(urls[size], args.runs, args.only)
            rounds[size].append(payload)
            loads.append(load_average())
            print(
                f"  round {number}/{args.rounds} {size:<5} ({payload['database']}, the mediator sees "
                f"{payload['people_visible']:,} people): load average {loads[-1]:.1f}",
                flush=True,
            )
    rows = verdicts(collect(rounds), BARE_LABEL)
    print(
        f"\nScales {args.small:g} → {args.big:g}; {args.rounds} interleaved rounds × {args.runs} timed requests "
        f"per page; load average during the rounds {min(loads):.1f}–{max(loads):.1f}; "
        f"measuring took {time.perf_counter() - measuring:.0f} s, everything {time.perf_counter() - started:.0f} s.\n"
    )
    print_report(rows, args.markdown)
    missed = [row for row in rows if "ok" in row and not row["ok"] and not row["anchor"]]
    print(
        f"\nTarget: big ÷ small ≤ {MAX_RATIO} and big ≤ {MAX_TIMES_BARE} × the bare view. "
        + (f"{len(missed)} page(s) miss it." if missed else "Every page meets it.")
    )
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
