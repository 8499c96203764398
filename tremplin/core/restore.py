"""Restore drills (manage.py restore_drill): restore a backup into a scratch database and check it.

See core/backup.py for what a backup folder holds and docs/operations.md for the drill's checks.
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from django.apps import apps
from django.conf import settings
from django.db import connection, connections
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader
from django.utils.translation import gettext_lazy as _

from tremplin.core.backup import (
    ANCHOR_COPY,
    MANIFEST,
    BackupError,
    count_rows,
    model_tables,
    pg_env,
    tool,
)


@dataclass
class DrillReport:
    checks: list = field(default_factory=list)  # (name, ok, detail)
    details: list = field(default_factory=list)

    def check(self, name, ok, detail=""):
        self.checks.append((name, bool(ok), detail))
        return ok

    @property
    def ok(self):
        return bool(self.checks) and all(ok for _, ok, _ in self.checks)

    def lines(self, final=True):
        for name, ok, detail in self.checks:
            yield f"[{'OK' if ok else 'ÉCHEC'}] {name}" + (f" — {detail}" if detail else "")
        yield from self.details
        if final:
            yield str(_("Exercice de restauration réussi.") if self.ok else _("Exercice de restauration en ÉCHEC."))


def read_backup(path):
    """(engine, database file, manifest or None, anchor copy or None) of a backup folder or a bare dump file."""
    path = Path(path)
    if path.is_dir():
        manifest_path = path / MANIFEST
        if not manifest_path.exists():
            raise BackupError(f"{path} : pas de {MANIFEST}, ce n'est pas une sauvegarde Tremplin.")
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        anchor = path / ANCHOR_COPY
        return manifest["engine"], path / manifest["file"], manifest, anchor if anchor.exists() else None
    if not path.exists():
        raise BackupError(f"{path} : fichier introuvable.")
    head = path.read_bytes()[:16]
    if head.startswith(b"PGDMP"):
        return "postgresql", path, None, None
    if head.startswith(b"SQLite format 3"):
        return "sqlite", path, None, None
    raise BackupError(f"{path} : ni une sauvegarde pg_dump (format custom) ni une base SQLite.")


class Scratch:
    """A throw-away database holding the restored backup (`url` is its DATABASE_URL)."""

    def __init__(self, engine, database_file, workdir):
        self.engine = engine
        self.database_file = database_file
        self.workdir = Path(workdir)
        self.name = None

    def __enter__(self):
        base = dict(connections.databases["default"])
        if self.engine == "sqlite":
            self.name = str(self.workdir / "restored.sqlite3")
            shutil.copyfile(self.database_file, self.name)
            self.url = f"sqlite:///{self.name}"
        else:
            if base["ENGINE"] != "django.db.backends.postgresql":
                raise BackupError("une sauvegarde PostgreSQL se restaure avec DATABASE_URL sur un serveur PostgreSQL.")
            self.name = f"tremplin_drill_{os.getpid()}_{int(time.time())}"
            self._psql("postgres", f'CREATE DATABASE "{self.name}"')
            restored = subprocess.run(  # noqa: S603
                [
                    tool("pg_restore"),
                    "--no-owner",
                    "--no-privileges",
                    "--exit-on-error",
                    "--dbname",
                    self.name,
                    str(self.database_file),
                ],
                env=pg_env(base),
                capture_output=True,
                text=True,
                check=False,
            )
            if restored.returncode != 0:
                self.drop()
                raise BackupError(f"pg_restore a échoué : {restored.stderr.strip()[:500]}")
            user = quote(base.get("USER") or "", safe="")
            password = f":{quote(str(base['PASSWORD']), safe='')}" if base.get("PASSWORD") else ""
            host = base.get("HOST") or "127.0.0.1"
            port = base.get("PORT") or "5432"
            self.url = f"postgres://{user}{password}@{host}:{port}/{self.name}"
        return self

    def _psql(self, database, sql):
        base = connections.databases["default"]
        result = subprocess.run(  # noqa: S603
            [tool("psql"), "--no-psqlrc", "-v", "ON_ERROR_STOP=1", "-d", database, "-c", sql],
            env=pg_env(base),
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0:
            raise BackupError(f"psql : {result.stderr.strip()[:300]}")

    def drop(self):
        if self.engine == "postgresql" and self.name:
            self._psql("postgres", f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')

    def __exit__(self, *exc):
        self.drop()
        return False


def restore_drill(path, verbose=False):
    """Restore `path` into a scratch database, check it in a fresh process, drop it; return a DrillReport.

    The checks run in a child `manage.py restore_drill --restored` whose DATABASE_URL is the scratch
    database and whose anchor file is the backup's copy: every verifier then runs exactly as in production,
    against the restored data only.
    """
    engine, database_file, _manifest, anchor = read_backup(path)
    report = DrillReport()
    started = time.monotonic()
    workdir_context = tempfile.TemporaryDirectory(prefix="tremplin-drill-")
    with workdir_context as workdir, Scratch(engine, database_file, workdir) as scratch:
        report.check(str(_("restauration")), True, f"{engine}, base temporaire {Path(scratch.name).name}")
        env = {**os.environ, "DATABASE_URL": scratch.url}
        # No anchor copy: a file that does not exist (never the live system's anchor, which belongs to
        # another database state); the verifier then warns that truncation cannot be detected.
        env["TREMPLIN_JOURNAL_ANCHOR_FILE"] = str(anchor or Path(workdir) / "no-anchor.log")
        command = [sys.executable, str(Path(settings.BASE_DIR) / "manage.py"), "restore_drill", "--restored", str(path)]
        if verbose:
            command.append("--verbose")
        result = subprocess.run(  # noqa: S603 — this interpreter, this project's manage.py
            command, env=env, cwd=settings.BASE_DIR, capture_output=True, text=True, check=False, timeout=1800
        )
        for line in result.stdout.splitlines():
            name, ok, detail = _parse_check(line)
            if name:
                report.check(name, ok, detail)
            elif line.strip():
                report.details.append(line)
        if result.returncode not in (0, 1) or not result.stdout.strip():
            report.check(str(_("vérifications")), False, result.stderr.strip()[-1500:])
    report.details.append(f"Durée : {time.monotonic() - started:.1f} s")
    return report


def _parse_check(line):
    for mark, ok in (("[OK] ", True), ("[ÉCHEC] ", False)):
        if line.startswith(mark):
            name, _sep, detail = line[len(mark) :].partition(" — ")
            return name, ok, detail
    return None, None, None


def check_restored(path, verbose=False):
    """The checks of a restore drill, on the default database (the child process of restore_drill)."""
    _engine, _file, manifest, _anchor = read_backup(path)
    report = DrillReport()
    _check_migrations(report, connection, manifest)
    _check_foreign_keys(report, connection)
    _check_counts(report, connection, manifest, verbose)
    _check_cash_journal(report)
    return report


def _check_migrations(report, drill, manifest):
    loader = MigrationLoader(drill, ignore_no_migrations=True)
    executor = MigrationExecutor(drill)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    applied = loader.applied_migrations
    unknown = sorted(f"{app}.{name}" for app, name in applied if (app, name) not in loader.disk_migrations)
    detail = f"{len(loader.applied_migrations)} appliquées"
    if plan:
        detail += "; non appliquées : " + ", ".join(f"{m.app_label}.{m.name}" for m, _ in plan[:10])
    if unknown:
        detail += "; inconnues du code (sauvegarde d'une version plus récente ?) : " + ", ".join(unknown[:10])
    if manifest and sorted(manifest.get("migrations", [])) != sorted(f"{a}.{n}" for a, n in loader.applied_migrations):
        report.check(str(_("migrations")), False, detail + "; différentes de celles du manifeste")
        return
    report.check(str(_("migrations")), not plan and not unknown, detail)


def _check_foreign_keys(report, drill):
    """Every non-null foreign key points at an existing row (engine-independent), plus the engine's own check."""
    broken = []
    checked = 0
    for model in apps.get_models(include_auto_created=True):
        if model._meta.proxy or not model._meta.managed:
            continue
        for field_ in model._meta.concrete_fields:
            if not field_.is_relation or not (field_.many_to_one or field_.one_to_one):
                continue
            target = field_.target_field
            checked += 1
            orphans = (
                model._base_manager.filter(**{f"{field_.attname}__isnull": False})
                .exclude(**{f"{field_.attname}__in": target.model._base_manager.values(target.attname)})
                .count()
            )
            if orphans:
                broken.append(f"{model._meta.db_table}.{field_.column} ({orphans})")
    with drill.cursor() as cursor:
        if drill.vendor == "sqlite":
            cursor.execute("PRAGMA foreign_key_check")
            native = [f"{row[0]} → {row[2]}" for row in cursor.fetchall()]
        else:
            cursor.execute("SELECT conrelid::regclass::text, conname FROM pg_constraint WHERE NOT convalidated")
            native = [f"{table} {name} (non validée)" for table, name in cursor.fetchall()]
    problems = broken + native
    detail = f"{checked} clés vérifiées" + (" ; orphelins : " + ", ".join(problems[:10]) if problems else "")
    report.check(str(_("clés étrangères")), not problems, detail)


def _check_counts(report, drill, manifest, verbose):
    tables = model_tables()
    with drill.cursor() as cursor:
        existing = set(drill.introspection.table_names(cursor))
        missing = [t for t in tables if t not in existing]
        counts = count_rows(cursor, [t for t in tables if t in existing], drill.ops.quote_name)
    total = sum(counts.values())
    if manifest is None:
        detail = f"{len(counts)} tables, {total} lignes (pas de manifeste à comparer)"
        report.check(str(_("tables")), not missing, detail)
    else:
        expected = manifest["counts"]
        differ = [f"{t} : {counts.get(t)} au lieu de {n}" for t, n in sorted(expected.items()) if counts.get(t) != n]
        detail = f"{len(counts)} tables, {total} lignes" + (" ; écarts : " + "; ".join(differ[:10]) if differ else "")
        report.check(str(_("nombre de lignes")), not differ and not missing, detail)
    if missing:
        report.details.append("Tables absentes : " + ", ".join(missing))
    if verbose:
        report.details.extend(f"  {table} : {count}" for table, count in sorted(counts.items()))


def _check_cash_journal(report):
    """The till's verifier (verify_cash_journal), with the backup's anchor copy; nothing recorded in the JET."""
    from tremplin.till.services.verify import verify_journal

    journal = verify_journal(record=False)
    lines = list(journal.lines())
    report.check(str(_("journal de caisse (verify_cash_journal)")), journal.ok, lines[0] if lines else "")
    report.details.extend("  " + line for line in lines[1:])
