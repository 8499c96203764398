"""Backups (manage.py backup); restore drills are in core/restore.py. See docs/operations.md.

A backup is a folder:

    tremplin-20261130-121500/
        database.dump        PostgreSQL: pg_dump custom format      (or)
        database.sqlite3     SQLite: a copy made with the online backup API
        manifest.json        engine, time, applied migrations, row count of every table, at the dump's instant
        journal-anchor.log   copy of the cash journal's anchor file (TREMPLIN_JOURNAL_ANCHOR_FILE), if any

On PostgreSQL the row counts and pg_dump read the same snapshot (pg_export_snapshot), so the drill can
compare them exactly. The secrets are NOT in a backup (SECRETS_NOT_IN_BACKUP): without them, recharge
codes cannot be read and the cash journal cannot be verified.
"""

import json
import os
import shutil
import sqlite3
import subprocess
import time
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import connection, connections
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

MANIFEST = "manifest.json"
ANCHOR_COPY = "journal-anchor.log"
PG_DUMP = "database.dump"
SQLITE_COPY = "database.sqlite3"

# Environment variables a restore needs that a backup deliberately does not hold: keep them in the
# secret store, apart from the dumps (and test that they are there: the drill uses the running ones).
SECRETS_NOT_IN_BACKUP = [
    ("TREMPLIN_FIELD_KEY", _("chiffre les codes de recharge : sans elle, ils sont illisibles")),
    ("TREMPLIN_JOURNAL_KEYS", _("scelle le journal de caisse : sans elles, il ne peut plus être vérifié")),
    ("SECRET_KEY", _("signe sessions et liens : la changer déconnecte tout le monde et invalide les liens")),
]


class BackupError(Exception):
    pass


def tool(name):
    """Path of a PostgreSQL client program (pg_dump, pg_restore, psql)."""
    found = shutil.which(name)
    if not found:
        raise BackupError(f"{name} introuvable : installez le client PostgreSQL (apt-get install postgresql-client).")
    return found


def pg_env(settings_dict):
    """libpq environment for a Django PostgreSQL connection's settings (the password never on a command line)."""
    env = dict(os.environ)
    for key, var in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"), ("PASSWORD", "PGPASSWORD")):
        if settings_dict.get(key):
            env[var] = str(settings_dict[key])
    return env


def model_tables():
    """Every concrete table the models own (auto-created many-to-many tables included), sorted."""
    tables = set()
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if meta.managed and not meta.proxy and not meta.swapped:
            tables.add(meta.db_table)
    return sorted(tables)


def count_rows(cursor, tables, quote):
    counts = {}
    for table in tables:
        cursor.execute(f"SELECT COUNT(*) FROM {quote(table)}")  # noqa: S608 — table names come from the models
        counts[table] = cursor.fetchone()[0]
    return counts


def applied_migrations(cursor):
    cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
    return [f"{app}.{name}" for app, name in cursor.fetchall()]


def create_backup(output_dir):
    """Write a backup folder under `output_dir`; return its path."""
    stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
    target = Path(output_dir) / f"tremplin-{stamp}"
    suffix = 1
    while target.exists():
        suffix += 1
        target = Path(output_dir) / f"tremplin-{stamp}-{suffix}"
    target.mkdir(parents=True)
    started = time.monotonic()
    try:
        if connection.vendor == "postgresql":
            manifest = _backup_postgresql(target)
        elif connection.vendor == "sqlite":
            manifest = _backup_sqlite(target)
        else:
            raise BackupError(f"moteur non pris en charge : {connection.vendor}")
    except BaseException:
        shutil.rmtree(target, ignore_errors=True)
        raise
    anchor = Path(settings.TREMPLIN_JOURNAL_ANCHOR_FILE)
    manifest["anchor_file"] = bool(anchor.exists())
    if anchor.exists():
        # Copied after the dump: lines are appended after their closure commits, so every closure the
        # dump holds is in this copy; a closure committed in between is in the copy but not the dump
        # (the drill then reports it, rightly: that backup is older than its anchor).
        shutil.copyfile(anchor, target / ANCHOR_COPY)
    manifest["created_at"] = timezone.now().isoformat()
    manifest["seconds"] = round(time.monotonic() - started, 2)
    (target / MANIFEST).write_text(json.dumps(manifest, indent=1, sort_keys=True), encoding="utf-8")
    return target


def _backup_postgresql(target):
    """pg_dump --format=custom of the snapshot the row counts are read from."""
    settings_dict = connection.settings_dict
    tables = model_tables()
    conn_wrapper = connections.create_connection("default")
    try:
        conn_wrapper.ensure_connection()
        raw = conn_wrapper.connection
        raw.autocommit = False
        with raw.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            existing = set(conn_wrapper.introspection.table_names(cursor))
            counts = count_rows(cursor, [t for t in tables if t in existing], conn_wrapper.ops.quote_name)
            migrations = applied_migrations(cursor)
            result = subprocess.run(  # noqa: S603 — fixed program, arguments from settings
                [
                    tool("pg_dump"),
                    "--format=custom",
                    "--no-owner",
                    "--no-privileges",
                    f"--snapshot={snapshot}",
                    f"--file={target / PG_DUMP}",
                    settings_dict["NAME"],
                ],
                env=pg_env(settings_dict),
                capture_output=True,
                text=True,
                check=False,
            )
            raw.rollback()
    finally:
        conn_wrapper.close()
    if result.returncode != 0:
        raise BackupError(f"pg_dump a échoué : {result.stderr.strip()[:500]}")
    return {"engine": "postgresql", "file": PG_DUMP, "database": settings_dict["NAME"], "counts": counts,
            "migrations": migrations}  # fmt: skip


def _backup_sqlite(target):
    """SQLite's online backup API: a consistent copy while the application keeps writing."""
    connection.ensure_connection()
    destination = sqlite3.connect(target / SQLITE_COPY)
    try:
        connection.connection.backup(destination)
    finally:
        destination.close()
    copy = sqlite3.connect(target / SQLITE_COPY)
    try:
        cursor = copy.cursor()
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        existing = {row[0] for row in cursor.fetchall()}
        counts = count_rows(cursor, [t for t in model_tables() if t in existing], connection.ops.quote_name)
        migrations = applied_migrations(cursor)
    finally:
        copy.close()
    return {"engine": "sqlite", "file": SQLITE_COPY, "counts": counts, "migrations": migrations}
