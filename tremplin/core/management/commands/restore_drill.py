"""Restore a backup into a scratch database and check it (core/restore.py); exit code 1 on any failure.

manage.py restore_drill var/backups/tremplin-20261130-121500
manage.py restore_drill tremplin.dump --verbose     # a bare pg_dump file (no row counts to compare)
"""

import argparse

from django.core.management.base import BaseCommand, CommandError

from tremplin.core.backup import BackupError
from tremplin.core.restore import check_restored, restore_drill


class Command(BaseCommand):
    help = (
        "Restaure une sauvegarde dans une base temporaire, vérifie migrations, clés étrangères, nombre de lignes "
        "et journal de caisse, affiche un rapport ; code de sortie 1 en cas d'échec."
    )

    def add_arguments(self, parser):
        parser.add_argument("backup", help="dossier de sauvegarde (manage.py backup) ou fichier pg_dump / SQLite")
        parser.add_argument("--verbose", action="store_true", help="nombre de lignes de chaque table")
        # Internal: the checks, run by restore_drill itself in a child process on the scratch database.
        parser.add_argument("--restored", action="store_true", help=argparse.SUPPRESS)

    def handle(self, *args, backup, verbose, restored, **options):
        try:
            report = check_restored(backup, verbose) if restored else restore_drill(backup, verbose=verbose)
        except BackupError as error:
            raise CommandError(str(error)) from error
        for line in report.lines(final=not restored):
            self.stdout.write(line)
        if not report.ok:
            raise SystemExit(1)
