"""Shared start-up of the bench scripts: point Django at the bench database, then set it up.

The default database is `bench/bench.sqlite3` (never the developer's db.sqlite3); set DATABASE_URL to
use PostgreSQL, e.g. DATABASE_URL=postgres://postgres@127.0.0.1:5432/tremplin_bench.
"""

import os
import sys
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
DEFAULT_SQLITE = BENCH_DIR / "bench.sqlite3"

# Marks every row the generator writes, so that it can recognise a database it did not fill.
BENCH_EMAIL_DOMAIN = "bench.tremplin.example"
BENCH_SITE_PREFIX = "[bench] "


def setup_django():
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{DEFAULT_SQLITE}")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tremplin.settings")
    # Measure the application, not the debug toolbar of a developer's shell.
    os.environ.setdefault("DEBUG", "false")
    import django

    django.setup()
    from django.db import connection

    return connection


def database_label(connection):
    settings = connection.settings_dict
    return f"{connection.vendor} {settings.get('NAME')}"
